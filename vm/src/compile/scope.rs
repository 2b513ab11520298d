//! Scope analysis: decides, before any code is generated, where every name lives.
//!
//! Python 3 rules, as in CPython's `symtable.c`. A first pass walks the tree once and records, for
//! each scope (module, class, function or lambda, comprehension), how each name is used: bound,
//! read, declared `global`/`nonlocal`, a parameter. A second pass resolves every name top-down
//! with the set of names bound by enclosing *function* scopes (class bodies do not provide
//! bindings to the functions inside them), and bottom-up turns captured locals into cells and
//! threads free variables through the scopes in between. Knowing cells and free variables up
//! front is what lets code generation emit fast slots directly (MicroPython and CPython do the
//! same).
//!
//! The first pass numbers the scope of each nested `def`, `class`, `lambda` or comprehension in
//! its syntax node (`Stmt::scope`, `Expr::scope`), where code generation reads it: the two
//! passes need not visit nodes in the same order, and no table maps nodes to scopes.

use alloc::vec::Vec;
use crate::hash_index::HashIndex;
use core::cell::Cell;

use crate::ast::{Arguments, Comprehension, Expr, ExprKind, Stmt, StmtKind};
use crate::ast::{ClassDef, FunctionDef};
use crate::error::SyntaxError;
use crate::intern::{sym, Interner, Sym};
use crate::stack::StackGuard;

/// Index of a scope in [`ScopeTable`]; the module is 0.
pub type ScopeId = usize;

/// Deeper syntax trees are refused rather than risking the Rust stack (MicroPython raises
/// "maximum recursion depth exceeded" in the same situation).
pub(crate) const MAX_NESTING: u32 = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    /// A `def` or a `lambda`.
    Function,
    /// A list/set/dict comprehension or generator expression: a function of one argument `.0`.
    Comprehension,
}

impl ScopeKind {
    /// Function-like scopes keep their locals in fast slots; the others in a namespace dict.
    pub fn is_function(self) -> bool {
        matches!(self, ScopeKind::Function | ScopeKind::Comprehension)
    }
}

/// Where a name lives, as seen from one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A fast local of a function, or a name in a module or class namespace.
    Local,
    /// A local of this function that an inner function captures.
    Cell,
    /// A variable of an enclosing function.
    Free,
    /// Declared `global` (also a `:=` target that a comprehension binds at module level).
    GlobalExplicit,
    /// Bound nowhere visible: globals then builtins (the namespace first in module/class code).
    GlobalImplicit,
}

/// A name resolved in one scope, with its slot numbers where it has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub kind: NameKind,
    /// Index in `varnames` (locals and parameters of function-like scopes).
    pub fast: Option<u32>,
    /// Index among the frame's cells: `cellvars` then `freevars`.
    pub cell: Option<u32>,
}

/// How a name is used in one scope (gathered by the first pass).
mod flag {
    pub const USED: u8 = 1;
    pub const ASSIGNED: u8 = 2;
    pub const PARAM: u8 = 4;
    pub const GLOBAL: u8 = 8;
    pub const NONLOCAL: u8 = 16;
    /// An iteration variable of a comprehension.
    pub const COMP_ITER: u8 = 32;
    /// A comprehension's `:=` target: bound in the nearest enclosing non-comprehension scope.
    pub const WALRUS: u8 = 64;
}

#[derive(Debug, Clone, Copy)]
struct Symbol {
    flags: u8,
    kind: NameKind,
    /// A class-body name that a method also captures from an enclosing function: the class
    /// keeps it in its namespace but must also hold the outer cell to pass it on.
    free_in_class: bool,
    fast: Option<u32>,
    cell: Option<u32>,
    /// Where the name first appears, for errors found while resolving.
    line: u32,
}

