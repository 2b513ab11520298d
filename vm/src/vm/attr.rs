//! Attribute lookup: instance dicts, class MROs, descriptors (functions bind, properties call,
//! static/class methods unwrap) and `__getattr__`.

use crate::value::Kind;
use alloc::format;
use alloc::string::String;

use core::cell::Cell;

use super::{PyResult, Vm};
use crate::bytecode::NameHint;
use crate::heap::{ObjRef, PackedRef};
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;

/// Attributes an instance holds inline before it moves them into a dict (searching more
/// one by one would cost more than hashing).
const INLINE_ATTRS: usize = 16;

impl Vm {
    /// Look `name` up along the MRO of class `cls`.
    /// The cache hit is inlined into callers; the miss stays out of line so a hit pays no
    /// prologue for the MRO walk's registers.
    #[inline]
    pub fn class_lookup(&mut self, cls: ObjRef, name: Sym) -> Option<Value> {
        match self.attr_cache.get(cls, name) {
            Some(found) => found,
            None => self.class_lookup_miss(cls, name),
        }
    }

    #[cold]
    #[inline(never)]
    fn class_lookup_miss(&mut self, cls: ObjRef, name: Sym) -> Option<Value> {
        let found = self.class_lookup_uncached(cls, name);
        self.attr_cache.put(cls, name, found);
        found
    }

    /// `class_lookup` through an attribute op's cache slot (see `NameHint`). Only the slot's
    /// hit is inline: the hot attribute ops stay small.
    #[inline]
    fn class_lookup_hinted(&mut self, cls: ObjRef, name: Sym, hint: Option<&Cell<NameHint>>) -> Option<Value> {
        if let Some(NameHint::Class { cls: c, epoch, found, .. }) = hint.map(Cell::get) {
            if c == cls && epoch == self.attr_cache.epoch() {
                return found;
            }
        }
        self.class_lookup_refill(cls, name, hint)
    }

    /// `class_lookup_hinted` for a method call: the attribute when it is a plain method (see
    /// `NameHint::Class`), which a hit knows without looking at it.
    #[inline]
    fn method_lookup_hinted(&mut self, cls: ObjRef, name: Sym, hint: Option<&Cell<NameHint>>) -> Option<Value> {
        if let Some(NameHint::Class { cls: c, epoch, found, method, .. }) = hint.map(Cell::get) {
            if c == cls && epoch == self.attr_cache.epoch() {
                return found.filter(|_| method);
            }
        }
        self.class_lookup_refill(cls, name, hint).filter(|&a| self.is_plain_method(a))
    }

    /// `class_lookup`, remembered in the op's slot if there is one.
    #[inline(never)]
    fn class_lookup_refill(&mut self, cls: ObjRef, name: Sym, hint: Option<&Cell<NameHint>>) -> Option<Value> {
        let found = self.class_lookup(cls, name);
        if let Some(hint) = hint {
            let method = found.is_some_and(|a| self.is_plain_method(a));
            hint.set(NameHint::Class { cls, epoch: self.attr_cache.epoch(), found, plain_store: false, method });
        }
        found
    }

    /// A class attribute that a call through an instance passes the instance to as its first
    /// argument, with no descriptor to run: a Python function or a built-in type's method.
    fn is_plain_method(&self, a: Value) -> bool {
        match a.kind() {
            Kind::Obj(ar) => match self.heap.get(ar) {
                Obj::Function(_) => true,
                Obj::Builtin(b) => b.method,
                _ => false,
            },
            _ => false,
        }
    }

    fn class_lookup_uncached(&mut self, cls: ObjRef, name: Sym) -> Option<Value> {
        self.mro_lookup(cls, None, name)
    }

    /// Look `name` up along the MRO of `cls`, only past class `after` when given (what
    /// `super()` sees); a built-in type met on the way gets its namespace first.
    pub(crate) fn mro_lookup(&mut self, cls: ObjRef, after: Option<ObjRef>, name: Sym) -> Option<Value> {
        let key = self.sym_value(name);
        loop {
            let Obj::Class(c) = self.heap.get(cls) else { return None };
            let mut unfilled = None;
            let mut skip = after.is_some();
            for k in c.mro.iter().map(|k| k.get()) {
                if skip {
                    skip = Some(k) != after;
                    continue;
                }
                if let Obj::Class(kc) = self.heap.get(k) {
                    if kc.unfilled {
                        unfilled = Some(k);
                        break;
                    }
                    if let Some(v) = self.dict_get_str(kc.dict.get(), key) {
                        return Some(v);
                    }
                }
            }
            self.class_dict(unfilled?);
        }
    }

