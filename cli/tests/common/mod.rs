//! Helpers shared by the integration tests of the `ferrite` binary (std only).
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The binary under test. `FERRITE_TEST_BIN` points the tests at another interpreter, e.g.
/// `FERRITE_TEST_BIN=../shared/anchors/micropython cargo test -p ferrite-cli` checks the tests
/// themselves against MicroPython.
pub fn ferrite() -> PathBuf {
    match std::env::var_os("FERRITE_TEST_BIN") {
        Some(p) if !p.is_empty() => {
            let p = PathBuf::from(p);
            // Relative to the repository root, where `cargo test` is usually started.
            if p.is_relative() && !p.exists() {
                repo_root().join(p)
            } else {
                std::fs::canonicalize(&p).unwrap_or(p)
            }
        }
        _ => PathBuf::from(env!("CARGO_BIN_EXE_ferrite")),
    }
}

/// The repository root (parent of the `cli` crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `../shared` beside the repository, else `/work/shared`; panics with a clear message.
pub fn shared_dir() -> PathBuf {
    let beside = repo_root().join("..").join("shared");
    if beside.is_dir() {
        return beside.canonicalize().unwrap_or(beside);
    }
    let fallback = PathBuf::from("/work/shared");
    if fallback.is_dir() {
        return fallback;
    }
    panic!(
        "the shared folder was not found: looked for {} and {}",
        beside.display(),
        fallback.display()
    );
}

/// A fresh scratch folder for this test process under cargo's per-target temp dir.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// xorshift64: deterministic pseudo-random numbers from a fixed seed.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Output kept from a stream: all of it up to `HEAD` bytes, then only the last `TAIL` bytes;
/// `panicked` says whether "panicked at" occurred anywhere in the stream.
#[derive(Debug, Default)]
pub struct Captured {
    pub head: Vec<u8>,
    pub tail: Vec<u8>,
    pub total: usize,
    pub panicked: bool,
}

const HEAD: usize = 256 << 10;
const TAIL: usize = 64 << 10;
const PANIC: &[u8] = b"panicked at";

impl Captured {
    /// The text kept (head, then `...` and the tail when the middle was dropped).
    pub fn text(&self) -> String {
        let mut s = String::from_utf8_lossy(&self.head).into_owned();
        if !self.tail.is_empty() {
            s.push_str("\n[...]\n");
            s.push_str(&String::from_utf8_lossy(&self.tail));
        }
        s
    }
    /// The last non-empty line kept.
    pub fn last_line(&self) -> String {
        self.text()
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim_end()
            .to_string()
    }
}

fn capture<R: Read + Send + 'static>(mut r: R) -> thread::JoinHandle<Captured> {
    thread::spawn(move || {
        let mut c = Captured::default();
        let mut buf = vec![0u8; 64 << 10];
        // The last bytes of the previous chunk, so "panicked at" split across reads is found.
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            c.total += n;
            carry.extend_from_slice(chunk);
            if !c.panicked && carry.windows(PANIC.len()).any(|w| w == PANIC) {
                c.panicked = true;
            }
            let keep = carry.len().min(PANIC.len() - 1);
            carry.drain(..carry.len() - keep);
            let room = HEAD - c.head.len().min(HEAD);
            let (h, t) = chunk.split_at(room.min(n));
            c.head.extend_from_slice(h);
            if !t.is_empty() {
                c.tail.extend_from_slice(t);
                if c.tail.len() > 2 * TAIL {
                    c.tail.drain(..c.tail.len() - TAIL);
                }
            }
        }
        if c.tail.len() > TAIL {
            c.tail.drain(..c.tail.len() - TAIL);
        }
        c
    })
}

/// How a run ended.
#[derive(Debug)]
pub struct Run {
    /// The exit status, or `None` when the process had to be killed with SIGKILL (hung).
    pub status: Option<ExitStatus>,
    pub stdout: Captured,
    pub stderr: Captured,
    /// The process outlived its time and was sent SIGINT.
    pub interrupted: bool,
    pub wall: Duration,
}

