//! Source text to tokens, one token at a time.
//!
//! Tokens are produced on demand rather than into an array so that compiling a large module
//! on a board never holds every token in memory at once. Where MicroPython and CPython lex
//! differently we follow MicroPython for what is rejected (a number swallows the letters after
//! it, so `1if` is an error, as the conformance tests expect) and CPython for what is accepted
//! (form feeds reset the indentation column, string prefixes in any case).
//!
//! The source must already use `\n` line endings: [`normalize_newlines`] converts `\r\n` and
//! lone `\r` before lexing, so that neither line counting nor string contents see a `\r`.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use crate::ast::{BinOp, Constant};
use crate::error::SyntaxError;
use crate::format::Int;

/// `\N{...}` escapes: MicroPython parses but does not implement them.
const NAME_ESCAPES: &str = "unicode name escapes";

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Tok,
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Name(String),
    Kw(Kw),
    Op(Op),
    /// A number, or the error for a malformed one. The error is only reported if the parser
    /// takes the number as an operand: as in MicroPython, `x 1z` is just "invalid syntax".
    Num(Result<Constant, String>),
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string's text between its quotes, undecoded: the parser splits it into literal
    /// parts and fields, and parses each field as an expression of its own.
    FStr {
        body: String,
        raw: bool,
    },
    Newline,
    Indent,
    Dedent,
    Eof,
    /// A lexing error, for the parser to stop at (see [`Lexer::next_token`]).
    Error(SyntaxError),
}

macro_rules! keywords {
    ($($kw:ident = $text:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Kw { $($kw,)* }

        impl Kw {
            /// The keyword spelled `name`: its hash picks the one candidate in a table of
            /// texts. A `match` on strings was a comparison call per keyword in the wasm.
            fn from_name(name: &str) -> Option<Kw> {
                const TEXTS: &[&str] = &[$($text,)*];
                const ALL: &[Kw] = &[$(Kw::$kw,)*];
                const SLOTS: [u8; 8 * TEXTS.len()] = slots(TEXTS);
                const INDEX: [u8; 128] = keyword_index(TEXTS);
                let name = name.as_bytes();
                if name.is_empty() || name.len() > 8 {
                    return None;
                }
                let i = usize::from(INDEX[keyword_hash(name)]).checked_sub(1)?;
                let slot = SLOTS.get(i * 8..i * 8 + 8)?;
                let len_matches = slot.get(name.len()).is_none_or(|&c| c == b' ');
                if len_matches && slot[..name.len()] == *name {
                    ALL.get(i).copied()
                } else {
                    None
                }
            }
        }
    };
}

keywords! {
    False = "False", None = "None", True = "True", And = "and", As = "as", Assert = "assert",
    Async = "async", Await = "await", Break = "break", Class = "class", Continue = "continue",
    Def = "def", Del = "del", Elif = "elif", Else = "else", Except = "except",
    Finally = "finally", For = "for", From = "from", Global = "global", If = "if",
    Import = "import", In = "in", Is = "is", Lambda = "lambda", Nonlocal = "nonlocal",
    Not = "not", Or = "or", Pass = "pass", Raise = "raise", Return = "return", Try = "try",
    While = "while", With = "with", Yield = "yield",
}

/// A hash without collisions among the keywords (`keyword_index` checks it when compiling).
const fn keyword_hash(text: &[u8]) -> usize {
    (text[0] as usize + text[text.len() - 1] as usize + 19 * text.len()) & 127
}

/// Each keyword's index + 1 at its hash; 0 where none hashes.
const fn keyword_index(texts: &[&str]) -> [u8; 128] {
    let mut out = [0; 128];
    let mut i = 0;
    while i < texts.len() {
        let h = keyword_hash(texts[i].as_bytes());
        assert!(out[h] == 0, "two keywords with one hash");
        out[h] = i as u8 + 1;
        i += 1;
    }
    out
}

/// `texts` padded with spaces to `N / texts.len()` bytes each, for [`find_slot`].
const fn slots<const N: usize>(texts: &[&str]) -> [u8; N] {
    let mut out = [b' '; N];
    let width = N / texts.len();
    let mut i = 0;
    while i < texts.len() {
        let text = texts[i].as_bytes();
        let mut j = 0;
        while j < text.len() {
            out[i * width + j] = text[j];
            j += 1;
        }
        i += 1;
    }
    out
}

/// The first of the `width`-byte slots (texts padded with spaces) whose text begins `at`: its
/// index and length. A slot whose first byte differs costs one comparison, so the search is
/// about as fast as a `match` (a table of `&str`s was slower, and larger in the wasm).
fn find_slot(slots: &[u8], width: usize, at: &[u8]) -> Option<(usize, usize)> {
    let first = at.first()?;
    for (i, slot) in slots.chunks_exact(width).enumerate() {
        if slot.first() != Some(first) {
            continue;
        }
        let text = slot.split(|&c| c == b' ').next().unwrap_or(slot);
        if at.starts_with(text) {
            return Some((i, text.len()));
        }
    }
    None
}

/// Operators and delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Colon,
    Comma,
    Semi,
    Dot,
    Ellipsis,
    Arrow,
    At,
    Assign,
    ColonEq,
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    DoubleSlash,
    Percent,
    Pipe,
    Amp,
    Caret,
    Tilde,
    LShift,
    RShift,
    Lt,
    Gt,
    LtE,
    GtE,
    EqEq,
    NotEq,
    /// `+=`, `**=`, ...: the operator applied.
    Aug(BinOp),
}

