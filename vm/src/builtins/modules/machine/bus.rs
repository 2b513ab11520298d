//! `machine.I2C` and `machine.SoftI2C`: controller transactions through the host, with the
//! esp32 port's errors (`OSError: [Errno 19] ENODEV` when no device answers).

use crate::format::Dec;
use crate::value::Kind as VKind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::format;
use alloc::vec::Vec;

use super::pin::pin_id;
use super::{arg, int_arg, kind_of, new_periph, new_str_fmt, Kind, Kw};
use crate::types::TypeId;
use crate::builtins::args::{self, buffer};
use crate::builtins::modules::io::os_error;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub(super) const METHODS: crate::builtins::Table = &[
    nat_kw("__new__", i2c_new, 0, VARARGS),
    nat("__repr__", i2c_repr, 0, VARARGS),
    nat("scan", scan, 1, 1),
    nat("writeto", writeto, 3, 4),
    nat("writevto", writevto, 3, 4),
    nat("readfrom", readfrom, 3, 4),
    nat("readfrom_into", readfrom_into, 3, 4),
    nat_kw("writeto_mem", writeto_mem, 4, 4),
    nat_kw("readfrom_mem", readfrom_mem, 4, 4),
    nat_kw("readfrom_mem_into", readfrom_mem_into, 4, 4),
    nat("deinit", deinit, 1, 1),
];

/// The esp32 port's default pins for I2C(0) and I2C(1).
const DEFAULT_PINS: [(u32, u32); 2] = [(18, 19), (25, 26)];

fn pins(vm: &mut Vm, a: &[Value], first: usize, kw: Kw, defaults: Option<(u32, u32)>) -> PyResult<(u32, u32)> {
    let scl = arg(vm, a, first, kw, "scl");
    let sda = arg(vm, a, first + 1, kw, "sda");
    // Both given, or the hardware bus's defaults for what is not.
    let (dc, dd) = match (scl, sda, defaults) {
        (Some(_), Some(_), _) => (0, 0),
        (_, _, Some(d)) => d,
        _ => return Err(vm.type_error("'scl' and 'sda' arguments required")),
    };
    let scl = match scl {
        Some(c) => pin_id(vm, c)?,
        None => dc,
    };
    let sda = match sda {
        Some(d) => pin_id(vm, d)?,
        None => dd,
    };
    Ok((scl, sda))
}

/// `I2C(id, *, scl, sda, freq)` or, for SoftI2C (which shares these methods), `SoftI2C(scl, sda, *, freq)`.
fn i2c_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let soft = super::class(vm, super::SOFT_I2C)?;
    let (id, base, defaults, first) = if matches!(a.first().map(|v| v.kind()), Some(VKind::Obj(c)) if vm.is_subclass(c, soft)) {
        (None, super::SOFT_I2C, None, 0)
    } else {
        let id = int_arg(vm, a, 0, kw, "id")?.unwrap_or(0);
        let Some(&defaults) = usize::try_from(id).ok().and_then(|i| DEFAULT_PINS.get(i)) else {
            return Err(vm.err_fmt(TypeId::ValueError, format_args!("I2C({}) doesn't exist", Dec(id))));
        };
        (Some(id), super::I2C, Some(defaults), 1)
    };
    let (scl, sda) = pins(vm, a, first, kw, defaults)?;
    // SoftI2C's `freq` may be positional (its third argument); I2C's is keyword-only.
    let freq = int_arg(vm, a, if id.is_some() { 9 } else { 2 }, kw, "freq")?.unwrap_or(400_000);
    new_periph(vm, a, base, Kind::I2c { id, scl, sda, freq })
}

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<(u32, u32)> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::I2c { scl, sda, .. }) => Ok((scl, sda)),
        _ => Err(vm.type_error("I2C object expected")),
    }
}

fn i2c_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(Kind::I2c { id, scl, sda, freq }) = a.first().and_then(|&v| kind_of(vm, v)) else {
        return Err(vm.type_error("I2C object expected"));
    };
    let head = match id {
        Some(id) => format!("I2C({}, ", Dec(id)),
        None => alloc::string::String::from("SoftI2C("),
    };
    new_str_fmt(vm, format_args!("{}scl={}, sda={}, freq={})", head, Dec(scl as i64), Dec(sda as i64), Dec(freq)))
}

fn deinit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    this(vm, a)?;
    Ok(Value::None)
}

fn addr(vm: &mut Vm, v: Value) -> PyResult<u8> {
    let n = args::int(vm, v)?;
    u8::try_from(n).ok().filter(|&x| x < 0x80).ok_or_else(|| vm.value_error("invalid I2C address"))
}

fn write(vm: &mut Vm, a: &[Value], addr: u8, data: &[u8]) -> PyResult<()> {
    let (scl, sda) = this(vm, a)?;
    vm.host.i2c_write(scl, sda, addr, data).map_err(|e| os_error(vm, e.0))
}

