//! Robustness of the `ferrite` binary on bad input. Whatever the program, ferrite must end by
//! itself with exit status 0 or 1: never a Rust panic (status 101, "panicked at" on stderr),
//! never a signal (abort, stack overflow, segfault), never a hang.
//!
//! A program may legitimately loop forever (a truncated `while True:` body), so a run still
//! going after 10 s is sent SIGINT (repeated every 200 ms, see `common::run`) and must then stop
//! within 4 s with a `KeyboardInterrupt`
//! traceback (exit status 1, or 130 as MicroPython's unix port uses for KeyboardInterrupt; the
//! traceback may be on stdout, where MicroPython prints it, or on stderr). Only a run that does
//! not stop then counts as a hang.
//!
//! - `truncated_conformance_programs`: every `*.py` of `../shared/conformance/tests` cut at 3
//!   pseudo-random byte positions (fixed-seed xorshift);
//! - `random_byte_strings`: 200 inputs: deep nesting, huge expressions, NULs, invalid UTF-8,
//!   random bytes and random token soup;
//! - the rest: recursion limit, MemoryError and Ctrl-C on specific programs.

mod common;

use common::{Run, Slots, XorShift};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);
/// How long an interrupted program gets to stop. SIGINT repeats every 200 ms meanwhile: a loop
/// that catches everything swallows each one that lands inside its `try`. A truncated
/// `while 1: try: print(…) except: …` from the corpus once needed 12 (2.4 s), past the old
/// 2 s; MicroPython needs as many.
const GRACE: Duration = Duration::from_secs(4);
/// Exit statuses accepted for an uncaught KeyboardInterrupt.
const KBI_STATUS: [i32; 2] = [1, 130];

/// At most this many interpreters at once over the whole test binary (2 to 4).
fn slots() -> &'static Slots {
    static S: OnceLock<Slots> = OnceLock::new();
    S.get_or_init(|| Slots::new(workers()))
}

fn workers() -> usize {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    (cpus * 2).clamp(2, 4)
}

struct Case {
    name: String,
    input: Vec<u8>,
}

/// Judge one run; `Err` says what went wrong.
fn judge(run: &Run) -> Result<(), String> {
    if run.stderr.panicked {
        return Err(format!(
            "Rust panic ({}): stderr says {:?}",
            run.describe(),
            first_panic_line(run)
        ));
    }
    let Some(status) = run.status else {
        return Err(format!(
            "hang: still running {} s after SIGINT (sent at 10 s); output ends {:?}",
            GRACE.as_secs(),
            run.stdout.last_line()
        ));
    };
    if run.interrupted {
        let code = status.code();
        if code.is_some_and(|c| KBI_STATUS.contains(&c)) && run.output().contains("KeyboardInterrupt") {
            return Ok(());
        }
        return Err(format!(
            "ran over 10 s, then after SIGINT: {} without a KeyboardInterrupt traceback; stderr ends {:?}",
            run.describe(),
            run.stderr.last_line()
        ));
    }
    match status.code() {
        Some(0 | 1) => Ok(()),
        Some(101) => Err(format!(
            "exit status 101 (Rust panic); stderr ends {:?}",
            run.stderr.last_line()
        )),
        _ => Err(format!("{}; stderr ends {:?}", run.describe(), run.stderr.last_line())),
    }
}

