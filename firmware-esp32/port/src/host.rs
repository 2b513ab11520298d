//! `vm::Host` over a [`Board`]: console output, the clock, Ctrl-C and the files in flash.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::sync::atomic::AtomicBool;

use embedded_storage::nor_flash::NorFlash;
use vm::host::{errno, FileStat, HwError, OsError, PinCaps, PinMode, Pull, SpiConfig, UartConfig};

use crate::board::Board;
use crate::console::Console;
use crate::files::Files;

pub struct BoardHost<B: Board, F: NorFlash> {
    console: Rc<RefCell<Console<B>>>,
    /// None when the board has no usable file system (the console said why at boot).
    files: Option<Files<F>>,
    /// The allocator's bytes in use (`Settings::allocator_in_use`).
    allocator_in_use: fn() -> usize,
    /// The allocator's emergency-reserve flag (`Settings::reserve_flag`).
    reserve_flag: Option<&'static AtomicBool>,
}

impl<B: Board, F: NorFlash> BoardHost<B, F> {
    pub fn new(
        console: Rc<RefCell<Console<B>>>,
        files: Option<Files<F>>,
        allocator_in_use: fn() -> usize,
        reserve_flag: Option<&'static AtomicBool>,
    ) -> Self {
        BoardHost { console, files, allocator_in_use, reserve_flag }
    }

    fn board(&self) -> core::cell::RefMut<'_, B> {
        core::cell::RefMut::map(self.console.borrow_mut(), |c| &mut c.board)
    }

    fn files(&mut self) -> Result<&mut Files<F>, OsError> {
        self.files.as_mut().ok_or(OsError(errno::ENODEV))
    }
}

impl<B: Board + 'static, F: NorFlash + 'static> vm::Host for BoardHost<B, F> {
    fn write(&mut self, bytes: &[u8]) {
        self.console.borrow_mut().write_cooked(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        self.console.borrow_mut().board.ticks_us()
    }
    fn sleep_us(&mut self, us: u64) {
        let mut c = self.console.borrow_mut();
        let end = c.board.ticks_us().saturating_add(us);
        while c.board.ticks_us() < end && !c.interrupt_pending() {
            c.board.idle(Some(end));
        }
    }
    fn interrupted(&mut self) -> bool {
        self.console.borrow_mut().take_interrupt()
    }
    fn soft_reset(&mut self) {
        self.board().soft_reset();
    }
    fn allocator_in_use(&self) -> Option<fn() -> usize> {
        Some(self.allocator_in_use)
    }
    fn reserve_flag(&self) -> Option<&'static AtomicBool> {
        self.reserve_flag
    }

    fn pin_caps(&mut self, pin: u32) -> Option<PinCaps> {
        self.board().pin_caps(pin)
    }
    fn pin_config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        self.board().pin_config(pin, mode, pull)
    }
    fn pin_write(&mut self, pin: u32, level: bool) {
        self.board().pin_write(pin, level)
    }
    fn pin_read(&mut self, pin: u32) -> bool {
        self.board().pin_read(pin)
    }
    fn pin_irq(&mut self, pin: u32, trigger: u8) {
        self.board().pin_irq(pin, trigger)
    }
    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        self.board().pin_edge()
    }
    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), HwError> {
        self.board().pwm_set(pin, freq_hz, duty_u16)
    }
    fn adc_read_u16(&mut self, pin: u32, atten: u8) -> u16 {
        self.board().adc_read_u16(pin, atten)
    }
    fn adc_read_uv(&mut self, pin: u32, atten: u8) -> u32 {
        self.board().adc_read_uv(pin, atten)
    }
    fn i2c_write(&mut self, scl: u32, sda: u32, addr: u8, data: &[u8]) -> Result<(), OsError> {
        self.board().i2c_write(scl, sda, addr, data)
    }
    fn i2c_read(&mut self, scl: u32, sda: u32, addr: u8, buf: &mut [u8]) -> Result<(), OsError> {
        self.board().i2c_read(scl, sda, addr, buf)
    }
    fn bitstream(&mut self, pin: u32, timing_ns: [u32; 4], data: &[u8]) {
        self.board().bitstream(pin, timing_ns, data)
    }
    fn spi_init(&mut self, id: u32, config: &SpiConfig) -> Result<(), HwError> {
        self.board().spi_init(id, config)
    }
    fn spi_transfer(&mut self, id: u32, buf: &mut [u8]) -> Result<(), HwError> {
        self.board().spi_transfer(id, buf)
    }
    fn spi_deinit(&mut self, id: u32) {
        self.board().spi_deinit(id)
    }
    fn uart_init(&mut self, id: u32, config: &UartConfig) -> Result<(), HwError> {
        self.board().uart_init(id, config)
    }
    fn uart_write(&mut self, id: u32, data: &[u8]) -> Result<usize, HwError> {
        self.board().uart_write(id, data)
    }
    fn uart_read(&mut self, id: u32, buf: &mut [u8]) -> Result<usize, HwError> {
        self.board().uart_read(id, buf)
    }
    fn uart_any(&mut self, id: u32) -> Result<usize, HwError> {
        self.board().uart_any(id)
    }
    fn uart_deinit(&mut self, id: u32) {
        self.board().uart_deinit(id)
    }
    fn cpu_freq(&mut self) -> u32 {
        self.board().cpu_freq()
    }
    /// esp-hal sets the CPU clock once, in `esp_hal::init`, and offers no change while running:
    /// a board accepts only the clock it runs at.
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
    fn machine_reset(&mut self) {
        self.board().reset()
    }
    fn unique_id(&mut self) -> Vec<u8> {
        self.board().unique_id()
    }

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, OsError> {
        self.files()?.read_file(path)
    }
    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        self.files()?.write_file(path, data, append)
    }
    fn stat(&mut self, path: &str) -> Result<FileStat, OsError> {
        self.files()?.stat(path)
    }
    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, OsError> {
        self.files()?.list_dir(path)
    }
    fn remove(&mut self, path: &str) -> Result<(), OsError> {
        self.files()?.remove(path)
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<(), OsError> {
        self.files()?.rename(from, to)
    }
    fn mkdir(&mut self, path: &str) -> Result<(), OsError> {
        self.files()?.mkdir(path)
    }
    fn rmdir(&mut self, path: &str) -> Result<(), OsError> {
        self.files()?.rmdir(path)
    }
    fn getcwd(&mut self) -> String {
        self.files.as_ref().map_or_else(|| String::from("/"), Files::getcwd)
    }
    fn chdir(&mut self, path: &str) -> Result<(), OsError> {
        self.files()?.chdir(path)
    }
}
