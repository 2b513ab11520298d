//! The garbage-collected heap: a slab of objects addressed by handles, with a precise
//! mark-sweep collector in safe Rust.
//!
//! Handles are indices, so the heap never moves an object and Rust code never holds a pointer
//! into it across an allocation. The collector runs only at the interpreter's safe points, where
//! every live value is reachable from the roots the VM passes in (stacks, globals, modules, and
//! the scoped root stack native code uses while it calls back into Python).

use alloc::vec::Vec;

use crate::obj::Obj;
use crate::value::Value;

/// A handle to a heap object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef(pub u32);

/// Bytes of one slab slot (the object's inline part) plus its free-list entry; the slab
/// itself is charged by capacity, like every other vector.
const SLOT: usize = core::mem::size_of::<Option<Obj>>() + 4;

/// Allocation between collections grows with the live data but never below this, so the
/// process's memory tracks what the program keeps, not the configured limit.
const MIN_GROWTH: usize = 256 * 1024;

pub struct Heap {
    slots: Vec<Option<Obj>>,
    marks: Vec<u64>,
    free: Vec<u32>,
    /// Bytes in use: every object's capacity-based size plus the slab's own vectors. Recounted
    /// by each collection; allocations and growth (`resized`) keep it current in between.
    used: usize,
    /// The size the port gave us; an allocation that would pass it fails with MemoryError.
    limit: usize,
    /// Collect at the next safe point once `used` passes this.
    next_gc: usize,
    pub collections: usize,
    /// `gc.disable()` stops automatic collection until the heap is nearly full.
    pub enabled: bool,
    /// `gc.threshold()`: MicroPython's allocation threshold setting (-1 when unset).
    pub threshold: i64,
    /// An allocation failed: collect at the next safe point even when disabled.
    starved: bool,
}

/// Bytes a `Vec` holding `len` of `cap` may newly allocate to take `add` more items of `elem`
/// bytes (it at least doubles, as `Vec` does).
pub fn vec_growth(len: usize, cap: usize, add: usize, elem: usize) -> usize {
    if len.saturating_add(add) <= cap {
        0
    } else {
        ((cap * 2).max(len.saturating_add(add)).max(4) - cap).saturating_mul(elem)
    }
}

