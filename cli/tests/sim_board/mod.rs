//! A `ferrite simulate-rom --pty` process for tests: started, its pty path read, killed on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct SimBoard {
    child: Child,
    pub port: String,
    pub flash_file: PathBuf,
    pub stats_file: PathBuf,
    dir: PathBuf,
}

pub fn ferrite() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ferrite"))
}

impl SimBoard {
    /// A simulated `chip` board with erased flash, in a fresh folder named after `test`.
    pub fn start(chip: &str, test: &str) -> SimBoard {
        let dir = std::env::temp_dir().join(format!("ferrite-sim-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let flash_file = dir.join("flash.bin");
        let stats_file = dir.join("stats.json");
        let mut child = Command::new(ferrite())
            .args(["simulate-rom", "--chip", chip, "--pty", "--flash-size", "4MB"])
            .arg("--flash-file")
            .arg(&flash_file)
            .arg("--stats")
            .arg(&stats_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start ferrite simulate-rom");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("read pty path");
        let port = line.trim().to_string();
        assert!(port.starts_with("/dev/pts/"), "first line should be the pty path, got {line:?}");
        SimBoard { child, port, flash_file, stats_file, dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The flash contents, once the simulator has gone idle and saved them.
    pub fn flash(&self) -> Vec<u8> {
        let t0 = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(450));
            if let Ok(f) = std::fs::read(&self.flash_file) {
                return f;
            }
            assert!(t0.elapsed() < Duration::from_secs(10), "the simulator never saved its flash");
        }
    }
}

impl Drop for SimBoard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Run a command with a time limit; its output as text (stdout then stderr) and exit status.
pub fn run(cmd: &mut Command, limit: Duration) -> (bool, String) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let t0 = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if t0.elapsed() > limit {
            let _ = child.kill();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let Output { status, stdout, stderr } = child.wait_with_output().expect("output");
    (status.success(), format!("{}{}", String::from_utf8_lossy(&stdout), String::from_utf8_lossy(&stderr)))
}

pub use flasher::sim::sample_image as test_image;

pub fn write(path: &Path, data: &[u8]) {
    std::fs::write(path, data).expect("write test file");
}
