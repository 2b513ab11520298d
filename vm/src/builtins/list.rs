//! `list` and `tuple`: construction and methods, including MicroPython's (unstable) sort.

use crate::value::Kind;
use crate::builtins::{nat, nat_kw, VARARGS};
use alloc::vec::Vec;

use super::args;
use crate::bytecode::Cmp;
use crate::heap::ObjRef;
use crate::intern::{sym, Sym};
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[
    nat_kw("__new__", list_new, 0, VARARGS),
    nat_kw("__init__", list_init, 0, VARARGS),
    nat("append", append, 2, 2),
    nat("extend", extend, 2, 2),
    nat("pop", pop, 0, VARARGS),
    nat("insert", insert, 3, 3),
    nat("remove", remove, 2, 2),
    nat("index", index, 2, 4),
    nat("count", count, 2, 2),
    nat("reverse", reverse, 1, 1),
    nat_kw("sort", sort, 1, VARARGS),
    nat("copy", copy, 1, 1),
    nat("clear", clear, 1, 1),
];

pub const TUPLE_METHODS: super::Table = &[nat_kw("__new__", tuple_new, 0, VARARGS), nat("index", index, 2, 4), nat("count", count, 2, 2)];

fn list_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    if a.first() != Some(&Value::Obj(vm.ty(TypeId::List))) {
        // A subclass: `list.__init__` fills the list (it may be overridden).
        let l = vm.new_list(Vec::new())?;
        return super::int::wrap_native(vm, a[0], l, TypeId::List);
    }
    args::range(vm, a, 1, 2)?;
    let l = match a.get(1) {
        Some(&v) => vm.collect_seq(v, false)?,
        None => vm.new_list(Vec::new())?,
    };
    super::int::wrap_native(vm, a[0], l, TypeId::List)
}

/// `list.__init__`: fills a subclass instance (an exact list was filled by `__new__`).
fn list_init(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    if vm.native_base(a[0]).is_none() {
        return Ok(Value::None);
    }
    let r = vm.list_ref(a[0])?;
    let items = match a.get(1) {
        Some(&v) => vm.collect_iter(v)?,
        None => Vec::new(),
    };
    if let Obj::List(l) = vm.heap.get_mut(r) {
        *l = items;
    }
    Ok(Value::None)
}

fn tuple_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    let t = match a.get(1) {
        Some(&v) => {
            if vm.tuple_items(v).is_some() && matches!(v.kind(), Kind::Obj(r) if matches!(vm.heap.get(r), Obj::Tuple(_))) && a[0] == Value::Obj(vm.ty(TypeId::Tuple)) {
                return Ok(v);
            }
            vm.collect_seq(v, true)?
        }
        None => vm.new_tuple(Vec::new())?,
    };
    super::int::wrap_native(vm, a[0], t, TypeId::Tuple)
}

fn list_of(vm: &mut Vm, a: &[Value]) -> PyResult<ObjRef> {
    match a.first() {
        Some(&v) => vm.list_ref(v),
        None => Err(vm.type_error("expected a list")),
    }
}

/// The items of a list or tuple method receiver.
fn seq_items(vm: &mut Vm, v: Value) -> PyResult<Vec<Value>> {
    if let Some(t) = vm.tuple_items(v) {
        return Ok(t);
    }
    let r = vm.list_ref(v)?;
    match vm.heap.get(r) {
        Obj::List(l) => Ok(l.clone()),
        _ => Ok(Vec::new()),
    }
}

fn append(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    vm.list_append(a[0], a[1])?;
    Ok(Value::None)
}

fn extend(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    vm.list_extend(a[0], a[1])?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    // A list popped at its end or at an int index inside it: one lookup. Anything else, the
    // errors too, takes the general path.
    if let Some((r, at)) = a.split_first().and_then(|(v, at)| Some((v.as_obj()?, at))) {
        if let Some(Obj::List(l)) = vm.heap.get_mut_live(r) {
            let n = l.len() as i64;
            let i = match at {
                [] => n - 1,
                [v] => match v.kind() {
                    Kind::Int(i) if i < 0 => i + n,
                    Kind::Int(i) => i,
                    _ => -1,
                },
                _ => -1,
            };
            if (0..n).contains(&i) {
                return Ok(take_at(l, i as usize));
            }
        }
    }
    args::range(vm, a, 1, 2)?;
    let r = list_of(vm, a)?;
    let len = match vm.heap.get(r) {
        Obj::List(l) => l.len(),
        _ => 0,
    };
    if len == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let i = match a.get(1) {
        Some(&v) => vm.seq_index(v, len, "list")?,
        None => len - 1,
    };
    match vm.heap.get_mut(r) {
        Obj::List(l) => Ok(take_at(l, i)),
        _ => Ok(Value::None),
    }
}

/// `l.remove(i)` through the splice every list edit shares (`Vec::remove` is code of its own).
fn take_at(l: &mut Vec<Value>, i: usize) -> Value {
    let v = l[i];
    crate::obj::splice(l, i, i + 1, &[]);
    v
}

fn insert(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<3>(a);
    let r = list_of(vm, a)?;
    let i = vm.index_value(a[1], "list")?;
    vm.list_grow(r, 1, |l| {
        let n = l.len() as i64;
        let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
        crate::obj::splice(l, i, i, &[a[2]]);
    })?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let r = list_of(vm, a)?;
    let items = seq_items(vm, a[0])?;
    for (i, v) in items.into_iter().enumerate() {
        if vm.eq(v, a[1])? {
            if let Obj::List(l) = vm.heap.get_mut(r) {
                take_at(l, i);
            }
            return Ok(Value::None);
        }
    }
    Err(vm.value_error("object not in sequence"))
}

