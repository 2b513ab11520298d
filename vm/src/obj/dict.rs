//! The table behind `dict`, `set`, class and module namespaces: MicroPython's map (`py/map.c`),
//! so a dict or set lists its keys in the order MicroPython's does.
//!
//! A hash table is `alloc` slots probed linearly from `hash % alloc`; it grows through
//! MicroPython's sizes only when every slot is taken, and a removed key leaves a deleted slot
//! unless the next slot is empty. An ordered table (MicroPython's `is_ordered`: the tables of
//! built-in modules and types, `OrderedDict`) keeps keys in insertion order and is searched
//! linearly. The table knows nothing of Python equality: callers pass the key's hash and an
//! equality test, so user `__eq__` can run between lookups (see `Vm::dict_find`).

use crate::value::Kind;
use alloc::vec::Vec;

use crate::heap::Refused;
use crate::value::Value;

#[derive(Clone, Copy)]
pub struct Entry {
    /// The key's hash; in a slot with no key, `EMPTY` or `DELETED`.
    pub hash: u64,
    /// `Value::Null` in a slot with no key.
    pub key: Value,
    pub value: Value,
}

const EMPTY: u64 = 0;
const DELETED: u64 = 1;
const HOLE: Entry = Entry { hash: EMPTY, key: Value::Null, value: Value::Null };

impl Entry {
    fn is_empty(&self) -> bool {
        self.key.is_null() && self.hash == EMPTY
    }
}

/// MicroPython's table sizes (`hash_allocation_sizes`): the next one above `alloc`.
fn next_alloc(alloc: usize) -> usize {
    const SIZES: [u16; 33] = [
        2, 4, 6, 8, 10, 12, 17, 23, 29, 37, 47, 59, 73, 97, 127, 167, 223, 293, 389, 521, 691, 919, 1223, 1627, 2161,
        3229, 4831, 7243, 10861, 16273, 24407, 36607, 54907,
    ];
    SIZES.iter().map(|&s| s as usize).find(|&s| s > alloc).unwrap_or(alloc.saturating_add(alloc / 2 + 1) | 1)
}

#[derive(Default, Clone)]
pub struct Dict {
    /// A hash table's `alloc` slots, or an ordered table's entries.
    slots: Vec<Entry>,
    /// Live keys.
    used: usize,
    /// Insertion order and linear search (MicroPython's `is_ordered`).
    ordered: bool,
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

/// The live positions on one hash's probe sequence, in probe order.
pub struct Probe<'a> {
    slots: &'a [Entry],
    pos: usize,
    /// Slots left to look at: a full hash table ends the probe where it began.
    left: usize,
}