impl Symbol {
    fn new(flags: u8, line: u32) -> Self {
        Symbol { flags, kind: NameKind::GlobalImplicit, free_in_class: false, fast: None, cell: None, line }
    }
}

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    /// `async def`.
    pub is_async: bool,
    /// A `lambda` (a `Function` scope that is not a `def`).
    pub is_lambda: bool,
    /// Contains `yield`, `yield from` or `await` (MicroPython makes any function that awaits a
    /// generator), or is a generator expression.
    pub is_generator: bool,
    /// Positional parameters, including positional-only ones.
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub has_varargs: bool,
    pub has_varkw: bool,
    /// Parameters first (positional, keyword-only, `*args`, `**kwargs`), then other fast locals.
    pub varnames: Vec<Sym>,
    pub cellvars: Vec<Sym>,
    pub freevars: Vec<Sym>,
    /// A class body whose methods use `super()` or `__class__`: it owns cell `__class__`.
    pub needs_class_cell: bool,
    parent: Option<ScopeId>,
    children: Vec<ScopeId>,
    /// Names in order of first appearance, so slot numbers are deterministic.
    names: Index,
    /// The [`Symbol`] of each of `names`, at the same position.
    symbols: Vec<Symbol>,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<ScopeId>) -> Self {
        Scope {
            kind,
            is_async: false,
            is_lambda: false,
            is_generator: false,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            has_varargs: false,
            has_varkw: false,
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            needs_class_cell: false,
            parent,
            children: Vec::new(),
            names: Index::default(),
            symbols: Vec::new(),
        }
    }

    /// Where `name` lives in this scope; names never seen here are global.
    pub fn lookup(&self, name: Sym) -> Resolved {
        match self.symbol(name) {
            Some(s) => Resolved { kind: s.kind, fast: s.fast, cell: s.cell },
            None => Resolved { kind: NameKind::GlobalImplicit, fast: None, cell: None },
        }
    }

    /// The cell to put in the closure tuple of an inner function that has `name` free.
    pub fn closure_slot(&self, name: Sym) -> Option<u32> {
        if self.kind == ScopeKind::Class && name == sym::__CLASS__ && self.needs_class_cell {
            return Some(0);
        }
        self.symbol(name).and_then(|s| s.cell)
    }

    fn symbol(&self, name: Sym) -> Option<&Symbol> {
        self.symbols.get(self.names.find(name)?)
    }

    fn symbol_mut(&mut self, name: Sym) -> Option<&mut Symbol> {
        self.symbols.get_mut(self.names.find(name)?)
    }

    /// Add `name`, not seen in this scope before.
    fn insert(&mut self, name: Sym, s: Symbol) {
        self.names.push(name);
        self.symbols.push(s);
    }

    fn add(&mut self, name: Sym, flags: u8, line: u32) {
        match self.symbol_mut(name) {
            Some(s) => s.flags |= flags,
            None => self.insert(name, Symbol::new(flags, line)),
        }
    }

    fn flags(&self, name: Sym) -> u8 {
        self.symbol(name).map_or(0, |s| s.flags)
    }
}

/// The scopes of one compilation unit, by the id the scope pass wrote in their syntax nodes.
#[derive(Debug)]
pub struct ScopeTable {
    scopes: Vec<Scope>,
}

/// Names in order of insertion, found by hash: the `HashIndex` of positions the interner uses,
/// so the compiler brings no hash map code of its own into the wasm.
#[derive(Debug)]
struct Index {
    keys: Vec<Sym>,
    table: HashIndex,
}

impl Default for Index {
    fn default() -> Self {
        Index { keys: Vec::new(), table: HashIndex::new() }
    }
}

impl Index {
    /// The position of `key`, if it was pushed.
    fn find(&self, key: Sym) -> Option<usize> {
        self.table.find(key.0 as u64, |&i| self.keys.get(i as usize) == Some(&key)).map(|i| i as usize)
    }

    /// Add `key`, not pushed before, at the end.
    fn push(&mut self, key: Sym) {
        let Index { keys, table } = self;
        table.insert(key.0 as u64, keys.len() as u32, &|i| keys.get(i as usize).map_or(0, |k| k.0 as u64));
        keys.push(key);
    }
}

impl ScopeTable {
    pub const MODULE: ScopeId = 0;

    pub fn get(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }
}

/// Analyse a module (or `exec`/`eval`/REPL input).
pub fn analyze(body: &[Stmt], interner: &mut Interner, stack: StackGuard) -> Result<ScopeTable, SyntaxError> {
    let mut b = Builder {
        interner,
        scopes: alloc::vec![Scope::new(ScopeKind::Module, None)],
        cur: ScopeTable::MODULE,
        depth: 0,
        stack,
        line: 1,
        failed: None,
    };
    b.body(body);
    if let Some(e) = b.failed {
        return Err(e);
    }
    let mut scopes = b.scopes;
    let mut failed = None;
    resolve(&mut scopes, ScopeTable::MODULE, &Names::default(), &mut failed);
    failed.map_or(Ok(ScopeTable { scopes }), Err)
}

