//! Subscripts: `obj[i]`, `obj[a:b:c]`, item assignment and deletion.

use crate::format::Dec;
use crate::value::Kind;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{PyResult, Vm};
use crate::bytecode::Op;
use crate::heap::ObjRef;
use crate::intern::sym;
use crate::obj::{Obj, PyStr};
use crate::types::TypeId;
use crate::value::Value;

/// A slice resolved against a length.
#[derive(Debug, Clone, Copy)]
pub struct SliceIdx {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl SliceIdx {
    pub fn len(&self) -> usize {
        // A slice resolved against a real length: its count fits.
        super::ops::range_len(self.start, self.stop, self.step) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn indices(&self) -> impl Iterator<Item = usize> {
        let s = *self;
        (0..s.len()).map(move |i| (s.start + i as i64 * s.step) as usize)
    }

    /// The items of `items` this slice selects, one function per element type (a `map`/`collect`
    /// at each call site was a copy of `Vec`'s `from_iter` for each). A step of 1 or -1 is one
    /// copy of a run (a `get` + `push` per index cost fannkuch's reversals twice as much); other
    /// steps, rare, take one index at a time (`step_by` was ~700 bytes of wasm per type).
    pub fn pick<T: Copy>(&self, items: &[T]) -> Vec<T> {
        let n = self.len();
        if n == 0 {
            return Vec::new();
        }
        let start = self.start as usize;
        match self.step {
            1 => items.get(start..start + n).map_or_else(Vec::new, <[T]>::to_vec),
            -1 => items.get(start + 1 - n..=start).map_or_else(Vec::new, |run| {
                let mut out = run.to_vec();
                out.reverse();
                out
            }),
            _ => {
                let mut out = Vec::with_capacity(n);
                for i in self.indices() {
                    match items.get(i) {
                        Some(&x) => out.push(x),
                        None => break,
                    }
                }
                out
            }
        }
    }

    /// The lowest and highest of the `n` (> 0) selected indices: they are `lo`, `lo + |step|`,
    /// … up to `hi`, whichever way the slice runs.
    fn span(&self, n: usize) -> (i64, i64) {
        let last = self.start + (n as i64 - 1) * self.step;
        (self.start.min(last), self.start.max(last))
    }

    /// Delete the items of `v` this slice selects, the rest moving down in order (`del v[a:b:k]`;
    /// a loop rather than `retain` and a vector of indices, which were copies per element type).
    pub fn remove_from<T: Copy>(&self, v: &mut Vec<T>) {
        let n = self.len();
        if n == 0 {
            return;
        }
        let (lo, hi) = self.span(n);
        let (lo, hi) = (lo as usize, hi as usize);
        let step = self.step.unsigned_abs() as usize;
        let mut w = lo;
        for r in lo..v.len() {
            if r <= hi && (r - lo) % step == 0 {
                continue;
            }
            v[w] = v[r];
            w += 1;
        }
        v.truncate(w);
    }

    /// The code points of `text` (`count` of them) this slice selects: one pass in the slice's
    /// direction, with no vector of chars.
    fn pick_chars(&self, text: &str, count: usize) -> String {
        let mut out = String::new();
        let n = self.len() as i64;
        if n == 0 {
            return out;
        }
        let (lo, hi) = self.span(n as usize);
        let step = self.step.abs();
        let picked = |i: i64| lo <= i && i <= hi && (i - lo) % step == 0;
        if self.step > 0 {
            for (i, c) in text.chars().enumerate() {
                if picked(i as i64) {
                    out.push(c);
                }
            }
        } else {
            // Backwards by lead bytes (core's `Chars::next_back` is code only this used).
            let b = text.as_bytes();
            let (mut i, mut end) = (count as i64, b.len());
            while end > 0 {
                let mut start = end - 1;
                while start > 0 && crate::builtins::text::is_cont(b[start]) {
                    start -= 1;
                }
                i -= 1;
                if picked(i) {
                    out.push_str(text.get(start..end).unwrap_or_default());
                }
                end = start;
            }
        }
        out
    }
}

impl Vm {
    /// Index `i` (negative from the end) into `len` items, when in range.
    #[inline(always)]
    fn seq_index_fast(i: i64, len: usize) -> Option<usize> {
        // A negative `i` plus a length cannot overflow; still negative, it is out of range.
        usize::try_from(if i < 0 { i + len as i64 } else { i }).ok().filter(|&i| i < len)
    }

