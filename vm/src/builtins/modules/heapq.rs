//! `heapq`: MicroPython's subset (heappush, heappop, heapify) on lists, ordered by `<`.
//!
//! The sifts follow MicroPython's `modheapq.c` step by step, so the list passes through the same
//! states. They work on the list in place: user `__lt__` may run between steps and may even
//! shrink the list, so every read and write is bounds-checked (MicroPython carries on unchecked;
//! here a sift whose list has shrunk under it just stops, quietly). The item being moved, which
//! for a while lives only in a Rust local, is kept on `vm.roots`.

use crate::value::Kind;
use crate::bytecode::Cmp;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

use super::math::{F};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::math::build_module(vm, "heapq", Value::Null, const { &[("heapify", F(heapify, 1, 1)), ("heappop", F(heappop, 1, 1)), ("heappush", F(heappush, 2, 2))] })
}

fn heap_list(vm: &mut Vm, v: Value) -> PyResult<ObjRef> {
    match v.kind() {
        Kind::Obj(r) if matches!(vm.heap.get(r), Obj::List(_)) => Ok(r),
        _ => Err(vm.type_error("heap must be a list")),
    }
}

fn len(vm: &Vm, l: ObjRef) -> usize {
    match vm.heap.get(l) {
        Obj::List(items) => items.len(),
        _ => 0,
    }
}

/// Item `i`, or None when the list has shrunk below it.
fn get(vm: &Vm, l: ObjRef, i: usize) -> Option<Value> {
    match vm.heap.get(l) {
        Obj::List(items) => items.get(i).copied(),
        _ => None,
    }
}

/// Store item `i`; false when the list has shrunk below it.
fn set(vm: &mut Vm, l: ObjRef, i: usize, v: Value) -> bool {
    match vm.heap.get_mut(l) {
        Obj::List(items) if i < items.len() => {
            items[i] = v;
            true
        }
        _ => false,
    }
}

/// Unwrap a read or write, ending the sift quietly if the list shrank.
macro_rules! or_stop {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Ok(()),
        }
    };
}

/// `a < b` as MicroPython's heapq tests it: only a result that is `True` counts.
fn less(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    Ok(matches!(vm.compare_op(Cmp::Lt, a, b)?, Value::True))
}

/// Run `f` with `v` rooted.
fn rooted<T>(vm: &mut Vm, v: Value, f: impl FnOnce(&mut Vm) -> PyResult<T>) -> PyResult<T> {
    let mark = vm.roots.len();
    vm.roots.push(v);
    let r = f(vm);
    vm.roots.truncate(mark);
    r
}

/// Move the item at `pos` up towards `start` while it is less than its parent.
fn sift_down(vm: &mut Vm, l: ObjRef, start: usize, pos: usize) -> PyResult<()> {
    let item = or_stop!(get(vm, l, pos));
    rooted(vm, item, |vm| {
        let mut pos = pos;
        while pos > start {
            let parent_pos = (pos - 1) >> 1;
            let parent = or_stop!(get(vm, l, parent_pos));
            if less(vm, item, parent)? {
                or_stop!(set(vm, l, pos, parent).then_some(()));
                pos = parent_pos;
            } else {
                break;
            }
        }
        set(vm, l, pos, item);
        Ok(())
    })
}

/// Move the smaller child up until a leaf is reached, put the item there, then sift it down.
fn sift_up(vm: &mut Vm, l: ObjRef, pos: usize) -> PyResult<()> {
    let start = pos;
    let item = or_stop!(get(vm, l, pos));
    rooted(vm, item, |vm| {
        let mut pos = pos;
        let end = len(vm, l);
        let mut child = 2 * pos + 1;
        while child < end {
            if child + 1 < end {
                let (a, b) = (or_stop!(get(vm, l, child)), or_stop!(get(vm, l, child + 1)));
                if !less(vm, a, b)? {
                    child += 1;
                }
            }
            let c = or_stop!(get(vm, l, child));
            or_stop!(set(vm, l, pos, c).then_some(()));
            pos = child;
            child = 2 * pos + 1;
        }
        or_stop!(set(vm, l, pos, item).then_some(()));
        sift_down(vm, l, start, pos)
    })
}

fn heappush(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = heap_list(vm, a[0])?;
    vm.list_append(a[0], a[1])?;
    let n = len(vm, l);
    sift_down(vm, l, 0, n - 1)?;
    Ok(Value::None)
}

fn heappop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = heap_list(vm, a[0])?;
    let (first, remaining) = match vm.heap.get_mut(l) {
        Obj::List(items) if !items.is_empty() => {
            let last = items.pop().unwrap_or(Value::None);
            if items.is_empty() {
                (last, 0)
            } else {
                let first = core::mem::replace(&mut items[0], last);
                (first, items.len())
            }
        }
        _ => return Err(vm.index_error("empty heap")),
    };
    if remaining > 0 {
        rooted(vm, first, |vm| sift_up(vm, l, 0))?;
    }
    Ok(first)
}

fn heapify(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = heap_list(vm, a[0])?;
    let mut i = len(vm, l) / 2;
    while i > 0 {
        i -= 1;
        sift_up(vm, l, i)?;
    }
    Ok(Value::None)
}
