//! `struct`: MicroPython's packing rules, which are looser than CPython's.
//!
//! As in MicroPython (`modstruct.c`, `binary.c`): `pack` takes fewer values than the format
//! asks for (the rest are zeros) and ignores extra ones; `unpack` only needs a buffer that is
//! big enough; integers are stored as their low bytes (no range check); `=` is not supported;
//! `@` (the default) uses the native sizes and alignments of a 64-bit unix machine; the
//! extensions `O` (an object) and `P`/`S` (pointer-sized ints) are accepted.

use crate::value::Kind;
use crate::builtins::VARARGS;
use alloc::vec;
use alloc::vec::Vec;

use crate::types::TypeId;

use super::super::args::buffer;
use super::math::{get_int, F};
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::math::build_module(
        vm,
        "struct",
        Value::Null,
        const { &[("calcsize", F(calcsize, 1, 1)), ("pack", F(pack, 0, VARARGS)), ("pack_into", F(pack_into, 0, VARARGS)), ("unpack", F(unpack_from, 2, 3)), ("unpack_from", F(unpack_from, 2, 3))] },
        &[],
    )
}

/// One parsed format item: `count` repetitions of `code` (for `s`, one string of `count` bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Item {
    count: usize,
    code: u8,
}

/// A parsed format: byte order (`@`, `<` or `>`) and items.
#[derive(Debug, PartialEq, Eq)]
struct Format {
    order: u8,
    items: Vec<Item>,
}

#[derive(Debug, PartialEq, Eq)]
enum FmtError {
    BadTypecode,
}

/// (size, alignment) of a value code in byte order `order`; None is "bad typecode". The
/// native sizes are an array's (`array::item_size`); `e` is struct's alone.
fn code_size(order: u8, code: u8) -> Option<(usize, usize)> {
    let size = match (order, code) {
        (_, b'e') => 2,
        (b'<' | b'>', b'l' | b'L') => 4,
        _ => super::array::item_size(code)?,
    };
    match order {
        b'@' => Some((size, size)),
        b'<' | b'>' => Some((size, 1)),
        _ => None,
    }
}

/// Parse a format as MicroPython does: an optional byte-order mark, then items with optional
/// decimal counts. The text stops at a NUL, as the C string would.
fn parse(text: &[u8]) -> Result<Format, FmtError> {
    let text = match text.iter().position(|&c| c == 0) {
        Some(n) => &text[..n],
        None => text,
    };
    let (order, mut rest) = match text.first() {
        Some(b'!') => (b'>', &text[1..]),
        Some(&c @ (b'@' | b'=' | b'<' | b'>')) => (c, &text[1..]),
        _ => (b'@', text),
    };
    let mut items = Vec::new();
    while let Some(&c) = rest.first() {
        let mut count = 1usize;
        if c.is_ascii_digit() {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            count = rest[..digits].iter().fold(0usize, |n, d| n.saturating_mul(10).saturating_add((d - b'0') as usize));
            rest = &rest[digits..];
        }
        let Some(&code) = rest.first() else { return Err(FmtError::BadTypecode) };
        if code != b's' && code != b'x' && code_size(order, code).is_none() {
            return Err(FmtError::BadTypecode);
        }
        items.push(Item { count, code });
        rest = &rest[1..];
    }
    Ok(Format { order, items })
}

impl Format {
    /// The bytes the format covers (saturating: a size too large for any buffer stays so).
    fn size(&self) -> usize {
        let mut size = 0usize;
        for it in &self.items {
            let (sz, align, reps) = it.shape(self.order);
            // A size is a multiple of its alignment, so only the first repetition pads.
            if reps > 0 {
                size = size.saturating_add(align - 1) & !(align - 1);
                size = size.saturating_add(sz.saturating_mul(reps));
            }
        }
        size
    }

