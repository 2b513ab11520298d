//! `cargo xtask bench`: the perf scripts of `../shared/bench/perf` with ferrite, and with
//! `micropython` and `python3` when they are on PATH; wall time, peak RSS, start-up time, and
//! the heap each module takes when imported (`bench_heap`).

use crate::bail;
use crate::json::Json;
use crate::process::{self, Finished};
use crate::util::{self, Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub const USAGE: &str = "\
cargo xtask bench [OPTIONS]
  Builds ferrite in release and runs ../shared/bench/perf/*.py with it and with `micropython`
  and `python3` when found on PATH (PATH=../shared/anchors:$PATH cargo xtask bench); then the
  heap each of a list of modules takes when imported (gc.mem_free() before and after).
Options:
  --runs N         runs per script and interpreter (default 5; the median is reported)
  --filter SUBSTR  only scripts whose name contains SUBSTR
  --json OUT       also write the results as JSON to OUT
  --timeout S      kill a run after S seconds (default 60)
  --web            instead: the playground's gzipped sizes, load → ready time and frame rate in
                   headless chromium, and the wasm VM against MicroPython's wasm build (npm;
                   `--filter` picks its scripts)
cargo xtask bench --flasher
  Flash a 1 MB image at 921600 baud into `ferrite simulate-rom` with esptool and `ferrite flash`;
  compare bytes on the wire, commands (round trips), wire time and wall time.
cargo xtask bench --firmware
  On the qemu harness: gc.mem_free() after boot with each ESP32 chip's heap split, boot and
  key-echo instruction counts, the allocator's real peak against the VM's count, stack depth
  (`--firmware --stack`: boot, echo and stack only).";

/// Start-up is measured as the median of this many `-c 'print(1)'` runs.
pub const STARTUP_RUNS: usize = 20;

#[derive(Debug, PartialEq)]
pub struct Options {
    pub runs: usize,
    pub filter: Option<String>,
    pub json: Option<PathBuf>,
    pub timeout: Duration,
}

pub fn parse_args(args: &[String]) -> Result<Options> {
    let mut o = Options {
        runs: 5,
        filter: None,
        json: None,
        timeout: Duration::from_secs(60),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| it.next().cloned().ok_or_else(|| Error(format!("{a} needs {what}")));
        match a.as_str() {
            "--runs" => {
                o.runs = value("a number")?
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Error("--runs needs a positive number".into()))?
            }
            "--filter" => o.filter = Some(value("a substring")?),
            "--json" => o.json = Some(PathBuf::from(value("a file name")?)),
            "--timeout" => {
                let s: f64 = value("seconds")?
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && s.is_finite())
                    .ok_or_else(|| Error("--timeout needs a positive number of seconds".into()))?;
                o.timeout = Duration::from_secs_f64(s);
            }
            other => bail!("unknown option `{other}` for `cargo xtask bench`\n\n{USAGE}"),
        }
    }
    Ok(o)
}

/// One interpreter under test.
#[derive(Debug, Clone)]
pub struct Interp {
    pub name: &'static str,
    pub path: PathBuf,
}

/// The result of one (script, interpreter) pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Ok {
        /// Wall seconds of each run.
        walls: Vec<f64>,
        /// Peak RSS over the runs, KiB.
        rss_kb: u64,
        /// Median of the `time_us` the script reports on stderr (benchmark body only), seconds.
        inner: Option<f64>,
    },
    /// Printed something other than the `.exp`.
    Wrong(String),
    /// Non-zero exit, signal or timeout.
    Failed(String),
}

impl Cell {
    pub fn median(&self) -> Option<f64> {
        match self {
            Cell::Ok { walls, .. } => util::median(walls),
            _ => None,
        }
    }
    pub fn rss_kb(&self) -> Option<u64> {
        match self {
            Cell::Ok { rss_kb, .. } => Some(*rss_kb),
            _ => None,
        }
    }
    fn short(&self) -> String {
        match self {
            Cell::Ok { .. } => format!("{:.3}", self.median().unwrap_or(0.0)),
            Cell::Wrong(_) => "wrong".into(),
            Cell::Failed(why) if why.contains("timed out") => "timeout".into(),
            Cell::Failed(_) => "failed".into(),
        }
    }
    fn to_json(&self) -> Json {
        match self {
            Cell::Ok { walls, rss_kb, inner } => Json::obj([
                ("status", Json::Str("ok".into())),
                ("wall_median", Json::Num(self.median().unwrap_or(0.0))),
                ("walls", Json::Arr(walls.iter().map(|w| Json::Num(*w)).collect())),
                ("rss_kb_max", Json::Num(*rss_kb as f64)),
                ("inner_median", inner.map(Json::Num).unwrap_or(Json::Null)),
            ]),
            Cell::Wrong(d) => Json::obj([("status", Json::Str("wrong".into())), ("detail", Json::Str(d.clone()))]),
            Cell::Failed(d) => Json::obj([("status", Json::Str("failed".into())), ("detail", Json::Str(d.clone()))]),
        }
    }
}

/// Does `got` (stdout) match the expected output, modulo CRLF and one trailing newline?
pub fn output_matches(got: &[u8], exp: &[u8]) -> bool {
    util::normalise_output(got) == util::normalise_output(exp)
}

/// The `time_us N` a perf script writes to stderr, in seconds.
pub fn parse_time_us(stderr: &[u8]) -> Option<f64> {
    let s = String::from_utf8_lossy(stderr);
    let rest = &s[s.rfind("time_us ")? + "time_us ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u64>().ok().map(|us| us as f64 / 1e6)
}

fn first_line(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    let l = s.lines().next().unwrap_or("");
    l.chars().take(100).collect()
}

/// Run `cmd` (built afresh by `make`) `runs` times; stop at the first bad run.
fn measure(make: &dyn Fn() -> Command, runs: usize, exp: &[u8], timeout: Duration) -> Cell {
    let mut walls = Vec::new();
    let mut inners = Vec::new();
    let mut rss = 0;
    for _ in 0..runs {
        let f: Finished = match process::run_with_timeout(&mut make(), Some(timeout)) {
            Ok(f) => f,
            Err(e) => return Cell::Failed(format!("could not start: {e}")),
        };
        if f.timed_out || !f.status.success() {
            let err = String::from_utf8_lossy(&f.stderr);
            let tail = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
            return Cell::Failed(format!(
                "{}: {}",
                f.describe(),
                tail.chars().take(200).collect::<String>()
            ));
        }
        if !output_matches(&f.stdout, exp) {
            return Cell::Wrong(format!(
                "expected {:?}, got {:?}",
                first_line(exp),
                first_line(&f.stdout)
            ));
        }
        walls.push(f.wall.as_secs_f64());
        rss = rss.max(f.max_rss_kb);
        if let Some(t) = parse_time_us(&f.stderr) {
            inners.push(t);
        }
    }
    Cell::Ok {
        walls,
        rss_kb: rss,
        inner: util::median(&inners),
    }
}

/// The perf scripts (`*.py` with a `.exp`), sorted, filtered by name.
pub fn find_scripts(dir: &Path, filter: Option<&str>) -> Result<Vec<String>> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error(format!("could not read {}: {e}", dir.display())))?;
    let mut v: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter_map(|n| n.strip_suffix(".py").map(String::from))
        .filter(|n| dir.join(format!("{n}.exp")).is_file())
        .filter(|n| filter.is_none_or(|f| n.contains(f)))
        .collect();
    v.sort();
    Ok(v)
}

/// Results of a whole bench run.
pub struct Results {
    pub interps: Vec<Interp>,
    /// (script, one cell per interpreter in `interps` order)
    pub rows: Vec<(String, Vec<Cell>)>,
    /// One start-up cell per interpreter that has one (ferrite, micropython).
    pub startup: Vec<(&'static str, Cell)>,
}

impl Results {
    fn col(&self, name: &str) -> Option<usize> {
        self.interps.iter().position(|i| i.name == name)
    }

    /// Per-script time ratios ferrite / `other` where both cells are good.
    pub fn ratios(&self, other: &str) -> Vec<f64> {
        let (Some(f), Some(o)) = (self.col("ferrite"), self.col(other)) else {
            return vec![];
        };
        self.rows
            .iter()
            .filter_map(|(_, cells)| Some(cells[f].median()? / cells[o].median()?))
            .collect()
    }

    /// Max peak RSS (KiB) of `name` over the scripts it ran correctly.
    pub fn max_rss(&self, name: &str) -> Option<u64> {
        let c = self.col(name)?;
        self.rows.iter().filter_map(|(_, cells)| cells[c].rss_kb()).max()
    }

    pub fn format_table(&self) -> String {
        let has = |n: &str| self.col(n).is_some();
        let mut head: Vec<String> = vec!["script".into()];
        for i in &self.interps {
            head.push(format!("{} s", i.name));
        }
        for n in ["ferrite", "micropython"] {
            if has(n) {
                head.push(format!("{n} RSS MB"));
            }
        }
        for n in ["micropython", "python3"] {
            if has(n) {
                head.push(format!("ferrite/{}", short_name(n)));
            }
        }
        let mut lines = vec![head];
        for (script, cells) in &self.rows {
            let mut l = vec![script.clone()];
            l.extend(cells.iter().map(Cell::short));
            for n in ["ferrite", "micropython"] {
                if let Some(c) = self.col(n) {
                    l.push(
                        cells[c]
                            .rss_kb()
                            .map(|k| format!("{:.1}", k as f64 / 1024.0))
                            .unwrap_or("-".into()),
                    );
                }
            }
            let f = self.col("ferrite");
            for n in ["micropython", "python3"] {
                if let Some(o) = self.col(n) {
                    let r = f.and_then(|f| Some(cells[f].median()? / cells[o].median()?));
                    l.push(r.map(|r| format!("{r:.2}")).unwrap_or("-".into()));
                }
            }
            lines.push(l);
        }
        let widths: Vec<usize> = (0..lines[0].len())
            .map(|c| lines.iter().map(|l| l[c].len()).max().unwrap_or(0))
            .collect();
        let mut s = String::new();
        for l in &lines {
            let cells: Vec<String> = l
                .iter()
                .enumerate()
                .map(|(c, t)| {
                    if c == 0 {
                        format!("{t:<w$}", w = widths[c])
                    } else {
                        format!("{t:>w$}", w = widths[c])
                    }
                })
                .collect();
            s.push_str(cells.join(" | ").trim_end());
            s.push('\n');
        }
        s
    }

    pub fn format_summary(&self) -> String {
        let mut s = String::new();
        for n in ["micropython", "python3"] {
            if self.col(n).is_none() {
                s.push_str(&format!("geomean time ferrite/{n}: n/a ({n} not on PATH)\n"));
                continue;
            }
            let r = self.ratios(n);
            match util::geomean(&r) {
                Some(g) => s.push_str(&format!(
                    "geomean time ferrite/{n}: {g:.3} over {} of {} scripts (< 1 means ferrite is faster)\n",
                    r.len(),
                    self.rows.len()
                )),
                None => s.push_str(&format!(
                    "geomean time ferrite/{n}: n/a (no script ran correctly on both)\n"
                )),
            }
        }
        for i in &self.interps {
            let v = self
                .max_rss(i.name)
                .map(|k| format!("{:.1} MB", k as f64 / 1024.0))
                .unwrap_or("n/a".into());
            s.push_str(&format!("peak RSS max {}: {v}\n", i.name));
        }
        for (name, cell) in &self.startup {
            let v = match cell {
                Cell::Ok { .. } => format!(
                    "{:.2} ms median of {STARTUP_RUNS}, {:.1} MB",
                    cell.median().unwrap_or(0.0) * 1e3,
                    cell.rss_kb().unwrap_or(0) as f64 / 1024.0
                ),
                other => format!("{} ({})", other.short(), detail(other)),
            };
            s.push_str(&format!("start-up {name} -c 'print(1)': {v}\n"));
        }
        s
    }

    pub fn to_json(&self, runs: usize) -> Json {
        let interps = Json::Obj(
            self.interps
                .iter()
                .map(|i| (i.name.to_string(), Json::Str(i.path.display().to_string())))
                .collect(),
        );
        let scripts = Json::Obj(
            self.rows
                .iter()
                .map(|(s, cells)| {
                    let per: Vec<(String, Json)> = self
                        .interps
                        .iter()
                        .zip(cells)
                        .map(|(i, c)| (i.name.to_string(), c.to_json()))
                        .collect();
                    (s.clone(), Json::Obj(per))
                })
                .collect(),
        );
        let num = |x: Option<f64>| x.map(Json::Num).unwrap_or(Json::Null);
        let summary = Json::obj([
            (
                "geomean_ferrite_over_micropython",
                num(util::geomean(&self.ratios("micropython"))),
            ),
            (
                "geomean_ferrite_over_python3",
                num(util::geomean(&self.ratios("python3"))),
            ),
            (
                "peak_rss_kb_max",
                Json::Obj(
                    self.interps
                        .iter()
                        .map(|i| (i.name.to_string(), num(self.max_rss(i.name).map(|k| k as f64))))
                        .collect(),
                ),
            ),
        ]);
        let startup = Json::Obj(self.startup.iter().map(|(n, c)| (n.to_string(), c.to_json())).collect());
        Json::obj([
            ("runs", Json::Num(runs as f64)),
            ("interpreters", interps),
            ("scripts", scripts),
            ("summary", summary),
            ("startup", startup),
        ])
    }
}

/// The interpreter binary behind `python3` on PATH, which may be a wrapper script (pyenv's shim
/// adds tens of milliseconds and a shell to every run).
fn real_python(on_path: &Path) -> PathBuf {
    let out = Command::new(on_path)
        .args(["-c", "import sys; print(sys.executable)"])
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let exe = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
            if exe.is_file() {
                exe
            } else {
                on_path.to_path_buf()
            }
        }
        _ => on_path.to_path_buf(),
    }
}

fn detail(c: &Cell) -> String {
    match c {
        Cell::Ok { .. } => String::new(),
        Cell::Wrong(d) | Cell::Failed(d) => d.clone(),
    }
}

fn short_name(n: &str) -> &str {
    match n {
        "micropython" => "mp",
        "python3" => "py3",
        n => n,
    }
}

pub fn run(args: &[String]) -> Result<()> {
    if let Some(i) = args.iter().position(|a| a == "--web") {
        let rest: Vec<String> = args.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, a)| a.clone()).collect();
        return crate::web_bench::run(parse_args(&rest)?.filter.as_deref());
    }
    let opts = parse_args(args)?;
    let dir = util::shared_dir()?.join("bench").join("perf");
    let scripts = find_scripts(&dir, opts.filter.as_deref())?;
    if scripts.is_empty() {
        bail!("no benchmark in {} matches the filter", dir.display());
    }
    let ferrite = util::build_ferrite_release()?;
    let mut interps = vec![Interp {
        name: "ferrite",
        path: ferrite,
    }];
    for name in ["micropython", "python3"] {
        match util::which(name) {
            Some(path) => {
                let path = if name == "python3" { real_python(&path) } else { path };
                interps.push(Interp { name, path })
            }
            None => eprintln!("note: `{name}` is not on PATH; its columns are left out"),
        }
    }
    for i in &interps {
        eprintln!("{:<12} {}", i.name, i.path.display());
    }
    eprintln!(
        "{} scripts x {} interpreters x {} runs",
        scripts.len(),
        interps.len(),
        opts.runs
    );

    let mut rows = Vec::new();
    for s in &scripts {
        let exp =
            std::fs::read(dir.join(format!("{s}.exp"))).map_err(|e| Error(format!("could not read {s}.exp: {e}")))?;
        let mut cells = Vec::new();
        for i in &interps {
            let make = || {
                let mut c = Command::new(&i.path);
                c.arg(format!("{s}.py")).current_dir(&dir);
                c
            };
            let cell = measure(&make, opts.runs, &exp, opts.timeout);
            eprintln!(
                "  {s:<16} {:<12} {}",
                i.name,
                match &cell {
                    Cell::Ok { .. } => cell.short() + " s",
                    other => format!("{}: {}", other.short(), detail(other)),
                }
            );
            cells.push(cell);
        }
        rows.push((s.clone(), cells));
    }

    let mut startup = Vec::new();
    for i in interps.iter().filter(|i| i.name != "python3") {
        let make = || {
            let mut c = Command::new(&i.path);
            c.args(["-c", "print(1)"]);
            c
        };
        startup.push((i.name, measure(&make, STARTUP_RUNS, b"1\n", opts.timeout)));
    }

    let heap = crate::bench_heap::measure(&interps);
    let results = Results { interps, rows, startup };
    println!();
    print!("{}", results.format_table());
    println!();
    print!("{}", results.format_summary());
    println!();
    print!("{}", crate::bench_heap::format(&crate::bench_heap::columns(&results.interps), &heap));
    if let Some(out) = &opts.json {
        std::fs::write(out, results.to_json(opts.runs).to_pretty())
            .map_err(|e| Error(format!("could not write {}: {e}", out.display())))?;
        println!("results written to {}", out.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn ok(walls: &[f64], rss: u64) -> Cell {
        Cell::Ok {
            walls: walls.to_vec(),
            rss_kb: rss,
            inner: None,
        }
    }

    #[test]
    fn options() {
        let o = parse_args(&[]).unwrap();
        assert_eq!(
            o,
            Options {
                runs: 5,
                filter: None,
                json: None,
                timeout: Duration::from_secs(60)
            }
        );
        let o = parse_args(&args("--runs 3 --filter bm_ --json out.json --timeout 2.5")).unwrap();
        assert_eq!(o.runs, 3);
        assert_eq!(o.filter.as_deref(), Some("bm_"));
        assert_eq!(o.json, Some(PathBuf::from("out.json")));
        assert_eq!(o.timeout, Duration::from_millis(2500));
        assert!(parse_args(&args("--runs 0")).is_err());
        assert!(parse_args(&args("--runs")).is_err());
        assert!(parse_args(&args("--bogus")).is_err());
    }

    #[test]
    fn output_check_and_inner_time() {
        assert!(output_matches(b"bm 1 2\r\n", b"bm 1 2\n"));
        assert!(output_matches(b"bm 1 2", b"bm 1 2\n"));
        assert!(!output_matches(b"bm 1 3\n", b"bm 1 2\n"));
        assert!(!output_matches(b"bm 1 2\n\n", b"bm 1 2"));
        assert_eq!(parse_time_us(b"time_us 1061255"), Some(1.061255));
        assert_eq!(parse_time_us(b"warn\ntime_us 20\n"), Some(0.00002));
        assert_eq!(parse_time_us(b""), None);
    }

    #[test]
    fn measure_marks_wrong_and_failed_cells() {
        let sh = |script: &'static str| {
            move || {
                let mut c = Command::new("sh");
                c.args(["-c", script]);
                c
            }
        };
        let t = Duration::from_secs(10);
        match measure(&sh("echo 'x 1'; echo time_us 5000 >&2"), 3, b"x 1\n", t) {
            Cell::Ok { walls, inner, rss_kb } => {
                assert_eq!(walls.len(), 3);
                assert_eq!(inner, Some(0.005));
                assert!(rss_kb > 0);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(measure(&sh("echo 'x 2'"), 3, b"x 1\n", t), Cell::Wrong(_)));
        assert!(matches!(
            measure(&sh("echo 'x 1'; exit 1"), 3, b"x 1\n", t),
            Cell::Failed(_)
        ));
        let c = measure(&sh("exec sleep 5"), 3, b"", Duration::from_millis(200));
        assert_eq!(c.short(), "timeout");
    }

    #[test]
    fn finds_scripts_with_expectations() {
        let t = crate::util::testutil::TempDir::new("bench");
        for f in ["b.py", "b.exp", "a.py", "a.exp", "lonely.py", "README.md"] {
            std::fs::write(t.0.join(f), "").unwrap();
        }
        assert_eq!(find_scripts(&t.0, None).unwrap(), vec!["a", "b"]);
        assert_eq!(find_scripts(&t.0, Some("b")).unwrap(), vec!["b"]);
    }

    fn interp(name: &'static str) -> Interp {
        Interp {
            name,
            path: PathBuf::from(name),
        }
    }

    #[test]
    fn ratios_table_and_summary() {
        let r = Results {
            interps: vec![interp("ferrite"), interp("micropython"), interp("python3")],
            rows: vec![
                (
                    "a".into(),
                    vec![ok(&[1.0, 2.0, 3.0], 2048), ok(&[4.0], 1024), ok(&[1.0], 9000)],
                ),
                (
                    "b".into(),
                    vec![Cell::Wrong("x".into()), ok(&[1.0], 3072), ok(&[1.0], 9000)],
                ),
                (
                    "c".into(),
                    vec![ok(&[8.0], 4096), ok(&[2.0], 1024), Cell::Failed("timed out".into())],
                ),
            ],
            startup: vec![
                ("ferrite", ok(&[0.002], 1500)),
                ("micropython", Cell::Failed("exit status 1".into())),
            ],
        };
        assert_eq!(r.ratios("micropython"), vec![0.5, 4.0]);
        assert_eq!(r.ratios("python3"), vec![2.0]);
        assert_eq!(r.max_rss("ferrite"), Some(4096));
        assert_eq!(r.max_rss("micropython"), Some(3072));
        let table = r.format_table();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        assert!(
            lines[0].starts_with("script | ferrite s | micropython s | python3 s | ferrite RSS MB"),
            "{table}"
        );
        assert!(lines[0].ends_with("ferrite/mp | ferrite/py3"), "{table}");
        assert!(lines[2].contains("wrong"), "{table}");
        assert!(lines[3].contains("timeout") && lines[3].contains("4.00"), "{table}");
        let summary = r.format_summary();
        assert!(
            summary.contains("geomean time ferrite/micropython: 1.414 over 2 of 3"),
            "{summary}"
        );
        assert!(summary.contains("peak RSS max ferrite: 4.0 MB"), "{summary}");
        assert!(summary.contains("start-up ferrite -c 'print(1)': 2.00 ms"), "{summary}");
        assert!(
            summary.contains("start-up micropython -c 'print(1)': failed"),
            "{summary}"
        );
        let j = r.to_json(3);
        let g = j
            .get("summary")
            .and_then(|s| s.get("geomean_ferrite_over_micropython"))
            .and_then(Json::as_f64);
        assert!((g.unwrap() - 2f64.sqrt()).abs() < 1e-12);
        assert_eq!(
            j.get("scripts")
                .and_then(|s| s.get("b"))
                .and_then(|b| b.get("ferrite"))
                .and_then(|f| f.get("status")),
            Some(&Json::Str("wrong".into()))
        );
        crate::json::parse(&j.to_pretty()).unwrap();
    }

    #[test]
    fn works_without_micropython() {
        let r = Results {
            interps: vec![interp("ferrite")],
            rows: vec![("a".into(), vec![ok(&[1.0], 2048)])],
            startup: vec![("ferrite", ok(&[0.001], 1000))],
        };
        let table = r.format_table();
        assert_eq!(table.lines().next().unwrap(), "script | ferrite s | ferrite RSS MB");
        assert!(r
            .format_summary()
            .contains("ferrite/micropython: n/a (micropython not on PATH)"));
    }
}
