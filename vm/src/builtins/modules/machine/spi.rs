//! `machine.SPI` (a hardware bus through the host) and `machine.SoftSPI` (bit-banged here over
//! the host's pin calls, so it works on any board, the virtual one included). Both share the
//! methods: every transfer is full duplex, as MicroPython's `spi_transfer`.

use crate::format::Dec;
use crate::value::Kind as VKind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::format;

use super::bus::{count, fill_into};
use crate::builtins::args::buffer;
use super::{baudrate, pin_arg, hw_error, int_arg, kind_of, new_str_fmt, new_with_init, set_kind, Kind, Kw, OrNone};
use crate::types::TypeId;
use crate::host::{PinMode, Pull, SpiConfig};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub(super) const METHODS: crate::builtins::Table = &[
    nat_kw("__new__", spi_new, 0, VARARGS),
    nat("__repr__", spi_repr, 0, VARARGS),
    nat_kw("init", init, 0, VARARGS),
    nat("deinit", deinit, 1, 1),
    nat("read", read, 2, 3),
    nat("readinto", readinto, 2, 3),
    nat("write", write, 2, 2),
    nat("write_readinto", write_readinto, 3, 3),
];

pub(super) const CONSTS: &[(&str, i64)] = &[("MSB", 0), ("LSB", 1)];

const DEFAULT: SpiConfig = SpiConfig { baudrate: 500_000, polarity: 0, phase: 0, sck: None, mosi: None, miso: None };

/// `SPI(id, baudrate=, *, polarity=, phase=, bits=8, firstbit=MSB, sck=, mosi=, miso=)`, or for
/// SoftSPI (which shares these methods) the same without `id`.
fn spi_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let soft = super::class(vm, super::SOFT_SPI)?;
    let is_soft = matches!(a.first().map(|v| v.kind()), Some(VKind::Obj(c)) if vm.is_subclass(c, soft));
    let (id, base, from) = if is_soft {
        (None, super::SOFT_SPI, 1)
    } else {
        let id = super::required(vm, a, kw, "id")?;
        let id = crate::builtins::args::int(vm, id)?;
        let Some(id) = u32::try_from(id).ok().filter(|i| (1..=2).contains(i)) else {
            return Err(vm.err_fmt(TypeId::ValueError, format_args!("SPI({}) doesn't exist", Dec(id))));
        };
        (Some(id), super::SPI, 2)
    };
    new_with_init(vm, a, base, Kind::Spi { id, config: DEFAULT }, from, kw, init)
}

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<(Option<u32>, SpiConfig)> {
    match a.first().and_then(|&v| kind_of(vm, v)) {
        Some(Kind::Spi { id, config }) => Ok((id, config)),
        _ => Err(vm.type_error("SPI object expected")),
    }
}

/// `init(baudrate=, *, polarity=, phase=, bits=, firstbit=, sck=, mosi=, miso=)`: what is not
/// given keeps its value.
fn init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (id, mut c) = this(vm, a)?;
    c.baudrate = baudrate(vm, a, kw, c.baudrate)?;
    for (name, field) in [("polarity", &mut c.polarity), ("phase", &mut c.phase)] {
        if let Some(v) = int_arg(vm, a, 9, kw, name)? {
            *field = u8::from(v != 0);
        }
    }
    if int_arg(vm, a, 9, kw, "bits")?.is_some_and(|b| b != 8) {
        return Err(vm.value_error("bits must be 8"));
    }
    if int_arg(vm, a, 9, kw, "firstbit")?.is_some_and(|f| f != 0) {
        return Err(vm.value_error("firstbit must be MSB"));
    }
    c.sck = pin_arg(vm, a, kw, "sck", c.sck)?;
    c.mosi = pin_arg(vm, a, kw, "mosi", c.mosi)?;
    c.miso = pin_arg(vm, a, kw, "miso", c.miso)?;
    match id {
        Some(id) => vm.host.spi_init(id, &c).map_err(|e| hw_error(vm, e))?,
        None => {
            let (Some(sck), Some(mosi), Some(miso)) = (c.sck, c.mosi, c.miso) else {
                return Err(vm.type_error("'sck', 'mosi' and 'miso' arguments required"));
            };
            for (pin, mode) in [(sck, PinMode::Out), (mosi, PinMode::Out), (miso, PinMode::In)] {
                vm.host.pin_config(pin, mode, Pull::None).map_err(|e| crate::builtins::modules::io::os_error(vm, e.0))?;
            }
            vm.host.pin_write(sck, c.polarity != 0);
        }
    }
    set_kind(vm, a[0], Kind::Spi { id, config: c });
    Ok(Value::None)
}

