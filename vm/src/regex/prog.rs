//! The compiled program shared by the compiler ([`super::parse`]) and the matcher
//! ([`super::exec`]), plus the one character decoder both use.
//!
//! The instruction set is re1.5's, one enum value per re1.5 instruction, in the same order:
//! that is what makes MicroPython's observable quirks (which alternative wins, which
//! iteration a group reports, where the recursion limit trips, which patterns are "too
//! complex") come out the same without special cases.

/// One instruction. Jump targets are relative to the instruction's own index: re1.5 builds
/// `*`, `?` and `|` by inserting code in front of an already compiled piece, and relative
/// targets stay valid across such an insertion, exactly as its relative byte offsets do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Inst {
    /// Match this byte (re1.5 `Char`; a multi-byte character is several of these).
    Byte(u8),
    /// Match any one character, newline included.
    Any,
    /// Match one character against `len` items of [`Program::items`] from `first`.
    Class {
        first: u32,
        len: u8,
        negated: bool,
    },
    /// `\d \D \s \S \w \W` outside a class; the letter is kept as written.
    Named(u8),
    /// Record the current position in capture slot `n` (group `n / 2`, start or end).
    Save(u8),
    /// Try the next instruction first, then the target (greedy).
    Split(i32),
    /// Try the target first, then the next instruction (lazy).
    RSplit(i32),
    Jmp(i32),
    /// `^`: only at the very start of the text, whatever position a search starts from.
    Bol,
    /// `$`: only at the end of the searched window (no "before a final newline").
    Eol,
    Match,
}

/// One member of a `[...]` set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ClassItem {
    /// Inclusive character range (a single character is `Range(c, c)`).
    Range(u32, u32),
    /// A named class (`\d`, `\W`, ...) written inside the set.
    Named(u8),
}

/// The search prefix re1.5 puts in front of every program: `RSplit body; Any; Jmp back`.
/// A search runs from index 0, a match from [`BODY`], so both share one program, and a
/// search uses one more backtracking frame than a match, as in MicroPython.
pub(super) const PREFIX: [Inst; 3] = [Inst::RSplit(3), Inst::Any, Inst::Jmp(-2)];
/// Where an anchored match starts (the `Save 0` after the prefix).
pub(super) const BODY: usize = PREFIX.len();

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Program {
    pub code: alloc::vec::Vec<Inst>,
    pub items: alloc::vec::Vec<ClassItem>,
    /// Capturing groups, not counting group 0.
    pub groups: usize,
}

impl Inst {
    /// Size of the instruction in re1.5's byte code, from which its 8-bit jump limits
    /// (and so MicroPython's "regex too complex" errors) are reproduced.
    pub(super) fn re15_size(self) -> usize {
        match self {
            Inst::Any | Inst::Bol | Inst::Eol | Inst::Match => 1,
            Inst::Class { len, .. } => 2 + 2 * usize::from(len),
            _ => 2,
        }
    }
}

/// Does the named class letter (`d D s S w W`) accept code point `c`? Lower case accepts
/// members, upper case the rest; like MicroPython, membership is ASCII only.
pub(super) fn named_matches(name: u8, c: u32) -> bool {
    let member = match name | 0x20 {
        b'd' => matches!(c, 0x30..=0x39),
        b's' => c == 0x20 || matches!(c, 0x09..=0x0d),
        _ => matches!(c, 0x30..=0x39 | 0x41..=0x5a | 0x61..=0x7a | 0x5f),
    };
    member == name.is_ascii_lowercase()
}

/// The character at `s[i..]` and its length in bytes, or `None` at the end.
///
/// Without `unicode` every byte is a character. With it, a well-formed UTF-8 sequence is
/// one character; any other byte stands for itself, so malformed input still advances.
pub(super) fn char_at(s: &[u8], i: usize, unicode: bool) -> Option<(u32, usize)> {
    let lead = *s.get(i)?;
    if !unicode || lead < 0x80 {
        return Some((u32::from(lead), 1));
    }
    let (len, init) = match lead {
        0xc2..=0xdf => (2, lead & 0x1f),
        0xe0..=0xef => (3, lead & 0x0f),
        0xf0..=0xf4 => (4, lead & 0x07),
        _ => return Some((u32::from(lead), 1)),
    };
    let mut cp = u32::from(init);
    for k in 1..len {
        match s.get(i + k) {
            Some(&b) if b & 0xc0 == 0x80 => cp = (cp << 6) | u32::from(b & 0x3f),
            _ => return Some((u32::from(lead), 1)),
        }
    }
    Some((cp, len))
}
