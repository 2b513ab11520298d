//! Calling: binding arguments to parameters, pushing frames, native calls, class instantiation.

use crate::format::Dec;
use crate::value::Kind;
use alloc::format;
use alloc::vec::Vec;

use super::frame::{Frame, Parked, Resumer, Suspended};
use super::interp::Exit;
use super::{PyResult, Vm};
use crate::bytecode::code_flags;
use crate::heap::ObjRef;
use crate::intern::{sym, Sym};
use crate::obj::class::Layout;
use crate::obj::func::PlainShape;
use crate::obj::gen::GenState;
use crate::obj::{Arity, Generator, Instance, Obj};
use crate::types::TypeId;
use crate::value::Value;

impl Vm {
    /// Call the function at `stack[fslot]` with the `argc` values above it, the last ones named by
    /// the tuple `names`. Returns true if a frame was pushed (the result arrives when it returns),
    /// false if the result is already on the stack in place of the function.
    pub(super) fn call_slot(&mut self, fslot: usize, argc: usize, names: Option<Value>) -> PyResult<bool> {
        let kw = match names {
            Some(names) => {
                let names = self.tuple_items(names).unwrap_or_default();
                let at = self.stack.len() - names.len();
                let mut kw = Vec::with_capacity(names.len());
                for (i, n) in names.iter().enumerate() {
                    let s = self.str_to_sym(*n);
                    kw.push((s, self.stack[at + i]));
                }
                // The values stay rooted through `kw` until bound: nothing collects before then.
                self.stack.truncate(at);
                kw
            }
            None => Vec::new(),
        };
        let npos = argc - kw.len();
        self.dispatch_call(fslot, npos, &kw, Resumer::Call)
    }

    /// `call_slot` without keywords. The most frequent calls, a `PLAIN` function given exactly
    /// its parameters, a built-in and a class, are told apart in a function of their own:
    /// `dispatch_call`'s prologue saves every register its many arms use, which cost a plain
    /// call more than its work.
    #[inline(never)]
    pub(super) fn call_positional(&mut self, fslot: usize, npos: usize) -> PyResult<bool> {
        let Kind::Obj(r) = self.stack[fslot].kind() else { return self.dispatch_call(fslot, npos, &[], Resumer::Call) };
        match self.heap.get(r) {
            Obj::Function(func) => {
                let (code_obj, globals, plain) = (func.code.get(), func.globals.get(), func.plain);
                if let Some(shape) = self.fits_plain(plain, npos) {
                    self.enter_plain(shape, code_obj, globals, fslot, Resumer::Call)?;
                    return Ok(true);
                }
                self.dispatch_call(fslot, npos, &[], Resumer::Call)
            }
            Obj::Builtin(b) => {
                let (func, receiver, arity) = (b.f, b.receiver, b.arity);
                self.call_builtin(func, receiver, arity, fslot, npos, &[])
            }
            Obj::Class(_) => self.call_class_slot(r, fslot, npos, &[], Resumer::Call),
            // A built-in method bound to its object (`pop = l.pop; pop()`): the object is the
            // native's receiver, with no insertion into the stack.
            &Obj::BoundMethod { func, receiver } => match func.as_obj().map(|f| self.heap.get(f)) {
                Some(Obj::Builtin(b)) if b.receiver.is_null() => {
                    let (func, arity) = (b.f, b.arity);
                    self.call_builtin(func, receiver, arity, fslot, npos, &[])
                }
                _ => self.dispatch_call(fslot, npos, &[], Resumer::Call),
            },
            _ => self.dispatch_call(fslot, npos, &[], Resumer::Call),
        }
    }

    /// Call built-in `func` on the arguments above `fslot`, leaving the result there. Its
    /// argument count, the receiver counted, is checked here against its `arity`, once for all
    /// natives (keywords are checked by the caller, the fast path having none).
    #[inline(always)]
    fn call_builtin(&mut self, func: crate::obj::NativeFn, receiver: Value, arity: Arity, fslot: usize, npos: usize, kw: &[(Sym, Value)]) -> PyResult<bool> {
        // Arguments are copied (they stay rooted on the stack meanwhile). The usual counts are
        // copied as one fixed-size array, with no buffer to clear and no `memcpy` call; each is
        // checked against the arity as a constant (two byte compares).
        let result = match npos + !receiver.is_null() as usize {
            0 if arity.admits_small::<0>() => func(self, &[], kw)?,
            1 if arity.admits_small::<1>() => self.call_native_n::<1>(func, receiver, fslot, kw)?,
            2 if arity.admits_small::<2>() => self.call_native_n::<2>(func, receiver, fslot, kw)?,
            3 if arity.admits_small::<3>() => self.call_native_n::<3>(func, receiver, fslot, kw)?,
            n if n < 4 || !arity.admits(n) => return Err(crate::builtins::args::wrong_arity(self, arity, n)),
            n => {
                let mut args = Vec::with_capacity(n);
                if !receiver.is_null() {
                    args.push(receiver);
                }
                args.extend_from_slice(&self.stack[fslot + 1..fslot + 1 + npos]);
                func(self, &args, kw)?
            }
        };
        // The result takes the callable's slot: a truncate and a store, no capacity check.
        self.stack.truncate(fslot + 1);
        self.stack[fslot] = result;
        Ok(false)
    }

