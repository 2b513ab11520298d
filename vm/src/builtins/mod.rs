//! Built-in functions, the methods of built-in types, and built-in modules.
//!
//! Each type's file exports `METHODS` (callables put in the class dict, `__new__` included) and
//! optionally `PROPS` (read-only attributes, installed as properties). `init` builds every
//! built-in class from those tables, so adding a method is adding a line in its type's file.

pub mod args;
pub mod bytes;
pub mod dict;
pub mod dunder;
pub mod exc;
pub mod float;
pub mod funcs;
pub mod int;
pub mod list;
pub mod misc;
pub mod modules;
pub mod repr;
pub mod set;
pub mod str;
pub mod strfmt;
pub mod text;
pub mod text_methods;

use crate::value::Kind;
use alloc::vec::Vec;

use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::class::{Layout, NO_DICT};
use crate::obj::{Builtin, Class, NativeFn, Obj};
use crate::types::{TypeId, TYPES};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// A table of named natives.
pub type Table = &'static [Nat];

/// A table entry: a native, its name and its [`Arity`], declared next to each other so the
/// call path, not each native, checks the argument count.
pub struct Nat {
    pub name: &'static str,
    pub f: NativeFn,
    pub arity: Arity,
    pub kw: bool,
}

pub use crate::obj::Arity;

/// No upper limit for [`nat`]'s `max`.
pub const VARARGS: u8 = Arity::VARARGS;

/// A native taking `min..=max` positional arguments (its receiver or `self` counted) and no
/// keywords: any other call is refused with MicroPython's message before it runs.
pub const fn nat(name: &'static str, f: NativeFn, min: u8, max: u8) -> Nat {
    Nat { name, f, arity: Arity { min, max }, kw: false }
}

/// [`nat`] for a native that takes keyword arguments (MicroPython's
/// `MP_DEFINE_CONST_FUN_OBJ_KW`: `print`, `sorted`, `list.sort`, the constructors…).
pub const fn nat_kw(name: &'static str, f: NativeFn, min: u8, max: u8) -> Nat {
    Nat { name, f, arity: Arity { min, max }, kw: true }
}

/// Method and property tables of each built-in type.
fn type_tables(id: TypeId) -> (Table, Table) {
    match id {
        TypeId::Object => (misc::OBJECT_METHODS, &[]),
        TypeId::Type => (misc::TYPE_METHODS, &[]),
        TypeId::Int => (int::METHODS, int::PROPS),
        TypeId::Bool => (int::BOOL_METHODS, &[]),
        TypeId::Float => (float::METHODS, float::PROPS),
        TypeId::Complex => (float::COMPLEX_METHODS, float::COMPLEX_PROPS),
        TypeId::Str => (str::METHODS, &[]),
        TypeId::Bytes => (bytes::BYTES_METHODS, &[]),
        TypeId::ByteArray => (bytes::BYTEARRAY_METHODS, &[]),
        TypeId::List => (list::METHODS, &[]),
        TypeId::Tuple => (list::TUPLE_METHODS, &[]),
        TypeId::Dict => (dict::METHODS, &[]),
        TypeId::Set => (set::SET_METHODS, &[]),
        TypeId::FrozenSet => (set::FROZENSET_METHODS, &[]),
        TypeId::Range => (misc::RANGE_METHODS, misc::RANGE_PROPS),
        TypeId::Slice => (misc::SLICE_METHODS, misc::SLICE_PROPS),
        TypeId::Generator => (misc::GENERATOR_METHODS, &[]),
        TypeId::Iterator | TypeId::Zip | TypeId::Map | TypeId::Filter | TypeId::Reversed => (misc::ITERATOR_METHODS, &[]),
        TypeId::Enumerate => (misc::ENUMERATE_METHODS, &[]),
        TypeId::Property => (misc::PROPERTY_METHODS, misc::PROPERTY_PROPS),
        TypeId::StaticMethod => (misc::STATICMETHOD_METHODS, &[]),
        TypeId::ClassMethod => (misc::CLASSMETHOD_METHODS, &[]),
        TypeId::Super => (misc::SUPER_METHODS, &[]),
        TypeId::BaseException => (exc::METHODS, exc::PROPS),
        TypeId::StopIteration => (&[], exc::STOPITERATION_PROPS),
        TypeId::OSError => (&[], exc::OSERROR_PROPS),
        TypeId::DictView => (dict::VIEW_METHODS, &[]),
        TypeId::Function | TypeId::BoundMethod => (&[], &[]),
        _ => (&[], &[]),
    }
}

