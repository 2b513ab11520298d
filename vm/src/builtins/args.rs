//! Argument checking for natives, with MicroPython's messages.


use crate::format::Dec;
use crate::value::Kind;
use crate::obj::Arity;
use crate::types::TypeId;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Exactly `n` positional arguments.
pub fn exact(vm: &mut Vm, args: &[Value], n: usize) -> PyResult<()> {
    if args.len() != n {
        return Err(wrong_count(vm, n, args.len()));
    }
    Ok(())
}

/// Exactly `N` positional arguments, as an array: indexing it needs no bounds check (each
/// check on a slice is a panic branch and a source location in the wasm).
pub fn fixed<'a, const N: usize>(vm: &mut Vm, args: &'a [Value]) -> PyResult<&'a [Value; N]> {
    args.try_into().map_err(|_| wrong_count(vm, N, args.len()))
}

/// The arguments of a native of arity `N` (which the call path checked) as an array:
/// indexing needs no bounds check and the native keeps no error branch. A Rust caller that
/// passes fewer gets `N` Nones rather than a panic.
#[inline(always)]
pub fn take<const N: usize>(args: &[Value]) -> &[Value; N] {
    args.first_chunk().unwrap_or(&[Value::None; N])
}

fn wrong_count(vm: &mut Vm, n: usize, given: usize) -> crate::vm::Exc {
    vm.err_fmt(TypeId::TypeError, format_args!("function takes {} positional arguments but {} were given", Dec(n as i64), Dec(given as i64)))
}

/// MicroPython's error for `n` positional arguments given to a native of arity `a`
/// (`mp_arg_check_num`), raised by the call path.
#[cold]
#[inline(never)]
pub fn wrong_arity(vm: &mut Vm, a: Arity, n: usize) -> crate::vm::Exc {
    let max = if a.max == Arity::VARARGS { usize::MAX } else { a.max as usize };
    out_of_range(vm, a.min as usize, max, n)
}

/// `mp_arg_check_num`'s message for `n` positional arguments where `min..=max` are taken.
pub fn out_of_range(vm: &mut Vm, min: usize, max: usize, n: usize) -> crate::vm::Exc {
    if min == max {
        wrong_count(vm, min, n)
    } else if n < min {
        vm.err_fmt(TypeId::TypeError, format_args!("function missing {} required positional arguments", Dec((min - n) as i64)))
    } else {
        vm.err_fmt(TypeId::TypeError, format_args!("function expected at most {} arguments, got {}", Dec(max as i64), Dec(n as i64)))
    }
}

/// Between `min` and `max` positional arguments.
pub fn range(vm: &mut Vm, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    if args.len() < min || args.len() > max {
        return Err(out_of_range(vm, min, max, args.len()));
    }
    Ok(())
}

/// Reject keyword arguments (a constructor that takes none: other natives are refused them
/// before the call, `Arity::kw`).
pub fn no_kw(vm: &mut Vm, kw: &[(Sym, Value)]) -> PyResult<()> {
    if !kw.is_empty() {
        return Err(no_keywords(vm));
    }
    Ok(())
}

/// MicroPython's error for keywords given to a native that takes none.
pub fn no_keywords(vm: &mut Vm) -> crate::vm::Exc {
    vm.type_error("function doesn't take keyword arguments")
}

/// Reject keyword arguments other than `allowed`, with MicroPython's message.
pub fn only_kw(vm: &mut Vm, kw: &[(Sym, Value)], allowed: &[Sym]) -> PyResult<()> {
    if kw.iter().any(|(k, _)| !allowed.contains(k)) {
        return Err(vm.type_error("extra keyword arguments given"));
    }
    Ok(())
}

/// The value of keyword `name`, if given.
pub fn kwarg(kw: &[(Sym, Value)], name: Sym) -> Option<Value> {
    kw.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

/// Positional argument `i`, else keyword `name`, else `default`.
pub fn arg_or(args: &[Value], i: usize, kw: &[(Sym, Value)], name: Sym, default: Value) -> Value {
    args.get(i).copied().or_else(|| kwarg(kw, name)).unwrap_or(default)
}

/// An int argument (bools count).
pub fn int(vm: &mut Vm, v: Value) -> PyResult<i64> {
    match v.kind() {
        Kind::Int(i) => Ok(i),
        b @ (Kind::False | Kind::True) => Ok((b == Kind::True) as i64),
        _ => {
            // A big int in the range of `i64` (small ints are narrower than `i64`).
            if let Some(crate::vm::ops::Num::Int(i)) = vm.as_num(v) {
                return Ok(i);
            }
            if let Some(b) = vm.native_base(v) {
                return int(vm, b);
            }
            let t = vm.type_name(v);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to int", t)))
        }
    }
}

/// A float argument (ints convert).
pub fn float(vm: &mut Vm, v: Value) -> PyResult<f64> {
    match vm.as_num(v) {
        Some(crate::vm::ops::Num::Float(f)) => Ok(f),
        Some(crate::vm::ops::Num::Int(i)) => Ok(i as f64),
        Some(crate::vm::ops::Num::Big(b)) => Ok(crate::vm::ops::bigint_to_f64(&b)),
        _ => {
            if let Some(b) = vm.native_base(v) {
                return float(vm, b);
            }
            if let Some(m) = vm.type_lookup(v, crate::intern::sym::__FLOAT__) {
                let r = vm.call_value(m, &[v])?;
                return float(vm, r);
            }
            let t = vm.type_name(v);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to float", t)))
        }
    }
}

/// A str argument.
pub fn string(vm: &mut Vm, v: Value) -> PyResult<alloc::string::String> {
    match vm.as_str(v) {
        Some(s) => Ok(alloc::string::String::from(s)),
        None => Err(not_str(vm, v)),
    }
}

/// MicroPython's error for a value that is not a str where one is needed.
pub fn not_str(vm: &mut Vm, v: Value) -> crate::vm::Exc {
    let t = vm.type_name(v);
    vm.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to str implicitly", t))
}

/// The bytes of anything with MicroPython's buffer protocol (str included).
pub fn buffer(vm: &mut Vm, v: Value) -> PyResult<alloc::vec::Vec<u8>> {
    if let Some(b) = vm.bytes_like(v) {
        return Ok(b);
    }
    if let Some(s) = vm.as_str(v) {
        return Ok(alloc::vec::Vec::from(s.as_bytes()));
    }
    Err(vm.type_error("object with buffer protocol required"))
}
