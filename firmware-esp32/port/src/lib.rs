//! What every bare-metal Ferrite port shares: the ESP32 firmware and the qemu test harness
//! differ only in their [`Board`] (serial lines, clock, pins); the console, the [`vm::Host`]
//! and the main loop are here, so the harness exercises the firmware's own code paths.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod board;
mod console;
mod host;
mod run;
mod shell;

pub use board::Board;
pub use console::Console;
pub use host::BoardHost;
pub use run::{run, Settings};
