//! Expected results come from MicroPython's unix port (the reference binary): the
//! `tests/extmod/re_*.py` conformance cases translated, plus `corpus.txt`.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::*;

/// Group texts of a match (`None` for a group that did not take part), like printing
/// `m.group(i)` for each group.
type Groups = Vec<Option<String>>;

fn groups_of(text: &str, caps: &Captures) -> Groups {
    caps.iter().map(|c| c.map(|(s, e)| String::from(&text[s..e]))).collect()
}

fn run(pattern: &str, text: &str, anchored: bool) -> Result<Option<Groups>, RegexError> {
    let re = Regex::compile(pattern.as_bytes(), true)?;
    let caps = re.exec(&Subject::new(text.as_bytes(), true), anchored)?;
    Ok(caps.map(|c| groups_of(text, &c)))
}

fn matched(pattern: &str, text: &str) -> Groups {
    match run(pattern, text, true) {
        Ok(Some(g)) => g,
        other => panic!("{pattern:?} on {text:?}: {other:?}"),
    }
}

fn g(items: &[Option<&str>]) -> Groups {
    items.iter().map(|s| s.map(String::from)).collect()
}

#[test]
fn re_error() {
    for p in ["?", "*", "+", ")", "[", "([", "([)", r"[a\]"] {
        assert!(Regex::compile(p.as_bytes(), true).is_err(), "{p}");
    }
    assert_eq!(Regex::compile(b")", true), Err(RegexError::Syntax));
    assert_eq!(Regex::compile(b"a)(", true), Err(RegexError::Syntax));
    assert_eq!(Regex::compile(b"(", true), Err(RegexError::TooComplex));
    assert_eq!(Regex::compile(b"(?P<n>a)", true), Err(RegexError::TooComplex));
}

#[test]
fn re_limit() {
    let too_complex = |p: String| Regex::compile(p.as_bytes(), false) == Err(RegexError::TooComplex);
    let a = |n| "a".repeat(n);
    assert!(too_complex(format!("[{}]", a(128))));
    assert!(!too_complex(format!("[{}]", a(127))));
    assert!(too_complex("(a)".repeat(64)));
    assert!(!too_complex("(a)".repeat(63)));
    assert!(too_complex(format!("({})?", a(62))));
    assert!(!too_complex(format!("({})?", a(61))));
    assert!(too_complex(format!("({}.)*", a(60))));
    assert!(too_complex(format!("({}..)*", a(60))));
    assert!(too_complex(format!("({})+", a(62))));
    assert!(!too_complex(format!("({})+", a(61))));
    assert!(too_complex(format!("{}|a", "b".repeat(63))));
    assert!(!too_complex(format!("{}|a", "b".repeat(62))));
    // A jump overflow before an unbalanced `)` still counts as too complex.
    assert!(too_complex(format!("{}|a)", "b".repeat(63))));
    // Nesting without code is fine, and costs no Rust stack.
    let deep = format!("{}a{}", "(?:".repeat(100_000), ")".repeat(100_000));
    assert_eq!(matched(&deep, "a"), g(&[Some("a")]));
}

#[test]
fn re_namedclass() {
    let cases: &[(&str, &str, &[Option<&str>])] = &[
        (r"\w+", "1234hello567 abc", &[Some("1234hello567")]),
        (
            r"(\w+)\s+(\w+)",
            "ABC \t1234hello567 abc",
            &[Some("ABC \t1234hello567"), Some("ABC"), Some("1234hello567")],
        ),
        (
            r"(\S+)\s+(\D+)",
            "ABC \thello abc567 abc",
            &[Some("ABC \thello abc"), Some("ABC"), Some("hello abc")],
        ),
        (
            r"(([0-9]*)([a-z]*)\d*)",
            "1234hello567",
            &[Some("1234hello567"), Some("1234hello567"), Some("1234"), Some("hello")],
        ),
        (r"([^\s]+)\s*([^\s]+)", "1 23", &[Some("1 23"), Some("1"), Some("23")]),
        (r"([\s\d]+)([\W]+)", "1  2-+=", &[Some("1  2-+="), Some("1  2"), Some("-+=")]),
        (
            r"([\W]+)([^\W]+)([^\S]+)([^\D]+)",
            " a_1 23",
            &[Some(" a_1 23"), Some(" "), Some("a_1"), Some(" "), Some("23")],
        ),
    ];
    for (p, t, want) in cases {
        assert_eq!(matched(p, t), g(want), "{p}");
    }
}