    /// `obj[idx]` for a list, tuple, bytes or bytearray and an int in range; None for the
    /// general path. One look at the object: the index is resolved against it in place.
    #[inline]
    pub(super) fn getitem_fast(&self, obj: Value, idx: Value) -> Option<Value> {
        let (Kind::Obj(r), Kind::Int(i)) = (obj.kind(), idx.kind()) else { return None };
        match self.heap.get(r) {
            Obj::List(l) => l.get(Self::seq_index_fast(i, l.len())?).copied(),
            Obj::Tuple(t) => t.get(Self::seq_index_fast(i, t.len())?).copied(),
            Obj::Bytes(b) | Obj::ByteArray(b) => b.get(Self::seq_index_fast(i, b.len())?).map(|&x| Value::Int(x as i64)),
            _ => None,
        }
    }

    /// `obj[idx] = v` for a list (or a bytearray and a byte) and an int in range; false for the
    /// general path.
    #[inline]
    pub(super) fn setitem_fast(&mut self, obj: Value, idx: Value, v: Value) -> bool {
        let (Kind::Obj(r), Kind::Int(i)) = (obj.kind(), idx.kind()) else { return false };
        match self.heap.get_mut(r) {
            Obj::List(l) => Self::seq_index_fast(i, l.len()).and_then(|i| l.get_mut(i)).map(|slot| *slot = v).is_some(),
            Obj::ByteArray(b) => match (Self::seq_index_fast(i, b.len()).and_then(|i| b.get_mut(i)), v.kind()) {
                (Some(slot), Kind::Int(x @ 0..=255)) => {
                    *slot = x as u8;
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// An index or slice bound as an int (int, bool, or an object with `__index__`): a small
    /// int inline, the rest (`__index__`, errors) out of line.
    #[inline]
    pub fn index_value(&mut self, v: Value, what: &str) -> PyResult<i64> {
        match v.kind() {
            Kind::Int(i) => Ok(i),
            _ => self.index_value_slow(v, what),
        }
    }

    #[inline(never)]
    fn index_value_slow(&mut self, v: Value, what: &str) -> PyResult<i64> {
        match v.kind() {
            b @ (Kind::False | Kind::True) => Ok((b == Kind::True) as i64),
            Kind::Obj(r) => match self.heap.get(r) {
                // In a machine word (small ints are narrower) a big int is an index like any.
                Obj::BigInt(b) => b.to_word().ok_or_else(|| self.word_overflow()),
                Obj::Instance(_) => match self.type_lookup(v, sym::__INDEX__) {
                    Some(m) => {
                        let r = self.call_special(m, v, &[])?;
                        self.index_value(r, what)
                    }
                    None => match self.native_base(v) {
                        Some(b) => self.index_value(b, what),
                        None => Err(self.bad_index(v, what)),
                    },
                },
                _ => Err(self.bad_index(v, what)),
            },
            _ => Err(self.bad_index(v, what)),
        }
    }

    fn bad_index(&mut self, v: Value, what: &str) -> super::Exc {
        let t = self.type_name(v);
        self.err_fmt(TypeId::TypeError, format_args!("{} indices must be integers, not {}", what, t))
    }

    /// Resolve a possibly negative index against `len`.
    pub fn seq_index(&mut self, idx: Value, len: usize, what: &str) -> PyResult<usize> {
        let i = self.index_value(idx, what)?;
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(self.err_fmt(TypeId::IndexError, format_args!("{} index out of range", what)));
        }
        Ok(j as usize)
    }

    pub fn as_slice(&self, v: Value) -> Option<[Value; 3]> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Slice(s) => Some(**s),
                _ => None,
            },
            _ => None,
        }
    }

