//! The format-spec mini-language of `str.format` and f-strings:
//! `[[fill]align][sign][#][0][width][,|_][.precision][type]`, with MicroPython's reading of it.
//!
//! MicroPython differs from CPython in ways programs can see, all kept here: precision is
//! ignored for integers, `,`/`_` is ignored for floats and strings except that it shapes zero
//! padding, sign, `#` and `0` are accepted (and ignored) for strings, `z` is rejected, widths are
//! counted in UTF-8 bytes, and error messages are MicroPython's.
//!
//! An empty spec (`'{}'`, `'{:}'`, `f'{x:}'`) means `str(x)`: the VM does that itself rather
//! than calling [`format_with_spec`].

use alloc::format;
use alloc::string::String;

use super::float::{format_float, Prec, PRINT_BUF};
use super::int::{print_int, IntStyle};
use super::num::int_to_f64;
use super::pad::{Align, Pad};
use super::{FormatError, IntRef};

/// A parsed spec. Width and precision are C `int`s parsed with wrap-around, as MicroPython
/// parses them; -1 means absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatSpec {
    pub fill: Option<u8>,
    /// One of `<`, `>`, `=`, `^`.
    pub align: Option<u8>,
    /// `+`, `-`, space, or `None`.
    pub sign: Option<u8>,
    /// `#`.
    pub alternate: bool,
    /// A `0` before the width.
    pub zero: bool,
    pub width: i32,
    /// `,` or `_`.
    pub grouping: Option<u8>,
    pub precision: i32,
    /// One of `bcdeEfFgGnosxX%`.
    pub ty: Option<u8>,
}

