//! `machine.bitstream` as RMT pulse codes: each data bit (most significant first) becomes one
//! 32-bit RMT item, high then low, as MicroPython's esp32 port sends NeoPixel data. The item
//! layout is the RMT's (esp-hal's `PulseCode`): bits 0–14 the first duration, bit 15 its
//! level, bits 16–30 the second duration, bit 31 its level; an all-zero item ends the stream.

use alloc::vec::Vec;

/// The RMT tick: the 80 MHz APB clock divided by 2, MicroPython's choice (25 ns).
pub const TICK_NS: u32 = 25;
/// The RMT clock divider that gives [`TICK_NS`].
pub const CLK_DIVIDER: u8 = 2;

const MAX_TICKS: u32 = 0x7FFF;

/// `ns` in RMT ticks, rounded, at least one tick and at most what an item holds.
fn ticks(ns: u32) -> u32 {
    ((ns + TICK_NS / 2) / TICK_NS).clamp(1, MAX_TICKS)
}

/// One item: `high` ticks at level 1, then `low` ticks at level 0.
fn item(high: u32, low: u32) -> u32 {
    high | 1 << 15 | low << 16
}

/// The items for `data` with `timing_ns` = `[high0, low0, high1, low1]`, end marker included.
pub fn encode(timing_ns: [u32; 4], data: &[u8]) -> Vec<u32> {
    let zero = item(ticks(timing_ns[0]), ticks(timing_ns[1]));
    let one = item(ticks(timing_ns[2]), ticks(timing_ns[3]));
    let mut items = Vec::with_capacity(data.len() * 8 + 1);
    for byte in data {
        items.extend((0..8).rev().map(|b| if byte >> b & 1 == 1 { one } else { zero }));
    }
    items.push(0);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The esp32 NeoPixel timing from `neopixel.py`: 400/850 ns for a 0, 800/450 ns for a 1.
    const WS2812: [u32; 4] = [400, 850, 800, 450];

    #[test]
    fn bits_go_out_most_significant_first_with_the_neopixel_timing() {
        let zero = 16 | 1 << 15 | 34 << 16;
        let one = 32 | 1 << 15 | 18 << 16;
        assert_eq!(encode(WS2812, &[0b1010_0001]), [one, zero, one, zero, zero, zero, zero, one, 0]);
    }

    #[test]
    fn durations_are_clamped_to_what_an_item_holds() {
        assert_eq!(encode([0, 10_000_000, 0, 0], &[0]).first(), Some(&(1 | 1 << 15 | 0x7FFF << 16)));
        assert_eq!(encode(WS2812, &[]), [0]);
        assert_eq!(encode(WS2812, &[0xff, 0]).len(), 17);
    }
}
