//! `binascii`: hex and base64 conversions and CRC-32, following MicroPython's
//! `modbinascii.c` (lenient base64 decoding, `newline` flag, one-byte hex separator).

use crate::builtins::VARARGS;
use alloc::vec::Vec;

use super::super::args::buffer;
use super::math::{get_int_truncated, F, FK};
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::math::build_module(
        vm,
        "binascii",
        Value::Null,
        const { &[("a2b_base64", F(a2b_base64, 1, 1)), ("b2a_base64", FK(b2a_base64, 0, VARARGS)), ("crc32", F(crc32, 1, 2)), ("hexlify", F(hexlify, 1, 2)), ("unhexlify", F(unhexlify, 1, 1))] },
    )
}

/// `hexlify(data[, sep])`: the separator is the first byte of `sep` (NUL if it is empty).
fn hexlify(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let data = buffer(vm, a[0])?;
    if data.is_empty() {
        return vm.new_bytes(Vec::new());
    }
    let sep = match a.get(1) {
        Some(&s) => {
            let text = match vm.bytes_like(s) {
                Some(b) => b,
                None => Vec::from(super::super::args::string(vm, s)?.as_bytes()),
            };
            Some(text.first().copied().unwrap_or(0))
        }
        None => None,
    };
    vm.new_bytes(hex(&data, sep))
}

fn hex(data: &[u8], sep: Option<u8>) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(data.len() * 3);
    for (i, b) in data.iter().enumerate() {
        if let (Some(s), true) = (sep, i > 0) {
            out.push(s);
        }
        out.push(DIGITS[(b >> 4) as usize]);
        out.push(DIGITS[(b & 15) as usize]);
    }
    out
}

fn unhexlify(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let data = buffer(vm, a[0])?;
    match unhex(&data) {
        Some(out) => vm.new_bytes(out),
        None => Err(vm.value_error("non-hex digit")),
    }
}

/// Pairs of hex digits; whitespace is allowed between pairs, not inside one.
fn unhex(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut it = data.iter();
    while let Some(&c) = it.next() {
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            continue;
        }
        let hi = (c as char).to_digit(16)?;
        let lo = (*it.next()? as char).to_digit(16)?;
        out.push((hi * 16 + lo) as u8);
    }
    Some(out)
}

fn a2b_base64(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let data = buffer(vm, a[0])?;
    match base64_decode(&data) {
        Some(out) => vm.new_bytes(out),
        None => Err(vm.value_error("incorrect padding")),
    }
}

fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// MicroPython's decoder: other characters are skipped, and padding ends the data only where
/// it completes a group; None when bits are left over ("incorrect padding").
fn base64_decode(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() * 3 / 4 + 1);
    let mut shift: u32 = 0;
    let mut nbits = 0;
    let mut hadpad = false;
    for &c in data {
        if c == b'=' {
            if nbits == 2 || (nbits == 4 && hadpad) {
                nbits = 0;
                break;
            }
            hadpad = true;
        }
        let Some(s) = sextet(c) else { continue };
        hadpad = false;
        shift = (shift << 6) | s;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((shift >> nbits) as u8);
        }
    }
    if nbits != 0 {
        return None;
    }
    Some(out)
}

/// `b2a_base64(data, *, newline=True)` (`newline` may also be passed second).
fn b2a_base64(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.is_empty() {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    }
    if a.len() > 2 {
        return Err(vm.type_error("extra positional arguments given"));
    }
    let name = vm.intern("newline");
    if kw.iter().any(|(k, _)| *k != name) {
        return Err(vm.type_error("extra keyword arguments given"));
    }
    let newline = match a.get(1).copied().or_else(|| super::super::args::kwarg(kw, name)) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let data = buffer(vm, a[0])?;
    vm.new_bytes(base64_encode(&data, newline))
}

fn base64_encode(data: &[u8], newline: bool) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    out
}

/// `crc32(data, crc=0)`: the zlib CRC, continuing from `crc` (taken modulo 2**32).
fn crc32(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let data = buffer(vm, a[0])?;
    let start = match a.get(1) {
        Some(&v) => get_int_truncated(vm, v)? as u32,
        None => 0,
    };
    Ok(Value::Int(crc32_update(start, &data) as i64))
}

fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { (c >> 1) ^ 0xedb8_8320 } else { c >> 1 };
        }
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip() {
        for s in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", b"\x00\x00>"] {
            let e = base64_encode(s, false);
            assert_eq!(base64_decode(&e).as_deref(), Some(s));
        }
        assert_eq!(base64_encode(b"foobar", true), b"Zm9vYmFy\n");
        assert_eq!(base64_encode(b"\x00\x00>", false), b"AAA+");
    }

    #[test]
    fn base64_lenient_decoding() {
        assert_eq!(base64_decode(b"Zm9v===YmFy").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base64_decode(b"Zm\x009v\n").as_deref(), Some(&b"foo"[..]));
        assert_eq!(base64_decode(b"Zg==Zg==").as_deref(), Some(&b"f"[..]));
        assert_eq!(base64_decode(b"Zm9=v").as_deref(), Some(&b"fo"[..]));
        assert_eq!(base64_decode(b"Zm9v=Zg==").as_deref(), Some(&b"foof"[..]));
        for bad in [&b"abc"[..], b"abcde=", b"ab*d", b"ab=cdef=", b"Z===", b"Zg=", b"Zm9vY==="] {
            assert_eq!(base64_decode(bad), None, "{:?}", bad);
        }
    }

    #[test]
    fn hex_both_ways() {
        assert_eq!(hex(b"\x01\xab", None), b"01ab");
        assert_eq!(hex(b"\x01\xab", Some(b':')), b"01:ab");
        assert_eq!(unhex(b"01 02\n0a").as_deref(), Some(&b"\x01\x02\x0a"[..]));
        assert_eq!(unhex(b"0 1"), None);
        assert_eq!(unhex(b"0"), None);
        assert_eq!(unhex(b"gg"), None);
    }

    #[test]
    fn crc() {
        assert_eq!(crc32_update(0, b"The quick brown fox jumps over the lazy dog"), 0x414fa339);
        assert_eq!(crc32_update(crc32_update(0, b"The quick brown fox jumps"), b" over the lazy dog"), 0x414fa339);
        assert_eq!(crc32_update(0, &[0xff; 32]), 0xff6cab0b);
    }
}
