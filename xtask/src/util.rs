//! Small helpers shared by the subcommands: where things are, running cargo, finding and
//! installing tools, and a little arithmetic for the reports.

use std::env;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The error every subcommand returns: a message for a person, printed by `main`.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Error {
    fn from(s: String) -> Self {
        Error(s)
    }
}

impl From<&str> for Error {
    fn from(s: &str) -> Self {
        Error(s.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// `bail!("...", args)`: return an [`Error`] built with `format!`.
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => { return Err($crate::util::Error(format!($($arg)*))) };
}

/// Where the shared material is looked for when `../shared` beside the repository is missing.
pub const SHARED_FALLBACK: &str = "/work/shared";

/// The workspace root: the parent of this crate's manifest dir.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The shared folder of the project (conformance corpus, benchmarks, anchors).
pub fn shared_dir() -> Result<PathBuf> {
    find_shared(&workspace_root(), Path::new(SHARED_FALLBACK))
}

/// `root/../shared` if it is a directory, else `fallback` if it is one, else a clear error.
pub fn find_shared(root: &Path, fallback: &Path) -> Result<PathBuf> {
    let beside = root.join("..").join("shared");
    if beside.is_dir() {
        // Canonical so that messages and child processes see a clean path.
        return Ok(beside.canonicalize().unwrap_or(beside));
    }
    if fallback.is_dir() {
        return Ok(fallback.to_path_buf());
    }
    bail!(
        "the shared folder was not found: looked for {} (beside the repository) and {}",
        beside.display(),
        fallback.display()
    )
}

/// `target/` of the workspace (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                workspace_root().join(d)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// When `path` was last modified, or None when it is missing.
pub fn mtime(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The release `ferrite` binary built by [`build_ferrite_release`].
pub fn ferrite_release_bin() -> PathBuf {
    target_dir().join("release").join("ferrite")
}

/// A `cargo` command run from the workspace root (the cargo that runs us, when known).
pub fn cargo() -> Command {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root());
    cmd
}

/// `firmware-esp32/`: the bare-metal ports, a workspace of their own.
pub fn firmware_dir() -> PathBuf {
    workspace_root().join("firmware-esp32")
}

/// `cargo build --release` in the firmware workspace (so its `.cargo/config.toml` applies), with
/// its output under this workspace's `target/firmware-esp32`.
pub fn firmware_cargo(target: &str) -> Command {
    let mut cmd = cargo();
    cmd.current_dir(firmware_dir())
        .args(["build", "--release", "--target", target, "--target-dir"])
        .arg(target_dir().join("firmware-esp32"));
    cmd
}

/// Print a command the way a person would type it.
pub fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    if s.ends_with("/cargo") || s == "cargo" {
        s = "cargo".into();
    }
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$\\".contains(c)) {
            s.push_str(&format!(" '{}'", a.replace('\'', r"'\''")));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Run a command with inherited stdio; an error names the command and its status.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {}", show(cmd));
    let status = cmd
        .status()
        .map_err(|e| Error(format!("could not start `{}`: {e}", show(cmd))))?;
    if !status.success() {
        bail!("`{}` failed ({status})", show(cmd));
    }
    Ok(())
}

/// Run a command and return its stdout (stderr inherited).
pub fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Error(format!("could not start `{}`: {e}", show(cmd))))?;
    if !out.status.success() {
        bail!("`{}` failed ({})", show(cmd), out.status);
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The release `ferrite`, profile-guided (`pgo`); returns the path of `target/release/ferrite`.
pub fn build_ferrite_release() -> Result<PathBuf> {
    crate::pgo::build_release()
}

/// The first executable called `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    which_in(name, env::var_os("PATH")?.as_os_str())
}

/// The first executable called `name` in a `PATH`-style list of folders.
pub fn which_in(name: &str, path: &std::ffi::OsStr) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    env::split_paths(path).map(|d| d.join(name)).find(|p| {
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    })
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Make sure `tool` is on PATH, installing Debian's `package` with apt-get when we are root.
pub fn ensure_tool(tool: &str, package: &str) -> Result<PathBuf> {
    if let Some(p) = which(tool) {
        return Ok(p);
    }
    if !is_root() {
        bail!("`{tool}` is not on PATH; install it (Debian package `{package}`) or run as root so the xtask can");
    }
    eprintln!("`{tool}` is missing: installing the Debian package `{package}`");
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    which(tool).ok_or_else(|| Error(format!("installed `{package}` but `{tool}` is still not on PATH")))
}

