//! Superinstructions: the most frequent pairs of ops (counted over the perf benchmarks: a local
//! then a local, a local then a constant — a quarter of all ops in `fft`/`fannkuch` —, a store
//! of a local then a load of one, and a local then a subscript by it — 6% of `nqueens`' ops, 5%
//! of `hexiom`'s) run as one, saving a dispatch of the interpreter loop each; so does a local
//! and a constant as a binary operator's operands, three ops.
//!
//! The first op of a pair (or triple) is replaced; the others stay where they were, for jumps
//! that land on them. Nothing moves, so jump targets, the line table and exception handlers
//! need no fixing, and the stack analysis runs on the ops before fusion (see `Op::LoadFast2`).

use crate::bytecode::Op;

/// Replace the first op of each fusable pair (or triple) in `ops` with its superinstruction.
pub fn pairs(ops: &mut [Op]) {
    for i in 0..ops.len() {
        if let Some(op) = fused(&ops[i..]) {
            ops[i] = op;
        }
    }
}

/// The superinstruction for the ops starting `ops`, if they begin with a fusable pair or triple.
/// The triple, a local and a constant as a binary operator's operands (`i + 1`, `n += 1`, `x *
/// 0.5`: 2.3% of the ops run over the perf scripts), is tried first.
fn fused(ops: &[Op]) -> Option<Op> {
    let narrow = |x: u32| u16::try_from(x).ok();
    match *ops {
        [Op::LoadFast(a), Op::LoadConst(c), Op::Binary(op) | Op::Inplace(op), ..] => {
            Some(Op::LoadFastConstBinary(narrow(a)?, narrow(c)?, op))
        }
        [Op::LoadFast(a), Op::LoadFast(b), ..] => Some(Op::LoadFast2(narrow(a)?, narrow(b)?)),
        [Op::LoadFast(a), Op::LoadConst(c), ..] => Some(Op::LoadFastConst(narrow(a)?, narrow(c)?)),
        [Op::StoreFast(a), Op::LoadFast(b), ..] => Some(Op::StoreLoadFast(narrow(a)?, narrow(b)?)),
        [Op::LoadFast(i), Op::LoadSubscr, ..] => Some(Op::LoadFastSubscr(i)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::BinOp;
    use crate::bytecode::Cmp;

    #[test]
    fn fuses_in_place_and_keeps_the_second_op() {
        let mut ops = [Op::LoadFast(0), Op::LoadFast(1), Op::LoadFast(2), Op::LoadConst(3), Op::ReturnValue];
        pairs(&mut ops);
        // Each op that starts a pair is fused, whether or not the one before was: a jump may
        // land on any of them.
        assert_eq!(
            ops,
            [Op::LoadFast2(0, 1), Op::LoadFast2(1, 2), Op::LoadFastConst(2, 3), Op::LoadConst(3), Op::ReturnValue]
        );
    }

    #[test]
    fn operands_past_u16_stay_unfused() {
        let mut ops = [Op::LoadFast(70_000), Op::LoadFast(1), Op::LoadFast(2), Op::LoadConst(65_536)];
        pairs(&mut ops);
        assert_eq!(ops, [Op::LoadFast(70_000), Op::LoadFast2(1, 2), Op::LoadFast(2), Op::LoadConst(65_536)]);
    }

    #[test]
    fn a_subscript_by_a_local_is_one_op() {
        // `a[i]` of two locals stays `LoadFast2` (the pair before it wins); `g[i]` fuses.
        let mut ops = [Op::LoadFast(0), Op::LoadFast(1), Op::LoadSubscr, Op::LoadGlobal(0), Op::LoadFast(1), Op::LoadSubscr];
        pairs(&mut ops);
        assert_eq!(
            ops,
            [Op::LoadFast2(0, 1), Op::LoadFastSubscr(1), Op::LoadSubscr, Op::LoadGlobal(0), Op::LoadFastSubscr(1), Op::LoadSubscr]
        );
    }

    #[test]
    fn a_local_and_a_constant_as_operands_are_one_op() {
        let mut ops = [
            Op::LoadFast(0),
            Op::LoadConst(1),
            Op::Binary(BinOp::Add),
            Op::LoadFast(2),
            Op::LoadConst(0),
            Op::Inplace(BinOp::Mul),
            Op::LoadFast(2),
            Op::LoadConst(0),
            Op::Compare(Cmp::Lt),
        ];
        pairs(&mut ops);
        assert_eq!(
            ops,
            [
                Op::LoadFastConstBinary(0, 1, BinOp::Add),
                Op::LoadConst(1),
                Op::Binary(BinOp::Add),
                Op::LoadFastConstBinary(2, 0, BinOp::Mul),
                Op::LoadConst(0),
                Op::Inplace(BinOp::Mul),
                Op::LoadFastConst(2, 0),
                Op::LoadConst(0),
                Op::Compare(Cmp::Lt),
            ]
        );
    }

    #[test]
    fn a_store_then_a_load_is_one_op() {
        let mut ops = [Op::StoreFast(3), Op::LoadFast(3), Op::StoreFast(1), Op::LoadFast(0), Op::ReturnValue];
        pairs(&mut ops);
        assert_eq!(
            ops,
            [Op::StoreLoadFast(3, 3), Op::LoadFast(3), Op::StoreLoadFast(1, 0), Op::LoadFast(0), Op::ReturnValue]
        );
    }
}