#[test]
fn re_stack_overflow() {
    assert_eq!(run("(a*)*", "aaa", true), Err(RegexError::RecursionLimit));
    assert_eq!(run("(a*)+", "b", true), Err(RegexError::RecursionLimit));
    assert_eq!(run("()*", "", true), Err(RegexError::RecursionLimit));
    assert_eq!(run("(|a)+", "a", true), Err(RegexError::RecursionLimit));
    assert_eq!(run("(a*)*?", "b", true), Ok(Some(g(&[Some(""), None]))));
    assert_eq!(run("(a*)+?", "b", true), Ok(Some(g(&[Some(""), Some("")]))));
}

#[test]
fn recursion_limit_matches_the_unix_port_at_module_level() {
    let a = |n| "a".repeat(n);
    assert!(run("a*", &a(986), true).is_ok());
    assert_eq!(run("a*", &a(987), true), Err(RegexError::RecursionLimit));
    assert!(run("a*", &a(985), false).is_ok());
    assert_eq!(run("a*", &a(986), false), Err(RegexError::RecursionLimit));
    assert!(run("(a)*", &a(328), true).is_ok());
    assert_eq!(run("(a)*", &a(329), true), Err(RegexError::RecursionLimit));
    // Lazy loops and searches over long texts use constant depth.
    assert_eq!(run("a*?b", &a(100_000), true), Ok(None));
    assert_eq!(run("b", &a(100_000), false), Ok(None));
    let re = Regex::compile(b"a*", false).unwrap();
    let deep = a(5000);
    let subject = Subject { max_depth: 6000, ..Subject::new(deep.as_bytes(), false) };
    assert_eq!(re.exec(&subject, true), Ok(Some(vec![Some((0, 5000))])));
}

#[test]
fn re_start_end_pos() {
    let text = b"dog";
    let at = |pattern: &[u8], start, end, anchored| {
        let re = Regex::compile(pattern, false).unwrap();
        let subject = Subject { start, end, ..Subject::new(text, false) };
        re.exec(&subject, anchored).unwrap().map(|c| c[0])
    };
    assert_eq!(at(b"o", 0, 3, true), None);
    assert_eq!(at(b"o", 1, 3, true), Some(Some((1, 2))));
    assert_eq!(at(b"o", 2, 3, true), None);
    assert_eq!(at(b"o", 5, 3, true), None);
    assert_eq!(at(b"o", 0, 1, true), None);
    assert_eq!(at(b"^o", 1, 3, true), None);
    assert_eq!(at(b"o", 1, 1, true), None);
    assert_eq!(at(b"o", 2, 1, true), None);
    assert_eq!(at(b"o", 0, 3, false), Some(Some((1, 2))));
    assert_eq!(at(b"o", 1, 3, false), Some(Some((1, 2))));
    assert_eq!(at(b"o", 2, 3, false), None);
    // `$` is the end of the window; `^` only the start of the text.
    assert_eq!(at(b"o$", 0, 2, false), Some(Some((1, 2))));
    assert_eq!(at(b"^", 1, 3, false), None);
    assert_eq!(at(b"", 2, 1, false), Some(Some((2, 2))));
    assert_eq!(at(b"", 100, 100, false), Some(Some((3, 3))));
}