/// The value being formatted, as far as formatting cares.
#[derive(Debug, Clone, Copy)]
pub enum FormatArg<'a> {
    /// An `int` or a `bool` (as 0 or 1).
    Int(IntRef<'a>),
    Float(f64),
    /// A `str` (or the text of a `bytes`, which formats the same way).
    Str(&'a str),
    /// Anything else; only its type name matters (for the error).
    Other,
}

impl FormatSpec {
    /// Parses the text after `:` (with any nested `{}` already substituted). A NUL byte ends
    /// the spec, as in MicroPython's C string handling.
    pub fn parse(spec: &str) -> Result<FormatSpec, FormatError> {
        let bytes = spec.as_bytes();
        let s = match bytes.iter().position(|&b| b == 0) {
            Some(end) => &bytes[..end],
            None => bytes,
        };
        let at = |i: usize| s.get(i).copied().unwrap_or(0);
        let is_align = |c: u8| matches!(c, b'<' | b'>' | b'=' | b'^');
        let mut spec = FormatSpec {
            fill: None,
            align: None,
            sign: None,
            alternate: false,
            zero: false,
            width: -1,
            grouping: None,
            precision: -1,
            ty: None,
        };
        let mut i = 0;
        if is_align(at(0)) {
            spec.align = Some(at(0));
            i = 1;
        } else if at(0) != 0 && is_align(at(1)) {
            spec.fill = Some(at(0));
            spec.align = Some(at(1));
            i = 2;
        }
        if matches!(at(i), b'+' | b'-' | b' ') {
            spec.sign = Some(at(i));
            i += 1;
        }
        if at(i) == b'#' {
            spec.alternate = true;
            i += 1;
        }
        spec.zero = at(i) == b'0';
        i = parse_c_int(s, i, &mut spec.width);
        if matches!(at(i), b',' | b'_') {
            spec.grouping = Some(at(i));
            i += 1;
        }
        if at(i) == b'.' {
            i = parse_c_int(s, i + 1, &mut spec.precision);
        }
        if crate::builtins::text::has(b"bcdeEfFgGnosxX%", at(i)) && at(i) != 0 {
            spec.ty = Some(at(i));
            i += 1;
        }
        if i < s.len() {
            return Err(FormatError::value("invalid format specifier"));
        }
        Ok(spec)
    }
}

/// Reads decimal digits at `i` into `num` (only if there is at least one), wrapping like a C
/// `int`; returns the index after them.
pub(crate) fn parse_c_int(s: &[u8], mut i: usize, num: &mut i32) -> usize {
    if s.get(i).is_some_and(u8::is_ascii_digit) {
        *num = 0;
        while let Some(&c) = s.get(i).filter(|c| c.is_ascii_digit()) {
            *num = num.wrapping_mul(10).wrapping_add((c - b'0') as i32);
            i += 1;
        }
    }
    i
}

/// Appends `arg` formatted by `spec`; `type_name` is the Python type name of the value (for
/// error messages, e.g. `int`, `bool`, `float`, `list`).
pub fn format_with_spec(
    out: &mut String,
    arg: FormatArg,
    type_name: &str,
    spec: &FormatSpec,
) -> Result<(), FormatError> {
    let numeric = matches!(arg, FormatArg::Int(_) | FormatArg::Float(_));
    let mut align = spec.align;
    let mut fill = spec.fill;
    if spec.zero {
        if align.is_none() && numeric {
            align = Some(b'=');
        }
        fill.get_or_insert(b'0');
    }
    let align = align.unwrap_or(if numeric { b'>' } else { b'<' });
    let sign = match spec.sign {
        Some(b'+') => b'+',
        Some(b' ') => b' ',
        _ => 0,
    };
    let ty = spec.ty.unwrap_or(0);
    if sign != 0 && ty == b's' {
        return Err(FormatError::value("sign not allowed in string format specifier"));
    }
    if sign != 0 && ty == b'c' {
        return Err(FormatError::value("sign not allowed with integer format specifier 'c'"));
    }
    let pad = Pad {
        align: match align {
            b'<' => Align::Left,
            b'^' => Align::Center,
            _ => Align::Right,
        },
        fill: fill.unwrap_or(b' '),
        width: spec.width,
        sep: spec.grouping.unwrap_or(0),
    };
    pad.check()?;
    let after_sign = align == b'=';
    let unknown =
        || FormatError::value(format!("unknown format code '{}' for object of type '{}'", ty as char, type_name));

    let value = match arg {
        FormatArg::Int(v) if ty == b'c' => return push_char(out, v, pad),
        FormatArg::Int(v) => Number::Int(v),
        FormatArg::Float(f) => Number::Float(f),
        FormatArg::Str(_) | FormatArg::Other => {
            if after_sign {
                return Err(FormatError::value("'=' alignment not allowed in string format specifier"));
            }
            if ty != 0 && ty != b's' {
                return Err(unknown());
            }
            let FormatArg::Str(text) = arg else {
                return Err(FormatError::type_error(format!("can't convert '{}' object to str implicitly", type_name)));
            };
            let start = out.len();
            out.push_str(truncate_bytes(text, spec.precision));
            pad.apply(out, start);
            return Ok(());
        }
    };
    let ty = match (ty, value) {
        (0 | b'n', Number::Int(_)) => b'd',
        (0 | b'n', Number::Float(_)) => b'g',
        _ => ty,
    };
    if !print_number(out, value, ty, sign, spec.alternate, after_sign, 0, spec.precision, pad) {
        return Err(unknown());
    }
    Ok(())
}

/// A number for [`print_number`].
#[derive(Clone, Copy)]
pub(crate) enum Number<'a> {
    Int(IntRef<'a>),
    Float(f64),
}

/// Appends `v` as type code `ty` (`bdoxX` print ints only, `eEfFgG%` ints and floats), the
/// part `format()` and `%` share; `int_prec` is `%`'s minimum digit count, `prec` a float's
/// precision. False (and nothing written) when `ty` does not print this kind of number.
#[allow(clippy::too_many_arguments)]
pub(crate) fn print_number(
    out: &mut String,
    v: Number,
    ty: u8,
    sign: u8,
    prefix: bool,
    after_sign: bool,
    int_prec: i32,
    prec: i32,
    pad: Pad,
) -> bool {
    let (base, upper) = match ty {
        b'b' => (2, false),
        b'd' => (10, false),
        b'o' => (8, false),
        b'x' => (16, false),
        b'X' => (16, true),
        _ => (0, false),
    };
    let f = match v {
        Number::Int(v) if base != 0 => {
            print_int(out, v, IntStyle { base, upper, sign, prefix, after_sign, prec: int_prec }, pad);
            return true;
        }
        Number::Int(v) => int_to_f64(v),
        Number::Float(f) => f,
    };
    let (fmt, f) = match ty {
        b'%' => (b'f', f * 100.0),
        b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => (ty, f),
        _ => return false,
    };
    print_float(out, f, fmt, FloatStyle { sign, prec, percent: ty == b'%', after_sign }, pad);
    true
}

/// The longest prefix of `text` of at most `prec` bytes (all of it if `prec` is negative).
/// MicroPython cuts at the byte; a cut inside a character backs off to its start here, since a
/// Rust string cannot hold half a character.
fn truncate_bytes(text: &str, prec: i32) -> &str {
    if prec < 0 || prec as usize >= text.len() {
        return text;
    }
    let mut end = prec as usize;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The character with code `v`, for `{:c}` and `%c`. Surrogates, which a Rust string cannot
/// hold, become U+FFFD (MicroPython stores their 3-byte encoding).
pub(crate) fn push_char(out: &mut String, v: IntRef, pad: Pad) -> Result<(), FormatError> {
    // MicroPython's machine word holds magnitudes below 2^63 only.
    let code = match v {
        IntRef::Small(n) => Some(n),
        IntRef::Big(b) => b.to_i64(),
    }
    .filter(|&n| n != i64::MIN)
    .ok_or_else(|| FormatError::overflow("overflow converting long int to machine word"))?;
    if !(0..0x110000).contains(&code) {
        return Err(FormatError::overflow("char not in range(0x110000)"));
    }
    let start = out.len();
    out.push(char::from_u32(code as u32).unwrap_or('\u{fffd}'));
    pad.apply(out, start);
    Ok(())
}

/// The float-specific part of `mp_print_float`'s arguments.
#[derive(Clone, Copy)]
pub(crate) struct FloatStyle {
    pub sign: u8,
    pub prec: i32,
    /// Multiply-by-100 already done; append `%`.
    pub percent: bool,
    /// Padding goes between the sign and the digits.
    pub after_sign: bool,
}

/// Appends `f` as MicroPython's `mp_print_float` does: formatted within its buffer ([`PRINT_BUF`]),
/// then padded (after the sign for `=` alignment).
pub(crate) fn print_float(out: &mut String, f: f64, fmt: u8, style: FloatStyle, pad: Pad) {
    let start = out.len();
    format_float(out, f, fmt, Prec::Digits(style.prec), style.sign, PRINT_BUF);
    if style.percent {
        out.push('%');
    }
    let mut pad = pad;
    let mut text_start = start;
    if style.after_sign && out.as_bytes().get(start).is_some_and(|&b| b < b'0') {
        text_start += 1;
        pad.width = pad.width.saturating_sub(1);
    }
    pad.apply(out, text_start);
}
