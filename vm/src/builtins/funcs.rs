//! The built-in functions (`print`, `len`, `isinstance`, …).

use crate::format::Dec;
use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::args;
use crate::error::Mode;
use crate::intern::{sym, Sym};
use crate::obj::{IterState, Obj};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const FUNCTIONS: super::Table = &[
    nat_kw("print", print, 0, VARARGS),
    nat("len", len, 1, 1),
    nat("repr", repr, 1, 1),
    nat("abs", abs, 1, 1),
    nat("all", all, 1, 1),
    nat("any", any, 1, 1),
    nat("bin", bin, 0, VARARGS),
    nat("oct", oct, 0, VARARGS),
    nat("hex", hex, 0, VARARGS),
    nat("callable", callable, 1, 1),
    nat("chr", chr, 1, 1),
    nat("ord", ord, 1, 1),
    nat("getattr", getattr, 2, 3),
    nat("setattr", setattr, 3, 3),
    nat("hasattr", hasattr, 2, 2),
    nat("delattr", delattr, 2, 2),
    nat("dir", dir, 0, 1),
    nat("divmod", divmod, 2, 2),
    nat("hash", hash, 1, 1),
    nat("id", id, 1, 1),
    nat("isinstance", isinstance, 2, 2),
    nat("issubclass", issubclass, 2, 2),
    nat("iter", iter, 1, 2),
    nat("next", next, 1, 2),
    nat_kw("max", max, 0, VARARGS),
    nat_kw("min", min, 0, VARARGS),
    nat("pow", pow, 2, 3),
    nat("round", round, 1, 2),
    nat_kw("sorted", sorted, 1, VARARGS),
    nat("sum", sum, 1, 2),
    nat("globals", globals, 0, 0),
    nat("locals", locals, 0, 0),
    nat("eval", eval, 0, VARARGS),
    nat("exec", exec, 0, VARARGS),
    nat("compile", compile, 3, 3),
    nat("input", input, 0, VARARGS),
    nat("help", help, 0, VARARGS),
    nat_kw("open", open, 0, VARARGS),
    nat_kw("__build_class__", build_class, 2, VARARGS),
    nat("__import__", import, 1, 5),
];

fn print(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    args::only_kw(vm, kw, &[sym::SEP, sym::END, sym::FILE])?;
    let sep = args::kwarg(kw, sym::SEP).unwrap_or(Value::None);
    let end = args::kwarg(kw, sym::END).unwrap_or(Value::None);
    let file = args::kwarg(kw, sym::FILE).unwrap_or(Value::None);
    let sep = if sep.is_none() { String::from(" ") } else { args::string(vm, sep)? };
    let end = if end.is_none() { String::from("\n") } else { args::string(vm, end)? };
    let mut out = String::new();
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        let s = vm.str_of(*v)?;
        out.push_str(&s);
    }
    out.push_str(&end);
    vm.write_to(file, &out)?;
    Ok(Value::None)
}

impl Vm {
    /// Write text to a file object (`print(file=...)`), or to stdout when None.
    pub fn write_to(&mut self, file: Value, text: &str) -> PyResult<()> {
        if file.is_none() || file.is(self.sys.stdout) {
            self.print_str(text);
            return Ok(());
        }
        if file.is(self.sys.stderr) {
            self.host.write_err(text.as_bytes());
            return Ok(());
        }
        let s = self.new_str(text)?;
        match self.try_getattr(file, sym::WRITE)? {
            Some(w) => {
                self.call_value(w, &[s])?;
                Ok(())
            }
            // MicroPython's stream protocol fails with OSError on a non-stream.
            None => Err(self.err_fmt(TypeId::OSError, format_args!("stream operation not supported"))),
        }
    }
}

fn len(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let n = vm.len_of(a[0])?;
    vm.new_int(n as i64)
}

fn repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let s = vm.repr_of(a[0])?;
    vm.new_string(s)
}

