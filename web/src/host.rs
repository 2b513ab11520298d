//! `WebHost`: the VM's door out in a browser tab. Output collects in a buffer the page drains
//! after each slice; the clock is `performance.now()`; pins and peripherals are the shared
//! virtual board the page draws.

use std::cell::RefCell;
use std::rc::Rc;
use board::Board;
use vm::host::{Host, OsError, PinMode, Pull};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: exists in windows and workers alike, unlike `window.performance`.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Microseconds on the page's monotonic clock.
pub fn now_us() -> u64 {
    (performance_now() * 1000.0) as u64
}

/// Bytes the program printed that the page has not shown yet (shared by the host and the page).
pub type Output = Rc<RefCell<Vec<u8>>>;
/// The board, shared by the program (through the host) and the page (snapshots, user input).
pub type SharedBoard = Rc<RefCell<Board>>;

pub struct WebHost {
    pub out: Output,
    pub board: SharedBoard,
}

impl Host for WebHost {
    fn write(&mut self, bytes: &[u8]) {
        self.out.borrow_mut().extend_from_slice(bytes);
    }

    fn ticks_us(&mut self) -> u64 {
        now_us()
    }

    fn time_ns(&mut self) -> u64 {
        (js_sys::Date::now() * 1e6) as u64
    }

    /// Never spins: nested native code that cannot yield gets no sleep rather than a frozen tab.
    fn sleep_us(&mut self, _us: u64) {}

    fn pin_config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        self.board.borrow_mut().pin_config(pin, mode, pull);
        Ok(())
    }

    fn pin_write(&mut self, pin: u32, level: bool) {
        self.board.borrow_mut().pin_write(pin, level);
    }

    fn pin_read(&mut self, pin: u32) -> bool {
        self.board.borrow().pin_read(pin)
    }

    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) {
        self.board.borrow_mut().pwm_set(pin, freq_hz, duty_u16);
    }

    fn adc_read_u16(&mut self, pin: u32) -> u16 {
        self.board.borrow().adc_read_u16(pin)
    }
}