impl Heap {
    pub fn new(limit: usize) -> Heap {
        Heap {
            slots: Vec::new(),
            marks: Vec::new(),
            free: Vec::new(),
            used: 0,
            limit,
            next_gc: (limit / 8).max(64 * 1024).min(limit / 2 + 1).min(2 * MIN_GROWTH),
            collections: 0,
            enabled: true,
            threshold: -1,
            starved: false,
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn used(&self) -> usize {
        self.used
    }

    /// True when the next safe point should collect.
    #[inline]
    pub fn wants_gc(&self) -> bool {
        self.used >= self.next_gc && (self.enabled || self.starved || self.used >= self.limit - self.limit / 8)
    }

    /// An allocation is about to fail with MemoryError: the next safe point collects, so a
    /// program that catches it (or the REPL after it) finds the garbage gone.
    fn starve(&mut self) {
        self.starved = true;
        self.next_gc = 0;
    }

    /// Can `bytes` more be allocated without passing the limit?
    pub fn has_room(&self, bytes: usize) -> bool {
        self.used.saturating_add(bytes) <= self.limit
    }

    /// Record growth of an existing object (a list append, a dict insert). Fails when the heap is
    /// full, so the caller raises MemoryError before growing.
    #[inline]
    pub fn charge(&mut self, bytes: usize) -> bool {
        if self.has_room(bytes) {
            self.used += bytes;
            true
        } else {
            self.starve();
            false
        }
    }

    /// Can an object that may need `bytes` more be grown? Marks the heap starved when not.
    pub fn reserve(&mut self, bytes: usize) -> bool {
        self.has_room(bytes) || {
            self.starve();
            false
        }
    }

    /// Object `r` changed size from `before` bytes (both from `size_estimate`).
    pub fn resized(&mut self, r: ObjRef, before: usize) {
        let after = self.get(r).size_estimate();
        self.used = (self.used + after).saturating_sub(before);
    }

    /// Allocate, failing (for MemoryError) when the object does not fit.
    pub fn alloc(&mut self, obj: Obj) -> Option<ObjRef> {
        let size = obj.size_estimate();
        // A full slab grows by its step; near the limit by half of what still fits (at least
        // one slot), and then the next safe point collects so freed slots are reused instead.
        let step = if self.slab_full() {
            let fits = self.limit.saturating_sub(self.used + size + 8) / SLOT;
            let step = self.slab_step();
            if step > fits / 2 {
                self.next_gc = 0;
            }
            step.min((fits / 2).max(fits.min(1)))
        } else {
            usize::MAX
        };
        if step == 0 || !self.has_room(size) {
            self.starve();
            return None;
        }
        Some(self.alloc_unchecked(obj, step))
    }

    /// Allocate even past the limit: for the few objects that must exist to report an error
    /// (the MemoryError itself, interned names).
    pub fn alloc_forced(&mut self, obj: Obj) -> ObjRef {
        let step = self.slab_step();
        self.alloc_unchecked(obj, step)
    }

    fn slab_full(&self) -> bool {
        self.free.is_empty() && self.slots.len() == self.slots.capacity()
    }

    /// Slots a full slab grows by: a quarter (copying stays linear overall), not double, so a
    /// small heap is not asked for a doubled slab at once.
    fn slab_step(&self) -> usize {
        (self.slots.capacity() / 4).max(64)
    }

    /// Bytes of the slab's own vectors (slots, marks, free list).
    fn slab_bytes(&self) -> usize {
        self.slots.capacity() * core::mem::size_of::<Option<Obj>>() + self.marks.capacity() * 8 + self.free.capacity() * 4
    }

    fn alloc_unchecked(&mut self, obj: Obj, slab_step: usize) -> ObjRef {
        self.used += obj.size_estimate();
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(obj);
            ObjRef(i)
        } else {
            let before = self.slab_bytes();
            let i = self.slots.len();
            if i == self.slots.capacity() {
                self.slots.reserve_exact(slab_step);
            }
            self.slots.push(Some(obj));
            if i % 64 == 0 {
                self.marks.push(0);
            }
            // A sweep may grow the free list up to the slab's size: reserve it with the slab,
            // so collecting never allocates more than was charged.
            if self.free.capacity() < self.slots.capacity() {
                self.free.reserve_exact(self.slots.capacity() - self.free.len());
            }
            self.used += self.slab_bytes() - before;
            ObjRef(i as u32)
        }
    }

    #[inline]
    pub fn get(&self, r: ObjRef) -> &Obj {
        match self.slots.get(r.0 as usize) {
            Some(Some(o)) => o,
            _ => &Obj::Freed,
        }
    }

    #[inline]
    pub fn get_mut(&mut self, r: ObjRef) -> &mut Obj {
        match self.slots.get_mut(r.0 as usize) {
            Some(Some(o)) => o,
            _ => panic!("heap: handle to a freed object"),
        }
    }

    /// Number of live objects (after the last sweep, plus allocations since).
    pub fn object_count(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Mark everything reachable from `roots`, then free the rest.
    pub fn collect(&mut self, roots: impl Iterator<Item = Value>) {
        for m in self.marks.iter_mut() {
            *m = 0;
        }
        let mut work: Vec<ObjRef> = Vec::new();
        for v in roots {
            if let Value::Obj(r) = v {
                self.mark(r, &mut work);
            }
        }
        while let Some(r) = work.pop() {
            let slots = &self.slots;
            let marks = &mut self.marks;
            if let Some(Some(obj)) = slots.get(r.0 as usize) {
                obj.trace(&mut |v| {
                    if let Value::Obj(c) = v {
                        let (w, b) = (c.0 as usize / 64, c.0 % 64);
                        if let Some(word) = marks.get_mut(w) {
                            if *word & (1 << b) == 0 {
                                *word |= 1 << b;
                                work.push(c);
                            }
                        }
                    }
                });
            }
        }
        let mut used = 0;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            let marked = self.marks[i / 64] & (1 << (i % 64)) != 0;
            match slot {
                Some(obj) if marked => used += obj.size_estimate(),
                Some(_) => {
                    *slot = None;
                    self.free.push(i as u32);
                }
                None => {}
            }
        }
        self.trim_slab();
        let live = used;
        let used = live + self.slab_bytes();
        self.used = used;
        self.starved = false;
        // Collect again when half of the remaining room is used, never later: a MemoryError
        // then means one instruction wanted more than half of what the last collection left
        // free, not that garbage was waiting. Below that, half as much as the objects hold (at
        // least MIN_GROWTH): collection cost per allocated byte stays constant, and the peak
        // is 1.5 times the live data rather than twice it. Not the slab: it holds the garbage
        // of one cycle, so counting it would let each cycle grow it.
        let room = self.limit.saturating_sub(used) / 2;
        self.next_gc = used + room.min((live / 2).max(MIN_GROWTH));
        self.collections += 1;
    }

    /// Drop the free slots at the end of the slab, and give memory back when it is mostly
    /// empty, so a burst of objects does not keep its slots charged forever.
    fn trim_slab(&mut self) {
        let before = self.slots.len();
        while let Some(None) = self.slots.last() {
            self.slots.pop();
        }
        let len = self.slots.len();
        if len < before {
            self.free.retain(|&i| (i as usize) < len);
            self.marks.truncate(len.div_ceil(64));
        }
        if len < self.slots.capacity() / 2 {
            self.slots.shrink_to(len + len / 4);
            self.free.shrink_to(self.slots.capacity());
            self.marks.shrink_to_fit();
        }
    }

    fn mark(&mut self, r: ObjRef, work: &mut Vec<ObjRef>) {
        let (w, b) = (r.0 as usize / 64, r.0 % 64);
        if let Some(word) = self.marks.get_mut(w) {
            if *word & (1 << b) == 0 {
                *word |= 1 << b;
                work.push(r);
            }
        }
    }
}

#[cfg(test)]
mod tests;
