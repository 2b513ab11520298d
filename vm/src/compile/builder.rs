//! Accumulates one code object's instructions, constants, names and line table.
//!
//! Jumps are emitted to labels and patched to absolute op indices when the code is finished, so
//! forward jumps need no back-patching by hand. The operand stack depth is followed as ops are
//! emitted (as MicroPython's emitter does): no flow analysis over the finished code.

use alloc::vec::Vec;

use super::stack;
use crate::bytecode::{Const, Op};
use crate::error::SyntaxError;
use crate::intern::Sym;

/// A jump target, bound to an op index with [`CodeBuilder::bind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(u32);

/// What the builder knows of a label: where it is bound and the stack depth there, once a
/// reachable jump or the code falling through to it says.
#[derive(Debug, Default, Clone, Copy)]
struct LabelAt {
    pc: Option<u32>,
    depth: Option<u32>,
}

#[derive(Debug, Default)]
pub struct CodeBuilder {
    ops: Vec<Op>,
    consts: Vec<Const>,
    names: Vec<Sym>,
    lines: Vec<(u32, u32)>,
    /// Source line given to the ops emitted next.
    line: u32,
    labels: Vec<LabelAt>,
    /// Operand stack depth before the op emitted next; `None` where no path reaches it (after a
    /// jump, return or raise, until a label some jump reaches is bound).
    depth: Option<u32>,
    /// The greatest depth reached so far: the code's stack size.
    max: u32,
    /// The first inconsistency found in the ops emitted, a compiler bug.
    broken: Option<&'static str>,
}

/// The parts of a finished code object that the builder produces.
pub struct Built {
    pub ops: Vec<Op>,
    pub consts: Vec<Const>,
    pub names: Vec<Sym>,
    pub lines: Vec<(u32, u32)>,
    pub stacksize: u32,
}

impl CodeBuilder {
    pub fn new(line: u32) -> Self {
        CodeBuilder { line, depth: Some(0), ..Default::default() }
    }

    /// Move the line of the ops emitted next forward to `line`. As in MicroPython, lines never
    /// go back (so a `while` test compiled after its body reports the body's last line), except
    /// through [`CodeBuilder::rewind_line`]. Line 0 means unknown and changes nothing.
    pub fn set_line(&mut self, line: u32) {
        self.line = self.line.max(line);
    }

    /// Go back to an earlier line: for a finally body compiled again after later code, and for
    /// the code that follows such a copy.
    pub fn rewind_line(&mut self, line: u32) {
        if line != 0 {
            self.line = line;
        }
    }

    /// Line of the ops emitted next.
    pub fn line(&self) -> u32 {
        self.line
    }

    pub fn emit(&mut self, op: Op) {
        let pc = self.ops.len() as u32;
        if self.lines.last().is_some_and(|&(at, _)| at == pc) {
            // The line changed again before any op used the previous one.
            self.lines.pop();
        }
        if self.lines.last().map(|&(_, line)| line) != Some(self.line) {
            self.lines.push((pc, self.line));
        }
        if let Some(depth) = self.depth {
            self.follow(&op, depth);
        }
        self.ops.push(op);
    }

    /// Moves the running depth over `op`, run from `depth`, recording the depth at its jump
    /// target. Ops no path reaches are not followed, so they count for nothing, as before.
    fn follow(&mut self, op: &Op, depth: u32) {
        let (needs, leaves) = stack::stack_io(op);
        let Some(rest) = depth.checked_sub(needs) else {
            return self.broke("stack underflow");
        };
        if let Some((label, delta)) = stack::branch(op) {
            self.reach(label, depth.wrapping_add_signed(delta));
        }
        let after = rest + leaves;
        self.max = self.max.max(after);
        self.depth = stack::falls_through(op).then_some(after);
    }

    /// A reachable path arrives at `label` with `depth` entries on the stack.
    fn reach(&mut self, label: u32, depth: u32) {
        self.max = self.max.max(depth);
        let Some(at) = self.labels.get_mut(label as usize) else {
            return self.broke("unknown label");
        };
        match at.depth {
            Some(d) if d != depth => self.broke("inconsistent stack depth"),
            // A jump back to code that was passed over as unreachable: its depths were not counted.
            None if at.pc.is_some() => self.broke("jump to code taken for unreachable"),
            _ => at.depth = Some(depth),
        }
    }

    fn broke(&mut self, what: &'static str) {
        self.broken.get_or_insert(what);
    }

    pub fn new_label(&mut self) -> Label {
        self.labels.push(LabelAt::default());
        Label(self.labels.len() as u32 - 1)
    }

    /// The next op emitted is the label's target. Code falling through to it and the jumps
    /// already made to it must agree on the depth; with neither, the code that follows is
    /// unreachable unless a later jump back to it is announced with [`CodeBuilder::loop_top`].
    pub fn bind(&mut self, label: Label) {
        if let Some(depth) = self.depth {
            self.reach(label.0, depth);
        }
        if let Some(at) = self.labels.get_mut(label.0 as usize) {
            at.pc = Some(self.ops.len() as u32);
            self.depth = at.depth;
        }
    }

