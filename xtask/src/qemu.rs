//! `cargo xtask test --only qemu`: the VM and the firmware's port code on a 32-bit bare-metal
//! RISC-V machine (`qemu-system-riscv32 -machine virt`, harness in `firmware-esp32/qemu/`). A
//! list of conformance tests runs through the harness's raw REPL over the emulated 16550 UART
//! and must print their `.exp`; random bytes on the line must leave it answering; a build with
//! a ~128 KB heap must raise MemoryError, not crash.

use crate::bail;
use crate::rawrepl::RawRepl;
use crate::targets;
use crate::util::{self, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

/// The virt machine runs RV32GC; the harness uses the ESP32-C6's target (atomics, compressed).
pub const TARGET: &str = "riscv32imac-unknown-none-elf";
const BOOT_TIMEOUT: Duration = Duration::from_secs(20);
/// One script under TCG emulation on a loaded 2-core machine.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// A running harness, killed when dropped.
struct Board {
    child: Child,
    repl: RawRepl<ChildStdin>,
}

impl Board {
    fn boot(qemu: &Path, elf: &Path) -> Result<Board> {
        let mut cmd = Command::new(qemu);
        // No -nographic: its stdio multiplexer would take Ctrl-A, the raw REPL's key.
        cmd.args(["-machine", "virt", "-bios", "none", "-display", "none", "-monitor", "none"])
            .args(["-serial", "stdio", "-kernel"])
            .arg(elf)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().map_err(|e| format!("could not start {}: {e}", qemu.display()))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            bail!("qemu started without its console pipes");
        };
        let mut board = Board { child, repl: RawRepl::new(input, output) };
        board.repl.read_until(b">>> ", BOOT_TIMEOUT)?;
        board.repl.enter(BOOT_TIMEOUT)?;
        Ok(board)
    }
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Build the harness (`small_heap`: the ~128 KB variant) and copy it to a name of its own.
fn build(small_heap: bool) -> Result<PathBuf> {
    let mut cmd = util::firmware_cargo(TARGET);
    cmd.args(["-p", "ferrite-qemu"]);
    if small_heap {
        cmd.args(["--features", "small-heap"]);
    }
    util::run(&mut cmd)?;
    let dir = util::target_dir().join("firmware-esp32");
    let built = dir.join(TARGET).join("release").join("ferrite-qemu");
    let name = if small_heap { "ferrite-qemu-small.elf" } else { "ferrite-qemu.elf" };
    let copy = dir.join(name);
    fs::copy(&built, &copy).map_err(|e| format!("could not copy {}: {e}", built.display()))?;
    Ok(copy)
}

/// The tests named in `list` (one path a line, `#` comments).
pub fn parse_list(list: &str) -> Vec<&str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// Run `script`, compare with `expected`; a mismatch or a traceback is a failure message.
fn check(board: &mut Board, name: &str, script: &Path, expected: &Path) -> Result<()> {
    let read = |p: &Path| fs::read(p).map_err(|e| util::Error(format!("could not read {}: {e}", p.display())));
    let (source, want) = (read(script)?, read(expected)?);
    let ran = board.repl.exec(&source, SCRIPT_TIMEOUT)?;
    let got = util::normalise_output(&ran.stdout);
    if got != util::normalise_output(&want) || !ran.stderr.is_empty() {
        bail!(
            "{name}: output differs from {}\n--- expected\n{}\n--- got\n{}{}",
            expected.display(),
            String::from_utf8_lossy(&want),
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&ran.stderr)
        );
    }
    Ok(())
}

/// Bytes a serial line might carry: noise, control keys, half-sent escape sequences. A small
/// xorshift generator makes them, so every run sends the same ones.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// After noise on the line the board still answers: it interrupts whatever the noise started,
/// enters the raw REPL and runs a program.
fn survives_noise(board: &mut Board) -> Result<()> {
    for seed in 1..=4u64 {
        board.repl.send(&noise(2048, seed))?;
        board.repl.enter(SCRIPT_TIMEOUT)?;
        let ran = board.repl.exec(b"print(6 * 7)", SCRIPT_TIMEOUT)?;
        if util::normalise_output(&ran.stdout) != b"42" || !ran.stderr.is_empty() {
            bail!("after noise (seed {seed}) the board printed {:?}", String::from_utf8_lossy(&ran.stdout));
        }
    }
    Ok(())
}

pub fn run() -> Result<()> {
    let qemu = util::ensure_tool("qemu-system-riscv32", "qemu-system-misc")?;
    targets::ensure_installed(&[TARGET])?;
    let tests_dir = util::firmware_dir().join("qemu").join("tests");
    let conformance = util::shared_dir()?.join("conformance").join("tests");
    let list_path = tests_dir.join("conformance.txt");
    let list = fs::read_to_string(&list_path).map_err(|e| format!("could not read {}: {e}", list_path.display()))?;

    let (mut passed, mut failures) = (0, Vec::new());
    let mut tally = |r: Result<()>| match r {
        Ok(()) => passed += 1,
        Err(e) => failures.push(e.0),
    };
    let mut board = Board::boot(&qemu, &build(false)?)?;
    for test in parse_list(&list) {
        let script = conformance.join(test);
        tally(check(&mut board, test, &script, &script.with_extension("exp")));
    }
    tally(survives_noise(&mut board));
    drop(board);
    let mut small = Board::boot(&qemu, &build(true)?)?;
    let script = tests_dir.join("small_heap.py");
    tally(check(&mut small, "small_heap.py", &script, &script.with_extension("exp")));
    drop(small);

    for f in &failures {
        eprintln!("FAIL {f}\n");
    }
    println!("qemu: {passed} passed, {} failed", failures.len());
    if !failures.is_empty() {
        bail!("{} script(s) failed on the qemu harness", failures.len());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_repeatable_and_varied() {
        assert_eq!(noise(64, 1), noise(64, 1));
        assert_ne!(noise(64, 1), noise(64, 2));
        let n = noise(4096, 3);
        assert!(n.contains(&0x03) && n.contains(&0x01) && n.contains(&0xff));
    }

    #[test]
    fn list_skips_comments_and_blanks() {
        assert_eq!(parse_list("# ints\nbasics/a.py\n\n  float/b.py \n#x\n"), vec!["basics/a.py", "float/b.py"]);
    }
}
