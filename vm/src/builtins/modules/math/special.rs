//! glibc's erf, erfc, lgamma and tgamma (the versions in the unix port's C library), on top of
//! the correctly rounded functions in `accurate`, so that results match MicroPython's bit for
//! bit. They are transcriptions of glibc 2.36's `s_erf.c`, `e_lgamma_r.c`, `lgamma_neg.c`,
//! `lgamma_product.c`, `e_gamma_r.c`, `gamma_product.c`, `s_expm1.c` and `s_log1p.c`
//! (fdlibm-derived, with glibc's evaluation orders kept: they decide the last bit).

use super::accurate::{cos, exp, log, pow, sin};

fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

fn low_word(x: f64) -> u32 {
    x.to_bits() as u32
}

fn with_high_word(x: f64, hi: u32) -> f64 {
    f64::from_bits(((hi as u64) << 32) | (x.to_bits() & 0xffff_ffff))
}

fn with_low_word(x: f64, lo: u32) -> f64 {
    f64::from_bits((x.to_bits() & 0xffff_ffff_0000_0000) | lo as u64)
}

// ---- log1p and expm1 (s_log1p.c, s_expm1.c)

const LN2_HI: f64 = f64::from_bits(0x3FE62E42FEE00000);
const LN2_LO: f64 = f64::from_bits(0x3DEA39EF35793C76);

