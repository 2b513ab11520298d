//! Exceptions: making them from `raise` operands, matching `except` clauses, tracebacks.

use crate::value::Kind;
use alloc::format;
use alloc::string::String;

use super::{Exc, PyResult, Vm};
use crate::obj::class::TbEntry;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;

impl Vm {
    pub fn exc_is(&self, e: Exc, id: TypeId) -> bool {
        self.is_instance_of(e.value(), id)
    }

    /// `v` as the raised exception: the value the unwinder pushed for a handler, always an
    /// exception instance (anything else would be a compiler bug, reported as bad bytecode).
    pub(super) fn exc_of(&mut self, v: Value) -> Exc {
        match v.kind() {
            Kind::Obj(r) => Exc::new(r),
            _ => self.err(TypeId::RuntimeError, "bad bytecode"),
        }
    }

    pub(super) fn add_traceback(&mut self, e: Exc, entry: TbEntry) {
        if let Obj::Instance(i) = self.heap.get_mut(e.obj()) {
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
                        Kind::Obj(er) if matches!(self.heap.get(er), Obj::Instance(i) if i.exc().is_some()) => Ok(Exc::new(er)),
                        _ => Err(self.type_error("exceptions must derive from BaseException")),
                    };
                }
                Obj::Instance(i) if i.exc().is_some() => return Ok(Exc::new(r)),
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
        match e.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => match i.exc() {
                    Some(x) => self.tuple_items(x.args).unwrap_or_default(),
                    None => alloc::vec::Vec::new(),
                },
                _ => alloc::vec::Vec::new(),
            },
            _ => alloc::vec::Vec::new(),
        }
    }

    /// The text after `TypeName: ` when an exception is printed (`str(e)`).
    pub fn exc_message(&mut self, e: Value) -> String {
        let args = self.exc_args(e);
        // OSError(5) reads `[Errno 5] EIO`, OSError(5, "x") `[Errno 5] EIO: x`, as MicroPython.
        if self.is_instance_of(e, TypeId::OSError) && (1..=2).contains(&args.len()) {
            if let Kind::Int(n) = args[0].kind() {
                if let Some(name) = crate::builtins::modules::errno::name(n) {
                    let mut s = format!("[Errno {}] {}", n, name);
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
            _ => match self.tuple_items(self.exc_args_value(e)) {
                Some(_) => {
                    let t = self.exc_args_value(e);
                    self.repr_of(t).unwrap_or_default()
                }
                None => String::new(),
            },
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
        let tb = match e.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) => i.exc().map(|x| x.traceback.clone()).unwrap_or_default(),
                _ => alloc::vec::Vec::new(),
            },
            _ => alloc::vec::Vec::new(),
        };
        if !tb.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for entry in tb.iter().rev() {
                out.push_str(&format!("  File \"{}\", line {}", self.sym_str(entry.file), entry.line));
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
