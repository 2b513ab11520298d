//! `array`: typed arrays of numbers, plus MicroPython's object ('O') and pointer ('P')
//! arrays. Items are stored little-endian whatever the host, so `bytes(array)` is the same
//! everywhere.
//!
//! This file also holds the buffer helpers `memoryview` shares: item sizes, reading and
//! writing items, the typecode rules of comparisons and the step-1 slice rule.

use super::memoryview::View;
use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use super::ext::{ext_mut, ext_or, ext_ref};
use alloc::string::String;
use alloc::vec::Vec;

use crate::bigint::BigInt;

use super::super::args;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{Exc, PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// A typed array.
pub struct Array {
    pub class: ObjRef,
    pub typecode: u8,
    /// The items of a numeric array, `item_size(typecode)` bytes each, little-endian.
    pub data: Vec<u8>,
    /// The items of an 'O' array.
    pub objs: Vec<Value>,
}

impl Array {
    pub fn len(&self) -> usize {
        if self.typecode == b'O' {
            self.objs.len()
        } else {
            self.data.len() / item_size(self.typecode).unwrap_or(1)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ExtObj for Array {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, f: &mut dyn FnMut(Value)) {
        self.objs.iter().for_each(|v| f(*v));
    }
    fn size_estimate(&self) -> usize {
        48 + self.data.capacity() + self.objs.capacity() * core::mem::size_of::<Value>()
    }
    crate::ext_any!();
}

/// Bytes per item of a typecode (as on a 64-bit unix port); None for a bad typecode.
pub fn item_size(tc: u8) -> Option<usize> {
    Some(match tc {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'P' | b'S' | b'd' | b'O' => 8,
        _ => return None,
    })
}

pub fn not_implemented(vm: &mut Vm, msg: &str) -> Exc {
    if msg.is_empty() {
        vm.err0(TypeId::NotImplementedError)
    } else {
        vm.err(TypeId::NotImplementedError, msg)
    }
}

pub fn compat_error(vm: &mut Vm) -> Exc {
    vm.value_error("lhs and rhs should be compatible")
}

/// `obj[slice]` bounds when the step is 1; other steps are not supported.
pub fn step1_slice(vm: &mut Vm, s: [Value; 3], len: usize) -> PyResult<(usize, usize)> {
    let si = vm.slice_indices(s, len)?;
    if si.step != 1 {
        return Err(not_implemented(vm, "only slices with step=1 (aka None) are supported"));
    }
    let start = si.start.max(0) as usize;
    let stop = (si.stop.max(0) as usize).max(start);
    Ok((start.min(len), stop.min(len)))
}

// ---- items

// One conversion between values and stored words for array, memoryview and struct, as
// MicroPython's `binary.c` serves all three: a number is kept as a little-endian word whose
// low `size` bytes are the item.

/// An int's two's-complement low 64 bits: ints are stored without a range check (wider ones
/// truncated); other objects go through `mp_obj_get_int` (`__int__`, overflow beyond a word).
pub fn int_bits(vm: &mut Vm, v: Value) -> PyResult<u64> {
    if let Kind::Int(i) = v.kind() {
        return Ok(i as u64);
    }
    match vm.as_num(v) {
        Some(crate::vm::ops::Num::Int(i)) => Ok(i as u64),
        Some(crate::vm::ops::Num::Big(b)) => Ok(b.low_u64()),
        _ => Ok(super::math::get_int(vm, v)? as u64),
    }
}

/// The word a number packs to for numeric code `tc` (`f`/`d` floats, any other an int).
pub fn item_word(vm: &mut Vm, tc: u8, v: Value) -> PyResult<u64> {
    Ok(match tc {
        b'f' => (args::float(vm, v)? as f32).to_bits() as u64,
        b'd' => args::float(vm, v)?.to_bits(),
        _ => int_bits(vm, v)?,
    })
}

/// The number a word of `size` bytes holds for code `tc`: lower-case codes are signed.
pub fn word_item(vm: &mut Vm, tc: u8, size: usize, word: u64) -> PyResult<Value> {
    Ok(match tc {
        b'f' => Value::float(f32::from_bits(word as u32) as f64),
        b'd' => Value::float(f64::from_bits(word)),
        c if c.is_ascii_lowercase() => {
            let shift = 64 - 8 * size as u32;
            vm.new_int(((word << shift) as i64) >> shift)?
        }
        _ => match i64::try_from(word) {
            Ok(i) => vm.new_int(i)?,
            Err(_) => vm.new_bigint(BigInt::from(word))?,
        },
    })
}

/// Encode `v` as one item of numeric typecode `tc` into `out` (exactly `item_size` bytes).
pub fn encode_item(vm: &mut Vm, tc: u8, v: Value, out: &mut [u8]) -> PyResult<()> {
    let word = item_word(vm, tc, v)?;
    // An `S` item is checked but not stored.
    if tc != b'S' {
        let n = out.len().min(8);
        out[..n].copy_from_slice(&word.to_le_bytes()[..n]);
    }
    Ok(())
}

/// Decode one item of numeric typecode `tc` from `b` (exactly `item_size` bytes; short input
/// reads as zeros). An array's `P` is signed, as MicroPython's arrays read it.
pub fn decode_item(vm: &mut Vm, tc: u8, b: &[u8]) -> PyResult<Value> {
    let mut raw = [0u8; 8];
    let n = b.len().min(8);
    raw[..n].copy_from_slice(&b[..n]);
    let word = u64::from_le_bytes(raw);
    match tc {
        b'P' => word_item(vm, b'q', 8, word),
        b'S' | b'O' => Ok(Value::Int(0)),
        _ => word_item(vm, tc, item_size(tc).unwrap_or(1), word),
    }
}

// ---- buffers

/// The buffer of a value in MicroPython's sense: its typecode and bytes, the window a
/// memoryview of it would show (none for object arrays). `str` has one too, though arrays never
/// compare equal to a str.
pub fn buffer_of(vm: &Vm, v: Value) -> Option<(u8, Vec<u8>)> {
    // Bytes first: `sub in data` asks for them.
    if let Kind::Obj(r) = v.kind() {
        if let Obj::Bytes(b) | Obj::ByteArray(b) = vm.heap.get(r) {
            return Some((b'B', b.clone()));
        }
    }
    let View { source, typecode: tc, offset, len, .. } = super::memoryview::view_of(vm, v)?;
    (tc != b'O').then(|| (tc, super::memoryview::window(vm, source, tc, offset, len)))
}

/// Whether `op` holds for an ordering: one `cmp` serves all five operators (MicroPython's
/// `mp_seq_cmp_bytes` for buffers, the lengths for object arrays).
fn holds(op: CmpOp, o: core::cmp::Ordering) -> bool {
    use core::cmp::Ordering::*;
    match op {
        CmpOp::Eq => o == Equal,
        CmpOp::Lt => o == Less,
        CmpOp::Le => o != Greater,
        CmpOp::Gt => o == Greater,
        CmpOp::Ge => o != Less,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

fn typecode_for_comparison(tc: u8, unsigned: &mut bool) -> u8 {
    if tc.is_ascii_uppercase() {
        *unsigned = true;
        tc.to_ascii_lowercase()
    } else {
        tc
    }
}

/// `self <op> other` for an array or memoryview `a[0]` (the rules of `array_binary_op`).
/// `str_eq`: whether a str operand can compare equal (memoryview) or never (array).
pub fn buffer_compare(vm: &mut Vm, a: &[Value], op: CmpOp, str_eq: bool) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    let (this, other) = (a[0], a[1]);
    // Equality across types needs one side that accepts other types (memoryview, bytearray):
    // an array never equals a bytes or str.
    if op == CmpOp::Eq && !str_eq && !accepts_other_types(vm, other) {
        return Ok(Value::False);
    }
    // Object arrays: equal when the same objects are in the same places.
    let objs_a = object_items(vm, this);
    if let Some(xa) = objs_a {
        return match object_items(vm, other) {
            Some(xb) if op == CmpOp::Eq => Ok(Value::bool(xa.len() == xb.len() && xa.iter().zip(xb.iter()).all(|(p, q)| p.is(*q)))),
            Some(xb) => Ok(Value::bool(holds(op, xa.len().cmp(&xb.len())))),
            None => {
                if buffer_of(vm, other).is_some() {
                    Err(not_implemented(vm, ""))
                } else {
                    Ok(Value::False)
                }
            }
        };
    }
    let Some((lt, lb)) = buffer_of(vm, this) else { return Ok(Value::NotImplemented) };
    let Some((rt, rb)) = buffer_of(vm, other) else {
        if object_items(vm, other).is_some() {
            return Err(not_implemented(vm, ""));
        }
        return Ok(Value::False);
    };
    let mut unsigned = false;
    let l = typecode_for_comparison(lt, &mut unsigned);
    let r = typecode_for_comparison(rt, &mut unsigned);
    if l == r && l != b'f' && l != b'd' && (op == CmpOp::Eq || unsigned) {
        return Ok(Value::bool(holds(op, lb.cmp(&rb))));
    }
    Err(not_implemented(vm, ""))
}

/// Arrays, memoryviews and bytearrays compare equal to other buffer types.
fn accepts_other_types(vm: &Vm, v: Value) -> bool {
    match v.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::ByteArray(_) => true,
            Obj::Instance(i) => accepts_other_types(vm, i.base()),
            Obj::Ext(e) => e.as_any().is::<Array>() || e.as_any().is::<super::memoryview::MemView>(),
            _ => false,
        },
        _ => false,
    }
}

/// The items of an 'O' array or of a memoryview over one.
fn object_items(vm: &Vm, v: Value) -> Option<Vec<Value>> {
    match super::memoryview::view_of(vm, v)? {
        View { source, typecode: b'O', offset, len, .. } => objs_window(vm, source, offset, len),
        _ => None,
    }
}

/// `len` objects from item `offset` of object array `src` (fewer where it has since shrunk).
fn objs_window(vm: &Vm, src: Value, offset: usize, len: usize) -> Option<Vec<Value>> {
    let a = ext_ref::<Array>(vm, src)?;
    let end = (offset + len).min(a.objs.len());
    Some(a.objs[offset.min(end)..end].to_vec())
}

/// `x in array_or_memoryview`: a buffer is never found (only bytearray searches), a number
/// is not supported, anything else is absent.
pub fn buffer_contains(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    let item = a[1];
    if buffer_of(vm, item).is_some() {
        return Ok(Value::False);
    }
    let is_num = match item.kind() {
        Kind::Int(_) | Kind::Float(_) => true,
        Kind::Obj(r) => matches!(vm.heap.get(r), Obj::BigInt(_)),
        _ => false,
    };
    if is_num {
        return Err(not_implemented(vm, ""));
    }
    Ok(Value::False)
}

/// `bytes + buf` / `bytearray + buf` for an array or memoryview `buf`: bytes' own `+`
/// (`bytes::concat`), reached through here because the VM asks an extension object's
/// `__radd__` before bytes' operator.
pub fn buffer_radd(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    let bytes = matches!(a[1].kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Bytes(_) | Obj::ByteArray(_)));
    match bytes {
        true => Ok(crate::builtins::bytes::concat(vm, a[1], a[0])?.unwrap_or(Value::NotImplemented)),
        false => Ok(Value::NotImplemented),
    }
}

// ---- the module

const ARRAY_METHODS: super::super::Table = &[
    nat_kw("__new__", array_new, 0, VARARGS),
    nat("append", append, 2, 2),
    nat("extend", extend, 2, 2),
    nat("__len__", array_len, 1, 1),
    nat("__getitem__", getitem, 2, 2),
    nat("__setitem__", setitem, 3, 3),
    nat("__iter__", array_iter, 1, 1),
    nat("__repr__", array_repr, 1, 1),
    nat("__eq__", array_eq, 0, VARARGS),
    nat("__ne__", array_ne, 0, VARARGS),
    nat("__lt__", array_lt, 0, VARARGS),
    nat("__le__", array_le, 0, VARARGS),
    nat("__gt__", array_gt, 0, VARARGS),
    nat("__ge__", array_ge, 0, VARARGS),
    nat("__contains__", buffer_contains, 2, 2),
    nat("__add__", array_add, 2, 2),
    nat("__radd__", buffer_radd, 2, 2),
    nat("__iadd__", array_iadd, 2, 2),
];

pub fn array_class(vm: &mut Vm) -> ObjRef {
    vm.ext_class("array", ARRAY_METHODS, &[])
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let c = Value::Obj(array_class(vm));
    super::make_module(vm, "array", &[], &[("array", c)])
}

/// `import uarray`: the same module as `array`.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    let s = vm.intern("array");
    vm.import_module(s, Value::None, Value::Int(0))
}

