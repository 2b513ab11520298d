//! Robustness: random syntax trees never make the compiler panic, every code object it produces
//! passes the stack-depth check, and deep nesting is refused instead of overflowing the stack.

extern crate std;

use alloc::boxed::Box;
use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

use super::build::*;
use crate::ast::*;
use crate::compile::compile;
use crate::error::Mode;
use crate::intern::Interner;
use crate::testing::Rng;

impl Rng {
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const NAMES: &[&str] = &["a", "b", "x", "y", "self", "super", "__class__", "e"];

struct Gen(Rng);

impl Gen {
    fn name(&mut self) -> &'static str {
        NAMES[self.0.below(NAMES.len())]
    }

    fn line(&mut self) -> u32 {
        self.0.below(40) as u32
    }

    fn exprs(&mut self, depth: u32, max: usize) -> Vec<Expr> {
        let n = self.0.below(max + 1);
        (0..n).map(|_| self.expr(depth)).collect()
    }

    fn boxed(&mut self, depth: u32) -> Box<Expr> {
        Box::new(self.expr(depth))
    }

    fn expr(&mut self, depth: u32) -> Expr {
        let line = self.line();
        if depth == 0 {
            return match self.0.below(3) {
                0 => name(self.name()),
                1 => int(self.0.below(5) as i64 - 2),
                _ => string("s"),
            }
            .at(line);
        }
        let d = depth - 1;
        let kind = match self.0.below(30) {
            0 => ExprKind::Name(self.name().to_string()),
            1 => ExprKind::Const(Constant::Int(self.0.next() as i64 >> self.0.below(64))),
            2 => ExprKind::Const(Constant::Float(0.5)),
            3 => ExprKind::JoinedStr(vec![string("a"), formatted(self.expr(d), Some('r'), Some(string(">3")))]),
            4 => ExprKind::Tuple(self.exprs(d, 3)),
            5 => ExprKind::List(self.exprs(d, 3)),
            6 => ExprKind::Set(self.exprs(d, 2)),
            7 => {
                let values = self.exprs(d, 3);
                let keys = values.iter().map(|_| if self.0.chance(70) { Some(self.expr(d)) } else { None }).collect();
                ExprKind::Dict { keys, values }
            }
            8 if self.0.chance(20) => ExprKind::Starred(self.boxed(d)),
            9 => {
                let ops = [BinOp::Add, BinOp::Pow, BinOp::LShift, BinOp::FloorDiv, BinOp::Div, BinOp::BitAnd];
                ExprKind::BinOp { left: self.boxed(d), op: ops[self.0.below(ops.len())], right: self.boxed(d) }
            }
            10 => {
                let ops = [UnaryOp::Not, UnaryOp::USub, UnaryOp::Invert, UnaryOp::UAdd];
                ExprKind::UnaryOp { op: ops[self.0.below(4)], operand: self.boxed(d) }
            }
            11 => ExprKind::BoolOp {
                op: if self.0.chance(50) { BoolOp::And } else { BoolOp::Or },
                values: self.exprs(d, 3),
            },
            12 => {
                let comparators = self.exprs(d, 3);
                let ops = comparators.iter().map(|_| CmpOp::Lt).collect();
                ExprKind::Compare { left: self.boxed(d), ops, comparators }
            }
            13 | 14 => {
                let keywords = (0..self.0.below(3))
                    .map(|_| Keyword { arg: self.0.chance(70).then(|| "k".to_string()), value: self.expr(d) })
                    .collect();
                let func = if self.0.chance(40) { attr(self.expr(d), "m") } else { self.expr(d) };
                ExprKind::Call { func: Box::new(func), args: self.exprs(d, 3), keywords }
            }
            15 => ExprKind::Attribute { value: self.boxed(d), attr: "attr".to_string() },
            16 => ExprKind::Subscript { value: self.boxed(d), index: self.boxed(d) },
            17 => ExprKind::Slice { lower: Some(self.boxed(d)), upper: None, step: Some(self.boxed(d)) },
            18 => ExprKind::IfExp { test: self.boxed(d), body: self.boxed(d), orelse: self.boxed(d) },
            19 => ExprKind::Lambda { args: Box::new(self.arguments(d)), body: self.boxed(d) },
            20 => ExprKind::ListComp { elt: self.boxed(d), generators: self.generators(d) },
            21 => ExprKind::SetComp { elt: self.boxed(d), generators: self.generators(d) },
            22 => ExprKind::DictComp { key: self.boxed(d), value: self.boxed(d), generators: self.generators(d) },
            23 => ExprKind::GeneratorExp { elt: self.boxed(d), generators: self.generators(d) },
            // Rare: they are errors outside functions.
            24 if self.0.chance(15) => ExprKind::Yield(self.0.chance(50).then(|| self.boxed(d))),
            25 if self.0.chance(10) => ExprKind::YieldFrom(self.boxed(d)),
            26 if self.0.chance(10) => ExprKind::Await(self.boxed(d)),
            27 => ExprKind::NamedExpr { target: self.name().to_string(), value: self.boxed(d) },
            28 => ExprKind::Const(Constant::BigInt("99999999999999999999".into())),
            29 => ExprKind::FormattedValue { value: self.boxed(d), conversion: None, format_spec: None },
            _ => ExprKind::Name(self.name().to_string()),
        };
        Expr { line, scope: Default::default(), kind }
    }

