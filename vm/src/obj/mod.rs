//! Heap object kinds, one file per family (MicroPython's `obj*.c`).

pub mod class;
pub mod dict;
pub mod func;
pub mod gen;
pub mod iter;
pub mod str;

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::any::Any;

use crate::bigint::BigInt;

pub use class::{Class, ExcData, Instance};
pub use dict::Dict;
pub use func::{Arity, Builtin, CodeObj, Function, NativeFn};
pub use gen::Generator;
pub use iter::IterState;
pub use str::PyStr;

use crate::heap::{ObjRef, PackedRef};
use crate::value::Value;

/// Replace `v[start..stop]` with `items` (bounds clamped to `v`): slice assignment for lists,
/// bytearrays and arrays, and the REPL's line editor. One memmove of the tail, in place when the
/// lengths match; `Vec::splice` was ~1 KB of wasm per element type.
pub fn splice<T: Copy>(v: &mut Vec<T>, start: usize, stop: usize, items: &[T]) {
    let len = v.len();
    let stop = stop.min(len);
    let start = start.min(stop);
    let (old, new) = (stop - start, items.len());
    if new != old {
        if new > old {
            // Room for the difference; the copies below overwrite it.
            v.extend_from_slice(&items[..new - old]);
        }
        v.copy_within(stop..len, start + new);
        v.truncate(len + new - old);
    }
    v[start..start + new].copy_from_slice(items);
}

/// `n` copies of `x`, as `vec![x; n]`: a plain loop, where `vec!`'s `from_elem` and
/// `extend_with` are two larger functions per element type in the wasm. For tables filled
/// once (the attribute cache, a code object's hints, a regex's captures, …).
pub fn filled<T: Clone>(x: T, n: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(x.clone());
    }
    v
}

/// Everything that lives on the heap.
pub enum Obj {
    /// What a stale handle reads as; never reachable from Python.
    Freed,
    Str(PyStr),
    Bytes(Vec<u8>),
    ByteArray(Vec<u8>),
    BigInt(Box<BigInt>),
    Complex(f64, f64),
    List(Vec<Value>),
    Tuple(Box<[Value]>),
    Dict(Box<Dict>),
    /// A set or frozenset: a dict whose values are unused.
    Set { table: Box<Dict>, frozen: bool },
    Range { start: i64, stop: i64, step: i64 },
    /// `iter(range(...))`, held inline (as the range is) rather than boxed in `Iter`: a box was
    /// one allocation per `for` over a range and per generator expression over one.
    RangeIter { cur: i64, stop: i64, step: i64 },
    Slice(Box<[Value; 3]>),
    Cell(Value),
    Code(alloc::rc::Rc<CodeObj>),
    Function(Box<Function>),
    Builtin(Box<Builtin>),
    BoundMethod { func: Value, receiver: Value },
    Class(Box<Class>),
    Instance(Instance),
    Module(Box<Module>),
    Generator(Box<Generator>),
    Iter(Box<IterState>),
    /// `dict.keys()`, `.values()`, `.items()`: live views of a dict.
    DictView { dict: PackedRef, part: iter::DictPart },
    Property(Box<[Value; 3]>),
    StaticMethod(Value),
    ClassMethod(Value),
    Super { class: Value, obj: Value },
    /// Objects defined by modules (deque, StringIO, array, regex, …).
    Ext(Box<dyn ExtObj>),
}

pub struct Module {
    pub name: crate::intern::Sym,
    pub dict: ObjRef,
}

/// The `as_any`/`as_any_mut` pair every [`ExtObj`] needs, written once.
#[macro_export]
macro_rules! ext_any {
    () => {
        fn as_any(&self) -> &dyn core::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn core::any::Any {
            self
        }
    };
}

