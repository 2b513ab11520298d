//! `time`: sleeping (a yield to the port, not a busy wait) and MicroPython's ticks.

use crate::value::Kind;
use alloc::vec::Vec;
use crate::builtins::nat;
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
        const { &[
            nat("sleep", sleep, 1, 1),
            nat("sleep_ms", sleep_ms, 1, 1),
            nat("sleep_us", sleep_us, 1, 1),
            nat("ticks_ms", ticks_ms, 0, 0),
            nat("ticks_us", ticks_us, 0, 0),
            nat("ticks_cpu", ticks_us, 0, 0),
            nat("ticks_add", ticks_add, 2, 2),
            nat("ticks_diff", ticks_diff, 2, 2),
            nat("time", time, 0, 0),
            nat("time_ns", time_ns, 0, 0),
            nat("gmtime", gmtime, 0, 1),
            nat("localtime", gmtime, 0, 1),
            nat("mktime", mktime, 1, 1),
        ] },
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
    let a = args::take::<1>(a);
    let s = args::float(vm, a[0])?;
    do_sleep(vm, s * 1e6)
}

fn sleep_ms(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let ms = args::int(vm, a[0])?;
    do_sleep(vm, ms.max(0) as f64 * 1e3)
}

fn sleep_us(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
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
    let a = args::take::<2>(a);
    let t = args::int(vm, a[0])?;
    let d = args::int(vm, a[1])?;
    Ok(Value::Int(t.wrapping_add(d).rem_euclid(TICKS_PERIOD)))
}

fn ticks_diff(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let t1 = args::int(vm, a[0])?;
    let t0 = args::int(vm, a[1])?;
    let d = (t1.wrapping_sub(t0)).rem_euclid(TICKS_PERIOD);
    Ok(Value::Int(if d >= TICKS_PERIOD / 2 { d - TICKS_PERIOD } else { d }))
}

fn time(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let ns = vm.host.time_ns();
    Ok(Value::float(ns as f64 / 1e9))
}

fn time_ns(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let ns = vm.host.time_ns();
    vm.new_int(ns as i64)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// `gmtime([secs])` / `localtime([secs])` (the ports keep UTC): MicroPython's 8-tuple.
fn gmtime(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let secs = match a.first() {
        Some(&v) if !v.is_none() => match v.kind() {
            Kind::Float(f) => libm::floor(f.get()) as i64,
            _ => args::int(vm, v)?,
        },
        _ => (vm.host.time_ns() / 1_000_000_000) as i64,
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = (days + 3).rem_euclid(7);
    let yearday = days - days_from_civil(y, 1, 1) + 1;
    let mut items = Vec::with_capacity(8);
    for x in [y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, weekday, yearday] {
        items.push(Value::Int(x));
    }
    vm.new_tuple(items)
}

/// `mktime(tuple)`: seconds since the epoch; out-of-range fields carry over as in C.
fn mktime(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let items = match vm.tuple_items(a[0]).or_else(|| vm.list_items(a[0])) {
        Some(i) if i.len() == 8 || i.len() == 9 => i,
        _ => return Err(vm.type_error("mktime needs a tuple of length 8 or 9")),
    };
    let mut f = [0i64; 6];
    for (i, slot) in f.iter_mut().enumerate() {
        *slot = args::int(vm, items[i])?;
    }
    let (y, mo) = (f[0] + (f[1] - 1).div_euclid(12), (f[1] - 1).rem_euclid(12) + 1);
    let days = days_from_civil(y, mo, 1) + f[2] - 1;
    vm.new_int(days * 86_400 + f[3] * 3600 + f[4] * 60 + f[5])
}