fn abs(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<1>(vm, a)?;
    use crate::vm::ops::Num;
    match vm.as_num(a[0]) {
        Some(Num::Int(i)) => match i.checked_abs() {
            Some(v) => vm.new_int(v),
            None => vm.new_bigint(crate::bigint::BigInt::from(i).abs()),
        },
        Some(Num::Big(b)) => vm.new_bigint(b.abs()),
        Some(Num::Float(f)) => Ok(Value::float(f.abs())),
        // MicroPython's `sqrt(re*re + im*im)`, not hypot: abs(1e200+1e200j) is inf there.
        Some(Num::Complex(r, i)) => Ok(Value::float(libm::sqrt(r * r + i * i))),
        None => {
            if let Some(m) = vm.type_lookup(a[0], sym::__ABS__) {
                return vm.call_value(m, &[a[0]]);
            }
            if let Some(b) = vm.native_base(a[0]) {
                return abs(vm, &[b], _kw);
            }
            let t = vm.type_name(a[0]);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("unsupported type for __abs__: '{}'", t)))
        }
    }
}

fn all(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let it = vm.get_iter(a[0])?;
    vm.roots.push(it);
    let r = (|| {
        while let Some(v) = vm.next(it)? {
            if !vm.truthy(v)? {
                return Ok(Value::False);
            }
        }
        Ok(Value::True)
    })();
    vm.roots.pop();
    r
}

fn any(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let it = vm.get_iter(a[0])?;
    vm.roots.push(it);
    let r = (|| {
        while let Some(v) = vm.next(it)? {
            if vm.truthy(v)? {
                return Ok(Value::True);
            }
        }
        Ok(Value::False)
    })();
    vm.roots.pop();
    r
}

fn radix(vm: &mut Vm, a: &[Value], base: u32) -> PyResult<Value> {
    let a = args::fixed::<1>(vm, a)?;
    let mut s = alloc::string::String::new();
    super::strfmt::int_room(vm, &mut s, a[0], base)?;
    let Some(v) = super::strfmt::get_int(vm, a[0])? else {
        let t = vm.type_name(a[0]);
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert {} to int", t)));
    };
    crate::format::int_to_str_radix(&mut s, v.as_ref(), base, true);
    vm.new_string(s)
}

/// `bin(x)` is `'{:#b}'.format(x)` in MicroPython, so a non-int fails as that format does
/// ("unknown format code 'b' for object of type 'float'"), unlike `hex`/`oct` (`'%#x' % x`).
fn bin(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::fixed::<1>(vm, a)?;
    let s = super::strfmt::format_with_spec(vm, a[0], "#b")?;
    vm.new_string(s)
}

fn oct(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    radix(vm, a, 8)
}

fn hex(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    radix(vm, a, 16)
}

impl Vm {
    pub fn is_callable(&mut self, v: Value) -> bool {
        match v.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Function(_) | Obj::Builtin(_) | Obj::BoundMethod { .. } | Obj::Class(_) => true,
                Obj::Instance(_) | Obj::Ext(_) => self.type_lookup(v, sym::__CALL__).is_some(),
                _ => false,
            },
            _ => false,
        }
    }
}

fn callable(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    Ok(Value::bool(vm.is_callable(a[0])))
}

fn chr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let i = args::int(vm, a[0])?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => vm.char_value(c),
        None => Err(vm.value_error("char not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    if let Some(s) = vm.as_str(a[0]) {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Value::Int(c as i64));
        }
        let n = s.chars().count();
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("ord() expected a character, but string of length {} found", Dec(n as i64))));
    }
    if let Some(b) = vm.bytes_like(a[0]) {
        if b.len() == 1 {
            return Ok(Value::Int(b[0] as i64));
        }
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("ord() expected a character, but string of length {} found", Dec(b.len() as i64))));
    }
    // MicroPython reads the argument as str data first, failing as an implicit conversion.
    let t = vm.type_name(a[0]);
    Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to str implicitly", t)))
}

fn attr_name(vm: &mut Vm, v: Value) -> PyResult<Sym> {
    match vm.as_str(v) {
        Some(_) => Ok(vm.str_to_sym(v)),
        None => Err(args::not_str(vm, v)),
    }
}

fn getattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let name = attr_name(vm, a[1])?;
    if let Some(v) = vm.cached_instance_attr(a[0], name) {
        return Ok(v);
    }
    match vm.try_getattr(a[0], name) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => match a.get(2) {
            Some(d) => Ok(*d),
            None => Err(vm.no_attribute(a[0], name)),
        },
        Err(e) if a.len() == 3 && vm.exc_is(e, TypeId::AttributeError) => Ok(a[2]),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    let name = attr_name(vm, a[1])?;
    vm.setattr(a[0], name, a[2])?;
    Ok(Value::None)
}

