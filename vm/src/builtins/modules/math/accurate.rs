//! Correctly rounded elementary functions, evaluated in double-double arithmetic.
//!
//! MicroPython's unix port calls glibc, whose exp, log, log2, pow, sin, cos, tan, atan, atan2,
//! asin and acos return the correctly rounded result in all but vanishingly rare cases. The
//! `libm` crate is often an ulp away from it, which shows as soon as a result is printed in full.
//! These versions carry about 100 bits (a double-double: an unevaluated sum `hi + lo`) through
//! argument reduction and series, and round once at the end. The hyperbolic functions and
//! `log10` follow glibc's own formulas on top of them, so they round the way glibc does.

use crate::bigint::BigInt;

/// An unevaluated sum `hi + lo` with `|lo| <= ulp(hi) / 2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DD {
    pub hi: f64,
    pub lo: f64,
}

const SPLITTER: f64 = 134217729.0; // 2^27 + 1

/// `a + b` exactly.
#[inline]
fn two_sum(a: f64, b: f64) -> DD {
    let s = a + b;
    let bb = s - a;
    DD { hi: s, lo: (a - (s - bb)) + (b - bb) }
}

/// `a + b` exactly, for `|a| >= |b|`.
#[inline]
pub(super) fn fast_two_sum(a: f64, b: f64) -> DD {
    let s = a + b;
    DD { hi: s, lo: b - (s - a) }
}

#[inline]
fn split(a: f64) -> (f64, f64) {
    let t = SPLITTER * a;
    let hi = t - (t - a);
    (hi, a - hi)
}

/// `a * b` exactly (Dekker); `|a|, |b|` must stay below 2^995.
#[inline]
pub(super) fn two_prod(a: f64, b: f64) -> DD {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    DD { hi: p, lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl }
}

impl DD {
    pub const fn new(hi: f64, lo: f64) -> DD {
        DD { hi, lo }
    }

    pub const fn from(x: f64) -> DD {
        DD { hi: x, lo: 0.0 }
    }

    const ONE: DD = DD::from(1.0);

    fn neg(self) -> DD {
        DD { hi: -self.hi, lo: -self.lo }
    }

    fn add(self, o: DD) -> DD {
        let s = two_sum(self.hi, o.hi);
        let t = two_sum(self.lo, o.lo);
        let s = fast_two_sum(s.hi, s.lo + t.hi);
        fast_two_sum(s.hi, s.lo + t.lo)
    }

    fn sub(self, o: DD) -> DD {
        self.add(o.neg())
    }

    fn add_f(self, b: f64) -> DD {
        let s = two_sum(self.hi, b);
        fast_two_sum(s.hi, s.lo + self.lo)
    }

    fn mul(self, o: DD) -> DD {
        let p = two_prod(self.hi, o.hi);
        fast_two_sum(p.hi, p.lo + (self.hi * o.lo + self.lo * o.hi))
    }

    fn mul_f(self, b: f64) -> DD {
        let p = two_prod(self.hi, b);
        fast_two_sum(p.hi, p.lo + self.lo * b)
    }

    fn div(self, o: DD) -> DD {
        let q1 = self.hi / o.hi;
        let r = self.sub(o.mul_f(q1));
        let q2 = r.hi / o.hi;
        let r = r.sub(o.mul_f(q2));
        let q3 = r.hi / o.hi;
        fast_two_sum(q1, q2).add_f(q3)
    }

    fn div_f(self, b: f64) -> DD {
        self.div(DD::from(b))
    }

    /// Multiply by a power of two (exact).
    fn scale(self, p: f64) -> DD {
        DD { hi: self.hi * p, lo: self.lo * p }
    }
}

/// `sqrt(a)` to double-double precision (`a >= 0`).
fn sqrt_dd(a: f64) -> DD {
    if a == 0.0 {
        return DD::from(a);
    }
    let q = libm::sqrt(a);
    let r = DD::from(a).sub(two_prod(q, q));
    fast_two_sum(q, r.hi / (2.0 * q))
}

