//! `machine.UART`: a serial port besides the REPL's, through the host. Reads wait at most
//! `timeout` ms (0, the esp32 default, returns what has arrived), polling the host.

use crate::format::Dec;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::vec::Vec;

use super::{arg, baudrate, hw_error, int_arg, kind_of, new_str_fmt, new_with_init, pin_arg, set_kind, Kind, Kw, OrNone};
use crate::builtins::args;
use crate::host::UartConfig;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub(super) const METHODS: crate::builtins::Table = &[
    nat_kw("__new__", uart_new, 0, VARARGS),
    nat("__repr__", uart_repr, 0, VARARGS),
    nat_kw("init", init, 0, VARARGS),
    nat("deinit", deinit, 1, 1),
    nat("write", write, 2, 2),
    nat("read", read, 1, 2),
    nat("readline", readline, 1, 1),
    nat("any", any, 1, 1),
];

/// `UART(id, baudrate=115200, bits=8, parity=None, stop=1, *, tx=, rx=, timeout=0)`.
fn uart_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let id = super::required(vm, a, kw, "id")?;
    let id = args::int(vm, id)?;
    let Some(id) = u32::try_from(id).ok().filter(|&i| i <= 2) else {
        return Err(vm.err_fmt(TypeId::ValueError, format_args!("UART({}) does not exist", Dec(id))));
    };
    let config = UartConfig { baudrate: 115_200, bits: 8, parity: None, stop: 1, tx: None, rx: None };
    new_with_init(vm, a, super::UART, Kind::Uart { id, config, timeout_ms: 0 }, 2, kw, init)
}

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<(u32, UartConfig, u32)> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::Uart { id, config, timeout_ms }) => Ok((id, config, timeout_ms)),
        _ => Err(vm.type_error("UART object expected")),
    }
}

/// `init(baudrate=, bits=, parity=, stop=, *, tx=, rx=, timeout=)`: what is not given keeps
/// its value, with the esp32 port's errors.
fn init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (id, mut c, mut timeout_ms) = this(vm, a)?;
    c.baudrate = baudrate(vm, a, kw, c.baudrate)?;
    if let Some(b) = int_arg(vm, a, 1, kw, "bits")? {
        c.bits = u8::try_from(b).ok().filter(|b| (5..=8).contains(b)).ok_or_else(|| vm.value_error("invalid data bits"))?;
    }
    match arg(vm, a, 2, kw, "parity") {
        None => {}
        Some(Value::None) => c.parity = None,
        Some(p) => c.parity = Some((args::int(vm, p)? & 1) as u8),
    }
    if let Some(s) = int_arg(vm, a, 3, kw, "stop")? {
        c.stop = u8::try_from(s).ok().filter(|s| (1..=2).contains(s)).ok_or_else(|| vm.value_error("invalid stop bits"))?;
    }
    c.tx = pin_arg(vm, a, kw, "tx", c.tx)?;
    c.rx = pin_arg(vm, a, kw, "rx", c.rx)?;
    if let Some(t) = int_arg(vm, a, 9, kw, "timeout")? {
        timeout_ms = t.clamp(0, u32::MAX as i64) as u32;
    }
    vm.host.uart_init(id, &c).map_err(|e| hw_error(vm, e))?;
    set_kind(vm, a[0], Kind::Uart { id, config: c, timeout_ms });
    Ok(Value::None)
}

fn uart_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (id, c, timeout) = this(vm, a)?;
    let pin = |p: Option<u32>| p.map_or(-1, |p| p as i64);
    new_str_fmt(
        vm,
        format_args!(
            "UART({}, baudrate={}, bits={}, parity={}, stop={}, tx={}, rx={}, timeout={})",
            Dec(id as i64),
            Dec(c.baudrate as i64),
            Dec(c.bits as i64),
            OrNone(c.parity.map(i64::from)),
            Dec(c.stop as i64),
            Dec(pin(c.tx)),
            Dec(pin(c.rx)),
            Dec(timeout as i64)
        ),
    )
}

fn deinit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (id, _, _) = this(vm, a)?;
    vm.host.uart_deinit(id);
    Ok(Value::None)
}

fn write(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let (id, _, _) = this(vm, a)?;
    let data = args::buffer(vm, a[1])?;
    let n = vm.host.uart_write(id, &data).map_err(|e| hw_error(vm, e))?;
    Ok(Value::Int(n as i64))
}

/// Receive `limit` bytes, or up to a `\n` with `line` (taken a byte at a time, so nothing
/// after it is consumed), or what came before the timeout; None when nothing came.
fn receive(vm: &mut Vm, a: &[Value], limit: usize, line: bool) -> PyResult<Value> {
    let (id, _, timeout_ms) = this(vm, a)?;
    let start = vm.host.ticks_us();
    let mut got: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 64];
    loop {
        let want = if line { 1 } else { chunk.len().min(limit - got.len()) };
        let n = vm.host.uart_read(id, &mut chunk[..want]).map_err(|e| hw_error(vm, e))?;
        got.extend_from_slice(&chunk[..n]);
        if got.len() >= limit || (line && got.last() == Some(&b'\n')) {
            break;
        }
        if n == 0 {
            if vm.host.ticks_us().saturating_sub(start) >= timeout_ms as u64 * 1000 {
                break;
            }
            if vm.host.interrupted() {
                return Err(vm.err0(TypeId::KeyboardInterrupt));
            }
        }
    }
    if got.is_empty() {
        return Ok(Value::None);
    }
    vm.new_bytes(got)
}

/// `read([nbytes])`: at most `nbytes`, or all that arrives before the timeout.
fn read(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let limit = match a.get(1).filter(|v| !v.is_none()) {
        Some(&v) => usize::try_from(args::int(vm, v)?).map_err(|_| vm.value_error("negative count"))?.min(vm.heap.limit()),
        None => vm.heap.limit(),
    };
    if limit == 0 {
        return vm.new_bytes(Vec::new());
    }
    receive(vm, a, limit, false)
}

/// `readline()`: up to and including `\n`.
fn readline(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let limit = vm.heap.limit();
    receive(vm, a, limit, true)
}

fn any(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let (id, _, _) = this(vm, a)?;
    let n = vm.host.uart_any(id).map_err(|e| hw_error(vm, e))?;
    Ok(Value::Int(n as i64))
}
