//! Text: digits in any radix from 2 to 36 both ways, `Display` and `FromStr` in decimal.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{mag, BigInt};

/// The largest power of `radix` that fits a digit, and its exponent.
fn chunk(radix: u32) -> (u32, usize) {
    let (mut p, mut n) = (radix, 1);
    while let Some(next) = p.checked_mul(radix) {
        p = next;
        n += 1;
    }
    (p, n)
}

impl BigInt {
    /// Parses an optional sign and then digits in `radix` (2 to 36, either case); `None` for
    /// anything else, an empty digit string included.
    pub fn parse_bytes(text: &[u8], radix: u32) -> Option<BigInt> {
        let (neg, digits) = match text {
            [b'-', rest @ ..] => (true, rest),
            [b'+', rest @ ..] => (false, rest),
            _ => (false, text),
        };
        if digits.is_empty() || !matches!(radix, 2..=36) {
            return None;
        }
        let (_, per) = chunk(radix);
        // Room for the value at once (each digit holds at most `ilog2(radix) + 1` bits).
        let mut m = Vec::with_capacity(digits.len() * (radix.ilog2() as usize + 1) / 32 + 1);
        for group in digits.chunks(per) {
            let mut scale = 1u32;
            let mut value = 0u32;
            for &c in group {
                let d = char::from(c).to_digit(radix)?;
                scale *= radix;
                value = value * radix + d;
            }
            mag::mul_small_add(&mut m, scale, value);
        }
        Some(BigInt::new(neg, m))
    }

    /// At most how many digits the magnitude has in `radix` (each holds `ilog2(radix)` bits or
    /// more).
    pub fn digits_bound(&self, radix: u32) -> usize {
        let radix = if matches!(radix, 2..=36) { radix } else { 10 };
        usize::try_from(self.bits() / radix.ilog2() as u64).unwrap_or(usize::MAX).saturating_add(1)
    }

    /// Bytes converting to text in `radix` takes from the allocator at most, a caller's copy of
    /// the value included: the digits, and copies of the magnitude. Checked before converting,
    /// since the conversion allocates infallibly.
    pub fn text_work(&self, radix: u32) -> usize {
        self.digits_bound(radix).saturating_add(self.mag.len() * 8)
    }

    /// The magnitude's digits in `radix` (2 to 36; anything else is taken as 10), lower case,
    /// no sign.
    pub fn magnitude_str_radix(&self, radix: u32) -> String {
        let radix = if matches!(radix, 2..=36) { radix } else { 10 };
        if self.is_zero() {
            return String::from("0");
        }
        let digit = |d: u32| b"0123456789abcdefghijklmnopqrstuvwxyz"[d as usize % 36];
        let mut out = Vec::with_capacity(self.digits_bound(radix));
        if radix.is_power_of_two() {
            let k = radix.trailing_zeros() as u64;
            let mask = radix - 1;
            let mut at = 0;
            while at < self.bits() {
                let (i, s) = ((at / 32) as usize, (at % 32) as u32);
                let mut v = self.mag[i] >> s;
                if s + k as u32 > 32 {
                    v |= self.mag.get(i + 1).map_or(0, |&h| h << (32 - s));
                }
                out.push(digit(v & mask));
                at += k;
            }
        } else {
            let (p, n) = chunk(radix);
            let mut m = self.mag.clone();
            while !m.is_empty() {
                let mut r = mag::div_small(&mut m, p);
                for _ in 0..n {
                    out.push(digit(r % radix));
                    r /= radix;
                    if m.is_empty() && r == 0 {
                        break;
                    }
                }
            }
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.neg {
            f.write_str("-")?;
        }
        f.write_str(&self.magnitude_str_radix(10))
    }
}

impl fmt::Debug for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl core::str::FromStr for BigInt {
    type Err = ();

    fn from_str(s: &str) -> Result<BigInt, ()> {
        BigInt::parse_bytes(s.as_bytes(), 10).ok_or(())
    }
}
