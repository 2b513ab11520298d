//! `set` and `frozenset`: construction, methods and the set algebra operators.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::vec::Vec;

use super::args;
use crate::ast::BinOp;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const SET_METHODS: super::Table = &[
    nat_kw("__new__", set_new, 0, VARARGS),
    nat("add", add, 2, 2),
    nat("remove", remove, 2, 2),
    nat("discard", discard, 2, 2),
    nat("pop", pop, 1, 1),
    nat("clear", clear, 1, 1),
    nat("copy", copy, 1, 1),
    nat("update", update, 1, VARARGS),
    nat("union", union, 2, 2),
    nat("intersection", intersection, 2, 2),
    nat("difference", difference, 1, VARARGS),
    nat("symmetric_difference", symmetric_difference, 2, 2),
    nat("intersection_update", intersection_update, 2, 2),
    nat("difference_update", difference_update, 1, VARARGS),
    nat("symmetric_difference_update", symmetric_difference_update, 2, 2),
    nat("issubset", issubset, 2, 2),
    nat("issuperset", issuperset, 2, 2),
    nat("isdisjoint", isdisjoint, 2, 2),
];

pub const FROZENSET_METHODS: super::Table = &[
    nat_kw("__new__", frozenset_new, 0, VARARGS),
    nat("copy", copy, 1, 1),
    nat("union", union, 2, 2),
    nat("intersection", intersection, 2, 2),
    nat("difference", difference, 1, VARARGS),
    nat("symmetric_difference", symmetric_difference, 2, 2),
    nat("issubset", issubset, 2, 2),
    nat("issuperset", issuperset, 2, 2),
    nat("isdisjoint", isdisjoint, 2, 2),
];

fn set_ref(vm: &mut Vm, v: Value) -> PyResult<ObjRef> {
    if let Kind::Obj(r) = v.kind() {
        match vm.heap.get(r) {
            Obj::Set { .. } => return Ok(r),
            Obj::Instance(i) => {
                if let Kind::Obj(b) = i.base().kind() {
                    if matches!(vm.heap.get(b), Obj::Set { .. }) {
                        return Ok(b);
                    }
                }
            }
            _ => {}
        }
    }
    Err(vm.type_error("expected a set"))
}

fn keys(vm: &Vm, r: ObjRef) -> Vec<Value> {
    vm.dict_table(r).map(crate::obj::dict::Dict::keys).unwrap_or_default()
}

/// A new set (or frozenset) of `items` in MicroPython's table of `alloc` slots (a literal's
/// length, else 0), rooted while they are hashed.
pub(crate) fn build(vm: &mut Vm, items: Vec<Value>, frozen: bool, alloc: usize) -> PyResult<Value> {
    let s = vm.new_set_alloc(frozen, alloc)?;
    vm.roots.push(s);
    let r = items.into_iter().try_for_each(|it| vm.set_add(s, it));
    vm.roots.pop();
    r.map(|_| s)
}

/// The set of iterable `v`'s items. A generator's go straight into the set (`collect_into`),
/// without the vector of them `build` takes.
fn from_iterable(vm: &mut Vm, v: Value, frozen: bool) -> PyResult<Value> {
    if !matches!(v.kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Generator(_))) {
        let items = vm.collect_iter(v)?;
        return build(vm, items, frozen, 0);
    }
    let s = vm.new_set(frozen)?;
    vm.roots.push(s);
    let r = vm.collect_into(v, s);
    vm.roots.pop();
    r.map(|()| s)
}

fn set_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    let s = match a.get(1) {
        Some(&v) => from_iterable(vm, v, false)?,
        None => vm.new_set(false)?,
    };
    super::int::wrap_native(vm, a[0], s, TypeId::Set)
}

