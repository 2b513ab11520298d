//! Float to text the way MicroPython's `mp_format_float` does it on a 64-bit unix build.
//!
//! The digits come from scaling by a power of ten in `long double` (module `ext80`) and rounding the
//! result to an integer mantissa. When more digits are allowed than a double surely needs, 16 are
//! tried first and one more is added until MicroPython's own parser reads the text back to the
//! same float: that is why `'%.20f' % 0.1` ends in zeros and `repr` is not always the shortest
//! text. Output is bounded by the C buffer MicroPython formats into: precision beyond what fits
//! is dropped, and `'f'` becomes `'g'` when the integer part alone would not fit.

use alloc::string::String;

use super::decimal::parse_unsigned;
use super::ext80::Ext;

/// The `buf_size` MicroPython's printing gives `mp_format_float` (found by experiment: the
/// longest outputs are 32 bytes, sign included).
pub(crate) const PRINT_BUF: usize = 33;
/// Significant digits a `u64` mantissa holds; more are printed as zeros.
const MAX_DIGITS: i32 = 19;
/// Digits tried first when more are allowed: enough for most doubles to read back exactly.
const SAFE_DIGITS: i32 = 16;
/// Room for `+9e+199` (sign, digit, exponent).
const MIN_BUF: i32 = 7;
/// In `repr`, exponents below this are written out in full (CPython switches at 1e16 too).
const REPR_EXP_ZEROS: i32 = 16;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    E,
    F,
    G,
}

/// How many digits to produce: a `printf` precision (negative means the default 6), or
/// `repr`'s "as many as it takes".
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Prec {
    Digits(i32),
    Repr,
}

/// Scratch space for the unsigned part of one number. Writes past the end are dropped, so odd
/// inputs can only truncate, never panic; MicroPython never needs more than its 32 bytes.
struct Buf {
    bytes: [u8; 64],
    len: usize,
}

impl Buf {
    fn new() -> Buf {
        Buf { bytes: [0; 64], len: 0 }
    }

    fn put(&mut self, at: usize, b: u8) {
        if let Some(slot) = self.bytes.get_mut(at) {
            *slot = b;
        }
    }

