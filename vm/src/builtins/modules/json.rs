//! `json`: `dumps`/`dump` print values MicroPython's way (`{"a": [1, null]}`, configurable
//! separators, non-JSON objects as their repr); `loads`/`load` follow MicroPython's small
//! non-recursive parser, which accepts a superset of JSON (commas and colons count as
//! whitespace, brackets need not match in kind).

use crate::format::{Dec, Hex};
use crate::value::Kind as VKind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::bigint::BigInt;

use super::super::args;
use super::super::repr::float_repr;
use crate::intern::Sym;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{Exc, PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// How deep containers may nest when printing before `RuntimeError`.
const MAX_DUMP_DEPTH: usize = 1200;

const FUNCS: super::super::Table = &[nat_kw("dump", dump, 0, VARARGS), nat_kw("dumps", dumps, 0, VARARGS), nat("load", load, 1, 1), nat("loads", loads, 1, 1)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::make_module(vm, "json", FUNCS, &[])
}

/// `import ujson`: the same module as `json`.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    let s = vm.intern("json");
    vm.import_module(s, Value::None, Value::Int(0))
}

// ---- printing

struct Seps {
    item: String,
    key: String,
}

/// Positional count check and the `separators` keyword (mp_arg_parse_all's messages).
fn parse_dump_args(vm: &mut Vm, a: &[Value], kw: Kw, npos: usize) -> PyResult<Seps> {
    if a.len() < npos {
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("function missing {} required positional arguments", Dec((npos - a.len()) as i64))));
    }
    if a.len() > npos {
        return Err(vm.type_error("extra positional arguments given"));
    }
    let sep_sym = vm.intern("separators");
    let mut sep = Value::None;
    for &(k, v) in kw {
        if k == sep_sym {
            sep = v;
        } else {
            return Err(vm.type_error("extra keyword arguments given"));
        }
    }
    if sep.is_none() {
        return Ok(Seps { item: String::from(", "), key: String::from(": ") });
    }
    let items = match vm.tuple_items(sep).or_else(|| vm.list_items(sep)) {
        Some(items) => items,
        None => {
            let t = vm.type_name(sep);
            return Err(vm.err_fmt(TypeId::TypeError, format_args!("object '{}' isn't a tuple or list", t)));
        }
    };
    if items.len() != 2 {
        return Err(vm.err_fmt(TypeId::ValueError, format_args!("requested length 2 but object has length {}", Dec(items.len() as i64))));
    }
    let item = args::string(vm, items[0])?;
    let key = args::string(vm, items[1])?;
    Ok(Seps { item, key })
}

