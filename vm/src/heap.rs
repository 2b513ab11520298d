//! The garbage-collected heap: a slab of objects addressed by handles, with a precise
//! mark-sweep collector in safe Rust.
//!
//! Handles are indices, so the heap never moves an object and Rust code never holds a pointer
//! into it across an allocation. The collector runs only at the interpreter's safe points, where
//! every live value is reachable from the roots the VM passes in (stacks, globals, modules, and
//! the scoped root stack native code uses while it calls back into Python).

use crate::value::Kind;
use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use crate::obj::Obj;
use crate::value::Value;

/// A handle to a heap object: a slot index (below 2³²), held in 64 bits so that it is a
/// payload of `Value` like an int's (see `Value`). Where objects and frames store handles
/// outside a `Value`, they store a [`PackedRef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef(pub u64);

impl ObjRef {
    #[inline(always)]
    pub fn pack(self) -> PackedRef {
        PackedRef(self.0 as u32)
    }
}

/// An [`ObjRef`] in 32 bits, for handles held in objects and frames: an instance's class, a
/// frame's code and globals, a class's MRO (8 bytes less per heap slot and per frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedRef(u32);

impl PackedRef {
    #[inline(always)]
    pub fn get(self) -> ObjRef {
        ObjRef(self.0 as u64)
    }

    /// The objects as values (a class's `__bases__`, `__mro__`): one loop for every caller.
    pub fn values(refs: &[PackedRef]) -> Vec<Value> {
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            out.push(Value::Obj(r.get()));
        }
        out
    }
}

/// The allocator refused a fallible request (`try_reserve`): the caller's MemoryError.
#[derive(Debug)]
pub struct Refused;

impl From<alloc::collections::TryReserveError> for Refused {
    fn from(_: alloc::collections::TryReserveError) -> Refused {
        Refused
    }
}

/// Blocks this small are allocated infallibly (the board's reserve covers them): asking the
/// allocator fallibly costs a call into its slow path, which list copies and concatenations of
/// a few items paid on every operation.
pub const SMALL_BLOCK: usize = 256;

/// Does the allocator have one free block of `bytes`? (Given back at once.)
fn one_block(bytes: usize) -> bool {
    try_vec::<u8>(bytes).map(|probe| drop(core::hint::black_box(probe))).is_ok()
}

/// `s` without spare capacity, so that boxing it (a str object) moves nothing: a board's
/// allocator cannot shrink in place, and would take a second block of that length infallibly.
pub fn fit(s: &mut String) -> Result<(), Refused> {
    if s.len() == s.capacity() || s.len() <= SMALL_BLOCK {
        return Ok(());
    }
    let mut exact = String::new();
    exact.try_reserve_exact(s.len())?;
    exact.push_str(s);
    *s = exact;
    Ok(())
}

/// An empty vector with room for `n` items, asked of the allocator fallibly when it is big.
pub fn try_vec<T>(n: usize) -> Result<Vec<T>, Refused> {
    if n.saturating_mul(core::mem::size_of::<T>()) <= SMALL_BLOCK {
        return Ok(Vec::with_capacity(n));
    }
    let mut v = Vec::new();
    v.try_reserve_exact(n)?;
    Ok(v)
}

/// Bytes of one slab slot (the object's inline part) plus its free-list entry; the slab
/// itself is charged by capacity, like every other vector.
const SLOT: usize = core::mem::size_of::<Option<Obj>>() + 4;

/// Slots a full slab keeps for forced allocations (an exception's instance and arguments).
const SPARE_SLOTS: usize = 8;

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
    /// What the objects may hold: an allocation that would pass it fails with MemoryError. The
    /// configured `size`, or with a `meter` that size less what the allocator holds besides the
    /// objects (see `calibrate`).
    limit: usize,
    size: usize,
    /// The port's allocator, when it can tell: bytes it has handed out (`Host::allocator_in_use`).
    meter: Option<fn() -> usize>,
    /// With a meter, the count is trusted up to here; past it each allocation asks the meter.
    /// Never above `limit` (without a meter it is the limit), so `alloc`'s fast path compares
    /// with it alone.
    verify_above: usize,
    /// Collect at the next safe point once `used` passes this.
    next_gc: usize,
    pub collections: usize,
    /// `gc.disable()` stops automatic collection until the heap is nearly full.
    pub enabled: bool,
    /// `gc.threshold()`: MicroPython's allocation threshold setting (-1 when unset).
    pub threshold: i64,
    /// An allocation failed: collect at the next safe point even when disabled.
    starved: bool,
    /// Raised by the port's allocator when it served a block from its emergency reserve
    /// (`Host::reserve_flag`; see `tapped`).
    reserve_flag: Option<&'static AtomicBool>,
}