fn hasattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let name = attr_name(vm, a[1])?;
    if vm.cached_instance_attr(a[0], name).is_some() {
        return Ok(Value::True);
    }
    match vm.try_getattr(a[0], name) {
        Ok(v) => Ok(Value::bool(v.is_some())),
        Err(e) if vm.exc_is(e, TypeId::AttributeError) => Ok(Value::False),
        Err(e) => Err(e),
    }
}

fn delattr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let name = attr_name(vm, a[1])?;
    vm.delattr(a[0], name)?;
    Ok(Value::None)
}

/// `dir()`; also the REPL's Tab completion's list of names.
///
/// MicroPython's `dir(x)` probes every qstr in its table order and lists those `x` has, so
/// it lists `__class__` and the special attributes MicroPython has (`__name__`, `__bases__`
/// and `__dict__` of classes, `__dict__` of modules and instances), leaves out the dunders
/// a built-in type implements natively, and comes in qstr order ([`dir_rank`]).
pub(crate) fn dir(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let mut names: Vec<Value> = Vec::new();
    let Some(&v) = a.first() else {
        // No argument: the local names, in the dict's own order, as MicroPython lists them.
        let g = vm.frames.last().map(|f| match f.locals.kind() {
            Kind::Obj(d) => d,
            _ => f.globals.get(),
        });
        if let Some(g) = g {
            dir_add_dict(vm, g, false, &mut names);
        }
        return vm.new_list(names);
    };
    // An instance whose class defines __dir__ answers for itself (not so a class).
    if let Kind::Obj(r) = v.kind() {
        if matches!(vm.heap.get(r), Obj::Instance(_)) {
            if let Some(m) = vm.type_lookup(v, sym::__DIR__) {
                let listed = vm.call_special(m, v, &[])?;
                let items = vm.collect_iter(listed)?;
                return vm.new_list(items);
            }
        }
    }
    let mut special: &[Sym] = &[];
    let mut is_module = false;
    if let Kind::Obj(r) = v.kind() {
        match vm.heap.get(r) {
            Obj::Instance(i) => {
                let (attrs, dict) = (i.attrs().to_vec(), i.dict());
                for (n, _) in attrs {
                    let k = vm.sym_value(n);
                    names.push(k);
                }
                if let Kind::Obj(d) = dict.kind() {
                    dir_add_dict(vm, d, false, &mut names);
                }
                special = &[sym::__DICT__];
            }
            Obj::Module(m) => {
                let (d, name) = (m.dict, m.name);
                dir_add_dict(vm, d, false, &mut names);
                // A stand-in for one of MicroPython's C modules: its `_` helpers are ours alone.
                let name = vm.sym_str(name);
                if vm.frozen.iter().any(|&(n, _, natives)| natives.is_some() && n == name) {
                    names.retain(|k| vm.as_str(*k).is_none_or(|t| !t.starts_with('_') || t.starts_with("__")));
                }
                special = &[sym::__DICT__];
                is_module = true;
            }
            Obj::Class(_) => special = &[sym::__NAME__, sym::__BASES__, sym::__DICT__],
            Obj::Function(_) => special = &[sym::__NAME__],
            _ => {}
        }
    }
    if !is_module {
        let cls = match v.kind() {
            Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Class(_)) => r,
            _ => vm.type_of(v),
        };
        let mro = match vm.heap.get(cls) {
            Obj::Class(c) => c.mro.clone(),
            _ => Vec::new(),
        };
        for k in &mro {
            let builtin = matches!(vm.heap.get(k.get()), Obj::Class(c) if c.builtin.is_some());
            if let Some(d) = vm.class_dict(k.get()) {
                dir_add_dict(vm, d, builtin, &mut names);
            }
        }
    }
    for &s in special.iter().chain(&[sym::__CLASS__]) {
        let k = vm.sym_value(s);
        dir_push(vm, k, &mut names);
    }
    let mut ranked = Vec::with_capacity(names.len());
    for n in names {
        let s = vm.as_str(n).map(alloc::string::String::from).map(|t| vm.intern(&t));
        ranked.push((s.map_or((3, 0), |s| dir_rank(vm, s)), s.unwrap_or_default(), n));
    }
    let it = &vm.interner;
    super::list::sort_small(&mut ranked, |a, b| match (a.0, b.0) {
        // Among the other built-in names MicroPython's qstrs are sorted bytewise.
        ((1, _), (1, _)) => it.str(a.1) < it.str(b.1),
        (x, y) => x < y,
    });
    let names = ranked.into_iter().map(|r| r.2).collect();
    vm.new_list(names)
}

