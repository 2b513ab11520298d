//! A board's global allocator: esp-alloc's heap, and beside it a small second esp-alloc heap, the
//! emergency reserve. The VM asks for what grows with a program fallibly and checks its big
//! results before building them, but many small copies are still built infallibly (an
//! operand's copy, a repr's item list, a compiled line's vectors), and on a full or fragmented
//! heap a refused infallible block aborts the board. Rather than check each such site, the
//! allocator serves a block the main heap refuses from the reserve and raises [`TAPPED`]; the VM
//! sees it at its next allocation or interrupt poll and raises MemoryError as when its own
//! limit is hit (`Host::reserve_flag`). Only when the reserve refuses too is the failure fatal.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use esp_alloc::{EspHeap, HeapRegion, MemoryCapability};

use crate::EMERGENCY;

/// Raised when the reserve serves a block; the VM clears it (see `vm::Host::reserve_flag`).
pub static TAPPED: AtomicBool = AtomicBool::new(false);

static RESERVE: EspHeap = EspHeap::empty();
/// The reserve's address range, so a block is given back to the heap that owns it.
static START: AtomicUsize = AtomicUsize::new(0);
static LEN: AtomicUsize = AtomicUsize::new(0);

/// The global allocator: esp-alloc's `HEAP`, then the reserve.
pub struct Reserved;

impl Reserved {
    /// Give the allocator the RAM `[base, base + size)`: the main heap gets all but the last
    /// [`EMERGENCY`] bytes, the reserve those when it has none yet (so a port passes its first
    /// region first and the reserve lies in its first region).
    ///
    /// # Safety
    /// The region is RAM nothing else uses, for the rest of the program.
    pub unsafe fn add_region(base: *mut u8, size: usize) {
        let main = if LEN.load(Relaxed) == 0 && size > 2 * EMERGENCY {
            let start = base as usize + size - EMERGENCY;
            // SAFETY: the caller's promise; the two parts do not overlap.
            unsafe { RESERVE.add_region(HeapRegion::new(start as *mut u8, EMERGENCY, MemoryCapability::Internal.into())) };
            START.store(start, Relaxed);
            LEN.store(EMERGENCY, Relaxed);
            size - EMERGENCY
        } else {
            size
        };
        // SAFETY: the caller's promise.
        unsafe { esp_alloc::HEAP.add_region(HeapRegion::new(base, main, MemoryCapability::Internal.into())) }
    }

    /// Bytes the main heap has handed out: the VM's meter (`Host::allocator_in_use`). The
    /// reserve is not the VM's budget, so what lies there is not counted.
    pub fn in_use() -> usize {
        esp_alloc::HEAP.used()
    }

    /// Bytes the reserve has handed out.
    pub fn in_reserve() -> usize {
        RESERVE.used()
    }

    /// Does `ptr` lie in the reserve?
    pub fn owns(ptr: *mut u8) -> bool {
        (ptr as usize).wrapping_sub(START.load(Relaxed)) < LEN.load(Relaxed)
    }
}

// SAFETY: each block comes from one of two esp-alloc heaps and goes back to the one whose range
// holds it; `realloc` is the default one (alloc, copy, dealloc) through these two.
unsafe impl GlobalAlloc for Reserved {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: passed through from the caller.
        let p = unsafe { esp_alloc::HEAP.alloc(layout) };
        if !p.is_null() {
            return p;
        }
        // SAFETY: as above.
        let p = unsafe { RESERVE.alloc(layout) };
        if !p.is_null() {
            TAPPED.store(true, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let heap = if Self::owns(ptr) { &RESERVE } else { &esp_alloc::HEAP };
        // SAFETY: `ptr` came from `heap` (its range says so) with `layout`.
        unsafe { heap.dealloc(ptr, layout) }
    }
}
