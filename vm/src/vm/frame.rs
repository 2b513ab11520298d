//! Frames live on the VM's own stacks, never on the Rust stack.

use alloc::rc::Rc;
use alloc::vec::Vec;

use crate::ast::BinOp;
use crate::bytecode::{Cmp, Code};
use crate::heap::PackedRef;
use crate::value::Value;

/// What the caller expects when this frame finishes or yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resumer {
    /// A call from bytecode: push the result on the caller's stack.
    Call,
    /// A call from native code: leave the interpreter loop and hand the result back.
    Native,
    /// A generator resumed by `ForIter` in the caller.
    ForIter,
    /// A generator resumed by `YieldFrom` in the caller (a delegating generator).
    YieldFrom,
    /// `__init__` run by a class call: the result is dropped, leaving the new instance that
    /// sits below the frame on the caller's stack.
    Init,
    /// A generator drained by native code (`list(g)`, `set(x for x in s)`): each value it
    /// yields is added to this list or set and it runs on at once, never leaving the loop. Like
    /// `Native`, its frame is a boundary: its return leaves the loop.
    Collect(PackedRef),
    /// The special method of an operator's left operand (`a.__add__(b)`), run by the loop as a
    /// call (`Vm::operator_frame`) with the operands kept below its frame: its value replaces
    /// them, and `NotImplemented` goes on with the rest of the operator (`operator_fallback`).
    Operator(Operator),
    /// A generator summed by native code (`sum(g)`): each value it yields is added to the
    /// running total in the stack slot below its frame, and it runs on, as with `Collect`.
    Sum,
}

impl Resumer {
    /// Whether the loop hands control back to native code when this frame returns.
    #[inline]
    pub fn is_boundary(self) -> bool {
        matches!(self, Resumer::Native | Resumer::Collect(_) | Resumer::Sum)
    }

    /// Whether the frame's yields go to native code that drains it without leaving the loop.
    /// Such a frame leaves the loop by a yield only when handing an item over raised: the
    /// exception is what it yields, for the drainer to raise (see `Vm::drain_push`).
    #[inline]
    pub fn drains(self) -> bool {
        matches!(self, Resumer::Collect(_) | Resumer::Sum)
    }
}

/// An operator whose left operand's method runs as a frame (`Resumer::Operator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `a + b` by `a.__add__(b)`.
    Binary(BinOp),
    /// `a += b` by `a.__iadd__(b)`; after `NotImplemented` the binary operator runs.
    Inplace(BinOp),
    /// `a < b` (`<=`, `>`, `>=`) by `a.__lt__(b)`.
    Order(Cmp),
}

/// An active `SetupExcept` block.
#[derive(Debug, Clone, Copy)]
pub struct Handler {
    pub target: u32,
    /// Absolute VM stack height to cut back to.
    pub stack: u32,
    /// Height of the handled-exception stack to cut back to.
    pub handled: u32,
}

/// Only what a call needs: the code, its constants and name values are reached through
/// `code_obj` (the interpreter keeps the running code's at hand), so pushing or popping a frame
/// touches no reference count.
pub struct Frame {
    pub code_obj: PackedRef,
    pub pc: usize,
    /// Index in the VM stack of local 0.
    pub base: usize,
    pub globals: PackedRef,
    /// The namespace dict of a module or class body; Null for functions.
    pub locals: Value,
    pub handler_base: usize,
    pub handled_base: usize,
    /// The generator this frame belongs to.
    pub gen: Option<PackedRef>,
    pub resumer: Resumer,
    /// Caller's stack height to cut back to when this frame returns.
    pub ret_sp: usize,
}

impl Frame {
    /// Index in the VM stack of cell `i`; `code` is this frame's.
    #[inline]
    pub fn cell_slot(&self, code: &Code, i: u32) -> usize {
        self.base + code.nlocals() + i as usize
    }
}

/// A generator's frame while it is not running: the state that outlives a resumption, its
/// stack slice and handlers (relative to it). The buffers stay with the generator while it
/// runs (then `frame` is None), for reuse; the rest of a `Frame` is made afresh on resumption.
#[derive(Default)]
pub struct Suspended {
    pub frame: Option<Parked>,
    pub stack: Vec<Value>,
    pub handlers: Vec<Handler>,
}

/// The part of a parked generator's `Frame` that survives until it runs again.
pub struct Parked {
    /// Its code object's bytecode, for `Generator::yield_from_sub`.
    pub code: Rc<Code>,
    pub code_obj: PackedRef,
    pub globals: PackedRef,
    pub locals: Value,
    pub pc: usize,
}

impl Suspended {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        if let Some(fr) = &self.frame {
            f(Value::Obj(fr.code_obj.get()));
            f(Value::Obj(fr.globals.get()));
            f(fr.locals);
        }
        self.stack.iter().for_each(|v| f(*v));
    }
}