/// MicroPython's qstr order, as `dir` lists names: first its fixed leading qstrs (this list:
/// the lowercase and dunder ones, in their order), then its other built-in names sorted,
/// then names the program made, in the order they were made. `(tier, position)`.
fn dir_rank(vm: &Vm, s: Sym) -> (u8, u32) {
    const LEADING: &str = "__dir__ __call__ __class__ __delitem__ __enter__ __exit__ __getattr__ __getitem__ \
        __hash__ __init__ __int__ __iter__ __len__ __main__ __module__ __name__ __new__ __next__ __qualname__ \
        __repr__ __setitem__ __str__ abs all any append args bool builtins bytearray bytecode bytes callable \
        chr classmethod clear close const copy count dict dir divmod end endswith eval exec extend find format \
        from_bytes get getattr globals hasattr hash id index insert int isalpha isdigit isinstance islower \
        isspace issubclass isupper items iter join key keys len list little locals lower lstrip main map \
        micropython next object open ord pop popitem pow print range read readinto readline remove replace \
        repr reverse rfind rindex round rsplit rstrip self send sep set setattr setdefault sort sorted split \
        start startswith staticmethod step stop str strip sum super throw to_bytes tuple type update upper \
        utf-8 value values write zip";
    let text = vm.interner.str(s);
    if let Some(i) = LEADING.split_ascii_whitespace().position(|n| n == text) {
        return (0, i as u32);
    }
    if vm.interner.is_builtin(s) {
        return (1, 0);
    }
    (2, s.0)
}

/// Adds the str keys of dict `d` not yet in `names`; for a built-in type, not its dunders
/// (ferrite implements operators as methods MicroPython has no entry for).
fn dir_add_dict(vm: &mut Vm, d: crate::heap::ObjRef, builtin: bool, names: &mut Vec<Value>) {
    let Some(t) = vm.dict_table(d) else { return };
    let keys = t.keys();
    for k in keys {
        if builtin && vm.as_str(k).is_some_and(|s| s.starts_with("__")) {
            continue;
        }
        dir_push(vm, k, names);
    }
}

fn dir_push(vm: &mut Vm, k: Value, names: &mut Vec<Value>) {
    if !names.iter().any(|n| vm.native_eq(*n, k) == Some(true)) {
        names.push(k);
    }
}

fn divmod(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    use crate::ast::BinOp;
    if let (Kind::Float(_), _) | (_, Kind::Float(_)) = (a[0].kind(), a[1].kind()) {
        let x = args::float(vm, a[0])?;
        let y = args::float(vm, a[1])?;
        if y == 0.0 {
            return Err(vm.zero_division("divide by zero"));
        }
        let (q, r) = crate::vm::ops::float_divmod(x, y);
        return vm.new_tuple(alloc::vec![Value::float(q), Value::float(r)]);
    }
    if vm.native_base(a[0]).is_none() && matches!(a[0].kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Instance(_))) {
        let dm = vm.intern("__divmod__");
        if let Some(m) = vm.type_lookup(a[0], dm) {
            return vm.call_value(m, &[a[0], a[1]]);
        }
    }
    // Only ints and floats divmod natively; others fail naming __divmod__, as MicroPython does.
    if vm.as_num(a[0]).is_none() || vm.as_num(a[1]).is_none() {
        let (x, y) = (vm.type_name(a[0]), vm.type_name(a[1]));
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("unsupported types for __divmod__: '{}', '{}'", x, y)));
    }
    let q = vm.binary_op(BinOp::FloorDiv, a[0], a[1])?;
    let r = vm.binary_op(BinOp::Mod, a[0], a[1])?;
    vm.new_tuple(alloc::vec![q, r])
}

