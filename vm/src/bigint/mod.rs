//! Arbitrary-precision integers: the `int` values beyond `i64` (small ints stay unboxed in
//! `Value::Int`; only overflow comes here).
//!
//! Our own rather than num-bigint, for size: MicroPython's `mpz.c` is the model (sign and
//! magnitude, schoolbook multiplication, Knuth's division, square-and-multiply `pow`), and
//! what Python needs of it fits in a fraction of num-bigint's wasm bytes. Digits are `u32`
//! with `u64` intermediates: native on wasm32 and riscv32, and half the loop trips of `u16`.
//!
//! The rooms: `mag` (unsigned digit-slice arithmetic), `div` (Knuth D, floor division,
//! `pow` with a modulus), `bits` (shifts, two's-complement `& | ^ ~`, bytes), `radix`
//! (text), `float` (`f64` both ways), `ops` (the operator traits).

mod bits;
mod div;
mod float;
mod mag;
mod ops;
mod radix;
#[cfg(test)]
mod tests;

use alloc::vec::Vec;
use core::cmp::Ordering;

/// An integer of any size: a sign and the magnitude's base-2^32 digits, least significant
/// first. Invariants: no zero digit at the top, and zero (no digits) is never negative, so
/// the derived equality is numeric equality.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BigInt {
    neg: bool,
    mag: Vec<u32>,
}

impl BigInt {
    /// A value from a sign and digits, normalized.
    fn new(neg: bool, mut mag: Vec<u32>) -> BigInt {
        mag::trim(&mut mag);
        BigInt { neg: neg && !mag.is_empty(), mag }
    }

    pub fn zero() -> BigInt {
        BigInt::default()
    }

    pub fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    pub fn is_negative(&self) -> bool {
        self.neg
    }

    pub fn is_odd(&self) -> bool {
        self.mag.first().is_some_and(|d| d & 1 == 1)
    }

    pub fn abs(&self) -> BigInt {
        BigInt { neg: false, mag: self.mag.clone() }
    }

    /// The number of bits of the magnitude (0 for zero), as `int.bit_length()` counts them.
    pub fn bits(&self) -> u64 {
        match self.mag.last() {
            Some(top) => self.mag.len() as u64 * 32 - u64::from(top.leading_zeros()),
            None => 0,
        }
    }

    /// The magnitude's base-2^32 digits, least significant first.
    pub fn digits(&self) -> &[u32] {
        &self.mag
    }

    /// The low 64 bits of the magnitude.
    fn low_mag(&self) -> u64 {
        let digit = |i: usize| u64::from(self.mag.get(i).copied().unwrap_or(0));
        digit(0) | digit(1) << 32
    }

    /// The low 64 bits in two's complement (what C's cast to `uint64_t` keeps).
    pub fn low_u64(&self) -> u64 {
        if self.neg {
            self.low_mag().wrapping_neg()
        } else {
            self.low_mag()
        }
    }

    pub fn to_u64(&self) -> Option<u64> {
        (!self.neg && self.mag.len() <= 2).then(|| self.low_mag())
    }

    pub fn to_i64(&self) -> Option<i64> {
        if self.mag.len() > 2 {
            return None;
        }
        let m = self.low_mag();
        if self.neg {
            (m <= 1 << 63).then(|| (m as i64).wrapping_neg())
        } else {
            i64::try_from(m).ok()
        }
    }

    /// The value as MicroPython's machine word (`mp_obj_get_int`): a magnitude below 2^63, so
    /// not -2^63, which MicroPython refuses with an OverflowError.
    pub fn to_word(&self) -> Option<i64> {
        self.to_i64().filter(|&i| i != i64::MIN)
    }

    pub fn to_u32(&self) -> Option<u32> {
        self.to_u64().and_then(|v| u32::try_from(v).ok())
    }
}

impl From<u64> for BigInt {
    fn from(v: u64) -> BigInt {
        BigInt::new(false, alloc::vec![v as u32, (v >> 32) as u32])
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> BigInt {
        let mut b = BigInt::from(v.unsigned_abs());
        b.neg = v < 0;
        b
    }
}

impl From<u32> for BigInt {
    fn from(v: u32) -> BigInt {
        BigInt::from(u64::from(v))
    }
}

impl From<i32> for BigInt {
    fn from(v: i32) -> BigInt {
        BigInt::from(i64::from(v))
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &BigInt) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => mag::cmp(&self.mag, &other.mag),
            (true, true) => mag::cmp(&other.mag, &self.mag),
        }
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &BigInt) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
