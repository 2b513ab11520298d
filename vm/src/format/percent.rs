//! `%` formatting (`'%-5d|%s' % (x, y)`), as MicroPython's `str_modulo_format` does it.
//!
//! [`PercentParser`] walks the format string and yields literal text and [`Conversion`]s; the
//! VM fetches the arguments and calls [`format_percent`] for each conversion. Errors come out
//! in MicroPython's order when the VM handles each conversion like this:
//!
//! 1. `key` set: look it up in the dict (`KeyError`); from then on the dict counts as the one
//!    argument used.
//! 2. `width`/`precision` is [`Count::Star`]: take the next argument (`TypeError: format
//!    string needs more arguments` if none) as an int (`TypeError: can't convert float to
//!    int` and the like otherwise), truncated to a C `int`.
//! 3. [`Conversion::ensure_complete`] (`ValueError: incomplete format`).
//! 4. No key: take the next argument (`format string needs more arguments`).
//! 5. For `s` and `r` ([`Conversion::wants_text`]): [`pad_text`] with the value's `str()` or
//!    `repr()` text (a bytes format's `%s` of bytes takes the bytes as they are); for the
//!    others [`format_percent`] with the value.
//!
//! The format is walked as bytes, as MicroPython walks str and bytes formats alike: a bytes
//! format need not be UTF-8.
//!
//! At the end, unless every argument was used: `TypeError: format string didn't convert all
//! arguments`. When the right operand is a dict it is the single positional argument as well.

use alloc::format;
use alloc::string::String;

use super::num::float_to_int;
use super::pad::{Align, Pad};
use super::spec::{parse_c_int, print_number, push_char, Number};
use super::{FormatError, IntRef};

/// A width or precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    None,
    /// Written in the format; C `int` arithmetic, so huge values wrap.
    Fixed(i32),
    /// `*`: taken from the arguments.
    Star,
}

/// One `%...` conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion<'a> {
    /// The `name` of `%(name)s`.
    pub key: Option<&'a [u8]>,
    /// `-`: pad on the right.
    pub left: bool,
    /// `+`: sign for non-negative numbers.
    pub plus: bool,
    /// space: space for non-negative numbers.
    pub space: bool,
    /// `#`: `0x`/`0o` prefix.
    pub alternate: bool,
    /// `0`: zero padding after the sign.
    pub zero: bool,
    pub width: Count,
    pub precision: Count,
    /// The conversion character, `None` when the format ends first.
    /// A byte that does not start a UTF-8 character reads as U+FFFD, what a terminal shows
    /// for the raw byte MicroPython prints.
    pub conv: Option<char>,
    /// The conversion character's first byte, which MicroPython's error message shows.
    pub byte: u8,
    /// Byte index of the conversion character in the format (for error messages).
    pub index: usize,
}

/// Whether `%s` or `%r` wants the argument's `str()` or `repr()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    Str,
    Repr,
}

impl Conversion<'_> {
    /// No flags, no counts, conversion character at `index` still to be read.
    fn at(index: usize) -> Self {
        Conversion {
            key: None,
            left: false,
            plus: false,
            space: false,
            alternate: false,
            zero: false,
            width: Count::None,
            precision: Count::None,
            conv: None,
            byte: 0,
            index,
        }
    }

    /// Fails with `incomplete format` if the format ended before the conversion character.
    pub fn ensure_complete(&self) -> Result<char, FormatError> {
        self.conv.ok_or_else(|| FormatError::value("incomplete format"))
    }

    /// For `%s` and `%r`, which text of the argument [`format_percent`] expects.
    pub fn wants_text(&self) -> Option<TextKind> {
        match self.conv {
            Some('s') => Some(TextKind::Str),
            Some('r') => Some(TextKind::Repr),
            _ => None,
        }
    }
}

