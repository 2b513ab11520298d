//! Ferrite's browser port. The page owns the event loop: it calls [`Playground::step`] once per
//! animation frame while Python is busy (or when a `time.sleep` is over), so a busy loop costs
//! one slice per frame and the tab keeps answering clicks. The terminal talks to MicroPython's
//! REPL (`vm::repl`), byte in, byte out, as a board's serial line would.

mod host;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use host::{now_us, watched, SharedState, WebHost};
use vm::repl::{Repl, ReplConfig, ReplPoll};
use vm::{Config, Vm};
use wasm_bindgen::prelude::*;

/// The VM heap: an ESP32 with 4 MB of PSRAM gives MicroPython about this much.
const HEAP_SIZE: usize = 4 * 1024 * 1024;
/// A quarter of the 1 MB shadow stack rustc gives wasm32: native recursion (repr, == of nested
/// data) ends in RuntimeError well before the engine's own stack limit traps.
const STACK_BUDGET: usize = 256 * 1024;
/// Instructions between two looks at the clock inside a slice.
const CHUNK: u64 = 4_000;
const CTRL_C: u8 = 0x03;
const CTRL_D: u8 = 0x04;

/// What the page should do after a slice.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// At the prompt: wait for keys or a button.
    Idle = 0,
    /// The slice ran out: call `step` again on the next frame.
    Busy = 1,
    /// In `time.sleep`: call `step` again after `wait_ms`, or sooner after input.
    Sleeping = 2,
}

#[wasm_bindgen]
pub struct Playground {
    vm: Vm,
    repl: Repl,
    shared: SharedState,
    /// The last snapshot, reused so a frame allocates nothing new in the board.
    frame: Vec<u8>,
    wake_us: u64,
}

impl Default for Playground {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Playground {
    /// A powered-on board: the REPL prints its banner and prompt on the first `step`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        let shared = SharedState::default();
        let mut vm = new_vm(&shared);
        let mut repl = Repl::new(repl_config());
        repl.start(&mut vm);
        Playground { vm, repl, shared, frame: Vec::new(), wake_us: 0 }
    }

    /// Run: stop whatever runs, then soft-reset with `source` as `main.py`, as a board does
    /// after a file is copied to it. A syntax error is reported like any uncaught exception.
    pub fn run_main(&mut self, source: &str) {
        #[cfg(feature = "crash-test")]
        if source.starts_with("# ferrite: crash test") {
            panic!("crash test");
        }
        self.shared.borrow_mut().main = Some(source.as_bytes().to_vec());
        // Ctrl-C ends a running program or clears a half-typed line; Ctrl-D at the empty
        // prompt soft-resets, and the reset runs main.py.
        self.repl.feed(&mut self.vm, &[CTRL_C, CTRL_D]);
    }

    /// Keys from the terminal (UTF-8; Enter is `\r`, as on a serial line).
    pub fn feed(&mut self, bytes: &[u8]) {
        self.repl.feed(&mut self.vm, bytes);
    }

    /// Stop: `KeyboardInterrupt` in the running program at its next instruction, so `finally`
    /// blocks still run, as with Ctrl-C on a board.
    pub fn interrupt(&mut self) {
        if self.repl.is_running() {
            self.repl.feed(&mut self.vm, &[CTRL_C]);
        }
    }

    /// The Reset button, as pressing EN on the board: a new VM and REPL, every part off. The
    /// user's hands (buttons held, the pot) stay where they are.
    pub fn reset(&mut self) {
        let mut shared = self.shared.borrow_mut();
        shared.main = None;
        shared.board.reset();
        drop(shared);
        self.vm = new_vm(&self.shared);
        self.repl = Repl::new(repl_config());
        self.repl.start(&mut self.vm);
    }

    /// Work for about `slice_ms` milliseconds of wall time.
    pub fn step(&mut self, slice_ms: f64) -> Status {
        let deadline = now_us().saturating_add((slice_ms.max(0.0) * 1000.0) as u64);
        watched(|| loop {
            match self.repl.poll(&mut self.vm, CHUNK) {
                ReplPoll::Busy if now_us() < deadline => {}
                ReplPoll::Busy => return Status::Busy,
                ReplPoll::Sleep(until) => {
                    self.wake_us = until;
                    return Status::Sleeping;
                }
                // A board's REPL never ends its session; Idle waits for keys.
                ReplPoll::Idle | ReplPoll::Exit(_) => return Status::Idle,
            }
        })
    }

    /// Milliseconds until a sleeping program wants its next slice.
    pub fn wait_ms(&self) -> f64 {
        self.wake_us.saturating_sub(now_us()) as f64 / 1000.0
    }

    /// Is a program running (not at the prompt)?
    pub fn running(&self) -> bool {
        self.repl.is_running()
    }

    /// The bytes printed since the last call (UTF-8).
    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.shared.borrow_mut().out)
    }

    /// The board's state as a version-1 snapshot frame (see `board::snapshot`), for drawing.
    pub fn snapshot(&mut self) -> Vec<u8> {
        self.shared.borrow().board.snapshot(&mut self.frame);
        self.frame.clone()
    }

    /// A button pressed or released on the page (GPIO0 = BOOT, GPIO4).
    pub fn set_button(&mut self, gpio: u32, pressed: bool) {
        self.shared.borrow_mut().board.set_button(gpio, pressed);
    }

    /// The potentiometer turned on the page, as the raw 16-bit ADC value.
    pub fn set_pot(&mut self, raw: u16) {
        self.shared.borrow_mut().board.set_pot(raw);
    }
}

/// A powered-on board's VM, whose host shares `shared` with the page.
fn new_vm(shared: &SharedState) -> Vm {
    let host = WebHost { shared: shared.clone() };
    Vm::new(Config { heap_size: HEAP_SIZE, platform: "esp32", stack_budget: STACK_BUDGET }, Box::new(host))
}

fn repl_config() -> ReplConfig {
    ReplConfig {
        banner: "browser build; virtual ESP32 DevKit with ESP32".into(),
        end_session_on_exit: false,
        run_boot_files: true,
        ..ReplConfig::default()
    }
}
