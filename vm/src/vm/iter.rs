//! Iteration: `iter()`, `next()`, generators driven from native code, unpacking.

use crate::format::Dec;
use crate::value::Kind;
use alloc::vec::Vec;

use super::frame::Resumer;
use super::interp::Exit;
use super::{Exc, PyResult, Vm};
use crate::ast::BinOp;
use crate::heap::ObjRef;
use crate::intern::sym;
use crate::obj::iter::DictPart;
use crate::obj::{IterState, Obj};
use crate::types::TypeId;
use crate::value::Value;

enum Delegated {
    Done(SendResult),
    Raise(ObjRef),
}

pub enum SendResult {
    Yield(Value),
    Return(Value),
}

impl Vm {
    pub fn new_iter(&mut self, state: IterState) -> PyResult<Value> {
        self.alloc(Obj::Iter(alloc::boxed::Box::new(state)))
    }

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        if let Kind::Obj(r) = v.kind() {
            let state = match self.heap.get(r) {
                Obj::List(_) | Obj::Tuple(_) | Obj::Bytes(_) | Obj::ByteArray(_) => IterState::Seq { seq: v, idx: 0 },
                Obj::Str(_) => IterState::Str { s: r, pos: 0 },
                &Obj::Range { start, stop, step } => return self.alloc(Obj::RangeIter { cur: start, stop, step }),
                Obj::Dict(_) => IterState::Dict { dict: r, pos: 0, part: DictPart::Keys },
                Obj::Set { .. } => IterState::Dict { dict: r, pos: 0, part: DictPart::Keys },
                Obj::DictView { dict, part } => IterState::Dict { dict: dict.get(), pos: 0, part: *part },
                Obj::Iter(_) | Obj::RangeIter { .. } | Obj::Generator(_) => return Ok(v),
                Obj::Instance(_) | Obj::Ext(_) | Obj::Class(_) => {
                    if let Some(m) = self.type_lookup(v, sym::__ITER__) {
                        let it = self.call_special(m, v, &[])?;
                        return Ok(it);
                    }
                    // A subclass of a built-in type iterates as its value does (a dict's keys,
                    // not `__getitem__(0)`, `__getitem__(1)`…).
                    if let Some(b) = self.native_base(v) {
                        return self.get_iter(b);
                    } else if self.type_lookup(v, sym::__GETITEM__).is_some() {
                        IterState::GetItem { obj: v, idx: 0 }
                    } else {
                        return Err(self.not_iterable(v));
                    }
                }
                _ => return Err(self.not_iterable(v)),
            };
            return self.new_iter(state);
        }
        Err(self.not_iterable(v))
    }

    pub fn not_iterable(&mut self, v: Value) -> Exc {
        let t = self.type_name(v);
        self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't iterable", t))
    }

    /// `next(it)`; None when exhausted.
    pub fn next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let Kind::Obj(r) = it.kind() else {
            let t = self.type_name(it);
            return Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't an iterator", t)));
        };
        match self.heap.get(r) {
            Obj::Iter(_) | Obj::RangeIter { .. } => {
                // Nested native iterators (map of zip of filter…) recurse in Rust: bound it.
                if self.native_too_deep() {
                    return Err(self.recursion_error());
                }
                self.native_depth += 1;
                let r = self.next_native(r);
                self.native_depth -= 1;
                r
            }
            Obj::Generator(_) => match self.gen_send(r, Value::None)? {
                SendResult::Yield(v) => Ok(Some(v)),
                SendResult::Return(_) => Ok(None),
            },
            Obj::Instance(_) | Obj::Ext(_) => {
                let Some(m) = self.type_lookup(it, sym::__NEXT__) else {
                    let t = self.type_name(it);
                    return Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't an iterator", t)));
                };
                match self.call_special(m, it, &[]) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.exc_is(e, TypeId::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            _ => {
                let t = self.type_name(it);
                Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't an iterator", t)))
            }
        }
    }

    fn next_native(&mut self, r: ObjRef) -> PyResult<Option<Value>> {
        let state = match self.heap.get_mut(r) {
            Obj::Iter(state) => state,
            Obj::RangeIter { cur, stop, step } => {
                if (*step > 0 && *cur < *stop) || (*step < 0 && *cur > *stop) {
                    let v = *cur;
                    *cur = cur.saturating_add(*step);
                    return self.new_int(v).map(Some);
                }
                return Ok(None);
            }
            _ => return Ok(None),
        };
        match &mut **state {
            IterState::Seq { seq, idx } => {
                let (seq, i) = (*seq, *idx);
                let item = match seq.kind() {
                    Kind::Obj(s) => match self.heap.get(s) {
                        Obj::List(l) => l.get(i).copied(),
                        Obj::Tuple(t) => t.get(i).copied(),
                        Obj::Bytes(b) | Obj::ByteArray(b) => b.get(i).map(|&x| Value::Int(x as i64)),
                        _ => None,
                    },
                    _ => None,
                };
                if let Obj::Iter(state) = self.heap.get_mut(r) {
                    if let IterState::Seq { idx, .. } = &mut **state {
                        *idx += 1;
                    }
                }
                Ok(item)
            }
            IterState::Str { s, pos } => {
                let (s, p) = (*s, *pos);
                let Obj::Str(text) = self.heap.get(s) else { return Ok(None) };
                let Some(c) = text.as_str()[p..].chars().next() else { return Ok(None) };
                let n = c.len_utf8();
                let v = self.char_value(c)?;
                if let Obj::Iter(state) = self.heap.get_mut(r) {
                    if let IterState::Str { pos, .. } = &mut **state {
                        *pos += n;
                    }
                }
                Ok(Some(v))
            }
            IterState::Dict { dict, pos, part } => {
                let (d, p, part) = (*dict, *pos, *part);
                let Some(table) = self.dict_table(d) else { return Ok(None) };
                let Some((i, e)) = table.next_from(p) else { return Ok(None) };
                if let Obj::Iter(state) = self.heap.get_mut(r) {
                    if let IterState::Dict { pos, .. } = &mut **state {
                        *pos = i + 1;
                    }
                }
                match part {
                    DictPart::Keys => Ok(Some(e.key)),
                    DictPart::Values => Ok(Some(e.value)),
                    DictPart::Items => self.new_tuple(alloc::vec![e.key, e.value]).map(Some),
                }
            }
            IterState::Enumerate { it, n } => {
                let (it, n) = (*it, *n);
                let Some(v) = self.next(it)? else { return Ok(None) };
                let next_n = self.binary_op(crate::ast::BinOp::Add, n, Value::Int(1))?;
                if let Obj::Iter(state) = self.heap.get_mut(r) {
                    if let IterState::Enumerate { n, .. } = &mut **state {
                        *n = next_n;
                    }
                }
                self.new_tuple(alloc::vec![n, v]).map(Some)
            }
            IterState::Map { f, its } => {
                let (f, its) = (*f, its.clone());
                // `zip()` of nothing ends at once (a map has at least one iterable).
                if its.is_empty() {
                    return Ok(None);
                }
                let mut args = Vec::with_capacity(its.len());
                for it in its {
                    match self.next(it)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                if f.is_null() {
                    return self.new_tuple(args).map(Some);
                }
                let mark = self.roots.len();
                self.roots.extend_from_slice(&args);
                let r = self.call_value(f, &args);
                self.roots.truncate(mark);
                r.map(Some)
            }
            IterState::Filter { f, it } => {
                let (f, it) = (*f, *it);
                loop {
                    let Some(v) = self.next(it)? else { return Ok(None) };
                    let keep = if f.is_none() {
                        self.truthy(v)?
                    } else {
                        self.roots.push(v);
                        let r = self.call_value(f, &[v]);
                        self.roots.pop();
                        let r = r?;
                        self.truthy(r)?
                    };
                    if keep {
                        return Ok(Some(v));
                    }
                }
            }
            IterState::Reversed { seq, idx } => {
                if *idx == 0 {
                    return Ok(None);
                }
                *idx -= 1;
                let (seq, i) = (*seq, *idx);
                self.getitem(seq, Value::Int(i as i64)).map(Some)
            }
            IterState::Call { f, sentinel } => {
                let (f, sentinel) = (*f, *sentinel);
                let v = self.call_value(f, &[])?;
                if self.eq(v, sentinel)? {
                    if let Obj::Iter(state) = self.heap.get_mut(r) {
                        **state = IterState::Done;
                    }
                    return Ok(None);
                }
                Ok(Some(v))
            }
            IterState::GetItem { obj, idx } => {
                let (obj, i) = (*obj, *idx);
                match self.getitem(obj, Value::Int(i)) {
                    Ok(v) => {
                        if let Obj::Iter(state) = self.heap.get_mut(r) {
                            if let IterState::GetItem { idx, .. } = &mut **state {
                                *idx += 1;
                            }
                        }
                        Ok(Some(v))
                    }
                    Err(e) if self.exc_is(e, TypeId::IndexError) || self.exc_is(e, TypeId::StopIteration) => Ok(None),
                    Err(e) => Err(e),
                }
            }
            IterState::Done => Ok(None),
        }
    }

    /// Call `f` on each item of `src`, keeping what is held rooted while `f` runs Python code.
    /// Lists and tuples are walked over a snapshot, so `x.extend(x)` ends.
    pub fn for_each_item(&mut self, src: Value, mut f: impl FnMut(&mut Vm, Value) -> PyResult<()>) -> PyResult<()> {
        if let Kind::Obj(r) = src.kind() {
            let items = match self.heap.get(r) {
                Obj::List(l) => Some(l.clone()),
                Obj::Tuple(t) => Some(t.to_vec()),
                _ => None,
            };
            if let Some(items) = items {
                return self.for_each_of(items, f);
            }
        }
        let it = self.get_iter(src)?;
        let mark = self.roots.len();
        self.roots.push(it);
        let r = loop {
            match self.next(it) {
                Ok(Some(v)) => {
                    if let Err(e) = f(self, v) {
                        break Err(e);
                    }
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        self.roots.truncate(mark);
        r
    }

    /// Call `f` on each of `items` (a snapshot the caller took), keeping them rooted.
    pub fn for_each_of(&mut self, items: Vec<Value>, mut f: impl FnMut(&mut Vm, Value) -> PyResult<()>) -> PyResult<()> {
        let mark = self.roots.len();
        self.roots.extend_from_slice(&items);
        let r = items.into_iter().try_for_each(|v| f(self, v));
        self.roots.truncate(mark);
        r
    }

    /// Drain an iterable into a Vec, keeping the items rooted while Python code runs.
    pub fn collect_iter(&mut self, v: Value) -> PyResult<Vec<Value>> {
        if let Kind::Obj(r) = v.kind() {
            if let Some(items) = self.copy_items(r)? {
                return Ok(items);
            }
        }
        let holder = self.drain_to_list(v)?;
        Ok(match self.heap.get_mut(holder) {
            Obj::List(items) => core::mem::take(items),
            _ => Vec::new(),
        })
    }

    /// `list(v)` or, with `tuple`, `tuple(v)`: an iterator's items are drained into a new list
    /// which, for a tuple, then becomes the tuple in its own slot — one object made, where
    /// `collect_iter` left a list behind for the collector (`tuple(genexpr)`: one per
    /// generator expression of nqueens' hot loop).
    pub fn collect_seq(&mut self, v: Value, tuple: bool) -> PyResult<Value> {
        if let Kind::Obj(r) = v.kind() {
            if let Some(items) = self.copy_items(r)? {
                return if tuple { self.new_tuple(items) } else { self.new_list(items) };
            }
        }
        let holder = self.drain_to_list(v)?;
        if tuple {
            let before = self.heap.get(holder).size_estimate();
            let obj = self.heap.get_mut(holder);
            if let Obj::List(items) = obj {
                let items = core::mem::take(items);
                *obj = Obj::Tuple(items.into_boxed_slice());
            }
            self.heap.resized(holder, before);
        }
        Ok(Value::Obj(holder))
    }

    /// A new list of iterable `v`'s items, rooted while they are drained into it.
    fn drain_to_list(&mut self, v: Value) -> PyResult<ObjRef> {
        let holder = self.new_list(Vec::new())?;
        self.roots.push(holder);
        let result = self.collect_into(v, holder);
        self.roots.pop();
        result?;
        match holder.kind() {
            Kind::Obj(h) => Ok(h),
            _ => Err(self.type_error("expected a list")),
        }
    }

    /// Drain iterable `v` into `into`, a list or set the caller roots, with room made first
    /// for the items `length_hint` expects. A generator's yields go straight in.
    pub fn collect_into(&mut self, v: Value, into: Value) -> PyResult<()> {
        let it = self.get_iter(v)?;
        self.roots.push(it);
        let hint = self.length_hint(it);
        let result = self.reserve_for(into, hint).and_then(|()| match (it.kind(), into.kind()) {
            (Kind::Obj(g), Kind::Obj(into)) if matches!(self.heap.get(g), Obj::Generator(_)) => self.drain_gen(g, into),
            _ => self.drain_iter(it, into),
        });
        self.roots.pop();
        result
    }

    /// Room in list `into` for `n` more items (a set grows key by key, as MicroPython's does,
    /// so its order is MicroPython's).
    fn reserve_for(&mut self, into: Value, n: usize) -> PyResult<()> {
        match into.kind() {
            Kind::Obj(r) if n > 0 && matches!(self.heap.get(r), Obj::List(_)) => self.list_grow(r, n, |_| ()),
            _ => Ok(()),
        }
    }

    /// Add `v` to `into`, the list or set a drained generator fills (`Resumer::Collect`).
    #[inline]
    pub(super) fn collect_push(&mut self, into: ObjRef, v: Value) -> PyResult<()> {
        match self.heap.get(into) {
            Obj::Set { .. } => self.set_add(Value::Obj(into), v),
            _ => self.list_append(Value::Obj(into), v),
        }
    }

    /// Hand the value on top of the stack, yielded by the top frame (a generator drained by
    /// native code: `resumer`), to its drainer, and pop it: added to the list or set, or to the
    /// running total in the slot below the frame. The value stays on the stack, rooted, while
    /// `__hash__`, `__eq__` or `__add__` run.
    #[inline]
    pub(super) fn drain_push(&mut self, resumer: Resumer) -> PyResult<()> {
        let v = self.top();
        let r = match resumer {
            Resumer::Collect(into) => self.collect_push(into.get(), v),
            _ => self.sum_push(v),
        };
        self.pop();
        r
    }

    /// Add `v` to the running total of a generator drained by `sum`, in the stack slot below
    /// the top frame (see `sum_gen`). Out of line, so that `drain_push` stays small enough to
    /// inline for the collections.
    #[inline(never)]
    fn sum_push(&mut self, v: Value) -> PyResult<()> {
        let at = self.frames.last().map_or(0, |f| f.ret_sp).saturating_sub(1);
        let acc = self.stack[at];
        let total = match super::ops::fast_binop(BinOp::Add, acc, v) {
            Some(total) => total,
            None => self.binary_op(BinOp::Add, acc, v)?,
        };
        self.stack[at] = total;
        Ok(())
    }

    /// `sum` of generator `it` from `start`, added up as it yields (`Resumer::Sum`): no trip out
    /// of the interpreter loop per item. None if `it` is not a generator.
    pub fn sum_gen(&mut self, it: Value, start: Value) -> PyResult<Option<Value>> {
        let Kind::Obj(g) = it.kind() else { return Ok(None) };
        if !matches!(self.heap.get(g), Obj::Generator(_)) {
            return Ok(None);
        }
        if self.native_too_deep() {
            return Err(self.recursion_error());
        }
        // The total lives on the stack below the generator's frame: rooted, and found there.
        let at = self.stack.len();
        self.stack.push(start);
        let r = match self.resume_gen(g, Value::None, Resumer::Sum) {
            Ok(true) => self.run_gen_native(None),
            Ok(false) => Ok(SendResult::Return(Value::None)),
            Err(e) => Err(e),
        };
        let total = self.stack[at];
        self.stack.truncate(at);
        match r? {
            SendResult::Yield(e) => Err(self.exc_of(e)),
            SendResult::Return(_) => Ok(Some(total)),
        }
    }

    /// How many items iterator `it` has left, when that is cheap to know: a range's or a
    /// list's or tuple's iterator, and for a generator not yet started the iterator in its first
    /// local (a generator expression's outermost iterable: its filters and inner loops make it
    /// a guess). Capped, as it only sizes a collection that still grows when it is wrong.
    fn length_hint(&self, it: Value) -> usize {
        const CAP: usize = 256;
        let Kind::Obj(r) = it.kind() else { return 0 };
        let first = match self.heap.get(r) {
            Obj::Generator(g) if g.state == crate::obj::gen::GenState::Created => g.frame.stack.first().copied(),
            _ => Some(it),
        };
        let Some(Kind::Obj(r)) = first.map(Value::kind) else { return 0 };
        let n = match *self.heap.get(r) {
            Obj::RangeIter { cur, stop, step } => super::ops::range_len(cur, stop, step).min(CAP as u64) as usize,
            Obj::Iter(ref s) => match **s {
                IterState::Seq { seq, idx } => seq.as_obj().and_then(|q| self.heap.seq_items(q)).map_or(0, |s| s.len().saturating_sub(idx)),
                _ => 0,
            },
            _ => 0,
        };
        n.min(CAP)
    }

    /// Run generator `g` to its end in one go, its yields added to `into` (see
    /// `Resumer::Collect`): no trip out of the interpreter loop per item.
    fn drain_gen(&mut self, g: ObjRef, into: ObjRef) -> PyResult<()> {
        if self.native_too_deep() {
            return Err(self.recursion_error());
        }
        if self.resume_gen(g, Value::None, Resumer::Collect(into.pack()))? {
            if let SendResult::Yield(e) = self.run_gen_native(None)? {
                return Err(self.exc_of(e));
            }
        }
        Ok(())
    }

    fn drain_iter(&mut self, it: Value, into: Value) -> PyResult<()> {
        let Kind::Obj(into) = into.kind() else { return Ok(()) };
        loop {
            match self.next(it) {
                Ok(Some(x)) => {
                    if let Err(e) = self.collect_push(into, x) {
                        break Err(e);
                    }
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        }
    }

    /// Resume generator `g` with `v` from native code.
    pub fn gen_send(&mut self, g: ObjRef, v: Value) -> PyResult<SendResult> {
        self.gen_resume_native(g, v, None)
    }

    /// Raise `exc` inside generator `g` at its paused `yield`.
    pub fn gen_throw(&mut self, g: ObjRef, exc: Value) -> PyResult<SendResult> {
        let e = self.make_exception(exc)?;
        let r = self.exc_obj(e);
        self.gen_resume_native(g, Value::None, Some(r))
    }

    /// `throw` is held as the instance: delegating it and resuming the generator run Python.
    fn gen_resume_native(&mut self, g: ObjRef, v: Value, throw: Option<ObjRef>) -> PyResult<SendResult> {
        if self.native_too_deep() {
            return Err(self.recursion_error());
        }
        let throw = match throw {
            Some(e) => match self.delegate_throw(g, e)? {
                Delegated::Done(r) => return Ok(r),
                Delegated::Raise(e) => Some(e),
            },
            None => None,
        };
        let started = self.resume_gen(g, v, Resumer::Native)?;
        if !started {
            if let Some(r) = throw {
                return Err(self.raise_ref(r));
            }
            return Ok(SendResult::Return(Value::None));
        }
        self.run_gen_native(throw)
    }

    /// A generator paused in `yield from` passes a thrown exception to its sub-iterator first
    /// (PEP 380); GeneratorExit closes the sub-iterator and is then raised in the generator.
    fn delegate_throw(&mut self, g: ObjRef, e: ObjRef) -> PyResult<Delegated> {
        let sub = match self.heap.get(g) {
            Obj::Generator(gen) if gen.state == crate::obj::gen::GenState::Suspended => gen.yield_from_sub(),
            _ => None,
        };
        let Some(sub) = sub else { return Ok(Delegated::Raise(e)) };
        // `e` too: the sub-iterator's `close`/`throw` may raise and catch others, and collect.
        self.roots.push(sub);
        self.roots.push(Value::Obj(e));
        let outcome = if self.is_instance_of(Value::Obj(e), TypeId::GeneratorExit) {
            let r = match self.try_getattr(sub, sym::CLOSE) {
                Ok(Some(close)) => self.call_value(close, &[]).map(|_| ()),
                Ok(None) => Ok(()),
                Err(x) => Err(x),
            };
            match r {
                Ok(()) => Err(self.raise_ref(e)),
                Err(x) => Err(x),
            }
        } else {
            match sub.kind() {
                Kind::Obj(sr) if matches!(self.heap.get(sr), Obj::Generator(_)) => self.gen_throw(sr, Value::Obj(e)).map(Some),
                _ => match self.try_getattr(sub, sym::THROW) {
                    Ok(Some(t)) => match self.call_value(t, &[Value::Obj(e)]) {
                        Ok(v) => Ok(Some(SendResult::Yield(v))),
                        Err(x) if self.exc_is(x, TypeId::StopIteration) => Ok(Some(SendResult::Return(self.stop_iteration_value(x)))),
                        Err(x) => Err(x),
                    },
                    Ok(None) => Err(self.raise_ref(e)),
                    Err(x) => Err(x),
                },
            }
        };
        self.roots.truncate(self.roots.len() - 2);
        match outcome {
            Ok(Some(SendResult::Yield(v))) => Ok(Delegated::Done(SendResult::Yield(v))),
            Ok(Some(SendResult::Return(v))) => {
                self.step_past_yield_from(g);
                self.gen_send(g, v).map(Delegated::Done)
            }
            Ok(None) => Ok(Delegated::Raise(e)),
            Err(x) => {
                let x = self.exc_obj(x);
                self.step_past_yield_from(g);
                Ok(Delegated::Raise(x))
            }
        }
    }

    /// Drop the sub-iterator of a generator paused at `YieldFrom` and move past it.
    pub(super) fn step_past_yield_from(&mut self, g: ObjRef) {
        self.chain_changed();
        if let Obj::Generator(gen) = self.heap.get_mut(g) {
            gen.frame.stack.pop();
            if let Some(f) = gen.frame.frame.as_mut() {
                f.pc += 1;
            }
        }
    }

    fn run_gen_native(&mut self, throw: Option<ObjRef>) -> PyResult<SendResult> {
        self.native_depth += 1;
        let mut budget = u64::MAX;
        let mut inject = throw.map(|e| (e, true));
        let r = loop {
            match self.run_frames(&mut budget, inject.take()) {
                Ok(Exit::Yield(v)) => break Ok(SendResult::Yield(v)),
                Ok(Exit::Return(v)) => break Ok(SendResult::Return(v)),
                Ok(Exit::Budget | Exit::Input) => budget = u64::MAX,
                Ok(Exit::Sleep(until)) => {
                    let now = self.host.ticks_us();
                    self.host.sleep_us(until.saturating_sub(now));
                }
                Err(e) => break Err(e),
            }
        };
        self.native_depth -= 1;
        r
    }

    /// `YieldFrom` on a non-generator: `send` to an iterator object.
    pub(super) fn send_native(&mut self, it: Value, v: Value) -> PyResult<SendResult> {
        let r = if v.is_none() { self.next_or_stop(it) } else { self.call_method(it, sym::SEND, &[v]).map(Some) };
        match r {
            Ok(Some(v)) => Ok(SendResult::Yield(v)),
            Ok(None) => Ok(SendResult::Return(Value::None)),
            Err(e) if self.exc_is(e, TypeId::StopIteration) => {
                let val = self.stop_iteration_value(e);
                Ok(SendResult::Return(val))
            }
            Err(e) => Err(e),
        }
        .map(|r| match r {
            SendResult::Yield(v) if v.is_null() => SendResult::Return(Value::None),
            other => other,
        })
    }

    /// Like `next` but lets a StopIteration raised by `__next__` through (to keep its value).
    fn next_or_stop(&mut self, it: Value) -> PyResult<Option<Value>> {
        if let Kind::Obj(r) = it.kind() {
            if matches!(self.heap.get(r), Obj::Instance(_)) {
                let Some(m) = self.type_lookup(it, sym::__NEXT__) else {
                    let t = self.type_name(it);
                    return Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't an iterator", t)));
                };
                return self.call_special(m, it, &[]).map(Some);
            }
        }
        self.next(it)
    }

    /// The value carried by a StopIteration.
    pub fn stop_iteration_value(&self, e: Exc) -> Value {
        match self.heap.get(self.exc_obj(e)) {
            Obj::Instance(i) => match i.exc() {
                Some(x) => self.tuple_items(x.args).and_then(|a| a.first().copied()).unwrap_or(Value::None),
                None => Value::None,
            },
            _ => Value::None,
        }
    }

    pub(super) fn get_awaitable(&mut self, v: Value) -> PyResult<Value> {
        if let Kind::Obj(r) = v.kind() {
            if matches!(self.heap.get(r), Obj::Generator(_)) {
                return Ok(v);
            }
        }
        match self.type_lookup(v, sym::__AWAIT__) {
            Some(m) => self.call_special(m, v, &[]),
            None => match self.type_lookup(v, sym::__ITER__) {
                Some(m) => self.call_special(m, v, &[]),
                None => {
                    let t = self.type_name(v);
                    Err(self.err_fmt(TypeId::TypeError, format_args!("'{}' object isn't awaitable", t)))
                }
            },
        }
    }

    /// `UnpackSequence(n)`: the sequence on top of the stack replaced by its `n` items, the first
    /// on top.
    #[inline(never)]
    pub(super) fn unpack_top(&mut self, n: usize) -> PyResult<()> {
        let seq = self.stack.last().copied().unwrap_or(Value::None);
        let items = self.unpack(seq, n, None)?;
        self.stack.pop();
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }

    /// Unpack for assignment: exactly `n` items, or with `after` a starred target in between.
    pub(super) fn unpack(&mut self, seq: Value, n: usize, after: Option<usize>) -> PyResult<Vec<Value>> {
        let items = match seq.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::List(l) => Some(l.clone()),
                Obj::Tuple(t) => Some(t.to_vec()),
                _ => None,
            },
            _ => None,
        };
        let items = match items {
            Some(i) => i,
            None => self.collect_iter(seq)?,
        };
        match after {
            None => {
                if items.len() < n {
                    return Err(self.err_fmt(TypeId::ValueError, format_args!("need more than {} values to unpack", Dec(items.len() as i64))));
                }
                if items.len() > n {
                    return Err(self.err_fmt(TypeId::ValueError, format_args!("too many values to unpack (expected {})", Dec(n as i64))));
                }
                Ok(items)
            }
            Some(after) => {
                if items.len() < n + after {
                    return Err(self.err_fmt(TypeId::ValueError, format_args!("need more than {} values to unpack", Dec(items.len() as i64))));
                }
                let mut out = Vec::with_capacity(n + after + 1);
                out.extend_from_slice(&items[..n]);
                let mid = items[n..items.len() - after].to_vec();
                let l = self.new_list(mid)?;
                out.push(l);
                out.extend_from_slice(&items[items.len() - after..]);
                Ok(out)
            }
        }
    }
}