fn index(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let items = seq_items(vm, a[0])?;
    let n = items.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let start = match a.get(2) {
        Some(&v) => norm(args::int(vm, v)?),
        None => 0,
    };
    let stop = match a.get(3) {
        Some(&v) => norm(args::int(vm, v)?),
        None => n as usize,
    };
    for i in start..stop.max(start) {
        if vm.eq(items[i], a[1])? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(vm.value_error("object not in sequence"))
}

fn count(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let items = seq_items(vm, a[0])?;
    let mut n = 0;
    for v in items {
        if vm.eq(v, a[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn reverse(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_of(vm, a)?;
    if let Obj::List(l) = vm.heap.get_mut(r) {
        l.reverse();
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let items = seq_items(vm, a[0])?;
    vm.new_list(items)
}

fn clear(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = list_of(vm, a)?;
    if let Obj::List(l) = vm.heap.get_mut(r) {
        l.clear();
    }
    Ok(Value::None)
}

/// `list.sort(*, key, reverse)`: its arity lets further positionals through to be refused
/// with MicroPython's keyword-parsing message.
fn sort(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() > 1 {
        return Err(vm.type_error("extra positional arguments given"));
    }
    sort_list(vm, a[0], kw)?;
    Ok(Value::None)
}

/// A stable insertion sort for the VM's own short lists (a module's names at import, REPL
/// completions): core's sort is ~4 KB of wasm for each element type it is used with.
pub fn sort_small<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// `list.sort(key=None, reverse=False)`: MicroPython's quicksort using `<`, each key computed
/// once.
pub fn sort_list(vm: &mut Vm, l: Value, kw: Kw) -> PyResult<()> {
    let r = vm.list_ref(l)?;
    args::only_kw(vm, kw, &[sym::KEY, sym::REVERSE])?;
    let key = args::kwarg(kw, sym::KEY).filter(|k| !k.is_none());
    let rev = match args::kwarg(kw, sym::REVERSE) {
        Some(v) => vm.truthy(v)?,
        None => false,
    };
    let items = match vm.heap.get(r) {
        Obj::List(items) => items.clone(),
        _ => Vec::new(),
    };
    // Keys live in a heap list so they stay rooted while key functions and __lt__ run.
    let holder = vm.new_list(items.clone())?;
    vm.roots.push(holder);
    let order = sorted_order(vm, holder, key, rev);
    vm.roots.pop();
    let mut sorted = Vec::with_capacity(items.len());
    for i in order? {
        sorted.push(items[i]);
    }
    if let Obj::List(dst) = vm.heap.get_mut(r) {
        *dst = sorted;
    }
    Ok(())
}

/// The sorted order of the items of the rooted list `holder`, each first replaced in it by
/// `key(item)` when there is a key function.
fn sorted_order(vm: &mut Vm, holder: Value, key: Option<Value>, rev: bool) -> PyResult<Vec<usize>> {
    let mut keys = vm.list_items(holder).unwrap_or_default();
    // MicroPython's sort does nothing, calling no key function, with fewer than two items.
    if let Some(f) = key.filter(|_| keys.len() > 1) {
        for i in 0..keys.len() {
            keys[i] = vm.call_value(f, &[keys[i]])?;
            if let Kind::Obj(h) = holder.kind() {
                if let Some(Obj::List(h)) = vm.heap.get_mut_live(h) {
                    h[i] = keys[i];
                }
            }
        }
    }
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    quicksort(vm, &mut idx, &keys, rev, 0, keys.len() as isize - 1)?;
    Ok(idx)
}

fn less(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    if let (Kind::Int(x), Kind::Int(y)) = (a.kind(), b.kind()) {
        return Ok(x < y);
    }
    let r = vm.compare_op(Cmp::Lt, a, b)?;
    vm.truthy(r)
}

/// MicroPython's list sort (`mp_quicksort`), so items with equal keys end up where they do
/// there (it is not stable) and a failing `<` names its operands in its order: the pivot is the
/// last item, each scan stops at the first item on the wrong side of it, and the smaller part
/// is sorted first (recursion within O(log n)). Ascending, a scan goes on while `<` is true;
/// reversed, while it is false.
fn quicksort(vm: &mut Vm, idx: &mut [usize], keys: &[Value], rev: bool, mut head: isize, mut tail: isize) -> PyResult<()> {
    let goes_on = !rev;
    while head < tail {
        vm.check_stack()?;
        let v = keys[idx[tail as usize]];
        let (mut h, mut t) = (head - 1, tail);
        loop {
            h += 1;
            while h < t && less(vm, keys[idx[h as usize]], v)? == goes_on {
                h += 1;
            }
            t -= 1;
            while h < t && less(vm, v, keys[idx[t as usize]])? == goes_on {
                t -= 1;
            }
            if h >= t {
                break;
            }
            idx.swap(h as usize, t as usize);
        }
        idx.swap(h as usize, tail as usize);
        if t - head < tail - h - 1 {
            quicksort(vm, idx, keys, rev, head, t)?;
            head = h + 1;
        } else {
            quicksort(vm, idx, keys, rev, h + 1, tail)?;
            tail = t;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sort_small;

    #[test]
    fn sort_small_is_stable() {
        let mut v = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_small(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut empty: [u8; 0] = [];
        sort_small(&mut empty, |a, b| a < b);
    }
}
