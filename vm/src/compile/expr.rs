//! Expressions: each leaves exactly one value on the stack.
//!
//! Code generation recurses on the tree, so each nesting level costs a stack frame of the
//! recursive path (`expr` → `expr_kind` → ...). The bulkier helpers here and in `codegen.rs` and
//! `flow.rs` are `#[inline(never)]` to keep that frame a few hundred bytes, not kilobytes: deep
//! but legal nesting must fit a board's stack.

use alloc::rc::Rc;
use alloc::string::ToString;
use alloc::vec::Vec;

use super::codegen::{Compiler, Ctx};
use super::fold;
use super::scope::ScopeKind;
use crate::ast::{BoolOp, CmpOp, Comprehension, Expr, ExprKind, Keyword};
use crate::bytecode::{format_flags, Cmp, Const, Op};
use crate::intern::sym;

/// Displays longer than this are built incrementally (append/add per item) so that a long
/// literal does not need a stack slot per item.
const CHUNK: usize = 16;

/// MicroPython records which positional arguments are starred in a small-int bitmap, so a
/// `*arg` at this position or later is a SyntaxError ("too many args") there; we match it.
const STAR_ARG_POSITIONS: usize = 62;

/// How the callable was pushed: plainly, or by `LoadMethod` (which pushes two entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CallKind {
    Function,
    Method,
}

/// The containers of displays and comprehensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seq {
    List,
    Set,
    Tuple,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comp {
    List,
    Set,
    Dict,
    Generator,
}

