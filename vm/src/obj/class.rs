//! Classes (built-in types are classes too) and their instances.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::value::Value;

/// Which native object an instance of a class carries: classes deriving from a built-in type
/// keep a value of that type in `Instance::base`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Plain,
    Exception,
    /// Derived from a built-in type whose values are not instances (list, dict, int, …): the
    /// instance wraps such a value.
    Native,
}

pub struct Class {
    pub name: Sym,
    pub bases: Vec<ObjRef>,
    /// Method resolution order, starting with the class itself.
    pub mro: Vec<ObjRef>,
    /// The namespace: a heap dict of str keys.
    pub dict: ObjRef,
    pub layout: Layout,
    /// For a built-in type: which one (see `types::Builtin`); None for user classes.
    pub builtin: Option<crate::types::TypeId>,
    /// The nearest built-in type in the MRO, used for native behaviour of subclasses.
    pub native_base: Option<ObjRef>,
    /// The metaclass when it is not `type`.
    pub metaclass: Value,
    /// A built-in type whose methods are still only in its static tables: `Vm::class_dict`
    /// puts them into `dict` on first use, so start-up makes no method objects.
    pub unfilled: bool,
}

impl Class {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        self.bases.iter().for_each(|b| f(Value::Obj(*b)));
        self.mro.iter().for_each(|b| f(Value::Obj(*b)));
        f(Value::Obj(self.dict));
        if let Some(n) = self.native_base {
            f(Value::Obj(n));
        }
        f(self.metaclass);
    }

    pub fn size_estimate(&self) -> usize {
        core::mem::size_of::<Class>() + (self.bases.len() + self.mro.len()) * 4
    }
}

/// One line of a traceback.
#[derive(Debug, Clone, Copy)]
pub struct TbEntry {
    pub file: Sym,
    pub func: Sym,
    pub line: u32,
}

/// The state every exception carries.
pub struct ExcData {
    pub args: Value,
    pub traceback: Vec<TbEntry>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
}

impl ExcData {
    /// Fresh exception state: no traceback, no cause.
    pub fn new(args: Value) -> Box<ExcData> {
        Box::new(ExcData { args, traceback: Vec::new(), cause: Value::None, context: Value::None, suppress_context: false })
    }
}

pub struct Instance {
    pub class: ObjRef,
    /// The attributes while no `__dict__` was asked for: (name, value) pairs in assignment
    /// order, searched by name. Most instances have a handful, so they need no dict object and
    /// no hash index of their own (MicroPython's instance map is also a short array).
    pub attrs: Vec<(Sym, Value)>,
    /// The attribute dict once made (`__dict__`, `vars()`, many attributes); it then holds
    /// every attribute and `attrs` is empty. Null until then.
    pub dict: Value,
    /// The wrapped built-in value for `Layout::Native` classes, else Null.
    pub base: Value,
    pub exc: Option<Box<ExcData>>,
}

impl Instance {
    pub fn new(class: ObjRef, base: Value, exc: Option<Box<ExcData>>) -> Instance {
        Instance { class, attrs: Vec::new(), dict: Value::Null, base, exc }
    }

    /// An attribute held inline (not once the instance has a dict).
    #[inline]
    pub fn attr(&self, name: Sym) -> Option<Value> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Obj(self.class));
        self.attrs.iter().for_each(|(_, v)| f(*v));
        f(self.dict);
        f(self.base);
        if let Some(e) = &self.exc {
            f(e.args);
            f(e.cause);
            f(e.context);
        }
    }
}
