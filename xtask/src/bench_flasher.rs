//! `cargo xtask bench --flasher`: flash a 1 MB image at 921600 baud into `ferrite simulate-rom`
//! with esptool and with `ferrite flash` (each with its stub and ROM-only), and compare what crossed the wire.
//! The simulator counts bytes, commands (round trips) and the time the traffic would take on a
//! real UART; the wall time is measured over the pty.

use crate::json::{self, Json};
use crate::util::{self, Result};
use crate::{bail, pyvenv, test};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BAUD: &str = "921600";
const IMAGE_LEN: usize = 1 << 20;

struct Row {
    tool: &'static str,
    bytes_in: u64,
    bytes_out: u64,
    commands: u64,
    wire_s: f64,
    wall_s: f64,
}

pub fn run(_args: &[String]) -> Result<()> {
    let ferrite = util::build_ferrite_release()?;
    let esptool = pyvenv::ensure("esptool", test::ESPTOOL)?;
    let dir = util::target_dir().join("bench-flasher");
    std::fs::create_dir_all(&dir).map_err(|e| util::Error(format!("{}: {e}", dir.display())))?;
    let image = dir.join("image-1mb.bin");
    std::fs::write(&image, flasher::sim::sample_image(IMAGE_LEN, 42)).map_err(|e| util::Error(format!("{}: {e}", image.display())))?;
    let img = image.to_string_lossy().into_owned();
    let common = ["--before", "no-reset", "--after", "no-reset"];
    let mut rows = Vec::new();
    for (tool, exe, extra) in [
        ("esptool (stub)", &esptool, vec![]),
        ("esptool --no-stub", &esptool, vec!["--no-stub"]),
        ("ferrite flash", &ferrite, vec![]),
        ("ferrite --no-stub", &ferrite, vec!["--no-stub"]),
    ] {
        let command = |port: &str| {
            let mut cmd = Command::new(exe);
            if exe == &ferrite {
                cmd.arg("flash");
            }
            cmd.args(["--port", port, "--baud", BAUD]).args(common).args(&extra);
            if exe != &ferrite {
                cmd.arg("write-flash");
            }
            cmd.args(["0x10000", &img]);
            cmd
        };
        rows.push(measure(tool, &ferrite, &dir, command)?);
    }
    println!("Flashing a 1 MB image (2/3 random, 1/3 compressible) at {BAUD} baud into `ferrite simulate-rom --chip esp32c3`:\n");
    println!("{:<20} {:>12} {:>12} {:>9} {:>11} {:>10}", "tool", "host→board", "board→host", "commands", "wire time", "wall time");
    for r in &rows {
        println!(
            "{:<20} {:>12} {:>12} {:>9} {:>10.2}s {:>9.2}s",
            r.tool, r.bytes_in, r.bytes_out, r.commands, r.wire_s, r.wall_s
        );
    }
    println!("\nwire time = the same traffic on a real UART at the rates used (115200 until the baud change).");
    Ok(())
}

/// Run `cmd` against a fresh simulated board and collect its counters.
fn measure(tool: &'static str, ferrite: &Path, dir: &Path, command: impl Fn(&str) -> Command) -> Result<Row> {
    let stats = dir.join("stats.json");
    let _ = std::fs::remove_file(&stats);
    let mut sim = Command::new(ferrite)
        .args(["simulate-rom", "--chip", "esp32c3", "--pty", "--stats"])
        .arg(&stats)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| util::Error(format!("starting simulate-rom: {e}")))?;
    let mut port = String::new();
    if let Some(out) = sim.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut port);
    }
    let t0 = Instant::now();
    let out = command(port.trim()).output();
    let wall_s = t0.elapsed().as_secs_f64();
    let stats_json = wait_for(&stats);
    let _ = sim.kill();
    let _ = sim.wait();
    let out = out.map_err(|e| util::Error(format!("running {tool}: {e}")))?;
    if !out.status.success() {
        bail!("{tool} failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    }
    let s = json::parse(&stats_json?).map_err(|e| util::Error(format!("simulator stats: {e}")))?;
    let n = |k: &str| s.get(k).and_then(Json::as_f64).unwrap_or(0.0);
    Ok(Row {
        tool,
        bytes_in: n("bytes_in") as u64,
        bytes_out: n("bytes_out") as u64,
        commands: n("commands") as u64,
        wire_s: n("wire_us") / 1e6,
        wall_s,
    })
}

/// The stats file, once the simulator has gone idle and written it.
fn wait_for(path: &PathBuf) -> Result<String> {
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(300));
        if let Ok(s) = std::fs::read_to_string(path) {
            return Ok(s);
        }
    }
    bail!("the simulator wrote no stats to {}", path.display())
}
