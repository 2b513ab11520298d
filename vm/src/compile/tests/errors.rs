//! Compile-time errors, with MicroPython's messages.

use alloc::vec;

use super::build::*;
use super::compile_err;
use crate::ast::{Arguments, BinOp};

#[test]
fn statements_outside_their_context() {
    assert_eq!(compile_err(vec![ret(Some(int(1)))]), "'return' outside function");
    assert_eq!(compile_err(vec![class("C", vec![], vec![], vec![ret(None)])]), "'return' outside function");
    assert_eq!(compile_err(vec![brk()]), "'break'/'continue' outside loop");
    assert_eq!(compile_err(vec![cont()]), "'break'/'continue' outside loop");
    assert_eq!(
        compile_err(vec![while_(name("a"), vec![def("f", params(&[]), vec![brk()])], vec![])]),
        "'break'/'continue' outside loop"
    );
    assert_eq!(compile_err(vec![for_(name("a"), name("b"), vec![], vec![brk()])]), "'break'/'continue' outside loop");
    assert_eq!(compile_err(vec![expr(yield_(None))]), "'yield' outside function");
    assert_eq!(compile_err(vec![class("C", vec![], vec![], vec![expr(yield_(None))])]), "'yield' outside function");
    assert_eq!(
        compile_err(vec![expr(listcomp(yield_(None), vec![gen(name("x"), name("y"), vec![])]))]),
        "'yield' outside function"
    );
    assert_eq!(compile_err(vec![expr(await_(int(1)))]), "'await' outside function");
    assert_eq!(compile_err(vec![async_for(name("x"), name("y"), vec![])]), "async for/with outside async function");
    assert_eq!(
        compile_err(vec![def("f", params(&[]), vec![with(vec![(name("a"), None)], vec![], true)])]),
        "async for/with outside async function"
    );
    assert_eq!(
        compile_err(vec![def("f", params(&[]), vec![import_from(Some("m"), vec![alias("*", None)], 0)])]),
        "import * not at module level"
    );
}

#[test]
fn declarations() {
    assert_eq!(compile_err(vec![nonlocal(&["a"])]), "can't declare nonlocal in outer code");
    let inner = def("g", params(&[]), vec![nonlocal(&["a"])]);
    assert_eq!(compile_err(vec![def("f", params(&[]), vec![inner])]), "no binding for nonlocal found");
    assert_eq!(compile_err(vec![def("f", params(&["x"]), vec![global(&["x"])])]), "identifier redefined as global");
    assert_eq!(compile_err(vec![def("f", params(&["x"]), vec![nonlocal(&["x"])])]), "identifier redefined as nonlocal");
    assert_eq!(
        compile_err(vec![def("f", params(&[]), vec![expr(name("a")), global(&["a"])])]),
        "identifier redefined as global"
    );
    assert_eq!(compile_err(vec![assign(name("x"), int(1)), global(&["x"])]), "identifier redefined as global");
    // A global in the enclosing function hides its binding from nonlocal.
    let inner = def("g", params(&[]), vec![nonlocal(&["x"])]);
    assert_eq!(
        compile_err(vec![def("f", params(&[]), vec![global(&["x"]), assign(name("x"), int(1)), inner])]),
        "no binding for nonlocal found"
    );
    // A class body is not an enclosing binding for nonlocal.
    let m = def("m", params(&["self"]), vec![nonlocal(&["x"])]);
    assert_eq!(
        compile_err(vec![class("C", vec![], vec![], vec![assign(name("x"), int(1)), m])]),
        "no binding for nonlocal found"
    );
}

#[test]
fn parameters() {
    assert_eq!(compile_err(vec![def("f", params(&["a", "a"]), vec![pass()])]), "argument name reused");
    let args = Arguments { args: vec![arg("a")], vararg: Some(arg("a")), ..Default::default() };
    assert_eq!(compile_err(vec![def("f", args, vec![pass()])]), "argument name reused");
    let args =
        Arguments { kwonlyargs: vec![arg("a")], kw_defaults: vec![None], kwarg: Some(arg("a")), ..Default::default() };
    assert_eq!(compile_err(vec![expr(lambda(args, int(1)))]), "argument name reused");
}

#[test]
fn walrus_rebinding_an_iteration_variable() {
    let comp = || listcomp(walrus("i", bin(name("i"), BinOp::Add, int(1))), vec![gen(name("i"), name("r"), vec![])]);
    assert_eq!(compile_err(vec![expr(comp())]), "identifier redefined as global");
    assert_eq!(compile_err(vec![def("f", params(&[]), vec![expr(comp())])]), "identifier redefined as nonlocal");
    let in_class = listcomp(walrus("y", name("i")), vec![gen(name("i"), name("r"), vec![])]);
    assert_eq!(compile_err(vec![class("C", vec![], vec![], vec![expr(in_class)])]), "no binding for nonlocal found");
}

#[test]
fn bad_targets() {
    assert_eq!(compile_err(vec![assign(int(1), int(2))]), "can't assign to expression");
    assert_eq!(compile_err(vec![assign(call(name("f"), vec![]), int(2))]), "can't assign to expression");
    assert_eq!(compile_err(vec![assign(starred(name("a")), int(1))]), "can't assign to expression");
    assert_eq!(
        compile_err(vec![assign(tuple(vec![starred(name("a")), starred(name("b"))]), name("c"))]),
        "multiple *x in assignment"
    );
    assert_eq!(
        compile_err(vec![aug(tuple(vec![name("a"), name("b")]), BinOp::Add, name("c"))]),
        "can't assign to expression"
    );
    assert_eq!(compile_err(vec![del(vec![call(name("f"), vec![])])]), "can't delete expression");
    assert_eq!(compile_err(vec![del(vec![tuple(vec![])])]), "can't delete expression");
    assert_eq!(compile_err(vec![assign(name("x"), starred(name("x")))]), "*x must be assignment target");
    assert_eq!(compile_err(vec![expr(starred(name("a")))]), "*x must be assignment target");
}

#[test]
fn default_except_must_be_last() {
    let handlers = vec![handler(None, None, vec![pass()]), handler(Some(name("E")), None, vec![pass()])];
    assert_eq!(compile_err(vec![try_(vec![pass()], handlers, vec![], vec![])]), "default 'except' must be last");
}

#[test]
fn super_without_self() {
    let m = def("m", params(&[]), vec![expr(call(name("super"), vec![]))]);
    assert_eq!(compile_err(vec![class("C", vec![], vec![], vec![m])]), "super() can't find self");
}

#[test]
fn errors_carry_the_line() {
    let mut interner = crate::intern::Interner::new();
    let body = vec![pass(), def("f", params(&[]), vec![pass().at(3), nonlocal(&["q"]).at(4)]).at(2)];
    let err = super::super::compile(&body, crate::error::Mode::Exec, "t.py", 0, &mut interner, crate::stack::StackGuard::UNCHECKED).unwrap_err();
    assert_eq!((err.msg.as_str(), err.line), ("no binding for nonlocal found", 4));
    let body = vec![pass(), brk().at(7)];
    let err = super::super::compile(&body, crate::error::Mode::Exec, "t.py", 0, &mut interner, crate::stack::StackGuard::UNCHECKED).unwrap_err();
    assert_eq!(err.line, 7);
}
