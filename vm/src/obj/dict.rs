//! The hash table behind `dict`, `set`, class and module namespaces: insertion-ordered entries
//! plus an index of entry positions.
//!
//! The table knows nothing of Python equality: callers pass the key's hash and an equality test,
//! so native keys are compared without the VM and user `__eq__` can be run by the caller between
//! lookups (see `Vm::dict_find`).

use crate::value::Kind;
use alloc::vec::Vec;
use crate::hash_index::HashIndex;

use crate::heap::Refused;
use crate::value::Value;

#[derive(Clone, Copy)]
pub struct Entry {
    pub hash: u64,
    /// `Value::Null` marks a deleted entry (kept so positions of live entries stay put).
    pub key: Value,
    pub value: Value,
}

#[derive(Default, Clone)]
pub struct Dict {
    entries: Vec<Entry>,
    index: HashIndex,
    /// Some key ever pushed is a heap object (until `clear`): only then can a key need Python
    /// equality, so tables of ints and floats skip `Vm::dict_find`'s second probe on a miss.
    obj_keys: bool,
    /// A read-only table (`errno.errorcode`, as MicroPython's ROM dicts): Python code that
    /// tries to change it gets a TypeError.
    pub fixed: bool,
    /// A class namespace: writes must invalidate the VM's attribute cache.
    namespace: bool,
    /// Changes whenever a key is added or removed (not when a value is replaced): inline caches
    /// that rely on a key being absent check it.
    keys: u64,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    /// A copy that is an ordinary dict: writable, and no class's namespace.
    pub fn plain_copy(&self) -> Dict {
        Dict { namespace: false, fixed: false, ..self.clone() }
    }

    pub fn is_namespace(&self) -> bool {
        self.namespace
    }

    pub fn mark_namespace(&mut self) {
        self.namespace = true;
    }

    /// Live entries: the index holds one slot for each (no count of its own here).
    pub fn len(&self) -> usize {
        self.index.len()
    }

    #[inline]
    pub fn keys_version(&self) -> u64 {
        self.keys
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// No room since the table was made empty or cleared (MicroPython's `alloc == 0`).
    pub fn never_filled(&self) -> bool {
        self.entries.capacity() == 0
    }

    /// Position of the entry whose key has `hash` and satisfies `eq`.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(Value) -> bool) -> Option<usize> {
        let entries = &self.entries;
        self.index
            .find(hash, |&i| {
                let e = &entries[i as usize];
                e.hash == hash && eq(e.key)
            })
            .map(|i| i as usize)
    }

    /// Is there a live entry with this hash?
    pub fn has_hash(&self, hash: u64) -> bool {
        self.index.probe(hash).any(|i| self.entries.get(i as usize).is_some_and(|e| e.hash == hash && !e.key.is_null()))
    }

    /// Might a key's equality need Python code (see `obj_keys`)?
    #[inline]
    pub fn has_obj_keys(&self) -> bool {
        self.obj_keys
    }

    /// Positions of live entries with this hash: for keys whose equality needs Python code.
    pub fn candidates(&self, hash: u64) -> Vec<usize> {
        let mut out = Vec::new();
        for i in self.index.probe(hash) {
            let e = &self.entries[i as usize];
            if e.hash == hash && !e.key.is_null() {
                out.push(i as usize);
            }
        }
        out
    }

    #[inline]
    pub fn entry(&self, pos: usize) -> Option<&Entry> {
        self.entries.get(pos).filter(|e| !e.key.is_null())
    }

    pub fn set_value(&mut self, pos: usize, value: Value) {
        if let Some(e) = self.entries.get_mut(pos) {
            e.value = value;
        }
    }

    /// Append a key known to be absent.
    pub fn push(&mut self, hash: u64, key: Value, value: Value) {
        let pos = self.entries.len() as u32;
        self.keys += 1;
        self.obj_keys |= matches!(key.kind(), Kind::Obj(_));
        self.entries.push(Entry { hash, key, value });
        let entries = &self.entries;
        self.index.insert(hash, pos, &|i| entries[i as usize].hash);
    }