/// Converts `\r\n` and lone `\r` line endings to `\n`, copying only when there is one.
pub fn normalize_newlines(source: &str) -> Cow<'_, str> {
    let mut parts = crate::builtins::text::fields(source, b'\r');
    let first = parts.next().unwrap_or("");
    if first.len() == source.len() {
        return Cow::Borrowed(source);
    }
    // Each `\r` becomes `\n`, and swallows the `\n` of a `\r\n` (no `str::replace`: core's
    // substring search is ~1.7 KB of wasm).
    let mut out = String::with_capacity(source.len());
    out.push_str(first);
    for part in parts {
        out.push('\n');
        out.push_str(part.strip_prefix('\n').unwrap_or(part));
    }
    Cow::Owned(out)
}

#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    line: u32,
    /// Where the current physical line starts, for columns.
    line_start: usize,
    /// The indentation stack; empty when indentation is not tracked (`eval`, f-string fields).
    indents: Vec<u32>,
    pending_dedents: u32,
    /// Open brackets: inside them newlines and indentation mean nothing.
    brackets: u32,
    at_line_start: bool,
    /// Whether the current logical line produced a token, so that it needs a `Newline`.
    line_has_tokens: bool,
}

impl<'a> Lexer<'a> {
    /// A lexer for a module, a REPL entry or anything else made of statements.
    pub fn new(src: &'a str) -> Self {
        Lexer::make(src, 1, vec![0], 0)
    }

    /// A lexer for `eval` input, where leading whitespace on a line is not indentation.
    pub fn without_indentation(src: &'a str) -> Self {
        Lexer::make(src, 1, Vec::new(), 0)
    }

    /// A lexer for the expression of an f-string field, which behaves as if parenthesised.
    pub fn for_field(src: &'a str, line: u32) -> Self {
        Lexer::make(src, line, Vec::new(), 1)
    }

    /// One constructor for the three: building one lexer from another (`..Lexer::new(src)`)
    /// made and dropped a whole lexer in each.
    fn make(src: &'a str, line: u32, indents: Vec<u32>, brackets: u32) -> Self {
        Lexer {
            src,
            pos: 0,
            line,
            line_start: 0,
            indents,
            pending_dedents: 0,
            brackets,
            at_line_start: brackets == 0,
            line_has_tokens: false,
        }
    }

    /// The next token; an error is a `Tok::Error` token. No rule of the parser accepts that
    /// token, so the parse stops at it and reports its error: the parser reads a token at
    /// ~100 places, and none of them has to check for a failure.
    pub fn next_token(&mut self) -> Token {
        self.scan().unwrap_or_else(|e| Token { kind: Tok::Error(e), line: self.line, col: 0 })
    }

    fn scan(&mut self) -> Result<Token, SyntaxError> {
        if self.pending_dedents > 0 {
            self.pending_dedents -= 1;
            return Ok(self.token(Tok::Dedent, self.line, self.pos));
        }
        loop {
            if self.at_line_start && self.brackets == 0 {
                if let Some(tok) = self.indentation()? {
                    return Ok(tok);
                }
            }
            self.skip_blanks()?;
            let start = self.pos;
            let Some(c) = self.peek(0) else {
                return Ok(self.end_of_input());
            };
            if c == b'\n' {
                let line = self.line;
                self.newline();
                if self.brackets == 0 && self.line_has_tokens {
                    self.at_line_start = true;
                    self.line_has_tokens = false;
                    return Ok(self.token(Tok::Newline, line, start));
                }
                continue;
            }
            let line = self.line;
            let kind = self.lex_token(c)?;
            self.line_has_tokens = true;
            return Ok(self.token(kind, line, start));
        }
    }

    fn token(&self, kind: Tok, line: u32, start: usize) -> Token {
        let col = start.saturating_sub(self.line_start) as u32 + 1;
        Token { kind, line, col }
    }

    fn error(&self, msg: impl Into<String>) -> SyntaxError {
        SyntaxError::new(msg, self.line, self.pos.saturating_sub(self.line_start) as u32 + 1)
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.as_bytes().get(self.pos + ahead).copied()
    }

