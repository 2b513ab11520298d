//! `machine.Signal` (a pin seen through an optional inversion, so "on" can mean a low level)
//! and `machine.PinBase` (the base of pins written in Python; a Signal drives any object
//! with a `value` method).

use crate::value::Kind as VKind;
use crate::builtins::{nat, nat_kw, VARARGS};

use super::{Kind, Kw};
use crate::builtins::args;
use crate::intern::sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub(super) const METHODS: crate::builtins::Table =
    &[nat_kw("__new__", signal_new, 0, VARARGS), nat("__call__", value, 1, 2), nat("value", value, 1, 2), nat("on", on, 1, 1), nat("off", off, 1, 1)];

/// `Signal(pin, invert=False)`, or `Signal(id, mode, ..., invert=False)` to make the Pin too.
fn signal_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let invert_name = vm.intern("invert");
    args::only_kw(vm, kw, &[invert_name])?;
    let rest = &a[1..];
    let Some(&first) = rest.first() else {
        return Err(vm.err0(crate::types::TypeId::TypeError));
    };
    let invert = match args::kwarg(kw, invert_name) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let given_pin = rest.len() == 1 && !matches!(first.kind(), VKind::Int(_));
    let pin = if given_pin {
        first
    } else {
        let cls = super::class(vm, super::PIN)?;
        vm.call_value(Value::Obj(cls), rest)?
    };
    super::new_periph(vm, a, super::SIGNAL, Kind::Signal { pin, invert })
}

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<(Value, bool)> {
    match a.first().and_then(|&v| super::kind_of(vm, v)) {
        Some(Kind::Signal { pin, invert }) => Ok((pin, invert)),
        _ => Err(vm.type_error("expected a Signal")),
    }
}

/// `value()` reads the pin's level through the inversion; `value(x)` drives it.
fn value(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (pin, invert) = this(vm, a)?;
    match a.get(1) {
        None => {
            let level = vm.call_method(pin, sym::VALUE, &[])?;
            if !invert {
                return Ok(level);
            }
            let on = vm.truthy(level)?;
            Ok(Value::Int(i64::from(!on)))
        }
        Some(&v) => {
            let on = vm.truthy(v)? != invert;
            vm.call_method(pin, sym::VALUE, &[Value::Int(i64::from(on))])?;
            Ok(Value::None)
        }
    }
}

fn set(vm: &mut Vm, a: &[Value], on: bool) -> PyResult<Value> {
    let a = args::take::<1>(a);
    value(vm, &[a[0], Value::bool(on)], &[])
}

fn on(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    set(vm, a, true)
}

fn off(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    set(vm, a, false)
}
