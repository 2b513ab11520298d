//! The operator traits, for owned values and references alike; each forwards to one
//! function, so every form shares the same code.

use core::ops::{Add, BitAnd, BitOr, BitXor, Mul, Neg, Not, Shl, Shr, Sub};

use super::bits::BitOp;
use super::{mag, BigInt};

/// `a + (-1)^b_neg * |b|`, reusing `a`'s digits.
fn add_signed(mut a: BigInt, b: &[u32], b_neg: bool) -> BigInt {
    if a.neg == b_neg {
        mag::add_assign(&mut a.mag, b);
    } else if mag::sub_abs(&mut a.mag, b) {
        a.neg = b_neg;
    }
    BigInt::new(a.neg, a.mag)
}

fn mul(a: &BigInt, b: &BigInt) -> BigInt {
    BigInt::new(a.neg != b.neg, mag::mul(&a.mag, &b.mag))
}

/// Implements a binary operator for the four owned/borrowed combinations through
/// `$f(lhs: BigInt, rhs: &BigInt)` (the left operand is cloned only when borrowed).
macro_rules! binary {
    ($tr:ident, $m:ident, $f:expr) => {
        impl $tr<BigInt> for BigInt {
            type Output = BigInt;
            fn $m(self, b: BigInt) -> BigInt {
                $f(self, &b)
            }
        }
        impl $tr<&BigInt> for BigInt {
            type Output = BigInt;
            fn $m(self, b: &BigInt) -> BigInt {
                $f(self, b)
            }
        }
        impl $tr<BigInt> for &BigInt {
            type Output = BigInt;
            fn $m(self, b: BigInt) -> BigInt {
                $f(self.clone(), &b)
            }
        }
        impl $tr<&BigInt> for &BigInt {
            type Output = BigInt;
            fn $m(self, b: &BigInt) -> BigInt {
                $f(self.clone(), b)
            }
        }
    };
}

binary!(Add, add, |a: BigInt, b: &BigInt| add_signed(a, &b.mag, b.neg));
binary!(Sub, sub, |a: BigInt, b: &BigInt| add_signed(a, &b.mag, !b.neg));
binary!(Mul, mul, |a: BigInt, b: &BigInt| mul(&a, b));
binary!(BitAnd, bitand, |a: BigInt, b: &BigInt| a.bitwise(b, BitOp::And));
binary!(BitOr, bitor, |a: BigInt, b: &BigInt| a.bitwise(b, BitOp::Or));
binary!(BitXor, bitxor, |a: BigInt, b: &BigInt| a.bitwise(b, BitOp::Xor));

impl Neg for BigInt {
    type Output = BigInt;
    fn neg(self) -> BigInt {
        BigInt::new(!self.neg, self.mag)
    }
}

impl Neg for &BigInt {
    type Output = BigInt;
    fn neg(self) -> BigInt {
        -self.clone()
    }
}

/// `~a` is `-a - 1`.
impl Not for BigInt {
    type Output = BigInt;
    fn not(self) -> BigInt {
        add_signed(-self, &[1], true)
    }
}

impl Shl<usize> for BigInt {
    type Output = BigInt;
    fn shl(self, n: usize) -> BigInt {
        BigInt::shl_by(&self, n)
    }
}

impl Shl<usize> for &BigInt {
    type Output = BigInt;
    fn shl(self, n: usize) -> BigInt {
        BigInt::shl_by(self, n)
    }
}

impl Shr<usize> for BigInt {
    type Output = BigInt;
    fn shr(self, n: usize) -> BigInt {
        BigInt::shr_by(&self, n)
    }
}

impl Shr<usize> for &BigInt {
    type Output = BigInt;
    fn shr(self, n: usize) -> BigInt {
        BigInt::shr_by(self, n)
    }
}