fn error(msg: &str, line: u32) -> SyntaxError {
    SyntaxError::new(msg, line, 0)
}

// ---------------------------------------------------------------- first pass: gather uses

struct Builder<'i> {
    interner: &'i mut Interner,
    scopes: Vec<Scope>,
    cur: ScopeId,
    depth: u32,
    stack: StackGuard,
    /// Line of the statement or expression being visited, for errors.
    line: u32,
    /// The first error, which stops the walk (see [`Builder::fail`]).
    failed: Option<SyntaxError>,
}

/// What a new function scope runs: a statement body or a lambda's expression.
#[derive(Clone, Copy)]
enum FnBody<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

impl Builder<'_> {
    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.cur]
    }

    fn kind(&self) -> ScopeKind {
        self.scopes[self.cur].kind
    }

    fn add(&mut self, name: &str, flags: u8) {
        let name = self.interner.intern(name);
        let line = self.line;
        self.scope().add(name, flags, line);
    }

    fn add_sym(&mut self, name: Sym, flags: u8) {
        let line = self.line;
        self.scope().add(name, flags, line);
    }

    /// Records `e` unless an error came first. As in the code generator (`Compiler::fail`),
    /// the first error stops the walk: `enter` goes no deeper, the levels above finish, and
    /// `analyze` returns it.
    fn fail(&mut self, e: SyntaxError) {
        self.failed.get_or_insert(e);
    }

    /// One level deeper (true, to be paired with `depth -= 1`), or not: the walk has stopped,
    /// or stops here on deeply nested input.
    fn enter(&mut self, line: u32) -> bool {
        if self.failed.is_some() {
            return false;
        }
        if line != 0 {
            self.line = line;
        }
        if self.depth >= MAX_NESTING || self.stack.exceeded() {
            self.fail(error("maximum recursion depth exceeded", self.line));
            return false;
        }
        self.depth += 1;
        true
    }

    /// Run `f` in a new child scope of the current one. `f` is a `dyn`, so the wasm holds one
    /// copy of this rather than one per caller.
    #[inline(never)]
    fn child(
        &mut self,
        kind: ScopeKind,
        node: &Cell<u32>,
        f: &mut dyn FnMut(&mut Self),
    ) {
        let id = self.scopes.len();
        self.scopes.push(Scope::new(kind, Some(self.cur)));
        self.scopes[self.cur].children.push(id);
        node.set(id as u32);
        let outer = core::mem::replace(&mut self.cur, id);
        f(self);
        self.cur = outer;
    }

    fn body(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        if self.enter(s.line) {
            self.stmt_kind(s);
            self.depth -= 1;
        }
    }

    fn stmt_kind(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for t in targets {
                    self.target(t, flag::ASSIGNED);
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target, flag::ASSIGNED | flag::USED);
                self.expr(value)
            }
            StmtKind::AnnAssign { target, value, .. } => match value {
                Some(v) => {
                    self.expr(v);
                    self.target(target, flag::ASSIGNED)
                }
                // Nothing is evaluated; a bare name still becomes local, as in CPython.
                None => match &target.kind {
                    ExprKind::Name(n) => {
                        self.add(n, flag::ASSIGNED);
                    }
                    _ => {}
                },
            },
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Return(v) => self.opt_expr(v.as_ref()),
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.target(t, flag::ASSIGNED);
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.body(body);
                self.body(orelse)
            }
            StmtKind::For { target, iter, body, orelse, is_async } => {
                self.check_async(*is_async);
                self.expr(iter);
                self.target(target, flag::ASSIGNED);
                self.body(body);
                self.body(orelse)
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                self.body(body);
                for h in handlers {
                    self.line = h.line;
                    self.opt_expr(h.typ.as_ref());
                    if let Some(name) = &h.name {
                        self.add(name, flag::ASSIGNED);
                    }
                    self.body(&h.body);
                }
                self.body(orelse);
                self.body(finalbody)
            }
            StmtKind::Raise { exc, cause } => {
                self.opt_expr(exc.as_ref());
                self.opt_expr(cause.as_ref())
            }
            StmtKind::With { items, body, is_async } => {
                self.check_async(*is_async);
                for item in items {
                    self.expr(&item.context);
                    if let Some(t) = &item.target {
                        self.target(t, flag::ASSIGNED);
                    }
                }
                self.body(body)
            }
            StmtKind::FunctionDef(f) => self.function_def(f, &s.scope),
            StmtKind::ClassDef(c) => self.class_def(c, &s.scope),
            StmtKind::Import(aliases) => {
                for a in aliases {
                    let bound = match &a.asname {
                        Some(asname) => asname.as_str(),
                        None => crate::builtins::text::fields(&a.name, b'.').next().unwrap_or(""),
                    };
                    self.add(bound, flag::ASSIGNED);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if a.name == "*" {
                        if self.kind() != ScopeKind::Module {
                            return self.fail(error("import * not at module level", self.line));
                        }
                        continue;
                    }
                    self.add(a.asname.as_ref().unwrap_or(&a.name), flag::ASSIGNED);
                }
            }
            StmtKind::Global(names) => {
                for n in names {
                    self.declare_global(n);
                }
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    self.declare_nonlocal(n);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                self.opt_expr(msg.as_ref())
            }
        }
    }

    fn check_async(&mut self, is_async: bool) {
        let scope = &self.scopes[self.cur];
        if is_async && !(scope.kind == ScopeKind::Function && scope.is_async) {
            return self.fail(error("async for/with outside async function", self.line));
        }
    }

    /// MicroPython refuses a declaration after any other use of the name in the scope.
    fn declare_global(&mut self, name: &str) {
        let name = self.interner.intern(name);
        let flags = self.scopes[self.cur].flags(name);
        if flags != 0 && flags & flag::GLOBAL == 0 {
            return self.fail(error("identifier redefined as global", self.line));
        }
        self.add_sym(name, flag::GLOBAL);
    }

    fn declare_nonlocal(&mut self, name: &str) {
        if self.kind() == ScopeKind::Module {
            return self.fail(error("can't declare nonlocal in outer code", self.line));
        }
        let name = self.interner.intern(name);
        let flags = self.scopes[self.cur].flags(name);
        if flags != 0 && flags & flag::NONLOCAL == 0 {
            return self.fail(error("identifier redefined as nonlocal", self.line));
        }
        self.add_sym(name, flag::NONLOCAL);
    }

    fn function_def(&mut self, f: &FunctionDef, node: &Cell<u32>) {
        for d in &f.decorators {
            self.expr(d);
        }
        self.defaults(&f.args);
        self.add(&f.name, flag::ASSIGNED);
        self.function(node, &f.args, FnBody::Stmts(&f.body), f.is_async)
    }

    fn class_def(&mut self, c: &ClassDef, node: &Cell<u32>) {
        for d in &c.decorators {
            self.expr(d);
        }
        for b in &c.bases {
            self.expr(b);
        }
        for k in &c.keywords {
            self.expr(&k.value);
        }
        self.add(&c.name, flag::ASSIGNED);
        self.child(ScopeKind::Class, node, &mut |b| b.body(&c.body))
    }

    /// Defaults are evaluated where the function is defined; annotations nowhere.
    fn defaults(&mut self, args: &Arguments) {
        for d in &args.defaults {
            self.expr(d);
        }
        for d in &args.kw_defaults {
            self.opt_expr(d.as_ref());
        }
    }

    fn function(
        &mut self,
        node: &Cell<u32>,
        args: &Arguments,
        body: FnBody<'_>,
        is_async: bool,
    ) {
        self.child(ScopeKind::Function, node, &mut |b| {
            b.scope().is_async = is_async;
            b.scope().is_lambda = matches!(body, FnBody::Expr(_));
            b.parameters(args);
            match body {
                FnBody::Stmts(stmts) => b.body(stmts),
                FnBody::Expr(e) => b.expr(e),
            }
        })
    }

    fn parameters(&mut self, args: &Arguments) {
        for &part in &args.in_slot_order() {
            for arg in part {
                self.parameter(&arg.name);
            }
        }
        let s = self.scope();
        s.posonlyargcount = args.posonlyargs.len() as u32;
        s.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        s.kwonlyargcount = args.kwonlyargs.len() as u32;
        s.has_varargs = args.vararg.is_some();
        s.has_varkw = args.kwarg.is_some();
    }

    fn parameter(&mut self, name: &str) {
        let name = self.interner.intern(name);
        if self.scopes[self.cur].symbol(name).is_some() {
            return self.fail(error("argument name reused", self.line));
        }
        self.add_sym(name, flag::PARAM);
        self.scope().varnames.push(name);
    }

    fn opt_expr(&mut self, e: Option<&Expr>) {
        if let Some(e) = e {
            self.expr(e);
        }
    }

    /// A binding target: names are bound, everything else inside is read.
    fn target(&mut self, e: &Expr, flags: u8) {
        if !self.enter(e.line) {
            return;
        }
        match &e.kind {
            ExprKind::Name(n) => self.add(n, flags),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                for t in elts {
                    self.target(t, flags);
                }
            }
            ExprKind::Starred(inner) => self.target(inner, flags),
            // Attribute, subscript, or something code generation will reject.
            _ => self.expr(e),
        }
        self.depth -= 1;
    }

    fn expr(&mut self, e: &Expr) {
        if self.enter(e.line) {
            self.expr_kind(e);
            self.depth -= 1;
        }
    }

    fn exprs(&mut self, es: &[Expr]) {
        for e in es {
            self.expr(e);
        }
    }

    fn expr_kind(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Name(n) => {
                self.add(n, flag::USED);
                // Zero-argument `super()` in a `def` reads the implicit `__class__` cell.
                let scope = &self.scopes[self.cur];
                if n == "super" && scope.kind == ScopeKind::Function && !scope.is_lambda {
                    self.add_sym(sym::__CLASS__, flag::USED);
                }
            }
            ExprKind::Const(_) => {}
            ExprKind::JoinedStr(parts) => self.exprs(parts),
            ExprKind::FormattedValue { value, format_spec, .. } => {
                self.expr(value);
                self.opt_expr(format_spec.as_deref())
            }
            ExprKind::Tuple(elts) | ExprKind::List(elts) | ExprKind::Set(elts) => self.exprs(elts),
            ExprKind::Dict { keys, values } => {
                for k in keys {
                    self.opt_expr(k.as_ref());
                }
                self.exprs(values)
            }
            ExprKind::Starred(v) => self.expr(v),
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right)
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::BoolOp { values, .. } => self.exprs(values),
            ExprKind::Compare { left, comparators, .. } => {
                self.expr(left);
                self.exprs(comparators)
            }
            ExprKind::Call { func, args, keywords } => {
                self.expr(func);
                self.exprs(args);
                for k in keywords {
                    self.expr(&k.value);
                }
            }
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index)
            }
            ExprKind::Slice { lower, upper, step } => {
                self.opt_expr(lower.as_deref());
                self.opt_expr(upper.as_deref());
                self.opt_expr(step.as_deref())
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse)
            }
            ExprKind::Lambda { args, body } => {
                self.defaults(args);
                self.function(&e.scope, args, FnBody::Expr(body), false)
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                let is_gen = matches!(e.kind, ExprKind::GeneratorExp { .. });
                self.comprehension(e, generators, &[elt], is_gen)
            }
            ExprKind::DictComp { key, value, generators } => self.comprehension(e, generators, &[key, value], false),
            ExprKind::Yield(v) => {
                self.generator_op("'yield' outside function");
                self.opt_expr(v.as_deref())
            }
            ExprKind::YieldFrom(v) => {
                self.generator_op("'yield' outside function");
                self.expr(v)
            }
            ExprKind::Await(v) => {
                self.generator_op("'await' outside function");
                self.expr(v)
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value);
                if self.kind() == ScopeKind::Comprehension {
                    self.walrus_in_comprehension(target)
                } else {
                    self.add(target, flag::ASSIGNED);
                }
            }
        }
    }

    /// `yield` and `await` make the enclosing function a generator; comprehensions may not
    /// contain them (MicroPython's rule and messages).
    fn generator_op(&mut self, msg: &str) {
        if self.kind() != ScopeKind::Function {
            return self.fail(error(msg, self.line));
        }
        self.scope().is_generator = true;
    }

    /// PEP 572: the target is bound in the nearest enclosing scope that is not a comprehension.
    fn walrus_in_comprehension(&mut self, target: &str) {
        let name = self.interner.intern(target);
        let owner = binding_scope(&self.scopes, self.cur);
        if self.scopes[owner].kind == ScopeKind::Class {
            // MicroPython's message: it treats the target as `nonlocal` and finds no binding.
            return self.fail(error("no binding for nonlocal found", self.line));
        }
        self.add_sym(name, flag::WALRUS);
        self.scopes[owner].add(name, flag::ASSIGNED, self.line);
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        generators: &[Comprehension],
        elts: &[&Expr],
        is_generator: bool,
    ) {
        let Some(first) = generators.first() else {
            return self.fail(error("invalid syntax", self.line));
        };
        if generators.iter().any(|g| g.is_async) {
            // MicroPython has no asynchronous comprehensions.
            return self.fail(error("invalid syntax", self.line));
        }
        // The outermost iterable is evaluated in the enclosing scope and passed in as `.0`.
        self.expr(&first.iter);
        self.child(ScopeKind::Comprehension, &e.scope, &mut |b| {
            b.scope().is_generator = is_generator;
            b.parameter(".0");
            b.scope().argcount = 1;
            for (i, g) in generators.iter().enumerate() {
                if i > 0 {
                    b.expr(&g.iter);
                }
                b.target(&g.target, flag::ASSIGNED | flag::COMP_ITER);
                b.exprs(&g.ifs);
            }
            for e in elts {
                b.expr(e);
            }
        })
    }
}

