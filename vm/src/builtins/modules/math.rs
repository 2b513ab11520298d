//! `math`: MicroPython's set of functions, with its domain checks.
//!
//! MicroPython checks results, not arguments: a function of one float raises
//! `ValueError: math domain error` when it returns nan for a non-nan argument, or an infinity
//! for a finite one (`math_generic_1`); two-argument functions the same, looking at both
//! arguments. Only `log` checks its arguments first. The few helpers other modules share
//! (argument counts, `mp_obj_get_int`) live here too.

use crate::value::Kind;
use crate::builtins::VARARGS;
use alloc::vec;

use crate::bigint::BigInt;

use self::accurate as acc;
use super::super::args;

pub mod accurate;
pub mod special;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::ops::Num;
use crate::vm::{Exc, PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

const PI: f64 = core::f64::consts::PI;

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    build_module(
        vm,
        "math",
        Value::Null,
        const { &[
            ("acos", F(acos, 1, 1)),
            ("acosh", F(acosh, 1, 1)),
            ("asin", F(asin, 1, 1)),
            ("asinh", F(asinh, 1, 1)),
            ("atan", F(atan, 1, 1)),
            ("atan2", F(atan2, 2, 2)),
            ("atanh", F(atanh, 1, 1)),
            ("ceil", F(ceil, 1, 1)),
            ("copysign", F(copysign, 2, 2)),
            ("cos", F(cos, 1, 1)),
            ("cosh", F(cosh, 1, 1)),
            ("degrees", F(degrees, 1, 1)),
            ("e", C(Value::float(core::f64::consts::E))),
            ("erf", F(erf, 1, 1)),
            ("erfc", F(erfc, 1, 1)),
            ("exp", F(exp, 1, 1)),
            ("expm1", F(expm1, 1, 1)),
            ("fabs", F(fabs, 1, 1)),
            ("factorial", F(factorial, 1, 1)),
            ("floor", F(floor, 1, 1)),
            ("fmod", F(fmod, 2, 2)),
            ("frexp", F(frexp, 1, 1)),
            ("gamma", F(gamma, 1, 1)),
            ("inf", C(Value::float(f64::INFINITY))),
            ("isclose", FK(isclose, 0, VARARGS)),
            ("isfinite", F(isfinite, 1, 1)),
            ("isinf", F(isinf, 1, 1)),
            ("isnan", F(isnan, 1, 1)),
            ("ldexp", F(ldexp, 2, 2)),
            ("lgamma", F(lgamma, 1, 1)),
            ("log", F(log, 1, 2)),
            ("log10", F(log10, 1, 1)),
            ("log2", F(log2, 1, 1)),
            ("modf", F(modf, 1, 1)),
            ("nan", C(Value::float(f64::NAN))),
            ("pi", C(Value::float(PI))),
            ("pow", F(pow, 2, 2)),
            ("radians", F(radians, 1, 1)),
            ("sin", F(sin, 1, 1)),
            ("sinh", F(sinh, 1, 1)),
            ("sqrt", F(sqrt, 1, 1)),
            ("tan", F(tan, 1, 1)),
            ("tanh", F(tanh, 1, 1)),
            ("tau", C(Value::float(core::f64::consts::TAU))),
            ("trunc", F(trunc, 1, 1)),
        ] },
        &[],
    )
}

// ---- helpers shared by the modules in this folder

/// What a module name holds: a native (with its least and most positional arguments), one
/// bound to the module's state (counted as an argument), either taking keywords (`FK`, `BK`),
/// or a constant.
pub enum Item {
    F(crate::obj::NativeFn, u8, u8),
    FK(crate::obj::NativeFn, u8, u8),
    B(crate::obj::NativeFn, u8, u8),
    C(Value),
}

pub use Item::{B, C, F, FK};

