//! The bigint against `i128` for values that fit, against identities for values that do not
//! (operands from a fixed-seed generator, so failures reproduce), and against known values.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::BigInt;
use crate::testing::Rng;

impl Rng {
    /// Values of every width up to `i128`, with runs of ones and zeros (carries, borrows).
    fn i128(&mut self) -> i128 {
        let v = (u128::from(self.next()) << 64 | u128::from(self.next())) as i128;
        let v = match self.next() % 4 {
            0 => v,
            1 => v >> (self.next() % 127),
            2 => -1i128 << (self.next() % 127),
            _ => (self.next() % 1000) as i128 - 500,
        };
        if self.next() % 2 == 0 { v } else { v.wrapping_neg() }
    }

    /// A value of up to `max_digits` base-2^32 digits, some with all-ones or zero digits.
    fn big(&mut self, max_digits: u64) -> BigInt {
        let n = (self.next() % max_digits + 1) as usize;
        let mag: Vec<u32> = (0..n)
            .map(|_| match self.next() % 8 {
                0 => 0,
                1 => u32::MAX,
                _ => self.next() as u32,
            })
            .collect();
        BigInt::new(self.next() % 3 == 0, mag)
    }
}

fn big(v: i128) -> BigInt {
    let m = v.unsigned_abs();
    let mag = alloc::vec![m as u32, (m >> 32) as u32, (m >> 64) as u32, (m >> 96) as u32];
    BigInt::new(v < 0, mag)
}

fn num(s: &str) -> BigInt {
    BigInt::parse_bytes(s.as_bytes(), 10).unwrap()
}

/// Python's floor division and modulo on `i128`.
fn floor_div_mod(a: i128, b: i128) -> (i128, i128) {
    let (q, r) = (a / b, a % b);
    if r != 0 && (r < 0) != (b < 0) { (q - 1, r + b) } else { (q, r) }
}

#[test]
fn matches_i128_where_it_fits() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let (x, y) = (rng.i128(), rng.i128());
        let (a, b) = (big(x), big(y));
        assert_eq!(a.to_string(), x.to_string());
        assert_eq!(a.cmp(&b), x.cmp(&y), "{x} cmp {y}");
        assert_eq!(a.to_i64(), i64::try_from(x).ok());
        assert_eq!(a.to_u64(), u64::try_from(x).ok());
        assert_eq!(a.to_f64(), x as f64, "float({x})");
        assert_eq!(a.bits(), u64::from(128 - x.unsigned_abs().leading_zeros()));
        assert_eq!(a.low_u64(), x as u64);
        if let Some(s) = x.checked_add(y) {
            assert_eq!(&a + &b, big(s), "{x} + {y}");
        }
        if let Some(d) = x.checked_sub(y) {
            assert_eq!(&a - &b, big(d), "{x} - {y}");
        }
        if let Some(p) = x.checked_mul(y) {
            assert_eq!(&a * &b, big(p), "{x} * {y}");
        }
        if y != 0 && !(x == i128::MIN && y == -1) {
            let (q, r) = floor_div_mod(x, y);
            assert_eq!(a.div_mod_floor(&b), (big(q), big(r)), "divmod({x}, {y})");
        }
        assert_eq!(&a & &b, big(x & y), "{x} & {y}");
        assert_eq!(&a | &b, big(x | y), "{x} | {y}");
        assert_eq!(&a ^ &b, big(x ^ y), "{x} ^ {y}");
        assert_eq!(!a.clone(), big(!x), "~{x}");
        let s = (rng.next() % 130) as usize;
        assert_eq!(&a >> s, big(x >> s.min(127)), "{x} >> {s}");
        let s = s % 64;
        if (x << s) >> s == x {
            assert_eq!(&a << s, big(x << s), "{x} << {s}");
        }
    }
}

#[test]
fn identities_on_big_values() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for _ in 0..3_000 {
        let (a, b) = (rng.big(24), rng.big(12));
        if !b.is_zero() {
            let (q, r) = a.div_mod_floor(&b);
            assert_eq!(&q * &b + &r, a, "divmod({a}, {b})");
            assert!(r.is_zero() || r.is_negative() == b.is_negative(), "sign of {a} % {b}");
            assert!(r.abs() < b.abs(), "{a} % {b} too large");
            assert_eq!(&(&a * &b).div_floor(&b), &a);
        }
        assert_eq!(&(&a + &b) - &b, a);
        assert_eq!(&(&a - &b) + &b, a);
        assert_eq!(&a * &b, &b * &a);
        assert_eq!(&(&a & &b) + &(&a | &b), &a + &b);
        assert_eq!(&(&a ^ &b) ^ &b, a);
        assert_eq!(-a.clone(), !a.clone() + BigInt::from(1));
        let s = (rng.next() % 200) as usize;
        assert_eq!(&(&a << s) >> s, a);
        assert_eq!(&a >> s, a.div_floor(&BigInt::from(1).shl_by(s)), "{a} >> {s}");
        for radix in [2, 8, 10, 16, 36, (rng.next() % 35 + 2) as u32] {
            let mut text = a.magnitude_str_radix(radix);
            if a.is_negative() {
                text.insert(0, '-');
            }
            assert_eq!(BigInt::parse_bytes(text.as_bytes(), radix), Some(a.clone()), "radix {radix}: {text}");
        }
        assert_eq!(BigInt::from_bytes_le(&a.to_bytes_le()), a.abs());
        let f = a.to_f64();
        if f.is_finite() {
            // The float is the nearest one: less than half an ulp from the value.
            let back = BigInt::from_f64(f).unwrap();
            let ulp = libm::nextafter(f.abs(), f64::INFINITY) - f.abs();
            let err = (&a - &back).abs().to_f64();
            assert!(err <= ulp / 2.0, "float({a}) = {f}");
        }
    }
}

