//! `machine.Pin` (with `irq`), and the pin-level module functions `time_pulse_us` and
//! `bitstream`.

use crate::format::Dec;
use crate::value::Kind as VKind;
use crate::builtins::{nat, nat_kw, VARARGS};

use super::{arg, int_arg, kind_of, new_periph, new_str_fmt, Kind, Kw};
use crate::builtins::args;
use crate::heap::ObjRef;
use crate::host::{PinMode, Pull, IRQ_FALLING, IRQ_RISING};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::sched::PinIrq;
use crate::vm::{PyResult, Vm};

// The esp32 port's constant values.
const IN: i64 = 1;
const OUT: i64 = 3;
const OPEN_DRAIN: i64 = 7;
const PULL_DOWN: i64 = 1;
const PULL_UP: i64 = 2;

pub(super) const METHODS: crate::builtins::Table = &[
    nat_kw("__new__", pin_new, 0, VARARGS),
    nat("__repr__", pin_repr, 0, VARARGS),
    nat("__call__", call, 1, VARARGS),
    nat_kw("init", init, 0, VARARGS),
    nat("value", value, 1, 2),
    nat("on", on, 1, 1),
    nat("off", off, 1, 1),
    nat_kw("irq", irq, 0, VARARGS),
];

pub(super) const CONSTS: &[(&str, i64)] = &[
    ("IN", IN),
    ("OUT", OUT),
    ("OPEN_DRAIN", OPEN_DRAIN),
    ("PULL_UP", PULL_UP),
    ("PULL_DOWN", PULL_DOWN),
    ("IRQ_RISING", IRQ_RISING as i64),
    ("IRQ_FALLING", IRQ_FALLING as i64),
    ("WAKE_LOW", 4),
    ("WAKE_HIGH", 5),
    ("DRIVE_0", 0),
    ("DRIVE_1", 1),
    ("DRIVE_2", 2),
    ("DRIVE_3", 3),
];

/// Can the board's GPIO `id` drive a level?
pub fn can_output(vm: &mut Vm, id: u32) -> bool {
    vm.host.pin_caps(id).is_some_and(|c| c.output)
}

/// A pin number from a `Pin` or an int, checked to exist on the board.
pub fn pin_id(vm: &mut Vm, v: Value) -> PyResult<u32> {
    let id = match kind_of(vm, v) {
        Some(Kind::Pin(id)) => return Ok(id),
        _ => args::int(vm, v)?,
    };
    match u32::try_from(id) {
        Ok(id) if vm.host.pin_caps(id).is_some() => Ok(id),
        _ => Err(vm.value_error("invalid pin")),
    }
}

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<u32> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::Pin(id)) => Ok(id),
        _ => Err(vm.type_error("Pin object expected")),
    }
}

fn pin_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let id_v = super::required(vm, a, kw, "id")?;
    let id = pin_id(vm, id_v)?;
    let base = super::class(vm, super::PIN)?;
    let p = if a.first() == Some(&Value::Obj(base)) { board_pin(vm, base, id)? } else { new_periph(vm, a, super::PIN, Kind::Pin(id))? };
    super::set_up(vm, p, a.get(2..).unwrap_or(&[]), kw, init)
}

/// The one `Pin` object of GPIO `id`, as on the esp32 port (`Pin(2) is Pin(2)`), kept in a
/// list on the class.
fn board_pin(vm: &mut Vm, base: ObjRef, id: u32) -> PyResult<Value> {
    let name = vm.intern("_board_pins");
    let list = match vm.try_getattr(Value::Obj(base), name)? {
        Some(l) => l,
        None => {
            let l = vm.new_list(alloc::vec![Value::None; 40])?;
            vm.setattr(Value::Obj(base), name, l)?;
            l
        }
    };
    if let Some(&p) = vm.list_items(list).and_then(|items| items.get(id as usize).copied()).as_ref() {
        if !p.is_none() {
            return Ok(p);
        }
    }
    let p = new_periph(vm, &[], super::PIN, Kind::Pin(id))?;
    if let VKind::Obj(r) = list.kind() {
        if let crate::obj::Obj::List(items) = vm.heap.get_mut(r) {
            if let Some(slot) = items.get_mut(id as usize) {
                *slot = p;
            }
        }
    }
    Ok(p)
}

