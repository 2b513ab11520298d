//! `collections`: `namedtuple`, `deque` (MicroPython's fixed-size ring) and `OrderedDict`.
//!
//! namedtuple and OrderedDict make real classes deriving from tuple and dict, so instances are
//! ordinary subclass instances wrapping a native tuple/dict. Their special methods are stored
//! as bound natives (not plain natives), because the VM skips plain natives found on the class
//! of an instance (those are taken to be the built-in base type's own methods).

use crate::format::Dec;
use crate::value::Kind;
use crate::builtins::{nat, nat_kw, text, VARARGS};
use alloc::collections::VecDeque;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::args;
use super::array::new_seq_iter;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::{Arity, ExtObj, NativeFn, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let dq = Value::Obj(deque_class(vm));
    let od = ordereddict_class(vm)?;
    vm.roots.push(od);
    let m = super::make_module(vm, "collections", const { &[nat("namedtuple", namedtuple, 2, 2)] }, &[("deque", dq), ("OrderedDict", od)]);
    vm.roots.pop();
    m
}

/// `import ucollections`: the same module as `collections`.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    let s = vm.intern("collections");
    vm.import_module(s, Value::None, Value::Int(0))
}

/// A native carrying `receiver` as its first argument; it checks its own arguments.
fn bound_native(vm: &mut Vm, name: &str, f: NativeFn, kw: bool, receiver: Value) -> PyResult<Value> {
    let b = crate::builtins::new_builtin(vm, name, f, Arity::ANY, kw, receiver);
    vm.alloc(Obj::Builtin(alloc::boxed::Box::new(b)))
}

/// A special method for a class whose instances wrap a built-in value: a bound method (the VM
/// runs it, unlike a plain native) whose function gets `receiver` first.
fn special_method(vm: &mut Vm, name: &str, f: NativeFn, receiver: Value) -> PyResult<Value> {
    let func = bound_native(vm, name, f, false, Value::Null)?;
    vm.roots.push(func);
    let r = vm.alloc(Obj::BoundMethod { func, receiver });
    vm.roots.pop();
    r
}

fn set_str(vm: &mut Vm, d: ObjRef, name: &str, v: Value) -> PyResult<()> {
    let s = vm.intern(name);
    let k = vm.sym_value(s);
    vm.dict_set(d, k, v)
}

/// `setattr` on an instance of `cls` itself fails (`can't set attribute` or the message
/// given); instances of subclasses keep an attribute dict.
fn guarded_setattr(vm: &mut Vm, a: &[Value], generic: bool) -> PyResult<Value> {
    if a.len() != 4 {
        return Err(vm.type_error("function takes 3 positional arguments"));
    }
    let (cls, obj, name, v) = (a[0], a[1], a[2], a[3]);
    if Value::Obj(vm.type_of(obj)) == cls {
        if generic {
            let s = vm.str_to_sym(name);
            return Err(vm.no_attribute(obj, s));
        }
        return Err(vm.attr_error("can't set attribute"));
    }
    let Kind::Obj(r) = obj.kind() else { return Err(vm.attr_error("can't set attribute")) };
    let name = vm.str_to_sym(name);
    vm.instance_set(r, name, v)?;
    Ok(Value::None)
}

// ---- namedtuple

/// `namedtuple(name, fields)`: fields as a list/tuple of names or one space-separated str.
fn namedtuple(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    let name = args::string(vm, a[0])?;
    let field_vals: Vec<Value> = if let Some(s) = vm.as_str(a[1]) {
        // Split as `str.split()` does (MicroPython calls it), not with a collect of its own.
        let s = String::from(s);
        let mut out = Vec::new();
        for r in text::split_whitespace(s.as_bytes(), -1) {
            out.push(vm.new_str(&s[r])?);
        }
        out
    } else if let Some(t) = vm.tuple_items(a[1]) {
        t
    } else if let Some(l) = vm.list_items(a[1]) {
        l
    } else {
        let t = vm.type_name(a[1]);
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("object '{}' isn't a tuple or list", t)));
    };
    let mut fields = Vec::with_capacity(field_vals.len());
    for f in field_vals {
        let s = args::string(vm, f)?;
        let sym = vm.intern(&s);
        fields.push(vm.sym_value(sym));
    }
    let mark = vm.roots.len();
    let r = make_namedtuple(vm, &name, fields);
    vm.roots.truncate(mark);
    r
}

