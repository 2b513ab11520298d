//! Source text to syntax tree.
//!
//! [`lexer`] turns text into tokens on demand; [`parser`] builds the [`crate::ast`] tree and
//! checks what the compiler trusts (targets, argument order). Both return a
//! [`crate::error::SyntaxError`] for any bad input and never panic.

pub mod lexer;
pub mod parser;

pub use parser::parse;

/// Whole-parser tests over the conformance corpus and hostile input.
#[cfg(test)]
mod tests {
    extern crate std;

    use crate::ast::Body;
    use crate::error::SyntaxError;
    use crate::stack::StackGuard;

    /// The tests bound nesting by levels only; `crate::stack` has its own tests.
    fn parse(source: &str, mode: Mode) -> Result<Body, SyntaxError> {
        super::parse(source, mode, StackGuard::UNCHECKED)
    }
    use crate::error::Mode;
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;
    use std::path::PathBuf;

    /// Test threads get a stack like a small host's, to show nesting limits hold.
    const STACK: usize = 2 << 20;

    fn on_small_stack(f: impl FnOnce() + Send + 'static) {
        let thread = std::thread::Builder::new().stack_size(STACK).spawn(f);
        let joined = thread.map(|handle| handle.join());
        assert!(matches!(joined, Ok(Ok(()))), "test thread failed");
    }

    /// The conformance tests' folder, next to the workspace or at its usual place.
    fn conformance_dir() -> PathBuf {
        let near = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/tests");
        if near.is_dir() {
            near
        } else {
            PathBuf::from("/work/shared/conformance/tests")
        }
    }

