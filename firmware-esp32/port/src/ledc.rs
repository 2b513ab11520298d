//! Which LEDC channel and timer each PWM pin uses: the C3/C6 LEDC has 6 channels and 4
//! timers, and a timer sets the frequency of every channel on it. As in MicroPython's esp32
//! port, pins at the same frequency share a timer, a new frequency takes a free timer, and a
//! channel alone on its timer retunes it in place. The driver only applies the [`Plan`].

use alloc::format;

use vm::host::HwError;

use crate::pins::{ledc_bits, ledc_duty};

pub const CHANNELS: usize = 6;
pub const TIMERS: usize = 4;

/// Why a PWM setting cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PwmError {
    OutOfChannels,
    OutOfTimers,
    BadFrequency,
}

impl From<PwmError> for HwError {
    /// MicroPython's esp32 texts for running out (RuntimeError there). A frequency in its
    /// 1 Hz–40 MHz range that the 80 MHz clock cannot divide down to (below 5 Hz) is an
    /// ESP-IDF error code there; here it says what the range is.
    fn from(e: PwmError) -> Self {
        match e {
            PwmError::OutOfChannels => HwError::Runtime(format!("out of PWM channels:{CHANNELS}")),
            PwmError::OutOfTimers => HwError::Runtime(format!("out of PWM timers:{TIMERS}")),
            PwmError::BadFrequency => HwError::Value(format!("frequency must be from {}Hz to 40MHz", crate::pins::LEDC_MIN_HZ)),
        }
    }
}

/// What the driver must do for one `set`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub channel: usize,
    pub timer: usize,
    /// `(freq_hz, bits)` when the timer must be (re)configured first.
    pub configure_timer: Option<(u32, u32)>,
    /// The channel's duty in the timer's resolution.
    pub duty: u32,
}

#[derive(Debug, Default, Clone)]
pub struct Ledc {
    /// Per channel: the pin and timer using it.
    channels: [Option<(u32, usize)>; CHANNELS],
    /// Per timer: its frequency and resolution while a channel uses it.
    timers: [Option<(u32, u32)>; TIMERS],
}

impl Ledc {
    fn channel_of(&self, pin: u32) -> Option<usize> {
        self.channels.iter().position(|c| c.is_some_and(|(p, _)| p == pin))
    }

    fn users(&self, timer: usize) -> usize {
        self.channels.iter().filter(|c| c.is_some_and(|(_, t)| t == timer)).count()
    }

    /// PWM on `pin` at `freq_hz` with MicroPython's `duty_u16`.
    pub fn set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<Plan, PwmError> {
        let bits = ledc_bits(freq_hz).ok_or(PwmError::BadFrequency)?;
        let existing = self.channel_of(pin);
        let channel = match existing {
            Some(c) => c,
            None => self.channels.iter().position(Option::is_none).ok_or(PwmError::OutOfChannels)?,
        };
        let current = existing.and_then(|c| self.channels[c]).map(|(_, t)| t);
        let (timer, configure) = if let Some(t) = self.timers.iter().position(|t| t.is_some_and(|(f, _)| f == freq_hz)) {
            (t, None)
        } else if let Some(t) = current.filter(|&t| self.users(t) == 1) {
            (t, Some((freq_hz, bits)))
        } else {
            let free = (0..TIMERS).find(|&t| self.users(t) == 0).ok_or(PwmError::OutOfTimers)?;
            (free, Some((freq_hz, bits)))
        };
        self.channels[channel] = Some((pin, timer));
        self.timers[timer] = Some((freq_hz, bits));
        self.free_unused_timers();
        Ok(Plan { channel, timer, configure_timer: configure, duty: ledc_duty(duty_u16, bits) })
    }

    /// Would `set` succeed? (Asked before the pin is taken from its other uses.)
    pub fn check(&self, pin: u32, freq_hz: u32) -> Result<(), PwmError> {
        self.clone().set(pin, freq_hz, 0).map(|_| ())
    }

