//! `machine.Timer`: callbacks driven by the host clock and run by the VM's scheduler
//! (`vm/sched.rs`), so they fire during `time.sleep` too.

use crate::builtins::{nat, nat_kw, VARARGS};
use super::{arg, int_arg, kind_of, new_periph, new_with_init, Kind, Kw};
use crate::value::Value;
use crate::vm::sched::Timer;
use crate::vm::{PyResult, Vm};

const ONE_SHOT: i64 = 0;
const PERIODIC: i64 = 1;

pub(super) const METHODS: crate::builtins::Table = &[nat_kw("__new__", timer_new, 0, VARARGS), nat("__repr__", timer_repr, 0, VARARGS), nat_kw("init", init, 0, VARARGS), nat("deinit", deinit, 1, 1)];

pub(super) const CONSTS: &[(&str, i64)] = &[("ONE_SHOT", ONE_SHOT), ("PERIODIC", PERIODIC)];

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<i64> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::Timer(id)) => Ok(id),
        _ => Err(vm.type_error("Timer object expected")),
    }
}

/// `Timer(id, ...)`: with keywords it is also initialised.
fn timer_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let id = int_arg(vm, a, 0, kw, "id")?.unwrap_or(-1);
    if kw.iter().any(|(k, _)| vm.sym_str(*k) != "id") {
        return new_with_init(vm, a, super::TIMER, Kind::Timer(id), a.len(), kw, init);
    }
    new_periph(vm, a, super::TIMER, Kind::Timer(id))
}

fn timer_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    super::new_str_fmt(vm, format_args!("Timer({})", crate::format::Dec(id as i64)))
}

/// `init(*, mode=PERIODIC, period=-1, freq=-1, callback=None)`; period in ms.
fn init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    let mode = int_arg(vm, a, 9, kw, "mode")?.unwrap_or(PERIODIC);
    let period_us = match (int_arg(vm, a, 9, kw, "freq")?, int_arg(vm, a, 9, kw, "period")?) {
        (Some(f), _) if f > 0 => 1_000_000 / f as u64,
        (Some(_), _) => return Err(vm.value_error("frequency must be positive")),
        (None, Some(p)) if p >= 0 => (p as u64).saturating_mul(1000),
        (None, Some(_)) => return Err(vm.value_error("period must be positive")),
        (None, None) => 1_000_000,
    }
    .max(1);
    let callback = arg(vm, a, 9, kw, "callback").unwrap_or(Value::None);
    if !callback.is_none() && !vm.is_callable(callback) {
        return Err(vm.type_error("callback must be callable"));
    }
    let now = vm.host.ticks_us();
    vm.sched.timers.retain(|t| t.id != id);
    let periodic = if mode == ONE_SHOT { 0 } else { period_us };
    vm.sched.timers.push(Timer { id, obj: a[0], callback, period_us: periodic, next_us: now.saturating_add(period_us) });
    Ok(Value::None)
}

fn deinit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let id = this(vm, a)?;
    vm.sched.timers.retain(|t| t.id != id);
    Ok(Value::None)
}
