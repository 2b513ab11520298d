//! `int` and `bool`: construction, conversion helpers and methods.

use alloc::format;
use alloc::vec::Vec;

use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

use super::args;
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[("__new__", int_new), ("from_bytes", from_bytes), ("to_bytes", to_bytes)];
pub const PROPS: super::Table = &[];
pub const BOOL_METHODS: super::Table = &[("__new__", bool_new)];

pub fn parse_bigint_decimal(s: &str) -> Option<BigInt> {
    BigInt::parse_bytes(s.as_bytes(), 10)
}

/// Wrap a built-in value for a subclass of its type (`class MyInt(int)`).
pub fn wrap_native(vm: &mut Vm, cls: Value, value: Value, id: TypeId) -> PyResult<Value> {
    match cls {
        Value::Obj(c) if c != vm.ty(id) => {
            let inst = crate::obj::Instance { class: c, dict: Value::Null, base: value, exc: None };
            vm.alloc(Obj::Instance(alloc::boxed::Box::new(inst)))
        }
        _ => Ok(value),
    }
}

/// An int value (small or big) from an int-like object; `index` = only true ints/`__index__`.
pub fn to_int(vm: &mut Vm, v: Value, index: bool) -> PyResult<Value> {
    match vm.as_num(v) {
        Some(Num::Int(i)) => return Ok(Value::Int(i)),
        Some(Num::Big(_)) => return Ok(v),
        _ => {}
    }
    if let Some(b) = vm.native_base(v) {
        return to_int(vm, b, index);
    }
    let m = if index { sym::__INDEX__ } else { sym::__INT__ };
    if let Some(f) = vm.type_lookup(v, m) {
        if !vm.is_native(f) {
            return vm.call_value(f, &[v]);
        }
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!("can't convert {} to int", t)))
}

pub fn big_of(vm: &Vm, v: Value) -> BigInt {
    match vm.as_num(v) {
        Some(Num::Int(i)) => BigInt::from(i),
        Some(Num::Big(b)) => b,
        _ => BigInt::zero(),
    }
}

/// Parse Python integer text in `base` (0 = from prefix).
pub fn parse_int_text(text: &str, base: u32) -> Option<BigInt> {
    let t = text.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let (base, digits) = match base {
        0 => {
            if let Some(r) = lower.strip_prefix("0x") {
                (16, r)
            } else if let Some(r) = lower.strip_prefix("0o") {
                (8, r)
            } else if let Some(r) = lower.strip_prefix("0b") {
                (2, r)
            } else {
                if lower.len() > 1 && lower.starts_with('0') && lower.bytes().any(|b| b != b'0' && b != b'_') {
                    return None;
                }
                (10, lower.as_str())
            }
        }
        16 => (16, lower.strip_prefix("0x").unwrap_or(&lower)),
        8 => (8, lower.strip_prefix("0o").unwrap_or(&lower)),
        2 => (2, lower.strip_prefix("0b").unwrap_or(&lower)),
        b => (b, lower.as_str()),
    };
    let digits = digits.strip_prefix('_').unwrap_or(digits);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let clean: Vec<u8> = digits.bytes().filter(|&b| b != b'_').collect();
    let v = BigInt::parse_bytes(&clean, base)?;
    Some(if neg { -v } else { v })
}

fn int_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = a[0];
    let x = a.get(1).copied();
    let base = args::arg_or(a, 2, kw, vm.intern("base"), Value::Null);
    let v = match x {
        None => Value::Int(0),
        Some(x) => {
            if let Some(s) = vm.as_str(x).map(alloc::string::String::from).or_else(|| vm.bytes_like(x).map(|b| alloc::string::String::from_utf8_lossy(&b).into_owned())) {
                let b = if base.is_null() { 10 } else { args::int(vm, base)? };
                if b != 0 && !(2..=36).contains(&b) {
                    return Err(vm.value_error("int() arg 2 must be >= 2 and <= 36"));
                }
                match parse_int_text(&s, b as u32) {
                    Some(n) => vm.new_bigint(n)?,
                    None => {
                        let mut r = alloc::string::String::new();
                        super::repr::str_repr(&s, &mut r);
                        return Err(vm.value_error(format!("invalid syntax for integer with base {}: {}", b, r)));
                    }
                }
            } else if !base.is_null() {
                return Err(vm.type_error("int() can't convert non-string with explicit base"));
            } else {
                match vm.as_num(x) {
                    Some(Num::Float(f)) => float_to_int(vm, f)?,
                    Some(Num::Complex(..)) => return Err(vm.type_error("can't convert complex to int")),
                    _ => to_int(vm, x, false)?,
                }
            }
        }
    };
    wrap_native(vm, cls, v, TypeId::Int)
}

