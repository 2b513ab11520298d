//! The host on an operating system: stdout/stderr, the clock, files, and Ctrl-C.

use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use vm::host::{FileStat, OsError};

/// Set by the SIGINT handler; read (and cleared) by the VM at its safe points.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

pub struct OsHost {
    start: Instant,
    out: std::io::BufWriter<std::io::Stdout>,
}

impl OsHost {
    pub fn new() -> OsHost {
        OsHost { start: Instant::now(), out: std::io::BufWriter::with_capacity(1 << 14, std::io::stdout()) }
    }
}

fn os_err(e: std::io::Error) -> OsError {
    OsError(e.raw_os_error().unwrap_or(vm::host::errno::EIO))
}

impl vm::Host for OsHost {
    fn write(&mut self, bytes: &[u8]) {
        let _ = self.out.write_all(bytes);
    }

    fn write_err(&mut self, bytes: &[u8]) {
        let _ = self.out.flush();
        let _ = std::io::stderr().write_all(bytes);
    }

    fn flush(&mut self) {
        let _ = self.out.flush();
    }

    fn read_line(&mut self) -> Option<String> {
        let _ = self.out.flush();
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
        std::fs::read(path).map_err(os_err)
    }

    fn write_file(&mut self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        let mut f = std::fs::OpenOptions::new().write(true).create(true).append(append).truncate(!append).open(path).map_err(os_err)?;
        f.write_all(data).map_err(os_err)
    }

    fn stat(&mut self, path: &str) -> Result<FileStat, OsError> {
        let m = std::fs::metadata(path).map_err(os_err)?;
        let mtime = m.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
        Ok(FileStat { is_dir: m.is_dir(), size: m.len(), mtime })
    }

    fn list_dir(&mut self, path: &str) -> Result<Vec<String>, OsError> {
        let dir = if path.is_empty() { "." } else { path };
        let mut names: Vec<String> = std::fs::read_dir(dir).map_err(os_err)?.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        Ok(names)
    }

    fn remove(&mut self, path: &str) -> Result<(), OsError> {
        std::fs::remove_file(path).map_err(os_err)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), OsError> {
        std::fs::rename(from, to).map_err(os_err)
    }

    fn mkdir(&mut self, path: &str) -> Result<(), OsError> {
        std::fs::create_dir(path).map_err(os_err)
    }

    fn rmdir(&mut self, path: &str) -> Result<(), OsError> {
        std::fs::remove_dir(path).map_err(os_err)
    }

    fn getcwd(&mut self) -> String {
        std::env::current_dir().map(|p| p.to_string_lossy().into_owned()).unwrap_or_else(|_| String::from("/"))
    }

    fn chdir(&mut self, path: &str) -> Result<(), OsError> {
        std::env::set_current_dir(path).map_err(os_err)
    }
}

impl Drop for OsHost {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}