fn first_panic_line(run: &Run) -> String {
    let t = run.stderr.text();
    t.lines()
        .find(|l| l.contains("panicked at"))
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// Run each case as `ferrite case.py` on a small pool; returns the failures.
fn run_cases(label: &str, cases: Vec<Case>) -> Vec<String> {
    let bin = common::ferrite();
    let scratch = common::scratch_dir(label);
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let interrupted = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(|s| {
        for w in 0..workers() {
            let (bin, scratch, next, failures, interrupted, cases) =
                (&bin, &scratch, &next, &failures, &interrupted, &cases);
            s.spawn(move || {
                let dir = scratch.join(format!("w{w}"));
                std::fs::create_dir_all(&dir).unwrap();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let file = dir.join("case.py");
                    std::fs::write(&file, &case.input).unwrap();
                    let run = {
                        let _slot = slots().acquire();
                        common::run(Command::new(bin).arg("case.py").current_dir(&dir), TIMEOUT, GRACE)
                    };
                    if run.interrupted {
                        interrupted.fetch_add(1, Ordering::Relaxed);
                    }
                    if let Err(why) = judge(&run) {
                        let kept = keep_input(scratch, i, &case.input);
                        failures.lock().unwrap().push(format!(
                            "{}: {why} (input kept in {})",
                            case.name,
                            kept.display()
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    println!(
        "{label}: ran {} cases with {} in {:.1}s on {} workers; {} ran over {} s and were stopped with SIGINT; {} failed",
        cases.len(),
        bin.display(),
        start.elapsed().as_secs_f64(),
        workers(),
        interrupted.into_inner(),
        TIMEOUT.as_secs(),
        failures.len()
    );
    for f in &failures {
        println!("FAIL {f}");
    }
    if failures.is_empty() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    failures
}

/// Keep a failing input beside the scratch folder so it can be replayed.
fn keep_input(scratch: &Path, i: usize, input: &[u8]) -> PathBuf {
    let p = scratch.join(format!("failed-{i}.py"));
    let _ = std::fs::write(&p, input);
    p
}

fn assert_no_failures(label: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{label}: {} inputs broke ferrite:\n  {}",
        failures.len(),
        failures.iter().take(50).cloned().collect::<Vec<_>>().join("\n  ")
    );
}

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let rd = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            python_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

#[test]
fn truncated_conformance_programs() {
    let root = common::shared_dir().join("conformance").join("tests");
    let mut files = Vec::new();
    python_files(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 100,
        "only {} programs under {}",
        files.len(),
        root.display()
    );
    let mut rng = XorShift::new(0x5EED_F00D_CAFE_BEEF);
    let mut cases = Vec::new();
    for f in &files {
        let text = std::fs::read(f).unwrap();
        let rel = f.strip_prefix(&root).unwrap().display().to_string();
        if text.len() < 2 {
            continue;
        }
        for _ in 0..3 {
            // Cut strictly inside the file: at least one byte kept, at least one dropped.
            let at = 1 + rng.below(text.len() as u64 - 1) as usize;
            cases.push(Case {
                name: format!("{rel} truncated at byte {at}"),
                input: text[..at].to_vec(),
            });
        }
    }
    let failures = run_cases("truncated", cases);
    assert_no_failures("truncated conformance programs", &failures);
}

/// The 200 inputs of `random_byte_strings`: hand-picked nasties, then pseudo-random ones.
fn random_inputs() -> Vec<Case> {
    let rep = |s: &str, n: usize| s.repeat(n).into_bytes();
    let cat = |parts: &[&[u8]]| parts.concat();
    let mut fixed: Vec<(&str, Vec<u8>)> = vec![
        ("'(' x 10000", rep("(", 10_000)),
        ("'-' x 100000 + '1'", cat(&[&rep("-", 100_000), b"1"])),
        ("'[' x 10000", rep("[", 10_000)),
        ("'{' x 10000", rep("{", 10_000)),
        ("balanced parens x 10000", cat(&[b"x = ", &rep("(", 10_000), b"1", &rep(")", 10_000), b"\nprint(x)\n"])),
        ("nested lists x 5000", cat(&[b"x = ", &rep("[", 5_000), &rep("]", 5_000), b"\nprint(len(x))\n"])),
        ("'not ' x 50000", cat(&[&rep("not ", 50_000), b"1"])),
        ("'1+' x 100000", cat(&[b"print(", &rep("1+", 100_000), b"1)"])),
        ("'a.' x 50000", cat(&[&rep("a.", 50_000), b"b"])),
        ("'lambda:' x 10000", cat(&[&rep("lambda:", 10_000), b"0"])),
        ("'-' x 100000 + 'x'", cat(&[&rep("-", 100_000), b"x"])),
        ("'~' x 100000 + '1'", cat(&[&rep("~", 100_000), b"1"])),
        ("'**' chain", cat(&[b"print(1", &rep("**1", 10_000), b")"])),
        ("nested ifs x 1000", (0..1000).map(|i| format!("{}if 1:\n", " ".repeat(i))).collect::<String>().into_bytes()),
        ("nested defs x 1000", (0..1000).map(|i| format!("{}def f{i}():\n", " ".repeat(i))).collect::<String>().into_bytes()),
        ("nested f-strings", cat(&[&rep("f'{", 200), &rep("}'", 200)])),
        ("'@' x 1000", rep("@", 1000)),
        ("'class A(' x 1000", rep("class A(", 1000)),
        ("comprehension chain", cat(&[b"x = [", &rep("[y for y in ", 500), b"[1]", &rep("]", 501)])),
        ("1 MB identifier", cat(&[&rep("x", 1 << 20), b" = 1\n"])),
        ("huge int literal", cat(&[b"print(", &rep("9", 100_000), b" % 7)"])),
        ("huge float literal", b"print(1e99999999999999999999, 1e-99999999999999999, 0x, 0b2)".to_vec()),
        ("empty", Vec::new()),
        ("lone NUL", b"\0".to_vec()),
        ("NUL inside code", b"print(1)\0print(2)\n".to_vec()),
        ("NUL inside string", b"print('a\0b')\n".to_vec()),
        ("invalid UTF-8", b"\xff\xfe\xfd\n".to_vec()),
        ("cut UTF-8 in string", b"x = '\xc3'\nprint(x)\n".to_vec()),
        ("cut UTF-8 in comment", b"# \xe2\x82\nprint(1)\n".to_vec()),
        ("overlong UTF-8 name", b"\xc0\xaf = 1\n".to_vec()),
        ("surrogate in UTF-8", b"s = '\xed\xa0\x80'\nprint(s)\n".to_vec()),
        ("BOM", b"\xef\xbb\xbfprint(1)\n".to_vec()),
        ("unterminated string", b"print('abc".to_vec()),
        ("unterminated triple quote", b"x = \"\"\"abc\n\n".to_vec()),
        ("backslash at end", b"x = 1 + \\".to_vec()),
        ("escape at end of string", b"'\\".to_vec()),
        ("bad escapes", b"print('\\N{nope} \\x4 \\u12 \\777')\n".to_vec()),
        ("mixed tabs and spaces", b"if 1:\n\tx = 1\n        y = 2\n  z\n".to_vec()),
        ("CRs only", cat(&[&rep("\r", 1000), b"print(1)"])),
        ("dedent to nowhere", b"if 1:\n        x = 1\n    y = 2\n".to_vec()),
        ("huge allocation", b"x = 'a' * (1 << 62)\n".to_vec()),
        ("big repeat", b"x = [None] * 10**12\n".to_vec()),
        ("bigint power", b"print(len(str(7 ** 7777)), 2 ** -1, pow(3, 10**100, 7))\n".to_vec()),
        ("deep recursion via eval-like", b"def f(n): return f(n + 1) + 1\nf(0)\n".to_vec()),
        ("deep repr", b"x = []\nfor i in range(100000):\n    x = [x]\nprint(x)\n".to_vec()),
        ("deep dict repr", b"d = {}\nfor i in range(100000):\n    d = {1: d}\nprint(str(d)[:10])\n".to_vec()),
        ("generator recursion", b"def g():\n    yield from g()\nlist(g())\n".to_vec()),
        ("self-referential list", b"a = [1]\na.append(a)\nprint(a, a == a)\n".to_vec()),
        ("exception chain", b"e = None\nfor i in range(100000):\n    try:\n        raise ValueError(i) from e\n    except ValueError as x:\n        e = x\nprint(1)\n".to_vec()),
        ("lone operators", b"+\n*\n/\n%\n".to_vec()),
        ("keywords soup", b"if else elif while for in not and or is def class return yield lambda\n".to_vec()),
    ];
    let mut cases: Vec<Case> = fixed
        .drain(..)
        .map(|(name, input)| Case {
            name: format!("input `{name}`"),
            input,
        })
        .collect();

    #[rustfmt::skip]
    let tokens: &[&str] = &[
        "if", "else", "elif", "while", "for", "in", "def", "class", "return", "yield", "lambda", "try",
        "except", "finally", "raise", "with", "as", "import", "from", "global", "nonlocal", "del", "pass",
        "break", "continue", "and", "or", "not", "is", "None", "True", "False", "async", "await", "x", "y", "f",
        "print", "range", "len", "int", "str", "list", "dict", "self", "__init__", "0", "1", "-1", "10**9",
        "0x1f", "1.5", "1e308", "'s'", "\"t\"", "b'\\x00'", "f'{x}'", "'''", "(", ")", "[", "]", "{", "}", ":",
        ",", ".", ";", "=", "==", "+", "-", "*", "**", "/", "//", "%", "@", "<", ">", "<<", ">>", "&", "|", "^",
        "~", "+=", ":=", "->", "...", "\\", "#", "\n", "\n", "\n    ", "\n        ", "\t", " ", " ", " ",
    ];
    let mut rng = XorShift::new(0xBAD_1DEA_0000_0001);
    let mut i = 0;
    while cases.len() < 200 {
        let input: Vec<u8> = match i % 3 {
            // Raw bytes, NULs and invalid UTF-8 included.
            0 => (0..1 + rng.below(2000)).map(|_| rng.next() as u8).collect(),
            // Printable ASCII with newlines.
            1 => (0..1 + rng.below(2000))
                .map(|_| match rng.below(20) {
                    0 => b'\n',
                    _ => 32 + rng.below(95) as u8,
                })
                .collect(),
            // Token soup: almost Python.
            _ => {
                let n = 1 + rng.below(400);
                let mut s = Vec::new();
                for _ in 0..n {
                    s.extend_from_slice(tokens[rng.below(tokens.len() as u64) as usize].as_bytes());
                    if rng.below(3) > 0 {
                        s.push(b' ');
                    }
                }
                s
            }
        };
        let kind = ["random bytes", "random ASCII", "token soup"][i % 3];
        cases.push(Case {
            name: format!("{kind} #{i} ({} bytes)", input.len()),
            input,
        });
        i += 1;
    }
    cases
}

#[test]
fn random_byte_strings() {
    let cases = random_inputs();
    assert_eq!(cases.len(), 200);
    let failures = run_cases("random", cases);
    assert_no_failures("random byte strings", &failures);
}

fn run_code(code: &str) -> Run {
    let _slot = slots().acquire();
    common::run(Command::new(common::ferrite()).arg("-c").arg(code), TIMEOUT, GRACE)
}

/// Does either stream, trailing whitespace aside, end with `tail`? (MicroPython prints
/// tracebacks on stdout; CPython on stderr.)
fn output_ends_with(run: &Run, tail: &str) -> bool {
    run.stderr.text().trim_end().ends_with(tail) || run.stdout.text().trim_end().ends_with(tail)
}

#[test]
fn unbounded_recursion_is_a_runtime_error() {
    let run = run_code("def f(): f()\nf()");
    assert!(
        judge(&run).is_ok() && !run.interrupted,
        "{}",
        judge(&run).err().unwrap_or("ran over 10 s".into())
    );
    assert_eq!(run.code(), Some(1), "{}; output: {}", run.describe(), run.output());
    let want = "RuntimeError: maximum recursion depth exceeded";
    assert!(
        output_ends_with(&run, want),
        "expected the output to end with {want:?}; got:\n{}",
        run.output()
    );
}

#[test]
fn huge_allocation_is_a_memory_error() {
    let run = run_code("[0]*10**9");
    assert!(
        judge(&run).is_ok() && !run.interrupted,
        "{}",
        judge(&run).err().unwrap_or("ran over 10 s".into())
    );
    assert_eq!(run.code(), Some(1), "{}; output: {}", run.describe(), run.output());
    assert!(
        run.output().contains("MemoryError"),
        "expected a MemoryError; got:\n{}",
        run.output()
    );
}

#[test]
fn sigint_stops_a_busy_loop() {
    // `for` loops jump back from `ForIter` itself, which must tick like `while`'s jump; a
    // generator's items come back without a jump, so `ForIter` ticks before resuming it.
    for code in [
        "while True: pass",
        "for x in iter(int, 1): pass",
        "def g():\n    yield from iter(int, 1)\nfor x in g(): pass",
    ] {
        let _slot = slots().acquire();
        // One SIGINT after 0.5 s, then 4 s to stop.
        let run = common::run_with(
            Command::new(common::ferrite()).args(["-c", code]),
            Duration::from_millis(500),
            GRACE,
            false,
        );
        assert!(run.interrupted, "`{code}` ended by itself: {}; output: {}", run.describe(), run.output());
        assert!(run.status.is_some(), "`{code}` still running {} s after SIGINT", GRACE.as_secs());
        assert!(
            run.code().is_some_and(|c| KBI_STATUS.contains(&c)),
            "`{code}`: expected exit status 1 (or 130) after SIGINT, got {}; output: {}",
            run.describe(),
            run.output()
        );
        assert!(
            run.output().contains("KeyboardInterrupt"),
            "`{code}`: no KeyboardInterrupt in the output:\n{}",
            run.output()
        );
    }
}

#[test]
fn judge_rules() {
    // The rules themselves, on real processes (sh), so a broken harness cannot pass silently.
    let sh = |script: &str, timeout_ms: u64| {
        common::run(
            Command::new("sh").args(["-c", script]),
            Duration::from_millis(timeout_ms),
            GRACE,
        )
    };
    assert!(judge(&sh("exit 0", 5000)).is_ok());
    assert!(judge(&sh("echo 'Traceback' >&2; exit 1", 5000)).is_ok());
    assert!(judge(&sh("exit 101", 5000)).unwrap_err().contains("101"));
    assert!(judge(&sh("exit 2", 5000)).unwrap_err().contains("exit status 2"));
    assert!(judge(&sh("kill -ABRT $$", 5000)).unwrap_err().contains("signal 6"));
    let p = judge(&sh("echo \"thread 'main' panicked at src/x.rs:1:1\" >&2; exit 1", 5000)).unwrap_err();
    assert!(p.contains("Rust panic"), "{p}");
    // A loop that obeys SIGINT like MicroPython does is fine; one that ignores it is a hang.
    // Python, not sh: a shell started with SIGINT ignored (any test run started in the
    // background by a non-interactive shell) cannot trap it, and then never obeys.
    let py = |on_sigint: &str| {
        let script = format!(
            "import signal, sys, time\n\
             def h(*a):\n    {on_sigint}\n\
             signal.signal(signal.SIGINT, h)\n\
             while True:\n    time.sleep(0.05)\n"
        );
        common::run(Command::new("python3").args(["-c", &script]), Duration::from_millis(2000), GRACE)
    };
    if let Err(e) = judge(&py("print('KeyboardInterrupt'); sys.exit(130)")) {
        panic!("a loop that obeys SIGINT was judged: {e}");
    }
    let e = judge(&py("sys.exit(1)")).unwrap_err();
    assert!(e.contains("without a KeyboardInterrupt"), "{e}");
    let t0 = Instant::now();
    let e = judge(&py("pass")).unwrap_err();
    assert!(e.contains("hang"), "{e}");
    // Bounded, not timed: the 2 s run and the grace are waited for once (a loaded CI machine
    // took over 9 s), never forever.
    assert!(t0.elapsed() < Duration::from_secs(30));
}
