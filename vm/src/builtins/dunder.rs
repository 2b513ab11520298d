//! Special methods of built-in containers as callable natives (`dict.__setitem__(d, k, v)`,
//! `super().__getitem__(i)` in a subclass). They act on the built-in value itself, so a
//! subclass's own `__getitem__` is not re-entered.

use crate::builtins::nat;
use super::args;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const CONTAINER: super::Table = &[
    nat("__getitem__", getitem, 2, 2),
    nat("__setitem__", setitem, 3, 3),
    nat("__delitem__", delitem, 2, 2),
    nat("__contains__", contains, 2, 2),
    nat("__len__", len, 1, 1),
];

fn base(vm: &Vm, v: Value) -> Value {
    vm.native_base(v).unwrap_or(v)
}

fn getitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let b = base(vm, a[0]);
    vm.getitem(b, a[1])
}

fn setitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    let b = base(vm, a[0]);
    vm.setitem(b, a[1], a[2])?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let b = base(vm, a[0]);
    vm.delitem(b, a[1])?;
    Ok(Value::None)
}

fn contains(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let b = base(vm, a[0]);
    vm.contains(b, a[1]).map(Value::bool)
}

fn len(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let b = base(vm, a[0]);
    let n = vm.len_of(b)?;
    vm.new_int(n as i64)
}
