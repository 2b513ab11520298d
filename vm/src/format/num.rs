//! Float and integer conversions and float arithmetic with Python semantics, matching
//! MicroPython's results (including where they differ from CPython's).

use crate::bigint::BigInt;

use super::{FormatError, Int, IntRef};

/// `float(v)` for an int. Big values are accumulated 16 bits at a time in `f64`, as
/// MicroPython's `mpz_as_float` does: results can be off by one rounding step from the exact
/// conversion, and too-large values give infinity rather than an OverflowError.
pub fn int_to_f64(v: IntRef) -> f64 {
    match v {
        IntRef::Small(n) => n as f64,
        IntRef::Big(b) => {
            let mut val = 0.0;
            for digit in b.digits().iter().rev() {
                val = val * 65536.0 + (digit >> 16) as f64;
                val = val * 65536.0 + (digit & 0xffff) as f64;
            }
            if b.is_negative() {
                -val
            } else {
                val
            }
        }
    }
}

/// 2^63: the first float beyond `i64`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// `int(f)`: truncates towards zero, exactly for any finite size.
pub fn float_to_int(f: f64) -> Result<Int, FormatError> {
    if f.is_nan() {
        return Err(FormatError::value("can't convert NaN to int"));
    }
    if f.is_infinite() {
        return Err(FormatError::overflow("can't convert inf to int"));
    }
    let t = libm::trunc(f);
    if t.abs() < TWO_POW_63 {
        return Ok(Int::Small(t as i64));
    }
    // |t| >= 2^63: an integer mantissa times a power of two.
    let bits = t.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    let magnitude = BigInt::from(mantissa) << exp as usize;
    Ok(Int::Big(if t < 0.0 { -magnitude } else { magnitude }))
}

/// `round(f)` with no digits: to the nearest integer, halves to even.
pub fn round_to_int(f: f64) -> Result<Int, FormatError> {
    float_to_int(libm::rint(f))
}

/// `round(v, ndigits)` for an int: unchanged for `ndigits >= 0`, else to the nearest multiple
/// of `10**-ndigits`, halves to even.
pub fn int_round(v: IntRef, ndigits: i64) -> Int {
    let value = match v {
        IntRef::Small(n) => BigInt::from(n),
        IntRef::Big(b) => b.clone(),
    };
    if ndigits >= 0 {
        return Int::from_big(value);
    }
    // A power of ten two digits longer than the value rounds it to zero; skip computing it.
    let digits = value.bits() * 31 / 100 + 1;
    let places = ndigits.unsigned_abs();
    if places > digits + 1 {
        return Int::Small(0);
    }
    let mult = BigInt::from(10).pow(places as u32);
    let half = &mult >> 1;
    let (floor, modulo) = value.div_mod_floor(&mult);
    let rounded = &value - &modulo;
    let up = match modulo.cmp(&half) {
        core::cmp::Ordering::Less => false,
        core::cmp::Ordering::Greater => true,
        core::cmp::Ordering::Equal => floor.is_odd(),
    };
    Int::from_big(if up { rounded + mult } else { rounded })
}

/// `round(f, ndigits)`: MicroPython computes `rint(f * 10**n) / 10**n` in `f64`, so
/// `round(2.675, 2)` is 2.68 and very large or small `n` give nan.
pub fn float_round(f: f64, ndigits: i64) -> f64 {
    let mult = pow10(ndigits);
    libm::rint(f * mult) / mult
}

/// `10.0 ** n` as the C library's `pow` returns it: correctly rounded except at the two exact
/// ties glibc rounds up.
fn pow10(n: i64) -> f64 {
    match n {
        23 => f64::from_bits(0x44b5_2d02_c7e1_4af7),
        210 => f64::from_bits(0x6b88_557f_3132_6bbc),
        _ if n > 308 => f64::INFINITY,
        _ if n < -343 => 0.0,
        // Correctly rounded (double-double `pow`), like glibc's, without core's decimal parser
        // and its tables in the wasm build.
        _ => crate::builtins::modules::math::accurate::pow(10.0, n as f64),
    }
}

