//! `machine` on the chip's pins with esp-hal: GPIO (`Flex` drivers made on first use), pin
//! IRQs, I2C (I2C0 on whichever pins the program names), SPI and UART (`crate::buses`). Which numbers are pins,
//! and the PWM arithmetic, are in `ferrite_port::pins` (unit-tested there).
//!
//! Pin IRQs are level changes seen when the VM polls `pin_edge` (between bytecodes while
//! handlers are armed, every 10 ms while it sleeps): a pulse shorter than that is missed.

use alloc::collections::VecDeque;

use esp_hal::gpio::{AnyPin, DriveMode, Flex, InputConfig, OutputConfig, Pull as HalPull};
use esp_hal::i2c::master::{Config as I2cConfig, Error as I2cError, I2c};
use esp_hal::peripherals::{ADC1, I2C0, LEDC, RMT, SPI2, UART1};
use esp_hal::Blocking;
use ferrite_port::buses::{spi_pins, uart_pins};
use ferrite_port::pins::Chip;
use crate::buses::Buses;
use crate::pwm::Pwm;
use vm::host::{errno, HwError, OsError, PinCaps, PinMode, Pull, SpiConfig, UartConfig, IRQ_FALLING, IRQ_RISING};

#[cfg(feature = "esp32c3")]
const CHIP: Chip = Chip::Esp32c3;
#[cfg(feature = "esp32c6")]
const CHIP: Chip = Chip::Esp32c6;

/// More than any supported chip's GPIO numbers.
const GPIOS: usize = 32;
/// Edges kept for the VM at most; older ones are dropped.
const EDGE_LIMIT: usize = 64;

pub struct Machine {
    pins: [Option<Flex<'static>>; GPIOS],
    /// Per pin: the IRQ trigger bits and the level last seen.
    watched: [(u8, bool); GPIOS],
    edges: VecDeque<(u32, bool)>,
    /// I2C0 with its (scl, sda), made for the pins of the last transaction.
    i2c: Option<((u32, u32), I2c<'static, Blocking>)>,
    pwm: Pwm,
    /// SPI2 and UART1.
    buses: Buses,
}

impl Machine {
    pub fn new(i2c0: I2C0<'static>, ledc: LEDC<'static>, rmt: RMT<'static>, adc1: ADC1<'static>, spi2: SPI2<'static>, uart1: UART1<'static>) -> Self {
        // The peripherals are taken here so nothing else can; `i2c_bus`, `bitstream::send`,
        // `adc::read` and `Buses` make drivers from them.
        let _ = (i2c0, rmt, adc1, spi2, uart1);
        Machine {
            pins: core::array::from_fn(|_| None),
            watched: [(0, false); GPIOS],
            edges: VecDeque::new(),
            i2c: None,
            pwm: Pwm::new(ledc),
            buses: Buses::default(),
        }
    }

    pub fn caps(&self, pin: u32) -> Option<PinCaps> {
        CHIP.pin_caps(pin)
    }

    /// The driver of a valid pin, made on first use (a pin an I2C bus holds is released first).
    fn pin(&mut self, pin: u32) -> Option<&mut Flex<'static>> {
        self.caps(pin)?;
        if self.i2c.as_ref().is_some_and(|((scl, sda), _)| *scl == pin || *sda == pin) {
            self.i2c = None;
        }
        self.pwm.release(pin);
        self.buses.release_pin(pin);
        let slot = self.pins.get_mut(pin as usize)?;
        if slot.is_none() {
            // SAFETY: `caps` said the pin exists and is free for programs; this table is the
            // only owner of GPIO drivers (the I2C bus above has just been dropped if it had it).
            *slot = Some(Flex::new(unsafe { AnyPin::steal(pin as u8) }));
        }
        slot.as_mut()
    }

    pub fn config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        let pull = match pull {
            Pull::None => HalPull::None,
            Pull::Up => HalPull::Up,
            Pull::Down => HalPull::Down,
        };
        let p = self.pin(pin).ok_or(OsError(errno::EINVAL))?;
        p.apply_input_config(&InputConfig::default().with_pull(pull));
        p.set_input_enable(true);
        match mode {
            PinMode::In => p.set_output_enable(false),
            PinMode::Out | PinMode::OpenDrain => {
                let drive = if mode == PinMode::Out { DriveMode::PushPull } else { DriveMode::OpenDrain };
                p.apply_output_config(&OutputConfig::default().with_drive_mode(drive).with_pull(pull));
                p.set_output_enable(true);
            }
        }
        Ok(())
    }

