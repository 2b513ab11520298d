//! What every bare-metal Ferrite port shares: the ESP32 firmware and the qemu test harness
//! differ only in their [`Board`] (serial lines, clock, pins) and where their flash is; the
//! console, the file store, the [`vm::Host`] and the main loop are here, so the harness
//! exercises the firmware's own code paths.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod board;
pub mod buses;
mod console;
pub mod files;
mod host;
pub mod ledc;
pub mod pins;
pub mod rmt;
mod run;

pub use board::Board;
pub use console::Console;
pub use host::BoardHost;
pub use run::{run, Settings};

/// RAM the allocator needs beyond the VM's heap whatever its size: the VM's stacks, interned
/// names, the collector's work list, the console's buffers.
const FIXED_OVERHEAD: usize = 64 * 1024;

/// The VM heap to configure in an allocator arena of `arena` bytes. The VM charges what its
/// objects really hold (vector capacities, the slot table), so the margin left is for what it
/// cannot see: the allocator's per-block headers and fragmentation (~1/8 with objects of
/// ~100 bytes) and the old buffer a growing vector holds while it is copied (up to the
/// largest object). A quarter covers both; running out of VM heap must be MemoryError before
/// the allocator itself fails, which is fatal. The qemu harness's small-heap test checks it.
pub const fn vm_heap_size(arena: usize) -> usize {
    arena.saturating_sub(FIXED_OVERHEAD) / 4 * 3
}
