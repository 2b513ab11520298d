//! Scaffolding until the VM's REPL state machine (`vm::repl`) lands: a line-at-a-time friendly
//! prompt and MicroPython's raw REPL (Ctrl-A, code, Ctrl-D → `OK` output `\x04` error `\x04>`),
//! which is what mpremote and the qemu conformance run speak. Fed byte by byte, run in slices.

use alloc::vec::Vec;

use vm::error::Mode;
use vm::{Poll, Vm};

const CTRL_A: u8 = 0x01;
const CTRL_B: u8 = 0x02;
const CTRL_C: u8 = 0x03;
const CTRL_D: u8 = 0x04;
const CTRL_E: u8 = 0x05;
/// The longest program the raw REPL buffers; past it the input is refused with a message.
const MAX_SOURCE: usize = 64 * 1024;

/// What the main loop should do next.
pub enum ShellPoll {
    /// Waiting for input.
    Idle,
    /// Code is running: poll again soon.
    Busy,
    /// Code sleeps until this many microseconds.
    Sleep(u64),
}

#[derive(PartialEq)]
enum Prompt {
    Friendly,
    Raw,
}

pub struct Shell {
    mode: Prompt,
    buf: Vec<u8>,
    running: bool,
    /// Bytes of a raw-paste request (`Ctrl-E A Ctrl-A`) seen so far.
    paste_req: usize,
    banner: &'static str,
}

impl Shell {
    pub fn new(banner: &'static str) -> Self {
        Shell { mode: Prompt::Friendly, buf: Vec::new(), running: false, paste_req: 0, banner }
    }

    pub fn start(&mut self, vm: &mut Vm) {
        self.friendly_banner(vm);
    }

    fn out(vm: &mut Vm, s: &[u8]) {
        vm.host.write(s);
    }

    fn friendly_banner(&mut self, vm: &mut Vm) {
        Self::out(vm, self.banner.as_bytes());
        Self::out(vm, b"\nType \"help()\" for more information.\n>>> ");
    }

    /// Is a program running? (Then the main loop only watches for Ctrl-C.)
    pub fn running(&self) -> bool {
        self.running
    }

    /// One received byte, while no program runs.
    pub fn feed(&mut self, vm: &mut Vm, byte: u8) {
        match self.mode {
            Prompt::Friendly => self.feed_friendly(vm, byte),
            Prompt::Raw => self.feed_raw(vm, byte),
        }
    }

    fn feed_friendly(&mut self, vm: &mut Vm, byte: u8) {
        match byte {
            CTRL_A => {
                self.buf.clear();
                self.mode = Prompt::Raw;
                Self::out(vm, b"raw REPL; CTRL-B to exit\n>");
            }
            CTRL_C => {
                self.buf.clear();
                Self::out(vm, b"\nKeyboardInterrupt\n>>> ");
            }
            b'\r' | b'\n' => {
                Self::out(vm, b"\n");
                if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                    self.buf.clear();
                    Self::out(vm, b">>> ");
                } else {
                    self.execute(vm, Mode::Single);
                }
            }
            0x08 | 0x7f => {
                if self.buf.pop().is_some() {
                    Self::out(vm, b"\x08 \x08");
                }
            }
            b if b >= 0x20 && self.buf.len() < MAX_SOURCE => {
                self.buf.push(b);
                Self::out(vm, &[b]);
            }
            _ => {}
        }
    }

    fn feed_raw(&mut self, vm: &mut Vm, byte: u8) {
        const PASTE_REQ: [u8; 3] = [CTRL_E, b'A', CTRL_A];
        if self.buf.is_empty() && byte == PASTE_REQ[self.paste_req] {
            self.paste_req += 1;
            if self.paste_req == PASTE_REQ.len() {
                // Raw paste is not supported by the scaffolding: mpremote falls back to raw mode.
                self.paste_req = 0;
                Self::out(vm, b"R\x00");
            }
            return;
        }
        self.paste_req = 0;
        match byte {
            CTRL_A => {}
            CTRL_B => {
                self.buf.clear();
                self.mode = Prompt::Friendly;
                Self::out(vm, b"\n");
                self.friendly_banner(vm);
            }
            CTRL_C => self.buf.clear(),
            CTRL_D if self.buf.is_empty() => Self::out(vm, b"soft reboot\nraw REPL; CTRL-B to exit\n>"),
            CTRL_D => {
                Self::out(vm, b"OK");
                self.execute(vm, Mode::Exec);
            }
            _ if self.buf.len() < MAX_SOURCE => self.buf.push(byte),
            _ => {}
        }
    }

    fn execute(&mut self, vm: &mut Vm, mode: Mode) {
        let source = core::mem::take(&mut self.buf);
        let source = alloc::string::String::from_utf8_lossy(&source);
        let started = vm.compile(&source, "<stdin>", mode).and_then(|code| {
            let (_, globals) = vm.main_module()?;
            vm.push_module_frame(code, globals)
        });
        match started {
            Ok(()) => self.running = true,
            Err(e) => self.finish(vm, Some(e)),
        }
    }

    fn finish(&mut self, vm: &mut Vm, error: Option<vm::vm::Exc>) {
        self.running = false;
        let raw = self.mode == Prompt::Raw;
        if raw {
            Self::out(vm, b"\x04");
        }
        if let Some(e) = error {
            if !vm.exc_is(e, vm::types::TypeId::SystemExit) {
                let text = vm.format_exception(e.0);
                Self::out(vm, text.as_bytes());
            }
        }
        Self::out(vm, if raw { b"\x04>" } else { b">>> " });
    }

    /// Run the current program for about `budget` instructions.
    pub fn poll(&mut self, vm: &mut Vm, budget: u64) -> ShellPoll {
        if !self.running {
            return ShellPoll::Idle;
        }
        match vm.run(budget) {
            Poll::Done => {
                self.finish(vm, None);
                ShellPoll::Idle
            }
            Poll::Yielded => ShellPoll::Busy,
            Poll::Sleep(until) => ShellPoll::Sleep(until),
            Poll::Error(e) => {
                self.finish(vm, Some(e));
                ShellPoll::Idle
            }
        }
    }
}