#[test]
fn knuth_division_add_back() {
    // Hacker's Delight's cases where the estimated quotient digit is one too large.
    let a = BigInt::new(false, alloc::vec![0, 0, 0x8000_0000, 0x7fff_ffff]);
    let b = BigInt::new(false, alloc::vec![1, 0, 0x8000_0000]);
    let (q, r) = a.div_mod_floor(&b);
    assert_eq!(q, BigInt::new(false, alloc::vec![0xffff_fffe]));
    assert_eq!(r, BigInt::new(false, alloc::vec![2, 0xffff_ffff, 0x7fff_ffff]));
    let a = BigInt::new(false, alloc::vec![0, 0xffff_fffe, 0, 0x8000_0000]);
    let b = BigInt::new(false, alloc::vec![0xffff, 0, 0x8000_0000]);
    let (q, r) = a.div_mod_floor(&b);
    assert_eq!(&q * &b + &r, a);
    assert!(r < b);
}

#[test]
fn known_values() {
    let two = BigInt::from(2);
    assert_eq!(two.pow(100).to_string(), "1267650600228229401496703205376");
    assert_eq!(two.pow(100).magnitude_str_radix(16), "10000000000000000000000000");
    assert_eq!(num("-1267650600228229401496703205376").magnitude_str_radix(8), "2000000000000000000000000000000000");
    assert_eq!(BigInt::from(3).pow(0), BigInt::from(1));
    let f25 = (1..=25).fold(BigInt::from(1), |p, k| p * BigInt::from(k));
    assert_eq!(f25.to_string(), "15511210043330985984000000");
    assert_eq!(num("100000000000000000000000000000").div_mod_floor(&BigInt::from(7)), (num("14285714285714285714285714285"), BigInt::from(5)));
    assert_eq!(num("-100000000000000000000000000000").div_mod_floor(&BigInt::from(7)), (num("-14285714285714285714285714286"), BigInt::from(2)));
    // pow(a, e, m) takes the sign of m.
    assert_eq!(BigInt::from(3).modpow(&BigInt::from(200), &num("1000000007")), BigInt::from(3).pow(200).mod_floor(&num("1000000007")));
    assert_eq!(BigInt::from(-3).modpow(&BigInt::from(3), &BigInt::from(-7)), BigInt::from(-6));
    assert_eq!(BigInt::from(5).modpow(&BigInt::from(0), &BigInt::from(1)), BigInt::zero());
    // Floats: ties to even, exact both ways, infinity past f64::MAX.
    assert_eq!(num("9007199254740993").to_f64(), 9007199254740992.0);
    assert_eq!(num("9007199254740995").to_f64(), 9007199254740996.0);
    assert_eq!((two.pow(80) + BigInt::from(1)).to_f64(), 1208925819614629174706176.0);
    assert_eq!((two.pow(80) + two.pow(27)).to_f64(), 1208925819614629174706176.0);
    // Just above the halfway point rounds up, to 2^80 + 2^28.
    assert_eq!((two.pow(80) + two.pow(27) + BigInt::from(1)).to_f64(), 1208925819614629443141632.0);
    assert_eq!(two.pow(1024).to_f64(), f64::INFINITY);
    assert_eq!((-two.pow(1024)).to_f64(), f64::NEG_INFINITY);
    assert_eq!((two.pow(1024) - two.pow(970)).to_f64(), f64::INFINITY);
    assert_eq!((two.pow(1024) - two.pow(971)).to_f64(), f64::MAX);
    assert_eq!(BigInt::from_f64(1e30).unwrap().to_string(), "1000000000000000019884624838656");
    assert_eq!(BigInt::from_f64(-2.5e19).unwrap().to_string(), "-25000000000000000000");
    assert_eq!(BigInt::from_f64(-7.9).unwrap(), BigInt::from(-7));
    assert_eq!(BigInt::from_f64(f64::NAN), None);
    // Text that is not a number.
    for bad in ["", "-", "12a", "1_0", " 1", "+-1"] {
        assert_eq!(BigInt::parse_bytes(bad.as_bytes(), 10), None, "{bad:?}");
    }
    assert_eq!(BigInt::parse_bytes(b"zz", 37), None);
    assert_eq!(BigInt::parse_bytes(b"-FfFf", 16), Some(BigInt::from(-65535)));
    assert_eq!(BigInt::zero().magnitude_str_radix(2), "0");
    assert_eq!(BigInt::from(-255).magnitude_str_radix(1), "255");
    assert_eq!(BigInt::from(255).magnitude_str_radix(99), "255");
    // A zero divisor (callers raise first) must not panic.
    assert_eq!(BigInt::from(7).div_mod_floor(&BigInt::zero()), (BigInt::zero(), BigInt::from(7)));
    assert_eq!(num("-0"), BigInt::zero());
    assert!(!num("-0").is_negative());
    // Bytes and the low word, two's complement.
    assert_eq!(BigInt::from_bytes_le(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 1]).to_string(), "4722366482869645213697");
    assert_eq!((-two.pow(70) - BigInt::from(2)).low_u64() as i64, -2);
    assert_eq!(two.pow(70).low_u64(), 0);
    assert_eq!(BigInt::from(i64::MIN).to_i64(), Some(i64::MIN));
    assert_eq!((-(two.pow(63)) - BigInt::from(1)).to_i64(), None);
    let _: String = two.to_string();
}
