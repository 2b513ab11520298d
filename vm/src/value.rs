//! The value word: what the stack, locals, lists and dicts hold.
//!
//! Small ints, floats, None/bool and a few singletons are immediate; everything else is a handle
//! into the [`Heap`](crate::heap::Heap). Code outside this file should use the constructors and
//! `as_*` accessors so the encoding can later shrink per target (NaN-boxing to 8 bytes).

use crate::heap::ObjRef;

/// `repr(u64)`: the tag fills the first word and every payload sits in the second, so a
/// value is copied as two whole words. With Rust's default layout `Bool` sat at byte 1 and
/// `Obj` at byte 4, LLVM copied values in overlapping pieces (byte 0, bytes 1–8, bytes 8–15),
/// and the next instruction's 16-byte load of that stack slot could not be forwarded from those
/// stores: a stall on nearly every push. Instruction counts barely moved; wall time on
/// `cargo xtask bench` fell by 19 %.
///
/// Every payload is a 64-bit integer (bools are two unit variants, a float is its bits in
/// [`F64`], a handle is an `ObjRef` widened to 64 bits), so rustc lays the enum out as a scalar
/// pair and the Rust ABI passes and returns a `Value` in two registers (two wasm locals). With
/// `Bool(bool)`, `Float(f64)` and a 32-bit `ObjRef` it was an aggregate, passed by pointer: each
/// call wrote the value to a stack temporary first. Against that layout: `ferrite.wasm`
/// 284,668 → 277,119 B gzipped, callgrind geomean 0.975 over the 16 scaled perf scripts,
/// `execute`'s frame 0x448 → 0x1f8 bytes on x86-64.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(u64)]
pub enum Value {
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

impl Value {
    #[inline]
    pub fn is_null(self) -> bool {
        matches!(self, Value::Null)
    }

    #[inline]
    pub fn is_none(self) -> bool {
        matches!(self, Value::None)
    }

    #[inline]
    pub fn as_obj(self) -> Option<ObjRef> {
        match self {
            Value::Obj(r) => Some(r),
            _ => None,
        }
    }

    /// Python's `is`: identity for heap objects, equality of the word for immediates.
    pub fn is(self, other: Value) -> bool {
        match (self, other) {
            (Value::Float(a), Value::Float(b)) => a.0 == b.0,
            (a, b) => a == b,
        }
    }

    /// The truth of an immediate value; None for a heap object, whose type decides.
    #[inline(always)]
    pub fn immediate_truth(self) -> Option<bool> {
        match self {
            Value::None | Value::Null | Value::False => Some(false),
            Value::True => Some(true),
            Value::Int(i) => Some(i != 0),
            Value::Float(f) => Some(f.get() != 0.0),
            Value::Ellipsis | Value::NotImplemented => Some(true),
            Value::Obj(_) => None,
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
        matches!(self, Value::True)
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

    #[inline]
    pub const fn float(f: f64) -> Value {
        Value::Float(F64::new(f))
    }

    /// The float this value is, if it is one.
    #[inline]
    pub fn as_float(self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(f.get()),
            _ => None,
        }
    }
}

/// A float held as its bits, so that every payload of `Value` is a 64-bit integer (see
/// `Value`). Compares as a float (NaN != NaN, 0.0 == -0.0), as `Value`'s `==` always did.
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

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::float(f)
    }
}
// Two words; `Option<Value>` still uses the tag's spare values.
const _: () = assert!(core::mem::size_of::<Value>() == 16 && core::mem::size_of::<Option<Value>>() == 16);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_compares_floats_as_floats_and_is_compares_their_bits() {
        let (nan, zero, minus_zero) = (Value::float(f64::NAN), Value::float(0.0), Value::float(-0.0));
        assert_ne!(nan, nan);
        assert!(nan.is(nan));
        assert_eq!(zero, minus_zero);
        assert!(!zero.is(minus_zero));
        assert_ne!(Value::float(1.0), Value::Int(1));
        assert_eq!(Value::float(2.5).as_float(), Some(2.5));
    }

    #[test]
    fn bools_are_two_variants() {
        assert_eq!(Value::bool(true), Value::True);
        assert_eq!(Value::bool(false), Value::False);
        assert_eq!(Value::True.as_bool(), Some(true));
        assert_eq!(Value::Int(1).as_bool(), None);
        assert!(Value::True.is_true() && !Value::Int(1).is_true());
        assert_eq!(Value::False.immediate_truth(), Some(false));
    }

    #[test]
    fn a_handle_survives_packing() {
        let r = ObjRef(u32::MAX as u64);
        assert_eq!(r.pack().get(), r);
    }
}
