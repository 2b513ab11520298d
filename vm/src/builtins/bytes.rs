//! `bytes` and `bytearray`: construction and methods.

use alloc::vec::Vec;

use super::args;
use crate::intern::Sym;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const BYTES_METHODS: super::Table = &[("__new__", bytes_new), ("decode", decode)];
pub const BYTEARRAY_METHODS: super::Table = &[("__new__", bytearray_new), ("decode", decode), ("append", append)];

/// The bytes a constructor argument describes (`bytes(3)`, `bytes([1, 2])`, `bytes("x", "utf8")`).
pub fn bytes_from(vm: &mut Vm, a: &[Value]) -> PyResult<Vec<u8>> {
    let Some(&x) = a.first() else { return Ok(Vec::new()) };
    if let Some(s) = vm.as_str(x) {
        if a.len() < 2 {
            return Err(vm.type_error("string argument without an encoding"));
        }
        return Ok(Vec::from(s.as_bytes()));
    }
    if let Some(b) = vm.bytes_like(x) {
        return Ok(b);
    }
    if let Value::Int(n) = x {
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        if n as usize > vm.heap.limit() {
            return Err(vm.memory_error());
        }
        return Ok(alloc::vec![0; n as usize]);
    }
    let items = vm.collect_iter(x)?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        out.push(vm.byte_value(it)?);
    }
    Ok(out)
}

fn bytes_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = bytes_from(vm, &a[1..])?;
    let v = vm.new_bytes(b)?;
    super::int::wrap_native(vm, a[0], v, TypeId::Bytes)
}

fn bytearray_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = bytes_from(vm, &a[1..])?;
    let v = vm.alloc(Obj::ByteArray(b))?;
    super::int::wrap_native(vm, a[0], v, TypeId::ByteArray)
}

fn decode(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(b) = a.first().and_then(|v| vm.bytes_like(*v)) else { return Err(vm.type_error("expected bytes")) };
    match alloc::string::String::from_utf8(b) {
        Ok(s) => vm.new_string(s),
        Err(_) => Err(vm.err(TypeId::UnicodeError, "")),
    }
}

fn append(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 2)?;
    let byte = vm.byte_value(a[1])?;
    if let Value::Obj(r) = a[0] {
        if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
            b.push(byte);
        }
    }
    Ok(Value::None)
}
