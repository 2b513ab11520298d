//! The bytecode: the contract between the compiler and the interpreter.
//!
//! A stack machine in the style of CPython 3.8. Each frame's slice of the VM value stack is laid out
//! as `[locals (nlocals)] [cells (cellvars then freevars)] [operand stack ...]`.
//! Jump targets are absolute instruction indices into `Code::ops`.
//!
//! `try/finally`, `with` and `except` bodies are compiled the way CPython 3.9+ does it: on every
//! exit that leaves such a block early (`return`, `break`, `continue`) the compiler emits the
//! clean-up inline (`PopBlock`, `PopExcept`, the finally body, the `__exit__` call), so the
//! interpreter only knows one kind of block: an exception handler pushed by `SetupExcept`.
//!
//! Stack effects are written `[before] -> [after]`, top of stack on the right.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::{BinOp, UnaryOp};
use crate::intern::Sym;

/// Eight bytes: a loaded module's code stays in RAM as long as the program runs, and ops are
/// most of it (operand pairs are `u16`s, so no variant needs twelve).
const _: () = assert!(core::mem::size_of::<Op>() == 8);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Nop,

    // ---- stack shuffling
    /// [a] -> []
    Pop,
    /// [a] -> [a a]
    Dup,
    /// [a b] -> [b a]
    Rot2,
    /// [a b c] -> [c a b]
    Rot3,
    /// [a b c d] -> [d a b c]
    Rot4,

    // ---- constants and variables
    /// [] -> [consts[i]]
    LoadConst(u32),
    /// [] -> [local i]; unbound raises
    /// `UnboundLocalError: local variable referenced before assignment`.
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Superinstructions: the compiler puts one in place of the first op of a frequent pair
    /// (`compile::fuse`) and leaves the second where it was, so jumps to it, the line table
    /// and the stack analysis (run before the fusion) stay as they were. The pair then takes
    /// one dispatch, and the loop steps over the second op.
    /// [] -> [local a, local b]: `LoadFast(a)` then `LoadFast(b)`.
    LoadFast2(u16, u16),
    /// [] -> [local a, consts[c]]: `LoadFast(a)` then `LoadConst(c)`.
    LoadFastConst(u16, u16),
    /// [] -> [local a op consts[c]]: `LoadFast(a)`, `LoadConst(c)` then `Binary(op)` or
    /// `Inplace(op)` (`i + 1`, `n += 1`, `x * 0.5`), both ops left in place. Numbers take the
    /// fast path; anything else runs as `LoadFast(a)` and the loop goes on with the other two.
    LoadFastConstBinary(u16, u16, BinOp),
    /// [v] -> [local b], local a = v: `StoreFast(a)` then `LoadFast(b)`.
    StoreLoadFast(u16, u16),
    /// [obj] -> [obj[local i]]: `LoadFast(i)` then `LoadSubscr` (`pool[i]`, `self.cells[i]`).
    LoadFastSubscr(u32),
    /// Index i addresses the frame's cells: `cellvars` first, then `freevars`.
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// [] -> [the cell object i itself] (to build a closure tuple).
    LoadClosure(u32),
    /// Class bodies only: look `names[name]` up in the class namespace first, then in cell `cell`.
    LoadClassDeref { name: u32, cell: u16 },
    /// `names[i]` looked up in globals, then builtins.
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// Module and class bodies: locals namespace (a dict), then globals, then builtins.
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    /// [obj] -> [obj.names[i]]
    LoadAttr(u32),
    /// [value obj] -> []   (obj.names[i] = value)
    StoreAttr(u32),
    /// [obj] -> []
    DeleteAttr(u32),
    /// [obj] -> [method self] or [func NULL-marker] (see CallMethod). An optimisation of
    /// LoadAttr + CallFunction that avoids creating a bound method.
    LoadMethod(u32),
    /// [obj index] -> [obj[index]]
    LoadSubscr,
    /// [value obj index] -> []
    StoreSubscr,
    /// [obj index] -> []
    DeleteSubscr,
    /// `obj[index] op= value` without shuffling: [obj index] -> [obj index obj[index]], then
    /// [obj index result] -> [] (obj[index] = result).
    AugLoadSubscr,
    AugStoreSubscr,
    /// [] -> [AssertionError class] (immune to shadowing of the name).
    LoadAssertionError,
    /// [] -> [the `__build_class__` builtin]; then called as
    /// `__build_class__(body_function, name, *bases, **keywords)`.
    LoadBuildClass,

    // ---- operators
    /// [a] -> [op a]
    Unary(UnaryOp),
    /// [a b] -> [a op b]
    Binary(BinOp),
    /// [a b] -> [a op= b]  (tries `__iop__` first, then falls back to `op`)
    Inplace(BinOp),
    /// [a b] -> [a cmp b]; covers ==, !=, <, <=, >, >=, is, is not, in, not in.
    Compare(Cmp),
    /// [exc type] -> [exc bool]: does exception `exc` match class/tuple `type`?
    /// Raises TypeError if `type` is not an exception class or tuple of them.
    ExcMatch,

    // ---- control flow
    Jump(u32),
    /// [v] -> []
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// [v] -> [v] and jump if falsy, else [v] -> [] (for `and`)
    JumpIfFalseOrPop(u32),
    /// [v] -> [v] and jump if truthy, else [v] -> [] (for `or`)
    JumpIfTrueOrPop(u32),
    /// [obj] -> [iter(obj)]
    GetIter,
    /// [iter] -> [iter next] and jump (back to the loop body: loops are tested at the bottom),
    /// or, when exhausted, [].
    ForIter(u32),

    // ---- building
    /// [a1 .. an] -> [(a1, .., an)]
    BuildTuple(u32),
    BuildList(u32),
    /// The count is `sized`'s: the items on the stack and the literal's length.
    BuildSet(u32),
    /// [k1 v1 .. kn vn] -> [{k1: v1, ..}]; the count is `sized`'s.
    BuildMap(u32),
    /// [start stop] or [start stop step] -> [slice]; the count is 2 or 3.
    BuildSlice(u32),
    /// [s1 .. sn] -> [s1 + .. + sn] (str parts of an f-string).
    BuildString(u32),
    /// [value] or [value spec] -> [formatted str]; see `FormatFlags`.
    FormatValue(u8),
    /// Comprehensions: [container ...depth-1 items... v] -> [container ...]: container.append(v)
    /// where the container sits `depth` entries below v (depth counted after popping v).
    ListAppend(u32),
    SetAdd(u32),
    /// [map ... key value] -> [map ...]
    MapAdd(u32),
    /// [list ... iterable] -> [list ...]: list.extend(iterable); container `depth` below.
    ListExtend(u32),
    SetUpdate(u32),
    /// [dict ... mapping] -> [dict ...]: dict.update(mapping)
    DictUpdate(u32),
    /// `DictUpdate` that refuses keys already present (the keywords of a call).
    DictMerge(u32),
    /// [list] -> [tuple(list)]
    ListToTuple,
    /// [seq] -> [item_n-1 .. item_0] (item 0 on top). ValueError on length mismatch with
    /// MicroPython's messages.
    UnpackSequence(u32),
    /// `a, *b, c = seq`: [seq] -> [after items.., list, before items..] with item 0 on top.
    UnpackEx { before: u16, after: u16 },

    // ---- calls and functions
    /// [func a1 .. an] -> [result]
    CallFunction(u32),
    /// [func a1 .. an names] -> [result]: `names` is a tuple const of the last keyword
    /// argument names; `argc` counts positional + keyword values.
    CallFunctionKw(u32),
    /// [func args_tuple] or [func args_tuple kwargs_dict] -> [result]; flag 1 = has kwargs.
    CallFunctionEx(u8),
    /// After LoadMethod: [method self a1..an] -> [result], or [func NULL a1..an] -> [result].
    CallMethod(u32),
    /// After LoadMethod, with a names tuple on top as in CallFunctionKw.
    CallMethodKw(u32),
    /// [defaults? kwdefaults? closure? code] -> [function]; see `MakeFunctionFlags`.
    /// `defaults` is a tuple, `kwdefaults` a dict name -> value, `closure` a tuple of cells.
    MakeFunction(u8),
    /// [iter cell1 .. celln code] -> [result]: call comprehension `code` (one parameter, the
    /// outermost iterator; n free variables) with no function object: its frame, or its
    /// generator for a generator expression, is made directly.
    CallComprehension(u32),
    /// [v] -> (returns v to the caller)
    ReturnValue,
    /// [v] -> [sent]: suspend the generator yielding v; resumes with the sent value.
    YieldValue,
    /// [iter v] -> [result]: delegate to the sub-iterator (send v / throw into it) until it
    /// finishes; `result` is its StopIteration value. Re-executed after each resumption.
    YieldFrom,
    /// [obj] -> [iter]: `iter(obj)`, except a generator/coroutine is left as it is.
    GetYieldFromIter,
    /// [obj] -> [awaitable iterator]: `obj.__await__()` or obj itself if it is a generator.
    GetAwaitable,
    /// [obj] -> [obj.__aiter__()]
    GetAIter,
    /// [aiter] -> [aiter awaitable]: pushes the awaitable for `aiter.__anext__()`.
    GetANext,

    // ---- exceptions
    /// Push an exception handler: if anything raises before the matching PopBlock, the operand
    /// stack is cut back to its depth at this point, the exception is pushed, it becomes the
    /// "exception being handled" (for bare `raise`, chaining and `sys.exc_info`), and execution
    /// continues at `target`.
    SetupExcept(u32),
    /// Pop the innermost handler of this frame (normal exit of the `try` body).
    PopBlock,
    /// End of an `except` clause (or of a finally run for an exception): forget the exception
    /// being handled, restoring the previous one.
    PopExcept,
    /// 0: bare `raise` (re-raise the exception being handled; RuntimeError
    /// "No active exception to reraise" if none); 1: [exc] -> raise exc;
    /// 2: [exc cause] -> raise exc from cause.
    Raise(u8),
    /// [exc] -> re-raise exc as it is, keeping its traceback (end of an unmatched handler or a finally).
    Reraise,

    // ---- with
    /// [ctx] -> [exit_bound_method enter_result]
    BeforeWith,
    /// [exit] -> []: call exit(None, None, None) (normal exit from the with body)
    WithExit,
    /// [exit exc] -> [exit exc suppress]: call exit(type(exc), exc, None); suppress is its result.
    WithExcept,
    /// Async variants: [ctx] -> [aexit_bound awaitable_of_aenter]
    BeforeAsyncWith,
    /// [aexit] -> [awaitable]: aexit(None, None, None)
    AsyncWithExit,
    /// [aexit exc] -> [aexit exc awaitable]: aexit(type(exc), exc, None)
    AsyncWithExcept,

    // ---- imports
    /// [level fromlist] -> [module]: `__import__(names[i], fromlist, level)`; returns the top
    /// package for `import a.b` when fromlist is None, else the named module.
    ImportName(u32),
    /// [module] -> [module module.names[i]] (ImportError "can't import name x" if missing; may
    /// import submodule `module.x`).
    ImportFrom(u32),
    /// [module] -> []: copy public names into the current namespace.
    ImportStar,

    // ---- misc
    /// [v] -> []: REPL echo: print repr(v) unless None, and bind it to `_` in builtins.
    PrintExpr,
    /// Class body epilogue helper: [] -> [locals dict of the class body].
    LoadLocals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Is,
    IsNot,
    In,
    NotIn,
}

