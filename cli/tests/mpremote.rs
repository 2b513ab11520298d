//! The REPL with real clients: mpremote from PyPI on `ferrite --pty`, and people's keys through
//! a real terminal (tmux) on `ferrite` and on `mpremote repl`.
//!
//! Run by `cargo xtask test --only mpremote`, which installs mpremote into `target/pyenv`
//! (and tmux with apt) and sets `FERRITE_MPREMOTE`. Not part of the plain `cargo test`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn mpremote_path() -> PathBuf {
    match std::env::var_os("FERRITE_MPREMOTE") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => panic!(
            "FERRITE_MPREMOTE is not set: these tests need the real mpremote. Run them with \
             `cargo xtask test --only mpremote`, which installs it into target/pyenv."
        ),
    }
}

/// A virtual board on a pty with its files in a fresh folder; killed when dropped.
struct Board {
    child: Child,
    pty: String,
    root: PathBuf,
}

impl Board {
    fn start(name: &str) -> Board {
        let root = std::env::temp_dir().join(format!("ferrite-mpremote-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("make the board's folder");
        let mut child = Command::new(common::ferrite())
            .args(["--pty", "--root"])
            .arg(&root)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start ferrite --pty");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read the pty path");
        let pty = line.trim().to_string();
        assert!(pty.starts_with("/dev/pts/"), "first line should be the pty path, got {line:?}");
        Board { child, pty, root }
    }

    /// `mpremote connect PTY ARGS...`, with a time limit so a hang fails instead of blocking.
    fn mpremote(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(mpremote_path());
        cmd.args(["connect", &self.pty]).args(args).current_dir(&self.root);
        run_limited(cmd, Duration::from_secs(60))
    }

    /// Its stdout, checking that it succeeded.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.mpremote(args);
        let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
        assert!(out.status.success(), "mpremote {:?} failed: {}\n{}", args, text, String::from_utf8_lossy(&out.stderr));
        text
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn run_limited(mut cmd: Command, limit: Duration) -> Output {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start the client");
    let pid = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = done.clone();
    let watchdog = std::thread::spawn(move || {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            if flag.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: kill(2) on the pid of our own child, which has not been reaped yet.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
    });
    let out = child.wait_with_output().expect("wait for the client");
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = watchdog.join();
    out
}

#[test]
fn exec_prints_the_result() {
    let board = Board::start("exec");
    assert_eq!(board.ok(&["exec", "print(sum(range(10)))"]), "45\n");
    // An error: the traceback, and mpremote fails.
    let out = board.mpremote(&["exec", "1/0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("ZeroDivisionError: divide by zero"));
    // The board keeps answering, connection after connection.
    assert_eq!(board.ok(&["eval", "6*7"]), "42\n");
}

#[test]
fn files_copy_list_print_and_remove() {
    let board = Board::start("fs");
    let local = board.root.join("..").join(format!("ferrite-local-{}.py", std::process::id()));
    let text = "print('hello from main')\nx = [i * i for i in range(5)]\n";
    std::fs::write(&local, text).expect("write the local file");
    let local_arg = local.to_string_lossy().into_owned();
    assert!(board.ok(&["fs", "cp", &local_arg, ":main.py"]).starts_with("cp "));
    assert_eq!(std::fs::read_to_string(board.root.join("main.py")).expect("copied into the board's folder"), text);
    let listing = board.ok(&["fs", "ls"]);
    assert_eq!(listing, format!("ls :\n{:12} main.py\n", text.len()));
    assert_eq!(board.ok(&["fs", "cat", ":main.py"]), text);
    // Back from the board, byte for byte.
    let back = board.root.join("..").join(format!("ferrite-back-{}.py", std::process::id()));
    board.ok(&["fs", "cp", ":main.py", &back.to_string_lossy()]);
    assert_eq!(std::fs::read_to_string(&back).expect("copied back"), text);
    board.ok(&["fs", "mkdir", ":lib"]);
    assert!(board.root.join("lib").is_dir());
    assert!(board.ok(&["fs", "ls"]).contains("           0 lib/\n"));
    board.ok(&["fs", "rmdir", ":lib"]);
    board.ok(&["fs", "rm", ":main.py"]);
    assert!(!board.root.join("main.py").exists());
    assert_eq!(board.ok(&["fs", "ls"]), "ls :\n");
    let missing = board.mpremote(&["fs", "cat", ":nothere.py"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("No such file or directory"));
    let _ = std::fs::remove_file(local);
    let _ = std::fs::remove_file(back);
}

#[test]
fn run_streams_output_while_the_script_runs() {
    let board = Board::start("run");
    let script = board.root.join("..").join(format!("ferrite-run-{}.py", std::process::id()));
    std::fs::write(&script, "import time\nprint('first')\ntime.sleep(2)\nprint('last')\n").expect("write the script");
    let mut child = Command::new(mpremote_path())
        .args(["connect", &board.pty, "run"])
        .arg(&script)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start mpremote run");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("readable");
    assert_eq!(first.trim_end(), "first");
    assert!(child.try_wait().expect("status").is_none(), "the first line came only after the script ended");
    assert_eq!(lines.next().expect("a line").expect("readable").trim_end(), "last");
    assert!(child.wait().expect("status").success());
    let _ = std::fs::remove_file(script);
}

#[test]
fn soft_reset_clears_globals() {
    let board = Board::start("reset");
    let out = board.ok(&["exec", "x = 5", "exec", "print(x)", "soft-reset", "exec", "print('x' in globals())"]);
    assert_eq!(out, "5\nFalse\n");
}

#[test]
fn main_py_runs_at_a_soft_reset_of_the_friendly_repl() {
    let board = Board::start("main");
    std::fs::write(board.root.join("main.py"), "print('hi from main.py')\ngreeting = 1\n").expect("write main.py");
    // Ctrl-D at the friendly prompt, as a person on the serial line.
    let mut dev = std::fs::OpenOptions::new().read(true).write(true).open(&board.pty).expect("open the pty");
    dev.write_all(b"\x02\x04").expect("write");
    let want = b"MPY: soft reboot\r\nhi from main.py\r\nFerrite v";
    let seen = read_until(&mut dev, want);
    assert!(seen.windows(want.len()).any(|w| w == want), "{}", String::from_utf8_lossy(&seen));
    drop(dev);
    // `resume`: no soft reset on connecting, so main.py's globals are there.
    assert_eq!(board.ok(&["resume", "exec", "print(greeting)"]), "1\n");
    // mpremote's soft reset is in the raw REPL, where a board skips main.py.
    assert_eq!(board.ok(&["soft-reset", "exec", "print('greeting' in globals())"]), "False\n");
}

/// Read from a device until `want` has come (or 20 s have passed); all that was read.
fn read_until(dev: &mut std::fs::File, want: &[u8]) -> Vec<u8> {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    let mut got = Vec::new();
    let end = Instant::now() + Duration::from_secs(20);
    while Instant::now() < end && !got.windows(want.len()).any(|w| w == want) {
        let mut pfd = libc::pollfd { fd: dev.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd that lives across the call.
        if unsafe { libc::poll(&mut pfd, 1, 100) } > 0 {
            let mut buf = [0u8; 1024];
            match dev.read(&mut buf) {
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
    }
    got
}

#[test]
fn bad_input_leaves_the_repl_answering() {
    let board = Board::start("noise");
    {
        let mut dev = std::fs::OpenOptions::new().read(true).write(true).open(&board.pty).expect("open the pty");
        let mut seed: u32 = 12345;
        let mut noise = Vec::new();
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((seed >> 16) as u8);
        }
        // Half an escape sequence and half a raw-paste at the end, then hang up.
        noise.extend_from_slice(b"\x1b[1\x01\x05A\x01print(");
        dev.write_all(&noise).expect("write noise");
        std::thread::sleep(Duration::from_millis(300));
    }
    assert_eq!(board.ok(&["exec", "print('still here')"]), "still here\n");
    // A 1 MB program through raw-paste: refused with MemoryError, then the REPL answers.
    let big = board.root.join("..").join(format!("ferrite-big-{}.py", std::process::id()));
    let mut src = String::new();
    while src.len() < 1 << 20 {
        src.push_str("x = 1234567890\n");
    }
    std::fs::write(&big, &src).expect("write the big file");
    let out = board.mpremote(&["run", &big.to_string_lossy()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("MemoryError"), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(board.ok(&["exec", "print(1 + 1)"]), "2\n");
    // A client that disconnects in the middle of raw-paste.
    let mut cut = Command::new(mpremote_path())
        .args(["connect", &board.pty, "run"])
        .arg(&big)
        .stdout(Stdio::null())
        .spawn()
        .expect("start mpremote");
    std::thread::sleep(Duration::from_millis(700));
    let _ = cut.kill();
    let _ = cut.wait();
    assert_eq!(board.ok(&["exec", "print('after the hang-up')"]), "after the hang-up\n");
    let _ = std::fs::remove_file(big);
}

// ---- a real terminal: tmux

fn tmux() -> Command {
    let mut c = Command::new("tmux");
    c.args(["-L", &format!("ferrite-test-{}", std::process::id())]);
    c
}

/// A program in a detached tmux window of 100×30.
struct Screen {
    name: String,
}

impl Screen {
    fn open(name: &str, command: &str) -> Screen {
        let status = tmux()
            .args(["new-session", "-d", "-x", "100", "-y", "30", "-s", name, command])
            .status()
            .expect("tmux is needed for the terminal tests (cargo xtask test installs it)");
        assert!(status.success(), "tmux new-session failed");
        // Keep the window when the program ends, to see how it ended.
        let _ = tmux().args(["set-option", "-t", name, "remain-on-exit", "on"]).status();
        Screen { name: name.to_string() }
    }

    fn keys(&self, keys: &[&str]) {
        let status = tmux().args(["send-keys", "-t", &self.name]).args(keys).status().expect("tmux send-keys");
        assert!(status.success());
    }

    fn text(&self) -> String {
        let out = tmux().args(["capture-pane", "-p", "-t", &self.name]).output().expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `want` (the screen is the test's only view of the program).
    /// tmux drops spaces at the ends of lines, so they are not compared.
    fn wait_for(&self, want: &str) -> String {
        let trim = |s: &str| s.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n");
        let want = trim(want);
        let want = want.as_str();
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            let text = trim(&self.text());
            if text.contains(want) {
                return text;
            }
            assert!(Instant::now() < end, "the screen never showed {want:?}:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait until the program in the window has ended.
    fn wait_exit(&self, why: &str) {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            let out = tmux().args(["display-message", "-p", "-t", &self.name, "#{pane_dead}"]).output().expect("tmux");
            if String::from_utf8_lossy(&out.stdout).trim() == "1" {
                return;
            }
            assert!(Instant::now() < end, "{why}:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = tmux().args(["kill-session", "-t", &self.name]).status();
    }
}

fn quoted(p: &Path) -> String {
    format!("'{}'", p.to_string_lossy().replace('\'', "'\\''"))
}

#[test]
fn the_terminal_repl_takes_a_persons_keys() {
    let s = Screen::open("keys", &quoted(&common::ferrite()));
    s.wait_for("Type \"help()\" for more information.\n>>> ");
    s.keys(&["x = 4", "Enter", "x * 2", "Enter"]);
    s.wait_for(">>> x * 2\n8\n>>> ");
    // History: up twice brings back the first line; backspace, left arrow and typing edit it.
    s.keys(&["Up", "Up", "BSpace", "5", "Left", "Left", "Left", "Left", "y", "Enter", "xy", "Enter"]);
    s.wait_for(">>> xy = 5\n>>> xy\n5\n>>> ");
    // A block, auto-indented, ended by blank lines.
    s.keys(&["for i in range(3):", "Enter", "print(i * 10)", "Enter", "Enter", "Enter", "Enter"]);
    s.wait_for("0\n10\n20\n>>> ");
    // Tab: one match is inserted, several are listed.
    s.keys(&["import sys", "Enter", "sys.pl", "Tab", "Enter"]);
    s.wait_for(">>> sys.platform\n'linux'\n>>> ");
    s.keys(&["sys.p", "Tab"]);
    s.wait_for("platform        print_exception");
    // Ctrl-C cancels the line; a running loop gets KeyboardInterrupt.
    s.keys(&["C-c", "while True: pass", "Enter", "Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    s.keys(&["C-c"]);
    s.wait_for("KeyboardInterrupt: \n>>> ");
    // Paste mode.
    s.keys(&["C-e"]);
    s.wait_for("paste mode; Ctrl-C to cancel, Ctrl-D to finish\n=== ");
    s.keys(&["a = 'pas'", "Enter", "print(a + 'ted')", "Enter", "C-d"]);
    s.wait_for("pasted\n>>> ");
    // input() reads the same keys.
    s.keys(&["n = input('name? ')", "Enter"]);
    s.wait_for("name? ");
    s.keys(&["Ada", "Enter", "n", "Enter"]);
    s.wait_for("'Ada'\n>>> ");
    // Ctrl-D at an empty prompt ends the session, as MicroPython's unix port.
    s.keys(&["C-d"]);
    s.wait_exit("ferrite did not exit at Ctrl-D");
}

#[test]
fn mpremote_repl_in_a_terminal() {
    let board = Board::start("repl");
    let cmd = format!("{} connect {} repl", quoted(&mpremote_path()), board.pty);
    let s = Screen::open("mpremote", &cmd);
    s.wait_for("Use Ctrl-] or Ctrl-x to exit this shell");
    s.keys(&["Enter"]);
    s.wait_for(">>> ");
    s.keys(&["print('via', 'mpremote')", "Enter"]);
    s.wait_for("via mpremote\n>>> ");
    s.keys(&["C-]"]);
    s.wait_exit("mpremote did not leave at Ctrl-]");
    // The board answers the next client.
    assert_eq!(board.ok(&["exec", "print('next')"]), "next\n");
}