    /// Source text between two byte offsets, which always lie before ASCII bytes or at the end.
    fn text(&self, start: usize, end: usize) -> Result<&'a str, SyntaxError> {
        self.src.get(start..end).ok_or_else(|| self.error("invalid syntax"))
    }

    /// Consumes a `\n`.
    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    /// At the start of a line outside brackets: skips blank and comment-only lines, then
    /// compares the indentation with the enclosing blocks'.
    fn indentation(&mut self) -> Result<Option<Token>, SyntaxError> {
        let col = loop {
            let mut col = 0u32;
            while let Some(c) = self.peek(0) {
                match c {
                    b' ' => col += 1,
                    b'\t' => col = (col / 8 + 1) * 8,
                    b'\x0c' => col = 0,
                    _ => break,
                }
                self.pos += 1;
            }
            match self.peek(0) {
                Some(b'\n') => self.newline(),
                Some(b'#') => self.skip_comment(),
                // At the end of input `end_of_input` closes the open blocks.
                None => return Ok(None),
                Some(_) => break col,
            }
        };
        self.at_line_start = false;
        let Some(&top) = self.indents.last() else {
            return Ok(None);
        };
        let line = self.line;
        if col > top {
            self.indents.push(col);
            return Ok(Some(self.token(Tok::Indent, line, self.pos)));
        }
        let mut dedents = 0;
        while self.indents.last().is_some_and(|&level| level > col) {
            self.indents.pop();
            dedents += 1;
        }
        if self.indents.last() != Some(&col) {
            return Err(SyntaxError::indentation(
                "unindent doesn't match any outer indent level",
                line,
                col + 1,
            ));
        }
        if dedents == 0 {
            return Ok(None);
        }
        self.pending_dedents = dedents - 1;
        Ok(Some(self.token(Tok::Dedent, line, self.pos)))
    }

    /// Skips spaces, comments and backslash continuations.
    fn skip_blanks(&mut self) -> Result<(), SyntaxError> {
        while let Some(c) = self.peek(0) {
            match c {
                b' ' | b'\t' | b'\x0c' => self.pos += 1,
                b'#' => self.skip_comment(),
                b'\\' => match self.peek(1) {
                    Some(b'\n') => {
                        self.pos += 1;
                        self.newline();
                        // A statement may not end in a continuation (MicroPython agrees).
                        if self.peek(0).is_none() && self.line_has_tokens {
                            return Err(self.error("invalid syntax"));
                        }
                    }
                    None if !self.line_has_tokens => self.pos += 1,
                    _ => return Err(self.error("invalid syntax")),
                },
                _ => break,
            }
        }
        Ok(())
    }

    fn skip_comment(&mut self) {
        while self.peek(0).is_some_and(|c| c != b'\n') {
            self.pos += 1;
        }
    }

    /// End of input: end the last logical line, close every block, then `Eof` forever.
    fn end_of_input(&mut self) -> Token {
        if self.line_has_tokens && self.brackets == 0 {
            self.line_has_tokens = false;
            return self.token(Tok::Newline, self.line, self.pos);
        }
        if self.indents.len() > 1 {
            self.indents.pop();
            return self.token(Tok::Dedent, self.line, self.pos);
        }
        self.token(Tok::Eof, self.line, self.pos)
    }

    fn lex_token(&mut self, c: u8) -> Result<Tok, SyntaxError> {
        if is_ident_start(c) {
            return self.name_or_string();
        }
        if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) {
            return Ok(self.number());
        }
        if c == b'\'' || c == b'"' {
            return self.string(Prefix::default());
        }
        let Some((op, len)) = self.operator() else {
            return Err(self.error("invalid syntax"));
        };
        self.pos += len;
        match op {
            Op::LParen | Op::LBracket | Op::LBrace => self.brackets += 1,
            Op::RParen | Op::RBracket | Op::RBrace => {
                self.brackets = self.brackets.saturating_sub(1)
            }
            _ => {}
        }
        Ok(Tok::Op(op))
    }

    /// The operator or delimiter at the current position, and its length: the longest that
    /// matches. Searched in a table of texts, not a `match` per first character, which was
    /// larger.
    fn operator(&self) -> Option<(Op, usize)> {
        use self::Op::*;
        use BinOp as B;
        /// Every operator, the longest first where one begins another, the commonest early.
        #[rustfmt::skip]
        const TEXTS: [&str; 47] = [
            "(", ")", ",", "...", ".", "==", "=", ":=", ":", "[", "]", "{", "}",
            "**=", "**", "*=", "*", "+=", "+", "->", "-=", "-", "//=", "//", "/=", "/",
            "<<=", "<<", "<=", "<", ">>=", ">>", ">=", ">", "!=", "%=", "%", "&=", "&",
            "|=", "|", "^=", "^", "@=", "@", ";", "~",
        ];
        #[rustfmt::skip]
        const OPS: [Op; 47] = [
            LParen, RParen, Comma, Ellipsis, Dot, EqEq, Assign, ColonEq, Colon, LBracket,
            RBracket, LBrace, RBrace,
            Aug(B::Pow), DoubleStar, Aug(B::Mul), Star, Aug(B::Add), Plus, Arrow, Aug(B::Sub),
            Minus, Aug(B::FloorDiv), DoubleSlash, Aug(B::Div), Slash,
            Aug(B::LShift), LShift, LtE, Lt, Aug(B::RShift), RShift, GtE, Gt, NotEq,
            Aug(B::Mod), Percent, Aug(B::BitAnd), Amp,
            Aug(B::BitOr), Pipe, Aug(B::BitXor), Caret, Aug(B::MatMul), At, Semi, Tilde,
        ];
        const SLOTS: [u8; 3 * 47] = slots(&TEXTS);
        let rest = self.src.as_bytes().get(self.pos..)?;
        let (i, len) = find_slot(&SLOTS, 3, rest)?;
        Some((*OPS.get(i)?, len))
    }

    fn name_or_string(&mut self) -> Result<Tok, SyntaxError> {
        let start = self.pos;
        while self.peek(0).is_some_and(is_ident_char) {
            self.pos += 1;
        }
        let name = self.text(start, self.pos)?;
        if matches!(self.peek(0), Some(b'\'' | b'"')) {
            if let Some(prefix) = Prefix::parse(name.as_bytes()) {
                return self.string(prefix);
            }
        }
        Ok(match Kw::from_name(name) {
            Some(kw) => Tok::Kw(kw),
            None => Tok::Name(name.to_string()),
        })
    }

    /// A number, lexed the way MicroPython does: the token runs on through every letter,
    /// digit and dot (and a sign after an exponent), underscores are dropped, and only then is
    /// the text checked, so `1if` or `0x1.5` are errors with MicroPython's messages.
    fn number(&mut self) -> Tok {
        let mut text = String::new();
        let mut is_float = self.peek(0) == Some(b'.');
        let has_base = self.peek(0) == Some(b'0')
            && matches!(self.peek(1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B'));
        while let Some(c) = self.peek(0) {
            if !has_base && (c == b'e' || c == b'E') {
                is_float = true;
                text.push('e');
                self.pos += 1;
                if let Some(sign @ (b'+' | b'-')) = self.peek(0) {
                    text.push(sign as char);
                    self.pos += 1;
                }
            } else if c.is_ascii_alphanumeric() || c == b'.' {
                is_float |= matches!(c, b'.' | b'j' | b'J');
                text.push(c as char);
                self.pos += 1;
            } else if c == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        Tok::Num(if is_float { parse_float(&text) } else { parse_int(&text) })
    }

    fn string(&mut self, prefix: Prefix) -> Result<Tok, SyntaxError> {
        let span = scan_string(self.src.as_bytes(), self.pos, prefix.fstring)
            .map_err(|err| self.error(err.message()))?;
        let line = self.line;
        let body = self.text(span.body.0, span.body.1)?;
        let src = self.src.as_bytes();
        for i in self.pos..span.end {
            if src.get(i) == Some(&b'\n') {
                self.line += 1;
                self.line_start = i + 1;
            }
        }
        self.pos = span.end;
        let decoded = if prefix.fstring {
            Ok(Tok::FStr { body: body.to_string(), raw: prefix.raw })
        } else if prefix.bytes {
            decode_bytes(body, prefix.raw).map(Tok::Bytes)
        } else {
            decode_str(body, prefix.raw).map(Tok::Str)
        };
        decoded.map_err(|msg| {
            if msg == NAME_ESCAPES {
                SyntaxError::not_implemented(msg, line, 0)
            } else {
                SyntaxError::new(msg, line, 0)
            }
        })
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

/// Any non-ASCII character may appear in a name, as in MicroPython.
fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

// ---- numbers

/// An integer literal is read as `int(text, 0)` reads it: the same prefixes, the same rule
/// for leading zeros and the same error message.
fn parse_int(text: &str) -> Result<Constant, String> {
    match crate::format::parse_int(text.as_bytes(), 0) {
        Ok(Int::Small(value)) => Ok(Constant::Int(value)),
        Ok(Int::Big(value)) => Ok(Constant::BigInt(value.magnitude_str_radix(10))),
        Err(e) => Err(String::from(&*e.msg)),
    }
}

/// `digits [. digits] [e [+-] digits] [j]` with a digit somewhere in the mantissa. The token
/// holds only letters, digits, dots and an exponent's sign, and of those `float()` accepts
/// exactly that form, so its parser is the check.
fn parse_float(text: &str) -> Result<Constant, String> {
    let imaginary = matches!(text.as_bytes().last(), Some(b'j' | b'J'));
    let number = if imaginary { &text[..text.len() - 1] } else { text };
    // MicroPython reads a literal as `float()` reads text (not always the closest float).
    let value = crate::format::parse_float(number.as_bytes())
        .map_err(|_| String::from("invalid syntax for number"))?;
    Ok(if imaginary { Constant::Imag(value) } else { Constant::Float(value) })
}

// ---- strings

/// What a string prefix (`r`, `b`, `f`, `rb`, `fr`, ... in any case) asks for.
#[derive(Debug, Clone, Copy, Default)]
struct Prefix {
    raw: bool,
    bytes: bool,
    fstring: bool,
}

impl Prefix {
    fn parse(text: &[u8]) -> Option<Prefix> {
        let mut prefix = Prefix::default();
        let mut unicode = false;
        for &c in text {
            let seen = match c.to_ascii_lowercase() {
                b'r' => core::mem::replace(&mut prefix.raw, true),
                b'b' => core::mem::replace(&mut prefix.bytes, true),
                b'f' => core::mem::replace(&mut prefix.fstring, true),
                b'u' => core::mem::replace(&mut unicode, true),
                _ => return None,
            };
            if seen {
                return None;
            }
        }
        let combines = !(prefix.bytes && prefix.fstring || unicode && text.len() > 1);
        (text.len() <= 2 && combines).then_some(prefix)
    }
}

/// Where a string literal lies: its body between the quotes, and the end of the closing quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrSpan {
    pub body: (usize, usize),
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanError {
    Unterminated,
    TooDeep,
}

impl ScanError {
    pub fn message(self) -> &'static str {
        match self {
            ScanError::Unterminated => "invalid syntax",
            ScanError::TooDeep => "too many nested parentheses",
        }
    }
}

/// How deeply strings and fields may nest inside one f-string.
const MAX_STRING_NESTING: usize = 64;

/// What the string scanner is inside of.
#[derive(Clone, Copy)]
enum Frame {
    /// Literal text. `spec` marks a format spec, which a `}` ends along with its field.
    Text { quote: u8, triple: bool, fstring: bool, spec: bool },
    /// A replacement field's expression, with its count of open brackets.
    Field { depth: u32, multiline: bool },
}

/// Finds the end of the string literal whose opening quote is at `start`.
///
/// In an f-string a replacement field may hold strings with any quote — even the enclosing
/// one, as in Python 3.12 — so the scan keeps a stack of the strings and fields it is in.
#[inline(always)]
pub fn scan_string(src: &[u8], start: usize, fstring: bool) -> Result<StrSpan, ScanError> {
    let quote = src.get(start).copied().ok_or(ScanError::Unterminated)?;
    let triple = src[start..].starts_with(&[quote; 3]);
    let body_start = start + if triple { 3 } else { 1 };
    scan(src, body_start, Frame::Text { quote, triple, fstring, spec: false })
}

/// Where the expression of a replacement field that starts at `start` (after its `{`) ends: at
/// the `}`, `!`, `:` or self-documenting `=` outside brackets and strings. The parser splits an
/// f-string with this, the lexer's own scan, so the two agree on where every field lies.
#[inline(always)]
pub fn field_expr_end(src: &[u8], start: usize) -> Option<usize> {
    scan(src, start, Frame::Field { depth: 0, multiline: true }).ok().map(|span| span.end)
}

/// Scans from `body_start` inside `outer` until it ends: a string at its closing quote; a
/// field, alone on the stack, where its expression ends (the span's `end` is then that index).
fn scan(src: &[u8], body_start: usize, outer: Frame) -> Result<StrSpan, ScanError> {
    let mut stack = vec![outer];
    let mut i = body_start;
    while let Some(&frame) = stack.last() {
        if stack.len() > MAX_STRING_NESTING {
            return Err(ScanError::TooDeep);
        }
        let c = *src.get(i).ok_or(ScanError::Unterminated)?;
        let next = src.get(i + 1).copied();
        match frame {
            Frame::Text { quote, triple, fstring, spec } => {
                let braces = fstring || spec;
                if c == b'\\' {
                    // An escaped character never ends the string, except that a brace after a
                    // backslash still opens or closes a field.
                    i += if braces && matches!(next, Some(b'{' | b'}')) { 1 } else { 2 };
                    continue;
                }
                if c == b'\n' && !triple {
                    return Err(ScanError::Unterminated);
                }
                if c == quote && (!triple || src[i..].starts_with(&[quote; 3])) {
                    if spec {
                        return Err(ScanError::Unterminated);
                    }
                    stack.pop();
                    let len = if triple { 3 } else { 1 };
                    if stack.is_empty() {
                        return Ok(StrSpan { body: (body_start, i), end: i + len });
                    }
                    i += len;
                    continue;
                }
                if braces && c == b'{' {
                    if !spec && next == Some(b'{') {
                        i += 1;
                    } else {
                        stack.push(Frame::Field { depth: 0, multiline: triple });
                    }
                } else if braces && c == b'}' {
                    if spec {
                        stack.pop();
                        stack.pop();
                    } else if next == Some(b'}') {
                        i += 1;
                    }
                }
                i += 1;
            }
            Frame::Field { depth, multiline } => {
                let mut new_depth = depth;
                match c {
                    b'\'' | b'"' => {
                        let (_, nested_fstring) = prefix_before(src, i);
                        let triple = src[i..].starts_with(&[c; 3]);
                        stack.push(Frame::Text {
                            quote: c,
                            triple,
                            fstring: nested_fstring,
                            spec: false,
                        });
                        i += if triple { 3 } else { 1 };
                        continue;
                    }
                    // `!=`, `==`, `<=` and `>=` are operators.
                    b'!' | b'=' | b'<' | b'>' if next == Some(b'=') => {
                        i += 2;
                        continue;
                    }
                    b'(' | b'[' | b'{' => new_depth = depth.saturating_add(1),
                    b')' | b']' => new_depth = depth.saturating_sub(1),
                    b'}' if depth > 0 => new_depth = depth - 1,
                    _ if depth == 0 && stack.len() == 1 && ends_field_expr(c, &src[i + 1..]) => {
                        return Ok(StrSpan { body: (body_start, i), end: i });
                    }
                    b'}' => {
                        stack.pop();
                        i += 1;
                        continue;
                    }
                    b':' if depth == 0 => {
                        let (quote, triple) = enclosing_quote(&stack);
                        stack.push(Frame::Text { quote, triple, fstring: false, spec: true });
                        i += 1;
                        continue;
                    }
                    b'\n' if !multiline => return Err(ScanError::Unterminated),
                    _ => {}
                }
                if let Some(Frame::Field { depth, .. }) = stack.last_mut() {
                    *depth = new_depth;
                }
                i += 1;
            }
        }
    }
    Err(ScanError::Unterminated)
}

/// Does `c`, outside brackets, end a field's expression? `rest` is the text after it; an `=`
/// ends it only before the `}`, `!` or `:` of a self-documenting field.
fn ends_field_expr(c: u8, rest: &[u8]) -> bool {
    match c {
        b'}' | b'!' | b':' => true,
        b'=' => matches!(rest.iter().find(|c| !c.is_ascii_whitespace()), Some(b'}' | b'!' | b':')),
        _ => false,
    }
}

/// The quote of the innermost string around a field, which also ends its format spec.
fn enclosing_quote(stack: &[Frame]) -> (u8, bool) {
    for frame in stack.iter().rev() {
        if let Frame::Text { quote, triple, .. } = *frame {
            return (quote, triple);
        }
    }
    (b'"', false)
}

/// The string prefix, if any, written just before the quote at `quote`: `(raw, fstring)`.
pub fn prefix_before(src: &[u8], quote: usize) -> (bool, bool) {
    let mut start = quote;
    // A prefix has at most two letters; a longer run of letters is a name.
    while start > 0 && quote - start < 3 && is_ident_char(src[start - 1]) {
        start -= 1;
    }
    match Prefix::parse(&src[start..quote]) {
        Some(prefix) => (prefix.raw, prefix.fstring),
        None => (false, false),
    }
}

/// Appends `c` encoded as UTF-8.
fn push_char(out: &mut Vec<u8>, c: char) {
    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
}

/// Decodes the body of a `str` literal (or a literal part of an f-string).
pub fn decode_str(body: &str, raw: bool) -> Result<String, &'static str> {
    if raw {
        return Ok(body.to_string());
    }
    // Only whole characters were added, so the text is valid UTF-8.
    String::from_utf8(decode(body, true)?).map_err(|_| "invalid syntax")
}

pub fn decode_bytes(body: &str, raw: bool) -> Result<Vec<u8>, &'static str> {
    if raw {
        return Ok(body.as_bytes().to_vec());
    }
    decode(body, false)
}

/// The bytes a literal's body stands for: UTF-8 text for a `str`, where a numeric escape is a
/// code point, or raw bytes, where it is a byte value. One byte buffer for both kept a single
/// copy of the loop. It walks bytes, not chars: text between escapes (and the rest of a
/// character after a backslash) is copied as it is, so no UTF-8 is decoded here.
fn decode(body: &str, is_str: bool) -> Result<Vec<u8>, &'static str> {
    let b = body.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = b.get(i) else {
            // Only an f-string part can end in a lone backslash (before a brace): keep it.
            out.push(b'\\');
            break;
        };
        i += 1;
        let code = match e {
            b'\n' => continue,
            b'\\' | b'\'' | b'"' => u32::from(e),
            b'a' => 0x07,
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => 0x0a,
            b'r' => 0x0d,
            b't' => 0x09,
            b'v' => 0x0b,
            b'0'..=b'7' => {
                let mut code = u32::from(e - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            code = code * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                code
            }
            b'x' => hex_digits(b, &mut i, 2)?,
            b'u' if is_str => hex_digits(b, &mut i, 4)?,
            b'U' if is_str => hex_digits(b, &mut i, 8)?,
            b'N' if is_str => return Err(NAME_ESCAPES),
            _ => {
                // Not an escape: the backslash stays, with the character's first byte.
                out.push(b'\\');
                out.push(e);
                continue;
            }
        };
        if is_str {
            push_char(&mut out, char::from_u32(code).ok_or("invalid syntax")?);
        } else {
            out.push(u8::try_from(code).map_err(|_| "invalid syntax")?);
        }
    }
    Ok(out)
}

