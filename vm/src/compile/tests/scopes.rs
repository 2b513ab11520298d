//! Where names live: locals, cells, free variables, globals, class bodies, comprehensions.

use alloc::vec;

use super::build::*;
use super::compile_ok;
use crate::ast::{Arguments, BinOp};
use crate::bytecode::code_flags;

#[test]
fn function_locals_parameters_and_globals() {
    // def f(a, b=1, *args, c, d=2, **kw):
    //     e = a
    //     return g
    let args = Arguments {
        args: vec![arg("a"), arg("b")],
        defaults: vec![int(1)],
        vararg: Some(arg("args")),
        kwonlyargs: vec![arg("c"), arg("d")],
        kw_defaults: vec![None, Some(int(2))],
        kwarg: Some(arg("kw")),
        ..Default::default()
    };
    let c = compile_ok(vec![def("f", args, vec![assign(name("e"), name("a")), ret(Some(name("g")))])]);
    let f = c.code("f");
    assert_eq!(c.names(&f.varnames), ["a", "b", "c", "d", "args", "kw", "e"]);
    assert_eq!((f.argcount, f.kwonlyargcount), (2, 2));
    assert_eq!(f.flags, code_flags::VARARGS | code_flags::VARKEYWORDS);
    c.assert_ops("f", &["LoadFast a", "StoreFast e", "LoadGlobal g", "ReturnValue", "LoadConst None", "ReturnValue"]);
    c.assert_ops(
        "<module>",
        &[
            "LoadConst (1,)",
            "LoadConst 'd'",
            "LoadConst 2",
            "BuildMap 1",
            "LoadConst <code f>",
            "MakeFunction 3",
            "StoreName f",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn captured_parameter_is_copied_into_its_cell() {
    // def f(x):
    //     def g(): return x
    //     return g
    let c = compile_ok(vec![def(
        "f",
        params(&["x"]),
        vec![def("g", params(&[]), vec![ret(Some(name("x")))]), ret(Some(name("g")))],
    )]);
    let f = c.code("f");
    assert_eq!(c.names(&f.varnames), ["x", "g"]);
    assert_eq!(c.names(&f.cellvars), ["x"]);
    c.assert_ops(
        "f",
        &[
            "LoadFast x",
            "StoreDeref x",
            "LoadClosure x",
            "BuildTuple 1",
            "LoadConst <code g>",
            "MakeFunction 4",
            "StoreLoadFast g g",
            "LoadFast g",
            "ReturnValue",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    assert_eq!(c.names(&c.code("g").freevars), ["x"]);
    c.assert_ops("g", &["LoadDeref x", "ReturnValue", "LoadConst None", "ReturnValue"]);
}

#[test]
fn nonlocal_and_global_declarations() {
    // x = 0
    // def f():
    //     y = 1
    //     def g():
    //         nonlocal y
    //         global x
    //         y = 2; x = 3
    let g = def(
        "g",
        params(&[]),
        vec![nonlocal(&["y"]), global(&["x"]), assign(name("y"), int(2)), assign(name("x"), int(3))],
    );
    let c = compile_ok(vec![assign(name("x"), int(0)), def("f", params(&[]), vec![assign(name("y"), int(1)), g])]);
    assert_eq!(c.names(&c.code("f").cellvars), ["y"]);
    assert!(c.code("f").varnames.iter().all(|&v| c.interner.str(v) != "y"));
    c.assert_ops(
        "g",
        &["LoadConst 2", "StoreDeref y", "LoadConst 3", "StoreGlobal x", "LoadConst None", "ReturnValue"],
    );
}

#[test]
fn free_variables_pass_through_intermediate_functions() {
    // def f():
    //     x = 1
    //     def g():
    //         def h(): return x
    let h = def("h", params(&[]), vec![ret(Some(name("x")))]);
    let c = compile_ok(vec![def("f", params(&[]), vec![assign(name("x"), int(1)), def("g", params(&[]), vec![h])])]);
    assert_eq!(c.names(&c.code("f").cellvars), ["x"]);
    assert_eq!(c.names(&c.code("g").freevars), ["x"]);
    assert_eq!(c.names(&c.code("h").freevars), ["x"]);
    assert_eq!(c.ops("g")[0], "LoadClosure x");
}

#[test]
fn class_bodies_do_not_provide_bindings_to_methods() {
    // def f():
    //     x = 1
    //     class C:
    //         x = 2
    //         y = x
    //         def m(self): return x
    let m = def("m", params(&["self"]), vec![ret(Some(name("x")))]);
    let cls = class("C", vec![], vec![], vec![assign(name("x"), int(2)), assign(name("y"), name("x")), m]);
    let c = compile_ok(vec![def("f", params(&[]), vec![assign(name("x"), int(1)), cls])]);
    assert_eq!(c.names(&c.code("f").cellvars), ["x"]);
    let body = c.code("C");
    assert_eq!(body.flags, code_flags::NAMESPACE);
    assert_eq!(c.names(&body.freevars), ["x"]);
    c.assert_ops(
        "C",
        &[
            "LoadName __name__",
            "StoreName __module__",
            "LoadConst 'C'",
            "StoreName __qualname__",
            "LoadConst 2",
            "StoreName x",
            "LoadName x",
            "StoreName y",
            "LoadClosure x",
            "BuildTuple 1",
            "LoadConst <code m>",
            "MakeFunction 4",
            "StoreName m",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    assert_eq!(c.ops("m")[0], "LoadDeref x");
}

#[test]
fn class_body_reads_enclosing_function_variables_with_load_class_deref() {
    // def f():
    //     x = 1
    //     class C:
    //         y = x
    let cls = class("C", vec![], vec![], vec![assign(name("y"), name("x"))]);
    let c = compile_ok(vec![def("f", params(&[]), vec![assign(name("x"), int(1)), cls])]);
    assert_eq!(c.ops("C")[4], "LoadClassDeref x x");
    // f passes its cell to the class body.
    let f = c.ops("f");
    assert!(f.iter().any(|op| op == "LoadClosure x"), "{f:?}");
}

#[test]
fn zero_argument_super_uses_the_class_cell() {
    // class C(B):
    //     def m(self, a):
    //         return super().m(a)
    let body = ret(Some(call(attr(call(name("super"), vec![]), "m"), vec![name("a")])));
    let c = compile_ok(vec![class("C", vec![name("B")], vec![], vec![def("m", params(&["self", "a"]), vec![body])])]);
    let cls = c.code("C");
    assert_eq!(c.names(&cls.cellvars), ["__class__"]);
    let ops = c.ops("C");
    assert_eq!(ops[ops.len() - 2..], ["LoadClosure __class__", "ReturnValue"]);
    assert_eq!(c.names(&c.code("m").freevars), ["__class__"]);
    c.assert_ops(
        "m",
        &[
            "LoadGlobal super",
            "LoadDeref __class__",
            "LoadFast self",
            "CallFunction 2",
            "LoadMethod m",
            "LoadFast a",
            "CallMethod 1",
            "ReturnValue",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    c.assert_ops(
        "<module>",
        &[
            "LoadBuildClass",
            "LoadConst <code C>",
            "MakeFunction 0",
            "LoadConst 'C'",
            "LoadName B",
            "CallFunction 3",
            "StoreName C",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn super_outside_a_class_reads_a_global_class_cell() {
    // As in MicroPython: def f(x): super()  ->  super(__class__, x), NameError at run time.
    let c = compile_ok(vec![def("f", params(&["x"]), vec![expr(call(name("super"), vec![]))])]);
    c.assert_ops(
        "f",
        &["LoadGlobal super", "LoadGlobal __class__", "LoadFast x", "CallFunction 2", "Pop", "LoadConst None", "ReturnValue"],
    );
    // Lambdas and comprehensions call super() as it is.
    let c = compile_ok(vec![expr(lambda(params(&["x"]), call(name("super"), vec![])))]);
    c.assert_ops("<lambda>", &["LoadGlobal super", "CallFunction 0", "ReturnValue"]);
}

#[test]
fn comprehension_is_a_function_of_its_first_iterator() {
    // [x * y for x in a for y in b if y]
    let comp = listcomp(
        bin(name("x"), BinOp::Mul, name("y")),
        vec![gen(name("x"), name("a"), vec![]), gen(name("y"), name("b"), vec![name("y")])],
    );
    let c = compile_ok(vec![expr(comp)]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName a",
            "GetIter",
            "LoadConst <code <listcomp>>",
            "CallComprehension 0",
            "Pop",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    let lc = c.code("<listcomp>");
    assert_eq!(c.names(&lc.varnames), [".0", "x", "y"]);
    assert_eq!(lc.argcount, 1);
    c.assert_ops(
        "<listcomp>",
        &[
            "BuildList 0",
            "LoadFast .0",
            "Jump 15",
            "StoreFast x",
            "LoadGlobal b",
            "GetIter",
            "Jump 14",
            "StoreLoadFast y y",
            "LoadFast y",
            "PopJumpIfFalse 14",
            "LoadFast2 x y",
            "LoadFast y",
            "Binary Mul",
            "ListAppend 3",
            "ForIter 7",
            "ForIter 3",
            "ReturnValue",
        ],
    );
}

#[test]
fn generator_expression_yields() {
    let c = compile_ok(vec![def(
        "f",
        params(&["a"]),
        vec![ret(Some(genexp(name("x"), vec![gen(name("x"), name("a"), vec![])])))],
    )]);
    let g = c.code("<genexpr>");
    assert_eq!(g.flags, code_flags::GENERATOR);
    c.assert_ops(
        "<genexpr>",
        &[
            "LoadFast .0",
            "Jump 6",
            "StoreLoadFast x x",
            "LoadFast x",
            "YieldValue",
            "Pop",
            "ForIter 2",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn comprehension_captures_function_locals() {
    // def f(n): return {k: n for k in n}
    let c = compile_ok(vec![def(
        "f",
        params(&["n"]),
        vec![ret(Some(dictcomp(name("k"), name("n"), vec![gen(name("k"), name("n"), vec![])])))],
    )]);
    assert_eq!(c.names(&c.code("f").cellvars), ["n"]);
    assert_eq!(c.names(&c.code("<dictcomp>").freevars), ["n"]);
    assert!(c.ops("<dictcomp>").contains(&"MapAdd 2".into()));
    // Called with no function object and no closure tuple: the iterator, then the cells.
    c.assert_ops(
        "f",
        &[
            "LoadFast n",
            "StoreDeref n",
            "LoadDeref n",
            "GetIter",
            "LoadClosure n",
            "LoadConst <code <dictcomp>>",
            "CallComprehension 1",
            "ReturnValue",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn walrus_in_comprehension_binds_in_the_enclosing_scope() {
    // [y := x for x in a]  at module level, then inside a function
    let comp = || listcomp(walrus("y", name("x")), vec![gen(name("x"), name("a"), vec![])]);
    let c = compile_ok(vec![expr(comp())]);
    assert!(c.ops("<listcomp>").contains(&"StoreGlobal y".into()));

    let c = compile_ok(vec![def("f", params(&["a"]), vec![expr(comp()), ret(Some(name("y")))])]);
    assert_eq!(c.names(&c.code("f").cellvars), ["y"]);
    assert!(c.ops("<listcomp>").contains(&"StoreDeref y".into()));
    assert!(c.ops("f").contains(&"LoadDeref y".into()));
}

#[test]
fn walrus_may_rebind_an_outer_comprehension_variable() {
    // [[(j := i) for i in range(2)] for j in range(2)]: allowed by MicroPython.
    let inner = listcomp(walrus("j", name("i")), vec![gen(name("i"), call(name("range"), vec![int(2)]), vec![])]);
    let outer = listcomp(inner, vec![gen(name("j"), call(name("range"), vec![int(2)]), vec![])]);
    let c = compile_ok(vec![expr(outer)]);
    assert!(c.dis().contains("StoreGlobal j"));
}

#[test]
fn lambda_and_defaults() {
    // f = lambda a, b=x: a + b
    let args = Arguments { args: vec![arg("a"), arg("b")], defaults: vec![name("x")], ..Default::default() };
    let c = compile_ok(vec![assign(name("f"), lambda(args, bin(name("a"), BinOp::Add, name("b"))))]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName x",
            "BuildTuple 1",
            "LoadConst <code <lambda>>",
            "MakeFunction 1",
            "StoreName f",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    // The pair runs as one op; the second stays in place for jumps to it (`compile::fuse`).
    c.assert_ops("<lambda>", &["LoadFast2 a b", "LoadFast b", "Binary Add", "ReturnValue"]);
}

#[test]
fn generator_and_coroutine_flags() {
    let c = compile_ok(vec![
        def("g", params(&[]), vec![expr(yield_(Some(int(1))))]),
        async_def("a", params(&[]), vec![expr(await_(name("x")))]),
        def("d", params(&[]), vec![expr(yield_from(name("x")))]),
    ]);
    assert_eq!(c.code("g").flags, code_flags::GENERATOR);
    assert_eq!(c.code("a").flags, code_flags::GENERATOR | code_flags::COROUTINE);
    assert_eq!(c.code("d").flags, code_flags::GENERATOR);
    c.assert_ops(
        "a",
        &["LoadGlobal x", "GetAwaitable", "LoadConst None", "YieldFrom", "Pop", "LoadConst None", "ReturnValue"],
    );
    c.assert_ops(
        "d",
        &["LoadGlobal x", "GetYieldFromIter", "LoadConst None", "YieldFrom", "Pop", "LoadConst None", "ReturnValue"],
    );
}

#[test]
fn deleted_and_imported_names_are_local() {
    let c = compile_ok(vec![def("f", params(&[]), vec![import("os.path", None), del(vec![name("os")])])]);
    c.assert_ops(
        "f",
        &[
            "LoadConst 0",
            "LoadConst None",
            "ImportName os.path",
            "StoreFast os",
            "DeleteFast os",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn module_global_declaration_uses_global_ops() {
    let c = compile_ok(vec![global(&["x"]), assign(name("x"), int(1)), expr(name("x"))]);
    c.assert_ops("<module>", &["LoadConst 1", "StoreGlobal x", "LoadGlobal x", "Pop", "LoadConst None", "ReturnValue"]);
}

#[test]
fn class_qualname_is_the_plain_name_as_in_micropython() {
    // class A:
    //     class B: pass
    //     def m(self):
    //         class C: pass
    let m = def("m", params(&["self"]), vec![class("C", vec![], vec![], vec![pass()])]);
    let c = compile_ok(vec![class("A", vec![], vec![], vec![class("B", vec![], vec![], vec![pass()]), m])]);
    let qualname = |n: &str| c.ops(n)[2].clone();
    assert_eq!(qualname("A"), "LoadConst 'A'");
    assert_eq!(qualname("B"), "LoadConst 'B'");
    assert_eq!(qualname("C"), "LoadConst 'C'");
}

#[test]
fn many_names_keep_their_order_of_first_appearance() {
    // def f(): a0 = 0 ... a299 = 0; c0 = 0 ... c299 = 0; a0 = lambda: c0 ... a299 = lambda: c299
    // Enough names and lambda nodes for the scope tables to grow many times over.
    let names_of = |p: &str| (0..300).map(|i| alloc::format!("{p}{i}")).collect::<alloc::vec::Vec<_>>();
    let (a, c) = (names_of("a"), names_of("c"));
    let mut body: alloc::vec::Vec<_> = a.iter().chain(&c).map(|t| assign(name(t), int(0))).collect();
    body.extend(a.iter().zip(&c).map(|(t, u)| assign(name(t), lambda(Arguments::default(), name(u)))));
    let comp = compile_ok(vec![def("f", Arguments::default(), body)]);
    let f = comp.code("f");
    assert_eq!(comp.names(&f.varnames), a[..]);
    assert_eq!(comp.names(&f.cellvars), c[..]);
}
