//! Pattern → [`Program`], following re1.5's single-pass compiler (`compilecode.c`).
//!
//! re1.5 emits code as it reads and wraps the last "term" when a quantifier follows, by
//! inserting a split in front of it. Doing the same here (rather than building a syntax
//! tree) keeps every quirk MicroPython users can observe: `a|b|c` as a chain of splits,
//! `{` as a literal, `(?` other than `(?:` failing as "nothing to repeat", and the
//! 8-bit limits of re1.5's byte code. Groups are handled with an explicit stack, so a
//! deeply nested pattern cannot overflow the Rust stack.

use alloc::vec::Vec;

use super::prog::{char_at, ClassItem, Inst, Program, BODY, PREFIX};
use super::RegexError;

/// re1.5 stores counts, group slots and jump offsets in a signed byte.
const BYTE_MAX: usize = 127;

/// Compile state of one group nesting level (re1.5's locals in `_compilecode`).
struct Level {
    /// Where this level's code starts: `|` inserts its split here.
    start: usize,
    /// Where the last atom starts: a quantifier wraps `code[term..]`; `term == code.len()`
    /// means there is nothing to repeat.
    term: usize,
    /// The `Jmp` at the end of the previous alternative, patched at the next `|` or `)`.
    alt: Option<usize>,
    /// Capture group number, for the closing `Save`.
    group: Option<usize>,
}

struct Compiler<'p> {
    pat: &'p [u8],
    unicode: bool,
    code: Vec<Inst>,
    items: Vec<ClassItem>,
    groups: usize,
}

/// Compile `pattern`; `unicode` means it is a `str` (UTF-8), so a literal or set member is
/// a whole character and a quantifier after `é` repeats all of it.
///
/// Like MicroPython (which reads the pattern as a C string) the pattern ends at its first
/// NUL byte.
pub(super) fn compile(pattern: &[u8], unicode: bool) -> Result<Program, RegexError> {
    let pat = pattern.split(|&b| b == 0).next().unwrap_or_default();
    let mut c = Compiler { pat, unicode, code: Vec::from(PREFIX), items: Vec::new(), groups: 0 };
    c.code.push(Inst::Save(0));
    c.body()?;
    c.code.push(Inst::Save(1));
    c.code.push(Inst::Match);
    Ok(Program { code: c.code, items: c.items, groups: c.groups })
}

