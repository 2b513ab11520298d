//! The value word: what the stack, locals, lists and dicts hold.
//!
//! Small ints, floats, None/bool and a few singletons are immediate; everything else is a handle
//! into the [`Heap`](crate::heap::Heap), all in one NaN-boxed word. Code outside this file uses
//! the constructors, the `as_*` accessors and [`Value::kind`], never the word itself.

use core::num::NonZeroU64;

use crate::heap::ObjRef;

/// One 64-bit word, NaN-boxed, so that a `Value` (and, with a zero-sized `Exc`, a
/// `PyResult<Value>`) travels in one register: on wasm32 the Rust ABI returns only results of
/// at most 8 bytes in registers, so the 16-byte enum came back through memory on every call.
///
/// The word is the bitwise NOT of a float's bits. The NaN patterns `0xFFFC_…` and above —
/// below `2^50` once inverted — hold the other kinds; a float with one of those patterns (a
/// negative NaN with a payload) becomes the negative quiet NaN, every other float keeps its
/// bits (`-nan` its sign, a NaN its payload, as in MicroPython):
///
/// | word (`NOT` applied)        | kind                                   |
/// |-----------------------------|----------------------------------------|
/// | `2^50 ..`                   | a float (`!word` is its bits)           |
/// | `2^49 .. 2^50`              | a small int `i`, as `i + 3·2^48`         |
/// | `2^48 .. 2^49`              | an `ObjRef` in the low 32 bits          |
/// | `1 ..= 6`                   | Null, None, False, True, Ellipsis, NotImplemented |
///
/// Zero is never a value (it would be the NaN `0xFFFF_FFFF_FFFF_FFFF`), so `Option<Value>`
/// and `Result<Value, Exc>` with a zero-sized `Exc` are 8 bytes too.
///
/// `==` compares the words: floats by their bits (NaN is equal to itself, 0.0 is not -0.0),
/// which is Python's `is`. Float-valued equality goes through [`Kind`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Value(NonZeroU64);

/// The kinds of value, for `match v.kind() { … }`: what `Value` was as an enum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Internal "no value": an unbound local, an empty cell, a missing optional argument.
    /// Never visible to Python code.
    Null,
    None,
    False,
    True,
    /// A small int. Results that do not fit become heap big ints.
    Int(i64),
    Float(F64),
    Ellipsis,
    NotImplemented,
    Obj(ObjRef),
}

const FLOAT_MIN: u64 = 1 << 50;
const INT_MIN: u64 = 1 << 49;
/// The word of the int 0, mid-range: an int is held as `i + INT_ZERO`, so decoding is one
/// subtraction and a result's range check is the kind test on its word.
const INT_ZERO: u64 = INT_MIN + (1 << 48);
const OBJ_MIN: u64 = 1 << 48;
/// Bits of a small int.
pub const INT_BITS: u32 = 49;
/// The smallest and largest small ints.
pub const SMALL_MIN: i64 = -(1 << (INT_BITS - 1));
pub const SMALL_MAX: i64 = (1 << (INT_BITS - 1)) - 1;

const fn word(w: u64) -> Value {
    match NonZeroU64::new(w) {
        Some(n) => Value(n),
        None => panic!("zero word"),
    }
}

#[allow(non_upper_case_globals, non_snake_case)]
impl Value {
    pub const Null: Value = word(1);
    pub const None: Value = word(2);
    pub const False: Value = word(3);
    pub const True: Value = word(4);
    pub const Ellipsis: Value = word(5);
    pub const NotImplemented: Value = word(6);

    /// A small int. Only for ints known to fit ([`Value::fits`]): lengths, indices, counts,
    /// results already range-checked. Out-of-range ints wrap in release builds.
    #[inline(always)]
    pub fn Int(i: i64) -> Value {
        debug_assert!(Value::fits(i), "{i} is not a small int");
        Value(nonzero((i as u64).wrapping_add(INT_ZERO)))
    }

    /// Does `i` fit a small int?
    #[inline(always)]
    pub fn fits(i: i64) -> bool {
        Value::small(i).is_some()
    }

    /// `i` as a small int, if it fits.
    #[inline(always)]
    pub fn small(i: i64) -> Option<Value> {
        let w = (i as u64).wrapping_add(INT_ZERO);
        ((w >> INT_BITS) == 1).then(|| Value(nonzero(w)))
    }

    /// Are both small ints? The interpreter's fast paths then work on the words: the
    /// encoding is an offset, so sums, differences and order need no decoding.
    #[inline(always)]
    pub fn both_small(a: Value, b: Value) -> bool {
        (a.0.get() >> INT_BITS) == 1 && (b.0.get() >> INT_BITS) == 1
    }

    /// `a + b` (or `a - b`) of two small ints ([`Value::both_small`]), if it is small: the
    /// sum of the words less one offset, whose range check is the kind test on the word.
    #[inline(always)]
    pub fn small_add(a: Value, b: Value, negate: bool) -> Option<Value> {
        let (x, y) = (a.0.get(), b.0.get());
        let w = if negate { x.wrapping_sub(y).wrapping_add(INT_ZERO) } else { x.wrapping_add(y).wrapping_sub(INT_ZERO) };
        ((w >> INT_BITS) == 1).then(|| Value(nonzero(w)))
    }