    /// Pack `values` into `buf` (zeroed, at least `size()` long) or, given no values, unpack
    /// `buf`'s values: one walk of the layout for both. Packing stops when the values run out
    /// (the rest stay zeros) and ignores extra ones, as MicroPython's does.
    fn transfer(&self, vm: &mut Vm, buf: &mut [u8], values: Option<&[Value]>) -> PyResult<Vec<Value>> {
        let mut out = Vec::new();
        let mut off = 0usize;
        let mut n = 0usize;
        for it in &self.items {
            let (size, align, reps) = it.shape(self.order);
            for _ in 0..reps {
                off = (off + align - 1) & !(align - 1);
                if it.code != b'x' {
                    let slot = &mut buf[off..off + size];
                    match values {
                        Some(values) => {
                            let Some(&v) = values.get(n) else { return Ok(out) };
                            if it.code == b's' {
                                let data = buffer(vm, v)?;
                                let k = data.len().min(size);
                                slot[..k].copy_from_slice(&data[..k]);
                            } else {
                                slot.copy_from_slice(&value_word(vm, it.code, v)?.to_le_bytes()[..size]);
                                if self.order == b'>' {
                                    slot.reverse();
                                }
                            }
                        }
                        None => {
                            let v = if it.code == b's' {
                                vm.new_bytes(slot.to_vec())?
                            } else {
                                if self.order == b'>' {
                                    slot.reverse();
                                }
                                let mut word = [0u8; 8];
                                word[..size].copy_from_slice(slot);
                                unpack_word(vm, it.code, size, u64::from_le_bytes(word))?
                            };
                            out.push(v);
                        }
                    }
                    n += 1;
                }
                off += size;
            }
        }
        Ok(out)
    }
}

impl Item {
    /// (bytes, alignment, repetitions) of the item: a string or a pad is one run of `count`
    /// bytes, any other code `count` values of its size.
    fn shape(self, order: u8) -> (usize, usize, usize) {
        match self.code {
            b's' | b'x' => (self.count, 1, 1),
            code => {
                let (size, align) = code_size(order, code).unwrap_or((1, 1));
                (size, align, self.count)
            }
        }
    }
}

fn format_arg(vm: &mut Vm, v: Value) -> PyResult<Format> {
    let text: Vec<u8> = match vm.bytes_like(v) {
        Some(b) => b,
        None => Vec::from(super::super::args::string(vm, v)?.as_bytes()),
    };
    parse(&text).map_err(|_| vm.value_error("bad typecode"))
}

fn too_small(vm: &mut Vm) -> crate::vm::Exc {
    vm.value_error("buffer too small")
}

fn calcsize(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = format_arg(vm, a[0])?;
    Ok(Value::Int(f.size() as i64))
}

fn pack(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.is_empty() {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    }
    let f = format_arg(vm, a[0])?;
    let size = f.size();
    if !vm.heap.reserve(size) {
        return Err(vm.memory_error());
    }
    let mut out = vec![0u8; size];
    f.transfer(vm, &mut out, Some(&a[1..]))?;
    vm.new_bytes(out)
}

/// `pack_into(fmt, buffer, offset, *values)`: into a writable buffer (bytearray, array, or a
/// writable memoryview), offset from the end if negative.
fn pack_into(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.len() < 3 {
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("function missing {} required positional arguments", crate::format::Dec(3 - a.len() as i64))));
    }
    let Some(target) = super::memoryview::writable(vm, a[1]) else { return Err(vm.type_error("object with buffer protocol required")) };
    let len = target.len;
    let offset = get_int(vm, a[2])?;
    let start = if offset < 0 { len as i64 + offset } else { offset };
    if start < 0 {
        return Err(too_small(vm));
    }
    let f = format_arg(vm, a[0])?;
    let size = f.size();
    let start = start as usize;
    if start.checked_add(size).is_none_or(|end| end > len) {
        return Err(too_small(vm));
    }
    let mut out = vec![0u8; size];
    f.transfer(vm, &mut out, Some(&a[3..]))?;
    // Values were converted (maybe by Python code) before the write, so look the buffer up again.
    match super::memoryview::writable(vm, a[1]) {
        Some(t) if start + size <= t.len => {
            super::memoryview::write_source(vm, t.store, t.base + start, &out);
            Ok(Value::None)
        }
        _ => Err(too_small(vm)),
    }
}

