//! The virtual ESP32 DevKit shared by the browser playground and `ferrite --board`: pin states,
//! the parts wired to them (LEDs, buttons, servo, buzzer, potentiometer, NeoPixel strip, SSD1306
//! OLED), edges for pin IRQs, a compact per-frame snapshot and a change list for printing.
//!
//! Ports forward their `vm::host::Host` peripheral calls here; the board never does I/O.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

mod change;
mod snapshot;
pub mod ssd1306;

use alloc::vec::Vec;

pub use change::Change;
pub use snapshot::{FRAME_LEN, VERSION};
use vm::host::{PinMode, Pull};

/// The board's pin map.
pub const LEDS: [u32; 4] = [2, 25, 26, 27];
pub const BOOT_BUTTON: u32 = 0;
pub const USER_BUTTON: u32 = 4;
pub const NEOPIXEL_PIN: u32 = 5;
pub const NEOPIXELS: usize = 8;
pub const SERVO_PIN: u32 = 18;
pub const BUZZER_PIN: u32 = 19;
pub const POT_PIN: u32 = 34;
pub const I2C_SDA: u32 = 21;
pub const I2C_SCL: u32 = 22;
pub const OLED_ADDR: u8 = 0x3C;
/// GPIO numbers 0..PINS exist in the model (the ESP32 has GPIO 0..39).
pub const PINS: usize = 40;
/// Pin edges kept for IRQs before the oldest are dropped (a program that never polls).
const EDGE_QUEUE: usize = 64;

pub use vm::host::{IRQ_FALLING, IRQ_RISING};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PinState {
    pub mode: PinMode,
    pub pull: Pull,
    /// The output latch (what `value(1)` wrote).
    pub level: bool,
    /// PWM `(freq_hz, duty_u16)` while a PWM drives the pin.
    pub pwm: Option<(u32, u16)>,
    /// IRQ trigger bits.
    pub irq: u8,
}

impl Default for PinState {
    fn default() -> Self {
        PinState { mode: PinMode::In, pull: Pull::None, level: false, pwm: None, irq: 0 }
    }
}

/// The whole virtual DevKit's state.
#[derive(Clone, Debug)]
pub struct Board {
    pins: [PinState; PINS],
    /// Pressed buttons: bit0 = GPIO0, bit1 = GPIO4.
    buttons: u8,
    pot: u16,
    /// NeoPixel colours as R, G, B.
    neopixels: [[u8; 3]; NEOPIXELS],
    oled: ssd1306::Ssd1306,
    /// Pin edges `(gpio, rising)` waiting for the VM's IRQ dispatch, oldest first (a `Vec`:
    /// at most [`EDGE_QUEUE`] of them, and no `VecDeque` code for this one type in the wasm).
    edges: Vec<(u32, bool)>,
    /// The state as last reported by `take_changes`.
    reported: Option<alloc::boxed::Box<Board>>,
}

impl Default for Board {
    fn default() -> Self {
        Board::new()
    }
}

impl Board {
    pub fn new() -> Board {
        Board {
            pins: [PinState::default(); PINS],
            buttons: 0,
            pot: 0,
            neopixels: [[0; 3]; NEOPIXELS],
            oled: ssd1306::Ssd1306::default(),
            edges: Vec::new(),
            reported: None,
        }
    }

    /// `machine.reset` / the Reset button: all parts off, every pin an input. The user's hands
    /// (buttons held, the pot's position) stay as they are.
    pub fn reset(&mut self) {
        let (buttons, pot, reported) = (self.buttons, self.pot, self.reported.take());
        *self = Board::new();
        self.buttons = buttons;
        self.pot = pot;
        self.reported = reported;
    }

    fn pin(&self, gpio: u32) -> Option<&PinState> {
        self.pins.get(gpio as usize)
    }

    fn pin_mut(&mut self, gpio: u32) -> Option<&mut PinState> {
        self.pins.get_mut(gpio as usize)
    }

    pub fn pin_state(&self, gpio: u32) -> Option<PinState> {
        self.pin(gpio).copied()
    }

