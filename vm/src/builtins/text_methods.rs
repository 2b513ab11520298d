//! Methods shared by `str`, `bytes` and `bytearray`: MicroPython gives the three types one set
//! of string methods, with the same argument forms and errors. Each native reads its receiver
//! as a [`Subj`] (kind plus bytes), runs a byte algorithm from [`super::text`], and builds the
//! result in the receiver's kind. `str` positions are code points at the boundary only.

use crate::format::Dec;
use crate::value::Kind as VKind;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use super::args;
use super::text;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{Exc, PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// Which of the three text types a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Bytes,
    ByteArray,
}

/// Receiver kinds as const-generic parameters: each type's table instantiates the shared
/// methods with its own kind, so `str.find(b"x", …)` is refused like MicroPython does.
pub const STR: u8 = 0;
pub const BYTES: u8 = 1;
pub const BYTEARRAY: u8 = 2;

impl Kind {
    pub const fn of(k: u8) -> Kind {
        match k {
            STR => Kind::Str,
            BYTES => Kind::Bytes,
            _ => Kind::ByteArray,
        }
    }

    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Str => "str",
            Kind::Bytes => "bytes",
            Kind::ByteArray => "bytearray",
        }
    }

    /// The name in "X indices must be integers" errors.
    pub fn index_name(self) -> &'static str {
        match self {
            Kind::Str => "string",
            Kind::Bytes => "bytes",
            Kind::ByteArray => "bytearray",
        }
    }
}

/// The kind and the text, in place, of a str/bytes/bytearray (or of a subclass instance): the
/// one look at the object behind [`data`], [`kind_of`] and [`with_text`].
fn view(vm: &Vm, v: Value) -> Option<(Kind, Text<'_>)> {
    let v = vm.native_base(v).unwrap_or(v);
    let VKind::Obj(r) = v.kind() else { return None };
    match vm.heap.get(r) {
        Obj::Str(s) => Some((Kind::Str, Text { data: s.as_str().as_bytes(), ascii: s.is_ascii() })),
        Obj::Bytes(b) => Some((Kind::Bytes, Text { data: b, ascii: true })),
        Obj::ByteArray(b) => Some((Kind::ByteArray, Text { data: b, ascii: true })),
        _ => None,
    }
}

/// The kind and a copy of the bytes of a str/bytes/bytearray (or of a subclass instance).
pub fn data(vm: &Vm, v: Value) -> Option<(Kind, Vec<u8>)> {
    view(vm, v).map(|(k, t)| (k, Vec::from(t.data)))
}

/// The kind of a str/bytes/bytearray (or of a subclass instance), without copying.
pub fn kind_of(vm: &Vm, v: Value) -> Option<Kind> {
    view(vm, v).map(|(k, _)| k)
}

/// `TypeError: argument should be a 'str' not a 'int'` for a method called on the wrong type.
pub fn wrong_receiver(vm: &mut Vm, v: Value, want: Kind) -> Exc {
    let t = vm.type_name(v);
    vm.err_fmt(TypeId::TypeError, format_args!("argument should be a '{}' not a '{}'", want.type_name(), t))
}

fn is_bigint(vm: &Vm, v: Value) -> bool {
    matches!(v.kind(), VKind::Obj(r) if matches!(vm.heap.get(r), Obj::BigInt(_)))
}

/// A big int past MicroPython's machine word ([`Vm::int_as_i64`] reads one within it).
fn beyond_i64(vm: &Vm, v: Value) -> bool {
    is_bigint(vm, v) && vm.int_as_i64(v).is_none()
}

/// MicroPython's `mp_obj_get_int`: an int that fits a machine word (OverflowError otherwise).
pub fn int_arg(vm: &mut Vm, v: Value) -> PyResult<i64> {
    if beyond_i64(vm, v) {
        return Err(vm.word_overflow());
    }
    args::int(vm, v)
}

/// The bytes of anything with MicroPython's buffer protocol (str included).
pub fn buffer(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    match data(vm, v) {
        Some((_, d)) => Some(d),
        None => vm.bytes_like(v),
    }
}

