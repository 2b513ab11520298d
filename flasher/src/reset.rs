//! Reset sequences as data: each is a list of line changes and pauses, so one table drives
//! WebSerial, native serial ports and the simulated board alike. `true` = line asserted
//! (pin pulled low). On dev boards RTS drives EN (reset) and DTR the boot strap pin.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Dtr(bool),
    Rts(bool),
    /// Both lines in one call (no transient where EN is released before the strap is low).
    Both { dtr: bool, rts: bool },
    Wait(u32),
}

use Line::*;

/// esptool's classic sequence: hold EN low, then release it with the strap pin low.
pub const CLASSIC: &[Line] = &[Dtr(false), Rts(true), Wait(100), Dtr(true), Rts(false), Wait(50), Dtr(false)];
/// The same for boards with a large capacitor on EN.
pub const CLASSIC_SLOW: &[Line] = &[Dtr(false), Rts(true), Wait(100), Dtr(true), Rts(false), Wait(550), Dtr(false)];
/// Both lines set together (esptool's "unix tight" reset).
pub const TIGHT: &[Line] = &[
    Both { dtr: false, rts: false },
    Both { dtr: true, rts: true },
    Both { dtr: false, rts: true },
    Wait(100),
    Both { dtr: true, rts: false },
    Wait(50),
    Both { dtr: false, rts: false },
    Dtr(false),
];
/// Native USB-Serial/JTAG (C3, C6, S3…): the chip decodes the virtual lines itself.
pub const USB_JTAG: &[Line] = &[
    Rts(false),
    Dtr(false),
    Wait(100),
    Dtr(true),
    Rts(false),
    Wait(100),
    Rts(true),
    Dtr(false),
    Rts(true),
    Wait(100),
    Dtr(false),
    Rts(false),
];

/// Strategies tried in turn by `--before default-reset`, one per connection attempt.
pub const AUTO: &[&[Line]] = &[TIGHT, CLASSIC, CLASSIC_SLOW];

/// Leave the bootloader and run the program: pulse EN with the strap released.
pub const HARD_RESET: &[Line] = &[Dtr(false), Rts(true), Wait(100), Rts(false)];
/// Hard reset over USB-Serial/JTAG: DTR must stay low or the chip re-enters download mode.
pub const HARD_RESET_USB: &[Line] = &[Wait(100), Dtr(false), Wait(100), Rts(true), Dtr(false), Rts(true), Wait(100), Rts(false)];

/// The state of the chip's EN and strap pins that lines `dtr`/`rts` produce on a dev board's
/// two-transistor circuit: `(in_reset, strap_low)`. Equal lines pull neither pin.
pub fn pins(dtr: bool, rts: bool) -> (bool, bool) {
    (rts && !dtr, dtr && !rts)
}
