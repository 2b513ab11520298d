//! MicroPython's REPL (`shared/runtime/pyexec.c`) as a byte-in / byte-out state machine, written
//! once for every port: the friendly REPL with line editing, paste mode, the raw REPL and
//! raw-paste mode that mpremote and Thonny speak, and soft reset.
//!
//! It does no I/O and never blocks, so a browser tab or a board's main loop can drive it:
//!
//! ```text
//! vm.set_input_from_port(true) is done by `start`; then, forever:
//!     bytes arrive from the terminal / serial line  ->  repl.feed(&mut vm, bytes)
//!     match repl.poll(&mut vm, budget) {
//!         ReplPoll::Idle      => wait for more bytes (nothing to do until then),
//!         ReplPoll::Busy      => call poll again soon (after letting the event loop run),
//!         ReplPoll::Sleep(t)  => call poll again when host.ticks_us() >= t, or as soon as bytes arrive,
//!         ReplPoll::Exit(n)   => the session ended (only with `end_session_on_exit`),
//!     }
//! ```
//!
//! Everything the REPL prints goes to `vm.host.write`. Its own line ends are `\r\n`, as on a
//! board's UART; program output uses `\n`, so a port that shows it on a terminal turns each
//! `\n` not preceded by `\r` into `\r\n` (MicroPython's `mp_hal_stdout_tx_strn_cooked`).

mod complete;
mod readline;

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Mode as ParseMode;
use crate::types::TypeId;
use crate::heap::ObjRef;
use crate::value::Value;
use crate::vm::{Poll, Vm};
use readline::{Key, LineEditor, CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E};

pub use complete::{complete, needs_more, Completion};

/// Raw-paste flow control: MicroPython's `MICROPY_REPL_STDIN_BUFFER_MAX` (256) halved.
pub const RAW_PASTE_WINDOW: u16 = 128;

/// Bytes received and not yet handled: a vector read from `head` (not `VecDeque<u8>`, whose
/// ring code is ~1.2 KB of wasm), moved down once the reader has passed its middle.
#[derive(Default)]
struct Inbox {
    bytes: Vec<u8>,
    head: usize,
}

impl Inbox {
    fn len(&self) -> usize {
        self.bytes.len() - self.head
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn pop(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.head)?;
        self.head += 1;
        if self.head * 2 >= self.bytes.len() {
            self.bytes.copy_within(self.head.., 0);
            self.bytes.truncate(self.len());
            self.head = 0;
        }
        Some(b)
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.head = 0;
    }
}

/// How a port wants its REPL.
#[derive(Debug, Clone)]
pub struct ReplConfig {
    /// The banner after `Ferrite vX.Y.Z on `: the build date, then `; ` and the machine, as
    /// MicroPython's `MICROPY_BANNER_NAME_AND_VERSION; MICROPY_BANNER_MACHINE`
    /// (e.g. `2026-11-25; linux [Ferrite] with x86_64`).
    pub banner: String,
    /// The unix port's way: Ctrl-D at an empty `>>> ` prompt and `sys.exit()` end the session
    /// (`ReplPoll::Exit`). A board (false) does a soft reset instead.
    pub end_session_on_exit: bool,
    /// Run `boot.py` then (in the friendly REPL) `main.py` from the host's files at start and
    /// after each soft reset, as a board does.
    pub run_boot_files: bool,
    /// The longest source kept for one input (line, paste, raw or raw-paste); the rest is
    /// dropped and the program fails with MemoryError, so a 1 MB paste cannot exhaust a board.
    pub max_source: usize,
    /// Bytes kept while a program runs (for `input()` and the next prompt); more are dropped,
    /// like a full UART buffer. Ctrl-C is never dropped.
    pub max_pending: usize,
}

impl Default for ReplConfig {
    fn default() -> Self {
        ReplConfig {
            banner: String::from("unknown date; Ferrite"),
            end_session_on_exit: false,
            run_boot_files: false,
            max_source: 64 * 1024,
            max_pending: 16 * 1024,
        }
    }
}