fn make_namedtuple(vm: &mut Vm, name: &str, fields: Vec<Value>) -> PyResult<Value> {
    let n = fields.len();
    let fields_t = vm.new_tuple(fields.clone())?;
    vm.roots.push(fields_t);
    let name_v = vm.new_str(name)?;
    vm.roots.push(name_v);
    let info = vm.new_tuple(alloc::vec![name_v, fields_t])?;
    vm.roots.push(info);
    let ns = vm.new_dict()?;
    vm.roots.push(ns);
    let Kind::Obj(nsr) = ns.kind() else { return Err(vm.memory_error()) };
    let new = bound_native(vm, "__new__", nt_new, true, info)?;
    set_str(vm, nsr, "__new__", new)?;
    let repr = special_method(vm, "__repr__", nt_repr, info)?;
    set_str(vm, nsr, "__repr__", repr)?;
    for (i, f) in fields.iter().enumerate().take(n) {
        let getter = bound_native(vm, "field", nt_field, false, Value::Int(i as i64))?;
        vm.roots.push(getter);
        let prop = vm.alloc(Obj::Property(alloc::boxed::Box::new([getter, Value::None, Value::None])));
        vm.roots.pop();
        let prop = prop?;
        vm.dict_set(nsr, *f, prop)?;
    }
    let tuple = Value::Obj(vm.ty(TypeId::Tuple));
    let sym = vm.intern(name);
    let cls = super::super::misc::make_class(vm, sym, &[tuple], nsr)?;
    vm.roots.push(cls);
    let sa = special_method(vm, "__setattr__", nt_setattr, cls)?;
    set_str(vm, nsr, "__setattr__", sa)?;
    Ok(cls)
}

/// (name, fields) of a namedtuple class's info tuple.
fn nt_info(vm: &Vm, info: Value) -> (String, Vec<Value>) {
    let items = vm.tuple_items(info).unwrap_or_default();
    let name = items.first().and_then(|v| vm.as_str(*v)).map(String::from).unwrap_or_default();
    let fields = items.get(1).and_then(|v| vm.tuple_items(*v)).unwrap_or_default();
    (name, fields)
}

/// `T(*args, **kw)`: [info, cls, args...].
fn nt_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() < 2 {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    }
    let (info, cls, pos) = (a[0], a[1], &a[2..]);
    let (name, fields) = nt_info(vm, info);
    let n = fields.len();
    if pos.len() + kw.len() != n {
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("{}() takes {} positional arguments but {} were given", name, Dec(n as i64), Dec((pos.len() + kw.len()) as i64))));
    }
    let mut items = alloc::vec![Value::Null; n];
    items[..pos.len()].copy_from_slice(pos);
    for &(k, v) in kw {
        let key = vm.sym_value(k);
        let id = fields.iter().position(|f| *f == key || vm.as_str(*f) == vm.as_str(key));
        let Some(id) = id else {
            let msg = format!("unexpected keyword argument '{}'", vm.sym_str(k));
            return Err(vm.type_error(msg));
        };
        if !items[id].is_null() {
            let msg = format!("function got multiple values for argument '{}'", vm.sym_str(k));
            return Err(vm.type_error(msg));
        }
        items[id] = v;
    }
    let t = vm.new_tuple(items)?;
    super::super::int::wrap_native(vm, cls, t, TypeId::Tuple)
}

