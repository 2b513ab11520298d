//! `micropython`: MicroPython's introspection and control functions, answered from Ferrite's
//! own heap and interner where there is a real figure, with the same text shapes.
//!
//! The module's small state (optimisation level, heap-lock depth, peak use) belongs to the VM:
//! it lives in an object bound to every function, as in `random`.

use crate::format::Dec;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use super::io;
use super::math::{between, build_module, fixed, get_int, B};
use crate::heap::ObjRef;
use crate::intern::{Interner, Sym};
use crate::obj::{ExtObj, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// The C stack MicroPython's unix port reports as its limit.
const STACK_LIMIT: usize = 80000;
/// Bytes per frame counted by `stack_use`: a rough figure for a bytecode frame.
const FRAME_BYTES: usize = 160;

pub struct MicroPythonState {
    class: ObjRef,
    opt_level: i64,
    lock_depth: i64,
    peak: usize,
}

impl ExtObj for MicroPythonState {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, _f: &mut dyn FnMut(Value)) {}
    crate::ext_any!();
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let class = vm.ext_class("MicroPythonState", &[], &[]);
    let peak = vm.heap.used();
    let state = vm.alloc(Obj::Ext(Box::new(MicroPythonState { class, opt_level: 0, lock_depth: 0, peak })))?;
    let ring_class = vm.ext_class("RingIO", RING_METHODS, &[]);
    build_module(
        vm,
        "micropython",
        state,
        const { &[
            ("const", B(const_, 2, 2)),
            ("heap_lock", B(heap_lock, 1, 1)),
            ("heap_unlock", B(heap_unlock, 1, 1)),
            ("kbd_intr", B(kbd_intr, 2, 2)),
            ("mem_current", B(mem_current, 1, 1)),
            ("mem_info", B(mem_info, 1, 2)),
            ("mem_peak", B(mem_peak, 1, 1)),
            ("mem_total", B(mem_total, 1, 1)),
            ("opt_level", B(opt_level, 1, 2)),
            ("qstr_info", B(qstr_info, 1, 2)),
            ("schedule", B(schedule, 3, 3)),
            ("stack_use", B(stack_use, 1, 1)),
        ] },
        &[("RingIO", Value::Obj(ring_class))],
    )
}

/// The bound state, with the peak heap use brought up to date.
fn state<'a>(vm: &'a mut Vm, a: &[Value]) -> PyResult<&'a mut MicroPythonState> {
    let used = vm.heap.used();
    let s = super::ext::ext_or::<MicroPythonState>(vm, a.first().copied().unwrap_or(Value::None), "micropython state expected")?;
    s.peak = s.peak.max(used);
    Ok(s)
}

/// The caller's arguments, after the bound state.
fn rest(a: &[Value]) -> &[Value] {
    a.get(1..).unwrap_or(&[])
}

fn const_(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(a[1])
}

/// `opt_level()` reads the level, `opt_level(n)` sets it.
fn opt_level(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    between(vm, rest(a), 0, 1)?;
    match a.get(1) {
        None => {
            let level = state(vm, a)?.opt_level;
            vm.new_int(level)
        }
        Some(&v) => {
            let n = get_int(vm, v)?;
            state(vm, a)?.opt_level = n;
            Ok(Value::None)
        }
    }
}

/// Ferrite never refuses allocations for a lock; the depth is kept so the results match.
fn heap_lock(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    state(vm, a)?.lock_depth += 1;
    Ok(Value::None)
}

fn heap_unlock(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = state(vm, a)?;
    s.lock_depth = (s.lock_depth - 1).max(0);
    Ok(Value::Int(s.lock_depth))
}

fn kbd_intr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    get_int(vm, a[1])?;
    Ok(Value::None)
}

fn mem_current(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(vm.heap.used() as i64))
}

fn mem_peak(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(state(vm, a)?.peak as i64))
}

/// Total bytes ever allocated is not tracked; the peak is the closest figure at hand.
fn mem_total(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(state(vm, a)?.peak as i64))
}

fn stack_bytes(vm: &Vm) -> usize {
    vm.frames.len() * FRAME_BYTES + vm.stack.len() * core::mem::size_of::<Value>()
}

