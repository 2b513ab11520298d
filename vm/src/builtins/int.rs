//! `int` and `bool`: construction, conversion helpers and methods.


use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use crate::bigint::BigInt;

use super::{args, strfmt};
use crate::format::{self, Dec, Int};
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[nat_kw("__new__", int_new, 0, VARARGS), nat("from_bytes", from_bytes, 0, VARARGS), nat_kw("to_bytes", to_bytes, 0, VARARGS)];
pub const PROPS: super::Table = &[];
pub const BOOL_METHODS: super::Table = &[nat_kw("__new__", bool_new, 0, VARARGS)];

pub fn parse_bigint_decimal(s: &str) -> Option<BigInt> {
    BigInt::parse_bytes(s.as_bytes(), 10)
}

/// Wrap a built-in value for a subclass of its type (`class MyInt(int)`).
pub fn wrap_native(vm: &mut Vm, cls: Value, value: Value, id: TypeId) -> PyResult<Value> {
    match cls.kind() {
        Kind::Obj(c) if c != vm.ty(id) => {
            let inst = crate::obj::Instance::new(c, value, None);
            vm.alloc(Obj::Instance(inst))
        }
        _ => Ok(value),
    }
}

/// An int value (small or big) from an int-like object; `index` = only true ints/`__index__`.
pub fn to_int(vm: &mut Vm, v: Value, index: bool) -> PyResult<Value> {
    match vm.as_num(v) {
        // Beyond the small ints, `v` is the big int itself.
        Some(Num::Int(i)) => return Ok(Value::small(i).unwrap_or(v)),
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
    Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to int", t)))
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
    match format::parse_int(text.as_bytes(), base).ok()? {
        Int::Small(v) => Some(BigInt::from(v)),
        Int::Big(v) => Some(v),
    }
}

/// The int value of an engine result.
pub fn int_value(vm: &mut Vm, v: Int) -> PyResult<Value> {
    match v {
        Int::Small(i) => vm.new_int(i),
        Int::Big(b) => vm.new_bigint(b),
    }
}

fn int_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::no_kw(vm, kw)?;
    args::range(vm, &a[1..], 0, 2)?;
    let cls = a[0];
    let v = match (a.get(1).copied(), a.get(2).copied()) {
        (None, _) => Value::Int(0),
        (Some(x), base) => int_of(vm, x, base)?,
    };
    wrap_native(vm, cls, v, TypeId::Int)
}

/// `int(x)` and `int(x, base)`, as MicroPython's `int` constructor does them.
fn int_of(vm: &mut Vm, x: Value, base: Option<Value>) -> PyResult<Value> {
    let text = match vm.as_str(x).map(str::len) {
        Some(n) => {
            let mut copy = vm.buffer(n)?;
            copy.extend_from_slice(vm.as_str(x).unwrap_or("").as_bytes());
            Some(copy)
        }
        None => vm.bytes_like(x),
    };
    // A long text's value is built infallibly, in one vector of under a byte per digit.
    if let Some(t) = &text {
        if !vm.heap.reserve(t.len() + 8) {
            return Err(vm.memory_error());
        }
    }
    if let Some(base) = base {
        let Some(text) = text else {
            let t = vm.type_name(x);
            return Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to str implicitly", t)));
        };
        let b = super::float::machine_int(vm, base)?;
        // Out-of-range bases fail in the parser; keep them out of range when narrowing.
        let b = u32::try_from(b).unwrap_or(u32::MAX);
        let r = format::parse_int(&text, b).map_err(|e| strfmt::raise(vm, e))?;
        return int_value(vm, r);
    }
    if let Some(text) = text {
        let r = format::parse_int(&text, 10).map_err(|e| strfmt::raise(vm, e))?;
        return int_value(vm, r);
    }
    match x.kind() {
        Kind::Int(_) => return Ok(x),
        b @ (Kind::False | Kind::True) => return Ok(Value::Int((b == Kind::True) as i64)),
        Kind::Float(f) => return float_to_int(vm, f.get()),
        _ => {}
    }
    match strfmt::get_int_as(vm, x, true)? {
        Some(v) => int_value(vm, v),
        None => {
            let t = vm.type_name(x);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to int", t)))
        }
    }
}

/// `int(f)`: truncation, with MicroPython's errors for inf and nan.
pub fn float_to_int(vm: &mut Vm, f: f64) -> PyResult<Value> {
    let r = format::float_to_int(f).map_err(|e| strfmt::raise(vm, e))?;
    int_value(vm, r)
}

fn bool_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match a.get(1) {
        Some(v) => Ok(Value::bool(vm.truthy(*v)?)),
        None => Ok(Value::False),
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
    let signed = args::kwarg(kw, vm.intern("signed")).map(|v| matches!(v.kind(), Kind::True | Kind::Int(1))).unwrap_or(false);
    let Some(bytes) = vm.bytes_like(data) else { return Err(vm.type_error("object with buffer protocol required")) };
    let little = if order.is_null() { false } else { byteorder_little(vm, order)? };
    let n = if little {
        BigInt::from_bytes_le(&bytes)
    } else {
        let mut be = bytes.to_vec();
        be.reverse();
        BigInt::from_bytes_le(&be)
    };
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
    let signed = args::kwarg(kw, vm.intern("signed")).map(|v| matches!(v.kind(), Kind::True | Kind::Int(1))).unwrap_or(false);
    if len < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let len = len as usize;
    if n.is_negative() && !signed {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let modulus = BigInt::from(1) << (8 * len);
    let v = if n.is_negative() { &modulus + &n } else { n.clone() };
    let mut bytes = v.to_bytes_le();
    let fits = if signed {
        let half = BigInt::from(1) << (8 * len).saturating_sub(1);
        n < half && n >= -half
    } else {
        bytes.len() <= len || v.is_zero()
    };
    if !fits || (bytes.len() > len && !v.is_zero()) {
        return Err(vm.err_fmt(TypeId::OverflowError, format_args!("value would overflow a {} byte buffer", Dec(len as i64))));
    }
    bytes.resize(len, 0);
    if !little {
        bytes.reverse();
    }
    vm.new_bytes(bytes)
}

/// `pow(a, b, m)`, as MicroPython does it: `m` of `None` is plain `pow(a, b)`; otherwise all
/// three must be ints (bools excluded), a negative exponent gives 0, and the result takes the
/// sign of `m`.
pub fn pow3(vm: &mut Vm, a: Value, b: Value, m: Value) -> PyResult<Value> {
    if m.is_none() {
        return vm.binary_op(crate::ast::BinOp::Pow, a, b);
    }
    let exact = |vm: &Vm, v: Value| match v.kind() {
        Kind::Int(i) => Some(BigInt::from(i)),
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(b) => Some((**b).clone()),
            _ => None,
        },
        _ => None,
    };
    let (Some(x), Some(y), Some(z)) = (exact(vm, a), exact(vm, b), exact(vm, m)) else {
        return Err(vm.type_error("pow() with 3 arguments requires integers"));
    };
    if z.is_zero() {
        return Err(vm.value_error("divide by zero"));
    }
    if y.is_negative() {
        return Ok(Value::Int(0));
    }
    // `modpow` rounds like floor division: the result has the sign of `z`.
    vm.new_bigint(x.modpow(&y, &z))
}

pub fn small(v: &BigInt) -> Option<i64> {
    v.to_i64()
}
