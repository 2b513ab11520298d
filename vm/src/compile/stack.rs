//! Operand stack depths: each op's effect as documented in `bytecode.rs`, and a flow analysis
//! over finished code that yields `Code::stacksize` and checks that every path agrees on the depth
//! at every instruction (a compiler bug otherwise, reported instead of miscompiling).

use alloc::vec;
use alloc::vec::Vec;

use crate::bytecode::{make_function_flags, format_flags, Op};

/// What an op does to the stack depth.
struct Effect {
    /// Change when execution continues with the next op; `None` if it never does.
    next: Option<i64>,
    /// Jump target and the change when the jump is taken.
    jump: Option<(u32, i64)>,
}

fn flow(next: i64) -> Effect {
    Effect { next: Some(next), jump: None }
}

fn end() -> Effect {
    Effect { next: None, jump: None }
}

fn effect(op: &Op) -> Effect {
    use Op::*;
    let n = |x: &u32| i64::from(*x);
    match op {
        Nop | Rot2 | Rot3 | Rot4 => flow(0),
        Pop => flow(-1),
        Dup => flow(1),
        Dup2 => flow(2),
        LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadClosure(_) | LoadClassDeref { .. }
        | LoadGlobal(_) | LoadName(_) | LoadAssertionError | LoadBuildClass | LoadLocals => flow(1),
        StoreFast(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) => flow(-1),
        DeleteFast(_) | DeleteDeref(_) | DeleteGlobal(_) | DeleteName(_) => flow(0),
        LoadAttr(_) => flow(0),
        StoreAttr(_) => flow(-2),
        DeleteAttr(_) => flow(-1),
        LoadMethod(_) => flow(1),
        LoadSubscr => flow(-1),
        StoreSubscr => flow(-3),
        DeleteSubscr => flow(-2),
        Unary(_) | ExcMatch => flow(0),
        Binary(_) | Inplace(_) | Compare(_) => flow(-1),
        Jump(t) => Effect { next: None, jump: Some((*t, 0)) },
        PopJumpIfFalse(t) | PopJumpIfTrue(t) => Effect { next: Some(-1), jump: Some((*t, -1)) },
        JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t) => Effect { next: Some(-1), jump: Some((*t, 0)) },
        GetIter => flow(0),
        ForIter(t) => Effect { next: Some(1), jump: Some((*t, -1)) },
        BuildTuple(k) | BuildList(k) | BuildSet(k) | BuildSlice(k) | BuildString(k) => flow(1 - n(k)),
        BuildMap(k) => flow(1 - 2 * n(k)),
        FormatValue(flags) => flow(if flags & format_flags::HAS_SPEC != 0 { -1 } else { 0 }),
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) => flow(-1),
        MapAdd(_) => flow(-2),
        ListToTuple => flow(0),
        UnpackSequence(k) => flow(n(k) - 1),
        UnpackEx { before, after } => flow(i64::from(*before) + i64::from(*after)),
        CallFunction(k) => flow(-n(k)),
        CallFunctionKw(k) | CallMethod(k) => flow(-n(k) - 1),
        CallMethodKw(k) => flow(-n(k) - 2),
        CallFunctionEx(flags) => flow(-1 - i64::from(flags & 1)),
        MakeFunction(flags) => {
            let all = make_function_flags::DEFAULTS | make_function_flags::KWDEFAULTS | make_function_flags::CLOSURE;
            flow(-i64::from((flags & all).count_ones()))
        }
        ReturnValue | Raise(_) | Reraise => end(),
        YieldValue | GetYieldFromIter | GetAwaitable | GetAIter => flow(0),
        YieldFrom => flow(-1),
        GetANext => flow(1),
        // The handler starts with the stack cut back to this depth plus the exception.
        SetupExcept(t) => Effect { next: Some(0), jump: Some((*t, 1)) },
        PopBlock | PopExcept => flow(0),
        BeforeWith | BeforeAsyncWith | WithExcept | AsyncWithExcept => flow(1),
        WithExit => flow(-1),
        AsyncWithExit => flow(0),
        ImportName(_) | ImportStar => flow(-1),
        ImportFrom(_) => flow(1),
        PrintExpr => flow(-1),
    }
}

