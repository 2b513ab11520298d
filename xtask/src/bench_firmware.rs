//! `cargo xtask bench --firmware`: the firmware's memory and timing figures, measured on the
//! qemu harness (the same port code and allocator, esp-alloc) since no board is attached.
//! Instruction counts come from `minstret` under `-icount shift=0`; times at the chips' 160 MHz
//! are estimates from them (see `CPI`). Heap: `gc.mem_free()` after boot with each chip's
//! allocator split; for each `qemu/bench/heap_*.py`, how far the allocator's blocks reached when
//! the VM raised MemoryError (beyond the configured heap: what the reserve must cover) at several
//! heap sizes, and that the chip splits never see a fatal allocator failure (they and
//! `qemu/tests/fill_heap.py` end in MemoryError); the deepest stack `stack_*.py` use.

use crate::bail;
use crate::qemu::{self, Board};
use crate::qemu_probe::{config_args, Monitor, Regions, Stat};
use crate::targets;
use crate::util::{self, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The chips' allocator regions, as `firmware-esp32/src/heap.rs` sets them (checked by a test):
/// the `.bss` region, the reclaimed bootloader RAM, the RTC fast memory.
pub const SPLITS: [(&str, Regions); 2] = [("esp32c3", [244 * 1024, 64 * 1024, 8 * 1024]), ("esp32c6", [370 * 1024, 64 * 1024, 16 * 1024])];

/// Cycles per instruction assumed for the estimates: the C3/C6 core is a 4-stage in-order
/// RV32IMC(A); code runs from flash through a 16/32 KB cache, so misses add to the ~1.2 of
/// tight loops. 1.5 is a middle guess, stated with every time printed.
const CPI: f64 = 1.5;
const MHZ: f64 = 160.0;

/// VM heap sizes for the margin measurement, in one region large enough for any of them.
const PROBE_HEAPS: [usize; 3] = [128 * 1024, 256 * 1024, 384 * 1024];
const PROBE_REGION: usize = 2 * 1024 * 1024;
/// What the harness paints below its main frame (`STACK_PAINTED` in `qemu/src/main.rs`).
const STACK_PAINTED: u32 = 192 * 1024;

fn ms(instructions: u32) -> f64 {
    instructions as f64 * CPI / MHZ / 1000.0
}

/// A harness under `-icount shift=0` with its monitor, and its probe config.
fn boot(qemu: &Path, elf: &Path, dir: &Path, config: Vec<String>, more: &[String]) -> Result<(Board, Monitor)> {
    let mut extra = Monitor::args(dir);
    extra.extend(["-icount".into(), "shift=0".into()]);
    extra.extend(config);
    extra.extend(more.iter().cloned());
    let (board, _) = Board::boot_with(qemu, elf, &extra)?;
    let monitor = Monitor::connect(dir)?;
    Ok((board, monitor))
}

fn scripts(dir: &Path, prefix: &str) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("could not read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py") && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .collect();
    found.sort();
    Ok(found)
}