/// Append `s` as a JSON string (control characters escaped, everything else raw).
fn json_str(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &c in bytes {
        match c {
            b'"' | b'\\' => {
                out.push(b'\\');
                out.push(c);
            }
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            c if c < 32 => {
                let mut s = String::new();
                let _ = write!(s, "\\u{}", Hex(c as u64, 4));
                out.extend_from_slice(s.as_bytes());
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

fn is_str_or_bytes(vm: &Vm, v: Value) -> bool {
    match v.kind() {
        VKind::Obj(r) => match vm.heap.get(r) {
            Obj::Str(_) | Obj::Bytes(_) => true,
            Obj::Instance(i) => is_str_or_bytes(vm, i.base()),
            _ => false,
        },
        _ => false,
    }
}

struct Dumper<'s> {
    seps: &'s Seps,
    out: Vec<u8>,
}

impl Dumper<'_> {
    fn write(&mut self, vm: &mut Vm, v: Value, depth: usize) -> PyResult<()> {
        if depth > MAX_DUMP_DEPTH {
            return Err(vm.recursion_error());
        }
        vm.check_stack()?;
        let r = match v.kind() {
            VKind::Null | VKind::None => {
                self.out.extend_from_slice(b"null");
                return Ok(());
            }
            b @ (VKind::False | VKind::True) => {
                self.out.extend_from_slice(if b == VKind::True { b"true" } else { b"false" });
                return Ok(());
            }
            VKind::Int(i) => {
                let mut s = String::new();
                crate::format::int_to_str(&mut s, crate::format::IntRef::Small(i));
                self.out.extend_from_slice(s.as_bytes());
                return Ok(());
            }
            VKind::Float(f) => {
                self.out.extend_from_slice(float_repr(f.get()).as_bytes());
                return Ok(());
            }
            VKind::Obj(r) => r,
            _ => return self.repr(vm, v),
        };
        enum Kind {
            Str(Vec<u8>),
            Seq(Vec<Value>),
            Dict(Vec<(Value, Value)>),
            Set(Vec<Value>, bool),
            Base(Value),
            Other,
        }
        let kind = match vm.heap.get(r) {
            Obj::Str(s) => Kind::Str(Vec::from(s.as_str().as_bytes())),
            Obj::Bytes(b) => Kind::Str(b.clone()),
            Obj::List(l) => Kind::Seq(l.clone()),
            Obj::Tuple(t) => Kind::Seq(t.to_vec()),
            Obj::Dict(d) => Kind::Dict(d.iter().map(|e| (e.key, e.value)).collect()),
            Obj::Set { table, frozen } => Kind::Set(table.iter().map(|e| e.key).collect(), *frozen),
            Obj::Instance(i) if !i.base().is_null() => Kind::Base(i.base()),
            _ => Kind::Other,
        };
        match kind {
            Kind::Str(b) => json_str(&b, &mut self.out),
            Kind::Seq(items) => {
                let mark = vm.roots.len();
                vm.roots.extend_from_slice(&items);
                let res = self.seq(vm, &items, depth);
                vm.roots.truncate(mark);
                res?;
            }
            Kind::Dict(entries) => {
                let mark = vm.roots.len();
                for &(k, x) in &entries {
                    vm.roots.push(k);
                    vm.roots.push(x);
                }
                let res = self.dict(vm, &entries, depth);
                vm.roots.truncate(mark);
                res?;
            }
            Kind::Set(items, frozen) => {
                if items.is_empty() {
                    self.out.extend_from_slice(if frozen { b"frozenset()" } else { b"set()" });
                    return Ok(());
                }
                let mark = vm.roots.len();
                vm.roots.extend_from_slice(&items);
                if frozen {
                    self.out.extend_from_slice(b"frozenset(");
                }
                self.out.push(b'{');
                let mut res = Ok(());
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.extend_from_slice(b", ");
                    }
                    res = self.write(vm, *it, depth + 1);
                    if res.is_err() {
                        break;
                    }
                }
                vm.roots.truncate(mark);
                res?;
                self.out.push(b'}');
                if frozen {
                    self.out.push(b')');
                }
            }
            Kind::Base(b) => {
                // A subclass of a built-in type with its own `__repr__` (a namedtuple) prints
                // that, as MicroPython's instances do; others (and OrderedDict, a native dict
                // in MicroPython) as the value they wrap.
                let own_repr = vm.type_lookup(v, crate::intern::sym::__REPR__).is_some_and(|m| !vm.is_native(m));
                if own_repr && !matches!(b.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), crate::obj::Obj::Dict(_))) {
                    self.repr(vm, v)?;
                } else {
                    self.write(vm, b, depth + 1)?;
                }
            }
            Kind::Other => self.repr(vm, v)?,
        }
        Ok(())
    }

    fn repr(&mut self, vm: &mut Vm, v: Value) -> PyResult<()> {
        let s = vm.repr_of(v)?;
        self.out.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn seq(&mut self, vm: &mut Vm, items: &[Value], depth: usize) -> PyResult<()> {
        self.out.push(b'[');
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.out.extend_from_slice(self.seps.item.as_bytes());
            }
            self.write(vm, *it, depth + 1)?;
        }
        self.out.push(b']');
        Ok(())
    }

    fn dict(&mut self, vm: &mut Vm, entries: &[(Value, Value)], depth: usize) -> PyResult<()> {
        self.out.push(b'{');
        for (i, &(k, v)) in entries.iter().enumerate() {
            if i > 0 {
                self.out.extend_from_slice(self.seps.item.as_bytes());
            }
            if is_str_or_bytes(vm, k) {
                self.write(vm, k, depth + 1)?;
            } else {
                self.out.push(b'"');
                self.write(vm, k, depth + 1)?;
                self.out.push(b'"');
            }
            self.out.extend_from_slice(self.seps.key.as_bytes());
            self.write(vm, v, depth + 1)?;
        }
        self.out.push(b'}');
        Ok(())
    }
}

fn to_json(vm: &mut Vm, v: Value, seps: &Seps) -> PyResult<String> {
    let mut d = Dumper { seps, out: Vec::new() };
    d.write(vm, v, 0)?;
    Ok(match String::from_utf8(d.out) {
        Ok(s) => s,
        Err(e) => crate::builtins::text::lossy(e.as_bytes()),
    })
}

/// `json.dumps(obj, *, separators=None)`.
fn dumps(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let seps = parse_dump_args(vm, a, kw, 1)?;
    let s = to_json(vm, a[0], &seps)?;
    vm.new_string(s)
}

fn stream_error(vm: &mut Vm) -> Exc {
    vm.err(TypeId::OSError, "stream operation not supported")
}

