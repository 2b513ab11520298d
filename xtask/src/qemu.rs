//! `cargo xtask test --only qemu`: the VM and the firmware's port code on a 32-bit bare-metal
//! RISC-V machine (`qemu-system-riscv32 -machine virt`, harness in `firmware-esp32/qemu/`). A
//! list of conformance tests runs through the harness's raw REPL over the emulated 16550 UART
//! and must print their `.exp`; random bytes on the line must leave it answering; a boot with
//! a 128 KB VM heap must raise MemoryError, not crash, and so must every way of filling the heap
//! at each chip's layout (`fill_heap.py`). Files in its RAM "flash": `files.py`,
//! `boot.py`/`main.py` at soft reset (a traceback, Ctrl-C), a damaged store reformatted with a
//! message, and `mpremote fs` over the emulated UART on a pty. The port's own unit tests (the
//! file store on a RAM flash, power cuts included) run first.

use crate::bail;
use crate::qemu_probe;
use crate::rawrepl::RawRepl;
use crate::targets;
use crate::util::{self, Result};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

/// The virt machine runs RV32GC; the harness uses the ESP32-C6's target (atomics, compressed).
pub const TARGET: &str = "riscv32imac-unknown-none-elf";
pub const BOOT_TIMEOUT: Duration = Duration::from_secs(20);
/// One script under TCG emulation on a loaded 2-core machine.
pub const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// The small-heap check's allocator region: ~128 KB free after boot (`gc.mem_free()`: the
/// region less `vm_heap_size`'s reserve and the ~66 KB the port and VM hold at boot).
const SMALL_ARENA: usize = 218 * 1024;

/// A running harness, killed when dropped.
pub struct Board {
    child: Child,
    pub repl: RawRepl<ChildStdin>,
}

/// The harness's flash for files (`qemu/src/main.rs`): where and how large.
const FLASH_ADDR: &str = "0x81000000";
const FLASH_LEN: usize = 256 * 1024;

/// `qemu-system-riscv32` running `elf` with `extra` arguments, its UART on `serial`.
fn qemu_command(qemu: &Path, elf: &Path, serial: &str, extra: &[String]) -> Command {
    let mut cmd = Command::new(qemu);
    // No -nographic: its stdio multiplexer would take Ctrl-A, the raw REPL's key.
    cmd.args(["-machine", "virt", "-bios", "none", "-display", "none"]);
    if !extra.iter().any(|a| a == "-monitor") {
        cmd.args(["-monitor", "none"]);
    }
    cmd.args(["-serial", serial])
        .args(extra)
        .arg("-kernel")
        .arg(elf);
    cmd
}

impl Board {
    pub fn boot(qemu: &Path, elf: &Path) -> Result<Board> {
        Ok(Board::boot_with(qemu, elf, &[])?.0)
    }

    /// Boot with `extra` qemu arguments; also what the board printed up to its first prompt.
    pub fn boot_with(qemu: &Path, elf: &Path, extra: &[String]) -> Result<(Board, Vec<u8>)> {
        let mut cmd = qemu_command(qemu, elf, "stdio", extra);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().map_err(|e| format!("could not start {}: {e}", qemu.display()))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            bail!("qemu started without its console pipes");
        };
        let mut board = Board { child, repl: RawRepl::new(input, output) };
        let booted = board.repl.read_until(b">>> ", BOOT_TIMEOUT)?;
        board.repl.enter(BOOT_TIMEOUT)?;
        Ok((board, booted))
    }

    /// Run `source` in the raw REPL; it must print nothing on stderr.
    pub fn exec_ok(&mut self, source: &str) -> Result<Vec<u8>> {
        let ran = self.repl.exec(source.as_bytes(), SCRIPT_TIMEOUT)?;
        if !ran.stderr.is_empty() {
            bail!("{source:?} raised: {}", String::from_utf8_lossy(&ran.stderr));
        }
        Ok(util::normalise_output(&ran.stdout))
    }

    /// Leave the raw REPL and soft-reset from the friendly one, where boot.py and main.py run;
    /// what the board printed between `MPY: soft reboot` and `until`.
    fn soft_reset(&mut self, until: &[u8]) -> Result<Vec<u8>> {
        self.repl.send(b"\x02")?;
        self.repl.read_until(b">>> ", SCRIPT_TIMEOUT)?;
        self.repl.send(b"\x04")?;
        self.repl.read_until(b"MPY: soft reboot\r\n", SCRIPT_TIMEOUT)?;
        self.repl.read_until(until, SCRIPT_TIMEOUT)
    }
}

