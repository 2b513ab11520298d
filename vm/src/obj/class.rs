//! Classes (built-in types are classes too) and their instances.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::heap::{ObjRef, PackedRef};
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
    pub bases: Vec<PackedRef>,
    /// Method resolution order, starting with the class itself.
    pub mro: Vec<PackedRef>,
    /// The namespace: a heap dict of str keys; `NO_DICT` for a built-in type still `unfilled`.
    pub dict: PackedRef,
    pub layout: Layout,
    /// For a built-in type: which one (see `types::Builtin`); None for user classes.
    pub builtin: Option<crate::types::TypeId>,
    /// The nearest built-in type in the MRO, used for native behaviour of subclasses.
    pub native_base: Option<PackedRef>,
    /// The metaclass when it is not `type`.
    pub metaclass: Value,
    /// A built-in type whose methods are still only in its static tables: `Vm::class_dict`
    /// makes `dict` with them on first use, so start-up makes no method objects or dicts.
    pub unfilled: bool,
    /// The most attributes an instance of this class held inline: new instances get room for
    /// that many, so setting them in `__init__` allocates once and exactly.
    pub attr_room: u8,
}

/// The namespace of a built-in type that has none yet: a handle no object ever has.
pub const NO_DICT: ObjRef = ObjRef(u32::MAX as u64);

impl Class {
    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        self.bases.iter().for_each(|b| f(Value::Obj(b.get())));
        self.mro.iter().for_each(|b| f(Value::Obj(b.get())));
        if self.dict.get() != NO_DICT {
            f(Value::Obj(self.dict.get()));
        }
        if let Some(n) = self.native_base {
            f(Value::Obj(n.get()));
        }
        f(self.metaclass);
    }

    pub fn size_estimate(&self) -> usize {
        core::mem::size_of::<Class>() + (self.bases.len() + self.mro.len()) * core::mem::size_of::<PackedRef>()
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
    pub fn new(args: Value) -> ExcData {
        ExcData { args, traceback: Vec::new(), cause: Value::None, context: Value::None, suppress_context: false }
    }
}

/// An instance of a user class, held inline in its heap slot: the class, its attributes and,
/// for the few instances that need more, a box with the rest. A plain object is its slot plus
/// one exactly sized attribute array (MicroPython's instance map is also a short array).
pub struct Instance {
    pub class: PackedRef,
    /// How many entries of `attrs` hold attributes; the others are room made up front for the
    /// attributes this class's instances had before (`Class::attr_room`).
    len: u32,
    /// The attributes while no `__dict__` was asked for: (name, value) pairs in assignment
    /// order, searched by name, so they need no dict object and no hash index of their own.
    attrs: Box<[(Sym, Value)]>,
    more: Option<Box<InstanceMore>>,
}

/// What few instances have: an attribute dict, a wrapped built-in value, exception state.
struct InstanceMore {
    /// The attribute dict once made (`__dict__`, `vars()`, many attributes); it then holds
    /// every attribute and `attrs` is empty. Null until then.
    dict: Value,
    /// The wrapped built-in value for `Layout::Native` classes, else Null.
    base: Value,
    exc: Option<ExcData>,
}

/// An entry of an attribute array not used yet.
const ROOM: (Sym, Value) = (Sym(u32::MAX), Value::Null);

impl Instance {
    pub fn new(class: ObjRef, base: Value, exc: Option<ExcData>) -> Instance {
        let more = (!base.is_null() || exc.is_some()).then(|| Box::new(InstanceMore { dict: Value::Null, base, exc }));
        Instance { class: class.pack(), len: 0, attrs: Box::default(), more }
    }

    /// The instance with room for `room` attributes.
    pub fn with_room(self, room: usize) -> Instance {
        Instance { attrs: super::filled(ROOM, room).into_boxed_slice(), ..self }
    }

    /// An attribute held inline (not once the instance has a dict).
    #[inline]
    pub fn attr(&self, name: Sym) -> Option<Value> {
        self.attrs().iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The attributes held inline, in assignment order.
    #[inline]
    pub fn attrs(&self) -> &[(Sym, Value)] {
        self.attrs.get(..self.len as usize).unwrap_or_default()
    }

    /// Set the inline attribute `name` without allocating: replace it, or add it into room
    /// made up front while fewer than `max` are held. False when neither is possible.
    #[inline]
    pub fn set_in_place(&mut self, name: Sym, v: Value, max: usize) -> bool {
        let len = self.len as usize;
        if let Some(e) = self.attrs.iter_mut().take(len).find(|(n, _)| *n == name) {
            e.1 = v;
            return true;
        }
        match self.attrs.get_mut(len) {
            Some(e) if len < max => {
                *e = (name, v);
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    /// Bytes `push_attr` will allocate.
    pub fn attr_growth(&self) -> usize {
        if (self.len as usize) < self.attrs.len() {
            0
        } else {
            core::mem::size_of::<(Sym, Value)>()
        }
    }

    /// Add an attribute known to be absent, growing the array by exactly one when it is full.
    /// Returns how many attributes the instance now holds.
    pub fn push_attr(&mut self, name: Sym, v: Value) -> usize {
        let len = self.len as usize;
        if len == self.attrs.len() {
            let mut grown = core::mem::take(&mut self.attrs).into_vec();
            grown.reserve_exact(1);
            grown.push(ROOM);
            self.attrs = grown.into_boxed_slice();
        }
        if let Some(e) = self.attrs.get_mut(len) {
            *e = (name, v);
            self.len += 1;
        }
        self.len as usize
    }

    /// Remove the inline attribute `name`; false when there is none.
    pub fn remove_attr(&mut self, name: Sym) -> bool {
        let len = self.len as usize;
        let Some(p) = self.attrs().iter().position(|(n, _)| *n == name) else { return false };
        self.attrs.copy_within(p + 1..len, p);
        self.attrs[len - 1] = ROOM;
        self.len -= 1;
        true
    }

    pub fn dict(&self) -> Value {
        self.more.as_ref().map_or(Value::Null, |m| m.dict)
    }

    /// From now on `dict` holds the attributes: the inline ones are dropped (the caller copied
    /// them into it).
    pub fn set_dict(&mut self, dict: Value) {
        self.attrs = Box::default();
        self.len = 0;
        self.more_mut().dict = dict;
    }

    pub fn base(&self) -> Value {
        self.more.as_ref().map_or(Value::Null, |m| m.base)
    }

    pub fn exc(&self) -> Option<&ExcData> {
        self.more.as_ref().and_then(|m| m.exc.as_ref())
    }

    pub fn exc_mut(&mut self) -> Option<&mut ExcData> {
        self.more.as_mut().and_then(|m| m.exc.as_mut())
    }

    fn more_mut(&mut self) -> &mut InstanceMore {
        self.more.get_or_insert_with(|| Box::new(InstanceMore { dict: Value::Null, base: Value::Null, exc: None }))
    }

    /// Bytes held outside the slot.
    pub fn size_estimate(&self) -> usize {
        let more = if self.more.is_some() { core::mem::size_of::<InstanceMore>() } else { 0 };
        self.attrs.len() * core::mem::size_of::<(Sym, Value)>() + more
    }

    pub fn trace(&self, f: &mut dyn FnMut(Value)) {
        f(Value::Obj(self.class.get()));
        self.attrs().iter().for_each(|(_, v)| f(*v));
        if let Some(m) = &self.more {
            f(m.dict);
            f(m.base);
            if let Some(e) = &m.exc {
                f(e.args);
                f(e.cause);
                f(e.context);
            }
        }
    }
}
