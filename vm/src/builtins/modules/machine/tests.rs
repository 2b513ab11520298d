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

use crate::host::{Host, HwError, PinMode, Pull, SpiConfig, UartConfig};
use crate::{Config, Vm};

#[derive(Default)]
struct Wire {
    out: Vec<u8>,
    /// One line per peripheral call, in order.
    calls: Vec<String>,
    /// The next `pwm_set` fails with this.
    pwm_refusal: Option<HwError>,
    /// Pin levels as last driven.
    levels: Vec<bool>,
    /// `(from, to)`: reading pin `to` gives pin `from`'s level (a wire between them).
    jumper: Option<(u32, u32)>,
    /// Bytes waiting on UART 1.
    uart_rx: Vec<u8>,
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
    fn pin_config(&mut self, pin: u32, mode: PinMode, _pull: Pull) -> Result<(), crate::host::OsError> {
        self.log(format!("pin {pin} {mode:?}"));
        Ok(())
    }
    fn pin_write(&mut self, pin: u32, level: bool) {
        if let Some(l) = self.0.borrow_mut().levels.get_mut(pin as usize) {
            *l = level;
        }
    }
    fn pin_read(&mut self, pin: u32) -> bool {
        let w = self.0.borrow();
        let from = match w.jumper {
            Some((from, to)) if to == pin => from,
            _ => pin,
        };
        w.levels.get(from as usize).copied().unwrap_or(false)
    }
    fn spi_init(&mut self, id: u32, c: &SpiConfig) -> Result<(), HwError> {
        self.log(format!("spi{id} init {} {}{} {:?} {:?} {:?}", c.baudrate, c.polarity, c.phase, c.sck, c.mosi, c.miso));
        Ok(())
    }
    /// Answers each byte with its complement.
    fn spi_transfer(&mut self, id: u32, buf: &mut [u8]) -> Result<(), HwError> {
        self.log(format!("spi{id} {buf:02x?}"));
        buf.iter_mut().for_each(|b| *b = !*b);
        Ok(())
    }
    fn uart_init(&mut self, id: u32, c: &UartConfig) -> Result<(), HwError> {
        if id != 1 {
            return Err(HwError::Value(format!("UART({id}) is the REPL console")));
        }
        self.log(format!("uart{id} init {} {}{:?}{} {:?} {:?}", c.baudrate, c.bits, c.parity, c.stop, c.tx, c.rx));
        Ok(())
    }
    fn uart_write(&mut self, id: u32, data: &[u8]) -> Result<usize, HwError> {
        self.log(format!("uart{id} {:?}", String::from_utf8_lossy(data)));
        Ok(data.len())
    }
    fn uart_read(&mut self, _id: u32, buf: &mut [u8]) -> Result<usize, HwError> {
        let mut w = self.0.borrow_mut();
        let n = buf.len().min(w.uart_rx.len());
        buf[..n].copy_from_slice(&w.uart_rx[..n]);
        w.uart_rx.drain(..n);
        Ok(n)
    }
    fn uart_any(&mut self, _id: u32) -> Result<usize, HwError> {
        Ok(self.0.borrow().uart_rx.len())
    }
    fn i2c_write(&mut self, _scl: u32, _sda: u32, addr: u8, data: &[u8]) -> Result<(), crate::host::OsError> {
        self.log(format!("i2c {addr} {data:02x?}"));
        Ok(())
    }
    /// Answers 0xa0, 0xa1, ...
    fn i2c_read(&mut self, _scl: u32, _sda: u32, addr: u8, buf: &mut [u8]) -> Result<(), crate::host::OsError> {
        self.log(format!("i2c read {addr} {}", buf.len()));
        buf.iter_mut().enumerate().for_each(|(i, b)| *b = 0xa0 + i as u8);
        Ok(())
    }
    /// A reading of 0xABC in 12 bits, as the esp32 port scales it to 16.
    fn adc_read_u16(&mut self, pin: u32, atten: u8) -> u16 {
        self.log(format!("adc {pin} atten {atten}"));
        0xABC << 4 | 0xABC >> 8
    }
}

fn vm() -> (Vm, Rc<RefCell<Wire>>) {
    let wire = Rc::new(RefCell::new(Wire { levels: alloc::vec![false; 40], ..Wire::default() }));
    let vm = Vm::new(Config { heap_size: 1 << 20, platform: "esp32", ..Config::default() }, Box::new(Recorder(wire.clone())));
    (vm, wire)
}

