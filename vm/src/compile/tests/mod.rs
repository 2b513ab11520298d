//! Compiler tests: syntax trees built by hand, checked by disassembly, scope results and errors.

mod build;
mod errors;
mod expressions;
mod fuzz;
mod scopes;
mod source;
mod statements;

use alloc::string::String;
use alloc::vec::Vec;

use super::{compile, dis};
use crate::ast::Stmt;
use crate::bytecode::{Code, Const};
use crate::error::Mode;
use crate::intern::Interner;

pub struct Compiled {
    pub code: Code,
    pub interner: Interner,
}

impl Compiled {
    /// The code object named `name`, searched depth first from the module.
    pub fn code(&self, name: &str) -> &Code {
        find(&self.code, name, &self.interner).unwrap_or_else(|| panic!("no code object {name}\n{}", self.dis()))
    }

    pub fn dis(&self) -> String {
        dis(&self.code, &self.interner)
    }

    /// The ops of code object `name` as text, e.g. `LoadFast x`.
    pub fn ops(&self, name: &str) -> Vec<String> {
        let code = self.code(name);
        code.ops.iter().map(|op| super::dis::op_text(code, op, &self.interner)).collect()
    }

    pub fn names(&self, syms: &[crate::intern::Sym]) -> Vec<&str> {
        syms.iter().map(|&s| self.interner.str(s)).collect()
    }

    #[track_caller]
    pub fn assert_ops(&self, name: &str, expected: &[&str]) {
        let ops = self.ops(name);
        assert_eq!(ops, expected, "ops of {name}:\n{}", self.dis());
    }
}

fn find<'c>(code: &'c Code, name: &str, interner: &Interner) -> Option<&'c Code> {
    if interner.str(code.name) == name {
        return Some(code);
    }
    code.consts.iter().find_map(|c| match c {
        Const::Code(inner) => find(inner, name, interner),
        _ => None,
    })
}

#[track_caller]
pub fn compile_mode(body: Vec<Stmt>, mode: Mode) -> Compiled {
    let mut interner = Interner::new();
    match compile(&body, mode, "t.py", 0, &mut interner, crate::stack::StackGuard::UNCHECKED) {
        Ok(code) => Compiled { code, interner },
        Err(e) => panic!("unexpected error: {e:?}"),
    }
}

#[track_caller]
pub fn compile_ok(body: Vec<Stmt>) -> Compiled {
    compile_mode(body, Mode::Exec)
}

#[track_caller]
pub fn compile_err(body: Vec<Stmt>) -> String {
    let mut interner = Interner::new();
    match compile(&body, Mode::Exec, "t.py", 0, &mut interner, crate::stack::StackGuard::UNCHECKED) {
        Ok(code) => panic!("expected an error, got\n{}", dis(&code, &interner)),
        Err(e) => e.msg.clone(),
    }
}
