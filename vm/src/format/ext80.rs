//! A software model of the x87 80-bit `long double` (64-bit significand, round to nearest even).
//!
//! MicroPython's unix port on x86-64 converts floats to and from text by scaling with powers of
//! ten in `long double` (`MICROPY_FLOAT_FORMAT_IMPL_EXACT`), and keeps the digits that arithmetic
//! produces — including its rounding slips. Printing and parsing byte for byte like it therefore
//! means redoing the same operations with the same 64-bit rounding, which this module does.
//!
//! Only non-negative values occur on these paths. Results below the extended range flush to
//! zero: such values become 0.0 as soon as they are narrowed to `f64`, which is all callers do.

/// A non-negative extended-precision value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ext {
    Zero,
    Inf,
    /// `m * 2^e` with the top bit of `m` set.
    Num {
        m: u64,
        e: i32,
    },
}

/// Largest `e` of a finite value: the x87 maximum is just under 2^16384.
const MAX_E: i32 = 16384 - 64;
/// Smallest `e` of a normal value: the x87 minimum normal is 2^-16382.
const MIN_E: i32 = -16382 - 63;

impl Ext {
    pub(crate) const ONE: Ext = Ext::Num { m: 1 << 63, e: -63 };
    pub(crate) const HALF: Ext = Ext::Num { m: 1 << 63, e: -64 };
    pub(crate) const TEN: Ext = Ext::Num { m: 10 << 60, e: -60 };

    pub(crate) fn from_u64(v: u64) -> Ext {
        if v == 0 {
            return Ext::Zero;
        }
        let lz = v.leading_zeros();
        Ext::Num { m: v << lz, e: -(lz as i32) }
    }

