//! A disassembler: code objects as text, nested code objects included, for debugging and tests.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

use crate::bytecode::{code_flags, Code, Const, Op};
use crate::intern::Interner;

/// The code object and, after it, every code object among its constants (depth first).
///
/// ```text
/// code f (t.py:1) flags=GENERATOR argcount=1 stacksize=2
///   varnames: x
///   1     0 LoadFast x
///         1 YieldValue
/// ```
pub fn dis(code: &Code, interner: &Interner) -> String {
    let mut out = String::new();
    let mut pending = alloc::vec![code];
    while let Some(code) = pending.pop() {
        if !out.is_empty() {
            out.push('\n');
        }
        header(&mut out, code, interner);
        let mut line_entries = code.lines.iter().peekable();
        for (pc, op) in code.ops.iter().enumerate() {
            let line = match line_entries.peek() {
                Some(&&(at, line)) if at as usize == pc => {
                    line_entries.next();
                    line.to_string()
                }
                _ => String::new(),
            };
            let _ = writeln!(out, "  {line:>3} {pc:>5} {}", op_text(code, op, interner));
        }
        let nested = code.consts.iter().rev().filter_map(|c| match c {
            Const::Code(inner) => Some(&**inner),
            _ => None,
        });
        pending.extend(nested);
    }
    out
}

fn header(out: &mut String, code: &Code, interner: &Interner) {
    let flags: Vec<&str> = [
        (code_flags::NAMESPACE, "NAMESPACE"),
        (code_flags::VARARGS, "VARARGS"),
        (code_flags::VARKEYWORDS, "VARKEYWORDS"),
        (code_flags::GENERATOR, "GENERATOR"),
        (code_flags::COROUTINE, "COROUTINE"),
    ]
    .iter()
    .filter(|(bit, _)| code.flags & bit != 0)
    .map(|&(_, name)| name)
    .collect();
    let _ = writeln!(
        out,
        "code {} ({}:{}) flags={} argcount={} posonly={} kwonly={} stacksize={}",
        interner.str(code.name),
        interner.str(code.filename),
        code.first_line,
        flags.join("|"),
        code.argcount,
        code.posonlyargcount,
        code.kwonlyargcount,
        code.stacksize,
    );
    let names = |syms: &[crate::intern::Sym]| syms.iter().map(|&s| interner.str(s)).collect::<Vec<_>>().join(" ");
    for (title, syms) in [("varnames", &code.varnames), ("cellvars", &code.cellvars), ("freevars", &code.freevars)] {
        if !syms.is_empty() {
            let _ = writeln!(out, "  {title}: {}", names(syms));
        }
    }
}

/// One op with its argument resolved: `LoadConst 'a'`, `StoreFast x`, `Jump 7`, `CallFunction 2`.
pub fn op_text(code: &Code, op: &Op, interner: &Interner) -> String {
    let name = |i: &u32| code.names.get(*i as usize).map_or("?", |&s| interner.str(s));
    let var = |i: &u32| code.varnames.get(*i as usize).map_or("?", |&s| interner.str(s));
    let cell = |i: &u32| {
        let cells = code.cellvars.iter().chain(&code.freevars);
        cells.clone().nth(*i as usize).map_or("?", |&s| interner.str(s))
    };
    let konst = |i: &u32| code.consts.get(*i as usize).map_or("?".to_string(), |c| const_repr(c, interner));
    match op {
        Op::LoadConst(i) => format!("LoadConst {}", konst(i)),
        Op::LoadFast(i) => format!("LoadFast {}", var(i)),
        Op::LoadFast2(a, b) => format!("LoadFast2 {} {}", var(&u32::from(*a)), var(&u32::from(*b))),
        Op::StoreLoadFast(a, b) => format!("StoreLoadFast {} {}", var(&u32::from(*a)), var(&u32::from(*b))),
        Op::LoadFastConst(a, c) => format!("LoadFastConst {} {}", var(&u32::from(*a)), konst(&u32::from(*c))),
        Op::LoadFastConstBinary(a, c, op) => {
            format!("LoadFastConstBinary {} {} {:?}", var(&u32::from(*a)), konst(&u32::from(*c)), op)
        }
        Op::LoadFastSubscr(i) => format!("LoadFastSubscr {}", var(i)),
        Op::StoreFast(i) => format!("StoreFast {}", var(i)),
        Op::DeleteFast(i) => format!("DeleteFast {}", var(i)),
        Op::LoadDeref(i) => format!("LoadDeref {}", cell(i)),
        Op::StoreDeref(i) => format!("StoreDeref {}", cell(i)),
        Op::DeleteDeref(i) => format!("DeleteDeref {}", cell(i)),
        Op::LoadClosure(i) => format!("LoadClosure {}", cell(i)),
        Op::LoadClassDeref { name: n, cell: c } => format!("LoadClassDeref {} {}", name(n), cell(&u32::from(*c))),
        Op::LoadGlobal(i) => format!("LoadGlobal {}", name(i)),
        Op::StoreGlobal(i) => format!("StoreGlobal {}", name(i)),
        Op::DeleteGlobal(i) => format!("DeleteGlobal {}", name(i)),
        Op::LoadName(i) => format!("LoadName {}", name(i)),
        Op::StoreName(i) => format!("StoreName {}", name(i)),
        Op::DeleteName(i) => format!("DeleteName {}", name(i)),
        Op::LoadAttr(i) => format!("LoadAttr {}", name(i)),
        Op::StoreAttr(i) => format!("StoreAttr {}", name(i)),
        Op::DeleteAttr(i) => format!("DeleteAttr {}", name(i)),
        Op::LoadMethod(i) => format!("LoadMethod {}", name(i)),
        Op::ImportName(i) => format!("ImportName {}", name(i)),
        Op::ImportFrom(i) => format!("ImportFrom {}", name(i)),
        Op::UnpackEx { before, after } => format!("UnpackEx {before} {after}"),
        other => {
            // `CallFunction(2)` -> `CallFunction 2`, `Binary(Add)` -> `Binary Add`.
            let text = format!("{other:?}");
            text.replace('(', " ").replace(')', "")
        }
    }
}

fn const_repr(c: &Const, interner: &Interner) -> String {
    match c {
        Const::None => "None".into(),
        Const::Bool(b) => (if *b { "True" } else { "False" }).into(),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Int(i) => i.to_string(),
        Const::BigInt(digits) => digits.clone(),
        Const::Float(f) => format!("{f:?}"),
        Const::Complex(re, im) => format!("({re:?}+{im:?}j)"),
        Const::Str(s) => format!("'{}'", s.escape_debug()),
        Const::Bytes(b) => format!("b'{}'", b.escape_ascii()),
        Const::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(|c| const_repr(c, interner)).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Const::Code(code) => format!("<code {}>", interner.str(code.name)),
    }
}