    // ---- the user's side

    fn button_bit(gpio: u32) -> Option<u8> {
        match gpio {
            BOOT_BUTTON => Some(1),
            USER_BUTTON => Some(2),
            _ => None,
        }
    }

    pub fn set_button(&mut self, gpio: u32, pressed: bool) {
        let Some(bit) = Board::button_bit(gpio) else { return };
        let before = self.input_level(gpio);
        if pressed {
            self.buttons |= bit;
        } else {
            self.buttons &= !bit;
        }
        self.note_edge(gpio, before);
    }

    pub fn set_pot(&mut self, raw_u16: u16) {
        self.pot = raw_u16;
    }

    /// Queue an edge if the level seen on `gpio` moved from `before` and an IRQ wants it.
    fn note_edge(&mut self, gpio: u32, before: bool) {
        let after = self.input_level(gpio);
        let Some(p) = self.pin(gpio) else { return };
        let wanted = if after { IRQ_RISING } else { IRQ_FALLING };
        if after != before && p.irq & wanted != 0 {
            if self.edges.len() == EDGE_QUEUE {
                self.edges.remove(0);
            }
            self.edges.push((gpio, after));
        }
    }

    // ---- the program's side (what the ports' Host impls forward)

    pub fn pin_config(&mut self, gpio: u32, mode: PinMode, pull: Pull) {
        let before = self.input_level(gpio);
        if let Some(p) = self.pin_mut(gpio) {
            p.mode = mode;
            p.pull = pull;
            p.pwm = None;
        }
        self.note_edge(gpio, before);
    }

    pub fn pin_write(&mut self, gpio: u32, level: bool) {
        if let Some(p) = self.pin_mut(gpio) {
            p.level = level;
            p.pwm = None;
        }
    }

    /// The level a program reads: a button pulls its pin low; an output reads back its latch;
    /// otherwise the pull resistor decides (a floating pin reads 0).
    pub fn pin_read(&self, gpio: u32) -> bool {
        self.input_level(gpio)
    }

    fn input_level(&self, gpio: u32) -> bool {
        let Some(p) = self.pin(gpio) else { return false };
        if p.mode == PinMode::Out {
            return p.level;
        }
        if let Some(bit) = Board::button_bit(gpio) {
            if self.buttons & bit != 0 {
                return false;
            }
            // The DevKit has an external pull-up on BOOT; the user button has none.
            return gpio == BOOT_BUTTON || p.pull == Pull::Up;
        }
        if gpio == POT_PIN {
            return self.pot >= 0x8000;
        }
        if p.mode == PinMode::OpenDrain && !p.level {
            return false;
        }
        p.pull == Pull::Up
    }

    /// Start, change or (with `freq_hz == 0`) stop a PWM on `gpio`.
    pub fn pwm_set(&mut self, gpio: u32, freq_hz: u32, duty_u16: u16) {
        if let Some(p) = self.pin_mut(gpio) {
            p.pwm = if freq_hz == 0 { None } else { Some((freq_hz, duty_u16)) };
            if freq_hz == 0 {
                p.level = false;
            } else {
                p.mode = PinMode::Out;
            }
        }
    }

    pub fn adc_read_u16(&self, gpio: u32) -> u16 {
        if gpio == POT_PIN {
            self.pot
        } else if self.input_level(gpio) {
            0xFFFF
        } else {
            0
        }
    }

    pub fn set_irq(&mut self, gpio: u32, trigger: u8) {
        if let Some(p) = self.pin_mut(gpio) {
            p.irq = trigger;
        }
        if trigger == 0 {
            self.edges.retain(|&(g, _)| g != gpio);
        }
    }

    /// The oldest pin edge `(gpio, rising)` not yet handed to the VM.
    pub fn take_edge(&mut self) -> Option<(u32, bool)> {
        (!self.edges.is_empty()).then(|| self.edges.remove(0))
    }