/// A new object of `kind` holding `b`.
pub fn make(vm: &mut Vm, kind: Kind, b: Vec<u8>) -> PyResult<Value> {
    match kind {
        Kind::Str => match String::from_utf8(b) {
            Ok(s) => vm.new_string(s),
            Err(_) => Err(vm.err0(TypeId::UnicodeError)),
        },
        Kind::Bytes => vm.new_bytes(b),
        Kind::ByteArray => vm.alloc(Obj::ByteArray(b)),
    }
}

/// `TypeError: can't convert 'X' object to str implicitly` (`to bytes` when X is str).
pub fn bad_conv(vm: &mut Vm, v: Value) -> Exc {
    let t = vm.type_name(v);
    let to = if t == "str" { "bytes" } else { "str" };
    vm.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to {} implicitly", t, to))
}

/// MicroPython's MemoryError text for an allocation of `n` bytes.
pub fn alloc_failed(vm: &mut Vm, n: u64) -> Exc {
    vm.err_fmt(TypeId::MemoryError, format_args!("memory allocation failed, allocating {} bytes", Dec(n as i64)))
}

/// Text positions: byte offsets inside, indexable units (code points for str) outside.
#[derive(Clone, Copy)]
pub struct Text<'a> {
    pub data: &'a [u8],
    /// Byte offsets are code-point indices (always so for bytes).
    pub ascii: bool,
}

impl Text<'_> {
    /// Length in indexable units.
    pub fn units(&self) -> usize {
        if self.ascii {
            self.data.len()
        } else {
            text::char_count(self.data)
        }
    }

    pub fn unit_to_byte(&self, u: usize) -> usize {
        if self.ascii {
            u.min(self.data.len())
        } else {
            text::cp_to_byte(self.data, u)
        }
    }

    pub fn byte_to_unit(&self, b: usize) -> usize {
        if self.ascii {
            b
        } else {
            text::char_count(&self.data[..b.min(self.data.len())])
        }
    }

    /// `start`/`end` (already converted, `None` when absent) clamped, as byte offsets; `end`
    /// may come out below `start`.
    fn range(&self, (lo, hi): Bounds) -> (usize, usize) {
        let n = self.units();
        let clamp = |i: Option<i64>, default: usize| match i {
            None => default,
            Some(i) if i < 0 => (i + n as i64).max(0) as usize,
            Some(i) => (i as usize).min(n),
        };
        (self.unit_to_byte(clamp(lo, 0)), self.unit_to_byte(clamp(hi, n)))
    }
}

/// `start` and `end` arguments as given (`None` when absent or None).
type Bounds = (Option<i64>, Option<i64>);

/// One `start`/`end` argument: None or an index (OverflowError for big ints).
fn index_arg(vm: &mut Vm, kind: Kind, v: Option<Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) if beyond_i64(vm, v) => Err(vm.word_overflow()),
        Some(v) => vm.index_value(v, kind.index_name()).map(Some),
    }
}

/// `start`/`end` at `a[i]`, `a[i+1]`; `end_first` converts `end` first, as MicroPython's
/// startswith/endswith do.
fn bounds(vm: &mut Vm, kind: Kind, a: &[Value], i: usize, end_first: bool) -> PyResult<Bounds> {
    if end_first {
        let hi = index_arg(vm, kind, a.get(i + 1).copied())?;
        Ok((index_arg(vm, kind, a.get(i).copied())?, hi))
    } else {
        let lo = index_arg(vm, kind, a.get(i).copied())?;
        Ok((lo, index_arg(vm, kind, a.get(i + 1).copied())?))
    }
}

/// Check that the receiver `a[0]` is of kind `want` (a subclass instance will do) and return
/// the built-in value behind it.
fn receiver(vm: &mut Vm, a: &[Value], want: Kind) -> PyResult<Value> {
    let v = a.first().copied().unwrap_or(Value::None);
    if kind_of(vm, v) == Some(want) {
        return Ok(vm.native_base(v).unwrap_or(v));
    }
    Err(wrong_receiver(vm, v, want))
}

/// Run `f` on a text's contents in place, without copying it (for methods whose answer is small).
fn with_text<R>(vm: &Vm, v: Value, f: impl FnOnce(Text) -> R) -> Option<R> {
    view(vm, v).map(|(_, t)| f(t))
}

/// MemoryError unless the heap has room for `n` more bytes (checked before building big results).
pub fn room(vm: &mut Vm, n: usize) -> PyResult<()> {
    if vm.heap.reserve(n) {
        Ok(())
    } else {
        Err(alloc_failed(vm, n as u64))
    }
}

