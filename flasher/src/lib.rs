//! Ferrite's flasher: a sans-I/O client of the Espressif ROM serial bootloader (SLIP framing,
//! sync, chip detection, compressed writes with MD5 verification, erase, resets), and behind
//! the `sim` feature a simulated ROM that the tests and `ferrite simulate-rom` serve.
//! No I/O here: every port (native serial, WebSerial, the simulator) drives the same machine.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod chip;
pub mod client;
pub mod error;
pub mod image;
pub mod packet;
pub mod reset;
pub mod slip;
pub mod stub;

#[cfg(feature = "sim")]
pub mod sim;

pub use client::{Action, After, Before, Error, Flasher, Hint, Options, Progress, Stage, Summary, Task};
pub use image::Region;
