//! Test only (feature `sim`): a simulated board behind the page's fake `navigator.serial`. It is
//! the flasher's simulated ROM until a hard reset boots the "flashed program", which is
//! Ferrite's own REPL (the VM with an in-memory filesystem), as on a real board.

use flasher::chip;
use flasher::sim::{Mode, Rom};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use vm::host::{errno, FileStat, Host, OsError};
use vm::repl::{Repl, ReplConfig, ReplPoll};
use vm::{Config, Vm};
use wasm_bindgen::prelude::*;

type Files = Rc<RefCell<BTreeMap<String, Vec<u8>>>>;
type Output = Rc<RefCell<Vec<u8>>>;

#[wasm_bindgen]
pub struct SimBoard {
    rom: Rom,
    app: Option<(Vm, Repl)>,
    files: Files,
    out: Output,
    /// Times the chip started its program, for the fake port: a USB-Serial/JTAG board drops
    /// off the bus and comes back when it does.
    app_boots: u32,
}

#[wasm_bindgen]
impl SimBoard {
    /// A board with `chip` ("esp32c3", …) and 4 MB of erased flash, in download mode.
    #[wasm_bindgen(constructor)]
    pub fn new(chip: &str) -> Result<SimBoard, JsError> {
        let chip = chip::by_name(chip).ok_or_else(|| JsError::new(&format!("no chip {chip:?}")))?;
        Ok(SimBoard { rom: Rom::new(chip, 4 << 20), app: None, files: Files::default(), out: Output::default(), app_boots: 0 })
    }

    /// Bytes from the host: to the ROM, or to the REPL once the program runs.
    pub fn feed(&mut self, bytes: &[u8]) {
        match &mut self.app {
            Some((vm, repl)) => repl.feed(vm, bytes),
            None => self.rom.feed(bytes),
        }
    }

    /// DTR/RTS changed: the reset circuit may reset the chip, into the ROM or the program.
    pub fn set_lines(&mut self, dtr: bool, rts: bool) {
        self.rom.set_lines(dtr, rts);
        self.follow_mode();
    }

    /// Wired through the chip's own USB-Serial/JTAG port (the USB reset sequence works).
    pub fn set_usb(&mut self, usb: bool) {
        self.rom.usb = usb;
    }

    /// The student presses RESET, holding BOOT (`boot`: into download mode) or not (the program).
    pub fn press_reset(&mut self, boot: bool) {
        self.rom.set_lines(false, true);
        self.rom.set_lines(boot, false);
        // BOOT released: the strap was only held by the finger (no reset: EN stays high).
        self.rom.set_lines(false, false);
        self.follow_mode();
    }

    /// How many times the program has started (a change means the chip reset into it).
    pub fn app_boots(&self) -> u32 {
        self.app_boots
    }

    /// The board left the bus (the "disconnect" fault: a cable pulled).
    pub fn gone(&self) -> bool {
        self.rom.mode == Mode::Gone
    }

    fn follow_mode(&mut self) {
        match (self.rom.mode, self.app.is_some()) {
            (Mode::App, false) => {
                self.app_boots += 1;
                self.app = Some(self.boot());
            }
            (Mode::App, true) => {}
            _ => self.app = None,
        }
    }

    /// Run the program's REPL for a slice.
    pub fn step(&mut self) {
        if let Some((vm, repl)) = &mut self.app {
            for _ in 0..50 {
                if matches!(repl.poll(vm, 4000), ReplPoll::Idle | ReplPoll::Sleep(_) | ReplPoll::Exit(_)) {
                    break;
                }
            }
        }
    }

