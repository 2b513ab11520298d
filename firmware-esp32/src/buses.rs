//! `machine.SPI(1)` on SPI2 and `machine.UART(1)` on UART1, blocking esp-hal drivers on the
//! pins the program names (any GPIO, through the matrix). Which ids and pins are valid, and
//! the receive ring, are `ferrite_port::buses` (unit-tested there).
//!
//! A driver is remade on every `init` (esp-hal binds pins when it is made) and dropped on
//! `deinit`, which frees its pins. UART reads never wait: whatever the FIFO holds is moved
//! into the ring, so `any()` can count it and `read()`'s timeout runs on the VM's clock.

use esp_hal::gpio::AnyPin;
use esp_hal::peripherals::{SPI2, UART1};
use esp_hal::spi::master::{Config as SpiHalConfig, Spi};
use esp_hal::spi::Mode;
use esp_hal::time::Rate;
use esp_hal::uart::{Config as UartHalConfig, DataBits, Parity, StopBits, Uart};
use esp_hal::Blocking;
use ferrite_port::buses::{spi_mode, Ring, SpiPins, UartPins};
use vm::host::{errno, HwError, SpiConfig, UartConfig};

/// MicroPython's esp32 UART receive buffer (its IDF minimum).
const RX_RING: usize = 256;

const SPI_DEINIT: HwError = HwError::Missing("transfer on deinitialized SPI");
const UART_DEINIT: HwError = HwError::Missing("UART not initialized");

#[derive(Default)]
pub struct Buses {
    spi: Option<(SpiPins, Spi<'static, Blocking>)>,
    uart: Option<(UartPins, Uart<'static, Blocking>, Ring<RX_RING>)>,
}

impl Buses {
    /// SPI2 on `pins` (the caller has taken them from their other drivers).
    pub fn spi_init(&mut self, pins: SpiPins, config: &SpiConfig) -> Result<(), HwError> {
        self.spi = None;
        let mode = match spi_mode(config) {
            0 => Mode::_0,
            1 => Mode::_1,
            2 => Mode::_2,
            _ => Mode::_3,
        };
        let hal = SpiHalConfig::default().with_frequency(Rate::from_hz(config.baudrate)).with_mode(mode);
        // SAFETY: `Machine::new` took SPI2 and the bus that used it was dropped above; the
        // caller dropped the pins' GPIO drivers, so each has one user.
        let (spi2, sck, mosi, miso) = unsafe { (SPI2::steal(), AnyPin::steal(pins.sck as u8), AnyPin::steal(pins.mosi as u8), AnyPin::steal(pins.miso as u8)) };
        let spi = Spi::new(spi2, hal).map_err(|_| HwError::Value("invalid baudrate".into()))?;
        self.spi = Some((pins, spi.with_sck(sck).with_mosi(mosi).with_miso(miso)));
        Ok(())
    }

    pub fn spi_transfer(&mut self, buf: &mut [u8]) -> Result<(), HwError> {
        let (_, spi) = self.spi.as_mut().ok_or(SPI_DEINIT)?;
        spi.transfer(buf).map_err(|_| HwError::Os(errno::EIO))
    }

    pub fn spi_deinit(&mut self) {
        self.spi = None;
    }

    /// UART1 with the program's frame on `pins` (the caller has taken them from their other
    /// drivers; the VM has checked bits 5–8 and stop 1–2).
    pub fn uart_init(&mut self, pins: UartPins, config: &UartConfig) -> Result<(), HwError> {
        if let Some((_, uart, _)) = &mut self.uart {
            let _ = uart.flush();
        }
        self.uart = None;
        let bits = match config.bits {
            5 => DataBits::_5,
            6 => DataBits::_6,
            7 => DataBits::_7,
            _ => DataBits::_8,
        };
        let parity = match config.parity {
            None => Parity::None,
            Some(0) => Parity::Even,
            Some(_) => Parity::Odd,
        };
        let stop = if config.stop == 2 { StopBits::_2 } else { StopBits::_1 };
        let hal = UartHalConfig::default()
            .with_baudrate(config.baudrate)
            .with_data_bits(bits)
            .with_parity(parity)
            .with_stop_bits(stop);
        // SAFETY: as for SPI2 above: `Machine::new` took UART1, its old driver is gone, and
        // the pins have no other driver.
        let (uart1, tx, rx) = unsafe { (UART1::steal(), AnyPin::steal(pins.tx as u8), AnyPin::steal(pins.rx as u8)) };
        let uart = Uart::new(uart1, hal).map_err(|_| HwError::Value("invalid baudrate".into()))?;
        self.uart = Some((pins, uart.with_tx(tx).with_rx(rx), Ring::default()));
        Ok(())
    }

    /// Send all of `data` (the FIFO drains at the baud rate, so this always ends).
    pub fn uart_write(&mut self, data: &[u8]) -> Result<usize, HwError> {
        let (_, uart, _) = self.uart.as_mut().ok_or(UART_DEINIT)?;
        let mut rest = data;
        while !rest.is_empty() {
            let n = uart.write(rest).map_err(|_| HwError::Os(errno::EIO))?;
            rest = rest.get(n..).unwrap_or(&[]);
        }
        Ok(data.len())
    }

    /// Move what the FIFO holds into the ring (as much as fits); a framing or parity error
    /// loses those bytes, as a UART line does.
    fn receive(&mut self) -> Result<&mut Ring<RX_RING>, HwError> {
        let (_, uart, ring) = self.uart.as_mut().ok_or(UART_DEINIT)?;
        let mut chunk = [0u8; 64];
        while ring.space() > 0 && uart.read_ready() {
            let room = chunk.len().min(ring.space());
            match uart.read_buffered(&mut chunk[..room]) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    ring.push(&chunk[..n]);
                }
            }
        }
        Ok(ring)
    }

    pub fn uart_read(&mut self, buf: &mut [u8]) -> Result<usize, HwError> {
        Ok(self.receive()?.pop(buf))
    }

    pub fn uart_any(&mut self) -> Result<usize, HwError> {
        Ok(self.receive()?.len())
    }

    pub fn uart_deinit(&mut self) {
        self.uart = None;
    }

    /// Drop both drivers (a soft reset).
    pub fn release(&mut self) {
        self.spi = None;
        self.uart = None;
    }

    /// Drop the bus that holds `pin`, if one does, so the pin can be used for something else.
    pub fn release_pin(&mut self, pin: u32) {
        if self.spi.as_ref().is_some_and(|(p, _)| [p.sck, p.mosi, p.miso].contains(&pin)) {
            self.spi = None;
        }
        if self.uart.as_ref().is_some_and(|(p, _, _)| [p.tx, p.rx].contains(&pin)) {
            self.uart = None;
        }
    }
}
