//! Ferrite's VM core: a MicroPython-compatible Python in `no_std` Rust.
//!
//! Nothing in this crate does I/O: a port hands the VM a [`host::Host`] and drives it with
//! [`Vm::run`] in slices, so a browser tab never freezes and a board answers Ctrl-C.
#![no_std]
#![forbid(unsafe_code)]
// `--cfg ferrite_speed`, set by the browser build alone (nightly, `xtask/src/web.rs`): that build is
// for size (opt-level z), but the interpreter loop, `execute`, is compiled for speed
// (`#[cfg_attr(ferrite_speed, optimize(speed))]`; figures in docs/size.md, "The browser build is
// nightly's").
#![cfg_attr(ferrite_speed, feature(optimize_attribute))]

extern crate alloc;

pub mod ast;
pub mod bigint;
pub mod bytecode;
pub mod compile;
pub mod error;
pub mod format;
pub mod hash_index;
pub mod intern;
pub mod parse;
pub mod builtins;
pub mod heap;
pub mod host;
pub mod obj;
pub mod types;
pub mod value;
pub mod vm;

pub use host::Host;
pub use value::{Kind, Value};
pub use vm::{Config, Poll, Vm};
pub mod regex;
pub mod repl;
pub mod stack;
#[cfg(test)]
mod testing;