    /// A key that orders small ints as their values: the word itself.
    #[inline(always)]
    pub fn small_key(self) -> u64 {
        self.0.get()
    }

    /// The small int this value is, known to be one ([`Value::both_small`]).
    #[inline(always)]
    pub fn small_unchecked(self) -> i64 {
        self.0.get().wrapping_sub(INT_ZERO) as i64
    }

    #[inline(always)]
    pub fn Float(f: F64) -> Value {
        Value::float(f.get())
    }

    #[inline(always)]
    pub fn Obj(r: ObjRef) -> Value {
        Value(nonzero(OBJ_MIN | (r.0 as u32 as u64)))
    }

    /// What this value is.
    #[inline(always)]
    pub fn kind(self) -> Kind {
        let w = self.0.get();
        if w >= FLOAT_MIN {
            Kind::Float(F64(!w))
        } else if w >= INT_MIN {
            Kind::Int(w.wrapping_sub(INT_ZERO) as i64)
        } else if w >= OBJ_MIN {
            Kind::Obj(ObjRef(w as u32 as u64))
        } else {
            match w {
                1 => Kind::Null,
                2 => Kind::None,
                3 => Kind::False,
                4 => Kind::True,
                5 => Kind::Ellipsis,
                _ => Kind::NotImplemented,
            }
        }
    }

    /// The small int this value is, if it is one.
    #[inline(always)]
    pub fn as_int(self) -> Option<i64> {
        let w = self.0.get();
        ((w >> INT_BITS) == 1).then(|| w.wrapping_sub(INT_ZERO) as i64)
    }

    #[inline]
    pub fn is_null(self) -> bool {
        self == Value::Null
    }

    #[inline]
    pub fn is_none(self) -> bool {
        self == Value::None
    }

    #[inline]
    pub fn as_obj(self) -> Option<ObjRef> {
        let w = self.0.get();
        (OBJ_MIN..INT_MIN).contains(&w).then_some(ObjRef(w as u32 as u64))
    }

    /// Python's `is`: identity for heap objects, equality of the word for immediates.
    #[inline]
    pub fn is(self, other: Value) -> bool {
        self == other
    }

    /// The truth of an immediate value; None for a heap object, whose type decides.
    #[inline(always)]
    pub fn immediate_truth(self) -> Option<bool> {
        match self.kind() {
            Kind::None | Kind::Null | Kind::False => Some(false),
            Kind::True => Some(true),
            Kind::Int(i) => Some(i != 0),
            Kind::Float(f) => Some(f.get() != 0.0),
            Kind::Ellipsis | Kind::NotImplemented => Some(true),
            Kind::Obj(_) => None,
        }
    }

    #[inline]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::True
        } else {
            Value::False
        }
    }

    /// Is this the value True (not: is it truthy)?
    #[inline]
    pub fn is_true(self) -> bool {
        self == Value::True
    }

    /// The bool this value is, if it is one.
    #[inline]
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::False => Some(false),
            Value::True => Some(true),
            _ => None,
        }
    }

    /// A float, bit for bit, except the negative NaNs whose patterns hold the other kinds:
    /// those become the negative quiet NaN.
    #[inline]
    pub const fn float(f: f64) -> Value {
        let w = !f.to_bits();
        Value(nonzero(if w >= FLOAT_MIN { w } else { !0xFFF8_0000_0000_0000 }))
    }

    /// The float this value is, if it is one.
    #[inline]
    pub fn as_float(self) -> Option<f64> {
        let w = self.0.get();
        (w >= FLOAT_MIN).then(|| f64::from_bits(!w))
    }
}

/// A word known not to be zero by construction (every encoding above sets a bit).
#[inline(always)]
const fn nonzero(w: u64) -> NonZeroU64 {
    match NonZeroU64::new(w) {
        Some(n) => n,
        None => NonZeroU64::MIN,
    }
}

impl core::fmt::Debug for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.kind().fmt(f)
    }
}

/// A float held as its bits. Compares as a float (NaN != NaN, 0.0 == -0.0).
#[derive(Clone, Copy)]
pub struct F64(u64);

impl F64 {
    #[inline(always)]
    pub const fn new(f: f64) -> F64 {
        F64(f.to_bits())
    }

    #[inline(always)]
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl PartialEq for F64 {
    #[inline]
    fn eq(&self, other: &F64) -> bool {
        self.get() == other.get()
    }
}

impl core::fmt::Debug for F64 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.get().fmt(f)
    }
}

