//! Operators: arithmetic on numbers, sequence operators, comparisons, truth, and the special
//! method protocol (`__add__` / `__radd__` / `__iadd__`) for instances.

use crate::value::Kind;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::types::TypeId;
use crate::bigint::BigInt;

use super::frame::{Operator, Resumer};
use super::{PyResult, Vm};
use crate::ast::{BinOp, UnaryOp};
use crate::bytecode::Cmp;
use crate::heap::ObjRef;
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::value::Value;

/// A comparison of two numbers (or two strs) of the same kind, as the interpreter's fast path;
/// None for the comparisons that are not about order or equality (`is`, `in`).
#[inline]
pub fn number_cmp<T: PartialOrd>(c: Cmp, x: T, y: T) -> Option<bool> {
    Some(match c {
        Cmp::Eq => x == y,
        Cmp::Ne => x != y,
        Cmp::Lt => x < y,
        Cmp::Le => x <= y,
        Cmp::Gt => x > y,
        Cmp::Ge => x >= y,
        _ => return None,
    })
}

/// The comparisons the interpreter does inline: small ints, floats, the order of a float and a
/// small int (`order_op` compares those as floats too; `==` between them is exact, so not here),
/// and identity.
#[inline(always)]
pub fn fast_compare(c: Cmp, a: Value, b: Value) -> Option<bool> {
    if Value::both_small(a, b) {
        return number_cmp(c, a.small_key(), b.small_key());
    }
    match (a.as_float(), b.as_float()) {
        (Some(x), Some(y)) => number_cmp(c, x, y),
        (Some(_), None) | (None, Some(_)) if matches!(c, Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge) => {
            number_cmp(c, int_or_float(a)?, int_or_float(b)?)
        }
        _ if c == Cmp::Is => Some(a.is(b)),
        _ if c == Cmp::IsNot => Some(!a.is(b)),
        _ => None,
    }
}

/// A float or a small int as a float, for the fast paths' mixed operands.
#[inline(always)]
fn int_or_float(v: Value) -> Option<f64> {
    match v.as_float() {
        Some(x) => Some(x),
        None => Some(v.as_int()? as f64),
    }
}

/// Whether `items` hold small int `n`, when no `__eq__` can have a say: every item an int, a
/// bool or a singleton (hexiom's `v in cell`). None otherwise (a float, an object), for the
/// general comparison of each item, which first copies them (an `__eq__` may change the list).
fn immediates_contain(items: &[Value], n: Value) -> Option<bool> {
    let Kind::Int(n) = n.kind() else { return None };
    for &item in items {
        // Stops at the first match, as `in` does: the items before it had no `__eq__` to run.
        let hit = match item.kind() {
            Kind::Int(m) => m == n,
            b @ (Kind::False | Kind::True) => (b == Kind::True) as i64 == n,
            Kind::None | Kind::Ellipsis | Kind::NotImplemented => false,
            _ => return None,
        };
        if hit {
            return Some(true);
        }
    }
    Some(false)
}

/// The arithmetic the interpreter does inline: small ints, and floats (an int operand converts as
/// in `num_binop`). None sends the operands to the general `binary_op`. Always inlined: as a
/// call it cost about as much as the arithmetic (measured with callgrind on bm_fft).
#[inline(always)]
pub fn fast_binop(op: BinOp, a: Value, b: Value) -> Option<Value> {
    if Value::both_small(a, b) {
        return match op {
            BinOp::Add => Value::small_add(a, b, false),
            BinOp::Sub => Value::small_add(a, b, true),
            _ => small_int_op(op, a.small_unchecked(), b.small_unchecked()),
        };
    }
    let (x, y) = (int_or_float(a)?, int_or_float(b)?);
    Some(Value::float(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div if y != 0.0 => x / y,
        _ => return None,
    }))
}

#[inline(always)]
pub fn small_int_op(op: BinOp, x: i64, y: i64) -> Option<Value> {
    Value::small(match op {
        BinOp::Add => x.checked_add(y)?,
        BinOp::Sub => x.checked_sub(y)?,
        BinOp::Mul => x.checked_mul(y)?,
        BinOp::FloorDiv if y != 0 => floor_div(x, y)?,
        BinOp::Mod if y != 0 => floor_mod(x, y)?,
        BinOp::BitAnd => x & y,
        BinOp::BitOr => x | y,
        BinOp::BitXor => x ^ y,
        BinOp::LShift if (0..63).contains(&y) => {
            let r = x.checked_shl(y as u32)?;
            if r >> y != x {
                return None;
            }
            r
        }
        BinOp::RShift if y >= 0 => x >> y.min(63),
        _ => return None,
    })
}

fn floor_div(x: i64, y: i64) -> Option<i64> {
    let q = x.checked_div(y)?;
    if (x % y != 0) && ((x < 0) != (y < 0)) {
        Some(q - 1)
    } else {
        Some(q)
    }
}

fn floor_mod(x: i64, y: i64) -> Option<i64> {
    let r = x.checked_rem(y)?;
    if r != 0 && ((r < 0) != (y < 0)) {
        Some(r + y)
    } else {
        Some(r)
    }
}

/// How many values `range(start, stop, step)` yields, exactly: up to 2^64 - 1, so more than an
/// `i64` holds (`Vm::range_size` is it as a Python length). A step of 0 yields nothing.
pub fn range_len(start: i64, stop: i64, step: i64) -> u64 {
    let (distance, step) = if step > 0 && start < stop {
        (stop.wrapping_sub(start) as u64, step as u64)
    } else if step < 0 && start > stop {
        (start.wrapping_sub(stop) as u64, step.unsigned_abs())
    } else {
        return 0;
    };
    // Most ranges and slices step by one: no division.
    if step == 1 { distance } else { (distance - 1) / step + 1 }
}

/// MicroPython's float hash (the truncated value), so equal ints and floats hash alike.
pub fn hash_float(f: f64) -> u64 {
    crate::format::float_hash(f) as u64
}

/// Bits of a big-int `*`, `**` or `<<` result, which can outgrow its operands without bound;
/// 0 for other ops and where the op fails first or its result is trivial.
pub fn growth_bits(op: BinOp, a: &BigInt, b: &BigInt) -> u64 {
    match op {
        BinOp::Mul => a.bits() + b.bits(),
        BinOp::Pow if !b.is_negative() && a.bits() > 1 => match b.to_u64() {
            Some(e) if e <= u32::MAX as u64 => a.bits().saturating_mul(e),
            _ => 0,
        },
        BinOp::LShift if !b.is_negative() && !a.is_zero() => a.bits().saturating_add(b.to_u64().unwrap_or(u64::MAX)),
        _ => 0,
    }
}