fn stack_use(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::Int(stack_bytes(vm) as i64))
}

/// `mem_info([verbose])`: MicroPython's summary lines, from Ferrite's heap figures.
fn mem_info(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let peak = state(vm, a)?.peak;
    let (used, limit) = (vm.heap.used(), vm.heap.limit());
    let free = limit.saturating_sub(used);
    let objects = vm.heap.object_count();
    let (peak, used, objects) = (Dec(peak as i64), Dec(used as i64), Dec(objects as i64));
    let mut out = format!(
        "mem: total={peak}, current={used}, peak={peak}\nstack: {} out of {}\nGC: total: {}, used: {used}, free: {}\n No. of 1-blocks: {objects}, 2-blocks: 0, max blk sz: 0, max free sz: {}\n",
        Dec(stack_bytes(vm) as i64),
        Dec(STACK_LIMIT as i64),
        Dec(limit as i64),
        Dec(free as i64),
        Dec((free / 16) as i64)
    );
    if a.len() > 1 {
        out.push_str(&format!("GC memory layout; {objects} objects in {} collections\n", Dec(vm.heap.collections as i64)));
    }
    vm.print_str(&out);
    Ok(Value::None)
}

/// `qstr_info([verbose])`: the names interned by the program (beyond the VM's own).
fn qstr_info(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let first = Interner::new().len();
    let total = vm.interner.len();
    let n = total.saturating_sub(first);
    let mut data = 0;
    for i in first..total {
        data += vm.interner.str(Sym(i as u32)).len() + 1;
    }
    let mut out = format!("qstr pool: n_pool={}, n_qstr={}, n_str_data_bytes={}, n_total_bytes={}\n", Dec((n > 0) as i64), Dec(n as i64), Dec(data as i64), Dec((data + 32 * n) as i64));
    if a.len() > 1 {
        for i in first..total {
            out.push_str("Q(");
            out.push_str(vm.interner.str(Sym(i as u32)));
            out.push_str(")\n");
        }
    }
    vm.print_str(&out);
    Ok(Value::None)
}

/// `schedule(f, arg)`: Ferrite has no pending-call queue, so the call happens now.
fn schedule(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if !vm.schedule(a[1], a[2]) {
        return Err(vm.err(crate::types::TypeId::RuntimeError, "schedule queue full"));
    }
    Ok(Value::None)
}

// ---- RingIO: a byte FIFO of fixed capacity with a stream interface.
//
// `micropython.RingIO(size)` or `RingIO(buffer)` (capacity one less than the buffer, as
// MicroPython's ring buffer keeps a slot free). It is an `io` byte stream whose writes append
// after the unread bytes and are cut short at the capacity (`BytesBuf::ring`), so reading is
// io's.

const RING_METHODS: super::super::Table = &[
    nat_kw("__new__", ring_new, 0, VARARGS),
    nat("__repr__", ring_repr, 0, VARARGS),
    nat("any", ring_any, 1, 1),
    nat("close", ring_close, 1, 1),
    nat("read", io::read, 1, 2),
    nat("readinto", io::readinto, 2, 3),
    nat("readline", io::readline, 1, 2),
    nat("write", io::write, 2, 2),
];

fn ring_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), 1)?;
    let capacity = match vm.bytes_like(a[1]) {
        Some(b) => b.len().saturating_sub(1),
        _ => {
            let n = get_int(vm, a[1])?;
            if n <= 0 {
                return Err(vm.err0(crate::types::TypeId::ValueError));
            }
            n as usize
        }
    };
    if capacity == 0 {
        return Err(vm.err0(crate::types::TypeId::ValueError));
    }
    vm.charge(capacity)?;
    let class = vm.ext_class("RingIO", RING_METHODS, &[]);
    io::new_buf(vm, class, Vec::new(), false, None, capacity)
}

fn ring_repr(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.new_str("<RingIO>")
}

fn ring_any(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = io::buf(vm, a[0])?;
    Ok(Value::Int(r.data.len().saturating_sub(r.pos) as i64))
}

fn ring_close(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    io::buf(vm, a[0])?;
    Ok(Value::None)
}
