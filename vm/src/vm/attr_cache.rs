//! A direct-mapped cache of class attribute lookups (CPython's type attribute cache): `(class,
//! name) → what the MRO walk found`, so method calls, `self.x` and special-method checks skip
//! hashing along the MRO.
//!
//! Validity is one VM-wide epoch, bumped whenever a class namespace changes, a class is made,
//! or the collector runs. An entry of an older epoch is a miss, so the cache never answers
//! from a changed class and never holds a handle across a collection (a freed slot may be
//! reused by a new object): it needs no tracing.
//!
//! An entry also remembers whether storing the name on an instance of the class is plain (no
//! data descriptor, no `__setattr__`), so `setattr` asks one question instead of two lookups.

use alloc::vec::Vec;

use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::value::Value;

/// Entries; a power of two. 256 × 32 bytes stays small enough for a board.
const SIZE: usize = 256;

#[derive(Clone, Copy)]
struct Entry {
    /// The epoch it was made in, or'd with `PLAIN_STORE`.
    stamp: u64,
    cls: ObjRef,
    name: Sym,
    found: Option<Value>,
}

/// The stamp's low bit; epochs are even so it never changes which epoch a stamp is of.
const PLAIN_STORE: u64 = 1;

pub struct AttrCache {
    entries: Vec<Entry>,
    /// Even; starts at 2 so the zeroed entries never match.
    epoch: u64,
}

impl AttrCache {
    pub fn new() -> AttrCache {
        AttrCache { entries: Vec::new(), epoch: 2 }
    }

    #[inline]
    fn slot(cls: ObjRef, name: Sym) -> usize {
        ((cls.0 as u32).wrapping_mul(0x9E37_79B1) ^ name.0.wrapping_mul(0x85EB_CA6B)) as usize >> 4 & (SIZE - 1)
    }

    /// The current entry for the key. Two ways: a key may sit in its slot or, pushed out by a
    /// newer one, in the slot's pair.
    #[inline]
    fn find(&self, cls: ObjRef, name: Sym) -> Option<usize> {
        let s = Self::slot(cls, name);
        let hit = |e: &Entry| e.stamp & !PLAIN_STORE == self.epoch && e.cls == cls && e.name == name;
        if hit(self.entries.get(s)?) {
            return Some(s);
        }
        self.entries.get(s ^ 1).filter(|e| hit(e)).map(|_| s ^ 1)
    }

    /// `Some(found)` on a hit, where `found` is the lookup's result (None: not in the MRO).
    #[inline]
    pub fn get(&self, cls: ObjRef, name: Sym) -> Option<Option<Value>> {
        self.find(cls, name).and_then(|i| self.entries.get(i)).map(|e| e.found)
    }

    /// Whether `mark_plain_store` was said of the key this epoch.
    #[inline]
    pub fn plain_store(&self, cls: ObjRef, name: Sym) -> bool {
        self.find(cls, name).and_then(|i| self.entries.get(i)).is_some_and(|e| e.stamp & PLAIN_STORE != 0)
    }

    /// Storing `name` on an instance of `cls` goes straight to the instance until the epoch
    /// changes (a no-op when the key is not cached).
    pub fn mark_plain_store(&mut self, cls: ObjRef, name: Sym) {
        if let Some(e) = self.find(cls, name).and_then(|i| self.entries.get_mut(i)) {
            e.stamp |= PLAIN_STORE;
        }
    }

    /// Put in the key's slot; a current entry there moves to the pair slot, so two names
    /// that share a slot (the birthday paradox bites at 256) do not evict each other.
    pub fn put(&mut self, cls: ObjRef, name: Sym, found: Option<Value>) {
        if self.entries.is_empty() {
            let empty = Entry { stamp: 0, cls: ObjRef(0), name: Sym(0), found: None };
            self.entries = crate::obj::filled(empty, SIZE);
        }
        let epoch = self.epoch;
        let s = Self::slot(cls, name);
        if let Some(&old) = self.entries.get(s) {
            if old.stamp & !PLAIN_STORE == epoch && (old.cls, old.name) != (cls, name) {
                if let Some(pair) = self.entries.get_mut(s ^ 1) {
                    *pair = old;
                }
            }
        }
        if let Some(e) = self.entries.get_mut(s) {
            *e = Entry { stamp: epoch, cls, name, found };
        }
    }

    /// Changes at every invalidation, including every collection.
    #[inline]
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Forget every entry (a class changed, or the collector ran).
    #[inline]
    pub fn invalidate(&mut self) {
        self.epoch += 2;
    }
}