fn hash(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let h = vm.hash(a[0])?;
    vm.new_int(h as i64)
}

fn id(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let id = match a[0].kind() {
        Kind::Obj(r) => r.0 as i64 * 16 + 0x1000,
        Kind::Int(i) => i.wrapping_mul(2) + 1,
        other => crate::vm::ops::hash_float(match other {
            Kind::Float(f) => f.get(),
            _ => 0.0,
        }) as i64
            + 8,
    };
    vm.new_int(id)
}

/// Does `v` match class or tuple of classes `spec`?
fn instance_check(vm: &mut Vm, v: Value, spec: Value, sub: bool) -> PyResult<bool> {
    if let Some(items) = vm.tuple_items(spec) {
        for it in items {
            if instance_check(vm, v, it, sub)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    match spec.kind() {
        Kind::Obj(c) if matches!(vm.heap.get(c), Obj::Class(_)) => {
            if sub {
                match v.kind() {
                    Kind::Obj(vc) if matches!(vm.heap.get(vc), Obj::Class(_)) => Ok(vm.is_subclass(vc, c)),
                    _ => Err(vm.type_error("issubclass() arg 1 must be a class")),
                }
            } else {
                Ok(vm.is_instance_of_class(v, c))
            }
        }
        // MicroPython's isinstance shares issubclass's check, message included.
        _ => Err(vm.type_error("issubclass() arg 2 must be a class or a tuple of classes")),
    }
}

fn isinstance(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    instance_check(vm, a[0], a[1], false).map(Value::bool)
}

fn issubclass(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    instance_check(vm, a[0], a[1], true).map(Value::bool)
}

fn iter(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.len() == 2 {
        return vm.new_iter(IterState::Call { f: a[0], sentinel: a[1] });
    }
    vm.get_iter(a[0])
}

fn next(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Kind::Obj(r) = a[0].kind() {
        if matches!(vm.heap.get(r), Obj::Generator(_)) {
            return match vm.gen_send(r, Value::None)? {
                crate::vm::SendResult::Yield(v) => Ok(v),
                crate::vm::SendResult::Return(v) => match a.get(1) {
                    Some(d) => Ok(*d),
                    None => Err(vm.stop_iteration(v)),
                },
            };
        }
    }
    match vm.next(a[0])? {
        Some(v) => Ok(v),
        None => match a.get(1) {
            Some(d) => Ok(*d),
            None => Err(vm.stop_iteration(Value::None)),
        },
    }
}

fn minmax(vm: &mut Vm, a: &[Value], kw: Kw, want_max: bool) -> PyResult<Value> {
    let default_name = vm.intern("default");
    args::only_kw(vm, kw, &[sym::KEY, default_name])?;
    let key = args::kwarg(kw, sym::KEY).filter(|k| !k.is_none());
    let default = args::kwarg(kw, default_name);
    let items = if a.len() == 1 {
        vm.collect_iter(a[0])?
    } else if a.is_empty() {
        return Err(vm.type_error("function missing 1 required positional arguments"));
    } else {
        a.to_vec()
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error("arg is an empty sequence")),
        };
    }
    let mark = vm.roots.len();
    vm.roots.extend_from_slice(&items);
    let r = (|| {
        let mut best = items[0];
        let mut best_key = match key {
            Some(k) => vm.call_value(k, &[best])?,
            None => best,
        };
        vm.roots.push(best_key);
        for &it in &items[1..] {
            let k = match key {
                Some(kf) => vm.call_value(kf, &[it])?,
                None => it,
            };
            vm.roots.push(k);
            let c = if want_max { crate::bytecode::Cmp::Gt } else { crate::bytecode::Cmp::Lt };
            let better = vm.compare_op(c, k, best_key)?;
            if vm.truthy(better)? {
                best = it;
                best_key = k;
            }
        }
        Ok(best)
    })();
    vm.roots.truncate(mark);
    r
}

fn max(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    minmax(vm, a, kw, true)
}

fn min(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    minmax(vm, a, kw, false)
}