impl<'a> Compiler<'a, '_> {
    /// As in MicroPython, every compound expression sets the line of the ops that follow and
    /// nothing restores it (names and constants carry no line there): an op gets the line of
    /// the latest sub-expression started before it, and tracebacks match MicroPython's.
    pub(super) fn expr(&mut self, e: &'a Expr) {
        if !self.enter() {
            return;
        }
        if !matches!(e.kind, ExprKind::Name(_) | ExprKind::Const(_)) {
            self.set_line(e.line);
        }
        self.expr_kind(e);
        self.leave();
    }

    /// Each of `es`, in order: one loop for the displays, calls and swaps that push items.
    #[inline(never)]
    pub(super) fn exprs(&mut self, es: &'a [Expr]) {
        for e in es {
            self.expr(e);
        }
    }

    fn expr_kind(&mut self, e: &'a Expr) {
        match &e.kind {
            ExprKind::Name(n) if n == "__debug__" => {
                self.load_const(Const::Bool(true));
            }
            ExprKind::Name(n) => self.name_op(n, Ctx::Load),
            ExprKind::Const(c) => {
                self.load_const(fold::constant(c));
            }
            ExprKind::UnaryOp { op, operand } => match fold::fold(e) {
                Some(c) => {
                    self.load_const(c);
                }
                None => {
                    self.expr(operand);
                    self.emit(Op::Unary(*op));
                }
            },
            ExprKind::BinOp { left, op, right } => match fold::fold(e) {
                Some(c) => {
                    self.load_const(c);
                }
                None => {
                    self.expr(left);
                    self.expr(right);
                    self.emit(Op::Binary(*op));
                }
            },
            ExprKind::BoolOp { op, values } => self.bool_op(*op, values),
            ExprKind::Compare { left, ops, comparators } => self.compare(left, ops, comparators),
            ExprKind::JoinedStr(parts) => self.joined_str(parts),
            ExprKind::FormattedValue { value, conversion, format_spec } => {
                self.formatted_value(value, *conversion, format_spec.as_deref())
            }
            ExprKind::Tuple(elts) => self.tuple(elts),
            ExprKind::List(elts) => self.sequence(Seq::List, elts),
            ExprKind::Set(elts) => self.sequence(Seq::Set, elts),
            ExprKind::Dict { keys, values } => self.dict(keys, values),
            ExprKind::Starred(_) => self.fail(self.error("*x must be assignment target")),
            ExprKind::Call { func, args, keywords } => self.call(func, args, keywords),
            ExprKind::Attribute { value, attr } => {
                self.expr(value);
                let i = self.name_index(attr);
                self.emit(Op::LoadAttr(i));
            }
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
                self.emit(Op::LoadSubscr);
            }
            ExprKind::Slice { lower, upper, step } => {
                self.expr_or_none(lower.as_deref());
                self.expr_or_none(upper.as_deref());
                match step {
                    Some(step) => {
                        self.expr(step);
                        self.emit(Op::BuildSlice(3));
                    }
                    None => self.emit(Op::BuildSlice(2)),
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                let (otherwise, end) = (self.label(), self.label());
                self.jump_if(test, false, otherwise);
                self.expr(body);
                self.jump(Op::Jump, end);
                self.bind(otherwise);
                self.expr(orelse);
                self.bind(end);
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body),
            ExprKind::ListComp { elt, generators } => self.comprehension(e, Comp::List, generators, elt, None),
            ExprKind::SetComp { elt, generators } => self.comprehension(e, Comp::Set, generators, elt, None),
            ExprKind::DictComp { key, value, generators } => {
                self.comprehension(e, Comp::Dict, generators, key, Some(value))
            }
            ExprKind::GeneratorExp { elt, generators } => self.comprehension(e, Comp::Generator, generators, elt, None),
            ExprKind::Yield(value) => {
                self.expr_or_none(value.as_deref());
                self.emit(Op::YieldValue);
            }
            ExprKind::YieldFrom(value) => {
                self.expr(value);
                self.emit(Op::GetYieldFromIter);
                self.load_const(Const::None);
                self.emit(Op::YieldFrom);
            }
            ExprKind::Await(value) => {
                self.expr(value);
                self.await_top();
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value);
                self.emit(Op::Dup);
                self.name_op(target, Ctx::Store)
            }
        }
    }

    fn expr_or_none(&mut self, e: Option<&'a Expr>) {
        match e {
            Some(e) => self.expr(e),
            None => {
                self.load_const(Const::None);
            }
        }
    }

    /// `a and b`: each operand but the last either decides the result (left on the stack) or
    /// is dropped.
    #[inline(never)]
    fn bool_op(&mut self, op: BoolOp, values: &'a [Expr]) {
        let Some((last, rest)) = values.split_last() else {
            return self.fail(self.error("invalid syntax"));
        };
        let end = self.label();
        for v in rest {
            self.expr(v);
            self.jump(if op == BoolOp::And { Op::JumpIfFalseOrPop } else { Op::JumpIfTrueOrPop }, end);
        }
        self.expr(last);
        self.bind(end);
    }

    /// `a < b < c` evaluates `b` once: it is kept under each intermediate result (CPython 3.8).
    #[inline(never)]
    fn compare(&mut self, left: &'a Expr, ops: &[CmpOp], comparators: &'a [Expr]) {
        let (Some((last_op, rest_ops)), Some((last, rest))) = (ops.split_last(), comparators.split_last()) else {
            return self.fail(self.error("invalid syntax"));
        };
        if rest_ops.len() != rest.len() {
            return self.fail(self.error("invalid syntax"));
        }
        self.expr(left);
        if rest.is_empty() {
            self.expr(last);
            self.emit(Op::Compare(cmp(*last_op)));
            return;
        }
        let (cleanup, end) = (self.label(), self.label());
        for (op, operand) in rest_ops.iter().zip(rest) {
            self.expr(operand);
            self.emit(Op::Dup);
            self.emit(Op::Rot3);
            self.emit(Op::Compare(cmp(*op)));
            self.jump(Op::JumpIfFalseOrPop, cleanup);
        }
        self.expr(last);
        self.emit(Op::Compare(cmp(*last_op)));
        self.jump(Op::Jump, end);
        // [b result]
        self.bind(cleanup);
        self.emit(Op::Rot2);
        self.emit(Op::Pop);
        self.bind(end);
    }

    #[inline(never)]
    fn joined_str(&mut self, parts: &'a [Expr]) {
        match parts {
            [] => self.load_const(Const::Str(alloc::string::String::new())),
            [only] if is_str_part(only) => self.expr(only),
            _ => {
                self.exprs(parts);
                self.emit(Op::BuildString(parts.len() as u32));
            }
        }
    }

    #[inline(never)]
    fn formatted_value(&mut self, value: &'a Expr, conversion: Option<char>, spec: Option<&'a Expr>) {
        self.expr(value);
        let mut flags = match conversion {
            None => 0,
            Some('s') => format_flags::CONV_STR,
            Some('r') => format_flags::CONV_REPR,
            Some('a') => format_flags::CONV_ASCII,
            Some(_) => return self.fail(self.error("invalid syntax")),
        };
        if let Some(spec) = spec {
            self.expr(spec);
            flags |= format_flags::HAS_SPEC;
        }
        self.emit(Op::FormatValue(flags));
    }

    // ------------------------------------------------------------ displays

    /// A tuple display: one constant when every item is constant.
    #[inline(never)]
    pub(super) fn tuple(&mut self, elts: &'a [Expr]) {
        match fold::fold_all(elts) {
            Some(items) => {
                self.load_const(Const::Tuple(items));
            }
            None => self.sequence(Seq::Tuple, elts),
        }
    }

    #[inline(never)]
    fn sequence(&mut self, seq: Seq, elts: &'a [Expr]) {
        let starred = has_star(elts);
        if !starred && elts.len() <= CHUNK {
            // A set is built from its items at once, as MicroPython's `BUILD_SET n` (sized for
            // them, so its order is MicroPython's).
            if seq == Seq::List && elts.len() >= 3 {
                if let Some(items) = fold::fold_all(elts) {
                    // A fresh list filled from one constant tuple.
                    self.emit(Op::BuildList(0));
                    self.load_const(Const::Tuple(items));
                    self.emit(Op::ListExtend(1));
                    return;
                }
            }
            self.exprs(elts);
            let n = elts.len() as u32;
            self.emit(match seq {
                Seq::List => Op::BuildList(n),
                Seq::Set => Op::BuildSet(crate::bytecode::sized(n as usize, 0)),
                Seq::Tuple => Op::BuildTuple(n),
            });
            return;
        }
        // Tuples are built as a list and converted.
        let is_set = seq == Seq::Set;
        let prefix = unstarred(&elts[..elts.len().min(CHUNK)]);
        self.exprs(&elts[..prefix]);
        // A long literal's table is sized for all its items (MicroPython has no `*` here).
        let len = if starred { 0 } else { elts.len() };
        self.emit(if is_set { Op::BuildSet(crate::bytecode::sized(prefix, len)) } else { Op::BuildList(prefix as u32) });
        self.extend_with(is_set, &elts[prefix..]);
        if seq == Seq::Tuple {
            self.emit(Op::ListToTuple);
        }
    }

    /// [container] -> [container] with `items` (possibly starred) added.
    fn extend_with(&mut self, is_set: bool, items: &'a [Expr]) {
        for e in items {
            match &e.kind {
                ExprKind::Starred(inner) => {
                    self.expr(inner);
                    self.emit(if is_set { Op::SetUpdate(1) } else { Op::ListExtend(1) });
                }
                _ => {
                    self.expr(e);
                    self.emit(if is_set { Op::SetAdd(1) } else { Op::ListAppend(1) });
                }
            }
        }
    }

    #[inline(never)]
    fn dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) {
        if keys.len() != values.len() {
            return self.fail(self.error("invalid syntax"));
        }
        let prefix = keys.iter().take(CHUNK).take_while(|k| k.is_some()).count();
        for (key, value) in keys[..prefix].iter().zip(values) {
            if let Some(key) = key {
                self.dict_entry(key, value);
            }
        }
        let len = if keys.iter().all(Option::is_some) { keys.len() } else { 0 };
        self.emit(Op::BuildMap(crate::bytecode::sized(prefix, len)));
        for (key, value) in keys[prefix..].iter().zip(&values[prefix..]) {
            match key {
                Some(key) => {
                    self.dict_entry(key, value);
                    self.emit(Op::MapAdd(1));
                }
                None => {
                    self.expr(value);
                    self.emit(Op::DictUpdate(1));
                }
            }
        }
    }

    /// [] -> [key value]. MicroPython evaluates the value before the key (CPython 3.4's order),
    /// which shows when both have side effects; a constant key is simply loaded first.
    fn dict_entry(&mut self, key: &'a Expr, value: &'a Expr) {
        // The `key: value` pair has the key's line (a node of its own in MicroPython).
        self.set_line(key.line);
        if matches!(key.kind, ExprKind::Const(_)) {
            self.expr(key);
            return self.expr(value);
        }
        self.expr(value);
        self.expr(key);
        self.emit(Op::Rot2);
    }

    // ------------------------------------------------------------ calls

    #[inline(never)]
    fn call(&mut self, func: &'a Expr, args: &'a [Expr], keywords: &'a [Keyword]) {
        if args.is_empty() && keywords.is_empty() && self.zero_arg_super(func) {
            return;
        }
        if !needs_call_ex(args, keywords) {
            if let ExprKind::Attribute { value, attr } = &func.kind {
                self.set_line(func.line);
                self.expr(value);
                let i = self.name_index(attr);
                self.emit(Op::LoadMethod(i));
                return self.call_tail(CallKind::Method, 0, args, keywords);
            }
        }
        self.expr(func);
        self.call_tail(CallKind::Function, 0, args, keywords)
    }

    /// Push the arguments and call. `extra` positional arguments are already on the stack above
    /// the callable (the body function and name of a class statement).
    pub(super) fn call_tail(
        &mut self,
        kind: CallKind,
        extra: u32,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) {
        if needs_call_ex(args, keywords) {
            if has_star(args.get(STAR_ARG_POSITIONS..).unwrap_or(&[])) {
                return self.fail(self.error("too many args"));
            }
            let prefix = unstarred(&args[..args.len().min(CHUNK)]);
            self.exprs(&args[..prefix]);
            self.emit(Op::BuildList(extra + prefix as u32));
            self.extend_with(false, &args[prefix..]);
            self.emit(Op::ListToTuple);
            if keywords.is_empty() {
                self.emit(Op::CallFunctionEx(0));
            } else {
                self.kwargs_dict(keywords);
                self.emit(Op::CallFunctionEx(1));
            }
            return;
        }
        self.exprs(args);
        for k in keywords {
            self.expr(&k.value);
        }
        let argc = extra + (args.len() + keywords.len()) as u32;
        if keywords.is_empty() {
            self.emit(if kind == CallKind::Method { Op::CallMethod(argc) } else { Op::CallFunction(argc) });
        } else {
            let mut names = Vec::new();
            for k in keywords {
                names.push(Const::Str(k.arg.as_deref().unwrap_or("").into()));
            }
            self.load_const(Const::Tuple(names));
            self.emit(if kind == CallKind::Method { Op::CallMethodKw(argc) } else { Op::CallFunctionKw(argc) });
        }
    }

    /// The keyword arguments of a `CallFunctionEx` as one dict.
    fn kwargs_dict(&mut self, keywords: &'a [Keyword]) {
        let prefix = named(&keywords[..keywords.len().min(CHUNK)]);
        for k in &keywords[..prefix] {
            self.load_const(Const::Str(k.arg.as_deref().unwrap_or("").into()));
            self.expr(&k.value);
        }
        self.emit(Op::BuildMap(prefix as u32));
        // After the first `**`, each keyword is merged so a name given twice is an error.
        for k in &keywords[prefix..] {
            match &k.arg {
                Some(name) => {
                    self.load_const(Const::Str(name.to_string()));
                    self.expr(&k.value);
                    self.emit(Op::BuildMap(1));
                }
                None => self.expr(&k.value),
            }
            self.emit(Op::DictMerge(1));
        }
    }

    /// `super()` in a `def` becomes `super(__class__, <first argument>)`, as in MicroPython:
    /// outside a class `__class__` is then an undefined global, and a `def` without positional
    /// parameters is a SyntaxError. Returns false when `func` is not that.
    fn zero_arg_super(&mut self, func: &'a Expr) -> bool {
        let scope = self.scope();
        let is_def = scope.kind == ScopeKind::Function && !scope.is_lambda;
        if !is_def || !matches!(&func.kind, ExprKind::Name(n) if n == "super") {
            return false;
        }
        let first_positional = scope.varnames.first().copied().filter(|_| scope.argcount > 0);
        let varargs =
            scope.varnames.get((scope.argcount + scope.kwonlyargcount) as usize).copied().filter(|_| scope.has_varargs);
        if first_positional.is_none() && varargs.is_none() {
            return self.fail(self.error("super() can't find self"));
        }
        self.expr(func);
        self.sym_op(sym::__CLASS__, Ctx::Load);
        match (first_positional, varargs) {
            (Some(first), _) => self.sym_op(first, Ctx::Load),
            (None, Some(args)) => {
                self.sym_op(args, Ctx::Load);
                self.load_const(Const::Int(0));
                self.emit(Op::LoadSubscr);
            }
            (None, None) => return self.fail(self.internal("super() without self")),
        }
        self.emit(Op::CallFunction(2));
        true
    }

    // ------------------------------------------------------------ comprehensions

    /// A comprehension is a function called at once with the iterator of its outermost
    /// iterable, which is evaluated here, in the enclosing scope.
    #[inline(never)]
    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: Comp,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) {
        let Some(first) = generators.first() else {
            return self.fail(self.error("invalid syntax"));
        };
        let name = match kind {
            Comp::List => "<listcomp>",
            Comp::Set => "<setcomp>",
            Comp::Dict => "<dictcomp>",
            Comp::Generator => "<genexpr>",
        };
        let code = self.comprehension_code(e, name, &mut |c| {
            match kind {
                Comp::List => c.emit(Op::BuildList(0)),
                Comp::Set => c.emit(Op::BuildSet(0)),
                Comp::Dict => c.emit(Op::BuildMap(0)),
                Comp::Generator => {}
            }
            c.comprehension_loop(kind, generators, 0, elt, value);
            if kind == Comp::Generator {
                c.load_const(Const::None);
            }
            c.emit(Op::ReturnValue);
        });
        // Called at once with no function object: the outermost iterable, the closure's
        // cells and the code go straight to `CallComprehension`. Making the function first, as
        // Python's order has it, could not be observed: it runs no code and cannot fail.
        self.expr(&first.iter);
        self.emit(Op::GetIter);
        self.load_closure(&code);
        let ncells = code.freevars.len() as u32;
        self.load_const(Const::Code(Rc::new(code)));
        self.emit(Op::CallComprehension(ncells));
    }

    /// The loop of generator `i` and, inside it, those after it; the innermost adds the element.
    fn comprehension_loop(
        &mut self,
        kind: Comp,
        generators: &'a [Comprehension],
        i: usize,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) {
        let Some(g) = generators.get(i) else {
            return self.comprehension_element(kind, generators.len(), elt, value);
        };
        self.nested(|c| {
            if i == 0 {
                // The `.0` argument: already an iterator.
                c.emit(Op::LoadFast(0));
            } else {
                c.expr(&g.iter);
                c.emit(Op::GetIter);
            }
            c.iterate(|c, next| {
                c.assign(&g.target);
                for cond in &g.ifs {
                    c.jump_if(cond, false, next);
                }
                c.comprehension_loop(kind, generators, i + 1, elt, value)
            })
        })
    }

    /// The container sits below one iterator per generator.
    fn comprehension_element(&mut self, kind: Comp, loops: usize, elt: &'a Expr, value: Option<&'a Expr>) {
        let depth = loops as u32 + 1;
        if kind != Comp::Dict {
            self.expr(elt);
        }
        match (kind, value) {
            (Comp::List, _) => self.emit(Op::ListAppend(depth)),
            (Comp::Set, _) => self.emit(Op::SetAdd(depth)),
            (Comp::Dict, Some(value)) => {
                self.dict_entry(elt, value);
                self.emit(Op::MapAdd(depth));
            }
            (Comp::Dict, None) => return self.fail(self.internal("dict comprehension without a value")),
            (Comp::Generator, _) => {
                self.emit(Op::YieldValue);
                self.emit(Op::Pop);
            }
        }
    }
}