    /// Exact conversion of a non-negative `f64` (the sign is ignored).
    pub(crate) fn from_f64(v: f64) -> Ext {
        let bits = v.to_bits() & !(1 << 63);
        let exp = (bits >> 52) as i32;
        let frac = bits & ((1 << 52) - 1);
        if exp == 0x7ff {
            return Ext::Inf;
        }
        let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | (1 << 52), exp - 1075) };
        match Ext::from_u64(m) {
            Ext::Num { m, e: e2 } => Ext::Num { m, e: e + e2 },
            other => other,
        }
    }

    /// Rounds `v * 2^e` (any non-zero `v`) to 64 significant bits. Bit 0 of `v` may carry a
    /// sticky flag for discarded lower bits, as long as at least two bits are shifted out.
    fn round_pack(v: u128, e: i64) -> Ext {
        if v == 0 {
            return Ext::Zero;
        }
        let top = 127 - v.leading_zeros() as i64;
        let (mut m, mut e) = if top > 63 {
            let shift = (top - 63) as u32;
            let kept = (v >> shift) as u64;
            let rem = v & ((1u128 << shift) - 1);
            let half = 1u128 << (shift - 1);
            let mut m = kept;
            let mut e = e + shift as i64;
            if rem > half || (rem == half && m & 1 == 1) {
                m = m.wrapping_add(1);
                if m == 0 {
                    m = 1 << 63;
                    e += 1;
                }
            }
            (m, e)
        } else {
            let shift = (63 - top) as u32;
            ((v as u64) << shift, e - shift as i64)
        };
        if e > MAX_E as i64 {
            return Ext::Inf;
        }
        if e < MIN_E as i64 {
            m = 0;
            e = 0;
        }
        if m == 0 {
            Ext::Zero
        } else {
            Ext::Num { m, e: e as i32 }
        }
    }

    pub(crate) fn mul(self, rhs: Ext) -> Ext {
        match (self, rhs) {
            (Ext::Zero, _) | (_, Ext::Zero) => Ext::Zero,
            (Ext::Inf, _) | (_, Ext::Inf) => Ext::Inf,
            (Ext::Num { m: a, e: ea }, Ext::Num { m: b, e: eb }) => {
                Ext::round_pack(a as u128 * b as u128, ea as i64 + eb as i64)
            }
        }
    }

    /// `self / rhs` for a non-zero `rhs`.
    pub(crate) fn div(self, rhs: Ext) -> Ext {
        match (self, rhs) {
            (Ext::Zero, _) | (_, Ext::Inf) => Ext::Zero,
            (Ext::Inf, _) | (_, Ext::Zero) => Ext::Inf,
            (Ext::Num { m: a, e: ea }, Ext::Num { m: b, e: eb }) => {
                // `a * 2^96 / b` by restoring division, a bit at a time: 64-65 quotient bits
                // plus 32 guard bits, and a sticky bit for the remainder. (A `u128` division
                // would bring compiler_builtins' 1 KB `u128_div_rem` into the wasm.) Both
                // significands have the top bit set, so `r < b < 2^64` and `q < 2^97`.
                let b = b as u128;
                let mut r = a as u128;
                let mut q = u128::from(r >= b);
                if r >= b {
                    r -= b;
                }
                for _ in 0..96 {
                    r <<= 1;
                    q <<= 1;
                    if r >= b {
                        r -= b;
                        q |= 1;
                    }
                }
                Ext::round_pack(q | u128::from(r != 0), ea as i64 - eb as i64 - 96)
            }
        }
    }

    pub(crate) fn add(self, rhs: Ext) -> Ext {
        match (self, rhs) {
            (Ext::Zero, x) | (x, Ext::Zero) => x,
            (Ext::Inf, _) | (_, Ext::Inf) => Ext::Inf,
            (Ext::Num { m: a, e: ea }, Ext::Num { m: b, e: eb }) => {
                let ((big, be), (small, se)) = if (ea, a) >= (eb, b) { ((a, ea), (b, eb)) } else { ((b, eb), (a, ea)) };
                let d = (be as i64 - se as i64) as u64;
                let wide = (small as u128) << 62;
                let (aligned, sticky) = if d >= 126 {
                    (0, true)
                } else {
                    let shifted = wide >> d;
                    (shifted, shifted << d != wide)
                };
                let sum = ((big as u128) << 62) + aligned;
                Ext::round_pack(sum | sticky as u128, be as i64 - 62)
            }
        }
    }

    /// Rounds to the nearest `f64` (ties to even), with subnormals and overflow to infinity.
    pub(crate) fn to_f64(self) -> f64 {
        let (m, e) = match self {
            Ext::Zero => return 0.0,
            Ext::Inf => return f64::INFINITY,
            Ext::Num { m, e } => (m, e as i64),
        };
        let lead = e + 63;
        if lead > 1023 {
            return f64::INFINITY;
        }
        // Number of low bits of `m` to drop: 11 for normals, more for subnormals.
        let shift = if lead >= -1022 { 11 } else { -(e + 1074) };
        if shift > 64 {
            return 0.0;
        }
        let shift = shift as u32;
        let wide = m as u128;
        let mut kept = (wide >> shift) as u64;
        let rem = wide & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rem > half || (rem == half && kept & 1 == 1) {
            kept += 1;
        }
        if lead >= -1022 {
            // `kept` holds 53 bits, or 54 after rounding up to the next power of two.
            let (kept, lead) = if kept >> 53 != 0 { (kept >> 1, lead + 1) } else { (kept, lead) };
            if lead > 1023 {
                return f64::INFINITY;
            }
            f64::from_bits((((lead + 1023) as u64) << 52) | (kept & ((1 << 52) - 1)))
        } else {
            // A subnormal that rounds up to 2^-1022 carries into the exponent field by itself.
            f64::from_bits(kept)
        }
    }

    /// C's `(uint64_t)x` truncation; values too large for it (never produced here) give 0.
    pub(crate) fn trunc_u64(self) -> u64 {
        match self {
            Ext::Zero | Ext::Inf => 0,
            Ext::Num { m, e } if matches!(e, -63..=0) => m >> (-e) as u32,
            Ext::Num { .. } => 0,
        }
    }

    /// `num * 10^dec_exp` by binary powering, as MicroPython's `mp_decimal_exp` computes it:
    /// each partial product and each squaring rounds to 64 bits.
    pub(crate) fn decimal_exp(self, dec_exp: i64) -> Ext {
        if dec_exp == 0 || self == Ext::Zero {
            return self;
        }
        let divide = dec_exp < 0;
        let mut n = dec_exp.unsigned_abs();
        let mut res = self;
        let mut power = Ext::TEN;
        while n != 0 {
            if n & 1 == 1 {
                res = if divide { res.div(power) } else { res.mul(power) };
            }
            n >>= 1;
            if n != 0 {
                power = power.mul(power);
            }
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::Ext;

    #[test]
    fn round_trips_doubles() {
        for v in [1.0, 0.1, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123.456] {
            assert_eq!(Ext::from_f64(v).to_f64(), v);
        }
    }

    #[test]
    fn arithmetic_rounds_to_64_bits() {
        let third = Ext::ONE.div(Ext::from_u64(3));
        assert_eq!(third.to_f64(), 1.0 / 3.0);
        // 10^32 is not exact in 64 bits; the square of 10^16 must round, not truncate.
        let p32 = Ext::ONE.decimal_exp(32);
        assert_eq!(p32.to_f64(), 1e32);
        // An odd integer above 2^63 plus one half is a tie that rounds to even (upwards here).
        let odd = Ext::from_u64((1 << 63) + 1);
        assert_eq!(odd.add(Ext::HALF).trunc_u64(), (1 << 63) + 2);
        assert_eq!(Ext::from_u64(7).mul(Ext::from_u64(6)).trunc_u64(), 42);
        assert_eq!(Ext::ONE.decimal_exp(-5000).to_f64(), 0.0);
        assert_eq!(Ext::ONE.decimal_exp(5000).to_f64(), f64::INFINITY);
    }

    #[test]
    fn division_matches_a_wide_division() {
        // The restoring division against two u128 divisions (the quotient's top 64-65 bits,
        // then 32 more), on a fixed xorshift sequence of significands.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x | 1 << 63
        };
        for _ in 0..10_000 {
            let (a, b) = (next(), next());
            let num = (a as u128) << 64;
            let (q_hi, r) = (num / b as u128, num % b as u128);
            let q = (q_hi << 32) | ((r << 32) / b as u128) | u128::from((r << 32) % b as u128 != 0);
            assert_eq!(Ext::Num { m: a, e: 0 }.div(Ext::Num { m: b, e: 0 }), Ext::round_pack(q, -96));
        }
    }

    #[test]
    fn narrowing_handles_subnormals_and_ties() {
        // 2^-1075 is exactly half the smallest subnormal: ties to even gives zero.
        let half_min = Ext::Num { m: 1 << 63, e: -1075 - 63 };
        assert_eq!(half_min.to_f64(), 0.0);
        let above = Ext::Num { m: (1 << 63) + 1, e: -1075 - 63 };
        assert_eq!(above.to_f64(), 5e-324);
        assert_eq!(Ext::Num { m: u64::MAX, e: 1024 - 64 }.to_f64(), f64::INFINITY);
    }
}