/// An empty buffer for a result of `n` bytes, asked of the allocator fallibly: MemoryError, not
/// an allocator abort, when the heap or a fragmented board's allocator has no room for it.
pub fn result_buffer(vm: &mut Vm, n: usize) -> PyResult<Vec<u8>> {
    room(vm, n)?;
    crate::heap::try_vec(n).map_err(|_| {
        vm.heap.starve();
        alloc_failed(vm, n as u64)
    })
}

/// The receiver of a text method, copied out of the heap (for methods that build new objects).
pub struct Subj {
    pub kind: Kind,
    pub data: Vec<u8>,
    /// Byte offsets are code-point indices (always so for bytes).
    pub ascii: bool,
}

impl Subj {
    /// The receiver `a[0]`, which must be of kind `want` (a subclass instance will do).
    pub fn get(vm: &mut Vm, a: &[Value], want: Kind) -> PyResult<Subj> {
        let base = receiver(vm, a, want)?;
        let mut data = vm.buffer(with_text(vm, base, |t| t.data.len()).unwrap_or(0))?;
        let ascii = with_text(vm, base, |t| {
            data.extend_from_slice(t.data);
            t.ascii
        });
        Ok(Subj { kind: want, data, ascii: ascii.unwrap_or_default() })
    }

    pub fn text(&self) -> Text<'_> {
        Text { data: &self.data, ascii: self.ascii }
    }

    pub fn units(&self) -> usize {
        self.text().units()
    }

    fn part(&self, vm: &mut Vm, r: Range<usize>) -> PyResult<Value> {
        make(vm, self.kind, Vec::from(&self.data[r]))
    }

    fn parts(&self, vm: &mut Vm, ranges: Vec<Range<usize>>) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(ranges.len());
        // A str is checked as UTF-8 once, not once per part: its parts are slices of it.
        let whole = self.as_str();
        for r in &ranges {
            out.push(match whole.and_then(|s| s.get(r.clone())) {
                Some(p) => vm.new_str(p)?,
                None => self.part(vm, r.clone())?,
            });
        }
        Ok(out)
    }

    fn as_str(&self) -> Option<&str> {
        match self.kind {
            Kind::Str => core::str::from_utf8(&self.data).ok(),
            _ => None,
        }
    }
}

/// Which argument types a method accepts, relative to the receiver.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// str for str; bytes or bytearray for bytes and bytearray.
    Same,
    /// str for str; bytes (not bytearray) for bytes and bytearray.
    Exact,
    /// str or bytes whatever the receiver.
    Any,
}

fn accepts(subj: Kind, arg: Kind, rule: Rule) -> bool {
    match rule {
        Rule::Same => (subj == Kind::Str) == (arg == Kind::Str),
        Rule::Exact => match subj {
            Kind::Str => arg == Kind::Str,
            _ => arg == Kind::Bytes,
        },
        Rule::Any => arg != Kind::ByteArray,
    }
}

/// The bytes of an argument the receiver accepts under `rule`.
fn arg(vm: &mut Vm, kind: Kind, v: Value, rule: Rule) -> PyResult<Vec<u8>> {
    match data(vm, v) {
        Some((k, d)) if accepts(kind, k, rule) => Ok(d),
        _ => Err(bad_conv(vm, v)),
    }
}

/// The needle of `find` and friends: bytes may also search for one byte given as an int.
fn needle(vm: &mut Vm, kind: Kind, v: Value) -> PyResult<Vec<u8>> {
    if kind != Kind::Str && (matches!(v.kind(), VKind::Int(_) | VKind::False | VKind::True) || is_bigint(vm, v)) {
        let i = int_arg(vm, v)?;
        let i = vm.new_int(i)?;
        return Ok(alloc::vec![vm.byte_value(i)?]);
    }
    arg(vm, kind, v, Rule::Same)
}

// ---- searching (in place: the receiver is not copied)