fn pow(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.len() == 3 && !a[2].is_none() {
        return super::int::pow3(vm, a[0], a[1], a[2]);
    }
    vm.binary_op(crate::ast::BinOp::Pow, a[0], a[1])
}

fn round(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    super::float::round(vm, a[0], a.get(1).copied())
}

/// `sorted(iterable, *, key, reverse)`: a second positional is refused with MicroPython's word.
fn sorted(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() > 1 {
        return Err(vm.type_error("must use keyword argument for key function"));
    }
    let items = vm.collect_iter(a[0])?;
    let l = vm.new_list(items)?;
    vm.roots.push(l);
    let r = super::list::sort_list(vm, l, kw);
    vm.roots.pop();
    r?;
    Ok(l)
}

fn sum(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let mut acc = a.get(1).copied().unwrap_or(Value::Int(0));
    let it = vm.get_iter(a[0])?;
    let mark = vm.roots.len();
    vm.roots.push(it);
    let r = match vm.sum_gen(it, acc) {
        Ok(None) => (|| {
            while let Some(v) = vm.next(it)? {
                // The running total and the item stay rooted while `+` may run Python code;
                // one pair at a time, so the roots do not grow with the iterable.
                vm.roots.truncate(mark + 1);
                vm.roots.push(acc);
                vm.roots.push(v);
                acc = vm.binary_op(crate::ast::BinOp::Add, acc, v)?;
            }
            Ok(acc)
        })(),
        r => r.map(|total| total.unwrap_or(acc)),
    };
    vm.roots.truncate(mark);
    r
}

fn globals(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(vm.frames.last().map_or(Value::None, |f| Value::Obj(f.globals.get())))
}

fn locals(vm: &mut Vm, _a: &[Value], _kw: Kw) -> PyResult<Value> {
    let Some(f) = vm.frames.last() else { return Ok(Value::None) };
    if let Kind::Obj(_) = f.locals.kind() {
        return Ok(f.locals);
    }
    let (code, base) = (vm.code_of(f.code_obj.get()).cloned().unwrap_or_default(), f.base);
    let d = vm.new_dict()?;
    let Kind::Obj(dr) = d.kind() else { return Ok(d) };
    for (i, name) in code.varnames.iter().enumerate() {
        let v = vm.stack[base + i];
        if !v.is_null() {
            let k = vm.sym_value(*name);
            vm.dict_set(dr, k, v)?;
        }
    }
    Ok(d)
}

/// Source text of `eval`/`exec`/`compile` arguments (str or bytes).
fn source_text(vm: &mut Vm, v: Value) -> PyResult<String> {
    if vm.as_str(v).is_some() {
        return vm.str_of(v);
    }
    if let Some(b) = vm.bytes_like(v) {
        return Ok(crate::builtins::text::lossy(&b));
    }
    Err(vm.type_error("expected str, bytes or code object"))
}

fn run_source(vm: &mut Vm, a: &[Value], mode: Mode) -> PyResult<Value> {
    args::range(vm, a, 1, 3)?;
    let code = match a[0].kind() {
        Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Code(_)) => r,
        _ => {
            let src = source_text(vm, a[0])?;
            vm.compile(&src, "<string>", mode)?
        }
    };
    let (globals, locals) = match (a.get(1).map(|v| v.kind()), a.get(2).copied()) {
        (Some(Kind::Obj(g)), l) => (g, l.unwrap_or(Value::Obj(g))),
        _ => {
            let f = vm.frames.last();
            match f {
                Some(f) => {
                    let g = f.globals.get();
                    let l = if let Kind::Obj(_) = f.locals.kind() { f.locals } else { locals(vm, &[], &[])? };
                    (g, l)
                }
                None => {
                    let (_, d) = vm.main_module()?;
                    (d, Value::Obj(d))
                }
            }
        }
    };
    vm.roots.push(Value::Obj(code));
    let r = vm.exec_code(code, globals, locals);
    vm.roots.pop();
    let v = r?;
    Ok(if mode == Mode::Eval { v } else { Value::None })
}

fn eval(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    run_source(vm, a, Mode::Eval)
}

fn exec(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    run_source(vm, a, Mode::Exec)
}