/// A native named `name` calling `f`, with `receiver` (or Null) as its first argument.
pub fn new_builtin(vm: &mut Vm, name: &str, f: NativeFn, arity: Arity, kw: bool, receiver: Value) -> Builtin {
    Builtin { name: vm.intern(name), f, receiver, method: false, arity, kw }
}

/// Make a native function object.
pub fn native(vm: &mut Vm, n: &Nat) -> Value {
    let b = new_builtin(vm, n.name, n.f, n.arity, n.kw, Value::Null);
    Value::Obj(vm.heap.alloc_forced(Obj::Builtin(alloc::boxed::Box::new(b))))
}

/// A method binds to its object: called through its type it needs that object first, so
/// its arity counts it even where the table says "any".
fn native_method(vm: &mut Vm, n: &Nat) -> Value {
    let v = native(vm, &Nat { arity: Arity { min: n.arity.min.max(1), ..n.arity }, ..*n });
    if let Kind::Obj(r) = v.kind() {
        if let Obj::Builtin(b) = vm.heap.get_mut(r) {
            b.method = true;
        }
    }
    v
}

/// Put natives and properties into a dict.
pub fn fill_dict(vm: &mut Vm, dict: ObjRef, methods: &[Nat], props: &[Nat]) {
    fill(vm, dict, methods, props, false)
}

/// Put a type's methods (which bind to instances) and properties into its class dict.
pub fn fill_type_dict(vm: &mut Vm, dict: ObjRef, methods: Table, props: Table) {
    fill(vm, dict, methods, props, true)
}

fn fill(vm: &mut Vm, dict: ObjRef, methods: &[Nat], props: &[Nat], bind: bool) {
    for n in methods {
        let name = n.name;
        let v = if bind { native_method(vm, n) } else { native(vm, n) };
        let v = if matches!(name, "fromkeys" | "from_bytes" | "fromhex") {
            Value::Obj(vm.heap.alloc_forced(Obj::ClassMethod(v)))
        } else {
            v
        };
        let s = vm.intern(name);
        vm.interner.mark_builtin(s);
        let k = vm.sym_value(s);
        vm.dict_set_forced(dict, k, v);
    }
    for n in props {
        let (name, g) = (n.name, native(vm, n));
        let p = Value::Obj(vm.heap.alloc_forced(Obj::Property(alloc::boxed::Box::new([g, Value::None, Value::None]))));
        let s = vm.intern(name);
        vm.interner.mark_builtin(s);
        let k = vm.sym_value(s);
        vm.dict_set_forced(dict, k, p);
    }
}

/// A new class object for a module-defined type (a subclass of `object`), its methods in place.
pub fn new_class(vm: &mut Vm, name: &str, methods: Table, props: Table) -> ObjRef {
    let object = vm.ty(TypeId::Object);
    let (cls, d) = bare_class(vm, name, Some(object), None);
    fill_type_dict(vm, d, methods, props);
    cls
}