pub const LN2: DD = DD::new(core::f64::consts::LN_2, 2.3190468138462996e-17);
pub const INV_LN2: DD = DD::new(core::f64::consts::LOG2_E, 2.0355273740931033e-17);
pub const PI: DD = DD::new(core::f64::consts::PI, 1.2246467991473532e-16);
pub const PI_2: DD = DD::new(core::f64::consts::FRAC_PI_2, 6.123233995736766e-17);
pub const PI_4: DD = DD::new(core::f64::consts::FRAC_PI_4, 3.061616997868383e-17);
pub const LN10: DD = DD::new(core::f64::consts::LN_10, -2.1707562233822494e-16);
pub const INV_LN10: DD = DD::new(core::f64::consts::LOG10_E, 1.098319650216765e-17);
/// 1/n! for n = 0..32.
pub const INV_FACT: [DD; 32] = [
    DD::new(1.0, 0.0),
    DD::new(1.0, 0.0),
    DD::new(0.5, 0.0),
    DD::new(0.16666666666666666, 9.25185853854297e-18),
    DD::new(0.041666666666666664, 2.3129646346357427e-18),
    DD::new(0.008333333333333333, 1.1564823173178714e-19),
    DD::new(0.001388888888888889, -5.300543954373577e-20),
    DD::new(0.0001984126984126984, 1.7209558293420705e-22),
    DD::new(2.48015873015873e-05, 2.1511947866775882e-23),
    DD::new(2.7557319223985893e-06, -1.858393274046472e-22),
    DD::new(2.755731922398589e-07, 2.3767714622250297e-23),
    DD::new(2.505210838544172e-08, -1.448814070935912e-24),
    DD::new(2.08767569878681e-09, -1.20734505911326e-25),
    DD::new(1.6059043836821613e-10, 1.2585294588752098e-26),
    DD::new(1.1470745597729725e-11, 2.0655512752830745e-28),
    DD::new(7.647163731819816e-13, 7.03872877733453e-30),
    DD::new(4.779477332387385e-14, 4.399205485834081e-31),
    DD::new(2.8114572543455206e-15, 1.6508842730861433e-31),
    DD::new(1.5619206968586225e-16, 1.1910679660273754e-32),
    DD::new(8.22063524662433e-18, 2.2141894119604265e-34),
    DD::new(4.110317623312165e-19, 1.4412973378659527e-36),
    DD::new(1.9572941063391263e-20, -1.3643503830087908e-36),
    DD::new(8.896791392450574e-22, -7.911402614872376e-38),
    DD::new(3.868170170630684e-23, -8.843177655482344e-40),
    DD::new(1.6117375710961184e-24, -3.6846573564509766e-41),
    DD::new(6.446950284384474e-26, -1.9330404233703465e-42),
    DD::new(2.4795962632247976e-27, -1.2953730964765229e-43),
    DD::new(9.183689863795546e-29, 1.4303150396787322e-45),
    DD::new(3.279889237069838e-30, 1.5117542744029879e-46),
    DD::new(1.1309962886447716e-31, 1.0498015412959506e-47),
    DD::new(3.7699876288159054e-33, 2.5870347832750324e-49),
    DD::new(1.216125041553518e-34, 5.586290567888806e-51),
];
const LN2_1: f64 = 0.6931471803691238;
const LN2_2: f64 = 1.9082149292705877e-10;
const LN2_3: f64 = 1.1612227229362532e-26;
const PIO2_1: f64 = 1.5707963267341256;
const PIO2_2: f64 = 6.077100506303966e-11;
const PIO2_3: f64 = 2.0222662487111665e-21;
const PIO2_4: f64 = 8.4784276603689e-32;
/// floor(2/pi * 2**1400), in hex.
const TWO_OVER_PI_HEX: &str = "a2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e006492eea09d1921cfe1deb1cb129a73ee88235f52ebb4484e99c7026b45f7e413991d639835339f49c845f8bbdf9283b1ff897ffde05980fef2f118b5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d7527bac7ebe5f17b3d0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b6babf0cfbc209af4361da9e391615ee61b086599855f14a068";
const TWO_OVER_PI_BITS: usize = 1400;

const TINY: f64 = 1.0 / 1048576.0; // 2^-20

// ---- exp

/// `e^x` as `(y, k)` with `e^x = y * 2^k` and `y` within about [0.7, 1.42]. `|x.hi| < 1100`.
fn exp_parts(x: DD) -> (DD, i32) {
    let k = libm::round(x.hi * INV_LN2.hi);
    // x - k*ln2, with ln2 in three parts: k*LN2_1 is exact and so is its subtraction.
    let r = DD::from(x.hi - k * LN2_1).add_f(x.lo).sub(two_prod(k, LN2_2)).add_f(-k * LN2_3);
    // e^r = (e^(r/32))^32, with e^(r/32) - 1 by its Taylor series.
    let r = r.scale(1.0 / 32.0);
    // Terms until r^n/n! is below 1e-32 of r (at most 13 for |r| <= ln2/64).
    let mut top = 2;
    let mut t = r.hi.abs() * 0.5;
    while t > 1e-32 && top < 13 {
        top += 1;
        t *= r.hi.abs() / top as f64;
    }
    let mut p = INV_FACT[top];
    for n in (1..top).rev() {
        p = p.mul(r).add(INV_FACT[n]);
    }
    let mut s = p.mul(r);
    for _ in 0..5 {
        s = s.scale(2.0).add(s.mul(s));
    }
    (DD::ONE.add(s), k as i32)
}