fn name(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn run_script(board: &mut Board, script: &Path) -> Result<String> {
    let source = fs::read_to_string(script).map_err(|e| format!("could not read {}: {e}", script.display()))?;
    let out = board.exec_ok(&source)?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// qemu arguments that load the store saved by `boot_and_echo` (formatted, empty).
fn store_loader(dir: &Path) -> Vec<String> {
    vec!["-device".into(), format!("loader,file={},addr=0x81000000,force-raw=on", dir.join("store.bin").display())]
}

/// Boot, timing the first boot (which formats the store) and a boot on the formatted store,
/// `gc.mem_free()`, and echo.
fn boot_and_echo(qemu: &Path, elf: &Path, dir: &Path, chip: &str, regions: Regions) -> Result<()> {
    let (mut board, mut mon) = boot(qemu, elf, dir, config_args(regions, 0), &[])?;
    let first = mon.stats()?.between(Stat::RunStart, Stat::Prompt);
    let store = dir.join("store.bin");
    fs::write(&store, mon.dump(0x8100_0000, 256 * 1024)?).map_err(|e| format!("{}: {e}", store.display()))?;
    drop(board);
    let (b, m) = boot(qemu, elf, dir, config_args(regions, 0), &store_loader(dir))?;
    (board, mon) = (b, m);
    let s = mon.stats()?;
    let booted = s.between(Stat::RunStart, Stat::Prompt);
    let free = board.exec_ok("import gc\nprint(gc.mem_free(), gc.mem_free() + gc.mem_alloc())")?;
    let free = String::from_utf8_lossy(&free).trim().to_string();
    let (free, heap) = free.split_once(' ').unwrap_or((&free, "?"));
    let after = mon.stats()?;
    println!(
        "{chip}: regions {} + {} + {} KB, VM heap {heap} B; gc.mem_free() after boot {free}; allocator reach at boot {} B (+{} B, +{} B); in use {} B",
        regions[0] / 1024,
        regions[1] / 1024,
        regions[2] / 1024,
        after.get(Stat::Hwm0),
        after.get(Stat::Hwm1),
        after.get(Stat::Hwm2),
        after.get(Stat::Live)
    );
    println!(
        "  boot, start of the port code to the prompt: {booted} instructions (~{:.1} ms); first boot, formatting the store: {first} (~{:.1} ms)",
        ms(booted),
        ms(first)
    );
    // Leave the raw REPL for the friendly one, whose echo a person sees.
    board.repl.send(b"\x02")?;
    board.repl.read_until(b">>> ", qemu::SCRIPT_TIMEOUT)?;
    let mut worst = 0;
    for key in b"print" {
        board.repl.send(&[*key])?;
        board.repl.read_until(&[*key], qemu::SCRIPT_TIMEOUT)?;
        std::thread::sleep(Duration::from_millis(200));
        let s = mon.stats()?;
        worst = worst.max(s.between(Stat::LastRead, Stat::LastWrite));
    }
    let (a, b) = (mon.stats()?, {
        std::thread::sleep(Duration::from_millis(500));
        mon.stats()?
    });
    let turns = b.get(Stat::Idles).wrapping_sub(a.get(Stat::Idles)).max(1);
    let per_turn = b.get(Stat::LastIdle).wrapping_sub(a.get(Stat::LastIdle)) / turns;
    println!(
        "  echo, key taken to echo written: {worst} instructions (~{:.3} ms); idle loop turn (the wait before a key is taken): {per_turn} (~{:.4} ms)",
        ms(worst),
        ms(per_turn)
    );
    Ok(())
}

pub fn run(args: &[String]) -> Result<()> {
    let qemu = util::ensure_tool("qemu-system-riscv32", "qemu-system-misc")?;
    targets::ensure_installed(&[qemu::TARGET])?;
    let elf = qemu::build()?;
    let dir = util::target_dir().join("firmware-esp32").join("bench");
    fs::create_dir_all(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let bench = util::firmware_dir().join("qemu").join("bench");
    println!("Instruction counts are exact (qemu -icount); times assume {MHZ} MHz and {CPI} cycles per instruction: estimates.\n");
    for (chip, regions) in SPLITS {
        boot_and_echo(&qemu, &elf, &dir, chip, regions)?;
    }

    if args.iter().any(|a| a == "--stack") {
        return stack(&qemu, &elf, &dir, &bench);
    }
    println!("\nHeap: the allocator's reach (highest block end in the region, = the smallest arena that served the run) when the VM raised MemoryError");
    println!(
        "{:<16} {:>9} {:>11} {:>11} {:>11} {:>11} {:>7}",
        "script", "VM heap", "VM count", "peak live", "reach", "reach-heap", "ratio"
    );
    let mut worst_fixed = 0i64;
    for script in scripts(&bench, "heap_")? {
        for heap in PROBE_HEAPS {
            let (mut board, mut mon) = boot(&qemu, &elf, &dir, config_args([PROBE_REGION, 0, 0], heap), &[])?;
            let peak = run_script(&mut board, &script)?;
            let s = mon.stats()?;
            let reach = s.get(Stat::Hwm0) as i64;
            worst_fixed = worst_fixed.max(reach - heap as i64);
            println!(
                "{:<16} {:>9} {:>11} {:>11} {:>11} {:>11} {:>7.3}",
                name(&script),
                heap,
                peak,
                s.get(Stat::PeakLive),
                reach,
                reach - heap as i64,
                reach as f64 / heap as f64
            );
        }
    }
    println!("worst reach beyond the VM heap: {worst_fixed} B");

    println!("\nHeap with each chip's split (regions as on the chip): MemoryError, never an allocator failure (fatal: the harness stops)");
    let mut failed = Vec::new();
    let mut fills = scripts(&bench, "heap_")?;
    fills.push(util::firmware_dir().join("qemu").join("tests").join("fill_heap.py"));
    for (chip, regions) in SPLITS {
        for script in &fills {
            let script = script.as_path();
            let (mut board, mut mon) = boot(&qemu, &elf, &dir, config_args(regions, 0), &[])?;
            let ran = run_script(&mut board, &script);
            let Ok(s) = mon.stats() else {
                println!("{chip} {:<16} the harness stopped: {}", name(&script), ran.err().map(|e| e.0).unwrap_or_default());
                failed.push(format!("{chip} {}", name(&script)));
                continue;
            };
            println!(
                "{chip} {:<16} printed {:>7}; reach {:>7} of {} + {:>6} of {} + {:>5} of {}; refused (MemoryError) {}",
                name(&script),
                ran.as_deref().map(|o| o.lines().last().unwrap_or("")).unwrap_or("-"),
                s.get(Stat::Hwm0),
                regions[0],
                s.get(Stat::Hwm1),
                regions[1],
                s.get(Stat::Hwm2),
                regions[2],
                s.get(Stat::AllocFailures)
            );
            if ran.is_err() {
                failed.push(format!("{chip} {}", name(&script)));
            }
        }
    }

    stack(&qemu, &elf, &dir, &bench)?;
    if !failed.is_empty() {
        bail!("the allocator failed (a crash on the chip) in: {}", failed.join(", "));
    }
    Ok(())
}

/// The stack each `stack_*.py` needs, each on a fresh boot.
fn stack(qemu: &Path, elf: &Path, dir: &Path, bench: &Path) -> Result<()> {
    println!("\nStack: the deepest each script went below the harness's main (painted at boot; {STACK_PAINTED} B painted)");
    let (board, mut mon) = boot(qemu, elf, dir, config_args([0, 0, 0], 0), &[])?;
    println!("{:<16} {:>7} B", "first boot", mon.stack_peak()?);
    drop(board);
    for script in scripts(bench, "stack_")? {
        let (mut board, mut mon) = boot(qemu, elf, dir, config_args([0, 0, 0], 0), &store_loader(&dir))?;
        let at_boot = mon.stack_peak()?;
        let out = run_script(&mut board, &script)?;
        let peak = mon.stack_peak()?;
        let note = if peak >= STACK_PAINTED { " or more: past the painted range" } else { "" };
        println!("{:<16} {:>7} B{note} (boot {at_boot} B)  ({})", name(&script), peak, out.replace('\n', " | "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_match_the_firmware() {
        let heap = fs::read_to_string(util::firmware_dir().join("src").join("heap.rs")).unwrap_or_default();
        for (chip, [main, second, rtc]) in SPLITS {
            for (name, size) in [("MAIN", main), ("RTC_FAST", rtc)] {
                let want = format!("#[cfg(feature = \"{chip}\")]\nconst {name}: usize = {} * 1024;", size / 1024);
                assert!(heap.contains(&want), "heap.rs should have {want:?}");
            }
            assert_eq!(second, 64 * 1024);
        }
    }
}