/// The receiver's text and the one argument's bytes for the usual call of a method taking one
/// text: a str or bytes and one of its own type, no bounds, no keywords. Such a call skips
/// the general checks (each a lookup of both objects) and copies nothing.
fn plain_pair<'v>(vm: &'v Vm, a: &[Value], kw: Kw, want: Kind) -> Option<(Text<'v>, &'v [u8])> {
    let ([s, p], []) = (a, kw) else { return None };
    let (Some(s), Some(p)) = (s.as_obj(), p.as_obj()) else { return None };
    let text = |r: ObjRef| match vm.heap.get(r) {
        Obj::Str(x) if want == Kind::Str => Some(Text { data: x.as_str().as_bytes(), ascii: x.is_ascii() }),
        Obj::Bytes(b) if want == Kind::Bytes => Some(Text { data: b, ascii: true }),
        _ => None,
    };
    Some((text(s)?, text(p)?.data))
}

fn finder(vm: &mut Vm, a: &[Value], kw: Kw, want: Kind, right: bool, raise: bool) -> PyResult<Value> {
    let search = |hay: &[u8], n: &[u8]| if right { text::rfind(hay, n) } else { text::find(hay, n) };
    if let Some((t, n)) = plain_pair(vm, a, kw, want) {
        let found = search(t.data, n).map(|p| t.byte_to_unit(p));
        return found_at(vm, found, raise);
    }
    let base = receiver(vm, a, want)?;
    let n = needle(vm, want, a[1])?;
    let b = bounds(vm, want, a, 2, false)?;
    let found = with_text(vm, base, |t| {
        let (lo, hi) = t.range(b);
        // MicroPython finds nothing, not even b'', in an empty bytearray (its buffer is NULL).
        if hi < lo || (want == Kind::ByteArray && t.data.is_empty()) {
            return None;
        }
        search(&t.data[lo..hi], &n).map(|p| t.byte_to_unit(lo + p))
    });
    found_at(vm, found.flatten(), raise)
}

/// `find`'s answer (-1 when not found) or `index`'s (ValueError).
fn found_at(vm: &mut Vm, found: Option<usize>, raise: bool) -> PyResult<Value> {
    match found {
        Some(i) => Ok(Value::Int(i as i64)),
        None if raise => Err(vm.value_error("substring not found")),
        None => Ok(Value::Int(-1)),
    }
}

pub fn find<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    finder(vm, a, kw, Kind::of(K), false, false)
}

pub fn rfind<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    finder(vm, a, kw, Kind::of(K), true, false)
}

pub fn index<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    finder(vm, a, kw, Kind::of(K), false, true)
}

pub fn rindex<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    finder(vm, a, kw, Kind::of(K), true, true)
}

fn count_as(vm: &mut Vm, a: &[Value], _kw: Kw, kind: Kind) -> PyResult<Value> {
    let want = kind;
    let base = receiver(vm, a, want)?;
    let n = arg(vm, want, a[1], Rule::Same)?;
    let b = bounds(vm, want, a, 2, false)?;
    let c = with_text(vm, base, |t| {
        let (lo, hi) = t.range(b);
        // An empty range (even a reversed one) has one empty match.
        let hi = hi.max(lo);
        if n.is_empty() {
            t.byte_to_unit(hi) - t.byte_to_unit(lo) + 1
        } else {
            text::count(&t.data[lo..hi], &n)
        }
    });
    Ok(Value::Int(c.unwrap_or(0) as i64))
}

fn affix(vm: &mut Vm, a: &[Value], kw: Kw, want: Kind, end: bool) -> PyResult<Value> {
    if let Some((t, p)) = plain_pair(vm, a, kw, want) {
        return Ok(Value::bool(affix_at(t.data, 0, t.data.len(), p, end)));
    }
    let base = receiver(vm, a, want)?;
    let b = bounds(vm, want, a, 2, true)?;
    // One candidate or a tuple of them, each compared in place: copying them cost
    // `s.startswith(t)` two allocations, three times MicroPython's time.
    let tuple = vm.native_base(a[1]).unwrap_or(a[1]);
    let item = |vm: &Vm, i: usize| match tuple.kind() {
        VKind::Obj(r) => match vm.heap.get(r) {
            Obj::Tuple(t) => Some(t.get(i).copied()),
            _ => None,
        },
        _ => None,
    };
    for i in 0.. {
        let c = match item(vm, i) {
            Some(Some(c)) => c,
            None if i == 0 => a[1],
            _ => break,
        };
        let hit = match (view(vm, base), view(vm, c)) {
            (Some((_, t)), Some((k, p))) if accepts(want, k, Rule::Any) => {
                let (lo, hi) = t.range(b);
                affix_at(t.data, lo, hi, p.data, end)
            }
            _ => return Err(bad_conv(vm, c)),
        };
        if hit {
            return Ok(Value::True);
        }
    }
    Ok(Value::False)
}

