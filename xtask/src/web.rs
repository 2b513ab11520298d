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

/// Files copied as they are from `www/` into the site (`boot.js` to be inlined into the page).
const STATIC: [&str; 3] = ["boot.js", "sw.js", "icon.svg"];

/// Build everything into [`dist_dir`] and return it.
pub fn build() -> Result<PathBuf> {
    let www = www_dir();
    let out = dist_dir();
    std::fs::create_dir_all(&out).map_err(|e| Error(format!("cannot create {}: {e}", out.display())))?;
    npm_install(&www)?;
    let pkg = build_wasm(VM_WASM, &[], &bindings_dir())?;
    // The page imports the bindings as `ferrite-wasm`; the wasm file sits beside the bundle.
    wasm_opt(&www, &pkg.join("web_bg.wasm"), &out.join("ferrite.wasm"))?;
    let flash_pkg = build_wasm(FLASHER_WASM, &[], &util::target_dir().join("www-pkg-flasher"))?;
    wasm_opt(&www, &flash_pkg.join("webflash_bg.wasm"), &out.join("flasher.wasm"))?;
    // Three bundles: `app.js` (terminal, board, VM) starts the REPL; `editor.js` (CodeMirror),
    // which `app.js` imports once the prompt is ready; `serial.js` (the real board over
    // WebSerial, with the flasher's own wasm), imported only when the user presses Connect.
    // They share no code, so each is external to `app.js` rather than split into shared chunks
    // (a chunk would cost one more round trip before the page's script can run).
    util::run(
        Command::new(www.join("node_modules/.bin/esbuild"))
            .current_dir(&www)
            .args(["app=src/main.js", "editor=src/editor.js", "serial=src/serial.js"])
            .args(["--external:./editor.js", "--external:./serial.js"])
            .arg("--bundle")
            .args(MINIFY)
            .arg(format!("--alias:ferrite-wasm={}", pkg.join("web.js").display()))
            .arg(format!("--alias:ferrite-flasher-wasm={}", flash_pkg.join("webflash.js").display()))
            .arg(format!("--outdir={}", out.display())),
    )?;
    copy_firmware(&out.join("firmware"))?;
    for f in STATIC {
        let (from, to) = (www.join(f), out.join(f));
        std::fs::copy(&from, &to).map_err(|e| Error(format!("cannot copy {} to {}: {e}", from.display(), to.display())))?;
    }
    write_page(&www.join("index.html"), &out)?;
    Ok(out)
}

/// `index.html` with the first load's script and style files inlined (`inline.rs`); the inlined
/// files leave the site, so nothing fetches or caches a second copy.
fn write_page(template: &Path, out: &Path) -> Result<()> {
    let html = std::fs::read_to_string(template).map_err(|e| Error(format!("cannot read {}: {e}", template.display())))?;
    let (page, inlined) = crate::inline::inline(&html, |f| std::fs::read_to_string(out.join(f)).ok())?;
    std::fs::write(out.join("index.html"), page).map_err(|e| Error(format!("cannot write index.html: {e}")))?;
    for f in inlined {
        std::fs::remove_file(out.join(&f)).map_err(|e| Error(format!("cannot remove {f} from the site: {e}")))?;
    }
    Ok(())
}

/// `npm ci` in `www/` when `node_modules` is missing or older than the lock file.
pub fn npm_install(www: &Path) -> Result<()> {
    let stamp = www.join("node_modules/.package-lock.json");
    let lock = www.join("package-lock.json");
    if matches!((util::mtime(&stamp), util::mtime(&lock)), (Some(s), Some(l)) if s >= l) {
        return Ok(());
    }
    let npm = util::ensure_tool("npm", "npm")?;
    util::run(Command::new(npm).current_dir(www).args(["ci", "--no-audit", "--no-fund"]))
}

/// A wasm-bindgen crate of the page: (package, library name).
pub type WasmCrate = (&'static str, &'static str);
/// The playground's VM.
pub const VM_WASM: WasmCrate = ("ferrite-web", "web");
/// The flasher, loaded on Connect (and, with feature `sim`, the tests' simulated board).
pub const FLASHER_WASM: WasmCrate = ("ferrite-webflash", "webflash");

/// What the browser build passes to rustc besides the `web` profile (figures: docs/size.md,
/// "The browser build is nightly's"): a panic is a trap at once (`unreachable`), with no message
/// formatted and no source location kept, and the VM's hot functions are compiled for speed
/// (`ferrite_speed`: `vm/src/lib.rs`).
const WASM_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg ferrite_speed";