/// A class of one base (or none: `object`) with an empty namespace; a built-in type gets its
/// namespace, filled, on first use (`fill_type`), and has none until then. One base, so its
/// MRO is itself and then its base's.
fn bare_class(vm: &mut Vm, name: &str, base: Option<ObjRef>, builtin: Option<TypeId>) -> (ObjRef, ObjRef) {
    let d = match builtin {
        Some(_) => NO_DICT,
        None => vm.heap.alloc_forced(Obj::Dict(alloc::boxed::Box::new(crate::obj::Dict::ordered()))),
    };
    let name = vm.intern(name);
    // The MRO is the class (its first slot, filled once it exists) and then its base's.
    let mut mro = alloc::vec![NO_DICT.pack()];
    let base_exc = match base.map(|b| vm.heap.get(b)) {
        Some(Obj::Class(bc)) => {
            mro.extend_from_slice(&bc.mro);
            bc.layout == Layout::Exception
        }
        _ => false,
    };
    let layout = if base_exc || builtin == Some(TypeId::BaseException) { Layout::Exception } else { Layout::Plain };
    let bases = match base {
        Some(b) => alloc::vec![b.pack()],
        None => Vec::new(),
    };
    let cls = vm.heap.alloc_forced(Obj::Class(alloc::boxed::Box::new(Class {
        name,
        bases,
        mro: Vec::new(),
        dict: d.pack(),
        layout,
        builtin,
        native_base: None,
        metaclass: Value::Null,
        unfilled: builtin.is_some(),
        attr_room: 0,
    })));
    mro[0] = cls.pack();
    if let Obj::Class(c) = vm.heap.get_mut(cls) {
        c.mro = mro;
    }
    if builtin.is_none() {
        vm.class_made(d);
    }
    (cls, d)
}

/// Make built-in type `cls`'s namespace with its methods and properties: done on the type's
/// first use rather than at start-up (MicroPython keeps them in ROM tables).
pub(crate) fn fill_type(vm: &mut Vm, cls: ObjRef, id: TypeId) -> ObjRef {
    let dict = vm.heap.alloc_forced(Obj::Dict(alloc::boxed::Box::new(crate::obj::Dict::ordered())));
    if let Obj::Class(c) = vm.heap.get_mut(cls) {
        c.dict = dict.pack();
        c.unfilled = false;
    }
    vm.class_made(dict);
    let (methods, props) = type_tables(id);
    fill_type_dict(vm, dict, methods, props);
    if !matches!(id, TypeId::Dict | TypeId::Enumerate | TypeId::Property | TypeId::Str | TypeId::Bytes) {
        refuse_kw(vm, dict);
    }
    if matches!(id, TypeId::Dict | TypeId::List | TypeId::Set | TypeId::FrozenSet | TypeId::Tuple | TypeId::ByteArray | TypeId::Bytes | TypeId::Str) {
        fill_type_dict(vm, dict, dunder::CONTAINER, &[]);
    }
    dict
}

/// A built-in type whose constructor takes no keywords, as MicroPython's (`list(x=1)`,
/// `range(stop=5)`): its `__new__` says so before it runs.
fn refuse_kw(vm: &mut Vm, dict: ObjRef) {
    let new = vm.sym_value(crate::intern::sym::__NEW__);
    if let Some(Kind::Obj(r)) = vm.dict_get_str(dict, new).map(Value::kind) {
        if let Obj::Builtin(b) = vm.heap.get_mut(r) {
            b.kw = false;
        }
    }
}

pub fn init(vm: &mut Vm) {
    for (id, name, base) in TYPES {
        let base = if *id == TypeId::Object { None } else { Some(vm.types[*base as usize].get()) };
        let (cls, _) = bare_class(vm, name, base, Some(*id));
        vm.types.push(cls.pack());
    }
    vm.builtins = vm.heap.alloc_forced(Obj::Dict(alloc::boxed::Box::new(crate::obj::Dict::ordered())));
    vm.modules = vm.heap.alloc_forced(Obj::Dict(alloc::boxed::Box::default()));
    modules::init_sys_state(vm);
}

/// The built-in types a program can name (the rest are reached only through `type(x)`).
fn exposed(id: TypeId) -> bool {
    !matches!(
        id,
        TypeId::NoneType
            | TypeId::NotImplementedType
            | TypeId::EllipsisType
            | TypeId::Cell
            | TypeId::Code
            | TypeId::Function
            | TypeId::BoundMethod
            | TypeId::Module
            | TypeId::Generator
            | TypeId::Iterator
            | TypeId::DictView
    )
}