/// C's `fmod(x, y)`: `x - trunc(x / y) * y`, which is exact. The same special cases as the libm
/// crate's, whose version divides in `u128` and so brings compiler_builtins' 1 KB `u128_div_rem`
/// into the wasm; here the significands' remainder is taken a bit at a time in `u64`.
pub fn fmod(x: f64, y: f64) -> f64 {
    const SIGN: u64 = 1 << 63;
    const EXP: u64 = 0x7ff << 52;
    let (sx, ux, uy) = (x.to_bits() & SIGN, x.to_bits() & !SIGN, y.to_bits() & !SIGN);
    // NaN or infinite x, NaN or zero y.
    if ux & EXP == EXP || uy.wrapping_sub(1) & EXP == EXP {
        // The NaN C's fmod makes (sign and payload), as libm's does.
        #[allow(clippy::eq_op)]
        return (x * y) / (x * y);
    }
    if ux < uy {
        return x;
    }
    // The significand with its implicit bit, and the exponent field less one (0 if subnormal).
    let split = |u: u64| {
        let sat = u.saturating_sub(1 << 52);
        (u - (sat & EXP), (sat >> 52) as u32)
    };
    let ((mut r, ex), (d, ey)) = (split(ux), split(uy));
    // (r << (ex - ey)) % d, keeping r below d < 2^53 so that r << 1 fits.
    r %= d;
    for _ in ey..ex {
        r <<= 1;
        if r >= d {
            r -= d;
        }
    }
    if r == 0 {
        return f64::from_bits(sx);
    }
    let shift = ey.min(52 - r.ilog2());
    f64::from_bits(sx | ((r << shift) + (u64::from(ey - shift) << 52)))
}

/// Python's float `divmod(x, y)` as MicroPython computes it; `None` when `y` is zero (the VM
/// raises `ZeroDivisionError: divide by zero`).
pub fn float_divmod(x: f64, y: f64) -> Option<(f64, f64)> {
    if y == 0.0 {
        return None;
    }
    let mut m = fmod(x, y);
    let mut div = (x - m) / y;
    if m == 0.0 {
        m = libm::copysign(0.0, y);
    } else if (m < 0.0) != (y < 0.0) {
        m += y;
        div -= 1.0;
    }
    let floordiv = if div == 0.0 {
        libm::copysign(0.0, x / y)
    } else {
        let mut fl = libm::floor(div);
        if div - fl > 0.5 {
            fl += 1.0;
        }
        fl
    };
    Some((floordiv, m))
}

/// Python's float `x // y`; `None` when `y` is zero.
pub fn float_floordiv(x: f64, y: f64) -> Option<f64> {
    float_divmod(x, y).map(|(q, _)| q)
}

/// Python's float `x % y` (the result takes the sign of `y`); `None` when `y` is zero.
pub fn float_mod(x: f64, y: f64) -> Option<f64> {
    if y == 0.0 {
        return None;
    }
    let m = fmod(x, y);
    Some(if m == 0.0 {
        libm::copysign(0.0, y)
    } else if (m < 0.0) != (y < 0.0) {
        m + y
    } else {
        m
    })
}

/// `hash(f)` as MicroPython's unix port computes it: the value truncated to an integer, then
/// narrowed to a 63-bit small int; nan, infinities and values beyond 2^63 hash to 0. Integral
/// floats hash like the equal int whenever that int is a small int.
pub fn float_hash(f: f64) -> i64 {
    // C's (int64_t) conversion; out-of-range values give INT64_MIN on x86-64.
    let v = if f.is_nan() || !(-TWO_POW_63..TWO_POW_63).contains(&f) { i64::MIN } else { f as i64 };
    (v << 1) >> 1
}

#[cfg(test)]
mod tests {
    /// Every power `round` can ask for is the correctly rounded one (core's parser is exact),
    /// apart from glibc's two ties.
    #[test]
    fn pow10_is_correctly_rounded() {
        for n in -343..=308i64 {
            let want: f64 = alloc::format!("1e{n}").parse().unwrap();
            if n != 23 && n != 210 {
                assert_eq!(super::pow10(n).to_bits(), want.to_bits(), "10**{n}");
            }
        }
    }
}
