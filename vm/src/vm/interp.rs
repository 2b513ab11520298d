//! The interpreter loop. Python calls push frames here instead of recursing in Rust, so the
//! loop can stop at any instruction boundary (budget spent, sleep, interrupt) and resume later.

use crate::value::Kind;
use alloc::rc::Rc;

use super::frame::{Frame, Handler, Parked, Resumer};
use super::{Exc, PyResult, Vm};
use crate::bytecode::{Code, Op};
use crate::heap::{ObjRef, PackedRef};
use crate::obj::gen::GenState;
use crate::obj::{CodeObj, Function, IterState, Obj};
use crate::types::TypeId;
use crate::value::Value;

/// Why the loop stopped without an exception.
pub enum Exit {
    /// The boundary frame returned.
    Return(Value),
    /// The boundary frame (a generator resumed from native code) yielded.
    Yield(Value),
    /// The instruction budget ran out; call again to continue.
    Budget,
    /// `time.sleep` at the top level: continue after this tick (µs).
    Sleep(u64),
    /// `input()` at the top level, in a VM whose port supplies lines (`Vm::provide_input`).
    Input,
}

/// The local a loop body at `t` first stores its item in, if it does (`for i in range(n):`, also
/// when the body then loads a local: the fused `StoreLoadFast`'s second op is a `LoadFast` of its
/// own): `ForIter` stores the item there itself.
#[inline(always)]
fn loop_var(ops: &[Op], t: usize) -> Option<u32> {
    match ops.get(t) {
        Some(&Op::StoreFast(i)) => Some(i),
        Some(&Op::StoreLoadFast(i, _)) => Some(i as u32),
        _ => None,
    }
}

/// Instructions between polls of the host's interrupt flag.
const POLL_EVERY: u32 = 1024;

