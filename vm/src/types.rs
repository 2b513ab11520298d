//! The built-in types. Each is a heap `Class` like any user class, so `type(x)`, `isinstance`,
//! subclassing and method lookup work through one mechanism; `TypeId` names them for the VM.

use crate::value::Kind;
use crate::heap::ObjRef;
use crate::value::Value;
use crate::obj::{Obj, IterState};
use crate::vm::Vm;

macro_rules! type_ids {
    ($($id:ident = $name:expr, $base:ident;)*) => {
        /// Every built-in type, in creation order (a base before its subclasses).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum TypeId { $($id,)* }
        pub const TYPES: &[(TypeId, &str, TypeId)] = &[$((TypeId::$id, $name, TypeId::$base),)*];
    };
}

type_ids! {
    Object = "object", Object;
    Type = "type", Object;
    NoneType = "NoneType", Object;
    NotImplementedType = "NotImplementedType", Object;
    EllipsisType = "ellipsis", Object;
    Int = "int", Object;
    // Not an int subclass, as in MicroPython: `isinstance(True, int)` is False there.
    Bool = "bool", Object;
    Float = "float", Object;
    Complex = "complex", Object;
    Str = "str", Object;
    Bytes = "bytes", Object;
    ByteArray = "bytearray", Object;
    List = "list", Object;
    Tuple = "tuple", Object;
    Dict = "dict", Object;
    Set = "set", Object;
    FrozenSet = "frozenset", Object;
    Range = "range", Object;
    Slice = "slice", Object;
    Cell = "cell", Object;
    Code = "code", Object;
    Function = "function", Object;
    BoundMethod = "bound_method", Object;
    Module = "module", Object;
    Generator = "generator", Object;
    Iterator = "iterator", Object;
    Enumerate = "enumerate", Object;
    Zip = "zip", Object;
    Map = "map", Object;
    Filter = "filter", Object;
    Reversed = "reversed", Object;
    DictView = "dict_view", Object;
    Property = "property", Object;
    StaticMethod = "staticmethod", Object;
    ClassMethod = "classmethod", Object;
    Super = "super", Object;
    BaseException = "BaseException", Object;
    SystemExit = "SystemExit", BaseException;
    KeyboardInterrupt = "KeyboardInterrupt", BaseException;
    GeneratorExit = "GeneratorExit", BaseException;
    Exception = "Exception", BaseException;
    StopIteration = "StopIteration", Exception;
    StopAsyncIteration = "StopAsyncIteration", Exception;
    ArithmeticError = "ArithmeticError", Exception;
    OverflowError = "OverflowError", ArithmeticError;
    ZeroDivisionError = "ZeroDivisionError", ArithmeticError;
    AssertionError = "AssertionError", Exception;
    AttributeError = "AttributeError", Exception;
    EOFError = "EOFError", Exception;
    ImportError = "ImportError", Exception;
    LookupError = "LookupError", Exception;
    IndexError = "IndexError", LookupError;
    KeyError = "KeyError", LookupError;
    MemoryError = "MemoryError", Exception;
    NameError = "NameError", Exception;
    OSError = "OSError", Exception;
    RuntimeError = "RuntimeError", Exception;
    NotImplementedError = "NotImplementedError", RuntimeError;
    SyntaxError = "SyntaxError", Exception;
    IndentationError = "IndentationError", SyntaxError;
    TypeError = "TypeError", Exception;
    ValueError = "ValueError", Exception;
    UnicodeError = "UnicodeError", ValueError;
}

impl TypeId {
    pub fn is_exception(self) -> bool {
        self as u8 >= TypeId::BaseException as u8
    }
}

impl Vm {
    #[inline]
    pub fn ty(&self, id: TypeId) -> ObjRef {
        self.types[id as usize].get()
    }

    /// The class of any value.
    pub fn type_of(&self, v: Value) -> ObjRef {
        let id = match v.kind() {
            Kind::Null | Kind::None => TypeId::NoneType,
            Kind::False | Kind::True => TypeId::Bool,
            Kind::Int(_) => TypeId::Int,
            Kind::Float(_) => TypeId::Float,
            Kind::Ellipsis => TypeId::EllipsisType,
            Kind::NotImplemented => TypeId::NotImplementedType,
            Kind::Obj(r) => return self.obj_type(self.heap.get(r)),
        };
        self.ty(id)
    }

    /// The class of heap object `o`: `type_of` for a caller that already holds the object.
    #[inline]
    pub fn obj_type(&self, o: &Obj) -> ObjRef {
        let id = match o {
            Obj::Instance(i) => return i.class.get(),
            Obj::Ext(e) => return e.class(),
            Obj::Class(c) => match c.metaclass.kind() {
                Kind::Obj(m) => return m,
                _ => TypeId::Type,
            },
            Obj::Freed => TypeId::NoneType,
            Obj::Str(_) => TypeId::Str,
            Obj::Bytes(_) => TypeId::Bytes,
            Obj::ByteArray(_) => TypeId::ByteArray,
            Obj::BigInt(_) => TypeId::Int,
            Obj::Complex(..) => TypeId::Complex,
            Obj::List(_) => TypeId::List,
            Obj::Tuple(_) => TypeId::Tuple,
            Obj::Dict(_) => TypeId::Dict,
            Obj::Set { frozen: false, .. } => TypeId::Set,
            Obj::Set { frozen: true, .. } => TypeId::FrozenSet,
            Obj::Range { .. } => TypeId::Range,
            Obj::Slice(_) => TypeId::Slice,
            Obj::Cell(_) => TypeId::Cell,
            Obj::Code(_) => TypeId::Code,
            Obj::Function(_) | Obj::Builtin(_) => TypeId::Function,
            Obj::BoundMethod { .. } => TypeId::BoundMethod,
            Obj::Module(_) => TypeId::Module,
            Obj::Generator(_) => TypeId::Generator,
            Obj::RangeIter { .. } => TypeId::Iterator,
            Obj::Iter(it) => match **it {
                IterState::Enumerate { .. } => TypeId::Enumerate,
                IterState::Map { f, .. } if f.is_null() => TypeId::Zip,
                IterState::Map { .. } => TypeId::Map,
                IterState::Filter { .. } => TypeId::Filter,
                IterState::Reversed { .. } => TypeId::Reversed,
                _ => TypeId::Iterator,
            },
            Obj::DictView { .. } => TypeId::DictView,
            Obj::Property(_) => TypeId::Property,
            Obj::StaticMethod(_) => TypeId::StaticMethod,
            Obj::ClassMethod(_) => TypeId::ClassMethod,
            Obj::Super { .. } => TypeId::Super,
        };
        self.ty(id)
    }

    /// The built-in type a value is (or derives from), looking through subclass instances.
    pub fn builtin_type_of(&self, v: Value) -> Option<TypeId> {
        let cls = self.type_of(v);
        match self.heap.get(cls) {
            Obj::Class(c) => c.builtin.or_else(|| {
                c.native_base.and_then(|b| match self.heap.get(b.get()) {
                    Obj::Class(bc) => bc.builtin,
                    _ => None,
                })
            }),
            _ => None,
        }
    }
}
