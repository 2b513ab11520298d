//! `cargo xtask test`: the whole check that CI runs, step by step, failing fast.

use crate::bail;
use crate::browser;
use crate::conformance;
use crate::firmware;
use crate::pyvenv;
use crate::qemu;
use crate::targets;
use crate::util::{self, Result};
use std::time::{Duration, Instant};

/// The esptool release the simulated ROM is checked against.
pub const ESPTOOL: &str = "esptool==5.6.0";

/// The steps, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `cargo test --workspace --no-fail-fast` (VM, CLI integration tests, the xtask's own unit tests).
    CargoTest,
    /// `cargo build --release -p ferrite-cli`.
    Build,
    /// The MicroPython conformance corpus against the release binary, with the threshold.
    Conformance,
    /// The REPL with real clients: mpremote (PyPI, into `target/pyenv`) on `ferrite --pty`,
    /// and keys typed through tmux (apt); `cli/tests/mpremote.rs` against the release binary.
    Mpremote,
    /// `ferrite-vm` and `ferrite-board` for wasm32 and riscv32imc, `ferrite-flasher` for wasm32.
    Cross,
    /// The playground built and tested in Debian's Chromium (`www/tests/`).
    Browser,
    /// The real esptool (from PyPI, into the venv under target/) against `ferrite simulate-rom`.
    Flasher,
    /// ESP32-C3 and -C6 firmware images built, their headers and sizes checked.
    Firmware,
    /// The port's unit tests, then the bare-metal harness on qemu-system-riscv32: conformance
    /// scripts over its UART, files in its flash (mpremote over a pty), MemoryError.
    Qemu,
}

pub const STEPS: [Step; 9] = [
    Step::CargoTest,
    Step::Build,
    Step::Conformance,
    Step::Mpremote,
    Step::Cross,
    Step::Browser,
    Step::Flasher,
    Step::Firmware,
    Step::Qemu,
];

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::CargoTest => "cargo-test",
            Step::Build => "build",
            Step::Conformance => "conformance",
            Step::Mpremote => "mpremote",
            Step::Cross => "cross",
            Step::Browser => "browser",
            Step::Flasher => "flasher",
            Step::Firmware => "firmware",
            Step::Qemu => "qemu",
        }
    }
    pub fn from_name(s: &str) -> Option<Step> {
        STEPS.into_iter().find(|st| st.name() == s)
    }
}

#[derive(Debug, PartialEq)]
pub struct Options {
    pub steps: Vec<Step>,
    pub verbose: bool,
    pub jobs: usize,
}

pub const USAGE: &str = "\
cargo xtask test [OPTIONS]
  Runs, stopping at the first failed step: cargo-test (cargo test --workspace --no-fail-fast),
  build (release ferrite),
  conformance (../shared/conformance against it, threshold in tests/conformance-threshold.txt),
  mpremote (the REPL on `ferrite --pty` with mpremote from PyPI, and typed keys through tmux),
  cross (ferrite-vm for wasm32-unknown-unknown and riscv32imc-unknown-none-elf, ferrite-flasher for wasm32),
  browser (the playground built into target/www and tested in Debian's chromium; screenshots in
  target/browser-shots),
  flasher (esptool from PyPI against `ferrite simulate-rom --pty`),
  firmware (ESP32-C3/C6 images built, headers and sizes checked),
  qemu (the port's unit tests; the bare-metal harness on qemu-system-riscv32: conformance
  scripts over its UART, files in flash, mpremote fs over a pty, MemoryError with a small
  heap; installs qemu-system-misc when missing).
Options:
  --only STEP      run only this step (repeatable); conformance and mpremote build the binary first
  --skip STEP      skip this step (repeatable)
  --skip-cross     same as --skip cross
  --jobs N         conformance jobs (default: number of CPUs)
  -v, --verbose    list each conformance failure";

