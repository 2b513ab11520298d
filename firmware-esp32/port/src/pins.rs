//! What each chip's GPIOs can do, and the PWM arithmetic for its LEDC: the parts of the
//! `machine` port that need no hardware, so they are unit-tested here.

use vm::host::PinCaps;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chip {
    Esp32c3,
    Esp32c6,
}

impl Chip {
    /// The GPIO `pin`'s abilities; None for numbers the chip lacks and for the pins wired to
    /// the SPI flash (using those would crash the firmware), which MicroPython also refuses.
    pub fn pin_caps(self, pin: u32) -> Option<PinCaps> {
        let (exists, adc) = match self {
            // GPIO 12–17: SPI flash. ADC1: GPIO 0–4.
            Chip::Esp32c3 => (matches!(pin, 0..=11 | 18..=21), pin <= 4),
            // GPIO 24–30: SPI flash. ADC1: GPIO 0–6.
            Chip::Esp32c6 => (pin <= 23, pin <= 6),
        };
        exists.then_some(PinCaps { output: true, adc })
    }
}

/// The LEDC's clock (APB, 80 MHz on the C3 and C6).
pub const LEDC_CLOCK_HZ: u32 = 80_000_000;
/// The finest duty resolution the C3/C6 LEDC offers.
pub const LEDC_MAX_BITS: u32 = 14;
/// The lowest frequency `ledc_bits` can make (14 bits, divider 976).
pub const LEDC_MIN_HZ: u32 = 5;
/// The LEDC timer divider's largest integer part (10 bits).
const LEDC_MAX_DIVIDER: u32 = 1023;

/// The duty resolution for `freq_hz`: as many bits as the clock allows at that frequency (at
/// most 14), or None when the LEDC cannot make it (0 Hz, above 40 MHz, or too slow for the
/// divider at 14 bits: below ~5 Hz).
pub fn ledc_bits(freq_hz: u32) -> Option<u32> {
    if freq_hz == 0 {
        return None;
    }
    let ratio = LEDC_CLOCK_HZ / freq_hz;
    if ratio < 2 {
        return None;
    }
    let bits = (31 - ratio.leading_zeros()).min(LEDC_MAX_BITS);
    let divider = LEDC_CLOCK_HZ / (freq_hz << bits).max(1);
    (divider <= LEDC_MAX_DIVIDER).then_some(bits)
}

/// `duty_u16` (0..=65535, MicroPython's scale) in a timer of `bits` bits; 65535 is always on.
pub fn ledc_duty(duty_u16: u16, bits: u32) -> u32 {
    let full = 1u32 << bits;
    if duty_u16 == u16::MAX {
        return full;
    }
    ((duty_u16 as u32 * full) + 0x8000) >> 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_pins_and_missing_pins_are_invalid() {
        assert!(Chip::Esp32c3.pin_caps(8).is_some());
        assert!(Chip::Esp32c3.pin_caps(21).is_some());
        for pin in [12, 17, 22, 40] {
            assert_eq!(Chip::Esp32c3.pin_caps(pin), None, "C3 GPIO{pin}");
        }
        assert!(Chip::Esp32c6.pin_caps(23).is_some());
        assert_eq!(Chip::Esp32c6.pin_caps(24), None);
        assert_eq!(Chip::Esp32c6.pin_caps(30), None);
    }

    #[test]
    fn adc_is_on_adc1_pins_only() {
        assert_eq!(Chip::Esp32c3.pin_caps(4), Some(PinCaps { output: true, adc: true }));
        assert_eq!(Chip::Esp32c3.pin_caps(5), Some(PinCaps { output: true, adc: false }));
        assert!(Chip::Esp32c6.pin_caps(6).is_some_and(|c| c.adc));
        assert!(!Chip::Esp32c6.pin_caps(7).is_some_and(|c| c.adc));
    }

    #[test]
    fn ledc_resolution_follows_the_frequency() {
        assert_eq!(ledc_bits(5_000), Some(13)); // 80 MHz / 5 kHz = 16000 → 13 bits
        assert_eq!(ledc_bits(50), Some(14)); // servo: the finest resolution
        assert_eq!(ledc_bits(1_000_000), Some(6));
        assert_eq!(ledc_bits(40_000_000), Some(1));
        assert_eq!(ledc_bits(40_000_001), None);
        assert_eq!(ledc_bits(0), None);
        assert_eq!(ledc_bits(1), None); // the divider cannot reach 1 Hz from 80 MHz
        assert_eq!(ledc_bits(LEDC_MIN_HZ), Some(14));
        assert_eq!(ledc_bits(LEDC_MIN_HZ - 1), None);
    }

    #[test]
    fn duty_scales_from_u16() {
        assert_eq!(ledc_duty(0, 13), 0);
        assert_eq!(ledc_duty(32768, 13), 4096);
        assert_eq!(ledc_duty(65535, 13), 8192);
        assert_eq!(ledc_duty(16384, 1), 1);
        assert_eq!(ledc_duty(65534, 14), 16384);
    }
}
