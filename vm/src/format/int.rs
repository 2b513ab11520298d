//! Integer text: `str`, `bin`, `oct`, `hex`, and the padded forms `format()` and `%` need
//! (MicroPython's `mp_obj_int_formatted` and `mp_print_mp_int`).

use alloc::string::String;

use crate::bigint::BigInt;

use super::pad::{Align, Pad};
use super::IntRef;

/// Appends `str(v)`. Machine integers are written without allocating.
pub fn int_to_str(out: &mut String, v: IntRef) {
    int_to_str_radix(out, v, 10, false);
}

/// Appends `v` in `radix` (2 to 36, lower-case digits), as `bin`/`oct`/`hex` print it when
/// `prefix` is set: the sign comes first (`-0x1f`), and radix 2, 8 and 16 get `0b`, `0o`, `0x`.
/// Other radixes have no prefix. A radix outside 2..=36 is treated as 10.
pub fn int_to_str_radix(out: &mut String, v: IntRef, radix: u32, prefix: bool) {
    let base = if matches!(radix, 2..=36) { radix } else { 10 };
    let style = IntStyle { base, upper: false, sign: 0, prefix, after_sign: false, prec: 0 };
    print_int(out, v, style, Pad { align: Align::Right, fill: b' ', width: 0, sep: 0 });
}

pub(crate) fn is_negative(v: IntRef) -> bool {
    match v {
        IntRef::Small(n) => n < 0,
        IntRef::Big(b) => b.is_negative(),
    }
}

/// Appends the digits of `|v|`; `sep` (if not 0) separates groups of 3 digits in base 10 and
/// of 4 in other bases.
fn push_magnitude(out: &mut String, v: IntRef, radix: u32, upper: bool, sep: u8) {
    let group = if radix == 10 { 3 } else { 4 };
    let mut buf = [0u8; 64];
    let big;
    let digits = match v {
        IntRef::Small(n) => {
            let at = small_digits(&mut buf, n.unsigned_abs(), radix, 1);
            &buf[at..]
        }
        IntRef::Big(b) => {
            big = b.magnitude_str_radix(radix);
            big.as_bytes()
        }
    };
    let first = digits.len() % group;
    for (i, &c) in digits.iter().enumerate() {
        if sep != 0 && i != 0 && (i + group - first) % group == 0 {
            out.push(sep as char);
        }
        out.push(if upper { c.to_ascii_uppercase() } else { c } as char);
    }
}

/// Writes the lower-case digits of `m` at the end of `buf` (64 binary digits fit), at least
/// `min` of them (zero-filled), and returns where they start.
fn small_digits(buf: &mut [u8; 64], mut m: u64, radix: u32, min: usize) -> usize {
    let mut at = buf.len();
    loop {
        at -= 1;
        let d = (m % radix as u64) as u8;
        buf[at] = if d < 10 { b'0' + d } else { b'a' - 10 + d };
        m /= radix as u64;
        if m == 0 && buf.len() - at >= min.min(64) {
            break;
        }
    }
    at
}

/// A machine integer as message and repr text: `{}` of `Dec(n)` writes what `{}` of `n` would.
/// It and [`Hex`] go through [`small_digits`], so core's integer `Display`/`LowerHex` per width
/// and `Formatter::pad_integral` stay out of the build (issue 5). Both ignore the formatter's
/// width and fill: give them none.
#[derive(Clone, Copy)]
pub struct Dec(pub i64);

/// Lower-case hex of at least `.1` digits, zero-filled: `Hex(n, 2)` writes what `{:02x}` would.
#[derive(Clone, Copy)]
pub struct Hex(pub u64, pub u8);

impl core::fmt::Display for Dec {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write_small(f, self.0.unsigned_abs(), self.0 < 0, 10, 1)
    }
}

impl core::fmt::Display for Hex {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write_small(f, self.0, false, 16, self.1)
    }
}

fn write_small(f: &mut core::fmt::Formatter<'_>, m: u64, negative: bool, radix: u32, min: u8) -> core::fmt::Result {
    if negative {
        f.write_str("-")?;
    }
    let mut buf = [0u8; 64];
    let at = small_digits(&mut buf, m, radix, min as usize);
    f.write_str(core::str::from_utf8(&buf[at..]).unwrap_or(""))
}

/// What `mp_print_mp_int` is told besides the value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IntStyle {
    pub base: u32,
    pub upper: bool,
    /// `+` or space before non-negative values, or 0.
    pub sign: u8,
    /// `#`: `0b`/`0o`/`0x`.
    pub prefix: bool,
    /// `=` alignment or the `0` flag: padding goes between sign/prefix and digits.
    pub after_sign: bool,
    /// `%`'s precision: minimum digits, zero-filled (values below 2 do nothing).
    pub prec: i32,
}