    fn conformance_files() -> Vec<(String, String)> {
        let mut files = Vec::new();
        let Ok(dirs) = std::fs::read_dir(conformance_dir()) else {
            return files;
        };
        for dir in dirs.flatten() {
            for file in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
                let path = file.path();
                if path.extension().is_some_and(|e| e == "py") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        files.push((path.display().to_string(), text));
                    }
                }
            }
        }
        files.sort();
        files
    }

    /// Small deterministic PRNG (xorshift64).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn conformance_corpus_parses() {
        on_small_stack(|| {
            let files = conformance_files();
            assert!(files.len() > 100, "conformance tests not found at {:?}", conformance_dir());
            let failures: Vec<String> = files
                .iter()
                .filter_map(|(path, text)| {
                    parse(text, Mode::Exec).err().map(|e| format!("{path}: {e:?}"))
                })
                .collect();
            assert!(failures.is_empty(), "{failures:#?}");
        });
    }

    #[test]
    fn truncated_programs_do_not_panic() {
        on_small_stack(|| {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
            for (_, text) in conformance_files() {
                for _ in 0..20 {
                    let mut cut = rng.below(text.len() + 1);
                    while !text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    for mode in [Mode::Exec, Mode::Single, Mode::Eval] {
                        let _ = parse(&text[..cut], mode);
                    }
                }
            }
        });
    }

    #[test]
    fn random_input_does_not_panic() {
        // Python-ish fragments, so that random strings reach deep into the grammar.
        const PIECES: &[&str] = &[
            "(", ")", "[", "]", "{", "}", ":", ",", ";", ".", "...", "=", ":=", "*", "**", "+",
            "-", "~", "@", "<", "==", "!=", "not", "in", "is", "and", "or", "if", "else", "elif",
            "for", "while", "def", "class", "lambda", "yield", "await", "async", "with", "as",
            "try", "except", "finally", "return", "del", "import", "from", "global", "x", "y", "f",
            "1", "0x1f", "1.5e3", "2j", "'s'", "\"s\"", "'''", "f'", "f\"{x}\"", "f'{", "}", "{{",
            "!r", "b'", "r'", "\\", "\\\n", "\n", "\n  ", "\n\t", "\r", "#", " ", "é", "\x0c",
            "\0",
        ];
        on_small_stack(|| {
            let mut rng = Rng(0x2545_F491_4F6C_DD1D);
            for i in 0..4000 {
                let mut src = String::new();
                for _ in 0..rng.below(40) {
                    if i % 4 == 0 {
                        // Raw characters, including any Unicode scalar value.
                        let c = char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('x');
                        src.push(if rng.below(2) == 0 {
                            c
                        } else {
                            (rng.below(96) as u8 + 32) as char
                        });
                    } else {
                        src.push_str(PIECES[rng.below(PIECES.len())]);
                    }
                }
                for mode in [Mode::Exec, Mode::Single, Mode::Eval] {
                    let _ = parse(&src, mode);
                }
            }
        });
    }

    /// A lexer error is a token the parser stops at. Whatever the parser then reports (here a
    /// starred `for` iterable, a missing newline, a bad operand), the parse fails with the
    /// lexer's error, as it did when reading the token failed at once.
    #[test]
    fn lexer_errors_win() {
        for src in [
            "for x in *a '\\N{DASH}':\n pass\n",
            "f(**a, b) '\\N{DASH}'",
            "x = 1 +\\\n '\\N{DASH}'",
            "f'{a \"\\N{DASH}\"}'",
            "'\\N{DASH}'",
        ] {
            for mode in [Mode::Exec, Mode::Single] {
                let err = parse(src, mode).expect_err(src);
                assert_eq!(err.msg, "unicode name escapes", "{src:?}");
            }
        }
        let err = parse("if x:\n  y = (1 +\n2)\n z\n", Mode::Exec).expect_err("dedent");
        assert_eq!(err.msg, "unindent doesn't match any outer indent level");
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        on_small_stack(|| {
            let nested_ifs: String =
                (0..1000).map(|i| format!("{}if 1:\n", " ".repeat(i))).collect();
            let hostile = [
                "(".repeat(100_000),
                format!("{}1", "-".repeat(100_000)),
                format!("{}1", "not ".repeat(100_000)),
                format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)),
                format!("x = {}1", "lambda: ".repeat(100_000)),
                format!("{}1", "1 if 1 else ".repeat(100_000)),
                format!("{}1", "2 ** ".repeat(100_000)),
                format!("{nested_ifs}{}pass\n", " ".repeat(1000)),
                format!("f'{}'", "{f'".repeat(10_000)),
                format!("f'{}x{}'", "{x:{".repeat(10_000), "}}".repeat(10_000)),
            ];
            for src in hostile {
                let err = parse(&src, Mode::Exec).expect_err("deep nesting must be refused");
                assert!(matches!(
                    err.msg.as_str(),
                    "too many nested parentheses" | "invalid syntax"
                ));
            }
            let chains = [
                format!("1{}", " + 1".repeat(100_000)),
                format!("x{}", ".x".repeat(100_000)),
                format!("f{}", "()".repeat(100_000)),
                format!("x{}", "[0]".repeat(100_000)),
                format!("if x: pass\n{}", "elif x: pass\n".repeat(100_000)),
                // Links of enclosing chains count too.
                format!("{}1{}{}", "1 + (".repeat(90), " + 1".repeat(950), ")".repeat(90)),
            ];
            for src in chains {
                let err = parse(&src, Mode::Exec).expect_err("long chains must be refused");
                assert_eq!(err.msg, "expression too complex");
            }
            // Nesting up to the limit is fine.
            let nested = format!("x = {}1{}", "(".repeat(99), ")".repeat(99));
            assert!(parse(&nested, Mode::Exec).is_ok());
            let nested = format!("x = {}1{}", "(".repeat(100), ")".repeat(100));
            assert!(parse(&nested, Mode::Exec).is_err());
            let nested_ifs: String = (0..90).map(|i| format!("{}if 1:\n", " ".repeat(i))).collect();
            assert!(
                parse(&format!("{nested_ifs}{}x = [(-1,)]\n", " ".repeat(90)), Mode::Exec).is_ok()
            );
            assert!(parse(&format!("x = 1{}", " + 1".repeat(999)), Mode::Exec).is_ok());
            let elifs = "elif x: pass\n".repeat(999);
            assert!(parse(&format!("if x: pass\n{elifs}else: pass\n"), Mode::Exec).is_ok());
            // The deepest tree allowed, which is dropped on this stack too.
            let deepest =
                format!("{}1{}", "(1 + ".repeat(98), " + 1".repeat(900) + &")".repeat(98));
            assert!(parse(&deepest, Mode::Exec).is_ok());
        });
    }
}
