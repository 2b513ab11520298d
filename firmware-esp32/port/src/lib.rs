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

/// Allocator RAM the VM's heap leaves free. The heap counts every byte the allocator hands out
/// (`Settings::allocator_in_use`: the VM's objects, its stacks and names, the file store, the
/// console) and refuses past `arena − RESERVE`; what grows with the program asks the allocator
/// fallibly (lists, dicts, bytearrays, concatenation, repetition, join: MemoryError when refused).
/// The reserve is for what is allocated without a check, after the heap's last one: the
/// collector's work, compiling a line at the REPL, growth of the VM's own stacks, a
/// traceback, and room for small blocks in a fragmented heap (an infallible allocation that
/// fails is fatal). Measured by `cargo xtask bench --firmware` (ARCHITECTURE.md, "Heap sizing").
const RESERVE: usize = 24 * 1024;

/// The VM heap to configure in an allocator arena of `arena` bytes: all of it but [`RESERVE`].
pub const fn vm_heap_size(arena: usize) -> usize {
    arena.saturating_sub(RESERVE)
}