    /// `slice.indices(len)` semantics.
    pub fn slice_indices(&mut self, s: [Value; 3], len: usize) -> PyResult<SliceIdx> {
        let len = len as i64;
        let step = match s[2] {
            Value::None | Value::Null => 1,
            v => self.index_value(v, "slice")?,
        };
        if step == 0 {
            return Err(self.value_error("slice step can't be zero"));
        }
        let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
        let bound = |vm: &mut Vm, v: Value, default: i64| -> PyResult<i64> {
            match v.kind() {
                Kind::None | Kind::Null => Ok(default),
                _ => vm.index_value(v, "slice"),
            }
        };
        let (start, stop) = if step > 0 {
            let a = bound(self, s[0], 0)?;
            let b = bound(self, s[1], len)?;
            let a = if a < 0 { clamp(a + len, 0, len) } else { clamp(a, 0, len) };
            let b = if b < 0 { clamp(b + len, 0, len) } else { clamp(b, 0, len) };
            (a, b)
        } else {
            let a = bound(self, s[0], len - 1)?;
            let b = bound(self, s[1], -1 - len)?;
            let a = if a < 0 { clamp(a + len, -1, len - 1) } else { clamp(a, -1, len - 1) };
            let b = if b < 0 { clamp(b + len, -1, len - 1) } else { clamp(b, -1, len - 1) };
            (a, b)
        };
        Ok(SliceIdx { start, stop, step })
    }

    /// `LoadFastSubscr`: the top of the stack indexed by the local in `slot`, in its place.
    #[inline(never)]
    pub(super) fn load_fast_subscr(&mut self, slot: usize) -> PyResult<()> {
        let idx = self.stack[slot];
        if idx.is_null() {
            return Err(self.err(TypeId::NameError, "local variable referenced before assignment"));
        }
        let top = self.stack.len() - 1;
        let obj = self.stack[top];
        self.stack[top] = match self.getitem_fast(obj, idx) {
            Some(v) => v,
            None => self.getitem(obj, idx)?,
        };
        Ok(())
    }

    pub fn getitem(&mut self, obj: Value, idx: Value) -> PyResult<Value> {
        let slice = self.as_slice(idx);
        self.getitem_with(obj, idx, slice)
    }

    /// `BuildSlice(n)`, given the op after it: `seq[a:b]` and `seq[a:b] = v` on a built-in
    /// sequence take the bounds straight from the stack (no slice object) and run that op too,
    /// which the flag says. Out of line: its bounds array and calls kept three more temporaries
    /// in `execute`'s stack frame.
    #[inline(never)]
    pub(super) fn build_slice(&mut self, n: u32, next: Option<&Op>) -> (bool, PyResult<()>) {
        let at = self.stack.len() - n as usize;
        let sl = [self.stack[at], self.stack[at + 1], if n == 3 { self.stack[at + 2] } else { Value::None }];
        let obj = at.checked_sub(1).map_or(Value::Null, |i| self.stack[i]);
        match next {
            Some(Op::LoadSubscr) if self.slices_natively(obj, false) => (
                true,
                self.getitem_with(obj, Value::None, Some(sl)).map(|v| {
                    self.stack.truncate(at);
                    if let Some(top) = self.stack.last_mut() {
                        *top = v;
                    }
                }),
            ),
            Some(Op::StoreSubscr) if at >= 2 && self.slices_natively(obj, true) => {
                let v = self.stack[at - 2];
                (true, self.setitem_with(obj, Value::None, v, Some(sl)).map(|()| self.stack.truncate(at - 2)))
            }
            _ => {
                self.stack.truncate(at);
                (false, self.alloc(Obj::Slice(alloc::boxed::Box::new(sl))).map(|v| self.stack.push(v)))
            }
        }
    }

    /// Can `obj[a:b]` (or, with `store`, `obj[a:b] = v`) take the slice bounds directly, so the
    /// interpreter need not make a slice object? True for built-in sequences, which never see it.
    pub(super) fn slices_natively(&self, obj: Value, store: bool) -> bool {
        let Kind::Obj(r) = obj.kind() else { return false };
        match self.heap.get(r) {
            Obj::List(_) | Obj::ByteArray(_) => true,
            Obj::Tuple(_) | Obj::Str(_) | Obj::Bytes(_) | Obj::Range { .. } => !store,
            _ => false,
        }
    }