/// A module from its items and the values made at run time (`extra`), inserted in name order:
/// MicroPython's `dir()` lists a built-in module's names in (sorted) qstr order. `B` items get
/// `state` as their first argument. `items` stays a constant table (built at run time, a
/// table of a dozen entries is ~0.5 KB of code).
pub fn build_module(vm: &mut Vm, name: &str, state: Value, items: &[(&str, Item)], extra: &[(&str, Value)]) -> PyResult<Value> {
    let m = super::make_module(vm, name, &[], &[])?;
    let n_items = items.len();
    let name_of = |i: usize| if i < n_items { items[i].0 } else { extra[i - n_items].0 };
    let mut order: alloc::vec::Vec<usize> = (0..n_items + extra.len()).collect();
    crate::builtins::list::sort_small(&mut order, |&a, &b| name_of(a) < name_of(b));
    for i in order {
        let n = name_of(i);
        let v = match items.get(i) {
            None => extra[i - n_items].1,
            Some((_, C(v))) => *v,
            Some((_, item @ (F(f, min, max) | FK(f, min, max) | B(f, min, max)))) => {
                let receiver = if matches!(item, B(..)) { state } else { Value::Null };
                let (arity, kw) = (crate::obj::Arity { min: *min, max: *max }, matches!(item, FK(..)));
                let b = crate::builtins::new_builtin(vm, n, *f, arity, kw, receiver);
                vm.alloc(crate::obj::Obj::Builtin(alloc::boxed::Box::new(b)))?
            }
        };
        super::set_attr(vm, m, n, v)?;
    }
    Ok(m)
}

/// MicroPython's check for a fixed-arity native: exactly `n` positionals (keywords are
/// refused before the call, `Arity::kw`).
pub fn fixed(vm: &mut Vm, a: &[Value], n: usize) -> PyResult<()> {
    args::exact(vm, a, n)
}

/// MicroPython's check for a native taking `min..=max` positionals.
pub fn between(vm: &mut Vm, a: &[Value], min: usize, max: usize) -> PyResult<()> {
    args::range(vm, a, min, max)
}

/// `mp_obj_get_int`: a machine-word int; big ints overflow, `__int__` is honoured.
pub fn get_int(vm: &mut Vm, v: Value) -> PyResult<i64> {
    match v.kind() {
        Kind::Int(i) => Ok(i),
        b @ (Kind::False | Kind::True) => Ok((b == Kind::True) as i64),
        _ => match vm.as_num(v) {
            Some(Num::Big(_)) => Err(vm.word_overflow()),
            Some(Num::Float(_)) | Some(Num::Complex(..)) | None => {
                let i = super::super::int::to_int(vm, v, false)?;
                match vm.as_num(i) {
                    Some(Num::Int(i)) => Ok(i),
                    _ => Err(vm.word_overflow()),
                }
            }
            Some(Num::Int(i)) => Ok(i),
        },
    }
}

/// `mp_obj_get_int_truncated`: an int reduced to its low 64 bits (two's complement).
pub fn get_int_truncated(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let i = super::super::int::to_int(vm, v, false)?;
    Ok(match vm.as_num(i) {
        Some(Num::Int(i)) => i,
        Some(Num::Big(b)) => b.low_u64() as i64,
        _ => 0,
    })
}

/// `mp_obj_new_int_from_float`: ceil/floor/trunc results, with MicroPython's messages.
pub fn int_from_float(vm: &mut Vm, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(vm.value_error("can't convert NaN to int"));
    }
    if f.is_infinite() {
        return Err(vm.overflow_error("can't convert inf to int"));
    }
    let t = libm::trunc(f);
    if t.abs() < 9.0e18 {
        return vm.new_int(t as i64);
    }
    match BigInt::from_f64(t) {
        Some(b) => vm.new_bigint(b),
        None => Err(vm.overflow_error("can't convert inf to int")),
    }
}

fn domain_error(vm: &mut Vm) -> Exc {
    vm.value_error("math domain error")
}

