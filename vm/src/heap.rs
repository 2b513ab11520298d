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

/// Bytes charged per slot on top of an object's own estimate (slot, mark bit, free list).
const SLOT_OVERHEAD: usize = 8;

/// Allocation between collections grows with the live data but never below this, so the
/// process's memory tracks what the program keeps, not the configured limit.
const MIN_GROWTH: usize = 256 * 1024;

pub struct Heap {
    slots: Vec<Option<Obj>>,
    marks: Vec<u64>,
    free: Vec<u32>,
    /// Estimated bytes in use: exact after a collection, then grown by each allocation.
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
        self.used >= self.next_gc && (self.enabled || self.used >= self.limit - self.limit / 8)
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
            false
        }
    }

    /// Allocate, failing (for MemoryError) when the object does not fit.
    pub fn alloc(&mut self, obj: Obj) -> Option<ObjRef> {
        let size = obj.size_estimate() + SLOT_OVERHEAD;
        if !self.has_room(size) {
            return None;
        }
        Some(self.alloc_unchecked(obj, size))
    }

    /// Allocate even past the limit: for the few objects that must exist to report an error
    /// (the MemoryError itself, interned names).
    pub fn alloc_forced(&mut self, obj: Obj) -> ObjRef {
        let size = obj.size_estimate() + SLOT_OVERHEAD;
        self.alloc_unchecked(obj, size)
    }

    fn alloc_unchecked(&mut self, obj: Obj, size: usize) -> ObjRef {
        self.used += size;
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(obj);
            ObjRef(i)
        } else {
            let i = self.slots.len();
            self.slots.push(Some(obj));
            if i % 64 == 0 {
                self.marks.push(0);
            }
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
                Some(obj) if marked => used += obj.size_estimate() + SLOT_OVERHEAD,
                Some(_) => {
                    *slot = None;
                    self.free.push(i as u32);
                }
                None => {}
            }
        }
        self.used = used;
        // Collect again when half of the remaining room is used: allocation between safe points
        // then fails only when one operation wants more than half of what is free. Below that,
        // as much as is live (at least MIN_GROWTH), which keeps collection cost per allocated
        // byte constant.
        let room = (self.limit.saturating_sub(used) / 2).max(16 * 1024);
        self.next_gc = used + room.min(self.limit / 4 + 64 * 1024).min(used.max(MIN_GROWTH));
        self.collections += 1;
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
