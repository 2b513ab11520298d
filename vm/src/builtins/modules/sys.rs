//! `sys`.


use crate::builtins::nat;
use super::super::args;
use crate::intern::{sym, Sym};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let platform = vm.new_str(vm.sys.platform)?;
    let version = vm.new_str("3.4.0; Ferrite 0.1.0")?;
    let vinfo = vm.new_tuple(alloc::vec![Value::Int(3), Value::Int(4), Value::Int(0)])?;
    let byteorder = vm.new_str("little")?;
    // An attribute tuple, as MicroPython's: (name='micropython', version=(…), …).
    let name = vm.new_str("micropython")?;
    let iv = vm.new_tuple(alloc::vec![Value::Int(1), Value::Int(29), Value::Int(0), Value::Int(0)])?;
    let machine = vm.new_str("Ferrite with Rust VM")?;
    let collections = super::collections::init(vm)?;
    let nt_sym = vm.intern("namedtuple");
    let nt = vm.getattr(collections, nt_sym)?;
    let tname = vm.new_str("implementation")?;
    let fields = vm.new_str("name version _machine _mpy")?;
    let cls = vm.call_value(nt, &[tname, fields])?;
    let implementation = vm.call_value(cls, &[name, iv, machine, Value::Int(6)])?;
    let maxsize = vm.new_int(i64::MAX)?;
    let consts = [
        ("argv", vm.sys.argv),
        ("path", vm.sys.path),
        ("modules", Value::Obj(vm.modules)),
        ("platform", platform),
        ("version", version),
        ("version_info", vinfo),
        ("implementation", implementation),
        ("byteorder", byteorder),
        ("maxsize", maxsize),
        ("stdout", vm.sys.stdout),
        ("stderr", vm.sys.stderr),
        ("stdin", vm.sys.stdin),
    ];
    super::make_module(
        vm,
        "sys",
        const { &[nat("exit", exit, 0, 1), nat("print_exception", print_exception, 1, 2), nat("exc_info", exc_info, 0, 0), nat("atexit", atexit, 1, 1)] },
        &consts,
    )
}

fn exit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = vm.ty(TypeId::SystemExit);
    Err(vm.new_exc(cls, a.to_vec()))
}

fn print_exception(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let file = a.get(1).copied().or_else(|| args::kwarg(kw, sym::FILE)).unwrap_or(Value::None);
    let text = vm.format_exception(a[0]);
    vm.write_to(file, &text)?;
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.handled.last().copied() {
        Some(e) => {
            let t = Value::Obj(vm.type_of(e));
            vm.new_tuple(alloc::vec![t, e, Value::None])
        }
        None => vm.new_tuple(alloc::vec![Value::None, Value::None, Value::None]),
    }
}

fn atexit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    if !vm.is_callable(a[0]) {
        let t = vm.type_name(a[0]);
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't callable", t)));
    }
    let l = vm.sys.exit_funcs;
    vm.list_append(l, a[0])?;
    Ok(a[0])
}