fn compile(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    let src = source_text(vm, a[0])?;
    let file = args::string(vm, a[1])?;
    let mode = match vm.as_str(a[2]) {
        Some("exec") => Mode::Exec,
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Single,
        _ => return Err(vm.value_error("bad compile mode")),
    };
    let c = vm.compile(&src, &file, mode)?;
    Ok(Value::Obj(c))
}

fn input(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if let Some(p) = a.first() {
        let s = vm.str_of(*p)?;
        vm.print_str(&s);
    }
    match vm.read_input_line(crate::vm::InputKind::Input)? {
        Some(line) => vm.new_string(line),
        // Suspended: the port's line replaces this placeholder (`Vm::provide_input`).
        None => Ok(Value::None),
    }
}

fn help(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.is_empty() {
        vm.print_str(
            "Welcome to Ferrite, a MicroPython-compatible Python written in Rust.\n\n\
             For online docs please visit https://docs.micropython.org/\n\n\
             Control commands:\n  CTRL-A        -- on a blank line, enter raw REPL mode\n  CTRL-B        -- on a blank line, enter normal REPL mode\n  CTRL-C        -- interrupt a running program\n  CTRL-D        -- on a blank line, do a soft reset of the board\n  CTRL-E        -- on a blank line, enter paste mode\n\n\
             For further help on a specific object, type help(obj)\n\
             For a list of available modules, type help('modules')\n",
        );
        return Ok(Value::None);
    }
    if vm.as_str(a[0]) == Some("modules") {
        let s = modules_table();
        vm.print_str(&s);
        return Ok(Value::None);
    }
    let r = vm.repr_of(a[0])?;
    let s = format!("object {} is of type {}\n", r, vm.type_name(a[0]));
    vm.print_str(&s);
    Ok(Value::None)
}

/// `help('modules')` as MicroPython prints it: sorted, down four columns of 18.
fn modules_table() -> String {
    let mut names: Vec<&str> = super::modules::NAMES.to_vec();
    names.push("__main__");
    super::list::sort_small(&mut names, |a, b| a < b);
    let rows = names.len().div_ceil(4);
    let mut s = String::new();
    for r in 0..rows {
        // Columns of `rows` names; each name but a row's last padded to 18.
        let mut c = r;
        while let Some(n) = names.get(c) {
            s.push_str(n);
            c += rows;
            if c < names.len() {
                for _ in n.len()..18 {
                    s.push(' ');
                }
            }
        }
        s.push('\n');
    }
    s.push_str("Plus any modules on the filesystem\n");
    s
}

fn open(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    super::modules::io::open(vm, a, kw)
}

/// `__build_class__(body, name, *bases, metaclass=None, **kw)`.
fn build_class(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let (body, name) = (a[0], a[1]);
    let name = match vm.as_str(name) {
        Some(_) => vm.str_to_sym(name),
        None => return Err(vm.type_error("class name must be a string")),
    };
    let bases: Vec<Value> = a[2..].to_vec();
    let metaclass = args::kwarg(kw, sym::METACLASS);
    let ns = vm.new_dict()?;
    let Kind::Obj(nsr) = ns.kind() else { unreachable!() };
    vm.roots.push(ns);
    let cell = vm.run_class_body(body, nsr);
    let cell = match cell {
        Ok(c) => c,
        Err(e) => {
            vm.roots.pop();
            return Err(e);
        }
    };
    let cls = match metaclass {
        Some(m) if !m.is(Value::Obj(vm.ty(TypeId::Type))) => {
            let n = vm.sym_value(name);
            let b = vm.new_tuple(bases.clone())?;
            vm.call_value(m, &[n, b, ns])
        }
        _ => super::misc::make_class(vm, name, &bases, nsr),
    };
    vm.roots.pop();
    let cls = cls?;
    if let Kind::Obj(c) = cell.kind() {
        if let Obj::Cell(_) = vm.heap.get(c) {
            if let Obj::Cell(slot) = vm.heap.get_mut(c) {
                *slot = cls;
            }
        }
    }
    Ok(cls)
}

fn import(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let name = vm.str_to_sym(a[0]);
    let fromlist = a.get(3).copied().unwrap_or(Value::None);
    let level = a.get(4).copied().unwrap_or(Value::Int(0));
    vm.import_module(name, fromlist, level)
}
