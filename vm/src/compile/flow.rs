//! Control flow: conditions, loops, `try`, `with`, and the early exits out of them.
//!
//! The VM knows only one kind of block, the exception handler pushed by `SetupExcept` (see
//! `bytecode.rs`). Everything else a block means on an early exit — popping a `for` iterator,
//! running a `finally` body, calling `__exit__`, ending an `except` clause — is emitted inline by
//! `return`, `break` and `continue`, as CPython 3.9 does: each open construct is recorded as an
//! [`FBlock`] and [`Compiler::unwind`] emits the clean-up of every block being left, innermost
//! first.

use alloc::vec::Vec;

use super::builder::Label;
use super::codegen::{Compiler, Ctx};
use super::fold;
use crate::ast::{BoolOp, ExceptHandler, Expr, ExprKind, Stmt, UnaryOp, WithItem};
use crate::bytecode::{Const, Op};

/// A construct enclosing the statement being compiled, as far as early exits are concerned.
#[derive(Debug, Clone, Copy)]
pub(super) enum FBlock<'a> {
    /// `while` or `for`: `continue` jumps to `next`, `break` to `end`; a `for` keeps its iterator
    /// on the stack.
    Loop { next: Label, end: Label, has_iterator: bool },
    /// The body of `try` with `except` clauses: a handler is active.
    TryExcept,
    /// The body of `try` with a `finally`: a handler is active and the finally body must run.
    FinallyTry(&'a [Stmt]),
    /// The finally body run for an exception: the exception is on the stack and being handled.
    FinallyEnd,
    /// The body of `with`: a handler is active and `__exit__` is on the stack.
    With { is_async: bool },
    /// An `except` clause body: its exception is being handled; a named one (`as e`) also has an
    /// active handler that clears the name.
    HandlerCleanup { name: Option<&'a str> },
    /// A return value kept on the stack while a finally body runs on the way out.
    PopValue,
}

impl<'a> Compiler<'a, '_> {
    /// Jump to `target` if `e` is truthy (`cond`) or falsy, without materialising `and`/`or`/`not`.
    pub(super) fn jump_if(&mut self, e: &'a Expr, cond: bool, target: Label) {
        self.nested(|c| match &e.kind {
            ExprKind::UnaryOp { op: UnaryOp::Not, operand } => c.jump_if(operand, !cond, target),
            ExprKind::BoolOp { op, values } => match values.split_last() {
                Some((last, rest)) => c.jump_if_bool_op(*op, rest, last, cond, target),
                None => c.jump_if_value(e, cond, target),
            },
            _ => c.jump_if_value(e, cond, target),
        })
    }

    fn jump_if_bool_op(&mut self, op: BoolOp, rest: &'a [Expr], last: &'a Expr, cond: bool, target: Label) {
        if (op == BoolOp::Or) == cond {
            // Any operand that decides the outcome jumps straight to the target.
            for v in rest {
                self.jump_if(v, cond, target);
            }
            self.jump_if(last, cond, target)
        } else {
            let skip = self.label();
            for v in rest {
                self.jump_if(v, !cond, skip);
            }
            self.jump_if(last, cond, target);
            self.bind(skip);
        }
    }

    fn jump_if_value(&mut self, e: &'a Expr, cond: bool, target: Label) {
        match fold::fold(e) {
            Some(k) => {
                if fold::truthy(&k) == cond {
                    self.jump(Op::Jump, target);
                }
            }
            None => {
                self.expr(e);
                self.jump(if cond { Op::PopJumpIfTrue } else { Op::PopJumpIfFalse }, target);
            }
        }
    }

    #[inline(never)]
    pub(super) fn if_stmt(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) {
        let otherwise = self.label();
        self.jump_if(test, false, otherwise);
        self.body(body);
        if orelse.is_empty() {
            self.bind(otherwise);
        } else {
            let end = self.label();
            self.jump(Op::Jump, end);
            self.bind(otherwise);
            self.body(orelse);
            self.bind(end);
        }
    }

    /// The test is compiled after the body (MicroPython's layout, one jump per iteration);
    /// `continue` jumps to it.
    #[inline(never)]
    pub(super) fn while_stmt(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) {
        let (top, cond, end) = (self.label(), self.label(), self.label());
        let constant = fold::fold(test).map(|k| fold::truthy(&k));
        let forever = constant == Some(true);
        if !forever {
            self.jump(Op::Jump, cond);
        }
        if constant.is_none() {
            self.unit.code.loop_top(top, cond, 0);
        } else {
            // `while True:` falls into the body; `while False:` never enters it.
            self.bind(top);
        }
        self.body_in(FBlock::Loop { next: cond, end, has_iterator: false }, body);
        self.bind(cond);
        if forever {
            self.jump(Op::Jump, top);
        } else {
            self.jump_if(test, true, top);
        }
        self.body(orelse);
        self.bind(end);
    }

    #[inline(never)]
    pub(super) fn for_stmt(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) {
        let end = self.label();
        self.expr(iter);
        self.emit(Op::GetIter);
        self.iterate(|c, next| {
            c.assign(target);
            c.body_in(FBlock::Loop { next, end, has_iterator: true }, body)
        });
        self.body(orelse);
        self.bind(end);
    }

    /// [iter] -> []: a loop over the iterator on the stack, tested at the bottom as `while` is
    /// (`Jump next; body: …; next: ForIter body`), so each iteration takes one `ForIter` for the
    /// step, the exhaustion test and the jump back. `body` gets the `next` label (`continue`).
    /// The `ForIter` keeps the line of the loop's header, where the top-tested one stood, for
    /// errors raised by the iterator.
    pub(super) fn iterate(&mut self, body: impl FnOnce(&mut Self, Label)) {
        let (top, next) = (self.label(), self.label());
        let header = self.unit.code.line();
        self.jump(Op::Jump, next);
        // The body starts with the item ForIter pushed.
        self.unit.code.loop_top(top, next, 1);
        body(self, next);
        self.bind(next);
        let after = self.unit.code.line();
        self.unit.code.rewind_line(header);
        self.jump(Op::ForIter, top);
        self.unit.code.rewind_line(after);
    }

    /// `async for`: each step awaits `__anext__()` under a handler that ends the loop on
    /// StopAsyncIteration.
    #[inline(never)]
    pub(super) fn async_for_stmt(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) {
        let (start, handler, reraise, end) = (self.label(), self.label(), self.label(), self.label());
        self.expr(iter);
        self.emit(Op::GetAIter);
        self.bind(start);
        self.jump(Op::SetupExcept, handler);
        self.emit(Op::GetANext);
        self.await_top();
        self.emit(Op::PopBlock);
        self.assign(target);
        self.body_in(FBlock::Loop { next: start, end, has_iterator: true }, body);
        self.jump(Op::Jump, start);
        // [aiter exc]
        self.bind(handler);
        let stop = self.name_index("StopAsyncIteration");
        self.emit(Op::LoadGlobal(stop));
        self.emit(Op::ExcMatch);
        self.jump(Op::PopJumpIfFalse, reraise);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.body(orelse);
        self.jump(Op::Jump, end);
        self.bind(reraise);
        self.emit(Op::Reraise);
        self.bind(end);
    }

    /// [awaitable] -> [result]
    pub(super) fn await_top(&mut self) {
        self.emit(Op::GetAwaitable);
        self.load_const(Const::None);
        self.emit(Op::YieldFrom);
    }

    /// Compile `body` with `block` open: one instance of `in_block` for the many bodies.
    #[inline(never)]
    fn body_in(&mut self, block: FBlock<'a>, body: &'a [Stmt]) {
        self.in_block(block, |c| c.body(body))
    }

    /// Compile `f` with `block` open.
    fn in_block(&mut self, block: FBlock<'a>, f: impl FnOnce(&mut Self)) {
        self.unit.fblocks.push(block);
        let result = f(self);
        self.unit.fblocks.pop();
        result
    }

    #[inline(never)]
    pub(super) fn try_stmt(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) {
        let guarded = |c: &mut Self| {
            if handlers.is_empty() {
                c.body(body);
                c.body(orelse)
            } else {
                c.try_except(body, handlers, orelse)
            }
        };
        if finalbody.is_empty() {
            guarded(self)
        } else {
            self.try_finally(guarded, finalbody)
        }
    }

    /// The finally body is compiled twice: once for the normal exit, once as the handler that
    /// runs it for an exception and re-raises.
    fn try_finally(&mut self, guarded: impl FnOnce(&mut Self), finalbody: &'a [Stmt]) {
        let (handler, end) = (self.label(), self.label());
        self.jump(Op::SetupExcept, handler);
        self.in_block(FBlock::FinallyTry(finalbody), guarded);
        self.emit(Op::PopBlock);
        let before = self.unit.code.line();
        self.body(finalbody);
        self.jump(Op::Jump, end);
        // [exc]; the second copy of the finally body has the same lines as the first.
        self.unit.code.rewind_line(before);
        self.bind(handler);
        self.body_in(FBlock::FinallyEnd, finalbody);
        self.emit(Op::Reraise);
        self.bind(end);
    }

    fn try_except(&mut self, body: &'a [Stmt], handlers: &'a [ExceptHandler], orelse: &'a [Stmt]) {
        let (dispatch, end) = (self.label(), self.label());
        self.jump(Op::SetupExcept, dispatch);
        self.body_in(FBlock::TryExcept, body);
        self.emit(Op::PopBlock);
        self.body(orelse);
        self.jump(Op::Jump, end);
        // [exc]
        self.bind(dispatch);
        for (i, h) in handlers.iter().enumerate() {
            self.set_line(h.line);
            let last = i + 1 == handlers.len();
            let next = self.label();
            match &h.typ {
                Some(typ) => {
                    self.expr(typ);
                    self.emit(Op::ExcMatch);
                    self.jump(Op::PopJumpIfFalse, next);
                }
                None if !last => return self.fail(self.error("default 'except' must be last")),
                None => {}
            }
            self.except_clause(h, end);
            self.bind(next);
            if last && h.typ.is_some() {
                self.emit(Op::Reraise);
            }
        }
        self.bind(end);
    }

    /// A matched clause, entered with [exc]. A name bound with `as` is cleared on every way out
    /// (CPython's `e = None; del e`), via an inner handler for exceptions.
    fn except_clause(&mut self, h: &'a ExceptHandler, end: Label) {
        let Some(name) = h.name.as_deref() else {
            self.emit(Op::Pop);
            self.body_in(FBlock::HandlerCleanup { name: None }, &h.body);
            self.emit(Op::PopExcept);
            self.jump(Op::Jump, end);
            return;
        };
        let cleanup = self.label();
        self.name_op(name, Ctx::Store);
        self.jump(Op::SetupExcept, cleanup);
        self.body_in(FBlock::HandlerCleanup { name: Some(name) }, &h.body);
        self.emit(Op::PopBlock);
        self.emit(Op::PopExcept);
        self.clear_name(name);
        self.jump(Op::Jump, end);
        // [exc2]: an exception raised inside the clause.
        self.bind(cleanup);
        self.clear_name(name);
        self.emit(Op::Reraise);
    }

    fn clear_name(&mut self, name: &str) {
        self.load_const(Const::None);
        self.name_op(name, Ctx::Store);
        self.name_op(name, Ctx::Del)
    }

    #[inline(never)]
    pub(super) fn with_stmt(&mut self, items: &'a [WithItem], body: &'a [Stmt], is_async: bool) {
        let Some((item, rest)) = items.split_first() else {
            return self.body(body);
        };
        self.nested(|c| {
            let (handler, reraise, end) = (c.label(), c.label(), c.label());
            c.expr(&item.context);
            if is_async {
                c.emit(Op::BeforeAsyncWith);
                c.await_top();
            } else {
                c.emit(Op::BeforeWith);
            }
            // [exit enter_result]
            match &item.target {
                Some(t) => c.assign(t),
                None => c.emit(Op::Pop),
            }
            c.jump(Op::SetupExcept, handler);
            c.in_block(FBlock::With { is_async }, |c| c.with_stmt(rest, body, is_async));
            c.emit(Op::PopBlock);
            c.exit_with_nones(is_async);
            c.jump(Op::Jump, end);
            // [exit exc]
            c.bind(handler);
            if is_async {
                c.emit(Op::AsyncWithExcept);
                c.await_top();
            } else {
                c.emit(Op::WithExcept);
            }
            c.jump(Op::PopJumpIfFalse, reraise);
            c.emit(Op::Pop);
            c.emit(Op::Pop);
            c.emit(Op::PopExcept);
            c.jump(Op::Jump, end);
            c.bind(reraise);
            c.emit(Op::Reraise);
            c.bind(end);
        })
    }

    /// [exit] -> []: `__exit__(None, None, None)`, awaited for `async with`.
    fn exit_with_nones(&mut self, is_async: bool) {
        if is_async {
            self.emit(Op::AsyncWithExit);
            self.await_top();
            self.emit(Op::Pop);
        } else {
            self.emit(Op::WithExit);
        }
    }

    // ------------------------------------------------------------ early exits

    #[inline(never)]
    pub(super) fn return_stmt(&mut self, value: Option<&'a Expr>) {
        if !self.scope().kind.is_function() {
            return self.fail(self.error("'return' outside function"));
        }
        // A computed value is evaluated before the clean-ups run (they may change what it
        // would be); a constant is simply loaded afterwards.
        let preserve = value.is_some_and(|v| !matches!(v.kind, ExprKind::Const(_)));
        if let (true, Some(v)) = (preserve, value) {
            self.expr(v);
        }
        self.unwind(preserve, false);
        match value {
            Some(v) if !preserve => self.expr(v),
            None => self.load_const(Const::None),
            Some(_) => {}
        }
        self.emit(Op::ReturnValue);
    }

    pub(super) fn break_stmt(&mut self) {
        let Some(FBlock::Loop { end, has_iterator, .. }) = self.unwind(false, true) else {
            return self.fail(self.error("'break'/'continue' outside loop"));
        };
        if has_iterator {
            self.emit(Op::Pop);
        }
        self.jump(Op::Jump, end);
    }

    pub(super) fn continue_stmt(&mut self) {
        let Some(FBlock::Loop { next, .. }) = self.unwind(false, true) else {
            return self.fail(self.error("'break'/'continue' outside loop"));
        };
        self.jump(Op::Jump, next);
    }

    /// Emit the clean-up of the open blocks, innermost first, up to the innermost loop (which is
    /// returned) when `to_loop`, else all of them. `preserve_tos`: a return value sits on top of
    /// the stack and must survive. Each block is closed while its own clean-up is compiled, so
    /// an early exit inside a finally body does not run that finally body again.
    fn unwind(&mut self, preserve_tos: bool, to_loop: bool) -> Option<FBlock<'a>> {
        let mut closed = Vec::new();
        let mut found = None;
        while let Some(block) = self.unit.fblocks.pop() {
            if to_loop && matches!(block, FBlock::Loop { .. }) {
                self.unit.fblocks.push(block);
                found = Some(block);
                break;
            }
            closed.push(block);
            self.unwind_block(block, preserve_tos);
        }
        while let Some(block) = closed.pop() {
            self.unit.fblocks.push(block);
        }
        found
    }

    fn unwind_block(&mut self, block: FBlock<'a>, preserve_tos: bool) {
        let rot = |c: &mut Self| {
            if preserve_tos {
                c.emit(Op::Rot2);
            }
        };
        match block {
            FBlock::Loop { has_iterator, .. } => {
                if has_iterator {
                    rot(self);
                    self.emit(Op::Pop);
                }
            }
            FBlock::TryExcept => self.emit(Op::PopBlock),
            FBlock::FinallyTry(finalbody) => {
                self.emit(Op::PopBlock);
                let resume = self.unit.code.line();
                if preserve_tos {
                    self.body_in(FBlock::PopValue, finalbody);
                } else {
                    self.body(finalbody);
                }
                // The code after this copy is back on the line of the early exit.
                self.unit.code.rewind_line(resume);
            }
            FBlock::FinallyEnd => {
                rot(self);
                self.emit(Op::Pop);
                self.emit(Op::PopExcept);
            }
            FBlock::With { is_async } => {
                self.emit(Op::PopBlock);
                rot(self);
                self.exit_with_nones(is_async);
            }
            FBlock::HandlerCleanup { name } => {
                if let Some(name) = name {
                    self.emit(Op::PopBlock);
                    self.emit(Op::PopExcept);
                    self.clear_name(name);
                } else {
                    self.emit(Op::PopExcept);
                }
            }
            FBlock::PopValue => {
                rot(self);
                self.emit(Op::Pop);
            }
        }
    }
}