#[test]
fn unicode() {
    assert_eq!(matched(".", "é"), g(&[Some("é")]));
    assert_eq!(matched("[é]", "é"), g(&[Some("é")]));
    assert_eq!(matched("[à-ê]+", "éèx"), g(&[Some("éè")]));
    assert_eq!(matched("é*", "ééé"), g(&[Some("ééé")]));
    assert_eq!(matched("xé?", "x"), g(&[Some("x")]));
    assert_eq!(matched(r"\W\w", "€a"), g(&[Some("€a")]));
    assert_eq!(matched("[^a]", "😀"), g(&[Some("😀")]));
    assert_eq!(run(r"\w", "é", true), Ok(None));
    assert_eq!(run("b", "ébé", false), Ok(Some(g(&[Some("b")]))));
    // Searching steps over whole characters, so spans stay on character boundaries.
    let re = Regex::compile(b".$", true).unwrap();
    assert_eq!(re.exec(&Subject::new("aé".as_bytes(), true), false), Ok(Some(vec![Some((1, 3))])));
    // Bytes mode works byte by byte, as MicroPython does.
    let re = Regex::compile(b".", false).unwrap();
    assert_eq!(re.exec(&Subject::new("é".as_bytes(), false), true), Ok(Some(vec![Some((0, 1))])));
    // Malformed UTF-8 still advances one byte at a time.
    let re = Regex::compile(b"..", true).unwrap();
    assert_eq!(re.exec(&Subject::new(b"\xff\xc3", true), true), Ok(Some(vec![Some((0, 2))])));
}

#[test]
fn pattern_ends_at_nul() {
    assert_eq!(matched("a\0b", "a\0b"), g(&[Some("a")]));
}

#[test]
fn lazy_loops_that_match_empty_terminate() {
    // re1.5 spins forever on these; they fail that path instead.
    assert_eq!(run("(?:$)*?b", "", true), Ok(None));
    assert_eq!(run("(?:a*)*?b", "aac", true), Ok(None));
    assert_eq!(run("(?:a*)*?c", "aac", true), Ok(Some(g(&[Some("aac")]))));
    assert_eq!(run("(?:a|$)+?b", "", false), Ok(None));
    assert_eq!(run("(?:a*)+?b", "aab", false), Ok(Some(g(&[Some("aab")]))));
    // Random patterns on which the reference binary hangs; CPython gives these answers.
    assert_eq!(run(r"(?:\D+|\D*)*?-", "", false), Ok(None));
    assert_eq!(run(r"^(.1??|(?:a*b*)+?[\d-])*", "ab", false), Ok(Some(g(&[Some("ab"), Some("b")]))));
    assert_eq!(run(r"(\S??(?:^)*?[ab]+?)?|.?", "", true), Ok(Some(g(&[Some(""), None]))));
    assert_eq!(
        run(r"-\s+?(?:c+[^\s]*?(a*?|\W)*)*|[^a]??([ab]*|(?:-+|(-\d+1*?)*)*?)\s+", ".ab\n1ab-", false),
        Ok(Some(g(&[Some(".ab\n"), None, Some("ab"), None])))
    );
}

#[test]
fn exec_asks_whether_to_stop() {
    let re = Regex::compile(b"(a|a)*b", false).unwrap();
    let text = "a".repeat(18);
    let subject = Subject::new(text.as_bytes(), false);
    let mut asked = 0;
    assert_eq!(re.exec_with(&subject, false, &mut || { asked += 1; false }), Ok(None));
    assert!(asked > 10);
    asked = 0;
    assert_eq!(re.exec_with(&subject, false, &mut || { asked += 1; asked == 3 }), Err(RegexError::Interrupted));
    assert_eq!(asked, 3);
}

/// What a `corpus.txt` line asks for: its first field is the mode, `m` / `s` (match /
/// search), optionally `:pos:endpos`.
#[derive(Clone, Copy)]
struct Op {
    anchored: bool,
    pos: Option<(i64, i64)>,
}

/// One `corpus.txt` line: mode, pattern, text, then the expected result: `-` (no match),
/// `E:<RegexError>`, or one field per group: `"` + text, or `~` for a group that did not take
/// part. (Its split and sub lines are `tests/golden/re_split_sub.py` now, run through `re`.)
fn corpus_case(line: &str) -> (Op, Vec<u8>, Vec<u8>, String) {
    let mut fields = line.split('\t');
    let mut next = || fields.next().unwrap_or_else(|| panic!("bad corpus line {line:?}"));
    let mode = next();
    let args: Vec<i64> = mode.split(':').skip(1).map(|a| a.parse().unwrap()).collect();
    let anchored = match &mode[..1] {
        "m" => true,
        "s" => false,
        _ => panic!("bad mode in {line:?}"),
    };
    let op = match args[..] {
        [] => Op { anchored, pos: None },
        [pos, end] => Op { anchored, pos: Some((pos, end)) },
        _ => panic!("bad mode in {line:?}"),
    };
    let pattern = unescape(next());
    let text = unescape(next());
    let rest: Vec<&str> = fields.collect();
    (op, pattern, text, rest.join("\t"))
}

fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b't') => out.push(b'\t'),
            Some(b'n') => out.push(b'\n'),
            Some(b'x') => {
                let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                out.push(u8::from_str_radix(&hex, 16).unwrap());
            }
            Some(c) => out.push(c),
            None => panic!("dangling escape in {s:?}"),
        }
    }
    out
}

fn escape(bytes: &[u8]) -> String {
    let mut out = String::new();
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

/// Python's clamping of a possibly negative count or position, for the engine's `usize`.
fn clamp(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn describe(op: Op, pattern: &[u8], text: &[u8], unicode: bool) -> String {
    let re = match Regex::compile(pattern, unicode) {
        Ok(re) => re,
        Err(e) => return format!("E:{e:?}"),
    };
    let (start, end) = op.pos.map_or((0, text.len()), |(p, e)| (clamp(p), clamp(e)));
    let subject = Subject { start, end, ..Subject::new(text, unicode) };
    let result = re.exec(&subject, op.anchored).map(|found| match found {
        None => String::from("-"),
        Some(caps) => {
            let fields: Vec<String> = caps
                .iter()
                .map(|c| match c {
                    Some((s, e)) => format!("\"{}", escape(&text[*s..*e])),
                    None => String::from("~"),
                })
                .collect();
            fields.join("\t")
        }
    });
    result.unwrap_or_else(|e| format!("E:{e:?}"))
}

#[test]
fn corpus_matches_micropython() {
    let mut failures = Vec::new();
    for line in include_str!("corpus.txt").lines().filter(|l| !l.starts_with('#')) {
        let (op, pattern, text, want) = corpus_case(line);
        for unicode in [false, true] {
            let got = describe(op, &pattern, &text, unicode);
            if got != want {
                failures.push(format!("{line}\n    got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
/// xorshift64: a fixed, dependency-free source of test cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn fuzz_never_panics_or_hangs() {
    const PIECES: &[&str] = &[
        "a", "b", ".", "(", "(", ")", ")", "(?:", "(?", "|", "*", "+", "?", "*?", "+?", "??", "^", "$", "[",
        "]", "[^", "-", "\\", "\\d", "\\W", "\\s", "é", "\0", "{2}",
    ];
    const TEXT: &[&str] = &["a", "b", "-", " ", "\n", "é", "😀", "\u{80}"];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let pattern: String = (0..rng.next() % 12).map(|_| rng.pick(PIECES)).collect();
        let text: String = (0..rng.next() % 10).map(|_| rng.pick(TEXT)).collect();
        let mut bytes = text.clone().into_bytes();
        if rng.next().is_multiple_of(4) && !bytes.is_empty() {
            bytes.truncate(bytes.len() - 1); // maybe cut a character in half
        }
        for unicode in [false, true] {
            let Ok(re) = Regex::compile(pattern.as_bytes(), unicode) else { continue };
            let start = (rng.next() % 12) as usize;
            let end = (rng.next() % 12) as usize;
            for anchored in [false, true] {
                let subject = Subject { start, end, ..Subject::new(&bytes, unicode) };
                // Bounded work: no case of this size needs anywhere near 25 checks' worth.
                let mut checks = 0;
                let step = re.exec_with(&subject, anchored, &mut || { checks += 1; checks > 25 });
                assert!(step != Err(RegexError::Interrupted), "{pattern:?} on {text:?} did not finish");
                if let Ok(Some(caps)) = step {
                    assert_eq!(caps.len(), re.groups() + 1);
                    for (s, e) in caps.into_iter().flatten() {
                        assert!(s <= e && e <= bytes.len());
                    }
                }
            }
        }
    }
}
