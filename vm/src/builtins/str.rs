//! `str`: construction and methods.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::args;
use crate::intern::Sym;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

pub const METHODS: super::Table = &[
    ("__new__", str_new),
    ("join", join),
    ("split", split),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("replace", replace),
    ("startswith", startswith),
    ("endswith", endswith),
    ("find", find),
    ("upper", upper),
    ("lower", lower),
    ("format", format_method),
    ("encode", encode),
];

/// The str a method was called on.
pub fn this(vm: &mut Vm, a: &[Value]) -> PyResult<String> {
    match a.first().and_then(|v| vm.as_str(*v)) {
        Some(s) => Ok(String::from(s)),
        None => Err(vm.type_error("descriptor requires a 'str' object")),
    }
}

fn str_new(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = a[0];
    let v = match a.get(1) {
        None => vm.new_str("")?,
        Some(&x) => {
            if a.len() >= 3 {
                // str(bytes, encoding)
                match vm.bytes_like(x) {
                    Some(b) => match String::from_utf8(b) {
                        Ok(s) => vm.new_string(s)?,
                        Err(_) => return Err(vm.err(TypeId::UnicodeError, "")),
                    },
                    None => return Err(vm.type_error("decoding str is not supported")),
                }
            } else if vm.as_pystr(x).is_some() {
                x
            } else {
                let s = vm.str_of(x)?;
                vm.new_string(s)?
            }
        }
    };
    super::int::wrap_native(vm, cls, v, TypeId::Str)
}

fn join(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::exact(vm, a, 2)?;
    let sep = this(vm, a)?;
    let items = vm.collect_iter(a[1])?;
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match vm.as_str(*it) {
            Some(s) => out.push_str(s),
            None => {
                let t = vm.type_name(*it);
                return Err(vm.type_error(format!("join expects a list of str/bytes objects consistent with self, got {}", t)).into());
            }
        }
    }
    vm.new_string(out)
}

fn split(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this(vm, a)?;
    let sep = args::arg_or(a, 1, kw, crate::intern::sym::SEP, Value::None);
    let maxsplit = args::arg_or(a, 2, kw, vm.intern("maxsplit"), Value::Int(-1));
    let maxsplit = args::int(vm, maxsplit)?;
    let mut parts: Vec<String> = Vec::new();
    if sep.is_none() {
        let mut rest = s.trim_start();
        while !rest.is_empty() {
            if maxsplit >= 0 && parts.len() as i64 == maxsplit {
                parts.push(String::from(rest));
                break;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            parts.push(String::from(&rest[..end]));
            rest = rest[end..].trim_start();
        }
    } else {
        let sep = args::string(vm, sep)?;
        if sep.is_empty() {
            return Err(vm.value_error("empty separator"));
        }
        let mut rest = s.as_str();
        loop {
            if maxsplit >= 0 && parts.len() as i64 == maxsplit {
                parts.push(String::from(rest));
                break;
            }
            match rest.find(&sep) {
                Some(i) => {
                    parts.push(String::from(&rest[..i]));
                    rest = &rest[i + sep.len()..];
                }
                None => {
                    parts.push(String::from(rest));
                    break;
                }
            }
        }
    }
    let mut vals = Vec::with_capacity(parts.len());
    for p in parts {
        vals.push(vm.new_string(p)?);
    }
    vm.new_list(vals)
}

fn strip_chars(vm: &mut Vm, a: &[Value]) -> PyResult<Option<String>> {
    match a.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(&v) => args::string(vm, v).map(Some),
    }
}

fn do_strip(vm: &mut Vm, a: &[Value], left: bool, right: bool) -> PyResult<Value> {
    let s = this(vm, a)?;
    let chars = strip_chars(vm, a)?;
    let matches = |c: char| match &chars {
        Some(cs) => cs.contains(c),
        None => c.is_whitespace(),
    };
    let mut t = s.as_str();
    if left {
        t = t.trim_start_matches(matches);
    }
    if right {
        t = t.trim_end_matches(matches);
    }
    if t.len() == s.len() {
        return Ok(a[0]);
    }
    vm.new_str(t)
}

fn strip(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    do_strip(vm, a, true, true)
}

fn lstrip(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    do_strip(vm, a, true, false)
}

fn rstrip(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    do_strip(vm, a, false, true)
}

fn replace(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 3, 4)?;
    let s = this(vm, a)?;
    let old = args::string(vm, a[1])?;
    let new = args::string(vm, a[2])?;
    let count = match a.get(3) {
        Some(&c) => args::int(vm, c)?,
        None => -1,
    };
    let out = if count < 0 { s.replace(&old, &new) } else { s.replacen(&old, &new, count as usize) };
    vm.new_string(out)
}

fn affix(vm: &mut Vm, a: &[Value], start: bool) -> PyResult<Value> {
    args::range(vm, a, 2, 4)?;
    let s = this(vm, a)?;
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let norm = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let lo = match a.get(2) {
        Some(&v) if !v.is_none() => norm(args::int(vm, v)?),
        _ => 0,
    };
    let hi = match a.get(3) {
        Some(&v) if !v.is_none() => norm(args::int(vm, v)?),
        _ => n as usize,
    };
    let sub: String = if lo <= hi { chars[lo..hi].iter().collect() } else { String::new() };
    let cands = match vm.tuple_items(a[1]) {
        Some(items) => items,
        None => alloc::vec![a[1]],
    };
    for c in cands {
        let p = args::string(vm, c)?;
        if lo > n as usize {
            return Ok(Value::Bool(false));
        }
        if (start && sub.starts_with(&p)) || (!start && sub.ends_with(&p)) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn startswith(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    affix(vm, a, true)
}

fn endswith(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    affix(vm, a, false)
}

fn find(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 2, 4)?;
    let s = this(vm, a)?;
    let sub = args::string(vm, a[1])?;
    match s.find(&sub) {
        Some(b) => Ok(Value::Int(s[..b].chars().count() as i64)),
        None => Ok(Value::Int(-1)),
    }
}

fn upper(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, a)?;
    vm.new_string(s.to_uppercase())
}

fn lower(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, a)?;
    vm.new_string(s.to_lowercase())
}

fn format_method(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    let s = this(vm, a)?;
    let out = super::strfmt::str_format(vm, &s, &a[1..], kw)?;
    vm.new_string(out)
}

fn encode(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = this(vm, a)?;
    vm.new_bytes(s.into_bytes())
}