/// `a op b` for the operators whose result is an int; None where it raises (a zero divisor, a
/// negative shift or exponent, an exponent past u32) and for `/` and `@`. Shared by the
/// interpreter and constant folding, which must agree.
// Inlined into `int_binop` natively (a call cost bm_pidigits 0.4 % of its instructions); one
// copy shared with folding in the wasm, where size counts.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
pub fn int_op(op: BinOp, a: BigInt, b: &BigInt) -> Option<BigInt> {
    let nonneg = |b: &BigInt| (!b.is_negative()).then(|| b.to_u64().unwrap_or(u64::MAX));
    Some(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::FloorDiv if !b.is_zero() => a.div_floor(b),
        BinOp::Mod if !b.is_zero() => a.mod_floor(b),
        BinOp::Pow => {
            let e = nonneg(b)?;
            if a.bits() <= 1 {
                // 0, 1 and -1 to any power.
                if e == 0 {
                    BigInt::from(1)
                } else if a.is_negative() && !b.is_odd() {
                    -a
                } else {
                    a
                }
            } else {
                a.pow(u32::try_from(e).ok()?)
            }
        }
        BinOp::LShift => {
            let s = nonneg(b)?;
            if a.is_zero() {
                a
            } else {
                a << s as usize
            }
        }
        BinOp::RShift => {
            let s = nonneg(b)?;
            if s >= a.bits() {
                // Every bit shifted out: what is left is the sign.
                BigInt::from(if a.is_negative() { -1 } else { 0 })
            } else {
                a >> s as usize
            }
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        _ => return None,
    })
}

pub fn bigint_to_f64(b: &BigInt) -> f64 {
    b.to_f64()
}

/// A number, as the arithmetic sees it.
#[derive(Clone)]
pub enum Num {
    Int(i64),
    Big(BigInt),
    Float(f64),
    Complex(f64, f64),
}

impl Num {
    fn to_big(&self) -> BigInt {
        match self {
            Num::Int(i) => BigInt::from(*i),
            Num::Big(b) => b.clone(),
            _ => BigInt::zero(),
        }
    }

    fn to_f64(&self) -> f64 {
        match self {
            Num::Int(i) => *i as f64,
            Num::Big(b) => bigint_to_f64(b),
            Num::Float(f) => *f,
            Num::Complex(r, _) => *r,
        }
    }

    fn to_complex(&self) -> (f64, f64) {
        match self {
            Num::Complex(r, i) => (*r, *i),
            n => (n.to_f64(), 0.0),
        }
    }

    fn is_int(&self) -> bool {
        matches!(self, Num::Int(_) | Num::Big(_))
    }
}

pub fn binop_dunder(op: BinOp) -> (Sym, Sym, Sym) {
    match op {
        BinOp::Add => (sym::__ADD__, sym::__RADD__, sym::__IADD__),
        BinOp::Sub => (sym::__SUB__, sym::__RSUB__, sym::__ISUB__),
        BinOp::Mul => (sym::__MUL__, sym::__RMUL__, sym::__IMUL__),
        BinOp::MatMul => (sym::__MATMUL__, sym::__RMATMUL__, sym::__IMATMUL__),
        BinOp::Div => (sym::__TRUEDIV__, sym::__RTRUEDIV__, sym::__ITRUEDIV__),
        BinOp::FloorDiv => (sym::__FLOORDIV__, sym::__RFLOORDIV__, sym::__IFLOORDIV__),
        BinOp::Mod => (sym::__MOD__, sym::__RMOD__, sym::__IMOD__),
        BinOp::Pow => (sym::__POW__, sym::__RPOW__, sym::__IPOW__),
        BinOp::LShift => (sym::__LSHIFT__, sym::__RLSHIFT__, sym::__ILSHIFT__),
        BinOp::RShift => (sym::__RSHIFT__, sym::__RRSHIFT__, sym::__IRSHIFT__),
        BinOp::BitOr => (sym::__OR__, sym::__ROR__, sym::__IOR__),
        BinOp::BitXor => (sym::__XOR__, sym::__RXOR__, sym::__IXOR__),
        BinOp::BitAnd => (sym::__AND__, sym::__RAND__, sym::__IAND__),
    }
}

fn cmp_dunder(c: Cmp) -> (Sym, Sym) {
    match c {
        Cmp::Eq => (sym::__EQ__, sym::__EQ__),
        Cmp::Ne => (sym::__NE__, sym::__NE__),
        Cmp::Lt => (sym::__LT__, sym::__GT__),
        Cmp::Le => (sym::__LE__, sym::__GE__),
        Cmp::Gt => (sym::__GT__, sym::__LT__),
        Cmp::Ge => (sym::__GE__, sym::__LE__),
        _ => (sym::__EQ__, sym::__EQ__),
    }
}

impl Vm {
    /// The number a value is, if it is one (bools count as ints).
    pub fn as_num(&self, v: Value) -> Option<Num> {
        match v.kind() {
            Kind::Int(i) => Some(Num::Int(i)),
            b @ (Kind::False | Kind::True) => Some(Num::Int((b == Kind::True) as i64)),
            Kind::Float(f) => Some(Num::Float(f.get())),
            Kind::Obj(r) => match self.heap.get(r) {
                // A big int in the range of `i64` is `Num::Int`, as it was when small ints were 64 bits.
                Obj::BigInt(b) => Some(b.to_i64().map_or_else(|| Num::Big((**b).clone()), Num::Int)),
                Obj::Complex(re, im) => Some(Num::Complex(*re, *im)),
                _ => None,
            },
            _ => None,
        }
    }

