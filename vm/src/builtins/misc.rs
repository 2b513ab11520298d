//! `object`, `type`, `range`, `slice`, generators, iterators, `property`, `staticmethod`,
//! `classmethod`, `super`, and class creation.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::format;
use alloc::vec::Vec;

use super::args;
use crate::heap::{ObjRef, PackedRef};
use crate::intern::{sym, Sym};
use crate::obj::class::Layout;
use crate::obj::{Class, IterState, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, SendResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const OBJECT_METHODS: super::Table = &[
    nat_kw("__new__", super::object_new, 0, VARARGS),
    nat_kw("__init__", super::object_init, 0, VARARGS),
    nat("__eq__", object_eq, 0, VARARGS),
    nat("__ne__", object_ne, 2, 2),
    nat("__hash__", object_hash, 1, 1),
    nat("__repr__", object_repr, 1, 1),
    nat("__str__", object_str, 1, 1),
    nat("__setattr__", object_setattr, 3, 3),
    nat("__delattr__", object_delattr, 2, 2),
    nat("__getattribute__", object_getattribute, 2, 2),
];

pub const TYPE_METHODS: super::Table = &[nat_kw("__new__", type_new, 0, VARARGS), nat("mro", type_mro, 1, 1)];

pub const RANGE_METHODS: super::Table = &[nat_kw("__new__", range_new, 0, VARARGS), nat("index", range_index, 2, 2), nat("count", range_count, 2, 2)];
pub const RANGE_PROPS: super::Table = &[nat("start", range_start, 0, VARARGS), nat("stop", range_stop, 0, VARARGS), nat("step", range_step, 0, VARARGS)];

pub const SLICE_METHODS: super::Table = &[nat_kw("__new__", slice_new, 0, VARARGS), nat("indices", slice_indices, 2, 2)];
pub const SLICE_PROPS: super::Table = &[nat("start", slice_start, 0, VARARGS), nat("stop", slice_stop, 0, VARARGS), nat("step", slice_step, 0, VARARGS)];

pub const GENERATOR_METHODS: super::Table = &[
    nat("__next__", gen_next, 1, 1),
    nat("__iter__", iter_self, 1, 1),
    nat("send", gen_send, 2, 2),
    nat("throw", gen_throw, 2, 4),
    nat("close", gen_close, 1, 1),
    nat("pend_throw", gen_pend_throw, 2, 2),
];

pub const ITERATOR_METHODS: super::Table = &[
    nat("__next__", iter_next, 1, 1),
    nat("__iter__", iter_self, 1, 1),
    nat_kw("__new__", iterator_new, 0, VARARGS),
];

pub const ENUMERATE_METHODS: super::Table = &[nat_kw("__new__", enumerate_new, 0, VARARGS), nat("__next__", iter_next, 1, 1), nat("__iter__", iter_self, 1, 1)];

pub const PROPERTY_METHODS: super::Table =
    &[nat_kw("__new__", property_new, 0, VARARGS), nat("getter", property_getter, 0, VARARGS), nat("setter", property_setter, 0, VARARGS), nat("deleter", property_deleter, 0, VARARGS)];
pub const PROPERTY_PROPS: super::Table = &[nat("fget", property_fget, 0, VARARGS), nat("fset", property_fset, 0, VARARGS), nat("fdel", property_fdel, 0, VARARGS)];

pub const STATICMETHOD_METHODS: super::Table = &[nat_kw("__new__", staticmethod_new, 0, VARARGS)];
pub const CLASSMETHOD_METHODS: super::Table = &[nat_kw("__new__", classmethod_new, 0, VARARGS)];
pub const SUPER_METHODS: super::Table = &[nat_kw("__new__", super_new, 0, VARARGS)];

fn object_eq(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.len() == 2 && a[0].is(a[1]) {
        return Ok(Value::True);
    }
    Ok(Value::NotImplemented)
}

fn object_ne(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    Ok(if a[0].is(a[1]) { Value::False } else { Value::NotImplemented })
}

fn object_hash(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(Value::Int(match a[0].kind() {
        Kind::Obj(r) => r.0 as i64 * 8 + 1,
        _ => 0,
    }))
}

fn object_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let name = vm.type_name(a[0]);
    let id = match a[0].kind() {
        Kind::Obj(r) => r.0 as usize * 16,
        _ => 0,
    };
    vm.new_string(format!("<{} object at {}>", name, crate::format::Hex(id as u64, 1)))
}

