//! `bytes` and `bytearray`: construction, decode/hex/fromhex and bytearray mutation. The
//! methods shared with `str` live in `text_methods.rs`.

use crate::format::Dec;
use crate::value::Kind as VKind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::vec::Vec;

use super::args;
use super::text;
use super::text_methods::{self as tm, text_methods, Kind, Subj};
use crate::intern::Sym;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const BYTES_METHODS: super::Table = text_methods![
    tm::BYTES;
    [];
    [nat("decode", decode::<{ tm::BYTES }>, 1, 3), nat("fromhex", bytes_fromhex, 2, 2), nat("hex", hex::<{ tm::BYTES }>, 1, 2)];
    [nat_kw("__new__", bytes_new, 0, VARARGS)]
];
pub const BYTEARRAY_METHODS: super::Table = text_methods![
    tm::BYTEARRAY;
    [nat("append", append, 2, 2), nat("extend", extend, 2, 2)];
    [nat("decode", decode::<{ tm::BYTEARRAY }>, 1, 3), nat("fromhex", bytearray_fromhex, 2, 2), nat("hex", hex::<{ tm::BYTEARRAY }>, 1, 2)];
    [nat_kw("__new__", bytearray_new, 0, VARARGS)]
];

/// An item of `bytes([...])`: an int in 0..=255.
fn byte_item(vm: &mut Vm, v: Value) -> PyResult<u8> {
    match tm::int_arg(vm, v)? {
        i @ 0..=255 => Ok(i as u8),
        _ => Err(vm.value_error("bytes value out of range")),
    }
}

/// An int stored into a bytearray: truncated to its low byte, as MicroPython does.
fn low_byte(vm: &mut Vm, v: Value) -> PyResult<u8> {
    if let VKind::Obj(r) = v.kind() {
        if let Obj::BigInt(b) = vm.heap.get(r) {
            return Ok(b.low_u64() as u8);
        }
    }
    Ok(args::int(vm, v)? as u8)
}

/// The items of an iterable converted by `conv`.
fn iter_bytes(vm: &mut Vm, v: Value, conv: fn(&mut Vm, Value) -> PyResult<u8>) -> PyResult<Vec<u8>> {
    let items = vm.collect_iter(v)?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        out.push(conv(vm, it)?);
    }
    Ok(out)
}

/// `n` zero bytes, for `bytes(n)`/`bytearray(n)`.
fn zeros(vm: &mut Vm, n: i64) -> PyResult<Vec<u8>> {
    let Ok(n) = usize::try_from(n) else { return Err(tm::alloc_failed(vm, n as u64)) };
    let mut out = tm::result_buffer(vm, n)?;
    out.resize(n, 0);
    Ok(out)
}

/// The contents of `bytes(...)` (`ba` false) or `bytearray(...)` (`ba`): empty, `n` zeros, a
/// buffer's bytes, an iterable's ints, or a str's bytes given an encoding (which bytearray
/// does not apply). Each keeps MicroPython's own argument checks: bytes refuses extra
/// arguments after anything but a str or bytes and a negative size; bytearray refuses more
/// than three arguments and a big int size, and truncates items to their low byte.
fn from_args(vm: &mut Vm, a: &[Value], ba: bool) -> PyResult<Vec<u8>> {
    let Some(&x) = a.first() else { return Ok(Vec::new()) };
    if ba && a.len() > 3 {
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("function expected at most 3 arguments, got {}", Dec(a.len() as i64))));
    }
    if let Some(s) = vm.as_str(x) {
        let s = Vec::from(s.as_bytes());
        if !matches!(a.len(), 2..=3) {
            return Err(vm.type_error("string argument without an encoding"));
        }
        if ba {
            return Ok(s);
        }
        let enc = tm::encoding(vm, Some(a[1]))?;
        return tm::encode_text(vm, &s, enc);
    }
    if let VKind::Obj(r) = x.kind() {
        match vm.heap.get(r) {
            Obj::Bytes(b) => return Ok(b.clone()),
            Obj::BigInt(_) if ba => return Err(vm.word_overflow()),
            _ => {}
        }
    }
    if a.len() > 1 && !ba {
        return Err(vm.type_error("wrong number of arguments"));
    }
    if let Some(b) = vm.bytes_like(x) {
        return Ok(b);
    }
    if let Some(n) = vm.int_as_i64(x) {
        if n < 0 && !ba {
            return Err(vm.err0(TypeId::ValueError));
        }
        return zeros(vm, n);
    }
    iter_bytes(vm, x, if ba { low_byte } else { byte_item })
}

