//! `time`: sleeping (a yield to the port, not a busy wait) and MicroPython's ticks.

use super::super::args;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// Ticks wrap like MicroPython's small-int ticks: 2**30 on every port.
const TICKS_PERIOD: i64 = 1 << 30;

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::make_module(
        vm,
        "time",
        &[
            ("sleep", sleep),
            ("sleep_ms", sleep_ms),
            ("sleep_us", sleep_us),
            ("ticks_ms", ticks_ms),
            ("ticks_us", ticks_us),
            ("ticks_cpu", ticks_us),
            ("ticks_add", ticks_add),
            ("ticks_diff", ticks_diff),
            ("time", time),
            ("time_ns", time_ns),
        ],
        &[],
    )
}

fn do_sleep(vm: &mut Vm, us: f64) -> PyResult<Value> {
    if us.is_nan() || us < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    let us = us as u64;
    let now = vm.host.ticks_us();
    if !vm.set_sleep(now.saturating_add(us)) {
        vm.host.sleep_us(us);
    }
    Ok(Value::None)
}

fn sleep(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 1)?;
    let s = args::float(vm, a[0])?;
    do_sleep(vm, s * 1e6)
}

fn sleep_ms(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 1)?;
    let ms = args::int(vm, a[0])?;
    do_sleep(vm, ms.max(0) as f64 * 1e3)
}

fn sleep_us(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 1)?;
    let us = args::int(vm, a[0])?;
    do_sleep(vm, us.max(0) as f64)
}

fn ticks_ms(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int((vm.host.ticks_us() / 1000) as i64 & (TICKS_PERIOD - 1)))
}

fn ticks_us(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.host.ticks_us() as i64 & (TICKS_PERIOD - 1)))
}

fn ticks_add(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 2)?;
    let t = args::int(vm, a[0])?;
    let d = args::int(vm, a[1])?;
    Ok(Value::Int(t.wrapping_add(d).rem_euclid(TICKS_PERIOD)))
}

fn ticks_diff(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 2)?;
    let t1 = args::int(vm, a[0])?;
    let t0 = args::int(vm, a[1])?;
    let d = (t1.wrapping_sub(t0)).rem_euclid(TICKS_PERIOD);
    Ok(Value::Int(if d >= TICKS_PERIOD / 2 { d - TICKS_PERIOD } else { d }))
}

fn time(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let ns = vm.host.time_ns();
    Ok(Value::Float(ns as f64 / 1e9))
}

fn time_ns(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let ns = vm.host.time_ns();
    vm.new_bigint(num_bigint::BigInt::from(ns))
}
