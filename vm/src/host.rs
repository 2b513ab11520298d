//! The host: the VM's only door to the world. Each port (the `ferrite` command, the browser,
//! the ESP32 firmware) implements it; the VM never does I/O of its own.

use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::AtomicBool;

/// An OS-level error, reported to Python as `OSError(errno)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OsError(pub i32);

pub mod errno {
    pub const EPERM: i32 = 1;
    pub const ENOENT: i32 = 2;
    pub const EIO: i32 = 5;
    pub const EBADF: i32 = 9;
    pub const EAGAIN: i32 = 11;
    pub const ENOMEM: i32 = 12;
    pub const EACCES: i32 = 13;
    pub const EEXIST: i32 = 17;
    pub const ENODEV: i32 = 19;
    pub const EISDIR: i32 = 21;
    pub const EINVAL: i32 = 22;
    pub const ENOSPC: i32 = 28;
    pub const ENOTEMPTY: i32 = 39;
    pub const ENOTDIR: i32 = 20;
    pub const ETIMEDOUT: i32 = 110;
    pub const EOPNOTSUPP: i32 = 95;
}

/// Why a peripheral call failed: the exception MicroPython's esp32 port raises there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HwError {
    /// `ValueError(message)`: a setting the hardware cannot make.
    Value(String),
    /// `RuntimeError(message)`: the hardware ran out (of channels, timers, ...).
    Runtime(String),
    /// `OSError(errno)`: the device did not answer.
    Os(i32),
    /// `OSError(message)`: the board has no such peripheral.
    Missing(&'static str),
}

impl From<OsError> for HwError {
    fn from(e: OsError) -> Self {
        HwError::Os(e.0)
    }
}

/// What `os.stat` needs of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    pub is_dir: bool,
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: u64,
}

/// A pin's configuration as `machine.Pin` sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinMode {
    In,
    Out,
    OpenDrain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pull {
    None,
    Up,
    Down,
}

/// What a GPIO can do on a board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinCaps {
    /// It can drive a level (not input-only).
    pub output: bool,
    /// `machine.ADC` can read it.
    pub adc: bool,
}

/// The ESP32's GPIOs (the DevKit the playground draws): 6–11 drive the flash chip and are not
/// offered, 34–39 are inputs only.
pub fn esp32_pin_caps(pin: u32) -> Option<PinCaps> {
    let exists = matches!(pin, 0..=5 | 12..=19 | 21..=23 | 25..=27 | 32..=39);
    let adc = matches!(pin, 0 | 2 | 4 | 12..=15 | 25..=27 | 32..=39);
    exists.then_some(PinCaps { output: pin < 34, adc })
}

/// An ADC reading in microvolts from the ESP32's nominal full-scale input per attenuation
/// (no calibration).
pub fn nominal_uv(reading_u16: u16, atten: u8) -> u32 {
    let full_scale_mv: u64 = [950, 1250, 1750, 3100][atten.min(3) as usize];
    (reading_u16 as u64 * full_scale_mv * 1000 / 65535) as u32
}

/// `machine.SPI(id, ...)`'s settings; pins the program did not name are None (the board's
/// defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpiConfig {
    pub baudrate: u32,
    pub polarity: u8,
    pub phase: u8,
    pub sck: Option<u32>,
    pub mosi: Option<u32>,
    pub miso: Option<u32>,
}

/// `machine.UART(id, ...)`'s settings; pins as in [`SpiConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UartConfig {
    pub baudrate: u32,
    /// Data bits, 5 to 8.
    pub bits: u8,
    /// None, or MicroPython's parity number: even for 0, odd for 1.
    pub parity: Option<u8>,
    /// Stop bits, 1 or 2.
    pub stop: u8,
    pub tx: Option<u32>,
    pub rx: Option<u32>,
}

/// What a board without the peripheral answers (shared by every port's defaults).
pub const NO_SPI: HwError = HwError::Missing("this board has no hardware SPI: use machine.SoftSPI");
pub const NO_UART: HwError = HwError::Missing("this board has no UART besides the REPL console");

/// Pin IRQ trigger bits (the values of `Pin.IRQ_RISING` / `Pin.IRQ_FALLING` on the ESP32).
pub const IRQ_RISING: u8 = 1;
pub const IRQ_FALLING: u8 = 2;

