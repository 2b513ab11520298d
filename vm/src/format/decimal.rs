//! Unsigned decimal text to `f64`, exactly as MicroPython's `mp_parse_float_internal` does it.
//!
//! MicroPython keeps at most about 19 significant digits in a `u64` (later digits only move the
//! exponent, unrounded), then scales by a power of ten in `long double`. That is not correctly
//! rounded, and both `float()` and the round-trip check inside float printing depend on the
//! result, so it is reproduced here rather than replaced by `str::parse`.

use super::ext80::Ext;

/// Once the mantissa reaches this, further digits are ignored (they would overflow it).
const MANTISSA_MAX: u64 = 0x1999_9999_9999_9998;
/// Exponent digits stop accumulating here; the value is then 0 or infinity anyway.
const EXP_LIMIT: i64 = (i32::MAX as i64 / 2 - 9) / 10;

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Int,
    Frac,
    Exp,
}

/// Parses digits, `.`, `_` and an exponent from the start of `s`. Returns the value and the
/// number of bytes used (parsing stops at the first byte that does not fit), or `None` when an
/// exponent marker is the last thing in `s` (`"1e"`, `"1e+"`), which MicroPython rejects.
pub(crate) fn parse_unsigned(s: &[u8]) -> Option<(f64, usize)> {
    let mut part = Part::Int;
    let mut exp_neg = false;
    let mut mantissa: u64 = 0;
    let mut exp_val: i64 = 0;
    let mut exp_extra: i64 = 0;
    // Zeros are held back until a non-zero digit follows, so trailing ones cost no precision.
    let mut zeros_int: i64 = 0;
    let mut zeros_frac: i64 = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        i += 1;
        if c.is_ascii_digit() {
            let dig = (c - b'0') as u64;
            if part == Part::Exp {
                if exp_val < EXP_LIMIT {
                    exp_val = 10 * exp_val + dig as i64;
                }
            } else if dig == 0 || mantissa >= MANTISSA_MAX {
                if part == Part::Int {
                    zeros_int += 1;
                } else {
                    zeros_frac += 1;
                }
            } else {
                while zeros_int > 0 {
                    mantissa = accept_digit(mantissa, 0, &mut exp_extra, Part::Int);
                    zeros_int -= 1;
                }
                while zeros_frac > 0 {
                    mantissa = accept_digit(mantissa, 0, &mut exp_extra, Part::Frac);
                    zeros_frac -= 1;
                }
                mantissa = accept_digit(mantissa, dig, &mut exp_extra, part);
            }
        } else if part == Part::Int && c == b'.' {
            part = Part::Frac;
        } else if part != Part::Exp && c | 0x20 == b'e' {
            part = Part::Exp;
            match s.get(i) {
                Some(b'+') => i += 1,
                Some(b'-') => {
                    i += 1;
                    exp_neg = true;
                }
                _ => {}
            }
            if i == s.len() {
                return None;
            }
        } else if c == b'_' {
            continue;
        } else {
            i -= 1;
            break;
        }
    }
    if exp_neg {
        exp_val = -exp_val;
    }
    exp_val += exp_extra + zeros_int;
    Some((Ext::from_u64(mantissa).decimal_exp(exp_val).to_f64(), i))
}

fn accept_digit(mantissa: u64, dig: u64, exp_extra: &mut i64, part: Part) -> u64 {
    if mantissa < MANTISSA_MAX {
        if part == Part::Frac {
            *exp_extra -= 1;
        }
        10 * mantissa + dig
    } else {
        if part == Part::Int {
            *exp_extra += 1;
        }
        mantissa
    }
}

#[cfg(test)]
mod tests {
    use super::parse_unsigned;

    fn val(s: &str) -> f64 {
        parse_unsigned(s.as_bytes()).map(|(v, _)| v).unwrap_or(-1.0)
    }

    #[test]
    fn matches_micropython_including_its_rounding() {
        assert_eq!(val("0.1"), 0.1);
        assert_eq!(val("1e23"), 1e23);
        assert_eq!(val("1_000.5"), 1000.5);
        assert_eq!(val("e5"), 0.0);
        assert_eq!(val("."), 0.0);
        // MicroPython drops digits past the 19th without rounding: this lands on the tie below.
        assert_eq!(val("9007199254740993.0000000000001"), 9007199254740992.0);
        assert_eq!(val("2.4703282292062328e-324"), 5e-324);
        assert_eq!(val("2.4703282292062327e-324"), 0.0);
        assert_eq!(val("1e-400"), 0.0);
        assert_eq!(val("1e400"), f64::INFINITY);
        assert_eq!(val("1e99999999999999999999"), f64::INFINITY);
        assert!(parse_unsigned(b"1e").is_none());
        assert!(parse_unsigned(b"1e-").is_none());
        assert_eq!(parse_unsigned(b"1.5x"), Some((1.5, 3)));
        assert_eq!(parse_unsigned(b"1e1.5"), Some((10.0, 3)));
    }
}
