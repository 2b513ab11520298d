//! Code generation: the syntax tree, with its scopes resolved, to bytecode.
//!
//! One [`Compiler`] walks the tree; each module, class body, function, lambda and comprehension
//! is compiled in its own [`Unit`] (a code builder plus the blocks that early exits must unwind),
//! swapped in while its body is compiled. This file holds the units, names, definitions and the
//! simple statements; `flow.rs` holds control flow and `expr.rs` expressions.

use alloc::rc::Rc;
use alloc::vec::Vec;

use super::builder::{internal_error, CodeBuilder, Label};
use super::expr::{has_star, unstarred, CallKind};
use super::flow::FBlock;
use super::scope::{self, NameKind, Scope, ScopeId, ScopeKind, ScopeTable, MAX_NESTING};
use crate::ast::{Alias, Arguments, ClassDef, Expr, ExprKind, FunctionDef, Stmt, StmtKind};
use crate::bytecode::{code_flags, make_function_flags, Code, Const, Op};
use crate::error::{Mode, SyntaxError};
use crate::intern::{sym, Interner, Sym};
use crate::stack::StackGuard;

pub(super) type Result<T = ()> = core::result::Result<T, SyntaxError>;

/// Compile a module, `exec`/`eval` string or REPL entry to a code object. `stack` bounds the
/// recursion in bytes on top of `MAX_NESTING` levels; every code object gets `extra_flags`.
pub fn compile(body: &[Stmt], mode: Mode, filename: &str, extra_flags: u32, interner: &mut Interner, stack: StackGuard) -> Result<Code> {
    let scopes = scope::analyze(body, interner, stack)?;
    let filename = interner.intern(filename);
    let unit = Unit::new(ScopeTable::MODULE, 1);
    let mut c =
        Compiler { interner, scopes, filename, extra_flags, mode, unit, depth: 0, stack, node_line: 1, failed: None };
    let code = c.module(body);
    c.failed.map_or(Ok(code), Err)
}

/// How a name is used by one op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    Load,
    Store,
    Del,
}

/// The code object being compiled.
pub(super) struct Unit<'a> {
    scope: ScopeId,
    pub(super) code: CodeBuilder,
    /// Blocks enclosing the current statement that `return`/`break`/`continue` must unwind.
    pub(super) fblocks: Vec<FBlock<'a>>,
    first_line: u32,
}

impl Unit<'_> {
    fn new(scope: ScopeId, first_line: u32) -> Self {
        Unit { scope, code: CodeBuilder::new(first_line), fblocks: Vec::new(), first_line }
    }
}

/// What a function runs: a statement body, or a lambda's expression.
enum FnBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

pub(super) struct Compiler<'a, 'i> {
    interner: &'i mut Interner,
    scopes: ScopeTable,
    filename: Sym,
    /// Flags for every code object (`code_flags::NATIVE`).
    extra_flags: u32,
    mode: Mode,
    pub(super) unit: Unit<'a>,
    /// Current nesting of statements and expressions, bounded by `MAX_NESTING`.
    depth: u32,
    stack: StackGuard,
    /// Line of the statement or expression being compiled, for errors (the line table itself
    /// only moves forward, see `CodeBuilder::set_line`).
    node_line: u32,
    /// The first error, which stops the compilation (see [`Compiler::fail`]).
    failed: Option<SyntaxError>,
}