    /// Room for `add` more keys, asked of the allocator fallibly (growth is the caller's
    /// MemoryError, not an abort).
    pub fn try_reserve(&mut self, add: usize) -> Result<(), Refused> {
        self.entries.try_reserve(add)?;
        let entries = &self.entries;
        self.index.try_reserve(add, &|i| entries[i as usize].hash)
    }

    pub fn remove(&mut self, pos: usize) -> Option<(Value, Value)> {
        let e = *self.entries.get(pos)?;
        if e.key.is_null() {
            return None;
        }
        self.keys += 1;
        self.index.remove(e.hash, pos as u32);
        self.entries[pos].key = Value::Null;
        self.entries[pos].value = Value::Null;
        if self.entries.len() > 16 && self.index.len() * 2 < self.entries.len() && pos + 1 != self.entries.len() {
            // Compaction moves positions: only done on removal, which Python forbids during
            // iteration anyway.
            self.compact();
        } else if pos + 1 == self.entries.len() {
            self.entries.pop();
        }
        Some((e.key, e.value))
    }

    fn compact(&mut self) {
        // Live entries move down in order (a loop: `retain` was a copy of its own).
        let mut w = 0;
        for r in 0..self.entries.len() {
            let e = self.entries[r];
            if !e.key.is_null() {
                self.entries[w] = e;
                w += 1;
            }
        }
        self.entries.truncate(w);
        self.index.clear();
        let entries = &self.entries;
        for (i, e) in entries.iter().enumerate() {
            self.index.insert(e.hash, i as u32, &|j| entries[j as usize].hash);
        }
    }

    /// Remove and return the first entry (for `set.pop`, which MicroPython takes from the front).
    pub fn pop_first(&mut self) -> Option<(Value, Value)> {
        let pos = self.entries.iter().position(|e| !e.key.is_null())?;
        self.remove(pos)
    }

    /// Remove and return the last entry (for `popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let pos = self.entries.iter().rposition(|e| !e.key.is_null())?;
        self.remove(pos)
    }

    pub fn clear(&mut self) {
        self.keys += 1;
        self.entries = Vec::new();
        self.index.clear();
        self.obj_keys = false;
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(|e| !e.key.is_null())
    }

    /// The live (key, value) pairs in insertion order, copied out so the caller may run Python
    /// code over them: one loop for every such copy (each `map(..).collect()` was its own).
    pub fn pairs(&self) -> Vec<(Value, Value)> {
        let mut out = Vec::with_capacity(self.len());
        for e in self.iter() {
            out.push((e.key, e.value));
        }
        out
    }

    /// The live keys in insertion order, copied out as [`Dict::pairs`] copies the pairs.
    pub fn keys(&self) -> Vec<Value> {
        let mut out = Vec::with_capacity(self.len());
        for e in self.iter() {
            out.push(e.key);
        }
        out
    }

    /// The first live entry at or after `pos`, with its position: for iterators that must
    /// survive across calls into Python.
    pub fn next_from(&self, pos: usize) -> Option<(usize, Entry)> {
        self.entries.iter().enumerate().skip(pos).find(|(_, e)| !e.key.is_null()).map(|(i, e)| (i, *e))
    }

    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        for e in &self.entries {
            f(e.key);
            f(e.value);
        }
    }

    pub fn size_estimate(&self) -> usize {
        core::mem::size_of::<Dict>() + self.entries.capacity() * core::mem::size_of::<Entry>() + self.index.size()
    }

    /// Bytes pushing `add` new keys may allocate: the entries vector and the index, each
    /// doubling when full.
    pub fn growth(&self, add: usize) -> usize {
        let entries = crate::heap::vec_growth(self.entries.len(), self.entries.capacity(), add, core::mem::size_of::<Entry>());
        entries + self.index.growth(add)
    }
}
