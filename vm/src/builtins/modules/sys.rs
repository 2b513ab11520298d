//! `sys`.


use crate::builtins::nat;
use super::super::args;
use alloc::string::String;

use crate::error::Mode;
use crate::intern::{sym, Sym};
use crate::value::Kind;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let platform = vm.new_str(vm.sys.platform)?;
    let version = vm.new_str("3.4.0; Ferrite 0.1.0")?;
    let vinfo = vm.new_tuple(alloc::vec![Value::Int(3), Value::Int(4), Value::Int(0)])?;
    let byteorder = vm.new_str("little")?;
    let maxsize = vm.new_int(i64::MAX)?;
    let consts = [
        ("argv", vm.sys.argv),
        ("path", vm.sys.path),
        ("modules", Value::Obj(vm.modules)),
        ("platform", platform),
        ("version", version),
        ("version_info", vinfo),
        ("byteorder", byteorder),
        ("maxsize", maxsize),
        ("stdout", vm.sys.stdout),
        ("stderr", vm.sys.stderr),
        ("stdin", vm.sys.stdin),
    ];
    super::make_module(
        vm,
        "sys",
        const { &[nat("exit", exit, 0, 1), nat("print_exception", print_exception, 1, 2), nat("exc_info", exc_info, 0, 0), nat("atexit", atexit, 1, 1), nat("__getattr__", getattr, 1, 1)] },
        &consts,
    )
}

/// `sys.implementation`, made on first use: a namedtuple from the frozen `collections` (as
/// MicroPython's attribute tuple), which `import sys` alone does not compile.
fn getattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    const IMPLEMENTATION: &str = "__import__('collections').namedtuple('implementation', 'name version _machine _mpy')\
                                  ('micropython', (1, 29, 0, 0), 'Ferrite with Rust VM', 6)";
    match vm.as_str(a[0]) {
        Some("implementation") => {}
        Some(name) => return Err(vm.attr_error(String::from(name))),
        None => return Err(vm.type_error("attribute name must be a string")),
    }
    let code = vm.compile(IMPLEMENTATION, "<sys>", Mode::Eval)?;
    vm.roots.push(Value::Obj(code));
    let r = vm.new_dict().and_then(|g| match g.kind() {
        Kind::Obj(g) => vm.exec_code(code, g, Value::Obj(g)),
        _ => Err(vm.memory_error()),
    });
    vm.roots.pop();
    let imp = r?;
    vm.roots.push(imp);
    let sys = vm.intern("sys");
    let r = vm.import_module(sys, Value::None, Value::Int(0)).and_then(|sys| super::set_attr(vm, sys, "implementation", imp));
    vm.roots.pop();
    r.map(|_| imp)
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
