//! Terse constructors for syntax trees, so tests read close to the Python they stand for.
//! Statements are on line 1 and expressions on line 0 ("same as the statement") unless moved
//! with `.at(line)`.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ast::*;

pub trait At {
    fn at(self, line: u32) -> Self;
}

impl At for Expr {
    fn at(mut self, line: u32) -> Self {
        self.line = line;
        self
    }
}

impl At for Stmt {
    fn at(mut self, line: u32) -> Self {
        self.line = line;
        self
    }
}

pub fn e(kind: ExprKind) -> Expr {
    Expr { line: 0, scope: Default::default(), kind }
}

pub fn s(kind: StmtKind) -> Stmt {
    Stmt { line: 1, scope: Default::default(), kind }
}

fn b(x: Expr) -> Box<Expr> {
    Box::new(x)
}

// ---------------------------------------------------------------- expressions

pub fn name(n: &str) -> Expr {
    e(ExprKind::Name(n.to_string()))
}

pub fn int(i: i64) -> Expr {
    e(ExprKind::Const(Constant::Int(i)))
}

pub fn bigint(digits: &str) -> Expr {
    e(ExprKind::Const(Constant::BigInt(digits.to_string())))
}

pub fn float(f: f64) -> Expr {
    e(ExprKind::Const(Constant::Float(f)))
}

pub fn string(v: &str) -> Expr {
    e(ExprKind::Const(Constant::Str(v.to_string())))
}

pub fn tru() -> Expr {
    e(ExprKind::Const(Constant::True))
}

pub fn bin(left: Expr, op: BinOp, right: Expr) -> Expr {
    e(ExprKind::BinOp { left: b(left), op, right: b(right) })
}

pub fn unary(op: UnaryOp, operand: Expr) -> Expr {
    e(ExprKind::UnaryOp { op, operand: b(operand) })
}

pub fn boolop(op: BoolOp, values: Vec<Expr>) -> Expr {
    e(ExprKind::BoolOp { op, values })
}

pub fn compare(left: Expr, rest: Vec<(CmpOp, Expr)>) -> Expr {
    let (ops, comparators) = rest.into_iter().unzip();
    e(ExprKind::Compare { left: b(left), ops, comparators })
}

pub fn call(func: Expr, args: Vec<Expr>) -> Expr {
    call_kw(func, args, Vec::new())
}

/// Keywords: `(Some("k"), v)` is `k=v`, `(None, m)` is `**m`.
pub fn call_kw(func: Expr, args: Vec<Expr>, keywords: Vec<(Option<&str>, Expr)>) -> Expr {
    e(ExprKind::Call { func: b(func), args, keywords: keywords_of(keywords) })
}

fn keywords_of(keywords: Vec<(Option<&str>, Expr)>) -> Vec<Keyword> {
    keywords.into_iter().map(|(arg, value)| Keyword { arg: arg.map(String::from), value }).collect()
}

pub fn attr(value: Expr, name: &str) -> Expr {
    e(ExprKind::Attribute { value: b(value), attr: name.to_string() })
}

pub fn sub(value: Expr, index: Expr) -> Expr {
    e(ExprKind::Subscript { value: b(value), index: b(index) })
}

pub fn slice(lower: Option<Expr>, upper: Option<Expr>, step: Option<Expr>) -> Expr {
    e(ExprKind::Slice { lower: lower.map(b), upper: upper.map(b), step: step.map(b) })
}

pub fn tuple(items: Vec<Expr>) -> Expr {
    e(ExprKind::Tuple(items))
}

pub fn list(items: Vec<Expr>) -> Expr {
    e(ExprKind::List(items))
}

pub fn set(items: Vec<Expr>) -> Expr {
    e(ExprKind::Set(items))
}

pub fn dict(items: Vec<(Option<Expr>, Expr)>) -> Expr {
    let (keys, values) = items.into_iter().unzip();
    e(ExprKind::Dict { keys, values })
}

pub fn starred(x: Expr) -> Expr {
    e(ExprKind::Starred(b(x)))
}

pub fn ifexp(test: Expr, body: Expr, orelse: Expr) -> Expr {
    e(ExprKind::IfExp { test: b(test), body: b(body), orelse: b(orelse) })
}

pub fn lambda(args: Arguments, body: Expr) -> Expr {
    e(ExprKind::Lambda { args: Box::new(args), body: b(body) })
}

pub fn gen(target: Expr, iter: Expr, ifs: Vec<Expr>) -> Comprehension {
    Comprehension { target, iter, ifs, is_async: false }
}

pub fn listcomp(elt: Expr, generators: Vec<Comprehension>) -> Expr {
    e(ExprKind::ListComp { elt: b(elt), generators })
}

pub fn genexp(elt: Expr, generators: Vec<Comprehension>) -> Expr {
    e(ExprKind::GeneratorExp { elt: b(elt), generators })
}

pub fn dictcomp(key: Expr, value: Expr, generators: Vec<Comprehension>) -> Expr {
    e(ExprKind::DictComp { key: b(key), value: b(value), generators })
}

pub fn yield_(value: Option<Expr>) -> Expr {
    e(ExprKind::Yield(value.map(b)))
}

pub fn yield_from(value: Expr) -> Expr {
    e(ExprKind::YieldFrom(b(value)))
}

pub fn await_(value: Expr) -> Expr {
    e(ExprKind::Await(b(value)))
}

