//! `io` (StringIO, BytesIO), `open()` files through the host, and the standard streams;
//! `micropython.RingIO` is a [`BytesBuf`] too, read by the same functions.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::string::String;
use alloc::vec::Vec;

use super::super::args;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// An in-memory stream: StringIO, BytesIO, a file read whole / written on close, or a RingIO.
pub struct BytesBuf {
    pub class: ObjRef,
    pub data: Vec<u8>,
    pub pos: usize,
    pub text: bool,
    pub closed: bool,
    /// For files opened for writing: where to write on flush/close, and whether to append.
    pub path: Option<(String, bool)>,
    /// A RingIO's capacity (0 for other streams): writes append after the unread bytes
    /// (`data[pos..]`), cut short at the capacity, rather than overwrite at `pos`.
    pub ring: usize,
}

impl ExtObj for BytesBuf {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, _f: &mut dyn FnMut(Value)) {}
    fn size_estimate(&self) -> usize {
        64 + self.data.capacity()
    }
    crate::ext_any!();
}

/// A standard stream: writes go straight to the host.
pub struct StdStream {
    class: ObjRef,
    fd: u8,
}

impl ExtObj for StdStream {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, _f: &mut dyn FnMut(Value)) {}
    crate::ext_any!();
}

const STREAM_METHODS: super::super::Table = &[
    nat("__repr__", stream_repr, 0, VARARGS),
    nat("write", write, 2, 2),
    nat("read", read, 1, 2),
    nat("readline", readline, 1, 2),
    nat("readinto", readinto, 2, 3),
    nat("readlines", readlines, 0, VARARGS),
    nat("getvalue", getvalue, 1, 1),
    nat("seek", seek, 2, 3),
    nat("tell", tell, 1, 1),
    nat("flush", flush, 1, 1),
    nat("close", close, 1, 1),
    nat("__enter__", enter, 1, 1),
    nat("__exit__", exit, 4, 4),
    nat("__iter__", enter, 1, 1),
    nat("__next__", next_line, 0, VARARGS),
];


pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let sio = Value::Obj(memory_class(vm, true));
    let bio = Value::Obj(memory_class(vm, false));
    // The base of user-defined streams: anything with a `write` method is a stream here.
    let base = Value::Obj(vm.ext_class("IOBase", &[], &[]));
    super::make_module(vm, "io", const { &[nat_kw("open", open, 1, 3)] }, &[("StringIO", sio), ("BytesIO", bio), ("IOBase", base)])
}

/// The class of StringIO (`text`) or BytesIO.
fn memory_class(vm: &mut Vm, text: bool) -> ObjRef {
    let c = if text {
        vm.ext_class("StringIO", const { &[nat_kw("__new__", stringio_new, 0, VARARGS)] }, &[])
    } else {
        vm.ext_class("BytesIO", const { &[nat_kw("__new__", bytesio_new, 0, VARARGS)] }, &[])
    };
    add_stream_methods(vm, c);
    c
}

fn file_class(vm: &mut Vm, text: bool) -> ObjRef {
    let c = if text { vm.ext_class("TextIOWrapper", &[], &[]) } else { vm.ext_class("FileIO", &[], &[]) };
    add_stream_methods(vm, c);
    c
}

fn add_stream_methods(vm: &mut Vm, c: ObjRef) {
    if let Obj::Class(cls) = vm.heap.get(c) {
        let d = cls.dict.get();
        let key = vm.intern("write");
        let key = vm.sym_value(key);
        if vm.dict_get_str(d, key).is_none() {
            super::super::fill_type_dict(vm, d, STREAM_METHODS, &[]);
        }
    }
}

pub fn init_std_streams(vm: &mut Vm) {
    let c = file_class(vm, true);
    for fd in 0..3u8 {
        let s = Value::Obj(vm.heap.alloc_forced(Obj::Ext(alloc::boxed::Box::new(StdStream { class: c, fd }))));
        match fd {
            0 => vm.sys.stdin = s,
            1 => vm.sys.stdout = s,
            _ => vm.sys.stderr = s,
        }
    }
}

pub fn new_buf(vm: &mut Vm, cls: ObjRef, data: Vec<u8>, text: bool, path: Option<(String, bool)>, ring: usize) -> PyResult<Value> {
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(BytesBuf { class: cls, data, pos: 0, text, closed: false, path, ring })))
}

fn stringio_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    memory_new(vm, a, true)
}

fn bytesio_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    memory_new(vm, a, false)
}

