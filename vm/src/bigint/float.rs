//! Floats both ways: `f64` from an int rounds half to even, an int from a float is exact.

use super::BigInt;

impl BigInt {
    /// The nearest `f64`, ties to even; infinity beyond `f64::MAX`.
    pub fn to_f64(&self) -> f64 {
        let bits = self.bits();
        let v = if bits <= 64 {
            self.low_mag() as f64
        } else if bits > 1025 {
            f64::INFINITY
        } else {
            // The top 64 bits, with a sticky lowest bit for anything below: rounding them to
            // 53 bits then rounds the whole value correctly.
            let drop = bits - 64;
            let top = self.abs().shr_by(drop as usize).low_mag();
            let whole = (drop / 32) as usize;
            let below = (1u32 << (drop % 32)) - 1;
            let sticky = self.mag[..whole].iter().any(|&d| d != 0) || self.mag[whole] & below != 0;
            libm::scalbn((top | sticky as u64) as f64, drop as i32)
        };
        if self.neg {
            -v
        } else {
            v
        }
    }

    /// The integer part of `f` (truncated towards zero), exactly; `None` for nan and
    /// infinities.
    pub fn from_f64(f: f64) -> Option<BigInt> {
        if !f.is_finite() {
            return None;
        }
        let t = libm::trunc(f);
        if t.abs() < 9_223_372_036_854_775_808.0 {
            return Some(BigInt::from(t as i64));
        }
        // |t| >= 2^63: an integer mantissa times a power of two.
        let bits = t.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as usize - 1075;
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        let magnitude = BigInt::from(mantissa).shl_by(exp);
        Some(if t < 0.0 { -magnitude } else { magnitude })
    }
}
