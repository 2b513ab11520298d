//! Division: Knuth's algorithm D on magnitudes, Python's floor rules on top, and
//! `pow(a, e, m)` by square-and-multiply.

use alloc::vec::Vec;
use core::cmp::Ordering;

use super::{bits, mag, BigInt};

/// `(a / b, a % b)` of magnitudes (Knuth, TAOCP 4.3.1, as in Hacker's Delight's `divmnu`).
/// Callers raise ZeroDivisionError first; a zero `b` gives `(0, a)` rather than a panic.
fn divrem(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    if b.is_empty() || mag::cmp(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if let [d] = b {
        let mut q = a.to_vec();
        let r = mag::div_small(&mut q, *d);
        return (q, if r == 0 { Vec::new() } else { alloc::vec![r] });
    }
    // Normalize so the divisor's top digit has its high bit set: then each estimated
    // quotient digit is at most two too large.
    let s = b[b.len() - 1].leading_zeros();
    let v = bits::shl_digits(b, s);
    let mut u = bits::shl_digits(a, s);
    u.resize(a.len() + 1, 0);
    let n = v.len();
    let (v_top, v_next) = (u64::from(v[n - 1]), u64::from(v[n - 2]));
    let mut q = alloc::vec![0u32; u.len() - n];
    for j in (0..q.len()).rev() {
        let num = u64::from(u[j + n]) << 32 | u64::from(u[j + n - 1]);
        let mut qhat = num / v_top;
        let mut rhat = num % v_top;
        while qhat >> 32 != 0 || qhat * v_next > (rhat << 32 | u64::from(u[j + n - 2])) {
            qhat -= 1;
            rhat += v_top;
            if rhat >> 32 != 0 {
                break;
            }
        }
        // u[j..=j+n] -= qhat * v
        let (uj, top) = u[j..=j + n].split_at_mut(n);
        let mut k: i64 = 0;
        for (d, &y) in uj.iter_mut().zip(&v) {
            let p = qhat * u64::from(y);
            let t = i64::from(*d) - k - (p & 0xffff_ffff) as i64;
            *d = t as u32;
            k = (p >> 32) as i64 - (t >> 32);
        }
        let t = i64::from(top[0]) - k;
        top[0] = t as u32;
        if t < 0 {
            // Estimated one too many: add the divisor back.
            qhat -= 1;
            let mut carry = 0u64;
            for (d, &y) in uj.iter_mut().zip(&v) {
                let t = u64::from(*d) + u64::from(y) + carry;
                *d = t as u32;
                carry = t >> 32;
            }
            top[0] = top[0].wrapping_add(carry as u32);
        }
        q[j] = qhat as u32;
    }
    mag::trim(&mut q);
    u.truncate(n);
    (q, bits::shr_digits(&u, s))
}

impl BigInt {
    /// Truncating division: `(q, r)` with `r` taking the sign of `self`. `d` must not be 0.
    fn div_rem(&self, d: &BigInt) -> (BigInt, BigInt) {
        let (q, r) = divrem(&self.mag, &d.mag);
        (BigInt::new(self.neg != d.neg, q), BigInt::new(self.neg, r))
    }

    /// Python's `divmod(self, d)`: the quotient rounds down, the remainder takes `d`'s sign.
    /// `d` must not be 0 (the callers raise ZeroDivisionError first).
    pub fn div_mod_floor(&self, d: &BigInt) -> (BigInt, BigInt) {
        let (q, r) = self.div_rem(d);
        if !r.is_zero() && self.neg != d.neg {
            (q - BigInt::from(1), r + d)
        } else {
            (q, r)
        }
    }

    pub fn div_floor(&self, d: &BigInt) -> BigInt {
        self.div_mod_floor(d).0
    }

    pub fn mod_floor(&self, d: &BigInt) -> BigInt {
        self.div_mod_floor(d).1
    }

    /// `self ** e`.
    pub fn pow(&self, mut e: u32) -> BigInt {
        let mut base = self.clone();
        let mut r = BigInt::from(1);
        while e > 0 {
            if e & 1 == 1 {
                r = &r * &base;
            }
            e >>= 1;
            if e > 0 {
                base = &base * &base;
            }
        }
        r
    }

    /// `pow(self, e, m)` for `e >= 0` and `m != 0`: in `[0, m)` for positive `m`, `(m, 0]`
    /// for negative, as floor division rounds.
    pub fn modpow(&self, e: &BigInt, m: &BigInt) -> BigInt {
        let modulus = m.abs();
        let mut base = self.mod_floor(&modulus);
        let mut r = BigInt::from(1).mod_floor(&modulus);
        let bits = e.bits();
        for i in 0..bits {
            if e.mag[(i / 32) as usize] >> (i % 32) & 1 == 1 {
                r = (&r * &base).mod_floor(&modulus);
            }
            if i + 1 < bits {
                base = (&base * &base).mod_floor(&modulus);
            }
        }
        if m.neg && !r.is_zero() {
            r + m
        } else {
            r
        }
    }
}