/// A field's getter: [index, obj].
fn nt_field(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let (Some(Kind::Int(i)), Some(&obj)) = (a.first().map(|v| v.kind()), a.get(1)) else { return Err(vm.type_error("bad field access")) };
    match vm.tuple_items(obj).and_then(|t| t.get(i as usize).copied()) {
        Some(v) => Ok(v),
        None => Err(vm.attr_error("can't get attribute")),
    }
}

/// `repr(t)`: [info, obj] -> `T(a=1, b=2)`.
fn nt_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = nt_repr_string(vm, a)?;
    vm.new_string(s)
}

fn nt_repr_string(vm: &mut Vm, a: &[Value]) -> PyResult<String> {
    let (Some(&info), Some(&obj)) = (a.first(), a.get(1)) else {
        return Err(vm.type_error("function takes 1 positional arguments but 0 were given"));
    };
    let (name, fields) = nt_info(vm, info);
    let items = vm.tuple_items(obj).unwrap_or_default();
    let mut out = name;
    out.push('(');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if let Some(f) = fields.get(i).and_then(|f| vm.as_str(*f)) {
            out.push_str(f);
        }
        out.push('=');
        let r = vm.repr_of(*v)?;
        out.push_str(&r);
    }
    out.push(')');
    Ok(out)
}

fn nt_setattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    guarded_setattr(vm, a, false)
}

// ---- OrderedDict

fn ordereddict_class(vm: &mut Vm) -> PyResult<Value> {
    let ns = vm.new_dict()?;
    vm.roots.push(ns);
    let r = (|| {
        let Kind::Obj(nsr) = ns.kind() else { return Err(vm.memory_error()) };
        let dict = Value::Obj(vm.ty(TypeId::Dict));
        let sym = vm.intern("OrderedDict");
        let cls = super::super::misc::make_class(vm, sym, &[dict], nsr)?;
        vm.roots.push(cls);
        for (name, f) in [("__repr__", od_repr as NativeFn), ("__eq__", od_eq), ("__setattr__", od_setattr)] {
            let m = special_method(vm, name, f, cls)?;
            set_str(vm, nsr, name, m)?;
        }
        vm.roots.pop();
        Ok(cls)
    })();
    vm.roots.pop();
    r
}

/// `repr(od)`: [cls, obj] -> `OrderedDict({...})`.
fn od_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(&obj) = a.get(1) else { return Err(vm.type_error("function takes 1 positional arguments but 0 were given")) };
    let base = vm.native_base(obj).unwrap_or(obj);
    let inner = vm.repr_of(base)?;
    vm.new_string(format!("OrderedDict({})", inner))
}

/// `od == other`: [cls, obj, other]. Only OrderedDicts can be equal, entry by entry in order.
fn od_eq(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.len() != 3 {
        return Err(vm.type_error("function takes 2 positional arguments"));
    }
    let (cls, x, y) = (a[0], a[1], a[2]);
    let Kind::Obj(c) = cls.kind() else { return Ok(Value::NotImplemented) };
    if !vm.is_instance_of_class(x, c) || !vm.is_instance_of_class(y, c) {
        return Ok(Value::False);
    }
    let (Ok(dx), Ok(dy)) = (vm.dict_ref(x), vm.dict_ref(y)) else { return Ok(Value::False) };
    let ex: Vec<(Value, Value)> = vm.dict_table(dx).map(|t| t.iter().map(|e| (e.key, e.value)).collect()).unwrap_or_default();
    let ey: Vec<(Value, Value)> = vm.dict_table(dy).map(|t| t.iter().map(|e| (e.key, e.value)).collect()).unwrap_or_default();
    if ex.len() != ey.len() {
        return Ok(Value::False);
    }
    let mark = vm.roots.len();
    for part in [&ex, &ey] {
        for &(k, v) in part {
            vm.roots.extend_from_slice(&[k, v]);
        }
    }
    let r = (|| {
        for (p, q) in ex.iter().zip(ey.iter()) {
            if !vm.eq(p.0, q.0)? || !vm.eq(p.1, q.1)? {
                return Ok(false);
            }
        }
        Ok(true)
    })();
    vm.roots.truncate(mark);
    Ok(Value::bool(r?))
}