    fn generators(&mut self, depth: u32) -> Vec<Comprehension> {
        (0..self.0.below(3) + usize::from(self.0.chance(95)))
            .map(|_| gen(self.target(depth), self.expr(depth), self.exprs(depth, 1)))
            .collect()
    }

    /// Mostly valid assignment targets, sometimes not.
    fn target(&mut self, depth: u32) -> Expr {
        match self.0.below(8) {
            0 if depth > 0 => tuple(vec![name(self.name()), starred(name(self.name()))]),
            1 if depth > 0 => attr(self.expr(depth - 1), "t"),
            2 if depth > 0 => sub(self.expr(depth - 1), int(0)),
            3 if depth > 0 => list(vec![self.target(depth - 1), self.target(depth - 1)]),
            4 => self.expr(depth),
            _ => name(self.name()),
        }
    }

    fn arguments(&mut self, depth: u32) -> Arguments {
        let mut a = Arguments::default();
        for _ in 0..self.0.below(3) {
            a.args.push(arg(self.name()));
        }
        if self.0.chance(30) {
            a.vararg = Some(arg("va"));
        }
        if self.0.chance(30) {
            a.kwonlyargs.push(arg("ko"));
            a.kw_defaults.push(self.0.chance(50).then(|| self.expr(depth)));
        }
        if self.0.chance(20) {
            a.kwarg = Some(arg("kw"));
        }
        if !a.args.is_empty() && self.0.chance(40) {
            a.defaults.push(self.expr(depth));
        }
        a
    }

    fn body(&mut self, depth: u32) -> Vec<Stmt> {
        (0..self.0.below(3) + 1).map(|_| self.stmt(depth)).collect()
    }