/// `y * 2^k` rounded once, subnormal results included.
fn finish(y: DD, k: i32) -> f64 {
    if k > -1021 {
        return libm::scalbn(y.hi, k);
    }
    let shift = k + 1074;
    if shift < -1 {
        return 0.0;
    }
    // The result in units of the smallest subnormal, rounded to an integer (ties to even).
    let m = y.scale(libm::scalbn(1.0, shift));
    let mut n = libm::floor(m.hi);
    let mut rem = DD::from(m.hi - n).add_f(m.lo);
    if rem.hi < 0.0 {
        n -= 1.0;
        rem = rem.add_f(1.0);
    }
    let c = rem.add_f(-0.5);
    let up = c.hi > 0.0 || (c.hi == 0.0 && (c.lo > 0.0 || (c.lo == 0.0 && n % 2.0 == 1.0)));
    if up {
        n += 1.0;
    }
    n * f64::from_bits(1)
}

pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 710.0 {
        return f64::INFINITY;
    }
    if x < -746.0 {
        return 0.0;
    }
    if x.abs() < 1e-300 {
        return 1.0 + x;
    }
    let (y, k) = exp_parts(DD::from(x));
    finish(y, k)
}

// ---- log

/// `x = m * 2^e` with `m` in [sqrt(1/2), sqrt(2)); `x` positive and finite.
fn split_exp(x: f64) -> (f64, i32) {
    let (x, adj) = if x < f64::MIN_POSITIVE { (x * 18014398509481984.0, -54) } else { (x, 0) };
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i32 - 1023 + adj;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | (1023u64 << 52));
    if m > core::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    (m, e)
}

/// `log(m)` for `m` in [sqrt(1/2), sqrt(2)].
fn log_mantissa(m: f64) -> DD {
    let f = m - 1.0;
    if f.abs() < 1.0 / 128.0 {
        // log(1+f) = 2 atanh(s), s = f/(2+f).
        let s = DD::from(f).div(two_sum(2.0, f));
        let s2 = s.mul(s);
        let mut term = s;
        let mut acc = s;
        for i in 1..8 {
            term = term.mul(s2);
            acc = acc.add(term.div_f((2 * i + 1) as f64));
        }
        return acc.scale(2.0);
    }
    // One Newton step from log1p's value (`f` is exact): log(m) = y0 + log(m e^-y0), the last
    // term tiny. log1p, not libm's log, so the wasm carries one logarithm.
    let y0 = super::special::log1p(f);
    let (ey, k) = exp_parts(DD::from(y0));
    let ey = ey.scale(libm::scalbn(1.0, k));
    let t = DD::from(m).div(ey).add_f(-1.0);
    DD::from(y0).add(t.sub(t.mul(t).scale(0.5)))
}

/// `log(x)` as a double-double, `x` positive and finite.
fn log_dd(x: f64) -> DD {
    let (m, e) = split_exp(x);
    LN2.mul_f(e as f64).add(log_mantissa(m))
}

/// The IEEE answers of a logarithm outside (0, inf): None when x is positive and finite.
fn log_special(x: f64) -> Option<f64> {
    if x.is_nan() || x < 0.0 {
        Some(f64::NAN)
    } else if x == 0.0 {
        Some(f64::NEG_INFINITY)
    } else if x.is_infinite() {
        Some(x)
    } else {
        None
    }
}

pub fn log(x: f64) -> f64 {
    if let Some(r) = log_special(x) {
        return r;
    }
    log_dd(x).hi
}

pub fn log2(x: f64) -> f64 {
    if let Some(r) = log_special(x) {
        return r;
    }
    let (m, e) = split_exp(x);
    DD::from(e as f64).add(log_mantissa(m).mul(INV_LN2)).hi
}

/// glibc's `log10` (fdlibm's method), which rounds `n*log10(2) + log(x)/ln(10)` in two steps.
pub fn log10(x: f64) -> f64 {
    const IVLN10: f64 = core::f64::consts::LOG10_E;
    const LOG10_2HI: f64 = f64::from_bits(0x3FD3_4413_509F_6000);
    const LOG10_2LO: f64 = f64::from_bits(0x3D59_FEF3_11F1_2B36);
    if let Some(r) = log_special(x) {
        return r;
    }
    // x = m * 2^k with m in [1, 2) for k >= 0, in [1/2, 1) (y = k + 1) below: frexp's split.
    let (f, e) = libm::frexp(x);
    let (x, y) = if e > 0 { (2.0 * f, (e - 1) as f64) } else { (f, e as f64) };
    let z = y * LOG10_2LO + IVLN10 * log(x);
    z + y * LOG10_2HI
}

// ---- pow

fn is_odd_integer(y: f64) -> bool {
    y.abs() < 9007199254740992.0 && libm::trunc(y) == y && crate::format::num::fmod(y, 2.0) != 0.0
}

