//! Generators and coroutines: a parked frame.

use crate::heap::PackedRef;
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
    /// The frame, parked (`frame.frame` is Some) while the generator is not running and not
    /// done; its buffers stay while it runs and are dropped when it is done. Held inline: a
    /// box of its own was one more allocation per generator (one per generator expression).
    pub frame: Suspended,
    /// Exception set by `pend_throw` (MicroPython), raised at the next resumption; Null if none.
    pub pending: Value,
    /// While this generator runs on behalf of a chain of `yield from`s resumed in one step
    /// (`Vm::resume_gen`), the generator parked at the `yield from` that waits for it.
    pub delegator: Option<PackedRef>,
}

impl Generator {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        self.frame.trace(f);
        f(self.pending);
        if let Some(d) = self.delegator {
            f(Value::Obj(d.get()));
        }
    }

    /// The sub-iterator of the `yield from` this generator is parked in, if any.
    pub fn yield_from_sub(&self) -> Option<Value> {
        let p = self.frame.frame.as_ref()?;
        match p.code.ops.get(p.pc) {
            Some(crate::bytecode::Op::YieldFrom) => self.frame.stack.last().copied(),
            _ => None,
        }
    }

    pub fn size_estimate(&self) -> usize {
        self.frame.stack.len() * core::mem::size_of::<Value>() + 64
    }
}

/// A generator's box is one malloc chunk glibc recycles on its fast path (at most 120 bytes
/// asked): the frame held inline must not push it past that.
const _: () = assert!(core::mem::size_of::<Generator>() <= 120);