/// A piece of a `%` format string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text to copy (`%%` comes out as `"%"`).
    Literal(&'a [u8]),
    Conversion(Conversion<'a>),
}

/// Walks a `%` format string. `have_dict` says whether the right operand is a dict; without
/// one, `%(name)` fails with `TypeError: format needs a dict`.
#[derive(Debug, Clone)]
pub struct PercentParser<'a> {
    fmt: &'a [u8],
    pos: usize,
    have_dict: bool,
}

impl<'a> PercentParser<'a> {
    pub fn new(fmt: &'a [u8], have_dict: bool) -> Self {
        PercentParser { fmt, pos: 0, have_dict }
    }

    fn conversion(&mut self) -> Result<Piece<'a>, FormatError> {
        let s = self.fmt;
        let at = |i: usize| s.get(i).copied();
        // `self.pos` is just after the `%`.
        let mut i = self.pos;
        let mut conv = Conversion::at(i);
        if at(i) == Some(b'(') {
            if !self.have_dict {
                return Err(FormatError::type_error("format needs a dict"));
            }
            let key_start = i + 1;
            let Some(len) = s[key_start..].iter().position(|&c| c == b')') else {
                return Err(FormatError::value("incomplete format key"));
            };
            conv.key = Some(&s[key_start..key_start + len]);
            i = key_start + len + 1;
        }
        while let Some(c) = at(i) {
            match c {
                b'-' => conv.left = true,
                b'+' => conv.plus = true,
                b' ' => conv.space = true,
                b'#' => conv.alternate = true,
                b'0' => conv.zero = true,
                _ => break,
            }
            i += 1;
        }
        if at(i) == Some(b'*') {
            conv.width = Count::Star;
            i += 1;
        } else {
            let mut w = -1;
            let next = parse_c_int(s, i, &mut w);
            if next != i {
                conv.width = Count::Fixed(w);
            }
            i = next;
        }
        if at(i) == Some(b'.') {
            i += 1;
            if at(i) == Some(b'*') {
                conv.precision = Count::Star;
                i += 1;
            } else if i < s.len() {
                let mut p = 0;
                i = parse_c_int(s, i, &mut p);
                conv.precision = Count::Fixed(p);
            }
        }
        conv.index = i;
        conv.conv = s.get(i..).and_then(|rest| {
            let first = *rest.first()?;
            conv.byte = first;
            let head = rest.get(..crate::builtins::text::utf8_width(first)).unwrap_or(rest);
            Some(core::str::from_utf8(head).ok().and_then(|c| c.chars().next()).unwrap_or(char::REPLACEMENT_CHARACTER))
        });
        // Past the conversion character's first byte: one that is not ASCII is an error
        // (`unsupported format character`), so the walk ends there.
        self.pos = i + 1;
        Ok(Piece::Conversion(conv))
    }
}

impl<'a> Iterator for PercentParser<'a> {
    type Item = Result<Piece<'a>, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.fmt;
        let start = self.pos;
        if start >= s.len() {
            return None;
        }
        if s[start] != b'%' {
            let end = s[start..].iter().position(|&c| c == b'%').map_or(s.len(), |n| start + n);
            self.pos = end;
            return Some(Ok(Piece::Literal(&s[start..end])));
        }
        self.pos = start + 1;
        match s.get(start + 1) {
            None => Some(Ok(Piece::Conversion(Conversion::at(s.len())))),
            Some(b'%') => {
                self.pos = start + 2;
                Some(Ok(Piece::Literal(&s[start + 1..start + 2])))
            }
            Some(_) => {
                let piece = self.conversion();
                if piece.is_err() {
                    self.pos = s.len();
                }
                Some(piece)
            }
        }
    }
}