impl From<ObjRef> for Value {
    fn from(r: ObjRef) -> Value {
        Value::Obj(r)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::float(f)
    }
}
// One word, and `Option<Value>` uses the zero word.
const _: () = assert!(core::mem::size_of::<Value>() == 8 && core::mem::size_of::<Option<Value>>() == 8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_with_a_niche() {
        struct Zst;
        assert_eq!(core::mem::size_of::<Option<Value>>(), 8);
        assert_eq!(core::mem::size_of::<Result<Value, Zst>>(), 8);
    }

    #[test]
    fn singletons_round_trip() {
        let all = [
            (Value::Null, Kind::Null),
            (Value::None, Kind::None),
            (Value::False, Kind::False),
            (Value::True, Kind::True),
            (Value::Ellipsis, Kind::Ellipsis),
            (Value::NotImplemented, Kind::NotImplemented),
        ];
        for (v, k) in all {
            assert_eq!(v.kind(), k);
            assert_eq!(v.as_int(), None);
            assert_eq!(v.as_float(), None);
            assert_eq!(v.as_obj(), None);
        }
        assert_eq!(Value::bool(true), Value::True);
        assert_eq!(Value::True.as_bool(), Some(true));
        assert_eq!(Value::Int(1).as_bool(), None);
        assert!(Value::True.is_true() && !Value::Int(1).is_true());
        assert_eq!(Value::False.immediate_truth(), Some(false));
    }

    #[test]
    fn ints_round_trip_to_the_edges_of_the_range() {
        for i in [0, 1, -1, 42, -42, SMALL_MAX, SMALL_MIN, SMALL_MAX - 1, SMALL_MIN + 1, 1 << 40, -(1 << 40)] {
            assert!(Value::fits(i));
            assert_eq!(Value::Int(i).kind(), Kind::Int(i));
            assert_eq!(Value::small(i).and_then(Value::as_int), Some(i));
            assert_eq!(Value::Int(i).as_float(), None);
        }
        assert_eq!((SMALL_MIN, SMALL_MAX), (-(1 << 48), (1 << 48) - 1));
        for i in [SMALL_MAX + 1, SMALL_MIN - 1, i64::MAX, i64::MIN] {
            assert!(!Value::fits(i));
            assert_eq!(Value::small(i), None);
        }
    }

    #[test]
    fn handles_round_trip() {
        for r in [0, 1, 12345, u32::MAX as u64] {
            assert_eq!(Value::Obj(ObjRef(r)).kind(), Kind::Obj(ObjRef(r)));
            assert_eq!(Value::Obj(ObjRef(r)).as_obj(), Some(ObjRef(r)));
        }
    }

    #[test]
    fn floats_round_trip_bit_exact() {
        let specials = [0.0, -0.0, 1.0, -2.5, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN, f64::MIN_POSITIVE, f64::EPSILON];
        let subnormals = [f64::from_bits(1), -f64::from_bits(1), f64::from_bits(0x000F_FFFF_FFFF_FFFF), -f64::from_bits(0x000F_FFFF_FFFF_FFFF)];
        // Pseudo-random patterns across the whole space (xorshift), NaNs skipped.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let random = core::iter::from_fn(|| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            Some(f64::from_bits(x))
        });
        for f in specials.into_iter().chain(subnormals).chain(random.take(10_000)).filter(|f| !f.is_nan()) {
            let v = Value::float(f);
            assert_eq!(v.as_float().map(f64::to_bits), Some(f.to_bits()), "{f:e}");
            assert!(matches!(v.kind(), Kind::Float(g) if g.get().to_bits() == f.to_bits()));
            assert_eq!(v.as_int(), None);
            assert_eq!(v.as_obj(), None);
        }
    }

    #[test]
    fn nans_keep_their_bits_but_the_negative_ones_holding_other_kinds() {
        let quiet = f64::NAN.to_bits() & !(1 << 63);
        let kept = [quiet, quiet | 1, 0x7FF0_0000_0000_0001, 0x7FFF_FFFF_FFFF_FFFF, 0xFFF0_0000_0000_0001, 0xFFF8_0000_0000_0000, 0xFFFB_FFFF_FFFF_FFFF];
        let collide = [0xFFFC_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFE_0000_0000_0005];
        for (bits, want) in kept.map(|b| (b, b)).into_iter().chain(collide.map(|b| (b, 0xFFF8_0000_0000_0000))) {
            let v = Value::float(f64::from_bits(bits));
            assert_eq!(v.as_float().map(f64::to_bits), Some(want), "{bits:#x}");
        }
    }

    #[test]
    fn equality_is_identity_and_kinds_compare_floats_as_floats() {
        let (nan, zero, minus_zero) = (Value::float(f64::NAN), Value::float(0.0), Value::float(-0.0));
        assert!(nan.is(nan) && nan == nan);
        assert!(!zero.is(minus_zero));
        assert_eq!(zero.kind(), minus_zero.kind());
        assert_ne!(nan.kind(), nan.kind());
        assert_ne!(Value::float(1.0), Value::Int(1));
        assert_eq!(Value::float(2.5).as_float(), Some(2.5));
    }

    #[test]
    fn a_handle_survives_packing() {
        let r = ObjRef(u32::MAX as u64);
        assert_eq!(r.pack().get(), r);
    }
}
