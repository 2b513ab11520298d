//! `random`: MicroPython's API over its yasmarang generator, so `seed(n)` gives the same
//! sequence as MicroPython.
//!
//! The generator's state belongs to the VM, not the process: it lives in a small object that
//! every function of the module receives as its bound first argument (`Builtin::receiver`).

use alloc::boxed::Box;

use super::math::{between, build_module, fixed, get_int, get_int_truncated, B};
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::ops::range_len;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// Yasmarang (<http://www.literatecode.com/yasmarang>), as in MicroPython's `modrandom.c`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Yasmarang {
    pad: u32,
    n: u32,
    d: u32,
    dat: u8,
}

impl Yasmarang {
    pub fn new(seed: u32) -> Yasmarang {
        Yasmarang { pad: seed, n: 69, d: 233, dat: 0 }
    }

    pub fn next_u32(&mut self) -> u32 {
        self.pad = self.pad.wrapping_add((self.dat as u32).wrapping_add(self.d.wrapping_mul(self.n)));
        self.pad = (self.pad << 3).wrapping_add(self.pad >> 29);
        self.n = self.pad | 2;
        self.d ^= (self.pad << 31).wrapping_add(self.pad >> 1);
        self.dat ^= (self.pad as u8) ^ ((self.d >> 8) as u8) ^ 1;
        self.pad ^ (self.d << 5) ^ (self.pad >> 18) ^ ((self.dat as u32) << 1)
    }

    /// Uniform in `0..n` by rejection on the smallest covering mask.
    pub fn below(&mut self, n: u64) -> u64 {
        let mut mask: u64 = 1;
        while (n & mask) < n {
            mask = (mask << 1) | 1;
        }
        loop {
            let r = if mask > u32::MAX as u64 { ((self.next_u32() as u64) << 32) | self.next_u32() as u64 } else { self.next_u32() as u64 };
            let r = r & mask;
            if r < n {
                return r;
            }
        }
    }

    /// A float in [0, 1): 52 random mantissa bits on an exponent for [1, 2), minus one.
    pub fn float(&mut self) -> f64 {
        let hi = self.next_u32() as u64;
        let lo = self.next_u32() as u64;
        let frac = ((hi << 32) | lo) & ((1u64 << 52) - 1);
        f64::from_bits((1023u64 << 52) | frac) - 1.0
    }
}

/// The generator state object the module's functions are bound to.
pub struct RandomState {
    class: ObjRef,
    rng: Yasmarang,
}

impl ExtObj for RandomState {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, _f: &mut dyn FnMut(Value)) {}
    crate::ext_any!();
}

/// A generator state object seeded from the host.
pub fn new_state(vm: &mut Vm) -> PyResult<Value> {
    let class = vm.ext_class("RandomState", &[], &[]);
    let seed = vm.host.random_seed() as u32;
    vm.alloc(Obj::Ext(Box::new(RandomState { class, rng: Yasmarang::new(seed) })))
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let state = new_state(vm)?;
    build_module(
        vm,
        "random",
        state,
        const { &[
            ("__init__", B(init_seed, 1, 1)),
            ("choice", B(choice, 2, 2)),
            ("getrandbits", B(getrandbits, 2, 2)),
            ("randint", B(randint, 3, 3)),
            ("random", B(random, 1, 1)),
            ("randrange", B(randrange, 2, 4)),
            ("seed", B(seed_fn, 1, 2)),
            ("uniform", B(uniform, 3, 3)),
        ] },
        &[],
    )
}

/// The generator inside a state object.
pub fn rng(vm: &mut Vm, state: Value) -> PyResult<&mut Yasmarang> {
    super::ext::ext_or::<RandomState>(vm, state, "random state expected").map(|s| &mut s.rng)
}

/// Split the bound state from the caller's arguments.
fn split(a: &[Value]) -> (Value, &[Value]) {
    match a.split_first() {
        Some((s, rest)) => (*s, rest),
        None => (Value::None, a),
    }
}

fn init_seed(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    fixed(vm, a, 0)?;
    let seed = vm.host.random_seed() as u32;
    *rng(vm, st)? = Yasmarang::new(seed);
    Ok(Value::None)
}

