//! The board as the port sees it: a serial line, a clock, a way to idle, and its pins and
//! buses. The peripheral calls default to "no device", as on the qemu harness.

use vm::host::{errno, HwError, OsError, PinCaps, PinMode, Pull, SpiConfig, UartConfig, NO_SPI, NO_UART};

pub trait Board {
    /// Send bytes without stalling: a line with nobody listening may drop them, never block.
    fn write(&mut self, bytes: &[u8]);
    /// The next received byte, if one is waiting.
    fn read_byte(&mut self) -> Option<u8>;
    /// Microseconds since boot.
    fn ticks_us(&mut self) -> u64;
    /// Idle until input may have arrived or `until_us` passes (a spin or `wfi`); returning
    /// early is always allowed.
    fn idle(&mut self, until_us: Option<u64>);
    /// Restart the board (`machine.reset()`, or a fatal error).
    fn reset(&mut self) -> !;

    // The `machine` module's calls, as in `vm::Host`.
    fn pin_caps(&mut self, pin: u32) -> Option<PinCaps> {
        vm::host::esp32_pin_caps(pin)
    }
    fn pin_config(&mut self, _pin: u32, _mode: PinMode, _pull: Pull) -> Result<(), OsError> {
        Ok(())
    }
    fn pin_write(&mut self, _pin: u32, _level: bool) {}
    fn pin_read(&mut self, _pin: u32) -> bool {
        false
    }
    fn pin_irq(&mut self, _pin: u32, _trigger: u8) {}
    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        None
    }
    fn pwm_set(&mut self, _pin: u32, _freq_hz: u32, _duty_u16: u16) -> Result<(), HwError> {
        Ok(())
    }
    fn adc_read_u16(&mut self, _pin: u32, _atten: u8) -> u16 {
        0
    }
    /// Microvolts, where the board's ADC is calibrated; None: scale `adc_read_u16` nominally.
    fn adc_read_uv(&mut self, _pin: u32, _atten: u8) -> Option<u32> {
        None
    }
    fn i2c_write(&mut self, _scl: u32, _sda: u32, _addr: u8, _data: &[u8]) -> Result<(), OsError> {
        Err(OsError(errno::ENODEV))
    }
    fn i2c_read(&mut self, _scl: u32, _sda: u32, _addr: u8, _buf: &mut [u8]) -> Result<(), OsError> {
        Err(OsError(errno::ENODEV))
    }
    fn bitstream(&mut self, _pin: u32, _timing_ns: [u32; 4], _data: &[u8]) {}
    fn spi_init(&mut self, _id: u32, _config: &SpiConfig) -> Result<(), HwError> {
        Err(NO_SPI)
    }
    fn spi_transfer(&mut self, _id: u32, _buf: &mut [u8]) -> Result<(), HwError> {
        Err(NO_SPI)
    }
    fn spi_deinit(&mut self, _id: u32) {}
    fn uart_init(&mut self, _id: u32, _config: &UartConfig) -> Result<(), HwError> {
        Err(NO_UART)
    }
    fn uart_write(&mut self, _id: u32, _data: &[u8]) -> Result<usize, HwError> {
        Err(NO_UART)
    }
    fn uart_read(&mut self, _id: u32, _buf: &mut [u8]) -> Result<usize, HwError> {
        Err(NO_UART)
    }
    fn uart_any(&mut self, _id: u32) -> Result<usize, HwError> {
        Err(NO_UART)
    }
    fn uart_deinit(&mut self, _id: u32) {}
    /// `machine.freq()`: the CPU clock in Hz.
    fn cpu_freq(&mut self) -> u32 {
        160_000_000
    }
    /// `machine.freq(hz)`: a board whose clock is fixed accepts only the clock it runs at.
    fn set_cpu_freq(&mut self, hz: i64) -> Result<(), HwError> {
        let now = self.cpu_freq();
        if hz == now as i64 {
            Ok(())
        } else {
            Err(HwError::Value(alloc::format!(
                "frequency can only be {}MHz: the CPU clock is set at boot (esp-hal cannot change it while running)",
                now / 1_000_000
            )))
        }
    }
    /// `machine.unique_id()`: the MAC address.
    fn unique_id(&mut self) -> alloc::vec::Vec<u8> {
        alloc::vec![0x24, 0x0a, 0xc4, 0x00, 0x00, 0x01]
    }
    /// A soft reset: release pins and buses.
    fn soft_reset(&mut self) {}
}