    /// Stop PWM on `pin` (`deinit`): the channel it had, if any.
    pub fn release(&mut self, pin: u32) -> Option<usize> {
        let c = self.channel_of(pin)?;
        self.channels[c] = None;
        self.free_unused_timers();
        Some(c)
    }

    /// Forget every channel (a soft reset).
    pub fn clear(&mut self) {
        *self = Ledc::default();
    }

    fn free_unused_timers(&mut self) {
        for t in 0..TIMERS {
            if self.users(t) == 0 {
                self.timers[t] = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pins::LEDC_MIN_HZ;

    #[test]
    fn pins_at_one_frequency_share_a_timer() {
        let mut l = Ledc::default();
        let a = l.set(2, 5000, 32768).unwrap();
        assert_eq!(a, Plan { channel: 0, timer: 0, configure_timer: Some((5000, 13)), duty: 4096 });
        let b = l.set(3, 5000, 65535).unwrap();
        assert_eq!(b, Plan { channel: 1, timer: 0, configure_timer: None, duty: 8192 });
    }

    #[test]
    fn a_new_frequency_takes_a_free_timer_and_keeps_the_duty() {
        let mut l = Ledc::default();
        l.set(2, 5000, 32768).unwrap();
        l.set(3, 5000, 32768).unwrap();
        // Pin 3 moves to 50 Hz: pin 2 still needs timer 0, so timer 1 is tuned.
        let p = l.set(3, 50, 32768).unwrap();
        assert_eq!(p, Plan { channel: 1, timer: 1, configure_timer: Some((50, 14)), duty: 8192 });
        // Pin 2 alone on timer 0 retunes it in place.
        let p = l.set(2, 1000, 16384).unwrap();
        assert_eq!(p, Plan { channel: 0, timer: 0, configure_timer: Some((1000, 14)), duty: 4096 });
        // And joins timer 1 when it asks for 50 Hz; timer 0 is then free.
        let p = l.set(2, 50, 16384).unwrap();
        assert_eq!((p.timer, p.configure_timer), (1, None));
        assert_eq!(l.set(4, 20_000, 0).unwrap().timer, 0);
    }

    #[test]
    fn running_out_gives_micropythons_errors() {
        let mut l = Ledc::default();
        for (pin, f) in [(0, 100), (1, 200), (2, 300), (3, 400)] {
            l.set(pin, f, 0).unwrap();
        }
        assert_eq!(l.check(4, 500), Err(PwmError::OutOfTimers));
        assert_eq!(l.set(4, 500, 0), Err(PwmError::OutOfTimers));
        assert_eq!(l.set(4, 400, 0).unwrap().channel, 4);
        assert_eq!(l.set(5, 100, 0).unwrap().channel, 5);
        assert_eq!(l.set(6, 100, 0), Err(PwmError::OutOfChannels));
        assert_eq!(HwError::from(PwmError::OutOfChannels), HwError::Runtime("out of PWM channels:6".into()));
        assert_eq!(HwError::from(PwmError::OutOfTimers), HwError::Runtime("out of PWM timers:4".into()));
        assert_eq!(l.release(0), Some(0));
        assert_eq!(l.set(6, 100, 0).unwrap().channel, 0);
        assert_eq!(l.release(9), None);
    }

    #[test]
    fn a_frequency_the_ledc_cannot_make_is_refused_without_taking_a_channel() {
        let mut l = Ledc::default();
        assert_eq!(l.set(2, 1, 0), Err(PwmError::BadFrequency));
        assert_eq!(l.set(2, LEDC_MIN_HZ - 1, 0), Err(PwmError::BadFrequency));
        assert_eq!(l.set(2, LEDC_MIN_HZ, 0).unwrap().channel, 0);
        assert_eq!(l.set(2, 0, 0), Err(PwmError::BadFrequency));
        assert_eq!(HwError::from(PwmError::BadFrequency), HwError::Value("frequency must be from 5Hz to 40MHz".into()));
        assert_eq!(l.set(2, 5000, 0).unwrap().channel, 0);
    }
}
