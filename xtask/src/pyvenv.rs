//! Python tools from PyPI (mpremote, esptool) in one venv under `target/pyenv`, so tests use the
//! real clients people use without touching the system Python.

use crate::util::{self, Result};
use std::path::PathBuf;
use std::process::Command;

/// The venv's folder; rebuilt from PyPI whenever it is missing (CI starts without it).
pub fn dir() -> PathBuf {
    util::target_dir().join("pyenv")
}

/// The venv's `bin/` folder, with each `pip` requirement (`"mpremote"`, `"esptool==4.8.1"`)
/// installed whose `tool` executable is not there yet. Returns the path of `tool`.
pub fn ensure(tool: &str, requirement: &str) -> Result<PathBuf> {
    let venv = dir();
    let bin = venv.join("bin");
    let exe = bin.join(tool);
    if exe.is_file() {
        return Ok(exe);
    }
    if !bin.join("python3").is_file() {
        let python = util::which("python3").ok_or("python3 is not on PATH; it is needed for the PyPI test tools")?;
        util::run(Command::new(python).arg("-m").arg("venv").arg(&venv))?;
    }
    eprintln!("installing {requirement} from PyPI into {}", venv.display());
    util::run(Command::new(bin.join("python3")).args(["-m", "pip", "install", "-q", "--disable-pip-version-check", requirement]))?;
    if !exe.is_file() {
        crate::bail!("pip installed {requirement} but {} does not exist", exe.display());
    }
    Ok(exe)
}