/// Appends `v` padded as MicroPython's `mp_print_mp_int` does it.
pub(crate) fn print_int(out: &mut String, v: IntRef, style: IntStyle, pad: Pad) {
    let IntStyle { base, upper, sign, prefix, mut after_sign, mut prec } = style;
    let mut pad = pad;
    if pad.align == Align::Right && pad.fill == b'0' {
        // A zero fill already gives the digits; precision only widens it.
        pad.width = pad.width.max(prec);
        prec = 0;
    }
    let mut head = [0u8; 4];
    let mut head_len = 0;
    if !is_negative(v) && sign != 0 {
        head[head_len] = sign;
        head_len += 1;
    }
    if prefix {
        let letter = match base {
            2 => b'b',
            8 => b'o',
            16 if upper => b'X',
            16 => b'x',
            _ => 0,
        };
        if letter != 0 {
            head[head_len] = b'0';
            head[head_len + 1] = letter;
            head_len += 2;
        }
    }
    let head = core::str::from_utf8(&head[..head_len]).unwrap_or("");
    if prec > 1 {
        after_sign = true;
    }
    let negative = is_negative(v);

    // The padded digits, with sign and prefix in front unless padding goes between them.
    let mut spaces_before = 0;
    let mut spaces_after = 0;
    if prec > 1 {
        let mut prec_width = digit_text_len(v, base, pad.sep).max(prec);
        if after_sign {
            prec_width += negative as i32 + head.len() as i32;
        }
        if prec_width < pad.width {
            if pad.align == Align::Left {
                spaces_after = pad.width - prec_width;
            } else {
                spaces_before = pad.width - prec_width;
            }
        }
        pad.fill = b'0';
        if pad.align == Align::Left {
            pad.align = Align::Right;
        }
    }
    push_spaces(out, spaces_before);
    let start;
    if after_sign {
        if negative {
            out.push('-');
            pad.width = pad.width.saturating_sub(1);
        }
        out.push_str(head);
        pad.width = pad.width.saturating_sub(head.len() as i32);
        start = out.len();
        push_magnitude(out, v, base, upper, pad.sep);
    } else {
        start = out.len();
        if negative {
            out.push('-');
        }
        out.push_str(head);
        push_magnitude(out, v, base, upper, pad.sep);
    }
    if prec > 1 {
        pad.width = prec;
    }
    pad.apply(out, start);
    push_spaces(out, spaces_after);
}

fn push_spaces(out: &mut String, n: i32) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// Length of the digits of `|v|` with separators (no sign, no prefix).
fn digit_text_len(v: IntRef, base: u32, sep: u8) -> i32 {
    let digits = match v {
        IntRef::Small(n) => {
            let mut m = n.unsigned_abs();
            let mut d = 1;
            while m >= base as u64 {
                m /= base as u64;
                d += 1;
            }
            d
        }
        IntRef::Big(b) => big_digit_count(b, base),
    };
    let group = if base == 10 { 3 } else { 4 };
    let seps = if sep != 0 { (digits - 1) / group } else { 0 };
    (digits + seps) as i32
}

fn big_digit_count(b: &BigInt, base: u32) -> usize {
    match base {
        2 | 8 | 16 => {
            let bits_per = base.trailing_zeros() as u64;
            (b.bits().max(1)).div_ceil(bits_per) as usize
        }
        _ => b.magnitude_str_radix(base).len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use crate::bigint::BigInt;

    fn radix(v: i64, r: u32) -> String {
        let mut s = String::new();
        int_to_str_radix(&mut s, IntRef::Small(v), r, true);
        let big = BigInt::from(v) * BigInt::from(1u64 << 40) * BigInt::from(1u64 << 40);
        let mut b = String::new();
        int_to_str_radix(&mut b, IntRef::Big(&big), r, true);
        s.push(' ');
        s.push_str(&b);
        s
    }

    #[test]
    fn radix_text_matches_bin_oct_hex() {
        assert_eq!(radix(-31, 16), "-0x1f -0x1f00000000000000000000");
        assert_eq!(radix(5, 2).split(' ').next(), Some("0b101"));
        assert_eq!(radix(8, 8).split(' ').next(), Some("0o10"));
        assert_eq!(radix(0, 16), "0x0 0x0");
        let mut s = String::new();
        int_to_str(&mut s, IntRef::Small(i64::MIN));
        assert_eq!(s, i64::MIN.to_string());
    }

    /// `Dec` and `Hex` write what core's `{}` and `{:0Nx}` write, which the message sites used before.
    #[test]
    fn num_matches_core_formatting() {
        use alloc::format;
        for n in [0, 1, -1, 9, 10, -10, 99, 100, 12345, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(format!("{}", Dec(n)), format!("{}", n));
        }
        for n in [0u64, 1, 0xf, 0x10, 0x7f, 0xff, 0x100, 0xabcd, 0x1_0000, u64::MAX] {
            for w in [1u8, 2, 4] {
                assert_eq!(format!("{}", Hex(n, w)), format!("{:0w$x}", n, w = w as usize));
            }
        }
    }
}