/// Run `source`; what it printed, then the exception if one escaped.
fn run(vm: &mut Vm, wire: &Rc<RefCell<Wire>>, source: &str) -> String {
    let mut text = match vm.start_main(source, "<test>").and_then(|_| vm.run_to_end()) {
        Ok(()) => String::new(),
        Err(e) => vm.format_exception(vm.exc_value(e)),
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

#[test]
fn soft_spi_bit_bangs_every_mode_through_the_pins() {
    let (mut vm, wire) = vm();
    wire.borrow_mut().jumper = Some((23, 19)); // MOSI wired to MISO
    for (polarity, phase) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        let src = format!(
            "from machine import SoftSPI, Pin\ns = SoftSPI(baudrate=100000, polarity={polarity}, phase={phase}, sck=Pin(18), mosi=Pin(23), miso=Pin(19))\n\
             buf = bytearray(3)\ns.write_readinto(b'\\xa5\\x0f\\x80', buf)\nprint(buf, s.read(2, 0x3c), s)\n"
        );
        let out = run(&mut vm, &wire, &src);
        assert_eq!(
            out,
            format!("bytearray(b'\\xa5\\x0f\\x80') b'<<' SoftSPI(baudrate=100000, polarity={polarity}, phase={phase}, bits=8, firstbit=0, sck=18, mosi=23, miso=19)\n")
        );
        assert_eq!(wire.borrow().levels[18], polarity == 1, "the clock rests at its idle level");
        assert_eq!(calls(&wire), ["pin 18 Out", "pin 23 Out", "pin 19 In"]);
    }
    let out = run(&mut vm, &wire, "from machine import SoftSPI\nSoftSPI(sck=18, mosi=23)\n");
    assert_eq!(last_line(&out), "TypeError: 'sck', 'mosi' and 'miso' arguments required");
}

#[test]
fn hardware_spi_goes_to_the_host() {
    let (mut vm, wire) = vm();
    let out = run(
        &mut vm,
        &wire,
        "from machine import SPI, Pin\ns = SPI(1, baudrate=1000000, polarity=1, sck=Pin(14), mosi=Pin(13), miso=Pin(12))\n\
         s.write(b'\\x01\\x02')\nprint(s.read(1, 0xff))\nb = bytearray(2)\ns.readinto(b)\nprint(b)\n\
         s.init(baudrate=2000000)\ntry:\n    s.write_readinto(b'abc', b)\nexcept ValueError as e:\n    print(e)\ns.deinit()\nSPI(3)\n",
    );
    assert_eq!(out.lines().take(3).collect::<Vec<_>>(), ["b'\\x00'", "bytearray(b'\\xff\\xff')", "buffers must be the same length"]);
    assert_eq!(last_line(&out), "ValueError: SPI(3) doesn't exist");
    assert_eq!(
        calls(&wire),
        [
            "spi1 init 1000000 10 Some(14) Some(13) Some(12)",
            "spi1 [01, 02]",
            "spi1 [ff]",
            "spi1 [00, 00]",
            "spi1 init 2000000 10 Some(14) Some(13) Some(12)"
        ]
    );
}

#[test]
fn uart_writes_and_reads_what_has_arrived() {
    let (mut vm, wire) = vm();
    wire.borrow_mut().uart_rx.extend_from_slice(b"hello\nworld");
    let out = run(
        &mut vm,
        &wire,
        "from machine import UART\nu = UART(1, baudrate=9600, tx=4, rx=5)\nprint(u.write('hi'), u.any())\n\
         print(u.readline(), u.read(2), u.read(), u.read())\nprint(u)\nUART(0)\n",
    );
    assert_eq!(out.lines().take(3).collect::<Vec<_>>(), ["2 11", "b'hello\\n' b'wo' b'rld' None", "UART(1, baudrate=9600, bits=8, parity=None, stop=1, tx=4, rx=5, timeout=0)"]);
    assert_eq!(last_line(&out), "ValueError: UART(0) is the REPL console");
    assert_eq!(calls(&wire), ["uart1 init 9600 8None1 Some(4) Some(5)", "uart1 \"hi\""]);
}

#[test]
fn uart_frame_settings_reach_the_host_or_raise_the_esp32_errors() {
    let (mut vm, wire) = vm();
    let out = run(
        &mut vm,
        &wire,
        "from machine import UART\nu = UART(1, 9600, 7, 1, 2)\nprint(u)\nu.init(parity=4, bits=5)\nprint(u)\n\
         u.init(parity=None)\nprint(u)\n\
         for k in ({'bits': 9}, {'stop': 3}, {'bits': 4}):\n    try:\n        u.init(**k)\n    except ValueError as e:\n        print(e)\n",
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "UART(1, baudrate=9600, bits=7, parity=1, stop=2, tx=-1, rx=-1, timeout=0)",
            "UART(1, baudrate=9600, bits=5, parity=0, stop=2, tx=-1, rx=-1, timeout=0)",
            "UART(1, baudrate=9600, bits=5, parity=None, stop=2, tx=-1, rx=-1, timeout=0)",
            "invalid data bits",
            "invalid stop bits",
            "invalid data bits",
        ]
    );
    assert_eq!(calls(&wire), ["uart1 init 9600 7Some(1)2 None None", "uart1 init 9600 5Some(0)2 None None", "uart1 init 9600 5None2 None None"]);
}

