//! The regular-expression engine behind `re`: MicroPython's re1.5, rebuilt without
//! recursion.
//!
//! # Syntax (exactly what MicroPython accepts)
//!
//! Literals; `.` (any character, newline included); `[...]`, `[^...]` with ranges and
//! `\d \D \s \S \w \W` inside; the same six outside sets; `\` before anything else quotes
//! it (so `\n` is the letter `n`: Python's string escapes are the only ones); `^` (start
//! of the text) and `$` (end of the window, no final-newline rule); `*`, `+`, `?` and
//! their lazy forms `*?`, `+?`, `??`; groups `(...)`, non-capturing `(?:...)`; `|`.
//! There is no `{m,n}` (`{` is a literal), no named groups or other `(?...)` forms, and
//! no flags: MicroPython accepts and ignores `re.compile`'s `flags`, and its `re` has no
//! `IGNORECASE` or `MULTILINE`. A pattern ends at its first NUL byte.
//!
//! Errors are MicroPython's: [`RegexError::Syntax`] for an unbalanced `)`, and
//! [`RegexError::TooComplex`] for everything else, including the limits of re1.5's byte
//! code (127 set members, 63 groups, jumps of at most ~127 bytes of code, so
//! `"(" + "a" * 62 + ")?"` is too complex).
//!
//! # Text
//!
//! Text and pattern are bytes; positions are byte offsets into [`Subject::text`]. For a
//! `str`, pass `unicode: true` (both to [`Regex::compile`] for a `str` pattern and in the
//! [`Subject`] for a `str` text): then `.`, sets and named classes step over whole UTF-8
//! characters, set members and ranges are code points, and a quantifier after a non-ASCII
//! literal repeats the whole character. MicroPython works on bytes even for `str` (`.`
//! on `"é"` raises `UnicodeError` there). Named classes are ASCII only, as in MicroPython.
//! MicroPython also lets a `str` pattern search `bytes` and the reverse: compile with the
//! pattern's kind and set [`Subject::unicode`] from the text's kind.
//!
//! # Matching
//!
//! Backtracking in re1.5's order: leftmost match, alternatives left to right, greedy or
//! lazy per quantifier, and a group reports its last iteration (`(a|b)*` on `"ab"` gives
//! group 1 `"b"`; a group whose iteration was backtracked away keeps the previous value).
//! A loop whose body can match empty (`(a*)*`, `()+`) recurses without end in re1.5 and so
//! always raises [`RegexError::RecursionLimit`], as does a long greedy run such as `a*`
//! over ~1000 characters; see [`DEFAULT_MAX_DEPTH`]. A long-running pattern asks its
//! caller every [`CHECK_EVERY`] steps whether to stop ([`Regex::exec_with`]).
//!
//! # Deliberate differences from MicroPython
//!
//! Only where MicroPython misbehaves: `unicode` mode above; a lazy loop whose body matches
//! empty (`(?:$)*?b` on `""`) hangs re1.5 forever and fails that path here (CPython's
//! answer); the recursion limit is a frame count rather than the C stack, so it does not
//! shrink inside deep Python calls; `[a-` at the end of a pattern is an error (re1.5 reads
//! past the pattern); set ranges compare bytes unsigned (re1.5 compares C `char`, signed
//! on x86); `re.py` reports a template's group number past the last one as it is
//! (MicroPython's wraps at 2^32).
//!
//! # For the VM: `re` on this engine
//!
//! Error mapping: `Syntax` → `ValueError("error in regex")`, `TooComplex` →
//! `ValueError("regex too complex")`, `RecursionLimit` →
//! `RuntimeError("maximum recursion depth exceeded")`. [`RegexError::message`] has the
//! texts. A template's bad group (`IndexError(n)`) and `split` with groups
//! (`NotImplementedError("splitting with sub-captures")`) are `re.py`'s.
//!
//! The module has `compile`, `match`, `search`, `sub` (no `split`, `findall`, `escape`,
//! `DEBUG` or flag constants); a pattern object has `match`, `search`, `split`, `sub`;
//! a match object has only `group(n)` on the reference unix build (`groups`, `span`,
//! `start`, `end` are `AttributeError` there). `repr`s are `<re 0x...>` and
//! `<match num=N>` with N = groups + 1.
//!
//! - `match` / `search(string, pos=0, endpos=len)`: [`Regex::exec`] with `anchored` true /
//!   false and a [`Subject`] whose `start`/`end` come from `pos`/`endpos`. Only a compiled
//!   pattern's methods honour them; `re.match(p, s, pos)` accepts and ignores them. `pos`
//!   is clamped to `0..=len`, `endpos` to `pos..=len` (so a negative `endpos` searches an
//!   empty window at `pos`). MicroPython applies them as byte offsets even to a `str`;
//!   convert character indexes to byte offsets instead (the same for ASCII). `^` still
//!   means offset 0 of the whole text (`compile("^o").match("dog", 1)` is `None`); `$`
//!   matches at `endpos`.
//! - `group(n)`: `IndexError(n)` unless `0 <= n <= groups`; `None` for a group that did
//!   not take part; `group()` without an argument is a `TypeError`. If `span`/`start`/`end`
//!   are added, MicroPython gives `(-1, -1)` for a group that did not take part, and
//!   character indexes for a `str`; `groups()` gives `None` for such groups.
//! - `split(string, maxsplit=0)`: each step searches from the end of the previous match to
//!   the end of the text; it stops at the first failed or *empty* match
//!   (`compile("x*").split("axbc")` is `["axbc"]`); `maxsplit <= 0` means no limit; a
//!   pattern with groups raises `NotImplementedError` at its first non-empty match. The
//!   pieces are slices of the argument, of its type.
//! - `sub(repl, string, count=0)` and `re.sub(pattern, repl, string, count=0)`: the same
//!   stepping and the same stop at an empty match (`re.sub("x*", "-", "abc")` is `"abc"`);
//!   `count <= 0` means no limit; when nothing was replaced the original object is
//!   returned. A callable `repl` gets a match object for the current match and must return
//!   a `str`/`bytes`, which is then *also* expanded as a template (`\N` and `\g<N>` insert
//!   a group, `\\` a backslash; another backslash is dropped; a NUL ends it); with a string
//!   `repl`, a bad group is only reported once something matches. `re.sub`'s pattern
//!   argument (like `re.match`'s and `re.search`'s) may be a `str`, `bytes` or compiled
//!   pattern (anything else is a `TypeError`); a fifth `flags` argument is accepted and
//!   ignored.
//!
//! Each step of `split`/`sub` is one search: `builtins/modules/re.rs` exposes only compile
//! and one exec, which Ctrl-C can stop, and the stand-in
//! `builtins/modules/py/re.py` runs the `split`/`sub` loops and reads templates in Python
//! (`tests/golden/re_module.py` checks the module, `re_split_sub.py` the corpus's split and
//! sub cases against MicroPython).

