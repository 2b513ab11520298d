//! `machine`: MicroPython's esp32-port hardware API over the host's pin and bus calls.
//!
//! Every peripheral object (Pin, PWM, ADC, I2C, SoftI2C, SPI, SoftSPI, UART, Timer) is one `Periph` holding a small
//! `Kind`; the host does the hardware (or the virtual board) work. `Signal` (a `Periph` too) wraps any pin.

mod bus;
mod pin;
mod pwm;
mod signal;
mod spi;
mod timer;
mod uart;

use crate::value::Kind as VKind;
use crate::builtins::nat;
use alloc::boxed::Box;

use super::super::{args, Table};
use crate::obj::NativeFn;
use crate::heap::ObjRef;
use crate::host::HwError;
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub(crate) type Kw<'a> = &'a [(Sym, Value)];

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Pin(u32),
    Pwm { pin: u32, freq: u32, duty_u16: u16 },
    Adc { pin: u32, atten: u8, width: u8 },
    I2c { id: Option<i64>, scl: u32, sda: u32, freq: i64 },
    Timer(i64),
    /// Hardware bus `id`, or SoftSPI when None.
    Spi { id: Option<u32>, config: crate::host::SpiConfig },
    Uart { id: u32, config: crate::host::UartConfig, timeout_ms: u32 },
    /// A `Signal`: the pin object it drives, seen through an optional inversion.
    Signal { pin: Value, invert: bool },
}

pub struct Periph {
    class: ObjRef,
    pub kind: Kind,
}

impl ExtObj for Periph {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, f: &mut dyn FnMut(Value)) {
        if let Kind::Signal { pin, .. } = self.kind {
            f(pin)
        }
    }
    crate::ext_any!();
}

/// The module's classes, in `import machine`'s order: name, methods, integer constants.
const CLASSES: [(&str, Table, &[(&str, i64)]); 11] = [
    ("Pin", pin::METHODS, pin::CONSTS),
    ("PWM", pwm::PWM_METHODS, &[]),
    ("ADC", pwm::ADC_METHODS, pwm::ADC_CONSTS),
    ("I2C", bus::METHODS, &[]),
    ("SoftI2C", bus::METHODS, &[]),
    ("Timer", timer::METHODS, timer::CONSTS),
    ("SPI", spi::METHODS, spi::CONSTS),
    ("SoftSPI", spi::METHODS, spi::CONSTS),
    ("UART", uart::METHODS, &[]),
    ("Signal", signal::METHODS, &[]),
    ("PinBase", &[], &[]),
];

// Indexes into `CLASSES`.
pub(crate) const PIN: usize = 0;
pub(crate) const PWM: usize = 1;
pub(crate) const ADC: usize = 2;
pub(crate) const I2C: usize = 3;
pub(crate) const SOFT_I2C: usize = 4;
pub(crate) const TIMER: usize = 5;
pub(crate) const SPI: usize = 6;
pub(crate) const SOFT_SPI: usize = 7;
pub(crate) const UART: usize = 8;
pub(crate) const SIGNAL: usize = 9;

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let mut items = alloc::vec::Vec::new();
    for (i, &(name, ..)) in CLASSES.iter().enumerate() {
        items.push((name, Value::Obj(class(vm, i)?)));
    }
    for (i, name) in ["PWRON_RESET", "HARD_RESET", "WDT_RESET", "DEEPSLEEP_RESET", "SOFT_RESET"].into_iter().enumerate() {
        items.push((name, Value::Int(i as i64 + 1)));
    }
    super::make_module(
        vm,
        "machine",
        const { &[
            nat("reset", reset, 0, 0),
            nat("soft_reset", soft_reset, 0, 0),
            nat("reset_cause", reset_cause, 0, 0),
            nat("freq", freq, 0, 1),
            nat("unique_id", unique_id, 0, 0),
            nat("idle", idle, 0, 0),
            nat("disable_irq", disable_irq, 0, 0),
            nat("enable_irq", enable_irq, 0, 1),
            nat("time_pulse_us", pin::time_pulse_us, 2, 3),
            nat("bitstream", pin::bitstream, 4, 4),
        ] },
        &items,
    )
}

// ---- shared by the peripheral files

/// Class `i` of `CLASSES`, made with its constants on first use (one entry of the VM's
/// module-defined classes).
pub(crate) fn class(vm: &mut Vm, i: usize) -> PyResult<ObjRef> {
    let (name, methods, consts) = CLASSES[i];
    let known = vm.ext_classes.len();
    let c = vm.ext_class(name, methods, &[]);
    if vm.ext_classes.len() != known {
        for (k, v) in consts {
            let s = vm.intern(k);
            vm.setattr(Value::Obj(c), s, Value::Int(*v))?;
        }
    }
    Ok(c)
}

/// A new peripheral object of class `i`, or of `a[0]` (the class called) when that is a
/// subclass of it.
pub(crate) fn new_periph(vm: &mut Vm, a: &[Value], i: usize, kind: Kind) -> PyResult<Value> {
    let base = class(vm, i)?;
    let class = match a.first().map(|v| v.kind()) {
        Some(VKind::Obj(c)) if vm.is_subclass(c, base) => c,
        _ => base,
    };
    vm.alloc(Obj::Ext(Box::new(Periph { class, kind })))
}

