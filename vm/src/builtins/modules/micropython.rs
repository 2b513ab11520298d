//! `micropython`: MicroPython's introspection and control functions, answered from Ferrite's
//! own heap and interner where there is a real figure, with the same text shapes.
//!
//! The module's small state (optimisation level, heap-lock depth, peak use) belongs to the VM:
//! it lives in an object bound to every function, as in `random`.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::any::Any;

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
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let class = vm.ext_class("MicroPythonState", &[], &[]);
    let peak = vm.heap.used();
    let state = vm.alloc(Obj::Ext(Box::new(MicroPythonState { class, opt_level: 0, lock_depth: 0, peak })))?;
    build_module(
        vm,
        "micropython",
        state,
        &[
            ("const", B(const_)),
            ("heap_lock", B(heap_lock)),
            ("heap_unlock", B(heap_unlock)),
            ("kbd_intr", B(kbd_intr)),
            ("mem_current", B(mem_current)),
            ("mem_info", B(mem_info)),
            ("mem_peak", B(mem_peak)),
            ("mem_total", B(mem_total)),
            ("opt_level", B(opt_level)),
            ("qstr_info", B(qstr_info)),
            ("schedule", B(schedule)),
            ("stack_use", B(stack_use)),
        ],
    )
}

/// The bound state, with the peak heap use brought up to date.
fn state<'a>(vm: &'a mut Vm, a: &[Value]) -> PyResult<&'a mut MicroPythonState> {
    let used = vm.heap.used();
    let r = match a.first() {
        Some(Value::Obj(r)) if matches!(vm.heap.get(*r), Obj::Ext(e) if e.as_any().is::<MicroPythonState>()) => *r,
        _ => return Err(vm.type_error("micropython state expected")),
    };
    match vm.heap.get_mut(r) {
        Obj::Ext(e) => match e.as_any_mut().downcast_mut::<MicroPythonState>() {
            Some(s) => {
                s.peak = s.peak.max(used);
                Ok(s)
            }
            None => unreachable!(),
        },
        _ => unreachable!(),
    }
}

/// The caller's arguments, after the bound state.
fn rest(a: &[Value]) -> &[Value] {
    a.get(1..).unwrap_or(&[])
}

fn const_(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 1)?;
    Ok(a[1])
}

/// `opt_level()` reads the level, `opt_level(n)` sets it.
fn opt_level(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    between(vm, rest(a), kw, 0, 1)?;
    match a.get(1) {
        None => Ok(Value::Int(state(vm, a)?.opt_level)),
        Some(&v) => {
            let n = get_int(vm, v)?;
            state(vm, a)?.opt_level = n;
            Ok(Value::None)
        }
    }
}

/// Ferrite never refuses allocations for a lock; the depth is kept so the results match.
fn heap_lock(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 0)?;
    state(vm, a)?.lock_depth += 1;
    Ok(Value::None)
}

fn heap_unlock(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 0)?;
    let s = state(vm, a)?;
    s.lock_depth = (s.lock_depth - 1).max(0);
    Ok(Value::Int(s.lock_depth))
}

fn kbd_intr(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 1)?;
    get_int(vm, a[1])?;
    Ok(Value::None)
}

fn mem_current(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 0)?;
    Ok(Value::Int(vm.heap.used() as i64))
}

fn mem_peak(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 0)?;
    Ok(Value::Int(state(vm, a)?.peak as i64))
}

/// Total bytes ever allocated is not tracked; the peak is the closest figure at hand.
fn mem_total(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 0)?;
    Ok(Value::Int(state(vm, a)?.peak as i64))
}

fn stack_bytes(vm: &Vm) -> usize {
    vm.frames.len() * FRAME_BYTES + vm.stack.len() * core::mem::size_of::<Value>()
}

fn stack_use(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 0)?;
    Ok(Value::Int(stack_bytes(vm) as i64))
}

/// `mem_info([verbose])`: MicroPython's summary lines, from Ferrite's heap figures.
fn mem_info(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    between(vm, rest(a), kw, 0, 1)?;
    let peak = state(vm, a)?.peak;
    let (used, limit) = (vm.heap.used(), vm.heap.limit());
    let free = limit.saturating_sub(used);
    let objects = vm.heap.object_count();
    let mut out = String::new();
    out.push_str(&format!("mem: total={}, current={}, peak={}\n", peak, used, peak));
    out.push_str(&format!("stack: {} out of {}\n", stack_bytes(vm), STACK_LIMIT));
    out.push_str(&format!("GC: total: {}, used: {}, free: {}\n", limit, used, free));
    out.push_str(&format!(" No. of 1-blocks: {}, 2-blocks: 0, max blk sz: 0, max free sz: {}\n", objects, free / 16));
    if a.len() > 1 {
        out.push_str(&format!("GC memory layout; {} objects in {} collections\n", objects, vm.heap.collections));
    }
    vm.print_str(&out);
    Ok(Value::None)
}

/// `qstr_info([verbose])`: the names interned by the program (beyond the VM's own).
fn qstr_info(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    between(vm, rest(a), kw, 0, 1)?;
    let first = Interner::new().len();
    let total = vm.interner.len();
    let n = total.saturating_sub(first);
    let data: usize = (first..total).map(|i| vm.interner.str(Sym(i as u32)).len() + 1).sum();
    let mut out = format!("qstr pool: n_pool={}, n_qstr={}, n_str_data_bytes={}, n_total_bytes={}\n", (n > 0) as usize, n, data, data + 32 * n);
    if a.len() > 1 {
        for i in first..total {
            out.push_str(&format!("Q({})\n", vm.interner.str(Sym(i as u32))));
        }
    }
    vm.print_str(&out);
    Ok(Value::None)
}

/// `schedule(f, arg)`: Ferrite has no pending-call queue, so the call happens now.
fn schedule(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    fixed(vm, rest(a), kw, 2)?;
    vm.call_value(a[1], &[a[2]])?;
    Ok(Value::None)
}