impl Run {
    /// Both streams' text, stdout first.
    pub fn output(&self) -> String {
        format!("{}{}", self.stdout.text(), self.stderr.text())
    }
    pub fn code(&self) -> Option<i32> {
        self.status.and_then(|s| s.code())
    }
    /// `exit status N`, `killed by signal N`, or `hung`.
    pub fn describe(&self) -> String {
        use std::os::unix::process::ExitStatusExt;
        match self.status {
            None => "hung (still running after SIGINT; killed)".into(),
            Some(s) => match (s.code(), s.signal()) {
                (Some(c), _) => format!("exit status {c}"),
                (_, Some(sig)) => format!(
                    "killed by signal {sig}{}",
                    if s.core_dumped() { " (core dumped)" } else { "" }
                ),
                _ => format!("{s}"),
            },
        }
    }
}

/// Send SIGINT to a child (with the `kill` command: the tests use std only).
pub fn interrupt(child: &Child) {
    let _ = Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
}

/// Poll until the child exits or `limit` passes.
fn wait_until(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    loop {
        if let Ok(Some(s)) = child.try_wait() {
            return Some(s);
        }
        if start.elapsed() >= limit {
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// How often SIGINT is repeated while waiting for an interrupted program to stop.
pub const INTERRUPT_EVERY: Duration = Duration::from_millis(200);

/// Run `cmd` with stdin closed. If it is still running after `timeout`, send SIGINT (repeated
/// every [`INTERRUPT_EVERY`]) for up to `grace`; if it still runs, kill it (status `None`).
pub fn run(cmd: &mut Command, timeout: Duration, grace: Duration) -> Run {
    run_with(cmd, timeout, grace, true)
}

/// [`run`], with SIGINT sent once (`repeat == false`) or every [`INTERRUPT_EVERY`].
pub fn run_with(cmd: &mut Command, timeout: Duration, grace: Duration, repeat: bool) -> Run {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {:?}: {e}", cmd.get_program()));
    let out = capture(child.stdout.take().unwrap());
    let err = capture(child.stderr.take().unwrap());
    let mut interrupted = false;
    let mut status = wait_until(&mut child, timeout);
    if status.is_none() {
        // SIGINT, repeated every 200 ms during the grace period: a program whose loop body
        // catches everything (`while 1: try: ... except: pass`) swallows the KeyboardInterrupts
        // that land inside its `try`, but not the ones that land outside it. An interpreter that
        // is stuck (not running bytecode) does not stop for any of them.
        interrupted = true;
        let until = Instant::now() + grace;
        let mut sent = false;
        while status.is_none() && Instant::now() < until {
            if repeat || !sent {
                interrupt(&child);
                sent = true;
            }
            status = wait_until(
                &mut child,
                INTERRUPT_EVERY.min(until.saturating_duration_since(Instant::now())),
            );
        }
        if status.is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    let wall = start.elapsed();
    Run {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        interrupted,
        wall,
    }
}

/// A counting semaphore: at most `n` interpreters run at once across this test binary.
pub struct Slots {
    free: Mutex<usize>,
    cv: Condvar,
}

impl Slots {
    pub const fn new(n: usize) -> Slots {
        Slots {
            free: Mutex::new(n),
            cv: Condvar::new(),
        }
    }
    pub fn acquire(&self) -> SlotGuard<'_> {
        let mut f = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *f == 0 {
            f = self.cv.wait(f).unwrap_or_else(|e| e.into_inner());
        }
        *f -= 1;
        SlotGuard(self)
    }
}

pub struct SlotGuard<'a>(&'a Slots);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.cv.notify_one();
    }
}

/// CRLF -> LF and at most one trailing newline dropped (as the conformance runner does).
pub fn normalise(b: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if !(b[i] == b'\r' && b.get(i + 1) == Some(&b'\n')) {
            v.push(b[i]);
        }
        i += 1;
    }
    if v.last() == Some(&b'\n') {
        v.pop();
    }
    v
}

/// Where two texts first differ: `line N: expected "...", got "..."`.
pub fn first_difference(expected: &[u8], got: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let g = String::from_utf8_lossy(got);
    let (el, gl): (Vec<&str>, Vec<&str>) = (e.split('\n').collect(), g.split('\n').collect());
    for i in 0..el.len().max(gl.len()) {
        let (x, y) = (el.get(i).copied(), gl.get(i).copied());
        if x != y {
            let show = |s: Option<&str>| match s {
                Some(s) => format!("{:?}", s.chars().take(120).collect::<String>()),
                None => "<missing>".into(),
            };
            return format!("line {}: expected {}, got {}", i + 1, show(x), show(y));
        }
    }
    "identical".into()
}
