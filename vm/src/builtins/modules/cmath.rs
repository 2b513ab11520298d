//! `cmath`: MicroPython's complex functions, with its plain formulas (no special-casing of
//! infinities and signed zeros beyond what the real functions do).

use crate::value::Kind;
use alloc::vec;

use super::math::accurate as acc;
use super::math::{fixed, C, F};
use crate::types::TypeId;
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::math::build_module(
        vm,
        "cmath",
        Value::Null,
        const { &[
            ("cos", F(cos, 1, 1)),
            ("e", C(Value::float(core::f64::consts::E))),
            ("exp", F(exp, 1, 1)),
            ("log", F(log, 1, 1)),
            ("log10", F(log10, 1, 1)),
            ("phase", F(phase, 1, 1)),
            ("pi", C(Value::float(core::f64::consts::PI))),
            ("polar", F(polar, 1, 1)),
            ("rect", F(rect, 2, 2)),
            ("sin", F(sin, 1, 1)),
            ("sqrt", F(sqrt, 1, 1)),
        ] },
        &[],
    )
}

/// `mp_obj_get_complex`: numbers, then `__float__`, then `__complex__`.
fn get_complex(vm: &mut Vm, v: Value) -> PyResult<(f64, f64)> {
    match vm.as_num(v) {
        Some(Num::Complex(r, i)) => return Ok((r, i)),
        Some(_) => return Ok((super::math::real_of(vm, v).unwrap_or(0.0), 0.0)),
        None => {}
    }
    if let Some(b) = vm.native_base(v) {
        return get_complex(vm, b);
    }
    if let Some(m) = vm.type_lookup(v, sym::__FLOAT__) {
        if !vm.is_native(m) {
            let r = vm.call_value(m, &[v])?;
            if let Kind::Float(f) = r.kind() {
                return Ok((f.get(), 0.0));
            }
        }
    }
    if let Some(m) = vm.type_lookup(v, sym::__COMPLEX__) {
        if !vm.is_native(m) {
            let r = vm.call_value(m, &[v])?;
            if let Kind::Obj(o) = r.kind() {
                if let Obj::Complex(re, im) = vm.heap.get(o) {
                    return Ok((*re, *im));
                }
            }
        }
    }
    let t = vm.type_name(v);
    Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to complex", t)))
}

fn arg1(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<(f64, f64)> {
    fixed(vm, a, 1)?;
    get_complex(vm, a[0])
}

fn complex(vm: &mut Vm, re: f64, im: f64) -> PyResult<Value> {
    vm.alloc(Obj::Complex(re, im))
}

fn phase(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    Ok(Value::float(acc::atan2(im, re)))
}

fn polar(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    let r = libm::sqrt(re * re + im * im);
    vm.new_tuple(vec![Value::float(r), Value::float(acc::atan2(im, re))])
}

fn rect(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = super::super::args::float(vm, a[0])?;
    let phi = super::super::args::float(vm, a[1])?;
    complex(vm, r * acc::cos(phi), r * acc::sin(phi))
}

fn exp(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    let e = acc::exp(re);
    complex(vm, e * acc::cos(im), e * acc::sin(im))
}

fn log(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, 0.5 * acc::log(re * re + im * im), acc::atan2(im, re))
}

fn log10(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, 0.5 * acc::log10(re * re + im * im), acc::atan2(im, re) * core::f64::consts::LOG10_E)
}

fn sqrt(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    let m = acc::pow(re * re + im * im, 0.25);
    let theta = 0.5 * acc::atan2(im, re);
    complex(vm, m * acc::cos(theta), m * acc::sin(theta))
}

fn cos(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, acc::cos(re) * acc::cosh(im), -acc::sin(re) * acc::sinh(im))
}

fn sin(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, acc::sin(re) * acc::cosh(im), acc::cos(re) * acc::sinh(im))
}
