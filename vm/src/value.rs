//! The value word: what the stack, locals, lists and dicts hold.
//!
//! Small ints, floats, None/bool and a few singletons are immediate; everything else is a handle
//! into the [`Heap`](crate::heap::Heap). Code outside this file should use the constructors and
//! `as_*` accessors so the encoding can later shrink per target (NaN-boxing to 8 bytes).

use crate::heap::ObjRef;

#[derive(Debug, Clone, Copy, PartialEq)]
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