    /// Binds `top`, the start of a loop body reached only by a jump back from the loop's test
    /// at `test` (bound later): the body starts with `extra` more entries than the jump to
    /// `test` had (an iterator's item). The body is taken for reachable when that jump was, so
    /// a test that can never be true without being a constant (`while x and 0:`) has its
    /// body's depths counted, where a flow analysis would skip them: a stack size too large,
    /// never too small.
    pub fn loop_top(&mut self, top: Label, test: Label, extra: u32) {
        self.depth = self.labels.get(test.0 as usize).and_then(|at| at.depth).map(|d| d + extra);
        self.bind(top);
    }

    /// Emit a jump-like op (`Op::Jump`, `Op::ForIter`, ...) to `label`.
    pub fn jump(&mut self, make: fn(u32) -> Op, label: Label) {
        self.emit(make(label.0));
    }

    /// Index of `c` in the constant table, adding it if new. Floats compare by bits so that
    /// `0.0` and `-0.0` stay distinct; code objects are never shared.
    pub fn add_const(&mut self, c: Const) -> u32 {
        let shared = !matches!(c, Const::Code(_));
        if let Some(i) = self.consts.iter().position(|k| shared && same_const(k, &c)) {
            return i as u32;
        }
        self.consts.push(c);
        self.consts.len() as u32 - 1
    }

    pub fn add_name(&mut self, name: Sym) -> u32 {
        if let Some(i) = self.names.iter().position(|&n| n == name) {
            return i as u32;
        }
        self.names.push(name);
        self.names.len() as u32 - 1
    }

    /// Resolve labels to op indices and give the stack size. An error describes a compiler
    /// bug (see [`internal_error`]).
    pub fn finish(self) -> Result<Built, &'static str> {
        if let Some(what) = self.broken {
            return Err(what);
        }
        if self.depth.is_some() {
            return Err("execution runs past the end of the code");
        }
        let mut ops = self.ops;
        for op in &mut ops {
            if let Some(label) = stack::target_mut(op) {
                match self.labels.get(*label as usize).and_then(|at| at.pc) {
                    Some(pc) => *label = pc,
                    None => return Err("unbound label"),
                }
            }
        }
        let stacksize = self.max;
        super::fuse::pairs(&mut ops);
        Ok(Built { ops, consts: self.consts, names: self.names, lines: self.lines, stacksize })
    }
}

/// An inconsistency between the compiler's passes, or in the code it made: a bug, reported as
/// an error rather than a panic. One function for every site: each `format!` is a call of its own.
pub fn internal_error(what: &str, line: u32) -> SyntaxError {
    SyntaxError::new(alloc::format!("internal compiler error: {what}"), line, 0)
}

/// Every kind by hand, not `Const`'s derived `==`: that one compares code objects field by
/// field, and calling it put the whole derived `Code` comparison into the wasm (~2 KB).
fn same_const(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::None, Const::None) | (Const::Ellipsis, Const::Ellipsis) => true,
        (Const::Bool(x), Const::Bool(y)) => x == y,
        (Const::Int(x), Const::Int(y)) => x == y,
        (Const::BigInt(x), Const::BigInt(y)) | (Const::Str(x), Const::Str(y)) => x == y,
        (Const::Bytes(x), Const::Bytes(y)) => x == y,
        (Const::Float(x), Const::Float(y)) => x.to_bits() == y.to_bits(),
        (Const::Complex(xr, xi), Const::Complex(yr, yi)) => {
            xr.to_bits() == yr.to_bits() && xi.to_bits() == yi.to_bits()
        }
        (Const::Tuple(xs), Const::Tuple(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_const(x, y))
        }
        // Different kinds, and code objects (never shared).
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::rc::Rc;
    use alloc::vec;

    #[test]
    fn equal_constants_share_a_slot_and_different_kinds_do_not() {
        let mut b = CodeBuilder::new(1);
        let same = [
            Const::None,
            Const::Ellipsis,
            Const::Bool(true),
            Const::Int(1),
            Const::BigInt("99999999999999999999".into()),
            Const::Str("a".into()),
            Const::Bytes(vec![1]),
            Const::Float(0.0),
            Const::Complex(0.0, 1.0),
            Const::Tuple(vec![Const::Int(1), Const::Str("a".into())]),
        ];
        let first: Vec<u32> = same.iter().map(|c| b.add_const(c.clone())).collect();
        let again: Vec<u32> = same.iter().map(|c| b.add_const(c.clone())).collect();
        assert_eq!(first, (0..same.len() as u32).collect::<Vec<_>>());
        assert_eq!(again, first);
        // `True` is not `1`, the text "1" is not b"1", -0.0 is not 0.0, and code is never shared.
        for c in [Const::Str("1".into()), Const::Bytes(vec![b'1']), Const::Float(-0.0), Const::Complex(0.0, -1.0)] {
            assert_eq!(b.add_const(c), b.consts.len() as u32 - 1);
        }
        let code = Rc::new(crate::bytecode::Code::default());
        let (x, y) = (b.add_const(Const::Code(code.clone())), b.add_const(Const::Code(code)));
        assert_ne!(x, y);
    }
}
