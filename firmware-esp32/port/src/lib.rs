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

/// Stack kept free below the VM's native-recursion budget (`vm::stack`): what runs after the
/// last check that passes (measured ≤ 4.3 KB: a native call entering a new interpreter frame,
/// the RuntimeError's path), esp-hal's guard word 60 bytes above the stack's end, the panic
/// path that reports an overflow, and a margin. `run` gives the VM the rest of the stack: its
/// budget is `Settings::stack_left − STACK_RESERVE` below `run`'s frame (`cargo xtask bench
/// --firmware --stack` measures the peaks; ARCHITECTURE.md, "Stack").
pub const STACK_RESERVE: usize = 12 * 1024;

/// RAM the allocator needs beyond the VM's heap whatever its size: the VM's stacks, interned
/// names, the collector's work list, the console's buffers, the file store.
const FIXED_OVERHEAD: usize = 64 * 1024;

/// The VM heap to configure in an allocator arena of `arena` bytes. The VM charges what its
/// objects hold, but not what the allocator really needs for them: a growing vector's old
/// buffer while it is copied, temporaries of a concatenation, and the holes first fit leaves
/// when buffers grow by doubling. Measured on the qemu harness with esp-alloc (`cargo xtask
/// bench --firmware`, `qemu/bench/heap_*.py` filled to MemoryError at 128/256/384 KB heaps),
/// the highest block end reached was at most 64 KB + 1.49 × the VM heap (a growing list, a
/// growing dict, string concatenation). The VM gets (arena − 64 KB) / 1.75: that growth factor
/// with a safety factor of 1.17. Running out must be MemoryError before the allocator fails,
/// which is fatal; the bench checks each chip's split, the harness's small-heap test one.
pub const fn vm_heap_size(arena: usize) -> usize {
    arena.saturating_sub(FIXED_OVERHEAD) / 7 * 4
}
