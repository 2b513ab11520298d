//! The built-in `memoryview` type: a window onto the buffer of a bytes, bytearray, str or
//! array object. It keeps the source object (so the collector keeps it alive) plus an item
//! offset and length, and reads and writes through it, so views of a bytearray or array share
//! its memory.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::vec::Vec;

use super::super::args;
use super::array::{self, item_size, Array};
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub struct MemView {
    pub class: ObjRef,
    pub view: View,
}

/// A buffer seen as typed items: what a memoryview holds, and what `view_of` gives every path
/// that reads or writes a buffer's items.
#[derive(Clone, Copy)]
pub struct View {
    /// The object whose buffer this views: bytes, bytearray, str or an array (never a
    /// memoryview: views of views point at the original).
    pub source: Value,
    pub typecode: u8,
    /// First item of the view, in items from the start of the source.
    pub offset: usize,
    /// Number of items.
    pub len: usize,
    pub writable: bool,
}

impl MemView {
    pub fn item_size(&self) -> usize {
        item_size(self.view.typecode).unwrap_or(1)
    }

    /// The bytes in the view (zeros where the source has since shrunk).
    pub fn bytes(&self, vm: &crate::vm::Vm) -> Vec<u8> {
        let v = self.view;
        window(vm, v.source, v.typecode, v.offset, v.len)
    }
}

/// `len` items of `typecode` from item `offset` of `source`'s buffer (zeros where it has since
/// shrunk).
pub fn window(vm: &Vm, source: Value, typecode: u8, offset: usize, len: usize) -> Vec<u8> {
    let sz = item_size(typecode).unwrap_or(1);
    let start = offset * sz;
    let n = len * sz;
    let src = source_bytes(vm, source).unwrap_or(&[]);
    let mut out = src.get(start..(start + n).min(src.len())).map_or(Vec::new(), <[u8]>::to_vec);
    out.resize(n, 0);
    out
}

impl ExtObj for MemView {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, f: &mut dyn FnMut(Value)) {
        f(self.view.source)
    }
    crate::ext_any!();
}

/// The whole buffer of a memoryview source.
pub fn source_bytes(vm: &Vm, v: Value) -> Option<&[u8]> {
    let Kind::Obj(r) = v.kind() else { return None };
    match vm.heap.get(r) {
        Obj::Bytes(b) | Obj::ByteArray(b) => Some(b),
        Obj::Str(s) => Some(s.as_str().as_bytes()),
        Obj::Ext(e) => e.as_any().downcast_ref::<Array>().map(|a| &a.data[..]),
        _ => None,
    }
}

const METHODS: super::super::Table = &[
    nat_kw("__new__", mv_new, 0, VARARGS),
    nat("hex", hex, 1, 2),
    nat("__len__", mv_len, 1, 1),
    nat("__getitem__", getitem, 2, 2),
    nat("__setitem__", setitem, 3, 3),
    nat("__iter__", mv_iter, 1, 1),
    nat("__repr__", mv_repr, 1, 1),
    nat("__eq__", mv_eq, 0, VARARGS),
    nat("__ne__", mv_ne, 0, VARARGS),
    nat("__lt__", mv_lt, 0, VARARGS),
    nat("__le__", mv_le, 0, VARARGS),
    nat("__gt__", mv_gt, 0, VARARGS),
    nat("__ge__", mv_ge, 0, VARARGS),
    nat("__contains__", array::buffer_contains, 2, 2),
    nat("__radd__", array::buffer_radd, 2, 2),
];

const PROPS: super::super::Table = &[nat("itemsize", itemsize, 1, 1)];

pub fn memoryview_class(vm: &mut Vm) -> ObjRef {
    vm.ext_class("memoryview", METHODS, PROPS)
}

/// A view of all of `v`'s buffer; None when `v` has none.
pub fn view_of(vm: &Vm, v: Value) -> Option<View> {
    let Kind::Obj(r) = v.kind() else { return None };
    let whole = |typecode, len, writable| Some(View { source: v, typecode, offset: 0, len, writable });
    match vm.heap.get(r) {
        Obj::Bytes(b) => whole(b'B', b.len(), false),
        Obj::ByteArray(b) => whole(b'B', b.len(), true),
        Obj::Str(s) => whole(b'B', s.as_str().len(), false),
        Obj::Instance(i) if !i.base().is_null() => view_of(vm, i.base()),
        Obj::Ext(e) => {
            if let Some(a) = e.as_any().downcast_ref::<Array>() {
                return whole(a.typecode, a.len(), true);
            }
            e.as_any().downcast_ref::<MemView>().map(|m| m.view)
        }
        _ => None,
    }
}

