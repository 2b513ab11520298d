//! Unsigned arithmetic on digit slices (base 2^32, least significant first).

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Drops zero digits at the top.
pub fn trim(v: &mut Vec<u32>) {
    while v.last() == Some(&0) {
        v.pop();
    }
}

/// Compares two trimmed magnitudes.
pub fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    if a.len() != b.len() {
        return a.len().cmp(&b.len());
    }
    for (x, y) in a.iter().zip(b).rev() {
        if x != y {
            return x.cmp(y);
        }
    }
    Ordering::Equal
}

/// `a += b`.
pub fn add_assign(a: &mut Vec<u32>, b: &[u32]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    let (low, high) = a.split_at_mut(b.len());
    let mut carry = 0u64;
    for (x, &y) in low.iter_mut().zip(b) {
        let t = u64::from(*x) + u64::from(y) + carry;
        *x = t as u32;
        carry = t >> 32;
    }
    for x in high {
        if carry == 0 {
            return;
        }
        let (t, c) = x.overflowing_add(1);
        *x = t;
        carry = u64::from(c);
    }
    if carry != 0 {
        a.push(1);
    }
}

/// `a -= b` for `a >= b`; the result is trimmed.
pub fn sub_assign(a: &mut Vec<u32>, b: &[u32]) {
    let (low, high) = a.split_at_mut(b.len());
    let mut borrow = false;
    for (x, &y) in low.iter_mut().zip(b) {
        let (t, o1) = x.overflowing_sub(y);
        let (t, o2) = t.overflowing_sub(borrow as u32);
        *x = t;
        borrow = o1 | o2;
    }
    for x in high {
        if !borrow {
            break;
        }
        let (t, o) = x.overflowing_sub(1);
        *x = t;
        borrow = o;
    }
    trim(a);
}

/// `|a - b|` into `a`, and whether `b` was the larger.
pub fn sub_abs(a: &mut Vec<u32>, b: &[u32]) -> bool {
    if cmp(a, b) == Ordering::Less {
        let mut r = b.to_vec();
        sub_assign(&mut r, a);
        *a = r;
        true
    } else {
        sub_assign(a, b);
        false
    }
}

/// Schoolbook multiplication (the sizes Python programs on a board reach gain little from
/// Karatsuba: pidigits' numbers stay under 100 digits).
pub fn mul(a: &[u32], b: &[u32]) -> Vec<u32> {
    // The longer operand in the inner loop: fewer carries written out.
    let (a, b) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let mut r = alloc::vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (d, &y) in r[i..i + b.len()].iter_mut().zip(b) {
            let t = u64::from(x) * u64::from(y) + u64::from(*d) + carry;
            *d = t as u32;
            carry = t >> 32;
        }
        r[i + b.len()] = carry as u32;
    }
    trim(&mut r);
    r
}

/// `a = a * m + add`.
pub fn mul_small_add(a: &mut Vec<u32>, m: u32, add: u32) {
    let mut carry = u64::from(add);
    for d in a.iter_mut() {
        let t = u64::from(*d) * u64::from(m) + carry;
        *d = t as u32;
        carry = t >> 32;
    }
    if carry != 0 {
        a.push(carry as u32);
    }
}

/// `a /= d` in place (`d != 0`), returning the remainder; `a` is trimmed.
pub fn div_small(a: &mut Vec<u32>, d: u32) -> u32 {
    let mut rem = 0u64;
    for x in a.iter_mut().rev() {
        let t = rem << 32 | u64::from(*x);
        *x = (t / u64::from(d)) as u32;
        rem = t % u64::from(d);
    }
    trim(a);
    rem as u32
}