pub fn log1p(x: f64) -> f64 {
    const LP: [f64; 8] = [
        0.0,
        f64::from_bits(0x3FE5555555555593),
        f64::from_bits(0x3FD999999997FA04),
        f64::from_bits(0x3FD2492494229359),
        f64::from_bits(0x3FCC71C51D8E78AF),
        f64::from_bits(0x3FC7466496CB03DE),
        f64::from_bits(0x3FC39A09D078C69F),
        f64::from_bits(0x3FC2F112DF3E5244),
    ];
    let hx = high_word(x) as i32;
    let ax = hx & 0x7fffffff;
    let mut k = 1;
    let mut f = 0.0;
    let mut hu: i32 = 0;
    let mut c = 0.0;
    if hx < 0x3FDA827A {
        if ax >= 0x3ff00000 {
            return if x == -1.0 { f64::NEG_INFINITY } else { f64::NAN };
        }
        if ax < 0x3e200000 {
            if ax < 0x3c900000 {
                return x;
            }
            return x - x * x * 0.5;
        }
        if hx > 0 || hx <= 0xbfd2bec3u32 as i32 {
            k = 0;
            f = x;
            hu = 1;
        }
    } else if hx >= 0x7ff00000 {
        return x + x;
    }
    if k != 0 {
        let mut u;
        if hx < 0x43400000 {
            u = 1.0 + x;
            hu = high_word(u) as i32;
            k = (hu >> 20) - 1023;
            c = if k > 0 { 1.0 - (u - x) } else { x - (u - 1.0) };
            c /= u;
        } else {
            u = x;
            hu = high_word(u) as i32;
            k = (hu >> 20) - 1023;
            c = 0.0;
        }
        hu &= 0x000fffff;
        if hu < 0x6a09e {
            u = with_high_word(u, (hu | 0x3ff00000) as u32);
        } else {
            k += 1;
            u = with_high_word(u, (hu | 0x3fe00000) as u32);
            hu = (0x00100000 - hu) >> 2;
        }
        f = u - 1.0;
    }
    let hfsq = 0.5 * f * f;
    let kf = k as f64;
    if hu == 0 {
        if f == 0.0 {
            if k == 0 {
                return 0.0;
            }
            c += kf * LN2_LO;
            return kf * LN2_HI + c;
        }
        let r = hfsq * (1.0 - 0.6666666666666666 * f);
        if k == 0 {
            return f - r;
        }
        return kf * LN2_HI - ((r - (kf * LN2_LO + c)) - f);
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let r1 = z * LP[1];
    let z2 = z * z;
    let r2 = LP[2] + z * LP[3];
    let z4 = z2 * z2;
    let r3 = LP[4] + z * LP[5];
    let z6 = z4 * z2;
    let r4 = LP[6] + z * LP[7];
    let r = r1 + z2 * r2 + z4 * r3 + z6 * r4;
    if k == 0 {
        f - (hfsq - s * (hfsq + r))
    } else {
        kf * LN2_HI - ((hfsq - (s * (hfsq + r) + (kf * LN2_LO + c))) - f)
    }
}

pub fn expm1(x: f64) -> f64 {
    const O_THRESHOLD: f64 = f64::from_bits(0x40862E42FEFA39EF);
    const INVLN2: f64 = f64::from_bits(0x3FF71547652B82FE);
    const Q: [f64; 6] = [
        1.0,
        f64::from_bits(0xBFA11111111110F4),
        f64::from_bits(0x3F5A01A019FE5585),
        f64::from_bits(0xBF14CE199EAADBB7),
        f64::from_bits(0x3ED0CFCA86E65239),
        f64::from_bits(0xBE8AFDB76E09C32D),
    ];
    let mut x = x;
    let hx0 = high_word(x);
    let neg = hx0 & 0x80000000 != 0;
    let hx = hx0 & 0x7fffffff;
    if hx >= 0x4043687A {
        if hx >= 0x40862E42 {
            if hx >= 0x7ff00000 {
                if ((hx & 0xfffff) | low_word(x)) != 0 {
                    return x + x;
                }
                return if neg { -1.0 } else { x };
            }
            if x > O_THRESHOLD {
                return f64::INFINITY;
            }
        }
        if neg {
            return 1.0e-300 - 1.0;
        }
    }
    let k: i32;
    let mut c = 0.0;
    if hx > 0x3fd62e42 {
        let (hi, lo);
        if hx < 0x3FF0A2B2 {
            if !neg {
                hi = x - LN2_HI;
                lo = LN2_LO;
                k = 1;
            } else {
                hi = x + LN2_HI;
                lo = -LN2_LO;
                k = -1;
            }
        } else {
            k = (INVLN2 * x + if neg { -0.5 } else { 0.5 }) as i32;
            let t = k as f64;
            hi = x - t * LN2_HI;
            lo = t * LN2_LO;
        }
        x = hi - lo;
        c = (hi - x) - lo;
    } else if hx < 0x3c900000 {
        return x;
    } else {
        k = 0;
    }
    let hfx = 0.5 * x;
    let hxs = x * hfx;
    let r1 = 1.0 + hxs * Q[1];
    let h2 = hxs * hxs;
    let r2 = Q[2] + hxs * Q[3];
    let h4 = h2 * h2;
    let r3 = Q[4] + hxs * Q[5];
    let r1 = r1 + h2 * r2 + h4 * r3;
    let t = 3.0 - r1 * hfx;
    let mut e = hxs * ((r1 - t) / (6.0 - x * t));
    if k == 0 {
        return x - (x * e - hxs);
    }
    e = x * (e - c) - c;
    e -= hxs;
    if k == -1 {
        return 0.5 * (x - e) - 0.5;
    }
    if k == 1 {
        return if x < -0.25 { -2.0 * (e - (x + 0.5)) } else { 1.0 + 2.0 * (x - e) };
    }
    if k <= -2 || k > 56 {
        let y = 1.0 - (e - x);
        let y = with_high_word(y, high_word(y).wrapping_add((k << 20) as u32));
        return y - 1.0;
    }
    if k < 20 {
        let t = with_high_word(1.0, 0x3ff00000 - (0x200000 >> k));
        let y = t - (e - x);
        with_high_word(y, high_word(y).wrapping_add((k << 20) as u32))
    } else {
        let t = with_high_word(1.0, ((0x3ff - k) << 20) as u32);
        let t = with_low_word(t, 0);
        let y = x - (e + t) + 1.0;
        with_high_word(y, high_word(y).wrapping_add((k << 20) as u32))
    }
}

// ---- erf and erfc (s_erf.c)

const ERX: f64 = f64::from_bits(0x3FEB0AC160000000);
const EFX: f64 = f64::from_bits(0x3FC06EBA8214DB69);
const PP: [f64; 5] = [
    f64::from_bits(0x3FC06EBA8214DB68),
    f64::from_bits(0xBFD4CD7D691CB913),
    f64::from_bits(0xBF9D2A51DBD7194F),
    f64::from_bits(0xBF77A291236668E4),
    f64::from_bits(0xBEF8EAD6120016AC),
];
const QQ: [f64; 6] = [
    0.0,
    f64::from_bits(0x3FD97779CDDADC09),
    f64::from_bits(0x3FB0A54C5536CEBA),
    f64::from_bits(0x3F74D022C4D36B0F),
    f64::from_bits(0x3F215DC9221C1A10),
    f64::from_bits(0xBED09C4342A26120),
];
const PA: [f64; 7] = [
    f64::from_bits(0xBF6359B8BEF77538),
    f64::from_bits(0x3FDA8D00AD92B34D),
    f64::from_bits(0xBFD7D240FBB8C3F1),
    f64::from_bits(0x3FD45FCA805120E4),
    f64::from_bits(0xBFBC63983D3E28EC),
    f64::from_bits(0x3FA22A36599795EB),
    f64::from_bits(0xBF61BF380A96073F),
];
const QA: [f64; 7] = [
    0.0,
    f64::from_bits(0x3FBB3E6618EEE323),
    f64::from_bits(0x3FE14AF092EB6F33),
    f64::from_bits(0x3FB2635CD99FE9A7),
    f64::from_bits(0x3FC02660E763351F),
    f64::from_bits(0x3F8BEDC26B51DD1C),
    f64::from_bits(0x3F888B545735151D),
];
const RA: [f64; 8] = [
    f64::from_bits(0xBF843412600D6435),
    f64::from_bits(0xBFE63416E4BA7360),
    f64::from_bits(0xC0251E0441B0E726),
    f64::from_bits(0xC04F300AE4CBA38D),
    f64::from_bits(0xC0644CB184282266),
    f64::from_bits(0xC067135CEBCCABB2),
    f64::from_bits(0xC054526557E4D2F2),
    f64::from_bits(0xC023A0EFC69AC25C),
];
const SA: [f64; 9] = [
    0.0,
    f64::from_bits(0x4033A6B9BD707687),
    f64::from_bits(0x4061350C526AE721),
    f64::from_bits(0x407B290DD58A1A71),
    f64::from_bits(0x40842B1921EC2868),
    f64::from_bits(0x407AD02157700314),
    f64::from_bits(0x405B28A3EE48AE2C),
    f64::from_bits(0x401A47EF8E484A93),
    f64::from_bits(0xBFAEEFF2EE749A62),
];
const RB: [f64; 7] = [
    f64::from_bits(0xBF84341239E86F4A),
    f64::from_bits(0xBFE993BA70C285DE),
    f64::from_bits(0xC031C209555F995A),
    f64::from_bits(0xC064145D43C5ED98),
    f64::from_bits(0xC083EC881375F228),
    f64::from_bits(0xC09004616A2E5992),
    f64::from_bits(0xC07E384E9BDC383F),
];
const SB: [f64; 8] = [
    0.0,
    f64::from_bits(0x403E568B261D5190),
    f64::from_bits(0x40745CAE221B9F0A),
    f64::from_bits(0x409802EB189D5118),
    f64::from_bits(0x40A8FFB7688C246A),
    f64::from_bits(0x40A3F219CEDF3BE6),
    f64::from_bits(0x407DA874E79FE763),
    f64::from_bits(0xC03670E242712D62),
];
const TINY: f64 = 1e-300;

/// `(y, P/Q)` on [0, 0.84375): the rational part of erf.
fn erf_small(x: f64) -> f64 {
    let z = x * x;
    let r1 = PP[0] + z * PP[1];
    let z2 = z * z;
    let r2 = PP[2] + z * PP[3];
    let z4 = z2 * z2;
    let s1 = 1.0 + z * QQ[1];
    let s2 = QQ[2] + z * QQ[3];
    let s3 = QQ[4] + z * QQ[5];
    let r = r1 + z2 * r2 + z4 * PP[4];
    let s = s1 + z2 * s2 + z4 * s3;
    r / s
}

/// `(P, Q)` on [0.84375, 1.25).
fn erf_mid(x: f64) -> (f64, f64) {
    let s = x.abs() - 1.0;
    let p1 = PA[0] + s * PA[1];
    let s2 = s * s;
    let q1 = 1.0 + s * QA[1];
    let s4 = s2 * s2;
    let p2 = PA[2] + s * PA[3];
    let s6 = s4 * s2;
    let q2 = QA[2] + s * QA[3];
    let p3 = PA[4] + s * PA[5];
    let q3 = QA[4] + s * QA[5];
    (p1 + s2 * p2 + s4 * p3 + s6 * PA[6], q1 + s2 * q2 + s4 * q3 + s6 * QA[6])
}

/// `exp(-x*x - 0.5625 + R/S)` for |x| >= 1.25 (x taken positive).
fn erfc_tail(x: f64, ix: u32, bound: u32) -> f64 {
    let s = 1.0 / (x * x);
    let (r, ss);
    if ix < bound {
        let r1 = RA[0] + s * RA[1];
        let s2 = s * s;
        let s1 = 1.0 + s * SA[1];
        let s4 = s2 * s2;
        let r2 = RA[2] + s * RA[3];
        let s6 = s4 * s2;
        let s2b = SA[2] + s * SA[3];
        let s8 = s4 * s4;
        let r3 = RA[4] + s * RA[5];
        let s3 = SA[4] + s * SA[5];
        let r4 = RA[6] + s * RA[7];
        let s4b = SA[6] + s * SA[7];
        r = r1 + s2 * r2 + s4 * r3 + s6 * r4;
        ss = s1 + s2 * s2b + s4 * s3 + s6 * s4b + s8 * SA[8];
    } else {
        let r1 = RB[0] + s * RB[1];
        let s2 = s * s;
        let s1 = 1.0 + s * SB[1];
        let s4 = s2 * s2;
        let r2 = RB[2] + s * RB[3];
        let s6 = s4 * s2;
        let s2b = SB[2] + s * SB[3];
        let r3 = RB[4] + s * RB[5];
        let s3 = SB[4] + s * SB[5];
        let s4b = SB[6] + s * SB[7];
        r = r1 + s2 * r2 + s4 * r3 + s6 * RB[6];
        ss = s1 + s2 * s2b + s4 * s3 + s6 * s4b;
    }
    let z = with_low_word(x, 0);
    exp(-z * z - 0.5625) * exp((z - x) * (z + x) + r / ss)
}

pub fn erf(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let ix = (hx & 0x7fffffff) as u32;
    if ix >= 0x7ff00000 {
        let i = ((hx as u32) >> 31) << 1;
        return (1 - i as i32) as f64 + 1.0 / x;
    }
    if ix < 0x3feb0000 {
        if ix < 0x3e300000 {
            if ix < 0x00800000 {
                return 0.0625 * (16.0 * x + (16.0 * EFX) * x);
            }
            return x + EFX * x;
        }
        return x + x * erf_small(x);
    }
    if ix < 0x3ff40000 {
        let (p, q) = erf_mid(x);
        return if hx >= 0 { ERX + p / q } else { -ERX - p / q };
    }
    if ix >= 0x40180000 {
        return if hx >= 0 { 1.0 - TINY } else { TINY - 1.0 };
    }
    let ax = x.abs();
    let r = erfc_tail(ax, ix, 0x4006DB6E);
    if hx >= 0 {
        1.0 - r / ax
    } else {
        r / ax - 1.0
    }
}

pub fn erfc(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let ix = (hx & 0x7fffffff) as u32;
    if ix >= 0x7ff00000 {
        return ((((hx as u32) >> 31) << 1) as f64) + 1.0 / x;
    }
    if ix < 0x3feb0000 {
        if ix < 0x3c700000 {
            return 1.0 - x;
        }
        let y = erf_small(x);
        if hx < 0x3fd00000 {
            return 1.0 - (x + x * y);
        }
        let r = x * y + (x - 0.5);
        return 0.5 - r;
    }
    if ix < 0x3ff40000 {
        let (p, q) = erf_mid(x);
        return if hx >= 0 { (1.0 - ERX) - p / q } else { 1.0 + (ERX + p / q) };
    }
    if ix < 0x403c0000 {
        if hx < 0 && ix >= 0x40180000 {
            return 2.0 - TINY;
        }
        let ax = x.abs();
        let r = erfc_tail(ax, ix, 0x4006DB6D);
        return if hx > 0 { r / ax } else { 2.0 - r / ax };
    }
    if hx > 0 {
        TINY * TINY
    } else {
        2.0 - TINY
    }
}

// ---- lgamma (e_lgamma_r.c, lgamma_neg.c, lgamma_product.c)

const PI_F: f64 = core::f64::consts::PI;
const TWO52: f64 = f64::from_bits(0x4330000000000000);
const A: [f64; 12] = [
    f64::from_bits(0x3FB3C467E37DB0C8),
    f64::from_bits(0x3FD4A34CC4A60FAD),
    f64::from_bits(0x3FB13E001A5562A7),
    f64::from_bits(0x3F951322AC92547B),
    f64::from_bits(0x3F7E404FB68FEFE8),
    f64::from_bits(0x3F67ADD8CCB7926B),
    f64::from_bits(0x3F538A94116F3F5D),
    f64::from_bits(0x3F40B6C689B99C00),
    f64::from_bits(0x3F2CF2ECED10E54D),
    f64::from_bits(0x3F1C5088987DFB07),
    f64::from_bits(0x3EFA7074428CFA52),
    f64::from_bits(0x3F07858E90A45837),
];
const TC: f64 = f64::from_bits(0x3FF762D86356BE3F);
const TF: f64 = f64::from_bits(0xBFBF19B9BCC38A42);
const TT: f64 = f64::from_bits(0xBC50C7CAA48A971F);
const T: [f64; 15] = [
    f64::from_bits(0x3FDEF72BC8EE38A2),
    f64::from_bits(0xBFC2E4278DC6C509),
    f64::from_bits(0x3FB08B4294D5419B),
    f64::from_bits(0xBFA0C9A8DF35B713),
    f64::from_bits(0x3F9266E7970AF9EC),
    f64::from_bits(0xBF851F9FBA91EC6A),
    f64::from_bits(0x3F78FCE0E370E344),
    f64::from_bits(0xBF6E2EFFB3E914D7),
    f64::from_bits(0x3F6282D32E15C915),
    f64::from_bits(0xBF56FE8EBF2D1AF1),
    f64::from_bits(0x3F4CDF0CEF61A8E9),
    f64::from_bits(0xBF41A6109C73E0EC),
    f64::from_bits(0x3F34AF6D6C0EBBF7),
    f64::from_bits(0xBF347F24ECC38C38),
    f64::from_bits(0x3F35FD3EE8C2D3F4),
];
const U: [f64; 6] = [
    f64::from_bits(0xBFB3C467E37DB0C8),
    f64::from_bits(0x3FE4401E8B005DFF),
    f64::from_bits(0x3FF7475CD119BD6F),
    f64::from_bits(0x3FEF497644EA8450),
    f64::from_bits(0x3FCD4EAEF6010924),
    f64::from_bits(0x3F8B678BBF2BAB09),
];
const V: [f64; 6] = [
    0.0,
    f64::from_bits(0x4003A5D7C2BD619C),
    f64::from_bits(0x40010725A42B18F5),
    f64::from_bits(0x3FE89DFBE45050AF),
    f64::from_bits(0x3FBAAE55D6537C88),
    f64::from_bits(0x3F6A5ABB57D0CF61),
];
const S: [f64; 7] = [
    f64::from_bits(0xBFB3C467E37DB0C8),
    f64::from_bits(0x3FCB848B36E20878),
    f64::from_bits(0x3FD4D98F4F139F59),
    f64::from_bits(0x3FC2BB9CBEE5F2F7),
    f64::from_bits(0x3F9B481C7E939961),
    f64::from_bits(0x3F5E26B67368F239),
    f64::from_bits(0x3F00BFECDD17E945),
];
const R: [f64; 7] = [
    0.0,
    f64::from_bits(0x3FF645A762C4AB74),
    f64::from_bits(0x3FE71A1893D3DCDC),
    f64::from_bits(0x3FC601EDCCFBDF27),
    f64::from_bits(0x3F9317EA742ED475),
    f64::from_bits(0x3F497DDACA41A95B),
    f64::from_bits(0x3EDEBAF7A5B38140),
];
const W: [f64; 7] = [
    f64::from_bits(0x3FDACFE390C97D69),
    f64::from_bits(0x3FB555555555553B),
    f64::from_bits(0xBF66C16C16B02E5C),
    f64::from_bits(0x3F4A019F98CF38B6),
    f64::from_bits(0xBF4380CB8C0FE741),
    f64::from_bits(0x3F4B67BA4CDAD5D1),
    f64::from_bits(0xBF5AB89D0B9E43E4),
];

/// `-sin(pi*x)` for negative x, reduced as fdlibm does.
fn sin_pi(x: f64) -> f64 {
    let ix = high_word(x) & 0x7fffffff;
    if ix < 0x3fd00000 {
        return sin(PI_F * x);
    }
    let mut y = -x;
    let z = libm::floor(y);
    let n: i32;
    if z != y {
        y *= 0.5;
        y = 2.0 * (y - libm::floor(y));
        n = (y * 4.0) as i32;
    } else if ix >= 0x43400000 {
        y = 0.0;
        n = 0;
    } else {
        let z = if ix < 0x43300000 { y + TWO52 } else { z };
        let k = (low_word(z) & 1) as i32;
        y = k as f64;
        n = k << 2;
    }
    let y = match n {
        0 => sin(PI_F * y),
        1 | 2 => cos(PI_F * (0.5 - y)),
        3 | 4 => sin(PI_F * (1.0 - y)),
        5 | 6 => -cos(PI_F * (y - 1.5)),
        _ => sin(PI_F * (y - 2.0)),
    };
    -y
}

/// `lgamma(x)` and the sign of gamma(x).
pub fn lgamma_r(x: f64) -> (f64, i32) {
    let hx = high_word(x) as i32;
    let lx = low_word(x);
    let mut sign = 1;
    let ix = hx & 0x7fffffff;
    if ix >= 0x7ff00000 {
        return (x * x, sign);
    }
    if (ix as u32 | lx) == 0 {
        if hx < 0 {
            sign = -1;
        }
        return (1.0 / x.abs(), sign);
    }
    if ix < 0x3b900000 {
        if hx < 0 {
            return (-log(-x), -1);
        }
        return (-log(x), 1);
    }
    let mut x = x;
    let mut nadj = 0.0;
    if hx < 0 {
        if ix >= 0x43300000 {
            return (f64::INFINITY, sign);
        }
        if x < -2.0 && x > -28.0 {
            return lgamma_neg(x);
        }
        let t = sin_pi(x);
        if t == 0.0 {
            return (f64::INFINITY, sign);
        }
        nadj = log(PI_F / (t * x).abs());
        if t < 0.0 {
            sign = -1;
        }
        x = -x;
    }
    let mut r;
    if ((ix - 0x3ff00000) as u32 | lx) == 0 || ((ix - 0x40000000) as u32 | lx) == 0 {
        r = 0.0;
    } else if ix < 0x40000000 {
        let (y, i);
        if ix <= 0x3feccccc {
            r = -log(x);
            if ix >= 0x3FE76944 {
                y = 1.0 - x;
                i = 0;
            } else if ix >= 0x3FCDA661 {
                y = x - (TC - 1.0);
                i = 1;
            } else {
                y = x;
                i = 2;
            }
        } else {
            r = 0.0;
            if ix >= 0x3FFBB4C3 {
                y = 2.0 - x;
                i = 0;
            } else if ix >= 0x3FF3B4C4 {
                y = x - TC;
                i = 1;
            } else {
                y = x - 1.0;
                i = 2;
            }
        }
        match i {
            0 => {
                let z = y * y;
                let p1 = A[0] + z * (A[2] + z * (A[4] + z * (A[6] + z * (A[8] + z * A[10]))));
                let p2 = z * (A[1] + z * (A[3] + z * (A[5] + z * (A[7] + z * (A[9] + z * A[11])))));
                let p = y * p1 + p2;
                r += p - 0.5 * y;
            }
            1 => {
                let z = y * y;
                let w = z * y;
                let p1 = T[0] + w * (T[3] + w * (T[6] + w * (T[9] + w * T[12])));
                let p2 = T[1] + w * (T[4] + w * (T[7] + w * (T[10] + w * T[13])));
                let p3 = T[2] + w * (T[5] + w * (T[8] + w * (T[11] + w * T[14])));
                let p = z * p1 - (TT - w * (p2 + y * p3));
                r += TF + p;
            }
            _ => {
                let p1 = y * (U[0] + y * (U[1] + y * (U[2] + y * (U[3] + y * (U[4] + y * U[5])))));
                let p2 = 1.0 + y * (V[1] + y * (V[2] + y * (V[3] + y * (V[4] + y * V[5]))));
                r += -0.5 * y + p1 / p2;
            }
        }
    } else if ix < 0x40200000 {
        let i = x as i32;
        let y = x - i as f64;
        let p = y * (S[0] + y * (S[1] + y * (S[2] + y * (S[3] + y * (S[4] + y * (S[5] + y * S[6]))))));
        let q = 1.0 + y * (R[1] + y * (R[2] + y * (R[3] + y * (R[4] + y * (R[5] + y * R[6])))));
        r = 0.5 * y + p / q;
        let mut z = 1.0;
        if i >= 3 {
            for k in (2..i).rev() {
                z *= y + k as f64;
            }
            r += log(z);
        }
    } else if ix < 0x43900000 {
        let t = log(x);
        let z = 1.0 / x;
        let y = z * z;
        let w = W[0] + z * (W[1] + y * (W[2] + y * (W[3] + y * (W[4] + y * (W[5] + y * W[6])))));
        r = (x - 0.5) * (t - 1.0) + w;
    } else {
        r = x * (log(x) - 1.0);
    }
    if hx < 0 {
        r = nadj - r;
    }
    (r, sign)
}

const LGAMMA_ZEROS: [[f64; 2]; 52] = [
    [f64::from_bits(0xC003A7FC9600F86C), f64::from_bits(0xBC855F64F98AF8D0)],
    [f64::from_bits(0xC005FB410A1BD901), f64::from_bits(0x3C9A19A96D2E6F85)],
    [f64::from_bits(0xC009260DBC9E59AF), f64::from_bits(0xBCAF717CD335A7B3)],
    [f64::from_bits(0xC00FA471547C2FE5), f64::from_bits(0xBC770D4561291237)],
    [f64::from_bits(0xC010284E78599581), f64::from_bits(0x3CAE78C1E9E43CFE)],
    [f64::from_bits(0xC013F7577A6EEAFD), f64::from_bits(0x3CA5DE5EAB7F12CF)],
    [f64::from_bits(0xC014086A57F0B6D9), f64::from_bits(0xBC895262B72CA9CA)],
    [f64::from_bits(0xC017FE92F591F40D), f64::from_bits(0xBCB7DD4ED62CBD32)],
    [f64::from_bits(0xC018016B25897C8D), f64::from_bits(0x3C927E0F49A4BA72)],
    [f64::from_bits(0xC01BFFCBF76B86F0), f64::from_bits(0x3C6853B29347B806)],
    [f64::from_bits(0xC01C0033FDEDFE1F), f64::from_bits(0x3CB20BB7D2324678)],
    [f64::from_bits(0xC01FFFF97F8159CF), f64::from_bits(0xBC8E54F415A91586)],
    [f64::from_bits(0xC02000034028B3F9), f64::from_bits(0xBCBF60CB3CEC1CED)],
    [f64::from_bits(0xC021FFFFA3884BD0), f64::from_bits(0xBCAFF90C9D2AE925)],
    [f64::from_bits(0xC02200005C7768FB), f64::from_bits(0xBC9B5B610FFB70D4)],
    [f64::from_bits(0xC023FFFFF6C0D7C0), f64::from_bits(0x3CC197CEA8C42D7D)],
    [f64::from_bits(0xC0240000093F2777), f64::from_bits(0xBCB927B45D95E154)],
    [f64::from_bits(0xC025FFFFFF28CDD4), f64::from_bits(0x3CAC9924A65AA486)],
    [f64::from_bits(0xC026000000D7322A), f64::from_bits(0xBCC8AECB2D37FF52)],
    [f64::from_bits(0xC027FFFFFFEE1127), f64::from_bits(0xBC9CE1F7906B30F5)],
    [f64::from_bits(0xC02800000011EED9), f64::from_bits(0x3CA19D5307E1FB5E)],
    [f64::from_bits(0xC029FFFFFFFE9EDC), f64::from_bits(0x3CC84F40342D001C)],
    [f64::from_bits(0xC02A000000016124), f64::from_bits(0xBCC84E03341EE8DD)],
    [f64::from_bits(0xC02BFFFFFFFFE6C7), f64::from_bits(0x3CCD2A30F3DAE0FB)],
    [f64::from_bits(0xC02C000000001939), f64::from_bits(0xBCCD2A2F4A73AF63)],
    [f64::from_bits(0xC02DFFFFFFFFFE52), f64::from_bits(0x3CCFCF9CCFD8867E)],
    [f64::from_bits(0xC02E0000000001AE), f64::from_bits(0xBCCFCF9CCDE87210)],
    [f64::from_bits(0xC02FFFFFFFFFFFE5), f64::from_bits(0xBCA80C18CC43EA26)],
    [f64::from_bits(0xC03000000000000D), f64::from_bits(0xBCDCFE7CE6768509)],
    [f64::from_bits(0xC030FFFFFFFFFFFF), f64::from_bits(0xBCCAB4E23F3D49F1)],
    [f64::from_bits(0xC031000000000001), f64::from_bits(0x3CCAB4E23F3D4BBC)],
    [f64::from_bits(0xC032000000000000), f64::from_bits(0x3CA6827863B97D9A)],
    [f64::from_bits(0xC032000000000000), f64::from_bits(0xBCA6827863B97D95)],
    [f64::from_bits(0xC033000000000000), f64::from_bits(0x3C62F49B46814157)],
    [f64::from_bits(0xC033000000000000), f64::from_bits(0xBC62F49B46814157)],
    [f64::from_bits(0xC034000000000000), f64::from_bits(0x3C1E542BA4020225)],
    [f64::from_bits(0xC034000000000000), f64::from_bits(0xBC1E542BA4020225)],
    [f64::from_bits(0xC035000000000000), f64::from_bits(0x3BD71B8EF6DCF572)],
    [f64::from_bits(0xC035000000000000), f64::from_bits(0xBBD71B8EF6DCF572)],
    [f64::from_bits(0xC036000000000000), f64::from_bits(0x3B90CE396DB7F853)],
    [f64::from_bits(0xC036000000000000), f64::from_bits(0xBB90CE396DB7F853)],
    [f64::from_bits(0xC037000000000000), f64::from_bits(0x3B4761B41316381A)],
    [f64::from_bits(0xC037000000000000), f64::from_bits(0xBB4761B41316381A)],
    [f64::from_bits(0xC038000000000000), f64::from_bits(0x3AFF2CF01972F578)],
    [f64::from_bits(0xC038000000000000), f64::from_bits(0xBAFF2CF01972F578)],
    [f64::from_bits(0xC039000000000000), f64::from_bits(0x3AB3F3CCDD165FA9)],
    [f64::from_bits(0xC039000000000000), f64::from_bits(0xBAB3F3CCDD165FA9)],
    [f64::from_bits(0xC03A000000000000), f64::from_bits(0x3A688E85FC6A4E5A)],
    [f64::from_bits(0xC03A000000000000), f64::from_bits(0xBA688E85FC6A4E5A)],
    [f64::from_bits(0xC03B000000000000), f64::from_bits(0x3A1D1AB1C2DCCEA3)],
    [f64::from_bits(0xC03B000000000000), f64::from_bits(0xBA1D1AB1C2DCCEA3)],
    [f64::from_bits(0xC03C000000000000), f64::from_bits(0x39D0A18A2635085D)],
];

const E_HI: f64 = f64::from_bits(0x4005BF0A8B145769);
const E_LO: f64 = f64::from_bits(0x3CA4D57EE2B1013A);

const LGAMMA_COEFF: [f64; 12] = [
    f64::from_bits(0x3FB5555555555555),
    f64::from_bits(0xBF66C16C16C16C17),
    f64::from_bits(0x3F4A01A01A01A01A),
    f64::from_bits(0xBF43813813813814),
    f64::from_bits(0x3F4B951E2B18FF23),
    f64::from_bits(0xBF5F6AB0D9993C7D),
    f64::from_bits(0x3F7A41A41A41A41A),
    f64::from_bits(0xBF9E4286CB0F5398),
    f64::from_bits(0x3FC6FE96381E0680),
    f64::from_bits(0xBFF6476701181F3A),
    f64::from_bits(0x402ACE44322CE006),
    f64::from_bits(0xC0639B2525CCCC1B),
];

const POLY_COEFF: [f64; 101] = [
    f64::from_bits(0xBFF0B71C5C54D42F),
    f64::from_bits(0xBFE8E743B80BE6EB),
    f64::from_bits(0xBFBEC84140851911),
    f64::from_bits(0xBFEC6F93B44708FD),
    f64::from_bits(0xBFB03CD87CDC0AC6),
    f64::from_bits(0xBFED5D35DB9C25DC),
    f64::from_bits(0x3FA362342F019FA9),
    f64::from_bits(0xBFEDE4BF88C17BD6),
    f64::from_bits(0x3FC374C2630E5489),
    f64::from_bits(0xBFEF07FD438DA6A0),
    f64::from_bits(0x3FD1D832322425D6),
    f64::from_bits(0xBFEE5261121AFACF),
    f64::from_bits(0xBFE94B9FBC0A9D55),
    f64::from_bits(0x3FCCE4F07EF5ECCE),
    f64::from_bits(0xBFF02A5AD35619D9),
    f64::from_bits(0x3FE2DD3622CF82C8),
    f64::from_bits(0xBFF4D8332EBA090A),
    f64::from_bits(0x3FF1C0C94B1B2B60),
    f64::from_bits(0xBFFC9A70D138C74E),
    f64::from_bits(0x3FFD7D9CF1D4C196),
    f64::from_bits(0xC0048FDFA66B55D6),
    f64::from_bits(0x4007B3A8FBA5C7FC),
    f64::from_bits(0xC00F0DDBD84F1F3B),
    f64::from_bits(0xBFEAFA51AA0BAC30),
    f64::from_bits(0xBFECD2C93460812B),
    f64::from_bits(0x3FE61AE94504F9AC),
    f64::from_bits(0xBFF924B09228A86E),
    f64::from_bits(0x3FFD49B12BCF6175),
    f64::from_bits(0xC00844C5DA98698A),
    f64::from_bits(0x401081E9AFA3F693),
    f64::from_bits(0xC018E7BBD5B53A40),
    f64::from_bits(0x4021C5C8559799D9),
    f64::from_bits(0xC02A1B2383CB2D4D),
    f64::from_bits(0x4032E20D7099C585),
    f64::from_bits(0xC03C4EB6691B4CA9),
    f64::from_bits(0x4044B50D08FEC2FF),
    f64::from_bits(0xBFE6E9D4379FFF29),
    f64::from_bits(0xBFF2A82BD590C376),
    f64::from_bits(0x3FF88020F828B810),
    f64::from_bits(0xC009913CF8206BD7),
    f64::from_bits(0x40155EB2094B3A1A),
    f64::from_bits(0xC023855DBA12624A),
    f64::from_bits(0x40312C132716E94C),
    f64::from_bits(0xC03EA94DFA5C0A6D),
    f64::from_bits(0x404B35B0D5FF42C6),
    f64::from_bits(0xC05833F3AD8A89B9),
    f64::from_bits(0x40657DD74128077B),
    f64::from_bits(0xC073188D9B1B288C),
    f64::from_bits(0x4081BFBBA6E8A622),
    f64::from_bits(0xC08FEF853266B89B),
    f64::from_bits(0xBFCE88084613F5D8),
    f64::from_bits(0x3FFCD557CAFF7D2F),
    f64::from_bits(0x400C0CDA42B69B67),
    f64::from_bits(0x401A14172EB3F108),
    f64::from_bits(0x40278365CCACF49A),
    f64::from_bits(0x40350A53A3CE6C73),
    f64::from_bits(0x4042BD6FFDD8F606),
    f64::from_bits(0x4050AC555273D003),
    f64::from_bits(0x405DA633F60ACF86),
    f64::from_bits(0x406A5BD9BC42EEAA),
    f64::from_bits(0x4077699A624D07B9),
    f64::from_bits(0x4084C767B0BD5DFE),
    f64::from_bits(0x409354913513582D),
    f64::from_bits(0x40A1D2C57EE72B31),
    f64::from_bits(0xBFDAD7494A95BA2A),
    f64::from_bits(0x3FF28D60383DA3A6),
    f64::from_bits(0x3FFDB6513ADA89BE),
    f64::from_bits(0x400710B88C7D4601),
    f64::from_bits(0x401114044B1944D2),
    f64::from_bits(0x40192BE643D626E3),
    f64::from_bits(0x40225B6B2C7AF447),
    f64::from_bits(0x402AC5806C8FB432),
    f64::from_bits(0x403379F81F6416AF),
    f64::from_bits(0x403C5618B4FDB960),
    f64::from_bits(0x40449A1685795627),
    f64::from_bits(0x404ECE6FAB6958C3),
    f64::from_bits(0x4056AE7E475689E9),
    f64::from_bits(0xBFE148363C9E6DFF),
    f64::from_bits(0x3FE9B50FA76D3B7D),
    f64::from_bits(0x3FF1474AD5C36709),
    f64::from_bits(0x3FF761ECB90C8C5C),
    f64::from_bits(0x3FFD279BFF588826),
    f64::from_bits(0x400272E801FD9B54),
    f64::from_bits(0x4006ABAABAAB3421),
    f64::from_bits(0x400C28A95868BBAB),
    f64::from_bits(0x4011484F6487284C),
    f64::from_bits(0x40155769F7F3DA71),
    f64::from_bits(0x401AB3BDCA6E5010),
    f64::from_bits(0x40209079843BA0CD),
    f64::from_bits(0xBFE408DACCFC8D1F),
    f64::from_bits(0x3FE2E1711B9800D8),
    f64::from_bits(0x3FE551472843929A),
    f64::from_bits(0x3FEA5E9A26C7F31C),
    f64::from_bits(0x3FEB95354332EB6E),
    f64::from_bits(0x3FEF9E1385EA8808),
    f64::from_bits(0x3FF04B1365A9ADFC),
    f64::from_bits(0x3FF22B54EF213798),
    f64::from_bits(0x3FF2C52C25206BF5),
    f64::from_bits(0x3FF4AA3D798AACE4),
    f64::from_bits(0x3FF5C3F278B504E3),
    f64::from_bits(0x3FF7E08292CC347B),
];

const POLY_DEG: [usize; 8] = [10, 11, 12, 13, 13, 12, 11, 11];
const POLY_END: [usize; 8] = [10, 22, 35, 49, 63, 76, 88, 100];

fn lg_sinpi(x: f64) -> f64 {
    if x <= 0.25 {
        sin(PI_F * x)
    } else {
        cos(PI_F * (0.5 - x))
    }
}

fn lg_cospi(x: f64) -> f64 {
    if x <= 0.25 {
        cos(PI_F * x)
    } else {
        sin(PI_F * (0.5 - x))
    }
}

/// `x * y` exactly: glibc's `mul_split` without FMA is Dekker's product, `accurate`'s.
fn mul_split(x: f64, y: f64) -> (f64, f64) {
    let p = super::accurate::two_prod(x, y);
    (p.hi, p.lo)
}

fn lgamma_product(t: f64, x: f64, x_eps: f64, n: i32) -> f64 {
    let mut ret = 0.0;
    let mut ret_eps = 0.0;
    for i in 0..n {
        let xi = x + i as f64;
        let quot = t / xi;
        let (mhi, mlo) = mul_split(quot, xi);
        let quot_lo = (t - mhi - mlo) / xi - t * x_eps / (xi * xi);
        let (rhi, rlo) = mul_split(ret, quot);
        let rpq = ret + quot;
        let rpq_eps = (ret - rpq) + quot;
        let nret = rpq + rhi;
        let nret_eps = (rpq - nret) + rhi;
        ret_eps += rpq_eps + nret_eps + rlo + ret_eps * quot + quot_lo + quot_lo * (ret + ret_eps);
        ret = nret;
    }
    ret + ret_eps
}

/// lgamma for -28 < x < -2, expanding around the zeros of lgamma.
fn lgamma_neg(x: f64) -> (f64, i32) {
    let mut i = libm::floor(-2.0 * x) as i32;
    if (i & 1) == 0 && i as f64 == -2.0 * x {
        return (f64::INFINITY, 1);
    }
    let xn = if (i & 1) == 0 { (-i / 2) as f64 } else { ((-i - 1) / 2) as f64 };
    i -= 4;
    let sign = if (i & 2) == 0 { -1 } else { 1 };
    let iu = i as usize;
    let x0_hi = LGAMMA_ZEROS[iu][0];
    let x0_lo = LGAMMA_ZEROS[iu][1];
    let xdiff = x - x0_hi - x0_lo;
    if i < 2 {
        let j = (libm::floor(-8.0 * x) as i32 - 16) as usize;
        let xm = (-33 - 2 * j as i32) as f64 * 0.0625;
        let x_adj = x - xm;
        let deg = POLY_DEG[j];
        let end = POLY_END[j];
        let mut g = POLY_COEFF[end];
        for k in 1..=deg {
            g = g * x_adj + POLY_COEFF[end - k];
        }
        return (log1p(g * xdiff / (x - xn)), sign);
    }
    let x_idiff = (xn - x).abs();
    let x0_idiff = (xn - x0_hi - x0_lo).abs();
    let log_sinpi_ratio = if x0_idiff < x_idiff * 0.5 {
        log(lg_sinpi(x0_idiff) / lg_sinpi(x_idiff))
    } else {
        let x0diff2 = (if (i & 1) == 0 { xdiff } else { -xdiff }) * 0.5;
        let sx0d2 = lg_sinpi(x0diff2);
        let cx0d2 = lg_cospi(x0diff2);
        let cot = lg_cospi(x_idiff) / lg_sinpi(x_idiff);
        log1p(2.0 * sx0d2 * (-sx0d2 + cx0d2 * cot))
    };
    let mut y0 = 1.0 - x0_hi;
    let mut y0_eps = -x0_hi + (1.0 - y0) - x0_lo;
    let mut y = 1.0 - x;
    let mut y_eps = -x + (1.0 - y);
    let mut log_gamma_adj = 0.0;
    if i < 6 {
        let n_up = (7 - i) / 2;
        let nf = n_up as f64;
        let ny0 = y0 + nf;
        let ny0_eps = y0 - (ny0 - nf) + y0_eps;
        y0 = ny0;
        y0_eps = ny0_eps;
        let ny = y + nf;
        let ny_eps = y - (ny - nf) + y_eps;
        y = ny;
        y_eps = ny_eps;
        let prodm1 = lgamma_product(xdiff, y - nf, y_eps, n_up);
        log_gamma_adj = -log1p(prodm1);
    }
    let log_gamma_high = xdiff * log1p((y0 - E_HI - E_LO + y0_eps) / E_HI) + (y - 0.5 + y_eps) * log1p(xdiff / y) + log_gamma_adj;
    let y0r = 1.0 / y0;
    let yr = 1.0 / y;
    let y0r2 = y0r * y0r;
    let yr2 = yr * yr;
    let rdiff = -xdiff / (y * y0);
    let mut bterm = [0.0; 12];
    let mut dlast = rdiff;
    let mut elast = rdiff * yr * (yr + y0r);
    bterm[0] = dlast * LGAMMA_COEFF[0];
    for j in 1..12 {
        let dnext = dlast * y0r2 + elast;
        let enext = elast * yr2;
        bterm[j] = dnext * LGAMMA_COEFF[j];
        dlast = dnext;
        elast = enext;
    }
    let mut log_gamma_low = 0.0;
    for j in 0..12 {
        log_gamma_low += bterm[11 - j];
    }
    (log_sinpi_ratio + (log_gamma_high + log_gamma_low), sign)
}

// ---- tgamma (e_gamma_r.c, gamma_product.c)


fn gamma_product(x: f64, x_eps: f64, n: i32) -> (f64, f64) {
    let mut ret = x;
    let mut eps = x_eps / x;
    for i in 1..n {
        eps += x_eps / (x + i as f64);
        let (hi, lo) = mul_split(ret, x + i as f64);
        ret = hi;
        eps += lo / ret;
    }
    (ret, eps)
}

fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = super::accurate::fast_two_sum(a, b);
    (s.hi, s.lo)
}

