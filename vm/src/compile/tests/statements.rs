//! Statements: op sequences for each construct, especially the unwinding of early exits.

use alloc::vec;

use super::build::*;
use super::{compile_mode, compile_ok};
use crate::ast::BinOp;
use crate::error::Mode;

#[test]
fn module_modes() {
    let c = compile_ok(vec![assign(name("x"), int(1))]);
    c.assert_ops("<module>", &["LoadConst 1", "StoreName x", "LoadConst None", "ReturnValue"]);
    assert_eq!((c.code.first_line, c.code.stacksize), (1, 1));

    let c =
        compile_mode(vec![expr(name("x")), expr(int(1)), if_(name("c"), vec![expr(name("y"))], vec![])], Mode::Single);
    c.assert_ops(
        "<module>",
        &[
            "LoadName x",
            "PrintExpr",
            "LoadConst 1",
            "PrintExpr",
            "LoadName c",
            "PopJumpIfFalse 8",
            "LoadName y",
            "PrintExpr",
            "LoadConst None",
            "ReturnValue",
        ],
    );

    let c = compile_mode(vec![expr(bin(name("x"), BinOp::Add, int(1)))], Mode::Eval);
    c.assert_ops("<module>", &["LoadName x", "LoadConst 1", "Binary Add", "ReturnValue"]);
}

#[test]
fn constant_expression_statements_are_not_evaluated() {
    let c =
        compile_ok(vec![expr(string("docstring")), def("f", params(&[]), vec![expr(string("doc")), expr(name("x"))])]);
    c.assert_ops("<module>", &["LoadConst <code f>", "MakeFunction 0", "StoreName f", "LoadConst None", "ReturnValue"]);
    c.assert_ops("f", &["LoadGlobal x", "Pop", "LoadConst None", "ReturnValue"]);
}