/// `StringIO([init])` (`text`) or `BytesIO([init])`: a stream over a copy of the initial buffer.
fn memory_new(vm: &mut Vm, a: &[Value], text: bool) -> PyResult<Value> {
    // As MicroPython's `stringio_make_new`: an int is an initial size, anything else is read
    // as a buffer (str or bytes for either class).
    let init = match a.get(1).map(|v| v.kind()) {
        None | Some(Kind::Int(_)) => Vec::new(),
        Some(_) => args::buffer(vm, a[1])?,
    };
    let c = memory_class(vm, text);
    new_buf(vm, c, init, text, None, 0)
}

pub fn buf<'a>(vm: &'a mut Vm, v: Value) -> PyResult<&'a mut BytesBuf> {
    super::ext::ext_or(vm, v, "expected a stream")
}

fn check_open(vm: &mut Vm, v: Value) -> PyResult<()> {
    if buf(vm, v)?.closed {
        return Err(vm.value_error("I/O operation on closed file"));
    }
    Ok(())
}

/// The file descriptor of a standard stream, None for any other value.
fn std_fd(vm: &Vm, v: Value) -> Option<u8> {
    super::ext::ext_ref::<StdStream>(vm, v).map(|s| s.fd)
}

fn stream_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let name = vm.type_name(a[0]);
    let id = match a[0].kind() {
        Kind::Obj(r) => r.0,
        _ => 0,
    };
    vm.new_string(alloc::format!("<io.{} {}>", name, crate::format::Dec(id as i64)))
}

pub fn write(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    if let Some(fd) = std_fd(vm, a[0]) {
        return std_write(vm, fd, a[1]);
    }
    check_open(vm, a[0])?;
    let text = buf(vm, a[0])?.text;
    let data: Vec<u8> = if text {
        match vm.as_str(a[1]) {
            Some(s) => Vec::from(s.as_bytes()),
            None => return Err(vm.type_error("string argument expected")),
        }
    } else {
        args::buffer(vm, a[1])?
    };
    vm.charge(data.len())?;
    let n = if text { vm.as_str(a[1]).map_or(0, |s| s.chars().count()) } else { data.len() };
    let b = buf(vm, a[0])?;
    if b.ring > 0 {
        crate::obj::splice(&mut b.data, 0, b.pos, &[]);
        b.pos = 0;
        let n = data.len().min(b.ring - b.data.len());
        b.data.extend_from_slice(&data[..n]);
        return Ok(Value::Int(n as i64));
    }
    let end = b.pos + data.len();
    if b.data.len() < end {
        b.data.resize(end, 0);
    }
    b.data[b.pos..end].copy_from_slice(&data);
    b.pos = end;
    Ok(Value::Int(n as i64))
}

fn make_out(vm: &mut Vm, text: bool, bytes: Vec<u8>) -> PyResult<Value> {
    if text {
        vm.new_string(crate::builtins::text::lossy(&bytes))
    } else {
        vm.new_bytes(bytes)
    }
}

/// The optional byte count of read/readline; None, negative or absent means no limit.
fn limit(vm: &mut Vm, v: Option<&Value>) -> PyResult<usize> {
    match v {
        Some(&v) => Ok(usize::try_from(args::int(vm, v)?).unwrap_or(usize::MAX)),
        None => Ok(usize::MAX),
    }
}

/// The next `n` bytes (fewer at the end), consumed.
fn take(b: &mut BytesBuf, n: usize) -> Vec<u8> {
    let start = b.pos.min(b.data.len());
    let end = start + n.min(b.data.len() - start);
    b.pos = end;
    b.data[start..end].to_vec()
}

pub fn read(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_open(vm, a[0])?;
    let n = limit(vm, a.get(1))?;
    let b = buf(vm, a[0])?;
    let out = take(b, n);
    let text = b.text;
    make_out(vm, text, out)
}

/// `readinto(buf[, n])`: fill a writable buffer (bytearray, array, writable memoryview)
/// from the stream, at most `n` bytes (a negative `n` is no limit); the count read.
pub fn readinto(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_open(vm, a[0])?;
    let Some(target) = super::memoryview::writable(vm, a[1]) else { return Err(vm.type_error("object with buffer protocol required")) };
    let room = match a.get(2) {
        Some(&n) => usize::try_from(args::int(vm, n)?).map_or(target.len, |n| n.min(target.len)),
        None => target.len,
    };
    let chunk = take(buf(vm, a[0])?, room);
    super::memoryview::write_source(vm, target.store, target.base, &chunk);
    Ok(Value::Int(chunk.len() as i64))
}

/// The next line, with its `\n`, and at most `n` bytes of it.
fn take_line(b: &mut BytesBuf, n: usize) -> Vec<u8> {
    let start = b.pos.min(b.data.len());
    let line = b.data[start..].iter().position(|&c| c == b'\n').map_or(usize::MAX, |p| p + 1);
    take(b, line.min(n))
}

