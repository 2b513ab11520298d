//! How much native (Rust) stack the VM may use.
//!
//! Python calls run on the VM's own frame stack, but some things recurse in Rust: repr, ==,
//! hash and ordering of nested data, the parser and compiler on nested source, native code
//! calling back into Python. A level count cannot bound those on a chip with 64 KB of stack
//! (a level of repr and a level of the parser differ by 5×); bytes can. Like MicroPython's
//! `mp_stack_check`, exceeding the budget is `RuntimeError: maximum recursion depth exceeded`.

/// The lowest stack address native recursion may reach. Stacks grow down on every target
/// the VM runs on (x86-64, RISC-V, Xtensa, and wasm's shadow stack).
#[derive(Clone, Copy, Debug)]
pub struct StackGuard {
    limit: usize,
}

impl StackGuard {
    /// A guard allowing `budget` bytes below the caller's frame; 0 means unchecked.
    pub fn below_here(budget: usize) -> StackGuard {
        let limit = if budget == 0 { 0 } else { here().saturating_sub(budget) };
        StackGuard { limit }
    }

    /// A guard that never trips (tests and tools that run without a Vm).
    pub const UNCHECKED: StackGuard = StackGuard { limit: 0 };

    /// True once the caller's frame lies beyond the budget.
    #[inline(always)]
    pub fn exceeded(&self) -> bool {
        here() < self.limit
    }
}

/// The address of a local in the caller's frame: a safe pointer-to-integer cast.
#[inline(always)]
fn here() -> usize {
    let probe = 0u8;
    core::hint::black_box(&probe) as *const u8 as usize
}

#[cfg(test)]
mod tests {
    use super::StackGuard;

    fn depth_reached(guard: StackGuard, n: usize) -> usize {
        if guard.exceeded() {
            return n;
        }
        let pad = core::hint::black_box([0u8; 256]);
        depth_reached(guard, n + 1) + pad[0] as usize
    }

    #[test]
    fn recursion_stops_within_the_budget() {
        let levels = depth_reached(StackGuard::below_here(64 * 1024), 0);
        assert!(levels > 16 && levels < 64 * 1024 / 256, "stopped after {levels} levels");
    }

    #[test]
    fn zero_budget_never_trips() {
        assert!(!StackGuard::below_here(0).exceeded());
        assert!(!StackGuard::UNCHECKED.exceeded());
    }
}