fn spi_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (id, c) = this(vm, a)?;
    let pin = |p: Option<u32>| OrNone(p.map(i64::from));
    let head = match id {
        Some(id) => format!("SPI(id={}, ", Dec(id as i64)),
        None => alloc::string::String::from("SoftSPI("),
    };
    new_str_fmt(
        vm,
        format_args!(
            "{}baudrate={}, polarity={}, phase={}, bits=8, firstbit=0, sck={}, mosi={}, miso={})",
            head,
            Dec(c.baudrate as i64),
            Dec(c.polarity as i64),
            Dec(c.phase as i64),
            pin(c.sck),
            pin(c.mosi),
            pin(c.miso)
        ),
    )
}

fn deinit(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if let (Some(id), _) = this(vm, a)? {
        vm.host.spi_deinit(id);
    }
    Ok(Value::None)
}

/// Send `buf` and replace it with what came in.
fn transfer(vm: &mut Vm, a: &[Value], buf: &mut [u8]) -> PyResult<()> {
    match this(vm, a)? {
        (Some(id), _) => vm.host.spi_transfer(id, buf).map_err(|e| hw_error(vm, e)),
        (None, c) => {
            bit_bang(vm, &c, buf);
            Ok(())
        }
    }
}

/// MicroPython's soft SPI, most significant bit first: with phase 0 the data is out before
/// the first clock edge and sampled on it; with phase 1 it changes on the first edge and is
/// sampled on the second. No delays: Python-speed pin calls are slower than any SPI device.
fn bit_bang(vm: &mut Vm, c: &SpiConfig, buf: &mut [u8]) {
    let (Some(sck), Some(mosi), Some(miso)) = (c.sck, c.mosi, c.miso) else {
        return;
    };
    let idle = c.polarity != 0;
    for byte in buf.iter_mut() {
        let mut data_in = 0u8;
        for bit in (0..8).rev() {
            let out = *byte >> bit & 1 != 0;
            if c.phase == 0 {
                vm.host.pin_write(mosi, out);
                vm.host.pin_write(sck, !idle);
                data_in = data_in << 1 | vm.host.pin_read(miso) as u8;
                vm.host.pin_write(sck, idle);
            } else {
                vm.host.pin_write(sck, !idle);
                vm.host.pin_write(mosi, out);
                vm.host.pin_write(sck, idle);
                data_in = data_in << 1 | vm.host.pin_read(miso) as u8;
            }
        }
        *byte = data_in;
    }
}

/// The four transfers, one function: what goes out, and where what comes back goes.
#[derive(Clone, Copy, PartialEq)]
enum Xfer {
    /// `read(nbytes, write=0x00)`.
    Read,
    /// `readinto(buf, write=0x00)`.
    ReadInto,
    /// `write(buf)`.
    Write,
    /// `write_readinto(write_buf, read_buf)`: the buffers must be the same length.
    WriteReadInto,
}

/// Check the arguments in the order each transfer always did, send, and store what came back.
fn xfer(vm: &mut Vm, a: &[Value], kw: Kw, op: Xfer) -> PyResult<Value> {
    let first = a.get(1).copied().unwrap_or(Value::None);
    let second = a.get(2).copied().unwrap_or(Value::None);
    let mut buf = match op {
        Xfer::Read | Xfer::ReadInto => {
            let n = if op == Xfer::Read { count(vm, a, 1)? } else { buffer(vm, first)?.len() };
            let fill = int_arg(vm, a, 1, kw, "write")?.unwrap_or(0) as u8;
            alloc::vec![fill; n]
        }
        _ => buffer(vm, first)?,
    };
    if op == Xfer::WriteReadInto && buffer(vm, second)?.len() != buf.len() {
        return Err(vm.value_error("buffers must be the same length"));
    }
    transfer(vm, a, &mut buf)?;
    let target = match op {
        Xfer::Read => return vm.new_bytes(buf),
        Xfer::ReadInto => first,
        Xfer::WriteReadInto => second,
        Xfer::Write => return Ok(Value::None),
    };
    fill_into(vm, target, &buf)?;
    Ok(Value::None)
}

fn read(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    xfer(vm, a, kw, Xfer::Read)
}

fn readinto(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    xfer(vm, a, kw, Xfer::ReadInto)
}

fn write(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    xfer(vm, a, kw, Xfer::Write)
}

fn write_readinto(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    xfer(vm, a, kw, Xfer::WriteReadInto)
}