impl Iterator for Probe<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.left > 0 {
            self.left -= 1;
            let pos = self.pos;
            let e = self.slots.get(pos)?;
            self.pos = if pos + 1 == self.slots.len() { 0 } else { pos + 1 };
            if !e.key.is_null() {
                return Some(pos);
            }
            if e.hash == EMPTY {
                return None;
            }
        }
        None
    }
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    /// A hash table of `n` slots, as MicroPython makes one for a literal of `n` keys.
    pub fn with_alloc(n: usize) -> Result<Dict, Refused> {
        let mut slots = crate::heap::try_vec(n)?;
        slots.resize(n, HOLE);
        Ok(Dict { slots, ..Dict::default() })
    }

    /// An ordered table (a built-in module's or type's namespace, an `OrderedDict`).
    pub fn ordered() -> Dict {
        Dict { ordered: true, ..Dict::default() }
    }

    pub fn is_ordered(&self) -> bool {
        self.ordered
    }

    /// Make an empty table ordered (`OrderedDict`).
    pub fn set_ordered(&mut self) {
        if self.used == 0 {
            self.slots = Vec::new();
            self.ordered = true;
        }
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

    pub fn len(&self) -> usize {
        self.used
    }

    #[inline]
    pub fn keys_version(&self) -> u64 {
        self.keys
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// No slots since the table was made empty or cleared (MicroPython's `alloc == 0`).
    pub fn never_filled(&self) -> bool {
        self.slots.is_empty()
    }

    /// The live entries a key of hash `hash` is looked for among, in probe order.
    #[inline(always)]
    pub fn probe(&self, hash: u64) -> Probe<'_> {
        let n = self.slots.len();
        let pos = if self.ordered || n == 0 { 0 } else { (hash % n as u64) as usize };
        Probe { slots: &self.slots, pos, left: n }
    }

    /// Position of the entry whose key has `hash` and satisfies `eq`.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(Value) -> bool) -> Option<usize> {
        let slots = &self.slots;
        self.probe(hash).find(|&p| slots[p].hash == hash && eq(slots[p].key))
    }

    /// Is there a live entry with this hash?
    pub fn has_hash(&self, hash: u64) -> bool {
        self.probe(hash).any(|p| self.slots[p].hash == hash)
    }

    /// Might a key's equality need Python code (see `obj_keys`)?
    #[inline]
    pub fn has_obj_keys(&self) -> bool {
        self.obj_keys
    }

    /// Positions of live entries with this hash: for keys whose equality needs Python code.
    pub fn candidates(&self, hash: u64) -> Vec<usize> {
        self.probe(hash).filter(|&p| self.slots[p].hash == hash).collect()
    }

    #[inline]
    pub fn entry(&self, pos: usize) -> Option<&Entry> {
        self.slots.get(pos).filter(|e| !e.key.is_null())
    }

    pub fn set_value(&mut self, pos: usize, value: Value) {
        if let Some(e) = self.slots.get_mut(pos) {
            e.value = value;
        }
    }

    /// Add a key known to be absent: a full hash table first grows, as MicroPython's does
    /// when a new key finds no free slot.
    pub fn push(&mut self, hash: u64, key: Value, value: Value) -> Result<(), Refused> {
        let e = Entry { hash, key, value };
        if self.ordered {
            self.slots.try_reserve(1)?;
            self.slots.push(e);
        } else {
            if self.used == self.slots.len() {
                self.rehash()?;
            }
            self.place(e);
        }
        self.used += 1;
        self.keys += 1;
        self.obj_keys |= matches!(key.kind(), Kind::Obj(_));
        Ok(())
    }

    /// Put `e` in the first deleted or empty slot of its probe (there is one).
    fn place(&mut self, e: Entry) {
        let n = self.slots.len();
        let start = (e.hash % n as u64) as usize;
        let mut pos = start;
        loop {
            let s = &mut self.slots[pos];
            if s.key.is_null() {
                *s = e;
                return;
            }
            pos = if pos + 1 == n { 0 } else { pos + 1 };
            if pos == start {
                return;
            }
        }
    }

    /// Move the keys into a table of MicroPython's next size, in slot order.
    fn rehash(&mut self) -> Result<(), Refused> {
        let n = next_alloc(self.slots.len());
        let mut slots = crate::heap::try_vec(n)?;
        slots.resize(n, HOLE);
        let old = core::mem::replace(&mut self.slots, slots);
        for e in old {
            if !e.key.is_null() {
                self.place(e);
            }
        }
        Ok(())
    }

    pub fn remove(&mut self, pos: usize) -> Option<(Value, Value)> {
        let e = *self.entry(pos)?;
        self.keys += 1;
        self.used -= 1;
        if self.ordered {
            self.slots.remove(pos);
        } else {
            // A slot before an empty one ends no probe: it can be empty again.
            let next = if pos + 1 == self.slots.len() { 0 } else { pos + 1 };
            let hash = if self.slots[next].is_empty() { EMPTY } else { DELETED };
            self.slots[pos] = Entry { hash, ..HOLE };
        }
        Some((e.key, e.value))
    }

    /// Remove and return the first entry in slot order (`set.pop`, `dict.popitem`), as
    /// MicroPython does.
    pub fn pop_first(&mut self) -> Option<(Value, Value)> {
        let pos = self.slots.iter().position(|e| !e.key.is_null())?;
        self.remove(pos)
    }

    /// Remove and return the last entry (`OrderedDict.popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let pos = self.slots.iter().rposition(|e| !e.key.is_null())?;
        self.remove(pos)
    }

    pub fn clear(&mut self) {
        self.keys += 1;
        self.slots = Vec::new();
        self.used = 0;
        self.obj_keys = false;
    }

    /// Live entries in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.slots.iter().filter(|e| !e.key.is_null())
    }

    /// The live (key, value) pairs in slot order, copied out so the caller may run Python
    /// code over them: one loop for every such copy (each `map(..).collect()` was its own).
    pub fn pairs(&self) -> Vec<(Value, Value)> {
        let mut out = Vec::with_capacity(self.len());
        for e in self.iter() {
            out.push((e.key, e.value));
        }
        out
    }

    /// The live keys in slot order, copied out as [`Dict::pairs`] copies the pairs.
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
        self.slots.iter().enumerate().skip(pos).find(|(_, e)| !e.key.is_null()).map(|(i, e)| (i, *e))
    }

    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        for e in &self.slots {
            f(e.key);
            f(e.value);
        }
    }

    pub fn size_estimate(&self) -> usize {
        core::mem::size_of::<Dict>() + self.slots.capacity() * core::mem::size_of::<Entry>()
    }

    /// Bytes adding `add` new keys may allocate: an ordered table's vector doubling, or a hash
    /// table's new slots (the old ones live while the keys move).
    pub fn growth(&self, add: usize) -> usize {
        let entry = core::mem::size_of::<Entry>();
        if self.ordered {
            return crate::heap::vec_growth(self.slots.len(), self.slots.capacity(), add, entry);
        }
        let (n, mut alloc) = (self.used.saturating_add(add), self.slots.len());
        if n <= alloc {
            return 0;
        }
        while alloc < n {
            alloc = next_alloc(alloc);
        }
        alloc.saturating_mul(entry)
    }
}