/// Bytes a `Vec` holding `len` of `cap` needs free to take `add` more items of `elem` bytes: its
/// whole new buffer (it at least doubles, as `Vec` does), since the old one lives while it is
/// copied. The heap is charged only the capacity gained, after the growth.
pub fn vec_growth(len: usize, cap: usize, add: usize, elem: usize) -> usize {
    if len.saturating_add(add) <= cap {
        0
    } else {
        (cap * 2).max(len.saturating_add(add)).max(4).saturating_mul(elem)
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
            size: limit,
            meter: None,
            verify_above: limit,
            next_gc: (limit / 8).max(64 * 1024).min(limit / 2 + 1).min(2 * MIN_GROWTH),
            collections: 0,
            enabled: true,
            threshold: -1,
            starved: false,
            reserve_flag: None,
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Does the port's allocator tell its real use (a board)?
    pub fn metered(&self) -> bool {
        self.meter.is_some()
    }

    /// The configured size (what a soft reset starts again with).
    pub fn size(&self) -> usize {
        self.size
    }

    /// Count the allocator's real use from now on: `meter` returns the bytes it has handed out.
    pub fn set_meter(&mut self, meter: fn() -> usize) {
        self.meter = Some(meter);
        self.calibrate();
    }

    /// Watch the port allocator's emergency-reserve flag from now on.
    pub fn set_reserve_flag(&mut self, flag: &'static AtomicBool) {
        self.reserve_flag = Some(flag);
    }

    /// Is the reserve flag up? (Read only: the allocation's slow path decides.)
    #[inline]
    fn flag_up(&self) -> bool {
        matches!(self.reserve_flag, Some(f) if f.load(Relaxed))
    }

    /// Has the port's allocator served a block from its emergency reserve since the heap last
    /// looked? Then the heap is full in truth, whatever the count says: it starves and the
    /// caller raises MemoryError, as at the limit. Looking lowers the flag, and so does each
    /// collection. While starved (a MemoryError raised, its collection not yet run) a raised
    /// flag is only lowered: what the raise and its handler take from the reserve before that
    /// collection is not a second error.
    pub fn tapped(&mut self) -> bool {
        if !self.flag_up() {
            return false;
        }
        if let Some(f) = self.reserve_flag {
            f.store(false, Relaxed);
        }
        if self.starved {
            return false;
        }
        self.starve();
        true
    }

    /// With a meter, the limit becomes the configured size less what the allocator holds beyond
    /// the VM's count: the VM's stacks and names, the port's buffers, what objects take beyond
    /// their estimate (block headers, rounding). So `gc.mem_free()`, the collector's trigger
    /// and MemoryError follow real bytes. Done at each collection and, in the last quarter of
    /// the limit, before each allocation; the count is trusted below that.
    pub fn calibrate(&mut self) {
        self.calibrate_built(0)
    }

    /// `calibrate`, with `built` bytes taken from the allocator but not yet charged (an object
    /// made before it is allocated on the heap: not counted twice).
    fn calibrate_built(&mut self, built: usize) {
        if let Some(meter) = self.meter {
            let besides = meter().saturating_sub(self.used + built);
            self.limit = self.size.saturating_sub(besides);
            self.verify_above = self.limit - self.limit / 4;
        }
    }

    /// `gc.mem_free()`: bytes left below the limit, in real bytes on a metered port.
    pub fn free(&mut self) -> usize {
        self.calibrate();
        self.limit.saturating_sub(self.used)
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
    pub fn starve(&mut self) {
        self.starved = true;
        self.next_gc = 0;
    }

    /// Can `bytes` more be allocated without passing the limit?
    pub fn has_room(&mut self, bytes: usize) -> bool {
        self.fits(bytes, 0)
    }

    /// `has_room`, `built` of the bytes already taken from the allocator.
    fn fits(&mut self, bytes: usize, built: usize) -> bool {
        let after = self.used.saturating_add(bytes);
        if after > self.verify_above {
            self.calibrate_built(built);
        }
        after <= self.limit
    }

    /// A small request past the limit, made while the count is within it: granted, and the next
    /// safe point collects. The collector cannot run inside an instruction, and what became
    /// garbage since the last collection without an allocation (a name rebound, a list
    /// dropped) is found only by a collection: refused, the request would be MemoryError with
    /// the memory there whenever that collection had left less room than it wants (MicroPython
    /// collects when a block does not fit, then tries again). The count then passes the limit by
    /// at most one small block, which the board's reserve covers, until that collection; a
    /// second request past the limit before it is refused.
    fn overdraw(&mut self, bytes: usize) -> bool {
        let granted = bytes <= SMALL_BLOCK && self.used <= self.limit;
        if granted {
            self.next_gc = 0;
        }
        granted
    }

    /// Record growth of an existing object (a list append, a dict insert). Fails when the heap is
    /// full, so the caller raises MemoryError before growing.
    #[inline]
    pub fn charge(&mut self, bytes: usize) -> bool {
        if self.has_room(bytes) || self.overdraw(bytes) {
            self.used += bytes;
            true
        } else {
            self.starve();
            false
        }
    }

    /// Can `bytes` more be taken (an object grown, a result built)? Marks the heap starved when
    /// not. On a metered (board) heap a big request must also exist in one piece, since a
    /// fragmented heap can have the room only in total and what follows may take it
    /// infallibly: the allocator is asked for a block that size and takes it back, so the
    /// blocks that follow, none bigger, are served.
    pub fn reserve(&mut self, bytes: usize) -> bool {
        if self.tapped() {
            return false;
        }
        let ok = (self.has_room(bytes) || self.overdraw(bytes)) && (self.meter.is_none() || bytes <= SMALL_BLOCK || one_block(bytes));
        if !ok {
            self.starve();
        }
        ok
    }

    /// Object `r` changed size from `before` bytes (both from `size_estimate`).
    pub fn resized(&mut self, r: ObjRef, before: usize) {
        let after = self.get(r).size_estimate();
        self.used = (self.used + after).saturating_sub(before);
    }

    /// Allocate, failing (for MemoryError) when the object does not fit.
    #[inline]
    pub fn alloc(&mut self, obj: Obj) -> Option<ObjRef> {
        let size = obj.size_estimate();
        let after = self.used + size;
        // Most allocations reuse a freed slot well below the limit: nothing else to decide.
        if after <= self.verify_above && !self.flag_up() {
            if let Some(i) = self.free.pop() {
                self.slots[i as usize] = Some(obj);
                self.used = after;
                return Some(ObjRef(i as u64));
            }
        }
        self.alloc_new_slot(obj, size)
    }

    /// `alloc` with no free slot at hand, or near the limit.
    fn alloc_new_slot(&mut self, obj: Obj, size: usize) -> Option<ObjRef> {
        if self.tapped() {
            return None;
        }
        // A full slab grows by its step; near the limit by half of what still fits (at least
        // one slot), and then the next safe point collects so freed slots are reused instead.
        // With a meter the limit is real memory, where the old slab lives while it is copied.
        let step = if self.slab_full() {
            let copy = if self.meter.is_some() { self.slots.capacity() } else { 0 };
            let fits = (self.limit.saturating_sub(self.used + size + 8) / SLOT).saturating_sub(copy);
            let step = self.slab_step();
            if step > fits / 2 {
                self.next_gc = 0;
            }
            step.min((fits / 2).max(fits.min(1)))
        } else {
            usize::MAX
        };
        let placed = if step != 0 && self.fits(size, size) {
            self.place(obj, size, step, false)
        } else if self.overdraw(size) {
            // A full slab grows by one slot only: past the limit, nothing bigger than asked.
            self.place(obj, size, 1, false)
        } else {
            None
        };
        if placed.is_none() {
            self.starve();
        }
        placed
    }

    /// Allocate even past the limit: for the few objects that must exist to report an error
    /// (the MemoryError itself, interned names).
    pub fn alloc_forced(&mut self, obj: Obj) -> ObjRef {
        let step = self.slab_step();
        let size = obj.size_estimate();
        // Forced, the slab grows infallibly: there is always a slot.
        self.place(obj, size, step, true).unwrap_or(ObjRef(0))
    }

    /// The slab must grow before an ordinary allocation: no free slot, and its unused capacity
    /// down to [`SPARE_SLOTS`], kept for forced allocations, which then never need a bigger
    /// slab (a copy of it) when the heap is full.
    fn slab_full(&self) -> bool {
        self.free.is_empty() && self.slots.capacity() - self.slots.len() <= SPARE_SLOTS
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

    /// Put `obj` (`size` bytes) in a free slot or a new one, growing a full slab by
    /// `slab_step`: asked of the allocator fallibly unless `forced`, so a board heap too full or
    /// fragmented for a bigger slab gives MemoryError (None) rather than an abort.
    fn place(&mut self, obj: Obj, size: usize, slab_step: usize, forced: bool) -> Option<ObjRef> {
        if let Some(i) = self.free.pop() {
            self.slots[i as usize] = Some(obj);
            self.used += size;
            return Some(ObjRef(i as u64));
        }
        let before = self.slab_bytes();
        // An ordinary allocation grows the slab once only the spare capacity is left; a forced
        // one takes that, and grows it (infallibly) only when none is left.
        let room = self.slots.capacity() - self.slots.len();
        if room == 0 || (!forced && room <= SPARE_SLOTS) {
            let add = room + slab_step;
            // A sweep may grow the free list up to the slab's size: reserve it with the slab,
            // so collecting never allocates more than was charged.
            if forced {
                self.slots.reserve_exact(add);
                self.free.reserve_exact(self.slots.capacity() - self.free.len());
            } else {
                let grown = self.slots.try_reserve_exact(add).is_ok()
                    && self.free.try_reserve_exact(self.slots.capacity() - self.free.len()).is_ok();
                if !grown {
                    self.used += self.slab_bytes() - before;
                    return None;
                }
            }
        }
        let i = self.slots.len();
        self.slots.push(Some(obj));
        if i % 64 == 0 {
            self.marks.push(0);
        }
        self.used += size + self.slab_bytes() - before;
        Some(ObjRef(i as u64))
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

    /// `get_mut` for a caller that checks the object's kind anyway: None for a freed handle,
    /// with no panic branch.
    #[inline]
    pub fn get_mut_live(&mut self, r: ObjRef) -> Option<&mut Obj> {
        self.slots.get_mut(r.0 as usize).and_then(Option::as_mut)
    }

    /// The items of a list or tuple, for the sites that copy either.
    #[inline]
    pub fn seq_items(&self, r: ObjRef) -> Option<&[Value]> {
        match self.get(r) {
            Obj::List(l) => Some(l),
            Obj::Tuple(t) => Some(t),
            _ => None,
        }
    }

    /// Number of live objects (after the last sweep, plus allocations since).
    pub fn object_count(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Mark everything reachable from `roots`, then free the rest.
    pub fn collect(&mut self, roots: impl FnOnce(&mut Roots)) {
        for m in self.marks.iter_mut() {
            *m = 0;
        }
        // The work list grows with the object graph's breadth and is asked of the allocator
        // fallibly, so the collector itself never aborts on a full board heap: an object it
        // cannot hold stays marked but untraced, and a scan of the marked objects finds its
        // children (MicroPython's mark-stack overflow).
        let mut work: Vec<ObjRef> = Vec::new();
        let mut overflow = false;
        roots(&mut Roots { marks: &mut self.marks, work: &mut work, overflow: &mut overflow });
        loop {
            while let Some(r) = work.pop() {
                self.trace_into(r, &mut work, &mut overflow);
            }
            if !overflow {
                break;
            }
            overflow = false;
            for i in 0..self.slots.len() {
                if self.marks[i / 64] & (1 << (i % 64)) != 0 {
                    self.trace_into(ObjRef(i as u64), &mut work, &mut overflow);
                    while let Some(r) = work.pop() {
                        self.trace_into(r, &mut work, &mut overflow);
                    }
                }
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
        // The garbage is gone: whether the heap is still full is for the next block the
        // allocator refuses to say (see `tapped`). The collection's own work list may have
        // come from the reserve too.
        if let Some(f) = self.reserve_flag {
            f.store(false, Relaxed);
        }
        self.starved = false;
        self.calibrate();
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
            // Kept in order by hand: `retain` is a copy of its own per element type.
            let mut kept = 0;
            for j in 0..self.free.len() {
                let i = self.free[j];
                if (i as usize) < len {
                    self.free[kept] = i;
                    kept += 1;
                }
            }
            self.free.truncate(kept);
            self.marks.truncate(len.div_ceil(64));
        }
        // Shrinking copies into a new block on a board's allocator (no in-place realloc): only
        // when it has one, else the slab stays as it is. The free list's and marks' copies then
        // fit where the old slab was.
        let keep = len + len / 4;
        let copy = keep * core::mem::size_of::<Option<Obj>>();
        if len < self.slots.capacity() / 2 && (self.meter.is_none() || copy <= SMALL_BLOCK || one_block(copy)) {
            self.slots.shrink_to(keep);
            self.free.shrink_to(self.slots.capacity());
            self.marks.shrink_to_fit();
        }
    }

    /// Mark the unmarked children of `r` and queue them.
    fn trace_into(&mut self, r: ObjRef, work: &mut Vec<ObjRef>, overflow: &mut bool) {
        let (slots, marks) = (&self.slots, &mut self.marks);
        if let Some(Some(obj)) = slots.get(r.0 as usize) {
            obj.trace(&mut |v| {
                if let Kind::Obj(c) = v.kind() {
                    mark(marks, c, work, overflow);
                }
            });
        }
    }
}

/// Mark `r`; queue it for tracing when it was unmarked and the work list can take it.
/// The collector's roots, handed over where they lie, slice by slice: a copy of them would be
/// asked of the allocator when it may have no block for it, and a chain of iterators over them
/// costs kilobytes of wasm.
pub struct Roots<'a> {
    marks: &'a mut [u64],
    work: &'a mut Vec<ObjRef>,
    overflow: &'a mut bool,
}

impl Roots<'_> {
    pub fn values(&mut self, vs: &[Value]) {
        for &v in vs {
            self.value(v);
        }
    }

    pub fn value(&mut self, v: Value) {
        if let Kind::Obj(r) = v.kind() {
            mark(self.marks, r, self.work, self.overflow);
        }
    }
}

fn mark(marks: &mut [u64], r: ObjRef, work: &mut Vec<ObjRef>, overflow: &mut bool) {
    let (w, b) = (r.0 as usize / 64, r.0 % 64);
    if let Some(word) = marks.get_mut(w) {
        if *word & (1 << b) == 0 {
            *word |= 1 << b;
            if work.try_reserve(1).is_ok() {
                work.push(r);
            } else {
                *overflow = true;
            }
        }
    }
}

/// A text being built: a `String`, or a `Vec<u8>` for bytes results.
pub trait TextBuf {
    fn len(&self) -> usize;
    fn capacity(&self) -> usize;
    fn try_reserve(&mut self, add: usize) -> Result<(), alloc::collections::TryReserveError>;
}

impl TextBuf for String {
    fn len(&self) -> usize {
        String::len(self)
    }
    fn capacity(&self) -> usize {
        String::capacity(self)
    }
    fn try_reserve(&mut self, add: usize) -> Result<(), alloc::collections::TryReserveError> {
        String::try_reserve(self, add)
    }
}

impl TextBuf for Vec<u8> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn capacity(&self) -> usize {
        Vec::capacity(self)
    }
    fn try_reserve(&mut self, add: usize) -> Result<(), alloc::collections::TryReserveError> {
        Vec::try_reserve(self, add)
    }
}

#[cfg(test)]
mod tests;
