//! `machine.PWM` and `machine.ADC`: a pin's analogue output and input.

use crate::format::Dec;
use crate::builtins::{nat, nat_kw, VARARGS};

use super::pin::{can_output, pin_id};
use super::{arg, hw_error, int_arg, kind_of, new_periph, new_str_fmt, new_with_init, set_kind, Kind, Kw};
use crate::types::TypeId;
use crate::builtins::args;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The esp32 port's defaults and limits.
const DEFAULT_FREQ: u32 = 5000;
const MAX_FREQ: i64 = 40_000_000;
const DUTY_BITS: u32 = 10;

pub(super) const PWM_METHODS: crate::builtins::Table = &[
    nat_kw("__new__", pwm_new, 0, VARARGS),
    nat("__repr__", pwm_repr, 0, VARARGS),
    nat_kw("init", pwm_init, 0, VARARGS),
    nat("deinit", deinit, 1, 1),
    nat("freq", freq, 1, 2),
    nat("duty", duty, 1, 2),
    nat("duty_u16", duty_u16, 1, 2),
    nat("duty_ns", duty_ns, 1, 2),
];

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<(u32, u32, u16)> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::Pwm { pin, freq, duty_u16 }) => Ok((pin, freq, duty_u16)),
        _ => Err(vm.type_error("PWM object expected")),
    }
}

fn pwm_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let dest = super::required(vm, a, kw, "dest")?;
    let pin = pin_id(vm, dest)?;
    if !can_output(vm, pin) {
        return Err(vm.value_error("pin can only be input"));
    }
    new_with_init(vm, a, super::PWM, Kind::Pwm { pin, freq: DEFAULT_FREQ, duty_u16: 32768 }, 2, kw, pwm_init)
}

/// Apply the new settings to the pin, then to the object (a refused setting changes neither).
fn apply(vm: &mut Vm, obj: Value, pin: u32, freq: u32, duty_u16: u16) -> PyResult<Value> {
    vm.host.pwm_set(pin, freq, duty_u16).map_err(|e| hw_error(vm, e))?;
    set_kind(vm, obj, Kind::Pwm { pin, freq, duty_u16 });
    Ok(Value::None)
}

fn check_freq(vm: &mut Vm, f: i64) -> PyResult<u32> {
    if !(1..=MAX_FREQ).contains(&f) {
        return Err(vm.value_error("frequency must be from 1Hz to 40MHz"));
    }
    Ok(f as u32)
}

fn check_duty_u16(vm: &mut Vm, d: i64) -> PyResult<u16> {
    u16::try_from(d).map_err(|_| vm.value_error("duty_u16 must be from 0 to 65535"))
}

/// `ns * freq * 65536 / 10^9`, at most 65535, in `u64`: from `ns * freq >= 10^9` on the result
/// is at least 65536 (and below it the product fits), so no `u128` division is needed.
fn duty_from_ns(ns: i64, freq: u32) -> u16 {
    let p = (ns.max(0) as u64).saturating_mul(u64::from(freq));
    if p >= 1_000_000_000 {
        65535
    } else {
        (p * 65536 / 1_000_000_000) as u16
    }
}

/// `init(freq=, duty=, duty_u16=, duty_ns=)` (the constructor's keywords).
fn pwm_init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (pin, mut f, mut d) = this(vm, a)?;
    if let Some(v) = int_arg(vm, a, 0, kw, "freq")? {
        f = check_freq(vm, v)?;
    }
    if let Some(v) = int_arg(vm, a, 1, kw, "duty")? {
        d = duty10_to_u16(vm, v)?;
    }
    if let Some(v) = int_arg(vm, a, 9, kw, "duty_u16")? {
        d = check_duty_u16(vm, v)?;
    }
    if let Some(v) = int_arg(vm, a, 9, kw, "duty_ns")? {
        d = duty_from_ns(v, f);
    }
    apply(vm, a[0], pin, f, d)
}

fn pwm_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (pin, f, d) = this(vm, a)?;
    new_str_fmt(vm, format_args!("PWM(Pin({}), freq={}, duty_u16={})", Dec(pin as i64), Dec(f as i64), Dec(d as i64)))
}

fn deinit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (pin, _, _) = this(vm, a)?;
    vm.host.pwm_set(pin, 0, 0).map_err(|e| hw_error(vm, e))?;
    Ok(Value::None)
}

fn duty10_to_u16(vm: &mut Vm, d: i64) -> PyResult<u16> {
    let max = (1 << DUTY_BITS) - 1;
    if !(0..=max).contains(&d) {
        return Err(vm.err_fmt(TypeId::ValueError, format_args!("duty must be from 0 to {}", Dec(max))));
    }
    Ok(if d == max { 65535 } else { (d << (16 - DUTY_BITS)) as u16 })
}

/// What `freq`, `duty`, `duty_u16` and `duty_ns` read and set: the frequency, or the duty in
/// one of three scales.
#[derive(Clone, Copy)]
enum Scale {
    Freq,
    /// The esp32 port's 10-bit `duty()`.
    Ten,
    U16,
    Ns,
}