/// A new array object.
pub fn new_array(vm: &mut Vm, typecode: u8, data: Vec<u8>, objs: Vec<Value>) -> PyResult<Value> {
    let class = array_class(vm);
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(Array { class, typecode, data, objs })))
}

fn this(vm: &mut Vm, v: Value) -> PyResult<&mut Array> {
    ext_or(vm, v, "expected an array")
}

fn typecode_of(vm: &mut Vm, v: Value) -> PyResult<u8> {
    Ok(this(vm, v)?.typecode)
}

/// `array(typecode[, initializer])`.
fn array_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = a.first().copied().unwrap_or(Value::None);
    let a = a.get(1..).unwrap_or(&[]);
    args::no_kw(vm, kw)?;
    args::range(vm, a, 1, 2)?;
    let tcs = args::string(vm, a[0])?;
    let tc = tcs.as_bytes().first().copied().unwrap_or(0);
    if item_size(tc).is_none() {
        return Err(vm.value_error("bad typecode"));
    }
    let arr = new_array(vm, tc, Vec::new(), Vec::new())?;
    // An instance of a subclass when called through one.
    let base = array_class(vm);
    if let Kind::Obj(c) = cls.kind() {
        if c != base && vm.is_subclass(c, base) {
            if let Some(ar) = ext_mut::<Array>(vm, arr) {
                ar.class = c;
            }
        }
    }
    let Some(&init) = a.get(1) else { return Ok(arr) };
    // Bytes and bytearray are copied raw (whole items; nothing into an object array), as
    // `extend` takes them; anything else is iterated.
    let raw = matches!(init.kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Bytes(_) | Obj::ByteArray(_)));
    vm.roots.push(arr);
    let r = if raw { extend_any(vm, arr, init) } else { extend_from_iter(vm, arr, init) };
    vm.roots.pop();
    r?;
    Ok(arr)
}

