//! Running a child process with a timeout, capturing its output, wall time and peak RSS.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What a finished (or killed) child did.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// From spawn until the child exited (not counting the draining of its pipes).
    pub wall: Duration,
    /// Peak resident set size of the child, in KiB (`ru_maxrss` from `wait4`).
    pub max_rss_kb: u64,
    /// The child outlived the timeout and was killed with SIGKILL.
    pub timed_out: bool,
}

impl Finished {
    /// A short description of how the child ended, for messages.
    pub fn describe(&self) -> String {
        if self.timed_out {
            "timed out".into()
        } else if let Some(code) = self.status.code() {
            format!("exit status {code}")
        } else if let Some(sig) = self.status.signal() {
            format!("killed by signal {sig}")
        } else {
            format!("{}", self.status)
        }
    }
}

/// Run `cmd` to the end with stdin closed, capturing stdout and stderr; kill it with SIGKILL
/// after `timeout` (if any). Also measures wall time and the child's peak RSS.
///
/// About the RSS figure: the kernel folds the memory a process had *before* its exec into its
/// `ru_maxrss`. With vfork/posix_spawn (std's default) that is this whole process's peak RSS,
/// which would bury the 2 MB of a small interpreter, so the child is started with fork+exec
/// instead: then only the pages the fork copied count (this process's anonymous memory, a few
/// hundred KiB for a lean xtask: `true` measures about 1 MB, like under `/usr/bin/time`).
/// Keep the measuring process lean: its anonymous memory is a floor under every figure.
pub fn run_with_timeout(cmd: &mut Command, timeout: Option<Duration>) -> std::io::Result<Finished> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: the closure does nothing, so it is trivially async-signal-safe; its presence makes
    // std use fork instead of posix_spawn (see above).
    unsafe {
        cmd.pre_exec(|| Ok(()));
    }
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());

    // The watchdog kills the child unless told (by the channel closing) that it has exited.
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = timeout.map(|t| {
        thread::spawn(move || match done_rx.recv_timeout(t) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // SAFETY: plain syscall; the child is not reaped yet (see waitid below), so the
                // pid cannot have been reused.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                true
            }
            _ => false,
        })
    });

    // Wait for the exit without reaping (WNOWAIT), so the pid stays ours while the watchdog may
    // still use it; then stop the watchdog, then reap with wait4 for the resource usage.
    loop {
        // SAFETY: siginfo is plain data written by the kernel.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if r == 0 {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let wall = start.elapsed();
    drop(done_tx);
    let timed_out = watchdog.map(|w| w.join().unwrap_or(false)).unwrap_or(false);

    let mut raw_status: libc::c_int = 0;
    // SAFETY: rusage is plain data written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut raw_status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    // `child` is already reaped; dropping a std Child does not wait, so nothing else touches it.
    drop(child);
    Ok(Finished {
        status: ExitStatus::from_raw(raw_status),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        wall,
        max_rss_kb: usage.ru_maxrss.max(0) as u64,
        timed_out,
    })
}

fn drain<R: Read + Send + 'static>(r: Option<R>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            let _ = r.read_to_end(&mut buf);
        }
        buf
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Held by tests that allocate megabytes, so the RSS test does not fork a copy of them.
    static BIG: Mutex<()> = Mutex::new(());

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn captures_output_and_status() {
        let f = run_with_timeout(&mut sh("echo out; echo err >&2; exit 3"), Some(Duration::from_secs(10))).unwrap();
        assert_eq!(f.stdout, b"out\n");
        assert_eq!(f.stderr, b"err\n");
        assert_eq!(f.status.code(), Some(3));
        assert!(!f.timed_out);
        assert_eq!(f.describe(), "exit status 3");
    }

    #[test]
    fn kills_on_timeout() {
        let t0 = Instant::now();
        let f = run_with_timeout(&mut sh("exec sleep 20"), Some(Duration::from_millis(300))).unwrap();
        assert!(f.timed_out);
        assert_eq!(f.status.signal(), Some(libc::SIGKILL));
        assert!(t0.elapsed() < Duration::from_secs(5));
        assert!(f.wall >= Duration::from_millis(300));
        assert_eq!(f.describe(), "timed out");
    }

    #[test]
    fn reports_signals() {
        let f = run_with_timeout(&mut sh("kill -SEGV $$"), None).unwrap();
        assert_eq!(f.status.signal(), Some(libc::SIGSEGV));
        assert!(f.describe().contains("signal 11"));
    }

    #[test]
    fn large_output_does_not_block() {
        let _big_allocations = BIG.lock();
        let f = run_with_timeout(&mut sh("head -c 3000000 /dev/zero"), Some(Duration::from_secs(20))).unwrap();
        assert_eq!(f.stdout.len(), 3_000_000);
        assert!(f.status.success());
    }

    #[test]
    fn measures_peak_rss_of_the_child_not_ours() {
        let _big_allocations = BIG.lock();
        // This test process has a peak RSS of 3+ MB (mostly the mapped test binary): with vfork
        // it would show up here (seen: 3 MB for `true`); with fork `true` measures about 1 MB.
        let small = run_with_timeout(&mut Command::new("true"), None).unwrap();
        assert!(small.max_rss_kb > 0);
        assert!(small.max_rss_kb < 2 << 10, "true used {} KiB", small.max_rss_kb);
        // 40 MB of a shell variable shows up.
        let big = run_with_timeout(
            &mut sh("x=$(head -c 40000000 /dev/zero | tr '\\0' a); echo ${#x}"),
            None,
        )
        .unwrap();
        assert_eq!(big.stdout, b"40000000\n");
        assert!(big.max_rss_kb > 40_000, "got {} KiB", big.max_rss_kb);
    }

    #[test]
    fn missing_program_is_an_error() {
        assert!(run_with_timeout(&mut Command::new("/nonexistent/prog"), None).is_err());
    }
}