/// The scope that binds a `:=` target written in scope `id`: itself unless it is a
/// comprehension, else its nearest non-comprehension ancestor.
fn binding_scope(scopes: &[Scope], mut id: ScopeId) -> ScopeId {
    while scopes[id].kind == ScopeKind::Comprehension {
        match scopes[id].parent {
            Some(p) => id = p,
            None => break,
        }
    }
    id
}

// ---------------------------------------------------------------- second pass: resolve

/// A set of names, kept sorted so captures get their slots in a fixed order. A scope binds a
/// handful of names: a binary search in a `Vec` does what a B-tree did here, with a fraction
/// of its code in the wasm.
#[derive(Clone, Default)]
struct Names(Vec<Sym>);

impl Names {
    fn contains(&self, name: Sym) -> bool {
        self.0.binary_search(&name).is_ok()
    }

    fn insert(&mut self, name: Sym) {
        if let Err(at) = self.0.binary_search(&name) {
            self.0.insert(at, name);
        }
    }

    fn remove(&mut self, name: Sym) {
        if let Ok(at) = self.0.binary_search(&name) {
            // The later names move down one (`Vec::remove` is a copy of its own per type).
            for j in at + 1..self.0.len() {
                self.0[j - 1] = self.0[j];
            }
            self.0.pop();
        }
    }
}