fn od_setattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    guarded_setattr(vm, a, true)
}

// ---- deque

/// MicroPython's deque: a bounded ring; appending to a full one drops from the other end, or
/// raises `IndexError('full')` when created with the overflow-check flag.
pub struct Deque {
    pub class: ObjRef,
    pub items: VecDeque<Value>,
    pub maxlen: usize,
    pub check_overflow: bool,
}

impl ExtObj for Deque {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, f: &mut dyn FnMut(Value)) {
        self.items.iter().for_each(|v| f(*v));
    }
    fn size_estimate(&self) -> usize {
        48 + self.items.capacity() * core::mem::size_of::<Value>()
    }
    crate::ext_any!();
}

const DEQUE_METHODS: super::super::Table = &[
    nat_kw("__new__", deque_new, 0, VARARGS),
    nat("append", append, 2, 2),
    nat("appendleft", appendleft, 2, 2),
    nat("pop", pop, 1, 1),
    nat("popleft", popleft, 1, 1),
    nat("extend", extend, 2, 2),
    nat("__len__", deque_len, 1, 1),
    nat("__getitem__", getitem, 2, 2),
    nat("__setitem__", setitem, 3, 3),
    nat("__iter__", deque_iter, 1, 1),
    nat("__repr__", deque_repr, 1, 1),
];

fn deque_class(vm: &mut Vm) -> ObjRef {
    vm.ext_class("deque", DEQUE_METHODS, &[])
}

fn dq(vm: &mut Vm, v: Value) -> PyResult<&mut Deque> {
    super::array::ext_or(vm, v, "expected a deque")
}

/// `deque(iterable, maxlen[, flags])`.
fn deque_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = a.first().copied().unwrap_or(Value::None);
    let a = a.get(1..).unwrap_or(&[]);
    args::no_kw(vm, kw)?;
    args::range(vm, a, 2, 3)?;
    let maxlen = small_int(vm, a[1])?;
    if maxlen < 0 {
        return Err(vm.err0(TypeId::ValueError));
    }
    let flags = match a.get(2) {
        Some(&f) => small_int(vm, f)?,
        None => 0,
    };
    let base = deque_class(vm);
    let class = match cls.kind() {
        Kind::Obj(c) if vm.is_subclass(c, base) => c,
        _ => base,
    };
    let d = vm.alloc(Obj::Ext(alloc::boxed::Box::new(Deque {
        class,
        items: VecDeque::new(),
        maxlen: maxlen as usize,
        check_overflow: flags & 1 != 0,
    })))?;
    vm.roots.push(d);
    let r = extend_with(vm, d, a[0]);
    vm.roots.pop();
    r?;
    Ok(d)
}

/// An int argument, converting objects with `__int__` (MicroPython's `mp_obj_get_int`).
fn small_int(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let i = super::super::int::to_int(vm, v, false)?;
    match vm.int_as_i64(i) {
        Some(n) => Ok(n),
        None => Err(vm.word_overflow()),
    }
}

fn push(vm: &mut Vm, d: Value, v: Value, left: bool) -> PyResult<()> {
    let q = dq(vm, d)?;
    if q.items.len() >= q.maxlen {
        if q.check_overflow {
            return Err(vm.index_error("full"));
        }
        if q.maxlen == 0 {
            return Ok(());
        }
        if left {
            q.items.pop_back();
        } else {
            q.items.pop_front();
        }
    } else {
        vm.charge(core::mem::size_of::<Value>())?;
    }
    let q = dq(vm, d)?;
    if left {
        q.items.push_front(v);
    } else {
        q.items.push_back(v);
    }
    Ok(())
}

