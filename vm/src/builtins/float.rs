//! `float` and `complex`: construction, attributes, and `round()`.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::string::String;
use alloc::vec::Vec;

use super::{args, strfmt};
use crate::format::{self, Int};
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[nat_kw("__new__", float_new, 0, VARARGS)];
pub const PROPS: super::Table = &[nat("real", real, 0, VARARGS), nat("imag", imag, 0, VARARGS)];
pub const COMPLEX_METHODS: super::Table = &[nat_kw("__new__", complex_new, 0, VARARGS), nat("conjugate", conjugate, 0, VARARGS)];
pub const COMPLEX_PROPS: super::Table = &[nat("real", real, 0, VARARGS), nat("imag", imag, 0, VARARGS)];

/// Parse float text the way `float()` accepts it.
pub fn parse_float_text(s: &str) -> Option<f64> {
    format::parse_float(s.as_bytes()).ok()
}

/// The text of a str (or str subclass) or the bytes of a bytes-like object, which `float()`,
/// `int()` and `complex()` parse.
fn text_bytes(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    match vm.as_str(v) {
        Some(s) => Some(s.as_bytes().to_vec()),
        None => vm.bytes_like(v),
    }
}

fn float_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::no_kw(vm, kw)?;
    args::range(vm, &a[1..], 0, 1)?;
    let cls = a[0];
    let v = match a.get(1) {
        None => 0.0,
        Some(&x) => float_of(vm, x)?,
    };
    super::int::wrap_native(vm, cls, Value::float(v), TypeId::Float)
}

/// `float(x)` for one argument.
fn float_of(vm: &mut Vm, x: Value) -> PyResult<f64> {
    if let Some(text) = text_bytes(vm, x) {
        return format::parse_float(&text).map_err(|e| strfmt::raise(vm, e));
    }
    match strfmt::get_float(vm, x)? {
        Some(f) => Ok(f),
        None => {
            let t = vm.type_name(x);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to float", t)))
        }
    }
}

fn complex_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::no_kw(vm, kw)?;
    args::range(vm, &a[1..], 0, 2)?;
    let complex_parts = |vm: &Vm, v: Value| match v.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Complex(re, im) => Some((*re, *im)),
            _ => None,
        },
        _ => None,
    };
    let float_arg = |vm: &mut Vm, v: Value| -> PyResult<f64> {
        match strfmt::get_float(vm, v)? {
            Some(f) => Ok(f),
            None => {
                let t = vm.type_name(v);
                Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to float", t)))
            }
        }
    };
    let (re, im) = match (a.get(1).copied(), a.get(2).copied()) {
        (None, _) => (0.0, 0.0),
        (Some(x), None) => {
            if complex_parts(vm, x).is_some() {
                return Ok(x);
            }
            if let Some(s) = vm.as_str(x) {
                let s = String::from(s);
                format::parse_complex(s.as_bytes()).map_err(|e| strfmt::raise(vm, e))?
            } else {
                complex_of(vm, x)?
            }
        }
        (Some(x), Some(y)) => {
            let (mut re, mut im) = match complex_parts(vm, x) {
                Some(p) => p,
                None => (float_arg(vm, x)?, 0.0),
            };
            match complex_parts(vm, y) {
                Some((r2, i2)) => {
                    re -= i2;
                    im += r2;
                }
                None => im += float_arg(vm, y)?,
            }
            (re, im)
        }
    };
    vm.alloc(Obj::Complex(re, im))
}

/// `mp_obj_get_complex`: a complex's parts, else a float (`__float__` comes first, as in
/// MicroPython), else an instance's `__complex__`. `complex(x)` (for a non-string `x`) and
/// cmath's arguments.
pub fn complex_of(vm: &mut Vm, x: Value) -> PyResult<(f64, f64)> {
    if let Some(f) = strfmt::get_float(vm, x)? {
        return Ok((f, 0.0));
    }
    if let Kind::Obj(r) = x.kind() {
        match vm.heap.get(r) {
            Obj::Complex(re, im) => return Ok((*re, *im)),
            Obj::Instance(_) => {
                if let Some(m) = vm.type_lookup(x, sym::__COMPLEX__) {
                    if !vm.is_native(m) {
                        vm.roots.push(x);
                        let r = vm.call_value(m, &[x]);
                        vm.roots.pop();
                        if let Kind::Obj(o) = (r?).kind() {
                            if let Obj::Complex(re, im) = vm.heap.get(o) {
                                return Ok((*re, *im));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let t = vm.type_name(x);
    Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to complex", t)))
}

fn real(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.as_num(a[0]) {
        Some(Num::Complex(r, _)) => Ok(Value::float(r)),
        Some(Num::Float(f)) => Ok(Value::float(f)),
        _ => Ok(a[0]),
    }
}

fn imag(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.as_num(a[0]) {
        Some(Num::Complex(_, i)) => Ok(Value::float(i)),
        Some(Num::Float(_)) => Ok(Value::float(0.0)),
        _ => Ok(Value::Int(0)),
    }
}

fn conjugate(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.as_num(a[0]) {
        Some(Num::Complex(r, i)) => vm.alloc(Obj::Complex(r, -i)),
        _ => Ok(a[0]),
    }
}

/// `round(x[, ndigits])`, as MicroPython does it: ints (not bools) stay ints, everything else
/// is read as a float; `ndigits` must be a machine int when given (even `None` fails).
pub fn round(vm: &mut Vm, x: Value, nd: Option<Value>) -> PyResult<Value> {
    let ndigits = match nd {
        None => None,
        Some(n) => Some(machine_int(vm, n)?),
    };
    let exact_int = match x.kind() {
        Kind::Int(i) => Some(Int::Small(i)),
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(b) => Some(Int::Big((**b).clone())),
            _ => None,
        },
        _ => None,
    };
    if let Some(v) = exact_int {
        return match ndigits {
            None => Ok(x),
            Some(n) => super::int::int_value(vm, format::int_round(v.as_ref(), n)),
        };
    }
    let f = match strfmt::get_float(vm, x)? {
        Some(f) => f,
        None => {
            let t = vm.type_name(x);
            return Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to float", t)));
        }
    };
    match ndigits {
        None => {
            let r = format::round_to_int(f).map_err(|e| strfmt::raise(vm, e))?;
            super::int::int_value(vm, r)
        }
        Some(n) => Ok(Value::float(format::float_round(f, n))),
    }
}

/// MicroPython's `mp_obj_get_int`: an int that fits a machine word.
pub fn machine_int(vm: &mut Vm, v: Value) -> PyResult<i64> {
    match strfmt::get_int(vm, v)? {
        Some(Int::Small(i)) => Ok(i),
        Some(Int::Big(b)) => b.to_word().ok_or_else(|| vm.word_overflow()),
        None => {
            let t = vm.type_name(v);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to int", t)))
        }
    }
}