pub fn pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    let ax = x.abs();
    if y.is_infinite() {
        return if ax == 1.0 {
            1.0
        } else if (ax < 1.0) == (y > 0.0) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let odd = is_odd_integer(y);
    let neg = x.is_sign_negative() && odd;
    let sign = |r: f64| if neg { -r } else { r };
    if x == 0.0 || x.is_infinite() {
        let big = (x == 0.0) == (y < 0.0);
        return sign(if big { f64::INFINITY } else { 0.0 });
    }
    if x < 0.0 && libm::trunc(y) != y {
        return f64::NAN;
    }
    if y == 1.0 {
        return x;
    }
    if y == 2.0 {
        return x * x;
    }
    if y == -1.0 {
        return 1.0 / x;
    }
    if y == 0.5 && x > 0.0 {
        return libm::sqrt(x);
    }
    if y.abs() > 1e200 {
        return sign(if (ax > 1.0) == (y > 0.0) { f64::INFINITY } else { 0.0 });
    }
    let t = log_dd(ax).mul_f(y);
    if t.hi > 1000.0 {
        return sign(f64::INFINITY);
    }
    if t.hi < -1100.0 {
        return sign(0.0);
    }
    let (e, k) = exp_parts(t);
    sign(finish(e, k))
}

// ---- trigonometry

/// glibc's `x - x` for an infinite or NaN argument: NaNs pass through, infinities give the x86
/// default NaN, whose sign bit is set.
fn invalid(x: f64) -> f64 {
    if x.is_nan() {
        x
    } else {
        f64::from_bits(0xfff8_0000_0000_0000)
    }
}

/// The last Taylor term needed for `|r|`: the first `n` of `start`'s parity with
/// `r^n/n!` below 1e-31 (relative to the leading term of the series).
fn last_term(r: f64, start: usize) -> usize {
    let r2 = r * r;
    let mut n = start;
    let mut t = if start == 1 { 1.0 } else { 0.5 * r2 };
    while t > 1e-31 && n + 2 < INV_FACT.len() {
        t *= r2 / ((n + 1) * (n + 2)) as f64;
        n += 2;
    }
    n
}

/// The `n`th Taylor coefficient of sin/cos, with its sign.
fn signed_fact(n: usize) -> DD {
    if (n / 2) % 2 == 1 {
        INV_FACT[n].neg()
    } else {
        INV_FACT[n]
    }
}

/// `sin(r)` (`odd`) or `cos(r)` for `|r| <= pi/4` (a little more is fine), by the full Taylor
/// series in double-double: `lead * (1 + r^2 q)` with `lead` r or 1 (`1 * r^2` is exact).
fn sincos_series(r: DD, odd: bool) -> DD {
    let r2 = r.mul(r);
    let first = 2 + odd as usize;
    let top = last_term(r.hi, 2 - odd as usize).max(first);
    let mut q = signed_fact(top);
    for n in (first..=top - 2).rev().step_by(2) {
        q = q.mul(r2).add(signed_fact(n));
    }
    let lead = if odd { r } else { DD::ONE };
    lead.add(lead.mul(r2).mul(q))
}

/// `sin(r)` (`odd`) or `cos(r)` for `|r| <= pi/4`, correctly rounded, when a quick evaluation
/// settles the rounding: the leading terms in double-double, the rest of the series in plain
/// doubles (under 2^-62 relative error in all), then Ziv's rounding test. None when the value
/// lies too near a rounding boundary; the full series (`sincos_series`) decides then. About
/// a fifth of the full series' cost.
fn sincos_quick(r: DD, odd: bool) -> Option<f64> {
    let r2 = r.mul(r);
    let z = r2.hi;
    // The tail's coefficients with their signs, highest first: -1/7! + z/9! - ... for sin,
    // 1/8! - z/10! + ... for cos (the last one below 2^-70 of the result at |r| = pi/4).
    let first = if odd { 7 } else { 8 };
    let mut p = 0.0;
    for n in (first..first + 17).rev().step_by(2) {
        p = p * z + signed_fact(n).hi;
    }
    let y = if odd {
        let r3 = r2.mul(r);
        let r5 = r3.mul(r2);
        r.add(r3.mul(signed_fact(3))).add(r5.mul(signed_fact(5))).add_f(r5.hi * z * p)
    } else {
        let r4 = r2.mul(r2);
        let r6 = r4.mul(r2);
        DD::ONE.sub(r2.scale(0.5)).add(r4.mul(signed_fact(4))).add(r6.mul(signed_fact(6))).add_f(r6.hi * z * p)
    };
    let a = y.hi.abs();
    if a == 0.0 || !a.is_finite() {
        return None;
    }
    // Half the distance to the nearer neighbour of `hi` (the lower one, nearer at a power of 2).
    let half_gap = (a - f64::from_bits(a.to_bits() - 1)) * 0.5;
    (y.lo.abs() + a * (1.0 / 1152921504606846976.0) < half_gap).then_some(y.hi) // 2^-60
}

