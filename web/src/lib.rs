//! Ferrite's browser port. The page owns the event loop: it calls [`Playground::step`] once per
//! animation frame (or when a `time.sleep` is over), so a busy Python loop costs one slice per
//! frame and the tab keeps answering clicks; Stop raises `KeyboardInterrupt` at the next slice.

mod host;

use host::{now_us, Output, SharedBoard, WebHost};
use vm::{Config, Poll, Vm};
use wasm_bindgen::prelude::*;

/// The VM heap: an ESP32 with 4 MB of PSRAM gives MicroPython about this much.
const HEAP_SIZE: usize = 4 * 1024 * 1024;
/// Instructions between two looks at the clock inside a slice.
const CHUNK: u64 = 4_000;
/// The file name tracebacks show for the editor's program (what a board runs at boot).
pub const MAIN_FILE: &str = "main.py";

/// What the page should do after a slice.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing is running: wait for the user.
    Idle = 0,
    /// The slice ran out: call `step` again on the next frame.
    Busy = 1,
    /// In `time.sleep`: call `step` again after `wait_ms`.
    Sleeping = 2,
}

#[wasm_bindgen]
pub struct Playground {
    vm: Vm,
    out: Output,
    board: SharedBoard,
    /// The last snapshot, reused so a frame allocates nothing.
    frame: Vec<u8>,
    running: bool,
    wake_us: u64,
}

impl Default for Playground {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Playground {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        console_error_panic_hook::set_once();
        let out = Output::default();
        let board = SharedBoard::default();
        let vm = fresh_vm(&out, &board);
        Playground { vm, out, board, frame: Vec::new(), running: false, wake_us: 0 }
    }

    /// Run `source` as `main.py` on a freshly reset VM, as a board does after a soft reset.
    /// A syntax error is reported like any uncaught exception, in the output.
    pub fn start(&mut self, source: &str) -> Status {
        self.board.borrow_mut().reset();
        self.vm = fresh_vm(&self.out, &self.board);
        self.running = false;
        match self.vm.start_main(source, MAIN_FILE) {
            Ok(()) => {
                self.running = true;
                Status::Busy
            }
            Err(e) => {
                self.vm.report_uncaught(e);
                Status::Idle
            }
        }
    }

    /// The Reset button, as `machine.reset()`: the program ends, the VM starts afresh and the
    /// board's parts go off. The user's hands (buttons held, the pot) stay where they are.
    pub fn reset(&mut self) {
        self.running = false;
        self.board.borrow_mut().reset();
        self.vm = fresh_vm(&self.out, &self.board);
    }

    /// Run for about `slice_ms` milliseconds of wall time.
    pub fn step(&mut self, slice_ms: f64) -> Status {
        if !self.running {
            return Status::Idle;
        }
        let deadline = now_us().saturating_add((slice_ms.max(0.0) * 1000.0) as u64);
        loop {
            match self.vm.run(CHUNK) {
                Poll::Yielded if now_us() < deadline => {}
                Poll::Yielded => return Status::Busy,
                Poll::Sleep(until) => {
                    self.wake_us = until;
                    return Status::Sleeping;
                }
                Poll::Done => return self.finish(None),
                Poll::Error(e) => return self.finish(Some(e)),
            }
        }
    }

    /// Milliseconds until a sleeping program wants its next slice.
    pub fn wait_ms(&self) -> f64 {
        self.wake_us.saturating_sub(now_us()) as f64 / 1000.0
    }

    /// Stop: `KeyboardInterrupt` is raised in the program at its next instruction, so
    /// `try`/`finally` blocks still run, as on a board.
    pub fn interrupt(&mut self) {
        if self.running {
            self.vm.interrupt();
            self.wake_us = 0;
        }
    }

    pub fn running(&self) -> bool {
        self.running
    }

    /// The board's state as a version-1 snapshot frame (see `board::snapshot`), for drawing.
    pub fn snapshot(&mut self) -> Vec<u8> {
        self.board.borrow().snapshot(&mut self.frame);
        self.frame.clone()
    }

    /// A button pressed or released on the page (GPIO0 = BOOT, GPIO4).
    pub fn set_button(&mut self, gpio: u32, pressed: bool) {
        self.board.borrow_mut().set_button(gpio, pressed);
    }

    /// The potentiometer turned on the page, as the raw 16-bit ADC value.
    pub fn set_pot(&mut self, raw: u16) {
        self.board.borrow_mut().set_pot(raw);
    }

    /// The bytes printed since the last call (UTF-8 text with `\n` line ends).
    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut *self.out.borrow_mut())
    }
}

impl Playground {
    fn finish(&mut self, error: Option<vm::vm::Exc>) -> Status {
        self.running = false;
        if let Some(e) = error {
            self.vm.report_uncaught(e);
        }
        self.vm.run_atexit();
        Status::Idle
    }
}

fn fresh_vm(out: &Output, board: &SharedBoard) -> Vm {
    let host = WebHost { out: out.clone(), board: board.clone() };
    Vm::new(Config { heap_size: HEAP_SIZE, platform: "esp32" }, Box::new(host))
}
