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

/// `rustup target add` whichever of `targets` are not installed yet.
pub fn ensure_installed(targets: &[&str]) -> Result<()> {
    if util::which("rustup").is_none() {
        bail!(
            "rustup is not on PATH: it is needed to add the targets {}",
            targets.join(", ")
        );
    }
    let installed = util::output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    let need = missing(&installed, targets);
    if need.is_empty() {
        return Ok(());
    }
    util::run(Command::new("rustup").args(["target", "add"]).args(&need))
        .map_err(|e| Error(format!("could not add the Rust targets {}: {e}", need.join(", "))))
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
}