/// Flags of `FormatValue`.
pub mod format_flags {
    /// Low two bits: conversion 0 = none, 1 = `!s`, 2 = `!r`, 3 = `!a`.
    pub const CONV_MASK: u8 = 0b011;
    pub const CONV_STR: u8 = 1;
    pub const CONV_REPR: u8 = 2;
    pub const CONV_ASCII: u8 = 3;
    /// A format spec string sits on the stack above the value.
    pub const HAS_SPEC: u8 = 0b100;
}

/// Flags of `MakeFunction`: which optional items sit below the code constant (in this order,
/// bottom to top).
pub mod make_function_flags {
    pub const DEFAULTS: u8 = 1;
    pub const KWDEFAULTS: u8 = 2;
    pub const CLOSURE: u8 = 4;
}

/// A constant known at compile time. Converted once into heap values when the code is loaded
/// into a VM, so the compiler never touches the heap.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    None,
    Bool(bool),
    Ellipsis,
    Int(i64),
    /// Decimal digits, optionally with a leading '-'.
    BigInt(String),
    Float(f64),
    /// Real and imaginary parts.
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Const>),
    Code(Rc<Code>),
}

pub mod code_flags {
    /// Has a `*args` parameter (the slot after the positional and kw-only parameters).
    pub const VARARGS: u32 = 1;
    /// Has a `**kwargs` parameter (the slot after `*args`, if any).
    pub const VARKEYWORDS: u32 = 2;
    /// Contains `yield`: calling it makes a generator.
    pub const GENERATOR: u32 = 4;
    /// `async def`: calling it makes a generator object, as in MicroPython.
    pub const COROUTINE: u32 = 8;
    /// A module or class body: names go through LoadName/StoreName on a namespace dict.
    pub const NAMESPACE: u32 = 16;
    /// A call only binds positional arguments: no `*args`, `**kwargs`, keyword-only
    /// parameters, cells or free variables, and not a generator (`Vm::call_plain`).
    pub const PLAIN: u32 = 32;
    /// Compiled from a frozen module that stands in for one of MicroPython's C modules: its
    /// frames add no traceback entry, as a native function's don't (MicroPython prints the
    /// caller's frames only). Read only while unwinding.
    pub const NATIVE: u32 = 64;
}