/// Append one item.
pub fn push_item(vm: &mut Vm, arr: Value, v: Value) -> PyResult<()> {
    let tc = typecode_of(vm, arr)?;
    if tc == b'O' {
        vm.charge(core::mem::size_of::<Value>())?;
        this(vm, arr)?.objs.push(v);
        return Ok(());
    }
    let sz = item_size(tc).unwrap_or(1);
    let mut buf = [0u8; 8];
    encode_item(vm, tc, v, &mut buf[..sz])?;
    vm.charge(sz)?;
    this(vm, arr)?.data.extend_from_slice(&buf[..sz]);
    Ok(())
}

fn extend_from_iter(vm: &mut Vm, arr: Value, src: Value) -> PyResult<()> {
    vm.for_each_item(src, |vm, v| push_item(vm, arr, v))
}

fn append(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    push_item(vm, a[0], a[1])?;
    Ok(Value::None)
}

/// Extend by the raw bytes of a buffer (whole items only), or by the items of an iterable.
fn extend_any(vm: &mut Vm, arr: Value, src: Value) -> PyResult<()> {
    let tc = typecode_of(vm, arr)?;
    if tc == b'O' {
        if let Some(objs) = object_items(vm, src) {
            vm.charge(objs.len() * core::mem::size_of::<Value>())?;
            this(vm, arr)?.objs.extend_from_slice(&objs);
            return Ok(());
        }
        if buffer_of(vm, src).is_some() {
            // Raw pointers cannot be made from bytes.
            return Ok(());
        }
        return extend_from_iter(vm, arr, src);
    }
    if let Some((_, b)) = buffer_of(vm, src) {
        let sz = item_size(tc).unwrap_or(1);
        let n = b.len() / sz * sz;
        vm.charge(n)?;
        this(vm, arr)?.data.extend_from_slice(&b[..n]);
        return Ok(());
    }
    extend_from_iter(vm, arr, src)
}