    /// `getitem` with the slice (if `idx` is one) already unpacked.
    pub(super) fn getitem_with(&mut self, obj: Value, idx: Value, slice: Option<[Value; 3]>) -> PyResult<Value> {
        let Kind::Obj(r) = obj.kind() else { return Err(self.not_subscriptable(obj)) };
        match self.heap.get(r) {
            Obj::List(_) | Obj::Tuple(_) => {
                let is_list = matches!(self.heap.get(r), Obj::List(_));
                let len = match self.heap.get(r) {
                    Obj::List(l) => l.len(),
                    Obj::Tuple(t) => t.len(),
                    _ => 0,
                };
                if let Some(s) = slice {
                    let si = self.slice_indices(s, len)?;
                    let items = match self.heap.get(r) {
                        Obj::List(l) => si.pick(l),
                        Obj::Tuple(t) => si.pick(t),
                        _ => Vec::new(),
                    };
                    return if is_list { self.new_list(items) } else { self.new_tuple(items) };
                }
                let i = self.seq_index(idx, len, if is_list { "list" } else { "tuple" })?;
                Ok(match self.heap.get(r) {
                    Obj::List(l) => l[i],
                    Obj::Tuple(t) => t[i],
                    _ => Value::None,
                })
            }
            Obj::Str(s) => {
                let ascii = s.is_ascii();
                let n = s.char_len();
                if let Some(sl) = slice {
                    let si = self.slice_indices(sl, n)?;
                    let Obj::Str(s) = self.heap.get(r) else { unreachable!() };
                    let out: String = if ascii {
                        let b = s.as_str().as_bytes();
                        if si.step == 1 {
                            String::from(&s.as_str()[si.start.max(0) as usize..(si.start.max(0) as usize + si.len())])
                        } else {
                            // ASCII bytes are always UTF-8.
                            String::from_utf8(si.pick(b)).unwrap_or_default()
                        }
                    } else {
                        si.pick_chars(s.as_str(), n)
                    };
                    return self.new_string(out);
                }
                let i = self.seq_index(idx, n, "string")?;
                let Obj::Str(s) = self.heap.get(r) else { unreachable!() };
                let c = if ascii { s.as_str().as_bytes()[i] as char } else { s.as_str()[s.byte_offset(i)..].chars().next().unwrap_or(' ') };
                self.char_value(c)
            }
            Obj::Bytes(b) | Obj::ByteArray(b) => {
                let is_ba = matches!(self.heap.get(r), Obj::ByteArray(_));
                let len = b.len();
                if let Some(sl) = slice {
                    let si = self.slice_indices(sl, len)?;
                    let out: Vec<u8> = match self.heap.get(r) {
                        Obj::Bytes(b) | Obj::ByteArray(b) => si.pick(b),
                        _ => Vec::new(),
                    };
                    return self.alloc(if is_ba { Obj::ByteArray(out) } else { Obj::Bytes(out) });
                }
                let i = self.seq_index(idx, len, if is_ba { "bytearray" } else { "bytes" })?;
                Ok(match self.heap.get(r) {
                    Obj::Bytes(b) | Obj::ByteArray(b) => Value::Int(b[i] as i64),
                    _ => Value::None,
                })
            }
            Obj::Range { start, stop, step } => {
                let (start, stop, step) = (*start, *stop, *step);
                let len = self.range_size(start, stop, step)?;
                if let Some(sl) = slice {
                    let si = self.slice_indices(sl, len)?;
                    // Past the machine word, a bound or step clamped to it still selects the
                    // same values, which all lie inside this range.
                    let word = |n: i128| n.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
                    let at = |i: i64| word(start as i128 + i as i128 * step as i128);
                    return self.alloc(Obj::Range { start: at(si.start), stop: at(si.stop), step: word(step as i128 * si.step as i128) });
                }
                let i = self.seq_index(idx, len, "range")?;
                self.new_int(start + i as i64 * step)
            }
            Obj::Dict(_) => match self.dict_get(r, idx)? {
                Some(v) => Ok(v),
                None => Err(self.key_error(idx)),
            },
            Obj::Instance(_) | Obj::Ext(_) => {
                if let Some(v) = self.call_own_special(obj, sym::__GETITEM__, &[idx])? {
                    return Ok(v);
                }
                match self.native_base(obj) {
                    Some(b) => {
                        let res = self.getitem(b, idx);
                        if let Err(e) = res {
                            if self.exc_is(e, TypeId::KeyError) && self.is_instance_of(b, TypeId::Dict) {
                                let missing = self.intern("__missing__");
                                if let Some(m) = self.type_lookup(obj, missing) {
                                    return self.call_special(m, obj, &[idx]);
                                }
                            }
                        }
                        res
                    }
                    None => Err(self.not_subscriptable(obj)),
                }
            }
            Obj::Class(_) => {
                let cg = self.intern("__class_getitem__");
                match self.try_getattr(obj, cg)? {
                    Some(m) => self.call_value(m, &[idx]),
                    None => Err(self.not_subscriptable(obj)),
                }
            }
            _ => Err(self.not_subscriptable(obj)),
        }
    }