fn object_str(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let s = vm.repr_of(a[0])?;
    vm.new_string(s)
}

fn object_setattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    let Kind::Obj(r) = a[0].kind() else { return Err(vm.type_error("can't set attribute")) };
    if vm.as_str(a[1]).is_none() {
        return Err(vm.type_error("attribute name must be a string"));
    }
    let name = vm.str_to_sym(a[1]);
    match vm.heap.get(r) {
        Obj::Instance(_) => {
            vm.instance_set(r, name, a[2])?;
            Ok(Value::None)
        }
        _ => {
            vm.setattr(a[0], name, a[2])?;
            Ok(Value::None)
        }
    }
}

fn object_delattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let Kind::Obj(r) = a[0].kind() else { return Err(vm.type_error("can't delete attribute")) };
    let name = vm.str_to_sym(a[1]);
    if vm.instance_del(r, name)? {
        return Ok(Value::None);
    }
    Err(vm.no_attribute(a[0], name))
}

fn object_getattribute(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let name = vm.str_to_sym(a[1]);
    vm.getattr(a[0], name)
}

/// `type(x)` or `type(name, bases, dict)`.
fn type_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    // a[0] is the metaclass.
    match a.len() {
        2 => Ok(Value::Obj(vm.type_of(a[1]))),
        4 => {
            let name = vm.str_to_sym(a[1]);
            let bases = vm.tuple_items(a[2]).unwrap_or_default();
            let ns = vm.new_dict()?;
            vm.dict_update(ns, a[3], false)?;
            let Kind::Obj(nsr) = ns.kind() else { unreachable!() };
            let cls = make_class(vm, name, &bases, nsr)?;
            if let (Kind::Obj(c), Kind::Obj(meta)) = (cls.kind(), a[0].kind()) {
                if meta != vm.ty(TypeId::Type) {
                    if let Obj::Class(cc) = vm.heap.get_mut(c) {
                        cc.metaclass = Value::Obj(meta);
                    }
                }
            }
            Ok(cls)
        }
        _ => Err(vm.type_error("type() takes 1 or 3 arguments")),
    }
}

fn type_mro(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let mro = match a[0].kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Class(c) => PackedRef::values(&c.mro),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    vm.new_list(mro)
}