/// `readline([size])`: as MicroPython's, a size cuts the line short.
pub fn readline(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if std_fd(vm, a[0]).is_some() {
        return std_readline(vm);
    }
    check_open(vm, a[0])?;
    let n = limit(vm, a.get(1))?;
    let b = buf(vm, a[0])?;
    let line = take_line(b, n);
    let text = b.text;
    make_out(vm, text, line)
}

fn readlines(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_open(vm, a[0])?;
    let mut lines = Vec::new();
    loop {
        let b = buf(vm, a[0])?;
        let text = b.text;
        let line = take_line(b, usize::MAX);
        if line.is_empty() {
            break;
        }
        let v = make_out(vm, text, line)?;
        lines.push(v);
    }
    vm.new_list(lines)
}

fn next_line(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = buf(vm, a[0])?;
    let text = b.text;
    let line = take_line(b, usize::MAX);
    if line.is_empty() {
        return Err(vm.stop_iteration(Value::None));
    }
    make_out(vm, text, line)
}

fn getvalue(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_open(vm, a[0])?;
    let b = buf(vm, a[0])?;
    let (text, data) = (b.text, b.data.clone());
    make_out(vm, text, data)
}

fn seek(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_open(vm, a[0])?;
    let off = args::int(vm, a[1])?;
    let whence = match a.get(2) {
        Some(&w) => args::int(vm, w)?,
        None => 0,
    };
    let b = buf(vm, a[0])?;
    let base = match whence {
        1 => b.pos as i64,
        2 => b.data.len() as i64,
        _ => 0,
    };
    if base + off < 0 {
        return Err(os_error(vm, crate::host::errno::EINVAL));
    }
    b.pos = (base + off) as usize;
    Ok(Value::Int(b.pos as i64))
}

fn tell(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let b = buf(vm, a[0])?;
    Ok(Value::Int(b.pos as i64))
}

fn flush(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if std_fd(vm, a[0]).is_some() {
        vm.host.flush();
        return Ok(Value::None);
    }
    let b = buf(vm, a[0])?;
    if let Some((path, append)) = b.path.clone() {
        let data = b.data.clone();
        if let Err(e) = vm.host.write_file(&path, &data, append) {
            return Err(os_error(vm, e.0));
        }
        // Later flushes rewrite the whole buffer.
        if let Some(p) = &mut buf(vm, a[0])?.path {
            p.1 = false;
        }
    }
    Ok(Value::None)
}

fn close(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if buf(vm, a[0])?.closed {
        return Ok(Value::None);
    }
    flush(vm, a, _kw)?;
    buf(vm, a[0])?.closed = true;
    Ok(Value::None)
}

fn enter(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(a[0])
}

fn exit(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    close(vm, &a[..1], kw)?;
    Ok(Value::None)
}

pub fn os_error(vm: &mut Vm, errno: i32) -> crate::vm::Exc {
    let cls = vm.ty(TypeId::OSError);
    vm.new_exc(cls, alloc::vec![Value::Int(errno as i64)])
}

/// `open(path, mode='r')`.
pub fn open(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 3)?;
    let path = args::string(vm, a[0])?;
    let mode_v = args::arg_or(a, 1, kw, vm.intern("mode"), Value::Null);
    let mode = if mode_v.is_null() { String::from("r") } else { args::string(vm, mode_v)? };
    let has = |c: u8| crate::builtins::text::has(mode.as_bytes(), c);
    let text = !has(b'b');
    let cls = file_class(vm, text);
    if has(b'w') || has(b'a') || has(b'x') {
        let append = has(b'a');
        let existing = if append { vm.host.read_file(&path).unwrap_or_default() } else { Vec::new() };
        if let Err(e) = vm.host.write_file(&path, &existing, false) {
            return Err(os_error(vm, e.0));
        }
        let pos = existing.len();
        let v = new_buf(vm, cls, existing, text, Some((path, false)), 0)?;
        buf(vm, v)?.pos = pos;
        return Ok(v);
    }
    match vm.host.read_file(&path) {
        Ok(data) => new_buf(vm, cls, data, text, None, 0),
        Err(e) => Err(os_error(vm, e.0)),
    }
}

fn std_write(vm: &mut Vm, fd: u8, v: Value) -> PyResult<Value> {
    let data = args::buffer(vm, v)?;
    if fd == 2 {
        vm.host.write_err(&data);
    } else {
        vm.host.write(&data);
    }
    Ok(Value::Int(data.len() as i64))
}

fn std_readline(vm: &mut Vm) -> PyResult<Value> {
    match vm.read_input_line(crate::vm::InputKind::Readline)? {
        Some(l) => vm.new_string(l),
        None => Ok(Value::None),
    }
}
