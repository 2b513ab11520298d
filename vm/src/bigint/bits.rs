//! Bits: shifts, `& | ^ ~` with two's-complement meaning on negatives (as Python defines
//! them), and the magnitude as bytes.

use alloc::vec::Vec;

use super::{mag, BigInt};

/// `a << s` for `s < 32`; the result has one more digit when bits carry out.
pub(super) fn shl_digits(a: &[u32], s: u32) -> Vec<u32> {
    if s == 0 {
        return a.to_vec();
    }
    let mut r = Vec::with_capacity(a.len() + 1);
    let mut carry = 0u32;
    r.extend(a.iter().map(|&d| {
        let v = d << s | carry;
        carry = d >> (32 - s);
        v
    }));
    if carry != 0 {
        r.push(carry);
    }
    r
}

/// `a >> s` for `s < 32`, trimmed.
pub(super) fn shr_digits(a: &[u32], s: u32) -> Vec<u32> {
    let mut r: Vec<u32> = a.iter().enumerate().map(|(i, &d)| {
        let high = if s == 0 { 0 } else { a.get(i + 1).map_or(0, |&h| h << (32 - s)) };
        d >> s | high
    }).collect();
    mag::trim(&mut r);
    r
}

/// Which bitwise operation [`BigInt::bitwise`] applies.
#[derive(Clone, Copy)]
pub(super) enum BitOp {
    And,
    Or,
    Xor,
}

impl BigInt {
    /// `self << n` (multiplication by 2^n).
    pub fn shl_by(&self, n: usize) -> BigInt {
        if self.is_zero() {
            return BigInt::zero();
        }
        let mut m = alloc::vec![0u32; n / 32];
        m.extend(shl_digits(&self.mag, (n % 32) as u32));
        BigInt::new(self.neg, m)
    }

    /// `self >> n`: floor division by 2^n, so negatives round towards minus infinity.
    pub fn shr_by(&self, n: usize) -> BigInt {
        let whole = n / 32;
        if whole >= self.mag.len() {
            return BigInt::from(-(self.neg as i64));
        }
        let m = shr_digits(&self.mag[whole..], (n % 32) as u32);
        let r = BigInt::new(self.neg, m);
        let lost = self.mag[..whole].iter().any(|&d| d != 0) || self.mag[whole] & ((1 << (n % 32)) - 1) != 0;
        if self.neg && lost {
            r - BigInt::from(1)
        } else {
            r
        }
    }

    /// `len` digits of two's complement (`len` must exceed the magnitude's length).
    fn twos(&self, len: usize) -> Vec<u32> {
        let mut v = self.mag.clone();
        v.resize(len, 0);
        if self.neg {
            negate(&mut v);
        }
        v
    }

    /// `self & other`, `|` or `^`, on the infinite two's-complement bit strings.
    pub(super) fn bitwise(&self, other: &BigInt, op: BitOp) -> BigInt {
        let len = self.mag.len().max(other.mag.len()) + 1;
        let mut a = self.twos(len);
        for (x, y) in a.iter_mut().zip(other.twos(len)) {
            *x = match op {
                BitOp::And => *x & y,
                BitOp::Or => *x | y,
                BitOp::Xor => *x ^ y,
            };
        }
        let neg = a[len - 1] >> 31 == 1;
        if neg {
            negate(&mut a);
        }
        BigInt::new(neg, a)
    }

    /// An unsigned value from bytes, least significant first.
    pub fn from_bytes_le(bytes: &[u8]) -> BigInt {
        let m = bytes.chunks(4).map(|c| c.iter().rev().fold(0u32, |acc, &b| acc << 8 | u32::from(b))).collect();
        BigInt::new(false, m)
    }

    /// The magnitude's bytes, least significant first, without zero bytes at the top.
    pub fn to_bytes_le(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self.mag.iter().flat_map(|d| d.to_le_bytes()).collect();
        while out.last() == Some(&0) {
            out.pop();
        }
        out
    }
}

/// Two's-complement negation in place: invert, add one.
fn negate(v: &mut [u32]) {
    let mut carry = true;
    for d in v.iter_mut() {
        let (s, c) = (!*d).overflowing_add(carry as u32);
        *d = s;
        carry = c;
    }
}
