//! `cmath`: MicroPython's complex functions, with its plain formulas (no special-casing of
//! infinities and signed zeros beyond what the real functions do).

use alloc::vec;

use super::math::accurate as acc;
use super::math::{fixed, C, F};
use crate::intern::Sym;
use crate::obj::Obj;
use crate::value::Value;
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

fn arg1(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<(f64, f64)> {
    fixed(vm, a, 1)?;
    crate::builtins::float::complex_of(vm, a[0])
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

/// The complex number of modulus `r` and argument `phi`: `rect`, and `exp` and `sqrt` once
/// they have theirs.
fn from_polar(vm: &mut Vm, r: f64, phi: f64) -> PyResult<Value> {
    complex(vm, r * acc::cos(phi), r * acc::sin(phi))
}

fn rect(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = super::super::args::float(vm, a[0])?;
    let phi = super::super::args::float(vm, a[1])?;
    from_polar(vm, r, phi)
}

fn exp(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    from_polar(vm, acc::exp(re), im)
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
    from_polar(vm, acc::pow(re * re + im * im, 0.25), 0.5 * acc::atan2(im, re))
}

fn cos(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, acc::cos(re) * acc::cosh(im), -acc::sin(re) * acc::sinh(im))
}

fn sin(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (re, im) = arg1(vm, a, kw)?;
    complex(vm, acc::sin(re) * acc::cosh(im), acc::cos(re) * acc::sinh(im))
}