/// Parse the options of `cargo xtask test`.
pub fn parse_args(args: &[String]) -> Result<Options> {
    let mut only: Vec<Step> = Vec::new();
    let mut skip: Vec<Step> = Vec::new();
    let mut verbose = false;
    let mut jobs = util::cpus();
    let step_arg = |v: Option<&String>| -> Result<Step> {
        let v = v.ok_or_else(|| util::Error("--only/--skip need a step name".into()))?;
        Step::from_name(v).ok_or_else(|| {
            let names: Vec<&str> = STEPS.iter().map(|s| s.name()).collect();
            util::Error(format!("unknown step `{v}`; steps are: {}", names.join(", ")))
        })
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only.push(step_arg(it.next())?),
            "--skip" => skip.push(step_arg(it.next())?),
            "--skip-cross" => skip.push(Step::Cross),
            "-v" | "--verbose" => verbose = true,
            "--jobs" | "-j" => {
                jobs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| util::Error("--jobs needs a positive number".into()))?
            }
            other => bail!("unknown option `{other}` for `cargo xtask test`\n\n{USAGE}"),
        }
    }
    let mut steps: Vec<Step> = STEPS
        .into_iter()
        .filter(|s| (only.is_empty() || only.contains(s)) && !skip.contains(s))
        .collect();
    // The conformance and mpremote steps need a fresh release binary.
    if let Some(at) = steps.iter().position(|s| matches!(s, Step::Conformance | Step::Mpremote)) {
        if !steps.contains(&Step::Build) {
            steps.insert(at, Step::Build);
        }
    }
    Ok(Options { steps, verbose, jobs })
}