/// A new peripheral object set up by `init` with the constructor's arguments from `a[from]` on.
pub(crate) fn new_with_init(vm: &mut Vm, a: &[Value], i: usize, kind: Kind, from: usize, kw: Kw, init: NativeFn) -> PyResult<Value> {
    let obj = new_periph(vm, a, i, kind)?;
    set_up(vm, obj, a.get(from..).unwrap_or(&[]), kw, init)
}

/// `obj` after `init(obj, *rest, **kw)`, kept a root meanwhile.
pub(crate) fn set_up(vm: &mut Vm, obj: Value, rest: &[Value], kw: Kw, init: NativeFn) -> PyResult<Value> {
    vm.roots.push(obj);
    let mut full = alloc::vec![obj];
    full.extend_from_slice(rest);
    let r = init(vm, &full, kw);
    vm.roots.pop();
    r.map(|_| obj)
}

pub(crate) fn kind_of(vm: &Vm, v: Value) -> Option<Kind> {
    super::ext::ext_ref::<Periph>(vm, v).map(|p| p.kind)
}

pub(crate) fn set_kind(vm: &mut Vm, v: Value, kind: Kind) {
    if let Some(p) = super::ext::ext_mut::<Periph>(vm, v) {
        p.kind = kind;
    }
}

/// Argument `i` after the receiver, else keyword `name`.
pub(crate) fn arg(vm: &mut Vm, a: &[Value], i: usize, kw: Kw, name: &str) -> Option<Value> {
    let s = vm.intern(name);
    a.get(i + 1).copied().or_else(|| args::kwarg(kw, s)).filter(|v| !v.is_null())
}

/// The constructor's first argument, positional or keyword `name`.
pub(crate) fn required(vm: &mut Vm, a: &[Value], kw: Kw, name: &str) -> PyResult<Value> {
    arg(vm, a, 0, kw, name).ok_or_else(|| vm.type_error("function missing 1 required positional arguments"))
}

/// An optional int argument (None counts as absent).
pub(crate) fn int_arg(vm: &mut Vm, a: &[Value], i: usize, kw: Kw, name: &str) -> PyResult<Option<i64>> {
    match arg(vm, a, i, kw, name) {
        None | Some(Value::None) => Ok(None),
        Some(v) => args::int(vm, v).map(Some),
    }
}

/// `baudrate=` (argument 0 after the receiver) of SPI's and UART's `init`: `old` when absent.
pub(crate) fn baudrate(vm: &mut Vm, a: &[Value], kw: Kw, old: u32) -> PyResult<u32> {
    match int_arg(vm, a, 0, kw, "baudrate")? {
        None => Ok(old),
        Some(b) => u32::try_from(b).ok().filter(|&b| b > 0).ok_or_else(|| vm.value_error("invalid baudrate")),
    }
}

/// A keyword-only pin argument (`sck=`, `tx=`…): `old` when absent or None.
pub(crate) fn pin_arg(vm: &mut Vm, a: &[Value], kw: Kw, name: &str, old: Option<u32>) -> PyResult<Option<u32>> {
    match arg(vm, a, 9, kw, name).filter(|v| !v.is_none()) {
        Some(v) => pin::pin_id(vm, v).map(Some),
        None => Ok(old),
    }
}

/// A str of formatted text (the reprs), with no `String` at the call site.
pub(crate) fn new_str_fmt(vm: &mut Vm, text: core::fmt::Arguments) -> PyResult<Value> {
    vm.new_string(alloc::fmt::format(text))
}

/// A number, or `None` when absent, as the reprs write an unset pin or parity.
pub(crate) struct OrNone(pub Option<i64>);

impl core::fmt::Display for OrNone {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.0 {
            Some(n) => crate::format::Dec(n).fmt(f),
            None => f.write_str("None"),
        }
    }
}

/// The Python exception for a failed peripheral call.
pub(crate) fn hw_error(vm: &mut Vm, e: HwError) -> crate::vm::Exc {
    match e {
        HwError::Value(msg) => vm.value_error(msg),
        HwError::Runtime(msg) => vm.err(TypeId::RuntimeError, msg),
        HwError::Os(errno) => super::io::os_error(vm, errno),
        HwError::Missing(msg) => vm.err(TypeId::OSError, msg),
    }
}

fn system_exit(vm: &mut Vm) -> crate::vm::Exc {
    vm.err0(TypeId::SystemExit)
}

// ---- module functions

fn reset(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.clear_scheduled();
    vm.host.machine_reset();
    Err(system_exit(vm))
}

fn soft_reset(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.clear_scheduled();
    Err(system_exit(vm))
}

fn reset_cause(_vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(1))
}

/// `freq()` is the CPU clock; `freq(hz)` asks the host to change it.
fn freq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    match a.first() {
        None => Ok(Value::Int(vm.host.cpu_freq() as i64)),
        Some(&v) => {
            let f = args::int(vm, v)?;
            vm.host.set_cpu_freq(f).map_err(|e| hw_error(vm, e))?;
            Ok(Value::None)
        }
    }
}

fn unique_id(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let id = vm.host.unique_id();
    vm.new_bytes(id)
}

fn idle(_vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::None)
}

/// `disable_irq()` holds back scheduled callbacks and returns the previous state.
fn disable_irq(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(!core::mem::replace(&mut vm.sched.held, true) as i64))
}

fn enable_irq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let on = match a.first() {
        Some(&v) => vm.truthy(v)?,
        None => true,
    };
    vm.sched.held = !on;
    Ok(Value::None)
}

#[cfg(test)]
mod tests;