    /// The namespace dict of class `cls`; a built-in type's methods are put in on first use.
    pub fn class_dict(&mut self, cls: ObjRef) -> Option<ObjRef> {
        let (dict, fill) = match self.heap.get(cls) {
            Obj::Class(c) => (c.dict.get(), c.builtin.filter(|_| c.unfilled)),
            _ => return None,
        };
        Some(match fill {
            Some(id) => crate::builtins::fill_type(self, cls, id),
            None => dict,
        })
    }

    /// Look `name` up on the type of `v` (for special methods, which skip the instance dict).
    pub fn type_lookup(&mut self, v: Value, name: Sym) -> Option<Value> {
        let cls = self.type_of(v);
        self.class_lookup(cls, name)
    }

    pub fn class_name(&self, cls: ObjRef) -> &str {
        match self.heap.get(cls) {
            Obj::Class(c) => self.interner.str(c.name),
            _ => "?",
        }
    }

    pub fn type_name(&self, v: Value) -> String {
        String::from(self.class_name(self.type_of(v)))
    }

    pub fn is_subclass(&self, sub: ObjRef, sup: ObjRef) -> bool {
        if sub == sup {
            return true;
        }
        match self.heap.get(sub) {
            Obj::Class(c) => c.mro.contains(&sup.pack()),
            _ => false,
        }
    }

    pub fn is_instance_of_class(&self, v: Value, cls: ObjRef) -> bool {
        self.is_subclass(self.type_of(v), cls)
    }

    pub fn is_instance_of(&self, v: Value, id: TypeId) -> bool {
        self.is_instance_of_class(v, self.ty(id))
    }

