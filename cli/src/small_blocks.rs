//! The process's allocator: the C library's `malloc`, behind a small cache of freed blocks.
//!
//! The VM's collector frees thousands of small blocks at once (a tuple's items, a set's
//! table, a frame's locals), and the program then allocates as many again. glibc keeps only 7
//! freed blocks of a size at hand (its per-thread cache); the rest it sorts, merges and splits
//! again: 16 % of `bm_nqueens`'s instructions, `malloc` 150 and `free` 124 instructions a call
//! (callgrind). Here up to [`KEEP`] freed blocks of each size up to [`MAX`] bytes wait in a
//! list and are handed out again with a pop: nqueens −6.7 % instructions, fannkuch −2.6 %,
//! the 16 perf scripts −1.25 %, peak RSS no higher (more blocks kept bought more speed for
//! more memory: 256 a size, −2.1 % but bm_pidigits 4.1 → 4.6 MB). mimalloc, the usual crate
//! for this, starts the process at 18.9 MB of RSS instead of 2.7 MB (`print(1)`).
//!
//! The functions are not inlined: inlined into every allocation site of the VM they made the
//! binary 240 KB bigger and every run's RSS ~200 KB higher.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

/// Blocks up to this many bytes are cached.
const MAX: usize = 256;
/// Classes by the room glibc gives a block: its chunks are multiples of 16 bytes with 8 for
/// the header, so a class holds the requests that get the same chunk (up to 24, 40, 56…
/// bytes), and caching costs no byte of rounding.
const CLASSES: usize = MAX / 16 + 1;
/// Freed blocks kept at most per class: a burst of garbage goes back to `malloc` (the peak
/// memory stays near what it was) and only part of a collection's worth waits here.
const KEEP: u32 = 64;

/// A freed block: its first word links to the next one of its class.
struct Free {
    next: *mut Free,
}

struct Lists {
    heads: [*mut Free; CLASSES],
    kept: [u32; CLASSES],
}

pub struct SmallBlocks {
    busy: AtomicBool,
    lists: UnsafeCell<Lists>,
}

// SAFETY: `lists` is only touched while `busy` is held (`with_lists`), so threads never
// share it unsynchronised.
unsafe impl Sync for SmallBlocks {}

impl SmallBlocks {
    pub const fn new() -> SmallBlocks {
        SmallBlocks { busy: AtomicBool::new(false), lists: UnsafeCell::new(Lists { heads: [std::ptr::null_mut(); CLASSES], kept: [0; CLASSES] }) }
    }

    /// The size class of `layout`, when it is small and needs no more than the 16-byte
    /// alignment `malloc` gives every block.
    fn class(layout: Layout) -> Option<usize> {
        (layout.size() <= MAX && layout.size() > 0 && layout.align() <= 16).then(|| ((layout.size() + 7) / 16).max(1))
    }

    /// The bytes of a block of class `c`.
    fn class_size(c: usize) -> usize {
        16 * c + 8
    }

    /// Every block of class `c` is asked of `malloc` at the class's full size, so any of
    /// them serves any request of the class.
    fn class_layout(c: usize) -> Layout {
        // SAFETY: the alignment, 8, is a power of two, and the size is far from overflowing.
        unsafe { Layout::from_size_align_unchecked(Self::class_size(c), 8) }
    }

    fn with_lists<R>(&self, f: impl FnOnce(&mut Lists) -> R) -> R {
        while self.busy.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::hint::spin_loop();
        }
        // SAFETY: `busy` is held: no other reference to the lists exists until it is released.
        let r = f(unsafe { &mut *self.lists.get() });
        self.busy.store(false, Ordering::Release);
        r
    }
}

unsafe impl GlobalAlloc for SmallBlocks {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = Self::class(layout) else { return unsafe { System.alloc(layout) } };
        let cached = self.with_lists(|l| {
            let head = l.heads[c];
            if !head.is_null() {
                // SAFETY: a listed block is a live `malloc` block of this class that nothing
                // else uses; its first word holds the link written by `dealloc`.
                l.heads[c] = unsafe { (*head).next };
                l.kept[c] -= 1;
            }
            head
        });
        if cached.is_null() {
            unsafe { System.alloc(Self::class_layout(c)) }
        } else {
            cached.cast()
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(c) = Self::class(layout) else { return unsafe { System.dealloc(ptr, layout) } };
        let kept = self.with_lists(|l| {
            if l.kept[c] >= KEEP {
                return false;
            }
            let block: *mut Free = ptr.cast();
            // SAFETY: the caller gives the block up; it is a class block of at least 24 bytes,
            // 16-aligned, room for the link.
            unsafe { block.write(Free { next: l.heads[c] }) };
            l.heads[c] = block;
            l.kept[c] += 1;
            true
        });
        if !kept {
            unsafe { System.dealloc(ptr, Self::class_layout(c)) }
        }
    }

    /// `realloc` stays glibc's, which grows a block in place when it can: the block it
    /// returns has at least the room of the new size's class, all that `dealloc` assumes.
    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `GlobalAlloc::realloc` requires of its caller.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    #[test]
    fn a_freed_block_serves_the_next_request_of_its_class() {
        let a = SmallBlocks::new();
        unsafe {
            let p = a.alloc(layout(30));
            p.write_bytes(7, 30);
            a.dealloc(p, layout(30));
            // 25..=40 bytes share glibc's 48-byte chunk: the same block comes back.
            let q = a.alloc(layout(40));
            assert_eq!(p, q);
            q.write_bytes(1, 40);
            // Another class does not take it.
            a.dealloc(q, layout(40));
            let r = a.alloc(layout(8));
            assert_ne!(r, q);
            a.dealloc(r, layout(8));
        }
    }

    #[test]
    fn only_keep_blocks_a_class_wait_and_big_ones_never() {
        let a = SmallBlocks::new();
        unsafe {
            let blocks: Vec<*mut u8> = (0..KEEP + 10).map(|_| a.alloc(layout(100))).collect();
            for &p in &blocks {
                a.dealloc(p, layout(100));
            }
            assert_eq!(a.with_lists(|l| l.kept[SmallBlocks::class(layout(100)).unwrap()]), KEEP);
            let big = a.alloc(layout(4096));
            a.dealloc(big, layout(4096));
            assert_eq!(SmallBlocks::class(layout(MAX + 1)), None);
            assert_eq!(SmallBlocks::class(Layout::from_size_align(64, 32).unwrap()), None);
        }
    }

    #[test]
    fn realloc_keeps_the_bytes_across_classes() {
        let a = SmallBlocks::new();
        unsafe {
            let mut p = a.alloc(layout(16));
            for i in 0..16u8 {
                p.add(i as usize).write(i);
            }
            let mut size = 16;
            for new in [100, 250, 600, 3000, 200, 20] {
                p = a.realloc(p, layout(size), new);
                for i in 0..size.min(new).min(16) {
                    assert_eq!(p.add(i).read(), i as u8);
                }
                size = new;
            }
            a.dealloc(p, layout(size));
        }
    }
}
