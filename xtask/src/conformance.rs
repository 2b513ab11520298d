//! The MicroPython conformance corpus: run `../shared/conformance/run.py` against a binary,
//! report per category, and hold the line with a threshold.

use crate::bail;
use crate::json::{self, Json};
use crate::util::{self, Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/conformance-threshold.txt` (repository root) holds one integer: the least number of
/// conformance tests that must pass. It starts at 0 and is RAISED AS WE GO — whenever a change
/// makes more tests pass, raise it to the new count in the same commit — and is NEVER LOWERED:
/// a change that loses tests is a regression to fix, not a threshold to move.
pub const THRESHOLD_FILE: &str = "tests/conformance-threshold.txt";

/// The corpus' categories (first path component of a test), in display order.
pub const CATEGORIES: [&str; 5] = ["basics", "extmod", "float", "misc", "stress"];

pub struct Options {
    pub jobs: usize,
    pub verbose: bool,
    /// Only tests whose path contains this; the threshold is not checked then.
    pub filter: Option<String>,
}

/// Per-category pass/fail counts.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Counts {
    pub passed: u32,
    pub failed: u32,
}

#[derive(Debug, Default)]
pub struct Report {
    pub passed: u32,
    pub failed: u32,
    pub categories: BTreeMap<String, Counts>,
    /// (test, detail) of each failure.
    pub failures: Vec<(String, String)>,
}

/// Run the corpus against `interp` and check the threshold. Returns the number passed.
pub fn run(interp: &Path, opts: &Options) -> Result<u32> {
    let shared = util::shared_dir()?;
    let script = shared.join("conformance").join("run.py");
    if !script.is_file() {
        bail!("{} is missing", script.display());
    }
    let python = util::ensure_tool("python3", "python3")?;
    let json_out = util::target_dir().join("conformance.json");
    let _ = std::fs::remove_file(&json_out);
    let mut cmd = Command::new(python);
    cmd.arg(&script)
        .arg("--interp")
        .arg(interp)
        .arg("--json")
        .arg(&json_out)
        .arg("--jobs")
        .arg(opts.jobs.to_string())
        .current_dir(util::workspace_root());
    if let Some(f) = &opts.filter {
        cmd.arg("--filter").arg(f);
    }
    eprintln!("$ {}", util::show(&cmd));
    let stdout = util::output(&mut cmd)?;
    let (passed, failed) = parse_summary(&stdout)?;
    let text =
        std::fs::read_to_string(&json_out).map_err(|e| Error(format!("could not read {}: {e}", json_out.display())))?;
    let report = parse_results(&text)?;
    if (report.passed, report.failed) != (passed, failed) {
        bail!(
            "run.py said {passed} passed, {failed} failed but {} holds {} passed, {} failed",
            json_out.display(),
            report.passed,
            report.failed
        );
    }
    print!("{}", format_table(&report));
    if opts.verbose {
        for (test, detail) in &report.failures {
            println!("FAIL {test}: {detail}");
        }
    } else if !report.failures.is_empty() {
        println!(
            "({} failures; `cargo xtask test --only conformance --verbose` lists them)",
            report.failures.len()
        );
    }
    println!(
        "conformance: {passed} passed, {failed} failed (results in {})",
        json_out.display()
    );

    if opts.filter.is_some() {
        println!("(filtered run: the threshold is not checked)");
        return Ok(passed);
    }
    let threshold = read_threshold(&threshold_path())?;
    check_threshold(passed, threshold)?;
    if passed > threshold {
        println!(
            "conformance: {passed} passed > threshold {threshold}: raise {THRESHOLD_FILE} to {passed} (it is never lowered)"
        );
    }
    Ok(passed)
}

/// Read the threshold file: one non-negative integer (surrounding whitespace allowed).
pub fn read_threshold(path: &Path) -> Result<u32> {
    let text = std::fs::read_to_string(path).map_err(|e| Error(format!("could not read {}: {e}", path.display())))?;
    parse_threshold(&text).map_err(|e| Error(format!("{}: {e}", path.display())))
}

pub fn parse_threshold(text: &str) -> Result<u32> {
    let t = text.trim();
    t.parse::<u32>()
        .map_err(|_| Error(format!("expected a single non-negative integer, found {t:?}")))
}

pub fn check_threshold(passed: u32, threshold: u32) -> Result<()> {
    if passed < threshold {
        bail!("conformance regressed: {passed} tests passed, fewer than the threshold {threshold} in {THRESHOLD_FILE}");
    }
    Ok(())
}

/// Parse run.py's closing line `N passed, N failed` (the last non-empty line of its output).
pub fn parse_summary(stdout: &str) -> Result<(u32, u32)> {
    let last = stdout
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let bad = || {
        Error(format!(
            "run.py did not end with `N passed, N failed`; its last line was {last:?}"
        ))
    };
    let (p, f) = last.split_once(", ").ok_or_else(bad)?;
    let p = p.strip_suffix(" passed").ok_or_else(bad)?;
    let f = f.strip_suffix(" failed").ok_or_else(bad)?;
    Ok((p.parse().map_err(|_| bad())?, f.parse().map_err(|_| bad())?))
}

/// The category of a test path: its first component (`.` for a test at the top).
pub fn category(test: &str) -> &str {
    match test.split_once('/') {
        Some((c, _)) => c,
        None => ".",
    }
}

/// Read run.py's `--json` output into a [`Report`].
pub fn parse_results(text: &str) -> Result<Report> {
    let j = json::parse(text).map_err(Error)?;
    let results = j
        .get("results")
        .and_then(Json::as_array)
        .ok_or_else(|| Error("conformance JSON has no `results` list".into()))?;
    let mut r = Report::default();
    for c in CATEGORIES {
        r.categories.insert(c.to_string(), Counts::default());
    }
    for item in results {
        let test = item
            .get("test")
            .and_then(Json::as_str)
            .ok_or_else(|| Error("conformance JSON: a result without `test`".into()))?;
        let ok = item
            .get("pass")
            .and_then(Json::as_bool)
            .ok_or_else(|| Error(format!("conformance JSON: {test} has no `pass`")))?;
        let counts = r.categories.entry(category(test).to_string()).or_default();
        if ok {
            counts.passed += 1;
            r.passed += 1;
        } else {
            counts.failed += 1;
            r.failed += 1;
            let detail = item.get("detail").and_then(Json::as_str).unwrap_or("");
            r.failures.push((test.to_string(), detail.to_string()));
        }
    }
    if let Some(p) = j.get("passed").and_then(Json::as_f64) {
        if p != r.passed as f64 {
            bail!("conformance JSON: `passed` is {p} but {} results passed", r.passed);
        }
    }
    Ok(r)
}

/// The per-category table, known categories first.
pub fn format_table(r: &Report) -> String {
    let mut rows: Vec<(&str, Counts)> = CATEGORIES
        .iter()
        .map(|c| (*c, r.categories.get(*c).copied().unwrap_or_default()))
        .collect();
    for (c, n) in &r.categories {
        if !CATEGORIES.contains(&c.as_str()) {
            rows.push((c, *n));
        }
    }
    rows.push((
        "total",
        Counts {
            passed: r.passed,
            failed: r.failed,
        },
    ));
    let mut s = format!(
        "{:<10} {:>7} {:>7} {:>7} {:>7}\n",
        "category", "passed", "failed", "total", "pass%"
    );
    for (c, n) in rows {
        let total = n.passed + n.failed;
        let pct = if total == 0 {
            0.0
        } else {
            100.0 * n.passed as f64 / total as f64
        };
        s.push_str(&format!(
            "{c:<10} {:>7} {:>7} {total:>7} {pct:>6.1}%\n",
            n.passed, n.failed
        ));
    }
    s
}

/// The path of the threshold file in this checkout.
pub fn threshold_path() -> PathBuf {
    util::workspace_root().join(THRESHOLD_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_last_line() {
        let out =
            "FAIL basics/x.py: exit status 1\nbasics       1 passed,    1 failed (50.0%)\n12 passed, 471 failed\n\n";
        assert_eq!(parse_summary(out).unwrap(), (12, 471));
        assert_eq!(parse_summary("0 passed, 0 failed").unwrap(), (0, 0));
        for bad in ["", "12 passed", "x passed, 1 failed", "1 passed, 2 failed\nTraceback"] {
            let e = parse_summary(bad).unwrap_err();
            assert!(e.0.contains("N passed, N failed"), "{e}");
        }
    }

    #[test]
    fn threshold_file_holds_one_integer() {
        assert_eq!(parse_threshold("0\n").unwrap(), 0);
        assert_eq!(parse_threshold("  123 \n").unwrap(), 123);
        assert!(parse_threshold("").is_err());
        assert!(parse_threshold("-1").is_err());
        assert!(parse_threshold("12 # comment").is_err());
    }

    #[test]
    fn the_checked_in_threshold_parses() {
        read_threshold(&threshold_path()).unwrap();
    }

    #[test]
    fn threshold_check() {
        assert!(check_threshold(10, 10).is_ok());
        assert!(check_threshold(11, 10).is_ok());
        let e = check_threshold(9, 10).unwrap_err();
        assert!(
            e.0.contains("regressed") && e.0.contains("9") && e.0.contains("10"),
            "{e}"
        );
    }

    #[test]
    fn results_by_category() {
        let text = r#"{"interp": "x", "passed": 3, "failed": 2, "results": [
            {"test": "basics/a.py", "pass": true, "detail": "", "seconds": 0.1},
            {"test": "basics/b.py", "pass": false, "detail": "exit status 1: boom", "seconds": 0.1},
            {"test": "float/c.py", "pass": true, "detail": "", "seconds": 0.1},
            {"test": "stress/d.py", "pass": false, "detail": "timeout after 10s", "seconds": 10},
            {"test": "top.py", "pass": true, "detail": "", "seconds": 0.1}]}"#;
        let r = parse_results(text).unwrap();
        assert_eq!((r.passed, r.failed), (3, 2));
        assert_eq!(r.categories["basics"], Counts { passed: 1, failed: 1 });
        assert_eq!(r.categories["extmod"], Counts::default());
        assert_eq!(r.categories["."], Counts { passed: 1, failed: 0 });
        assert_eq!(
            r.failures[1],
            ("stress/d.py".to_string(), "timeout after 10s".to_string())
        );
        let table = format_table(&r);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 1 + 5 + 1 + 1, "{table}");
        assert!(lines[1].starts_with("basics") && lines[1].contains("50.0%"), "{table}");
        assert!(lines[6].starts_with('.'), "{table}");
        assert!(lines[7].starts_with("total") && lines[7].contains("60.0%"), "{table}");
    }

    #[test]
    fn malformed_results_are_errors() {
        assert!(parse_results("{}").is_err());
        assert!(parse_results(r#"{"results": [{"pass": true}]}"#).is_err());
        assert!(parse_results(r#"{"results": [{"test": "a/b.py"}]}"#).is_err());
        assert!(parse_results(r#"{"passed": 2, "results": [{"test": "a/b.py", "pass": true}]}"#).is_err());
    }

    #[test]
    fn categories_are_first_components() {
        assert_eq!(category("basics/x.py"), "basics");
        assert_eq!(category("extmod/sub/y.py"), "extmod");
        assert_eq!(category("z.py"), ".");
    }
}