/// Does `d[lo..hi]` start (or end) with `p`? An empty range (`hi <= lo`) only has the empty
/// affix.
fn affix_at(d: &[u8], lo: usize, hi: usize, p: &[u8], end: bool) -> bool {
    let n = p.len();
    if hi < lo {
        return n == 0;
    }
    if n > hi - lo {
        return false;
    }
    if end {
        hi >= n && &d[hi - n..hi] == p
    } else {
        lo + n <= d.len() && &d[lo..lo + n] == p
    }
}

pub fn startswith<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    affix(vm, a, kw, Kind::of(K), false)
}

pub fn endswith<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    affix(vm, a, kw, Kind::of(K), true)
}

/// Entry points whose one body takes the kind as a value: generic bodies would be compiled once
/// per type (three copies of each in the wasm).
macro_rules! by_kind {
    ($($name:ident => $body:ident),* $(,)?) => {$(
        pub fn $name<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
            $body(vm, a, kw, Kind::of(K))
        }
    )*};
}

by_kind!(
    count => count_as,
    splitlines => splitlines_as,
    replace => replace_as,
    center => center_as,
    join => join_as,
    format => format_as,
);

// ---- splitting

pub fn split<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    splitter(vm, a, Kind::of(K), false)
}

pub fn rsplit<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    splitter(vm, a, Kind::of(K), true)
}

/// `split` and `rsplit`, which is `split` unless given a limit (`maxsplit >= 0`). Like
/// MicroPython's, `rsplit` with a limit takes str or bytes whatever the receiver and refuses
/// to split on whitespace.
fn splitter(vm: &mut Vm, a: &[Value], kind: Kind, right: bool) -> PyResult<Value> {
    let s = Subj::get(vm, a, kind)?;
    let maxsplit = match a.get(2) {
        Some(&m) => int_arg(vm, m)?,
        None => -1,
    };
    let right = right && maxsplit >= 0;
    let ranges = match a.get(1).copied() {
        None | Some(Value::None) if right => return Err(vm.err(TypeId::NotImplementedError, "rsplit(None,n)")),
        None | Some(Value::None) => text::split_whitespace(&s.data, maxsplit),
        Some(sep) => {
            let sep = arg(vm, s.kind, sep, if right { Rule::Any } else { Rule::Exact })?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            if right {
                text::rsplit_sep(&s.data, &sep, maxsplit as usize)
            } else {
                text::split_sep(&s.data, &sep, maxsplit)
            }
        }
    };
    let items = s.parts(vm, ranges)?;
    vm.new_list(items)
}

fn splitlines_as(vm: &mut Vm, a: &[Value], kw: Kw, kind: Kind) -> PyResult<Value> {
    if a.len() > 2 {
        return Err(vm.type_error("extra positional arguments given"));
    }
    let mut keep = a.get(1).copied();
    let keepends = vm.intern("keepends");
    for (k, v) in kw {
        if *k != keepends || keep.is_some() {
            return Err(vm.type_error("extra keyword arguments given"));
        }
        keep = Some(*v);
    }
    let keep = match keep {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let s = Subj::get(vm, a, kind)?;
    let items = s.parts(vm, text::splitlines(&s.data, keep))?;
    vm.new_list(items)
}

fn partitioner(vm: &mut Vm, a: &[Value], _kw: Kw, want: Kind, right: bool) -> PyResult<Value> {
    let s = Subj::get(vm, a, want)?;
    let sep = arg(vm, s.kind, a[1], Rule::Same)?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let n = s.data.len();
    let found = if right { text::rfind(&s.data, &sep) } else { text::find(&s.data, &sep) };
    let items = match found {
        Some(p) => s.parts(vm, alloc::vec![0..p, p..p + sep.len(), p + sep.len()..n])?,
        None => {
            // Not found: the receiver itself and one empty str/bytes (bytes for a bytearray)
            // twice, as MicroPython's shared empty object.
            let kind = if s.kind == Kind::Str { Kind::Str } else { Kind::Bytes };
            let e = make(vm, kind, Vec::new())?;
            let mut items = alloc::vec![e, e, e];
            items[if right { 2 } else { 0 }] = a[0];
            items
        }
    };
    vm.new_tuple(items)
}

pub fn partition<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    partitioner(vm, a, kw, Kind::of(K), false)
}

