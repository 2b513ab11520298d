//! `gc`: the collector's controls and real heap figures.

use crate::builtins::nat;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::make_module(
        vm,
        "gc",
        const { &[
            nat("collect", collect, 0, 0),
            nat("mem_free", mem_free, 0, 0),
            nat("mem_alloc", mem_alloc, 0, 0),
            nat("enable", enable, 0, 0),
            nat("disable", disable, 0, 0),
            nat("isenabled", isenabled, 0, 0),
            nat("threshold", threshold, 0, 1),
        ] },
        &[],
    )
}

fn collect(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.collect_garbage();
    Ok(Value::None)
}

fn mem_free(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.heap.free() as i64))
}

fn mem_alloc(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.heap.used() as i64))
}

fn enable(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.heap.enabled = true;
    Ok(Value::None)
}

fn disable(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.heap.enabled = false;
    Ok(Value::None)
}

fn isenabled(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(vm.heap.enabled))
}

/// `gc.threshold([n])`: MicroPython reports the setting rounded down to its 16-byte blocks.
fn threshold(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match a.first() {
        None => vm.new_int(vm.heap.threshold),
        Some(&v) => {
            let n = crate::builtins::args::int(vm, v)?;
            vm.heap.threshold = if n < 0 { -1 } else { n / 16 * 16 };
            Ok(Value::None)
        }
    }
}
