//! `machine` seen from Python over a host that records every peripheral call and answers
//! what a test tells it to: the arguments reach the host, and the host's refusals reach
//! Python as MicroPython's exceptions.

extern crate std;

use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::host::{Host, HwError};
use crate::{Config, Vm};

#[derive(Default)]
struct Wire {
    out: Vec<u8>,
    /// One line per peripheral call, in order.
    calls: Vec<String>,
    /// The next `pwm_set` fails with this.
    pwm_refusal: Option<HwError>,
}

struct Recorder(Rc<RefCell<Wire>>);

impl Recorder {
    fn log(&self, call: String) {
        self.0.borrow_mut().calls.push(call);
    }
}

impl Host for Recorder {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().out.extend_from_slice(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), HwError> {
        self.log(format!("pwm {pin} {freq_hz} {duty_u16}"));
        self.0.borrow_mut().pwm_refusal.take().map_or(Ok(()), Err)
    }
    /// A reading of 0xABC in 12 bits, as the esp32 port scales it to 16.
    fn adc_read_u16(&mut self, pin: u32, atten: u8) -> u16 {
        self.log(format!("adc {pin} atten {atten}"));
        0xABC << 4 | 0xABC >> 8
    }
}

fn vm() -> (Vm, Rc<RefCell<Wire>>) {
    let wire = Rc::new(RefCell::new(Wire::default()));
    let vm = Vm::new(Config { heap_size: 1 << 20, platform: "esp32" }, Box::new(Recorder(wire.clone())));
    (vm, wire)
}

/// Run `source`; what it printed, then the exception if one escaped.
fn run(vm: &mut Vm, wire: &Rc<RefCell<Wire>>, source: &str) -> String {
    let mut text = match vm.start_main(source, "<test>").and_then(|_| vm.run_to_end()) {
        Ok(()) => String::new(),
        Err(e) => vm.format_exception(e.0),
    };
    text.insert_str(0, &String::from_utf8_lossy(&core::mem::take(&mut wire.borrow_mut().out)));
    text
}

fn calls(wire: &Rc<RefCell<Wire>>) -> Vec<String> {
    core::mem::take(&mut wire.borrow_mut().calls)
}

/// The last line of a traceback: the exception and its message.
fn last_line(text: &str) -> &str {
    text.trim_end().rsplit('\n').next().unwrap_or("")
}

#[test]
fn pwm_settings_reach_the_host() {
    let (mut vm, wire) = vm();
    let out = run(&mut vm, &wire, "from machine import PWM, Pin\np = PWM(Pin(2), freq=1000, duty_u16=16384)\np.freq(50)\np.duty(1023)\nprint(p)\np.deinit()\n");
    assert_eq!(out, "PWM(Pin(2), freq=50, duty_u16=65535)\n");
    assert_eq!(calls(&wire), ["pwm 2 1000 16384", "pwm 2 50 16384", "pwm 2 50 65535", "pwm 2 0 0"]);
}

#[test]
fn a_refused_pwm_setting_raises_and_leaves_the_object_as_it_was() {
    let (mut vm, wire) = vm();
    run(&mut vm, &wire, "from machine import PWM, Pin\np = PWM(Pin(2), freq=1000)\n");
    for (refusal, expected) in [
        (HwError::Runtime("out of PWM timers:4".into()), "RuntimeError: out of PWM timers:4"),
        (HwError::Value("frequency must be from 5Hz to 40MHz".into()), "ValueError: frequency must be from 5Hz to 40MHz"),
        (HwError::Os(crate::host::errno::EIO), "OSError: [Errno 5] EIO"),
    ] {
        wire.borrow_mut().pwm_refusal = Some(refusal);
        let out = run(&mut vm, &wire, "p.freq(3)\n");
        assert_eq!(last_line(&out), expected);
        assert_eq!(run(&mut vm, &wire, "print(p.freq())\n"), "1000\n");
    }
    wire.borrow_mut().pwm_refusal = Some(HwError::Runtime("out of PWM channels:6".into()));
    let out = run(&mut vm, &wire, "q = PWM(Pin(3))\n");
    assert_eq!(last_line(&out), "RuntimeError: out of PWM channels:6");
}

#[test]
fn adc_readings_carry_the_attenuation_and_scale_like_the_esp32_port() {
    let (mut vm, wire) = vm();
    let out = run(
        &mut vm,
        &wire,
        "from machine import ADC, Pin\na = ADC(Pin(34), atten=ADC.ATTN_11DB)\nprint(a, a.read_u16(), a.read())\n\
         a.atten(ADC.ATTN_0DB)\na.width(ADC.WIDTH_10BIT)\nprint(a.read(), a.read_uv())\n",
    );
    // 0xABC → 16 bits 0xABCA = 43978; 10 bits 687; 0 dB nominal full scale 950 mV.
    assert_eq!(out, "ADC(Pin(34), atten=3) 43978 2748\n687 637508\n");
    assert_eq!(calls(&wire), ["adc 34 atten 3", "adc 34 atten 3", "adc 34 atten 0", "adc 34 atten 0"]);
}

#[test]
fn adc_refuses_bad_pins_and_settings() {
    let (mut vm, wire) = vm();
    for (src, expected) in [
        ("ADC(Pin(5))", "ValueError: invalid pin for ADC"),
        ("ADC(Pin(34), atten=4)", "ValueError: invalid attenuation"),
        ("ADC(Pin(34)).atten(-1)", "ValueError: invalid attenuation"),
        ("ADC(Pin(34)).width(13)", "ValueError: invalid width"),
    ] {
        let out = run(&mut vm, &wire, &format!("from machine import ADC, Pin\n{src}\n"));
        assert_eq!(last_line(&out), expected, "{src}");
    }
    assert!(calls(&wire).is_empty());
}

#[test]
fn freq_reads_the_host_clock_and_passes_changes_to_it() {
    let (mut vm, wire) = vm();
    let out = run(&mut vm, &wire, "import machine\nprint(machine.freq())\nmachine.freq(80000000)\nmachine.freq(123)\n");
    assert_eq!(out.lines().next(), Some("160000000"));
    assert_eq!(last_line(&out), "ValueError: frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz");
}