/// `count` hex digits from `b[*i..]`, moving `*i` past them. Eight digits fit in a `u32`.
fn hex_digits(b: &[u8], i: &mut usize, count: usize) -> Result<u32, &'static str> {
    let mut code = 0;
    for _ in 0..count {
        let digit = b.get(*i).and_then(|&c| char::from(c).to_digit(16)).ok_or("invalid syntax")?;
        code = code * 16 + digit;
        *i += 1;
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fields_expression_ends_at_its_first_stop_outside_brackets_and_strings() {
        fn end(field: &str) -> Option<&str> {
            field_expr_end(field.as_bytes(), 0).map(|i| &field[i..])
        }
        assert_eq!(end("a}"), Some("}"));
        assert_eq!(end("a!r}"), Some("!r}"));
        assert_eq!(end("a!=b}"), Some("}"));
        assert_eq!(end("a==b}"), Some("}"));
        assert_eq!(end("a<=b>=c}"), Some("}"));
        assert_eq!(end("x = }"), Some("= }"));
        assert_eq!(end("x=b}"), Some("}"));
        assert_eq!(end("x:=5}"), Some(":=5}"));
        assert_eq!(end("{a: 1}[a]:>3}"), Some(":>3}"));
        assert_eq!(end("f(x=1)}"), Some("}"));
        assert_eq!(end("'}:!' + f'{b:}}'}"), Some("}"));
        assert_eq!(end("a"), None);
        assert_eq!(end("'a}"), None);
    }

    fn kinds(src: &str) -> Vec<Tok> {
        let mut lexer = Lexer::new(src);
        let mut out = Vec::new();
        loop {
            match lexer.scan() {
                Ok(Token { kind: Tok::Eof, .. }) => return out,
                Ok(tok) => out.push(tok.kind),
                Err(e) => panic!("{src:?}: {e:?}"),
            }
        }
    }

    fn error(src: &str) -> SyntaxError {
        let mut lexer = Lexer::new(src);
        loop {
            match lexer.scan() {
                Ok(Token { kind: Tok::Eof, .. }) => panic!("{src:?} lexed without error"),
                Ok(_) => {}
                Err(e) => return e,
            }
        }
    }

    fn num(src: &str) -> Constant {
        match kinds(src).first() {
            Some(Tok::Num(Ok(c))) => c.clone(),
            other => panic!("{src:?}: {other:?}"),
        }
    }

    fn bad_num(src: &str) -> String {
        match kinds(src).swap_remove(0) {
            Tok::Num(Err(msg)) => msg,
            other => panic!("{src:?}: {other:?}"),
        }
    }

    fn string(src: &str) -> Tok {
        kinds(src).swap_remove(0)
    }

    fn name(s: &str) -> Tok {
        Tok::Name(s.to_string())
    }

    #[test]
    fn indentation() {
        use Tok::*;
        let toks = kinds("if x:\n  a\n\n  # c\n    b\nc\n");
        assert_eq!(
            toks,
            [
                Kw(self::Kw::If),
                name("x"),
                Op(self::Op::Colon),
                Newline,
                Indent,
                name("a"),
                Newline,
                Indent,
                name("b"),
                Newline,
                Dedent,
                Dedent,
                name("c"),
                Newline,
            ]
        );
        // A missing final newline still ends the line and closes the blocks.
        assert_eq!(
            kinds("if x:\n a"),
            [
                Kw(self::Kw::If),
                name("x"),
                Op(self::Op::Colon),
                Newline,
                Indent,
                name("a"),
                Newline,
                Dedent
            ]
        );
        // Tabs go to the next multiple of eight; a form feed resets the column.
        assert_eq!(kinds("if x:\n\ta\n        b\n").iter().filter(|t| **t == Indent).count(), 1);
        assert_eq!(kinds("if x:\n\x0c  a\n  b\n").iter().filter(|t| **t == Indent).count(), 1);
        let e = error("if x:\n  a\n b\n");
        assert_eq!(
            (e.kind, e.msg.as_str(), e.line),
            (
                crate::error::SyntaxErrorKind::Indentation,
                "unindent doesn't match any outer indent level",
                3
            )
        );
    }

    #[test]
    fn line_joining() {
        use Tok::*;
        assert_eq!(kinds("(a,\n  b)\n").iter().filter(|t| **t == Newline).count(), 1);
        assert_eq!(kinds("a = 1 + \\\n  2\n").iter().filter(|t| **t == Newline).count(), 1);
        assert_eq!(kinds("\\\n"), []);
        assert_eq!(error("a \\b").msg, "invalid syntax");
        assert_eq!(error("a = 1 \\\n").msg, "invalid syntax");
        assert_eq!(
            kinds(&normalize_newlines("a\r\nb\rc")),
            [name("a"), Newline, name("b"), Newline, name("c"), Newline]
        );
        assert_eq!(normalize_newlines("\r\r\n\n\ra\r"), "\n\n\n\na\n");
        assert!(matches!(normalize_newlines("a\nb"), Cow::Borrowed("a\nb")));
    }

    #[test]
    fn keywords_and_names_like_them() {
        let all = "False None True and as assert async await break class continue def del elif else \
                   except finally for from global if import in is lambda nonlocal not or pass raise \
                   return try while with yield";
        for text in all.split(' ') {
            let kw = Kw::from_name(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(alloc::format!("{kw:?}").to_lowercase(), text.to_lowercase());
        }
        for name in ["", "a", "i", "ifs", "i_", "nonlocals", "continues", "Def", "none", "z", "_", "\u{e9}"] {
            assert_eq!(Kw::from_name(name), None, "{name}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(num("0"), Constant::Int(0));
        assert_eq!(num("000"), Constant::Int(0));
        assert_eq!(num("1_000"), Constant::Int(1000));
        assert_eq!(num("0x_1F"), Constant::Int(31));
        assert_eq!(num("0o17"), Constant::Int(15));
        assert_eq!(num("0B101"), Constant::Int(5));
        assert_eq!(num("9223372036854775807"), Constant::Int(i64::MAX));
        assert_eq!(num("9223372036854775808"), Constant::BigInt("9223372036854775808".into()));
        assert_eq!(
            num("0xffffffffffffffffffff"),
            Constant::BigInt("1208925819614629174706175".into())
        );
        assert_eq!(num("1."), Constant::Float(1.0));
        assert_eq!(num(".5"), Constant::Float(0.5));
        assert_eq!(num("1e10"), Constant::Float(1e10));
        assert_eq!(num("1E-3"), Constant::Float(1e-3));
        assert_eq!(num("1.e5"), Constant::Float(1e5));
        assert_eq!(num("2j"), Constant::Imag(2.0));
        assert_eq!(num("1.5J"), Constant::Imag(1.5));
        // A hexadecimal `e` is a digit, so the sign after it is an operator.
        assert_eq!(kinds("0x1e+1").len(), 4);
        for (src, msg) in [
            ("123z", "invalid syntax for integer with base 10: '123z'"),
            ("1if", "invalid syntax for integer with base 10: '1if'"),
            ("0x", "invalid syntax for integer with base 16: ''"),
            ("0b12", "invalid syntax for integer with base 2: '12'"),
            ("09", "invalid syntax for integer with base 0: '09'"),
            ("0_1", "invalid syntax for integer with base 0: '01'"),
            ("1else", "invalid syntax for number"),
            ("0x1.5", "invalid syntax for number"),
            ("1.real", "invalid syntax for number"),
            ("1e", "invalid syntax for number"),
            ("1jj", "invalid syntax for number"),
            ("1.5.3", "invalid syntax for number"),
            // Words `float()` reads are no literals.
            ("1.nan", "invalid syntax for number"),
            ("1.inf", "invalid syntax for number"),
            ("1e5.5", "invalid syntax for number"),
            ("1e+-5", "invalid syntax for number"),
        ] {
            assert_eq!(bad_num(src), msg, "{src}");
        }
    }

    #[test]
    fn strings() {
        assert_eq!(
            string(r#"'a\tb\x41\101\u00e9\U0001F600\q\'\"\\'"#),
            Tok::Str("a\tbAAé😀\\q'\"\\".into())
        );
        assert_eq!(string(r"'\0\08\777'"), Tok::Str("\0\08\u{1ff}".into()));
        assert_eq!(string("'a\\\nb'"), Tok::Str("ab".into()));
        assert_eq!(string("'''a\n'b'\n'''"), Tok::Str("a\n'b'\n".into()));
        assert_eq!(string(r"r'\n\''"), Tok::Str(r"\n\'".into()));
        assert_eq!(string(r"b'\xff\n\u1234'"), Tok::Bytes(b"\xff\n\\u1234".to_vec()));
        assert_eq!(string(r"Rb'\n'"), Tok::Bytes(b"\\n".to_vec()));
        assert_eq!(string("U'é'"), Tok::Str("é".into()));
        // Decoding walks bytes: a backslash before a multi-byte character keeps both whole,
        // and text around escapes is copied as it is.
        assert_eq!(string("'\\é\\😀x\\x41é'"), Tok::Str("\\é\\😀xAé".into()));
        assert_eq!(string("b'\\é'"), Tok::Bytes("\\é".as_bytes().to_vec()));
        assert_eq!(string(r"'\1234\x4a\u004A'"), Tok::Str("S4JJ".into()));
        for bad in [r"'\x4'", r"'\xé1'", r"'\u12'", r"'\U00110000'", r"'\ud800'", r"b'\400'", r"'\x"] {
            assert_eq!(error(bad).msg, "invalid syntax", "{bad}");
        }
        assert_eq!(string("f'{x}'"), Tok::FStr { body: "{x}".into(), raw: false });
        assert_eq!(string("Rf'\\{x}'"), Tok::FStr { body: "\\{x}".into(), raw: true });
        // Python 3.12 nesting: a field may use the enclosing quote.
        assert_eq!(
            string(r#"f"a{f"b{x}"}c""#),
            Tok::FStr { body: r#"a{f"b{x}"}c"#.into(), raw: false }
        );
        assert_eq!(
            string(r#"f"{x:{"w"}}""#),
            Tok::FStr { body: r#"{x:{"w"}}"#.into(), raw: false }
        );
        assert_eq!(kinds("ub'x'"), [name("ub"), Tok::Str("x".into()), Tok::Newline]);
        for src in [
            "'abc",
            "'''abc''",
            "'a\nb'",
            r"'\x4'",
            r"'\u12'",
            r"'\U0011ffff'",
            r"b'\777'",
            "f'{'",
            "f'{x:'",
            "'\\",
            r"'\ud800'",
        ] {
            assert_eq!(error(src).msg, "invalid syntax", "{src}");
        }
        assert_eq!(error(r"'\N{DASH}'").msg, "unicode name escapes");
        assert_eq!(
            error(&alloc::format!("f'{}'", "{f'".repeat(100))).msg,
            "too many nested parentheses"
        );
    }

    #[test]
    fn operators_and_names() {
        use self::Op::*;
        use Tok::Op as O;
        assert_eq!(
            kinds("a**=b//c->...:=x!=y@z"),
            [
                name("a"),
                O(Aug(BinOp::Pow)),
                name("b"),
                O(DoubleSlash),
                name("c"),
                O(Arrow),
                O(Ellipsis),
                O(ColonEq),
                name("x"),
                O(NotEq),
                name("y"),
                O(At),
                name("z"),
                Tok::Newline
            ]
        );
        #[rustfmt::skip]
        let table = [
            ("(", LParen), (")", RParen), ("[", LBracket), ("]", RBracket), ("{", LBrace),
            ("}", RBrace), (",", Comma), (";", Semi), ("~", Tilde), (":", Colon), (":=", ColonEq),
            (".", Dot), ("...", Ellipsis), ("=", Assign), ("==", EqEq), ("!=", NotEq),
            ("->", Arrow), ("-", Minus), ("-=", Aug(BinOp::Sub)), ("+", Plus),
            ("+=", Aug(BinOp::Add)), ("%", Percent), ("%=", Aug(BinOp::Mod)), ("&", Amp),
            ("&=", Aug(BinOp::BitAnd)), ("|", Pipe), ("|=", Aug(BinOp::BitOr)), ("^", Caret),
            ("^=", Aug(BinOp::BitXor)), ("@", At), ("@=", Aug(BinOp::MatMul)), ("*", Star),
            ("**", DoubleStar), ("*=", Aug(BinOp::Mul)), ("**=", Aug(BinOp::Pow)), ("/", Slash),
            ("//", DoubleSlash), ("/=", Aug(BinOp::Div)), ("//=", Aug(BinOp::FloorDiv)),
            ("<", Lt), ("<<", LShift), ("<=", LtE), ("<<=", Aug(BinOp::LShift)), (">", Gt),
            (">>", RShift), (">=", GtE), (">>=", Aug(BinOp::RShift)),
        ];
        for (text, op) in table {
            assert_eq!(kinds(text)[0], O(op), "{text}");
        }
        let all: Vec<&str> = table.iter().map(|(text, _)| *text).collect();
        let expected: Vec<Tok> = table.iter().map(|(_, op)| O(*op)).chain([Tok::Newline]).collect();
        assert_eq!(kinds(&all.join(" ")), expected);
        assert_eq!(kinds(". ."), [O(Dot), O(Dot), Tok::Newline]);
        assert_eq!(kinds(".."), [O(Dot), O(Dot), Tok::Newline]);
        assert_eq!(kinds("café = π"), [name("café"), O(Assign), name("π"), Tok::Newline]);
        assert_eq!(
            kinds("async await None"),
            [Tok::Kw(Kw::Async), Tok::Kw(Kw::Await), Tok::Kw(Kw::None), Tok::Newline]
        );
        for src in ["!", "$", "`", "?"] {
            assert_eq!(error(src).msg, "invalid syntax");
        }
    }
}