    pub fn getattr(&mut self, obj: Value, name: Sym) -> PyResult<Value> {
        match self.try_getattr(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.no_attribute(obj, name)),
        }
    }

    pub fn no_attribute(&mut self, obj: Value, name: Sym) -> super::Exc {
        // `type object 'C'`, `module 'm'` or `'T' object`.
        let named = match obj.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Class(c) => Some(("type object '", c.name)),
                Obj::Module(m) => Some(("module '", m.name)),
                _ => None,
            },
            _ => None,
        };
        let Some((what, n)) = named else { return self.no_attribute_of_type(obj, name) };
        let msg = format!("{}{}' has no attribute '{}'", what, self.sym_str(n), self.sym_str(name));
        self.attr_error(msg)
    }

    /// `'T' object has no attribute 'name'`: MicroPython's error for any store or `del` that
    /// finds no place, a class's or module's too, and for a load from any other object.
    fn no_attribute_of_type(&mut self, obj: Value, name: Sym) -> super::Exc {
        let msg = format!("'{}' object has no attribute '{}'", self.type_name(obj), self.sym_str(name));
        self.attr_error(msg)
    }

    /// `getattr` for `LoadAttr`, with the name's cache slot.
    pub(super) fn getattr_hinted(&mut self, obj: Value, name: Sym, hint: &Cell<NameHint>) -> PyResult<Value> {
        if let Some(v) = self.hinted_instance_attr(obj, name, hint) {
            return Ok(v);
        }
        if let Kind::Obj(r) = obj.kind() {
            if let Obj::Instance(inst) = self.heap.get(r) {
                let cls = inst.class.get();
                let cls_attr = self.class_lookup_hinted(cls, name, Some(hint));
                if let Some(v) = self.instance_getattr(r, name, cls, cls_attr)? {
                    return Ok(v);
                }
                return Err(self.no_attribute(obj, name));
            }
        }
        self.getattr(obj, name)
    }

    /// Instance `obj`'s own attribute `name` when the `LoadAttr`'s cache slot says its class has
    /// nothing under that name. Reads only, so the interpreter's hot loop can use it.
    #[inline(always)]
    pub(super) fn hinted_instance_attr(&self, obj: Value, name: Sym, hint: &Cell<NameHint>) -> Option<Value> {
        let Kind::Obj(r) = obj.kind() else { return None };
        let Obj::Instance(inst) = self.heap.get(r) else { return None };
        match hint.get() {
            NameHint::Class { cls, epoch, found: None, .. } if cls == inst.class.get() && epoch == self.attr_cache.epoch() && inst.dict().is_null() => inst.attr(name),
            _ => None,
        }
    }

    /// Instance `obj`'s own attribute `name` when the attribute cache knows its class has nothing
    /// under that name (no descriptor to consult): `getattr(o, name)` by the `LoadAttr` cache's
    /// rule. None: not an instance, not cached, or missing — the general path decides.
    #[inline]
    pub fn cached_instance_attr(&mut self, obj: Value, name: Sym) -> Option<Value> {
        let Kind::Obj(r) = obj.kind() else { return None };
        let Obj::Instance(inst) = self.heap.get(r) else { return None };
        if !matches!(self.attr_cache.get(inst.class.get(), name), Some(None)) {
            return None;
        }
        self.instance_attr(r, name)
    }

    /// Attribute lookup; None when missing (no AttributeError allocated).
    pub fn try_getattr(&mut self, obj: Value, name: Sym) -> PyResult<Option<Value>> {
        let Kind::Obj(r) = obj.kind() else { return self.getattr_via_type(obj, name) };
        match self.heap.get(r) {
            Obj::Instance(inst) => {
                let cls = inst.class.get();
                let cls_attr = self.class_lookup(cls, name);
                self.instance_getattr(r, name, cls, cls_attr)
            }
            Obj::Class(_) => self.class_getattr(r, name),
            Obj::Module(m) => {
                let d = m.dict;
                let key = self.sym_value(name);
                if let Some(v) = self.dict_get_str(d, key) {
                    return Ok(Some(v));
                }
                if name == sym::__DICT__ {
                    return Ok(Some(Value::Obj(d)));
                }
                if let Some(v) = self.getattr_via_type(obj, name)? {
                    return Ok(Some(v));
                }
                // A module's own `__getattr__` makes its missing names (PEP 562, as MicroPython's);
                // a built-in module's AttributeError means the name is missing (ImportError
                // for `from sys import x`, as for a module without one).
                let ga = self.sym_value(sym::__GETATTR__);
                let Some(f) = self.dict_get_str(d, ga) else { return Ok(None) };
                let n = self.sym_value(name);
                match self.call_value(f, &[n]) {
                    Err(e) if self.is_native(f) && self.exc_is(e, TypeId::AttributeError) => Ok(None),
                    r => r.map(Some),
                }
            }
            Obj::Function(f) => {
                let (fname, fdict) = (f.name, f.dict);
                match name {
                    sym::__NAME__ => return Ok(Some(self.sym_value(fname))),
                    sym::__DICT__ => {
                        if fdict.is_null() {
                            let d = self.new_dict()?;
                            if let Obj::Function(f) = self.heap.get_mut(r) {
                                f.dict = d;
                            }
                            return Ok(Some(d));
                        }
                        return Ok(Some(fdict));
                    }
                    _ => {}
                }
                if let Kind::Obj(d) = fdict.kind() {
                    let key = self.sym_value(name);
                    if let Some(v) = self.dict_get_str(d, key) {
                        return Ok(Some(v));
                    }
                }
                self.getattr_via_type(obj, name)
            }
            Obj::Super { class, obj: o } => {
                let (c, o) = (*class, *o);
                match self.super_getattr(c, o, name)? {
                    Some(v) => Ok(Some(v)),
                    None => Ok(None),
                }
            }
            Obj::Builtin(b) if name == sym::__NAME__ => {
                let n = b.name;
                Ok(Some(self.sym_value(n)))
            }
            Obj::Generator(g) if name == sym::__NAME__ => {
                let n = g.name;
                Ok(Some(self.sym_value(n)))
            }
            Obj::BoundMethod { func, receiver } if name == sym::__NAME__ || name == sym::SELF => {
                let (func, receiver) = (*func, *receiver);
                if name == sym::SELF {
                    return Ok(Some(receiver));
                }
                self.try_getattr(func, name)
            }
            _ => self.getattr_via_type(obj, name),
        }
    }

    /// Instance `r`'s attribute, given what its class has under that name.
    fn instance_getattr(&mut self, r: ObjRef, name: Sym, cls: ObjRef, cls_attr: Option<Value>) -> PyResult<Option<Value>> {
        let obj = Value::Obj(r);
        if let Some(a) = cls_attr {
            if self.is_data_descriptor(a) {
                return self.bind(a, obj, cls).map(Some);
            }
        }
        if let Some(v) = self.instance_attr(r, name) {
            return Ok(Some(v));
        }
        if let Some(a) = cls_attr {
            return self.bind(a, obj, cls).map(Some);
        }
        match name {
            sym::__CLASS__ => return Ok(Some(Value::Obj(cls))),
            sym::__DICT__ => return self.instance_dict(r).map(Some),
            _ => {}
        }
        if let Some(ga) = self.class_lookup(cls, sym::__GETATTR__) {
            let n = self.sym_value(name);
            let ga = self.bind(ga, obj, cls)?;
            return self.call_value(ga, &[n]).map(Some);
        }
        Ok(None)
    }

    /// Attributes found on the type of a non-instance value (methods of built-in types).
    fn getattr_via_type(&mut self, obj: Value, name: Sym) -> PyResult<Option<Value>> {
        let cls = self.type_of(obj);
        if name == sym::__CLASS__ {
            return Ok(Some(Value::Obj(cls)));
        }
        match self.class_lookup(cls, name) {
            Some(a) => self.bind(a, obj, cls).map(Some),
            None => Ok(None),
        }
    }

    fn class_getattr(&mut self, cls: ObjRef, name: Sym) -> PyResult<Option<Value>> {
        if let Some(a) = self.class_lookup(cls, name) {
            let a = match a.kind() {
                Kind::Obj(ar) => match self.heap.get(ar) {
                    Obj::StaticMethod(f) => *f,
                    Obj::ClassMethod(f) => {
                        let f = *f;
                        return self.alloc(Obj::BoundMethod { func: f, receiver: Value::Obj(cls) }).map(Some);
                    }
                    Obj::Instance(_) => {
                        if let Some(get) = self.type_lookup(a, sym::__GET__) {
                            return self.call_value(get, &[a, Value::None, Value::Obj(cls)]).map(Some);
                        }
                        a
                    }
                    _ => a,
                },
                _ => a,
            };
            return Ok(Some(a));
        }
        let (cname, bases, mro) = match self.heap.get(cls) {
            Obj::Class(c) => (c.name, c.bases.clone(), c.mro.clone()),
            _ => return Ok(None),
        };
        match name {
            sym::__NAME__ | sym::__QUALNAME__ => Ok(Some(self.sym_value(cname))),
            sym::__BASES__ => {
                let items = PackedRef::values(&bases);
                self.new_tuple(items).map(Some)
            }
            sym::__MRO__ => {
                let items = PackedRef::values(&mro);
                self.new_tuple(items).map(Some)
            }
            sym::__DICT__ => Ok(self.class_dict(cls).map(Value::Obj)),
            sym::__CLASS__ => Ok(Some(self.type_of(Value::Obj(cls)).into())),
            _ => {
                // Methods of the metaclass (`type`), e.g. `cls.mro`.
                let meta = self.type_of(Value::Obj(cls));
                match self.class_lookup(meta, name) {
                    Some(a) => self.bind(a, Value::Obj(cls), meta).map(Some),
                    None => Ok(None),
                }
            }
        }
    }

    fn is_data_descriptor(&mut self, a: Value) -> bool {
        match a.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Property(_) => true,
                Obj::Instance(_) => self.type_lookup(a, sym::__SET__).is_some() || self.type_lookup(a, sym::__DELETE__).is_some(),
                _ => false,
            },
            _ => false,
        }
    }

    /// Apply the descriptor protocol to class attribute `a` found for `obj` (of class `cls`).
    pub fn bind(&mut self, a: Value, obj: Value, cls: ObjRef) -> PyResult<Value> {
        let Kind::Obj(r) = a.kind() else { return Ok(a) };
        match self.heap.get(r) {
            Obj::Function(_) => self.alloc(Obj::BoundMethod { func: a, receiver: obj }),
            Obj::Builtin(b) if b.method => self.alloc(Obj::BoundMethod { func: a, receiver: obj }),
            Obj::StaticMethod(f) => Ok(*f),
            Obj::ClassMethod(f) => {
                let f = *f;
                self.alloc(Obj::BoundMethod { func: f, receiver: Value::Obj(cls) })
            }
            Obj::Property(p) => {
                let fget = p[0];
                if fget.is_none() || fget.is_null() {
                    return Err(self.attr_error("unreadable attribute"));
                }
                self.call_value(fget, &[obj])
            }
            Obj::Instance(_) => match self.type_lookup(a, sym::__GET__) {
                Some(get) => self.call_value(get, &[a, obj, Value::Obj(cls)]),
                None => Ok(a),
            },
            _ => Ok(a),
        }
    }

    /// For a method call: (function, self) without making a bound method when possible, else
    /// (attribute, Null).
    pub fn load_method(&mut self, obj: Value, name: Sym) -> PyResult<(Value, Value)> {
        // Through the stack, as `LoadMethod` does (an error leaves `obj` there).
        self.stack.push(obj);
        if let Err(e) = self.load_method_top(name, None) {
            self.pop();
            return Err(e);
        }
        let s = self.pop();
        Ok((self.pop(), s))
    }

    /// `LoadMethod`: the object on top of the stack becomes (function, self), or (attribute,
    /// Null), in place: the pair is never returned through memory.
    #[inline(never)]
    pub(super) fn load_method_top(&mut self, name: Sym, hint: Option<&Cell<NameHint>>) -> PyResult<()> {
        let top = self.stack.len() - 1;
        let obj = self.stack[top];
        if let Some(m) = self.method_of(obj, name, hint) {
            self.stack[top] = m;
            self.stack.push(obj);
            return Ok(());
        }
        self.load_attr_top(name)
    }

    /// `LoadMethod` of anything but a plain method: (attribute, Null). Out of line, so the
    /// method's path saves few registers.
    #[inline(never)]
    fn load_attr_top(&mut self, name: Sym) -> PyResult<()> {
        let top = self.stack.len() - 1;
        let v = self.getattr(self.stack[top], name)?;
        self.stack[top] = v;
        self.stack.push(Value::Null);
        Ok(())
    }

    /// The function `obj.name` calls with `obj` as its first argument, when the attribute is a
    /// plain method of its type (a Python function or a built-in type's method) that nothing
    /// in the instance shadows; None when the general `getattr` must decide. `hint` is
    /// `LoadMethod`'s cache slot for the class lookup.
    #[inline(always)]
    fn method_of(&mut self, obj: Value, name: Sym, hint: Option<&Cell<NameHint>>) -> Option<Value> {
        // Some((type, instance with a dict or None)) when the attribute may come from the type.
        // The instance's own attributes shadow it: inline ones are searched here, in the object
        // already at hand, a dict's once it can be borrowed.
        let via_type = match obj.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Instance(i) if i.dict().is_null() => i.attr(name).is_none().then_some((i.class.get(), None)),
                Obj::Instance(i) => Some((i.class.get(), Some(r))),
                Obj::Class(_) | Obj::Module(_) | Obj::Function(_) | Obj::Super { .. } => None,
                o => Some((self.obj_type(o), None)),
            },
            _ => Some((self.type_of(obj), None)),
        };
        let (cls, with_dict) = via_type?;
        let a = self.method_lookup_hinted(cls, name, hint)?;
        if with_dict.is_some_and(|r| self.instance_attr(r, name).is_some()) {
            return None;
        }
        Some(a)
    }

    /// Instance `r`'s own attribute `name`.
    #[inline]
    pub fn instance_attr(&mut self, r: ObjRef, name: Sym) -> Option<Value> {
        let Obj::Instance(i) = self.heap.get(r) else { return None };
        match i.dict().kind() {
            Kind::Obj(d) => {
                let key = self.sym_value(name);
                self.dict_get_str(d, key)
            }
            _ => i.attr(name),
        }
    }

    /// Set instance `r`'s own attribute `name` (no descriptors, no `__setattr__`).
    pub fn instance_set(&mut self, r: ObjRef, name: Sym, v: Value) -> PyResult<()> {
        let (len, need) = match self.heap.get_mut(r) {
            Obj::Instance(i) if i.dict().is_null() => {
                // Into room made up front from the class's `attr_room`: no allocation, the size
                // the heap counts stays, and the class already knows this many.
                if i.set_in_place(name, v, INLINE_ATTRS) {
                    return Ok(());
                }
                (i.attrs().len(), i.attr_growth())
            }
            Obj::Instance(i) => match i.dict().kind() {
                Kind::Obj(d) => {
                    let key = self.sym_value(name);
                    return self.dict_set(d, key, v);
                }
                _ => (INLINE_ATTRS, 0),
            },
            _ => (INLINE_ATTRS, 0),
        };
        if len < INLINE_ATTRS {
            let (mut cls, mut n) = (r, 0);
            self.grow(r, need, &mut |o| {
                if let Obj::Instance(i) = o {
                    (cls, n) = (i.class.get(), i.push_attr(name, v));
                }
                Ok(())
            })?;
            if let Obj::Class(c) = self.heap.get_mut(cls) {
                c.attr_room = c.attr_room.max(n as u8);
            }
            return Ok(());
        }
        let Kind::Obj(d) = (self.instance_dict(r)?).kind() else { return Err(self.no_attribute(Value::Obj(r), name)) };
        let key = self.sym_value(name);
        self.dict_set(d, key, v)
    }

    /// Remove instance `r`'s own attribute `name`; false when it has none.
    pub fn instance_del(&mut self, r: ObjRef, name: Sym) -> PyResult<bool> {
        let dict = match self.heap.get(r) {
            Obj::Instance(i) => i.dict(),
            _ => return Ok(false),
        };
        if let Kind::Obj(d) = dict.kind() {
            let key = self.sym_value(name);
            return Ok(self.dict_remove(d, key)?.is_some());
        }
        Ok(match self.heap.get_mut(r) {
            Obj::Instance(i) => i.remove_attr(name),
            _ => false,
        })
    }

    /// The `__dict__` of an instance, made on demand from its inline attributes; from then on
    /// the dict holds them.
    pub fn instance_dict(&mut self, r: ObjRef) -> PyResult<Value> {
        let attrs = match self.heap.get(r) {
            Obj::Instance(i) if !i.dict().is_null() => return Ok(i.dict()),
            Obj::Instance(i) => i.attrs().to_vec(),
            _ => return Err(self.type_error("no __dict__")),
        };
        let d = self.new_dict()?;
        let Kind::Obj(dr) = d.kind() else { return Ok(d) };
        for (n, v) in attrs {
            let key = self.sym_value(n);
            self.dict_set(dr, key, v)?;
        }
        let before = self.heap.get(r).size_estimate();
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            i.set_dict(d);
        }
        self.heap.resized(r, before);
        Ok(d)
    }

    pub fn setattr(&mut self, obj: Value, name: Sym, v: Value) -> PyResult<()> {
        self.setattr_hinted(obj, name, v, None)
    }

    /// `setattr`, with `StoreAttr`'s cache slot for the class lookup. A store known plain (no
    /// data descriptor, no `__setattr__`) goes straight to the instance; the rest is out of
    /// line, so the common store saves few registers.
    pub(super) fn setattr_hinted(&mut self, obj: Value, name: Sym, v: Value, hint: Option<&Cell<NameHint>>) -> PyResult<()> {
        if let Kind::Obj(r) = obj.kind() {
            if let Obj::Instance(inst) = self.heap.get(r) {
                let cls = inst.class.get();
                let plain = match hint {
                    Some(h) => matches!(h.get(), NameHint::Class { cls: c, epoch, plain_store: true, .. }
                        if c == cls && epoch == self.attr_cache.epoch()),
                    None => self.attr_cache.plain_store(cls, name),
                };
                if plain {
                    // The usual stores, to an attribute the instance holds or into room its
                    // class made up front, without a call.
                    if let Obj::Instance(i) = self.heap.get_mut(r) {
                        if i.dict().is_null() && i.set_in_place(name, v, INLINE_ATTRS) {
                            return Ok(());
                        }
                    }
                    return self.instance_set(r, name, v);
                }
            }
        }
        self.setattr_slow(obj, name, v, hint)
    }

    /// `obj.name = v` for an instance whose `StoreAttr` cache slot says a plain store is right,
    /// when it holds the attribute or has room for it inline; true when done. Touches nothing
    /// else, so the interpreter's hot loop can use it (out of line: inlined, its search kept
    /// two more temporaries in `execute`'s stack frame).
    #[inline(never)]
    pub(super) fn hinted_store_in_place(&mut self, obj: Value, name: Sym, v: Value, hint: &Cell<NameHint>) -> bool {
        let Kind::Obj(r) = obj.kind() else { return false };
        let epoch = self.attr_cache.epoch();
        match self.heap.get_mut(r) {
            Obj::Instance(i) if i.dict().is_null() && matches!(hint.get(), NameHint::Class { cls, epoch: e, plain_store: true, .. } if cls == i.class.get() && e == epoch) => {
                i.set_in_place(name, v, INLINE_ATTRS)
            }
            _ => false,
        }
    }

    /// `obj.name = v`, or `del obj.name` when `v` is Null (MicroPython's `mp_store_attr`
    /// convention): a deletion takes the same path, with the deleting dunders and one
    /// argument fewer. Where neither finds a place, the error is MicroPython's for both.
    #[inline(never)]
    fn setattr_slow(&mut self, obj: Value, name: Sym, v: Value, hint: Option<&Cell<NameHint>>) -> PyResult<()> {
        let del = v.is_null();
        // Every hook's arguments end with `v`, which a deletion leaves out.
        let n_args = |n: usize| n - del as usize;
        let Kind::Obj(r) = obj.kind() else { return Err(self.no_attribute_of_type(obj, name)) };
        let dict = match self.heap.get(r) {
            Obj::Instance(inst) => {
                let cls = inst.class.get();
                if let Some(Kind::Obj(ar)) = self.class_lookup_hinted(cls, name, hint).map(Value::kind) {
                    let a = Value::Obj(ar);
                    match self.heap.get(ar) {
                        Obj::Property(p) => {
                            let f = p[1 + del as usize];
                            if f.is_none() || f.is_null() {
                                return Err(self.no_attribute_of_type(obj, name));
                            }
                            self.call_value(f, &[obj, v][..n_args(2)])?;
                            return Ok(());
                        }
                        Obj::Instance(_) => {
                            if let Some(set) = self.type_lookup(a, if del { sym::__DELETE__ } else { sym::__SET__ }) {
                                self.call_value(set, &[a, obj, v][..n_args(3)])?;
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(sa) = self.class_lookup(cls, if del { sym::__DELATTR__ } else { sym::__SETATTR__ }) {
                    if !self.is_builtin_fn(sa) {
                        let n = self.sym_value(name);
                        self.call_value(sa, &[obj, n, v][..n_args(3)])?;
                        return Ok(());
                    }
                }
                if del {
                    return match self.instance_del(r, name)? {
                        true => Ok(()),
                        false => Err(self.no_attribute_of_type(obj, name)),
                    };
                }
                // No descriptor or `__setattr__` took it: so will the next store here, until
                // a class changes (the epoch).
                self.attr_cache.mark_plain_store(cls, name);
                if let Some(h) = hint {
                    if let NameHint::Class { cls: c, epoch, found, method, .. } = h.get() {
                        if c == cls && epoch == self.attr_cache.epoch() {
                            h.set(NameHint::Class { cls, epoch, found, plain_store: true, method });
                        }
                    }
                }
                return self.instance_set(r, name, v);
            }
            Obj::Class(c) if c.builtin.is_some() => Value::Null,
            Obj::Class(c) => Value::Obj(c.dict.get()),
            Obj::Module(m) => Value::Obj(m.dict),
            Obj::Function(_) if !del => self.try_getattr(obj, sym::__DICT__)?.unwrap_or(Value::Null),
            _ => Value::Null,
        };
        let Kind::Obj(d) = dict.kind() else { return Err(self.no_attribute_of_type(obj, name)) };
        let key = self.sym_value(name);
        if !del {
            return self.dict_set(d, key, v);
        }
        match self.dict_remove(d, key)? {
            Some(_) => Ok(()),
            None => Err(self.no_attribute_of_type(obj, name)),
        }
    }

    /// `del obj.name`.
    pub fn delattr(&mut self, obj: Value, name: Sym) -> PyResult<()> {
        self.setattr_slow(obj, name, Value::Null, None)
    }

    fn is_builtin_fn(&self, v: Value) -> bool {
        matches!(v.kind(), Kind::Obj(r) if matches!(self.heap.get(r), Obj::Builtin(_)))
    }
}
