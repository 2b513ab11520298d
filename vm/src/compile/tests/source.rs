//! Through the real parser: MicroPython's syntax-error cases and messages, and whole programs.

use alloc::string::String;

use super::Compiled;
use crate::compile::compile;
use crate::error::{Mode, SyntaxError};
use crate::intern::Interner;
use crate::parse::parse;
use crate::stack::StackGuard;

fn compile_src(src: &str) -> Result<Compiled, SyntaxError> {
    let body = parse(src, Mode::Exec, StackGuard::UNCHECKED)?;
    let mut interner = Interner::new();
    let code = compile(&body, Mode::Exec, "t.py", 0, &mut interner, StackGuard::UNCHECKED)?;
    Ok(Compiled { code, interner })
}

fn error_of(src: &str) -> String {
    match compile_src(src) {
        Ok(c) => panic!("{src:?} compiled:\n{}", c.dis()),
        Err(e) => e.msg.clone(),
    }
}

/// Every case of MicroPython's `basics/syntaxerror.py` and `basics/python34.py`.
#[test]
fn micropython_syntax_error_cases() {
    for src in [
        "a \\a\n",
        "def f():\n  a\n a\n",
        "'abc",
        "!",
        "$",
        "`",
        " a\n",
        "123z",
        "1 or 2 or",
        "{1:",
        "1 = 2",
        "'' = 1",
        "{} = 1",
        "(i for i in a) = 1",
        "f() = 1",
        "f**2 = 1",
        "f[0]**2 = 1",
        "x = *x",
        "*a, *b = c",
        "a, b += c",
        "(a, b) += c",
        "[a, b] += c",
        "def f(a=1, b): pass",
        "del f()",
        "del f[0]**2",
        "del (a for a in a)",
        "break",
        "continue",
        "yield",
        "nonlocal a",
        "await 1",
        "try:\n a\nexcept:\n pass\nexcept:\n pass",
        "f(1=2)",
        "f(a=1, 2)",
        "{1:2, 3}",
        "{1, 2:3}",
        "'abc' b'def'",
        "def f(a, a): pass",
        "def f():\n def g():\n  nonlocal a",
        "def f(x):\n global x",
        "def f(x):\n nonlocal x",
        "def f():\n nonlocal x\n global x",
        "def f(x, *a, *):\n pass",
        "lambda x, *a, *: 1",
        "def f(x, *a, **kw, r):\n pass",
        "lambda x, *a, **kw, r: 1",
        "f(**a, b)",
        "() = []",
        "del ()",
    ] {
        assert!(compile_src(src).is_err(), "{src:?} compiled");
    }
}