mod exec;
mod parse;
mod prog;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;

pub use exec::CHECK_EVERY;

/// Capture spans, group 0 (the whole match) first; `None` for a group that did not take part.
pub type Captures = Vec<Option<(usize, usize)>>;

/// Backtracking frames allowed by default: where MicroPython's unix port, called from
/// module level, hits its C stack limit (`a*` matches 986 `a`s and fails on 987). It is
/// reached sooner from deeper Python calls there; a port may choose its own.
pub const DEFAULT_MAX_DEPTH: usize = 988;

/// Why compiling or matching failed; see the module docs for the Python exception of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegexError {
    /// An unbalanced `)`.
    Syntax,
    /// Any other bad pattern, or one past re1.5's size limits.
    TooComplex,
    /// Backtracking went deeper than [`Subject::max_depth`].
    RecursionLimit,
    /// The caller's `interrupted` said stop ([`Regex::exec_with`]).
    Interrupted,
}

impl RegexError {
    /// MicroPython's message for the exception.
    pub fn message(self) -> &'static str {
        match self {
            RegexError::Syntax => "error in regex",
            RegexError::TooComplex => "regex too complex",
            RegexError::RecursionLimit => "maximum recursion depth exceeded",
            RegexError::Interrupted => "",
        }
    }
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    prog: prog::Program,
}

/// What to match against: a window `start..end` of `text`, with offsets in bytes.
///
/// Out-of-range offsets are clamped as MicroPython clamps `pos` and `endpos`: `start` to
/// the text, `end` to `start..=len` (an `end` before `start` is an empty window at `start`).
#[derive(Clone, Copy, Debug)]
pub struct Subject<'t> {
    /// The whole text; `^` matches only at its offset 0.
    pub text: &'t [u8],
    /// Where `match` must match and `search` starts looking.
    pub start: usize,
    /// Where the text ends for the matcher (`$` matches here).
    pub end: usize,
    /// The text is a `str`: step over whole UTF-8 characters.
    pub unicode: bool,
    /// Backtracking frames allowed before [`RegexError::RecursionLimit`].
    pub max_depth: usize,
}

impl<'t> Subject<'t> {
    /// All of `text`, with [`DEFAULT_MAX_DEPTH`].
    pub fn new(text: &'t [u8], unicode: bool) -> Self {
        Subject { text, start: 0, end: text.len(), unicode, max_depth: DEFAULT_MAX_DEPTH }
    }

    /// The window, clamped to the text.
    fn window(&self) -> (usize, usize) {
        let start = self.start.min(self.text.len());
        (start, self.end.min(self.text.len()).max(start))
    }
}

impl Regex {
    /// Compile `pattern`. `unicode` says it is a `str` (see the module docs, "Text").
    pub fn compile(pattern: &[u8], unicode: bool) -> Result<Regex, RegexError> {
        Ok(Regex { prog: parse::compile(pattern, unicode)? })
    }

    /// Number of capturing groups, not counting group 0.
    pub fn groups(&self) -> usize {
        self.prog.groups
    }

    /// Run to completion: `anchored` for `match` (only at `subject.start`), otherwise a
    /// search from `subject.start` on. `Ok(None)` when there is no match.
    pub fn exec(&self, subject: &Subject, anchored: bool) -> Result<Option<Captures>, RegexError> {
        self.exec_with(subject, anchored, &mut || false)
    }

    /// [`Regex::exec`], asking `interrupted` every [`CHECK_EVERY`] steps whether to stop with
    /// [`RegexError::Interrupted`] (the VM asks its host about Ctrl-C).
    pub fn exec_with(
        &self,
        subject: &Subject,
        anchored: bool,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Result<Option<Captures>, RegexError> {
        exec::run(self, subject, anchored, interrupted)
    }
}
