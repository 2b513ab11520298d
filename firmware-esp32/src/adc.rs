//! `machine.ADC` on ADC1 (C3: GPIO 0–4, C6: GPIO 0–6) with esp-hal's one-shot conversions.
//! `read_u16`/`read` are the raw 12-bit conversion, as MicroPython's esp32 port; `read_uv`
//! goes through esp-hal's curve-fitting calibration (eFuse values, answers in mV).
//!
//! esp-hal types each ADC pin (`AdcPin<GPIOn>`) and fixes the attenuation when the driver is
//! made, while programs name pins by number and may change the attenuation at any time: so
//! each reading makes the driver for its pin and attenuation and drops it after.

use esp_hal::analog::adc::{Adc, AdcCalCurve, AdcCalScheme, AdcChannel, AdcConfig, Attenuation};
use esp_hal::gpio::AnalogPin;
use esp_hal::peripherals::ADC1;

/// Conversions attempted before a reading counts as failed (one takes a few µs).
const SPINS: u32 = 100_000;

/// The raw 12-bit conversion on `pin` (scaled to 16 bits, as MicroPython), or its calibrated
/// value in mV with `calibrated`; None for a pin ADC1 lacks or a conversion that never ends.
pub fn read(pin: u32, atten: u8, calibrated: bool) -> Option<u16> {
    macro_rules! on_pin {
        ($($n:literal => $gpio:ident),*) => {
            match pin {
                // SAFETY: `Machine` dropped the pin's other drivers before calling; this driver
                // lives only for this conversion.
                $($n => convert(unsafe { esp_hal::peripherals::$gpio::steal() }, atten, calibrated),)*
                _ => None,
            }
        };
    }
    #[cfg(feature = "esp32c3")]
    let raw = on_pin!(0 => GPIO0, 1 => GPIO1, 2 => GPIO2, 3 => GPIO3, 4 => GPIO4);
    #[cfg(feature = "esp32c6")]
    let raw = on_pin!(0 => GPIO0, 1 => GPIO1, 2 => GPIO2, 3 => GPIO3, 4 => GPIO4, 5 => GPIO5, 6 => GPIO6);
    raw
}

fn convert<P: AdcChannel + AnalogPin>(pin: P, atten: u8, calibrated: bool) -> Option<u16> {
    let atten = match atten {
        0 => Attenuation::_0dB,
        1 => Attenuation::_2p5dB,
        2 => Attenuation::_6dB,
        _ => Attenuation::_11dB,
    };
    if calibrated {
        oneshot::<P, AdcCalCurve<ADC1<'static>>>(pin, atten)
    } else {
        let raw = oneshot::<P, ()>(pin, atten)?;
        Some(raw << 4 | raw >> 8)
    }
}

fn oneshot<P: AdcChannel + AnalogPin, CS: AdcCalScheme<ADC1<'static>>>(pin: P, atten: Attenuation) -> Option<u16> {
    let mut config = AdcConfig::new();
    let mut adc_pin = config.enable_pin_with_cal::<P, CS>(pin, atten);
    // SAFETY: `Machine::new` took ADC1, and this driver is its only user while it lives.
    let mut adc = Adc::new(unsafe { ADC1::steal() }, config);
    (0..SPINS).find_map(|_| adc.read_oneshot(&mut adc_pin).ok())
}