/// `int(f)`: truncation, with errors for inf and nan.
pub fn float_to_int(vm: &mut Vm, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert float infinity to integer"));
    }
    let t = libm::trunc(f);
    if t.abs() < 9.0e18 {
        return Ok(Value::Int(t as i64));
    }
    let b: BigInt = num_traits::FromPrimitive::from_f64(t).unwrap_or_default();
    vm.new_bigint(b)
}

fn bool_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match a.get(1) {
        Some(v) => Ok(Value::Bool(vm.truthy(*v)?)),
        None => Ok(Value::Bool(false)),
    }
}

fn byteorder_little(vm: &mut Vm, v: Value) -> PyResult<bool> {
    match vm.as_str(v) {
        Some("little") => Ok(true),
        Some("big") => Ok(false),
        _ => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
    }
}

fn from_bytes(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    // a[0] is the class (classmethod).
    let data = a.get(1).copied().unwrap_or(Value::None);
    let order = args::arg_or(a, 2, kw, vm.intern("byteorder"), Value::Null);
    let signed = args::kwarg(kw, vm.intern("signed")).map(|v| matches!(v, Value::Bool(true) | Value::Int(1))).unwrap_or(false);
    let Some(bytes) = vm.bytes_like(data) else { return Err(vm.type_error("object with buffer protocol required")) };
    let little = if order.is_null() { false } else { byteorder_little(vm, order)? };
    let n = if little { BigInt::from_bytes_le(Sign::Plus, &bytes) } else { BigInt::from_bytes_be(Sign::Plus, &bytes) };
    let n = if signed && !bytes.is_empty() {
        let top = if little { bytes[bytes.len() - 1] } else { bytes[0] };
        if top & 0x80 != 0 {
            n - (BigInt::from(1) << (8 * bytes.len()))
        } else {
            n
        }
    } else {
        n
    };
    vm.new_bigint(n)
}

fn to_bytes(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let this = to_int(vm, a[0], true)?;
    let n = big_of(vm, this);
    let len_v = args::arg_or(a, 1, kw, vm.intern("length"), Value::Int(1));
    let len = args::int(vm, len_v)?;
    let order = args::arg_or(a, 2, kw, vm.intern("byteorder"), Value::Null);
    let little = if order.is_null() { false } else { byteorder_little(vm, order)? };
    let signed = args::kwarg(kw, vm.intern("signed")).map(|v| matches!(v, Value::Bool(true) | Value::Int(1))).unwrap_or(false);
    if len < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let len = len as usize;
    if n.sign() == Sign::Minus && !signed {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let modulus = BigInt::from(1) << (8 * len);
    let v = if n.sign() == Sign::Minus { &modulus + &n } else { n.clone() };
    let (_, mut bytes) = v.to_bytes_le();
    let fits = if signed {
        let half = BigInt::from(1) << (8 * len).saturating_sub(1);
        n < half && n >= -half
    } else {
        bytes.len() <= len || v.is_zero()
    };
    if !fits || (bytes.len() > len && !v.is_zero()) {
        return Err(vm.overflow_error("int too big to convert"));
    }
    bytes.resize(len, 0);
    if !little {
        bytes.reverse();
    }
    vm.new_bytes(bytes)
}

/// `pow(a, b, m)`.
pub fn pow3(vm: &mut Vm, a: Value, b: Value, m: Value) -> PyResult<Value> {
    let (x, y, z) = (to_int(vm, a, true), to_int(vm, b, true), to_int(vm, m, true));
    let (Ok(x), Ok(y), Ok(z)) = (x, y, z) else { return Err(vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")) };
    let (x, y, z) = (big_of(vm, x), big_of(vm, y), big_of(vm, z));
    if z.is_zero() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    if y.sign() == Sign::Minus {
        return Err(vm.value_error("pow() 2nd argument cannot be negative when 3rd argument specified"));
    }
    let r = x.modpow(&y, &z);
    let r = if r.sign() != Sign::NoSign && r.sign() != z.sign() { r + &z } else { r };
    vm.new_bigint(r)
}

pub fn small(v: &BigInt) -> Option<i64> {
    v.to_i64()
}