/// Builtins that are neither functions nor types.
const OTHERS: [&str; 4] = ["Ellipsis", "NotImplemented", "memoryview", "__name__"];

/// The builtin named by str `key`: from the builtins dict, else made from the static tables
/// and put there. Start-up thus makes no function objects or name strings a program never
/// uses (MicroPython keeps builtins in a ROM dict), and a builtin a program deleted comes back
/// as the original, as with MicroPython's override dict.
pub fn builtin(vm: &mut Vm, key: Value) -> Option<Value> {
    if let Some(v) = vm.dict_get_str(vm.builtins, key) {
        return Some(v);
    }
    let name = vm.as_str(key)?;
    let func = funcs::FUNCTIONS.iter().find(|n| n.name == name);
    let ty = TYPES.iter().find(|(id, n, _)| *n == name && exposed(*id));
    let other = OTHERS.iter().find(|n| **n == name);
    let v = match (func, ty, other) {
        (Some(n), _, _) => native(vm, n),
        (_, Some((id, _, _)), _) => Value::Obj(vm.ty(*id)),
        (_, _, Some(&"Ellipsis")) => Value::Ellipsis,
        (_, _, Some(&"NotImplemented")) => Value::NotImplemented,
        (_, _, Some(&"memoryview")) => Value::Obj(modules::memoryview::memoryview_class(vm)),
        (_, _, Some(_)) => {
            let s = vm.intern("builtins");
            vm.sym_value(s)
        }
        _ => return None,
    };
    let b = vm.builtins;
    vm.dict_set_forced(b, key, v);
    Some(v)
}

/// The builtins dict with every builtin in it, for the `builtins` module.
pub fn all_builtins(vm: &mut Vm) -> ObjRef {
    let add = |vm: &mut Vm, name: &str| {
        let s = vm.intern(name);
        let k = vm.sym_value(s);
        builtin(vm, k);
    };
    for n in funcs::FUNCTIONS {
        add(vm, n.name);
    }
    for (_, name, _) in TYPES.iter().filter(|(id, _, _)| exposed(*id)) {
        add(vm, name);
    }
    for name in OTHERS {
        add(vm, name);
    }
    vm.builtins
}

/// `object.__new__(cls)`.
pub fn object_new(vm: &mut Vm, args: &[Value], _kw: &[(Sym, Value)]) -> PyResult<Value> {
    match args.first().copied().map(Value::kind) {
        Some(Kind::Obj(c)) if matches!(vm.heap.get(c), Obj::Class(_)) => {
            vm.plain_instance(c, &args[1..])
        }
        _ => Err(vm.type_error("object.__new__(X): X is not a type object")),
    }
}

/// `object.__init__(self)`.
pub fn object_init(_vm: &mut Vm, _args: &[Value], _kw: &[(Sym, Value)]) -> PyResult<Value> {
    Ok(Value::None)
}

/// The bytes behind a buffer-like module object `v` (array, memoryview).
pub fn buffer_bytes(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    modules::ext_buffer(vm, v)
}

/// Equality for module-defined objects that compare by value (deque, array, …).
pub fn ext_eq(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    match (vm.bytes_like(a), vm.bytes_like(b)) {
        (Some(x), Some(y)) => Ok(x == y),
        _ => Ok(a.is(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A native `__new__` is called with whatever the class was given (`Vm::native_new` checks
    /// no count): its table entry must say so, and so must `__init__`'s.
    #[test]
    fn constructors_take_any_count() {
        for (id, name, _) in TYPES {
            let (methods, _) = type_tables(*id);
            for n in methods.iter().filter(|n| matches!(n.name, "__new__" | "__init__")) {
                assert_eq!((n.arity.min, n.arity.max), (0, VARARGS), "{name}.{}", n.name);
            }
        }
    }
}
