//! The hash index of the interner and the compiler's scope tables (dicts and sets are
//! MicroPython's map, `obj/dict.rs`, so their order is MicroPython's).
//!
//! It maps a hash to entry numbers (`u32` positions in the owner's own ordered vector) and
//! neither hashes nor compares: callers pass the hash and test the candidates `probe` yields.
//! Open addressing with linear probing over a
//! power-of-two array of slots, tombstones for removal, growth at 3/4 load. Only the probe loop
//! is generic (a few instructions, inlined at each caller); placing, removing and growing are
//! one copy each in the wasm, where hashbrown's `RawTable` was copied for each closure type.

use crate::heap::Refused;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// How the index finds an entry's hash again when it grows: entries store it or recompute it.
pub type Rehash<'a> = &'a dyn Fn(u32) -> u64;

const EMPTY: u32 = u32::MAX;
/// A removed entry's slot: probes go on past it, insertion reuses it.
const TOMB: u32 = u32::MAX - 1;
const MIN_SLOTS: usize = 4;

#[derive(Clone, Default, Debug)]
pub struct HashIndex {
    /// Entry numbers, `EMPTY` or `TOMB`; empty or a power of two long.
    slots: Box<[u32]>,
    /// Slots not `EMPTY` (live entries and tombstones): the load that decides growth, so a
    /// probe always ends at an empty slot.
    used: usize,
    live: usize,
}

/// The slot a hash starts probing at: a Fibonacci multiply brings every bit of the hash into
/// the bits kept, so ints in strides (`i * 1024`) spread as well as consecutive ones.
#[inline(always)]
fn home(hash: u64, mask: usize) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

/// Entries `slots` slots can hold before growing (3/4 of them).
fn limit(slots: usize) -> usize {
    slots - slots / 4
}

/// The number of slots for `n` entries. It stops doubling before it would overflow: a count no
/// memory can hold gets a size the allocator refuses (MemoryError), not a hang.
fn slots_for(n: usize) -> usize {
    let mut s = MIN_SLOTS;
    while limit(s) < n && s <= usize::MAX / 8 {
        s *= 2;
    }
    s
}

/// The live entries on one hash's probe sequence, in probe order: the candidates for a key with
/// that hash (and others whose probes run through).
pub struct Probe<'a> {
    slots: &'a [u32],
    pos: usize,
}

impl Iterator for Probe<'_> {
    type Item = u32;

    #[inline(always)]
    fn next(&mut self) -> Option<u32> {
        let mask = self.slots.len().wrapping_sub(1);
        loop {
            // An empty index has no slot at `pos`; any other ends at an empty slot.
            let s = *self.slots.get(self.pos)?;
            self.pos = (self.pos + 1) & mask;
            if s < TOMB {
                return Some(s);
            }
            if s == EMPTY {
                return None;
            }
        }
    }
}

impl HashIndex {
    pub fn new() -> HashIndex {
        HashIndex::default()
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// The candidates for a key of hash `hash`: the caller tests each one.
    #[inline(always)]
    pub fn probe(&self, hash: u64) -> Probe<'_> {
        Probe { slots: &self.slots, pos: home(hash, self.slots.len().wrapping_sub(1)) }
    }

