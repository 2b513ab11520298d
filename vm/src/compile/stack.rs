//! Operand stack depths: what each op takes and leaves, as documented in `bytecode.rs`, and where
//! it may jump. The builder follows the depth with these as ops are emitted, which yields
//! `Code::stacksize` and checks that every path agrees on the depth at every op and never
//! underflows (a compiler bug otherwise, reported as an error instead of miscompiling).

use crate::bytecode::{format_flags, make_function_flags, Op};

/// `(needs, leaves)`: the entries an op needs on top of the stack (popped or only looked at) and
/// what it leaves in their place when execution continues with the next op.
pub(super) fn stack_io(op: &Op) -> (u32, u32) {
    use Op::*;
    let n = |x: &u32| *x;
    match op {
        Nop | Jump(_) | SetupExcept(_) | PopBlock | PopExcept => (0, 0),
        DeleteFast(_) | DeleteDeref(_) | DeleteGlobal(_) | DeleteName(_) => (0, 0),
        LoadFast2(..) | LoadFastConst(..) => (0, 2),
        LoadFastConstBinary(..) => (0, 1),
        StoreLoadFast(..) | LoadFastSubscr(_) => (1, 1),
        LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadClosure(_) | LoadClassDeref { .. } | LoadGlobal(_) => (0, 1),
        LoadName(_) | LoadAssertionError | LoadBuildClass | LoadLocals => (0, 1),
        Pop | ForIter(_) | StoreFast(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) | DeleteAttr(_) => (1, 0),
        PopJumpIfFalse(_) | PopJumpIfTrue(_) | JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => (1, 0),
        ReturnValue | Reraise | WithExit | ImportStar | PrintExpr => (1, 0),
        LoadAttr(_) | Unary(_) | GetIter | ListToTuple | YieldValue | GetYieldFromIter => (1, 1),
        GetAwaitable | GetAIter | AsyncWithExit => (1, 1),
        Dup | LoadMethod(_) | GetANext | BeforeWith | BeforeAsyncWith | ImportFrom(_) => (1, 2),
        Rot2 | ExcMatch => (2, 2),
        Rot3 => (3, 3),
        Rot4 => (4, 4),
        AugLoadSubscr => (2, 3),
        StoreAttr(_) | DeleteSubscr => (2, 0),
        LoadSubscr | Binary(_) | Inplace(_) | Compare(_) | YieldFrom | ImportName(_) => (2, 1),
        WithExcept | AsyncWithExcept => (2, 3),
        StoreSubscr | AugStoreSubscr => (3, 0),
        BuildTuple(k) | BuildList(k) | BuildSlice(k) | BuildString(k) => (n(k), 1),
        BuildSet(k) => (crate::bytecode::split_sized(*k).0 as u32, 1),
        BuildMap(k) => (2 * crate::bytecode::split_sized(*k).0 as u32, 1),
        FormatValue(flags) => (if flags & format_flags::HAS_SPEC != 0 { 2 } else { 1 }, 1),
        // The container stays, `depth` entries down.
        ListAppend(d) | SetAdd(d) | ListExtend(d) | SetUpdate(d) | DictUpdate(d) | DictMerge(d) => (n(d) + 1, n(d)),
        MapAdd(d) => (n(d) + 2, n(d)),
        UnpackSequence(k) => (1, n(k)),
        UnpackEx { before, after } => (1, u32::from(*before) + u32::from(*after) + 1),
        CallFunction(k) => (n(k) + 1, 1),
        CallFunctionKw(k) | CallMethod(k) => (n(k) + 2, 1),
        CallMethodKw(k) => (n(k) + 3, 1),
        CallComprehension(k) => (n(k) + 2, 1),
        CallFunctionEx(flags) => (2 + u32::from(flags & 1), 1),
        MakeFunction(flags) => {
            let optional =
                make_function_flags::DEFAULTS | make_function_flags::KWDEFAULTS | make_function_flags::CLOSURE;
            (1 + (flags & optional).count_ones(), 1)
        }
        Raise(k) => (u32::from(*k), 0),
    }
}

/// Does execution continue with the next op (always, or when a branch is not taken)?
pub(super) fn falls_through(op: &Op) -> bool {
    !matches!(op, Op::Jump(_) | Op::ReturnValue | Op::Raise(_) | Op::Reraise)
}

/// A branch: its target and the depth change, from before the op, when it is taken.
pub(super) fn branch(op: &Op) -> Option<(u32, i32)> {
    match *op {
        Op::Jump(t) | Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => Some((t, 0)),
        Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => Some((t, -1)),
        // An item is pushed (and an exhausted iterator popped, falling through).
        Op::ForIter(t) => Some((t, 1)),
        // The handler starts with the stack cut back to this depth plus the exception.
        Op::SetupExcept(t) => Some((t, 1)),
        _ => None,
    }
}

/// The jump target of an op, if it has one, to rewrite in place (a label becomes a pc).
pub fn target_mut(op: &mut Op) -> Option<&mut u32> {
    use Op::*;
    match op {
        Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t) => Some(t),
        ForIter(t) | SetupExcept(t) => Some(t),
        _ => None,
    }
}