    /// Call native `func` with its `N` arguments: the receiver, if any, then the values above
    /// `fslot`. The receiver takes the place of the callable's own slot, so the arguments are
    /// one window of the stack.
    #[inline(always)]
    fn call_native_n<const N: usize>(&mut self, func: crate::obj::NativeFn, receiver: Value, fslot: usize, kw: &[(Sym, Value)]) -> PyResult<Value> {
        let extra = !receiver.is_null() as usize;
        let from = fslot + 1 - extra;
        let mut args = [Value::Null; N];
        args.copy_from_slice(&self.stack[from..from + N]);
        if extra == 1 {
            args[0] = receiver;
        }
        func(self, &args, kw)
    }

    /// The shape of a function's code (`Function::plain`) when a call with `npos` arguments
    /// needs none of the general binding: a `PLAIN` function given exactly its parameters, with
    /// room for a frame.
    #[inline(always)]
    fn fits_plain(&self, plain: Option<PlainShape>, npos: usize) -> Option<PlainShape> {
        plain.filter(|p| p.argcount as usize == npos && self.frames.len() < super::MAX_FRAMES)
    }

    /// The frame of a `PLAIN` call whose arguments sit above `fslot`, given its code's shape:
    /// its other locals start unbound.
    #[inline(always)]
    fn enter_plain(&mut self, shape: PlainShape, code_obj: ObjRef, globals: ObjRef, fslot: usize, resumer: Resumer) -> PyResult<()> {
        let (nlocals, span) = (shape.nlocals as usize, shape.span as usize);
        let base = fslot + 1;
        self.reserve_frame(base + span)?;
        // Room is reserved: a plain loop of pushes, not `resize`'s out-of-line generic.
        for _ in self.stack.len()..base + nlocals {
            self.stack.push(Value::Null);
        }
        self.push_frame(code_obj, globals, Value::Null, base, resumer, fslot);
        Ok(())
    }

    /// The frame of Python function `f` called with the two operands on top of the stack, for
    /// `Vm::operator_frame`: they are copied as its first locals and stay below it, for
    /// `operator_fallback` if it returns `NotImplemented`. False, pushing nothing, unless `f`
    /// is `PLAIN` with two parameters and there is room for a frame.
    pub(super) fn enter_operator(&mut self, f: ObjRef, resumer: Resumer) -> PyResult<bool> {
        let (code_obj, globals, plain) = self.function_parts(f);
        let Some(shape) = self.fits_plain(plain, 2) else { return Ok(false) };
        let (nlocals, span) = (shape.nlocals as usize, shape.span as usize);
        let base = self.stack.len();
        self.reserve_frame(base + span)?;
        let (a, b) = (self.stack[base - 2], self.stack[base - 1]);
        self.stack.push(a);
        self.stack.push(b);
        for _ in base + 2..base + nlocals {
            self.stack.push(Value::Null);
        }
        self.push_frame(code_obj, globals, Value::Null, base, resumer, base);
        Ok(true)
    }

