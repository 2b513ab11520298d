//! Constant folding: expressions over literals computed at compile time, as MicroPython's
//! compiler does for integers (so `-9223372036854775808` is one constant, not a negation of a big
//! integer). Only operations that cannot raise and whose result is the same as at run time are
//! folded; anything that could fail (division by zero, negative shifts, huge powers) is left for
//! the VM to compute and report.

use alloc::string::ToString;
use alloc::vec::Vec;
use crate::bigint::BigInt;

use crate::ast::{BinOp, Constant, Expr, ExprKind, UnaryOp};
use crate::bytecode::Const;
use crate::vm::ops::{growth_bits, int_op};

/// Folded integers are capped at this many bits, so a `2 ** 10**9` in a program costs nothing
/// to compile.
const MAX_BITS: u64 = 1024;

/// Deeper constant expressions are not folded (this bounds the recursion).
const MAX_DEPTH: u32 = 64;

/// Integers up to this magnitude convert to `f64` exactly.
const EXACT_FLOAT_INT: u64 = 1 << 53;

/// The value of `e` if it is a constant expression that is safe to compute now.
pub fn fold(e: &Expr) -> Option<Const> {
    fold_at(e, 0)
}

fn fold_at(e: &Expr, depth: u32) -> Option<Const> {
    if depth > MAX_DEPTH {
        return None;
    }
    match &e.kind {
        ExprKind::Const(c) => Some(constant(c)),
        // MicroPython's compiler treats `__debug__` as the constant True.
        ExprKind::Name(n) if n == "__debug__" => Some(Const::Bool(true)),
        ExprKind::UnaryOp { op, operand } => unary(*op, fold_at(operand, depth + 1)?),
        ExprKind::BinOp { left, op, right } => {
            let left = fold_at(left, depth + 1)?;
            binary(left, *op, fold_at(right, depth + 1)?)
        }
        ExprKind::Tuple(elts) => fold_each(elts, depth + 1).map(Const::Tuple),
        _ => None,
    }
}

/// The values of `elts` if every one is constant.
pub fn fold_all(elts: &[Expr]) -> Option<Vec<Const>> {
    fold_each(elts, 0)
}

/// A loop, not a `collect` into `Option<Vec<_>>`, whose adaptors were a copy per caller.
fn fold_each(elts: &[Expr], depth: u32) -> Option<Vec<Const>> {
    let mut items = Vec::with_capacity(elts.len());
    for e in elts {
        items.push(fold_at(e, depth)?);
    }
    Some(items)
}

/// A literal as a constant.
pub fn constant(c: &Constant) -> Const {
    match c {
        Constant::None => Const::None,
        Constant::True => Const::Bool(true),
        Constant::False => Const::Bool(false),
        Constant::Ellipsis => Const::Ellipsis,
        Constant::Int(i) => Const::Int(*i),
        Constant::BigInt(digits) => Const::BigInt(digits.clone()),
        Constant::Float(f) => Const::Float(*f),
        Constant::Imag(f) => Const::Complex(0.0, *f),
        Constant::Str(s) => Const::Str(s.clone()),
        Constant::Bytes(b) => Const::Bytes(b.clone()),
    }
}

/// Python truthiness of a constant.
pub fn truthy(c: &Const) -> bool {
    match c {
        Const::None => false,
        Const::Bool(b) => *b,
        Const::Int(i) => *i != 0,
        Const::BigInt(digits) => {
            // A digit other than 0 (a plain loop: an `any` closure is a copy of core's code).
            let mut nonzero = false;
            for d in digits.bytes() {
                nonzero |= d != b'0' && d != b'-';
            }
            nonzero
        }
        Const::Float(f) => *f != 0.0,
        Const::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Const::Str(s) => !s.is_empty(),
        Const::Bytes(b) => !b.is_empty(),
        Const::Tuple(t) => !t.is_empty(),
        Const::Ellipsis | Const::Code(_) => true,
    }
}

enum Num {
    Int(BigInt),
    Float(f64),
}

impl Num {
    fn of(c: &Const) -> Option<Num> {
        match c {
            Const::Int(i) => Some(Num::Int(BigInt::from(*i))),
            Const::BigInt(digits) => BigInt::parse_bytes(digits.as_bytes(), 10).map(Num::Int),
            Const::Float(f) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    fn into_const(self) -> Const {
        match self {
            Num::Int(i) => match i.to_i64() {
                Some(small) => Const::Int(small),
                None => Const::BigInt(i.to_string()),
            },
            Num::Float(f) => Const::Float(f),
        }
    }

    /// The value as a float, if that conversion is exact.
    fn exact_float(&self) -> Option<f64> {
        match self {
            Num::Float(f) => Some(*f),
            Num::Int(i) => i.to_i64().filter(|v| v.unsigned_abs() <= EXACT_FLOAT_INT).map(|v| v as f64),
        }
    }
}

fn unary(op: UnaryOp, c: Const) -> Option<Const> {
    if op == UnaryOp::Not {
        return Some(Const::Bool(!truthy(&c)));
    }
    let result = match (op, Num::of(&c)?) {
        (UnaryOp::USub, Num::Int(i)) => Num::Int(-i),
        (UnaryOp::USub, Num::Float(f)) => Num::Float(-f),
        (UnaryOp::UAdd, n) => n,
        (UnaryOp::Invert, Num::Int(i)) => Num::Int(!i),
        _ => return None,
    };
    Some(result.into_const())
}

fn binary(left: Const, op: BinOp, right: Const) -> Option<Const> {
    let result = match (Num::of(&left)?, Num::of(&right)?) {
        (Num::Int(a), Num::Int(b)) if op != BinOp::Div => Num::Int(int_binary(a, op, b)?),
        (a, b) => Num::Float(float_binary(a.exact_float()?, op, b.exact_float()?)?),
    };
    Some(result.into_const())
}

/// The interpreter's own int arithmetic, below a size cap.
fn int_binary(a: BigInt, op: BinOp, b: BigInt) -> Option<BigInt> {
    if growth_bits(op, &a, &b) > MAX_BITS {
        return None;
    }
    int_op(op, a, &b)
}

/// Float operations whose IEEE result is exactly Python's; division only by non-zero.
fn float_binary(a: f64, op: BinOp, b: f64) -> Option<f64> {
    match op {
        BinOp::Add => Some(a + b),
        BinOp::Sub => Some(a - b),
        BinOp::Mul => Some(a * b),
        BinOp::Div if b != 0.0 => Some(a / b),
        _ => None,
    }
}