fn sincos_small(r: DD) -> (DD, DD) {
    (sincos_series(r, true), sincos_series(r, false))
}

/// `x = k*pi/2 + r` with `|r| <= pi/4`: `(k mod 4, r)`. `x` finite.
fn reduce(x: f64) -> (i64, DD) {
    if x.abs() <= PI_4.hi {
        return (0, DD::from(x));
    }
    if x.abs() < 1.0e6 {
        // Cody-Waite with pi/2 in 33-bit pieces: each k*piece is exact for |k| < 2^20.
        let k = libm::round(x * (2.0 / PI.hi));
        let r = two_sum(x - k * PIO2_1, -(k * PIO2_2)).add_f(-(k * PIO2_3)).add_f(-(k * PIO2_4));
        return ((k as i64).rem_euclid(4), r);
    }
    reduce_big(x)
}

/// Payne-Hanek reduction with 2/pi as a big integer.
fn reduce_big(x: f64) -> (i64, DD) {
    let bits = x.abs().to_bits();
    let e = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let m = (bits & 0x000f_ffff_ffff_ffff) | (1u64 << 52);
    // A constant's digits: the parse cannot fail (the tests' sin(1e22) goes through it).
    let t = BigInt::parse_bytes(TWO_OVER_PI_HEX.as_bytes(), 16).unwrap_or_default();
    // |x| * 2/pi = n / 2^shift
    let n = BigInt::from(m) * t;
    let shift = (TWO_OVER_PI_BITS as i64 - e) as usize;
    let int_part: BigInt = &n >> shift;
    let frac: BigInt = n - (&int_part << shift);
    let mut k = (int_part.low_u64() & 3) as i64;
    // The fraction to 200 bits, then to a double-double through its top 106 bits.
    let f: BigInt = frac >> (shift - 200);
    let len = f.bits() as i64;
    let mut turns = if len == 0 {
        DD::from(0.0)
    } else {
        let drop = (len - 106).max(0);
        let top: BigInt = &f >> drop as usize;
        let top = u128::from(top.low_u64()) | u128::from((&top >> 64).low_u64()) << 64;
        let hi = ((top >> 53) as u64) as f64;
        let lo = ((top & ((1u128 << 53) - 1)) as u64) as f64;
        let s = libm::scalbn(1.0, (drop - 200) as i32);
        fast_two_sum(hi * 9007199254740992.0 * s, lo * s)
    };
    if turns.hi >= 0.5 {
        turns = turns.add_f(-1.0);
        k += 1;
    }
    let r = turns.mul(PI_2);
    if x < 0.0 {
        ((-k).rem_euclid(4), r.neg())
    } else {
        (k.rem_euclid(4), r)
    }
}

/// `z + z^3 / d`: the first two terms of sin (d = -6), tan (3), asin (6) or atan (-3) for a tiny
/// `z`, where they are all the precision needed.
fn cubic_start(z: DD, d: f64) -> DD {
    z.add(z.mul(z).mul(z).div_f(d))
}

/// `sin(x)` (`turn` 0) or `cos(x)` (`turn` 1): cos is sin a quarter turn on, in the quadrant
/// that `reduce` reports.
fn sin_turned(x: f64, turn: i64) -> f64 {
    if !x.is_finite() {
        return invalid(x);
    }
    if x.abs() < TINY {
        return if turn == 1 {
            DD::ONE.sub(DD::from(x).mul_f(x).scale(0.5)).hi
        } else if x == 0.0 {
            x
        } else {
            cubic_start(DD::from(x), -6.0).hi
        };
    }
    let (k, r) = reduce(x);
    let k = k + turn;
    let odd = k % 2 == 0;
    let y = sincos_quick(r, odd).unwrap_or_else(|| sincos_series(r, odd).hi);
    if k % 4 >= 2 {
        -y
    } else {
        y
    }
}

pub fn sin(x: f64) -> f64 {
    sin_turned(x, 0)
}

pub fn cos(x: f64) -> f64 {
    sin_turned(x, 1)
}

pub fn tan(x: f64) -> f64 {
    if !x.is_finite() {
        return invalid(x);
    }
    if x == 0.0 {
        return x;
    }
    if x.abs() < TINY {
        return cubic_start(DD::from(x), 3.0).hi;
    }
    let (k, r) = reduce(x);
    let (s, c) = sincos_small(r);
    if k % 2 == 0 {
        s.div(c).hi
    } else {
        c.div(s).neg().hi
    }
}

