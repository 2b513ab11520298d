//! `WebHost`: the VM's door out in a browser tab. Output collects in a buffer the page drains
//! after each slice; the clock is `performance.now()`.

use alloc::rc::Rc;
use core::cell::RefCell;
use vm::host::Host;
use wasm_bindgen::prelude::*;

extern crate alloc;

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
pub type Output = Rc<RefCell<alloc::vec::Vec<u8>>>;

pub struct WebHost {
    pub out: Output,
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
}
