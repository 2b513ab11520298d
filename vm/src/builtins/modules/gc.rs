//! `gc`: the collector's controls and real heap figures.

use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::make_module(
        vm,
        "gc",
        &[
            ("collect", collect),
            ("mem_free", mem_free),
            ("mem_alloc", mem_alloc),
            ("enable", nothing),
            ("disable", nothing),
            ("isenabled", isenabled),
            ("threshold", threshold),
        ],
        &[],
    )
}

fn collect(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.collect_garbage();
    Ok(Value::None)
}

fn mem_free(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.heap.limit().saturating_sub(vm.heap.used()) as i64))
}

fn mem_alloc(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.heap.used() as i64))
}

fn nothing(_vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::None)
}

fn isenabled(_vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Bool(true))
}

fn threshold(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(if a.is_empty() { Value::Int(-1) } else { Value::None })
}