pub fn run(args: &[String]) -> Result<()> {
    let opts = parse_args(args)?;
    // Fail before the long steps if the shared folder is missing.
    if opts.steps.contains(&Step::Conformance) {
        let shared = util::shared_dir()?;
        eprintln!("shared material: {}", shared.display());
    }
    let mut done: Vec<(Step, Duration, bool)> = Vec::new();
    let mut failure = None;
    for &step in &opts.steps {
        banner(&format!("step {}", step.name()));
        let t0 = Instant::now();
        let r = run_step(step, &opts);
        let ok = r.is_ok();
        done.push((step, t0.elapsed(), ok));
        if let Err(e) = r {
            failure = Some(util::Error(format!("step `{}` failed: {e}", step.name())));
            break;
        }
    }
    print_summary(&opts, &done);
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn run_step(step: Step, opts: &Options) -> Result<()> {
    match step {
        // --no-fail-fast: every failing test binary reports, not only the first; the step still fails.
        Step::CargoTest => util::run(util::cargo().args(["test", "--workspace", "--no-fail-fast"])),
        Step::Build => util::build_ferrite_release().map(|_| ()),
        Step::Conformance => {
            let bin = util::ferrite_release_bin();
            let copts = conformance::Options {
                jobs: opts.jobs,
                verbose: opts.verbose,
                filter: None,
            };
            conformance::run(&bin, &copts).map(|_| ())
        }
        Step::Mpremote => {
            util::ensure_tool("tmux", "tmux")?;
            let mpremote = crate::pyvenv::ensure("mpremote", "mpremote")?;
            util::run(
                util::cargo()
                    .args(["test", "-p", "ferrite-cli", "--test", "mpremote"])
                    .env("FERRITE_MPREMOTE", mpremote)
                    .env("FERRITE_TEST_BIN", util::ferrite_release_bin()),
            )
        }
        Step::Cross => targets::build_all(),
        Step::Browser => browser::run(),
        Step::Flasher => {
            let esptool = pyvenv::ensure("esptool", ESPTOOL)?;
            util::run(
                util::cargo()
                    .args(["test", "-p", "ferrite-cli", "--features", "esptool-tests", "--test", "esptool_pty"])
                    .env("ESPTOOL", esptool),
            )
        }
        Step::Firmware => check_firmware(),
        Step::Qemu => qemu::run(),
    }
}

/// Build the RISC-V chips' images and check each app image's header, layout and size.
fn check_firmware() -> Result<()> {
    for chip in [firmware::Chip::Esp32c3, firmware::Chip::Esp32c6] {
        firmware::build(chip)?;
        let path = firmware::image_path(chip, "");
        let image = std::fs::read(&path).map_err(|e| util::Error(format!("could not read {}: {e}", path.display())))?;
        let info = firmware::check_image(chip, &image).map_err(|e| util::Error(format!("{}: {e}", path.display())))?;
        println!("{}: {} bytes, chip id {}, {} segments: ok", chip.name(), image.len(), info.chip_id, info.segments.len());
    }
    Ok(())
}

fn banner(title: &str) {
    println!("\n==== {title} ====");
}

fn print_summary(opts: &Options, done: &[(Step, Duration, bool)]) {
    banner("summary");
    print!("{}", format_summary(&opts.steps, done));
}

/// One line per step with its time and outcome, the total, then the closing line CI reads
/// (`xtask: N passed, N failed[, N skipped]`, counting steps; cargo test printed its own counts).
pub fn format_summary(selected: &[Step], done: &[(Step, Duration, bool)]) -> String {
    let mut s = String::new();
    let mut total = Duration::ZERO;
    for step in STEPS {
        let line = match done.iter().find(|(st, _, _)| *st == step) {
            Some((_, d, ok)) => {
                total += *d;
                format!("{:>8}  {}", util::fmt_duration(*d), if *ok { "ok" } else { "FAILED" })
            }
            None if selected.contains(&step) => format!("{:>8}  not run (an earlier step failed)", "-"),
            None => format!("{:>8}  skipped", "-"),
        };
        s.push_str(&format!("{:<12} {line}\n", step.name()));
    }
    s.push_str(&format!("{:<12} {:>8}\n", "total", util::fmt_duration(total)));
    let passed = done.iter().filter(|d| d.2).count();
    let failed = done.len() - passed;
    let skipped = STEPS.len() - done.len();
    if skipped > 0 {
        s.push_str(&format!("xtask: {passed} passed, {failed} failed, {skipped} skipped\n"));
    } else {
        s.push_str(&format!("xtask: {passed} passed, {failed} failed\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn all_steps_by_default() {
        let o = parse_args(&[]).unwrap();
        assert_eq!(o.steps, STEPS.to_vec());
        assert!(!o.verbose);
        assert!(o.jobs >= 1);
    }

    #[test]
    fn skip_and_only() {
        assert_eq!(
            parse_args(&args("--skip-cross --skip firmware --skip qemu")).unwrap().steps,
            vec![Step::CargoTest, Step::Build, Step::Conformance, Step::Mpremote, Step::Browser, Step::Flasher]
        );
        assert_eq!(parse_args(&args("--only mpremote")).unwrap().steps, vec![Step::Build, Step::Mpremote]);
        assert_eq!(
            parse_args(&args("--only conformance -v")).unwrap().steps,
            vec![Step::Build, Step::Conformance]
        );
        assert!(parse_args(&args("--only conformance -v")).unwrap().verbose);
        assert_eq!(parse_args(&args("--only cross")).unwrap().steps, vec![Step::Cross]);
        assert_eq!(
            parse_args(&args(
                "--skip cargo-test --skip cross --skip mpremote --skip browser --skip flasher --skip firmware --skip qemu --jobs 3"
            ))
            .unwrap(),
            Options {
                steps: vec![Step::Build, Step::Conformance],
                verbose: false,
                jobs: 3
            }
        );
    }

    #[test]
    fn bad_options_are_explained() {
        assert!(parse_args(&args("--only nope"))
            .unwrap_err()
            .0
            .contains("steps are: cargo-test, build"));
        assert!(parse_args(&args("--frobnicate"))
            .unwrap_err()
            .0
            .contains("unknown option"));
        assert!(parse_args(&args("--jobs 0")).is_err());
        assert!(parse_args(&args("--only")).is_err());
    }

    #[test]
    fn summary_lines() {
        let secs = Duration::from_secs;
        let all = format_summary(
            &STEPS,
            &[
                (Step::CargoTest, secs(70), true),
                (Step::Build, secs(20), true),
                (Step::Conformance, secs(5), true),
                (Step::Mpremote, secs(30), true),
                (Step::Cross, secs(9), true),
                (Step::Browser, secs(60), true),
                (Step::Flasher, secs(10), true),
                (Step::Firmware, secs(60), true),
                (Step::Qemu, secs(60), true),
            ],
        );
        assert!(all.contains("cargo-test     1m 10s  ok\n"), "{all}");
        assert!(all.contains("total          5m 24s\n"), "{all}");
        assert!(all.ends_with(&format!("\nxtask: {} passed, 0 failed\n", STEPS.len())), "{all}");
        let failed = format_summary(&STEPS, &[(Step::CargoTest, secs(3), false)]);
        assert!(failed.contains("cargo-test      3.00s  FAILED"), "{failed}");
        assert!(
            failed.contains("cross               -  not run (an earlier step failed)"),
            "{failed}"
        );
        let tail = format!("xtask: 0 passed, 1 failed, {} skipped\n", STEPS.len() - 1);
        assert!(failed.ends_with(&tail), "{failed}");
        let skipped = format_summary(&[Step::Build], &[(Step::Build, secs(1), true)]);
        assert!(skipped.contains("cross               -  skipped"), "{skipped}");
    }

    #[test]
    fn step_names_round_trip() {
        for s in STEPS {
            assert_eq!(Step::from_name(s.name()), Some(s));
        }
    }
}