/// What the port should do after `poll`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplPoll {
    /// Waiting for input: call `poll` again after the next `feed`.
    Idle,
    /// More work (a running program, queued input): call `poll` again soon.
    Busy,
    /// A program sleeps until this `host.ticks_us()`; call `poll` then, or after a `feed`.
    Sleep(u64),
    /// The session ended with this exit status (`end_session_on_exit` only).
    Exit(i32),
}

#[derive(Debug, Clone, Copy)]
enum Mode {
    Friendly,
    Paste,
    Raw,
    /// Raw-paste: `remain` bytes until the next flow-control window.
    RawPaste { remain: u16 },
}

/// Which program runs, and so what follows it.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// A line or paste from the friendly REPL.
    Friendly,
    /// Code from the raw REPL or raw-paste: output framed by `\x04`.
    Raw,
    /// `boot.py` (then `main.py` if `main` is set), before the prompt.
    Boot { main: bool },
    /// `main.py`, before the prompt.
    Main,
}

#[derive(Debug, Clone, Copy)]
enum Task {
    /// At a prompt, taking input.
    Prompt,
    /// A program runs.
    Running(Job),
    /// The program waits in `input()` for a line from the editor.
    Input(Job),
}

pub struct Repl {
    config: ReplConfig,
    inbox: Inbox,
    mode: Mode,
    task: Task,
    editor: LineEditor,
    /// The friendly REPL is on a `... ` line.
    continuing: bool,
    /// Source of the raw REPL, raw-paste and paste modes.
    source: Vec<u8>,
    /// More source came than `max_source`.
    overflow: bool,
    /// `time.sleep` of the running program: don't resume before this tick unless interrupted.
    sleep_until: Option<u64>,
    /// Ctrl-C came while a program ran (the VM raises KeyboardInterrupt when resumed).
    interrupted: bool,
    /// The session ended (the exit status waits for `poll` to report it).
    exit: Option<i32>,
}

/// Most input bytes handled in one `poll` before it returns `Busy`.
const BYTES_PER_POLL: usize = 16 * 1024;

impl Repl {
    pub fn new(config: ReplConfig) -> Repl {
        let max = config.max_source;
        Repl {
            config,
            inbox: Inbox::default(),
            mode: Mode::Friendly,
            task: Task::Prompt,
            editor: LineEditor::new(max),
            continuing: false,
            source: Vec::new(),
            overflow: false,
            sleep_until: None,
            interrupted: false,
            exit: None,
        }
    }

    /// Begin the session: `input()` now reads through the REPL, then `boot.py`/`main.py` run
    /// (with `run_boot_files`) and the banner and first `>>> ` prompt are printed.
    pub fn start(&mut self, vm: &mut Vm) {
        vm.set_input_from_port(true);
        self.boot(vm);
    }

    /// Bytes from the terminal or serial line. They are only queued (`poll` acts on them),
    /// except Ctrl-C while a program runs: that interrupts it with KeyboardInterrupt.
    pub fn feed(&mut self, vm: &mut Vm, bytes: &[u8]) {
        for &b in bytes {
            let running = !matches!(self.task, Task::Prompt);
            if running && b == CTRL_C {
                vm.interrupt();
                self.interrupted = true;
            } else if !running || self.inbox.len() < self.config.max_pending {
                self.inbox.bytes.push(b);
            }
        }
    }

    /// Is a program running (or waiting in `input()`)?
    pub fn is_running(&self) -> bool {
        !matches!(self.task, Task::Prompt)
    }

    /// Do the work that is due: handle queued input (editing, prompts, raw REPL protocol),
    /// start programs and run them for about `budget` instructions.
    pub fn poll(&mut self, vm: &mut Vm, budget: u64) -> ReplPoll {
        let r = self.step(vm, budget);
        vm.host.flush();
        r
    }