pub fn rpartition<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    partitioner(vm, a, kw, Kind::of(K), true)
}

// ---- transforming

fn stripper(vm: &mut Vm, a: &[Value], _kw: Kw, want: Kind, left: bool, right: bool) -> PyResult<Value> {
    let s = Subj::get(vm, a, want)?;
    let chars = match a.get(1) {
        None => None,
        Some(&c) => Some(arg(vm, s.kind, c, Rule::Same)?),
    };
    let r = text::strip_range(&s.data, left, right, chars.as_deref().unwrap_or(text::SPACES));
    if r.is_empty() {
        // MicroPython answers an all-stripped bytearray with the empty bytes object.
        let kind = if s.kind == Kind::ByteArray { Kind::Bytes } else { s.kind };
        return make(vm, kind, Vec::new());
    }
    if r.len() == s.data.len() {
        return Ok(a[0]);
    }
    s.part(vm, r)
}

pub fn strip<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    stripper(vm, a, kw, Kind::of(K), true, true)
}

pub fn lstrip<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    stripper(vm, a, kw, Kind::of(K), true, false)
}

pub fn rstrip<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    stripper(vm, a, kw, Kind::of(K), false, true)
}

fn replace_as(vm: &mut Vm, a: &[Value], _kw: Kw, kind: Kind) -> PyResult<Value> {
    let max = match a.get(3) {
        Some(&c) => match int_arg(vm, c)? {
            0 => return Ok(a[0]),
            n if n < 0 => None,
            n => Some(n as usize),
        },
        None => None,
    };
    let s = Subj::get(vm, a, kind)?;
    let old = arg(vm, s.kind, a[1], Rule::Same)?;
    let new = arg(vm, s.kind, a[2], Rule::Same)?;
    if old.len() > s.data.len() {
        return Ok(a[0]);
    }
    // Refuse a result past the heap limit before building it.
    let hits = if old.is_empty() { s.units() + 1 } else { text::count(&s.data, &old) };
    let hits = max.map_or(hits, |m| hits.min(m));
    let size = (s.data.len() - hits * old.len()).saturating_add(hits.saturating_mul(new.len()));
    let mut out = result_buffer(vm, size)?;
    if text::replace(&mut out, &s.data, &old, &new, max, !s.ascii) {
        make(vm, s.kind, out)
    } else {
        Ok(a[0])
    }
}

fn center_as(vm: &mut Vm, a: &[Value], _kw: Kw, kind: Kind) -> PyResult<Value> {
    let s = Subj::get(vm, a, kind)?;
    let width = int_arg(vm, a[1])?;
    let units = s.units();
    if width >= 0 && units as i64 >= width {
        return Ok(a[0]);
    }
    let pad = width.wrapping_sub(units as i64);
    if width < 0 || !vm.heap.reserve(pad as usize + s.data.len()) {
        return Err(alloc_failed(vm, (width as u64).wrapping_add(1)));
    }
    let pad = pad as usize;
    let left = pad / 2;
    let mut out = Vec::with_capacity(s.data.len() + pad);
    out.resize(left, b' ');
    out.extend_from_slice(&s.data);
    out.resize(s.data.len() + pad, b' ');
    make(vm, s.kind, out)
}

fn join_as(vm: &mut Vm, a: &[Value], _kw: Kw, kind: Kind) -> PyResult<Value> {
    let s = Subj::get(vm, a, kind)?;
    let items = vm.collect_iter(a[1])?;
    let mut total = s.data.len().saturating_mul(items.len().saturating_sub(1));
    for &it in &items {
        match view(vm, it) {
            Some((k, t)) if accepts(s.kind, k, Rule::Same) => total = total.saturating_add(t.data.len()),
            _ => return Err(vm.type_error("join expects a list of str/bytes objects consistent with self object")),
        }
    }
    let mut out = result_buffer(vm, total)?;
    for (i, &it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&s.data);
        }
        with_text(vm, it, |t| out.extend_from_slice(t.data));
    }
    make(vm, s.kind, out)
}

