//! Errors found before any code runs: the parser's and the compiler's.

use alloc::string::String;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    Syntax,
    Indentation,
    /// Syntax MicroPython recognises but does not implement (raised as NotImplementedError).
    NotImplemented,
}

/// A syntax error with the position MicroPython reports (1-based line; column is informative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub line: u32,
    pub col: u32,
}

impl SyntaxError {
    pub fn new(msg: impl Into<String>, line: u32, col: u32) -> Self {
        SyntaxError { kind: SyntaxErrorKind::Syntax, msg: msg.into(), line, col }
    }

    pub fn not_implemented(msg: impl Into<String>, line: u32, col: u32) -> Self {
        SyntaxError { kind: SyntaxErrorKind::NotImplemented, msg: msg.into(), line, col }
    }

    pub fn indentation(msg: impl Into<String>, line: u32, col: u32) -> Self {
        SyntaxError { kind: SyntaxErrorKind::Indentation, msg: msg.into(), line, col }
    }
}

/// How source is to be compiled (the `mode` argument of `compile()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A module or `exec()` string: a sequence of statements.
    Exec,
    /// `eval()`: one expression; the body holds a single `Expr` statement whose value is returned.
    Eval,
    /// One REPL entry: expression statements at top level echo their value (`PrintExpr`).
    Single,
}
