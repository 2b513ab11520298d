//! `WebHost`: the VM's door out in a browser tab. Output collects in a buffer the page drains
//! after each slice; the clock is `performance.now()`; pins and peripherals are the shared
//! virtual board the page draws.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::rc::Rc;
use board::Board;
use vm::host::{errno, Host, HwError, OsError, PinMode, Pull};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: exists in windows and workers alike, unlike `window.performance`.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
    /// `Date.now()`, the wall clock: declared here, as js-sys (for this one function) brought
    /// ~5 KB of closure shims into the wasm.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
    /// `window.confirm()`: a dialog the browser shows even while this thread is busy.
    fn confirm(message: &str) -> bool;
}

/// Microseconds on the page's monotonic clock.
pub fn now_us() -> u64 {
    (performance_now() * 1000.0) as u64
}

/// What the program (through the host) and the page share: one `Rc` for all three, so the
/// wasm holds one copy of `Rc`'s drop code rather than one per shared type.
#[derive(Default)]
pub struct Shared {
    /// Bytes the program printed that the page has not shown yet.
    pub out: Vec<u8>,
    /// The board, drawn by the page (snapshots) and moved by the user (buttons, the pot).
    pub board: Board,
    /// The program Run asks the next soft reset to start as `main.py` (taken once, so a later
    /// Ctrl-D at the prompt resets without running it again, and a page load runs nothing).
    pub main: Option<Vec<u8>>,
}

pub type SharedState = Rc<RefCell<Shared>>;

/// When (microseconds, the page's clock) to ask the user whether to stop a program that holds
/// the page: set as each slice begins, never (`u64::MAX`) between slices. One page, one VM.
static ASK_AT: AtomicU64 = AtomicU64::new(u64::MAX);

/// How long one slice may hold the page before the user is asked, and how long after a "keep
/// running" answer to ask again.
const ASK_AFTER_US: u64 = 2_000_000;
const ASK_AGAIN_US: u64 = 10_000_000;

/// Run `slice` with the watch on: a slice held longer than `ASK_AFTER_US` asks to stop.
pub fn watched<T>(slice: impl FnOnce() -> T) -> T {
    ASK_AT.store(now_us().saturating_add(ASK_AFTER_US), Relaxed);
    let done = slice();
    ASK_AT.store(u64::MAX, Relaxed);
    done
}

/// The VM's host: what it shares with the page.
pub struct WebHost {
    pub shared: SharedState,
}

impl WebHost {
    fn board(&self) -> std::cell::RefMut<'_, Board> {
        std::cell::RefMut::map(self.shared.borrow_mut(), |s| &mut s.board)
    }
}

impl Host for WebHost {
    fn write(&mut self, bytes: &[u8]) {
        self.shared.borrow_mut().out.extend_from_slice(bytes);
    }

    fn ticks_us(&mut self) -> u64 {
        now_us()
    }

    fn time_ns(&mut self) -> u64 {
        (date_now() * 1e6) as u64
    }

    /// Never spins: nested native code that cannot yield gets no sleep rather than a frozen tab.
    fn sleep_us(&mut self, _us: u64) {}

    /// The Stop button reaches a program between slices (`Playground::interrupt`). A single
    /// operation that holds one slice for seconds (a catastrophic regex, a huge `sorted` with a
    /// key) keeps the page from seeing any click, so the VM's own polls ask the user instead,
    /// with the one dialog a browser still shows on a busy page: yes raises KeyboardInterrupt.
    fn interrupted(&mut self) -> bool {
        if now_us() < ASK_AT.load(Relaxed) {
            return false;
        }
        let stop = confirm(
            "Python has been busy in one long step, and the page cannot respond until it ends.\n\nStop the program?",
        );
        ASK_AT.store(now_us().saturating_add(ASK_AGAIN_US), Relaxed);
        stop
    }

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, OsError> {
        let mut shared = self.shared.borrow_mut();
        match (path.trim_start_matches('/'), shared.main.take()) {
            ("main.py", Some(main)) => Ok(main),
            (_, main) => {
                shared.main = main;
                Err(OsError(errno::ENOENT))
            }
        }
    }

    /// As the ESP32 port's soft reset: PWM, pins and parts back to their reset state.
    fn soft_reset(&mut self) {
        self.board().reset();
    }

    fn pin_config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        self.board().pin_config(pin, mode, pull);
        Ok(())
    }

    fn pin_write(&mut self, pin: u32, level: bool) {
        self.board().pin_write(pin, level);
    }

    fn pin_read(&mut self, pin: u32) -> bool {
        self.board().pin_read(pin)
    }

    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), HwError> {
        self.board().pwm_set(pin, freq_hz, duty_u16);
        Ok(())
    }

    fn adc_read_u16(&mut self, pin: u32, _atten: u8) -> u16 {
        self.board().adc_read_u16(pin)
    }

    fn pin_irq(&mut self, pin: u32, trigger: u8) {
        self.board().set_irq(pin, trigger);
    }

    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        self.board().take_edge()
    }

    fn i2c_write(&mut self, scl: u32, sda: u32, addr: u8, data: &[u8]) -> Result<(), OsError> {
        let acked = on_oled_bus(scl, sda) && self.board().i2c_write(addr, data);
        acked.then_some(()).ok_or(OsError(errno::ENODEV))
    }

    fn i2c_read(&mut self, scl: u32, sda: u32, addr: u8, buf: &mut [u8]) -> Result<(), OsError> {
        let acked = on_oled_bus(scl, sda) && self.board().i2c_read(addr, buf);
        acked.then_some(()).ok_or(OsError(errno::ENODEV))
    }

    fn bitstream(&mut self, pin: u32, _timing_ns: [u32; 4], data: &[u8]) {
        self.board().neopixel_write(pin, data);
    }

    fn machine_reset(&mut self) {
        self.board().reset();
    }
}

/// Only the DevKit's I2C pins reach the OLED.
fn on_oled_bus(scl: u32, sda: u32) -> bool {
    (scl, sda) == (board::I2C_SCL, board::I2C_SDA)
}
