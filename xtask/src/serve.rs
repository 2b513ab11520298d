//! `cargo xtask serve`: the browser playground, once it exists; the terminal REPL until then.
//!
//! Where the playground slots in: `run` will build the VM for [`targets::WASM`] (with
//! `targets::ensure_installed` + `targets::build_vm`, or the wasm front-end crate when there is
//! one), copy the output into `www/`, and serve that folder on [`PLAYGROUND_ADDR`]. Until `www/`
//! exists, `run` falls back to the REPL of the native binary.

use crate::bail;
use crate::util::{self, Result};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;

/// Where the playground will be served (loopback only).
pub const PLAYGROUND_ADDR: &str = "127.0.0.1:8000";

pub const USAGE: &str = "\
cargo xtask serve
  Will build the wasm playground and serve www/ on http://127.0.0.1:8000.
  Until the playground exists: builds ferrite in release and starts its REPL.";

/// The playground's folder, when the project has one.
pub fn playground_dir() -> Option<PathBuf> {
    let www = util::workspace_root().join("www");
    www.join("index.html").is_file().then_some(www)
}

pub fn run(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        bail!("unknown option `{a}` for `cargo xtask serve`\n\n{USAGE}");
    }
    // When the playground lands, this becomes `Some(www) => serve_playground(&www)`.
    match playground_dir() {
        Some(www) => println!(
            "{} exists but `serve` cannot build and serve it yet; starting the ferrite REPL instead.",
            www.display()
        ),
        None => println!(
            "The browser playground is not built yet (it will be served on http://{PLAYGROUND_ADDR}); starting the ferrite REPL instead."
        ),
    }
    repl()
}

/// Build the release binary and replace this process with its REPL (stdio inherited).
fn repl() -> Result<()> {
    let bin = util::build_ferrite_release()?;
    let err = Command::new(&bin).exec();
    bail!("could not start {}: {err}", bin.display())
}