    fn dispatch_call(&mut self, fslot: usize, npos: usize, kw: &[(Sym, Value)], resumer: Resumer) -> PyResult<bool> {
        let f = self.stack[fslot];
        let Kind::Obj(r) = f.kind() else { return Err(self.not_callable(f)) };
        match self.heap.get(r) {
            Obj::Function(func) => {
                let (code_obj, globals, plain) = (func.code.get(), func.globals.get(), func.plain);
                // The most frequent call, a `PLAIN` function given exactly its parameters,
                // needs none of the general binding.
                if let Some(shape) = self.fits_plain(plain, npos).filter(|_| kw.is_empty()) {
                    self.enter_plain(shape, code_obj, globals, fslot, resumer)?;
                    return Ok(true);
                }
                self.push_function_frame(r, code_obj, globals, fslot, npos, kw, resumer)
            }
            Obj::Builtin(b) => {
                if !kw.is_empty() && !b.kw {
                    return Err(crate::builtins::args::no_keywords(self));
                }
                let (func, receiver, arity) = (b.f, b.receiver, b.arity);
                self.call_builtin(func, receiver, arity, fslot, npos, kw)
            }
            Obj::BoundMethod { func, receiver } => {
                let (func, receiver) = (*func, *receiver);
                self.stack[fslot] = func;
                self.stack.insert(fslot + 1, receiver);
                self.dispatch_call(fslot, npos + 1, kw, resumer)
            }
            Obj::Class(_) => self.call_class_slot(r, fslot, npos, kw, resumer),
            Obj::StaticMethod(f) | Obj::ClassMethod(f) => {
                self.stack[fslot] = *f;
                self.dispatch_call(fslot, npos, kw, resumer)
            }
            _ => {
                let call = self.type_lookup(f, sym::__CALL__);
                match call {
                    Some(c) => {
                        self.stack[fslot] = c;
                        self.stack.insert(fslot + 1, f);
                        self.dispatch_call(fslot, npos + 1, kw, resumer)
                    }
                    None => Err(self.not_callable(f)),
                }
            }
        }
    }

    fn not_callable(&mut self, f: Value) -> super::Exc {
        let t = self.type_name(f);
        self.type_error(format!("'{}' object isn't callable", t))
    }

    pub fn recursion_error(&mut self) -> super::Exc {
        self.err(TypeId::RuntimeError, "maximum recursion depth exceeded")
    }

    /// Bind arguments and push a frame for Python function `fref` (or make a generator).
    #[allow(clippy::too_many_arguments)]
    fn push_function_frame(
        &mut self,
        fref: ObjRef,
        code_obj: ObjRef,
        globals: ObjRef,
        fslot: usize,
        npos: usize,
        kw: &[(Sym, Value)],
        resumer: Resumer,
    ) -> PyResult<bool> {
        if self.frames.len() >= super::MAX_FRAMES {
            return Err(self.recursion_error());
        }
        let code = match self.heap.get(code_obj) {
            Obj::Code(c) => c.code.clone(),
            _ => return Err(self.type_error("bad code object")),
        };
        let base = fslot + 1;
        self.reserve_frame(base + code.span())?;
        let simple = code.flags & (code_flags::VARARGS | code_flags::VARKEYWORDS) == 0
            && kw.is_empty()
            && npos == code.argcount as usize
            && code.kwonlyargcount == 0;
        if simple {
            self.stack.truncate(base + npos);
            self.stack.resize(base + code.nlocals(), Value::Null);
        } else {
            let locals = self.bind_args(fref, &code, base, npos, kw)?;
            self.stack.truncate(base);
            self.stack.extend_from_slice(&locals);
        }
        // Cells: fresh ones for this call's captured locals, the closure's for free variables.
        for _ in 0..code.cellvars.len() {
            let c = self.alloc(Obj::Cell(Value::Null))?;
            self.stack.push(c);
        }
        if !code.freevars.is_empty() {
            if let Obj::Function(f) = self.heap.get(fref) {
                if let Kind::Obj(t) = f.closure.kind() {
                    if let Obj::Tuple(cells) = self.heap.get(t) {
                        self.stack.extend_from_slice(cells);
                    }
                }
            }
        }
        self.enter_code(code, code_obj, globals, fslot, resumer)
    }

