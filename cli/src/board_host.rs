//! `ferrite --board`: the OS host with its pins wired to the virtual DevKit (`board::Board`).
//! Every change on the board is printed on stderr as `[board] …` (format in the README).
//!
//! Options: `--press GPIO@MS[:HOLD]` presses a button MS ms after the start for HOLD ms (50),
//! `--pot N` sets the potentiometer (0..65535), and `--fast` lets `time.sleep` jump the clock
//! instead of waiting (so tests run instantly and in a fixed order).

use board::Board;
use vm::host::{FileStat, HwError, OsError, PinMode, Pull};
use vm::Host;

use crate::host::OsHost;

/// The board's side of the command line.
#[derive(Default)]
pub struct BoardOptions {
    pub enabled: bool,
    fast: bool,
    pot: u16,
    /// `(time_us, gpio, pressed)`, in time order.
    presses: Vec<(u64, u32, bool)>,
}

impl BoardOptions {
    /// Take one board option (and its value from `next`); false if `arg` is not one.
    pub fn parse(&mut self, arg: &str, next: &mut dyn FnMut() -> Option<String>) -> Result<bool, String> {
        match arg {
            "--board" => self.enabled = true,
            "--fast" => self.fast = true,
            "--pot" => {
                let v = next().ok_or("--pot needs a value 0..65535")?;
                self.pot = v.parse().map_err(|_| format!("bad --pot value '{}' (0..65535)", v))?;
            }
            "--press" => {
                let v = next().ok_or("--press needs GPIO@MS[:HOLD]")?;
                let bad = || format!("bad --press '{}': expected GPIO@MS[:HOLD], e.g. 0@100", v);
                let (gpio, when) = v.split_once('@').ok_or_else(bad)?;
                let (at, hold) = when.split_once(':').unwrap_or((when, "50"));
                let gpio: u32 = gpio.parse().map_err(|_| bad())?;
                let at: u64 = at.trim_end_matches("ms").parse().map_err(|_| bad())?;
                let hold: u64 = hold.trim_end_matches("ms").parse().map_err(|_| bad())?;
                self.presses.push((at * 1000, gpio, true));
                self.presses.push(((at + hold) * 1000, gpio, false));
                self.presses.sort_by_key(|p| p.0);
            }
            _ => return Ok(false),
        }
        self.enabled = true;
        Ok(true)
    }
}

pub struct BoardHost {
    os: OsHost,
    board: Board,
    fast: bool,
    /// Sleep skipped by `--fast`, added to the clock.
    skipped_us: u64,
    presses: std::collections::VecDeque<(u64, u32, bool)>,
}

/// The host for the options given: the plain OS host, or one wired to the virtual board.
pub fn make_host(opts: BoardOptions) -> Box<dyn Host> {
    if !opts.enabled {
        return Box::new(OsHost::new());
    }
    let mut board = Board::new();
    board.set_pot(opts.pot);
    board.take_changes();
    Box::new(BoardHost { os: OsHost::new(), board, fast: opts.fast, skipped_us: 0, presses: opts.presses.into() })
}

impl BoardHost {
    fn now(&mut self) -> u64 {
        self.os.ticks_us() + self.skipped_us
    }

    /// Apply the scripted presses that are due, then print what changed.
    fn update(&mut self) {
        let now = self.now();
        while let Some(&(at, gpio, pressed)) = self.presses.front() {
            if at > now {
                break;
            }
            self.presses.pop_front();
            self.board.set_button(gpio, pressed);
        }
        for c in self.board.take_changes() {
            self.os.write_err(format!("[board] {}\n", c).as_bytes());
        }
    }
}

impl Host for BoardHost {
    fn write(&mut self, bytes: &[u8]) {
        self.os.write(bytes)
    }
    fn write_err(&mut self, bytes: &[u8]) {
        self.os.write_err(bytes)
    }
    fn flush(&mut self) {
        self.os.flush()
    }
    fn read_line(&mut self) -> Option<String> {
        self.os.read_line()
    }
    fn ticks_us(&mut self) -> u64 {
        self.update();
        self.now()
    }
    fn time_ns(&mut self) -> u64 {
        self.os.time_ns() + self.skipped_us * 1000
    }
    fn sleep_us(&mut self, us: u64) {
        if self.fast {
            self.skipped_us += us;
        } else {
            self.os.sleep_us(us);
        }
        self.update();
    }
    fn interrupted(&mut self) -> bool {
        self.os.interrupted()
    }
    fn random_seed(&mut self) -> u64 {
        self.os.random_seed()
    }
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, OsError> {
        self.os.read_file(path)
    }
    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        self.os.write_file(path, data, append)
    }
    fn stat(&mut self, path: &str) -> Result<FileStat, OsError> {
        self.os.stat(path)
    }
    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, OsError> {
        self.os.list_dir(path)
    }
    fn remove(&mut self, path: &str) -> Result<(), OsError> {
        self.os.remove(path)
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<(), OsError> {
        self.os.rename(from, to)
    }
    fn mkdir(&mut self, path: &str) -> Result<(), OsError> {
        self.os.mkdir(path)
    }
    fn rmdir(&mut self, path: &str) -> Result<(), OsError> {
        self.os.rmdir(path)
    }
    fn getcwd(&mut self) -> String {
        self.os.getcwd()
    }
    fn chdir(&mut self, path: &str) -> Result<(), OsError> {
        self.os.chdir(path)
    }

    // ---- the board
    fn pin_config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        self.board.pin_config(pin, mode, pull);
        self.update();
        Ok(())
    }
    fn pin_write(&mut self, pin: u32, level: bool) {
        self.board.pin_write(pin, level);
        self.update();
    }
    fn pin_read(&mut self, pin: u32) -> bool {
        self.update();
        self.board.pin_read(pin)
    }
    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), HwError> {
        self.board.pwm_set(pin, freq_hz, duty_u16);
        self.update();
        Ok(())
    }
    fn adc_read_u16(&mut self, pin: u32, _atten: u8) -> u16 {
        self.board.adc_read_u16(pin)
    }
    fn pin_irq(&mut self, pin: u32, trigger: u8) {
        self.board.set_irq(pin, trigger);
    }
    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        self.update();
        self.board.take_edge()
    }
    fn i2c_write(&mut self, scl: u32, sda: u32, addr: u8, data: &[u8]) -> Result<(), OsError> {
        let acked = (scl, sda) == (board::I2C_SCL, board::I2C_SDA) && self.board.i2c_write(addr, data);
        self.update();
        if acked { Ok(()) } else { Err(OsError(vm::host::errno::ENODEV)) }
    }
    fn i2c_read(&mut self, scl: u32, sda: u32, addr: u8, buf: &mut [u8]) -> Result<(), OsError> {
        let acked = (scl, sda) == (board::I2C_SCL, board::I2C_SDA) && self.board.i2c_read(addr, buf);
        if acked { Ok(()) } else { Err(OsError(vm::host::errno::ENODEV)) }
    }
    fn bitstream(&mut self, pin: u32, _timing_ns: [u32; 4], data: &[u8]) {
        self.board.neopixel_write(pin, data);
        self.update();
    }
    fn machine_reset(&mut self) {
        self.board.reset();
        self.update();
    }
}