impl<'a> Compiler<'a, '_> {
    // ------------------------------------------------------------ small helpers

    pub(super) fn emit(&mut self, op: Op) {
        self.unit.code.emit(op);
    }

    pub(super) fn label(&mut self) -> Label {
        self.unit.code.new_label()
    }

    pub(super) fn bind(&mut self, label: Label) {
        self.unit.code.bind(label);
    }

    pub(super) fn jump(&mut self, make: fn(u32) -> Op, label: Label) {
        self.unit.code.jump(make, label);
    }

    pub(super) fn load_const(&mut self, c: Const) {
        let i = self.unit.code.add_const(c);
        self.emit(Op::LoadConst(i));
    }

    /// Index of `name` in the code's name table.
    pub(super) fn name_index(&mut self, name: &str) -> u32 {
        let name = self.interner.intern(name);
        self.unit.code.add_name(name)
    }

    pub(super) fn scope(&self) -> &Scope {
        self.scopes.get(self.unit.scope)
    }

    pub(super) fn scope_of_module(&self) -> bool {
        self.unit.scope == ScopeTable::MODULE
    }

    pub(super) fn error(&self, msg: &str) -> SyntaxError {
        SyntaxError::new(msg, self.node_line, 0)
    }

    /// Ops emitted next belong to source line `line` (0: unknown, no change).
    pub(super) fn set_line(&mut self, line: u32) {
        if line != 0 {
            self.node_line = line;
            self.unit.code.set_line(line);
        }
    }

    /// An inconsistency between scope analysis and code generation (see [`internal_error`]).
    pub(super) fn internal(&self, what: &str) -> SyntaxError {
        internal_error(what, self.node_line)
    }

    /// Records `e` unless an error came first, and returns a placeholder. An error stops the
    /// compilation: nothing is compiled deeper (`enter` fails), so what is still running at
    /// the levels above finishes over placeholders and [`compile`] reports the error. The
    /// functions return their values rather than a `Result`: each `?` was a branch and the
    /// drops of what its function held.
    pub(super) fn fail<T: Default>(&mut self, e: SyntaxError) -> T {
        self.failed.get_or_insert(e);
        T::default()
    }

    /// `v`, or (an internal error) a placeholder.
    pub(super) fn need<T: Default>(&mut self, v: Option<T>, what: &str) -> T {
        match v {
            Some(v) => v,
            None => self.fail(self.internal(what)),
        }
    }

    /// One level deeper (true), or not: the compilation has stopped, or stops here on deeply
    /// nested input. A true `enter` is paired with a `leave`.
    pub(super) fn enter(&mut self) -> bool {
        if self.failed.is_some() {
            return false;
        }
        if self.depth >= MAX_NESTING || self.stack.exceeded() {
            return self.fail(self.error("maximum recursion depth exceeded"));
        }
        self.depth += 1;
        true
    }

    pub(super) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Run `f` one nesting level deeper.
    pub(super) fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        if self.enter() {
            f(self);
            self.leave();
        }
    }

    // ------------------------------------------------------------ names

    pub(super) fn name_op(&mut self, name: &str, ctx: Ctx) {
        let name = self.interner.intern(name);
        self.sym_op(name, ctx)
    }

    pub(super) fn sym_op(&mut self, name: Sym, ctx: Ctx) {
        let scope = self.scope();
        let r = scope.lookup(name);
        let function = scope.kind.is_function();
        let class = scope.kind == ScopeKind::Class;
        let op = match r.kind {
            NameKind::Local if function => {
                let i = self.need(r.fast, "local without a slot");
                pick(ctx, Op::LoadFast(i), Op::StoreFast(i), Op::DeleteFast(i))
            }
            NameKind::Local | NameKind::GlobalImplicit if !function => {
                let i = self.unit.code.add_name(name);
                pick(ctx, Op::LoadName(i), Op::StoreName(i), Op::DeleteName(i))
            }
            NameKind::Local | NameKind::GlobalImplicit | NameKind::GlobalExplicit => {
                let i = self.unit.code.add_name(name);
                pick(ctx, Op::LoadGlobal(i), Op::StoreGlobal(i), Op::DeleteGlobal(i))
            }
            NameKind::Cell | NameKind::Free => {
                let cell = self.need(r.cell, "cell without a slot");
                if class && ctx == Ctx::Load && r.kind == NameKind::Free {
                    let name = self.unit.code.add_name(name);
                    let Ok(cell) = u16::try_from(cell) else {
                        return self.fail(self.error("too many free variables"));
                    };
                    Op::LoadClassDeref { name, cell }
                } else {
                    pick(ctx, Op::LoadDeref(cell), Op::StoreDeref(cell), Op::DeleteDeref(cell))
                }
            }
        };
        self.emit(op);
    }

    // ------------------------------------------------------------ units

    fn module(&mut self, body: &'a [Stmt]) -> Code {
        if self.mode == Mode::Eval {
            let [Stmt { kind: StmtKind::Expr(e), .. }] = body else {
                return self.fail(self.error("invalid syntax"));
            };
            self.expr(e);
            self.emit(Op::ReturnValue);
        } else {
            self.body(body);
            self.load_const(Const::None);
            self.emit(Op::ReturnValue);
        }
        self.finish_unit(sym::MODULE)
    }

    /// Compile a nested scope in a unit of its own; the current unit is restored afterwards.
    /// `f` is a `dyn`, so the wasm holds one copy of this rather than one per caller.
    #[inline(never)]
    fn child_unit(
        &mut self,
        scope: ScopeId,
        name: &str,
        line: u32,
        f: &mut dyn FnMut(&mut Self),
    ) -> Code {
        let unit = Unit::new(scope, line);
        let outer = core::mem::replace(&mut self.unit, unit);
        let name = self.interner.intern(name);
        f(self);
        let code = self.finish_unit(name);
        self.unit = outer;
        code
    }

    fn finish_unit(&mut self, name: Sym) -> Code {
        let line = self.unit.code.line();
        let built = match core::mem::take(&mut self.unit.code).finish() {
            Ok(built) => built,
            Err(what) => return self.fail(internal_error(what, line)),
        };
        let scope = self.scope();
        let mut flags = 0;
        if !scope.kind.is_function() {
            flags |= code_flags::NAMESPACE;
        }
        if scope.has_varargs {
            flags |= code_flags::VARARGS;
        }
        if scope.has_varkw {
            flags |= code_flags::VARKEYWORDS;
        }
        if scope.is_generator {
            flags |= code_flags::GENERATOR;
        }
        if scope.is_async {
            flags |= code_flags::COROUTINE | code_flags::GENERATOR;
        }
        if flags == 0 && scope.kwonlyargcount == 0 && scope.cellvars.is_empty() && scope.freevars.is_empty() {
            flags |= code_flags::PLAIN;
        }
        flags |= self.extra_flags;
        Code {
            name,
            filename: self.filename,
            first_line: self.unit.first_line,
            flags,
            argcount: scope.argcount,
            posonlyargcount: scope.posonlyargcount,
            kwonlyargcount: scope.kwonlyargcount,
            varnames: scope.varnames.as_slice().into(),
            cellvars: scope.cellvars.as_slice().into(),
            freevars: scope.freevars.as_slice().into(),
            consts: built.consts.into_boxed_slice(),
            hints: crate::obj::filled(Default::default(), built.names.len()).into_boxed_slice(),
            names: built.names.into_boxed_slice(),
            ops: built.ops.into_boxed_slice(),
            lines: built.lines.into_boxed_slice(),
            stacksize: built.stacksize,
        }
    }

    /// Parameters captured by inner functions are copied into their cells on entry.
    fn cell_prologue(&mut self) {
        let scope = self.scope();
        let nparams = scope.argcount + scope.kwonlyargcount + u32::from(scope.has_varargs) + u32::from(scope.has_varkw);
        // Loops, not `collect`: each closure's adaptors were a copy of their own.
        let mut copies = Vec::new();
        for (i, &name) in (0..nparams).zip(&scope.varnames) {
            let r = scope.lookup(name);
            if let (NameKind::Cell, Some(cell)) = (r.kind, r.cell) {
                copies.push((i, cell));
            }
        }
        for (fast, cell) in copies {
            self.emit(Op::LoadFast(fast));
            self.emit(Op::StoreDeref(cell));
        }
    }

    fn function_body(&mut self, body: FnBody<'a>) {
        self.cell_prologue();
        match body {
            FnBody::Stmts(stmts) => {
                self.body(stmts);
                self.load_const(Const::None);
            }
            FnBody::Expr(e) => self.expr(e),
        }
        self.emit(Op::ReturnValue);
    }

    /// Push the closure (if the code has free variables) and the code, then `MakeFunction`.
    pub(super) fn make_function(&mut self, code: Code, mut flags: u8) {
        if !code.freevars.is_empty() {
            self.load_closure(&code);
            self.emit(Op::BuildTuple(code.freevars.len() as u32));
            flags |= make_function_flags::CLOSURE;
        }
        self.load_const(Const::Code(Rc::new(code)));
        self.emit(Op::MakeFunction(flags));
    }

    /// Push the cells of `code`'s free variables, in order.
    pub(super) fn load_closure(&mut self, code: &Code) {
        for &name in &code.freevars {
            let slot = self.need(self.scope().closure_slot(name), "free variable without a cell");
            self.emit(Op::LoadClosure(slot));
        }
    }

    /// Push the defaults tuple and keyword-only defaults dict; returns their `MakeFunction` flags.
    fn defaults(&mut self, args: &'a Arguments) -> u8 {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            self.tuple(&args.defaults);
            flags |= make_function_flags::DEFAULTS;
        }
        let mut kw = 0;
        for (arg, default) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(value) = default {
                self.load_const(Const::Str(arg.name.clone()));
                self.expr(value);
                kw += 1;
            }
        }
        if kw > 0xffff {
            // `BuildMap` counts at most 0xffff items on the stack (`bytecode::sized`).
            return self.fail(self.error("too many arguments"));
        }
        if kw > 0 {
            self.emit(Op::BuildMap(kw));
            flags |= make_function_flags::KWDEFAULTS;
        }
        flags
    }

    #[inline(never)]
    fn function_def(&mut self, f: &'a FunctionDef, line: u32, scope: ScopeId) {
        self.decorators(&f.decorators);
        let flags = self.defaults(&f.args);
        let code = self.child_unit(scope, &f.name, line, &mut |c| c.function_body(FnBody::Stmts(&f.body)));
        self.make_function(code, flags);
        for _ in &f.decorators {
            self.emit(Op::CallFunction(1));
        }
        self.name_op(&f.name, Ctx::Store)
    }

    /// Each decorator is evaluated on its own line; they are applied (after the function is
    /// made) on the line of the last one, as in MicroPython.
    fn decorators(&mut self, decorators: &'a [Expr]) {
        for d in decorators {
            self.set_line(d.line);
            self.expr(d);
        }
    }

    #[inline(never)]
    pub(super) fn lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) {
        let flags = self.defaults(args);
        let code = self.child_unit(e.scope.get() as ScopeId, "<lambda>", e.line, &mut |c| c.function_body(FnBody::Expr(body)));
        self.make_function(code, flags)
    }

    /// A comprehension's code object, compiled by `body` in its own unit.
    pub(super) fn comprehension_code(
        &mut self,
        e: &'a Expr,
        name: &str,
        body: &mut dyn FnMut(&mut Self),
    ) -> Code {
        self.child_unit(e.scope.get() as ScopeId, name, e.line, body)
    }

    #[inline(never)]
    fn class_def(&mut self, c: &'a ClassDef, line: u32, scope: ScopeId) {
        self.decorators(&c.decorators);
        self.emit(Op::LoadBuildClass);
        let code = self.child_unit(scope, &c.name, line, &mut |cc| cc.class_body(&c.name, &c.body));
        self.make_function(code, 0);
        self.load_const(Const::Str(c.name.clone()));
        self.call_tail(CallKind::Function, 2, &c.bases, &c.keywords);
        for _ in &c.decorators {
            self.emit(Op::CallFunction(1));
        }
        self.name_op(&c.name, Ctx::Store)
    }

    /// A class body sets `__module__` and `__qualname__`, runs, and returns its `__class__` cell
    /// (for the VM to fill with the new class) or None. Like MicroPython, `__qualname__` is the
    /// plain class name, even for a class nested in a function or class.
    fn class_body(&mut self, class_name: &str, body: &'a [Stmt]) {
        let name = self.unit.code.add_name(sym::__NAME__);
        self.emit(Op::LoadName(name));
        let module = self.unit.code.add_name(sym::__MODULE__);
        self.emit(Op::StoreName(module));
        self.load_const(Const::Str(class_name.into()));
        let qualname = self.unit.code.add_name(sym::__QUALNAME__);
        self.emit(Op::StoreName(qualname));
        self.body(body);
        if self.scope().needs_class_cell {
            self.emit(Op::LoadClosure(0));
        } else {
            self.load_const(Const::None);
        }
        self.emit(Op::ReturnValue);
    }

    // ------------------------------------------------------------ statements

    pub(super) fn body(&mut self, body: &'a [Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &'a Stmt) {
        if !self.enter() {
            return;
        }
        // A decorated definition starts at its first decorator (the parser gives the `def` line).
        let first_decorator = match &s.kind {
            StmtKind::FunctionDef(f) => f.decorators.first(),
            StmtKind::ClassDef(c) => c.decorators.first(),
            _ => None,
        };
        let line = match first_decorator {
            Some(d) if d.line != 0 => d.line.min(s.line),
            _ => s.line,
        };
        self.set_line(line);
        self.stmt_kind(s);
        self.leave();
    }

    fn stmt_kind(&mut self, s: &'a Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr_stmt(e),
            StmtKind::Assign { targets, value } => self.assign_stmt(targets, value),
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value),
            StmtKind::AnnAssign { target, value, .. } => match value {
                Some(v) => {
                    self.expr(v);
                    self.assign(target)
                }
                None => {}
            },
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => self.break_stmt(),
            StmtKind::Continue => self.continue_stmt(),
            StmtKind::Return(value) => self.return_stmt(value.as_ref()),
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete(t);
                }
            }
            StmtKind::If { test, body, orelse } => self.if_stmt(test, body, orelse),
            StmtKind::While { test, body, orelse } => self.while_stmt(test, body, orelse),
            StmtKind::For { target, iter, body, orelse, is_async } => {
                if *is_async {
                    self.async_for_stmt(target, iter, body, orelse)
                } else {
                    self.for_stmt(target, iter, body, orelse)
                }
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => self.try_stmt(body, handlers, orelse, finalbody),
            StmtKind::Raise { exc, cause } => self.raise(exc.as_ref(), cause.as_ref()),
            StmtKind::With { items, body, is_async } => self.with_stmt(items, body, *is_async),
            StmtKind::FunctionDef(f) => self.function_def(f, s.line, s.scope.get() as ScopeId),
            StmtKind::ClassDef(c) => self.class_def(c, s.line, s.scope.get() as ScopeId),
            StmtKind::Import(aliases) => {
                for a in aliases {
                    self.import(a);
                }
            }
            StmtKind::ImportFrom { module, names, level } => self.import_from(module.as_deref(), names, *level),
            StmtKind::Assert { test, msg } => self.assert(test, msg.as_ref()),
        }
    }

    /// At the REPL, module-level expression statements echo their value. Elsewhere constants
    /// (docstrings, `...`) are not even evaluated.
    fn expr_stmt(&mut self, e: &'a Expr) {
        if self.mode == Mode::Single && self.scope_of_module() {
            self.expr(e);
            self.emit(Op::PrintExpr);
        } else if !matches!(e.kind, ExprKind::Const(_)) {
            self.expr(e);
            self.emit(Op::Pop);
        }
    }

    #[inline(never)]
    fn assign_stmt(&mut self, targets: &'a [Expr], value: &'a Expr) {
        if let [target] = targets {
            if self.swap_assign(target, value) {
                return;
            }
        }
        self.expr(value);
        for (i, target) in targets.iter().enumerate() {
            if i + 1 < targets.len() {
                self.emit(Op::Dup);
            }
            self.assign(target);
        }
    }

    /// `a, b = b, a` and `a, b, c = c, b, a` without building a tuple (as CPython and
    /// MicroPython do). Returns false when the statement has another shape.
    fn swap_assign(&mut self, target: &'a Expr, value: &'a Expr) -> bool {
        let (ExprKind::Tuple(targets) | ExprKind::List(targets), ExprKind::Tuple(values)) = (&target.kind, &value.kind)
        else {
            return false;
        };
        if targets.len() != values.len() || !matches!(values.len(), 2..=3) || has_star(targets) || has_star(values) {
            return false;
        }
        self.exprs(values);
        if values.len() == 3 {
            self.emit(Op::Rot3);
        }
        self.emit(Op::Rot2);
        for t in targets {
            self.assign(t);
        }
        true
    }

    /// Store the value on top of the stack into `target`.
    pub(super) fn assign(&mut self, target: &'a Expr) {
        self.nested(|c| {
            if !matches!(target.kind, ExprKind::Name(_)) {
                c.set_line(target.line);
            }
            c.assign_kind(target)
        })
    }

    fn assign_kind(&mut self, target: &'a Expr) {
        match &target.kind {
            ExprKind::Name(n) => self.name_op(n, Ctx::Store),
            ExprKind::Attribute { value, attr } => {
                self.expr(value);
                let i = self.name_index(attr);
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
                self.emit(Op::StoreSubscr);
            }
            ExprKind::Tuple(elts) | ExprKind::List(elts) => self.unpack(elts),
            _ => self.fail(self.error("can't assign to expression")),
        }
    }

    fn unpack(&mut self, elts: &'a [Expr]) {
        let i = unstarred(elts);
        if i == elts.len() {
            self.emit(Op::UnpackSequence(elts.len() as u32));
        } else if has_star(&elts[i + 1..]) {
            return self.fail(self.error("multiple *x in assignment"));
        } else {
            let (Ok(before), Ok(after)) = (u16::try_from(i), u16::try_from(elts.len() - i - 1)) else {
                return self.fail(self.error("too many items in assignment"));
            };
            self.emit(Op::UnpackEx { before, after });
        }
        for e in elts {
            match &e.kind {
                ExprKind::Starred(inner) => self.assign(inner),
                _ => self.assign(e),
            }
        }
    }

    #[inline(never)]
    fn aug_assign(&mut self, target: &'a Expr, op: crate::ast::BinOp, value: &'a Expr) {
        match &target.kind {
            ExprKind::Name(n) => {
                self.name_op(n, Ctx::Load);
                self.expr(value);
                self.emit(Op::Inplace(op));
                self.name_op(n, Ctx::Store)
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.expr(obj);
                self.emit(Op::Dup);
                let i = self.name_index(attr);
                self.emit(Op::LoadAttr(i));
                self.expr(value);
                self.emit(Op::Inplace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript { value: obj, index } => {
                self.expr(obj);
                self.expr(index);
                self.emit(Op::AugLoadSubscr);
                self.expr(value);
                self.emit(Op::Inplace(op));
                self.emit(Op::AugStoreSubscr);
            }
            _ => self.fail(self.error("can't assign to expression")),
        }
    }

    fn delete(&mut self, target: &'a Expr) {
        self.nested(|c| match &target.kind {
            ExprKind::Name(n) => c.name_op(n, Ctx::Del),
            ExprKind::Attribute { value, attr } => {
                c.expr(value);
                let i = c.name_index(attr);
                c.emit(Op::DeleteAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                c.expr(value);
                c.expr(index);
                c.emit(Op::DeleteSubscr);
            }
            ExprKind::Tuple(elts) | ExprKind::List(elts) if !elts.is_empty() => {
                for e in elts {
                c.delete(e)
            }
            }
            _ => c.fail(c.error("can't delete expression")),
        })
    }

    #[inline(never)]
    fn raise(&mut self, exc: Option<&'a Expr>, cause: Option<&'a Expr>) {
        match (exc, cause) {
            (None, None) => self.emit(Op::Raise(0)),
            (Some(exc), None) => {
                self.expr(exc);
                self.emit(Op::Raise(1));
            }
            (Some(exc), Some(cause)) => {
                self.expr(exc);
                self.expr(cause);
                self.emit(Op::Raise(2));
            }
            (None, Some(_)) => return self.fail(self.error("invalid syntax")),
        }
    }

    #[inline(never)]
    fn assert(&mut self, test: &'a Expr, msg: Option<&'a Expr>) {
        let ok = self.label();
        self.jump_if(test, true, ok);
        self.emit(Op::LoadAssertionError);
        if let Some(msg) = msg {
            self.expr(msg);
            self.emit(Op::CallFunction(1));
        }
        self.emit(Op::Raise(1));
        self.bind(ok);
    }

    /// `import a.b.c` binds `a`; `import a.b.c as d` binds the submodule itself.
    #[inline(never)]
    fn import(&mut self, alias: &'a Alias) {
        self.load_const(Const::Int(0));
        self.load_const(Const::None);
        let module = self.name_index(&alias.name);
        self.emit(Op::ImportName(module));
        let mut parts = crate::builtins::text::fields(&alias.name, b'.');
        let first = parts.next().unwrap_or("");
        match &alias.asname {
            Some(asname) => {
                for attr in parts {
                    let i = self.name_index(attr);
                    self.emit(Op::LoadAttr(i));
                }
                self.name_op(asname, Ctx::Store)
            }
            None => self.name_op(first, Ctx::Store),
        }
    }

    #[inline(never)]
    fn import_from(&mut self, module: Option<&str>, names: &'a [Alias], level: u32) {
        let star = names.iter().any(|a| a.name == "*");
        if star && names.len() != 1 {
            return self.fail(self.error("invalid syntax"));
        }
        self.load_const(Const::Int(i64::from(level)));
        let mut fromlist = Vec::new();
        for a in names {
            fromlist.push(Const::Str(a.name.clone()));
        }
        self.load_const(Const::Tuple(fromlist));
        let module = self.name_index(module.unwrap_or(""));
        self.emit(Op::ImportName(module));
        if star {
            self.emit(Op::ImportStar);
            return;
        }
        for a in names {
            let i = self.name_index(&a.name);
            self.emit(Op::ImportFrom(i));
            self.name_op(a.asname.as_ref().unwrap_or(&a.name), Ctx::Store);
        }
        self.emit(Op::Pop);
    }
}

fn pick(ctx: Ctx, load: Op, store: Op, del: Op) -> Op {
    match ctx {
        Ctx::Load => load,
        Ctx::Store => store,
        Ctx::Del => del,
    }
}
