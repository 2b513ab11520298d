//! The release `ferrite`, built with profile-guided optimisation (as CPython's releases are).
//!
//! An interpreter's speed depends on how its loop and helpers are laid out and which branches the
//! compiler treats as likely; without a profile, rustc guesses, and a change anywhere moves the
//! hot code around (wall time shifts by a few percent for code that did not change). So the
//! release build is made in three steps:
//! 1. `ferrite` instrumented (`-Cprofile-generate`) under `target/pgo/`;
//! 2. the training programs run with it: the project's own golden tests and the conformance
//!    corpus, never the benchmark scripts, so a benchmark measures what a program the build has
//!    not seen gets; their counts are merged with `llvm-profdata` (rustup's `llvm-tools`);
//! 3. `ferrite` built again with the profile (`-Cprofile-use`) into `target/release/`.
//!
//! Steps 2–3 are skipped while the instrumented binary is older than the profile (nothing
//! changed), and cargo's own fingerprints skip step 3 when the profile did not change.

use crate::targets;
use crate::util::{self, Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A training program that runs longer than this is stopped (its counts so far are lost, the
/// others still count).
const TRAIN_TIMEOUT: Duration = Duration::from_secs(20);

/// `target/pgo`: the instrumented build, its raw counts and the merged profile.
fn pgo_dir() -> PathBuf {
    util::target_dir().join("pgo")
}

/// Build the release `ferrite` with a fresh profile; returns the path of `target/release/ferrite`.
pub fn build_release() -> Result<PathBuf> {
    let dir = pgo_dir();
    let raw = dir.join("raw");
    let profile = dir.join("ferrite.profdata");
    let instrumented = dir.join("release").join("ferrite");
    util::run(release_build(&format!("-Cprofile-generate={}", raw.display())).arg("--target-dir").arg(&dir))?;
    if !is_newer(&profile, &instrumented) {
        train(&instrumented, &raw, &profile)?;
    }
    util::run(&mut release_build(&format!("-Cprofile-use={}", profile.display())))?;
    let bin = util::ferrite_release_bin();
    if !bin.is_file() {
        crate::bail!("the build succeeded but {} does not exist", bin.display());
    }
    Ok(bin)
}

/// `cargo build --release -p ferrite-cli` with one extra rustc flag (which replaces `RUSTFLAGS`:
/// a flag from the environment would make the two builds differ in more than the profile).
fn release_build(flag: &str) -> Command {
    let mut cmd = util::cargo();
    cmd.args(["build", "--release", "-p", "ferrite-cli"])
        .env("CARGO_ENCODED_RUSTFLAGS", flag)
        .env_remove("RUSTFLAGS");
    cmd
}

/// Run every training program with the instrumented binary, then merge their counts into
/// `profile`.
fn train(instrumented: &Path, raw: &Path, profile: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(raw);
    std::fs::create_dir_all(raw).map_err(|e| Error(format!("cannot create {}: {e}", raw.display())))?;
    let programs = training_programs()?;
    eprintln!("profile-guided build: training on {} programs", programs.len());
    let counts = raw.join("%m-%p.profraw");
    for program in &programs {
        run_one(instrumented, program, &counts);
    }
    let tool = profdata()?;
    let mut merge = Command::new(&tool);
    merge.arg("merge").arg("-o").arg(profile).arg(raw);
    util::run(&mut merge)
}

/// Run one program (cwd its folder, no input) to its end; its exit status does not matter (a
/// golden test may end in a traceback on purpose).
fn run_one(bin: &Path, program: &Path, counts: &Path) {
    let (Some(dir), Some(name)) = (program.parent(), program.file_name()) else { return };
    let mut cmd = Command::new(bin);
    cmd.arg(name).current_dir(dir).env("LLVM_PROFILE_FILE", counts);
    if let Ok(run) = crate::process::run_with_timeout(&mut cmd, Some(TRAIN_TIMEOUT)) {
        if run.timed_out {
            eprintln!("profile-guided build: {} ran past {TRAIN_TIMEOUT:?}; stopped", program.display());
        }
    }
}

/// The golden tests and, when the shared folder is there, the conformance corpus.
fn training_programs() -> Result<Vec<PathBuf>> {
    let mut programs = python_files(&util::workspace_root().join("tests").join("golden"))?;
    if let Ok(shared) = util::shared_dir() {
        let corpus = shared.join("conformance").join("tests");
        if corpus.is_dir() {
            for category in read_dir(&corpus)? {
                if category.is_dir() {
                    programs.extend(python_files(&category)?);
                }
            }
        }
    }
    Ok(programs)
}

/// The `*.py` files directly in `dir`, sorted.
fn python_files(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(read_dir(dir)?.into_iter().filter(|p| p.extension().is_some_and(|e| e == "py")).collect())
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error(format!("cannot list {}: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    Ok(paths)
}

/// Whether `a` exists and was modified after `b` (false when either is missing).
fn is_newer(a: &Path, b: &Path) -> bool {
    matches!((util::mtime(a), util::mtime(b)), (Some(a), Some(b)) if a > b)
}

/// `llvm-profdata` of the toolchain that builds `ferrite` (its LLVM must match rustc's), from
/// rustup's `llvm-tools`, added when missing.
fn profdata() -> Result<PathBuf> {
    let tool = profdata_path()?;
    if !tool.is_file() {
        targets::add_component("llvm-tools")?;
    }
    Ok(tool)
}

/// `SYSROOT/lib/rustlib/HOST/bin/llvm-profdata`.
fn profdata_path() -> Result<PathBuf> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let sysroot = util::output(Command::new(&rustc).current_dir(util::workspace_root()).args(["--print", "sysroot"]))?;
    let info = util::output(Command::new(&rustc).current_dir(util::workspace_root()).arg("-vV"))?;
    let host = info.lines().find_map(|l| l.strip_prefix("host: ")).unwrap_or_default().trim();
    Ok(Path::new(sysroot.trim()).join("lib/rustlib").join(host).join("bin/llvm-profdata"))
}
