//! Golden tests: every `tests/golden/NAME.py` (repository root) is run as `ferrite NAME.py` in
//! that folder, and its stdout must equal `NAME.exp` (CRLF and one trailing newline aside).
//! When `NAME.err` exists, stderr must equal it too and the exit status must be 1; otherwise the
//! exit status must be 0.
//!
//! Board programs start with a line `# ferrite-args: --board --fast …`: those options are passed
//! before the file, and stderr (the `[board] …` change lines) must equal `NAME.board`. Their
//! expected files are ours (MicroPython's unix port has no `machine`), checked by hand against
//! the parts' datasheets and, for pixels, against MicroPython's `framebuf`.
//!
//! The expected files are what MicroPython's unix port prints (`../shared/anchors/micropython
//! NAME.py > NAME.exp 2> NAME.err`, run in the folder). Note that MicroPython prints the
//! traceback of an uncaught exception on stdout, so it is in `uncaught.exp`, and `uncaught.err`
//! holds only what the program itself wrote to `sys.stderr`.

mod common;

use std::process::Command;
use std::time::Duration;

#[test]
fn golden_programs_print_what_micropython_prints() {
    let dir = common::repo_root().join("tests").join("golden");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".py").map(String::from))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no golden programs in {}", dir.display());

    let bin = common::ferrite();
    let mut failures = Vec::new();
    let mut failing = 0;
    for name in &names {
        let problems_before = failures.len();
        let exp_path = dir.join(format!("{name}.exp"));
        let Ok(exp) = std::fs::read(&exp_path) else {
            failures.push(format!("{name}.py: {} is missing", exp_path.display()));
            failing += 1;
            continue;
        };
        let err_exp = std::fs::read(dir.join(format!("{name}.err"))).ok();
        let source = std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap_or_default();
        let options: Vec<&str> = source
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# ferrite-args:"))
            .map(|o| o.split_whitespace().collect())
            .unwrap_or_default();
        let board_exp = if options.is_empty() { None } else { std::fs::read(dir.join(format!("{name}.board"))).ok() };
        let run = common::run(
            Command::new(&bin).args(&options).arg(format!("{name}.py")).current_dir(&dir),
            Duration::from_secs(10),
            Duration::from_secs(2),
        );
        if run.interrupted {
            failures.push(format!("{name}.py: still running after 10 s ({})", run.describe()));
            failing += 1;
            continue;
        }
        let want_code = if err_exp.is_some() { 1 } else { 0 };
        if run.code() != Some(want_code) {
            failures.push(format!(
                "{name}.py: expected exit status {want_code}, got {}; stderr ends with {:?}",
                run.describe(),
                run.stderr.last_line()
            ));
        }
        let got = common::normalise(&run.stdout.head);
        if run.stdout.total > run.stdout.head.len() || got != common::normalise(&exp) {
            failures.push(format!(
                "{name}.py: stdout differs from {name}.exp at {}",
                common::first_difference(&common::normalise(&exp), &got)
            ));
        }
        if !options.is_empty() {
            let want = board_exp.unwrap_or_default();
            let got = common::normalise(&run.stderr.head);
            if got != common::normalise(&want) {
                failures.push(format!(
                    "{name}.py: board changes differ from {name}.board at {}",
                    common::first_difference(&common::normalise(&want), &got)
                ));
            }
        }
        if let Some(err_exp) = err_exp {
            let got = common::normalise(&run.stderr.head);
            if got != common::normalise(&err_exp) {
                failures.push(format!(
                    "{name}.py: stderr differs from {name}.err at {}",
                    common::first_difference(&common::normalise(&err_exp), &got)
                ));
            }
        }
        if failures.len() > problems_before {
            failing += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden programs failed with {}:\n  {}",
        failing,
        names.len(),
        bin.display(),
        failures.join("\n  ")
    );
}