/// Python that writes `text` to the file `name`.
fn write_file(name: &str, text: &str) -> String {
    format!("with open({name:?}, 'w') as f:\n    f.write({text:?})\n")
}

fn expect_has(what: &str, got: &[u8], want: &str) -> Result<()> {
    if !String::from_utf8_lossy(got).contains(want) {
        bail!("{what}: expected {want:?} in {:?}", String::from_utf8_lossy(got));
    }
    Ok(())
}

/// boot.py then main.py run at a soft reset and their files survive it.
fn boot_files_run(board: &mut Board) -> Result<()> {
    board.exec_ok(&(write_file("boot.py", "print('boot ran')\n") + &write_file("main.py", "print('main ran', 6 * 7)\n")))?;
    let out = board.soft_reset(b">>> ")?;
    expect_has("boot.py and main.py at a soft reset", &out, "boot ran\r\nmain ran 42\r\n")?;
    board.repl.enter(SCRIPT_TIMEOUT)?;
    board.exec_ok("import os\nos.remove('boot.py')")?;
    Ok(())
}

/// An exception in main.py prints its traceback, and the REPL answers afterwards.
fn main_py_traceback(board: &mut Board) -> Result<()> {
    board.exec_ok(&write_file("main.py", "print('before')\nx = 1 // 0\n"))?;
    let out = board.soft_reset(b">>> ")?;
    let want = "before\r\nTraceback (most recent call last):\r\n  File \"main.py\", line 2, in <module>\r\nZeroDivisionError: divide by zero\r\n";
    expect_has("a main.py that raises", &out, want)?;
    board.repl.enter(SCRIPT_TIMEOUT)?;
    let got = board.exec_ok("print(6 * 7)")?;
    if got != b"42" {
        bail!("after main.py raised the REPL printed {:?}", String::from_utf8_lossy(&got));
    }
    Ok(())
}

/// Ctrl-C stops a main.py that loops forever.
fn main_py_interrupted(board: &mut Board) -> Result<()> {
    board.exec_ok(&write_file("main.py", "print('looping')\nwhile True:\n    pass\n"))?;
    board.soft_reset(b"looping\r\n")?;
    board.repl.send(b"\x03")?;
    let out = board.repl.read_until(b">>> ", SCRIPT_TIMEOUT)?;
    expect_has("Ctrl-C during main.py", &out, "KeyboardInterrupt")?;
    board.repl.enter(SCRIPT_TIMEOUT)?;
    board.exec_ok("import os\nos.remove('main.py')\nprint(os.listdir())").and_then(|got| match got.as_slice() {
        b"[]" => Ok(()),
        other => bail!("files left after the main.py tests: {:?}", String::from_utf8_lossy(other)),
    })
}

/// A store that is not a file system (noise where the flash is) is reported, then formatted:
/// the board boots with an empty, working file system.
fn damaged_store(qemu: &Path, elf: &Path) -> Result<()> {
    let image = util::target_dir().join("firmware-esp32").join("damaged-flash.bin");
    fs::write(&image, noise(FLASH_LEN, 99)).map_err(|e| format!("could not write {}: {e}", image.display()))?;
    let loader = format!("loader,file={},addr={FLASH_ADDR},force-raw=on", image.display());
    let (mut board, booted) = Board::boot_with(qemu, elf, &["-device".into(), loader])?;
    expect_has("booting on a damaged store", &booted, "The file system in flash is damaged and cannot be read: formatting it.")?;
    let got = board.exec_ok(&(write_file("new.txt", "fresh") + "import os\nprint(os.listdir(), open('new.txt').read())"))?;
    if got != b"['new.txt'] fresh" {
        bail!("after formatting a damaged store the board printed {:?}", String::from_utf8_lossy(&got));
    }
    Ok(())
}

