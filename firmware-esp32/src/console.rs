//! The console's two lines: UART0 (DevKits with a USB-UART bridge) and USB-Serial-JTAG (the
//! chip's own USB port). Output goes to both; input is taken from either.
//!
//! Nothing here may stall the VM. UART0 always drains at its baud rate, so a full FIFO is
//! waited out. USB-Serial-JTAG drains only while a host reads: esp-hal's `write` spins forever
//! without one, so bytes are written one at a time with `write_byte_nb`, a full FIFO is waited
//! on for at most `USB_PATIENCE_US`, and after that the line counts as unattended and output
//! is dropped until the FIFO accepts a byte again.

use esp_hal::gpio::interconnect::{PeripheralInput, PeripheralOutput};
use esp_hal::peripherals::UART0;
use esp_hal::time::{Duration, Instant};
use esp_hal::uart::{self, Uart};
use esp_hal::Blocking;

#[cfg(not(feature = "esp32"))]
use esp_hal::usb::usb_serial_jtag::UsbSerialJtag;

/// The USB-Serial-JTAG peripheral; the ESP32 has none.
#[cfg(not(feature = "esp32"))]
pub type Usb = esp_hal::peripherals::USB_DEVICE<'static>;
#[cfg(feature = "esp32")]
pub type Usb = ();

#[cfg(not(feature = "esp32"))]
const USB_PATIENCE_US: u64 = 20_000;

pub struct Serial {
    uart: Uart<'static, Blocking>,
    #[cfg(not(feature = "esp32"))]
    usb: UsbSerialJtag<'static, Blocking>,
    /// No host has drained the USB FIFO lately: drop output instead of waiting.
    #[cfg(not(feature = "esp32"))]
    usb_unattended: bool,
}

impl Serial {
    /// The console on UART0 (its `tx`/`rx` pins) and USB-Serial-JTAG.
    pub fn new(uart0: UART0<'static>, tx: impl PeripheralOutput<'static>, rx: impl PeripheralInput<'static>, usb: Usb) -> Self {
        let config = uart::Config::default().with_baudrate(115_200);
        let uart = match Uart::new(uart0, config) {
            Ok(u) => u.with_tx(tx).with_rx(rx),
            // The default configuration is valid on every chip; reaching this is a HAL bug.
            Err(e) => panic!("UART0 rejected its default configuration: {e:?}"),
        };
        #[cfg(feature = "esp32")]
        let () = usb;
        Serial {
            uart,
            #[cfg(not(feature = "esp32"))]
            usb: UsbSerialJtag::new(usb),
            #[cfg(not(feature = "esp32"))]
            usb_unattended: false,
        }
    }

    pub fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            match self.uart.write(rest) {
                Ok(n) => rest = &rest[n..],
                Err(_) => break,
            }
        }
        #[cfg(not(feature = "esp32"))]
        self.write_usb(bytes);
    }

    #[cfg(not(feature = "esp32"))]
    fn write_usb(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let deadline = Instant::now() + Duration::from_micros(USB_PATIENCE_US);
            loop {
                if self.usb.write_byte_nb(b).is_ok() {
                    self.usb_unattended = false;
                    break;
                }
                if self.usb_unattended || Instant::now() > deadline {
                    self.usb_unattended = true;
                    return;
                }
                // A full FIFO goes out when flushed.
                let _ = self.usb.flush_tx_nb();
            }
        }
    }

    /// Push out a partly filled USB packet (the UART sends by itself).
    pub fn flush(&mut self) {
        #[cfg(not(feature = "esp32"))]
        let _ = self.usb.flush_tx_nb();
    }

    pub fn read_byte(&mut self) -> Option<u8> {
        #[cfg(not(feature = "esp32"))]
        if let Ok(b) = self.usb.read_byte() {
            return Some(b);
        }
        let mut one = [0u8; 1];
        if self.uart.read_ready() {
            if let Ok(1) = self.uart.read(&mut one) {
                return Some(one[0]);
            }
        }
        None
    }
}