/// The bits a value packs to, as a little-endian word of which the low `size` bytes are used.
fn value_word(vm: &mut Vm, code: u8, v: Value) -> PyResult<u64> {
    Ok(match code {
        b'O' => object_word(v),
        b'e' => half_from_f32(super::super::args::float(vm, v)? as f32) as u64,
        _ => super::array::item_word(vm, code, v)?,
    })
}

// ---- `O`: an object reference in a pointer-sized slot.
//
// Low bit 1: a small int (`i << 1 | 1`). Low bits 010: a singleton. Low bits 100: a float (its
// three lowest mantissa bits are lost). Low bits 000: a heap handle plus one. As in MicroPython,
// the packed bytes do not keep the object alive.

const SINGLETONS: [Value; 5] = [Value::None, Value::False, Value::True, Value::Ellipsis, Value::NotImplemented];

fn object_word(v: Value) -> u64 {
    match v.kind() {
        Kind::Int(i) if (i << 1) >> 1 == i => ((i << 1) | 1) as u64,
        Kind::Int(_) => 2,
        Kind::Float(f) => (f.get().to_bits() & !7) | 4,
        Kind::Obj(r) => (r.0 as u64 + 1) << 3,
        _ => SINGLETONS.iter().position(|s| *s == v).map_or(2, |p| ((p as u64) << 3) | 2),
    }
}

/// The value of a word that holds no heap handle.
fn immediate_from_word(w: u64) -> Option<Value> {
    if w & 1 == 1 {
        return Value::small((w as i64) >> 1);
    }
    match w & 7 {
        2 => Some(SINGLETONS.get((w >> 3) as usize).copied().unwrap_or(Value::None)),
        4 => Some(Value::float(f64::from_bits(w & !7))),
        0 if w != 0 => None,
        _ => Some(Value::None),
    }
}

/// An unpacked `O`: handles to freed slots (or garbage) read as None rather than crash.
fn object_from_word(vm: &Vm, w: u64) -> Value {
    if let Some(v) = immediate_from_word(w) {
        return v;
    }
    match u32::try_from((w >> 3) - 1).map(u64::from) {
        Ok(idx) if !matches!(vm.heap.get(ObjRef(idx)), Obj::Freed) => Value::Obj(ObjRef(idx)),
        _ => Value::None,
    }
}

/// `unpack(fmt, buffer[, offset])` and `unpack_from`, which MicroPython makes the same function.
fn unpack_from(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let f = format_arg(vm, a[0])?;
    let mut data = buffer(vm, a[1])?;
    let mut start = 0usize;
    if let Some(&o) = a.get(2) {
        let o = get_int(vm, o)?;
        let s = if o < 0 { data.len() as i64 + o } else { o };
        if s < 0 {
            return Err(too_small(vm));
        }
        start = s as usize;
    }
    let size = f.size();
    if start.checked_add(size).is_none_or(|end| end > data.len()) {
        return Err(too_small(vm));
    }
    let out = f.transfer(vm, &mut data[start..start + size], None)?;
    vm.new_tuple(out)
}

fn unpack_word(vm: &mut Vm, code: u8, size: usize, word: u64) -> PyResult<Value> {
    Ok(match code {
        b'O' => object_from_word(vm, word),
        b'e' => Value::float(f32_from_half(word as u16) as f64),
        _ => super::array::word_item(vm, code, size, word)?,
    })
}

/// MicroPython's software float-to-half conversion (`mp_encode_half_float`), quirks included:
/// rounding half up, a mantissa carry spilling into the exponent, and exponents between 31 and
/// 63 wrapping into the sign bit instead of becoming infinity.
fn half_from_f32(f: f32) -> u16 {
    let i = f.to_bits();
    let mut m = ((i >> 13) & 0x3ff) as u16;
    if i & (1 << 12) != 0 {
        m += 1;
    }
    let mut e = ((i >> 23) & 0xff) as i32;
    if e == 0xff {
        e = 0x1f;
    } else if e != 0 {
        e -= 127 - 15;
        if e < 0 {
            if e >= -11 {
                m = (m | 0x400) >> -e;
                m = if m & 1 != 0 { (m >> 1) + 1 } else { m >> 1 };
            } else {
                m = 0;
            }
            e = 0;
        } else if e > 0x3f {
            e = 0x1f;
            m = 0;
        }
    }
    (((i >> 16) as u16) & 0x8000) | ((e << 10) as u16) | m
}

