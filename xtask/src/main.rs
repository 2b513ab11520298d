//! Ferrite's automation, run as `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! - `build`: the release `ferrite`, profile-guided (`pgo`).
//! - `test`: what CI runs (`.ci/run`): workspace tests, release build, conformance, cross builds.
//! - `conformance`: only the conformance corpus (`test --only conformance`, plus `--filter`).
//! - `bench`: perf scripts against micropython and python3.
//! - `serve` / `dist`: the browser playground, served on the loopback or written to `target/www/`.
//! - `firmware`: the ESP32 firmware and its flashable images.

mod bench;
mod bench_heap;
mod browser;
mod bench_firmware;
mod bench_flasher;
mod conformance;
mod firmware;
mod inline;
mod json;
mod pgo;
mod process;
mod pyvenv;
mod qemu;
mod qemu_probe;
mod rawrepl;
mod serve;
mod targets;
mod test;
mod util;
mod wasm_order;
mod web;
mod web_bench;

use std::process::ExitCode;
use util::Result;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  build         the release `ferrite` (target/release/ferrite), profile-guided
  test          cargo test, release build, conformance corpus, cross builds (what CI runs)
  conformance   only the conformance corpus: [--verbose] [--jobs N] [--filter SUBSTR]
  bench         perf scripts vs micropython / python3 (see `cargo xtask bench --help`);
                --flasher: flashing 1 MB into the simulated board, ferrite vs esptool;
                --web: the playground's sizes, load time, frame rate and wasm VM speed
  serve         build the browser playground and serve it on http://127.0.0.1:8000
  dist          build the browser playground into target/www/
  firmware      ESP32 firmware images: --chip esp32c3|esp32c6|esp32|esp32s3 (repeatable)
  help          this text";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => ("help", &[][..]),
    };
    let wants_help = rest.iter().any(|a| a == "-h" || a == "--help");
    let help = |text: &str| {
        println!("{text}");
        Ok(())
    };
    match cmd {
        "build" => util::build_ferrite_release().map(|bin| println!("{}", bin.display())),
        "test" if wants_help => help(test::USAGE),
        "test" => test::run(rest),
        "conformance" => conformance_cmd(rest),
        "bench" if wants_help => help(bench::USAGE),
        "bench" if rest.first().map(String::as_str) == Some("--flasher") => bench_flasher::run(&rest[1..]),
        "bench" if rest.first().map(String::as_str) == Some("--firmware") => bench_firmware::run(&rest[1..]),
        "bench" => bench::run(rest),
        "serve" if wants_help => help(serve::USAGE),
        "serve" => serve::run(rest),
        "firmware" if wants_help => help(firmware::USAGE),
        "firmware" => firmware::run(rest),
        "dist" if wants_help => help(serve::USAGE),
        "dist" => serve::dist(rest),
        "help" | "-h" | "--help" => help(USAGE),
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// `cargo xtask conformance [--verbose] [--jobs N] [--filter SUBSTR]`.
fn conformance_cmd(args: &[String]) -> Result<()> {
    let mut opts = conformance::Options {
        jobs: util::cpus(),
        verbose: false,
        filter: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-v" | "--verbose" => opts.verbose = true,
            "--jobs" | "-j" => {
                opts.jobs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| util::Error("--jobs needs a positive number".into()))?
            }
            "--filter" => {
                opts.filter = Some(
                    it.next()
                        .cloned()
                        .ok_or_else(|| util::Error("--filter needs a substring".into()))?,
                )
            }
            other => bail!("unknown option `{other}` for `cargo xtask conformance`"),
        }
    }
    let bin = util::build_ferrite_release()?;
    conformance::run(&bin, &opts).map(|_| ())
}