    /// The first candidate for `hash` that `eq` accepts: its own loop, not `probe().find(eq)`
    /// (26 B smaller, but bm_wordcount +0.6% in callgrind).
    #[inline(always)]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(&u32) -> bool) -> Option<u32> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut pos = home(hash, mask);
        while let Some(&s) = self.slots.get(pos) {
            if s < TOMB && eq(&s) {
                return Some(s);
            }
            if s == EMPTY {
                return None;
            }
            pos = (pos + 1) & mask;
        }
        None
    }

    /// Add `entry`, which no slot holds, under `hash`, growing when full.
    pub fn insert(&mut self, hash: u64, entry: u32, rehash: Rehash) {
        if self.used >= limit(self.slots.len()) {
            self.resize(alloc::vec![EMPTY; slots_for(self.live + 1)].into_boxed_slice(), rehash);
        }
        self.place(hash, entry);
    }

    /// Room for `add` more entries, asked of the allocator fallibly.
    pub fn try_reserve(&mut self, add: usize, rehash: Rehash) -> Result<(), Refused> {
        let need = self.live.saturating_add(add);
        if self.used.saturating_add(add) <= limit(self.slots.len()) {
            return Ok(());
        }
        let n = slots_for(need);
        let mut slots = Vec::new();
        slots.try_reserve_exact(n)?;
        slots.resize(n, EMPTY);
        self.resize(slots.into_boxed_slice(), rehash);
        Ok(())
    }

    /// Bytes adding `add` entries may allocate: a new slot array, when they do not fit.
    pub fn growth(&self, add: usize) -> usize {
        if self.used.saturating_add(add) <= limit(self.slots.len()) {
            0
        } else {
            slots_for(self.live.saturating_add(add)).saturating_mul(4)
        }
    }

    /// Bytes held.
    pub fn size(&self) -> usize {
        self.slots.len() * 4
    }

    /// Forget `entry`, found under `hash`.
    pub fn remove(&mut self, hash: u64, entry: u32) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut pos = home(hash, mask);
        while let Some(&s) = self.slots.get(pos) {
            if s == EMPTY {
                return;
            }
            if s == entry {
                // A slot before an empty one ends no other probe: it can be empty again.
                let next_empty = self.slots.get((pos + 1) & mask) == Some(&EMPTY);
                self.slots[pos] = if next_empty { EMPTY } else { TOMB };
                self.used -= next_empty as usize;
                self.live -= 1;
                return;
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Remove every entry, keeping the slots.
    pub fn clear(&mut self) {
        self.slots.fill(EMPTY);
        self.used = 0;
        self.live = 0;
    }

    /// Put `entry` in the first free slot of its probe: there is one, as growth keeps a
    /// quarter of the slots empty.
    fn place(&mut self, hash: u64, entry: u32) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut pos = home(hash, mask);
        while let Some(s) = self.slots.get_mut(pos) {
            if *s >= TOMB {
                self.used += (*s == EMPTY) as usize;
                self.live += 1;
                *s = entry;
                return;
            }
            pos = (pos + 1) & mask;
        }
    }

    /// Move the live entries into `slots` (all empty), dropping tombstones.
    fn resize(&mut self, slots: Box<[u32]>, rehash: Rehash) {
        let old = core::mem::replace(&mut self.slots, slots);
        self.used = 0;
        self.live = 0;
        for &e in old.iter() {
            if e < TOMB {
                self.place(rehash(e), e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index over `keys` (entry `i` is `keys[i]`), hashed by `h`.
    struct Table {
        keys: Vec<u64>,
        index: HashIndex,
        h: fn(u64) -> u64,
    }

    impl Table {
        fn new(h: fn(u64) -> u64) -> Table {
            Table { keys: Vec::new(), index: HashIndex::new(), h }
        }

        fn push(&mut self, k: u64) {
            let Table { keys, index, h } = self;
            keys.push(k);
            index.insert(h(k), keys.len() as u32 - 1, &|e| h(keys[e as usize]));
        }

        fn find(&self, k: u64) -> Option<u32> {
            self.index.find((self.h)(k), |&e| self.keys[e as usize] == k)
        }

        fn remove(&mut self, k: u64) -> Option<u32> {
            let e = self.find(k)?;
            self.index.remove((self.h)(k), e);
            Some(e)
        }
    }

    #[test]
    fn finds_what_was_inserted_across_growth() {
        let mut t = Table::new(|k| k);
        assert_eq!(t.find(1), None);
        for k in 0..1000 {
            t.push(k * 7);
        }
        assert_eq!(t.index.len(), 1000);
        for k in 0..1000 {
            assert_eq!(t.find(k * 7), Some(k as u32));
        }
        assert_eq!(t.find(3), None);
        assert!(limit(t.index.slots.len()) >= 1000 && t.index.slots.len() < 4000);
    }

    #[test]
    fn colliding_hashes_are_all_found() {
        let mut t = Table::new(|_| 42);
        for k in 0..50 {
            t.push(k);
        }
        for k in 0..50 {
            assert_eq!(t.find(k), Some(k as u32));
        }
        assert_eq!(t.index.probe(42).count(), 50);
        assert_eq!(t.find(50), None);
    }

    #[test]
    fn removal_keeps_the_rest_findable_and_slots_are_reused() {
        let mut t = Table::new(|k| k % 3);
        for k in 0..30 {
            t.push(k);
        }
        let slots = t.index.slots.len();
        for k in (0..30).step_by(2) {
            assert_eq!(t.remove(k), Some(k as u32));
        }
        assert_eq!(t.remove(0), None);
        assert_eq!(t.index.len(), 15);
        for k in 0..30 {
            assert_eq!(t.find(k), (k % 2 == 1).then_some(k as u32));
        }
        // Reinserting after removals fills tombstones or rebuilds in place; it never loses keys.
        for k in 30..60 {
            t.push(k);
        }
        for k in 30..60 {
            assert_eq!(t.find(k), Some(k as u32));
        }
        assert!(t.index.slots.len() <= 2 * slots);
        assert_eq!(t.index.len(), 45);
    }

    #[test]
    fn tombstones_never_fill_the_table() {
        // Insert and remove forever in a small table: growth counts tombstones, so every probe
        // still ends at an empty slot.
        let mut t = Table::new(|k| k);
        for k in 0..10_000u64 {
            t.push(k);
            assert_eq!(t.remove(k), Some(k as u32));
            assert_eq!(t.find(k), None);
        }
        assert!(t.index.slots.len() <= 8);
        assert!(t.index.is_empty());
    }

    #[test]
    fn a_failing_equality_ends_the_search_with_its_error() {
        let mut t = Table::new(|_| 7);
        for k in 0..3 {
            t.push(k);
        }
        // The dict's Python `__eq__` path: walk the candidates, stop at the first error.
        let try_find = |t: &Table, k: u64, bad: u64| -> Result<Option<u32>, u64> {
            for e in t.index.probe(7) {
                let key = t.keys[e as usize];
                if key == bad {
                    return Err(key);
                }
                if key == k {
                    return Ok(Some(e));
                }
            }
            Ok(None)
        };
        assert_eq!(try_find(&t, 2, 99), Ok(Some(2)));
        assert_eq!(try_find(&t, 2, 1), Err(1));
        assert_eq!(try_find(&t, 5, 99), Ok(None));
    }

    #[test]
    fn reserve_and_growth_agree() {
        let mut t = Table::new(|k| k);
        assert_eq!(t.index.growth(0), 0);
        assert_eq!(t.index.growth(1), 16);
        let need = t.index.growth(100);
        t.index.try_reserve(100, &|e| e as u64).unwrap();
        assert_eq!(t.index.size(), need);
        for k in 0..100 {
            t.push(k);
        }
        assert_eq!(t.index.size(), need);
        assert_eq!(t.index.growth(92), 0);
        assert_eq!(t.index.growth(93), 2 * need);
        t.index.clear();
        assert_eq!(t.index.len(), 0);
        assert_eq!(t.index.find(5, |_| true), None);
    }

    #[test]
    fn an_impossible_reservation_is_refused() {
        let mut t = HashIndex::new();
        assert!(t.growth(usize::MAX) > 1 << 40);
        assert!(t.try_reserve(usize::MAX, &|e| e as u64).is_err());
        assert!(t.try_reserve(usize::MAX / 3, &|e| e as u64).is_err());
        assert!(t.is_empty());
    }
}
