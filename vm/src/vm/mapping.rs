//! Hashing, equality and the operations on dicts, sets and lists that the interpreter needs.

use crate::value::Kind;
use alloc::vec::Vec;

use super::{PyResult, Vm};
use crate::heap::ObjRef;
use crate::intern::sym;
use crate::obj::{Dict, Obj, PyStr};
use crate::types::TypeId;
use crate::value::Value;

/// Hash of an integer value, shared by int, bool and big ints: as in MicroPython, the value
/// (modulo 2^64) narrowed to a 63-bit small int, the way integral floats hash too.
pub fn hash_int(i: i64) -> u64 {
    ((i << 1) >> 1) as u64
}

impl Vm {
    /// `hash(v)`.
    pub fn hash(&mut self, v: Value) -> PyResult<u64> {
        match v.kind() {
            Kind::Int(i) => Ok(hash_int(i)),
            b @ (Kind::False | Kind::True) => Ok((b == Kind::True) as u64),
            Kind::Float(f) => Ok(crate::vm::ops::hash_float(f.get())),
            Kind::None | Kind::Null => Ok(0x2f2f),
            Kind::Ellipsis => Ok(0x3e3e),
            Kind::NotImplemented => Ok(0x4d4d),
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Str(s) => Ok(s.hash()),
                Obj::Bytes(b) => Ok(crate::obj::str::hash_bytes(b)),
                Obj::BigInt(b) => Ok(hash_int(b.low_u64() as i64)),
                Obj::Complex(re, im) => {
                    let (re, im) = (*re, *im);
                    Ok(crate::vm::ops::hash_float(re) ^ crate::vm::ops::hash_float(im).wrapping_mul(1_000_003))
                }
                Obj::Tuple(items) => {
                    let items = items.clone();
                    self.check_stack()?;
                    let mut h: u64 = 0x345678;
                    for it in items.iter() {
                        h = (h ^ self.hash(*it)?).wrapping_mul(1_000_003);
                    }
                    Ok(h)
                }
                Obj::Set { table, frozen: true } => {
                    let mut h: u64 = 0;
                    for e in table.iter() {
                        h ^= e.hash;
                    }
                    Ok(h)
                }
                Obj::List(_) | Obj::Dict(_) | Obj::Set { .. } | Obj::ByteArray(_) => Err(self.unhashable(v)),
                // Keys and items views are set-like, so unhashable; a values view hashes by identity.
                Obj::DictView { part, .. } if *part != crate::obj::iter::DictPart::Values => Err(self.unhashable(v)),
                // Equal bound methods (same function, same object) hash alike.
                Obj::BoundMethod { func, receiver } => {
                    let id = |x: Value| match x.kind() {
                        Kind::Obj(o) => o.0 as u64,
                        Kind::Int(i) => i as u64,
                        _ => 0,
                    };
                    Ok(id(*func).wrapping_mul(31) ^ id(*receiver))
                }
                Obj::Instance(i) => {
                    let cls = i.class.get();
                    let base = i.base();
                    match self.class_lookup(cls, sym::__HASH__) {
                        Some(h) if !self.is_native(h) => {
                            if h.is_none() {
                                return Err(self.unhashable(v));
                            }
                            let r = self.call_value(h, &[v])?;
                            // Any i64 int, as a heap big int past the small ints (`hash()` gives those).
                            match (r.kind(), self.int_as_i64(r)) {
                                (_, Some(i)) => Ok(hash_int(i)),
                                (b @ (Kind::False | Kind::True), _) => Ok((b == Kind::True) as u64),
                                _ => Err(self.type_error("__hash__ must return an int")),
                            }
                        }
                        _ => {
                            if let Some(eq) = self.class_lookup(cls, sym::__EQ__) {
                                if !self.is_native(eq) {
                                    return Err(self.unhashable(v));
                                }
                            }
                            if !base.is_null() {
                                return self.hash(base);
                            }
                            Ok(r.0 as u64 * 8 + 1)
                        }
                    }
                }
                _ => Ok(r.0 as u64 * 8 + 1),
            },
        }
    }

    fn unhashable(&mut self, v: Value) -> super::Exc {
        let t = self.type_name(v);
        self.err_fmt(TypeId::TypeError, format_args!("unsupported type for __hash__: '{}'", t))
    }

    pub(crate) fn is_native(&self, v: Value) -> bool {
        matches!(v.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Builtin(_)))
    }

    /// Equality that needs no Python code; None when `__eq__` must run.
    pub fn native_eq(&self, a: Value, b: Value) -> Option<bool> {
        if a.is(b) {
            match a.kind() {
                Kind::Float(f) => return Some(!f.get().is_nan()),
                Kind::Obj(r) => {
                    if let Obj::Complex(re, im) = self.heap.get(r) {
                        return Some(!re.is_nan() && !im.is_nan());
                    }
                }
                _ => {}
            }
            return Some(true);
        }
        match (a.kind(), b.kind()) {
            (Kind::Int(x), Kind::Int(y)) => Some(x == y),
            (Kind::Float(x), Kind::Float(y)) => Some(x.get() == y.get()),
            // An int equals a float when it does as a float, as in MicroPython.
            (Kind::Int(x), Kind::Float(y)) | (Kind::Float(y), Kind::Int(x)) => Some(x as f64 == y.get()),
            (Kind::False | Kind::True, _) => self.native_eq(Value::Int(a.is_true() as i64), b),
            (_, Kind::False | Kind::True) => self.native_eq(a, Value::Int(b.is_true() as i64)),
            (Kind::Obj(ra), Kind::Obj(rb)) => match (self.heap.get(ra), self.heap.get(rb)) {
                (Obj::Str(x), Obj::Str(y)) => Some(x.as_str() == y.as_str()),
                (Obj::Bytes(x) | Obj::ByteArray(x), Obj::Bytes(y) | Obj::ByteArray(y)) => Some(x == y),
                (Obj::BigInt(x), Obj::BigInt(y)) => Some(x == y),
                (Obj::Complex(a1, b1), Obj::Complex(a2, b2)) => Some(a1 == a2 && b1 == b2),
                (Obj::Tuple(x), Obj::Tuple(y)) => self.native_eq_seq(x, y),
                (Obj::List(x), Obj::List(y)) => self.native_eq_seq(x, y),
                (Obj::Range { start: s1, stop: e1, step: t1 }, Obj::Range { start: s2, stop: e2, step: t2 }) => {
                    let l1 = crate::vm::ops::range_len(*s1, *e1, *t1);
                    let l2 = crate::vm::ops::range_len(*s2, *e2, *t2);
                    Some(l1 == l2 && (l1 == 0 || (s1 == s2 && (l1 == 1 || t1 == t2))))
                }
                (Obj::BoundMethod { func: f1, receiver: r1 }, Obj::BoundMethod { func: f2, receiver: r2 }) => Some(f1.is(*f2) && r1.is(*r2)),
                (Obj::Instance(_), _) | (_, Obj::Instance(_)) => None,
                (Obj::Dict(_), Obj::Dict(_)) | (Obj::Set { .. }, Obj::Set { .. }) => None,
                (Obj::Ext(_), _) | (_, Obj::Ext(_)) => None,
                _ => Some(false),
            },
            (Kind::Obj(r), Kind::Int(i)) | (Kind::Int(i), Kind::Obj(r)) => match self.heap.get(r) {
                Obj::BigInt(b) => Some(**b == crate::bigint::BigInt::from(i)),
                Obj::Complex(re, im) => Some(*im == 0.0 && *re == i as f64),
                Obj::Instance(_) | Obj::Ext(_) => None,
                _ => Some(false),
            },
            (Kind::Obj(r), Kind::Float(f)) | (Kind::Float(f), Kind::Obj(r)) => match self.heap.get(r) {
                Obj::BigInt(b) => Some(crate::vm::ops::bigint_to_f64(b) == f.get()),
                Obj::Complex(re, im) => Some(*im == 0.0 && *re == f.get()),
                Obj::Instance(_) | Obj::Ext(_) => None,
                _ => Some(false),
            },
            (Kind::Obj(r), _) | (_, Kind::Obj(r)) => match self.heap.get(r) {
                Obj::Instance(_) | Obj::Ext(_) => None,
                _ => Some(false),
            },
            _ => Some(false),
        }
    }

    /// `native_eq`, with nesting past the stack budget raised as a `RuntimeError`.
    pub(super) fn native_eq_or_deep(&mut self, a: Value, b: Value) -> PyResult<Option<bool>> {
        self.eq_too_deep.set(false);
        let r = self.native_eq(a, b);
        if self.eq_too_deep.get() {
            return Err(self.recursion_error());
        }
        Ok(r)
    }

    fn native_eq_seq(&self, x: &[Value], y: &[Value]) -> Option<bool> {
        if x.len() != y.len() {
            return Some(false);
        }
        if self.stack_guard.exceeded() {
            self.eq_too_deep.set(true);
            return None;
        }
        for (a, b) in x.iter().zip(y.iter()) {
            match self.native_eq(*a, *b) {
                Some(true) => {}
                other => return other,
            }
        }
        Some(true)
    }

    /// `a == b`, running `__eq__` when needed.
    pub fn eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if let Some(r) = self.native_eq_or_deep(a, b)? {
            return Ok(r);
        }
        let v = self.compare_op(crate::bytecode::Cmp::Eq, a, b)?;
        self.truthy(v)
    }

    /// Position of `key` in dict `d`. A table that never held an entry is not searched, so the
    /// key is not hashed: `{}.get([])` is None, as in MicroPython (its lookups return early on
    /// an unallocated table; one that held entries hashes, as there).
    pub fn dict_find(&mut self, d: ObjRef, key: Value) -> PyResult<Option<usize>> {
        if self.dict_table(d).is_none_or(|t| t.never_filled()) {
            return Ok(None);
        }
        let h = self.hash(key)?;
        self.dict_find_hashed(d, key, h)
    }

    /// `dict_find` given the key's hash `h`, for callers that insert next with the same hash.
    fn dict_find_hashed(&mut self, d: ObjRef, key: Value, h: u64) -> PyResult<Option<usize>> {
        let simple = !matches!(key.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_) | Obj::Ext(_)));
        let table = match self.heap.get(d) {
            Obj::Dict(t) => &**t,
            Obj::Set { table, .. } => &**table,
            _ => return Ok(None),
        };
        if simple {
            let found = table.find(h, |k| self.native_eq(k, key).unwrap_or(false));
            if found.is_some() || !table.has_obj_keys() {
                return Ok(found);
            }
            // A simple key can still equal an instance key with its own __eq__.
            let cands = table.candidates(h);
            for pos in cands {
                let k = match self.dict_table(d).and_then(|t| t.entry(pos)) {
                    Some(e) => e.key,
                    None => continue,
                };
                if self.native_eq(k, key).is_none() && self.eq(k, key)? {
                    return Ok(Some(pos));
                }
            }
            return Ok(None);
        }
        let cands = table.candidates(h);
        for pos in cands {
            let k = match self.dict_table(d).and_then(|t| t.entry(pos)) {
                Some(e) => e.key,
                None => continue,
            };
            if self.eq(k, key)? {
                return Ok(Some(pos));
            }
        }
        Ok(None)
    }

    pub(crate) fn dict_table(&self, d: ObjRef) -> Option<&Dict> {
        match self.heap.get(d) {
            Obj::Dict(t) => Some(t),
            Obj::Set { table, .. } => Some(table),
            _ => None,
        }
    }

    /// The table of `d` for writing: every change to a dict or set goes through here, so a
    /// write to a class namespace invalidates cached lookups.
    pub(crate) fn dict_table_mut(&mut self, d: ObjRef) -> Option<&mut Dict> {
        let t = match self.heap.get_mut(d) {
            Obj::Dict(t) => t,
            Obj::Set { table, .. } => table,
            _ => return None,
        };
        if t.is_namespace() {
            self.attr_cache.invalidate();
        }
        Some(t)
    }

    /// A str key's lookup is inline; any other key's is out of line.
    #[inline(always)]
    pub fn dict_get(&mut self, d: ObjRef, key: Value) -> PyResult<Option<Value>> {
        match self.str_key_get(d, key) {
            Some(found) => Ok(found),
            None => self.dict_get_other(d, key),
        }
    }

    #[inline(never)]
    fn dict_get_other(&mut self, d: ObjRef, key: Value) -> PyResult<Option<Value>> {
        if self.as_str(key).is_some() {
            return Ok(None);
        }
        let pos = self.dict_find(d, key)?;
        Ok(pos.and_then(|p| self.dict_table(d).and_then(|t| t.entry(p)).map(|e| e.value)))
    }

    /// Lookup of a str key: no Python code can run, so no error and no VM re-entry.
    #[inline]
    pub fn dict_get_str(&self, d: ObjRef, key: Value) -> Option<Value> {
        self.str_key_get(d, key).flatten()
    }

    /// `dict_get_str`, telling a str key's absence (Some(None)) from a key that is no str or
    /// a `d` with no table (None).
    #[inline]
    fn str_key_get(&self, d: ObjRef, key: Value) -> Option<Option<Value>> {
        let (table, ks) = self.str_key_parts(d, key)?;
        let hint = ks.pos_hint();
        if let Some(e) = table.entry(hint).filter(|e| e.key == key) {
            return Some(Some(e.value));
        }
        Some(self.str_key_probe(table, ks, key).1.and_then(|p| table.entry(p)).map(|e| e.value))
    }

    /// For a str `key` and a dict or set `d`: the key's hash and its position in `d` (None when
    /// absent). None when `key` is not a str or `d` has no table.
    #[inline]
    pub(super) fn str_key_find(&self, d: ObjRef, key: Value) -> Option<(u64, Option<usize>)> {
        let (table, ks) = self.str_key_parts(d, key)?;
        // The same str object at the hinted position is the key itself (a str key is in a dict
        // once), so a right guess needs no hashing and no probing.
        let hint = ks.pos_hint();
        if table.entry(hint).is_some_and(|e| e.key == key) {
            return Some((ks.hash(), Some(hint)));
        }
        Some(self.str_key_probe(table, ks, key))
    }

    /// The table of dict or set `d` and the str that `key` is, for a lookup by str.
    #[inline]
    fn str_key_parts(&self, d: ObjRef, key: Value) -> Option<(&Dict, &PyStr)> {
        let Kind::Obj(kr) = key.kind() else { return None };
        let Obj::Str(ks) = self.heap.get(kr) else { return None };
        Some((self.dict_table(d)?, ks))
    }

    /// `str_key_find` when the key is not the object at its hinted position: an equal str there
    /// (a word met again as another object, as `split` makes them) needs a compare but no
    /// probe; else the table is probed, and the position found becomes the hint.
    fn str_key_probe(&self, table: &Dict, ks: &PyStr, key: Value) -> (u64, Option<usize>) {
        let hint = ks.pos_hint();
        let at_hint = table.entry(hint);
        let h = ks.hash();
        let same = |k: Value| {
            k == key
                || match k.kind() {
                    Kind::Obj(r) => match self.heap.get(r) {
                        Obj::Str(s) => s.as_str() == ks.as_str(),
                        _ => false,
                    },
                    _ => false,
                }
        };
        if at_hint.is_some_and(|e| e.hash == h && same(e.key)) {
            return (h, Some(hint));
        }
        let pos = table.find(h, same);
        if let Some(p) = pos {
            ks.set_pos_hint(p);
        }
        (h, pos)
    }

    pub fn dict_set(&mut self, d: ObjRef, key: Value, value: Value) -> PyResult<()> {
        // A str key (attribute and global stores) is placed without `hash` or equality that
        // could call Python, unless an entry of the same hash might be an instance whose
        // `__eq__` must decide.
        let (pos, h) = match self.str_key_find(d, key) {
            Some((h, Some(pos))) => (Some(pos), h),
            Some((h, None)) if self.dict_table(d).is_some_and(|t| !t.has_hash(h)) => return self.dict_push(d, h, key, value),
            _ => {
                let h = self.hash(key)?;
                (self.dict_find_hashed(d, key, h)?, h)
            }
        };
        match pos {
            Some(pos) => {
                if let Some(t) = self.dict_table_mut(d) {
                    t.set_value(pos, value);
                }
            }
            None => self.dict_push(d, h, key, value)?,
        }
        Ok(())
    }

    /// `dict_set` for a str key that cannot fail: growth is charged even past the heap limit,
    /// as `Heap::alloc_forced` does, for namespaces that must be complete (a built-in type's
    /// methods, made at its first use whatever room is left).
    pub(crate) fn dict_set_forced(&mut self, d: ObjRef, key: Value, value: Value) {
        let Some((h, pos)) = self.str_key_find(d, key) else { return };
        let before = self.heap.get(d).size_estimate();
        if let Some(t) = self.dict_table_mut(d) {
            match pos {
                Some(p) => t.set_value(p, value),
                // Refused only when the allocator itself is out of memory: the name is left out.
                None => drop(t.push(h, key, value)),
            }
        }
        self.heap.resized(d, before);
    }

    /// Append a key known to be absent, charging the heap for the table's growth.
    fn dict_push(&mut self, d: ObjRef, h: u64, key: Value, value: Value) -> PyResult<()> {
        let Some(need) = self.dict_table(d).map(|t| t.growth(1)) else { return Err(self.type_error("not a dict")) };
        self.dict_table_mut(d);
        self.grow(d, need, &mut |o| {
            match o {
                Obj::Dict(t) | Obj::Set { table: t, .. } => t.push(h, key, value),
                _ => Ok(()),
            }
        })
    }

    pub fn dict_remove(&mut self, d: ObjRef, key: Value) -> PyResult<Option<Value>> {
        match self.dict_find(d, key)? {
            Some(pos) => Ok(self.dict_table_mut(d).and_then(|t| t.remove(pos)).map(|(_, v)| v)),
            None => Ok(None),
        }
    }

    pub fn new_set(&mut self, frozen: bool) -> PyResult<Value> {
        self.new_set_alloc(frozen, 0)
    }

    /// A set with MicroPython's `alloc` slots: `n` for a literal of `n` items.
    pub fn new_set_alloc(&mut self, frozen: bool, n: usize) -> PyResult<Value> {
        let table = Dict::with_alloc(n).map_err(|_| self.refused())?;
        self.alloc(Obj::Set { table: alloc::boxed::Box::new(table), frozen })
    }

    pub fn set_add(&mut self, s: Value, item: Value) -> PyResult<()> {
        let Kind::Obj(r) = s.kind() else { return Err(self.type_error("not a set")) };
        let h = self.hash(item)?;
        if self.dict_find_hashed(r, item, h)?.is_none() {
            self.dict_push(r, h, item, Value::None)?;
        }
        Ok(())
    }

    pub fn set_update(&mut self, s: Value, it: Value) -> PyResult<()> {
        let items = self.collect_iter(it)?;
        for i in items {
            self.set_add(s, i)?;
        }
        Ok(())
    }

    pub fn list_append(&mut self, l: Value, v: Value) -> PyResult<()> {
        // A list with spare capacity (most appends): one lookup, no growth to account for.
        if let Kind::Obj(r) = l.kind() {
            if let Some(Obj::List(items)) = self.heap.get_mut_live(r) {
                if items.len() < items.capacity() {
                    items.push(v);
                    return Ok(());
                }
            }
        }
        self.list_append_grow(l, v)
    }

    /// `list_append` into a full list or a subclass instance's; out of line, so the common
    /// append saves few registers.
    #[inline(never)]
    fn list_append_grow(&mut self, l: Value, v: Value) -> PyResult<()> {
        let r = self.list_ref(l)?;
        self.list_grow(r, 1, |items| items.push(v))
    }

    /// Change list `r` with `f`, which adds at most `add` items, charging the heap for the
    /// capacity it gains.
    pub fn list_grow(&mut self, r: ObjRef, add: usize, f: impl FnOnce(&mut Vec<Value>)) -> PyResult<()> {
        // Into spare capacity (most appends): nothing to reserve or account for, one lookup.
        if let Obj::List(items) = self.heap.get_mut(r) {
            if items.capacity() - items.len() >= add {
                f(items);
                return Ok(());
            }
        }
        self.list_reserve(r, add)?;
        if let Obj::List(items) = self.heap.get_mut(r) {
            f(items);
        }
        Ok(())
    }

    /// Room in list `r` for `add` more items, charged to the heap: `list_grow`'s slow path,
    /// one copy for all its callers.
    fn list_reserve(&mut self, r: ObjRef, add: usize) -> PyResult<()> {
        let need = match self.heap.get(r) {
            Obj::List(items) => crate::heap::vec_growth(items.len(), items.capacity(), add, core::mem::size_of::<Value>()),
            _ => 0,
        };
        self.grow(r, need, &mut |o| {
            if let Obj::List(items) = o {
                items.try_reserve(add)?;
            }
            Ok(())
        })
    }

    /// The list a value is, looking through subclass instances. The plain list is inline in
    /// the list methods; the rest is out of line.
    #[inline]
    pub fn list_ref(&mut self, l: Value) -> PyResult<ObjRef> {
        match l.kind() {
            Kind::Obj(r) if matches!(self.heap.get(r), Obj::List(_)) => Ok(r),
            _ => self.derived_ref(l, |o| matches!(o, Obj::List(_)), "list"),
        }
    }

    /// `list_ref`'s and `dict_ref`'s out-of-line half: the built-in object (`is` tells its
    /// kind) a subclass instance wraps, or the error naming `what` it is not.
    #[inline(never)]
    fn derived_ref(&mut self, v: Value, is: fn(&Obj) -> bool, what: &str) -> PyResult<ObjRef> {
        if let Some(Kind::Obj(b)) = self.native_base(v).map(Value::kind) {
            if is(self.heap.get(b)) {
                return Ok(b);
            }
        }
        let t = self.type_name(v);
        Err(self.err_fmt(TypeId::TypeError, format_args!("argument should be a '{}' not a '{}'", what, t)))
    }

    pub fn list_extend(&mut self, l: Value, it: Value) -> PyResult<()> {
        let r = self.list_ref(l)?;
        let items = self.collect_iter(it)?;
        self.list_grow(r, items.len(), |dst| dst.extend_from_slice(&items))
    }

    /// `dict.update(mapping)` for a dict or anything with `keys()`. With `unique` (the
    /// keywords of a call) a key already given is an error, as `f(**a, **b)` must not pass
    /// one argument twice.
    pub fn dict_update(&mut self, target: Value, m: Value, unique: bool) -> PyResult<()> {
        let t = self.dict_ref(target)?;
        // A call's `**x` reads a non-dict through `x.keys`, as MicroPython: AttributeError
        // when it has none.
        if unique && self.dict_ref(m).is_err() {
            self.getattr(m, sym::KEYS)?;
        }
        let pairs = self.mapping_items(m)?;
        for &(k, v) in &pairs {
            if unique && self.dict_get(t, k)?.is_some() {
                let name = self.as_str(k).map(alloc::string::String::from).unwrap_or_default();
                return Err(self.err_fmt(TypeId::TypeError, format_args!("function got multiple values for argument '{}'", name)));
            }
            self.dict_set(t, k, v)?;
        }
        Ok(())
    }

    /// The dict a value is, looking through subclass instances.
    #[inline]
    pub fn dict_ref(&mut self, d: Value) -> PyResult<ObjRef> {
        match d.kind() {
            Kind::Obj(r) if matches!(self.heap.get(r), Obj::Dict(_)) => Ok(r),
            _ => self.derived_ref(d, |o| matches!(o, Obj::Dict(_)), "dict"),
        }
    }

    /// The (key, value) pairs of a dict, or of any object with `keys()` and `__getitem__`.
    pub fn mapping_items(&mut self, m: Value) -> PyResult<Vec<(Value, Value)>> {
        if let Ok(d) = self.dict_ref(m) {
            if let Some(t) = self.dict_table(d) {
                return Ok(t.pairs());
            }
        }
        if self.try_getattr(m, sym::KEYS)?.is_none() {
            let t = self.type_name(m);
            return Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't a mapping", t)));
        }
        let keys = self.call_method(m, sym::KEYS, &[])?;
        let keys = self.collect_iter(keys)?;
        let mark = self.roots.len();
        self.roots.extend_from_slice(&keys);
        let mut out = Vec::with_capacity(keys.len());
        let mut result = Ok(());
        for k in keys {
            match self.getitem(m, k) {
                Ok(v) => {
                    self.roots.push(v);
                    out.push((k, v));
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.roots.truncate(mark);
        result.map(|_| out)
    }

    pub fn is_exception_class(&self, cls: ObjRef) -> bool {
        self.is_subclass(cls, self.ty(TypeId::BaseException))
    }
}
