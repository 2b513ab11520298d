//! Syntax tree to bytecode: scope analysis (`scope.rs`), then code generation (`codegen.rs` for
//! units, definitions and simple statements, `flow.rs` for control flow, `expr.rs` for
//! expressions), with constant folding (`fold.rs`), a code builder with labels (`builder.rs`)
//! and the stack effects of ops (`stack.rs`), which the builder follows as it emits. `dis.rs` prints code objects for debugging and tests.
//!
//! # How the ops of `bytecode.rs` are used
//!
//! Where the op documentation leaves a choice, the compiler does this (the interpreter relies on
//! it):
//!
//! - `except T as e:` dispatch is `<T>; ExcMatch; PopJumpIfFalse(next)` on `[exc]` (ExcMatch keeps
//!   the exception, so no `Dup`), then `StoreX e` or `Pop`. No clause matching: `Reraise`. A named
//!   clause body runs under its own `SetupExcept` whose handler (`[exc2]`) does `e = None; del e;
//!   Reraise`; every exit from the clause does `PopExcept` and clears the name.
//! - `async for`: `GetAIter`, then per step `SetupExcept(H); GetANext; GetAwaitable; LoadConst
//!   None; YieldFrom; PopBlock; <store>` (GetANext keeps the iterator). `H` (`[aiter exc]`):
//!   `LoadGlobal StopAsyncIteration; ExcMatch; PopJumpIfFalse(R); Pop; PopExcept; Pop; <else>`.
//! - `with`: the target is stored before `SetupExcept`, so the handler finds `[exit exc]`.
//! - Comprehensions: the container sits below one iterator per `for`, so `ListAppend`/`SetAdd`/
//!   `MapAdd` get depth = number of `for` clauses + 1.
//! - `CallFunctionEx` always gets a tuple (`BuildList; ListExtend/ListAppend...; ListToTuple`)
//!   and, with keywords, a dict (`BuildMap; MapAdd(1)/DictUpdate(1)...`). A class statement
//!   with `*bases`/`**kw` passes `(body_function, name, *bases)` the same way.
//! - Dict displays and comprehensions evaluate the value before the key (MicroPython's order);
//!   `Rot2` restores `[key value]` for `BuildMap`/`MapAdd`.
//! - A class body ends with `LoadClosure(0); ReturnValue` when it owns the `__class__` cell
//!   (cell 0) for the VM to fill with the new class, else returns None.
//! - A class body stores `__module__` (from `__name__`) and `__qualname__`, which is the plain
//!   class name as in MicroPython.
//! - `super()` with no arguments in any `def` (not a lambda or comprehension) becomes
//!   `super(__class__, <first parameter>)`; outside a class `__class__` is an undefined global
//!   (NameError at run time, as in MicroPython). With only `*args`, `args[0]` is passed.
//! - `__debug__` is the constant True.
//! - `await` is allowed in a plain `def` (MicroPython) and makes it a generator; `async def` is
//!   always `COROUTINE | GENERATOR`. Module, class and `eval` code are `NAMESPACE`.
//! - Line table: as in MicroPython, lines only move forward within a code object (a `while`
//!   test, compiled after the body, reports the body's last line; decorators are applied on the
//!   last decorator's line), except that each copy of a finally body carries its own lines.
//!
//! Not expressible with the current contracts: asynchronous comprehensions are refused, as in
//! MicroPython; `micropython.const` is not substituted at compile time.

mod builder;
mod fuse;
mod codegen;
mod dis;
mod expr;
mod flow;
mod fold;
pub mod scope;
mod stack;

#[cfg(test)]
mod tests;

pub use codegen::compile;

/// About the largest single block parsing and compiling take per byte of source: a board's
/// heap must have one that size before compiling starts, since both allocate infallibly.
/// Measured with a counting allocator on x86-64 (32-bit vectors are smaller): up to 12× on
/// the conformance corpus's 2–3 KB files (median 3×); thousands of one-line statements need
/// more (38×: the module body's statement vector). The whole compile peaks at 40–80×.
pub const SOURCE_BLOCK_FACTOR: usize = 12;
pub use dis::dis;