    fn not_subscriptable(&mut self, obj: Value) -> super::Exc {
        let t = self.type_name(obj);
        self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't subscriptable", t))
    }

    pub fn setitem(&mut self, obj: Value, idx: Value, v: Value) -> PyResult<()> {
        let slice = self.as_slice(idx);
        self.setitem_with(obj, idx, v, slice)
    }

    /// `setitem` with the slice (if `idx` is one) already unpacked.
    pub(super) fn setitem_with(&mut self, obj: Value, idx: Value, v: Value, slice: Option<[Value; 3]>) -> PyResult<()> {
        let Kind::Obj(r) = obj.kind() else { return Err(self.no_item_assignment(obj)) };
        match self.heap.get(r) {
            Obj::List(l) => {
                let len = l.len();
                if let Some(sl) = slice {
                    let items = self.collect_iter(v)?;
                    let si = self.slice_indices(sl, len)?;
                    let Obj::List(l) = self.heap.get_mut(r) else { unreachable!() };
                    if si.step == 1 {
                        let start = si.start as usize;
                        let stop = (si.stop as usize).max(start);
                        // As many items as the slice holds (`p[:k] = p[k-1::-1]`): copied over in
                        // place, with no call.
                        match l.get_mut(start..stop) {
                            Some(run) if run.len() == items.len() => run.copy_from_slice(&items),
                            _ => crate::obj::splice(l, start, stop, &items),
                        }
                        return Ok(());
                    }
                    if items.len() != si.len() {
                        let msg = format!("attempt to assign sequence of size {} to extended slice of size {}", Dec(items.len() as i64), Dec(si.len() as i64));
                        return Err(self.value_error(msg));
                    }
                    for (i, item) in si.indices().zip(items) {
                        l[i] = item;
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, len, "list")?;
                if let Obj::List(l) = self.heap.get_mut(r) {
                    l[i] = v;
                }
                Ok(())
            }
            Obj::ByteArray(b) => {
                let len = b.len();
                if let Some(sl) = slice {
                    let items = match self.bytes_like(v) {
                        Some(b) => b,
                        None => {
                            let vals = self.collect_iter(v)?;
                            let mut out = Vec::with_capacity(vals.len());
                            for x in vals {
                                out.push(self.byte_value(x)?);
                            }
                            out
                        }
                    };
                    let si = self.slice_indices(sl, len)?;
                    let Obj::ByteArray(b) = self.heap.get_mut(r) else { unreachable!() };
                    if si.step == 1 {
                        let start = si.start as usize;
                        let stop = (si.stop as usize).max(start);
                        crate::obj::splice(b, start, stop, &items);
                        return Ok(());
                    }
                    for (i, item) in si.indices().zip(items) {
                        b[i] = item;
                    }
                    return Ok(());
                }
                let i = self.seq_index(idx, len, "bytearray")?;
                let byte = self.byte_value(v)?;
                if let Obj::ByteArray(b) = self.heap.get_mut(r) {
                    b[i] = byte;
                }
                Ok(())
            }
            Obj::Dict(d) if d.fixed => Err(self.err0(TypeId::TypeError)),
            Obj::Dict(_) => self.dict_set(r, idx, v),
            Obj::Instance(_) | Obj::Ext(_) => {
                if self.call_own_special(obj, sym::__SETITEM__, &[idx, v])?.is_some() {
                    return Ok(());
                }
                match self.native_base(obj) {
                    Some(b) => self.setitem(b, idx, v),
                    None => Err(self.no_item_assignment(obj)),
                }
            }
            _ => Err(self.no_item_assignment(obj)),
        }
    }

    pub fn byte_value(&mut self, v: Value) -> PyResult<u8> {
        match v.kind() {
            Kind::Int(i) if (0..256).contains(&i) => Ok(i as u8),
            b @ (Kind::False | Kind::True) => Ok((b == Kind::True) as u8),
            Kind::Int(_) => Err(self.value_error("bytes value out of range")),
            _ => {
                let t = self.type_name(v);
                Err(self.err_fmt(TypeId::TypeError, format_args!("can't convert {} to int", t)))
            }
        }
    }

    fn no_item_assignment(&mut self, obj: Value) -> super::Exc {
        let t = self.type_name(obj);
        self.err_fmt(TypeId::TypeError, format_args!("'{}' object doesn't support item assignment", t))
    }

    pub fn delitem(&mut self, obj: Value, idx: Value) -> PyResult<()> {
        let Kind::Obj(r) = obj.kind() else { return Err(self.no_item_deletion(obj)) };
        match self.heap.get(r) {
            // `del s[i]` is `del s[i:i+1]`: one removal path for both.
            Obj::List(_) | Obj::ByteArray(_) => {
                let (len, what) = match self.heap.get(r) {
                    Obj::List(l) => (l.len(), "list"),
                    Obj::ByteArray(b) => (b.len(), "bytearray"),
                    _ => (0, ""),
                };
                let si = match self.as_slice(idx) {
                    Some(sl) => self.slice_indices(sl, len)?,
                    None => {
                        let i = self.seq_index(idx, len, what)? as i64;
                        SliceIdx { start: i, stop: i + 1, step: 1 }
                    }
                };
                match self.heap.get_mut(r) {
                    Obj::List(l) => si.remove_from(l),
                    Obj::ByteArray(b) => si.remove_from(b),
                    _ => {}
                }
                Ok(())
            }
            Obj::Dict(d) if d.fixed => Err(self.err0(TypeId::TypeError)),
            Obj::Dict(_) => match self.dict_remove(r, idx)? {
                Some(_) => Ok(()),
                None => Err(self.key_error(idx)),
            },
            Obj::Instance(_) | Obj::Ext(_) => {
                if self.call_own_special(obj, sym::__DELITEM__, &[idx])?.is_some() {
                    return Ok(());
                }
                match self.native_base(obj) {
                    Some(b) => self.delitem(b, idx),
                    None => Err(self.no_item_deletion(obj)),
                }
            }
            _ => Err(self.no_item_deletion(obj)),
        }
    }

    fn no_item_deletion(&mut self, obj: Value) -> super::Exc {
        let t = self.type_name(obj);
        self.err_fmt(TypeId::TypeError, format_args!("'{}' object doesn't support item deletion", t))
    }

    // ---- small accessors used everywhere

    #[inline]
    pub fn as_str(&self, v: Value) -> Option<&str> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => Some(s.as_str()),
                Obj::Instance(i) => match i.base().kind() {
                    Kind::Obj(b) => match self.heap.get(b) {
                        Obj::Str(s) => Some(s.as_str()),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    pub fn as_pystr(&self, v: Value) -> Option<&PyStr> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn tuple_items(&self, v: Value) -> Option<Vec<Value>> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Tuple(t) => Some(t.to_vec()),
                Obj::Instance(i) => match i.base().kind() {
                    Kind::Obj(b) => match self.heap.get(b) {
                        Obj::Tuple(t) => Some(t.to_vec()),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// The interned name for a str value.
    pub fn str_to_sym(&mut self, v: Value) -> crate::intern::Sym {
        // A plain str is interned straight from the heap (no copy: `getattr(o, name)` is hot),
        // and remembered by handle until the next collection (a str never changes).
        if let Kind::Obj(r) = v.kind() {
            let slot = r.0 as usize % super::STR_SYMS;
            if let Some(&(c, sym)) = self.str_syms.get(slot) {
                if c.get() == r {
                    return sym;
                }
            }
            if let Obj::Str(s) = self.heap.get(r) {
                let sym = self.interner.intern(s.as_str());
                if self.str_syms.is_empty() {
                    self.str_syms = crate::obj::filled((ObjRef(u32::MAX as u64).pack(), sym), super::STR_SYMS);
                }
                self.str_syms[slot] = (r.pack(), sym);
                return sym;
            }
        }
        let s = String::from(self.as_str(v).unwrap_or(""));
        self.interner.intern(&s)
    }

    /// `len(v)`.
    pub fn len_of(&mut self, v: Value) -> PyResult<usize> {
        if let Kind::Obj(r) = v.kind() {
            match self.heap.get(r) {
                Obj::Str(s) => return Ok(s.char_len()),
                Obj::Bytes(b) | Obj::ByteArray(b) => return Ok(b.len()),
                Obj::List(l) => return Ok(l.len()),
                Obj::Tuple(t) => return Ok(t.len()),
                Obj::Dict(d) => return Ok(d.len()),
                Obj::Set { table, .. } => return Ok(table.len()),
                &Obj::Range { start, stop, step } => return self.range_size(start, stop, step),
                Obj::DictView { dict, .. } => {
                    let d = dict.get();
                    return Ok(self.dict_table(d).map_or(0, |t| t.len()));
                }
                Obj::Instance(_) | Obj::Ext(_) => {
                    if let Some(n) = self.call_own_special(v, sym::__LEN__, &[])? {
                        return match n.kind() {
                            Kind::Int(i) if i >= 0 => Ok(i as usize),
                            b @ (Kind::False | Kind::True) => Ok((b == Kind::True) as usize),
                            _ => Err(self.type_error("object cannot be interpreted as an integer")),
                        };
                    }
                    if let Some(b) = self.native_base(v) {
                        return self.len_of(b);
                    }
                }
                _ => {}
            }
        }
        let t = self.type_name(v);
        Err(self.err_fmt(TypeId::TypeError, format_args!("object of type '{}' has no len()", t)))
    }
}

#[cfg(test)]
mod tests {
    use super::SliceIdx;
    use crate::testing::Rng;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// Random slices resolved as `slice_indices` resolves them, over random lengths.
    fn slices(mut f: impl FnMut(usize, SliceIdx)) {
        let mut rng = Rng(0x5eed);
        for _ in 0..2000 {
            let len = rng.below(12);
            let step = (rng.below(4) + 1) as i64 * if rng.below(2) == 0 { 1 } else { -1 };
            let si = match (len, step > 0) {
                (0, true) => SliceIdx { start: 0, stop: 0, step },
                (0, false) => SliceIdx { start: -1, stop: -1, step },
                (_, true) => {
                    let start = rng.below(len + 1) as i64;
                    SliceIdx { start, stop: start + rng.below(len + 1 - start as usize) as i64, step }
                }
                (_, false) => {
                    let start = rng.below(len) as i64;
                    SliceIdx { start, stop: rng.below(start as usize + 2) as i64 - 1, step }
                }
            };
            f(len, si);
        }
    }

    #[test]
    fn pick_takes_the_slices_indices() {
        slices(|len, si| {
            let items: Vec<u32> = (0..len as u32).collect();
            let want: Vec<u32> = si.indices().map(|i| items[i]).collect();
            assert_eq!(si.pick(&items), want, "{si:?}");
        });
    }

    #[test]
    fn remove_from_deletes_the_slices_indices() {
        slices(|len, si| {
            let mut got: Vec<u32> = (0..len as u32).collect();
            si.remove_from(&mut got);
            let gone: Vec<usize> = si.indices().collect();
            let want: Vec<u32> = (0..len as u32).filter(|i| !gone.contains(&(*i as usize))).collect();
            assert_eq!(got, want, "{si:?}");
        });
    }

    #[test]
    fn pick_chars_counts_code_points() {
        let alphabet = ['a', 'é', '€', '𝄞', 'z'];
        let mut rng = Rng(7);
        slices(|len, si| {
            let chars: Vec<char> = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
            let text: String = chars.iter().collect();
            let want: String = si.indices().map(|i| chars[i]).collect();
            assert_eq!(si.pick_chars(&text, len), want, "{si:?} of {text:?}");
        });
    }
}