/// Messages of errors found by the compiler, as MicroPython prints them.
#[test]
fn micropython_messages() {
    for (src, msg) in [
        ("return 1", "'return' outside function"),
        ("class A:\n return 1", "'return' outside function"),
        ("break", "'break'/'continue' outside loop"),
        ("def f():\n try:\n  pass\n finally:\n  continue", "'break'/'continue' outside loop"),
        ("while 1:\n def f():\n  break", "'break'/'continue' outside loop"),
        ("for i in x: pass\nelse:\n break", "'break'/'continue' outside loop"),
        ("yield", "'yield' outside function"),
        ("def f():\n class A:\n  x = yield 1", "'yield' outside function"),
        ("def f():\n return [(yield) for i in x]", "'yield' outside function"),
        ("await 1", "'await' outside function"),
        ("async def f():\n [await x for i in y]", "'await' outside function"),
        ("def f():\n async with x: pass", "async for/with outside async function"),
        ("async for x in y: pass", "async for/with outside async function"),
        ("nonlocal a", "can't declare nonlocal in outer code"),
        ("def f(a, a): pass", "argument name reused"),
        ("def f(*, a, **a): pass", "argument name reused"),
        ("def f():\n def g():\n  nonlocal a", "no binding for nonlocal found"),
        ("class A:\n def f(self):\n  nonlocal x", "no binding for nonlocal found"),
        ("x = 1\ndef f():\n global x\n def g():\n  nonlocal x", "no binding for nonlocal found"),
        ("def f(x):\n global x", "identifier redefined as global"),
        ("def f():\n print(a)\n global a", "identifier redefined as global"),
        ("class A:\n x = 1\n global x", "identifier redefined as global"),
        ("def f(x):\n nonlocal x", "identifier redefined as nonlocal"),
        ("def f():\n global x\n nonlocal x", "identifier redefined as nonlocal"),
        ("([i := i + 1 for i in range(4)])", "identifier redefined as global"),
        ("([i := -1 for i, j in [(1, 2)]])", "identifier redefined as global"),
        ("([[(i := j) for i in range(2)] for j in range(2)])", "identifier redefined as nonlocal"),
        ("class A:\n [(y := i) for i in range(3)]", "no binding for nonlocal found"),
        ("*a = 1", "can't assign to expression"),
        ("*a, *b = c", "multiple *x in assignment"),
        ("x = *x", "*x must be assignment target"),
        ("del f()", "can't delete expression"),
        ("def f():\n from m import *", "import * not at module level"),
        ("class A:\n def f():\n  return super()", "super() can't find self"),
        ("def f(): super()", "super() can't find self"),
    ] {
        assert_eq!(error_of(src), msg, "{src:?}");
    }
}

/// The first error stops the compilation (`Compiler::fail`): nothing after it, above or below,
/// replaces it, and its line is where it was found.
#[test]
fn the_first_compile_error_wins() {
    for (src, msg, line) in [
        ("def f():\n  for x in y:\n    try:\n      return\n    finally:\n      break\n  continue\nreturn\n", "'break'/'continue' outside loop", 7),
        ("x = [a for a in b]\nif a:\n  pass\nelse:\n  break\nreturn 1\n", "'break'/'continue' outside loop", 5),
        ("class C:\n  def f():\n    g(super())\n  return\n", "super() can't find self", 3),
        ("while x:\n  def g():\n    yield [(yield) for a in b]\n  break\nreturn\n", "'yield' outside function", 3),
        ("def f():\n  global x\n  nonlocal x\n  [(yield) for a in b]\nasync for a in b: pass\n", "identifier redefined as nonlocal", 3),
    ] {
        match compile_src(src) {
            Ok(c) => panic!("{src:?} compiled:\n{}", c.dis()),
            Err(e) => assert_eq!((e.msg.as_ref(), e.line), (msg, line), "{src:?}"),
        }
    }
}

/// Valid in MicroPython (some are not in CPython).
#[test]
fn micropython_accepts() {
    for src in [
        "([[(j := i) for i in range(2)] for j in range(2)])",
        "def f():\n x=1\n class A:\n  nonlocal x\n  x = 2",
        "lambda: (yield)",
        "def f():\n await x",
        "while 1:\n try:\n  pass\n finally:\n  break",
        "def f():\n x = 1\n def g():\n  return x\n del x",
        "[(x := i) for i in range(3)]\nprint(x)",
        "def f():\n class A:\n  (x := 1)",
        "def f():\n return (yield)",
        "async def f():\n async with a as b, c as d: pass",
        "class A:\n def f(self):\n  super().f()\n  return __class__",
        "f(*a, b)",
        "f(a, *b, c, **d, e=1)",
    ] {
        if let Err(e) = compile_src(src) {
            panic!("{src:?}: {}", e.msg);
        }
    }
}

/// MicroPython refuses a `*arg` at position 62 or later (`stress/fun_call_limit.py`).
#[test]
fn star_argument_position_limit() {
    let call = |n: usize| {
        let args: alloc::vec::Vec<String> = (0..n).map(|i| alloc::format!("{i}")).collect();
        alloc::format!("f({}, *(100, 101), 102, 103)", args.join(","))
    };
    assert!(compile_src(&call(61)).is_ok());
    assert_eq!(error_of(&call(62)), "too many args");
}