    /// An int (not a bool) as an `i64`: a small int, or a big int in MicroPython's machine word
    /// ([`BigInt::to_word`]; small ints are narrower, so code that took any `i64` int must also
    /// take those).
    pub fn int_as_i64(&self, v: Value) -> Option<i64> {
        match v.kind() {
            Kind::Int(i) => Some(i),
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::BigInt(b) => b.to_word(),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn num_value(&mut self, n: Num) -> PyResult<Value> {
        match n {
            Num::Int(i) => self.new_int(i),
            Num::Big(b) => self.new_bigint(b),
            Num::Float(f) => Ok(Value::float(f)),
            Num::Complex(r, i) => self.alloc(Obj::Complex(r, i)),
        }
    }

    /// The class of an instance of a Python class (not of a native object, `Obj::Ext`).
    #[inline(always)]
    fn instance_class(&self, v: Value) -> Option<ObjRef> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => Some(i.class.get()),
                _ => None,
            },
            _ => None,
        }
    }

    fn is_instance(&self, v: Value) -> bool {
        matches!(v.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Instance(_) | Obj::Ext(_)))
    }

    /// The built-in value wrapped by an instance of a subclass of a built-in type.
    pub fn native_base(&self, v: Value) -> Option<Value> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) if !i.base().is_null() => Some(i.base()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Complex `+ - *` with a float or small int (or complex) other operand: straight to the
    /// one allocation of the result, skipping the `Num` detour (fft's inner loop). Same
    /// formulas as `complex_binop`, so results are bit-identical.
    #[inline]
    fn complex_fast(&mut self, op: BinOp, a: Value, b: Value) -> Option<PyResult<Value>> {
        if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul) {
            return None;
        }
        let part = |v: Value| match v.kind() {
            Kind::Float(f) => Some((f.get(), 0.0, false)),
            Kind::Int(i) => Some((i as f64, 0.0, false)),
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Complex(re, im) => Some((*re, *im, true)),
                _ => None,
            },
            _ => None,
        };
        let ((x, y, ca), (u, v, cb)) = (part(a)?, part(b)?);
        if !(ca || cb) {
            return None;
        }
        let (re, im) = match op {
            BinOp::Add => (x + u, y + v),
            BinOp::Sub => (x - u, y - v),
            _ => (x * u - y * v, x * v + y * u),
        };
        Some(self.alloc(Obj::Complex(re, im)))
    }

    pub fn binary_op(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        self.binary_op_or_frame(op, a, b, false)
    }

    /// `binary_op`; from the loop (`frame`), an instance's plain Python method for the operator
    /// is pushed as a frame instead, answering Null (`operator_frame`). Told here, after complex
    /// numbers: a check in the loop before each operator cost mandel 1.5 %.
    pub(super) fn binary_op_or_frame(&mut self, op: BinOp, a: Value, b: Value, frame: bool) -> PyResult<Value> {
        if let Some(r) = self.complex_fast(op, a, b) {
            return r;
        }
        // The steps before `a.__add__(b)` below never apply to an instance `a`.
        if let Some(cls) = self.instance_class(a).filter(|_| frame) {
            let (name, _, _) = binop_dunder(op);
            if self.operator_frame(cls, name, Operator::Binary(op))? {
                return Ok(Value::Null);
            }
        }
        // `b` is read (a big int copied) only when `a` is a number: not for `str % big`.
        if let Some(x) = self.as_num(a) {
            if let Some(y) = self.as_num(b) {
                return self.num_binop(op, x, y);
            }
        }
        // `str % obj` formats whatever obj is (its __str__, __int__, …).
        if op == BinOp::Mod {
            if let Kind::Obj(ra) = a.kind() {
                if matches!(self.heap.get(ra), Obj::Str(_) | Obj::Bytes(_)) {
                    if let Some(v) = self.seq_binop(op, a, b)? {
                        return Ok(v);
                    }
                }
            }
        }
        if self.is_instance(a) || self.is_instance(b) {
            let (name, _, _) = binop_dunder(op);
            if let Some(v) = self.try_dunder(a, name, b)? {
                return Ok(v);
            }
            return self.binary_reflected(op, a, b);
        }
        match self.seq_binop(op, a, b)? {
            Some(v) => Ok(v),
            None => {
                let (name, _, _) = binop_dunder(op);
                Err(self.unsupported_binop(name, a, b))
            }
        }
    }

    pub fn inplace_op(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        self.inplace_op_or_frame(op, a, b, false)
    }

    /// `inplace_op`, pushing an instance's method as a frame from the loop (`binary_op_or_frame`).
    pub(super) fn inplace_op_or_frame(&mut self, op: BinOp, a: Value, b: Value, frame: bool) -> PyResult<Value> {
        if let Some(r) = self.complex_fast(op, a, b) {
            return r;
        }
        if self.is_instance(a) {
            if let Some(cls) = self.instance_class(a).filter(|_| frame) {
                // `__iadd__` if the class has one, else `__add__`, as tried below.
                let (name, _, iname) = binop_dunder(op);
                let pushed = match self.class_lookup(cls, iname) {
                    Some(_) => self.operator_frame(cls, iname, Operator::Inplace(op))?,
                    None => self.operator_frame(cls, name, Operator::Binary(op))?,
                };
                if pushed {
                    return Ok(Value::Null);
                }
            }
            let (_, _, iname) = binop_dunder(op);
            if let Some(v) = self.try_dunder(a, iname, b)? {
                return Ok(v);
            }
        }
        // Lists extend in place.
        if let Kind::Obj(r) = a.kind() {
            if let Obj::List(_) = self.heap.get(r) {
                if op == BinOp::Add {
                    self.list_extend(a, b)?;
                    return Ok(a);
                }
                if op == BinOp::Mul {
                    if let Some(v) = self.seq_binop(op, a, b)? {
                        let items = self.tuple_items(v).or_else(|| self.list_items(v)).unwrap_or_default();
                        if let Obj::List(dst) = self.heap.get_mut(r) {
                            *dst = items;
                        }
                        return Ok(a);
                    }
                }
            }
            if let Obj::ByteArray(_) = self.heap.get(r) {
                if op == BinOp::Add {
                    let Some(extra) = self.bytes_like(b) else {
                        let (name, _, _) = binop_dunder(op);
                        return Err(self.unsupported_binop(name, a, b));
                    };
                    crate::builtins::bytes::push_bytes(self, a, &extra)?;
                    return Ok(a);
                }
            }
            if let Obj::Set { frozen: false, .. } = self.heap.get(r) {
                if matches!(op, BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor) {
                    let v = self.binary_op(op, a, b)?;
                    let table = match v.kind() {
                        Kind::Obj(vr) => match self.heap.get(vr) {
                            Obj::Set { table, .. } => (**table).clone(),
                            _ => return Ok(v),
                        },
                        _ => return Ok(v),
                    };
                    if let Obj::Set { table: dst, .. } = self.heap.get_mut(r) {
                        **dst = table;
                    }
                    return Ok(a);
                }
            }
        }
        self.binary_op_or_frame(op, a, b, frame)
    }

    /// An order comparison with an instance operand after `a`'s own method declined (or was
    /// missing): the comparison of the values they wrap. As in MicroPython, `b`'s reflected
    /// method is not tried (`a < b` never calls `b.__gt__(a)`).
    fn order_reflected(&mut self, c: Cmp, a: Value, b: Value) -> PyResult<Value> {
        let (x, y) = self.wrapped_operands(a, cmp_dunder(c).0, b)?;
        self.order_op(c, x, y)
    }

    /// A binary operator with an instance operand after `a`'s own method declined (or was
    /// missing): `b`'s reflected one, then the native operator on the values they wrap.
    fn binary_reflected(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Value> {
        let (name, rname, _) = binop_dunder(op);
        match self.reflected_operands(a, name, b, rname)? {
            Operands::Done(v) => Ok(v),
            Operands::Natives(x, y) => self.binary_op(op, x, y),
        }
    }

    /// For operator `op` whose left operand is an instance of class `cls`, from the loop: when
    /// `cls`'s `name` is a plain Python method, push its frame like a call from bytecode (true:
    /// the result replaces the operands on the stack when it returns, `Resumer::Operator`). A
    /// nested run of the loop per `a + b` cost raytrace 2.6 % of its instructions. False:
    /// nothing was done. The steps of the operators before the left operand's method never
    /// apply to an instance.
    #[inline(never)]
    fn operator_frame(&mut self, cls: ObjRef, name: Sym, op: Operator) -> PyResult<bool> {
        match self.class_lookup(cls, name).map(Value::kind) {
            Some(Kind::Obj(f)) if matches!(self.heap.get(f), Obj::Function(_)) => self.enter_operator(f, Resumer::Operator(op)),
            _ => Ok(false),
        }
    }

    /// The rest of an operator whose method, run as a frame (`operator_frame`), returned
    /// `NotImplemented`: as `binary_op` goes on after `a.__add__(b)`, `inplace_op` after
    /// `a.__iadd__(b)` and `order_op` after `a.__lt__(b)`.
    pub(super) fn operator_fallback(&mut self, op: Operator, a: Value, b: Value) -> PyResult<Value> {
        match op {
            Operator::Binary(op) => self.binary_reflected(op, a, b),
            Operator::Inplace(op) => self.binary_op(op, a, b),
            Operator::Order(c) => self.order_reflected(c, a, b),
        }
    }

    /// An operator with an instance operand after `a.name(b)` declined (or was missing):
    /// `b.rname(a)`; failing that, the built-in values that subclass instances wrap, for the
    /// native operator to retry.
    fn reflected_operands(&mut self, a: Value, name: Sym, b: Value, rname: Sym) -> PyResult<Operands> {
        if let Some(v) = self.try_dunder(b, rname, a)? {
            return Ok(Operands::Done(v));
        }
        let (x, y) = self.wrapped_operands(a, name, b)?;
        Ok(Operands::Natives(x, y))
    }

    /// The built-in values that subclass instances `a` and `b` wrap, or the operator's
    /// TypeError if neither wraps one.
    fn wrapped_operands(&mut self, a: Value, name: Sym, b: Value) -> PyResult<(Value, Value)> {
        let a2 = self.native_base(a).unwrap_or(a);
        let b2 = self.native_base(b).unwrap_or(b);
        if !a2.is(a) || !b2.is(b) {
            return Ok((a2, b2));
        }
        Err(self.unsupported_binop(name, a, b))
    }

    /// Call `a.name(b)` if `a`'s class defines it; None if missing or NotImplemented.
    fn try_dunder(&mut self, a: Value, name: Sym, b: Value) -> PyResult<Option<Value>> {
        if !self.is_instance(a) {
            return Ok(None);
        }
        Ok(self.call_own_special(a, name, &[b])?.filter(|&r| r != Value::NotImplemented))
    }

    /// Special method `name` of instance or extension object `obj`, called with `args`; None
    /// when its class has none or only inherits a built-in type's native one, whose work the
    /// caller's path for the wrapped built-in value does (an extension type's natives are its
    /// own, so they are called).
    pub(crate) fn call_own_special(&mut self, obj: Value, name: Sym, args: &[Value]) -> PyResult<Option<Value>> {
        match self.type_lookup(obj, name) {
            Some(m) if !self.is_native(m) || matches!(obj.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Ext(_))) => {
                self.call_special(m, obj, args).map(Some)
            }
            _ => Ok(None),
        }
    }

    pub fn unsupported_binop(&mut self, name: Sym, a: Value, b: Value) -> super::Exc {
        let msg = format!("unsupported types for {}: '{}', '{}'", self.sym_str(name), self.type_name(a), self.type_name(b));
        self.type_error(msg)
    }

    pub fn num_binop(&mut self, op: BinOp, x: Num, y: Num) -> PyResult<Value> {
        if let (Num::Int(a), Num::Int(b)) = (&x, &y) {
            if let Some(v) = small_int_op(op, *a, *b) {
                return Ok(v);
            }
        }
        if x.is_int() && y.is_int() {
            return self.int_binop(op, x.to_big(), y.to_big());
        }
        if matches!(x, Num::Complex(..)) || matches!(y, Num::Complex(..)) {
            return self.complex_binop(op, x.to_complex(), y.to_complex());
        }
        if matches!(op, BinOp::LShift | BinOp::RShift | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::MatMul) {
            let (name, _, _) = binop_dunder(op);
            let (a, b) = (self.num_value(x)?, self.num_value(y)?);
            return Err(self.unsupported_binop(name, a, b));
        }
        self.float_binop(op, x.to_f64(), y.to_f64())
    }

    /// Room for a big-int result of about `bits` bits and the temporaries that compute it (up
    /// to twice as much again), in one piece on a board (`Heap::reserve`): the bigint's
    /// arithmetic asks the allocator infallibly, so what would not fit is MemoryError before
    /// it starts.
    fn bigint_room(&mut self, bits: u64) -> PyResult<()> {
        let bytes = usize::try_from(bits / 8).unwrap_or(usize::MAX).saturating_mul(3).saturating_add(64);
        if self.heap.reserve(bytes) {
            Ok(())
        } else {
            Err(self.memory_error())
        }
    }

    fn int_binop(&mut self, op: BinOp, a: BigInt, b: BigInt) -> PyResult<Value> {
        // Every result and its temporaries are within three times the larger operand, except
        // `*`, `**` and `<<`'s (`growth_bits`), checked everywhere; the rest only on a board's
        // heap: elsewhere it does not outgrow the operands the heap already holds. One probe.
        let general = if self.heap.metered() { a.bits().max(b.bits()) + 32 } else { 0 };
        let bits = general.max(growth_bits(op, &a, &b));
        if bits > 0 {
            self.bigint_room(bits)?;
        }
        let r = match op {
            BinOp::Div => {
                if b.is_zero() {
                    return Err(self.zero_division("divide by zero"));
                }
                let fa = bigint_to_f64(&a);
                let fb = bigint_to_f64(&b);
                return Ok(Value::float(fa / fb));
            }
            BinOp::Pow if b.is_negative() => {
                let fa = bigint_to_f64(&a);
                let fb = bigint_to_f64(&b);
                if fa == 0.0 {
                    return Err(self.zero_division("divide by zero"));
                }
                return Ok(Value::float(crate::builtins::modules::math::accurate::pow(fa, fb)));
            }
            BinOp::MatMul => {
                let (x, y) = (self.new_bigint(a)?, self.new_bigint(b)?);
                return Err(self.unsupported_binop(sym::__MATMUL__, x, y));
            }
            _ => match int_op(op, a, &b) {
                Some(r) => r,
                // What `int_op` refuses: a zero divisor, a negative shift, an exponent past u32.
                None if b.is_zero() => return Err(self.zero_division("divide by zero")),
                None if b.is_negative() => return Err(self.value_error("negative shift count")),
                None => return Err(self.memory_error()),
            },
        };
        self.new_bigint(r)
    }

    pub fn float_binop(&mut self, op: BinOp, a: f64, b: f64) -> PyResult<Value> {
        let r = match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div => {
                if b == 0.0 {
                    return Err(self.zero_division("divide by zero"));
                }
                a / b
            }
            BinOp::FloorDiv => {
                if b == 0.0 {
                    return Err(self.zero_division("divide by zero"));
                }
                float_divmod(a, b).0
            }
            BinOp::Mod => {
                if b == 0.0 {
                    return Err(self.zero_division("divide by zero"));
                }
                float_divmod(a, b).1
            }
            BinOp::Pow => {
                if a == 0.0 && b < 0.0 && b != f64::NEG_INFINITY {
                    return Err(self.zero_division("divide by zero"));
                }
                if a < 0.0 && b != libm::trunc(b) && b.is_finite() {
                    return self.complex_pow((a, 0.0), (b, 0.0));
                }
                crate::builtins::modules::math::accurate::pow(a, b)
            }
            _ => {
                let (name, _, _) = binop_dunder(op);
                return Err(self.unsupported_binop(name, Value::float(a), Value::float(b)));
            }
        };
        Ok(Value::float(r))
    }

    fn complex_binop(&mut self, op: BinOp, (a, b): (f64, f64), (c, d): (f64, f64)) -> PyResult<Value> {
        let (re, im) = match op {
            BinOp::Add => (a + c, b + d),
            BinOp::Sub => (a - c, b - d),
            BinOp::Mul => (a * c - b * d, a * d + b * c),
            BinOp::Div => {
                if c == 0.0 && d == 0.0 {
                    return Err(self.zero_division("complex divide by zero"));
                }
                let den = c * c + d * d;
                ((a * c + b * d) / den, (b * c - a * d) / den)
            }
            BinOp::Pow => return self.complex_pow((a, b), (c, d)),
            _ => {
                let (name, _, _) = binop_dunder(op);
                let x = self.alloc(Obj::Complex(a, b))?;
                let y = self.alloc(Obj::Complex(c, d))?;
                return Err(self.unsupported_binop(name, x, y));
            }
        };
        self.alloc(Obj::Complex(re, im))
    }

    fn complex_pow(&mut self, (a, b): (f64, f64), (c, d): (f64, f64)) -> PyResult<Value> {
        if c == 0.0 && d == 0.0 {
            return self.alloc(Obj::Complex(1.0, 0.0));
        }
        if a == 0.0 && b == 0.0 {
            if d != 0.0 || c < 0.0 {
                return Err(self.zero_division("0.0 to a complex power"));
            }
            return self.alloc(Obj::Complex(0.0, 0.0));
        }
        // MicroPython's formula, exp(z2 * ln(z1)), on the correctly rounded functions (glibc's
        // results): the libm crate's twins would put a second sin/cos/pow/exp in the wasm.
        use crate::builtins::modules::math::accurate as acc;
        let ln1 = acc::log(libm::sqrt(a * a + b * b));
        let arg1 = acc::atan2(b, a);
        let (x3, y3) = (c * ln1 - d * arg1, d * ln1 + c * arg1);
        let e = acc::exp(x3);
        self.alloc(Obj::Complex(e * acc::cos(y3), e * acc::sin(y3)))
    }

    /// Sequence and container operators of built-in types (`+`, `*`, `%`, set algebra).
    fn seq_binop(&mut self, op: BinOp, a: Value, b: Value) -> PyResult<Option<Value>> {
        let (Kind::Obj(ra), vb) = (a.kind(), b) else {
            // int * sequence
            if op == BinOp::Mul {
                if let Kind::Obj(_) = b.kind() {
                    return self.seq_binop(op, b, a);
                }
            }
            return Ok(None);
        };
        match op {
            BinOp::Add => {
                let rb = match vb.kind() {
                    Kind::Obj(rb) => rb,
                    _ => return Ok(None),
                };
                // The result is asked of the allocator fallibly: MemoryError, never an abort.
                match (self.heap.get(ra), self.heap.get(rb)) {
                    (Obj::Str(x), Obj::Str(y)) => {
                        let Ok(buf) = crate::heap::try_vec(x.as_str().len() + y.as_str().len()) else {
                            return Err(self.refused());
                        };
                        let mut s = String::from_utf8(buf).unwrap_or_default();
                        s.push_str(x.as_str());
                        s.push_str(y.as_str());
                        return self.new_string(s).map(Some);
                    }
                    (Obj::List(_), Obj::List(_)) | (Obj::Tuple(_), Obj::Tuple(_)) => {
                        let list = matches!(self.heap.get(ra), Obj::List(_));
                        let (x, y) = (self.heap.seq_items(ra).unwrap_or_default(), self.heap.seq_items(rb).unwrap_or_default());
                        let Ok(mut v) = crate::heap::try_vec(x.len() + y.len()) else {
                            return Err(self.refused());
                        };
                        v.extend_from_slice(x);
                        v.extend_from_slice(y);
                        return if list { self.new_list(v) } else { self.new_tuple(v) }.map(Some);
                    }
                    (Obj::Bytes(_) | Obj::ByteArray(_), _) => return crate::builtins::bytes::concat(self, a, b),
                    _ => return Ok(None),
                }
            }
            BinOp::Mul => {
                let n = match (self.int_as_i64(vb), vb.kind()) {
                    (Some(n), _) => n,
                    (_, x @ (Kind::False | Kind::True)) => (x == Kind::True) as i64,
                    (_, Kind::Obj(rb)) => match self.heap.get(rb) {
                        // Past a machine word, as MicroPython's `mp_obj_get_int`.
                        Obj::BigInt(_) if matches!(self.heap.get(ra), Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_)) => {
                            return Err(self.word_overflow())
                        }
                        _ => {
                            if matches!(self.heap.get(rb), Obj::Str(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_))
                                && matches!(a.kind(), Kind::Int(_) | Kind::False | Kind::True)
                            {
                                return self.seq_binop(op, b, a);
                            }
                            return Ok(None);
                        }
                    },
                    _ => return Ok(None),
                };
                let n = n.max(0) as usize;
                // The bytes MicroPython would allocate, for its MemoryError's message: text
                // with its terminating NUL, a tuple with its header.
                let (len, extra) = match self.heap.get(ra) {
                    Obj::Str(s) => (s.as_str().len(), 1),
                    Obj::List(x) => (x.len() * 8, 0),
                    Obj::Tuple(x) => (x.len() * 8, 16),
                    Obj::Bytes(x) | Obj::ByteArray(x) => (x.len(), 1),
                    _ => return Ok(None),
                };
                // Asked of the allocator fallibly first (given back at once: first fit hands
                // the same block, or an earlier one, to the repeat below).
                drop(crate::builtins::text_methods::result_buffer(self, len.saturating_mul(n).saturating_add(extra))?);
                let obj = match self.heap.get(ra) {
                    Obj::Str(s) => Obj::Str(crate::obj::PyStr::from_string(s.as_str().repeat(n))),
                    Obj::List(x) => Obj::List(x.repeat(n)),
                    Obj::Tuple(x) => Obj::Tuple(x.repeat(n).into_boxed_slice()),
                    Obj::Bytes(x) => Obj::Bytes(x.repeat(n)),
                    Obj::ByteArray(x) => Obj::ByteArray(x.repeat(n)),
                    _ => return Ok(None),
                };
                self.alloc(obj).map(Some)
            }
            BinOp::Mod => match self.heap.get(ra) {
                Obj::Str(_) => crate::builtins::strfmt::percent_format(self, a, b).map(Some),
                Obj::Bytes(_) | Obj::ByteArray(_) => crate::builtins::strfmt::percent_format_bytes(self, a, b).map(Some),
                _ => Ok(None),
            },
            BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor => {
                let rb = match vb.kind() {
                    Kind::Obj(rb) => rb,
                    _ => return Ok(None),
                };
                match (self.heap.get(ra), self.heap.get(rb)) {
                    (Obj::Set { frozen, .. }, Obj::Set { .. }) => {
                        let frozen = *frozen;
                        crate::builtins::set::set_algebra(self, op, a, b, frozen).map(Some)
                    }
                    (Obj::Dict(_), Obj::Dict(_)) if op == BinOp::BitOr => {
                        let d = self.new_dict()?;
                        self.dict_update(d, a, false)?;
                        self.dict_update(d, b, false)?;
                        Ok(Some(d))
                    }
                    (Obj::DictView { .. }, _) | (_, Obj::DictView { .. }) => crate::builtins::set::view_algebra(self, op, a, b).map(Some),
                    _ => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// The bytes of a bytes-like value (bytes, bytearray, memoryview, array).
    pub fn bytes_like(&self, v: Value) -> Option<Vec<u8>> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Bytes(b) | Obj::ByteArray(b) => Some(b.clone()),
                Obj::Ext(_) => crate::builtins::buffer_bytes(self, v),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn unary_op(&mut self, op: UnaryOp, a: Value) -> PyResult<Value> {
        if op == UnaryOp::Not {
            return Ok(Value::bool(!self.truthy(a)?));
        }
        if let Some(n) = self.as_num(a) {
            let r = match (op, n) {
                (UnaryOp::USub, Num::Int(i)) => match i.checked_neg() {
                    Some(v) => Num::Int(v),
                    None => Num::Big(-BigInt::from(i)),
                },
                (UnaryOp::USub, Num::Big(b)) => Num::Big(-b),
                (UnaryOp::USub, Num::Float(f)) => Num::Float(-f),
                (UnaryOp::USub, Num::Complex(r, i)) => Num::Complex(-r, -i),
                (UnaryOp::UAdd, n) => n,
                (UnaryOp::Invert, Num::Int(i)) => Num::Int(!i),
                (UnaryOp::Invert, Num::Big(b)) => Num::Big(!b),
                (UnaryOp::Invert, _) => return Err(self.unsupported_unary(sym::__INVERT__, a)),
                (UnaryOp::Not, _) => unreachable!(),
            };
            return self.num_value(r);
        }
        let name = match op {
            UnaryOp::USub => sym::__NEG__,
            UnaryOp::UAdd => sym::__POS__,
            UnaryOp::Invert => sym::__INVERT__,
            UnaryOp::Not => unreachable!(),
        };
        if self.is_instance(a) {
            if let Some(r) = self.call_own_special(a, name, &[])? {
                return Ok(r);
            }
            if let Some(b) = self.native_base(a) {
                return self.unary_op(op, b);
            }
        }
        Err(self.unsupported_unary(name, a))
    }

    fn unsupported_unary(&mut self, name: Sym, a: Value) -> super::Exc {
        let msg = format!("unsupported type for {}: '{}'", self.sym_str(name), self.type_name(a));
        self.type_error(msg)
    }

    #[inline]
    pub fn truthy(&mut self, v: Value) -> PyResult<bool> {
        match v.kind() {
            Kind::Obj(r) => self.truthy_obj(v, r),
            _ => Ok(v.immediate_truth().unwrap_or(true)),
        }
    }

    /// `truthy` of a heap object (kept out of line so the immediate cases inline).
    fn truthy_obj(&mut self, v: Value, r: ObjRef) -> PyResult<bool> {
        Ok(match self.heap.get(r) {
            Obj::Str(s) => !s.as_str().is_empty(),
            Obj::Bytes(b) | Obj::ByteArray(b) => !b.is_empty(),
            Obj::List(l) => !l.is_empty(),
            Obj::Tuple(t) => !t.is_empty(),
            Obj::Dict(d) => !d.is_empty(),
            Obj::Set { table, .. } => !table.is_empty(),
            Obj::BigInt(b) => !b.is_zero(),
            Obj::Complex(re, im) => *re != 0.0 || *im != 0.0,
            Obj::Range { start, stop, step } => range_len(*start, *stop, *step) > 0,
            Obj::Instance(i) => {
                let base = i.base();
                if let Some(r) = self.call_own_special(v, sym::__BOOL__, &[])? {
                    return match r {
                        b @ (Value::False | Value::True) => Ok(b.is_true()),
                        _ => Err(self.type_error("__bool__ should return bool")),
                    };
                }
                if let Some(r) = self.call_own_special(v, sym::__LEN__, &[])? {
                    return Ok(!matches!(r.kind(), Kind::Int(0) | Kind::False));
                }
                if !base.is_null() {
                    return self.truthy(base);
                }
                true
            }
            Obj::Ext(_) | Obj::DictView { .. } => match self.len_of(v) {
                Ok(n) => n != 0,
                Err(_) => true,
            },
            _ => true,
        })
    }

    pub fn compare_op(&mut self, c: Cmp, a: Value, b: Value) -> PyResult<Value> {
        self.compare_op_or_frame(c, a, b, false)
    }

    /// `compare_op`; from the loop (`frame`), an instance's plain Python `__lt__` (`__le__`,
    /// `__gt__`, `__ge__`) is pushed as a frame instead, answering Null (`operator_frame`).
    pub(super) fn compare_op_or_frame(&mut self, c: Cmp, a: Value, b: Value, frame: bool) -> PyResult<Value> {
        // Two strs (names, keys, characters: pystone's most frequent compare) skip the protocol.
        if let (Kind::Obj(ra), Kind::Obj(rb)) = (a.kind(), b.kind()) {
            if let (Obj::Str(x), Obj::Str(y)) = (self.heap.get(ra), self.heap.get(rb)) {
                if let Some(r) = number_cmp(c, x.as_str(), y.as_str()) {
                    return Ok(Value::bool(r));
                }
            }
        }
        let r = match c {
            Cmp::Is => a.is(b),
            Cmp::IsNot => !a.is(b),
            Cmp::In => self.contains(b, a)?,
            Cmp::NotIn => !self.contains(b, a)?,
            Cmp::Eq | Cmp::Ne => {
                if let Some(r) = self.native_eq_or_deep(a, b)? {
                    if !(self.is_instance(a) || self.is_instance(b)) {
                        return Ok(Value::bool(r == (c == Cmp::Eq)));
                    }
                }
                // MicroPython's order: a.__eq__ / a.__ne__ (or a.__eq__ negated), then the
                // same on b reflected.
                for (x, y) in [(a, b), (b, a)] {
                    if c == Cmp::Eq {
                        if let Some(v) = self.try_dunder(x, sym::__EQ__, y)? {
                            return Ok(v);
                        }
                    } else {
                        if let Some(v) = self.try_dunder(x, sym::__NE__, y)? {
                            return Ok(v);
                        }
                        if let Some(v) = self.try_dunder(x, sym::__EQ__, y)? {
                            let t = self.truthy(v)?;
                            return Ok(Value::bool(!t));
                        }
                    }
                }
                let a2 = self.native_base(a).unwrap_or(a);
                let b2 = self.native_base(b).unwrap_or(b);
                let eq = if !a2.is(a) || !b2.is(b) {
                    let v = self.compare_op(Cmp::Eq, a2, b2)?;
                    self.truthy(v)?
                } else {
                    match self.native_eq(a, b) {
                        Some(r) => r,
                        None => self.container_eq(a, b)?,
                    }
                };
                eq == (c == Cmp::Eq)
            }
            _ => {
                // The steps of `order_op` before `a.__lt__(b)` never apply to an instance `a`.
                if let Some(cls) = self.instance_class(a).filter(|_| frame) {
                    if self.operator_frame(cls, cmp_dunder(c).0, Operator::Order(c))? {
                        return Ok(Value::Null);
                    }
                }
                return self.order_op(c, a, b);
            }
        };
        Ok(Value::bool(r))
    }

    /// Equality of dicts and sets, whose entries may need `__eq__`. Comparing nested
    /// containers recurses here, so this is where the Rust stack is checked.
    fn container_eq(&mut self, a: Value, b: Value) -> PyResult<bool> {
        self.check_stack()?;
        let (Kind::Obj(ra), Kind::Obj(rb)) = (a.kind(), b.kind()) else { return Ok(a.is(b)) };
        match (self.heap.get(ra), self.heap.get(rb)) {
            (Obj::Dict(x), Obj::Dict(y)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let items = x.pairs();
                for &(k, v) in &items {
                    match self.dict_get(rb, k)? {
                        Some(v2) => {
                            if !self.eq(v, v2)? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                Ok(true)
            }
            (Obj::Set { table: x, .. }, Obj::Set { table: y, .. }) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                let keys = x.keys();
                for k in keys {
                    if self.dict_find(rb, k)?.is_none() {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Obj::Tuple(_), Obj::Tuple(_)) | (Obj::List(_), Obj::List(_)) => {
                let x = self.tuple_items(a).or_else(|| self.list_items(a)).unwrap_or_default();
                let y = self.tuple_items(b).or_else(|| self.list_items(b)).unwrap_or_default();
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (p, q) in x.into_iter().zip(y) {
                    if !self.eq(p, q)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Obj::Ext(_), _) | (_, Obj::Ext(_)) => crate::builtins::ext_eq(self, a, b),
            _ => Ok(ra == rb),
        }
    }

    fn order_op(&mut self, c: Cmp, a: Value, b: Value) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (self.as_num(a), self.as_num(b)) {
            if let Some(r) = num_cmp(&x, &y) {
                return Ok(Value::bool(match c {
                    Cmp::Lt => r == core::cmp::Ordering::Less,
                    Cmp::Le => r != core::cmp::Ordering::Greater,
                    Cmp::Gt => r == core::cmp::Ordering::Greater,
                    _ => r != core::cmp::Ordering::Less,
                }));
            }
            if matches!(x, Num::Complex(..)) || matches!(y, Num::Complex(..)) {
                let (name, _) = cmp_dunder(c);
                return Err(self.unsupported_binop(name, a, b));
            }
            return Ok(Value::False); // NaN
        }
        if self.is_instance(a) || self.is_instance(b) {
            if let Some(v) = self.try_dunder(a, cmp_dunder(c).0, b)? {
                return Ok(v);
            }
            return self.order_reflected(c, a, b);
        }
        let ord = self.native_order(a, b)?;
        match ord {
            Some(SeqOrder::Ord(r)) => Ok(Value::bool(match c {
                Cmp::Lt => r == core::cmp::Ordering::Less,
                Cmp::Le => r != core::cmp::Ordering::Greater,
                Cmp::Gt => r == core::cmp::Ordering::Greater,
                _ => r != core::cmp::Ordering::Less,
            })),
            Some(SeqOrder::Subset { a_in_b, b_in_a }) => Ok(Value::bool(match c {
                Cmp::Lt => a_in_b && !b_in_a,
                Cmp::Le => a_in_b,
                Cmp::Gt => b_in_a && !a_in_b,
                _ => b_in_a,
            })),
            None => {
                let (name, _) = cmp_dunder(c);
                Err(self.unsupported_binop(name, a, b))
            }
        }
    }

    /// Order of built-in sequences and sets; nested sequences recurse here (stack checked).
    fn native_order(&mut self, a: Value, b: Value) -> PyResult<Option<SeqOrder>> {
        self.check_stack()?;
        let (Kind::Obj(ra), Kind::Obj(rb)) = (a.kind(), b.kind()) else { return Ok(None) };
        let seqs = match (self.heap.get(ra), self.heap.get(rb)) {
            (Obj::Str(x), Obj::Str(y)) => return Ok(Some(SeqOrder::Ord(x.as_str().cmp(y.as_str())))),
            (Obj::Bytes(x) | Obj::ByteArray(x), Obj::Bytes(y) | Obj::ByteArray(y)) => return Ok(Some(SeqOrder::Ord(x.cmp(y)))),
            (Obj::List(x), Obj::List(y)) => (x.clone(), y.clone()),
            (Obj::Tuple(x), Obj::Tuple(y)) => (x.to_vec(), y.to_vec()),
            (Obj::Set { table: x, .. }, Obj::Set { table: y, .. }) => {
                let (xs, ys) = (x.keys(), y.keys());
                let mut a_in_b = true;
                for k in xs {
                    if self.dict_find(rb, k)?.is_none() {
                        a_in_b = false;
                        break;
                    }
                }
                let mut b_in_a = true;
                for k in ys {
                    if self.dict_find(ra, k)?.is_none() {
                        b_in_a = false;
                        break;
                    }
                }
                return Ok(Some(SeqOrder::Subset { a_in_b, b_in_a }));
            }
            _ => return Ok(None),
        };
        let (x, y) = seqs;
        for (p, q) in x.iter().zip(y.iter()) {
            if !self.eq(*p, *q)? {
                let lt = self.compare_op(Cmp::Lt, *p, *q)?;
                let lt = self.truthy(lt)?;
                return Ok(Some(SeqOrder::Ord(if lt { core::cmp::Ordering::Less } else { core::cmp::Ordering::Greater })));
            }
        }
        Ok(Some(SeqOrder::Ord(x.len().cmp(&y.len()))))
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Value, item: Value) -> PyResult<bool> {
        if let Kind::Obj(r) = container.kind() {
            match self.heap.get(r) {
                Obj::Str(s) => {
                    let Some(sub) = self.as_str(item) else {
                        let t = self.type_name(item);
                        return Err(self.type_error(format!("can't convert '{}' object to str implicitly", t)));
                    };
                    return Ok(crate::builtins::text::find(s.as_str().as_bytes(), sub.as_bytes()).is_some());
                }
                // Any buffer (a str's too) is searched as bytes; other items in bytes are
                // compared with each byte, and in a bytearray only numbers are refused, as
                // MicroPython does.
                Obj::Bytes(b) | Obj::ByteArray(b) => {
                    let bytearray = matches!(self.heap.get(r), Obj::ByteArray(_));
                    if let Kind::Int(i) = item.kind() {
                        if !bytearray {
                            return Ok((0..256).contains(&i) && crate::builtins::text::has(b, i as u8));
                        }
                    }
                    if let Some((_, sub)) = crate::builtins::modules::array::buffer_of(self, item) {
                        return Ok(crate::builtins::text::find(b, &sub).is_some());
                    }
                    if bytearray {
                        let number = matches!(item.kind(), Kind::Int(_) | Kind::Float(_)) || matches!(item.kind(), Kind::Obj(o) if matches!(self.heap.get(o), Obj::BigInt(_)));
                        return if number { Err(self.err0(crate::types::TypeId::NotImplementedError)) } else { Ok(false) };
                    }
                }
                Obj::Dict(_) | Obj::Set { .. } => return Ok(self.dict_find(r, item)?.is_some()),
                // Values and items are searched by the iteration below.
                Obj::DictView { dict, part: crate::obj::iter::DictPart::Keys } => {
                    let dict = dict.get();
                    return Ok(self.dict_find(dict, item)?.is_some());
                }
                Obj::List(_) | Obj::Tuple(_) => {
                    let items: &[Value] = match self.heap.get(r) {
                        Obj::List(l) => l,
                        Obj::Tuple(t) => t,
                        _ => &[],
                    };
                    if let Some(found) = immediates_contain(items, item) {
                        return Ok(found);
                    }
                    // The items are read where they live, one at a time, as MicroPython's
                    // iteration does: nothing is copied, and an `__eq__` that changes the
                    // list changes the search.
                    let mut i = 0;
                    loop {
                        let v = match self.heap.get(r) {
                            Obj::List(l) => l.get(i).copied(),
                            Obj::Tuple(t) => t.get(i).copied(),
                            _ => None,
                        };
                        let Some(v) = v else { return Ok(false) };
                        if self.eq(v, item)? {
                            return Ok(true);
                        }
                        i += 1;
                    }
                }
                Obj::Range { start, stop, step } => {
                    let (start, stop, step) = (*start, *stop, *step);
                    let Some(i) = self.int_as_i64(item) else { return Ok(false) };
                    let inside = if step > 0 { i >= start && i < stop } else { i <= start && i > stop };
                    return Ok(inside && (i - start) % step == 0);
                }
                Obj::Instance(_) | Obj::Ext(_) => {
                    if let Some(m) = self.type_lookup(container, sym::__CONTAINS__) {
                        let r = self.call_special(m, container, &[item])?;
                        return self.truthy(r);
                    }
                    if let Some(b) = self.native_base(container) {
                        return self.contains(b, item);
                    }
                }
                _ => {}
            }
        }
        if let Some(msg) = self.number_contains_error(container, item) {
            return Err(self.type_error(msg));
        }
        let it = self.get_iter(container).map_err(|_| ()).or_else(|_| {
            // MicroPython looks into a bool container as the int it is.
            let t = if matches!(container, Value::False | Value::True) { String::from("int") } else { self.type_name(container) };
            Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't iterable", t)))
        })?;
        let mark = self.roots.len();
        self.roots.push(it);
        let result = loop {
            match self.next(it) {
                Ok(Some(v)) => match self.eq(v, item) {
                    Ok(true) => break Ok(true),
                    Ok(false) => {}
                    Err(e) => break Err(e),
                },
                Ok(None) => break Ok(false),
                Err(e) => break Err(e),
            }
        };
        self.roots.truncate(mark);
        result
    }

    /// MicroPython's message for `x in y` between numbers, which its small-int and bool
    /// paths give before any iteration: `1 in 5` is "unsupported types for : 'int', 'int'"
    /// (its name for `in` is empty), a bool container or item is seen as an int and named
    /// `__contains__`. None when the usual "isn't iterable" applies.
    fn number_contains_error(&self, container: Value, item: Value) -> Option<String> {
        let num_name = |v: Value| match v.kind() {
            Kind::Int(_) | Kind::False | Kind::True => Some("int"),
            Kind::Float(_) => Some("float"),
            Kind::Obj(r) if matches!(self.heap.get(r), Obj::Complex(..)) => Some("complex"),
            _ => None,
        };
        let as_contains = match (item.kind(), container.kind()) {
            (Kind::Int(_), Kind::Int(_) | Kind::Float(_) | Kind::Obj(_)) => false,
            (Kind::False | Kind::True, Kind::Int(_)) | (_, Kind::False | Kind::True) => true,
            _ => return None,
        };
        let (item, container) = (num_name(item)?, num_name(container)?);
        Some(match as_contains {
            false => format!("unsupported types for : '{}', '{}'", item, container),
            true => format!("unsupported types for __contains__: '{}', '{}'", container, item),
        })
    }

    pub(crate) fn list_items(&self, v: Value) -> Option<Vec<Value>> {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::List(l) => Some(l.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

enum Operands {
    Done(Value),
    Natives(Value, Value),
}

enum SeqOrder {
    Ord(core::cmp::Ordering),
    Subset { a_in_b: bool, b_in_a: bool },
}

/// Python's float `divmod`: the remainder has the sign of the divisor.
pub fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = crate::format::num::fmod(a, b);
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = libm::copysign(0.0, b);
    }
    let floordiv = if div != 0.0 {
        let f = libm::floor(div);
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        libm::copysign(0.0, a / b)
    };
    (floordiv, m)
}

fn num_cmp(x: &Num, y: &Num) -> Option<core::cmp::Ordering> {
    match (x, y) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(b)),
        (Num::Complex(..), _) | (_, Num::Complex(..)) => None,
        // An int meets a float as a float, as in MicroPython: `2**64 + 1 > 2.0**64` is False.
        (Num::Float(_), _) | (_, Num::Float(_)) => x.to_f64().partial_cmp(&y.to_f64()),
        _ => Some(x.to_big().cmp(&y.to_big())),
    }
}