/// `json.dump(obj, stream, *, separators=None)`.
fn dump(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let seps = parse_dump_args(vm, a, kw, 2)?;
    let (obj, stream) = (a[0], a[1]);
    let write = vm.intern("write");
    let Some(w) = vm.try_getattr(stream, write)? else { return Err(stream_error(vm)) };
    vm.roots.push(w);
    let r = (|| {
        let s = to_json(vm, obj, &seps)?;
        let binary = super::array::ext_ref::<super::io::BytesBuf>(vm, stream).is_some_and(|b| !b.text);
        let data = if binary { vm.new_bytes(Vec::from(s.as_bytes()))? } else { vm.new_string(s)? };
        vm.call_value(w, &[data])
    })();
    vm.roots.pop();
    r?;
    Ok(Value::None)
}

// ---- parsing

/// `json.loads(str_or_buffer)`.
fn loads(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let data = match vm.as_str(a[0]) {
        Some(s) => Vec::from(s.as_bytes()),
        None => match vm.bytes_like(a[0]) {
            Some(b) => b,
            None => return Err(vm.type_error("object with buffer protocol required")),
        },
    };
    parse(vm, &data)
}

/// `json.load(stream)`: reads the whole stream, then parses.
fn load(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let read = vm.intern("read");
    let Some(r) = vm.try_getattr(a[0], read)? else { return Err(stream_error(vm)) };
    vm.roots.push(r);
    let res = vm.call_value(r, &[]);
    vm.roots.pop();
    let text = res?;
    let data = match vm.as_str(text) {
        Some(s) => Vec::from(s.as_bytes()),
        None => match vm.bytes_like(text) {
            Some(b) => b,
            None => return Err(stream_error(vm)),
        },
    };
    parse(vm, &data)
}

fn syntax_error(vm: &mut Vm) -> Exc {
    vm.value_error("syntax error in JSON")
}

/// A reader where the end (and a NUL byte) reads as 0, as in MicroPython.
struct Src<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Src<'_> {
    fn cur(&self) -> u8 {
        self.b.get(self.pos).copied().unwrap_or(0)
    }
    /// Advance, returning the new current byte.
    fn next(&mut self) -> u8 {
        if self.pos < self.b.len() {
            self.pos += 1;
        }
        self.cur()
    }
}

/// Append code point `c` as UTF-8 (MicroPython's `vstr_add_char`: surrogates too).
fn add_char(out: &mut Vec<u8>, c: u32) {
    if c < 0x80 {
        out.push(c as u8);
    } else if c < 0x800 {
        out.push(0xc0 | (c >> 6) as u8);
        out.push(0x80 | (c & 0x3f) as u8);
    } else if c < 0x10000 {
        out.push(0xe0 | (c >> 12) as u8);
        out.push(0x80 | ((c >> 6) & 0x3f) as u8);
        out.push(0x80 | (c & 0x3f) as u8);
    } else {
        out.push(0xf0 | ((c >> 18) & 0x07) as u8);
        out.push(0x80 | ((c >> 12) & 0x3f) as u8);
        out.push(0x80 | ((c >> 6) & 0x3f) as u8);
        out.push(0x80 | (c & 0x3f) as u8);
    }
}

