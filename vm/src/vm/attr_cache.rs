//! A direct-mapped cache of class attribute lookups (CPython's type attribute cache): `(class,
//! name) → what the MRO walk found`, so method calls, `self.x` and special-method checks skip
//! hashing along the MRO.
//!
//! Validity is one VM-wide epoch, bumped whenever a class namespace changes, a class is made,
//! or the collector runs. An entry of an older epoch is a miss, so the cache never answers
//! from a changed class and never holds a handle across a collection (a freed slot may be
//! reused by a new object): it needs no tracing.

use alloc::vec::Vec;

use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::value::Value;

/// Entries; a power of two. 256 × 32 bytes stays small enough for a board.
const SIZE: usize = 256;

#[derive(Clone, Copy)]
struct Entry {
    epoch: u64,
    cls: ObjRef,
    name: Sym,
    found: Option<Value>,
}

pub struct AttrCache {
    entries: Vec<Entry>,
    /// Starts at 1 so the zeroed entries never match.
    epoch: u64,
}

impl AttrCache {
    pub fn new() -> AttrCache {
        AttrCache { entries: Vec::new(), epoch: 1 }
    }

    #[inline]
    fn slot(cls: ObjRef, name: Sym) -> usize {
        (cls.0.wrapping_mul(0x9E37_79B1) ^ name.0.wrapping_mul(0x85EB_CA6B)) as usize >> 4 & (SIZE - 1)
    }

    /// `Some(found)` on a hit, where `found` is the lookup's result (None: not in the MRO).
    /// Two ways: a key may sit in its slot or, pushed out by a newer one, in the slot's pair.
    #[inline]
    pub fn get(&self, cls: ObjRef, name: Sym) -> Option<Option<Value>> {
        let s = Self::slot(cls, name);
        let hit = |e: &Entry| e.epoch == self.epoch && e.cls == cls && e.name == name;
        let e = self.entries.get(s)?;
        if hit(e) {
            return Some(e.found);
        }
        let e = self.entries.get(s ^ 1)?;
        hit(e).then_some(e.found)
    }

    /// Put in the key's slot; a current entry there moves to the pair slot, so two names
    /// that share a slot (the birthday paradox bites at 256) do not evict each other.
    pub fn put(&mut self, cls: ObjRef, name: Sym, found: Option<Value>) {
        if self.entries.is_empty() {
            let empty = Entry { epoch: 0, cls: ObjRef(0), name: Sym(0), found: None };
            self.entries.resize(SIZE, empty);
        }
        let epoch = self.epoch;
        let s = Self::slot(cls, name);
        if let Some(&old) = self.entries.get(s) {
            if old.epoch == epoch && (old.cls, old.name) != (cls, name) {
                if let Some(pair) = self.entries.get_mut(s ^ 1) {
                    *pair = old;
                }
            }
        }
        if let Some(e) = self.entries.get_mut(s) {
            *e = Entry { epoch, cls, name, found };
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
        self.epoch += 1;
    }
}