/// The argument of a one-argument function (its `Item` says so: the call path checked).
fn float1(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<f64> {
    let [x] = *args::take::<1>(a);
    args::float(vm, x)
}

fn float2(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<(f64, f64)> {
    let [x, y] = *args::take::<2>(a);
    Ok((args::float(vm, x)?, args::float(vm, y)?))
}

/// `math_generic_1`: apply `f`, raising a domain error for a nan or infinity it made up.
fn generic1(vm: &mut Vm, a: &[Value], kw: Kw, f: fn(f64) -> f64) -> PyResult<Value> {
    let x = float1(vm, a, kw)?;
    let r = f(x);
    if (r.is_nan() && !x.is_nan()) || (r.is_infinite() && !x.is_infinite()) {
        return Err(domain_error(vm));
    }
    Ok(Value::float(r))
}

/// `math_generic_2`: the same for functions of two floats.
fn generic2(vm: &mut Vm, a: &[Value], kw: Kw, f: fn(f64, f64) -> f64) -> PyResult<Value> {
    let (x, y) = float2(vm, a, kw)?;
    let r = f(x, y);
    if (r.is_nan() && !x.is_nan() && !y.is_nan()) || (r.is_infinite() && !x.is_infinite() && !y.is_infinite()) {
        return Err(domain_error(vm));
    }
    Ok(Value::float(r))
}

macro_rules! fun1 {
    ($($name:ident => $f:expr;)*) => {
        $(fn $name(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
            generic1(vm, a, kw, $f)
        })*
    };
}

fun1! {
    sqrt => libm::sqrt;
    exp => acc::exp;
    expm1 => special::expm1;
    log2 => acc::log2;
    log10 => acc::log10;
    cosh => acc::cosh;
    sinh => acc::sinh;
    tanh => acc::tanh;
    acosh => acc::acosh;
    asinh => acc::asinh;
    atanh => acc::atanh;
    cos => acc::cos;
    sin => acc::sin;
    tan => acc::tan;
    acos => acc::acos;
    asin => acc::asin;
    atan => acc::atan;
    fabs => libm::fabs;
    erf => special::erf;
    erfc => special::erfc;
    gamma => special::tgamma;
    lgamma => lgamma_of;
}

/// `lgamma` without the sign.
fn lgamma_of(x: f64) -> f64 {
    special::lgamma_r(x).0
}

// MicroPython's fixes (MICROPY_PY_MATH_POW_FIX_NAN, _ATAN2_FIX_INFNAN, _FMOD_FIX_INFNAN) are
// what `acc::pow`, `acc::atan2` and `fmod` already return: pow(nan, 0) and pow(1, nan) are 1,
// atan2 of two infinities an odd multiple of pi/4, fmod(finite, inf) the finite value.

fn pow(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    generic2(vm, a, kw, acc::pow)
}

fn atan2(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    generic2(vm, a, kw, acc::atan2)
}

fn fmod(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    generic2(vm, a, kw, crate::format::num::fmod)
}

fn copysign(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    generic2(vm, a, kw, libm::copysign)
}

fn to_int_with(vm: &mut Vm, a: &[Value], kw: Kw, f: fn(f64) -> f64) -> PyResult<Value> {
    let x = float1(vm, a, kw)?;
    int_from_float(vm, f(x))
}

fn ceil(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int_with(vm, a, kw, libm::ceil)
}

fn floor(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int_with(vm, a, kw, libm::floor)
}

fn trunc(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    to_int_with(vm, a, kw, libm::trunc)
}

/// A test of one float (`isfinite`, `isinf`, `isnan`).
fn test1(vm: &mut Vm, a: &[Value], kw: Kw, f: fn(f64) -> bool) -> PyResult<Value> {
    Ok(Value::bool(f(float1(vm, a, kw)?)))
}

fn isfinite(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    test1(vm, a, kw, f64::is_finite)
}

fn isinf(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    test1(vm, a, kw, f64::is_infinite)
}

fn isnan(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    test1(vm, a, kw, f64::is_nan)
}

/// `ldexp(x, exp)`: no domain check; `exp` must be a machine int.
fn ldexp(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    fixed(vm, a, 2)?;
    let x = args::float(vm, a[0])?;
    let e = get_int(vm, a[1])?;
    let e = e.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    Ok(Value::float(libm::ldexp(x, e)))
}

/// `x * k` with no domain check, as MicroPython's `radians` and `degrees` are.
fn scale1(vm: &mut Vm, a: &[Value], kw: Kw, k: f64) -> PyResult<Value> {
    Ok(Value::float(float1(vm, a, kw)? * k))
}

fn radians(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    scale1(vm, a, kw, PI / 180.0)
}

fn degrees(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    scale1(vm, a, kw, 180.0 / PI)
}

/// `log(x[, base])`: the one function that checks its arguments.
fn log(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    between(vm, a, 1, 2)?;
    let x = args::float(vm, a[0])?;
    if x <= 0.0 {
        return Err(domain_error(vm));
    }
    let l = acc::log(x);
    if a.len() == 1 {
        return Ok(Value::float(l));
    }
    let base = args::float(vm, a[1])?;
    if base <= 0.0 {
        return Err(domain_error(vm));
    }
    if base == 1.0 {
        return Err(vm.zero_division("divide by zero"));
    }
    Ok(Value::float(l / acc::log(base)))
}

fn frexp(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = float1(vm, a, kw)?;
    let (m, e) = if x.is_finite() { libm::frexp(x) } else { (x, 0) };
    vm.new_tuple(vec![Value::float(m), Value::Int(e as i64)])
}

fn modf(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let x = float1(vm, a, kw)?;
    // libm's modf as its two parts: `x - trunc(x)` is exact, and an infinity has no fraction.
    let int = libm::trunc(x);
    let frac = if x.is_infinite() { 0.0 } else { x - int };
    // MICROPY_PY_MATH_MODF_FIX_NEGZERO: a zero fraction keeps the sign of x.
    let frac = if frac == 0.0 { libm::copysign(0.0, x) } else { frac };
    vm.new_tuple(vec![Value::float(frac), Value::float(int)])
}

/// `isclose(a, b, *, rel_tol=1e-9, abs_tol=0)`.
fn isclose(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() < 2 {
        return Err(args::out_of_range(vm, 2, 3, a.len()));
    }
    if a.len() > 2 {
        return Err(vm.type_error("extra positional arguments given"));
    }
    let names = [vm.intern("rel_tol"), vm.intern("abs_tol")];
    args::only_kw(vm, kw, &names)?;
    let x = args::float(vm, a[0])?;
    let y = args::float(vm, a[1])?;
    let rel = float_kw(vm, kw, names[0], 1e-9)?;
    let abs = float_kw(vm, kw, names[1], 0.0)?;
    if rel < 0.0 || abs < 0.0 {
        return Err(domain_error(vm));
    }
    Ok(Value::bool(is_close(x, y, rel, abs)))
}

/// Keyword `name` as a float, else `default`.
fn float_kw(vm: &mut Vm, kw: Kw, name: Sym, default: f64) -> PyResult<f64> {
    match args::kwarg(kw, name) {
        Some(v) => args::float(vm, v),
        None => Ok(default),
    }
}

fn is_close(x: f64, y: f64, rel: f64, abs: f64) -> bool {
    if x == y {
        return true;
    }
    let diff = libm::fabs(x - y);
    if diff.is_infinite() {
        return false;
    }
    diff <= abs || diff <= libm::fabs(rel * x) || diff <= libm::fabs(rel * y)
}

/// `factorial(n)`: the product by binary splitting, which keeps the big multiplications balanced.
fn factorial(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let n = get_int(vm, a[0])?;
    if n < 0 {
        return Err(vm.value_error("negative factorial"));
    }
    if n > 20 {
        // Roughly n*log2(n) bits: refuse what cannot fit in the heap before computing it.
        let bits = (n as f64) * acc::log2(n as f64);
        if !vm.heap.reserve((bits / 8.0) as usize) {
            return Err(vm.memory_error());
        }
    }
    vm.new_bigint(product(1, n.max(1) as u64))
}

fn product(lo: u64, hi: u64) -> BigInt {
    if hi - lo < 8 {
        let mut p = BigInt::from(1);
        let mut small: u64 = 1;
        for k in lo..=hi {
            match small.checked_mul(k) {
                Some(s) => small = s,
                None => {
                    p = p * BigInt::from(small);
                    small = k;
                }
            }
        }
        return p * BigInt::from(small);
    }
    let mid = lo + (hi - lo) / 2;
    product(lo, mid) * product(mid + 1, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorial_product() {
        assert_eq!(product(1, 1), BigInt::from(1));
        assert_eq!(product(1, 5), BigInt::from(120));
        assert_eq!(product(1, 25), "15511210043330985984000000".parse::<BigInt>().unwrap());
    }

    #[test]
    fn close() {
        assert!(is_close(1.0, 1.0 + 1e-10, 1e-9, 0.0));
        assert!(!is_close(f64::INFINITY, 1.0, 1e-9, 0.0));
        assert!(is_close(0.0, 1e-10, 0.1, 1e-10));
    }

    #[test]
    fn fixes() {
        assert_eq!(acc::pow(f64::NAN, 0.0), 1.0);
        assert_eq!(acc::pow(1.0, f64::NAN), 1.0);
        assert_eq!(crate::format::num::fmod(1.0, f64::INFINITY), 1.0);
        assert_eq!(crate::format::num::fmod(-1.5, f64::NEG_INFINITY), -1.5);
        assert_eq!(acc::atan2(f64::INFINITY, f64::NEG_INFINITY), 3.0 * PI / 4.0);
        assert_eq!(acc::atan2(f64::NEG_INFINITY, f64::INFINITY), -PI / 4.0);
    }
}
