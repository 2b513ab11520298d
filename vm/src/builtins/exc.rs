//! Methods and attributes of `BaseException` and its family.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use crate::intern::Sym;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[nat_kw("__init__", init, 0, VARARGS), nat("__str__", str_, 0, VARARGS), nat("__repr__", repr, 0, VARARGS), nat("with_traceback", with_traceback, 0, VARARGS)];
pub const PROPS: super::Table = &[nat("args", args, 0, VARARGS)];
pub const STOPITERATION_PROPS: super::Table = &[nat("value", first_arg, 0, VARARGS)];
pub const OSERROR_PROPS: super::Table = &[nat("errno", first_arg, 0, VARARGS), nat("strerror", second_arg, 0, VARARGS)];

/// `BaseException.__init__(self, *args)`: store args.
fn init(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(&this) = a.first() else { return Ok(Value::None) };
    let t = vm.new_tuple(a[1..].to_vec())?;
    if let Kind::Obj(r) = this.kind() {
        if let Obj::Instance(i) = vm.heap.get_mut(r) {
            if let Some(x) = i.exc_mut() {
                x.args = t;
            }
        }
    }
    Ok(Value::None)
}

fn str_(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(&this) = a.first() else { return Ok(Value::None) };
    let s = vm.exc_message(this);
    vm.new_string(s)
}

fn repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(&this) = a.first() else { return Ok(Value::None) };
    // The built-in repr does the work; calling it through a native avoids recursion here.
    let args = vm.exc_args(this);
    let name = vm.type_name(this);
    let mut out = name;
    if args.len() == 1 {
        out.push('(');
        let r = vm.repr_of(args[0])?;
        out.push_str(&r);
        out.push_str(",)");
    } else {
        let t = vm.exc_args_value(this);
        let r = vm.repr_of(t)?;
        out.push_str(&r);
    }
    vm.new_string(out)
}

fn with_traceback(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(a.first().copied().unwrap_or(Value::None))
}

fn args(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(vm.exc_args_value(a[0]))
}

fn first_arg(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(vm.exc_args(a[0]).first().copied().unwrap_or(Value::None))
}

fn second_arg(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(vm.exc_args(a[0]).get(1).copied().unwrap_or(Value::None))
}