/// Compile a crate for wasm32 with the size profile and generate its JS bindings into `pkg`
/// (`LIB.js` and the unoptimised `LIB_bg.wasm`). Returns `pkg`.
pub fn build_wasm((package, lib): WasmCrate, cargo_args: &[&str], pkg: &Path) -> Result<PathBuf> {
    targets::ensure_nightly(&[targets::WASM])?;
    util::run(
        Command::new("rustup")
            .current_dir(util::workspace_root())
            .args(["run", targets::NIGHTLY, "cargo", "build", "-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"])
            .args(["-p", package, "--target", targets::WASM, "--profile", "web"])
            .env("RUSTFLAGS", WASM_RUSTFLAGS)
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .args(cargo_args),
    )?;
    let input = util::target_dir().join(targets::WASM).join(format!("web/{lib}.wasm"));
    // Bindings newer than both the module and this xtask (its bindgen options) are current.
    let made = newest_of(&[input.clone(), std::env::current_exe().unwrap_or_default()]);
    let glue = [pkg.join(format!("{lib}.js")), pkg.join(format!("{lib}_bg.wasm"))];
    if matches!((oldest_of(&glue), made), (Some(g), Some(m)) if g > m) {
        return Ok(pkg.to_path_buf());
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .web(true)
        // `__wbg_reset_state`: a new instance of the compiled module, for the page to replace a
        // VM that trapped (a Rust panic is `unreachable` under `-Cpanic=immediate-abort`).
        .and_then(|b| b.typescript(false).reset_state_function(true).generate(pkg))
        .map_err(|e| Error(format!("wasm-bindgen on {}: {e:#}", input.display())))?;
    Ok(pkg.to_path_buf())
}

fn mtimes(paths: &[PathBuf]) -> Option<Vec<std::time::SystemTime>> {
    paths.iter().map(|p| util::mtime(p)).collect()
}

/// The latest modification time of `paths`, or None when one is missing.
fn newest_of(paths: &[PathBuf]) -> Option<std::time::SystemTime> {
    mtimes(paths)?.into_iter().max()
}

/// The earliest modification time of `paths`, or None when one is missing.
fn oldest_of(paths: &[PathBuf]) -> Option<std::time::SystemTime> {
    mtimes(paths)?.into_iter().min()
}

/// Ferrite's firmware images and their ESP Web Tools manifest, when `cargo xtask firmware` has
/// built them: the page's Flash button writes them to a board.
fn copy_firmware(to: &Path) -> Result<()> {
    let from = crate::firmware::out_dir();
    if !from.join("manifest.json").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(to).map_err(|e| Error(format!("cannot create {}: {e}", to.display())))?;
    let entries = std::fs::read_dir(&from).map_err(|e| Error(format!("cannot list {}: {e}", from.display())))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "manifest.json" || (name.starts_with("ferrite-") && name.ends_with(".bin")) {
            std::fs::copy(entry.path(), to.join(&name)).map_err(|e| Error(format!("cannot copy {name}: {e}")))?;
        }
    }
    Ok(())
}

/// wasm-bindgen's output: `web.js` (the VM's JS bindings) and the unoptimised `web_bg.wasm`.
pub fn bindings_dir() -> PathBuf {
    util::target_dir().join("www-pkg")
}

/// Shrink the module with binaryen's `wasm-opt` (from npm); `-Os` rather than `-Oz`: smaller
/// gzipped (−0.6 KB on `ferrite.wasm`) and as fast or faster in node. Skipped when `output` is newer than
/// `input` (it takes a minute, and the site is rebuilt before every browser test and bench).
/// `--low-memory-unused`: rustc's wasm puts the 1 MB stack at the bottom of memory, so the low
/// 1 KB is only reached by a stack that has already overflowed, and a pointer plus a constant can
/// never wrap into it; binaryen may then fold `x + C` into the load's or store's offset (−3.3 KB
/// raw, −1.5 KB gzipped on `ferrite.wasm`). `--converge` repeats the passes while they still
/// shrink the module. Not `--ignore-implicit-traps` (−0.1 KB more): it lets binaryen run a load
/// speculatively, e.g. `v.get(i)` as a `select` over a load at an index the user chose, which
/// would trap the page where Python raises IndexError. A second `-Os` pass writes the functions
/// in the order that gzips best (`wasm_order`: −2.3 KB gzipped on `ferrite.wasm`).
fn wasm_opt(www: &Path, input: &Path, output: &Path) -> Result<()> {
    // Newer than both the input and this xtask (its wasm-opt flags) is current.
    let made = newest_of(&[input.to_path_buf(), std::env::current_exe().unwrap_or_default()]);
    if matches!((oldest_of(&[output.to_path_buf()]), made), (Some(o), Some(i)) if o > i) {
        return Ok(());
    }
    let opt = |extra: &[&str], input: &Path| {
        util::run(
            Command::new(www.join("node_modules/.bin/wasm-opt"))
                .args(["-Os", "--low-memory-unused", "--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"])
                .args(extra)
                .arg(input)
                .arg("-o")
                .arg(output),
        )
    };
    opt(&["--converge"], input)?;
    // Then in the order that gzips best (`wasm_order`); the names go again with the rewrite.
    let named = output.with_extension("named.wasm");
    let read = std::fs::read(output).map_err(|e| Error(format!("could not read {}: {e}", output.display())))?;
    std::fs::write(&named, crate::wasm_order::name_by_likeness(&read)?).map_err(|e| Error(format!("could not write {}: {e}", named.display())))?;
    opt(&["--reorder-functions-by-name", "--strip-debug"], &named)?;
    std::fs::remove_file(&named).map_err(|e| Error(format!("could not remove {}: {e}", named.display())))
}

/// How esbuild writes the page's scripts.
const MINIFY: [&str; 4] = ["--minify", "--format=esm", "--target=es2022", "--legal-comments=none"];

/// The VM's JS bindings as the page ships them (minified into its script by `build`), written
/// beside `web.js` for the benchmark to weigh.
pub fn shipped_bindings() -> Result<PathBuf> {
    let (input, output) = (bindings_dir().join("web.js"), bindings_dir().join("web.min.js"));
    util::run(
        Command::new(www_dir().join("node_modules/.bin/esbuild"))
            .arg(&input)
            .args(MINIFY)
            .arg(format!("--outfile={}", output.display())),
    )?;
    Ok(output)
}

/// The gzipped size of a file (what a server with compression sends).
pub fn gzipped_size(path: &Path) -> Result<u64> {
    let gz = util::output(Command::new("sh").arg("-c").arg(format!("gzip -9c '{}' | wc -c", path.display())))?;
    gz.trim().parse().map_err(|e| Error(format!("gzip size of {}: {e}", path.display())))
}
