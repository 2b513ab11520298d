//! Expressions: folding, operators, calls, displays, f-strings.

use alloc::vec;
use alloc::vec::Vec;

use super::build::*;
use super::compile_ok;
use crate::ast::{BinOp, BoolOp, CmpOp, Expr, UnaryOp};
use crate::bytecode::Const;

/// The module ops for `x = <value>` minus the store and epilogue.
fn value_ops(value: Expr) -> Vec<alloc::string::String> {
    let c = compile_ok(vec![assign(name("x"), value)]);
    let mut ops = c.ops("<module>");
    ops.truncate(ops.len() - 3);
    ops
}

fn folded(value: Expr) -> Const {
    let c = compile_ok(vec![assign(name("x"), value)]);
    assert_eq!(c.code.ops.len(), 4, "not folded:\n{}", c.dis());
    c.code.consts[0].clone()
}

#[test]
fn integer_folding() {
    let neg = |x| unary(UnaryOp::USub, x);
    assert_eq!(folded(neg(bigint("9223372036854775808"))), Const::Int(i64::MIN));
    assert_eq!(folded(neg(neg(int(1)))), Const::Int(1));
    assert_eq!(folded(unary(UnaryOp::Invert, int(0))), Const::Int(-1));
    assert_eq!(folded(bin(int(2), BinOp::Pow, int(70))), Const::BigInt("1180591620717411303424".into()));
    assert_eq!(folded(neg(bin(int(2), BinOp::Pow, int(70)))), Const::BigInt("-1180591620717411303424".into()));
    assert_eq!(folded(bin(neg(int(123)), BinOp::FloorDiv, int(7))), Const::Int(-18));
    assert_eq!(folded(bin(neg(int(123)), BinOp::Mod, int(7))), Const::Int(3));
    assert_eq!(folded(bin(int(123), BinOp::Mod, neg(int(7)))), Const::Int(-3));
    assert_eq!(folded(bin(neg(int(9)), BinOp::RShift, int(1))), Const::Int(-5));
    assert_eq!(folded(bin(neg(int(9)), BinOp::RShift, int(100))), Const::Int(-1));
    assert_eq!(folded(bin(int(1), BinOp::LShift, int(65))), Const::BigInt("36893488147419103232".into()));
    let zero_big = bin(bin(int(1), BinOp::LShift, int(65)), BinOp::Sub, bin(int(1), BinOp::LShift, int(65)));
    assert_eq!(folded(bin(int(1), BinOp::Add, zero_big)), Const::Int(1));
    assert_eq!(folded(bin(int(i64::MAX), BinOp::Add, int(1))), Const::BigInt("9223372036854775808".into()));
    assert_eq!(folded(bin(int(6), BinOp::BitXor, int(3))), Const::Int(5));
    assert_eq!(folded(bin(neg(int(1)), BinOp::BitAnd, int(0xff))), Const::Int(0xff));
    assert_eq!(folded(unary(UnaryOp::Not, int(0))), Const::Bool(true));
    // 0, 1 and -1 to a power past u32 (the interpreter's own arithmetic): the parity is the
    // exponent's, not that of a clamped one.
    let two_64 = bin(int(1), BinOp::LShift, int(64));
    assert_eq!(folded(bin(neg(int(1)), BinOp::Pow, two_64.clone())), Const::Int(1));
    assert_eq!(folded(bin(neg(int(1)), BinOp::Pow, bin(two_64.clone(), BinOp::Add, int(1)))), Const::Int(-1));
    assert_eq!(folded(bin(int(0), BinOp::Pow, two_64)), Const::Int(0));
}

#[test]
fn float_folding() {
    assert_eq!(folded(unary(UnaryOp::USub, float(0.0))), Const::Float(-0.0));
    assert_eq!(folded(bin(int(1), BinOp::Div, int(4))), Const::Float(0.25));
    assert_eq!(folded(bin(float(1.5), BinOp::Mul, int(2))), Const::Float(3.0));
    // -0.0 and 0.0 are different constants.
    let c = compile_ok(vec![assign(name("x"), float(0.0)), assign(name("y"), unary(UnaryOp::USub, float(0.0)))]);
    assert_eq!(c.code.consts[..2], [Const::Float(0.0), Const::Float(-0.0)]);
}

#[test]
fn operations_that_may_raise_are_not_folded() {
    for (l, op, r) in [
        (int(1), BinOp::Div, int(0)),
        (int(1), BinOp::FloorDiv, int(0)),
        (int(1), BinOp::Mod, int(0)),
        (int(1), BinOp::LShift, unary(UnaryOp::USub, int(1))),
        (int(2), BinOp::Pow, int(100_000)),
        (int(1), BinOp::LShift, int(100_000)),
        (float(1.0), BinOp::Div, float(0.0)),
        (string("a"), BinOp::Add, int(1)),
        (int(2), BinOp::Pow, unary(UnaryOp::USub, int(1))),
        (int(0), BinOp::Pow, unary(UnaryOp::USub, int(1))),
        (int(2), BinOp::Pow, bin(int(1), BinOp::LShift, int(40))),
        (int(1), BinOp::RShift, unary(UnaryOp::USub, int(1))),
    ] {
        let ops = value_ops(bin(l, op, r));
        assert_eq!(ops.len(), 3, "{ops:?}");
        assert!(ops[2].starts_with("Binary"), "{ops:?}");
    }
}