fn extend(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    extend_any(vm, a[0], a[1])?;
    Ok(Value::None)
}

fn array_iadd(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    extend_any(vm, a[0], a[1])?;
    Ok(a[0])
}

/// `array + buffer`: a copy extended as `extend` would, but only by a buffer (an object
/// array's objects go only onto an object array).
fn array_add(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let ar = this(vm, a[0])?;
    let (tc, data, objs) = (ar.typecode, ar.data.clone(), ar.objs.clone());
    let other_objs = object_items(vm, a[1]).is_some();
    if !other_objs && buffer_of(vm, a[1]).is_none() {
        return Err(vm.type_error("object with buffer protocol required"));
    }
    let new = new_array(vm, tc, data, objs)?;
    if tc == b'O' || !other_objs {
        vm.roots.push(new);
        let r = extend_any(vm, new, a[1]);
        vm.roots.pop();
        r?;
    }
    Ok(new)
}

fn array_len(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(Value::Int(this(vm, a[0])?.len() as i64))
}

// ---- items of arrays and memoryviews: one reader and one writer over what `view_of` sees
// (an array is a view of all of itself), as MicroPython's `array_subscr` serves both

/// What `view_of` sees of an array (`array`) or memoryview `v`, else TypeError.
pub fn view(vm: &mut Vm, v: Value, array: bool) -> PyResult<View> {
    // Of the extension objects with a buffer, an array is its own source and a memoryview
    // never is: no second type test.
    let ext = matches!(v.kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Ext(_)));
    match super::memoryview::view_of(vm, v) {
        Some(view) if ext && view.source.is(v) == array => Ok(view),
        _ => Err(vm.type_error(if array { "expected an array" } else { "expected a memoryview" })),
    }
}

