//! Interned names (MicroPython's qstr): every identifier and attribute name is stored once and
//! compared as an integer. Names the VM itself needs are predefined with fixed numbers, so
//! `sym::INIT` is a constant rather than a lookup.

use alloc::boxed::Box;
use alloc::vec::Vec;
use crate::hash_index::HashIndex;

/// An interned string. `Sym(0)` is the empty string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(pub u32);

macro_rules! predefined {
    ($($id:ident = $text:expr,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum Predefined { $($id,)* }
        /// Names known to the VM at compile time.
        pub mod sym {
            use super::{Predefined, Sym};
            $(pub const $id: Sym = Sym(Predefined::$id as u32);)*
        }
        const PREDEFINED: &[&str] = &[$($text,)*];
    };
}

predefined! {
    EMPTY = "",
    MODULE = "<module>",
    LAMBDA = "<lambda>",
    LISTCOMP = "<listcomp>",
    SETCOMP = "<setcomp>",
    DICTCOMP = "<dictcomp>",
    GENEXPR = "<genexpr>",
    STDIN = "<stdin>",
    STRING = "<string>",
    UNDERSCORE = "_",
    SELF = "self",
    SUPER = "super",
    __NAME__ = "__name__",
    __QUALNAME__ = "__qualname__",
    __MODULE__ = "__module__",
    __DOC__ = "__doc__",
    __FILE__ = "__file__",
    __CLASS__ = "__class__",
    __DICT__ = "__dict__",
    __INIT__ = "__init__",
    __NEW__ = "__new__",
    __DEL__ = "__del__",
    __CALL__ = "__call__",
    __REPR__ = "__repr__",
    __STR__ = "__str__",
    __HASH__ = "__hash__",
    __EQ__ = "__eq__",
    __NE__ = "__ne__",
    __LT__ = "__lt__",
    __LE__ = "__le__",
    __GT__ = "__gt__",
    __GE__ = "__ge__",
    __BOOL__ = "__bool__",
    __LEN__ = "__len__",
    __ITER__ = "__iter__",
    __NEXT__ = "__next__",
    __GETITEM__ = "__getitem__",
    __SETITEM__ = "__setitem__",
    __DELITEM__ = "__delitem__",
    __CONTAINS__ = "__contains__",
    __GETATTR__ = "__getattr__",
    __GETATTRIBUTE__ = "__getattribute__",
    __SETATTR__ = "__setattr__",
    __DELATTR__ = "__delattr__",
    __GET__ = "__get__",
    __SET__ = "__set__",
    __DELETE__ = "__delete__",
    __SET_NAME__ = "__set_name__",
    __ENTER__ = "__enter__",
    __EXIT__ = "__exit__",
    __AENTER__ = "__aenter__",
    __AEXIT__ = "__aexit__",
    __AITER__ = "__aiter__",
    __ANEXT__ = "__anext__",
    __AWAIT__ = "__await__",
    __ADD__ = "__add__",
    __SUB__ = "__sub__",
    __MUL__ = "__mul__",
    __MATMUL__ = "__matmul__",
    __TRUEDIV__ = "__truediv__",
    __FLOORDIV__ = "__floordiv__",
    __MOD__ = "__mod__",
    __POW__ = "__pow__",
    __LSHIFT__ = "__lshift__",
    __RSHIFT__ = "__rshift__",
    __OR__ = "__or__",
    __XOR__ = "__xor__",
    __AND__ = "__and__",
    __RADD__ = "__radd__",
    __RSUB__ = "__rsub__",
    __RMUL__ = "__rmul__",
    __RMATMUL__ = "__rmatmul__",
    __RTRUEDIV__ = "__rtruediv__",
    __RFLOORDIV__ = "__rfloordiv__",
    __RMOD__ = "__rmod__",
    __RPOW__ = "__rpow__",
    __RLSHIFT__ = "__rlshift__",
    __RRSHIFT__ = "__rrshift__",
    __ROR__ = "__ror__",
    __RXOR__ = "__rxor__",
    __RAND__ = "__rand__",
    __IADD__ = "__iadd__",
    __ISUB__ = "__isub__",
    __IMUL__ = "__imul__",
    __IMATMUL__ = "__imatmul__",
    __ITRUEDIV__ = "__itruediv__",
    __IFLOORDIV__ = "__ifloordiv__",
    __IMOD__ = "__imod__",
    __IPOW__ = "__ipow__",
    __ILSHIFT__ = "__ilshift__",
    __IRSHIFT__ = "__irshift__",
    __IOR__ = "__ior__",
    __IXOR__ = "__ixor__",
    __IAND__ = "__iand__",
    __NEG__ = "__neg__",
    __POS__ = "__pos__",
    __INVERT__ = "__invert__",
    __ABS__ = "__abs__",
    __INT__ = "__int__",
    __FLOAT__ = "__float__",
    __COMPLEX__ = "__complex__",
    __INDEX__ = "__index__",
    __ROUND__ = "__round__",
    __REVERSED__ = "__reversed__",
    __BASES__ = "__bases__",
    __MRO__ = "__mro__",
    __SLOTS__ = "__slots__",
    __ALL__ = "__all__",
    __PATH__ = "__path__",
    __MAIN__ = "__main__",
    __BUILD_CLASS__ = "__build_class__",
    __IMPORT__ = "__import__",
    __INIT_SUBCLASS__ = "__init_subclass__",
    __CLASS_GETITEM__ = "__class_getitem__",
    __DIR__ = "__dir__",
    __FORMAT__ = "__format__",
    __BUILTINS__ = "__builtins__",
    ARGS = "args",
    VALUE = "value",
    ERRNO = "errno",
    KEY = "key",
    REVERSE = "reverse",
    SEP = "sep",
    END = "end",
    FILE = "file",
    FLUSH = "flush",
    WRITE = "write",
    READ = "read",
    SEND = "send",
    THROW = "throw",
    CLOSE = "close",
    KEYS = "keys",
    ITEMS = "items",
    VALUES = "values",
    GET = "get",
    APPEND = "append",
    START = "start",
    STOP = "stop",
    STEP = "step",
    REAL = "real",
    IMAG = "imag",
    FGET = "fget",
    FSET = "fset",
    FDEL = "fdel",
    GETTER = "getter",
    SETTER = "setter",
    DELETER = "deleter",
    METACLASS = "metaclass",
}

/// The table of interned names. It holds no heap objects, so the compiler can use it alone.
pub struct Interner {
    names: Vec<Box<str>>,
    /// Indices into `names`, by the name's FNV-1a hash (the hash of `str` objects): each name
    /// is stored once, and the wasm needs no second hash function.
    index: HashIndex,
    /// One bit per name: set for names the VM's own tables define (methods, module
    /// attributes), which MicroPython has as built-in qstrs; `dir` orders those first.
    builtin: Vec<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

/// The name numbered `i`, or "" for a number never given out.
fn name(names: &[Box<str>], i: u32) -> &str {
    names.get(i as usize).map_or("", |s| s)
}

/// FNV-1a: names are looked up by it, never shown, so it need not be MicroPython's.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, c| (h ^ c as u64).wrapping_mul(0x0100_0000_01b3))
}

impl Interner {
    pub fn new() -> Self {
        let mut t = Interner { names: Vec::new(), index: HashIndex::new(), builtin: Vec::new() };
        for name in PREDEFINED {
            t.intern(name);
        }
        t
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(sym) = self.get(s) {
            return sym;
        }
        let Interner { names, index, .. } = self;
        let i = names.len() as u32;
        names.push(s.into());
        index.insert(hash(s), i, &|j| hash(name(names, j)));
        Sym(i)
    }

    /// The name if it is already interned: lets lookups by string avoid growing the table.
    pub fn get(&self, s: &str) -> Option<Sym> {
        self.index.find(hash(s), |&i| name(&self.names, i) == s).map(Sym)
    }

    pub fn str(&self, sym: Sym) -> &str {
        name(&self.names, sym.0)
    }

    /// Records that the VM's own tables define `sym` (see `builtin`).
    pub fn mark_builtin(&mut self, sym: Sym) {
        let (w, b) = (sym.0 as usize / 32, sym.0 % 32);
        if self.builtin.len() <= w {
            self.builtin.resize(w + 1, 0);
        }
        self.builtin[w] |= 1 << b;
    }

    /// A predefined name, or one marked by [`Interner::mark_builtin`].
    pub fn is_builtin(&self, sym: Sym) -> bool {
        (sym.0 as usize) < PREDEFINED.len() || self.builtin.get(sym.0 as usize / 32).is_some_and(|w| w >> (sym.0 % 32) & 1 != 0)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_names_have_fixed_numbers() {
        let mut t = Interner::new();
        assert_eq!(t.intern("__init__"), sym::__INIT__);
        assert_eq!(t.str(sym::__EXIT__), "__exit__");
        let a = t.intern("spam");
        assert_eq!(t.intern("spam"), a);
        assert_eq!(t.str(a), "spam");
    }

    #[test]
    fn names_survive_the_index_growing() {
        let mut t = Interner::new();
        let syms: Vec<Sym> = (0..2000).map(|i| t.intern(&alloc::format!("n{i}"))).collect();
        for (i, &s) in syms.iter().enumerate() {
            let text = alloc::format!("n{i}");
            assert_eq!(t.get(&text), Some(s));
            assert_eq!(t.intern(&text), s);
            assert_eq!(t.str(s), text);
        }
        assert_eq!(t.get("__init__"), Some(sym::__INIT__));
        assert_eq!(t.get("n2000"), None);
        assert_eq!(t.str(Sym(u32::MAX)), "");
    }
}