    /// Bytes for the host since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        let mut bytes = self.rom.take_output();
        bytes.append(&mut self.out.borrow_mut());
        bytes
    }

    /// Lowercase hex MD5 of `len` bytes of flash at `addr` (what the test compares).
    pub fn flash_md5(&self, addr: usize, len: usize) -> String {
        let region = self.rom.flash.get(addr..addr.saturating_add(len)).unwrap_or(&[]);
        flasher::image::hex(&flasher::image::md5(region))
    }

    /// Bytes received from the host so far, over every session (a resent region shows here).
    pub fn bytes_received(&self) -> f64 {
        self.rom.stats.bytes_in as f64
    }

    /// Commands the ROM or stub has received so far (to aim a fault at one).
    pub fn commands(&self) -> f64 {
        self.rom.stats.commands as f64
    }

    /// A file of the board's filesystem, or undefined.
    pub fn file(&self, name: &str) -> Option<Vec<u8>> {
        self.files.borrow().get(name).cloned()
    }

    /// Inject a fault (see `flasher::sim::Faults`), counted from now: "flip" or "drop" the
    /// `n`th byte received from here, "swallow" the reply to the `n`th command from here,
    /// "stall" from the `n`th command on, "flaky": corrupt the next `n` flash writes,
    /// "disconnect": the board leaves the bus at the `n`th command, "max-baud": the line garbles
    /// everything above `n` baud.
    pub fn fault(&mut self, kind: &str, n: u32) {
        let (bytes, cmds) = (self.rom.stats.bytes_in + n as u64, self.rom.stats.commands as u32 + n);
        let f = &mut self.rom.faults;
        match kind {
            "flip" => f.flip_byte = Some(bytes),
            "drop" => f.drop_byte = Some(bytes),
            "swallow" => f.swallow_reply = Some(cmds),
            "stall" => f.stall_from = Some(cmds),
            "flaky" => f.bad_flash_writes = n,
            "disconnect" => f.disconnect_at = Some(cmds),
            "max-baud" => f.max_baud = Some(n),
            _ => {}
        }
    }

    fn boot(&mut self) -> (Vm, Repl) {
        let host = MemHost { out: self.out.clone(), files: self.files.clone(), last: 0 };
        let mut vm = Vm::new(Config { heap_size: 256 * 1024, platform: "esp32", ..Config::default() }, Box::new(host));
        let config = ReplConfig { banner: "simulated board; ESP32-C3 with ESP32C3".into(), end_session_on_exit: false, run_boot_files: true, ..ReplConfig::default() };
        let mut repl = Repl::new(config);
        repl.start(&mut vm);
        (vm, repl)
    }
}

/// The program's host: a cooked serial line (`\n` → `\r\n`) and a flat in-memory filesystem.
struct MemHost {
    out: Output,
    files: Files,
    last: u8,
}

fn key(path: &str) -> &str {
    path.trim_start_matches("./").trim_start_matches('/')
}

impl Host for MemHost {
    fn write(&mut self, bytes: &[u8]) {
        let mut out = self.out.borrow_mut();
        for &b in bytes {
            if b == b'\n' && self.last != b'\r' {
                out.push(b'\r');
            }
            out.push(b);
            self.last = b;
        }
    }

    fn ticks_us(&mut self) -> u64 {
        (js_sys::Date::now() * 1000.0) as u64
    }

    fn sleep_us(&mut self, _us: u64) {}

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, OsError> {
        self.files.borrow().get(key(path)).cloned().ok_or(OsError(errno::ENOENT))
    }

    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        let mut files = self.files.borrow_mut();
        let file = files.entry(key(path).to_string()).or_default();
        if !append {
            file.clear();
        }
        file.extend_from_slice(data);
        Ok(())
    }

    fn stat(&mut self, path: &str) -> Result<FileStat, OsError> {
        if key(path).is_empty() {
            return Ok(FileStat { is_dir: true, size: 0, mtime: 0 });
        }
        let size = self.files.borrow().get(key(path)).map(|f| f.len() as u64).ok_or(OsError(errno::ENOENT))?;
        Ok(FileStat { is_dir: false, size, mtime: 0 })
    }

    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, OsError> {
        match key(path) {
            "" | "." => Ok(self.files.borrow().keys().cloned().collect()),
            _ => Err(OsError(errno::ENOENT)),
        }
    }

    fn remove(&mut self, path: &str) -> Result<(), OsError> {
        self.files.borrow_mut().remove(key(path)).map(|_| ()).ok_or(OsError(errno::ENOENT))
    }
}