/// Resolve scope `id` given the names bound by its enclosing function scopes; returns the names
/// it needs from its parent (its free variables). The first error is kept in `failed` and the
/// walk goes on over placeholders, as the first pass does: no `?` drops what each level built.
fn resolve(scopes: &mut [Scope], id: ScopeId, bound: &Names, failed: &mut Option<SyntaxError>) -> Names {
    for i in 0..scopes[id].symbols.len() {
        let (Some(&name), Some(s)) = (scopes[id].names.keys.get(i), scopes[id].symbols.get(i)) else { break };
        let kind = classify(scopes, id, name, s.flags, s.line, bound).unwrap_or_else(|e| {
            failed.get_or_insert(e);
            NameKind::Local
        });
        if let Some(s) = scopes[id].symbols.get_mut(i) {
            s.kind = kind;
        }
    }

    let child_bound = bound_for_children(&scopes[id], bound);
    let mut needed = Names::default();
    // By index: the children's list is read between the recursive calls, not copied.
    for c in 0..scopes[id].children.len() {
        let Some(&child) = scopes[id].children.get(c) else { break };
        for name in resolve(scopes, child, &child_bound, failed).0 {
            needed.insert(name);
        }
    }
    let scope = &mut scopes[id];
    for name in needed.0 {
        capture(scope, name);
    }
    assign_slots(scope);
    let mut free = Names::default();
    for (&name, s) in scope.names.keys.iter().zip(&scope.symbols) {
        if s.kind == NameKind::Free || s.free_in_class {
            free.insert(name);
        }
    }
    free
}

