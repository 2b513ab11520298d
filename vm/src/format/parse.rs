//! `int()`, `float()` and `complex()` of text, with MicroPython's rules and error messages.
//!
//! Inputs are bytes because `int()` and `float()` also accept `bytes`; pass `s.as_bytes()`.
//! Whitespace is ASCII only (space, `\t\n\v\f\r`).

use alloc::format;

use crate::bigint::BigInt;

use super::decimal::parse_unsigned;
use super::Dec;
use super::{push_quoted_bytes, FormatError, Int};

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn skip_spaces(s: &[u8], mut i: usize) -> usize {
    while s.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

/// Digit value of an ASCII letter or digit, any case.
fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 10),
        b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
        _ => None,
    }
}

/// Largest value MicroPython keeps as a small int; beyond it parsing restarts as a big int.
const SMALL_MAX: u64 = (1 << 62) - 1;

/// `int(text, base)`. Base 0 reads a `0x`/`0o`/`0b` prefix (and then allows only zeros after a
/// leading `0`); base 16, 8 and 2 also accept their own prefix. Underscores may appear anywhere
/// among the digits while the value read so far is below 2^62 (a MicroPython small int); past
/// that MicroPython rereads the digits as a big int, which stops at an underscore, so
/// `int('1_' + '0' * 20)` fails as it does there. The result is `Int::Small` whenever it fits.
pub fn parse_int(text: &[u8], base: u32) -> Result<Int, FormatError> {
    if (base != 0 && base < 2) || base > 36 {
        return Err(FormatError::value("int() arg 2 must be >= 2 and <= 36"));
    }
    let s = text;
    let mut i = skip_spaces(s, 0);
    let mut neg = false;
    match s.get(i) {
        Some(b'+') => i += 1,
        Some(b'-') => {
            neg = true;
            i += 1;
        }
        _ => {}
    }
    let (base, skip) = base_prefix(&s[i..], base);
    i += skip;
    let digits_start = i;

    let mut value: u64 = 0;
    let mut big = None;
    while let Some(&c) = s.get(i) {
        if c == b'_' {
            i += 1;
            continue;
        }
        let Some(d) = digit_value(c).filter(|&d| d < base) else { break };
        match value.checked_mul(base as u64).and_then(|v| v.checked_add(d as u64)) {
            Some(v) if v <= SMALL_MAX => value = v,
            _ => {
                let (v, end) = parse_big(s, digits_start, base);
                big = Some(v);
                i = end;
                break;
            }
        }
        i += 1;
    }
    let error = || {
        let mut msg = format!("invalid syntax for integer with base {}: ", Dec(if base == 1 { 0 } else { base as i64 }));
        push_quoted_bytes(&mut msg, &s[digits_start..]);
        FormatError::value(msg)
    };
    if i == digits_start {
        return Err(error());
    }
    if skip_spaces(s, i) != s.len() {
        return Err(error());
    }
    Ok(match big {
        Some(v) => Int::from_big(if neg { -v } else { v }),
        None if neg => Int::Small(-(value as i64)),
        None => Int::Small(value as i64),
    })
}

/// Resolves the base from a prefix; returns it and the prefix length. A base-0 number that
/// starts with `0` and no prefix gets "base 1", which admits only zeros (`int('017', 0)` fails
/// and reports base 0).
fn base_prefix(s: &[u8], base: u32) -> (u32, usize) {
    if s.len() <= 1 {
        return (if base == 0 { 10 } else { base }, 0);
    }
    let marker = s[1] | 0x20;
    match (base, s[0]) {
        (0 | 16, b'0') if marker == b'x' => (16, 2),
        (0, b'0') if marker == b'o' => (8, 2),
        (0, b'0') if marker == b'b' => (2, 2),
        (0, b'0') => (1, 0),
        (8, b'0') if marker == b'o' => (8, 2),
        (2, b'0') if marker == b'b' => (2, 2),
        (0, _) => (10, 0),
        _ => (base, 0),
    }
}

/// MicroPython's big-int reparse: digits only (an underscore ends the number).
fn parse_big(s: &[u8], start: usize, base: u32) -> (BigInt, usize) {
    let mut end = start;
    while s.get(end).and_then(|&c| digit_value(c)).is_some_and(|d| d < base) {
        end += 1;
    }
    let v = BigInt::parse_bytes(&s[start..end], base).unwrap_or_default();
    (v, end)
}

/// `float(text)`: optional sign, then `inf`, `infinity`, `nan` (any case) or a decimal number
/// with `_` allowed anywhere among its digits, surrounded by optional whitespace. The value is
/// what MicroPython's parser computes (see the `decimal` module), not always the closest float.
pub fn parse_float(text: &[u8]) -> Result<f64, FormatError> {
    let (value, i) = parse_real(text, 0).ok_or_else(syntax_error)?;
    if skip_spaces(text, i) != text.len() {
        return Err(syntax_error());
    }
    Ok(value)
}

fn syntax_error() -> FormatError {
    FormatError::value("invalid syntax for number")
}

/// One signed real number at `i` (after whitespace); returns it and where it ends, or `None`
/// if nothing was parsed or an exponent has no digits.
fn parse_real(s: &[u8], i: usize) -> Option<(f64, usize)> {
    let (value, end, start) = parse_part(s, i)?;
    (end != start).then_some((value, end))
}

/// Sign and unsigned value; returns `(value, end, start of the unsigned part)`.
fn parse_part(s: &[u8], i: usize) -> Option<(f64, usize, usize)> {
    let mut i = skip_spaces(s, i);
    let mut neg = false;
    match s.get(i) {
        Some(b'+') => i += 1,
        Some(b'-') => {
            neg = true;
            i += 1;
        }
        _ => {}
    }
    let start = i;
    let word = |at: usize, w: &[u8]| {
        s.len() - at > w.len() - 1 && s[at..at + w.len()].iter().zip(w).all(|(c, w)| c | 0x20 == *w)
    };
    let (value, end) = if word(i, b"inf") {
        let after = i + 3;
        (f64::INFINITY, if word(after, b"inity") { after + 5 } else { after })
    } else if word(i, b"nan") {
        (f64::NAN, i + 3)
    } else {
        let (v, used) = parse_unsigned(&s[i..])?;
        (v, i + used)
    };
    Some((if neg { -value } else { value }, end, start))
}

/// `complex(text)`: `1+2j`, `-3.5j`, `j`, `inf+nanj`, or a plain real; returns
/// `(real, imag)`. Spaces are allowed around the whole and before the second part's sign.
pub fn parse_complex(text: &[u8]) -> Result<(f64, f64), FormatError> {
    let s = text;
    let mut real = 0.0;
    let mut have_real = false;
    let mut i = 0;
    loop {
        let (mut value, mut end, start) = parse_part(s, i).ok_or_else(syntax_error)?;
        let imag = s.get(end).is_some_and(|&c| c | 0x20 == b'j');
        if imag {
            if end == start {
                value = if value.is_sign_negative() { -1.0 } else { 1.0 };
            }
            end += 1;
        }
        if end == start {
            return Err(syntax_error());
        }
        let end = skip_spaces(s, end);
        if end != s.len() {
            if !imag && !have_real {
                real = value;
                have_real = true;
                i = end;
                continue;
            }
            return Err(syntax_error());
        }
        return match (have_real, imag) {
            (true, false) => Err(syntax_error()),
            (_, true) => Ok((real, value)),
            (false, false) => Ok((value, 0.0)),
        };
    }
}