pub trait Host {
    /// Standard output.
    fn write(&mut self, bytes: &[u8]);
    /// Standard error; ports without one send it to standard output.
    fn write_err(&mut self, bytes: &[u8]) {
        self.write(bytes)
    }
    /// Push buffered output out (before sleeping, reading input, or exiting).
    fn flush(&mut self) {}
    /// Read a line for `input()` (without its newline); None at end of input.
    fn read_line(&mut self) -> Option<String> {
        None
    }
    /// Monotonic clock in microseconds since some fixed point.
    fn ticks_us(&mut self) -> u64;
    /// Wall-clock time in nanoseconds since the Unix epoch (0 if unknown).
    fn time_ns(&mut self) -> u64 {
        0
    }
    /// Block for `us` microseconds. Only used where the VM cannot yield (inside a nested call
    /// from native code); elsewhere `time.sleep` returns `Poll::Sleep` to the port.
    fn sleep_us(&mut self, us: u64) {
        let end = self.ticks_us().saturating_add(us);
        while self.ticks_us() < end && !self.interrupted() {}
    }
    /// Has the user asked to interrupt (Ctrl-C, the Stop button)? Reading it clears it.
    fn interrupted(&mut self) -> bool {
        false
    }
    /// A soft reset (Ctrl-D at the REPL, `machine.soft_reset()`) has given the VM a fresh heap:
    /// put peripherals back as a board's soft reset does.
    fn soft_reset(&mut self) {}
    /// The port's allocator, when it can tell how much it has handed out (a board: esp-alloc).
    /// The heap then counts real bytes (`Heap::calibrate`): `heap_size` is the allocator's RAM
    /// less a reserve, and what the VM's stacks, names and buffers take comes off it. A plain
    /// function, so the heap can ask without the host. Without one the VM's own count is the
    /// measure and `heap_size` a cap (the CLI, the page).
    fn allocator_in_use(&self) -> Option<fn() -> usize> {
        None
    }
    /// A flag the port's allocator raises when it serves a block from an emergency reserve
    /// because its heap refused it (a board: `ferrite_port::reserve`), so an infallible copy on
    /// a full or fragmented heap is not fatal. The heap is then full in truth: the VM raises
    /// MemoryError at its next allocation or interrupt poll, as at its own limit, and clears
    /// the flag (`Heap::tapped`). A static flag, so the heap reads it without the host.
    fn reserve_flag(&self) -> Option<&'static AtomicBool> {
        None
    }
    /// Seed for `random` when the program gives none.
    fn random_seed(&mut self) -> u64 {
        self.ticks_us() ^ 0x9e37_79b9_7f4a_7c15
    }

    // ---- files (paths are as the program wrote them; the host resolves them)
    fn read_file(&mut self, _path: &str) -> Result<Vec<u8>, OsError> {
        Err(OsError(errno::ENOENT))
    }
    fn write_file(&mut self, _path: &str, _data: &[u8], _append: bool) -> Result<(), OsError> {
        Err(OsError(errno::EPERM))
    }
    fn stat(&mut self, _path: &str) -> Result<FileStat, OsError> {
        Err(OsError(errno::ENOENT))
    }
    fn list_dir(&mut self, _path: &str) -> Result<Vec<String>, OsError> {
        Err(OsError(errno::ENOENT))
    }
    fn remove(&mut self, _path: &str) -> Result<(), OsError> {
        Err(OsError(errno::ENOENT))
    }
    fn rename(&mut self, _from: &str, _to: &str) -> Result<(), OsError> {
        Err(OsError(errno::ENOENT))
    }
    fn mkdir(&mut self, _path: &str) -> Result<(), OsError> {
        Err(OsError(errno::EPERM))
    }
    fn rmdir(&mut self, _path: &str) -> Result<(), OsError> {
        Err(OsError(errno::ENOENT))
    }
    fn getcwd(&mut self) -> String {
        String::from("/")
    }
    fn chdir(&mut self, _path: &str) -> Result<(), OsError> {
        Err(OsError(errno::ENOENT))
    }

    // ---- pins and peripherals (a board or a simulation of one)
    /// The GPIO `pin`'s abilities; None if the board has no such pin (`ValueError: invalid pin`).
    fn pin_caps(&mut self, pin: u32) -> Option<PinCaps> {
        esp32_pin_caps(pin)
    }
    fn pin_config(&mut self, _pin: u32, _mode: PinMode, _pull: Pull) -> Result<(), OsError> {
        Ok(())
    }
    fn pin_write(&mut self, _pin: u32, _level: bool) {}
    fn pin_read(&mut self, _pin: u32) -> bool {
        false
    }
    /// PWM on `pin` (frequency 0 stops it); a setting the board cannot make is an error and
    /// leaves the pin as it was.
    fn pwm_set(&mut self, _pin: u32, _freq_hz: u32, _duty_u16: u16) -> Result<(), HwError> {
        Ok(())
    }
    /// One ADC conversion on `pin` at attenuation `atten` (0–3: `ADC.ATTN_0DB` … `ATTN_11DB`),
    /// scaled to 16 bits.
    fn adc_read_u16(&mut self, _pin: u32, _atten: u8) -> u16 {
        0
    }
    /// The input in microvolts. Boards with a calibrated ADC measure it; the default scales
    /// `adc_read_u16` by the ESP32's nominal full-scale input for the attenuation.
    fn adc_read_uv(&mut self, pin: u32, atten: u8) -> u32 {
        let raw = self.adc_read_u16(pin, atten);
        nominal_uv(raw, atten)
    }
    /// Watch `pin` for the edges in `trigger` (IRQ_* bits; 0 stops watching).
    fn pin_irq(&mut self, _pin: u32, _trigger: u8) {}
    /// The oldest watched edge not yet reported: `(pin, rising)`. Polled by the VM between
    /// bytecodes while handlers are registered.
    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        None
    }
    /// One I2C write transaction on the bus wired to `scl`/`sda`; `ENODEV` when nothing
    /// acknowledges `addr` (an empty `data` is a probe, as `scan` sends).
    fn i2c_write(&mut self, _scl: u32, _sda: u32, _addr: u8, _data: &[u8]) -> Result<(), OsError> {
        Err(OsError(errno::ENODEV))
    }
    /// One I2C read transaction filling `buf`.
    fn i2c_read(&mut self, _scl: u32, _sda: u32, _addr: u8, _buf: &mut [u8]) -> Result<(), OsError> {
        Err(OsError(errno::ENODEV))
    }
    /// Set up (or reconfigure) hardware SPI bus `id`.
    fn spi_init(&mut self, _id: u32, _config: &SpiConfig) -> Result<(), HwError> {
        Err(NO_SPI)
    }
    /// One full-duplex transfer on SPI bus `id`: `buf` goes out and is replaced by what came in.
    fn spi_transfer(&mut self, _id: u32, _buf: &mut [u8]) -> Result<(), HwError> {
        Err(NO_SPI)
    }
    fn spi_deinit(&mut self, _id: u32) {}
    /// Set up (or reconfigure) UART `id`.
    fn uart_init(&mut self, _id: u32, _config: &UartConfig) -> Result<(), HwError> {
        Err(NO_UART)
    }
    /// Queue `data` for sending on UART `id`; how many bytes were taken.
    fn uart_write(&mut self, _id: u32, _data: &[u8]) -> Result<usize, HwError> {
        Err(NO_UART)
    }
    /// Received bytes already waiting on UART `id`, up to `buf.len()`; never waits.
    fn uart_read(&mut self, _id: u32, _buf: &mut [u8]) -> Result<usize, HwError> {
        Err(NO_UART)
    }
    /// How many received bytes are waiting (at least 1 when any is, if the count is unknown).
    fn uart_any(&mut self, _id: u32) -> Result<usize, HwError> {
        Err(NO_UART)
    }
    fn uart_deinit(&mut self, _id: u32) {}
    /// `machine.bitstream`: send `data` on `pin` with high/low times in ns
    /// `[high0, low0, high1, low1]` (NeoPixels).
    fn bitstream(&mut self, _pin: u32, _timing_ns: [u32; 4], _data: &[u8]) {}
    /// `machine.freq()`: the CPU clock in Hz.
    fn cpu_freq(&mut self) -> u32 {
        160_000_000
    }
    /// `machine.freq(hz)`. The default accepts the ESP32's choices (a simulated clock: it
    /// does not change).
    fn set_cpu_freq(&mut self, hz: i64) -> Result<(), HwError> {
        if [20, 40, 80, 160, 240].contains(&(hz / 1_000_000)) && hz % 1_000_000 == 0 {
            Ok(())
        } else {
            Err(HwError::Value(String::from("frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz")))
        }
    }
    /// `machine.reset()`: reset the board (the VM then ends the program with SystemExit).
    fn machine_reset(&mut self) {}
    /// `machine.unique_id()`: the board's MAC address.
    fn unique_id(&mut self) -> Vec<u8> {
        alloc::vec![0x24, 0x0a, 0xc4, 0x00, 0x00, 0x01]
    }
}

/// `path` as a board sees it from the folder `cwd`: absolute, without `.`, `..` (which stops at
/// `/`) or empty parts. Ports that keep a board's files use it, so every port agrees on paths.
pub fn resolve_path(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let start = if path.starts_with('/') { "" } else { cwd };
    for p in start.split('/').chain(path.split('/')) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    // "/" before each part (a loop, not `join`: core's generic join is ~0.9 KB of wasm).
    let mut out = String::new();
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::resolve_path;

    #[test]
    fn paths_resolve_against_the_folder() {
        assert_eq!(resolve_path("/", "a.py"), "/a.py");
        assert_eq!(resolve_path("/lib", "x/../y/./z.py"), "/lib/y/z.py");
        assert_eq!(resolve_path("/lib", "/abs//b"), "/abs/b");
        assert_eq!(resolve_path("/lib", "../../.."), "/");
        assert_eq!(resolve_path("", ""), "/");
    }
}