fn classify(
    scopes: &[Scope],
    id: ScopeId,
    name: Sym,
    flags: u8,
    line: u32,
    bound: &Names,
) -> Result<NameKind, SyntaxError> {
    let no_binding = || error("no binding for nonlocal found", line);
    if flags & flag::GLOBAL != 0 {
        return Ok(NameKind::GlobalExplicit);
    }
    if flags & flag::NONLOCAL != 0 {
        return if bound.contains(name) { Ok(NameKind::Free) } else { Err(no_binding()) };
    }
    if flags & flag::WALRUS != 0 {
        let owner = &scopes[binding_scope(scopes, id)];
        let at_module = owner.kind == ScopeKind::Module;
        if flags & flag::COMP_ITER != 0 {
            // MicroPython's messages for rebinding an iteration variable with `:=`: it declares
            // the target global when the comprehension sits directly in the module, else nonlocal.
            let in_module = scopes[id].parent == Some(ScopeTable::MODULE);
            let msg = if in_module { "identifier redefined as global" } else { "identifier redefined as nonlocal" };
            return Err(error(msg, line));
        }
        if at_module || owner.flags(name) & flag::GLOBAL != 0 {
            return Ok(NameKind::GlobalExplicit);
        }
        return if bound.contains(name) { Ok(NameKind::Free) } else { Err(no_binding()) };
    }
    if flags & (flag::ASSIGNED | flag::PARAM) != 0 {
        return Ok(NameKind::Local);
    }
    if bound.contains(name) {
        return Ok(NameKind::Free);
    }
    Ok(NameKind::GlobalImplicit)
}

