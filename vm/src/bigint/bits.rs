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
    let mut r = Vec::with_capacity(a.len());
    if s == 0 {
        r.extend_from_slice(a);
    } else {
        r.extend(a.windows(2).map(|w| w[0] >> s | w[1] << (32 - s)));
        r.extend(a.last().map(|&top| top >> s));
    }
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
        m.extend_from_slice(&shl_digits(&self.mag, (n % 32) as u32));
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
        let mut m = Vec::with_capacity(bytes.len() / 4 + 1);
        for chunk in bytes.chunks(4) {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            m.push(u32::from_le_bytes(word));
        }
        BigInt::new(false, m)
    }

    /// The magnitude's bytes, least significant first, without zero bytes at the top.
    pub fn to_bytes_le(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.mag.len() * 4);
        for d in &self.mag {
            out.extend_from_slice(&d.to_le_bytes());
        }
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
