//! What a test sets and reads in the harness's RAM from outside, so one image serves every
//! heap layout and the firmware bench can measure without printing on the REPL's line:
//! a few config words (`-device loader,addr=…,data=…` before boot) and counters read back
//! through qemu's monitor (`xp`): instruction counts at boot, prompt and echo (`minstret`,
//! exact under `-icount shift=0`), the allocator's high-water mark in each region and its
//! failures, and the stack range painted at boot (dumped with `pmemsave`).
//! `xtask/src/qemu_probe.rs` holds the same addresses and indices.

use core::alloc::{GlobalAlloc, Layout};

use ferrite_port::reserve::Reserved;

/// Config words, zero unless a test loaded them: the three allocator regions' sizes in bytes
/// and the VM's heap (0: the firmware's rule for the regions).
const CONFIG: usize = 0x8600_0000;
pub const CONFIG_MAIN: usize = 0;
pub const CONFIG_SECOND: usize = 1;
pub const CONFIG_VM_HEAP: usize = 2;
pub const CONFIG_THIRD: usize = 3;

const STATS: usize = 0x8600_0100;

/// Indices of the counters in the stats block (u32 words).
#[derive(Clone, Copy)]
pub enum Stat {
    /// `minstret` at the harness's entry and when the shared port code starts.
    Entry = 0,
    RunStart,
    /// At the end of the first write that ends with the REPL's prompt.
    Prompt,
    /// When a received byte was taken, and when the last write finished.
    LastRead,
    LastWrite,
    /// How often the main loop idled, and when it last did.
    Idles,
    LastIdle,
    /// Allocations the allocator refused: a fallible one (`try_reserve`) became MemoryError;
    /// an infallible one is fatal (the panic handler prints FATAL and stops the harness).
    AllocFailures,
    /// Each region's start and size, and the highest end of a block ever allocated in it
    /// (from its start): with first fit, the smallest region that would have served the run.
    Base0,
    Size0,
    Hwm0,
    Base1,
    Size1,
    Hwm1,
    /// The painted stack range: the bench finds the lowest word a program overwrote.
    StackLow,
    StackHigh,
    /// Bytes requested and not yet freed, now and at most.
    Live,
    PeakLive,
    /// The third region (as `Base0`…).
    Base2,
    Size2,
    Hwm2,
    /// Blocks the emergency reserve served (the main heap had refused them), and the most it
    /// held at once: what the VM's infallible allocations still take on a full heap.
    ReserveServed,
    ReservePeak,
}

/// Each region's start, size and high-water counters.
const REGION_STATS: [(Stat, Stat, Stat); 3] =
    [(Stat::Base0, Stat::Size0, Stat::Hwm0), (Stat::Base1, Stat::Size1, Stat::Hwm1), (Stat::Base2, Stat::Size2, Stat::Hwm2)];

/// The word the stack is painted with.
pub const PAINT: u32 = 0x5AC3_5AC3;

pub fn config(word: usize) -> usize {
    // SAFETY: the config block lies in the virt machine's RAM outside the program (memory.x).
    unsafe { ((CONFIG + 4 * word) as *const u32).read_volatile() as usize }
}

fn slot(s: Stat) -> *mut u32 {
    (STATS + 4 * s as usize) as *mut u32
}

pub fn get(s: Stat) -> u32 {
    // SAFETY: as for `config`; one hart and no interrupts, so nothing races.
    unsafe { slot(s).read_volatile() }
}

pub fn set(s: Stat, v: u32) {
    // SAFETY: as for `get`.
    unsafe { slot(s).write_volatile(v) }
}

/// Instructions retired (wraps at 2³²; the bench reads differences).
pub fn instructions() -> u32 {
    riscv::register::minstret::read() as u32
}

pub fn stamp(s: Stat) {
    set(s, instructions());
}

/// Fill the stack from a little below `sp` down `len` bytes with [`PAINT`].
#[inline(always)]
pub fn paint_stack(len: usize) {
    let sp: usize;
    // SAFETY: reads the stack pointer only.
    unsafe { core::arch::asm!("mv {}, sp", out(reg) sp) };
    let high = (sp - 256) & !3;
    let low = high - len;
    let mut a = low;
    while a < high {
        // SAFETY: below the live frames and inside riscv-rt's 256 KB stack (memory.x); this
        // loop calls nothing, so no frame is pushed over the words it writes.
        unsafe { (a as *mut u32).write_volatile(PAINT) };
        a += 4;
    }
    set(Stat::StackLow, low as u32);
    set(Stat::StackHigh, high as u32);
}

/// The firmware's allocator (esp-alloc with the emergency reserve), with each block's end
/// recorded.
pub struct Watermarked;

impl Watermarked {
    /// Give the allocator the region `[base, base + size)` as its `index`th (0 to 2); the first
    /// holds the emergency reserve at its end, as the firmware's `.bss` region does.
    ///
    /// # Safety
    /// The region is RAM nothing else uses, for the rest of the program.
    pub unsafe fn add_region(index: usize, base: usize, size: usize) {
        let (b, s, _) = REGION_STATS[index.min(2)];
        set(b, base as u32);
        set(s, size as u32);
        // SAFETY: the caller's promise.
        unsafe { Reserved::add_region(base as *mut u8, size) }
    }

    fn mark(end: usize) {
        for (base, size, hwm) in REGION_STATS {
            let (b, s) = (get(base) as usize, get(size) as usize);
            if b < end && end <= b + s {
                set(hwm, get(hwm).max((end - b) as u32));
            }
        }
    }
}

unsafe impl GlobalAlloc for Watermarked {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: passed through from the caller.
        let p = unsafe { GlobalAlloc::alloc(&Reserved, layout) };
        if p.is_null() {
            set(Stat::AllocFailures, get(Stat::AllocFailures) + 1);
        } else {
            if Reserved::owns(p) {
                set(Stat::ReserveServed, get(Stat::ReserveServed) + 1);
                set(Stat::ReservePeak, get(Stat::ReservePeak).max(Reserved::in_reserve() as u32));
            } else {
                Self::mark(p as usize + layout.size());
            }
            let live = get(Stat::Live) + layout.size() as u32;
            set(Stat::Live, live);
            set(Stat::PeakLive, get(Stat::PeakLive).max(live));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        set(Stat::Live, get(Stat::Live) - layout.size() as u32);
        // SAFETY: passed through from the caller.
        unsafe { GlobalAlloc::dealloc(&Reserved, ptr, layout) }
    }
}