/// Names that functions nested in `scope` can capture. Class bodies pass on only what their
/// enclosing functions bind, plus the implicit `__class__`.
fn bound_for_children(scope: &Scope, bound: &Names) -> Names {
    let mut child_bound = match scope.kind {
        ScopeKind::Module => return Names::default(),
        ScopeKind::Class => {
            let mut b = bound.clone();
            b.insert(sym::__CLASS__);
            b
        }
        ScopeKind::Function | ScopeKind::Comprehension => {
            let mut b = bound.clone();
            for (&name, s) in scope.names.keys.iter().zip(&scope.symbols) {
                if s.kind == NameKind::Local {
                    b.insert(name);
                }
            }
            b
        }
    };
    for (&name, s) in scope.names.keys.iter().zip(&scope.symbols) {
        if s.kind == NameKind::GlobalExplicit {
            child_bound.remove(name);
        }
    }
    child_bound
}

/// A nested scope needs `name` from `scope`: make it a cell, or pass it through as free.
fn capture(scope: &mut Scope, name: Sym) {
    if scope.kind == ScopeKind::Class && name == sym::__CLASS__ {
        scope.needs_class_cell = true;
        return;
    }
    let is_class = scope.kind == ScopeKind::Class;
    match scope.symbol_mut(name) {
        Some(s) => match s.kind {
            NameKind::Local if is_class => s.free_in_class = true,
            NameKind::Local => s.kind = NameKind::Cell,
            _ => {}
        },
        None => {
            let mut s = Symbol::new(0, 0);
            s.kind = NameKind::Free;
            scope.insert(name, s);
        }
    }
}

/// Number the fast locals, cells and free variables. Parameters keep their fast slot even when
/// they are cells: the function prologue copies them into their cell.
fn assign_slots(scope: &mut Scope) {
    let function = scope.kind.is_function();
    if scope.needs_class_cell {
        scope.cellvars.push(sym::__CLASS__);
    }
    for (&name, s) in scope.names.keys.iter().zip(&scope.symbols) {
        if function && s.kind == NameKind::Local && s.flags & flag::PARAM == 0 {
            scope.varnames.push(name);
        }
        if s.kind == NameKind::Cell {
            scope.cellvars.push(name);
        } else if s.kind == NameKind::Free || s.free_in_class {
            scope.freevars.push(name);
        }
    }
    let Scope { names, symbols, varnames, cellvars, freevars, .. } = scope;
    for (i, &name) in varnames.iter().enumerate() {
        if let Some(s) = names.find(name).and_then(|at| symbols.get_mut(at)) {
            s.fast = Some(i as u32);
        }
    }
    for (i, &name) in cellvars.iter().chain(freevars.iter()).enumerate() {
        if let Some(s) = names.find(name).and_then(|at| symbols.get_mut(at)) {
            s.cell = Some(i as u32);
        }
    }
}
