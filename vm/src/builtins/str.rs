//! `str`: construction and the str-only methods. The methods shared with `bytes` live in
//! `text_methods.rs`.

use crate::builtins::{nat, nat_kw, VARARGS};
use super::text_methods::{self as tm, text_methods, Kind, Subj};
use crate::intern::Sym;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = text_methods![tm::STR; []; [nat("encode", encode, 1, 3)]; [nat_kw("__new__", str_new, 0, VARARGS)]];

/// MicroPython's answer to keyword arguments in `str()` and `bytes()`.
pub fn kw_not_implemented(vm: &mut Vm) -> crate::vm::Exc {
    vm.err(TypeId::NotImplementedError, "keyword argument(s) not implemented - use normal args instead")
}

/// `str(object='')`, `str(buffer, encoding[, errors])`.
fn str_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(kw_not_implemented(vm));
    }
    let cls = a[0];
    let a = &a[1..];
    if a.len() > 3 {
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("function expected at most 3 arguments, got {}", crate::format::Dec(a.len() as i64))));
    }
    let v = match a.first() {
        None => vm.new_str("")?,
        Some(&x) if a.len() == 1 => {
            if vm.as_pystr(x).is_some() {
                x
            } else {
                let s = vm.str_of(x)?;
                vm.new_string(s)?
            }
        }
        Some(&x) => {
            let Some(b) = tm::buffer(vm, x) else { return Err(vm.type_error("object with buffer protocol required")) };
            let enc = tm::encoding(vm, a.get(1).copied())?;
            tm::decode_value(vm, &b, enc, a.get(2).copied())?
        }
    };
    super::int::wrap_native(vm, cls, v, TypeId::Str)
}

/// `str.encode(encoding='utf-8', errors='strict')`.
fn encode(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = Subj::get(vm, a, Kind::Str)?;
    let enc = tm::encoding(vm, a.get(1).copied())?;
    let out = tm::encode_text(vm, &s.data, enc)?;
    vm.new_bytes(out)
}