/// C3 linearisation of `bases` (falls back to depth-first order when inconsistent).
/// Over the packed handles a class stores, so that no conversion to and from `ObjRef`s is made.
fn c3_mro(vm: &Vm, cls: PackedRef, bases: &[PackedRef]) -> Vec<PackedRef> {
    let mut lists: Vec<Vec<PackedRef>> = Vec::with_capacity(bases.len() + 1);
    for &b in bases {
        lists.push(match vm.heap.get(b.get()) {
            Obj::Class(c) => c.mro.clone(),
            _ => Vec::new(),
        });
    }
    lists.push(bases.to_vec());
    // What is left of each list to merge (taken from the front).
    let mut seqs: Vec<&[PackedRef]> = Vec::with_capacity(lists.len());
    for l in &lists {
        seqs.push(l);
    }
    let mut out = alloc::vec![cls];
    loop {
        let mut any = false;
        let mut candidate = None;
        for s in &seqs {
            let Some((&c, _)) = s.split_first() else { continue };
            any = true;
            if !seqs.iter().any(|t| t.split_first().is_some_and(|(_, tail)| tail.contains(&c))) {
                candidate = Some(c);
                break;
            }
        }
        if !any {
            return out;
        }
        let Some(c) = candidate else {
            // Inconsistent: depth-first left-to-right without duplicates.
            for s in &seqs {
                for &c in s.iter() {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
            return out;
        };
        out.push(c);
        for s in seqs.iter_mut() {
            if let Some((&first, rest)) = s.split_first() {
                if first == c {
                    *s = rest;
                }
            }
        }
    }
}

/// Create a class from a namespace dict (the end of a `class` statement).
pub fn make_class(vm: &mut Vm, name: Sym, bases: &[Value], ns: ObjRef) -> PyResult<Value> {
    // `__new__` is implicitly a staticmethod, `__init_subclass__` a classmethod.
    for (name, wrap_static) in [(sym::__NEW__, true), (sym::__INIT_SUBCLASS__, false)] {
        let key = vm.sym_value(name);
        if let Some(f) = vm.dict_get_str(ns, key) {
            if matches!(f.kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Function(_))) {
                let w = vm.alloc(if wrap_static { Obj::StaticMethod(f) } else { Obj::ClassMethod(f) })?;
                vm.dict_set(ns, key, w)?;
            }
        }
    }
    let mut base_refs = Vec::with_capacity(bases.len());
    for b in bases {
        match b.kind() {
            Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => base_refs.push(r.pack()),
            _ => return Err(vm.type_error("bases must be types")),
        }
    }
    if base_refs.is_empty() {
        base_refs.push(vm.ty(TypeId::Object).pack());
    }
    let mut layout = Layout::Plain;
    let mut native_base = None;
    // The metaclass is the first base's that has one.
    let mut metaclass = Value::Null;
    for b in &base_refs {
        if let Obj::Class(bc) = vm.heap.get(b.get()) {
            if bc.layout == Layout::Exception {
                layout = Layout::Exception;
            }
            if metaclass.is_null() {
                metaclass = bc.metaclass;
            }
            let nb = match bc.builtin {
                Some(id) if !matches!(id, TypeId::Object) && !id.is_exception() => Some(b.get()),
                _ => bc.native_base.map(PackedRef::get),
            };
            if native_base.is_none() {
                native_base = nb;
            }
        }
    }
    if native_base.is_some() && layout == Layout::Plain {
        layout = Layout::Native;
    }
    let cls = vm.alloc(Obj::Class(alloc::boxed::Box::new(Class {
        name,
        bases: base_refs.clone(),
        mro: Vec::new(),
        dict: ns.pack(),
        layout,
        builtin: None,
        native_base: native_base.map(ObjRef::pack),
        metaclass,
        unfilled: false,
        attr_room: 0,
    })))?;
    let Kind::Obj(c) = cls.kind() else { unreachable!() };
    let mro = c3_mro(vm, c.pack(), &base_refs);
    if let Obj::Class(cc) = vm.heap.get_mut(c) {
        cc.mro = mro;
    }
    vm.class_made(ns);
    // __set_name__ on descriptors, then __init_subclass__ of the parent.
    let entries = vm.dict_table(ns).map(crate::obj::dict::Dict::pairs).unwrap_or_default();
    for &(k, v) in &entries {
        if let Kind::Obj(vr) = v.kind() {
            if matches!(vm.heap.get(vr), Obj::Instance(_)) {
                if let Some(m) = vm.type_lookup(v, sym::__SET_NAME__) {
                    vm.call_value(m, &[v, cls, k])?;
                }
            }
        }
    }
    if let Some(&parent) = base_refs.first() {
        if let Some(m) = vm.class_lookup(parent.get(), sym::__INIT_SUBCLASS__) {
            let m = match m.kind() {
                Kind::Obj(r) => match vm.heap.get(r) {
                    Obj::ClassMethod(f) => *f,
                    _ => m,
                },
                _ => m,
            };
            vm.call_value(m, &[cls])?;
        }
    }
    Ok(cls)
}

fn range_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 2, 4)?;
    let mut n = [0i64; 3];
    for (i, v) in a[1..].iter().enumerate() {
        // MicroPython reads range's arguments with mp_obj_get_int: "can't convert float to int".
        let int_like = match v.kind() {
            Kind::Int(_) | Kind::True | Kind::False => true,
            Kind::Obj(r) => matches!(vm.heap.get(r), Obj::Instance(_) | Obj::BigInt(_)),
            _ => false,
        };
        n[i] = if int_like { vm.index_value(*v, "range")? } else { args::int(vm, *v)? };
    }
    let (start, stop, step) = match a.len() {
        2 => (0, n[0], 1),
        3 => (n[0], n[1], 1),
        _ => (n[0], n[1], n[2]),
    };
    if step == 0 {
        return Err(vm.value_error("zero step"));
    }
    vm.alloc(Obj::Range { start, stop, step })
}