/// An inline cache slot for one entry of `Code::names` (MicroPython caches map positions in
/// bytecode too): what the last global or attribute lookup of that name found. Every use checks
/// it first, so a stale hint costs one miss, never a wrong answer. Handles in it are only
/// compared (or, for `found`, valid) under the VM's cache epoch, which every collection bumps.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum NameHint {
    #[default]
    Empty,
    /// `LoadGlobal` found the name at this position of the globals dict.
    Global(u32),
    /// `LoadGlobal` found the name at position `pos` of builtins, while the globals dict
    /// `globals`, with its key set at version `keys`, lacked it.
    Builtin { pos: u32, globals: crate::heap::ObjRef, keys: u64, epoch: u64 },
    /// An attribute op's `class_lookup` of the name on class `cls`. `plain_store`: a store of
    /// the name on an instance of `cls` goes straight into the instance (no data descriptor,
    /// no `__setattr__`); learnt by the first such store. `method`: `found` is a plain method
    /// (a Python function or a built-in type's method), which `LoadMethod` passes `self` to
    /// without binding.
    Class { cls: crate::heap::ObjRef, epoch: u64, found: Option<crate::value::Value>, plain_store: bool, method: bool },
}

/// A compiled function, module or class body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Code {
    /// Function name as in tracebacks: `<module>`, `f`, `<lambda>`, `<listcomp>`, `<genexpr>`,
    /// or the class name for a class body.
    pub name: Sym,
    pub filename: Sym,
    /// Line of the `def`/`class`/`lambda`, or 1 for a module.
    pub first_line: u32,
    pub flags: u32,
    /// Positional parameters (including positional-only ones).
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// Local slots: parameters first in order — positional, kw-only, then `*args`, `**kwargs` —
    /// then other locals. `varnames.len() == nlocals`.
    pub varnames: Box<[Sym]>,
    /// Names of locals that live in cells (captured by an inner function). When a parameter is
    /// a cell, the compiler emits a prologue `LoadFast(p); StoreDeref(c)` at the start of `ops`.
    pub cellvars: Box<[Sym]>,
    /// Names of variables captured from enclosing functions; filled from the closure tuple.
    pub freevars: Box<[Sym]>,
    pub consts: Box<[Const]>,
    /// Names used by Global/Name/Attr/Method/Import ops.
    pub names: Box<[Sym]>,
    pub ops: Box<[Op]>,
    /// `(first op index, line)` pairs sorted by op index: the line of op `i` is the entry with
    /// the greatest index <= i.
    pub lines: Box<[(u32, u32)]>,
    /// Upper bound of the operand stack depth (excluding locals and cells).
    pub stacksize: u32,
    /// One cache slot per entry of `names`, for global and attribute lookups.
    pub hints: Box<[core::cell::Cell<NameHint>]>,
}