/// `freq()`/`duty…()` reads in `scale`; `freq(n)`/`duty…(n)` sets.
fn get_set(vm: &mut Vm, a: &[Value], scale: Scale) -> PyResult<Value> {
    let (pin, mut f, mut d) = this(vm, a)?;
    let Some(&v) = a.get(1) else {
        return Ok(Value::Int(match scale {
            Scale::Freq => f as i64,
            Scale::Ten => (d >> (16 - DUTY_BITS)) as i64,
            Scale::U16 => d as i64,
            Scale::Ns => (d as u64 * 1_000_000_000 / (f as u64 * 65536)) as i64,
        }));
    };
    let n = args::int(vm, v)?;
    match scale {
        Scale::Freq => f = check_freq(vm, n)?,
        Scale::Ten => d = duty10_to_u16(vm, n)?,
        Scale::U16 => d = check_duty_u16(vm, n)?,
        Scale::Ns => d = duty_from_ns(n, f),
    }
    apply(vm, a[0], pin, f, d)
}

fn freq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    get_set(vm, a, Scale::Freq)
}

fn duty(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    get_set(vm, a, Scale::Ten)
}

fn duty_u16(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    get_set(vm, a, Scale::U16)
}

fn duty_ns(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    get_set(vm, a, Scale::Ns)
}

// ---- ADC

pub(super) const ADC_METHODS: crate::builtins::Table = &[
    nat_kw("__new__", adc_new, 0, VARARGS),
    nat("__repr__", adc_repr, 0, VARARGS),
    nat("read_u16", read_u16, 1, 1),
    nat("read", read, 1, 1),
    nat("read_uv", read_uv, 1, 1),
    nat("atten", atten, 2, 2),
    nat("width", width, 2, 2),
];

pub(super) const ADC_CONSTS: &[(&str, i64)] =
    &[("ATTN_0DB", 0), ("ATTN_2_5DB", 1), ("ATTN_6DB", 2), ("ATTN_11DB", 3), ("WIDTH_9BIT", 9), ("WIDTH_10BIT", 10), ("WIDTH_11BIT", 11), ("WIDTH_12BIT", 12)];

/// The ADC's attenuation (0–3) and the width `read()` answers in (9–12 bits).
fn adc_this(vm: &mut Vm, a: &[Value]) -> PyResult<(u32, u8, u8)> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::Adc { pin, atten, width }) => Ok((pin, atten, width)),
        _ => Err(vm.type_error("ADC object expected")),
    }
}

fn check_atten(vm: &mut Vm, v: Value) -> PyResult<u8> {
    let n = args::int(vm, v)?;
    u8::try_from(n).ok().filter(|&a| a <= 3).ok_or_else(|| vm.value_error("invalid attenuation"))
}

/// `ADC(pin, *, atten=ADC.ATTN_0DB)`.
fn adc_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let dest = super::required(vm, a, kw, "pin")?;
    let pin = pin_id(vm, dest)?;
    if !vm.host.pin_caps(pin).is_some_and(|c| c.adc) {
        return Err(vm.value_error("invalid pin for ADC"));
    }
    let atten = match arg(vm, a, 1, kw, "atten").filter(|v| !v.is_none()) {
        Some(v) => check_atten(vm, v)?,
        None => 0,
    };
    new_periph(vm, a, super::ADC, Kind::Adc { pin, atten, width: 12 })
}

fn adc_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (pin, atten, _) = adc_this(vm, a)?;
    new_str_fmt(vm, format_args!("ADC(Pin({}), atten={})", Dec(pin as i64), Dec(atten as i64)))
}

/// The three readings: `read_u16()`, `read()` (the raw conversion in `width()` bits, 12 unless
/// changed) and `read_uv()`.
fn sample(vm: &mut Vm, a: &[Value], what: u8) -> PyResult<Value> {
    let (pin, atten, width) = adc_this(vm, a)?;
    let n = match what {
        0 => vm.host.adc_read_u16(pin, atten) as i64,
        1 => (vm.host.adc_read_u16(pin, atten) >> (16 - width)) as i64,
        _ => vm.host.adc_read_uv(pin, atten) as i64,
    };
    Ok(Value::Int(n))
}

fn read_u16(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    sample(vm, a, 0)
}

fn read(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    sample(vm, a, 1)
}

fn read_uv(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    sample(vm, a, 2)
}

/// `atten(a)` sets the attenuation for the next readings.
fn atten(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    adc_set(vm, a, false)
}

/// `width(bits)`: `read()`'s resolution, `ADC.WIDTH_9BIT` … `WIDTH_12BIT`.
fn width(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    adc_set(vm, a, true)
}

/// `atten(a)`, or with `is_width` `width(bits)`.
fn adc_set(vm: &mut Vm, a: &[Value], is_width: bool) -> PyResult<Value> {
    let (pin, mut atten, mut width) = adc_this(vm, a)?;
    let &[adc, v] = args::take::<2>(a);
    if is_width {
        let n = args::int(vm, v)?;
        width = u8::try_from(n).ok().filter(|w| (9..=12).contains(w)).ok_or_else(|| vm.value_error("invalid width"))?;
    } else {
        atten = check_atten(vm, v)?;
    }
    set_kind(vm, adc, Kind::Adc { pin, atten, width });
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn duty_from_ns_is_the_wide_formula() {
        for ns in [-5, 0, 1, 999, 15_258, 15_259, 1_000_000, 999_999_999, 1_000_000_000, i64::MAX] {
            for freq in [1, 50, 1000, 15_259, 40_000_000] {
                let wide = (ns.max(0) as u128 * freq as u128 * 65536 / 1_000_000_000).min(65535) as u16;
                assert_eq!(super::duty_from_ns(ns, freq), wide, "ns={ns} freq={freq}");
            }
        }
    }
}
