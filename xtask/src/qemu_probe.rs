//! The qemu harness's probe block (`firmware-esp32/qemu/src/probe.rs`, same addresses and
//! indices): config words loaded before boot, and counters read through qemu's monitor.

use crate::bail;
use crate::util::{Error, Result};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CONFIG: u32 = 0x8600_0000;
const STATS: u32 = 0x8600_0100;
/// The word the harness paints its stack with.
const PAINT: u32 = 0x5AC3_5AC3;

/// The harness's counters this side reads, numbered as in its `Stat` enum.
#[derive(Clone, Copy, Debug)]
pub enum Stat {
    RunStart = 1,
    Prompt = 2,
    LastRead = 3,
    LastWrite = 4,
    Idles = 5,
    LastIdle = 6,
    AllocFailures = 7,
    Hwm0 = 10,
    Hwm1 = 13,
    StackLow = 14,
    StackHigh = 15,
    Live = 16,
    PeakLive = 17,
    Hwm2 = 20,
}
const STAT_COUNT: usize = Stat::Hwm2 as usize + 1;

/// Sizes of the harness's three allocator regions (0: none), as a chip's `heap.rs` sets them.
pub type Regions = [usize; 3];

/// qemu arguments that give the harness allocator regions of these sizes and, unless 0, a VM
/// heap of `vm_heap` bytes (else the firmware's rule for the regions).
pub fn config_args(regions: Regions, vm_heap: usize) -> Vec<String> {
    [regions[0], regions[1], vm_heap, regions[2]]
        .iter()
        .enumerate()
        .flat_map(|(i, v)| ["-device".to_string(), format!("loader,addr={:#x},data={v},data-len=4", CONFIG + 4 * i as u32)])
        .collect()
}

/// qemu's human monitor on a unix socket.
pub struct Monitor {
    stream: UnixStream,
    pub dir: PathBuf,
}

/// The monitor socket for a qemu started with [`Monitor::args`].
fn socket(dir: &Path) -> PathBuf {
    dir.join("monitor.sock")
}

impl Monitor {
    /// The qemu arguments for a monitor in `dir`.
    pub fn args(dir: &Path) -> Vec<String> {
        let _ = std::fs::remove_file(socket(dir));
        vec!["-monitor".into(), format!("unix:{},server=on,wait=off", socket(dir).display())]
    }

    pub fn connect(dir: &Path) -> Result<Monitor> {
        let stream = UnixStream::connect(socket(dir)).map_err(|e| format!("could not reach qemu's monitor: {e}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(|e| format!("monitor socket: {e}"))?;
        let mut m = Monitor { stream, dir: dir.to_path_buf() };
        m.until_prompt()?;
        Ok(m)
    }

    fn until_prompt(&mut self) -> Result<String> {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        let start = Instant::now();
        while !out.ends_with(b"(qemu) ") {
            if start.elapsed() > Duration::from_secs(10) {
                bail!("qemu's monitor did not answer");
            }
            let n = self.stream.read(&mut buf).map_err(|e| format!("reading qemu's monitor: {e}"))?;
            if n == 0 {
                bail!("qemu's monitor closed");
            }
            out.extend_from_slice(&buf[..n]);
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    pub fn command(&mut self, line: &str) -> Result<String> {
        self.stream
            .write_all(format!("{line}\n").as_bytes())
            .map_err(|e| format!("writing to qemu's monitor: {e}"))?;
        self.until_prompt()
    }

    /// `n` words of guest memory from `addr`.
    pub fn words(&mut self, addr: u32, n: usize) -> Result<Vec<u32>> {
        let out = self.command(&format!("xp /{n}wx {addr:#x}"))?;
        // Lines `00000000860001000: 0x… 0x…` (the echoed command line comes first).
        let words: Vec<u32> = out
            .lines()
            .filter_map(|l| l.split_once(": "))
            .filter(|(a, _)| a.len() == 16 && a.chars().all(|c| c.is_ascii_hexdigit()))
            .flat_map(|(_, rest)| rest.split_whitespace().filter_map(|w| u32::from_str_radix(w.trim_start_matches("0x"), 16).ok()))
            .collect();
        if words.len() != n {
            bail!("qemu's monitor gave {} of {n} words: {out:?}", words.len());
        }
        Ok(words)
    }

    pub fn stats(&mut self) -> Result<Stats> {
        Ok(Stats(self.words(STATS, STAT_COUNT)?))
    }

    /// `len` bytes of guest memory from `addr`, through a file.
    pub fn dump(&mut self, addr: u32, len: u32) -> Result<Vec<u8>> {
        let file = self.dir.join("dump.bin");
        self.command(&format!("pmemsave {addr:#x} {len} \"{}\"", file.display()))?;
        std::fs::read(&file).map_err(|e| Error(format!("could not read {}: {e}", file.display())))
    }

    /// The deepest the stack has been below the painted range's top, in bytes.
    pub fn stack_peak(&mut self) -> Result<u32> {
        let s = self.stats()?;
        let (low, high) = (s.get(Stat::StackLow), s.get(Stat::StackHigh));
        let bytes = self.dump(low, high - low)?;
        let untouched = bytes.chunks_exact(4).take_while(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]) == PAINT).count();
        Ok(high - low - 4 * untouched as u32)
    }
}

pub struct Stats(Vec<u32>);

impl Stats {
    pub fn get(&self, s: Stat) -> u32 {
        self.0[s as usize]
    }
    /// Instructions from `a` to `b` (the counters wrap at 2³²).
    pub fn between(&self, a: Stat, b: Stat) -> u32 {
        self.get(b).wrapping_sub(self.get(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_loads_four_words() {
        let a = config_args([240 * 1024, 64 * 1024, 8192], 0);
        assert_eq!(a.len(), 8);
        assert_eq!(a[1], "loader,addr=0x86000000,data=245760,data-len=4");
        assert_eq!(a[5], "loader,addr=0x86000008,data=0,data-len=4");
        assert_eq!(a[7], "loader,addr=0x8600000c,data=8192,data-len=4");
    }
}