fn extend_with(vm: &mut Vm, d: Value, src: Value) -> PyResult<()> {
    // The deque extended by itself walks a snapshot of itself; anything else as any iterable.
    if src.is(d) {
        let items: Vec<Value> = dq(vm, d)?.items.iter().copied().collect();
        return vm.for_each_of(items, |vm, v| push(vm, d, v, false));
    }
    vm.for_each_item(src, |vm, v| push(vm, d, v, false))
}

fn append(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    push(vm, a[0], a[1], false)?;
    Ok(Value::None)
}

fn appendleft(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    push(vm, a[0], a[1], true)?;
    Ok(Value::None)
}

fn extend(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    extend_with(vm, a[0], a[1])?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    match dq(vm, a[0])?.items.pop_back() {
        Some(v) => Ok(v),
        None => Err(vm.index_error("empty")),
    }
}

fn popleft(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    match dq(vm, a[0])?.items.pop_front() {
        Some(v) => Ok(v),
        None => Err(vm.index_error("empty")),
    }
}

fn deque_len(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(Value::Int(dq(vm, a[0])?.items.len() as i64))
}

fn getitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let len = dq(vm, a[0])?.items.len();
    let i = vm.seq_index(a[1], len, "deque")?;
    match dq(vm, a[0])?.items.get(i) {
        Some(v) => Ok(*v),
        None => Err(vm.index_error("deque index out of range")),
    }
}

fn setitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    let len = dq(vm, a[0])?.items.len();
    let i = vm.seq_index(a[1], len, "deque")?;
    if let Some(slot) = dq(vm, a[0])?.items.get_mut(i) {
        *slot = a[2];
    }
    Ok(Value::None)
}

fn deque_item(vm: &mut Vm, d: Value, i: usize) -> PyResult<Option<Value>> {
    Ok(dq(vm, d)?.items.get(i).copied())
}

fn deque_iter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    dq(vm, a[0])?;
    new_seq_iter(vm, a[0], deque_item)
}

fn deque_repr(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    vm.new_str("<deque>")
}

#[cfg(test)]
mod tests {
    //! Python-level checks of the module objects (collections, array, memoryview, json, re),
    //! with expected output from MicroPython's unix port.

    use alloc::boxed::Box;
    use alloc::rc::Rc;
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::cell::RefCell;

    use crate::vm::{Config, Vm};

    struct Capture(Rc<RefCell<Vec<u8>>>);

    impl crate::host::Host for Capture {
        fn write(&mut self, bytes: &[u8]) {
            self.0.borrow_mut().extend_from_slice(bytes);
        }
        fn ticks_us(&mut self) -> u64 {
            0
        }
    }

    fn run(src: &str) -> String {
        let out = Rc::new(RefCell::new(Vec::new()));
        let mut vm = Vm::new(Config::default(), Box::new(Capture(out.clone())));
        let r = vm.start_main(src, "<test>").and_then(|_| vm.run_to_end());
        if let Err(e) = r {
            let msg = vm.format_exception(vm.exc_value(e));
            out.borrow_mut().extend_from_slice(msg.as_bytes());
        }
        let bytes = out.borrow().clone();
        crate::builtins::text::lossy(&bytes)
    }

    fn check(src: &str, expected: &str) {
        assert_eq!(run(src), expected, "program:\n{src}");
    }

    #[test]
    fn namedtuple() {
        check(
            "from collections import namedtuple\nT = namedtuple('Tup', 'foo bar')\nt = T(1, bar=[2])\n\
             print(t, t.foo, t[1], len(t), t == (1, [2]), isinstance(t, tuple))\n\
             try:\n    T(1)\nexcept TypeError as e:\n    print(e)\n\
             try:\n    t.foo = 3\nexcept AttributeError as e:\n    print(e)\n\
             class P(T):\n    pass\nprint(P(3, 4), type(P(3, 4)))\nprint(namedtuple('U', ' a\\tb\\n  c ')(1, 2, 3))\n",
            "Tup(foo=1, bar=[2]) 1 [2] 2 True True\nTup() takes 2 positional arguments but 1 were given\ncan't set attribute\n\
             Tup(foo=3, bar=4) <class 'P'>\nU(a=1, b=2, c=3)\n",
        );
    }

