//! The per-frame snapshot the page animates from: fixed size, little endian.
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | version = 1 |
//! | 1 | 4 | LED brightness 0..255 for GPIO 2, 25, 26, 27 |
//! | 5 | 2 | servo angle in tenths of a degree (0..1800), 0xFFFF = no signal |
//! | 7 | 4 | buzzer frequency in Hz (0 = silent) |
//! | 11 | 1 | buzzer duty 0..255 (volume) |
//! | 12 | 2 | pot raw u16 |
//! | 14 | 1 | buttons pressed: bit0 = GPIO0, bit1 = GPIO4 |
//! | 15 | 24 | 8 NeoPixels as R,G,B |
//! | 39 | 1 | OLED flags: bit0 display on, bit1 inverted, bit2 initialised, bit3 rotated 180° (extension: neither segment remap nor COM reversal set) |
//! | 40 | 1 | OLED contrast |
//! | 41 | 1024 | OLED GDDRAM: 8 pages × 128 columns, bit0 = top row of the page |
//! | 1065 | 4 | output levels of GPIO 0..31 as a bitmask |
//!
//! Extensions go at the end of the frame and are documented here.

use alloc::vec::Vec;

use crate::{Board, LEDS};

pub const VERSION: u8 = 1;
pub const FRAME_LEN: usize = 1069;

pub(crate) fn write(b: &Board, out: &mut Vec<u8>) {
    out.clear();
    out.reserve(FRAME_LEN);
    out.push(VERSION);
    // Plain loops, not `extend` over adaptors: each was its own copy of `Vec`'s extend code.
    for g in LEDS {
        out.push(b.brightness(g));
    }
    out.extend_from_slice(&b.servo_tenths().unwrap_or(0xFFFF).to_le_bytes());
    let (freq, volume) = b.buzzer();
    out.extend_from_slice(&freq.to_le_bytes());
    out.push(volume);
    out.extend_from_slice(&b.pot().to_le_bytes());
    out.push(b.buttons());
    for rgb in b.neopixels() {
        out.extend_from_slice(rgb);
    }
    let o = b.oled();
    let rotated = o.initialised && !o.seg_remap && !o.com_reversed;
    out.push(o.display_on as u8 | (o.inverted as u8) << 1 | (o.initialised as u8) << 2 | (rotated as u8) << 3);
    out.push(o.contrast);
    out.extend_from_slice(&o.gddram);
    out.extend_from_slice(&b.output_levels().to_le_bytes());
}