fn range_parts(vm: &mut Vm, v: Value) -> PyResult<(i64, i64, i64)> {
    match v.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Range { start, stop, step } => Ok((*start, *stop, *step)),
            _ => Err(vm.type_error("expected range")),
        },
        _ => Err(vm.type_error("expected range")),
    }
}

fn range_start(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = range_parts(vm, a[0])?.0;
    vm.new_int(v)
}

fn range_stop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = range_parts(vm, a[0])?.1;
    vm.new_int(v)
}

fn range_step(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let v = range_parts(vm, a[0])?.2;
    vm.new_int(v)
}

fn range_index(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let (start, stop, step) = range_parts(vm, a[0])?;
    if let Kind::Int(i) = a[1].kind() {
        let inside = if step > 0 { i >= start && i < stop } else { i <= start && i > stop };
        if inside && (i - start) % step == 0 {
            return vm.new_int((i - start) / step);
        }
    }
    Err(vm.value_error("object not in sequence"))
}

fn range_count(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let c = vm.contains(a[0], a[1])?;
    Ok(Value::Int(c as i64))
}

fn slice_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 2, 4)?;
    let parts = match a.len() {
        2 => [Value::None, a[1], Value::None],
        3 => [a[1], a[2], Value::None],
        _ => [a[1], a[2], a[3]],
    };
    vm.alloc(Obj::Slice(alloc::boxed::Box::new(parts)))
}

fn slice_part(vm: &mut Vm, a: &[Value], i: usize) -> PyResult<Value> {
    match vm.as_slice(a[0]) {
        Some(s) => Ok(s[i]),
        None => Err(vm.type_error("expected slice")),
    }
}

fn slice_start(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    slice_part(vm, a, 0)
}

fn slice_stop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    slice_part(vm, a, 1)
}

fn slice_step(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    slice_part(vm, a, 2)
}

fn slice_indices(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let Some(s) = vm.as_slice(a[0]) else { return Err(vm.type_error("expected slice")) };
    let n = vm.index_value(a[1], "slice")?;
    if n < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let si = vm.slice_indices(s, n as usize)?;
    let (start, stop, step) = (vm.new_int(si.start)?, vm.new_int(si.stop)?, vm.new_int(si.step)?);
    vm.new_tuple(alloc::vec![start, stop, step])
}

fn gen_ref(vm: &mut Vm, v: Value) -> PyResult<ObjRef> {
    match v.kind() {
        Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Generator(_)) => Ok(r),
        _ => Err(vm.type_error("expected a generator")),
    }
}

fn gen_next(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let g = gen_ref(vm, a[0])?;
    match vm.gen_send(g, Value::None)? {
        SendResult::Yield(v) => Ok(v),
        SendResult::Return(v) => Err(vm.stop_iteration(v)),
    }
}

fn gen_send(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let g = gen_ref(vm, a[0])?;
    match vm.gen_send(g, a[1])? {
        SendResult::Yield(v) => Ok(v),
        SendResult::Return(v) => Err(vm.stop_iteration(v)),
    }
}

