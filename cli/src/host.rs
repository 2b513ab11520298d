//! The host on an operating system: stdout/stderr (or a pty, as a board's serial line), the
//! clock, files (optionally confined to a folder that is the board's `/`), and Ctrl-C.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use vm::host::{FileStat, OsError};

/// Set by the SIGINT handler; read (and cleared) by the VM at its safe points.
pub static INTERRUPTED: LazyLock<Arc<AtomicBool>> = LazyLock::new(Default::default);

/// Ctrl-C sets [`INTERRUPTED`] in the signal handler itself, so start-up spawns no thread.
pub fn catch_ctrl_c() {
    // Without the handler Ctrl-C ends the process, as it would in any program.
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&INTERRUPTED));
}

pub struct OsHost {
    start: Instant,
    out: std::io::BufWriter<Box<dyn Write>>,
    /// A serial line, not a terminal: each `\n` not after a `\r` goes out as `\r\n`, as
    /// MicroPython's `mp_hal_stdout_tx_strn_cooked` does on a board.
    cook: bool,
    last: u8,
    /// The folder that is the board's `/`: no path reaches outside it.
    root: Option<PathBuf>,
    /// The board's current folder (with `root`), `/`-separated from its `/`.
    cwd: String,
}

impl OsHost {
    /// The ordinary command: stdout, and the OS's own paths.
    pub fn new() -> OsHost {
        OsHost::with_output(Box::new(std::io::stdout()), false, None)
    }

    /// A board on a serial line: output to `out` with `\r\n` line ends, files under `root`.
    pub fn board(out: Box<dyn Write>, root: PathBuf) -> OsHost {
        OsHost::with_output(out, true, Some(root))
    }

    fn with_output(out: Box<dyn Write>, cook: bool, root: Option<PathBuf>) -> OsHost {
        OsHost {
            start: Instant::now(),
            out: std::io::BufWriter::with_capacity(1 << 14, out),
            cook,
            last: 0,
            root,
            cwd: String::from("/"),
        }
    }

    /// Where a program's path is on this machine: under `root` if there is one, with `..`
    /// stopping at it.
    fn path(&self, path: &str) -> PathBuf {
        let Some(root) = &self.root else {
            return PathBuf::from(path);
        };
        root.join(self.board_path(path).trim_start_matches('/'))
    }

    /// A path as the board sees it: absolute, without `.` and `..`.
    fn board_path(&self, path: &str) -> String {
        vm::host::resolve_path(&self.cwd, path)
    }
}

fn os_err(e: std::io::Error) -> OsError {
    OsError(e.raw_os_error().unwrap_or(vm::host::errno::EIO))
}

impl vm::Host for OsHost {
    fn write(&mut self, bytes: &[u8]) {
        if !self.cook {
            let _ = self.out.write_all(bytes);
            return;
        }
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let prev = if i == 0 { self.last } else { bytes[i - 1] };
            if b == b'\n' && prev != b'\r' {
                let _ = self.out.write_all(&bytes[from..i]);
                let _ = self.out.write_all(b"\r");
                from = i;
            }
        }
        let _ = self.out.write_all(&bytes[from..]);
        if let Some(&b) = bytes.last() {
            self.last = b;
        }
    }

    fn write_err(&mut self, bytes: &[u8]) {
        if self.root.is_some() {
            // A board has one serial line.
            return self.write(bytes);
        }
        let _ = self.out.flush();
        let _ = std::io::stderr().write_all(bytes);
    }

    fn flush(&mut self) {
        let _ = self.out.flush();
    }

    fn read_line(&mut self) -> Option<String> {
        let _ = self.out.flush();
        if self.root.is_some() {
            // The REPL answers input() on the serial line; stdin is not the board's.
            return None;
        }
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                while line.ends_with('\n') || line.ends_with('\r') {
                    line.pop();
                }
                Some(line)
            }
        }
    }

    fn ticks_us(&mut self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }

    fn time_ns(&mut self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
    }

    fn sleep_us(&mut self, us: u64) {
        let _ = self.out.flush();
        // Sleep in slices so Ctrl-C is noticed promptly.
        let end = Instant::now() + std::time::Duration::from_micros(us);
        while !INTERRUPTED.load(Ordering::Relaxed) {
            let now = Instant::now();
            if now >= end {
                break;
            }
            std::thread::sleep((end - now).min(std::time::Duration::from_millis(20)));
        }
    }

    fn interrupted(&mut self) -> bool {
        INTERRUPTED.swap(false, Ordering::Relaxed)
    }

    fn random_seed(&mut self) -> u64 {
        self.time_ns() ^ (std::process::id() as u64) << 32
    }

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, OsError> {
        std::fs::read(self.path(path)).map_err(os_err)
    }

    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        let mut f = std::fs::OpenOptions::new().write(true).create(true).append(append).truncate(!append).open(self.path(path)).map_err(os_err)?;
        f.write_all(data).map_err(os_err)
    }

    fn stat(&mut self, path: &str) -> Result<FileStat, OsError> {
        let m = std::fs::metadata(self.path(path)).map_err(os_err)?;
        let mtime = m.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
        Ok(FileStat { is_dir: m.is_dir(), size: m.len(), mtime })
    }

    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, OsError> {
        let dir = self.path(if path.is_empty() { "." } else { path });
        let mut names: Vec<String> = std::fs::read_dir(dir).map_err(os_err)?.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        Ok(names)
    }

    fn remove(&mut self, path: &str) -> Result<(), OsError> {
        std::fs::remove_file(self.path(path)).map_err(os_err)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), OsError> {
        std::fs::rename(self.path(from), self.path(to)).map_err(os_err)
    }

    fn mkdir(&mut self, path: &str) -> Result<(), OsError> {
        std::fs::create_dir(self.path(path)).map_err(os_err)
    }

    fn rmdir(&mut self, path: &str) -> Result<(), OsError> {
        std::fs::remove_dir(self.path(path)).map_err(os_err)
    }

    fn getcwd(&mut self) -> String {
        if self.root.is_some() {
            return self.cwd.clone();
        }
        std::env::current_dir().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| String::from("/"))
    }

    fn chdir(&mut self, path: &str) -> Result<(), OsError> {
        if self.root.is_none() {
            return std::env::set_current_dir(path).map_err(os_err);
        }
        if !std::fs::metadata(self.path(path)).map_err(os_err)?.is_dir() {
            return Err(OsError(vm::host::errno::ENOTDIR));
        }
        self.cwd = self.board_path(path);
        Ok(())
    }
}

impl Drop for OsHost {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_paths_stay_under_the_root() {
        let mut h = OsHost::board(Box::new(std::io::sink()), PathBuf::from("/r"));
        assert_eq!(h.path("main.py"), PathBuf::from("/r/main.py"));
        assert_eq!(h.path("/lib/../../../etc/passwd"), PathBuf::from("/r/etc/passwd"));
        assert_eq!(h.path("../../x"), PathBuf::from("/r/x"));
        h.cwd = String::from("/lib");
        assert_eq!(h.path("a/./b.py"), PathBuf::from("/r/lib/a/b.py"));
        assert_eq!(h.board_path(".."), "/");
    }
}