/// How many stack entries an op reads (pops or looks at): the depth it needs to run.
fn inputs(op: &Op) -> i64 {
    use Op::*;
    let n = |x: &u32| i64::from(*x);
    match op {
        Nop | LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadClosure(_) | LoadClassDeref { .. } | LoadGlobal(_)
        | LoadName(_) | LoadAssertionError | LoadBuildClass | LoadLocals | DeleteFast(_) | DeleteDeref(_)
        | DeleteGlobal(_) | DeleteName(_) | Jump(_) | SetupExcept(_) | PopBlock | PopExcept => 0,
        Pop | Dup | StoreFast(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) | LoadAttr(_) | DeleteAttr(_)
        | LoadMethod(_) | Unary(_) | PopJumpIfFalse(_) | PopJumpIfTrue(_) | JumpIfFalseOrPop(_)
        | JumpIfTrueOrPop(_) | GetIter | ForIter(_) | ListToTuple | UnpackSequence(_) | UnpackEx { .. }
        | ReturnValue | YieldValue | GetYieldFromIter | GetAwaitable | GetAIter | GetANext | Reraise
        | BeforeWith | WithExit | BeforeAsyncWith | AsyncWithExit | ImportFrom(_) | ImportStar | PrintExpr => 1,
        Dup2 | Rot2 | StoreAttr(_) | LoadSubscr | DeleteSubscr | Binary(_) | Inplace(_) | Compare(_)
        | ExcMatch | YieldFrom | WithExcept | AsyncWithExcept | ImportName(_) => 2,
        Rot3 | StoreSubscr => 3,
        Rot4 => 4,
        BuildTuple(k) | BuildList(k) | BuildSet(k) | BuildSlice(k) | BuildString(k) => n(k),
        BuildMap(k) => 2 * n(k),
        FormatValue(flags) => if flags & format_flags::HAS_SPEC != 0 { 2 } else { 1 },
        ListAppend(d) | SetAdd(d) | ListExtend(d) | SetUpdate(d) | DictUpdate(d) => n(d) + 1,
        MapAdd(d) => n(d) + 2,
        CallFunction(k) => n(k) + 1,
        CallFunctionKw(k) | CallMethod(k) => n(k) + 2,
        CallMethodKw(k) => n(k) + 3,
        CallFunctionEx(flags) => 2 + i64::from(flags & 1),
        MakeFunction(flags) => 1 + i64::from((flags & 7).count_ones()),
        Raise(k) => i64::from(*k),
    }
}

/// The jump target of an op, if it has one.
pub fn target(op: &Op) -> Option<u32> {
    use Op::*;
    match op {
        Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t)
        | ForIter(t) | SetupExcept(t) => Some(*t),
        _ => None,
    }
}

/// The same op jumping to `t` instead.
pub fn retarget(op: Op, t: u32) -> Op {
    use Op::*;
    match op {
        Jump(_) => Jump(t),
        PopJumpIfFalse(_) => PopJumpIfFalse(t),
        PopJumpIfTrue(_) => PopJumpIfTrue(t),
        JumpIfFalseOrPop(_) => JumpIfFalseOrPop(t),
        JumpIfTrueOrPop(_) => JumpIfTrueOrPop(t),
        ForIter(_) => ForIter(t),
        SetupExcept(_) => SetupExcept(t),
        other => other,
    }
}

/// The greatest operand stack depth any path through `ops` reaches. Fails (with a description of
/// the compiler bug) if paths disagree on a depth, the stack underflows, a jump leaves the code
/// or execution can fall off its end.
pub fn max_depth(ops: &[Op]) -> Result<u32, &'static str> {
    let mut seen: Vec<Option<i64>> = vec![None; ops.len()];
    let mut work = vec![(0usize, 0i64)];
    let mut max = 0i64;
    while let Some((mut pc, mut depth)) = work.pop() {
        loop {
            let Some(slot) = seen.get_mut(pc) else {
                return Err("execution runs past the end of the code");
            };
            match *slot {
                Some(d) if d == depth => break,
                Some(_) => return Err("inconsistent stack depth"),
                None => *slot = Some(depth),
            }
            if depth < inputs(&ops[pc]) {
                return Err("stack underflow");
            }
            let e = effect(&ops[pc]);
            if let Some((t, delta)) = e.jump {
                let d = depth + delta;
                if d < 0 || t as usize >= ops.len() {
                    return Err("bad jump");
                }
                max = max.max(d);
                work.push((t as usize, d));
            }
            let Some(delta) = e.next else { break };
            depth += delta;
            if depth < 0 {
                return Err("stack underflow");
            }
            max = max.max(depth);
            pc += 1;
        }
    }
    u32::try_from(max).map_err(|_| "stack too deep")
}