fn kind_name(array: bool) -> &'static str {
    if array {
        "array"
    } else {
        "memoryview"
    }
}

/// Item `abs` of the buffer `src` holds for typecode `tc` (zeros, or None for an object,
/// where it has since shrunk).
fn item_at(vm: &mut Vm, src: Value, tc: u8, abs: usize) -> PyResult<Value> {
    if tc == b'O' {
        return Ok(ext_ref::<Array>(vm, src).and_then(|a| a.objs.get(abs).copied()).unwrap_or(Value::None));
    }
    let sz = item_size(tc).unwrap_or(1);
    let mut raw = [0u8; 8];
    if let Some(b) = super::memoryview::source_bytes(vm, src).and_then(|b| b.get(abs * sz..abs * sz + sz)) {
        raw[..sz].copy_from_slice(b);
    }
    decode_item(vm, tc, &raw[..sz])
}

/// Item `i` of an array or memoryview, None past its end: what iteration and `repr` read.
pub fn view_item(vm: &mut Vm, v: Value, i: usize) -> PyResult<Option<Value>> {
    match super::memoryview::view_of(vm, v) {
        Some(View { source, typecode, offset, len, .. }) if i < len => item_at(vm, source, typecode, offset + i).map(Some),
        _ => Ok(None),
    }
}