fn map_ascii(vm: &mut Vm, a: &[Value], _kw: Kw, want: Kind, f: fn(&u8) -> u8) -> PyResult<Value> {
    let s = Subj::get(vm, a, want)?;
    let mut out = s.data.to_vec();
    for b in out.iter_mut() {
        *b = f(b);
    }
    make(vm, s.kind, out)
}

pub fn upper<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_ascii(vm, a, kw, Kind::of(K), u8::to_ascii_uppercase)
}

pub fn lower<const K: u8>(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    map_ascii(vm, a, kw, Kind::of(K), u8::to_ascii_lowercase)
}

fn is_class(vm: &mut Vm, a: &[Value], want: Kind, test: fn(&u8) -> bool, letters_only: bool) -> PyResult<Value> {
    let s = Subj::get(vm, a, want)?;
    Ok(Value::bool(text::is_class(&s.data, test, letters_only)))
}

pub fn isalpha<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    is_class(vm, a, Kind::of(K), u8::is_ascii_alphabetic, false)
}

pub fn isdigit<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    is_class(vm, a, Kind::of(K), u8::is_ascii_digit, false)
}

pub fn isspace<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    is_class(vm, a, Kind::of(K), |&b| text::is_space(b), false)
}

pub fn isupper<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    is_class(vm, a, Kind::of(K), u8::is_ascii_uppercase, true)
}

pub fn islower<const K: u8>(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    is_class(vm, a, Kind::of(K), u8::is_ascii_lowercase, true)
}

/// `format` for all three kinds: bytes are formatted as (lossily decoded) text.
fn format_as(vm: &mut Vm, a: &[Value], kw: Kw, kind: Kind) -> PyResult<Value> {
    let s = Subj::get(vm, a, kind)?;
    let (fmt, escaped) = match String::from_utf8(s.data) {
        Ok(fmt) => (fmt, false),
        Err(e) => (text::escape_bytes(e.as_bytes()), true),
    };
    let out = super::strfmt::str_format(vm, &fmt, &a[1..], kw)?;
    make(vm, s.kind, if escaped { text::unescape_bytes(&out) } else { out.into_bytes() })
}

// ---- codecs (str.encode, bytes.decode, str(b, enc), bytes(s, enc))

/// The encodings MicroPython knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Ascii,
}

/// The encoding named by argument `v` (absent: UTF-8).
pub fn encoding(vm: &mut Vm, v: Option<Value>) -> PyResult<Encoding> {
    let Some(v) = v else { return Ok(Encoding::Utf8) };
    let name = args::string(vm, v)?;
    match name.as_str() {
        "utf-8" | "utf8" => Ok(Encoding::Utf8),
        "ascii" => Ok(Encoding::Ascii),
        _ => Err(vm.err_fmt(TypeId::LookupError, format_args!("unknown encoding: {}", name))),
    }
}

/// Encode text: it is UTF-8 already; ASCII fails on anything else.
pub fn encode_text(vm: &mut Vm, s: &[u8], enc: Encoding) -> PyResult<Vec<u8>> {
    if enc == Encoding::Ascii && !s.is_ascii() {
        return Err(vm.err0(TypeId::UnicodeError));
    }
    Ok(Vec::from(s))
}

/// Decode bytes into a new str; `errors` is read only when the data is malformed.
pub fn decode_value(vm: &mut Vm, b: &[u8], enc: Encoding, errors: Option<Value>) -> PyResult<Value> {
    let decode = |mode| match enc {
        Encoding::Utf8 => text::decode_utf8(b, mode),
        Encoding::Ascii => text::decode_ascii(b, mode),
    };
    if let Some(s) = decode(text::Errors::Strict) {
        return vm.new_string(s);
    }
    let mode = match errors {
        Some(e) => match args::string(vm, e)?.as_str() {
            "ignore" => text::Errors::Ignore,
            "replace" => text::Errors::Replace,
            _ => text::Errors::Strict,
        },
        None => text::Errors::Strict,
    };
    match decode(mode) {
        Some(s) => vm.new_string(s),
        None => Err(vm.err0(TypeId::UnicodeError)),
    }
}