fn mul_expansion(h1: f64, l1: f64, h2: f64, l2: f64) -> (f64, f64) {
    let (hi, lo) = mul_split(h1, h2);
    let r = h1 * l2 + h2 * l1;
    let (hi, e) = fast_two_sum(hi, r);
    (hi, lo - e)
}

fn div_split(x: f64, y: f64) -> (f64, f64) {
    let hi = x / y;
    let (a, b) = mul_split(hi, y);
    let a = x - a;
    let a = a - b;
    (hi, a / y)
}

fn div_expansion(h1: f64, l1: f64, h2: f64, l2: f64) -> (f64, f64) {
    let (hi, lo) = div_split(h1, h2);
    let r = (l1 * h2 - l2 * h1) / (h2 * h2);
    let (hi, e) = fast_two_sum(hi, r);
    let lo = lo + e;
    fast_two_sum(hi, lo)
}

/// `gamma(x)` for 0 < x < 184 as `(r, e)` with the result `r * 2^e`.
fn gamma_positive(x: f64) -> (f64, i32) {
    if x < 0.5 {
        return (exp(lgamma_r(x + 1.0).0) / x, 0);
    }
    if x <= 1.5 {
        return (exp(lgamma_r(x).0), 0);
    }
    if x < 6.5 {
        let n = libm::ceil(x - 1.5);
        let x_adj = x - n;
        let (prod, eps) = gamma_product(x_adj, 0.0, n as i32);
        return (exp(lgamma_r(x_adj).0) * prod * (1.0 + eps), 0);
    }
    let mut eps = 0.0;
    let mut x_eps = 0.0;
    let mut x_adj = x;
    let mut prod = 1.0;
    if x < 12.0 {
        let n = libm::ceil(12.0 - x);
        x_adj = x + n;
        x_eps = x - (x_adj - n);
        let (p, e) = gamma_product(x_adj - n, x_eps, n as i32);
        prod = p;
        eps = e;
    }
    let x_adj_int = libm::round(x_adj);
    let x_adj_frac = x_adj - x_adj_int;
    let (mut x_adj_mant, mut x_adj_log2) = libm::frexp(x_adj);
    if x_adj_mant < core::f64::consts::FRAC_1_SQRT_2 {
        x_adj_log2 -= 1;
        x_adj_mant *= 2.0;
    }
    let exp2_adj = x_adj_log2 * x_adj_int as i32;
    // glibc's exp2 of |t| <= 4: pow(2, t) computes e^(t ln 2) from log 2 = ln 2 exactly, the
    // correctly rounded 2^t as an exp2 would.
    let (h1, l1) = mul_split(pow(x_adj_mant, x_adj), pow(2.0, x_adj_log2 as f64 * x_adj_frac));
    let (h2, l2) = mul_split(exp(-x_adj), libm::sqrt(2.0 * PI_F / x_adj));
    let (h1, l1) = mul_expansion(h1, l1, h2, l2);
    let (h1, mut l1) = div_expansion(h1, l1, prod, prod * eps);
    let mut exp_adj = x_eps * log(x_adj);
    // gamma's Stirling coefficients are lgamma's first six.
    let mut bsum = LGAMMA_COEFF[5];
    let x_adj2 = x_adj * x_adj;
    for i in 1..=5 {
        bsum = bsum / x_adj2 + LGAMMA_COEFF[5 - i];
    }
    exp_adj += bsum / x_adj;
    l1 += h1 * expm1(exp_adj);
    (h1 + l1, exp2_adj)
}