    /// An I2C write transaction; `false` when no device acknowledges the address (ENODEV).
    pub fn i2c_write(&mut self, addr: u8, data: &[u8]) -> bool {
        if addr != OLED_ADDR {
            return false;
        }
        self.oled.write(data);
        true
    }

    /// An I2C read transaction into `buf`; the SSD1306 answers with its status byte
    /// (bit6 = display off), as the real chip does.
    pub fn i2c_read(&mut self, addr: u8, buf: &mut [u8]) -> bool {
        if addr != OLED_ADDR {
            return false;
        }
        let status = if self.oled.display_on { 0 } else { 0x40 };
        buf.fill(status);
        true
    }

    /// A bitstream (`machine.bitstream` / `neopixel.write`) on `gpio`: on the strip's pin it is
    /// GRB bytes, 3 per LED; bytes beyond the strip fall off its end.
    pub fn neopixel_write(&mut self, gpio: u32, grb: &[u8]) {
        if gpio != NEOPIXEL_PIN {
            return;
        }
        for (px, c) in self.neopixels.iter_mut().zip(grb.chunks_exact(3)) {
            *px = [c[1], c[0], c[2]];
        }
    }

    // ---- what the parts show

    /// Brightness 0..255 of the output on `gpio` (digital or PWM). An open-drain high is
    /// released: no current through the LED.
    pub fn brightness(&self, gpio: u32) -> u8 {
        let Some(p) = self.pin(gpio) else { return 0 };
        match (p.mode, p.pwm) {
            (PinMode::In, _) => 0,
            (_, Some((_, duty))) => ((duty as u32 * 255 + 32767) / 65535) as u8,
            (PinMode::Out, None) => 255 * p.level as u8,
            (PinMode::OpenDrain, None) => 0,
        }
    }

    /// The servo's angle in tenths of a degree from its pulse width (0.5–2.5 ms → 0–180°);
    /// None without a pulse train.
    pub fn servo_tenths(&self) -> Option<u16> {
        let (freq, duty) = self.pin(SERVO_PIN)?.pwm?;
        if duty == 0 || freq > 1000 {
            return None;
        }
        let pulse_ns = duty as u64 * 1_000_000_000 / (freq as u64 * 65536);
        let tenths = ((pulse_ns.clamp(500_000, 2_500_000) - 500_000) * 1800 + 1_000_000) / 2_000_000;
        Some(tenths as u16)
    }

    /// `(frequency Hz, volume 0..255)` of the buzzer; frequency 0 when silent.
    pub fn buzzer(&self) -> (u32, u8) {
        match self.pin(BUZZER_PIN).and_then(|p| p.pwm) {
            Some((f, d)) if d > 0 => (f, self.brightness(BUZZER_PIN)),
            _ => (0, 0),
        }
    }

    pub fn pot(&self) -> u16 {
        self.pot
    }

    pub fn buttons(&self) -> u8 {
        self.buttons
    }

    pub fn neopixels(&self) -> &[[u8; 3]; NEOPIXELS] {
        &self.neopixels
    }

    pub fn oled(&self) -> &ssd1306::Ssd1306 {
        &self.oled
    }

    /// Output levels of GPIO 0..31 as a bitmask.
    pub fn output_levels(&self) -> u32 {
        self.pins.iter().take(32).enumerate().fold(0, |m, (i, p)| {
            let high = p.mode != PinMode::In && p.level && p.pwm.is_none();
            m | ((high as u32) << i)
        })
    }

    /// Write the frame the page animates from (layout in `snapshot.rs`); clears `out` first.
    pub fn snapshot(&self, out: &mut Vec<u8>) {
        snapshot::write(self, out)
    }

    /// What changed since the last call (the first call compares with a fresh board).
    pub fn take_changes(&mut self) -> Vec<Change> {
        let before = self.reported.take().unwrap_or_else(|| alloc::boxed::Box::new(Board::new()));
        let changes = change::diff(&before, self);
        let mut now = self.clone();
        now.reported = None;
        now.edges.clear();
        self.reported = Some(alloc::boxed::Box::new(now));
        changes
    }
}

#[cfg(test)]
mod tests;
