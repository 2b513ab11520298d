//! Native iterators: the state of `iter(list)`, `enumerate`, `zip`, `map`, dict views, ….

use alloc::vec::Vec;

use crate::heap::ObjRef;
use crate::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictPart {
    Keys,
    Values,
    Items,
}

pub enum IterState {
    /// By index over a list, tuple, bytes or bytearray (re-reads the length each step, as
    /// Python does for lists that change while iterated).
    Seq { seq: Value, idx: usize },
    /// Over a str by byte position, yielding one-character strings.
    Str { s: ObjRef, pos: usize },
    /// Over a dict (or set, with `Keys`).
    Dict { dict: ObjRef, pos: usize, part: DictPart },
    Enumerate { it: Value, n: Value },
    /// `map(f, *its)`, or `zip(*its)` when `f` is Null (one state and one `next` for both).
    Map { f: Value, its: Vec<Value> },
    Filter { f: Value, it: Value },
    /// `reversed(seq)`: `idx` items remain.
    Reversed { seq: Value, idx: usize },
    /// `iter(callable, sentinel)`.
    Call { f: Value, sentinel: Value },
    /// The old protocol: `obj[0]`, `obj[1]`, … until IndexError.
    GetItem { obj: Value, idx: i64 },
    /// An exhausted iterator.
    Done,
}

impl IterState {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        match self {
            IterState::Seq { seq, .. } | IterState::Reversed { seq, .. } => f(*seq),
            IterState::Str { s, .. } => f(Value::Obj(*s)),
            IterState::Dict { dict, .. } => f(Value::Obj(*dict)),
            IterState::Enumerate { it, n } => {
                f(*it);
                f(*n)
            }
            IterState::Map { f: func, its } => {
                f(*func);
                its.iter().for_each(|v| f(*v))
            }
            IterState::Filter { f: func, it } => {
                f(*func);
                f(*it)
            }
            IterState::Call { f: func, sentinel } => {
                f(*func);
                f(*sentinel)
            }
            IterState::GetItem { obj, .. } => f(*obj),
            IterState::Done => {}
        }
    }
}