    fn get(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    /// Appends at `*s` and advances it.
    fn push(&mut self, s: &mut usize, b: u8) {
        self.put(*s, b);
        *s += 1;
    }

    fn text(&self) -> &[u8] {
        &self.bytes[..self.len.min(self.bytes.len())]
    }
}

/// Appends `f` formatted with `fmt` (one of `eEfFgG`) as MicroPython's `mp_format_float` would
/// into a buffer of `buf_size` bytes, writing `sign` (`b'+'`, `b' '`, or 0 for none) before
/// numbers that are not negative.
pub(crate) fn format_float(out: &mut String, f: f64, fmt: u8, prec: Prec, sign: u8, buf_size: usize) {
    let mut room = buf_size.min(64) as i64;
    let mut f = f;
    let mut sign = sign;
    if f.is_sign_negative() && !f.is_nan() {
        f = -f;
        sign = b'-';
    }
    if sign != 0 {
        out.push(sign as char);
        room -= 1;
    }
    let lower = fmt & 0x20 != 0;
    if f.is_infinite() || f.is_nan() {
        let word = if f.is_nan() { "nan" } else { "inf" };
        out.push_str(match (lower, f.is_nan()) {
            (true, _) => word,
            (false, true) => "NAN",
            (false, false) => "INF",
        });
        return;
    }
    let mut mode = match fmt | 0x20 {
        b'f' => Mode::F,
        b'g' => Mode::G,
        _ => Mode::E,
    };
    let (mut prec, max_exp_zeros) = match prec {
        Prec::Repr => (MAX_DIGITS as i64, REPR_EXP_ZEROS as i64),
        Prec::Digits(p) => {
            // C ints, widened so that no sum below can overflow.
            let p = if p < 0 { 6 } else { p as i64 };
            (p, p.min(room - 3))
        }
    };
    let e = decimal_exponent(f) as i64;
    if mode == Mode::F && e > 0 && e + prec + 2 > room {
        mode = Mode::G;
        prec += 1;
    }

    // The digit budget: significant digits to compute, and zeros to write around them.
    let mut max_digits = prec;
    let mut lead_zeros = 0;
    let mut trail_zeros = 0;
    if mode == Mode::F {
        max_digits = max_digits.min(room - 3);
        if e < 0 {
            if max_digits > 2 && e < -2 {
                lead_zeros = (-e).min(max_digits) - 2;
                max_digits -= lead_zeros;
            } else {
                max_digits += 1;
            }
        } else {
            max_digits += e + 1;
        }
    } else if mode != Mode::G || max_digits == 0 {
        max_digits += 1;
    }
    if max_digits > MAX_DIGITS as i64 {
        trail_zeros = max_digits - MAX_DIGITS as i64;
        max_digits = MAX_DIGITS as i64;
    }
    let overhead = if mode == Mode::F { 3 } else { MIN_BUF as i64 + 1 };
    trail_zeros = trail_zeros.min(room - max_digits - overhead).max(0);

    let layout = Layout { mode, lower, max_exp_zeros: max_exp_zeros as i32, e: e as i32 };
    let mut num_digits = (SAFE_DIGITS as i64).min(max_digits);
    loop {
        let mut buf = Buf::new();
        let mut s = 0;
        let extra_zeros = trail_zeros + (max_digits - num_digits);
        let mut dec = 0;
        let decexp = if f == 0.0 {
            0
        } else if mode == Mode::F {
            if e < 0 {
                if lead_zeros > 0 {
                    s = prepend_zeros(&mut buf, s, lead_zeros);
                    dec = DEC_NONE;
                    num_digits - 1 + lead_zeros + 1
                } else {
                    num_digits - 1
                }
            } else {
                dec = e;
                num_digits - 1 - e
            }
        } else {
            num_digits - e - 1
        };
        let mut cap: u64 = 10;
        for _ in 1..num_digits {
            cap = cap.wrapping_mul(10);
        }
        let mantissa = Ext::from_f64(f).decimal_exp(decexp).add(Ext::HALF).trunc_u64();
        let digits = Digits {
            mantissa,
            cap,
            num_digits: num_digits as i32,
            trailing_zeros: extra_zeros as i32,
            dec: dec as i32,
        };
        buf.len = layout.write(&mut buf, s, digits);
        if num_digits < max_digits && parse_unsigned(buf.text()).map(|(v, _)| v) != Some(f) {
            num_digits += 1;
            continue;
        }
        for &b in buf.text() {
            out.push(b as char);
        }
        return;
    }
}

/// `dec` value meaning "the decimal point is already written".
const DEC_NONE: i64 = 255;

/// The power of ten of the leading digit, found as MicroPython does: a guess from the binary
/// exponent, corrected by comparing with powers of ten narrowed to `f64`.
fn decimal_exponent(f: f64) -> i32 {
    if f == 0.0 {
        return 0;
    }
    let binary_exp = ((f.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    let mut e = (binary_exp as f64 * core::f64::consts::LOG10_2) as i32;
    let up = f >= 1.0;
    let power = |e: i32| Ext::ONE.decimal_exp((e + up as i32) as i64).to_f64();
    let mut base = power(e);
    while (f >= base) == up {
        e += if up { 1 } else { -1 };
        base = power(e);
    }
    e
}

/// Writes `0.` and `count` zeros at `s`; returns the new end.
fn prepend_zeros(buf: &mut Buf, mut s: usize, count: i64) -> usize {
    buf.push(&mut s, b'0');
    buf.push(&mut s, b'.');
    for _ in 0..count.max(0) {
        buf.push(&mut s, b'0');
    }
    s
}

/// What stays fixed while the digit count is being searched.
struct Layout {
    mode: Mode,
    lower: bool,
    max_exp_zeros: i32,
    e: i32,
}

/// One candidate: an integer mantissa of `num_digits` digits (`cap` is 10^num_digits), zeros to
/// append, and `dec`, the index of the digit the decimal point follows.
struct Digits {
    mantissa: u64,
    cap: u64,
    num_digits: i32,
    trailing_zeros: i32,
    dec: i32,
}

impl Layout {
    /// Renders a mantissa at `s` (MicroPython's `mp_format_mantissa`); returns the end.
    fn write(&self, buf: &mut Buf, mut s: usize, d: Digits) -> usize {
        let Digits { mut mantissa, cap, mut num_digits, mut trailing_zeros, mut dec } = d;
        let mut e = self.e;
        if mantissa != 0 && mantissa >= cap {
            // Rounding carried into a new leading digit.
            if self.mode == Mode::F {
                num_digits += 1;
                dec += 1;
            } else {
                mantissa /= 10;
                e += 1;
            }
        }
        if self.mode == Mode::G && e != 0 {
            if e > 0 {
                if e < self.max_exp_zeros {
                    dec += e;
                    if dec >= num_digits {
                        trailing_zeros = dec - (num_digits - 1);
                    }
                    e = 0;
                }
            } else if e >= -4 {
                let mut dropped = 0;
                while e < 0 && mantissa % 10 == 0 {
                    mantissa /= 10;
                    dropped += 1;
                    e += 1;
                }
                num_digits -= dropped;
                s = prepend_zeros(buf, s, (dropped - e - 1) as i64);
                dec = DEC_NONE as i32;
                e = 0;
            }
        }
        let num_digits = num_digits.max(0);
        for digit in (0..num_digits).rev() {
            let at = if digit > dec { digit + 1 } else { digit };
            buf.put(s + at as usize, b'0' + (mantissa % 10) as u8);
            mantissa /= 10;
        }
        let mut dot = dec >= DEC_NONE as i32;
        if dec + 1 < num_digits {
            dot = true;
            s += 1;
            buf.put(s + dec.max(0) as usize, b'.');
        }
        s += num_digits as usize;
        if trailing_zeros > 0 {
            dec -= num_digits - 1;
            for _ in 0..trailing_zeros {
                if dec == 0 {
                    buf.push(&mut s, b'.');
                    dot = true;
                }
                dec -= 1;
                buf.push(&mut s, b'0');
            }
        }
        if self.mode == Mode::G && dot {
            while s > 0 && buf.get(s - 1) == b'0' {
                s -= 1;
            }
            if s > 0 && buf.get(s - 1) == b'.' {
                s -= 1;
            }
        }
        if (e != 0 || self.mode == Mode::E) && self.mode != Mode::F {
            buf.push(&mut s, if self.lower { b'e' } else { b'E' });
            buf.push(&mut s, if e < 0 { b'-' } else { b'+' });
            let e = e.unsigned_abs();
            if e >= 100 {
                buf.push(&mut s, b'0' + (e / 100 % 10) as u8);
            }
            buf.push(&mut s, b'0' + (e / 10 % 10) as u8);
            buf.push(&mut s, b'0' + (e % 10) as u8);
        }
        s
    }
}

/// Appends `repr(f)` (also `str(f)`): 16 significant digits, or 17 to 19 if MicroPython's own
/// parser would not read 16 back to `f`, trailing zeros dropped; an exponent below 1e-4 and
/// from 1e16 on; `.0` after integral values. Subnormals keep MicroPython's quirks
/// (`1e-320` prints as `0.999988867182683e-320`).
pub fn float_repr(out: &mut String, f: f64) {
    let start = out.len();
    format_float(out, f, b'g', Prec::Repr, 0, PRINT_BUF);
    let tail = &out.as_bytes()[start..];
    use crate::builtins::text;
    if !(text::has(tail, b'.') || text::has(tail, b'e') || text::has(tail, b'n')) {
        out.push_str(".0");
    }
}

/// Appends `repr` of the complex number `real + imag*j`: `2j` when the real part is zero
/// (either sign), else `(1+2j)`; the parts print like floats but without the added `.0`.
pub fn complex_repr(out: &mut String, real: f64, imag: f64) {
    if real == 0.0 {
        format_float(out, imag, b'g', Prec::Repr, 0, PRINT_BUF);
        out.push('j');
    } else {
        out.push('(');
        format_float(out, real, b'g', Prec::Repr, 0, PRINT_BUF);
        if !imag.is_sign_negative() || imag.is_nan() {
            out.push('+');
        }
        format_float(out, imag, b'g', Prec::Repr, 0, PRINT_BUF);
        out.push_str("j)");
    }
}