pub fn tgamma(x: f64) -> f64 {
    let hx = high_word(x) as i32;
    let lx = low_word(x);
    if ((hx & 0x7fffffff) as u32 | lx) == 0 {
        return 1.0 / x;
    }
    if hx < 0 && (hx as u32) < 0xfff00000 && libm::rint(x) == x {
        return f64::NAN;
    }
    if hx as u32 == 0xfff00000 && lx == 0 {
        return f64::NAN;
    }
    if (hx as u32 & 0x7ff00000) == 0x7ff00000 {
        return x + x;
    }
    if x >= 172.0 {
        return f64::INFINITY;
    }
    let mut sign = 0;
    let ret = if x > 0.0 {
        let (t, e) = gamma_positive(x);
        libm::scalbn(t, e)
    } else if x >= -f64::EPSILON / 4.0 {
        1.0 / x
    } else {
        let tx = libm::trunc(x);
        sign = if tx == 2.0 * libm::trunc(tx / 2.0) { -1 } else { 1 };
        if x <= -184.0 {
            0.0
        } else {
            let mut frac = tx - x;
            if frac > 0.5 {
                frac = 1.0 - frac;
            }
            let sinpix = lg_sinpi(frac);
            let (h2, e) = gamma_positive(-x);
            let (h1, l1) = mul_split(sinpix, h2);
            let (h2, l2) = mul_split(h1, x);
            let l2 = l2 + l1 * x;
            let (h1, _) = div_expansion(f64::from_bits(0x400921FB54442D18), f64::from_bits(0x3CA1A62633145C07), h2, l2);
            libm::scalbn(-h1, -e)
        }
    };
    if sign < 0 {
        -ret
    } else {
        ret
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bits of MicroPython's (glibc's) results on the unix port.
    #[test]
    fn matches_glibc() {
        for (x, bits) in [(0.5, 0x3ffc5bf891b4ef6bu64), (1.5, 0x3fec5bf891b4ef6b), (0.1, 0x402306ea7b280d87), (171.5, 0x7fe0e1863dcad789)] {
            assert_eq!(tgamma(x).to_bits(), bits, "gamma({})", x);
        }
        assert_eq!(tgamma(-1.5).to_bits(), 2.363271801207355f64.to_bits());
        assert_eq!(lgamma_r(-1.5).0.to_bits(), 0.8600470153764809f64.to_bits());
        assert!(tgamma(-2.0).is_nan());
        assert_eq!(tgamma(0.0), f64::INFINITY);
        assert_eq!(tgamma(-0.0), f64::NEG_INFINITY);
        assert_eq!(erf(0.5 / 3.0).to_bits(), 0.18633628423320808f64.to_bits());
        assert_eq!(erfc(-1.5 / 3.0).to_bits(), 1.5204998778130465f64.to_bits());
        assert_eq!(log1p(0.0), 0.0);
        assert_eq!(expm1(1e-300), 1e-300);
    }
}
