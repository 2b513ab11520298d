//! Generators and coroutines: a parked frame.

use alloc::boxed::Box;

use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::frame::Suspended;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenState {
    /// Created, not started: only `send(None)` is allowed.
    Created,
    Suspended,
    Running,
    Done,
}

pub struct Generator {
    pub state: GenState,
    pub name: Sym,
    pub coroutine: bool,
    /// The frame, while the generator is not running and not done.
    pub frame: Option<Box<Suspended>>,
    /// Exception set by `pend_throw` (MicroPython), raised at the next resumption; Null if none.
    pub pending: Value,
    /// While this generator runs on behalf of a chain of `yield from`s resumed in one step
    /// (`Vm::resume_gen`), the generator parked at the `yield from` that waits for it.
    pub delegator: Option<ObjRef>,
}

impl Generator {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        if let Some(s) = &self.frame {
            s.trace(f);
        }
        f(self.pending);
        if let Some(d) = self.delegator {
            f(Value::Obj(d));
        }
    }

    /// The sub-iterator of the `yield from` this generator is parked in, if any.
    pub fn yield_from_sub(&self) -> Option<Value> {
        let s = self.frame.as_deref()?;
        let p = s.frame.as_ref()?;
        match p.code.ops.get(p.pc) {
            Some(crate::bytecode::Op::YieldFrom) => s.stack.last().copied(),
            _ => None,
        }
    }

    pub fn size_estimate(&self) -> usize {
        self.frame.as_ref().map_or(0, |s| s.stack.len() * core::mem::size_of::<Value>()) + 64
    }
}
