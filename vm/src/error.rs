//! Errors found before any code runs: the parser's and the compiler's.

use alloc::boxed::Box;
use alloc::string::String;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    Syntax,
    Indentation,
    /// Syntax MicroPython recognises but does not implement (raised as NotImplementedError).
    NotImplemented,
}

/// A syntax error with the position MicroPython reports (1-based line; column is informative).
/// Boxed: every parser and compiler function returns `Result<T, SyntaxError>`, and a
/// pointer-sized error keeps each result, and each `?` that passes one on, small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(Box<SyntaxErrorData>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxErrorData {
    pub kind: SyntaxErrorKind,
    pub msg: String,
    pub line: u32,
    pub col: u32,
}

impl core::ops::Deref for SyntaxError {
    type Target = SyntaxErrorData;
    fn deref(&self) -> &SyntaxErrorData {
        &self.0
    }
}

impl core::ops::DerefMut for SyntaxError {
    fn deref_mut(&mut self) -> &mut SyntaxErrorData {
        &mut self.0
    }
}

impl SyntaxError {
    fn make(kind: SyntaxErrorKind, msg: String, line: u32, col: u32) -> Self {
        SyntaxError(Box::new(SyntaxErrorData { kind, msg, line, col }))
    }

    pub fn new(msg: impl Into<String>, line: u32, col: u32) -> Self {
        Self::make(SyntaxErrorKind::Syntax, msg.into(), line, col)
    }

    pub fn not_implemented(msg: impl Into<String>, line: u32, col: u32) -> Self {
        Self::make(SyntaxErrorKind::NotImplemented, msg.into(), line, col)
    }

    pub fn indentation(msg: impl Into<String>, line: u32, col: u32) -> Self {
        Self::make(SyntaxErrorKind::Indentation, msg.into(), line, col)
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