/// `atan(z)` to a few ulps with no coefficient table (libm's atan would bring its own): two
/// halvings, `atan z = 2 atan(z / (1 + sqrt(1 + z^2)))`, bring `|z|` below tan(pi/16), where
/// 13 terms of the Taylor series reach full precision.
fn atan_guess(z: f64) -> f64 {
    let mut t = z;
    for _ in 0..2 {
        t /= 1.0 + libm::sqrt(1.0 + t * t);
    }
    let t2 = t * t;
    let mut p = 0.0;
    for k in (0..13).rev() {
        p = 1.0 / (2 * k + 1) as f64 - t2 * p;
    }
    4.0 * t * p
}

/// `atan(z)` for `|z| <= 1`: one Newton step on `tan(y) = z` from [`atan_guess`], which squares
/// its error away.
fn atan_dd(z: DD) -> DD {
    if z.hi.abs() < TINY {
        return cubic_start(z, -3.0);
    }
    let y0 = atan_guess(z.hi);
    let (s, c) = sincos_small(DD::from(y0));
    DD::from(y0).add(c.mul(z.mul(c).sub(s)))
}

pub fn atan(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        return x;
    }
    let ax = x.abs();
    let r = if ax <= 1.0 {
        atan_dd(DD::from(ax))
    } else if ax > 7.4e19 {
        PI_2
    } else {
        PI_2.sub(atan_dd(DD::ONE.div_f(ax)))
    };
    if x < 0.0 {
        -r.hi
    } else {
        r.hi
    }
}

pub fn atan2(y: f64, x: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    let towards = |v: DD| if y.is_sign_negative() { -v.hi } else { v.hi };
    if y == 0.0 {
        return if x > 0.0 || (x == 0.0 && x.is_sign_positive()) { y } else { towards(PI) };
    }
    if x == 0.0 {
        return towards(PI_2);
    }
    if x.is_infinite() || y.is_infinite() {
        // Only the directions count: an infinity is a unit step, a finite value none (its sign
        // kept), which lands on the multiples of pi/4 and the signed zeros.
        let dir = |v: f64| libm::copysign(if v.is_infinite() { 1.0 } else { 0.0 }, v);
        return atan2(dir(y), dir(x));
    }
    // A quotient far below the normal range: atan(q) is q to far more than the precision
    // subnormals keep, and double-double arithmetic means nothing there.
    let q = y / x;
    if x > 0.0 && q.abs() < 1e-290 {
        return q;
    }
    // Scale both to a common exponent so the quotient's double-double steps cannot overflow.
    let (_, ex) = split_exp(x.abs());
    let (_, ey) = split_exp(y.abs());
    let s = -ex.max(ey);
    let (xs, ys) = (libm::scalbn(x, s), libm::scalbn(y, s));
    let r = if ys.abs() <= xs.abs() {
        let a = atan_dd(DD::from(ys.abs()).div(DD::from(xs.abs())));
        if x > 0.0 {
            a
        } else {
            PI.sub(a)
        }
    } else {
        let a = atan_dd(DD::from(xs.abs()).div(DD::from(ys.abs())));
        if x > 0.0 {
            PI_2.sub(a)
        } else {
            PI_2.add(a)
        }
    };
    towards(r)
}

/// `asin(z)` for `|z| <= 1/2`: one Newton step on `sin(y) = z` from `atan(z / sqrt(1 - z^2))`,
/// a few ulps off, which the step squares away (libm's asin would be another arc function and
/// table in the wasm).
fn asin_dd(z: DD) -> DD {
    if z.hi == 0.0 {
        return z;
    }
    if z.hi.abs() < TINY {
        return cubic_start(z, 6.0);
    }
    let y0 = atan_guess(z.hi / libm::sqrt(1.0 - z.hi * z.hi));
    let (s, c) = sincos_small(DD::from(y0));
    DD::from(y0).add(z.sub(s).div(c))
}

pub fn asin(x: f64) -> f64 {
    if x.is_nan() || x.abs() > 1.0 {
        return f64::NAN;
    }
    let ax = x.abs();
    let r = if ax <= 0.5 { asin_dd(DD::from(ax)) } else { PI_2.sub(asin_dd(sqrt_dd((1.0 - ax) * 0.5)).scale(2.0)) };
    if x.is_sign_negative() {
        -r.hi
    } else {
        r.hi
    }
}

pub fn acos(x: f64) -> f64 {
    if x.is_nan() || x.abs() > 1.0 {
        return f64::NAN;
    }
    if x.abs() <= 0.5 {
        PI_2.sub(asin_dd(DD::from(x))).hi
    } else if x > 0.0 {
        asin_dd(sqrt_dd((1.0 - x) * 0.5)).scale(2.0).hi
    } else {
        PI.sub(asin_dd(sqrt_dd((1.0 + x) * 0.5)).scale(2.0)).hi
    }
}

