//! `dict` and its views: construction and methods.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::vec::Vec;

use super::args;
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::iter::DictPart;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[
    nat_kw("__new__", dict_new, 0, VARARGS),
    nat_kw("__init__", dict_init, 0, VARARGS),
    nat("keys", keys, 1, 1),
    nat("values", values, 1, 1),
    nat("items", items, 1, 1),
    nat("get", get, 2, 3),
    nat("pop", pop, 2, 3),
    nat("popitem", popitem, 1, 1),
    nat("setdefault", setdefault, 2, 3),
    nat_kw("update", update, 1, 2),
    nat("copy", copy, 1, 1),
    nat("clear", clear, 1, 1),
    nat("fromkeys", fromkeys, 2, 3),
];

pub const VIEW_METHODS: super::Table = &[];

fn this(vm: &mut Vm, a: &[Value]) -> PyResult<ObjRef> {
    match a.first() {
        Some(&v) => vm.dict_ref(v),
        None => Err(vm.type_error("expected a dict")),
    }
}

/// The dict a mutating method works on; read-only dicts refuse, as MicroPython's do.
/// The natives `collections` (Python) is written over.
pub const COLLECTIONS_NATIVES: super::Table = &[super::nat("_ordered", ordered, 1, 1)];

/// `_ordered(d)`: dict `d`, an `OrderedDict` being made, keeps its keys in insertion order, as
/// MicroPython's `is_ordered` maps do.
fn ordered(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this_mut(vm, a)?;
    if let Some(t) = vm.dict_table_mut(d) {
        t.set_ordered();
    }
    Ok(Value::None)
}

fn this_mut(vm: &mut Vm, a: &[Value]) -> PyResult<ObjRef> {
    let d = this(vm, a)?;
    match vm.heap.get(d) {
        Obj::Dict(t) if t.fixed => Err(vm.err0(TypeId::TypeError)),
        _ => Ok(d),
    }
}

/// Fill dict `d` from a constructor/update argument: a mapping or an iterable of pairs.
pub fn fill_from(vm: &mut Vm, d: ObjRef, src: Value) -> PyResult<()> {
    let is_mapping = matches!(src.kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Dict(_)))
        || vm.dict_ref(src).is_ok()
        || vm.try_getattr(src, crate::intern::sym::KEYS)?.is_some();
    if is_mapping {
        return vm.dict_update(Value::Obj(d), src, false);
    }
    let pairs = vm.collect_iter(src)?;
    let mark = vm.roots.len();
    vm.roots.extend_from_slice(&pairs);
    let r = (|| {
        for p in pairs {
            let kv = vm.collect_iter(p)?;
            if kv.len() != 2 {
                return Err(vm.value_error("dict update sequence has wrong length"));
            }
            vm.dict_set(d, kv[0], kv[1])?;
        }
        Ok(())
    })();
    vm.roots.truncate(mark);
    r
}

fn dict_new(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.first() != Some(&Value::Obj(vm.ty(TypeId::Dict))) {
        // A subclass: `dict.__init__` fills the dict (it may be overridden).
        let d = vm.new_dict()?;
        return super::int::wrap_native(vm, a[0], d, TypeId::Dict);
    }
    args::range(vm, a, 1, 2)?;
    let d = vm.new_dict()?;
    let Kind::Obj(dr) = d.kind() else { unreachable!() };
    vm.roots.push(d);
    let r = (|| {
        if let Some(&src) = a.get(1) {
            fill_from(vm, dr, src)?;
        }
        for &(k, v) in kw {
            let key = vm.sym_value(k);
            vm.dict_set(dr, key, v)?;
        }
        Ok(())
    })();
    vm.roots.pop();
    r?;
    super::int::wrap_native(vm, a[0], d, TypeId::Dict)
}

/// `dict.__init__`: fills a subclass instance (an exact dict was filled by `__new__`).
fn dict_init(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.first().is_some_and(|v| vm.native_base(*v).is_none()) {
        return Ok(Value::None);
    }
    update(vm, a, kw)
}

fn view(vm: &mut Vm, a: &[Value], part: DictPart) -> PyResult<Value> {
    let a = args::fixed::<1>(vm, a)?;
    let d = this(vm, a)?;
    vm.alloc(Obj::DictView { dict: d.pack(), part })
}

fn keys(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    view(vm, a, DictPart::Keys)
}

fn values(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    view(vm, a, DictPart::Values)
}

fn items(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    view(vm, a, DictPart::Items)
}

fn get(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this(vm, a)?;
    Ok(vm.dict_get(d, a[1])?.unwrap_or(a.get(2).copied().unwrap_or(Value::None)))
}

fn pop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this_mut(vm, a)?;
    match vm.dict_remove(d, a[1])? {
        Some(v) => Ok(v),
        None => match a.get(2) {
            Some(&dflt) => Ok(dflt),
            None => Err(vm.key_error(a[1])),
        },
    }
}

fn popitem(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let d = this_mut(vm, a)?;
    // MicroPython's: the first key in slot order, or an OrderedDict's last.
    let last = vm.dict_table_mut(d).and_then(|t| if t.is_ordered() { t.pop_last() } else { t.pop_first() });
    match last {
        Some((k, v)) => vm.new_tuple(alloc::vec![k, v]),
        None => Err(vm.err(TypeId::KeyError, "popitem(): dictionary is empty")),
    }
}

fn setdefault(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this_mut(vm, a)?;
    if let Some(v) = vm.dict_get(d, a[1])? {
        return Ok(v);
    }
    let dflt = a.get(2).copied().unwrap_or(Value::None);
    vm.dict_set(d, a[1], dflt)?;
    Ok(dflt)
}

fn update(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    let d = this_mut(vm, a)?;
    if let Some(&src) = a.get(1) {
        fill_from(vm, d, src)?;
    }
    for &(k, v) in kw {
        let key = vm.sym_value(k);
        vm.dict_set(d, key, v)?;
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let d = this(vm, a)?;
    let t = match vm.heap.get(d) {
        Obj::Dict(t) => t.plain_copy(),
        _ => Default::default(),
    };
    vm.alloc(Obj::Dict(alloc::boxed::Box::new(t)))
}

fn clear(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = this_mut(vm, a)?;
    if let Some(t) = vm.dict_table_mut(d) {
        t.clear();
    }
    Ok(Value::None)
}

fn fromkeys(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    // Sized for the source's length when it has one, as MicroPython's.
    let sized = matches!(a[1].kind(), Kind::Obj(r) if matches!(vm.heap.get(r),
        Obj::Str(_) | Obj::Bytes(_) | Obj::ByteArray(_) | Obj::List(_) | Obj::Tuple(_) | Obj::Dict(_) | Obj::Set { .. } | Obj::Range { .. } | Obj::DictView { .. }));
    let n = if sized { vm.len_of(a[1])? } else { 0 };
    let keys: Vec<Value> = vm.collect_iter(a[1])?;
    let v = a.get(2).copied().unwrap_or(Value::None);
    let d = vm.new_dict_alloc(n)?;
    let Kind::Obj(dr) = d.kind() else { unreachable!() };
    vm.roots.push(d);
    let r = (|| {
        for k in keys {
            vm.dict_set(dr, k, v)?;
        }
        Ok(())
    })();
    vm.roots.pop();
    r?;
    super::int::wrap_native(vm, a[0], d, TypeId::Dict)
}