/// MicroPython's half-to-float conversion (`mp_decode_half_float`).
fn f32_from_half(h: u16) -> f32 {
    let mut m = (h & 0x3ff) as u32;
    let mut e = ((h >> 10) & 0x1f) as i32;
    if e == 0x1f {
        e = 0xff;
    } else if e != 0 {
        e += 127 - 15;
    } else if m != 0 {
        e = 127 - 15;
        while m & 0x400 == 0 {
            m <<= 1;
            e -= 1;
        }
        m -= 0x400;
        e += 1;
    }
    f32::from_bits(((h as u32 & 0x8000) << 16) | ((e as u32) << 23) | (m << 13))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(f: &str) -> Result<usize, FmtError> {
        parse(f.as_bytes()).map(|f| f.size())
    }

    /// Sizes as MicroPython's unix port computes them.
    #[test]
    fn sizes() {
        for (f, n) in [
            ("<bI", 5),
            ("100sI", 104),
            ("97sI", 104),
            ("7xx", 8),
            (">bxI3xH", 11),
            ("=x", 1),
            ("=3s", 3),
            ("", 0),
            ("<", 0),
            ("<bxI", 6),
            ("@bi", 8),
            ("@hq", 16),
            ("@bP", 16),
            ("@be", 4),
            ("@bf", 8),
            ("@bd", 16),
            ("00b", 0),
            ("x0b", 1),
            ("!h", 2),
            ("bb\0z", 2),
            ("l", 8),
            ("<l", 4),
        ] {
            assert_eq!(size(f), Ok(n), "{}", f);
        }
        for f in ["z", "=b", "2", "b2", " b", "?", "c", "n", "E", "2x3"] {
            assert_eq!(size(f), Err(FmtError::BadTypecode), "{}", f);
        }
    }

    /// `struct.pack('>e', x).hex()` on MicroPython.
    #[test]
    fn half_floats_match_micropython() {
        for (x, h) in [
            (1e5f64, 0x7e1bu16),
            (-1e5, 0xfe1b),
            (65520.0, 0x7c00),
            (65519.0, 0x7bff),
            (1e-8, 0x0000),
            (3e-5, 0x01f7),
            (6.1e-5, 0x03ff),
            (2f64.powi(-25), 0x0001),
            (1e300, 0x7c00),
            (131072.0, 0x8000),
            (4e9, 0xbb73),
            (1.00048828125, 0x3c01),
            (2047.5, 0x6400),
            (0.333333, 0x3555),
            (f64::NAN, 0x7e00),
            (70000.0, 0x7c46),
            (1e15, 0x7c00),
        ] {
            assert_eq!(half_from_f32(x as f32), h, "{}", x);
        }
        for (h, x) in [
            (0x0400u16, 6.103515625e-05f64),
            (0x03ff, 6.097555160522461e-05),
            (0x8001, -5.960464477539063e-08),
            (0x3555, 0.333251953125),
            (0x7bff, 65504.0),
            (0xfc00, f64::NEG_INFINITY),
        ] {
            assert_eq!(f32_from_half(h) as f64, x, "{:x}", h);
        }
        assert!(f32_from_half(0x7c01).is_nan());
    }

    #[test]
    fn object_words() {
        for v in
            [Value::Int(5), Value::Int(-7), Value::Int(crate::value::SMALL_MAX), Value::Int(crate::value::SMALL_MIN), Value::None, Value::True, Value::False, Value::Ellipsis, Value::float(1.5)]
        {
            assert_eq!(immediate_from_word(object_word(v)), Some(v));
        }
        assert_eq!(immediate_from_word(object_word(Value::Obj(ObjRef(0)))), None);
        assert_eq!(immediate_from_word(object_word(Value::Obj(ObjRef(12345)))), None);
        assert_eq!(immediate_from_word(0), Some(Value::None));
    }
}