/// `v[idx]` of an array (`array`; a slice is a new array) or memoryview (a slice is a view
/// of the same buffer).
pub fn subscript(vm: &mut Vm, v: Value, idx: Value, array: bool) -> PyResult<Value> {
    let whole = view(vm, v, array)?;
    let View { source: src, typecode: tc, offset: off, len, .. } = whole;
    if let Some(s) = vm.as_slice(idx) {
        let (start, stop) = step1_slice(vm, s, len)?;
        let n = stop - start;
        if !array {
            return super::memoryview::new_view(vm, View { offset: off + start, len: n, ..whole });
        }
        if tc == b'O' {
            let objs = objs_window(vm, src, start, n).unwrap_or_default();
            return new_array(vm, tc, Vec::new(), objs);
        }
        let data = super::memoryview::window(vm, src, tc, start, n);
        return new_array(vm, tc, data, Vec::new());
    }
    let i = vm.seq_index(idx, len, kind_name(array))?;
    item_at(vm, src, tc, off + i)
}

/// The source of a slice assignment: (item size, raw bytes or objects).
pub enum SliceSrc {
    Bytes(Vec<u8>),
    Objs(Vec<Value>),
}

/// What may be assigned to a slice of an array or memoryview with items of `item_sz` bytes:
/// an array, bytearray or memoryview of the same item size, or bytes when items are bytes.
pub fn slice_source(vm: &mut Vm, v: Value, item_sz: usize, dest_objs: bool) -> PyResult<SliceSrc> {
    // What a memoryview would see, but not of a str or of an instance of a subclass.
    let plain = matches!(v.kind(), Kind::Obj(r) if !matches!(vm.heap.get(r), Obj::Str(_) | Obj::Instance(_)));
    let Some(View { source: src, typecode: src_tc, offset, len, .. }) = super::memoryview::view_of(vm, v).filter(|_| plain) else {
        return Err(not_implemented(vm, "array/bytes required on right side"));
    };
    if item_size(src_tc).unwrap_or(1) != item_sz || dest_objs != (src_tc == b'O') {
        return Err(compat_error(vm));
    }
    if dest_objs {
        return objs_window(vm, src, offset, len).map(SliceSrc::Objs).ok_or_else(|| compat_error(vm));
    }
    Ok(SliceSrc::Bytes(super::memoryview::window(vm, src, src_tc, offset, len)))
}

/// `v[idx] = x` of an array (`array`) or memoryview: only an array's slice may change its
/// length; a read-only view refuses once the index or source has been checked.
pub fn store(vm: &mut Vm, v: Value, idx: Value, x: Value, array: bool) -> PyResult<Value> {
    let View { source: src, typecode: tc, offset: off, len, writable: rw } = view(vm, v, array)?;
    let sz = item_size(tc).unwrap_or(1);
    let (start, stop, given) = match vm.as_slice(idx) {
        Some(s) => {
            let (start, stop) = step1_slice(vm, s, len)?;
            (start, stop, Some(slice_source(vm, x, sz, tc == b'O')?))
        }
        None => {
            let i = vm.seq_index(idx, len, kind_name(array))?;
            (i, i + 1, None)
        }
    };
    if !rw {
        return Err(super::memoryview::read_only(vm));
    }
    let one = [x];
    let mut buf = [0u8; 8];
    let (n, bytes, objs): (usize, &[u8], &[Value]) = match &given {
        Some(SliceSrc::Bytes(b)) => (b.len() / sz, &b[..b.len() / sz * sz], &[]),
        Some(SliceSrc::Objs(o)) => (o.len(), &[], o),
        None if tc == b'O' => (1, &[], &one),
        None => {
            encode_item(vm, tc, x, &mut buf[..sz])?;
            (1, &buf[..sz], &[])
        }
    };
    if n != stop - start && !array {
        return Err(compat_error(vm));
    }
    let growth = bytes.len().saturating_sub((stop - start) * sz);
    if growth > 0 {
        vm.charge(growth)?;
    }
    let (start, stop) = (off + start, off + stop);
    if tc == b'O' {
        if let Some(a) = ext_mut::<Array>(vm, src) {
            put(&mut a.objs, start, stop, objs, array);
        }
    } else if let Some(d) = super::memoryview::bytes_mut(vm, src) {
        put(d, start * sz, stop * sz, bytes, array);
    }
    Ok(Value::None)
}