/// An object kind defined outside the core: it names its class and lists its references.
pub trait ExtObj: Any {
    /// The class (a heap `Class`) the object is an instance of.
    fn class(&self) -> ObjRef;
    /// Call `f` on every value the object holds, for the collector.
    fn trace(&self, f: &mut dyn FnMut(Value));
    fn size_estimate(&self) -> usize {
        32
    }
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl Obj {
    /// Visit every value this object refers to.
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        match self {
            Obj::Freed
            | Obj::Str(_)
            | Obj::Bytes(_)
            | Obj::ByteArray(_)
            | Obj::BigInt(_)
            | Obj::Complex(..)
            | Obj::Range { .. }
            | Obj::RangeIter { .. } => {}
            Obj::List(items) => items.iter().for_each(|v| f(*v)),
            Obj::Tuple(items) => items.iter().for_each(|v| f(*v)),
            Obj::Dict(d) => d.trace(f),
            Obj::Set { table, .. } => table.trace(f),
            Obj::Slice(s) => s.iter().for_each(|v| f(*v)),
            Obj::Property(p) => p.iter().for_each(|v| f(*v)),
            Obj::Cell(v) | Obj::StaticMethod(v) | Obj::ClassMethod(v) => f(*v),
            Obj::Code(c) => c.trace(f),
            Obj::Function(func) => func.trace(f),
            Obj::Builtin(b) => f(b.receiver),
            Obj::BoundMethod { func, receiver } => {
                f(*func);
                f(*receiver)
            }
            Obj::Class(c) => c.trace(f),
            Obj::Instance(i) => i.trace(f),
            Obj::Module(m) => f(Value::Obj(m.dict)),
            Obj::Generator(g) => g.trace(f),
            Obj::Iter(it) => it.trace(f),
            Obj::DictView { dict, .. } => f(Value::Obj(dict.get())),
            Obj::Super { class, obj } => {
                f(*class);
                f(*obj)
            }
            Obj::Ext(e) => e.trace(f),
        }
    }

    /// Approximate bytes held, for the heap limit and `gc.mem_alloc()`.
    pub fn size_estimate(&self) -> usize {
        const V: usize = core::mem::size_of::<Value>();
        let base = core::mem::size_of::<Obj>();
        base + match self {
            Obj::Str(s) => s.as_str().len(),
            Obj::Bytes(b) | Obj::ByteArray(b) => b.capacity(),
            Obj::BigInt(b) => 16 + b.bits() as usize / 8,
            Obj::List(items) => items.capacity() * V,
            Obj::Tuple(items) => items.len() * V,
            Obj::Dict(d) => d.size_estimate(),
            Obj::Set { table, .. } => table.size_estimate(),
            Obj::Slice(_) | Obj::Property(_) => 3 * V,
            Obj::Code(c) => c.size_estimate(),
            Obj::Function(_) => core::mem::size_of::<Function>(),
            Obj::Builtin(_) => core::mem::size_of::<Builtin>(),
            Obj::Class(c) => c.size_estimate(),
            Obj::Instance(i) => i.size_estimate(),
            Obj::Module(_) => core::mem::size_of::<Module>(),
            Obj::Generator(g) => g.size_estimate(),
            Obj::Iter(_) => core::mem::size_of::<IterState>(),
            Obj::Ext(e) => e.size_estimate(),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::splice;
    use crate::testing::Rng;
    use alloc::vec::Vec;

    #[test]
    fn splice_matches_vec_splice() {
        let mut rng = Rng(11);
        for _ in 0..2000 {
            let len = rng.below(10);
            let v: Vec<u8> = (0..len as u8).collect();
            let items: Vec<u8> = (100..100 + rng.below(8) as u8).collect();
            let stop = rng.below(len + 1);
            let start = rng.below(stop + 1);
            let mut want = v.clone();
            want.splice(start..stop, items.iter().copied());
            let mut got = v.clone();
            splice(&mut got, start, stop, &items);
            assert_eq!(got, want, "{v:?}[{start}..{stop}] = {items:?}");
        }
        // Bounds past the end are clamped, never a panic.
        let mut v = alloc::vec![1, 2, 3];
        splice(&mut v, 5, 2, &[9]);
        assert_eq!(v, [1, 2, 9, 3]);
    }
}