fn frozenset_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    let s = match a.get(1) {
        Some(&v) => from_iterable(vm, v, true)?,
        None => vm.new_set(true)?,
    };
    super::int::wrap_native(vm, a[0], s, TypeId::FrozenSet)
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` (and the methods, where `b` is any iterable) as
/// MicroPython computes them, so the result lists its items in MicroPython's order: union and
/// the differences start from a copy of `a`'s table and add, remove or toggle `b`'s items in
/// `b`'s order; an intersection collects, in `b`'s order, the items `a` holds.
pub fn set_algebra(vm: &mut Vm, op: BinOp, a: Value, b: Value, frozen: bool) -> PyResult<Value> {
    let ra = set_ref(vm, a)?;
    let items = vm.collect_iter(b)?;
    let held = vm.new_tuple(items.clone())?;
    vm.roots.push(held);
    let same = a == b;
    let out = match op {
        BinOp::BitAnd if !same => vm.new_set(frozen),
        _ => copy_of(vm, ra, frozen),
    };
    let r = out.and_then(|out| {
        vm.roots.push(out);
        let Kind::Obj(ro) = out.kind() else { unreachable!() };
        let r = items.into_iter().try_for_each(|k| match op {
            BinOp::BitAnd if same => Ok(()),
            BinOp::BitAnd => match vm.dict_find(ra, k)? {
                Some(_) => vm.set_add(out, k),
                None => Ok(()),
            },
            BinOp::Sub => vm.dict_remove(ro, k).map(drop),
            BinOp::BitXor => match vm.dict_remove(ro, k)? {
                Some(_) => Ok(()),
                None => vm.set_add(out, k),
            },
            _ => vm.set_add(out, k),
        });
        vm.roots.pop();
        r.map(|_| out)
    });
    vm.roots.pop();
    r
}

/// A set with a copy of set `r`'s table (MicroPython's `set_copy`: same slots, same order).
fn copy_of(vm: &mut Vm, r: ObjRef, frozen: bool) -> PyResult<Value> {
    let table = match vm.heap.get(r) {
        Obj::Set { table, .. } => (**table).clone(),
        _ => crate::obj::Dict::new(),
    };
    vm.alloc(Obj::Set { table: alloc::boxed::Box::new(table), frozen })
}

/// `op` with a dict view on either side: both sides as new sets, the first rooted while the
/// second is made and both while the result is.
pub fn view_algebra(vm: &mut Vm, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
    let x = from_iterable(vm, a, false)?;
    vm.roots.push(x);
    let r = from_iterable(vm, b, false).and_then(|y| {
        vm.roots.push(y);
        let r = set_algebra(vm, op, x, y, false);
        vm.roots.pop();
        r
    });
    vm.roots.pop();
    r
}

fn other_set(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if set_ref(vm, v).is_ok() {
        return Ok(v);
    }
    from_iterable(vm, v, false)
}

fn algebra_method(vm: &mut Vm, a: &[Value], op: BinOp) -> PyResult<Value> {
    let this = set_ref(vm, a[0])?;
    let frozen = matches!(vm.heap.get(this), Obj::Set { frozen: true, .. });
    let mut acc = a[0];
    if a.len() == 1 {
        return copy_of(vm, this, frozen);
    }
    for &o in &a[1..] {
        vm.roots.push(acc);
        let r = set_algebra(vm, op, acc, o, frozen);
        vm.roots.pop();
        acc = r?;
    }
    Ok(acc)
}

fn replace_contents(vm: &mut Vm, target: Value, src: Value) -> PyResult<()> {
    let t = set_ref(vm, target)?;
    let s = set_ref(vm, src)?;
    let table = match vm.heap.get(s) {
        Obj::Set { table, .. } => (**table).clone(),
        _ => return Ok(()),
    };
    if let Obj::Set { table: dst, .. } = vm.heap.get_mut(t) {
        **dst = table;
    }
    Ok(())
}

fn union(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    algebra_method(vm, a, BinOp::BitOr)
}

fn intersection(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    algebra_method(vm, a, BinOp::BitAnd)
}

fn difference(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    algebra_method(vm, a, BinOp::Sub)
}

fn symmetric_difference(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    algebra_method(vm, a, BinOp::BitXor)
}

fn update_with(vm: &mut Vm, a: &[Value], op: BinOp) -> PyResult<Value> {
    let r = algebra_method(vm, a, op)?;
    replace_contents(vm, a[0], r)?;
    Ok(Value::None)
}

/// `set.update(*others)`.
fn update(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    for &o in &a[1..] {
        vm.set_update(a[0], o)?;
    }
    Ok(Value::None)
}

fn intersection_update(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    update_with(vm, a, BinOp::BitAnd)
}

fn difference_update(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    update_with(vm, a, BinOp::Sub)
}

fn symmetric_difference_update(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    update_with(vm, a, BinOp::BitXor)
}

fn subset(vm: &mut Vm, x: Value, y: Value) -> PyResult<bool> {
    let rx = set_ref(vm, x)?;
    let ry = set_ref(vm, y)?;
    for k in keys(vm, rx) {
        if vm.dict_find(ry, k)?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

fn issubset(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let o = other_set(vm, a[1])?;
    subset(vm, a[0], o).map(Value::bool)
}

fn issuperset(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let o = other_set(vm, a[1])?;
    subset(vm, o, a[0]).map(Value::bool)
}

fn isdisjoint(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let this = set_ref(vm, a[0])?;
    let items = vm.collect_iter(a[1])?;
    for k in items {
        if vm.dict_find(this, k)?.is_some() {
            return Ok(Value::False);
        }
    }
    Ok(Value::True)
}

fn add(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let s = set_ref(vm, a[0])?;
    vm.set_add(Value::Obj(s), a[1])?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let s = set_ref(vm, a[0])?;
    match vm.dict_remove(s, a[1])? {
        Some(_) => Ok(Value::None),
        None => Err(vm.key_error(a[1])),
    }
}

fn discard(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let s = set_ref(vm, a[0])?;
    vm.dict_remove(s, a[1])?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let s = set_ref(vm, a[0])?;
    let item = match vm.heap.get_mut(s) {
        Obj::Set { table, .. } => table.pop_first(),
        _ => None,
    };
    match item {
        Some((k, _)) => Ok(k),
        None => Err(vm.err(TypeId::KeyError, "pop from an empty set")),
    }
}

fn clear(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, a[0])?;
    if let Obj::Set { table, .. } = vm.heap.get_mut(s) {
        table.clear();
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = set_ref(vm, a[0])?;
    let frozen = matches!(vm.heap.get(s), Obj::Set { frozen: true, .. });
    copy_of(vm, s, frozen)
}
