//! What changed on the board between two looks, as `ferrite --board` prints it (one line each,
//! after `[board] `; the format is in the README).

use alloc::vec::Vec;
use core::fmt;

use crate::{Board, BUZZER_PIN, LEDS, NEOPIXELS, SERVO_PIN};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// An LED's brightness 0..255 (`led:2 on`, `led:2 off`, `led:2 50%`).
    Led { gpio: u32, brightness: u8 },
    /// Another GPIO's output level (`pin:13 1`).
    Pin { gpio: u32, high: bool },
    Button { gpio: u32, pressed: bool },
    /// Tenths of a degree, None when the pulses stop.
    Servo(Option<u16>),
    /// Frequency in Hz and volume 0..255; frequency 0 is silence.
    Buzzer { freq: u32, volume: u8 },
    /// The pixels that changed, as `(index, [r, g, b])`.
    Neopixel(Vec<(usize, [u8; 3])>),
    OledPower(bool),
    OledInvert(bool),
    OledContrast(u8),
    /// GDDRAM changed: pixels lit and a fingerprint.
    OledPicture { lit: u32, hash: u32 },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Change::Led { gpio, brightness: 0 } => write!(f, "led:{} off", gpio),
            Change::Led { gpio, brightness: 255 } => write!(f, "led:{} on", gpio),
            Change::Led { gpio, brightness } => write!(f, "led:{} {}%", gpio, *brightness as u32 * 100 / 255),
            Change::Pin { gpio, high } => write!(f, "pin:{} {}", gpio, *high as u8),
            Change::Button { gpio, pressed } => {
                write!(f, "button:{} {}", gpio, if *pressed { "pressed" } else { "released" })
            }
            Change::Servo(None) => write!(f, "servo off"),
            Change::Servo(Some(t)) => write!(f, "servo {}.{}°", t / 10, t % 10),
            Change::Buzzer { freq: 0, .. } => write!(f, "buzzer off"),
            Change::Buzzer { freq, volume } => write!(f, "buzzer {} Hz volume {}", freq, volume),
            Change::Neopixel(px) => {
                write!(f, "neopixel")?;
                for (i, [r, g, b]) in px {
                    write!(f, " {}:({},{},{})", i, r, g, b)?;
                }
                Ok(())
            }
            Change::OledPower(on) => write!(f, "oled: display {}", if *on { "on" } else { "off" }),
            Change::OledInvert(on) => write!(f, "oled: invert {}", if *on { "on" } else { "off" }),
            Change::OledContrast(c) => write!(f, "oled: contrast {}", c),
            Change::OledPicture { lit, hash } => write!(f, "oled: {} px lit (#{:08x})", lit, hash),
        }
    }
}

pub(crate) fn diff(a: &Board, b: &Board) -> Vec<Change> {
    let mut out = Vec::new();
    for gpio in 0..32u32 {
        let is_part = LEDS.contains(&gpio) || gpio == SERVO_PIN || gpio == BUZZER_PIN;
        let (ha, hb) = (a.output_levels() >> gpio & 1 != 0, b.output_levels() >> gpio & 1 != 0);
        if LEDS.contains(&gpio) && a.brightness(gpio) != b.brightness(gpio) {
            out.push(Change::Led { gpio, brightness: b.brightness(gpio) });
        } else if !is_part && ha != hb {
            out.push(Change::Pin { gpio, high: hb });
        }
    }
    for (gpio, bit) in [(crate::BOOT_BUTTON, 1), (crate::USER_BUTTON, 2)] {
        if (a.buttons ^ b.buttons) & bit != 0 {
            out.push(Change::Button { gpio, pressed: b.buttons & bit != 0 });
        }
    }
    if a.servo_tenths() != b.servo_tenths() {
        out.push(Change::Servo(b.servo_tenths()));
    }
    if a.buzzer() != b.buzzer() {
        let (freq, volume) = b.buzzer();
        out.push(Change::Buzzer { freq, volume });
    }
    let px: Vec<(usize, [u8; 3])> =
        (0..NEOPIXELS).filter(|&i| a.neopixels[i] != b.neopixels[i]).map(|i| (i, b.neopixels[i])).collect();
    if !px.is_empty() {
        out.push(Change::Neopixel(px));
    }
    let (oa, ob) = (&a.oled, &b.oled);
    if oa.display_on != ob.display_on {
        out.push(Change::OledPower(ob.display_on));
    }
    if oa.inverted != ob.inverted {
        out.push(Change::OledInvert(ob.inverted));
    }
    if oa.contrast != ob.contrast {
        out.push(Change::OledContrast(ob.contrast));
    }
    if oa.gddram != ob.gddram {
        out.push(Change::OledPicture { lit: ob.lit(), hash: ob.hash() });
    }
    out
}