fn bytes_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if !kw.is_empty() {
        return Err(super::str::kw_not_implemented(vm));
    }
    // bytes(b) is b itself (whatever follows it, as in MicroPython).
    let exact = |vm: &Vm, v: Value| matches!(v.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::Bytes(_)));
    let is_bytes_cls = matches!(a[0].kind(), VKind::Obj(c) if c == vm.ty(TypeId::Bytes));
    if let Some(&x) = a.get(1) {
        if is_bytes_cls && exact(vm, x) {
            return Ok(x);
        }
    }
    new(vm, a, Kind::Bytes, TypeId::Bytes)
}

fn bytearray_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::no_kw(vm, kw)?;
    new(vm, a, Kind::ByteArray, TypeId::ByteArray)
}

/// A new bytes or bytearray of class `a[0]` made from the arguments after it.
fn new(vm: &mut Vm, a: &[Value], kind: Kind, id: TypeId) -> PyResult<Value> {
    let b = from_args(vm, &a[1..], kind == Kind::ByteArray)?;
    let v = tm::make(vm, kind, b)?;
    super::int::wrap_native(vm, a[0], v, id)
}

/// `decode(encoding='utf-8', errors='strict')`.
fn decode<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = Subj::get(vm, a, Kind::of(K))?;
    let enc = tm::encoding(vm, a.get(1).copied())?;
    tm::decode_value(vm, &s.data, enc, a.get(2).copied())
}

/// `hex([sep])`: the separator is the first character of a str or bytes argument.
fn hex<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    let s = Subj::get(vm, a, Kind::of(K))?;
    if s.data.is_empty() {
        return vm.new_str("");
    }
    let mut buf = [0u8; 4];
    let sep = match a.get(1) {
        None => None,
        Some(&v) => match tm::data(vm, v) {
            Some((Kind::Str, d)) => Some(first_char(&d, &mut buf)),
            Some((Kind::Bytes, d)) => Some(if d.first().is_some_and(u8::is_ascii) { first_char(&d, &mut buf) } else { "\0" }),
            _ => return Err(tm::bad_conv(vm, v)),
        },
    };
    let size = s.data.len().saturating_mul(2 + sep.map_or(0, str::len));
    if !vm.heap.reserve(size) {
        return Err(tm::alloc_failed(vm, size as u64));
    }
    vm.new_string(text::hex(&s.data, sep))
}

/// The first character of UTF-8 `d` (NUL when empty, as MicroPython reads the terminator).
fn first_char<'a>(d: &[u8], buf: &'a mut [u8; 4]) -> &'a str {
    let c = core::str::from_utf8(&d[..d.len().min(4)])
        .ok()
        .or_else(|| d.first().map(|&b| text::utf8_width(b)).and_then(|w| core::str::from_utf8(d.get(..w)?).ok()))
        .and_then(|s| s.chars().next())
        .unwrap_or('\0');
    c.encode_utf8(buf)
}

/// `bytes.fromhex(s)` / `bytearray.fromhex(s)`. Works whether or not the table entry is wrapped
/// as a classmethod: a class as first argument is the class; otherwise two arguments mean an
/// instance call (`b''.fromhex(s)`) and one means the plain function (`bytes.fromhex(s)`).
fn fromhex(vm: &mut Vm, a: &[Value], _kw: Kw, kind: Kind) -> PyResult<Value> {
    let is_class = |v: Value| matches!(v.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)));
    // Without the classmethod wrapper, a first argument of the table's own kind followed by
    // more is taken as an instance call; anything else as a call through the class.
    let (cls, rest, given) = match a.first() {
        Some(&c) if is_class(c) => (Some(c), &a[1..], a.len()),
        Some(&x) if a.len() >= 2 && tm::kind_of(vm, x) == Some(kind) => (None, &a[1..], a.len()),
        _ => (None, a, a.len() + 1),
    };
    if rest.len() != 1 {
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("function takes 2 positional arguments but {} were given", Dec(given as i64))));
    }
    let Some(data) = tm::buffer(vm, rest[0]) else { return Err(vm.type_error("object with buffer protocol required")) };
    let Some(out) = text::fromhex(&data) else { return Err(vm.value_error("non-hex digit")) };
    let (kind, id) = match cls.map(Value::kind) {
        Some(VKind::Obj(c)) if vm.is_subclass(c, vm.ty(TypeId::ByteArray)) => (Kind::ByteArray, TypeId::ByteArray),
        Some(_) => (Kind::Bytes, TypeId::Bytes),
        None if kind == Kind::ByteArray => (Kind::ByteArray, TypeId::ByteArray),
        None => (Kind::Bytes, TypeId::Bytes),
    };
    let v = tm::make(vm, kind, out)?;
    match cls {
        Some(c) => super::int::wrap_native(vm, c, v, id),
        None => Ok(v),
    }
}

