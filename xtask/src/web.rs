//! Building the playground: the wasm port through wasm-bindgen (as a library) and wasm-opt, the
//! page's JavaScript and CSS through esbuild, and the static files, into `target/www/`.

use crate::targets;
use crate::util::{self, Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The page's source folder (package.json, src/, static files).
pub fn www_dir() -> PathBuf {
    util::workspace_root().join("www")
}

/// Where the finished site is written.
pub fn dist_dir() -> PathBuf {
    util::target_dir().join("www")
}

/// Files copied as they are from `www/` into the site.
const STATIC: [&str; 3] = ["index.html", "sw.js", "icon.svg"];

/// Build everything into [`dist_dir`] and return it.
pub fn build() -> Result<PathBuf> {
    let www = www_dir();
    let out = dist_dir();
    std::fs::create_dir_all(&out).map_err(|e| Error(format!("cannot create {}: {e}", out.display())))?;
    npm_install(&www)?;
    let pkg = build_wasm()?;
    // The page imports the bindings as `ferrite-wasm`; the wasm file sits beside the bundle.
    let opt_in = pkg.join("web_bg.wasm");
    let wasm = out.join("ferrite.wasm");
    wasm_opt(&www, &opt_in, &wasm)?;
    // Two bundles: `app.js` (terminal, board, VM) starts the REPL, and `editor.js` (CodeMirror),
    // which `app.js` imports once the prompt is ready. `editor.js` shares no code with the page's
    // other modules, so it is external to `app.js` rather than split into shared chunks (a
    // chunk would cost one more round trip before the page's script can run).
    util::run(
        Command::new(www.join("node_modules/.bin/esbuild"))
            .current_dir(&www)
            .args(["app=src/main.js", "editor=src/editor.js", "--external:./editor.js"])
            .args(["--bundle", "--minify", "--format=esm", "--target=es2022", "--legal-comments=none"])
            .arg(format!("--alias:ferrite-wasm={}", pkg.join("web.js").display()))
            .arg(format!("--outdir={}", out.display())),
    )?;
    for f in STATIC {
        let (from, to) = (www.join(f), out.join(f));
        std::fs::copy(&from, &to).map_err(|e| Error(format!("cannot copy {} to {}: {e}", from.display(), to.display())))?;
    }
    Ok(out)
}

/// `npm ci` in `www/` when `node_modules` is missing or older than the lock file.
pub fn npm_install(www: &Path) -> Result<()> {
    let stamp = www.join("node_modules/.package-lock.json");
    let lock = www.join("package-lock.json");
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if matches!((mtime(&stamp), mtime(&lock)), (Some(s), Some(l)) if s >= l) {
        return Ok(());
    }
    let npm = util::ensure_tool("npm", "npm")?;
    util::run(Command::new(npm).current_dir(www).args(["ci", "--no-audit", "--no-fund"]))
}

/// Compile `ferrite-web` for wasm32 with the size profile and generate its JS bindings.
/// Returns the folder with `web.js` and `web_bg.wasm`.
fn build_wasm() -> Result<PathBuf> {
    targets::ensure_installed(&[targets::WASM])?;
    util::run(util::cargo().args(["build", "-p", "ferrite-web", "--target", targets::WASM, "--profile", "web"]))?;
    let input = util::target_dir().join(targets::WASM).join("web/web.wasm");
    let pkg = bindings_dir();
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .web(true)
        .and_then(|b| b.typescript(false).generate(&pkg))
        .map_err(|e| Error(format!("wasm-bindgen on {}: {e:#}", input.display())))?;
    Ok(pkg)
}

/// wasm-bindgen's output: `web.js` (the VM's JS bindings) and the unoptimised `web_bg.wasm`.
pub fn bindings_dir() -> PathBuf {
    util::target_dir().join("www-pkg")
}

/// Shrink the module with binaryen's `wasm-opt` (from npm).
fn wasm_opt(www: &Path, input: &Path, output: &Path) -> Result<()> {
    util::run(
        Command::new(www.join("node_modules/.bin/wasm-opt"))
            .args(["-Oz", "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"])
            .arg(input)
            .arg("-o")
            .arg(output),
    )
}

/// The gzipped size of a file (what a server with compression sends).
pub fn gzipped_size(path: &Path) -> Result<u64> {
    let gz = util::output(Command::new("sh").arg("-c").arg(format!("gzip -9c '{}' | wc -c", path.display())))?;
    gz.trim().parse().map_err(|e| Error(format!("gzip size of {}: {e}", path.display())))
}