/// Replace `v[start..stop]` by `items`; unless `resizable` (a view's buffer, which may have
/// shrunk since), only the items that still have a place are written.
pub fn put<T: Copy>(v: &mut Vec<T>, start: usize, stop: usize, items: &[T], resizable: bool) {
    let (stop, items) = if resizable {
        (stop, items)
    } else {
        let items = &items[..items.len().min(v.len().saturating_sub(start))];
        (start + items.len(), items)
    };
    crate::obj::splice(v, start, stop, items);
}

fn getitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    subscript(vm, a[0], a[1], true)
}

fn setitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    store(vm, a[0], a[1], a[2], true)
}

fn array_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let arr = a[0];
    let (tc, len) = {
        let ar = this(vm, arr)?;
        (ar.typecode, ar.len())
    };
    let mut out = String::from("array('");
    out.push(tc as char);
    out.push('\'');
    if len > 0 {
        out.push_str(", [");
        let mut i = 0;
        while let Some(v) = view_item(vm, arr, i)? {
            if i > 0 {
                out.push_str(", ");
            }
            vm.roots.push(v);
            let r = vm.repr_of(v);
            vm.roots.pop();
            out.push_str(&r?);
            i += 1;
        }
        out.push(']');
    }
    out.push(')');
    vm.new_string(out)
}

fn array_eq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    buffer_compare(vm, a, CmpOp::Eq, false)
}

fn array_ne(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match buffer_compare(vm, a, CmpOp::Eq, false)? {
        b @ (Value::False | Value::True) => Ok(Value::bool(!b.is_true())),
        v => Ok(v),
    }
}

fn array_lt(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    buffer_compare(vm, a, CmpOp::Lt, false)
}

fn array_le(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    buffer_compare(vm, a, CmpOp::Le, false)
}

fn array_gt(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    buffer_compare(vm, a, CmpOp::Gt, false)
}

fn array_ge(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    buffer_compare(vm, a, CmpOp::Ge, false)
}

// ---- iteration (shared by array, memoryview and deque)

/// An iterator over an indexable module object: asks `get` for item `idx` until it says None.
pub struct SeqIter {
    pub class: ObjRef,
    pub obj: Value,
    pub idx: usize,
    pub get: fn(&mut Vm, Value, usize) -> PyResult<Option<Value>>,
}

impl ExtObj for SeqIter {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, f: &mut dyn FnMut(Value)) {
        f(self.obj)
    }
    crate::ext_any!();
}

const ITER_METHODS: super::super::Table = &[nat("__iter__", iter_self, 1, 1), nat("__next__", iter_next, 1, 1), nat("__repr__", iter_repr, 1, 1)];

pub fn new_seq_iter(vm: &mut Vm, obj: Value, get: fn(&mut Vm, Value, usize) -> PyResult<Option<Value>>) -> PyResult<Value> {
    let class = vm.ext_class("iterator", ITER_METHODS, &[]);
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(SeqIter { class, obj, idx: 0, get })))
}

fn iter_self(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(a[0])
}

fn iter_repr(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.new_str("<iterator>")
}

fn iter_next(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let Some(it) = ext_ref::<SeqIter>(vm, a[0]) else { return Err(vm.type_error("expected an iterator")) };
    let (obj, idx, get) = (it.obj, it.idx, it.get);
    match get(vm, obj, idx)? {
        Some(v) => {
            if let Some(it) = ext_mut::<SeqIter>(vm, a[0]) {
                it.idx += 1;
            }
            Ok(v)
        }
        None => Err(vm.stop_iteration(Value::None)),
    }
}

fn array_iter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    this(vm, a[0])?;
    new_seq_iter(vm, a[0], view_item)
}