/// `mode`, `pull` (positional after the pin) and `value=` of the constructor and `init`.
fn init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    if let Some(v) = arg(vm, a, 2, kw, "value").filter(|v| !v.is_none()) {
        let level = vm.truthy(v)?;
        vm.host.pin_write(id, level);
    }
    let mode = int_arg(vm, a, 0, kw, "mode")?.filter(|&m| m != -1);
    let pull = int_arg(vm, a, 1, kw, "pull")?.filter(|&p| p != -1);
    let Some(mode) = mode else {
        return Ok(Value::None);
    };
    let mode = match mode {
        IN => PinMode::In,
        OUT => PinMode::Out,
        OPEN_DRAIN => PinMode::OpenDrain,
        m => return Err(vm.err_fmt(TypeId::ValueError, format_args!("invalid pin mode: {}", Dec(m)))),
    };
    if mode != PinMode::In && !can_output(vm, id) {
        return Err(vm.value_error("pin can only be input"));
    }
    let pull = match pull {
        Some(PULL_UP) => Pull::Up,
        Some(PULL_DOWN) => Pull::Down,
        _ => Pull::None,
    };
    if let Err(e) = vm.host.pin_config(id, mode, pull) {
        return Err(crate::builtins::modules::io::os_error(vm, e.0));
    }
    Ok(Value::None)
}

fn pin_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    new_str_fmt(vm, format_args!("Pin({})", Dec(id as i64)))
}

/// `pin(x)`: as `value`, but the esp32 port counts the arguments without the pin.
fn call(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::range(vm, &a[1..], 0, 1)?;
    value(vm, a, kw)
}

/// `value()` reads the pin; `value(x)` drives it.
fn value(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    match a.get(1) {
        None => Ok(Value::Int(vm.host.pin_read(id) as i64)),
        Some(&v) => {
            let level = vm.truthy(v)?;
            vm.host.pin_write(id, level);
            Ok(Value::None)
        }
    }
}

fn on(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    drive(vm, a, true)
}

fn off(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    drive(vm, a, false)
}

fn drive(vm: &mut Vm, a: &[Value], level: bool) -> PyResult<Value> {
    let id = this(vm, a)?;
    vm.host.pin_write(id, level);
    Ok(Value::None)
}

/// `irq(handler=None, trigger=IRQ_FALLING | IRQ_RISING)`: the handler runs as a scheduled
/// callback with the pin as its argument; `handler=None` stops it.
fn irq(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    let handler = arg(vm, a, 0, kw, "handler").unwrap_or(Value::None);
    let trigger = int_arg(vm, a, 1, kw, "trigger")?.unwrap_or((IRQ_FALLING | IRQ_RISING) as i64) as u8;
    vm.sched.irqs.retain(|q| q.pin != id);
    if handler.is_none() {
        vm.host.pin_irq(id, 0);
    } else {
        if !vm.is_callable(handler) {
            return Err(vm.value_error("handler must be None or callable"));
        }
        vm.sched.irqs.push(PinIrq { pin: id, trigger, handler, obj: a[0] });
        vm.host.pin_irq(id, trigger);
    }
    Ok(Value::None)
}

/// `time_pulse_us(pin, pulse_level, timeout_us=1000000)`, as MicroPython's: wait for the
/// level (-2 if it does not come in time), then time how long it lasts (-1 if it outlasts the
/// timeout). A pin already at the level is timed at once.
pub fn time_pulse_us(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let id = pin_id(vm, a[0])?;
    let level = vm.truthy(a[1])?;
    let timeout = match a.get(2) {
        Some(&v) => args::int(vm, v)?.max(0) as u64,
        None => 1_000_000,
    };
    let mut start = 0;
    for (missed, during) in [(-2, !level), (-1, level)] {
        start = vm.host.ticks_us();
        while vm.host.pin_read(id) == during {
            if vm.host.interrupted() {
                return Err(vm.err0(TypeId::KeyboardInterrupt));
            }
            if vm.host.ticks_us().saturating_sub(start) >= timeout {
                return Ok(Value::Int(missed));
            }
        }
    }
    Ok(Value::Int(vm.host.ticks_us().saturating_sub(start) as i64))
}

/// `bitstream(pin, encoding, timing, buf)`: encoding 0 with `(high0, low0, high1, low1)` ns.
pub fn bitstream(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<4>(a);
    let id = pin_id(vm, a[0])?;
    if args::int(vm, a[1])? != 0 {
        return Err(vm.value_error("invalid encoding"));
    }
    let items = vm.tuple_items(a[2]).or_else(|| vm.list_items(a[2])).unwrap_or_default();
    if items.len() != 4 {
        return Err(vm.value_error("timing must be a 4-tuple"));
    }
    let mut timing = [0u32; 4];
    for (t, v) in timing.iter_mut().zip(items) {
        *t = args::int(vm, v)?.clamp(0, u32::MAX as i64) as u32;
    }
    let data = args::buffer(vm, a[3])?;
    vm.host.bitstream(id, timing, &data);
    Ok(Value::None)
}