fn read(vm: &mut Vm, a: &[Value], addr: u8, n: usize) -> PyResult<Vec<u8>> {
    let (scl, sda) = this(vm, a)?;
    let mut buf = alloc::vec![0u8; n];
    vm.host.i2c_read(scl, sda, addr, &mut buf).map_err(|e| os_error(vm, e.0))?;
    Ok(buf)
}

/// Copy `data` into a bytearray argument.
pub(super) fn fill_into(vm: &mut Vm, target: Value, data: &[u8]) -> PyResult<()> {
    if let VKind::Obj(r) = target.kind() {
        if let Obj::ByteArray(b) = vm.heap.get_mut(r) {
            let n = b.len().min(data.len());
            b[..n].copy_from_slice(&data[..n]);
            return Ok(());
        }
    }
    Err(vm.type_error("object with buffer protocol required"))
}

/// A byte count to read: more than the heap could hold is a MemoryError, not an abort.
pub(super) fn count(vm: &mut Vm, a: &[Value], i: usize) -> PyResult<usize> {
    let n = args::int(vm, a[i])?;
    let n = usize::try_from(n).map_err(|_| vm.value_error("negative count"))?;
    if n > vm.heap.limit() {
        return Err(vm.memory_error());
    }
    Ok(n)
}

/// Addresses 0x08..=0x77 that acknowledge an empty write.
fn scan(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (scl, sda) = this(vm, a)?;
    let mut found = Vec::new();
    for ad in 0x08..0x78 {
        if vm.host.i2c_write(scl, sda, ad, &[]).is_ok() {
            found.push(Value::Int(ad as i64));
        }
    }
    vm.new_list(found)
}

fn writeto(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    write_op(vm, a, false)
}

fn writevto(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    write_op(vm, a, true)
}

/// `writeto(addr, buf)`, or with `vector` `writevto(addr, vector)`: the buffers back to back
/// in one transaction. Answers the count written.
fn write_op(vm: &mut Vm, a: &[Value], vector: bool) -> PyResult<Value> {
    let ad = addr(vm, a[1])?;
    let data = if vector {
        let Some(parts) = vm.tuple_items(a[2]).or_else(|| vm.list_items(a[2])) else {
            return Err(vm.type_error("object isn't iterable"));
        };
        let mut data = Vec::new();
        for p in parts {
            data.extend(buffer(vm, p)?);
        }
        data
    } else {
        buffer(vm, a[2])?
    };
    write(vm, a, ad, &data)?;
    Ok(Value::Int(data.len() as i64))
}

fn readfrom(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    read_op(vm, a, kw, false, false)
}

fn readfrom_into(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    read_op(vm, a, kw, false, true)
}

fn readfrom_mem(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    read_op(vm, a, kw, true, false)
}

fn readfrom_mem_into(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    read_op(vm, a, kw, true, true)
}

/// The four reads: `readfrom(addr, nbytes)`, `readfrom_into(addr, buf)`, and with `mem` the
/// same after writing the register address (`addr, memaddr, ...`); `into` fills `buf`.
fn read_op(vm: &mut Vm, a: &[Value], kw: Kw, mem: bool, into: bool) -> PyResult<Value> {
    let last = if mem { 3 } else { 2 };
    let Some(&target) = a.get(last) else {
        return Err(vm.err0(TypeId::TypeError));
    };
    // The checks in the order each read always made them.
    let early = if mem { None } else { Some(addr(vm, a[1])?) };
    let n = if into { buffer(vm, target)?.len() } else { count(vm, a, last)? };
    let ad = match early {
        Some(ad) => ad,
        None => {
            let ad = addr(vm, a[1])?;
            let reg = mem_addr(vm, a, kw)?;
            write(vm, a, ad, &reg)?;
            ad
        }
    };
    let data = read(vm, a, ad, n)?;
    if into {
        fill_into(vm, target, &data)?;
        return Ok(Value::None);
    }
    vm.new_bytes(data)
}

/// The register address bytes (big-endian, `addrsize` bits).
fn mem_addr(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Vec<u8>> {
    let mem = args::int(vm, a[2])?;
    let bits = int_arg(vm, a, 9, kw, "addrsize")?.unwrap_or(8);
    if !(8..=32).contains(&bits) || bits % 8 != 0 {
        return Err(vm.value_error("invalid addrsize"));
    }
    let bytes = (mem as u32).to_be_bytes();
    Ok(bytes.get(4 - (bits / 8) as usize..).unwrap_or(&[]).to_vec())
}

fn writeto_mem(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let a = args::take::<4>(a);
    let ad = addr(vm, a[1])?;
    let mut data = mem_addr(vm, a, kw)?;
    data.extend(buffer(vm, a[3])?);
    write(vm, a, ad, &data)?;
    Ok(Value::None)
}

