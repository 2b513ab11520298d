//! Cross targets of the VM core: installing them with rustup and building `ferrite-vm` for them.

use crate::bail;
use crate::util::{self, Error, Result};
use std::process::Command;

/// The browser build of the VM (and, later, of the playground).
pub const WASM: &str = "wasm32-unknown-unknown";
/// A small microcontroller without atomics or an allocator of its own (ESP32-C3 class).
pub const RISCV: &str = "riscv32imc-unknown-none-elf";
/// What `cargo xtask test` builds the VM core for, besides the host.
pub const CROSS: [&str; 2] = [WASM, RISCV];

/// The targets of `wanted` that the `rustup target list --installed` output lacks.
pub fn missing<'a>(installed: &str, wanted: &[&'a str]) -> Vec<&'a str> {
    wanted
        .iter()
        .copied()
        .filter(|t| !installed.lines().any(|l| l.trim() == *t))
        .collect()
}

/// The toolchain of the browser build (`web::build_wasm`): `-Zbuild-std` and its size flags are
/// nightly-only. The machine's own `nightly` (rustup's channel name, not a dated one that rustup
/// would download as a second toolchain); its flags need a nightly from 2025-10 or later, when
/// `panic_immediate_abort` became `-Cpanic=immediate-abort`.
pub const NIGHTLY: &str = "nightly";

/// `rustup target add` whichever of `targets` are not installed yet.
pub fn ensure_installed(targets: &[&str]) -> Result<()> {
    add_missing(None, "target", targets)
}

/// `rustup component add COMPONENT` to the default toolchain.
pub fn add_component(component: &str) -> Result<()> {
    util::run(rustup()?.args(["component", "add", component]))
        .map_err(|e| Error(format!("could not add the Rust component {component}: {e}")))
}

/// [`NIGHTLY`] with `targets` and the standard library's source (which `-Zbuild-std` compiles),
/// installed with rustup's minimal profile when missing.
pub fn ensure_nightly(targets: &[&str]) -> Result<()> {
    let toolchains = util::output(rustup()?.args(["toolchain", "list"]))?;
    if !has_toolchain(&toolchains, NIGHTLY) {
        let mut install = rustup()?;
        install.args(["toolchain", "install", NIGHTLY, "--profile", "minimal", "--component", "rust-src"]);
        for t in targets {
            install.args(["--target", t]);
        }
        util::run(&mut install).map_err(|e| Error(format!("could not install the Rust toolchain {NIGHTLY}: {e}")))?;
    }
    add_missing(Some(NIGHTLY), "target", targets)?;
    add_missing(Some(NIGHTLY), "component", &["rust-src"])
}

/// Whether `rustup toolchain list` output names `toolchain` (as `TOOLCHAIN-HOST`, maybe followed
/// by a note such as `(default)`). A dated toolchain (`nightly-2026-05-20-HOST`) is another one:
/// host triples start with a letter.
fn has_toolchain(list: &str, toolchain: &str) -> bool {
    list.lines().any(|l| {
        let name = l.split_whitespace().next().unwrap_or_default();
        name.strip_prefix(toolchain).and_then(|r| r.strip_prefix('-')).is_some_and(|host| host.starts_with(|c: char| c.is_ascii_alphabetic()))
    })
}

/// `rustup KIND add` (target or component) whichever of `wanted` the toolchain (the default
/// one when None) lacks.
fn add_missing(toolchain: Option<&str>, kind: &str, wanted: &[&str]) -> Result<()> {
    let on: &[&str] = match toolchain {
        Some(t) => &["--toolchain", t],
        None => &[],
    };
    let installed = util::output(rustup()?.args([kind, "list", "--installed"]).args(on))?;
    let need = missing(&installed, wanted);
    if need.is_empty() {
        return Ok(());
    }
    util::run(rustup()?.args([kind, "add"]).args(&need).args(on))
        .map_err(|e| Error(format!("could not add the Rust {kind}s {}: {e}", need.join(", "))))
}

fn rustup() -> Result<Command> {
    if util::which("rustup").is_none() {
        bail!("rustup is not on PATH: it installs the Rust targets and the browser build's nightly");
    }
    Ok(Command::new("rustup"))
}

/// `cargo build -p PACKAGE --target TARGET --release` (an rlib: no allocator or panic handler
/// is needed, so `no_std` targets build as they are).
pub fn build(package: &str, target: &str) -> Result<()> {
    util::run(util::cargo().args(["build", "-p", package, "--target", target, "--release"]))
}

/// Install the cross targets if needed, then build the VM core and the board model for each, and the flasher for
/// the browser (the page drives it over WebSerial).
pub fn build_all() -> Result<()> {
    ensure_installed(&CROSS)?;
    for t in CROSS {
        build("ferrite-vm", t)?;
        build("ferrite-board", t)?;
    }
    build("ferrite-flasher", WASM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_targets() {
        let installed = "x86_64-unknown-linux-gnu\nwasm32-unknown-unknown\n";
        assert_eq!(missing(installed, &CROSS), vec![RISCV]);
        assert_eq!(missing("", &CROSS), vec![WASM, RISCV]);
        assert!(missing("riscv32imc-unknown-none-elf\r\nwasm32-unknown-unknown", &CROSS).is_empty());
        // A prefix is not a match.
        assert_eq!(missing("wasm32-unknown-unknown-extra\n", &[WASM]), vec![WASM]);
    }

    #[test]
    fn the_nightly_channel_is_found_by_name() {
        let list = "stable-x86_64-unknown-linux-gnu (active, default)\nnightly-2026-05-20-x86_64-unknown-linux-gnu\n";
        assert!(!has_toolchain(list, NIGHTLY), "a dated nightly is not the channel");
        assert!(has_toolchain(&format!("{list}nightly-x86_64-unknown-linux-gnu\n"), NIGHTLY));
        assert!(has_toolchain("nightly-aarch64-apple-darwin (default)", NIGHTLY));
        assert!(!has_toolchain("nightlyx-x86_64-unknown-linux-gnu", NIGHTLY));
    }
}