impl Compiler<'_> {
    fn at(&self, i: usize) -> Option<(u32, usize)> {
        char_at(self.pat, i, self.unicode)
    }

    /// Is the character at `i` the ASCII byte `b`?
    fn is(&self, i: usize, b: u8) -> bool {
        self.at(i).is_some_and(|(c, _)| c == u32::from(b))
    }

    fn body(&mut self) -> Result<(), RegexError> {
        let mut outer: Vec<Level> = Vec::new();
        let here = self.code.len();
        let mut lv = Level { start: here, term: here, alt: None, group: None };
        let mut i = 0;
        while let Some((ch, n)) = self.at(i) {
            let ascii = u8::try_from(ch).ok().filter(u8::is_ascii);
            i += n;
            match ascii {
                Some(b')') => {
                    self.close_alt(&lv);
                    let Some(up) = outer.pop() else {
                        // re1.5 stops at an unbalanced `)`; MicroPython then reports the
                        // leftover text as "error in regex" unless a limit already failed.
                        self.check_jumps()?;
                        return Err(RegexError::Syntax);
                    };
                    if let Some(g) = lv.group {
                        self.code.push(Inst::Save(slot(2 * g + 1)?));
                    }
                    lv = up;
                }
                Some(b'(') => {
                    lv.term = self.code.len();
                    let group = if self.is(i, b'?') && self.is(i + 1, b':') {
                        i += 2;
                        None
                    } else {
                        self.groups += 1;
                        self.code.push(Inst::Save(slot(2 * self.groups)?));
                        Some(self.groups)
                    };
                    let here = self.code.len();
                    outer.push(lv);
                    lv = Level { start: here, term: here, alt: None, group };
                }
                Some(q @ (b'?' | b'*' | b'+')) => {
                    if lv.term == self.code.len() {
                        return Err(RegexError::TooComplex); // nothing to repeat
                    }
                    let lazy = self.is(i, b'?');
                    if lazy {
                        i += 1;
                    }
                    self.repeat(lv.term, q, lazy);
                    lv.term = self.code.len();
                }
                Some(b'|') => {
                    self.close_alt(&lv);
                    self.code.insert(lv.start, Inst::Split(0));
                    self.code.push(Inst::Jmp(0));
                    lv.alt = Some(self.code.len() - 1);
                    self.code[lv.start] = Inst::Split(rel(lv.start, self.code.len()));
                    lv.term = self.code.len();
                }
                Some(anchor @ (b'^' | b'$')) => {
                    self.code.push(if anchor == b'^' { Inst::Bol } else { Inst::Eol });
                    lv.term = self.code.len();
                }
                Some(b'.') => {
                    lv.term = self.code.len();
                    self.code.push(Inst::Any);
                }
                Some(b'[') => {
                    lv.term = self.code.len();
                    i = self.class(i)?;
                }
                Some(b'\\') => {
                    lv.term = self.code.len();
                    let (esc, m) = self.at(i).ok_or(RegexError::TooComplex)?;
                    match u8::try_from(esc) {
                        Ok(name) if is_named(name) => self.code.push(Inst::Named(name)),
                        _ => self.literal(i, m),
                    }
                    i += m;
                }
                _ => {
                    lv.term = self.code.len();
                    self.literal(i - n, n);
                }
            }
        }
        if !outer.is_empty() {
            return Err(RegexError::TooComplex); // missing `)`
        }
        self.close_alt(&lv);
        self.check_jumps()
    }

    /// Emit the pattern's bytes `i..i + n` (one character) as literal bytes.
    fn literal(&mut self, i: usize, n: usize) {
        let bytes = self.pat.get(i..i + n).unwrap_or_default();
        for &b in bytes {
            self.code.push(Inst::Byte(b));
        }
    }

    /// Wrap `code[term..]` in quantifier `q` the way re1.5 does.
    fn repeat(&mut self, term: usize, q: u8, lazy: bool) {
        let split = |off| if lazy { Inst::RSplit(off) } else { Inst::Split(off) };
        match q {
            b'?' => {
                self.code.insert(term, Inst::Split(0));
                self.code[term] = split(rel(term, self.code.len()));
            }
            b'*' => {
                self.code.insert(term, Inst::Split(0));
                self.code.push(Inst::Jmp(rel(self.code.len(), term)));
                self.code[term] = split(rel(term, self.code.len()));
            }
            _ => {
                // `+`: the loop-back split, greedy when it prefers the jump.
                let back = rel(self.code.len(), term);
                self.code.push(if lazy { Inst::Split(back) } else { Inst::RSplit(back) });
            }
        }
    }

    /// Point the previous alternative's `Jmp` past the code emitted so far.
    fn close_alt(&mut self, lv: &Level) {
        if let Some(at) = lv.alt {
            let to = self.code.len();
            if let Some(inst) = self.code.get_mut(at) {
                *inst = Inst::Jmp(rel(at, to));
            }
        }
    }

    /// Compile the set whose text starts at `i` (just after `[`); returns the index after
    /// its `]`. Follows re1.5: `]` first closes an empty set, `-` makes a range unless
    /// `]` follows it, and the end of a range is taken as written, even a `\`.
    fn class(&mut self, mut i: usize) -> Result<usize, RegexError> {
        let negated = self.is(i, b'^');
        if negated {
            i += 1;
        }
        let first = self.items.len();
        loop {
            let (mut c, mut n) = self.at(i).ok_or(RegexError::TooComplex)?;
            if c == u32::from(b']') {
                i += n;
                break;
            }
            if c == u32::from(b'\\') {
                (c, n) = self.at(i + n).map(|(e, m)| (e, n + m)).ok_or(RegexError::TooComplex)?;
                if let Some(name) = u8::try_from(c).ok().filter(|&b| is_named(b)) {
                    self.items.push(ClassItem::Named(name));
                    i += n;
                    continue;
                }
            }
            i += n;
            let mut hi = c;
            if self.is(i, b'-') && !self.is(i + 1, b']') {
                let (end, m) = self.at(i + 1).ok_or(RegexError::TooComplex)?;
                hi = end;
                i += 1 + m;
            }
            self.items.push(ClassItem::Range(c, hi));
        }
        let len = self.items.len() - first;
        let (Ok(len), Ok(first)) = (u8::try_from(len), u32::try_from(first)) else {
            return Err(RegexError::TooComplex);
        };
        if usize::from(len) > BYTE_MAX {
            return Err(RegexError::TooComplex);
        }
        self.code.push(Inst::Class { first, len, negated });
        Ok(i)
    }

    /// Reject the program if any jump would not fit re1.5's signed byte offset.
    fn check_jumps(&self) -> Result<(), RegexError> {
        let mut addr = Vec::with_capacity(self.code.len() + 1);
        let mut at = 0;
        for inst in &self.code {
            addr.push(at);
            at += inst.re15_size();
        }
        addr.push(at);
        for (i, inst) in self.code.iter().enumerate().skip(BODY) {
            let (Inst::Split(off) | Inst::RSplit(off) | Inst::Jmp(off)) = *inst else {
                continue;
            };
            let to =
                isize::try_from(off).ok().and_then(|o| i.checked_add_signed(o)).and_then(|t| addr.get(t));
            let from = addr.get(i).map(|a| a + 2);
            let fits = match (to, from) {
                (Some(&to), Some(from)) => to.abs_diff(from) <= BYTE_MAX + usize::from(to < from),
                _ => false,
            };
            if !fits {
                return Err(RegexError::TooComplex);
            }
        }
        Ok(())
    }
}

/// `\d \D \s \S \w \W`: the escapes that name a class rather than quote a character.
fn is_named(b: u8) -> bool {
    matches!(b, b'd' | b'D' | b's' | b'S' | b'w' | b'W')
}

/// Capture slot `n` as stored in the program; re1.5 allows 63 groups.
fn slot(n: usize) -> Result<u8, RegexError> {
    u8::try_from(n).ok().filter(|&s| usize::from(s) <= BYTE_MAX).ok_or(RegexError::TooComplex)
}

/// Offset from instruction `from` to `to` (indexes of a `Vec`, so their difference fits an
/// `i64`). A program of more than `i32::MAX` instructions fails the jump check, if memory
/// ever held one: a saturated offset points past it.
fn rel(from: usize, to: usize) -> i32 {
    i32::try_from(to as i64 - from as i64).unwrap_or(i32::MAX)
}