    /// `CallComprehension(ncells)`: [iter cell1..celln code] becomes the comprehension's frame
    /// — locals (the iterator first), fresh cells, then the closure's cells moved up from where
    /// they were pushed — with the code object in the callable's slot. No function object and
    /// no closure tuple are made (a generator expression made ~5 objects, two of them these).
    #[inline(never)]
    pub(super) fn call_comprehension(&mut self, ncells: usize, globals: ObjRef) -> PyResult<bool> {
        if self.frames.len() >= super::MAX_FRAMES {
            return Err(self.recursion_error());
        }
        let code_v = self.pop();
        let fslot = self.stack.len() - ncells - 1;
        let code = match code_v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Code(c) if c.code.freevars.len() == ncells && c.code.nlocals() >= 1 => c.code.clone(),
                _ => return Err(self.type_error("bad code object")),
            },
            _ => return Err(self.type_error("bad code object")),
        };
        let Kind::Obj(code_obj) = code_v.kind() else { return Err(self.type_error("bad code object")) };
        let base = fslot + 1;
        self.reserve_frame(base + code.span())?;
        let (nlocals, fresh) = (code.nlocals(), code.cellvars.len());
        let free = base + nlocals + fresh;
        let iter = self.stack[fslot];
        self.stack.resize(free + ncells, Value::Null);
        self.stack.copy_within(base..base + ncells, free);
        self.stack[base + 1..free].fill(Value::Null);
        self.stack[base] = iter;
        self.stack[fslot] = code_v;
        for i in 0..fresh {
            self.stack[base + nlocals + i] = self.alloc(Obj::Cell(Value::Null))?;
        }
        self.enter_code(code, code_obj, globals, fslot, Resumer::Call)
    }

    /// Run `code` in the frame whose locals and cells are on the stack from `fslot + 1`: push
    /// the frame (true), or for a generator or coroutine park it in a new generator that takes
    /// the callable's slot (false).
    fn enter_code(&mut self, code: alloc::rc::Rc<crate::bytecode::Code>, code_obj: ObjRef, globals: ObjRef, fslot: usize, resumer: Resumer) -> PyResult<bool> {
        let base = fslot + 1;
        if code.flags & (code_flags::GENERATOR | code_flags::COROUTINE) != 0 {
            let stack = self.stack.split_off(base);
            self.stack.truncate(fslot);
            let name = code.name;
            let parked = Parked { code, code_obj: code_obj.pack(), globals: globals.pack(), locals: Value::Null, pc: 0 };
            let g = Generator {
                state: GenState::Created,
                name,
                frame: Suspended { frame: Some(parked), stack, handlers: Vec::new() },
                pending: Value::Null,
                delegator: None,
            };
            let g = self.alloc(Obj::Generator(alloc::boxed::Box::new(g)))?;
            self.stack.push(g);
            return Ok(false);
        }
        self.push_frame(code_obj, globals, Value::Null, base, resumer, fslot);
        Ok(true)
    }

    /// Push a fresh frame of `code_obj` whose locals start at `base` (already on the stack).
    #[inline(always)]
    fn push_frame(&mut self, code_obj: ObjRef, globals: ObjRef, locals: Value, base: usize, resumer: Resumer, ret_sp: usize) {
        let (handler_base, handled_base) = (self.handlers.len(), self.handled.len());
        self.push_frame_record(move || Frame { code_obj: code_obj.pack(), pc: 0, base, globals: globals.pack(), locals, handler_base, handled_base, gen: None, resumer, ret_sp });
    }

    /// Push the frame `make` makes on the frame stack. Where there is room (`reserve_frame` made
    /// it), `push` has no grow call to keep the fields alive across, so they are stored straight
    /// into the slot; a plain `push` built the frame on the Rust stack and copied it with a
    /// `rep movsq` from just-written memory, on every call (call micro-benchmarks' wall time
    /// −15–20 %). The frame is made in each branch: one made before them was built on the Rust
    /// stack for the grow call and copied the same way.
    #[inline(always)]
    pub(super) fn push_frame_record(&mut self, make: impl FnOnce() -> Frame) {
        if self.frames.len() < self.frames.capacity() {
            self.frames.push(make());
        } else {
            self.push_frame_grow(make());
        }
    }

    #[cold]
    #[inline(never)]
    fn push_frame_grow(&mut self, frame: Frame) {
        self.frames.push(frame);
    }

    /// The code object, globals and plain shape of Python function `f`.
    fn function_parts(&self, f: ObjRef) -> (ObjRef, ObjRef, Option<PlainShape>) {
        match self.heap.get(f) {
            Obj::Function(func) => (func.code.get(), func.globals.get(), func.plain),
            _ => (f, f, None),
        }
    }

    /// The argument checks of a function from a stand-in for a C module, with the messages of
    /// MicroPython's natives: `mp_arg_parse_all`'s when it has keyword-only parameters (an
    /// unknown keyword: "extra keyword arguments given", in `bind_args`), else
    /// `mp_arg_check_num`'s, keywords refused. A function with `**kw` checks its keywords
    /// itself (as a native made with `MP_DEFINE_CONST_FUN_OBJ_KW` does). Only on a call that
    /// binds arguments the long way.
    #[cold]
    fn check_native_args(&mut self, code: &crate::bytecode::Code, npos: usize, nkw: usize, required: usize) -> PyResult<()> {
        let max = if code.flags & code_flags::VARARGS != 0 { usize::MAX } else { code.argcount as usize };
        if code.kwonlyargcount == 0 && code.flags & code_flags::VARKEYWORDS == 0 {
            if nkw > 0 {
                return Err(crate::builtins::args::no_keywords(self));
            }
            if npos < required || npos > max {
                return Err(crate::builtins::args::out_of_range(self, required, max, npos));
            }
        } else if npos < required {
            return Err(crate::builtins::args::out_of_range(self, required, usize::MAX, npos));
        } else if npos > max {
            return Err(self.type_error("extra positional arguments given"));
        }
        Ok(())
    }

    /// Match arguments to parameters: the locals a call starts with.
    fn bind_args(
        &mut self,
        fref: ObjRef,
        code: &crate::bytecode::Code,
        at: usize,
        npos: usize,
        kw: &[(Sym, Value)],
    ) -> PyResult<Vec<Value>> {
        let argcount = code.argcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let has_varargs = code.flags & code_flags::VARARGS != 0;
        let has_varkw = code.flags & code_flags::VARKEYWORDS != 0;
        let mut locals = alloc::vec![Value::Null; code.nlocals()];
        let (defaults, kwdefaults) = match self.heap.get(fref) {
            Obj::Function(f) => (f.defaults.clone(), f.kwdefaults),
            _ => (Default::default(), Value::Null),
        };
        // As MicroPython: without keywords given or keyword-only defaults, too few positional
        // arguments are counted against the parameters without a default.
        let by_count = kw.is_empty() && kwdefaults.is_null();
        let required = argcount.saturating_sub(defaults.len());
        if code.flags & code_flags::NATIVE != 0 {
            self.check_native_args(code, npos, kw.len(), required)?;
        }
        let pos = &self.stack[at..at + npos];
        if (npos > argcount && !has_varargs) || (by_count && npos < required) {
            let name = self.sym_str(code.name);
            let takes = if npos > argcount { argcount } else { required };
            let msg = format!("{}() takes {} positional arguments but {} were given", name, Dec(takes as i64), Dec(npos as i64));
            return Err(self.type_error(msg));
        }
        let n = npos.min(argcount);
        locals[..n].copy_from_slice(&pos[..n]);
        let extra: Vec<Value> = if npos > argcount { pos[argcount..].to_vec() } else { Vec::new() };
        let mut slot = argcount + kwonly;
        if has_varargs {
            locals[slot] = self.new_tuple(extra)?;
            slot += 1;
        }
        let kwdict = if has_varkw {
            // MicroPython sizes it for every keyword the call passed.
            let d = self.new_dict_alloc(kw.len())?;
            locals[slot] = d;
            d.as_obj()
        } else {
            None
        };
        for &(name, v) in kw {
            let found = code.varnames[code.posonlyargcount as usize..argcount + kwonly].iter().position(|&p| p == name);
            match found {
                Some(i) => {
                    let i = i + code.posonlyargcount as usize;
                    if !locals[i].is_null() {
                        let msg = format!("function got multiple values for argument '{}'", self.sym_str(name));
                        return Err(self.type_error(msg));
                    }
                    locals[i] = v;
                }
                None => match kwdict {
                    Some(d) => {
                        let k = self.sym_value(name);
                        self.dict_set(d, k, v)?;
                    }
                    None if code.flags & code_flags::NATIVE != 0 => return Err(self.type_error("extra keyword arguments given")),
                    None => {
                        let msg = format!("unexpected keyword argument '{}'", self.sym_str(name));
                        return Err(self.type_error(msg));
                    }
                },
            }
        }
        // Defaults for missing positional parameters; MicroPython names the last one missing.
        for i in (0..argcount).rev() {
            if locals[i].is_null() {
                match defaults.get(i.wrapping_sub(required)) {
                    Some(&d) if i >= required => locals[i] = d,
                    _ => return Err(self.type_error(format!("function missing required positional argument #{}", Dec(i as i64)))),
                }
            }
        }
        for i in argcount..argcount + kwonly {
            if locals[i].is_null() {
                let found = match kwdefaults.kind() {
                    Kind::Obj(d) => {
                        let k = self.sym_value(code.varnames[i]);
                        self.dict_get(d, k)?
                    }
                    _ => None,
                };
                match found {
                    Some(v) => locals[i] = v,
                    None if by_count => return Err(self.type_error("function missing keyword-only argument")),
                    None => {
                        let msg = format!("function missing required keyword argument '{}'", self.sym_str(code.varnames[i]));
                        return Err(self.type_error(msg));
                    }
                }
            }
        }
        Ok(locals)
    }

    /// `cls(*args, **kw)`: `__new__` then `__init__`.
    fn call_class_slot(
        &mut self,
        cls: ObjRef,
        fslot: usize,
        npos: usize,
        kw: &[(Sym, Value)],
        resumer: Resumer,
    ) -> PyResult<bool> {
        let new = self.class_lookup(cls, sym::__NEW__);
        let obj = match new.filter(|&n| !self.is_object_new(n)) {
            Some(new) => {
                let new = match new.kind() {
                    Kind::Obj(r) => match self.heap.get(r) {
                        Obj::StaticMethod(f) => *f,
                        _ => new,
                    },
                    _ => new,
                };
                // A built-in type with no `__init__` of its own (`range(a, b)`, `int(x)`): its
                // native `__new__` is called like any native, on the stack's window [cls, args...].
                if !kw.is_empty() && self.refuses_kw(new) && !self.python_init(cls) {
                    return Err(crate::builtins::args::no_keywords(self));
                }
                if let Some(f) = self.native_new(cls, new) {
                    return self.call_builtin(f, Value::Obj(cls), Arity::ANY, fslot, npos, kw);
                }
                // [cls, args...] is the stack's window at `fslot`, copied out for the call; small
                // calls use a buffer on the Rust stack instead of the allocator.
                let mut small = [Value::Null; 9];
                let big: Vec<Value>;
                let full: &[Value] = match small.get_mut(..=npos) {
                    Some(w) => {
                        w.copy_from_slice(&self.stack[fslot..=fslot + npos]);
                        w
                    }
                    None => {
                        big = self.stack[fslot..=fslot + npos].to_vec();
                        &big
                    }
                };
                self.call_value_kw(new, full, kw)?
            }
            // `object.__new__`: a plain instance; only an exception keeps the arguments, and
            // refuses keywords unless its class has an `__init__` of its own to take them.
            None => {
                let exc = matches!(self.heap.get(cls), Obj::Class(c) if c.layout == Layout::Exception);
                if exc && !kw.is_empty() && !self.python_init(cls) {
                    return Err(crate::builtins::args::no_keywords(self));
                }
                let args = if exc { self.stack[fslot + 1..fslot + 1 + npos].to_vec() } else { Vec::new() };
                self.plain_instance(cls, &args)?
            }
        };
        let init = if self.is_instance_of_class(obj, cls) { self.class_lookup(cls, sym::__INIT__) } else { None };
        match (init, init.map(Value::kind)) {
            (_, Some(Kind::Obj(ir))) if matches!(self.heap.get(ir), Obj::Function(_)) && resumer == Resumer::Call => {
                // [cls a1..an] -> [obj init obj a1..an]; the Init frame leaves obj behind.
                let top = self.stack.len();
                self.stack.push(Value::Null);
                self.stack.push(Value::Null);
                self.stack.copy_within(fslot + 1..top, fslot + 3);
                self.stack[fslot] = obj;
                self.stack[fslot + 1] = Value::Obj(ir);
                self.stack[fslot + 2] = obj;
                let (code_obj, globals, plain) = self.function_parts(ir);
                if let Some(shape) = self.fits_plain(plain, npos + 1).filter(|_| kw.is_empty()) {
                    self.enter_plain(shape, code_obj, globals, fslot + 1, Resumer::Init)?;
                    return Ok(true);
                }
                let pushed = self.push_function_frame(ir, code_obj, globals, fslot + 1, npos + 1, kw, Resumer::Init)?;
                if !pushed {
                    // A generator `__init__`: the call "returned" a generator object.
                    let g = self.pop();
                    self.stack.truncate(fslot + 1);
                    return Err(self.init_returned(g));
                }
                Ok(true)
            }
            (Some(init), _) if !self.is_default_init(init) => {
                let args = self.stack[fslot + 1..fslot + 1 + npos].to_vec();
                self.roots.push(obj);
                let r = self.call_with_first(init, obj, &args, kw);
                self.roots.pop();
                let r = r?;
                if !r.is_none() {
                    return Err(self.init_returned(r));
                }
                self.stack.truncate(fslot);
                self.stack.push(obj);
                Ok(false)
            }
            _ => {
                self.stack.truncate(fslot);
                self.stack.push(obj);
                Ok(false)
            }
        }
    }

    /// MicroPython's error for an `__init__` that returned `v`, not None.
    pub(super) fn init_returned(&mut self, v: Value) -> super::Exc {
        let t = self.type_name(v);
        self.type_error(format!("__init__() should return None, not '{}'", t))
    }

    /// `new`, `cls`'s `__new__` (not `object`'s), when it is a native without a bound receiver
    /// and `cls` has only `object`'s `__init__`: the whole of calling `cls`. A native `__new__`
    /// checks its own arguments (they may be a Python `__init__`'s: its arity is `Arity::ANY`,
    /// `builtins::tests`), so this call has no count to check.
    fn native_new(&mut self, cls: ObjRef, new: Value) -> Option<crate::obj::NativeFn> {
        let Kind::Obj(r) = new.kind() else { return None };
        let f = match self.heap.get(r) {
            Obj::Builtin(b) if b.receiver.is_null() => b.f,
            _ => return None,
        };
        match self.class_lookup(cls, sym::__INIT__) {
            Some(init) if !self.is_default_init(init) => None,
            _ => Some(f),
        }
    }

    /// A native that refuses keyword arguments (`Builtin::kw`).
    fn refuses_kw(&self, f: Value) -> bool {
        matches!(f.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Builtin(b) if !b.kw))
    }

    /// `cls`'s `__init__` is Python code: keywords given to the class are its to take, as in
    /// MicroPython, whatever a built-in base's constructor takes.
    fn python_init(&mut self, cls: ObjRef) -> bool {
        matches!(self.class_lookup(cls, sym::__INIT__).map(Value::kind), Some(Kind::Obj(r)) if matches!(self.heap.get(r), Obj::Function(_)))
    }

    fn is_default_init(&self, init: Value) -> bool {
        match init.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Builtin(b) => b.name == sym::__INIT__ && b.f as *const () == crate::builtins::object_init as *const (),
                _ => false,
            },
            _ => false,
        }
    }

    fn is_object_new(&self, v: Value) -> bool {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Builtin(b) => b.f as *const () == crate::builtins::object_new as *const (),
                _ => false,
            },
            _ => false,
        }
    }

    /// A fresh instance of a user class (exceptions get their exception state).
    pub fn plain_instance(&mut self, cls: ObjRef, args: &[Value]) -> PyResult<Value> {
        let (layout, room) = match self.heap.get(cls) {
            Obj::Class(c) => (c.layout, c.attr_room),
            _ => (Layout::Plain, 0),
        };
        let exc = if layout == Layout::Exception {
            let a = self.new_tuple(args.to_vec())?;
            Some(crate::obj::ExcData::new(a))
        } else {
            None
        };
        self.alloc(Obj::Instance(Instance::new(cls, Value::Null, exc).with_room(room as usize)))
    }

    /// Call from native code (a nested run of the interpreter when `f` is Python code).
    pub fn call_value(&mut self, f: Value, args: &[Value]) -> PyResult<Value> {
        self.call_value_kw(f, args, &[])
    }

    pub fn call_value_kw(&mut self, f: Value, args: &[Value], kw: &[(Sym, Value)]) -> PyResult<Value> {
        if let Kind::Obj(r) = f.kind() {
            if let Obj::Builtin(b) = self.heap.get(r) {
                let (func, receiver, arity) = (b.f, b.receiver, b.arity);
                if receiver.is_null() {
                    if !arity.admits(args.len()) {
                        return Err(crate::builtins::args::wrong_arity(self, arity, args.len()));
                    }
                    // Keywords are not refused here: a class's `__new__` gets those meant
                    // for its Python `__init__`.
                    return func(self, args, kw);
                }
            }
        }
        if self.native_too_deep() {
            return Err(self.recursion_error());
        }
        let fslot = self.stack.len();
        self.stack.push(f);
        self.stack.extend_from_slice(args);
        self.native_depth += 1;
        let r = self.dispatch_call(fslot, args.len(), kw, Resumer::Native);
        let result = match r {
            Ok(false) => Ok(self.stack.pop().unwrap_or(Value::None)),
            Ok(true) => self.run_nested(),
            Err(e) => Err(e),
        };
        self.native_depth -= 1;
        self.stack.truncate(fslot.min(self.stack.len()));
        result
    }

    /// Run the frame just pushed with `Resumer::Native` to completion.
    pub(super) fn run_nested(&mut self) -> PyResult<Value> {
        let mut budget = u64::MAX;
        loop {
            match self.run_frames(&mut budget, None)? {
                Exit::Return(v) | Exit::Yield(v) => return Ok(v),
                Exit::Budget | Exit::Input => budget = u64::MAX,
                Exit::Sleep(until) => {
                    let now = self.host.ticks_us();
                    self.host.sleep_us(until.saturating_sub(now));
                }
            }
        }
    }

    /// Call a special method found on the type of `obj` (by `type_lookup`), honouring
    /// staticmethod/classmethod wrappers.
    pub fn call_special(&mut self, m: Value, obj: Value, rest: &[Value]) -> PyResult<Value> {
        if let Kind::Obj(r) = m.kind() {
            match self.heap.get(r) {
                Obj::StaticMethod(f) => {
                    let f = *f;
                    return self.call_value(f, rest);
                }
                Obj::ClassMethod(f) => {
                    let f = *f;
                    let cls = Value::Obj(self.type_of(obj));
                    return self.call_with_first(f, cls, rest, &[]);
                }
                _ => {}
            }
        }
        self.call_with_first(m, obj, rest, &[])
    }

    /// `f(first, *rest, **kw)` from native code: the one place the receiver is put before the
    /// arguments.
    fn call_with_first(&mut self, f: Value, first: Value, rest: &[Value], kw: &[(Sym, Value)]) -> PyResult<Value> {
        let mut args = Vec::with_capacity(rest.len() + 1);
        args.push(first);
        args.extend_from_slice(rest);
        self.call_value_kw(f, &args, kw)
    }

    /// Call method `name` of `obj` from native code.
    pub fn call_method(&mut self, obj: Value, name: Sym, args: &[Value]) -> PyResult<Value> {
        let (m, s) = self.load_method(obj, name)?;
        if s.is_null() {
            self.call_value(m, args)
        } else {
            self.call_with_first(m, s, args, &[])
        }
    }

    /// `f(*args, **kwargs)`: push the spread arguments; returns (argc, names tuple).
    pub(super) fn spread_call_args(&mut self, args: Value, kwargs: Value) -> PyResult<(usize, Option<Value>)> {
        let items = match self.tuple_items(args) {
            Some(items) => items,
            None => self.collect_iter(args)?,
        };
        let npos = items.len();
        self.stack.extend_from_slice(&items);
        if kwargs.is_null() {
            return Ok((npos, None));
        }
        let mut names = Vec::new();
        // The compiler builds `kwargs` as a dict (`kwargs_dict`): `dict_update` checked `**x`.
        for &(k, v) in &self.mapping_items(kwargs)? {
            if self.as_str(k).is_none() {
                let t = self.type_name(k);
                return Err(self.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to str implicitly", t)));
            }
            names.push(k);
            self.stack.push(v);
        }
        let n = names.len();
        let t = self.new_tuple(names)?;
        Ok((npos + n, Some(t)))
    }

    /// Run a class body function with `ns` as its namespace (for `__build_class__`).
    pub fn run_class_body(&mut self, body: Value, ns: ObjRef) -> PyResult<Value> {
        let Kind::Obj(fref) = body.kind() else { return Err(self.type_error("bad class body")) };
        if !matches!(self.heap.get(fref), Obj::Function(_)) {
            return Err(self.type_error("bad class body"));
        }
        if self.native_too_deep() || self.frames.len() >= super::MAX_FRAMES {
            return Err(self.recursion_error());
        }
        let fslot = self.stack.len();
        self.stack.push(body);
        self.native_depth += 1;
        let (code_obj, globals, _) = self.function_parts(fref);
        let r = self.push_function_frame(fref, code_obj, globals, fslot, 0, &[], Resumer::Native);
        let result = match r {
            Ok(true) => {
                if let Some(f) = self.frames.last_mut() {
                    f.locals = Value::Obj(ns);
                }
                self.run_nested()
            }
            Ok(false) => Ok(self.stack.pop().unwrap_or(Value::None)),
            Err(e) => Err(e),
        };
        self.native_depth -= 1;
        self.stack.truncate(fslot.min(self.stack.len()));
        result
    }

    /// Start running module code: push its frame with `globals` as the namespace.
    pub fn push_module_frame(&mut self, code_obj: ObjRef, globals: ObjRef) -> PyResult<()> {
        let code = match self.heap.get(code_obj) {
            Obj::Code(c) => c.code.clone(),
            _ => return Err(self.type_error("bad code object")),
        };
        if self.frames.len() >= super::MAX_FRAMES {
            return Err(self.recursion_error());
        }
        let base = self.stack.len();
        self.reserve_frame(base + code.span())?;
        self.stack.resize(base + code.nlocals(), Value::Null);
        for _ in 0..code.ncells() {
            let c = self.alloc(Obj::Cell(Value::Null))?;
            self.stack.push(c);
        }
        self.push_frame(code_obj, globals, Value::Obj(globals), base, Resumer::Native, base);
        Ok(())
    }

    /// Run module code to completion from native code (imports, `exec`).
    pub fn exec_code(&mut self, code_obj: ObjRef, globals: ObjRef, locals: Value) -> PyResult<Value> {
        if self.native_too_deep() {
            return Err(self.recursion_error());
        }
        let sp = self.stack.len();
        self.push_module_frame(code_obj, globals)?;
        if let Some(f) = self.frames.last_mut() {
            if !locals.is_null() {
                f.locals = locals;
            }
        }
        self.native_depth += 1;
        let r = self.run_nested();
        self.native_depth -= 1;
        self.stack.truncate(sp.min(self.stack.len()));
        r
    }
}