fn parse(vm: &mut Vm, input: &[u8]) -> PyResult<Value> {
    let mut s = Src { b: input, pos: 0 };
    let mut stack: Vec<Value> = Vec::new();
    let mut top: Option<(Value, bool)> = None; // (container or value, is a list)
    let mut key: Option<Value> = None;
    let mut nested: usize = 0;
    let mut buf: Vec<u8> = Vec::new();
    let mut finished = false;
    while s.cur() != 0 {
        let c = s.cur();
        s.next();
        let mut enter = false;
        let next = match c {
            b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' => continue,
            b'n' | b'f' | b't' => {
                let (rest, v): (&[u8], Value) = match c {
                    b'n' => (b"ull", Value::None),
                    b'f' => (b"alse", Value::False),
                    _ => (b"rue", Value::True),
                };
                for &want in rest {
                    if s.cur() != want {
                        return Err(syntax_error(vm));
                    }
                    s.next();
                }
                v
            }
            b'"' => {
                buf.clear();
                while s.cur() != 0 && s.cur() != b'"' {
                    let mut ch = s.cur();
                    if ch == b'\\' {
                        ch = s.next();
                        match ch {
                            b'b' => ch = 0x08,
                            b'f' => ch = 0x0c,
                            b'n' => ch = 0x0a,
                            b'r' => ch = 0x0d,
                            b't' => ch = 0x09,
                            b'u' => {
                                let mut num: u32 = 0;
                                for _ in 0..4 {
                                    let mut d = (s.next() | 0x20).wrapping_sub(b'0');
                                    if d > 9 {
                                        d = d.wrapping_sub(b'a' - (b'9' + 1));
                                    }
                                    num = (num << 4) | d as u32;
                                }
                                add_char(&mut buf, num);
                                s.next();
                                continue;
                            }
                            _ => {}
                        }
                    }
                    buf.push(ch);
                    s.next();
                }
                if s.cur() == 0 {
                    return Err(syntax_error(vm));
                }
                s.next();
                let text = match String::from_utf8(core::mem::take(&mut buf)) {
                    Ok(t) => t,
                    Err(e) => crate::builtins::text::lossy(e.as_bytes()),
                };
                vm.new_string(text)?
            }
            b'-' | b'0'..=b'9' => {
                let mut flt = false;
                buf.clear();
                buf.push(c);
                loop {
                    let d = s.cur();
                    if d == b'.' || d == b'e' || d == b'E' {
                        flt = true;
                    } else if !(d == b'+' || d == b'-' || d.is_ascii_digit()) {
                        break;
                    }
                    buf.push(d);
                    s.next();
                }
                if flt {
                    parse_float(vm, &buf)?
                } else {
                    parse_int(vm, &buf)?
                }
            }
            b'[' => {
                enter = true;
                vm.new_list(Vec::new())?
            }
            b'{' => {
                enter = true;
                vm.new_dict()?
            }
            b']' | b'}' => {
                let Some(n) = nested.checked_sub(1) else { return Err(syntax_error(vm)) };
                nested = n;
                if top.is_none() {
                    return Err(syntax_error(vm));
                }
                match stack.pop() {
                    None => {
                        finished = true;
                        break;
                    }
                    Some(t) => {
                        let is_list = matches!(t.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::List(_)));
                        top = Some((t, is_list));
                        continue;
                    }
                }
            }
            _ => return Err(syntax_error(vm)),
        };
        if enter {
            nested += 1;
        }
        match top {
            None => {
                top = Some((next, enter && matches!(next.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::List(_)))));
                if !enter {
                    finished = true;
                    break;
                }
            }
            Some((t, is_list)) => {
                if is_list {
                    vm.list_append(t, next)?;
                } else {
                    match key.take() {
                        None => {
                            if enter {
                                return Err(syntax_error(vm));
                            }
                            key = Some(next);
                        }
                        Some(k) => {
                            let VKind::Obj(d) = t.kind() else { return Err(syntax_error(vm)) };
                            vm.dict_set(d, k, next)?;
                        }
                    }
                }
                if enter {
                    stack.push(t);
                    let is_list = matches!(next.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::List(_)));
                    top = Some((next, is_list));
                }
            }
        }
    }
    let _ = finished;
    if nested != 0 {
        return Err(syntax_error(vm));
    }
    while matches!(s.cur(), b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        s.next();
    }
    if s.cur() != 0 {
        return Err(syntax_error(vm));
    }
    match top {
        Some((v, _)) if stack.is_empty() => Ok(v),
        _ => Err(syntax_error(vm)),
    }
}

/// An integer token (MicroPython's `mp_parse_num_integer`, base 10).
fn parse_int(vm: &mut Vm, tok: &[u8]) -> PyResult<Value> {
    let (neg, body) = match tok.first() {
        Some(b'-') => (true, &tok[1..]),
        Some(b'+') => (false, &tok[1..]),
        _ => (false, tok),
    };
    let ndig = body.iter().take_while(|c| c.is_ascii_digit()).count();
    if ndig == 0 || ndig != body.len() {
        let shown = crate::builtins::text::lossy(body);
        let mut q = String::new();
        super::super::repr::str_repr(&shown, &mut q);
        return Err(vm.err_fmt(TypeId::ValueError, format_args!("invalid syntax for integer with base 10: {}", q)));
    }
    if ndig <= 18 {
        let mut v: i64 = 0;
        for &c in body {
            v = v * 10 + (c - b'0') as i64;
        }
        return vm.new_int(if neg { -v } else { v });
    }
    let Some(mut b) = BigInt::parse_bytes(body, 10) else { return Err(vm.value_error("invalid syntax for number")) };
    if neg {
        b = -b;
    }
    vm.new_bigint(b)
}

/// A float token, read as MicroPython's json does: `mp_parse_num_float` on the token's text
/// (so `json.loads` gives the same float as `float()` and a literal, not always the closest).
fn parse_float(vm: &mut Vm, tok: &[u8]) -> PyResult<Value> {
    match crate::format::parse_float(tok) {
        Ok(f) => Ok(Value::float(f)),
        Err(_) => Err(vm.value_error("invalid syntax for number")),
    }
}
