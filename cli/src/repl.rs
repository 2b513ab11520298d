//! The interactive `ferrite`: the VM's REPL state machine (`vm::repl`) on this terminal in raw
//! mode, or on a pseudo-terminal that tools open as a board's serial port. Piped stdin runs as
//! one program, as MicroPython's unix port does.

use std::io::{IsTerminal, Read};
use std::os::fd::AsRawFd;

use vm::repl::{Repl, ReplConfig, ReplPoll};
use vm::Vm;

use crate::pty::Pty;

/// Instructions per slice between looks at the input.
const SLICE: u64 = 20_000;

/// The banner's date and machine, as MicroPython's `on DATE; MACHINE`.
fn banner(system: &str) -> String {
    format!("{}; {} [Ferrite] with {}", env!("FERRITE_BUILD_DATE"), system, std::env::consts::ARCH)
}

/// Feed input to the REPL and run it until the session ends. `read(timeout_ms)` gives the
/// bytes that came (empty when none did), or None when the input is gone.
fn drive(vm: &mut Vm, repl: &mut Repl, mut read: impl FnMut(i32) -> Option<Vec<u8>>) -> i32 {
    repl.start(vm);
    loop {
        let timeout = match repl.poll(vm, SLICE) {
            ReplPoll::Exit(status) => return status,
            ReplPoll::Busy => 0,
            ReplPoll::Idle => 1000,
            ReplPoll::Sleep(until) => {
                let now = vm.host.ticks_us();
                (until.saturating_sub(now) / 1000).min(1000) as i32
            }
        };
        match read(timeout) {
            Some(bytes) => repl.feed(vm, &bytes),
            None => return 0,
        }
    }
}

/// `ferrite` with no script: the REPL on this terminal, or run piped stdin.
pub fn run(vm: &mut Vm) -> i32 {
    if !std::io::stdin().is_terminal() {
        let mut src = Vec::new();
        if std::io::stdin().read_to_end(&mut src).is_err() {
            return 1;
        }
        return crate::run_source(vm, &String::from_utf8_lossy(&src), "<stdin>");
    }
    let _raw = match RawMode::enter() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ferrite: cannot set up the terminal: {e}");
            return 1;
        }
    };
    let config = ReplConfig { banner: banner(std::env::consts::OS), end_session_on_exit: true, ..ReplConfig::default() };
    let mut repl = Repl::new(config);
    let fd = std::io::stdin().as_raw_fd();
    drive(vm, &mut repl, |timeout| {
        if !wait_readable(fd, timeout) {
            return Some(Vec::new());
        }
        let mut buf = [0u8; 4096];
        match std::io::stdin().lock().read(&mut buf) {
            Ok(0) | Err(_) => None,
            Ok(n) => Some(buf[..n].to_vec()),
        }
    })
}

/// `ferrite --pty`: a board on a pseudo-terminal, until killed. The pty stays open across
/// clients, so tools can connect, leave and connect again.
pub fn serve_pty(vm: &mut Vm, mut pty: Pty) -> i32 {
    let config = ReplConfig { banner: banner("virtual board"), run_boot_files: true, ..ReplConfig::default() };
    let mut repl = Repl::new(config);
    drive(vm, &mut repl, |timeout| {
        let mut buf = [0u8; 4096];
        match pty.read_timeout(&mut buf, timeout) {
            Ok(n) => Some(buf[..n].to_vec()),
            Err(e) => {
                eprintln!("ferrite: the pty failed: {e}");
                None
            }
        }
    })
}

fn wait_readable(fd: libc::c_int, timeout_ms: i32) -> bool {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd that lives across the call.
    unsafe { libc::poll(&mut pfd, 1, timeout_ms) > 0 }
}

/// The terminal in MicroPython's raw mode (no line editing, echo or signals from the tty:
/// the REPL does them), restored when dropped — also when a panic unwinds.
struct RawMode {
    saved: libc::termios,
}

impl RawMode {
    fn enter() -> std::io::Result<RawMode> {
        let fd = std::io::stdin().as_raw_fd();
        // SAFETY: termios is plain data, filled by tcgetattr before use.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut t) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let saved = t;
            // As mp_hal_stdio_mode_raw: output processing stays, so `\n` still ends a line.
            t.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
            t.c_iflag &= !(libc::IXON | libc::ICRNL | libc::INLCR | libc::ISTRIP);
            t.c_cc[libc::VMIN] = 1;
            t.c_cc[libc::VTIME] = 0;
            if libc::tcsetattr(fd, libc::TCSANOW, &t) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(RawMode { saved })
        }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // SAFETY: restores the settings read in `enter` on the same descriptor.
        unsafe {
            libc::tcsetattr(std::io::stdin().as_raw_fd(), libc::TCSANOW, &self.saved);
        }
    }
}
