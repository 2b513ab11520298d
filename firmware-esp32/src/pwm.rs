//! `machine.PWM` on the LEDC (low-speed channels, APB clock). Which channel and timer a pin
//! gets, and the duty in the timer's resolution, is `ferrite_port::ledc` (unit-tested there);
//! this file applies its plans to the hardware.
//!
//! esp-hal's channels borrow a `Timer` for their lifetime, and a timer is retuned with `&mut`:
//! so each channel points at one of four `Timer`s made and leaked once at start (they only tell
//! the channel their number), and a retune writes the registers through a fresh `Timer` for
//! that number.

use alloc::boxed::Box;

use esp_hal::gpio::{AnyPin, DriveMode};
use esp_hal::ledc::channel::{self, ChannelHW, ChannelIFace};
use esp_hal::ledc::timer::{self, LSClockSource, TimerIFace};
use esp_hal::ledc::{LSGlobalClkSource, Ledc, LowSpeed};
use esp_hal::peripherals::LEDC;
use esp_hal::time::Rate;
use ferrite_port::ledc::{Ledc as Plans, PwmError, CHANNELS};

const TIMER_NUMBERS: [timer::Number; 4] = [timer::Number::Timer0, timer::Number::Timer1, timer::Number::Timer2, timer::Number::Timer3];
const CHANNEL_NUMBERS: [channel::Number; CHANNELS] = [
    channel::Number::Channel0,
    channel::Number::Channel1,
    channel::Number::Channel2,
    channel::Number::Channel3,
    channel::Number::Channel4,
    channel::Number::Channel5,
];

pub struct Pwm {
    ledc: Ledc<'static>,
    timers: &'static [timer::Timer<'static, LowSpeed>; 4],
    channels: [Option<channel::Channel<'static, LowSpeed>>; CHANNELS],
    plans: Plans,
}

impl Pwm {
    pub fn new(ledc: LEDC<'static>) -> Self {
        let mut ledc = Ledc::new(ledc);
        ledc.set_global_slow_clock(LSGlobalClkSource::APBClk);
        let timers = TIMER_NUMBERS.map(|n| {
            let mut t = ledc.timer::<LowSpeed>(n);
            // 5 kHz at 13 bits is always valid; it only marks the timer configured.
            let _ = configure(&mut t, 5000, 13);
            t
        });
        Pwm { ledc, timers: Box::leak(Box::new(timers)), channels: core::array::from_fn(|_| None), plans: Plans::default() }
    }

    /// Would the LEDC take this setting?
    pub fn check(&self, pin: u32, freq_hz: u32) -> Result<(), PwmError> {
        self.plans.check(pin, freq_hz)
    }

    /// PWM on `pin` (the caller has dropped the pin's GPIO driver).
    pub fn set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), PwmError> {
        let plan = self.plans.set(pin, freq_hz, duty_u16)?;
        if let Some((f, bits)) = plan.configure_timer {
            let mut t = self.ledc.timer::<LowSpeed>(TIMER_NUMBERS[plan.timer]);
            configure(&mut t, f, bits).map_err(|_| PwmError::BadFrequency)?;
        }
        let slot = &mut self.channels[plan.channel];
        // SAFETY: `Machine` dropped the pin's GPIO driver before calling, and the plans give
        // each pin one channel, so this channel is the pin's only user.
        let mut ch = slot.take().unwrap_or_else(|| self.ledc.channel(CHANNEL_NUMBERS[plan.channel], unsafe { AnyPin::steal(pin as u8) }));
        let cfg = channel::config::Config { timer: &self.timers[plan.timer], duty_pct: 0, drive_mode: DriveMode::PushPull };
        let done = ch.configure(cfg);
        if done.is_ok() {
            ch.set_duty_hw(plan.duty);
        }
        *slot = Some(ch);
        done.map_err(|_| PwmError::BadFrequency)
    }

    /// Stop PWM on `pin` (output low); false if it had none.
    pub fn release(&mut self, pin: u32) -> bool {
        match self.plans.release(pin) {
            Some(c) => {
                if let Some(ch) = self.channels[c].take() {
                    ch.set_duty_hw(0);
                }
                true
            }
            None => false,
        }
    }

    pub fn release_all(&mut self) {
        for ch in self.channels.iter_mut().filter_map(Option::take) {
            ch.set_duty_hw(0);
        }
        self.plans.clear();
    }
}

fn configure(t: &mut timer::Timer<'static, LowSpeed>, freq_hz: u32, bits: u32) -> Result<(), ()> {
    let duty = timer::config::Duty::try_from(bits).map_err(|_| ())?;
    t.configure(timer::config::Config { duty, clock_source: LSClockSource::APBClk, frequency: Rate::from_hz(freq_hz) }).map_err(|_| ())
}