/// `*args` or `**kwargs` in a call need `CallFunctionEx`.
fn needs_call_ex(args: &[Expr], keywords: &[Keyword]) -> bool {
    has_star(args) || named(keywords) != keywords.len()
}

/// How many of `keywords`, from the first, are named (not `**x`).
fn named(keywords: &[Keyword]) -> usize {
    keywords.iter().position(|k| k.arg.is_none()).unwrap_or(keywords.len())
}

/// How many of `es`, from the first, are not starred: all of them when none is. One loop for
/// every "is there a `*x`" and "the items before it" of displays, calls and unpacking.
#[inline(never)]
pub(super) fn unstarred(es: &[Expr]) -> usize {
    es.iter().position(|e| matches!(e.kind, ExprKind::Starred(_))).unwrap_or(es.len())
}

pub(super) fn has_star(es: &[Expr]) -> bool {
    unstarred(es) != es.len()
}

/// A part of an f-string that is a str by itself (no `BuildString` needed when alone).
fn is_str_part(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::FormattedValue { .. } | ExprKind::Const(crate::ast::Constant::Str(_)))
}

fn cmp(op: CmpOp) -> Cmp {
    match op {
        CmpOp::Eq => Cmp::Eq,
        CmpOp::NotEq => Cmp::Ne,
        CmpOp::Lt => Cmp::Lt,
        CmpOp::LtE => Cmp::Le,
        CmpOp::Gt => Cmp::Gt,
        CmpOp::GtE => Cmp::Ge,
        CmpOp::Is => Cmp::Is,
        CmpOp::IsNot => Cmp::IsNot,
        CmpOp::In => Cmp::In,
        CmpOp::NotIn => Cmp::NotIn,
    }
}