    fn step(&mut self, vm: &mut Vm, budget: u64) -> ReplPoll {
        let mut bytes = BYTES_PER_POLL;
        loop {
            if let Some(code) = self.exit {
                return ReplPoll::Exit(code);
            }
            match self.task {
                Task::Running(job) => {
                    if let Some(t) = self.sleep_until {
                        if !self.interrupted && vm.host.ticks_us() < t {
                            return ReplPoll::Sleep(t);
                        }
                        self.sleep_until = None;
                    }
                    self.interrupted = false;
                    match vm.run(budget) {
                        Poll::Yielded => return ReplPoll::Busy,
                        Poll::Sleep(t) => {
                            self.sleep_until = Some(t);
                            return ReplPoll::Sleep(t);
                        }
                        Poll::Input => {
                            self.task = Task::Input(job);
                            self.editor.line.clear();
                            self.editor.init(vm, "");
                        }
                        Poll::Done => self.finish(vm, job, None),
                        Poll::Error(e) => self.finish(vm, job, Some(e)),
                    }
                    if let Some(code) = self.exit {
                        return ReplPoll::Exit(code);
                    }
                    if matches!(self.task, Task::Prompt) {
                        return if self.inbox.is_empty() { ReplPoll::Idle } else { ReplPoll::Busy };
                    }
                }
                Task::Input(job) => {
                    if self.interrupted {
                        // Resuming raises the KeyboardInterrupt inside `input()`.
                        self.task = Task::Running(job);
                        continue;
                    }
                    let Some(c) = self.inbox.pop() else {
                        return ReplPoll::Idle;
                    };
                    let line = match self.editor.process(vm, c) {
                        Key::Edit => continue,
                        Key::Ctrl(CTRL_D) if self.editor.line.is_empty() => None,
                        Key::Ctrl(CTRL_C) => continue,
                        Key::Enter | Key::Ctrl(_) => Some(crate::builtins::text::lossy(&self.editor.line)),
                    };
                    vm.provide_input(line.as_deref());
                    self.editor.line.clear();
                    self.task = Task::Running(job);
                }
                Task::Prompt => {
                    if bytes == 0 {
                        return ReplPoll::Busy;
                    }
                    let Some(c) = self.inbox.pop() else {
                        return ReplPoll::Idle;
                    };
                    bytes -= 1;
                    match self.mode {
                        Mode::Friendly => self.friendly(vm, c),
                        Mode::Paste => self.paste(vm, c),
                        Mode::Raw => self.raw(vm, c),
                        Mode::RawPaste { remain } => self.raw_paste(vm, c, remain),
                    }
                }
            }
        }
    }

    // ---- the friendly REPL

