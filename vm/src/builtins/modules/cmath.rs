//! `cmath`: MicroPython's complex functions, with its plain formulas (no special-casing of
//! infinities and signed zeros beyond what the real functions do).

use alloc::format;
use alloc::vec;

use super::math::fixed;
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::make_module(
        vm,
        "cmath",
        &[("cos", cos), ("exp", exp), ("log", log), ("log10", log10), ("phase", phase), ("polar", polar), ("rect", rect), ("sin", sin), ("sqrt", sqrt)],
        &[("e", Value::Float(core::f64::consts::E)), ("pi", Value::Float(core::f64::consts::PI))],
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
            if let Value::Float(f) = r {
                return Ok((f, 0.0));
            }
        }
    }
    if let Some(m) = vm.type_lookup(v, sym::__COMPLEX__) {
        if !vm.is_native(m) {
            let r = vm.call_value(m, &[v])?;
            if let Value::Obj(o) = r {
                if let Obj::Complex(re, im) = vm.heap.get(o) {
                    return Ok((*re, *im));
                }
            }
        }
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!("can't convert {} to complex", t)))
}

fn arg1(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<(f64, f64)> {
    fixed(vm, a, kw, 1)?;
    get_complex(vm, a[0])
}

fn complex(vm: &mut Vm, re: f64, im: f64) -> PyResult<Value> {
    vm.alloc(Obj::Complex(re, im))
}

fn phase(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    Ok(Value::Float(libm::atan2(im, re)))
}

fn polar(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    let r = libm::sqrt(re * re + im * im);
    vm.new_tuple(vec![Value::Float(r), Value::Float(libm::atan2(im, re))])
}

fn rect(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, a, kw, 2)?;
    let r = super::super::args::float(vm, a[0])?;
    let phi = super::super::args::float(vm, a[1])?;
    complex(vm, r * libm::cos(phi), r * libm::sin(phi))
}

fn exp(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    let e = libm::exp(re);
    complex(vm, e * libm::cos(im), e * libm::sin(im))
}

fn log(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, libm::log(libm::sqrt(re * re + im * im)), libm::atan2(im, re))
}

fn log10(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, libm::log10(libm::sqrt(re * re + im * im)), libm::atan2(im, re) / core::f64::consts::LN_10)
}

fn sqrt(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    let m = libm::pow(re * re + im * im, 0.25);
    let theta = 0.5 * libm::atan2(im, re);
    complex(vm, m * libm::cos(theta), m * libm::sin(theta))
}

fn cos(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, libm::cos(re) * libm::cosh(im), -libm::sin(re) * libm::sinh(im))
}

fn sin(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, libm::sin(re) * libm::cosh(im), libm::cos(re) * libm::sinh(im))
}