#[test]
fn constant_tuples() {
    let t = tuple(vec![int(1), unary(UnaryOp::USub, int(2)), tuple(vec![string("a")])]);
    assert_eq!(
        folded(t),
        Const::Tuple(vec![Const::Int(1), Const::Int(-2), Const::Tuple(vec![Const::Str("a".into())])])
    );
    assert_eq!(value_ops(tuple(vec![name("a"), int(1)])), ["LoadName a", "LoadConst 1", "BuildTuple 2"]);
}

#[test]
fn boolean_operators_and_conditional_expressions() {
    let e = boolop(BoolOp::Or, vec![boolop(BoolOp::And, vec![name("a"), name("b")]), name("c")]);
    assert_eq!(value_ops(e), ["LoadName a", "JumpIfFalseOrPop 3", "LoadName b", "JumpIfTrueOrPop 5", "LoadName c"]);
    assert_eq!(
        value_ops(ifexp(name("t"), name("a"), name("b"))),
        ["LoadName t", "PopJumpIfFalse 4", "LoadName a", "Jump 5", "LoadName b"]
    );
    assert_eq!(value_ops(unary(UnaryOp::Not, name("a"))), ["LoadName a", "Unary Not"]);
}

#[test]
fn conditions_jump_without_materialising_booleans() {
    // if not a and b: x
    let test = boolop(BoolOp::And, vec![unary(UnaryOp::Not, name("a")), name("b")]);
    let c = compile_ok(vec![if_(test, vec![expr(name("x"))], vec![])]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName a",
            "PopJumpIfTrue 6",
            "LoadName b",
            "PopJumpIfFalse 6",
            "LoadName x",
            "Pop",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    // if a or b: x
    let c = compile_ok(vec![if_(boolop(BoolOp::Or, vec![name("a"), name("b")]), vec![expr(name("x"))], vec![])]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName a",
            "PopJumpIfTrue 4",
            "LoadName b",
            "PopJumpIfFalse 6",
            "LoadName x",
            "Pop",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn chained_comparison_evaluates_the_middle_once() {
    let e = compare(name("a"), vec![(CmpOp::Lt, name("b")), (CmpOp::LtE, name("c"))]);
    assert_eq!(
        value_ops(e),
        [
            "LoadName a",
            "LoadName b",
            "Dup",
            "Rot3",
            "Compare Lt",
            "JumpIfFalseOrPop 9",
            "LoadName c",
            "Compare Le",
            "Jump 11",
            "Rot2",
            "Pop",
        ]
    );
    assert_eq!(
        value_ops(compare(name("a"), vec![(CmpOp::NotIn, name("b"))])),
        ["LoadName a", "LoadName b", "Compare NotIn"]
    );
}

#[test]
fn calls() {
    assert_eq!(
        value_ops(call_kw(name("f"), vec![name("a")], vec![(Some("k"), int(1))])),
        ["LoadName f", "LoadName a", "LoadConst 1", "LoadConst ('k',)", "CallFunctionKw 2"]
    );
    assert_eq!(
        value_ops(call(attr(name("o"), "m"), vec![name("a")])),
        ["LoadName o", "LoadMethod m", "LoadName a", "CallMethod 1"]
    );
    assert_eq!(
        value_ops(call_kw(attr(name("o"), "m"), vec![], vec![(Some("k"), int(1))])),
        ["LoadName o", "LoadMethod m", "LoadConst 1", "LoadConst ('k',)", "CallMethodKw 1"]
    );
    let star = call_kw(
        name("f"),
        vec![name("a"), starred(name("b")), name("c")],
        vec![(Some("k"), int(1)), (None, name("d"))],
    );
    assert_eq!(
        value_ops(star),
        [
            "LoadName f",
            "LoadName a",
            "BuildList 1",
            "LoadName b",
            "ListExtend 1",
            "LoadName c",
            "ListAppend 1",
            "ListToTuple",
            "LoadConst 'k'",
            "LoadConst 1",
            "BuildMap 1",
            "LoadName d",
            "DictMerge 1",
            "CallFunctionEx 1",
        ]
    );
    assert_eq!(
        value_ops(call(attr(name("o"), "m"), vec![starred(name("a"))])),
        ["LoadName o", "LoadAttr m", "BuildList 0", "LoadName a", "ListExtend 1", "ListToTuple", "CallFunctionEx 0"]
    );
}

#[test]
fn displays() {
    assert_eq!(
        value_ops(list(vec![name("a"), starred(name("b"))])),
        ["LoadName a", "BuildList 1", "LoadName b", "ListExtend 1"]
    );
    assert_eq!(
        value_ops(tuple(vec![name("a"), starred(name("b"))])),
        ["LoadName a", "BuildList 1", "LoadName b", "ListExtend 1", "ListToTuple"]
    );
    assert_eq!(
        value_ops(set(vec![name("a"), starred(name("b"))])),
        ["LoadName a", "BuildSet 1", "LoadName b", "SetUpdate 1"]
    );
    assert_eq!(value_ops(list(vec![int(1), int(2), int(3)])), ["BuildList 0", "LoadConst (1, 2, 3)", "ListExtend 1"]);
    assert_eq!(value_ops(list(vec![])), ["BuildList 0"]);
    assert_eq!(
        value_ops(dict(vec![(None, name("a")), (Some(string("k")), name("v"))])),
        ["BuildMap 0", "LoadName a", "DictUpdate 1", "LoadConst 'k'", "LoadName v", "MapAdd 1"]
    );
    assert_eq!(value_ops(dict(vec![(Some(string("a")), int(1))])), ["LoadConst 'a'", "LoadConst 1", "BuildMap 1"]);
    // MicroPython evaluates the value before the key.
    assert_eq!(value_ops(dict(vec![(Some(name("k")), name("v"))])), ["LoadName v", "LoadName k", "Rot2", "BuildMap 1"]);
}

#[test]
fn long_displays_are_built_incrementally() {
    let names: Vec<Expr> = (0..20).map(|i| name(&alloc::format!("n{i}"))).collect();
    let c = compile_ok(vec![assign(name("x"), list(names))]);
    let ops = c.ops("<module>");
    assert_eq!(ops[16], "BuildList 16");
    assert_eq!(ops[17..19], ["LoadName n16", "ListAppend 1"]);
    assert_eq!(c.code.stacksize, 16);
}

#[test]
fn subscripts_and_slices() {
    assert_eq!(
        value_ops(sub(name("a"), slice(Some(int(1)), Some(int(2)), None))),
        ["LoadName a", "LoadConst 1", "LoadConst 2", "BuildSlice 2", "LoadSubscr"]
    );
    assert_eq!(
        value_ops(sub(name("a"), slice(None, None, Some(int(2))))),
        ["LoadName a", "LoadConst None", "LoadConst None", "LoadConst 2", "BuildSlice 3", "LoadSubscr"]
    );
    let index = tuple(vec![slice(Some(int(1)), None, None), int(3)]);
    assert_eq!(
        value_ops(sub(name("a"), index)),
        ["LoadName a", "LoadConst 1", "LoadConst None", "BuildSlice 2", "LoadConst 3", "BuildTuple 2", "LoadSubscr"]
    );
}

#[test]
fn f_strings() {
    // f"a{x!r:>{w}}b"
    let spec = fstring(vec![string(">"), formatted(name("w"), None, None)]);
    let f = fstring(vec![string("a"), formatted(name("x"), Some('r'), Some(spec)), string("b")]);
    assert_eq!(
        value_ops(f),
        [
            "LoadConst 'a'",
            "LoadName x",
            "LoadConst '>'",
            "LoadName w",
            "FormatValue 0",
            "BuildString 2",
            "FormatValue 6",
            "LoadConst 'b'",
            "BuildString 3",
        ]
    );
    assert_eq!(value_ops(fstring(vec![formatted(name("x"), Some('s'), None)])), ["LoadName x", "FormatValue 1"]);
    assert_eq!(value_ops(fstring(vec![])), ["LoadConst ''"]);
}

#[test]
fn walrus_yield_and_await() {
    assert_eq!(value_ops(walrus("y", int(1))), ["LoadConst 1", "Dup", "StoreName y"]);
    let c = compile_ok(vec![def("g", params(&[]), vec![assign(name("x"), yield_(Some(int(1)))), expr(yield_(None))])]);
    c.assert_ops(
        "g",
        &[
            "LoadConst 1",
            "YieldValue",
            "StoreFast x",
            "LoadConst None",
            "YieldValue",
            "Pop",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn debug_is_the_constant_true() {
    assert_eq!(folded(name("__debug__")), Const::Bool(true));
    let c = compile_ok(vec![if_(unary(UnaryOp::Not, name("__debug__")), vec![expr(name("a"))], vec![])]);
    assert_eq!(c.ops("<module>")[0], "Jump 3");
}

#[test]
fn complex_literal() {
    let c = compile_ok(vec![assign(name("x"), e(crate::ast::ExprKind::Const(crate::ast::Constant::Imag(2.0))))]);
    assert_eq!(c.code.consts[0], Const::Complex(0.0, 2.0));
}

#[test]
fn stack_size_counts_call_arguments() {
    let c = compile_ok(vec![expr(call(name("f"), vec![name("a"), name("b"), name("c")]))]);
    assert_eq!(c.code.stacksize, 4);
}
