//! Exceptions: making them from `raise` operands, matching `except` clauses, tracebacks.

use crate::format::Dec;
use crate::value::Kind;
use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::{Exc, PyResult, Vm};
use crate::heap::ObjRef;
use crate::obj::class::TbEntry;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;

impl Vm {
    /// Raise exception instance `r`: the one way to make an [`Exc`].
    #[inline]
    pub fn raise_ref(&mut self, r: ObjRef) -> Exc {
        self.exc = r;
        #[cfg(debug_assertions)]
        {
            self.raises += 1;
        }
        Exc {
            _token: (),
            #[cfg(debug_assertions)]
            raised: self.raises,
        }
    }

    /// The raised exception reached a handler, which holds it now: the slot lets it go, so a
    /// caught exception (and what its arguments hold) is not kept alive until the next raise.
    /// Only the MemoryError instance, always there, stays in it. Tokens of the caught one are
    /// stale from here (none may be held: the raise already made older ones stale).
    pub(super) fn exc_caught(&mut self) {
        if let Some(m) = self.memory_error.as_obj() {
            self.exc = m;
        }
        #[cfg(debug_assertions)]
        {
            self.raises += 1;
        }
    }

    /// The exception instance `e` stands for.
    #[inline]
    pub fn exc_obj(&self, e: Exc) -> ObjRef {
        #[cfg(debug_assertions)]
        assert_eq!(e.raised, self.raises, "a stale Exc: another exception was raised since");
        let _ = e;
        self.exc
    }

    /// [`Vm::exc_obj`] as a Python value.
    #[inline]
    pub fn exc_value(&self, e: Exc) -> Value {
        Value::Obj(self.exc_obj(e))
    }

    /// Raise `e` again after `cleanup`, which may run Python (and so raise and catch other
    /// exceptions, and collect): the instance is taken out of the slot and kept as a root
    /// meanwhile. An error of the cleanup's own goes on instead, as with `?`.
    pub fn raise_after(&mut self, e: Exc, cleanup: impl FnOnce(&mut Vm) -> PyResult<()>) -> Exc {
        let r = self.exc_obj(e);
        self.roots.push(Value::Obj(r));
        let done = cleanup(self);
        self.roots.pop();
        match done {
            Ok(()) => self.raise_ref(r),
            Err(x) => x,
        }
    }

    pub fn exc_is(&self, e: Exc, id: TypeId) -> bool {
        self.is_instance_of(self.exc_value(e), id)
    }

    /// `v` as the raised exception: the value the unwinder pushed for a handler, always an
    /// exception instance (anything else would be a compiler bug, reported as bad bytecode).
    pub(super) fn exc_of(&mut self, v: Value) -> Exc {
        match v.kind() {
            Kind::Obj(r) => self.raise_ref(r),
            _ => self.err(TypeId::RuntimeError, "bad bytecode"),
        }
    }

    pub(super) fn add_traceback(&mut self, r: ObjRef, entry: TbEntry) {
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            if let Some(x) = i.exc_mut() {
                if x.traceback.len() < 1000 {
                    x.traceback.push(entry);
                }
            }
        }
    }

    /// The exception object for `raise v`: an instance as is, a class instantiated.
    pub fn make_exception(&mut self, v: Value) -> PyResult<Exc> {
        if let Kind::Obj(r) = v.kind() {
            match self.heap.get(r) {
                Obj::Class(_) if self.is_exception_class(r) => {
                    // `__new__` may return anything; only exceptions can be raised.
                    let e = self.call_value(v, &[])?;
                    return match e.kind() {
                        Kind::Obj(er) if matches!(self.heap.get(er), Obj::Instance(i) if i.exc().is_some()) => Ok(self.raise_ref(er)),
                        _ => Err(self.type_error("exceptions must derive from BaseException")),
                    };
                }
                Obj::Instance(i) if i.exc().is_some() => return Ok(self.raise_ref(r)),
                _ => {}
            }
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    pub(super) fn set_cause(&mut self, e: Value, cause: Value) {
        if let Kind::Obj(r) = e.kind() {
            if let Obj::Instance(i) = self.heap.get_mut(r) {
                if let Some(x) = i.exc_mut() {
                    x.cause = cause;
                    x.suppress_context = true;
                }
            }
        }
    }

    /// Does exception `e` match the class or tuple of classes `t` of an `except` clause?
    pub(super) fn exception_matches(&mut self, e: Value, t: Value) -> PyResult<bool> {
        if let Some(items) = self.tuple_items(t) {
            for item in items {
                if self.exception_matches(e, item)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        match t.kind() {
            Kind::Obj(r) if matches!(self.heap.get(r), Obj::Class(_)) => Ok(self.is_instance_of_class(e, r)),
            _ => Err(self.type_error("catching classes that do not inherit from BaseException is not allowed")),
        }
    }

    pub fn name_error(&mut self, key: Value) -> Exc {
        let name = String::from(self.as_str(key).unwrap_or("?"));
        self.err_fmt(TypeId::NameError, format_args!("name '{}' isn't defined", name))
    }

    /// The exception's args tuple items.
    pub fn exc_args(&self, e: Value) -> alloc::vec::Vec<Value> {
        self.tuple_items(self.exc_args_value(e)).unwrap_or_default()
    }

    /// The text after `TypeName: ` when an exception is printed (`str(e)`).
    pub fn exc_message(&mut self, e: Value) -> String {
        let args = self.exc_args(e);
        // OSError(5) reads `[Errno 5] EIO`, OSError(5, "x") `[Errno 5] EIO: x`, as MicroPython.
        if self.is_instance_of(e, TypeId::OSError) && matches!(args.len(), 1..=2) {
            if let Kind::Int(n) = args[0].kind() {
                if let Some(name) = crate::builtins::modules::errno::name(n) {
                    let mut s = format!("[Errno {}] {}", Dec(n), name);
                    if args.len() == 2 {
                        s.push_str(": ");
                        s.push_str(&self.str_of(args[1]).unwrap_or_default());
                    }
                    return s;
                }
            }
        }
        match args.len() {
            0 => String::new(),
            1 => self.str_of(args[0]).unwrap_or_default(),
            // Two or more: the args tuple's repr.
            _ => {
                let t = self.exc_args_value(e);
                self.repr_of(t).unwrap_or_default()
            }
        }
    }

    pub fn exc_args_value(&self, e: Value) -> Value {
        match e.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => i.exc().map_or(Value::None, |x| x.args),
                _ => Value::None,
            },
            _ => Value::None,
        }
    }

    /// The traceback as MicroPython prints it, ending with `Type: message`.
    pub fn format_exception(&mut self, e: Value) -> String {
        let mut out = String::new();
        // Read in place: writing it needs only the interner, not a copy.
        let tb: &[TbEntry] = match e.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => i.exc().map_or(&[], |x| &x.traceback),
                _ => &[],
            },
            _ => &[],
        };
        if !tb.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for entry in tb.iter().rev() {
                let _ = write!(out, "  File \"{}\", line {}", self.sym_str(entry.file), Dec(entry.line as i64));
                // A SyntaxError's line is in no function yet.
                let func = self.sym_str(entry.func);
                if !func.is_empty() {
                    out.push_str(", in ");
                    out.push_str(func);
                }
                out.push('\n');
            }
        }
        let name = self.type_name(e);
        let msg = self.exc_message(e);
        out.push_str(&name);
        out.push_str(": ");
        out.push_str(&msg);
        out.push('\n');
        out
    }
}
