//! The page's tests: Node's test runner over `www/tests/` (pure modules, then real Chromium from
//! Debian driven by playwright-core) against the built site served on a free loopback port.

use crate::serve::Server;
use crate::util::{self, Error, Result};
use crate::web;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `*.test.mjs` under `dir`, sorted (browser tests after the pure ones: `browser/` sorts last).
fn test_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error(format!("cannot list {}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(test_files(&p)?);
        } else if p.to_string_lossy().ends_with(".test.mjs") {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

pub fn run() -> Result<()> {
    let site = web::build()?;
    // Test only, never in the site: the flasher's wasm with the simulated board behind the fake
    // `navigator.serial` of `serial.test.mjs`.
    let sim = web::build_wasm(web::FLASHER_WASM, &["--features", "sim"], &util::target_dir().join("www-sim"))?;
    // Test only too: the VM with a panic on purpose (`crash-test`), swapped in for `ferrite.wasm`
    // by `crash.test.mjs`. Its bindings must be the site's, or the swap would test nothing real.
    let crash = web::build_wasm(web::VM_WASM, &["--features", "crash-test"], &util::target_dir().join("www-crash"))?;
    let read = |p: PathBuf| std::fs::read(&p).map_err(|e| Error(format!("cannot read {}: {e}", p.display())));
    if read(crash.join("web.js"))? != read(web::bindings_dir().join("web.js"))? {
        return Err(Error("the crash-test build's JS bindings differ from the site's".into()));
    }
    let chromium = util::ensure_tool("chromium", "chromium")?;
    let node = util::ensure_tool("node", "nodejs")?;
    let server = Server::bind("127.0.0.1:0", site)?;
    let url = server.url();
    std::thread::spawn(move || server.serve_forever());
    let www = web::www_dir();
    let shots = util::target_dir().join("browser-shots");
    util::run(
        Command::new(node)
            .current_dir(&www)
            // One file at a time: each browser file starts its own Chromium, and CI has 2 cores.
            .args(["--test", "--test-concurrency=1"])
            .args(test_files(&www.join("tests"))?)
            .env("FERRITE_URL", &url)
            .env("CHROMIUM", chromium)
            .env("FERRITE_SHOTS", &shots)
            .env("FERRITE_SIM", &sim)
            .env("FERRITE_CRASH_WASM", crash.join("web_bg.wasm")),
    )?;
    println!("screenshots in {}", shots.display());
    Ok(())
}