/// The value of a `%` argument, as far as formatting cares.
#[derive(Debug, Clone, Copy)]
pub enum PercentArg<'a> {
    /// An `int` or `bool`.
    Int(IntRef<'a>),
    Float(f64),
    /// A `str` object (for `%c`).
    Str(&'a str),
    /// Anything else, by its type name (for error messages).
    Other(&'a str),
}

impl PercentArg<'_> {
    fn type_name(&self) -> &str {
        match self {
            PercentArg::Int(_) => "int",
            PercentArg::Float(_) => "float",
            PercentArg::Str(_) => "str",
            PercentArg::Other(name) => name,
        }
    }

    fn int_error(&self) -> FormatError {
        FormatError::type_error(format!("can't convert {} to int", self.type_name()))
    }
}

/// Appends one conversion other than `s` and `r` (those are [`pad_text`]'s). `width` and
/// `precision` are the resolved counts (C `int`s; use -1 or any negative precision for "none",
/// and a negative width pads nothing).
pub fn format_percent(
    out: &mut String,
    conv: &Conversion,
    width: i32,
    precision: i32,
    arg: PercentArg,
) -> Result<(), FormatError> {
    let c = conv.ensure_complete()?;
    let pad = Pad {
        align: if conv.left { Align::Left } else { Align::Right },
        fill: if conv.zero { b'0' } else { b' ' },
        width,
        sep: 0,
    };
    pad.check()?;
    let text_pad = Pad { fill: b' ', ..pad };
    let sign = if conv.plus {
        b'+'
    } else if conv.space {
        b' '
    } else {
        0
    };
    match c {
        'c' => match arg {
            PercentArg::Str(s) if s.len() == 1 => {
                let start = out.len();
                out.push_str(s);
                text_pad.apply(out, start);
            }
            PercentArg::Str(_) => return Err(FormatError::type_error("%c needs int or char")),
            PercentArg::Int(v) => push_char(out, v, text_pad)?,
            _ => return Err(FormatError::type_error("integer needed")),
        },
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let is_float = matches!(c, 'e' | 'E' | 'f' | 'F' | 'g' | 'G');
            let ty = if matches!(c, 'i' | 'u') { b'd' } else { c as u8 };
            let owned;
            let v = match arg {
                PercentArg::Int(v) => Number::Int(v),
                PercentArg::Float(f) if is_float => Number::Float(f),
                PercentArg::Float(f) if ty == b'd' => {
                    owned = float_to_int(f)?;
                    Number::Int(owned.as_ref())
                }
                _ if is_float => {
                    return Err(FormatError::type_error(format!("can't convert {} to float", arg.type_name())))
                }
                _ => return Err(arg.int_error()),
            };
            if !is_float {
                // A precision zero-pads integers, so it costs memory like a width.
                Pad { width: precision, ..pad }.check()?;
            }
            print_number(out, v, ty, sign, conv.alternate, conv.zero, precision, precision, pad);
        }
        _ => {
            // MicroPython shows the first byte of a multi-byte character here; a Rust string
            // can only show the whole character.
            return Err(FormatError::value(format!(
                "unsupported format character '{}' (0x{}) at index {}",
                c, super::Hex(conv.byte as u64, 1), super::Dec(conv.index as i64)
            )));
        }
    }
    Ok(())
}

/// Fails with MicroPython's MemoryError when `width` cannot be honoured (as [`format_percent`]
/// does); call before [`pad_text`].
pub fn check_width(width: i32) -> Result<(), FormatError> {
    Pad { align: Align::Left, fill: b' ', width, sep: 0 }.check()
}

/// Appends `%s`/`%r`'s text: at most `precision` bytes of it (all if negative; backed off to a
/// character's start when `whole_chars`, as a str must be), padded with spaces to `width`
/// bytes, on the right for `-`.
pub fn pad_text(out: &mut alloc::vec::Vec<u8>, text: &[u8], conv: &Conversion, width: i32, precision: i32, whole_chars: bool) {
    let mut keep = text.len();
    if precision >= 0 && (precision as usize) < keep {
        keep = precision as usize;
        while whole_chars && crate::builtins::text::is_cont(text[keep]) {
            keep -= 1;
        }
    }
    let pad = (width as i64 - keep as i64).max(0) as usize;
    if !conv.left {
        out.resize(out.len() + pad, b' ');
    }
    out.extend_from_slice(&text[..keep]);
    if conv.left {
        out.resize(out.len() + pad, b' ');
    }
}