/// mpremote, as a person would use it: the harness's UART on a pty, `fs cp` there and back,
/// `fs ls`, `fs cat`, a module copied to the board imported, `fs rm`.
fn mpremote_fs(qemu: &Path, elf: &Path, mpremote: &Path) -> Result<()> {
    let mut cmd = qemu_command(qemu, elf, "pty", &[]);
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut child = cmd.spawn().map_err(|e| format!("could not start {}: {e}", qemu.display()))?;
    let result = pty_path(&mut child).and_then(|pty| mpremote_session(mpremote, &pty));
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// qemu names its pty on stdout: `char device redirected to /dev/pts/N (label serial0)`.
fn pty_path(child: &mut Child) -> Result<String> {
    let Some(out) = child.stdout.take() else { bail!("qemu started without stdout") };
    for line in BufReader::new(out).lines() {
        let line = line.map_err(|e| format!("reading qemu's stdout: {e}"))?;
        if let Some(rest) = line.split("redirected to ").nth(1) {
            return Ok(rest.split_whitespace().next().unwrap_or_default().to_string());
        }
    }
    bail!("qemu did not say which pty is its serial port")
}

fn mpremote_session(mpremote: &Path, pty: &str) -> Result<()> {
    let dir = util::target_dir().join("firmware-esp32").join("mpremote");
    fs::create_dir_all(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let local = dir.join("greet.py");
    let text = "def hello():\n    return 'hello from flash'\n";
    fs::write(&local, text).map_err(|e| format!("could not write {}: {e}", local.display()))?;
    let back = dir.join("back.py");
    let _ = fs::remove_file(&back);
    let run = |args: &[&str]| -> Result<String> {
        let mut cmd = Command::new(mpremote);
        cmd.args(["connect", pty]).args(args);
        let done = crate::process::run_with_timeout(&mut cmd, Some(SCRIPT_TIMEOUT))
            .map_err(|e| format!("could not run mpremote: {e}"))?;
        if !done.status.success() {
            bail!(
                "mpremote {} ({}): {}{}",
                args.join(" "),
                done.describe(),
                String::from_utf8_lossy(&done.stdout),
                String::from_utf8_lossy(&done.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&done.stdout).replace("\r\n", "\n"))
    };
    run(&["fs", "cp", &local.to_string_lossy(), ":greet.py"])?;
    let listing = run(&["fs", "ls"])?;
    if !listing.contains(&format!("{:12} greet.py\n", text.len())) {
        bail!("mpremote fs ls after fs cp: {listing:?}");
    }
    if run(&["fs", "cat", ":greet.py"])? != text {
        bail!("mpremote fs cat did not give back what fs cp wrote");
    }
    run(&["fs", "cp", ":greet.py", &back.to_string_lossy()])?;
    if fs::read_to_string(&back).ok().as_deref() != Some(text) {
        bail!("mpremote fs cp from the board did not give back what was written");
    }
    let got = run(&["exec", "import greet; print(greet.hello())"])?;
    if got != "hello from flash\n" {
        bail!("importing the copied module printed {got:?}");
    }
    run(&["fs", "rm", ":greet.py"])?;
    let listing = run(&["fs", "ls"])?;
    if listing != "ls :\n" {
        bail!("mpremote fs ls after fs rm: {listing:?}");
    }
    Ok(())
}

/// The port's unit tests, on this machine (they need no board).
fn port_unit_tests() -> Result<()> {
    let mut cmd = util::cargo();
    cmd.current_dir(util::firmware_dir())
        .args(["test", "-p", "ferrite-port", "--target-dir"])
        .arg(util::target_dir().join("firmware-esp32"));
    util::run(&mut cmd)
}

impl Drop for Board {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Build the harness; the path of its ELF.
pub fn build() -> Result<PathBuf> {
    let mut cmd = util::firmware_cargo(TARGET);
    cmd.args(["-p", "ferrite-qemu"]);
    util::run(&mut cmd)?;
    Ok(util::target_dir().join("firmware-esp32").join(TARGET).join("release").join("ferrite-qemu"))
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

/// The stack the harness gives the VM's budget (`CHIP_STACK` in `qemu/src/main.rs`): the
/// smaller chip's, the C6's 60.5 KB.
const CHIP_STACK: u32 = 60 * 1024;

/// Nesting to the VM's limits on a fresh boot, then the deepest the stack went below `main`
/// (painted at boot, read through the monitor): within the chip's stack, or the chip would
/// have crashed where the harness did not.
fn deep_nesting(qemu: &Path, elf: &Path, script: &Path) -> Result<()> {
    let dir = util::target_dir().join("firmware-esp32").join("qemu-stack");
    fs::create_dir_all(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let (mut board, _) = Board::boot_with(qemu, elf, &qemu_probe::Monitor::args(&dir))?;
    let mut monitor = qemu_probe::Monitor::connect(&dir)?;
    check(&mut board, "deep_nesting.py", script, &script.with_extension("exp"))?;
    let peak = monitor.stack_peak()?;
    if peak > CHIP_STACK {
        bail!("deep_nesting.py: the stack reached {peak} B below main, beyond the chip's {CHIP_STACK} B");
    }
    println!("deep_nesting.py: deepest stack {peak} B of the chip's {CHIP_STACK} B");
    Ok(())
}

pub fn run() -> Result<()> {
    let qemu = util::ensure_tool("qemu-system-riscv32", "qemu-system-misc")?;
    targets::ensure_installed(&[TARGET])?;
    let tests_dir = util::firmware_dir().join("qemu").join("tests");
    let conformance = util::shared_dir()?.join("conformance").join("tests");
    let list_path = tests_dir.join("conformance.txt");
    let list = fs::read_to_string(&list_path).map_err(|e| format!("could not read {}: {e}", list_path.display()))?;

    port_unit_tests()?;
    let (mut passed, mut failures) = (0, Vec::new());
    let mut tally = |r: Result<()>| match r {
        Ok(()) => passed += 1,
        Err(e) => failures.push(e.0),
    };
    let elf = build()?;
    let mut board = Board::boot(&qemu, &elf)?;
    for test in parse_list(&list) {
        let script = conformance.join(test);
        tally(check(&mut board, test, &script, &script.with_extension("exp")));
    }
    for name in ["files.py", "machine.py"] {
        let script = tests_dir.join(name);
        tally(check(&mut board, name, &script, &script.with_extension("exp")));
    }
    tally(boot_files_run(&mut board));
    tally(main_py_traceback(&mut board));
    tally(main_py_interrupted(&mut board));
    tally(survives_noise(&mut board));
    drop(board);
    tally(damaged_store(&qemu, &elf));
    tally(mpremote_fs(&qemu, &elf, &crate::pyvenv::ensure("mpremote", "mpremote")?));
    let mut small = Board::boot_with(&qemu, &elf, &qemu_probe::config_args([SMALL_ARENA, 0, 0], 0))?.0;
    let script = tests_dir.join("small_heap.py");
    tally(check(&mut small, "small_heap.py", &script, &script.with_extension("exp")));
    drop(small);
    let script = tests_dir.join("fill_heap.py");
    for (chip, regions) in crate::bench_firmware::SPLITS {
        let mut board = Board::boot_with(&qemu, &elf, &qemu_probe::config_args(regions, 0))?.0;
        tally(check(&mut board, &format!("fill_heap.py ({chip}'s heap)"), &script, &script.with_extension("exp")));
    }
    tally(deep_nesting(&qemu, &elf, &tests_dir.join("deep_nesting.py")));

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
