//! `float` and `complex`: construction, attributes, and `round()`.

use alloc::format;
use alloc::string::String;

use super::args;
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[("__new__", float_new)];
pub const PROPS: super::Table = &[("real", real), ("imag", imag)];
pub const COMPLEX_METHODS: super::Table = &[("__new__", complex_new), ("conjugate", conjugate)];
pub const COMPLEX_PROPS: super::Table = &[("real", real), ("imag", imag)];

/// Parse float text the way `float()` accepts it.
pub fn parse_float_text(s: &str) -> Option<f64> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (neg, body) = match lower.as_bytes().first() {
        Some(b'-') => (true, &lower[1..]),
        Some(b'+') => (false, &lower[1..]),
        _ => (false, lower.as_str()),
    };
    let v = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
                return None;
            }
            if !body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'_' | b'+' | b'-')) {
                return None;
            }
            let clean: String = body.chars().filter(|&c| c != '_').collect();
            clean.parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

fn float_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = a[0];
    let v = match a.get(1) {
        None => 0.0,
        Some(&x) => {
            if let Some(s) = vm.as_str(x).map(String::from).or_else(|| vm.bytes_like(x).map(|b| String::from_utf8_lossy(&b).into_owned())) {
                match parse_float_text(&s) {
                    Some(f) => f,
                    None => {
                        let mut r = String::new();
                        super::repr::str_repr(&s, &mut r);
                        return Err(vm.value_error(format!("could not convert string to float: {}", r)));
                    }
                }
            } else {
                match vm.as_num(x) {
                    Some(Num::Complex(..)) => return Err(vm.type_error("can't convert complex to float")),
                    Some(_) => args::float(vm, x)?,
                    None => args::float(vm, x)?,
                }
            }
        }
    };
    super::int::wrap_native(vm, cls, Value::Float(v), TypeId::Float)
}

fn complex_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let parts = |vm: &mut Vm, v: Value| -> PyResult<(f64, f64)> {
        match vm.as_num(v) {
            Some(Num::Complex(r, i)) => Ok((r, i)),
            Some(_) => Ok((args::float(vm, v)?, 0.0)),
            None => {
                if let Some(s) = vm.as_str(v).map(String::from) {
                    return parse_complex(&s).ok_or_else(|| ()).or_else(|_| Err(vm.value_error("complex() arg is a malformed string")));
                }
                if let Some(m) = vm.type_lookup(v, sym::__COMPLEX__) {
                    let r = vm.call_value(m, &[v])?;
                    if let Some(Num::Complex(re, im)) = vm.as_num(r) {
                        return Ok((re, im));
                    }
                }
                Ok((args::float(vm, v)?, 0.0))
            }
        }
    };
    let (r1, i1) = match a.get(1) {
        Some(&v) => parts(vm, v)?,
        None => (0.0, 0.0),
    };
    let (r2, i2) = match a.get(2) {
        Some(&v) => parts(vm, v)?,
        None => (0.0, 0.0),
    };
    vm.alloc(Obj::Complex(r1 - i2, i1 + r2))
}

fn parse_complex(s: &str) -> Option<(f64, f64)> {
    let t = s.trim().trim_start_matches('(').trim_end_matches(')');
    if let Some(body) = t.strip_suffix('j').or_else(|| t.strip_suffix('J')) {
        // Split at the last sign that is not part of an exponent.
        let bytes = body.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                split = Some(i);
                break;
            }
        }
        return match split {
            Some(i) => {
                let re = parse_float_text(&body[..i])?;
                let im_s = &body[i..];
                let im = if im_s == "+" || im_s == "-" { if im_s == "-" { -1.0 } else { 1.0 } } else { parse_float_text(im_s)? };
                Some((re, im))
            }
            None => {
                let im = if body.is_empty() || body == "+" { 1.0 } else if body == "-" { -1.0 } else { parse_float_text(body)? };
                Some((0.0, im))
            }
        };
    }
    Some((parse_float_text(t)?, 0.0))
}

fn real(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.as_num(a[0]) {
        Some(Num::Complex(r, _)) => Ok(Value::Float(r)),
        Some(Num::Float(f)) => Ok(Value::Float(f)),
        _ => Ok(a[0]),
    }
}

fn imag(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.as_num(a[0]) {
        Some(Num::Complex(_, i)) => Ok(Value::Float(i)),
        Some(Num::Float(_)) => Ok(Value::Float(0.0)),
        _ => Ok(Value::Int(0)),
    }
}

fn conjugate(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match vm.as_num(a[0]) {
        Some(Num::Complex(r, i)) => vm.alloc(Obj::Complex(r, -i)),
        _ => Ok(a[0]),
    }
}

/// `round(x[, ndigits])` with round-half-to-even.
pub fn round(vm: &mut Vm, x: Value, nd: Value) -> PyResult<Value> {
    match vm.as_num(x) {
        Some(Num::Int(_)) | Some(Num::Big(_)) => {
            if nd.is_none() {
                return super::int::to_int(vm, x, true);
            }
            let n = args::int(vm, nd)?;
            if n >= 0 {
                return super::int::to_int(vm, x, true);
            }
            let p = num_bigint::BigInt::from(10).pow((-n) as u32);
            let v = super::int::big_of(vm, x);
            let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) { q + 1 } else { q };
            vm.new_bigint(q * p)
        }
        Some(Num::Float(f)) => {
            if nd.is_none() {
                let r = libm::rint(f);
                return super::int::float_to_int(vm, r);
            }
            let n = args::int(vm, nd)?;
            if !f.is_finite() || n > 308 {
                return Ok(Value::Float(f));
            }
            if n < -308 {
                return Ok(Value::Float(0.0 * f));
            }
            let p = libm::pow(10.0, n as f64);
            let y = f * p;
            if !y.is_finite() {
                return Ok(Value::Float(f));
            }
            let mut r = libm::rint(y);
            // rint rounds halves to even on the scaled value; correct for inexact halves.
            if (y - libm::trunc(y)).abs() == 0.5 {
                r = libm::rint(y);
            }
            Ok(Value::Float(r / p))
        }
        _ => {
            let t = vm.type_name(x);
            Err(vm.type_error(format!("can't convert {} to float", t)))
        }
    }
}