/// A host with no peripherals beyond the defaults.
struct Bare(Rc<RefCell<Wire>>);

impl Host for Bare {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().out.extend_from_slice(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
}

#[test]
fn a_board_without_spi_or_uart_says_so() {
    let wire = Rc::new(RefCell::new(Wire::default()));
    let mut vm = Vm::new(Config { heap_size: 1 << 20, platform: "esp32", ..Config::default() }, Box::new(Bare(wire.clone())));
    let out = run(&mut vm, &wire, "from machine import SPI\nSPI(1)\n");
    assert_eq!(last_line(&out), "OSError: this board has no hardware SPI: use machine.SoftSPI");
    let out = run(&mut vm, &wire, "from machine import UART\nUART(1, tx=4, rx=5)\n");
    assert_eq!(last_line(&out), "OSError: this board has no UART besides the REPL console");
}

#[test]
fn i2c_reads_write_the_register_address_first_and_fill_or_return_the_bytes() {
    let (mut vm, wire) = vm();
    let out = run(
        &mut vm,
        &wire,
        "from machine import I2C\ni = I2C(0)\nprint(i.readfrom(0x3c, 2))\nb = bytearray(3)\nprint(i.readfrom_into(0x3c, b), b)\n\
         print(i.readfrom_mem(0x3c, 0x1234, 2, addrsize=16))\nb = bytearray(1)\nprint(i.readfrom_mem_into(0x3c, 7, b), b)\n",
    );
    assert_eq!(out, "b'\\xa0\\xa1'\nNone bytearray(b'\\xa0\\xa1\\xa2')\nb'\\xa0\\xa1'\nNone bytearray(b'\\xa0')\n");
    assert_eq!(calls(&wire), ["i2c read 60 2", "i2c read 60 3", "i2c 60 [12, 34]", "i2c read 60 2", "i2c 60 [07]", "i2c read 60 1"]);
    // Which argument is checked first: the address for `readfrom`, the count for `readfrom_mem`.
    for (call, error) in [
        ("i.readfrom(200, -1)", "ValueError: invalid I2C address"),
        ("i.readfrom_into(200, 5)", "ValueError: invalid I2C address"),
        ("i.readfrom_mem(200, 0, -1)", "ValueError: negative count"),
        ("i.readfrom_mem_into(200, 0, 5)", "TypeError: object with buffer protocol required"),
        ("i.readfrom_mem(0x3c, 0, 1, addrsize=12)", "ValueError: invalid addrsize"),
    ] {
        assert_eq!(last_line(&run(&mut vm, &wire, call)), error, "{call}");
    }
    assert!(calls(&wire).is_empty());
}

#[test]
fn i2c_writes_register_addresses_of_every_size_and_soft_i2c_takes_freq_positionally() {
    let (mut vm, wire) = vm();
    let out = run(
        &mut vm,
        &wire,
        "from machine import I2C, SoftI2C\ni = I2C(0)\ni.writeto_mem(0x3c, 0x1234, b'\\x09')\n\
         i.writeto_mem(0x3c, 0x123456, b'', addrsize=24)\ni.writeto_mem(0x3c, -2, b'', addrsize=32)\n\
         print(i.writevto(0x3c, (b'\\x01', bytearray(b'\\x02'))))\nprint(SoftI2C(22, 21, 100000))\n",
    );
    assert_eq!(out, "2\nSoftI2C(scl=22, sda=21, freq=100000)\n");
    assert_eq!(calls(&wire), ["i2c 60 [34, 09]", "i2c 60 [12, 34, 56]", "i2c 60 [ff, ff, ff, fe]", "i2c 60 [01, 02]"]);
}

#[test]
fn a_signal_keeps_its_pin_object_alive_through_a_collection() {
    let (mut vm, wire) = vm();
    let out = run(
        &mut vm,
        &wire,
        "import gc\nfrom machine import Signal\nclass P:\n    v = 0\n    def value(self, x=None):\n        if x is None:\n            return self.v\n        self.v = x\n\
         s = Signal(P(), invert=True)\nfor _ in range(200):\n    [bytearray(100)]\ngc.collect()\ns.on()\nprint(s.value())\n",
    );
    assert_eq!(out, "1\n");
}