#[test]
fn if_else() {
    let c = compile_ok(vec![if_(name("a"), vec![expr(name("b"))], vec![expr(name("c"))])]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName a",
            "PopJumpIfFalse 5",
            "LoadName b",
            "Pop",
            "Jump 7",
            "LoadName c",
            "Pop",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn while_with_break_continue_else() {
    let body = vec![if_(name("b"), vec![brk()], vec![]), cont()];
    let c = compile_ok(vec![while_(name("a"), body, vec![expr(name("c"))])]);
    // The test comes after the body, as in MicroPython.
    c.assert_ops(
        "<module>",
        &[
            "Jump 5",
            "LoadName b",
            "PopJumpIfFalse 4",
            "Jump 9",
            "Jump 5",
            "LoadName a",
            "PopJumpIfTrue 1",
            "LoadName c",
            "Pop",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn while_true_has_no_test() {
    let c = compile_ok(vec![while_(tru(), vec![expr(name("a"))], vec![])]);
    c.assert_ops("<module>", &["LoadName a", "Pop", "Jump 0", "LoadConst None", "ReturnValue"]);
}

#[test]
fn for_loop_pops_its_iterator_on_break_and_return() {
    // def f(a):
    //     for x in a:
    //         if x: return x
    //         break
    //     else:
    //         return 0
    let body = vec![if_(name("x"), vec![ret(Some(name("x")))], vec![]), brk()];
    let c = compile_ok(vec![def("f", params(&["a"]), vec![for_(name("x"), name("a"), body, vec![ret(Some(int(0)))])])]);
    c.assert_ops(
        "f",
        &[
            "LoadFast a",
            "GetIter",
            "Jump 12",
            "StoreLoadFast x x",
            "LoadFast x",
            "PopJumpIfFalse 10",
            "LoadFast x",
            "Rot2",
            "Pop",
            "ReturnValue",
            "Pop",
            "Jump 15",
            "ForIter 3",
            "LoadConst 0",
            "ReturnValue",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    assert_eq!(c.code("f").stacksize, 2);
}

#[test]
fn try_except_else() {
    // try: a
    // except E as e: b
    // except: c
    // else: d
    let handlers =
        vec![handler(Some(name("E")), Some("e"), vec![expr(name("b"))]), handler(None, None, vec![expr(name("c"))])];
    let c = compile_ok(vec![try_(vec![expr(name("a"))], handlers, vec![expr(name("d"))], vec![])]);
    c.assert_ops(
        "<module>",
        &[
            "SetupExcept 7",
            "LoadName a",
            "Pop",
            "PopBlock",
            "LoadName d",
            "Pop",
            "Jump 29",
            "LoadName E",
            "ExcMatch",
            "PopJumpIfFalse 24",
            "StoreName e",
            "SetupExcept 20",
            "LoadName b",
            "Pop",
            "PopBlock",
            "PopExcept",
            "LoadConst None",
            "StoreName e",
            "DeleteName e",
            "Jump 29",
            "LoadConst None",
            "StoreName e",
            "DeleteName e",
            "Reraise",
            "Pop",
            "LoadName c",
            "Pop",
            "PopExcept",
            "Jump 29",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    assert_eq!(c.code.stacksize, 2);
}

#[test]
fn unmatched_exception_is_reraised() {
    let c = compile_ok(vec![try_(vec![pass()], vec![handler(Some(name("E")), None, vec![pass()])], vec![], vec![])]);
    c.assert_ops(
        "<module>",
        &[
            "SetupExcept 3",
            "PopBlock",
            "Jump 10",
            "LoadName E",
            "ExcMatch",
            "PopJumpIfFalse 9",
            "Pop",
            "PopExcept",
            "Jump 10",
            "Reraise",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn return_runs_the_finally_body_inline() {
    // def f():
    //     try: return g()
    //     finally: h()
    let c = compile_ok(vec![def(
        "f",
        params(&[]),
        vec![try_(vec![ret(Some(call(name("g"), vec![])))], vec![], vec![], vec![expr(call(name("h"), vec![]))])],
    )]);
    c.assert_ops(
        "f",
        &[
            "SetupExcept 13",
            "LoadGlobal g",
            "CallFunction 0",
            "PopBlock",
            "LoadGlobal h",
            "CallFunction 0",
            "Pop",
            "ReturnValue",
            "PopBlock",
            "LoadGlobal h",
            "CallFunction 0",
            "Pop",
            "Jump 17",
            "LoadGlobal h",
            "CallFunction 0",
            "Pop",
            "Reraise",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn break_in_finally_overrides_return_and_exception() {
    // def f():
    //     for x in y:
    //         try: return 1
    //         finally: break
    let loop_ = for_(name("x"), name("y"), vec![try_(vec![ret(Some(int(1)))], vec![], vec![], vec![brk()])], vec![]);
    let c = compile_ok(vec![def("f", params(&[]), vec![loop_])]);
    c.assert_ops(
        "f",
        &[
            "LoadGlobal y",
            "GetIter",
            "Jump 20",
            "StoreFast x",
            "SetupExcept 15",
            // return 1: leave the try body, run the finally body (which breaks)...
            "PopBlock",
            "Pop",
            "Jump 21",
            // ... (unreachable) drop the iterator and return
            "Pop",
            "LoadConst 1",
            "ReturnValue",
            // normal exit of the try body
            "PopBlock",
            "Pop",
            "Jump 21",
            "Jump 20",
            // the finally body for an exception: drop it, stop handling it, leave the loop
            "Pop",
            "PopExcept",
            "Pop",
            "Jump 21",
            "Reraise",
            // the next item, back to the body at 3
            "ForIter 3",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn return_value_survives_a_break_free_finally_inside_a_loop() {
    // def f():
    //     for x in y:
    //         try:
    //             return x
    //         finally:
    //             for z in w: break
    let inner = for_(name("z"), name("w"), vec![brk()], vec![]);
    let loop_ = for_(name("x"), name("y"), vec![try_(vec![ret(Some(name("x")))], vec![], vec![], vec![inner])], vec![]);
    let c = compile_ok(vec![def("f", params(&[]), vec![loop_])]);
    let ops = c.ops("f");
    // return x: value, PopBlock, the finally body (its own loop), then drop the outer iterator.
    assert_eq!(ops[5..9], ["LoadFast x", "PopBlock", "LoadGlobal w", "GetIter"]);
    let ret = ops.iter().position(|op| op == "ReturnValue").unwrap();
    assert_eq!(ops[ret - 2..=ret], ["Rot2", "Pop", "ReturnValue"]);
}

#[test]
fn return_in_a_named_except_clause_clears_the_name() {
    // def f():
    //     try: a()
    //     except E as e: return e
    let h = handler(Some(name("E")), Some("e"), vec![ret(Some(name("e")))]);
    let c = compile_ok(vec![def(
        "f",
        params(&[]),
        vec![try_(vec![expr(call(name("a"), vec![]))], vec![h], vec![], vec![])],
    )]);
    let ops = c.ops("f");
    let start = ops.iter().position(|op| op == "StoreFast e").unwrap();
    assert_eq!(
        ops[start..start + 9],
        [
            "StoreFast e",
            "SetupExcept 24",
            "LoadFast e",
            "PopBlock",
            "PopExcept",
            "LoadConst None",
            "StoreFast e",
            "DeleteFast e",
            "ReturnValue"
        ]
    );
}

#[test]
fn with_statement() {
    let c = compile_ok(vec![with(vec![(name("a"), Some(name("b")))], vec![expr(name("c"))], false)]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName a",
            "BeforeWith",
            "StoreName b",
            "SetupExcept 9",
            "LoadName c",
            "Pop",
            "PopBlock",
            "WithExit",
            "Jump 16",
            "WithExcept",
            "PopJumpIfFalse 15",
            "Pop",
            "Pop",
            "PopExcept",
            "Jump 16",
            "Reraise",
            "LoadConst None",
            "ReturnValue",
        ],
    );
    assert_eq!(c.code.stacksize, 3);
}

#[test]
fn return_from_with_calls_exit_under_the_value() {
    let c = compile_ok(vec![def(
        "f",
        params(&[]),
        vec![with(vec![(name("a"), None)], vec![ret(Some(call(name("g"), vec![])))], false)],
    )]);
    c.assert_ops(
        "f",
        &[
            "LoadGlobal a",
            "BeforeWith",
            "Pop",
            "SetupExcept 13",
            "LoadGlobal g",
            "CallFunction 0",
            "PopBlock",
            "Rot2",
            "WithExit",
            "ReturnValue",
            "PopBlock",
            "WithExit",
            "Jump 20",
            "WithExcept",
            "PopJumpIfFalse 19",
            "Pop",
            "Pop",
            "PopExcept",
            "Jump 20",
            "Reraise",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn async_with_and_async_for() {
    // async def f():
    //     async with a as b:
    //         async for x in b: pass
    let body =
        vec![with(vec![(name("a"), Some(name("b")))], vec![async_for(name("x"), name("b"), vec![pass()])], true)];
    let c = compile_ok(vec![async_def("f", params(&[]), body)]);
    c.assert_ops(
        "f",
        &[
            "LoadGlobal a",
            "BeforeAsyncWith",
            "GetAwaitable",
            "LoadConst None",
            "YieldFrom",
            "StoreFast b",
            "SetupExcept 32",
            // async for
            "LoadFast b",
            "GetAIter",
            "SetupExcept 17",
            "GetANext",
            "GetAwaitable",
            "LoadConst None",
            "YieldFrom",
            "PopBlock",
            "StoreFast x",
            "Jump 9",
            // StopAsyncIteration ends the loop; anything else is re-raised
            "LoadGlobal StopAsyncIteration",
            "ExcMatch",
            "PopJumpIfFalse 24",
            "Pop",
            "PopExcept",
            "Pop",
            "Jump 25",
            "Reraise",
            // leave the with body
            "PopBlock",
            "AsyncWithExit",
            "GetAwaitable",
            "LoadConst None",
            "YieldFrom",
            "Pop",
            "Jump 42",
            "AsyncWithExcept",
            "GetAwaitable",
            "LoadConst None",
            "YieldFrom",
            "PopJumpIfFalse 41",
            "Pop",
            "Pop",
            "PopExcept",
            "Jump 42",
            "Reraise",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn assert_and_raise() {
    let c = compile_ok(vec![
        assert(name("x"), Some(string("m"))),
        raise(None, None),
        raise(Some(name("E")), None),
        raise(Some(name("E")), Some(name("C"))),
    ]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName x",
            "PopJumpIfTrue 6",
            "LoadAssertionError",
            "LoadConst 'm'",
            "CallFunction 1",
            "Raise 1",
            "Raise 0",
            "LoadName E",
            "Raise 1",
            "LoadName E",
            "LoadName C",
            "Raise 2",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn imports() {
    let c = compile_ok(vec![
        import("a.b.c", Some("d")),
        import_from(Some("m"), vec![alias("x", Some("y")), alias("z", None)], 2),
        import_from(None, vec![alias("*", None)], 1),
    ]);
    c.assert_ops(
        "<module>",
        &[
            "LoadConst 0",
            "LoadConst None",
            "ImportName a.b.c",
            "LoadAttr b",
            "LoadAttr c",
            "StoreName d",
            "LoadConst 2",
            "LoadConst ('x', 'z')",
            "ImportName m",
            "ImportFrom x",
            "StoreName y",
            "ImportFrom z",
            "StoreName z",
            "Pop",
            "LoadConst 1",
            "LoadConst ('*',)",
            "ImportName ",
            "ImportStar",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn assignments() {
    let c = compile_ok(vec![
        assign(tuple(vec![name("a"), starred(name("b")), name("c")]), name("x")),
        assign(tuple(vec![name("a"), name("b")]), tuple(vec![name("b"), name("a")])),
        assign_many(vec![name("a"), attr(name("o"), "p")], name("c")),
        aug(attr(name("x"), "y"), BinOp::Add, int(1)),
        aug(sub(name("x"), name("i")), BinOp::Sub, int(1)),
        aug(name("n"), BinOp::Mul, int(2)),
        assign(list(vec![name("a"), tuple(vec![name("b"), name("c")])]), name("x")),
    ]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName x",
            "UnpackEx 1 1",
            "StoreName a",
            "StoreName b",
            "StoreName c",
            "LoadName b",
            "LoadName a",
            "Rot2",
            "StoreName a",
            "StoreName b",
            "LoadName c",
            "Dup",
            "StoreName a",
            "LoadName o",
            "StoreAttr p",
            "LoadName x",
            "Dup",
            "LoadAttr y",
            "LoadConst 1",
            "Inplace Add",
            "Rot2",
            "StoreAttr y",
            "LoadName x",
            "LoadName i",
            "AugLoadSubscr",
            "LoadConst 1",
            "Inplace Sub",
            "AugStoreSubscr",
            "LoadName n",
            "LoadConst 2",
            "Inplace Mul",
            "StoreName n",
            "LoadName x",
            "UnpackSequence 2",
            "StoreName a",
            "UnpackSequence 2",
            "StoreName b",
            "StoreName c",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn delete_targets() {
    let c = compile_ok(vec![del(vec![
        name("a"),
        attr(name("o"), "p"),
        sub(name("o"), int(0)),
        tuple(vec![name("b"), name("c")]),
    ])]);
    c.assert_ops(
        "<module>",
        &[
            "DeleteName a",
            "LoadName o",
            "DeleteAttr p",
            "LoadName o",
            "LoadConst 0",
            "DeleteSubscr",
            "DeleteName b",
            "DeleteName c",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn class_statements() {
    let c = compile_ok(vec![
        class("C", vec![name("A")], vec![(Some("metaclass"), name("M"))], vec![pass()]),
        class("D", vec![starred(name("bases"))], vec![], vec![pass()]),
    ]);
    c.assert_ops(
        "<module>",
        &[
            "LoadBuildClass",
            "LoadConst <code C>",
            "MakeFunction 0",
            "LoadConst 'C'",
            "LoadName A",
            "LoadName M",
            "LoadConst ('metaclass',)",
            "CallFunctionKw 4",
            "StoreName C",
            "LoadBuildClass",
            "LoadConst <code D>",
            "MakeFunction 0",
            "LoadConst 'D'",
            "BuildList 2",
            "LoadName bases",
            "ListExtend 1",
            "ListToTuple",
            "CallFunctionEx 0",
            "StoreName D",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn decorators_apply_innermost_first() {
    let f = def_full("f", params(&[]), vec![pass()], vec![name("d1"), name("d2")], false);
    let c = compile_ok(vec![f]);
    c.assert_ops(
        "<module>",
        &[
            "LoadName d1",
            "LoadName d2",
            "LoadConst <code f>",
            "MakeFunction 0",
            "CallFunction 1",
            "CallFunction 1",
            "StoreName f",
            "LoadConst None",
            "ReturnValue",
        ],
    );
}

#[test]
fn line_numbers_follow_statements_and_the_latest_compound_expression() {
    // 1 x = 1
    // 2 y = f(a,
    // 3       g(b),
    // 4       c)
    // 5 z = 2
    let args = vec![name("a").at(2), call(name("g").at(3), vec![name("b").at(3)]).at(3), name("c").at(4)];
    let c = compile_ok(vec![
        assign(name("x"), int(1)),
        assign(name("y").at(2), call(name("f").at(2), args).at(2)).at(2),
        assign(name("z"), int(2)).at(5),
    ]);
    // 0 LoadConst 1, 1 StoreName x, 2 LoadName f, 3 LoadName a, 4 LoadName g, 5 LoadName b,
    // 6 CallFunction 1, 7 LoadName c, 8 CallFunction 3, 9 StoreName y, 10 LoadConst 2 ...
    // Like MicroPython, the call of f is on the line of g(b), the last compound argument.
    assert_eq!(*c.code.lines, [(0, 1), (2, 2), (4, 3), (10, 5)]);
    assert_eq!(c.code.line_of(8), 3);
    assert_eq!(c.code.line_of(11), 5);
}

#[test]
fn function_first_line_and_body_lines() {
    let f = def("f", params(&[]), vec![expr(name("a")).at(3), ret(None).at(4)]).at(2);
    let c = compile_ok(vec![f]);
    let code = c.code("f");
    assert_eq!(code.first_line, 2);
    assert_eq!(*code.lines, [(0, 3), (2, 4)]);
}

#[test]
fn lines_never_go_back_except_for_finally_copies() {
    // 1 def f():
    // 2     while a:
    // 3         b()
    // 4     try:
    // 5         if c: return
    // 6         d()
    // 7     finally:
    // 8         e()
    let body = vec![
        while_(name("a"), vec![expr(call(name("b"), vec![]).at(3)).at(3)], vec![]).at(2),
        try_(
            vec![if_(name("c"), vec![ret(None).at(5)], vec![]).at(5), expr(call(name("d"), vec![]).at(6)).at(6)],
            vec![],
            vec![],
            vec![expr(call(name("e"), vec![]).at(8)).at(8)],
        )
        .at(4),
    ];
    let c = compile_ok(vec![def("f", params(&[]), body)]);
    let f = c.code("f");
    let ops = c.ops("f");
    let line_of = |text: &str, nth: usize| {
        let pc = ops.iter().enumerate().filter(|(_, op)| op.as_str() == text).nth(nth).unwrap().0;
        f.line_of(pc)
    };
    // The while test, compiled after the body, keeps the body's line.
    assert_eq!(line_of("LoadGlobal a", 0), 3);
    // Three copies of the finally body: at the return, after the body, in the handler.
    assert_eq!([line_of("LoadGlobal e", 0), line_of("LoadGlobal e", 1), line_of("LoadGlobal e", 2)], [8, 8, 8]);
    // The return itself and what follows it are back on their own lines.
    assert_eq!(line_of("ReturnValue", 0), 5);
    assert_eq!(line_of("LoadGlobal d", 0), 6);
}

#[test]
fn decorated_definitions_start_at_the_first_decorator() {
    // 1 @d1(x)
    // 2 @d2
    // 3 def f(): pass
    let decorators = vec![call(name("d1"), vec![name("x")]).at(1), name("d2").at(2)];
    let c =
        compile_ok(vec![assign(name("y"), int(0)), def_full("f", params(&[]), vec![pass()], decorators, false).at(3)]);
    // 0 LoadConst 0, 1 StoreName y, 2 LoadName d1, 3 LoadName x, 4 CallFunction 1, 5 LoadName d2,
    // 6 LoadConst <code f>, 7 MakeFunction, 8-9 CallFunction 1 (applied on the last decorator's line)
    assert_eq!(*c.code.lines, [(0, 1), (5, 2)]);
    assert_eq!(c.code("f").first_line, 3);
}