// The stack helpers and `tick`: `inline(always)` on wasm only. The playground's opt-level `z`
// ignores `#[inline]` (measured: the wasm 1.09× faster for +0.4% gzipped); at opt-level 3 the
// hint inlines them anyway and forcing it made `execute`'s code worse (callgrind +1–2.4%).
impl Vm {
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::None)
    }

    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn top(&self) -> Value {
        self.stack.last().copied().unwrap_or(Value::None)
    }

    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn peek(&self, n: usize) -> Value {
        self.stack[self.stack.len() - 1 - n]
    }

    /// Run until the boundary frame (the innermost frame with `Resumer::Native`) finishes.
    /// `inject` raises an exception in the top frame first (generator `throw`).
    pub(super) fn run_frames(&mut self, budget: &mut u64, mut inject: Option<(ObjRef, bool)>) -> PyResult<Exit> {
        loop {
            let result = match inject.take() {
                Some((r, add_tb)) => Err((self.raise_ref(r), add_tb)),
                None => self.execute(budget),
            };
            match result {
                Ok(exit) => return Ok(exit),
                Err((exc, add_tb)) => self.unwind(exc, add_tb)?,
            }
        }
    }

    /// Deliver `exc` to the nearest handler; Err when it leaves the boundary frame.
    /// Reads the raised instance once and holds it from then on: a generator's StopIteration
    /// becomes a RuntimeError on the way (a raise), and the handler, not the slot, keeps it.
    fn unwind(&mut self, exc: Exc, mut add_tb: bool) -> PyResult<()> {
        let mut exc = self.exc_obj(exc);
        loop {
            let Some(frame) = self.frames.last() else { return Err(self.raise_ref(exc)) };
            if add_tb {
                let (code_obj, pc) = (frame.code_obj.get(), frame.pc);
                if let Some(code) = self.code_of(code_obj).filter(|c| c.flags & crate::bytecode::code_flags::NATIVE == 0) {
                    let line = code.line_of(pc.saturating_sub(1));
                    let entry = crate::obj::class::TbEntry { file: code.filename, func: code.name, line };
                    self.add_traceback(exc, entry);
                }
            }
            let frame = self.frames.last_mut().unwrap_or_else(|| unreachable!());
            if self.handlers.len() > frame.handler_base {
                let h = self.handlers.pop().unwrap_or_else(|| unreachable!());
                frame.pc = h.target as usize;
                self.stack.truncate(h.stack as usize);
                self.handled.truncate(h.handled as usize);
                self.handled.push(Value::Obj(exc));
                self.stack.push(Value::Obj(exc));
                self.exc_caught();
                return Ok(());
            }
            let (gen, resumer) = self.pop_frame();
            if let Some(g) = gen {
                let delegator = self.set_gen_done(g);
                if self.is_instance_of(Value::Obj(exc), TypeId::StopIteration) {
                    let e = self.err(TypeId::RuntimeError, "generator raised StopIteration");
                    exc = self.exc_obj(e);
                }
                if let Some(d) = delegator {
                    // Raised at the delegator's `yield from`, as if it had resumed this one.
                    self.unpark(d, None, resumer);
                    add_tb = true;
                    continue;
                }
            }
            if resumer.is_boundary() || self.frames.is_empty() {
                return Err(self.raise_ref(exc));
            }
            add_tb = true;
        }
    }

    /// Remove the top frame and its values; returns its generator and resumer. The frame is
    /// dropped where it lies (moving it out cost a copy of every field on each return).
    #[inline]
    pub(super) fn pop_frame(&mut self) -> (Option<ObjRef>, Resumer) {
        let Some(f) = self.frames.last() else { unreachable!("pop_frame with no frame") };
        let (gen, resumer, ret_sp, handler_base, handled_base) = (f.gen, f.resumer, f.ret_sp, f.handler_base, f.handled_base);
        self.frames.truncate(self.frames.len() - 1);
        self.stack.truncate(ret_sp);
        self.handlers.truncate(handler_base);
        self.handled.truncate(handled_base);
        (gen.map(PackedRef::get), resumer)
    }

    /// Mark generator `g` finished; returns the generator waiting for it in a `yield from`,
    /// if `resume_gen` ran it on that one's behalf.
    pub(super) fn set_gen_done(&mut self, g: ObjRef) -> Option<ObjRef> {
        match self.heap.get_mut(g) {
            Obj::Generator(gen) => {
                gen.state = GenState::Done;
                gen.frame = Default::default();
                self.chain_leaf = None;
                gen.delegator.take().map(PackedRef::get)
            }
            _ => None,
        }
    }

    /// A generator of some `yield from` chain finished, moved past its `yield from`, was
    /// resumed on its own or had an exception pended: the chain `chain_leaf` remembers may
    /// have changed above its innermost generator.
    #[inline]
    pub(crate) fn chain_changed(&mut self) {
        self.chain_leaf = None;
    }

    /// Park the top frame (a generator) of `code` at `pc`; returns who resumed it. The generator
    /// keeps its buffers between resumptions, so a `yield` allocates nothing.
    fn suspend(&mut self, pc: usize, code: Rc<Code>) -> Resumer {
        let frame = self.frames.pop().unwrap_or_else(|| unreachable!());
        let Frame { code_obj, globals, locals, base, ret_sp, handler_base, handled_base, gen, resumer, .. } = frame;
        if let Some(g) = gen {
            if let Obj::Generator(gen) = self.heap.get_mut(g.get()) {
                gen.state = GenState::Suspended;
                let s = &mut gen.frame;
                s.stack.clear();
                s.stack.extend_from_slice(&self.stack[base..]);
                s.handlers.clear();
                if self.handlers.len() > handler_base {
                    for h in &self.handlers[handler_base..] {
                        s.handlers.push(Handler { stack: h.stack - base as u32, ..*h });
                    }
                }
                s.frame = Some(Parked { code, code_obj, globals, locals, pc });
            }
        }
        self.stack.truncate(ret_sp);
        self.handlers.truncate(handler_base);
        self.handled.truncate(handled_base);
        resumer
    }

    /// Resume generator `g`, pushing its frame; `send` becomes the value of its paused `yield`.
    /// Returns Ok(false) if the generator is already finished.
    pub(super) fn resume_gen(&mut self, g: ObjRef, send: Value, resumer: Resumer) -> PyResult<bool> {
        let (state, pending, delegating, delegated) = match self.heap.get(g) {
            Obj::Generator(gen) => (gen.state, gen.pending, gen.yield_from_sub().is_some(), gen.delegator.is_some()),
            _ => return Err(self.type_error("not a generator")),
        };
        match state {
            GenState::Done => return Ok(false),
            GenState::Running => return Err(self.value_error("generator already executing")),
            GenState::Created if !send.is_none() && !send.is_null() => {
                return Err(self.type_error("can't send non-None value to a just-started generator"))
            }
            _ => {}
        }
        if self.frames.len() >= super::MAX_FRAMES {
            return Err(self.recursion_error());
        }
        let send = (state == GenState::Suspended).then_some(if send.is_null() { Value::None } else { send });
        // A chain of generators parked in `yield from`s of generators: the sent value would pass
        // down unchanged, so the innermost one is resumed directly and the others stay parked.
        if delegated {
            if let Obj::Generator(gen) = self.heap.get_mut(g) {
                gen.delegator = None;
            }
            self.chain_changed();
        }
        let target = if delegating && state == GenState::Suspended && pending.is_null() {
            match self.chain_leaf {
                Some((top, leaf)) if top == g && self.is_chain_end(leaf) => leaf,
                _ => {
                    let leaf = self.delegation_leaf(g);
                    self.chain_leaf = Some((g, leaf));
                    leaf
                }
            }
        } else {
            g
        };
        if !self.unpark(target, send, resumer) {
            return Ok(false);
        }
        if !pending.is_null() {
            // Raised inside the generator at its next instruction (MicroPython's pend_throw).
            let e = self.make_exception(pending).unwrap_or_else(|x| x);
            self.pending_raise = Some(self.exc_obj(e));
        }
        Ok(true)
    }

    /// Follow generator `g` down the `yield from`s it and its sub-generators are parked in, to
    /// the innermost, which it returns. Each one below `g` records its delegator.
    fn delegation_leaf(&mut self, g: ObjRef) -> ObjRef {
        let mut cur = g;
        for _ in 0..super::MAX_FRAMES {
            let Some(sub) = self.resumable_sub(cur) else { break };
            if let Obj::Generator(sg) = self.heap.get_mut(sub) {
                sg.delegator = Some(cur.pack());
            }
            cur = sub;
        }
        cur
    }

    /// The generator `g` is parked in a `yield from` of, if that one can be resumed directly:
    /// suspended, with no exception pending.
    fn resumable_sub(&self, g: ObjRef) -> Option<ObjRef> {
        let Obj::Generator(gen) = self.heap.get(g) else { return None };
        let Some(Kind::Obj(sub)) = gen.yield_from_sub().map(Value::kind) else { return None };
        match self.heap.get(sub) {
            Obj::Generator(sg) if sg.state == GenState::Suspended && sg.pending.is_null() => Some(sub),
            _ => None,
        }
    }

    /// Is `leaf`, remembered as the innermost of a chain, still where `delegation_leaf` would
    /// stop? Suspended with nothing pending, and not parked in a `yield from` of another
    /// resumable generator since (the links above it are kept by `chain_changed`).
    fn is_chain_end(&self, leaf: ObjRef) -> bool {
        matches!(self.heap.get(leaf), Obj::Generator(gen) if gen.state == GenState::Suspended && gen.pending.is_null())
            && self.resumable_sub(leaf).is_none()
    }

    /// Push the parked frame of generator `g` for `resumer`, with `send` (if any) as the value
    /// of its paused `yield`. False if it has no parked frame.
    fn unpark(&mut self, g: ObjRef, send: Option<Value>, resumer: Resumer) -> bool {
        let base = self.stack.len();
        let handled = self.handled.len();
        let handler_base = self.handlers.len();
        let Obj::Generator(gen) = self.heap.get_mut(g) else { return false };
        let s = &mut gen.frame;
        let Some(p) = s.frame.take() else { return false };
        gen.state = GenState::Running;
        gen.pending = Value::Null;
        // Room for the whole frame, as a call's frame has (`reserve_frame`): the hot loop
        // pushes only within the room.
        self.stack.reserve(p.code.span());
        self.stack.extend_from_slice(&s.stack);
        s.stack.clear();
        if !s.handlers.is_empty() {
            for &h in &s.handlers {
                self.handlers.push(Handler { stack: h.stack + base as u32, handled: handled as u32, ..h });
            }
            s.handlers.clear();
        }
        if let Some(v) = send {
            self.stack.push(v);
        }
        self.push_frame_record(move || Frame {
            code_obj: p.code_obj,
            pc: p.pc,
            base,
            globals: p.globals,
            locals: p.locals,
            handler_base,
            handled_base: handled,
            gen: Some(g.pack()),
            resumer,
            ret_sp: base,
        });
        true
    }

    /// Hand the value on top of the stack, a finished frame's, to its caller. Returns an `Exit`
    /// when the boundary is left. The most frequent case, a function called from bytecode, is
    /// handled first. The value is taken here: taken by the loop, it was kept on its stack
    /// frame for the call.
    fn finish_frame(&mut self) -> Option<Exit> {
        let Some(f) = self.frames.last() else { unreachable!("finish_frame with no frame") };
        if f.gen.is_none() {
            // A call's value moves straight down into the callable's slot (an `__init__`'s None
            // is dropped, leaving the instance): no pop and push, each with its check, and the
            // other cases' code is out of line, so no registers are saved.
            let (resumer, ret_sp, handler_base, handled_base) = (f.resumer, f.ret_sp, f.handler_base, f.handled_base);
            if resumer == Resumer::Call {
                self.drop_frame_record(handler_base, handled_base);
                self.stack.return_to(ret_sp);
                return None;
            }
            if resumer == Resumer::Init && self.stack.last().is_some_and(|v| v.is_none()) {
                self.drop_frame_record(handler_base, handled_base);
                self.stack.truncate(ret_sp);
                return None;
            }
            // An operator's method: its value takes the place of the operands below the frame.
            if matches!(resumer, Resumer::Operator(_)) && self.stack.last().is_some_and(|v| *v != Value::NotImplemented) {
                self.drop_frame_record(handler_base, handled_base);
                self.stack.return_to(ret_sp - 2);
                return None;
            }
        }
        self.finish_other_frame()
    }

    /// Remove the top frame's record and its handlers, for a return that leaves the stack itself.
    #[inline(always)]
    fn drop_frame_record(&mut self, handler_base: usize, handled_base: usize) {
        self.frames.truncate(self.frames.len() - 1);
        self.handlers.truncate(handler_base);
        self.handled.truncate(handled_base);
    }

    /// `finish_frame` for a generator's frame or one whose caller is not bytecode's call.
    #[inline(never)]
    fn finish_other_frame(&mut self) -> Option<Exit> {
        let v = self.pop();
        let (gen, resumer) = self.pop_frame();
        if let Some(g) = gen {
            if let Some(d) = self.set_gen_done(g) {
                // Run by `resume_gen` for `d`: its `yield from` gives `v`, and it runs on.
                self.step_past_yield_from(d);
                self.unpark(d, Some(v), resumer);
                return None;
            }
        }
        match resumer {
            Resumer::Call => {
                self.stack.push(v);
                None
            }
            Resumer::Native | Resumer::Collect(_) | Resumer::Sum => Some(Exit::Return(v)),
            Resumer::Init => {
                if !v.is_none() {
                    let e = self.init_returned(v);
                    // Raised in the caller, at its call instruction.
                    self.pending_raise = Some(self.exc_obj(e));
                }
                None
            }
            Resumer::Operator(op) => {
                // `NotImplemented` (`finish_frame` took any other value): the operator goes on
                // with the operands, which wait below the frame, and its result takes their place.
                let (a, b) = (self.peek(1), self.peek(0));
                match self.operator_fallback(op, a, b) {
                    Ok(v) => {
                        self.pop();
                        *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = v;
                    }
                    // Raised in the caller, at its operator.
                    Err(e) => self.pending_raise = Some(self.exc_obj(e)),
                }
                None
            }
            Resumer::ForIter => {
                // Exhausted: the loop falls through (its frame's pc is already past `ForIter`).
                self.pop();
                None
            }
            Resumer::YieldFrom => {
                let caller = self.frames.len() - 1;
                self.pop();
                self.stack.push(v);
                self.frames[caller].pc += 1;
                None
            }
        }
    }

    /// A generator frame of `code` yields `v` (the frame is suspended at `pc`).
    fn yield_value(&mut self, v: Value, pc: usize, code: &Rc<Code>) -> Option<Exit> {
        let (mut pc, mut code) = (pc, code.clone());
        loop {
            if let Some(resumer) = self.frames.last().map(|f| f.resumer).filter(|r| r.drains()) {
                // A drained generator delegating by `yield from` hands the value over and stays
                // on its YieldFrom with None sent, as `next()` would resume it.
                let fi = self.frames.len() - 1;
                self.frames[fi].pc = pc;
                self.stack.push(v);
                if let Some(exit) = self.drain_yield(resumer, pc, &code) {
                    return Some(exit);
                }
                self.stack.push(Value::None);
                return None;
            }
            match self.suspend(pc, code) {
                Resumer::Native | Resumer::Collect(_) | Resumer::Sum => return Some(Exit::Yield(v)),
                Resumer::ForIter => {
                    // An item: the loop goes back to its body (`ForIter` ticked before resuming).
                    let caller = self.frames.len() - 1;
                    let pc = self.frames[caller].pc.wrapping_sub(1);
                    if let Some(&Op::ForIter(t)) = self.code_of(self.frames[caller].code_obj.get()).and_then(|c| c.ops.get(pc)) {
                        self.frames[caller].pc = t as usize;
                    }
                    self.stack.push(v);
                    return None;
                }
                Resumer::YieldFrom => {
                    // The delegating generator yields the same value, staying on its YieldFrom.
                    let caller = self.frames.len() - 1;
                    pc = self.frames[caller].pc;
                    if self.frames[caller].gen.is_none() {
                        self.stack.push(v);
                        return None;
                    }
                    code = self.code_of(self.frames[caller].code_obj.get()).cloned().unwrap_or_default();
                }
                Resumer::Call | Resumer::Init | Resumer::Operator(_) => {
                    self.stack.push(v);
                    return None;
                }
            }
        }
    }

    /// The top frame, a generator of `code` drained by native code (`resumer`), yields the value
    /// on top of the stack at `pc`: hand it over (`drain_push`). If that raises, the frame is
    /// suspended there, as after a `next()` that returned the value, and the loop yields the
    /// exception for the drainer to raise: raised in the frame, it took the frame's traceback
    /// line and could be caught by its handlers.
    #[inline]
    fn drain_yield(&mut self, resumer: Resumer, pc: usize, code: &Rc<Code>) -> Option<Exit> {
        let e = self.drain_push(resumer).err()?;
        Some(self.drain_failed(e, pc, code))
    }

    /// `drain_yield` when handing over raised `e`: the frame yields `e` as to a `next()` from
    /// native code (its resumer is not kept while it is parked). Through `yield_value`, so that
    /// `suspend` keeps one caller and stays inlined there.
    #[cold]
    #[inline(never)]
    fn drain_failed(&mut self, e: Exc, pc: usize, code: &Rc<Code>) -> Exit {
        if let Some(f) = self.frames.last_mut() {
            f.resumer = Resumer::Native;
        }
        // The instance, taken out first: `yield_value` may raise.
        let v = self.exc_value(e);
        self.yield_value(v, pc, code).unwrap_or(Exit::Yield(v))
    }

    /// Run the hot instructions of the top frame (of `code`, with `globals`, locals from `base`)
    /// from `*pc` on, up to one that is not hot or whose fast path does not apply, and leave
    /// `*pc` on that one, unexecuted, for `execute`'s general match.
    ///
    /// They run on the stack's height in a local, `sp`, kept in a register: through
    /// `self.stack.sp` each push and pop stored the height and the next instruction loaded it
    /// back, a store-to-load forward on every instruction's critical path. They only touch slots
    /// below `slots.len()`, never allocate (so they skip the collector's safe point), never
    /// raise, and leave only through the one exit that stores the height back. A fast path that
    /// does not apply (an unbound local, an operand that is not a number, a full buffer, a tick
    /// that is due) leaves its instruction to the general arm, which runs it on `self.stack`.
    /// Inlined: out of line, every general instruction paid a call and its register saves
    /// (bm_chaos +35 % instructions). The constants come from `execute`, which holds them for
    /// the frame: taken from `code` here, each trip in spilled their pointer and length again.
    #[inline(always)]
    fn run_hot(&mut self, budget: &mut u64, code: &CodeObj, consts: &[Value], globals: ObjRef, base: usize, pc_out: &mut usize) {
        let ops: &[Op] = &code.code.ops;
        let (mut pc, mut sp) = (*pc_out, self.stack.sp);
        // `pc` stays on an instruction until it is done: each arm moves it past what it ran.
        'hot: while let Some(&op) = ops.get(pc) {
            // The target of a jump from the instruction before `next`; a backward one counts a
            // unit of budget, and leaves the instruction when the tick has something to do.
            macro_rules! jump_target {
                ($next:expr, $t:expr) => {{
                    let t = $t as usize;
                    if t < $next && !self.tick_fast(budget) {
                        break 'hot;
                    }
                    t
                }};
            }
            let room = self.stack.slots.len();
            match op {
                Op::Nop => {
                    pc += 1;
                    continue;
                }
                Op::LoadFast(i) => {
                    let v = self.stack.slots[base + i as usize];
                    if !v.is_null() && sp < room {
                        self.stack.slots[sp] = v;
                        sp += 1;
                        pc += 1;
                        continue;
                    }
                }
                Op::LoadConst(i) => {
                    if sp < room {
                        self.stack.slots[sp] = consts[i as usize];
                        sp += 1;
                        pc += 1;
                        continue;
                    }
                }
                Op::StoreFast(i) => {
                    if let Some(top) = sp.checked_sub(1) {
                        self.stack.slots[base + i as usize] = self.stack.slots[top];
                        sp = top;
                        pc += 1;
                        continue;
                    }
                }
                Op::LoadFast2(a, b) | Op::LoadFastConst(a, b) => {
                    let x = self.stack.slots[base + a as usize];
                    let y = match op {
                        Op::LoadFast2(..) => self.stack.slots[base + b as usize],
                        _ => consts[b as usize],
                    };
                    if !x.is_null() && !y.is_null() {
                        if let Some(two) = self.stack.slots.get_mut(sp..sp + 2) {
                            two.copy_from_slice(&[x, y]);
                            sp += 2;
                            pc += 2;
                            continue;
                        }
                    }
                }
                Op::LoadFastConstBinary(a, c, bop) => {
                    let x = self.stack.slots[base + a as usize];
                    if sp < room {
                        if let Some(v) = super::ops::fast_binop(bop, x, consts[c as usize]) {
                            self.stack.slots[sp] = v;
                            sp += 1;
                            pc += 3;
                            continue;
                        }
                        // Otherwise this is `LoadFast(a)`, and the `LoadConst` and the operator
                        // after it run as they are.
                        if !x.is_null() {
                            self.stack.slots[sp] = x;
                            sp += 1;
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::StoreLoadFast(a, b) => {
                    // The loaded local takes the stored value's place on the stack.
                    if let Some(top) = sp.checked_sub(1) {
                        self.stack.slots[base + a as usize] = self.stack.slots[top];
                        let y = self.stack.slots[base + b as usize];
                        if !y.is_null() {
                            self.stack.slots[top] = y;
                            pc += 2;
                            continue;
                        }
                    }
                }
                Op::Pop => {
                    if let Some(top) = sp.checked_sub(1) {
                        sp = top;
                        pc += 1;
                        continue;
                    }
                }
                Op::Dup => {
                    if sp >= 1 && sp < room {
                        self.stack.slots[sp] = self.stack.slots[sp - 1];
                        sp += 1;
                        pc += 1;
                        continue;
                    }
                }
                Op::Rot2 => {
                    if sp >= 2 {
                        self.stack.slots.swap(sp - 1, sp - 2);
                        pc += 1;
                        continue;
                    }
                }
                Op::Binary(bop) | Op::Inplace(bop) => {
                    if sp >= 2 {
                        if let Some(v) = super::ops::fast_binop(bop, self.stack.slots[sp - 2], self.stack.slots[sp - 1]) {
                            sp -= 1;
                            self.stack.slots[sp - 1] = v;
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::Compare(c) => {
                    if sp >= 2 {
                        if let Some(r) = super::ops::fast_compare(c, self.stack.slots[sp - 2], self.stack.slots[sp - 1]) {
                            // Feeding a conditional jump: jump now (as the general arm does).
                            let (t, taken) = match ops.get(pc + 1) {
                                Some(&Op::PopJumpIfFalse(t)) => (t, !r),
                                Some(&Op::PopJumpIfTrue(t)) => (t, r),
                                _ => {
                                    sp -= 1;
                                    self.stack.slots[sp - 1] = Value::bool(r);
                                    pc += 1;
                                    continue;
                                }
                            };
                            pc = if taken { jump_target!(pc + 2, t) } else { pc + 2 };
                            sp -= 2;
                            continue;
                        }
                    }
                }
                Op::Jump(t) => {
                    pc = jump_target!(pc + 1, t);
                    continue;
                }
                Op::LoadFastSubscr(i) => {
                    // A list's, tuple's or bytes' item by a small int (the pair's `LoadSubscr`).
                    if let Some(top) = sp.checked_sub(1) {
                        if let Some(v) = self.getitem_fast(self.stack.slots[top], self.stack.slots[base + i as usize]) {
                            self.stack.slots[top] = v;
                            pc += 2;
                            continue;
                        }
                    }
                }
                Op::LoadSubscr | Op::AugLoadSubscr => {
                    // [obj index] -> [item], or [obj index item] for `obj[index] op= v`.
                    if sp >= 2 && sp < room {
                        if let Some(v) = self.getitem_fast(self.stack.slots[sp - 2], self.stack.slots[sp - 1]) {
                            if matches!(op, Op::LoadSubscr) {
                                sp -= 1;
                                self.stack.slots[sp - 1] = v;
                            } else {
                                self.stack.slots[sp] = v;
                                sp += 1;
                            }
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::StoreSubscr | Op::AugStoreSubscr => {
                    // [value obj index], or [obj index value] after `AugLoadSubscr`.
                    if sp >= 3 {
                        let s = &self.stack.slots;
                        let (v, obj, idx) = match op {
                            Op::StoreSubscr => (s[sp - 3], s[sp - 2], s[sp - 1]),
                            _ => (s[sp - 1], s[sp - 3], s[sp - 2]),
                        };
                        if self.setitem_fast(obj, idx, v) {
                            sp -= 3;
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::LoadAttr(i) => {
                    // An instance's own attribute, where the class has nothing under the name.
                    if let (Some(top), Some(hint)) = (sp.checked_sub(1), code.code.hints.get(i as usize)) {
                        if let Some(v) = self.hinted_instance_attr(self.stack.slots[top], code.code.names[i as usize], hint) {
                            self.stack.slots[top] = v;
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::StoreAttr(i) => {
                    // [value obj]: an instance's plain attribute, stored in place.
                    if let (true, Some(hint)) = (sp >= 2, code.code.hints.get(i as usize)) {
                        let (v, obj) = (self.stack.slots[sp - 2], self.stack.slots[sp - 1]);
                        if self.hinted_store_in_place(obj, code.code.names[i as usize], v, hint) {
                            sp -= 2;
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::LoadGlobal(i) => {
                    let (hint, key) = (code.code.hints.get(i as usize), code.name_values.get(i as usize));
                    if let (true, Some(hint), Some(&key)) = (sp < room, hint, key) {
                        if let Some(v) = self.cached_global(globals, key, hint) {
                            self.stack.slots[sp] = v;
                            sp += 1;
                            pc += 1;
                            continue;
                        }
                    }
                }
                Op::LoadDeref(i) => {
                    // A closure's variable, unless its cell is empty.
                    let v = self.cell_get(self.stack.slots[base + code.code.nlocals() + i as usize]);
                    if !v.is_null() && sp < room {
                        self.stack.slots[sp] = v;
                        sp += 1;
                        pc += 1;
                        continue;
                    }
                }
                Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                    if let Some(top) = sp.checked_sub(1) {
                        if let Some(truth) = self.stack.slots[top].immediate_truth() {
                            pc = if truth == matches!(op, Op::PopJumpIfTrue(_)) { jump_target!(pc + 1, t) } else { pc + 1 };
                            sp = top;
                            continue;
                        }
                    }
                }
                Op::ForIter(t) => {
                    // An item of a range or a list jumps back to the body (see the general arm),
                    // ticking: it is taken only if the tick has nothing to do.
                    if sp >= 1 && sp < room && self.tick_free(budget) {
                        if let Kind::Obj(r) = self.stack.slots[sp - 1].kind() {
                            if let Some(Some(v)) = self.next_fast(r) {
                                self.tick_fast(budget);
                                let mut to = t as usize;
                                match loop_var(ops, to) {
                                    Some(i) => {
                                        to += 1;
                                        self.stack.slots[base + i as usize] = v;
                                    }
                                    None => {
                                        self.stack.slots[sp] = v;
                                        sp += 1;
                                    }
                                }
                                pc = to;
                                continue;
                            }
                        }
                    }
                }
                _ => {}
            }
            break;
        }
        self.stack.sp = sp;
        *pc_out = pc;
    }

    /// Execute instructions of the top frame(s). Errors carry whether the raising frame still
    /// needs its traceback line.
    ///
    /// The frame's `pc` is written back only where something else may read it: before a call or
    /// a frame switch, when the loop returns, and when an error leaves (`tr!`, `throw!`).
    #[cfg_attr(ferrite_speed, optimize(speed))]
    fn execute(&mut self, budget: &mut u64) -> Result<Exit, (Exc, bool)> {
        let Some(top) = self.frames.last() else { return Err((self.err(TypeId::RuntimeError, "no frame to run"), false)) };
        // The code objects run last and before it, held with their bytecode and constants: a
        // call and its return switch between the two without touching reference counts. Frames
        // hold only code objects' handles, so the other one is trusted only if no collection
        // since it was set aside (`other_at`) may have freed it and given its slot to another
        // code object. The running one needs no such check: at every switch a frame on the
        // stack holds it.
        let mut running = self.loaded_code(top.code_obj.get());
        let mut other = running.clone();
        let mut other_at = self.heap.collections;
        'frames: loop {
            if let Some(r) = self.pending_raise {
                self.pending_raise = None;
                return Err((self.raise_ref(r), true));
            }
            let fi = self.frames.len() - 1;
            let frame = &self.frames[fi];
            // Entering a frame of the code just run (recursion, a `yield from` chain) keeps it.
            // Name values are read through the code object: only name lookups need them.
            if frame.code_obj.get() != running.0 {
                let now = self.heap.collections;
                if frame.code_obj.get() == other.0 && other_at == now {
                    core::mem::swap(&mut running, &mut other);
                } else {
                    other = core::mem::replace(&mut running, self.loaded_code(frame.code_obj.get()));
                    other_at = now;
                }
            }
            let (code_obj, code, consts): (ObjRef, &Code, &[Value]) = (running.0, &running.1.code, &running.1.consts);
            let (base, globals) = (frame.base, frame.globals.get());
            let mut pc = frame.pc;
            let ops: &[Op] = &code.ops;
            // The collector's safe point: between instructions. Checked on entering a frame and
            // after each instruction that may allocate; the few that never do (`continue`
            // below: locals, constants, jumps, number fast paths) skip it.
            if self.heap.wants_gc() {
                self.collect_garbage();
            }
            let e = 'ops: loop {
                // Every error leaves through the one exit after the loop: a `return` at each of the
                // ~100 throw sites gave each its own stack slot (3.5 KB frames, each native
                // re-entry paying them: the chips' stacks hold only a few).
                macro_rules! throw {
                    ($e:expr) => {{
                        let e = $e;
                        break 'ops e;
                    }};
                }
                macro_rules! tr {
                    ($e:expr) => {
                        match $e {
                            Ok(v) => v,
                            Err(e) => throw!(e),
                        }
                    };
                }
                // A jump to `t`; a backward one counts a unit of budget and may stop the loop there.
                macro_rules! jump {
                    ($t:expr) => {{
                        let t = $t as usize;
                        if t < pc {
                            if let Some(exit) = tr!(self.tick(budget)) {
                                self.frames[fi].pc = t;
                                return Ok(exit);
                            }
                        }
                        pc = t;
                    }};
                }
                self.run_hot(budget, &running.1, consts, globals, base, &mut pc);
                let Some(&op) = ops.get(pc) else {
                    throw!(self.err(TypeId::RuntimeError, "bad bytecode"));
                };
                pc += 1;
                match op {
                    Op::Nop => continue,
                    Op::GetYieldFromIter
                    | Op::DeleteFast(_)
                    | Op::DeleteDeref(_)
                    | Op::LoadAssertionError
                    | Op::LoadClosure(_)
                    | Op::LoadClassDeref { .. }
                    | Op::DeleteGlobal(_)
                    | Op::LoadName(_)
                    | Op::StoreName(_)
                    | Op::DeleteName(_)
                    | Op::DeleteAttr(_)
                    | Op::DeleteSubscr
                    | Op::LoadBuildClass
                    | Op::ExcMatch
                    | Op::BuildSet(_)
                    | Op::BuildMap(_)
                    | Op::BuildString(_)
                    | Op::FormatValue(_)
                    | Op::ListExtend(_)
                    | Op::SetUpdate(_)
                    | Op::DictUpdate(_)
                    | Op::DictMerge(_)
                    | Op::ListToTuple
                    | Op::UnpackEx { .. }
                    | Op::MakeFunction(_)
                    | Op::GetAwaitable
                    | Op::GetAIter
                    | Op::GetANext
                    | Op::BeforeWith
                    | Op::WithExit
                    | Op::WithExcept
                    | Op::BeforeAsyncWith
                    | Op::AsyncWithExit
                    | Op::AsyncWithExcept
                    | Op::ImportName(_)
                    | Op::ImportFrom(_)
                    | Op::ImportStar
                    | Op::PrintExpr
                    | Op::LoadLocals
                    | Op::Raise(1..) => tr!(self.cold_op(op, fi, code_obj, &code)),
                    Op::Pop => {
                        self.pop();
                        continue;
                    }
                    Op::Dup => {
                        let v = self.top();
                        self.stack.push(v);
                        continue;
                    }
                    Op::Rot2 => {
                        let n = self.stack.len();
                        self.stack.swap(n - 1, n - 2);
                        continue;
                    }
                    Op::Rot3 => {
                        let v = self.pop();
                        let n = self.stack.len();
                        self.stack.insert(n - 2, v);
                    }
                    Op::Rot4 => {
                        let v = self.pop();
                        let n = self.stack.len();
                        self.stack.insert(n - 3, v);
                    }
                    Op::LoadConst(i) => {
                        self.stack.push(consts[i as usize]);
                        continue;
                    }
                    Op::LoadFast(i) => {
                        let at = base + i as usize;
                        if self.stack[at].is_null() {
                            throw!(self.err(TypeId::NameError, "local variable referenced before assignment"));
                        }
                        self.stack.push(self.stack[at]);
                        continue;
                    }
                    Op::LoadFast2(a, b) | Op::LoadFastConst(a, b) => {
                        let x = self.stack[base + a as usize];
                        if x.is_null() {
                            throw!(self.err(TypeId::NameError, "local variable referenced before assignment"));
                        }
                        // Past the second op, which an error in it reports.
                        pc += 1;
                        let y = match op {
                            Op::LoadFast2(..) => self.stack[base + b as usize],
                            _ => consts[b as usize],
                        };
                        // (A constant is never Null.) One arm for both and one `extend`: two
                        // arms with two pushes grew `execute`'s stack frame by 64 bytes.
                        if y.is_null() {
                            throw!(self.err(TypeId::NameError, "local variable referenced before assignment"));
                        }
                        self.stack.extend_from_slice(&[x, y]);
                        continue;
                    }
                    Op::LoadFastConstBinary(a, c, bop) => {
                        let at = base + a as usize;
                        if let Some(v) = super::ops::fast_binop(bop, self.stack[at], consts[c as usize]) {
                            pc += 2;
                            self.stack.push(v);
                            continue;
                        }
                        // Otherwise this is `LoadFast(a)`, and the `LoadConst` and the operator
                        // after it run as they are.
                        if self.stack[at].is_null() {
                            throw!(self.err(TypeId::NameError, "local variable referenced before assignment"));
                        }
                        self.stack.push(self.stack[at]);
                        continue;
                    }
                    Op::LoadFastSubscr(i) => {
                        // Past the `LoadSubscr`, which an error in it reports.
                        pc += 1;
                        tr!(self.load_fast_subscr(base + i as usize));
                    }
                    Op::StoreLoadFast(a, b) => {
                        // The loaded local takes the stored value's place on the stack.
                        let top = self.stack.len() - 1;
                        self.stack[base + a as usize] = self.stack[top];
                        pc += 1;
                        if self.stack[base + b as usize].is_null() {
                            self.pop();
                            throw!(self.err(TypeId::NameError, "local variable referenced before assignment"));
                        }
                        self.stack[top] = self.stack[base + b as usize];
                        continue;
                    }
                    Op::StoreFast(i) => {
                        let v = self.pop();
                        self.stack[base + i as usize] = v;
                        continue;
                    }
                    Op::LoadDeref(i) => {
                        let cell = self.stack[self.frames[fi].cell_slot(&code, i)];
                        let v = self.cell_get(cell);
                        if v.is_null() {
                            throw!(self.err(TypeId::NameError, "local variable referenced before assignment"));
                        }
                        self.stack.push(v);
                        continue;
                    }
                    Op::StoreDeref(i) => {
                        let v = self.pop();
                        let cell = self.stack[self.frames[fi].cell_slot(&code, i)];
                        self.cell_set(cell, v);
                        continue;
                    }
                    Op::LoadGlobal(i) => {
                        let key = self.name_value(code_obj, i);
                        let g = self.frames[fi].globals.get();
                        let v = match code.hints.get(i as usize) {
                            Some(hint) => tr!(self.load_global_hinted(g, key, hint)),
                            None => tr!(self.load_global(g, key)),
                        };
                        self.stack.push(v);
                        continue;
                    }
                    Op::StoreGlobal(i) => {
                        let v = self.pop();
                        let g = self.frames[fi].globals.get();
                        let key = self.name_value(code_obj, i);
                        match code.hints.get(i as usize) {
                            Some(hint) => tr!(self.store_global_hinted(g, key, v, hint)),
                            None => tr!(self.dict_set(g, key, v)),
                        }
                    }
                    Op::LoadAttr(i) => {
                        let obj = self.top();
                        let name = code.names[i as usize];
                        let v = match code.hints.get(i as usize) {
                            Some(hint) => tr!(self.getattr_hinted(obj, name, hint)),
                            None => tr!(self.getattr(obj, name)),
                        };
                        *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = v;
                    }
                    Op::StoreAttr(i) => {
                        let obj = self.peek(0);
                        let v = self.peek(1);
                        tr!(self.setattr_hinted(obj, code.names[i as usize], v, code.hints.get(i as usize)));
                        self.stack.truncate(self.stack.len() - 2);
                    }
                    Op::LoadMethod(i) => tr!(self.load_method_top(code.names[i as usize], code.hints.get(i as usize))),
                    Op::LoadSubscr | Op::AugLoadSubscr => {
                        // Small-int indexing took the fast path in `run_hot`.
                        let v = tr!(self.getitem(self.peek(1), self.peek(0)));
                        if matches!(op, Op::LoadSubscr) {
                            self.pop();
                            *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = v;
                        } else {
                            self.stack.push(v);
                        }
                    }
                    Op::StoreSubscr | Op::AugStoreSubscr => {
                        // [value obj index] or [obj index value].
                        let (v, obj, idx) = match op {
                            Op::StoreSubscr => (self.peek(2), self.peek(1), self.peek(0)),
                            _ => (self.peek(0), self.peek(2), self.peek(1)),
                        };
                        tr!(self.setitem(obj, idx, v));
                        self.stack.truncate(self.stack.len() - 3);
                    }
                    Op::Unary(op) => {
                        let a = self.top();
                        let v = tr!(self.unary_op(op, a));
                        *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = v;
                    }
                    Op::Binary(bop) | Op::Inplace(bop) => {
                        // Numbers took the fast path in `run_hot`. An instance's Python method
                        // for it runs as a frame (Null), returning here past the operator.
                        let (x, y) = (self.peek(1), self.peek(0));
                        let v = match op {
                            Op::Binary(_) => tr!(self.binary_op_or_frame(bop, x, y, true)),
                            _ => tr!(self.inplace_op_or_frame(bop, x, y, true)),
                        };
                        if v.is_null() {
                            self.frames[fi].pc = pc;
                            continue 'frames;
                        }
                        self.pop();
                        *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = v;
                    }
                    Op::Compare(c) => {
                        // Numbers took the fast path in `run_hot` (here: a tick was due).
                        // An instance's `__lt__` & co. runs as a frame (Null), returning here.
                        let v = tr!(self.compare_op_or_frame(c, self.peek(1), self.peek(0), true));
                        if v.is_null() {
                            self.frames[fi].pc = pc;
                            continue 'frames;
                        }
                        // A bool feeding a conditional jump (`if a < b:`, `if x in s:`): jump
                        // now instead of pushing it for the next instruction.
                        let jump = match (v.as_bool(), ops.get(pc)) {
                            (Some(r), Some(&Op::PopJumpIfFalse(t))) => Some((t, !r)),
                            (Some(r), Some(&Op::PopJumpIfTrue(t))) => Some((t, r)),
                            _ => None,
                        };
                        if let Some((t, taken)) = jump {
                            self.stack.truncate(self.stack.len() - 2);
                            pc += 1;
                            if taken {
                                jump!(t);
                            }
                        } else {
                            self.pop();
                            *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = v;
                        }
                    }
                    Op::Jump(t) => {
                        jump!(t);
                        continue;
                    }
                    Op::PopJumpIfFalse(t) => {
                        let v = self.pop();
                        if !tr!(self.truthy(v)) {
                            jump!(t);
                        }
                        // A `__bool__` that ran had its own safe points.
                        continue;
                    }
                    Op::PopJumpIfTrue(t) => {
                        let v = self.pop();
                        if tr!(self.truthy(v)) {
                            jump!(t);
                        }
                        // A `__bool__` that ran had its own safe points.
                        continue;
                    }
                    Op::JumpIfFalseOrPop(t) => {
                        let v = self.top();
                        if !tr!(self.truthy(v)) {
                            pc = t as usize;
                        } else {
                            self.pop();
                        }
                    }
                    Op::JumpIfTrueOrPop(t) => {
                        let v = self.top();
                        if tr!(self.truthy(v)) {
                            pc = t as usize;
                        } else {
                            self.pop();
                        }
                    }
                    Op::GetIter => {
                        let v = self.top();
                        let it = tr!(self.get_iter(v));
                        *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = it;
                    }
                    Op::ForIter(t) => {
                        // Loops are tested at the bottom: an item jumps back to the body at `t`
                        // (a backward jump, so it ticks), exhaustion pops the iterator and falls
                        // through.
                        let it = self.top();
                        let item = 'step: {
                            if let Kind::Obj(r) = it.kind() {
                                // Ranges and lists come here only to end or when a tick is due
                                // (`run_hot` steps them): generators first.
                                if let Obj::Generator(_) = self.heap.get(r) {
                                    // A yield resumes this frame at `t` (`yield_value`), without
                                    // a jump: the tick is taken here, before resuming (`yield
                                    // from` an endless native iterator ticks nowhere else).
                                    if let Some(exit) = tr!(self.tick(budget)) {
                                        self.frames[fi].pc = pc - 1;
                                        return Ok(exit);
                                    }
                                    self.frames[fi].pc = pc;
                                    if tr!(self.resume_gen(r, Value::None, Resumer::ForIter)) {
                                        continue 'frames;
                                    }
                                    self.pop();
                                    continue 'ops;
                                }
                                if let Some(item) = self.next_fast(r) {
                                    break 'step item;
                                }
                            }
                            tr!(self.next(it))
                        };
                        match item {
                            Some(v) => {
                                // Straight into a local loop variable (`loop_var`).
                                let mut to = t as usize;
                                match loop_var(ops, to) {
                                    Some(i) => {
                                        to += 1;
                                        self.stack[base + i as usize] = v;
                                    }
                                    None => self.stack.push(v),
                                }
                                // Back to the body, stored before the tick so a stop resumes
                                // at `to`. An error the tick raises (KeyboardInterrupt)
                                // reports the line before `to`: the loop's entry `Jump` or the
                                // variable's store, both on the header's line as `ForIter` is.
                                pc = to;
                                if !self.tick_fast(budget) {
                                    if let Some(exit) = tr!(self.tick_slow(budget)) {
                                        self.frames[fi].pc = pc;
                                        return Ok(exit);
                                    }
                                }
                            }
                            None => {
                                self.pop();
                            }
                        }
                    }
                    Op::BuildTuple(n) => {
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        let v = tr!(self.new_tuple(items));
                        self.stack.push(v);
                    }
                    Op::BuildList(n) => {
                        let items = self.stack.split_off(self.stack.len() - n as usize);
                        let v = tr!(self.new_list(items));
                        self.stack.push(v);
                    }
                    Op::BuildSlice(n) => {
                        let (fused, r) = self.build_slice(n, ops.get(pc));
                        // Past the fused op before an error, which it reports.
                        pc += fused as usize;
                        tr!(r);
                    }
                    Op::ListAppend(d) => {
                        let v = self.pop();
                        let l = self.peek(d as usize - 1);
                        tr!(self.list_append(l, v));
                    }
                    Op::SetAdd(d) => {
                        let v = self.pop();
                        let s = self.peek(d as usize - 1);
                        tr!(self.set_add(s, v));
                    }
                    Op::MapAdd(d) => {
                        let v = self.pop();
                        let k = self.pop();
                        if let Kind::Obj(m) = self.peek(d as usize - 1).kind() {
                            tr!(self.dict_set(m, k, v));
                        }
                    }
                    Op::UnpackSequence(n) => tr!(self.unpack_top(n as usize)),
                    Op::CallFunction(argc) => {
                        self.frames[fi].pc = pc;
                        let fslot = self.stack.len() - argc as usize - 1;
                        if let Some(exit) = tr!(self.tick(budget)) {
                            self.frames[fi].pc = pc - 1;
                            return Ok(exit);
                        }
                        if tr!(self.call_positional(fslot, argc as usize)) {
                            continue 'frames;
                        }
                        if let Some(exit) = self.suspend.take() {
                            return Ok(exit);
                        }
                    }
                    Op::CallComprehension(ncells) => {
                        self.frames[fi].pc = pc;
                        let globals = self.frames[fi].globals.get();
                        if tr!(self.call_comprehension(ncells as usize, globals)) {
                            continue 'frames;
                        }
                    }
                    Op::CallFunctionKw(argc) => {
                        self.frames[fi].pc = pc;
                        let names = self.pop();
                        let fslot = self.stack.len() - argc as usize - 1;
                        if tr!(self.call_slot(fslot, argc as usize, Some(names))) {
                            continue 'frames;
                        }
                        if let Some(exit) = self.suspend.take() {
                            return Ok(exit);
                        }
                    }
                    Op::CallMethod(argc) | Op::CallMethodKw(argc) => {
                        self.frames[fi].pc = pc;
                        if let Some(exit) = tr!(self.tick(budget)) {
                            self.frames[fi].pc = pc - 1;
                            return Ok(exit);
                        }
                        let names = if let Op::CallMethodKw(_) = op { Some(self.pop()) } else { None };
                        let mslot = self.stack.len() - argc as usize - 2;
                        let argc = if self.stack[mslot + 1].is_null() {
                            self.stack.remove(mslot + 1);
                            argc as usize
                        } else {
                            argc as usize + 1
                        };
                        let pushed = match names {
                            None => self.call_positional(mslot, argc),
                            Some(_) => self.call_slot(mslot, argc, names),
                        };
                        if tr!(pushed) {
                            continue 'frames;
                        }
                        if let Some(exit) = self.suspend.take() {
                            return Ok(exit);
                        }
                    }
                    Op::CallFunctionEx(flags) => {
                        self.frames[fi].pc = pc;
                        if tr!(self.call_spread(flags)) {
                            continue 'frames;
                        }
                        if let Some(exit) = self.suspend.take() {
                            return Ok(exit);
                        }
                    }
                    Op::ReturnValue => {
                        match self.finish_frame() {
                            Some(exit) => return Ok(exit),
                            None => continue 'frames,
                        }
                    }
                    Op::YieldValue => {
                        let resumer = self.frames[fi].resumer;
                        if resumer.drains() {
                            // Drained by native code: handed over and run on (`yield` gives None,
                            // which a generator expression's `Pop` drops straight away).
                            if let Some(exit) = self.drain_yield(resumer, pc, &running.1.code) {
                                return Ok(exit);
                            }
                            if let Some(Op::Pop) = ops.get(pc) {
                                pc += 1;
                            } else {
                                self.stack.push(Value::None);
                            }
                        } else {
                            let v = self.pop();
                            match self.yield_value(v, pc, &running.1.code) {
                                Some(exit) => return Ok(exit),
                                None => continue 'frames,
                            }
                        }
                    }
                    Op::YieldFrom => {
                        let sent = self.peek(0);
                        let it = self.peek(1);
                        if let Kind::Obj(r) = it.kind() {
                            if let Obj::Generator(_) = self.heap.get(r) {
                                self.pop();
                                self.frames[fi].pc = pc - 1;
                                if tr!(self.resume_gen(r, sent, Resumer::YieldFrom)) {
                                    continue 'frames;
                                }
                                // Already finished: its value is None.
                                self.pop();
                                self.stack.push(Value::None);
                                self.frames[fi].pc = pc;
                                continue;
                            }
                        }
                        match tr!(self.send_native(it, sent)) {
                            super::iter::SendResult::Yield(v) => {
                                self.pop();
                                match self.yield_value(v, pc - 1, &running.1.code) {
                                    Some(exit) => return Ok(exit),
                                    None => continue 'frames,
                                }
                            }
                            super::iter::SendResult::Return(v) => {
                                self.stack.truncate(self.stack.len() - 2);
                                self.stack.push(v);
                            }
                        }
                    }
                    Op::SetupExcept(t) => {
                        self.handlers.push(Handler {
                            target: t,
                            stack: self.stack.len() as u32,
                            handled: self.handled.len() as u32,
                        });
                    }
                    Op::PopBlock => {
                        self.handlers.pop();
                    }
                    Op::PopExcept => {
                        if self.handled.len() > self.frames[fi].handled_base {
                            self.handled.pop();
                        }
                    }
                    Op::Raise(0) => match self.handled.last() {
                        Some(&e) => {
                            self.frames[fi].pc = pc;
                            return Err((self.exc_of(e), false));
                        }
                        None => throw!(self.err(TypeId::RuntimeError, "No active exception to reraise")),
                    },
                    Op::Reraise => {
                        let v = self.pop();
                        self.frames[fi].pc = pc;
                        return Err((self.exc_of(v), false));
                    }
                }
                if self.heap.wants_gc() {
                    self.collect_garbage();
                }
            };
            self.frames[fi].pc = pc;
            return Err((e, true));
        }
    }

    /// The next item of iterator `r` where the loop steps it itself: a range, or a list's or
    /// tuple's iterator short of the end. `Some(None)`: the range is exhausted (and unchanged);
    /// `None`: another iterator or a sequence's end, for `next`.
    #[inline(always)]
    fn next_fast(&mut self, r: ObjRef) -> Option<Option<Value>> {
        match self.heap.get_mut(r) {
            Obj::RangeIter { cur, stop, step } => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    // Beyond the small ints, `next_native` makes the big int.
                    let v = Value::small(*cur)?;
                    *cur = cur.saturating_add(*step);
                    return Some(Some(v));
                }
                Some(None)
            }
            Obj::Iter(state) => {
                let IterState::Seq { seq, idx } = &mut **state else { return None };
                let (Some(s), i) = (seq.as_obj(), *idx) else { return None };
                let item = match self.heap.get(s) {
                    Obj::List(l) => l.get(i).copied(),
                    Obj::Tuple(items) => items.get(i).copied(),
                    _ => None,
                }?;
                if let Obj::Iter(state) = self.heap.get_mut(r) {
                    if let IterState::Seq { idx, .. } = &mut **state {
                        *idx = i + 1;
                    }
                }
                Some(Some(item))
            }
            _ => None,
        }
    }

    /// `CallFunctionEx(flags)`: `f(*args)`, or `f(*args, **kwargs)` with bit 0; true if it
    /// pushed a frame. Out of line: the spread's results kept two more temporaries in
    /// `execute`'s stack frame.
    #[inline(never)]
    fn call_spread(&mut self, flags: u8) -> PyResult<bool> {
        let kwargs = if flags & 1 != 0 { self.pop() } else { Value::Null };
        let args = self.pop();
        let fslot = self.stack.len() - 1;
        let (argc, names) = self.spread_call_args(args, kwargs)?;
        self.call_slot(fslot, argc, names)
    }

    /// Count one unit of budget; poll for interrupts and sleeps. `Some` means stop now.
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn tick(&mut self, budget: &mut u64) -> PyResult<Option<Exit>> {
        if self.tick_fast(budget) {
            return Ok(None);
        }
        self.tick_slow(budget)
    }

    /// `tick` when nothing is due: counts the unit and says so. Inlined into `ForIter`'s jump
    /// back, which saves the call per iteration (`tick` itself is not inlined). When it says no
    /// it has changed nothing, so a hot instruction can leave a due tick to its general arm.
    #[inline(always)]
    fn tick_fast(&mut self, budget: &mut u64) -> bool {
        if self.tick_free(budget) {
            self.poll_countdown = self.poll_countdown.wrapping_sub(1);
            *budget -= 1;
            return true;
        }
        false
    }

    /// Whether the next tick has nothing to do (`tick_fast` would count it and say so).
    #[inline(always)]
    fn tick_free(&self, budget: &u64) -> bool {
        self.suspend.is_none() && self.poll_countdown.wrapping_sub(1) % POLL_EVERY != 0 && *budget != 0
    }

    /// `tick` when something is due: a suspension, an interrupt poll or the end of the budget.
    fn tick_slow(&mut self, budget: &mut u64) -> PyResult<Option<Exit>> {
        self.poll_countdown = self.poll_countdown.wrapping_sub(1);
        if let Some(exit) = self.suspend.take() {
            return Ok(Some(exit));
        }
        if self.poll_countdown % POLL_EVERY == 0 {
            if self.host.interrupted() {
                return Err(self.err0(TypeId::KeyboardInterrupt));
            }
            // A native operation took a block from the allocator's emergency reserve.
            if self.heap.tapped() {
                return Err(self.memory_error());
            }
            if self.sched.armed() {
                self.run_scheduled()?;
            }
        }
        if *budget == 0 {
            return Ok(Some(Exit::Budget));
        }
        *budget -= 1;
        Ok(None)
    }

    pub(super) fn make_function(
        &mut self,
        code_v: Value,
        defaults: Value,
        kwdefaults: Value,
        closure: Value,
        globals: ObjRef,
    ) -> PyResult<Value> {
        let Kind::Obj(code) = code_v.kind() else { return Err(self.type_error("bad code object")) };
        let (name, plain) = match self.heap.get(code) {
            Obj::Code(c) => (c.code.name, crate::obj::func::PlainShape::of(&c.code)),
            _ => return Err(self.type_error("bad code object")),
        };
        let defaults = self.tuple_items(defaults).unwrap_or_default().into_boxed_slice();
        self.alloc(Obj::Function(alloc::boxed::Box::new(Function {
            code: code.pack(),
            globals: globals.pack(),
            name,
            defaults,
            kwdefaults,
            closure,
            dict: Value::Null,
            plain,
        })))
    }

    /// The bytecode of a loaded code object.
    pub(crate) fn code_of(&self, code_obj: ObjRef) -> Option<&Rc<Code>> {
        match self.heap.get(code_obj) {
            Obj::Code(c) => Some(&c.code),
            _ => None,
        }
    }

    /// A loaded code object (its bytecode and constants), kept at hand while its frames run.
    fn loaded_code(&self, code_obj: ObjRef) -> (ObjRef, Rc<CodeObj>) {
        match self.heap.get(code_obj) {
            Obj::Code(c) => (code_obj, c.clone()),
            _ => (code_obj, Rc::new(CodeObj { code: Rc::default(), consts: Default::default(), name_values: Default::default() })),
        }
    }

    /// Entry `i` of a code object's names, as the str value namespace dicts are keyed by.
    #[inline]
    pub(super) fn name_value(&self, code_obj: ObjRef, i: u32) -> Value {
        match self.heap.get(code_obj) {
            Obj::Code(c) => c.name_values.get(i as usize).copied().unwrap_or(Value::None),
            _ => Value::None,
        }
    }

    pub(super) fn cell_get(&self, cell: Value) -> Value {
        match cell.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Cell(v) => *v,
                _ => Value::Null,
            },
            _ => Value::Null,
        }
    }

    pub(super) fn cell_set(&mut self, cell: Value, v: Value) {
        if let Kind::Obj(r) = cell.kind() {
            if let Obj::Cell(c) = self.heap.get_mut(r) {
                *c = v;
            }
        }
    }
}