#[test]
fn a_program_using_most_of_the_language() {
    let src = r#"
import sys
from os import path as p
x: int = 1
def deco(f): return f
@deco
def gen(a, b=2, *args, c, d=4, **kw):
    nonlocal_target = 0
    def inner():
        nonlocal nonlocal_target
        nonlocal_target += 1
        return nonlocal_target
    for i in range(a):
        if i % 2: continue
        elif i > 10: break
        yield i
    else:
        yield from args
    try:
        with open(p) as fh, open(p) as gh:
            return fh.read()
    except (OSError, ValueError) as e:
        raise RuntimeError("x") from e
    finally:
        inner()
class K(object, metaclass=type):
    attr = [n ** 2 for n in range(3) if n]
    def m(self, *, k=1):
        return super().m(k=k), __class__
async def co(q):
    async with q as r:
        async for item in r:
            await item
    return {**{}, 'a': 1}, {1, *q}, [*q], (*q,)
assert x, f"{x!r:>{4}}"
del x
lam = lambda y=1: (y, -y, not y, y if y else ~y)
a, (b, *c), d = 1, (2, 3, 4), 5
a[1:2], b.c = 1, 2
print(1 < a <= 3, a and b or c, {k: v for k, v in {}.items()}, {s for s in ''})
while a:
    a -= 1
"#;
    let c = match compile_src(src) {
        Ok(c) => c,
        Err(e) => panic!("line {}: {}", e.line, e.msg),
    };
    let text = c.dis();
    for name in ["gen", "inner", "K", "m", "co", "<lambda>", "<listcomp>", "<dictcomp>", "<setcomp>"] {
        assert!(text.contains(&alloc::format!("code {name} ")), "{name} missing:\n{text}");
    }
    assert_eq!(c.names(&c.code("gen").cellvars), ["nonlocal_target"]);
    assert_eq!(c.names(&c.code("K").cellvars), ["__class__"]);
}

/// Operand pairs are `u16`s (so an op is 8 bytes): past 65,535 the program is refused with a
/// SyntaxError, never truncated into a wrong operand.
#[test]
fn operand_pairs_past_u16_are_refused() {
    let names: alloc::vec::Vec<String> = (0..65_537).map(|i| alloc::format!("v{i}")).collect();
    let all = names.join(",");
    let class = alloc::format!("def f():\n {all} = range(65537)\n class C:\n  t = ({all})\n");
    assert_eq!(error_of(&class), "too many free variables");
    let star = alloc::format!("{all}, *rest = range(70000)\n");
    assert_eq!(error_of(&star), "too many items in assignment");
    let fits = alloc::format!("def f():\n {all} = range(65537)\n class C:\n  t = ({})\n", names[..65_536].join(","));
    assert!(compile_src(&fits).is_ok());
}

/// The builder follows the stack depth as it emits: loop bodies, entered by the jump back from
/// the test compiled after them, count; code no path reaches does not, including a `while`
/// body under a constant false test. A test false without being a constant (`x and 0`) has
/// its body counted: too large a size, never too small.
#[test]
fn stack_size_counts_loop_bodies_and_skips_unreachable_code() {
    let size = |src: &str| compile_src(src).unwrap_or_else(|e| panic!("{src:?}: {}", e.msg)).code.stacksize;
    assert_eq!(size("while x:\n  f(a, b, c)\n"), 4);
    assert_eq!(size("for i in x:\n  f(a, b, c)\n"), 5);
    assert_eq!(size("while 1:\n  f(a, b)\n"), 3);
    assert_eq!(size("while False:\n  f(a, b, c, d)\nx = 1\n"), 1);
    assert_eq!(size("while x and 0:\n  f(a, b, c, d)\n"), 5);
    assert_eq!(size("def g():\n  return 1\n  f(a, b, c, d)\n"), 1);
    assert_eq!(compile_src("def g():\n  return 1\n  f(a, b, c, d)\n").unwrap().code("g").stacksize, 1);
}