    fn friendly(&mut self, vm: &mut Vm, c: u8) {
        let more = self.continuing;
        match self.editor.process(vm, c) {
            Key::Edit => {}
            Key::Ctrl(CTRL_C) => self.cancel(vm),
            // Ctrl-D on a `... ` line ends the statement.
            Key::Ctrl(CTRL_D) if more => self.run_line(vm),
            Key::Ctrl(k) if !more => {
                out(vm, "\r\n");
                match k {
                    CTRL_A => self.enter_raw(vm),
                    CTRL_B => self.banner_prompt(vm),
                    CTRL_D => self.soft_reset(vm, 0),
                    _ => {
                        out(vm, "paste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
                        self.fresh_source();
                        self.mode = Mode::Paste;
                    }
                }
            }
            _ if !more && self.editor.line.is_empty() => self.prompt(vm),
            _ if needs_more(&self.editor.line) => self.more(vm),
            _ => self.run_line(vm),
        }
    }

    /// Ctrl-C: drop the input, a fresh prompt.
    fn cancel(&mut self, vm: &mut Vm) {
        out(vm, "\r\n");
        self.prompt(vm);
    }

    /// Ctrl-B: the banner and the friendly REPL's prompt.
    fn banner_prompt(&mut self, vm: &mut Vm) {
        self.banner(vm);
        self.prompt(vm);
    }

    /// Start collecting a paste, raw or raw-paste source.
    fn fresh_source(&mut self) {
        self.source.clear();
        self.overflow = false;
    }

    /// A `... ` line follows.
    fn more(&mut self, vm: &mut Vm) {
        self.editor.line.push(b'\n');
        self.continuing = true;
        self.editor.note_newline(vm, "... ");
    }

    fn run_line(&mut self, vm: &mut Vm) {
        let src = core::mem::take(&mut self.editor.line);
        self.continuing = false;
        self.start_program(vm, &src, "<stdin>", ParseMode::Single, Job::Friendly);
    }

    /// A fresh `>>> ` prompt.
    fn prompt(&mut self, vm: &mut Vm) {
        self.mode = Mode::Friendly;
        self.source.clear();
        self.continuing = false;
        self.editor.line.clear();
        self.editor.init(vm, ">>> ");
    }

    fn banner(&mut self, vm: &mut Vm) {
        out(vm, concat!("Ferrite v", env!("CARGO_PKG_VERSION"), " on "));
        out(vm, &self.config.banner);
        out(vm, "\r\nType \"help()\" for more information.\r\n");
    }

    fn paste(&mut self, vm: &mut Vm, c: u8) {
        match c {
            CTRL_C => self.cancel(vm),
            CTRL_D => {
                out(vm, "\r\n");
                self.run_source(vm, Job::Friendly);
            }
            _ => {
                self.keep(c);
                if c == b'\r' {
                    out(vm, "\r\n=== ");
                } else {
                    vm.host.write(&[c]);
                }
            }
        }
    }

    // ---- the raw REPL and raw-paste mode

    fn enter_raw(&mut self, vm: &mut Vm) {
        self.mode = Mode::Raw;
        self.fresh_source();
        out(vm, "raw REPL; CTRL-B to exit\r\n>");
    }

    fn raw(&mut self, vm: &mut Vm, c: u8) {
        match c {
            CTRL_A if self.source.len() == 2 && self.source[0] == CTRL_E => {
                if self.source[1] == b'A' {
                    // Raw-paste: the window size, and one window already free.
                    let w = RAW_PASTE_WINDOW.to_le_bytes();
                    vm.host.write(&[b'R', 1, w[0], w[1], 1]);
                    self.fresh_source();
                    self.mode = Mode::RawPaste { remain: RAW_PASTE_WINDOW };
                } else {
                    vm.host.write(b"R\x00");
                    self.fresh_source();
                    out(vm, ">");
                }
            }
            CTRL_A => self.enter_raw(vm),
            CTRL_B => {
                out(vm, "\r\n");
                self.banner_prompt(vm);
            }
            CTRL_C => self.fresh_source(),
            CTRL_D => {
                out(vm, "OK");
                if self.source.is_empty() {
                    out(vm, "\r\n");
                    self.soft_reset(vm, 0);
                } else {
                    self.run_source(vm, Job::Raw);
                }
            }
            _ => self.keep(c),
        }
    }

    fn raw_paste(&mut self, vm: &mut Vm, c: u8, remain: u16) {
        match c {
            CTRL_C | CTRL_D => {
                // End of data, acknowledged to the client.
                vm.host.write(b"\x04");
                self.mode = Mode::Raw;
                if c == CTRL_C {
                    self.fresh_source();
                    let e = vm.err0(TypeId::KeyboardInterrupt);
                    self.finish(vm, Job::Raw, Some(vm.exc_obj(e)));
                } else {
                    self.run_source(vm, Job::Raw);
                }
            }
            _ => {
                self.keep(c);
                let remain = if remain <= 1 {
                    vm.host.write(b"\x01");
                    RAW_PASTE_WINDOW
                } else {
                    remain - 1
                };
                self.mode = Mode::RawPaste { remain };
            }
        }
    }

    /// Run the paste, raw or raw-paste source.
    fn run_source(&mut self, vm: &mut Vm, job: Job) {
        let src = core::mem::take(&mut self.source);
        self.start_program(vm, &src, "<stdin>", ParseMode::Exec, job);
    }

    /// One byte of source, within `max_source`.
    fn keep(&mut self, c: u8) {
        if self.source.len() < self.config.max_source {
            self.source.push(c);
        } else {
            self.overflow = true;
        }
    }

    // ---- programs

    /// Compile and push a program; a SyntaxError finishes it at once.
    fn start_program(&mut self, vm: &mut Vm, src: &[u8], file: &str, mode: ParseMode, job: Job) {
        if core::mem::take(&mut self.overflow) {
            let e = vm.err(TypeId::MemoryError, "input too long for the REPL");
            return self.finish(vm, job, Some(vm.exc_obj(e)));
        }
        // Terminals send `\r` for Enter: the parser makes it `\n`.
        let text = crate::builtins::text::lossy(src);
        let pushed = vm.compile(&text, file, mode).and_then(|code| {
            let (_, globals) = vm.main_module()?;
            vm.push_module_frame(code, globals)
        });
        drop(text);
        match pushed {
            Ok(()) => {
                self.sleep_until = None;
                self.interrupted = false;
                self.task = Task::Running(job);
            }
            Err(e) => {
                vm.reset_stacks();
                self.finish(vm, job, Some(vm.exc_obj(e)))
            }
        }
    }

    /// A program ended: report it as its job requires, then prompt (or reset). The error is the
    /// instance, not a token: printing it runs `__str__`, `__repr__`, which may raise.
    fn finish(&mut self, vm: &mut Vm, job: Job, error: Option<ObjRef>) {
        self.task = Task::Prompt;
        self.sleep_until = None;
        let exit = error.filter(|&r| vm.is_instance_of(Value::Obj(r), TypeId::SystemExit));
        let raw = matches!(job, Job::Raw);
        if raw {
            vm.host.write(b"\x04");
        }
        if let (Some(e), None) = (error, exit) {
            let text = vm.format_exception(Value::Obj(e));
            vm.host.write(text.as_bytes());
        }
        if raw {
            vm.host.write(b"\x04");
        }
        // SystemExit from boot.py or main.py just ends them (a reset would run them again);
        // elsewhere the unix port exits with its code, a board resets.
        if let Some(e) = exit.filter(|_| !matches!(job, Job::Boot { .. } | Job::Main)) {
            let status = vm.report_uncaught(e);
            return self.soft_reset(vm, status);
        }
        match job {
            Job::Friendly => self.prompt(vm),
            Job::Raw => out(vm, ">"),
            Job::Boot { main } => self.boot_next(vm, main),
            Job::Main => self.boot_next(vm, false),
        }
    }

    /// Ctrl-D or SystemExit: end the session (unix) or soft-reset (board).
    fn soft_reset(&mut self, vm: &mut Vm, status: i32) {
        if self.config.end_session_on_exit && !matches!(self.mode, Mode::Raw) {
            self.exit = Some(status);
            return;
        }
        out(vm, "MPY: soft reboot\r\n");
        vm.soft_reset();
        self.inbox.clear();
        self.boot(vm);
    }

    /// After start or a soft reset: boot files, then the prompt of the current mode.
    fn boot(&mut self, vm: &mut Vm) {
        self.editor.line.clear();
        self.continuing = false;
        let main = !matches!(self.mode, Mode::Raw);
        if main {
            self.mode = Mode::Friendly;
        }
        if !self.config.run_boot_files || !self.run_file(vm, "boot.py", Job::Boot { main }) {
            self.boot_next(vm, main);
        }
    }

    fn boot_next(&mut self, vm: &mut Vm, main: bool) {
        if main && self.config.run_boot_files && self.run_file(vm, "main.py", Job::Main) {
            return;
        }
        if matches!(self.mode, Mode::Raw) {
            self.enter_raw(vm);
        } else {
            self.banner_prompt(vm);
        }
    }

    /// Start a file from the host if it exists.
    fn run_file(&mut self, vm: &mut Vm, name: &str, job: Job) -> bool {
        let Ok(src) = vm.host.read_file(name) else {
            return false;
        };
        self.start_program(vm, &src, name, ParseMode::Exec, job);
        true
    }
}

fn out(vm: &mut Vm, s: &str) {
    vm.host.write(s.as_bytes());
}

#[cfg(test)]
mod tests;