impl Code {
    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }

    pub fn ncells(&self) -> usize {
        self.cellvars.len() + self.freevars.len()
    }

    /// Stack slots a frame of this code may use: locals, cells and the deepest operand stack.
    pub fn span(&self) -> usize {
        self.nlocals() + self.ncells() + self.stacksize as usize
    }

    /// Source line of the op at index `pc`.
    pub fn line_of(&self, pc: usize) -> u32 {
        let pc = pc as u32;
        match self.lines.binary_search_by(|&(at, _)| at.cmp(&pc)) {
            Ok(i) => self.lines[i].1,
            Err(0) => self.first_line,
            Err(i) => self.lines[i - 1].1,
        }
    }
}

/// `BuildSet`/`BuildMap`'s count: the items on the stack (low 16 bits) and, when more follow,
/// the literal's length, which sizes the table as MicroPython's `BUILD_MAP n` does (so its
/// order is MicroPython's). The compiler puts at most `CHUNK` items on the stack.
pub fn sized(items: usize, len: usize) -> u32 {
    items as u32 | if len > items { (len.min(0xffff) as u32) << 16 } else { 0 }
}

/// `sized`'s parts: the items on the stack and the table's size.
pub fn split_sized(count: u32) -> (usize, usize) {
    let items = (count & 0xffff) as usize;
    (items, items.max((count >> 16) as usize))
}
