//! Functions: compiled code with its constants, Python functions (closures), and natives.

use alloc::boxed::Box;
use alloc::rc::Rc;

use crate::bytecode::Code;
use crate::heap::PackedRef;
use crate::intern::Sym;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A code object loaded into a VM: the compiler's `Code` plus its constants as heap values. Held
/// in an `Rc` (`Obj::Code`), so the interpreter keeps the running code at hand as one pointer.
pub struct CodeObj {
    pub code: Rc<Code>,
    pub consts: Box<[Value]>,
    /// Each entry of `code.names` as an interned str value, for namespace-dict lookups.
    pub name_values: Box<[Value]>,
}

impl CodeObj {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        self.consts.iter().for_each(|v| f(*v));
        self.name_values.iter().for_each(|v| f(*v));
    }

    pub fn size_estimate(&self) -> usize {
        self.code.ops.len() * core::mem::size_of::<crate::bytecode::Op>() + self.consts.len() * 16
    }
}

pub struct Function {
    pub code: PackedRef,
    pub globals: PackedRef,
    pub name: Sym,
    /// Defaults of the last positional parameters.
    pub defaults: Box<[Value]>,
    /// Dict of keyword-only defaults, or Null.
    pub kwdefaults: Value,
    /// The tuple of cells of the free variables, in `code.freevars` order, or Null. Kept as
    /// `MakeFunction` got it: copying it into the function, and again into each call's frame,
    /// cost two allocations per closure (a generator expression is one per use).
    pub closure: Value,
    /// Attributes set on the function (`f.x = 1`), a dict or Null.
    pub dict: Value,
    /// Its code's shape if the code is `PLAIN`, copied when the function is made: the most
    /// frequent call reads it here instead of through the code object (two more pointers).
    pub plain: Option<PlainShape>,
}

/// What entering a `PLAIN` code's frame needs: its parameter count, locals and stack span.
#[derive(Clone, Copy)]
pub struct PlainShape {
    pub argcount: u32,
    pub nlocals: u32,
    pub span: u32,
}

impl PlainShape {
    /// `code`'s shape, if it is `PLAIN` (positional parameters only, no cells, no generator).
    pub fn of(code: &Code) -> Option<PlainShape> {
        let (nlocals, span) = (u32::try_from(code.nlocals()).ok()?, u32::try_from(code.span()).ok()?);
        (code.flags & crate::bytecode::code_flags::PLAIN != 0).then_some(PlainShape { argcount: code.argcount, nlocals, span })
    }
}

impl Function {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Obj(self.code.get()));
        f(Value::Obj(self.globals.get()));
        self.defaults.iter().for_each(|v| f(*v));
        f(self.kwdefaults);
        f(self.closure);
        f(self.dict);
    }
}

/// A native function: positional arguments and (name, value) keyword arguments.
pub type NativeFn = fn(&mut Vm, &[Value], &[(Sym, Value)]) -> PyResult<Value>;

pub struct Builtin {
    pub name: Sym,
    pub f: NativeFn,
    /// Extra state given to the native as its first argument (e.g. the function a
    /// `functools.partial`-like helper wraps); Null when none.
    pub receiver: Value,
    /// A method of a built-in type: binds to its instance like a Python function. Plain
    /// built-in functions (`len`, module functions) do not bind when stored in a class.
    pub method: bool,
    /// Its positional-argument count, checked by the call path before the native runs.
    pub arity: Arity,
    /// Takes keyword arguments; a call of any other native with keywords is refused before it
    /// runs, as MicroPython's argument check does.
    pub kw: bool,
}

/// The arity lives in what was padding: a `Builtin` is no bigger for it.
const _: () = assert!(core::mem::size_of::<Builtin>() <= 32);

/// A native's least and most positional arguments, the receiver or `self` included (as
/// MicroPython's `mp_arg_check_num` counts them). Checked once by the call path, so a native
/// with a declared arity may index its arguments without checking them. Two aligned bytes: the
/// call path reads both with one load.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(C, align(2))]
pub struct Arity {
    pub min: u8,
    /// [`Arity::VARARGS`] for no limit.
    pub max: u8,
}

impl Arity {
    /// A `max` that sets no limit.
    pub const VARARGS: u8 = u8::MAX;
    /// Any count: the native checks its own (constructors, whose arguments may be a Python
    /// `__init__`'s).
    pub const ANY: Arity = Arity { min: 0, max: Arity::VARARGS };

    /// `N` positional arguments, a small constant, are within bounds: two compares of bytes
    /// with `N` (`VARARGS` is above it).
    #[inline(always)]
    pub fn admits_small<const N: usize>(self) -> bool {
        self.min as usize <= N && N <= self.max as usize
    }

    /// `n` positional arguments are within bounds: two compares of `n` when `n <= 255`.
    #[inline(always)]
    pub fn admits(self, n: usize) -> bool {
        n >= self.min as usize && (n <= self.max as usize || self.max == Arity::VARARGS)
    }
}