    pub fn write(&mut self, pin: u32, level: bool) {
        if let Some(p) = self.pin(pin) {
            p.set_level(level.into());
        }
    }

    pub fn read(&mut self, pin: u32) -> bool {
        self.pin(pin).is_some_and(|p| p.is_high())
    }

    pub fn irq(&mut self, pin: u32, trigger: u8) {
        let level = self.read(pin);
        if let Some(w) = self.watched.get_mut(pin as usize) {
            *w = (trigger, level);
        }
    }

    /// Look at every watched pin, queue its edges, and hand out the oldest.
    pub fn edge(&mut self) -> Option<(u32, bool)> {
        for pin in 0..GPIOS as u32 {
            let (trigger, last) = self.watched[pin as usize];
            if trigger == 0 {
                continue;
            }
            let level = self.read(pin);
            if level != last {
                self.watched[pin as usize].1 = level;
                let wanted = if level { IRQ_RISING } else { IRQ_FALLING };
                if trigger & wanted != 0 {
                    if self.edges.len() == EDGE_LIMIT {
                        self.edges.pop_front();
                    }
                    self.edges.push_back((pin, level));
                }
            }
        }
        self.edges.pop_front()
    }

    /// I2C0 on `scl`/`sda`, remade when the program names other pins.
    fn i2c_bus(&mut self, scl: u32, sda: u32) -> Result<&mut I2c<'static, Blocking>, OsError> {
        if self.caps(scl).is_none() || self.caps(sda).is_none() || scl == sda {
            return Err(OsError(errno::EINVAL));
        }
        if self.i2c.as_ref().is_none_or(|(at, _)| *at != (scl, sda)) {
            self.i2c = None;
            for p in [scl, sda] {
                self.pins[p as usize] = None;
                self.watched[p as usize] = (0, false);
                self.buses.release_pin(p);
                self.pwm.release(p);
            }
            // SAFETY: the bus that used I2C0 was dropped just above, and `Machine::new` took
            // the peripheral, so this is its only user; the two pins' drivers were dropped too.
            let (i2c0, scl_pin, sda_pin) = unsafe { (I2C0::steal(), AnyPin::steal(scl as u8), AnyPin::steal(sda as u8)) };
            let bus = I2c::new(i2c0, I2cConfig::default()).map_err(|_| OsError(errno::EIO))?;
            self.i2c = Some(((scl, sda), bus.with_scl(scl_pin).with_sda(sda_pin)));
        }
        match &mut self.i2c {
            Some((_, bus)) => Ok(bus),
            None => Err(OsError(errno::EIO)),
        }
    }

    pub fn i2c_write(&mut self, scl: u32, sda: u32, addr: u8, data: &[u8]) -> Result<(), OsError> {
        self.i2c_bus(scl, sda)?.write(addr, data).map_err(i2c_error)
    }

    pub fn i2c_read(&mut self, scl: u32, sda: u32, addr: u8, buf: &mut [u8]) -> Result<(), OsError> {
        self.i2c_bus(scl, sda)?.read(addr, buf).map_err(i2c_error)
    }

    /// Take `pin` from its GPIO driver, IRQ watch, I2C and SPI/UART bus, for another peripheral.
    fn take(&mut self, pin: u32) {
        if self.i2c.as_ref().is_some_and(|((scl, sda), _)| *scl == pin || *sda == pin) {
            self.i2c = None;
        }
        self.pins[pin as usize] = None;
        self.watched[pin as usize] = (0, false);
        self.buses.release_pin(pin);
    }

    /// `SPI(1)` on SPI2 (re)made with `config`; the pins are checked before any is taken.
    pub fn spi_init(&mut self, id: u32, config: &SpiConfig) -> Result<(), HwError> {
        let pins = spi_pins(CHIP, id, config)?;
        self.buses.spi_deinit();
        for p in [pins.sck, pins.mosi, pins.miso] {
            self.take(p);
            self.pwm.release(p);
        }
        self.buses.spi_init(pins, config)
    }

    pub fn spi_transfer(&mut self, buf: &mut [u8]) -> Result<(), HwError> {
        self.buses.spi_transfer(buf)
    }

    pub fn spi_deinit(&mut self) {
        self.buses.spi_deinit()
    }

    /// `UART(1)` on UART1 (re)made with `config`; UART(0) is the console.
    pub fn uart_init(&mut self, id: u32, config: &UartConfig) -> Result<(), HwError> {
        let pins = uart_pins(CHIP, id, config)?;
        self.buses.uart_deinit();
        for p in [pins.tx, pins.rx] {
            self.take(p);
            self.pwm.release(p);
        }
        self.buses.uart_init(pins, config)
    }

    pub fn uart_write(&mut self, data: &[u8]) -> Result<usize, HwError> {
        self.buses.uart_write(data)
    }

    pub fn uart_read(&mut self, buf: &mut [u8]) -> Result<usize, HwError> {
        self.buses.uart_read(buf)
    }

    pub fn uart_any(&mut self) -> Result<usize, HwError> {
        self.buses.uart_any()
    }

    pub fn uart_deinit(&mut self) {
        self.buses.uart_deinit()
    }

    /// `machine.bitstream` on a valid pin (NeoPixels), through the RMT.
    pub fn bitstream(&mut self, pin: u32, timing_ns: [u32; 4], data: &[u8]) {
        if self.caps(pin).is_none() {
            return;
        }
        self.take(pin);
        self.pwm.release(pin);
        crate::bitstream::send(pin, timing_ns, data);
    }

    /// One ADC1 conversion (raw, scaled to 16 bits; or calibrated mV); None on a pin without ADC.
    pub fn adc_read(&mut self, pin: u32, atten: u8, calibrated: bool) -> Option<u16> {
        if !self.caps(pin)?.adc {
            return None;
        }
        self.take(pin);
        self.pwm.release(pin);
        crate::adc::read(pin, atten, calibrated)
    }

    /// `PWM(pin)` settings; frequency 0 is `deinit`. A setting the LEDC cannot make (out of
    /// channels or timers, a frequency it cannot divide to) is refused before the pin changes.
    pub fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), HwError> {
        if freq_hz == 0 {
            self.pwm.release(pin);
            return Ok(());
        }
        if self.caps(pin).is_none() {
            return Err(HwError::Value("invalid pin".into()));
        }
        self.pwm.check(pin, freq_hz)?;
        self.take(pin);
        Ok(self.pwm.set(pin, freq_hz, duty_u16)?)
    }

    /// Release every pin and bus (a soft reset).
    pub fn release(&mut self) {
        self.pwm.release_all();
        self.buses.release();
        self.i2c = None;
        self.pins = core::array::from_fn(|_| None);
        self.watched = [(0, false); GPIOS];
        self.edges.clear();
    }
}

/// No acknowledge is "no device" (MicroPython: `OSError: [Errno 19] ENODEV`); the rest is EIO.
fn i2c_error(e: I2cError) -> OsError {
    match e {
        I2cError::AcknowledgeCheckFailed(_) => OsError(errno::ENODEV),
        I2cError::Timeout => OsError(errno::ETIMEDOUT),
        _ => OsError(errno::EIO),
    }
}