fn gen_throw(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let g = gen_ref(vm, a[0])?;
    let mut exc = a[1];
    if a.len() >= 3 && !a[2].is_none() {
        if let Kind::Obj(c) = a[1].kind() {
            if matches!(vm.heap.get(c), Obj::Class(_)) {
                exc = if vm.is_instance_of_class(a[2], c) { a[2] } else { vm.call_value(a[1], &[a[2]])? };
            }
        }
    }
    match vm.gen_throw(g, exc)? {
        SendResult::Yield(v) => Ok(v),
        SendResult::Return(v) => Err(vm.stop_iteration(v)),
    }
}

fn gen_close(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let g = gen_ref(vm, a[0])?;
    let state = match vm.heap.get(g) {
        Obj::Generator(gen) => gen.state,
        _ => return Ok(Value::None),
    };
    use crate::obj::gen::GenState;
    match state {
        GenState::Done => return Ok(Value::None),
        GenState::Created => {
            vm.set_gen_finished(g);
            return Ok(Value::None);
        }
        _ => {}
    }
    let ge = Value::Obj(vm.ty(TypeId::GeneratorExit));
    match vm.gen_throw(g, ge) {
        Ok(SendResult::Yield(_)) => Err(vm.err(TypeId::RuntimeError, "generator ignored GeneratorExit")),
        Ok(SendResult::Return(_)) => Ok(Value::None),
        Err(e) if vm.exc_is(e, TypeId::GeneratorExit) || vm.exc_is(e, TypeId::StopIteration) => Ok(Value::None),
        Err(e) => Err(e),
    }
}

fn gen_pend_throw(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let g = gen_ref(vm, a[0])?;
    if matches!(vm.heap.get(g), Obj::Generator(gen) if gen.state == crate::obj::gen::GenState::Running) {
        return Err(vm.value_error("generator already executing"));
    }
    // pend_throw(None) cancels a pending exception.
    let new = if a[1].is_none() { Value::Null } else { a[1] };
    vm.chain_changed();
    let old = match vm.heap.get_mut(g) {
        Obj::Generator(gen) => {
            let old = gen.pending;
            gen.pending = new;
            old
        }
        _ => Value::Null,
    };
    Ok(if old.is_null() { Value::None } else { old })
}

fn iter_self(_vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(a[0])
}

fn iter_next(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let it = vm.native_base(a[0]).unwrap_or(a[0]);
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(Value::None)),
    }
}

/// `zip(...)`, `map(f, ...)`, `filter(f, it)`, `reversed(seq)` share the iterator classes.
fn iterator_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Kind::Obj(cls) = a[0].kind() else { return Err(vm.type_error("bad iterator type")) };
    let which = match vm.heap.get(cls) {
        Obj::Class(c) => c.builtin.or_else(|| {
            c.native_base.and_then(|b| match vm.heap.get(b.get()) {
                Obj::Class(bc) => bc.builtin,
                _ => None,
            })
        }),
        _ => None,
    };
    let rest = &a[1..];
    let state = match which {
        // A zip is a map with no function (Null): its items are tuples.
        Some(id @ (TypeId::Zip | TypeId::Map)) => {
            let map = id == TypeId::Map;
            if map && rest.len() < 2 {
                return Err(vm.type_error("map must have at least 2 arguments"));
            }
            let mut its = Vec::with_capacity(rest.len());
            for v in &rest[map as usize..] {
                its.push(vm.get_iter(*v)?);
            }
            IterState::Map { f: if map { rest[0] } else { Value::Null }, its }
        }
        Some(TypeId::Filter) => {
            let rest = args::fixed::<2>(vm, rest)?;
            let it = vm.get_iter(rest[1])?;
            IterState::Filter { f: rest[0], it }
        }
        Some(TypeId::Reversed) => {
            let rest = args::fixed::<1>(vm, rest)?;
            if let Some(r) = vm.call_own_special(rest[0], sym::__REVERSED__, &[])? {
                return Ok(r);
            }
            let n = vm.len_of(rest[0])?;
            IterState::Reversed { seq: rest[0], idx: n }
        }
        _ => return Err(vm.type_error("cannot create 'iterator' instances")),
    };
    let it = vm.new_iter(state)?;
    let id = which.unwrap_or(TypeId::Iterator);
    super::int::wrap_native(vm, a[0], it, id)
}

