//! `machine.SPI` and `machine.UART` on the C3/C6 as MicroPython's esp32 port numbers them,
//! checked before any driver is touched: which ids exist, the default pins, and the receive
//! ring that lets `UART.any()`/`read()` poll without waiting. The esp-hal drivers only apply
//! what these answer.

use alloc::collections::VecDeque;
use alloc::format;

use vm::host::{HwError, SpiConfig, UartConfig};

use crate::pins::Chip;

/// SPI(1) is SPI2, the C3/C6's only general-purpose SPI; MicroPython's defaults are its
/// IO_MUX pins (fastest, though any GPIO works through the matrix).
const SPI_DEFAULT: SpiPins = SpiPins { sck: 6, mosi: 7, miso: 2 };
/// UART(1)'s pins when the program names none: MicroPython's esp32 defaults.
const UART_DEFAULT: UartPins = UartPins { tx: 10, rx: 9 };

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpiPins {
    pub sck: u32,
    pub mosi: u32,
    pub miso: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UartPins {
    pub tx: u32,
    pub rx: u32,
}

/// The SPI mode (0–3) for MicroPython's polarity and phase.
pub fn spi_mode(config: &SpiConfig) -> u8 {
    (config.polarity & 1) << 1 | (config.phase & 1)
}

/// The pins of hardware SPI `id`: only SPI(1) exists here (MicroPython: SPI(2) is an error
/// on the C3/C6); a pin not given takes its default.
pub fn spi_pins(chip: Chip, id: u32, config: &SpiConfig) -> Result<SpiPins, HwError> {
    if id != 1 {
        return Err(HwError::Value(format!("SPI({id}) doesn't exist")));
    }
    let pins = SpiPins {
        sck: config.sck.unwrap_or(SPI_DEFAULT.sck),
        mosi: config.mosi.unwrap_or(SPI_DEFAULT.mosi),
        miso: config.miso.unwrap_or(SPI_DEFAULT.miso),
    };
    distinct_valid(chip, &[pins.sck, pins.mosi, pins.miso])?;
    Ok(pins)
}

/// The pins of UART `id`: UART(1) only. UART(0) is the REPL's console, which MicroPython's
/// esp32 port refused with this message (its newer releases share the console instead).
pub fn uart_pins(chip: Chip, id: u32, config: &UartConfig) -> Result<UartPins, HwError> {
    match id {
        0 => return Err(HwError::Value("UART(0) is disabled (dedicated to REPL)".into())),
        1 => {}
        _ => return Err(HwError::Value(format!("UART({id}) does not exist"))),
    }
    let pins = UartPins { tx: config.tx.unwrap_or(UART_DEFAULT.tx), rx: config.rx.unwrap_or(UART_DEFAULT.rx) };
    distinct_valid(chip, &[pins.tx, pins.rx])?;
    Ok(pins)
}

fn distinct_valid(chip: Chip, pins: &[u32]) -> Result<(), HwError> {
    for (i, &p) in pins.iter().enumerate() {
        if chip.pin_caps(p).is_none() {
            return Err(HwError::Value(format!("invalid pin {p}")));
        }
        if pins[..i].contains(&p) {
            return Err(HwError::Value(format!("pin {p} is used twice")));
        }
    }
    Ok(())
}

/// Bytes received on a UART and not yet read by the program, at most `N` (alloc's
/// `VecDeque`, bounded). The hardware FIFO is drained into it whenever the program looks;
/// when it is full, the rest waits in the FIFO.
#[derive(Debug, Clone, Default)]
pub struct Ring<const N: usize> {
    bytes: VecDeque<u8>,
}

impl<const N: usize> Ring<N> {
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Room left, for the driver to read at most this much.
    pub fn space(&self) -> usize {
        N - self.bytes.len()
    }

    /// Append what fits of `data`; how many bytes were taken.
    pub fn push(&mut self, data: &[u8]) -> usize {
        let n = data.len().min(self.space());
        self.bytes.extend(&data[..n]);
        n
    }

    /// Move the oldest bytes into `buf`; how many.
    pub fn pop(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.bytes.len());
        for (slot, b) in buf.iter_mut().zip(self.bytes.drain(..n)) {
            *slot = b;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spi(sck: Option<u32>, mosi: Option<u32>, miso: Option<u32>) -> SpiConfig {
        SpiConfig { baudrate: 1_000_000, polarity: 0, phase: 0, sck, mosi, miso }
    }

    #[test]
    fn spi_one_is_spi2_with_micropythons_default_pins() {
        assert_eq!(spi_pins(Chip::Esp32c3, 1, &spi(None, None, None)), Ok(SpiPins { sck: 6, mosi: 7, miso: 2 }));
        assert_eq!(spi_pins(Chip::Esp32c6, 1, &spi(Some(18), None, Some(19))), Ok(SpiPins { sck: 18, mosi: 7, miso: 19 }));
        assert_eq!(spi_pins(Chip::Esp32c3, 2, &spi(None, None, None)), Err(HwError::Value("SPI(2) doesn't exist".into())));
    }

    #[test]
    fn spi_pins_must_exist_and_differ() {
        // GPIO 12–17 drive the C3's flash.
        assert_eq!(spi_pins(Chip::Esp32c3, 1, &spi(Some(14), None, None)), Err(HwError::Value("invalid pin 14".into())));
        assert_eq!(spi_pins(Chip::Esp32c6, 1, &spi(Some(14), None, None)).map(|p| p.sck), Ok(14));
        assert_eq!(spi_pins(Chip::Esp32c3, 1, &spi(Some(7), None, None)), Err(HwError::Value("pin 7 is used twice".into())));
    }

    #[test]
    fn polarity_and_phase_make_the_mode() {
        let mut c = spi(None, None, None);
        assert_eq!(spi_mode(&c), 0);
        c.phase = 1;
        assert_eq!(spi_mode(&c), 1);
        c.polarity = 1;
        assert_eq!(spi_mode(&c), 3);
        c.phase = 0;
        assert_eq!(spi_mode(&c), 2);
    }

    #[test]
    fn uart_zero_is_the_repl_and_one_is_free() {
        let c = UartConfig { baudrate: 9600, bits: 8, parity: None, stop: 1, tx: None, rx: None };
        assert_eq!(uart_pins(Chip::Esp32c3, 1, &c), Ok(UartPins { tx: 10, rx: 9 }));
        assert_eq!(uart_pins(Chip::Esp32c3, 0, &c), Err(HwError::Value("UART(0) is disabled (dedicated to REPL)".into())));
        assert_eq!(uart_pins(Chip::Esp32c6, 2, &c), Err(HwError::Value("UART(2) does not exist".into())));
        let c = UartConfig { baudrate: 9600, bits: 8, parity: None, stop: 1, tx: Some(4), rx: Some(5) };
        assert_eq!(uart_pins(Chip::Esp32c6, 1, &c), Ok(UartPins { tx: 4, rx: 5 }));
        let c = UartConfig { baudrate: 9600, bits: 8, parity: None, stop: 1, tx: Some(22), rx: Some(5) };
        assert_eq!(uart_pins(Chip::Esp32c3, 1, &c), Err(HwError::Value("invalid pin 22".into())));
    }

    #[test]
    fn the_ring_keeps_order_and_refuses_what_does_not_fit() {
        let mut r = Ring::<4>::default();
        assert_eq!(r.push(b"abc"), 3);
        let mut buf = [0u8; 2];
        assert_eq!(r.pop(&mut buf), 2);
        assert_eq!(&buf, b"ab");
        assert_eq!(r.push(b"defgh"), 3);
        assert_eq!((r.len(), r.space()), (4, 0));
        let mut buf = [0u8; 8];
        assert_eq!(r.pop(&mut buf), 4);
        assert_eq!(&buf[..4], b"cdef");
        assert!(r.is_empty());
        assert_eq!(r.pop(&mut buf), 0);
    }
}