/// Number of CPUs to use for parallel work.
pub fn cpus() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Median of a non-empty list (mean of the middle two for an even count); `None` when empty.
pub fn median(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Geometric mean of positive numbers; `None` when there are none.
pub fn geomean(xs: &[f64]) -> Option<f64> {
    let xs: Vec<f64> = xs.iter().copied().filter(|x| *x > 0.0 && x.is_finite()).collect();
    if xs.is_empty() {
        return None;
    }
    Some((xs.iter().map(|x| x.ln()).sum::<f64>() / xs.len() as f64).exp())
}

/// `1m 05s`, `12.3s`, `0.41s`.
pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 60.0 {
        format!("{}m {:02}s", (s / 60.0) as u64, (s % 60.0) as u64)
    } else if s >= 10.0 {
        format!("{s:.1}s")
    } else {
        format!("{s:.2}s")
    }
}

/// Normalise program output for comparison: CRLF -> LF and at most one trailing newline removed.
pub fn normalise_output(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    if out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
pub mod testutil {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh empty folder under the system temp dir (removed on drop).
    pub struct TempDir(pub PathBuf);

    impl TempDir {
        pub fn new(tag: &str) -> TempDir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "xtask-test-{tag}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::TempDir;
    use super::*;

    #[test]
    fn shared_beside_the_repository_wins() {
        let t = TempDir::new("shared");
        let repo = t.0.join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::create_dir_all(t.0.join("shared")).unwrap();
        let fallback = t.0.join("fallback");
        std::fs::create_dir_all(&fallback).unwrap();
        let got = find_shared(&repo, &fallback).unwrap();
        assert_eq!(got, t.0.join("shared").canonicalize().unwrap());
    }

    #[test]
    fn shared_falls_back_then_fails_clearly() {
        let t = TempDir::new("shared-fb");
        let repo = t.0.join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        let fallback = t.0.join("fallback");
        let err = find_shared(&repo, &fallback).unwrap_err();
        assert!(err.0.contains("shared folder was not found"), "{err}");
        assert!(err.0.contains("fallback"), "{err}");
        std::fs::create_dir_all(&fallback).unwrap();
        assert_eq!(find_shared(&repo, &fallback).unwrap(), fallback);
    }

    #[test]
    fn workspace_root_holds_the_workspace_manifest() {
        let m = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
        assert!(m.contains("[workspace]"));
    }

    #[test]
    fn which_finds_executables_only() {
        let t = TempDir::new("which");
        let exe = t.0.join("tool");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        let plain = t.0.join("plain");
        std::fs::write(&plain, "").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = std::env::join_paths([t.0.join("nowhere"), t.0.clone()]).unwrap();
        assert_eq!(which_in("tool", &path), Some(exe));
        assert_eq!(which_in("plain", &path), None);
        assert_eq!(which_in("absent", &path), None);
    }

    #[test]
    fn median_and_geomean() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(geomean(&[]), None);
        let g = geomean(&[2.0, 8.0]).unwrap();
        assert!((g - 4.0).abs() < 1e-12);
    }

    #[test]
    fn output_normalisation() {
        assert_eq!(normalise_output(b"a\r\nb\r\n"), b"a\nb");
        assert_eq!(normalise_output(b"a\n\n"), b"a\n");
        assert_eq!(normalise_output(b""), b"");
        assert_eq!(normalise_output(b"x\r"), b"x\r");
    }

    #[test]
    fn commands_are_shown_quoted() {
        let mut c = Command::new("python3");
        c.args(["run.py", "--interp", "a b", ""]);
        assert_eq!(show(&c), "python3 run.py --interp 'a b' ''");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(fmt_duration(Duration::from_millis(410)), "0.41s");
        assert_eq!(fmt_duration(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(fmt_duration(Duration::from_secs(65)), "1m 05s");
    }
}