    fn stmt(&mut self, depth: u32) -> Stmt {
        let line = self.line();
        let d = depth.saturating_sub(1);
        let kind = match self.0.below(if depth == 0 { 10 } else { 27 }) {
            0 | 1 => StmtKind::Expr(self.expr(d)),
            2 => StmtKind::Assign { targets: vec![self.target(d)], value: self.expr(d) },
            3 => StmtKind::AugAssign { target: self.target(d), op: BinOp::Add, value: self.expr(d) },
            4 => StmtKind::Break,
            5 => StmtKind::Continue,
            6 => StmtKind::Return(self.0.chance(60).then(|| self.expr(d))),
            7 => StmtKind::Global(vec![self.name().to_string()]),
            8 if self.0.chance(20) => StmtKind::Nonlocal(vec![self.name().to_string()]),
            9 => StmtKind::Delete(vec![self.target(d)]),
            10 => StmtKind::If { test: self.expr(d), body: self.body(d), orelse: self.body(d) },
            11 => StmtKind::While { test: self.expr(d), body: self.body(d), orelse: self.body(d) },
            12 | 13 => StmtKind::For {
                target: self.target(d),
                iter: self.expr(d),
                body: self.body(d),
                orelse: if self.0.chance(30) { self.body(d) } else { vec![] },
                is_async: self.0.chance(15),
            },
            14 | 15 => {
                let handlers = (0..self.0.below(3))
                    .map(|_| ExceptHandler {
                        line: self.line(),
                        typ: self.0.chance(80).then(|| name("E")),
                        name: self.0.chance(50).then(|| self.name().to_string()),
                        body: self.body(d),
                    })
                    .collect();
                StmtKind::Try {
                    body: self.body(d),
                    handlers,
                    orelse: if self.0.chance(30) { self.body(d) } else { vec![] },
                    finalbody: if self.0.chance(50) { self.body(d) } else { vec![] },
                }
            }
            16 => StmtKind::Raise {
                exc: self.0.chance(70).then(|| self.expr(d)),
                cause: self.0.chance(20).then(|| self.expr(d)),
            },
            17 | 18 => {
                let items = (0..self.0.below(3))
                    .map(|_| WithItem { context: self.expr(d), target: self.0.chance(50).then(|| self.target(d)) })
                    .collect();
                StmtKind::With { items, body: self.body(d), is_async: self.0.chance(20) }
            }
            19 | 20 | 25 => StmtKind::FunctionDef(Box::new(FunctionDef {
                name: self.name().to_string(),
                args: self.arguments(d),
                body: self.body(d),
                decorators: self.exprs(d, 1),
                returns: None,
                is_async: self.0.chance(30),
            })),
            21 => StmtKind::ClassDef(Box::new(ClassDef {
                name: self.name().to_string(),
                bases: self.exprs(d, 2),
                keywords: vec![],
                body: self.body(d),
                decorators: vec![],
            })),
            22 => StmtKind::Import(vec![alias("p.q", self.0.chance(50).then_some("r"))]),
            23 => StmtKind::ImportFrom {
                module: Some("m".into()),
                names: vec![alias(if self.0.chance(20) { "*" } else { "n" }, None)],
                level: 0,
            },
            24 => StmtKind::Assert { test: self.expr(d), msg: self.0.chance(50).then(|| self.expr(d)) },
            26 => StmtKind::AnnAssign {
                target: self.target(d),
                annotation: name("int"),
                value: self.0.chance(50).then(|| self.expr(d)),
            },
            _ => StmtKind::Pass,
        };
        Stmt { line, scope: Default::default(), kind }
    }
}

#[test]
fn random_trees_compile_or_fail_cleanly() {
    let mut ok = 0;
    let mut errors = std::collections::BTreeMap::new();
    for seed in 1..3000u64 {
        let mut g = Gen(Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1));
        let mode = [Mode::Exec, Mode::Single, Mode::Eval][(seed % 3) as usize];
        let body = if mode == Mode::Eval { vec![expr(g.expr(4))] } else { g.body(4) };
        let mut interner = Interner::new();
        match compile(&body, mode, "fuzz.py", 0, &mut interner, crate::stack::StackGuard::UNCHECKED) {
            Ok(_) => ok += 1,
            Err(e) => {
                assert!(!e.msg.starts_with("internal"), "seed {seed}: {}\n{body:#?}", e.msg);
                *errors.entry(e.msg.clone()).or_insert(0) += 1;
            }
        }
    }
    // The generator must exercise successful compilation too.
    assert!(ok > 800, "only {ok} programs compiled; errors: {errors:#?}");
}

/// `x = a + a + ... + a` with `n` operands: a left-nested tree `n` deep.
fn long_sum(n: usize) -> Vec<Stmt> {
    let mut e = name("a");
    for _ in 1..n {
        e = bin(e, BinOp::Add, name("a"));
    }
    vec![assign(name("x"), e)]
}

#[test]
fn deep_nesting_is_refused_without_overflowing() {
    let run = |body: Vec<Stmt>| {
        // A small stack, as a device might have: compiling must not overflow it.
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || {
                let mut interner = Interner::new();
                let result = compile(&body, Mode::Exec, "deep.py", 0, &mut interner, crate::stack::StackGuard::UNCHECKED).map(|_| ());
                // Dropping the tree recurses too; keep that out of the measurement's way.
                core::mem::forget(body);
                result
            })
            .unwrap()
            .join()
            .unwrap()
    };
    // The parser nests at most 200 levels; the compiler allows twice that.
    assert!(run(long_sum(390)).is_ok());
    let err = run(long_sum(5000)).unwrap_err();
    assert_eq!(err.msg, "maximum recursion depth exceeded");

    let mut stmt = pass();
    for _ in 0..2000 {
        stmt = if_(name("a"), vec![stmt], vec![]);
    }
    assert!(run(vec![stmt]).is_err());
}
