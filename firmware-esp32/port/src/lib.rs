//! What every bare-metal Ferrite port shares: the ESP32 firmware and the qemu test harness
//! differ only in their [`Board`] (serial lines, clock, pins) and where their flash is; the
//! console, the file store, the [`vm::Host`] and the main loop are here, so the harness
//! exercises the firmware's own code paths. Unsafe code is only in `reserve`, the allocator.
#![no_std]
#![deny(unsafe_code)]

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
#[cfg(target_os = "none")]
#[allow(unsafe_code)]
pub mod reserve;
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
/// --firmware --stack` measures the peaks; docs/firmware.md, "Stack").
pub const STACK_RESERVE: usize = 12 * 1024;

/// Allocator RAM the VM's heap leaves free. The heap counts every byte the allocator hands out
/// (`Settings::allocator_in_use`: the VM's objects, its stacks and names, the file store, the
/// console) and refuses past `arena − RESERVE`; what grows with the program asks the allocator
/// fallibly (lists, dicts, bytearrays, concatenation, repetition, join: MemoryError when refused).
/// The reserve is for what is allocated without a check, after the heap's last one: the
/// collector's work, compiling a line at the REPL, growth of the VM's own stacks, a
/// traceback, and room for small blocks in a fragmented heap (an infallible allocation that
/// fails is fatal). Measured by `cargo xtask bench --firmware` (docs/firmware.md, "Heap sizing").
const RESERVE: usize = 24 * 1024;

/// The allocator's emergency reserve, a heap of its own for the blocks the main one refuses
/// (`reserve::Reserved`): what a full heap is still asked for before the VM stops the program,
/// and the MemoryError's report. Measured over `qemu/tests/fill_heap.py`'s copies on a heap with
/// no free block over 2 KB: at most 6,144 B at once (a compiled line's vector, ~38 bytes per
/// source byte, regrown from 2 to 4 KB while the old one lives).
pub const EMERGENCY: usize = 8 * 1024;

/// The VM heap to configure in an allocator arena of `arena` bytes, the emergency reserve
/// included: all of it but [`RESERVE`] and [`EMERGENCY`].
pub const fn vm_heap_size(arena: usize) -> usize {
    arena.saturating_sub(RESERVE + EMERGENCY)
}