/// `seed(n=None)`: None (or nothing) reseeds from the host; ints are truncated to 32 bits.
fn seed_fn(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    between(vm, a, 0, 1)?;
    let seed = match a.first().copied() {
        None | Some(Value::None) => vm.host.random_seed() as u32,
        Some(v) => get_int_truncated(vm, v)? as u32,
    };
    *rng(vm, st)? = Yasmarang::new(seed);
    Ok(Value::None)
}

fn getrandbits(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    fixed(vm, a, 1)?;
    let n = get_int(vm, a[0])?;
    if !matches!(n, 0..=32) {
        return Err(vm.value_error("bits must be 32 or less"));
    }
    if n == 0 {
        return Ok(Value::Int(0));
    }
    let mask = u32::MAX >> (32 - n);
    Ok(Value::Int((rng(vm, st)?.next_u32() & mask) as i64))
}

/// `randrange(stop)`, `randrange(start, stop[, step])`.
fn randrange(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    between(vm, a, 1, 3)?;
    let first = get_int(vm, a[0])?;
    let (start, stop) = match a.get(1) {
        Some(&v) => (first, get_int(vm, v)?),
        None => (0, first),
    };
    let step = match a.get(2) {
        Some(&v) => get_int(vm, v)?,
        None => 1,
    };
    pick(vm, st, start, range_len(start, stop, step), step)
}

fn randint(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    fixed(vm, a, 2)?;
    let lo = get_int(vm, a[0])?;
    let hi = get_int(vm, a[1])?;
    let n = if lo > hi { 0 } else { (hi.wrapping_sub(lo) as u64).wrapping_add(1) };
    pick(vm, st, lo, n, 1)
}

/// Element `below(n)` of the `n` values `start`, `start + step`, …; a bare `ValueError()` when
/// there are none, as MicroPython raises for every empty range.
fn pick(vm: &mut Vm, st: Value, start: i64, n: u64, step: i64) -> PyResult<Value> {
    if n == 0 {
        return Err(vm.err0(TypeId::ValueError));
    }
    let r = rng(vm, st)?.below(n) as i64;
    // start + step * r lies within the range: the wrapping sum is exact.
    vm.new_int(start.wrapping_add(step.wrapping_mul(r)))
}

fn choice(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    fixed(vm, a, 1)?;
    let len = vm.len_of(a[0])?;
    if len == 0 {
        return Err(vm.err0(TypeId::IndexError));
    }
    let i = rng(vm, st)?.below(len as u64);
    vm.getitem(a[0], Value::Int(i as i64))
}

fn random(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    fixed(vm, a, 0)?;
    Ok(Value::float(rng(vm, st)?.float()))
}

fn uniform(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (st, a) = split(a);
    fixed(vm, a, 2)?;
    let lo = super::super::args::float(vm, a[0])?;
    let hi = super::super::args::float(vm, a[1])?;
    let f = rng(vm, st)?.float();
    Ok(Value::float(lo + (hi - lo) * f))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MicroPython: `random.seed(1); [random.getrandbits(32) for i in range(3)]`.
    #[test]
    fn matches_micropython_sequence() {
        let mut r = Yasmarang::new(1);
        assert_eq!([r.next_u32(), r.next_u32(), r.next_u32()], [2002244, 1862853106, 2677483614]);
        // random(), uniform(2, 5), randrange(100), randint(1, 6), choice('abc'),
        // randrange(0, 100, 7), randrange(10, 0, -3)
        assert_eq!(r.float(), 0.9893464022463048);
        assert_eq!(2.0 + 3.0 * r.float(), 4.803745299845573);
        assert_eq!(r.below(100), 26);
        assert_eq!(1 + r.below(6), 5);
        assert_eq!(r.below(3), 2);
        assert_eq!(7 * r.below(15), 77);
        assert_eq!(10 - 3 * r.below(4), 1);
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Yasmarang::new(7);
        for n in [1u64, 2, 3, 5, 100, 1 << 40] {
            for _ in 0..100 {
                assert!(r.below(n) < n);
            }
        }
    }

    #[test]
    fn float_in_unit_interval() {
        let mut r = Yasmarang::new(3);
        for _ in 0..1000 {
            let f = r.float();
            assert!((0.0..1.0).contains(&f));
        }
    }
}