fn bytes_fromhex(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fromhex(vm, a, kw, Kind::Bytes)
}

fn bytearray_fromhex(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fromhex(vm, a, kw, Kind::ByteArray)
}

/// Append to a bytearray (itself or a subclass instance's base), charging the heap for the
/// capacity it gains.
pub(crate) fn push_bytes(vm: &mut Vm, target: Value, more: &[u8]) -> PyResult<Value> {
    let VKind::Obj(r) = vm.native_base(target).unwrap_or(target).kind() else { return Ok(Value::None) };
    let need = match vm.heap.get(r) {
        Obj::ByteArray(b) => crate::heap::vec_growth(b.len(), b.capacity(), more.len(), 1),
        _ => return Ok(Value::None),
    };
    vm.grow(r, need, &mut |o| {
        if let Obj::ByteArray(b) = o {
            b.try_reserve(more.len())?;
            b.extend_from_slice(more)
        }
        Ok(())
    })?;
    Ok(Value::None)
}

/// The contents of a bytes or bytearray object, in place.
fn contents(vm: &Vm, v: Value) -> Option<&[u8]> {
    match v.kind() {
        VKind::Obj(r) => match vm.heap.get(r) {
            Obj::Bytes(d) | Obj::ByteArray(d) => Some(d),
            _ => None,
        },
        _ => None,
    }
}

/// `a + b` for `a` a bytes or bytearray and `b` any buffer: the result is asked of the allocator fallibly, and
/// a bytes or bytearray `b` is read in place (other buffers, a memoryview or array, are
/// copied out first).
pub(crate) fn concat(vm: &mut Vm, a: Value, b: Value) -> PyResult<Option<Value>> {
    let other = match contents(vm, b) {
        Some(_) => None,
        None => match vm.bytes_like(b) {
            Some(y) => Some(y),
            // An object array or a view of one has a buffer of no bytes to add (MicroPython
            // would add its pointers).
            None if matches!(super::modules::memoryview::view_of(vm, b), Some(super::modules::memoryview::View { typecode: b'O', .. })) => {
                return Err(vm.type_error("object with buffer protocol required"))
            }
            None => return Ok(None),
        },
    };
    let len = |vm: &Vm, v| contents(vm, v).map_or(0, <[u8]>::len);
    let n = len(vm, a) + other.as_ref().map_or_else(|| len(vm, b), Vec::len);
    let mut out = tm::result_buffer(vm, n)?;
    out.extend_from_slice(contents(vm, a).unwrap_or_default());
    out.extend_from_slice(other.as_deref().or_else(|| contents(vm, b)).unwrap_or_default());
    let bytearray = matches!(a.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::ByteArray(_)));
    vm.alloc(if bytearray { Obj::ByteArray(out) } else { Obj::Bytes(out) }).map(Some)
}

/// The arguments of a bytearray mutator: `(self, x)` with `self` a bytearray.
fn check_mutator(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<()> {
    args::exact(vm, a, 2)?;
    if tm::kind_of(vm, a[0]) != Some(Kind::ByteArray) {
        return Err(tm::wrong_receiver(vm, a[0], Kind::ByteArray));
    }
    Ok(())
}

/// `bytearray.append(x)`: `x` is truncated to a byte.
fn append(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    check_mutator(vm, a, kw)?;
    let byte = low_byte(vm, a[1])?;
    push_bytes(vm, a[0], &[byte])
}

/// `bytearray.extend(x)`: the bytes of a buffer (str included), else the items of an iterable.
fn extend(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    check_mutator(vm, a, kw)?;
    let more = match tm::buffer(vm, a[1]) {
        Some(b) => b,
        None => iter_bytes(vm, a[1], low_byte)?,
    };
    push_bytes(vm, a[0], &more)
}