pub fn walrus(target: &str, value: Expr) -> Expr {
    e(ExprKind::NamedExpr { target: target.to_string(), value: b(value) })
}

pub fn fstring(parts: Vec<Expr>) -> Expr {
    e(ExprKind::JoinedStr(parts))
}

pub fn formatted(value: Expr, conversion: Option<char>, spec: Option<Expr>) -> Expr {
    e(ExprKind::FormattedValue { value: b(value), conversion, format_spec: spec.map(b) })
}

// ---------------------------------------------------------------- statements

pub fn expr(x: Expr) -> Stmt {
    s(StmtKind::Expr(x))
}

pub fn assign(target: Expr, value: Expr) -> Stmt {
    s(StmtKind::Assign { targets: alloc::vec![target], value })
}

pub fn assign_many(targets: Vec<Expr>, value: Expr) -> Stmt {
    s(StmtKind::Assign { targets, value })
}

pub fn aug(target: Expr, op: BinOp, value: Expr) -> Stmt {
    s(StmtKind::AugAssign { target, op, value })
}

pub fn ret(value: Option<Expr>) -> Stmt {
    s(StmtKind::Return(value))
}

pub fn pass() -> Stmt {
    s(StmtKind::Pass)
}

pub fn brk() -> Stmt {
    s(StmtKind::Break)
}

pub fn cont() -> Stmt {
    s(StmtKind::Continue)
}

pub fn del(targets: Vec<Expr>) -> Stmt {
    s(StmtKind::Delete(targets))
}

pub fn if_(test: Expr, body: Vec<Stmt>, orelse: Vec<Stmt>) -> Stmt {
    s(StmtKind::If { test, body, orelse })
}

pub fn while_(test: Expr, body: Vec<Stmt>, orelse: Vec<Stmt>) -> Stmt {
    s(StmtKind::While { test, body, orelse })
}

pub fn for_(target: Expr, iter: Expr, body: Vec<Stmt>, orelse: Vec<Stmt>) -> Stmt {
    s(StmtKind::For { target, iter, body, orelse, is_async: false })
}

pub fn async_for(target: Expr, iter: Expr, body: Vec<Stmt>) -> Stmt {
    s(StmtKind::For { target, iter, body, orelse: Vec::new(), is_async: true })
}

pub fn handler(typ: Option<Expr>, name: Option<&str>, body: Vec<Stmt>) -> ExceptHandler {
    ExceptHandler { line: 1, typ, name: name.map(String::from), body }
}

pub fn try_(body: Vec<Stmt>, handlers: Vec<ExceptHandler>, orelse: Vec<Stmt>, finalbody: Vec<Stmt>) -> Stmt {
    s(StmtKind::Try { body, handlers, orelse, finalbody })
}

pub fn raise(exc: Option<Expr>, cause: Option<Expr>) -> Stmt {
    s(StmtKind::Raise { exc, cause })
}

pub fn with(items: Vec<(Expr, Option<Expr>)>, body: Vec<Stmt>, is_async: bool) -> Stmt {
    let items = items.into_iter().map(|(context, target)| WithItem { context, target }).collect();
    s(StmtKind::With { items, body, is_async })
}

/// Positional parameters only.
pub fn params(names: &[&str]) -> Arguments {
    Arguments { args: names.iter().map(|n| arg(n)).collect(), ..Default::default() }
}

pub fn arg(n: &str) -> Arg {
    Arg { name: n.to_string(), annotation: None }
}

pub fn def(name: &str, args: Arguments, body: Vec<Stmt>) -> Stmt {
    def_full(name, args, body, Vec::new(), false)
}

pub fn async_def(name: &str, args: Arguments, body: Vec<Stmt>) -> Stmt {
    def_full(name, args, body, Vec::new(), true)
}

pub fn def_full(name: &str, args: Arguments, body: Vec<Stmt>, decorators: Vec<Expr>, is_async: bool) -> Stmt {
    let f = FunctionDef { name: name.to_string(), args, body, decorators, returns: None, is_async };
    s(StmtKind::FunctionDef(Box::new(f)))
}

pub fn class(name: &str, bases: Vec<Expr>, keywords: Vec<(Option<&str>, Expr)>, body: Vec<Stmt>) -> Stmt {
    let c = ClassDef { name: name.to_string(), bases, keywords: keywords_of(keywords), body, decorators: Vec::new() };
    s(StmtKind::ClassDef(Box::new(c)))
}

pub fn import(name: &str, asname: Option<&str>) -> Stmt {
    s(StmtKind::Import(alloc::vec![alias(name, asname)]))
}

pub fn alias(name: &str, asname: Option<&str>) -> Alias {
    Alias { name: name.to_string(), asname: asname.map(String::from) }
}

pub fn import_from(module: Option<&str>, names: Vec<Alias>, level: u32) -> Stmt {
    s(StmtKind::ImportFrom { module: module.map(String::from), names, level })
}

pub fn global(names: &[&str]) -> Stmt {
    s(StmtKind::Global(names.iter().map(|n| n.to_string()).collect()))
}

pub fn nonlocal(names: &[&str]) -> Stmt {
    s(StmtKind::Nonlocal(names.iter().map(|n| n.to_string()).collect()))
}

pub fn assert(test: Expr, msg: Option<Expr>) -> Stmt {
    s(StmtKind::Assert { test, msg })
}