// ---- glibc's hyperbolic functions (fdlibm's methods) on the functions above

const HI_22: u32 = 0x40360000;

fn high_word(x: f64) -> u32 {
    ((x.to_bits() >> 32) as u32) & 0x7fff_ffff
}

pub fn cosh(x: f64) -> f64 {
    let ix = high_word(x);
    let ax = x.abs();
    if ix < HI_22 {
        if ix < 0x3fd62e43 {
            if ix < 0x3c800000 {
                return 1.0;
            }
            let t = super::special::expm1(ax);
            let w = 1.0 + t;
            return 1.0 + (t * t) / (w + w);
        }
        let t = exp(ax);
        return 0.5 * t + 0.5 / t;
    }
    if ix < 0x40862e42 {
        return 0.5 * exp(ax);
    }
    let lx = x.to_bits() as u32;
    if ix < 0x408633ce || (ix == 0x408633ce && lx <= 0x8fb9f87d) {
        let w = exp(0.5 * ax);
        let t = 0.5 * w;
        return t * w;
    }
    if ix >= 0x7ff00000 {
        return x * x;
    }
    f64::INFINITY
}

pub fn sinh(x: f64) -> f64 {
    let ix = high_word(x);
    if ix >= 0x7ff00000 {
        return x + x;
    }
    let h = if x.is_sign_negative() { -0.5 } else { 0.5 };
    let ax = x.abs();
    if ix < HI_22 {
        if ix < 0x3e300000 {
            return x;
        }
        let t = super::special::expm1(ax);
        if ix < 0x3ff00000 {
            return h * (2.0 * t - t * t / (t + 1.0));
        }
        return h * (t + t / (t + 1.0));
    }
    if ix < 0x40862e42 {
        return h * exp(ax);
    }
    let lx = x.to_bits() as u32;
    if ix < 0x408633ce || (ix == 0x408633ce && lx <= 0x8fb9f87d) {
        let w = exp(0.5 * ax);
        let t = h * w;
        return t * w;
    }
    x * 1.0e307
}

pub fn tanh(x: f64) -> f64 {
    let ix = high_word(x);
    if ix >= 0x7ff00000 {
        return if x.is_nan() {
            x
        } else if x > 0.0 {
            1.0
        } else {
            -1.0
        };
    }
    let z = if ix < HI_22 {
        if x == 0.0 {
            return x;
        }
        if ix < 0x3c800000 {
            return x * (1.0 + x);
        }
        if ix >= 0x3ff00000 {
            let t = super::special::expm1(2.0 * x.abs());
            1.0 - 2.0 / (t + 2.0)
        } else {
            let t = super::special::expm1(-2.0 * x.abs());
            -t / (t + 2.0)
        }
    } else {
        1.0
    };
    if x.is_sign_negative() {
        -z
    } else {
        z
    }
}

const LN2_F: f64 = core::f64::consts::LN_2;

pub fn asinh(x: f64) -> f64 {
    let ix = high_word(x);
    if ix < 0x3e300000 {
        return x;
    }
    let ax = x.abs();
    let w = if ix > 0x41b00000 {
        if ix >= 0x7ff00000 {
            return x + x;
        }
        log(ax) + LN2_F
    } else if ix > 0x40000000 {
        log(2.0 * ax + 1.0 / (libm::sqrt(ax * ax + 1.0) + ax))
    } else {
        let t = ax * ax;
        super::special::log1p(ax + t / (1.0 + libm::sqrt(1.0 + t)))
    };
    libm::copysign(w, x)
}

pub fn acosh(x: f64) -> f64 {
    let hx = (x.to_bits() >> 32) as u32;
    if x.is_nan() {
        return x;
    }
    if x < 1.0 {
        return f64::NAN;
    }
    if hx >= 0x41b00000 {
        if hx >= 0x7ff00000 {
            return x + x;
        }
        return log(x) + LN2_F;
    }
    if x == 1.0 {
        return 0.0;
    }
    if hx > 0x40000000 {
        let t = x * x;
        return log(2.0 * x - 1.0 / (x + libm::sqrt(t - 1.0)));
    }
    let t = x - 1.0;
    super::special::log1p(t + libm::sqrt(2.0 * t + t * t))
}