/// The table of methods all three types share (MicroPython's `str` method set), for receiver
/// kind `$k`, with a type's own methods before, in the middle and after (the order is
/// MicroPython's `dir()` order).
macro_rules! text_methods {
    ($k:expr; [$($pre:expr),* $(,)?]; [$($mid:expr),* $(,)?]; [$($post:expr),* $(,)?]) => {
        &[
            $($pre,)*
            $crate::builtins::nat("count", $crate::builtins::text_methods::count::<{ $k }>, 2, 4),
            $crate::builtins::nat("endswith", $crate::builtins::text_methods::endswith::<{ $k }>, 2, 4),
            $crate::builtins::nat("find", $crate::builtins::text_methods::find::<{ $k }>, 2, 4),
            $crate::builtins::nat_kw("format", $crate::builtins::text_methods::format::<{ $k }>, 1, $crate::builtins::VARARGS),
            $crate::builtins::nat("index", $crate::builtins::text_methods::index::<{ $k }>, 2, 4),
            $crate::builtins::nat("isalpha", $crate::builtins::text_methods::isalpha::<{ $k }>, 1, 1),
            $crate::builtins::nat("isdigit", $crate::builtins::text_methods::isdigit::<{ $k }>, 1, 1),
            $crate::builtins::nat("islower", $crate::builtins::text_methods::islower::<{ $k }>, 1, 1),
            $crate::builtins::nat("isspace", $crate::builtins::text_methods::isspace::<{ $k }>, 1, 1),
            $crate::builtins::nat("isupper", $crate::builtins::text_methods::isupper::<{ $k }>, 1, 1),
            $crate::builtins::nat("join", $crate::builtins::text_methods::join::<{ $k }>, 2, 2),
            $crate::builtins::nat("lower", $crate::builtins::text_methods::lower::<{ $k }>, 1, 1),
            $crate::builtins::nat("lstrip", $crate::builtins::text_methods::lstrip::<{ $k }>, 1, 2),
            $crate::builtins::nat("replace", $crate::builtins::text_methods::replace::<{ $k }>, 3, 4),
            $crate::builtins::nat("rfind", $crate::builtins::text_methods::rfind::<{ $k }>, 2, 4),
            $crate::builtins::nat("rindex", $crate::builtins::text_methods::rindex::<{ $k }>, 2, 4),
            $crate::builtins::nat("rsplit", $crate::builtins::text_methods::rsplit::<{ $k }>, 1, 3),
            $crate::builtins::nat("rstrip", $crate::builtins::text_methods::rstrip::<{ $k }>, 1, 2),
            $crate::builtins::nat("split", $crate::builtins::text_methods::split::<{ $k }>, 1, 3),
            $crate::builtins::nat("startswith", $crate::builtins::text_methods::startswith::<{ $k }>, 2, 4),
            $crate::builtins::nat("strip", $crate::builtins::text_methods::strip::<{ $k }>, 1, 2),
            $crate::builtins::nat("upper", $crate::builtins::text_methods::upper::<{ $k }>, 1, 1),
            $crate::builtins::nat("center", $crate::builtins::text_methods::center::<{ $k }>, 2, 2),
            $($mid,)*
            $crate::builtins::nat("partition", $crate::builtins::text_methods::partition::<{ $k }>, 2, 2),
            $crate::builtins::nat("rpartition", $crate::builtins::text_methods::rpartition::<{ $k }>, 2, 2),
            $crate::builtins::nat_kw("splitlines", $crate::builtins::text_methods::splitlines::<{ $k }>, 1, $crate::builtins::VARARGS),
            $($post,)*
        ]
    };
}
pub(crate) use text_methods;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affix_rules() {
        assert!(affix_at(b"abc", 0, 3, b"ab", false));
        assert!(!affix_at(b"abc", 0, 1, b"ab", false));
        assert!(affix_at(b"abc", 3, 3, b"", false));
        assert!(affix_at(b"abc", 0, 2, b"b", true));
        assert!(affix_at(b"abc", 2, 1, b"", true));
        assert!(!affix_at(b"abc", 2, 1, b"c", false));
        assert!(!affix_at(b"foobar", 4, 3, b"o", true));
    }

    #[test]
    fn arg_rules() {
        assert!(accepts(Kind::Bytes, Kind::ByteArray, Rule::Same));
        assert!(!accepts(Kind::Bytes, Kind::ByteArray, Rule::Exact));
        assert!(accepts(Kind::ByteArray, Kind::Bytes, Rule::Exact));
        assert!(accepts(Kind::Str, Kind::Bytes, Rule::Any));
        assert!(!accepts(Kind::Str, Kind::Bytes, Rule::Same));
    }
}