fn enumerate_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let start = args::arg_or(a, 2, kw, sym::START, Value::Int(0));
    let iterable = args::arg_or(a, 1, kw, vm.intern("iterable"), Value::Null);
    if iterable.is_null() {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    }
    let it = vm.get_iter(iterable)?;
    vm.new_iter(IterState::Enumerate { it, n: start })
}

fn property_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let fget = args::arg_or(a, 1, kw, sym::FGET, Value::None);
    let fset = args::arg_or(a, 2, kw, sym::FSET, Value::None);
    let fdel = args::arg_or(a, 3, kw, sym::FDEL, Value::None);
    vm.alloc(Obj::Property(alloc::boxed::Box::new([fget, fset, fdel])))
}

fn property_parts(vm: &mut Vm, v: Value) -> PyResult<[Value; 3]> {
    match v.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Property(p) => Ok(**p),
            _ => Err(vm.type_error("expected property")),
        },
        _ => Err(vm.type_error("expected property")),
    }
}

fn property_with(vm: &mut Vm, a: &[Value], i: usize) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    let mut p = property_parts(vm, a[0])?;
    p[i] = a[1];
    vm.alloc(Obj::Property(alloc::boxed::Box::new(p)))
}

fn property_getter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    property_with(vm, a, 0)
}

fn property_setter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    property_with(vm, a, 1)
}

fn property_deleter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    property_with(vm, a, 2)
}

fn property_fget(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(property_parts(vm, a[0])?[0])
}

fn property_fset(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(property_parts(vm, a[0])?[1])
}

fn property_fdel(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(property_parts(vm, a[0])?[2])
}

fn staticmethod_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    vm.alloc(Obj::StaticMethod(a[1]))
}

fn classmethod_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<2>(vm, a)?;
    vm.alloc(Obj::ClassMethod(a[1]))
}

fn super_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.len() != 3 {
        return Err(vm.type_error("super() requires 2 arguments here"));
    }
    let Kind::Obj(cls) = a[1].kind() else { return Err(vm.type_error("super() argument 1 must be type")) };
    if !matches!(vm.heap.get(cls), Obj::Class(_)) {
        return Err(vm.type_error("super() argument 1 must be type"));
    }
    let ok = vm.is_instance_of_class(a[2], cls) || matches!(a[2].kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) && vm.is_subclass(r, cls));
    if !ok {
        return Err(vm.type_error("super(type, obj): obj must be an instance or subtype of type"));
    }
    vm.alloc(Obj::Super { class: a[1], obj: a[2] })
}

impl Vm {
    pub fn set_gen_finished(&mut self, g: ObjRef) {
        self.chain_changed();
        if let Obj::Generator(gen) = self.heap.get_mut(g) {
            gen.state = crate::obj::gen::GenState::Done;
            gen.frame = Default::default();
        }
    }

    /// Attribute lookup through `super(cls, obj)`: the MRO of obj's type after `cls`.
    pub fn super_getattr(&mut self, class: Value, obj: Value, name: Sym) -> PyResult<Option<Value>> {
        let Kind::Obj(cls) = class.kind() else { return Ok(None) };
        let is_class_obj = matches!(obj.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Class(_)));
        let start_type = match obj.kind() {
            Kind::Obj(r) if is_class_obj && self.is_subclass(r, cls) => r,
            _ => self.type_of(obj),
        };
        let Some(v) = self.mro_lookup(start_type, Some(cls), name) else { return Ok(None) };
        if !is_class_obj {
            return self.bind(v, obj, start_type).map(Some);
        }
        if let Kind::Obj(vr) = v.kind() {
            match self.heap.get(vr) {
                Obj::ClassMethod(f) => {
                    let f = *f;
                    return self.alloc(Obj::BoundMethod { func: f, receiver: obj }).map(Some);
                }
                Obj::StaticMethod(f) => return Ok(Some(*f)),
                _ => {}
            }
        }
        Ok(Some(v))
    }
}