pub fn atanh(x: f64) -> f64 {
    let xa = x.abs();
    let t = if xa < 0.5 {
        if xa < 1.0 / 268435456.0 {
            return x;
        }
        let t = xa + xa;
        0.5 * super::special::log1p(t + t * xa / (1.0 - xa))
    } else if xa < 1.0 {
        0.5 * super::special::log1p((xa + xa) / (1.0 - xa))
    } else if xa > 1.0 || x.is_nan() {
        return f64::NAN;
    } else {
        return x / 0.0;
    };
    libm::copysign(t, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from glibc (CPython's `math` on the same machine as MicroPython's unix port).
    #[test]
    fn matches_glibc() {
        assert_eq!(exp(1.0), core::f64::consts::E);
        assert_eq!(exp(-0.23870000000000013).to_bits(), 0x3fe934702b173f89);
        assert_eq!(exp(709.782712893384), 1.7976931348622732e308);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(-745.1332191019411), 5e-324);
        assert_eq!(exp(-745.1332191019412), 0.0);
        assert_eq!(exp(-745.14), 0.0);
        assert_eq!(exp(-740.0), 4.2e-322);
        assert_eq!(log(10.0), core::f64::consts::LN_10);
        assert_eq!(log(2.0), core::f64::consts::LN_2);
        assert_eq!(log2(8.0), 3.0);
        assert_eq!(log2(2f64.powi(-1070)), -1070.0);
        assert_eq!(log10(1000.0), 3.0);
        assert_eq!(log10(1e-5), -5.0);
        assert_eq!(pow(2.0, 0.5), core::f64::consts::SQRT_2);
        assert_eq!(pow(10.0, 22.0), 1e22);
        assert_eq!(pow(-2.0, 3.0), -8.0);
        assert_eq!(pow(2.0, -1074.0), 5e-324);
        assert_eq!(pow(2.0, 1024.0), f64::INFINITY);
        assert_eq!(sin(2.5), 0.5984721441039565);
        assert_eq!(cos(1.5).to_bits(), 0x3FB2_1BD5_4FC5_F9A7);
        assert_eq!(tan(4.0), 1.1578212823495775);
        assert_eq!(sin(1e22), -0.8522008497671888);
        assert_eq!(sin(1e300), -0.8178819121159085);
        assert_eq!(cos(1e300), -0.5753861119575491);
        assert_eq!(sin(core::f64::consts::PI), 1.2246467991473532e-16);
        assert_eq!(cos(1.0), 0.5403023058681398);
        assert_eq!(atan(1.0), PI_4.hi);
        assert_eq!(atan2(1.0, -1.0), 2.356194490192345);
        assert_eq!(asin(1.0), PI_2.hi);
        assert_eq!(acos(-1.0), PI.hi);
        assert_eq!(acos(0.5), core::f64::consts::FRAC_PI_3);
        assert_eq!(cosh(1.0), 1.5430806348152437);
    }

    /// The quick sin/cos agree with the full series wherever their rounding test passes, and
    /// the test passes almost everywhere.
    #[test]
    fn quick_sincos_matches_series() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut quick, mut total) = (0, 0);
        for i in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let scale = [1e-6, 1e-3, 0.5, 3.0, 100.0, 1e5][i % 6];
            let (_, r) = reduce((unit - 0.5) * 2.0 * scale);
            for odd in [true, false] {
                total += 1;
                if let Some(y) = sincos_quick(r, odd) {
                    quick += 1;
                    let full = sincos_series(r, odd).hi;
                    assert_eq!(y.to_bits(), full.to_bits(), "r = {:?}, odd = {}", r, odd);
                }
            }
        }
        assert!(quick * 100 > total * 95, "quick path taken {} of {}", quick, total);
    }

    /// The table-free first guess of atan is within a few ulps of libm's everywhere on
    /// [-1, 1], close enough for one Newton step to reach double-double precision.
    #[test]
    fn atan_guess_is_a_few_ulps_off() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..100_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let z = ((seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) * [1.0, 1e-3, 1e-5][i % 3];
            let (guess, exact) = (atan_guess(z), libm::atan(z));
            let ulp = f64::from_bits(exact.abs().to_bits() + 1) - exact.abs();
            assert!((guess - exact).abs() <= 4.0 * ulp, "z = {z}: {guess} vs {exact}");
        }
    }

    #[test]
    fn specials() {
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(log(0.0), f64::NEG_INFINITY);
        assert!(log(-1.0).is_nan());
        assert_eq!(pow(0.0, -1.0), f64::INFINITY);
        assert_eq!(pow(-0.0, -1.0), f64::NEG_INFINITY);
        assert!(pow(-1.0, 0.5).is_nan());
        assert_eq!(pow(f64::NAN, 0.0), 1.0);
        assert_eq!(pow(-1.0, f64::INFINITY), 1.0);
        assert_eq!(pow(0.5, f64::NEG_INFINITY), f64::INFINITY);
        assert_eq!(atan2(0.0, -0.0), PI.hi);
        assert_eq!(atan2(-0.0, 0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(atan2(f64::INFINITY, f64::NEG_INFINITY), 2.356194490192345);
        assert!(sin(f64::INFINITY).is_nan());
        assert_eq!(sin(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert_eq!(atanh(1.0), f64::INFINITY);
    }
}