    #[test]
    fn deque_and_ordereddict() {
        check(
            "from collections import deque, OrderedDict\nd = deque((1, 2, 3), 3)\nd.append(4)\nd.appendleft(0)\n\
             print(list(d), d[-1], len(d), d)\nd = deque((), 1, True)\nd.append(1)\n\
             try:\n    d.append(2)\nexcept IndexError as e:\n    print(e)\n\
             o = OrderedDict([('b', 1), ('a', 2)])\nprint(o, o == OrderedDict(b=1, a=2), o == OrderedDict(a=2, b=1), o == {'b': 1, 'a': 2})\n",
            "[0, 2, 3] 3 3 <deque>\nfull\nOrderedDict({'b': 1, 'a': 2}) True False False\n",
        );
    }

    #[test]
    fn array_and_memoryview() {
        check(
            "from array import array\na = array('h', [1, -2])\na.append(70000)\na.extend(b'\\x01\\x00')\n\
             print(a, bytes(a[:1]), a == array('H', [1, 65534, 4464, 1]), b'x' + array('b', [65]))\n\
             m = memoryview(a)\nm[0] = 9\nprint(a[0], list(m[1:3]), m.itemsize)\n\
             b = bytearray(b'abcd')\nmemoryview(b)[1:3] = b'XY'\nprint(b)\n\
             try:\n    a[::2]\nexcept NotImplementedError as e:\n    print(e)\n",
            "array('h', [1, -2, 4464, 1]) b'\\x01\\x00' True b'xA'\n9 [-2, 4464] 2\nbytearray(b'aXYd')\n\
             only slices with step=1 (aka None) are supported\n",
        );
    }

    #[test]
    fn json() {
        check(
            "import json\nprint(json.dumps({'a': (1, 2.5, None, True)}), json.dumps([1, 'x\\n'], separators=(',', ':')))\n\
             print(json.loads('{\"a\": [1, -2.5e1, \"\\\\u00e9\", null]}'), json.loads(b'9111222333444555666'))\n\
             for s in ('[1', '{\"a\":', ']', '[1] x'):\n    try:\n        json.loads(s)\n    except ValueError as e:\n        print(e)\n\
             a = []\nfor i in range(5000):\n    a = [a]\ntry:\n    json.dumps(a)\nexcept RuntimeError as e:\n    print(e)\n\
             x = json.loads('[' * 10000 + ']' * 10000)\nn = 0\nwhile x:\n    x = x[0]\n    n += 1\nprint(n)\n",
            "{\"a\": [1, 2.5, null, true]} [1,\"x\\n\"]\n{'a': [1, -25.0, '\u{e9}', None]} 9111222333444555666\n\
             syntax error in JSON\nsyntax error in JSON\nsyntax error in JSON\nsyntax error in JSON\n\
             maximum recursion depth exceeded\n9999\n",
        );
    }

    #[test]
    fn re() {
        check(
            "import re\nm = re.match(r'(\\w+) (\\d+)?', 'ab x')\nprint(m, m.group(0), m.group(1), m.group(2))\n\
             print(re.sub(r'\\d+', lambda m: str(int(m.group(0)) * 2), 'a1b22'), re.compile(' +').split('a b  c', 1))\n\
             try:\n    re.compile(')')\nexcept ValueError as e:\n    print(e)\n",
            "<match num=3> ab  ab None\na2b44 ['a', 'b  c']\nerror in regex\n",
        );
    }
}