pub fn new_view(vm: &mut Vm, view: View) -> PyResult<Value> {
    let class = memoryview_class(vm);
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(MemView { class, view })))
}

fn mv_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let a = a.get(1..).unwrap_or(&[]);
    args::no_kw(vm, kw)?;
    let a = args::fixed::<1>(vm, a)?;
    match view_of(vm, a[0]) {
        Some(view) => new_view(vm, view),
        None => Err(vm.type_error("object with buffer protocol required")),
    }
}

fn this(vm: &mut Vm, v: Value) -> PyResult<View> {
    array::view(vm, v, false)
}

fn mv_len(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(Value::Int(this(vm, a[0])?.len as i64))
}

fn itemsize(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let tc = this(vm, a[0])?.typecode;
    Ok(Value::Int(item_size(tc).unwrap_or(1) as i64))
}

fn getitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    array::subscript(vm, a[0], a[1], false)
}

pub fn read_only(vm: &mut Vm) -> crate::vm::Exc {
    vm.type_error("'memoryview' object doesn't support item assignment")
}

/// Where a writable buffer's bytes live: the source a memoryview of it would have (a
/// bytearray or array), from byte `base` on, `len` bytes that exist now.
#[derive(Clone, Copy)]
pub struct Target {
    pub store: Value,
    pub base: usize,
    pub len: usize,
}

pub fn writable(vm: &Vm, v: Value) -> Option<Target> {
    let View { source: store, typecode: tc, offset, len, writable } = view_of(vm, v)?;
    if !writable || tc == b'O' {
        return None;
    }
    let sz = super::array::item_size(tc).unwrap_or(1);
    let base = offset * sz;
    let have = source_bytes(vm, store)?.len();
    Some(Target { store, base, len: (len * sz).min(have.saturating_sub(base)) })
}

/// The bytes of a writable source: a bytearray's or a numeric array's.
pub fn bytes_mut(vm: &mut Vm, src: Value) -> Option<&mut Vec<u8>> {
    let Kind::Obj(r) = src.kind() else { return None };
    match vm.heap.get_mut(r) {
        Obj::ByteArray(b) => Some(b),
        Obj::Ext(e) => e.as_any_mut().downcast_mut::<Array>().map(|a| &mut a.data),
        _ => None,
    }
}

/// Write `bytes` into the source buffer at byte offset `at` (what no longer exists is skipped).
pub fn write_source(vm: &mut Vm, src: Value, at: usize, bytes: &[u8]) {
    if let Some(d) = bytes_mut(vm, src) {
        array::put(d, at, at + bytes.len(), bytes, false);
    }
}

fn setitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    array::store(vm, a[0], a[1], a[2], false)
}

fn mv_iter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    this(vm, a[0])?;
    array::new_seq_iter(vm, a[0], array::view_item)
}

fn mv_repr(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.new_str("<memoryview>")
}

/// `memoryview.hex([sep])`.
/// `hex([sep])`: `bytes.hex` of the view's bytes, as MicroPython serves both with one function.
fn hex(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let bytes = match super::ext::ext_ref::<MemView>(vm, a[0]) {
        Some(m) => m.bytes(vm),
        None => return Err(vm.type_error("expected a memoryview")),
    };
    let b = vm.new_bytes(bytes)?;
    vm.roots.push(b);
    let name = vm.intern("hex");
    let r = vm.call_method(b, name, &a[1..]);
    vm.roots.pop();
    r
}

fn mv_eq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    array::buffer_compare(vm, a, array::CmpOp::Eq, true)
}

fn mv_ne(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match array::buffer_compare(vm, a, array::CmpOp::Eq, true)? {
        b @ (Value::False | Value::True) => Ok(Value::bool(!b.is_true())),
        v => Ok(v),
    }
}

fn mv_lt(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    array::buffer_compare(vm, a, array::CmpOp::Lt, true)
}

fn mv_le(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    array::buffer_compare(vm, a, array::CmpOp::Le, true)
}

fn mv_gt(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    array::buffer_compare(vm, a, array::CmpOp::Gt, true)
}

fn mv_ge(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    array::buffer_compare(vm, a, array::CmpOp::Ge, true)
}
