//! `re`: MicroPython's regular expressions on the engine in `crate::regex`.
//!
//! The module has `compile`, `match`, `search` and `sub`; a compiled pattern (type `re`)
//! has `match`, `search`, `split` and `sub`; a match object has `group(n)`. Matching runs
//! in slices so Ctrl-C can stop a runaway pattern.

use crate::format::{Dec, Hex};
use crate::value::Kind;
use crate::builtins::{nat, VARARGS};
use alloc::format;
use alloc::vec::Vec;

use super::super::args;
use super::array::{ext_ref, not_implemented};
use crate::heap::ObjRef;
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::regex::{expand_template, Captures, Exec, Regex, RegexError, Step, Subject};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{Exc, PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// Engine instructions between checks for Ctrl-C.
const SLICE: usize = 200_000;

/// A compiled pattern.
pub struct Pattern {
    class: ObjRef,
    regex: Regex,
}

impl ExtObj for Pattern {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, _f: &mut dyn FnMut(Value)) {}
    fn size_estimate(&self) -> usize {
        64 + core::mem::size_of::<Regex>()
    }
    crate::ext_any!();
}

/// A successful match: the subject and the capture spans (byte offsets).
pub struct Match {
    class: ObjRef,
    subject: Value,
    caps: Captures,
}

impl ExtObj for Match {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, f: &mut dyn FnMut(Value)) {
        f(self.subject)
    }
    fn size_estimate(&self) -> usize {
        48 + self.caps.len() * 24
    }
    crate::ext_any!();
}

const FUNCS: super::super::Table = &[nat("compile", compile, 1, 2), nat("match", mod_match, 0, VARARGS), nat("search", mod_search, 0, VARARGS), nat("sub", mod_sub, 3, 5)];

const PATTERN_METHODS: super::super::Table =
    &[nat("match", pat_match, 0, VARARGS), nat("search", pat_search, 0, VARARGS), nat("split", pat_split, 2, 3), nat("sub", pat_sub, 3, 4), nat("__repr__", pat_repr, 1, 1)];

const MATCH_METHODS: super::super::Table = &[nat("group", group, 2, 2), nat("__repr__", match_repr, 1, 1)];

fn pattern_class(vm: &mut Vm) -> ObjRef {
    vm.ext_class("re", PATTERN_METHODS, &[])
}

fn match_class(vm: &mut Vm) -> ObjRef {
    vm.ext_class("match", MATCH_METHODS, &[])
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    super::make_module(vm, "re", FUNCS, &[])
}

/// `import ure`: the same module as `re`.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    let s = vm.intern("re");
    vm.import_module(s, Value::None, Value::Int(0))
}

fn regex_error(vm: &mut Vm, e: RegexError) -> Exc {
    match e {
        RegexError::Syntax | RegexError::TooComplex => vm.value_error(e.message()),
        RegexError::RecursionLimit => vm.err(TypeId::RuntimeError, e.message()),
        RegexError::InvalidGroup(n) => {
            let cls = vm.ty(TypeId::IndexError);
            let n = i64::try_from(n).unwrap_or(i64::MAX);
            match vm.new_int(n) {
                Ok(n) => vm.new_exc(cls, alloc::vec![n]),
                Err(e) => e,
            }
        }
        RegexError::SplitWithGroups => not_implemented(vm, e.message()),
    }
}

/// The bytes of a str or bytes argument, and whether it is a str.
fn text_of(vm: &mut Vm, v: Value) -> PyResult<(Vec<u8>, bool)> {
    if let Some(s) = vm.as_str(v) {
        return Ok((Vec::from(s.as_bytes()), true));
    }
    let b = match v.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Bytes(b) => Some(b.clone()),
            Obj::Instance(i) => match i.base().kind() {
                Kind::Obj(br) => match vm.heap.get(br) {
                    Obj::Bytes(b) => Some(b.clone()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    match b {
        Some(b) => Ok((b, false)),
        None => {
            let t = vm.type_name(v);
            Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to str implicitly", t)))
        }
    }
}

/// A new value of the subject's kind from bytes of it.
fn make_text(vm: &mut Vm, is_str: bool, b: &[u8]) -> PyResult<Value> {
    if is_str {
        match core::str::from_utf8(b) {
            Ok(s) => vm.new_str(s),
            Err(_) => vm.new_string(crate::builtins::text::lossy(b)),
        }
    } else {
        vm.new_bytes(Vec::from(b))
    }
}

fn compile_value(vm: &mut Vm, pattern: Value) -> PyResult<Value> {
    let (p, is_str) = text_of(vm, pattern)?;
    let regex = match Regex::compile(&p, is_str) {
        Ok(r) => r,
        Err(e) => return Err(regex_error(vm, e)),
    };
    let class = pattern_class(vm);
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(Pattern { class, regex })))
}

/// A compiled pattern from a pattern object, str or bytes.
fn pattern_of(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if ext_ref::<Pattern>(vm, v).is_some() {
        return Ok(v);
    }
    compile_value(vm, v)
}

fn regex_of(vm: &mut Vm, v: Value) -> PyResult<Regex> {
    match ext_ref::<Pattern>(vm, v) {
        Some(p) => Ok(p.regex.clone()),
        None => Err(vm.type_error("expected a compiled regex")),
    }
}

/// `re.compile(pattern, flags=0)`: flags are accepted and ignored.
fn compile(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    args::range(vm, a, 1, 2)?;
    compile_value(vm, a[0])
}

/// Run `regex` on `subject` in slices, polling for Ctrl-C between them.
fn run_exec(vm: &mut Vm, regex: &Regex, subject: &Subject, anchored: bool) -> PyResult<Option<Captures>> {
    let mut run = Exec::new(regex, subject, anchored);
    loop {
        match run.run(regex, subject, SLICE) {
            Ok(Step::Done(found)) => return Ok(found),
            Ok(Step::Yielded) => {
                if vm.host.interrupted() {
                    return Err(vm.err0(TypeId::KeyboardInterrupt));
                }
            }
            Err(e) => return Err(regex_error(vm, e)),
        }
    }
}

/// Byte offset of character index `i` (clamped to the text) of a str, or `i` for bytes.
fn byte_offset(text: &[u8], is_str: bool, i: i64) -> usize {
    let i = i.max(0) as usize;
    if !is_str {
        return i.min(text.len());
    }
    let mut chars = 0;
    for (pos, &b) in text.iter().enumerate() {
        if b & 0xc0 != 0x80 {
            if chars == i {
                return pos;
            }
            chars += 1;
        }
    }
    text.len()
}

fn new_match(vm: &mut Vm, subject: Value, caps: Captures) -> PyResult<Value> {
    let class = match_class(vm);
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(Match { class, subject, caps })))
}

/// `match`/`search` of a compiled pattern on `string`, with optional `pos` and `endpos`.
fn exec_on(vm: &mut Vm, pat: Value, string: Value, pos: Option<Value>, endpos: Option<Value>, anchored: bool) -> PyResult<Value> {
    let regex = regex_of(vm, pat)?;
    let (text, is_str) = text_of(vm, string)?;
    let start = match pos {
        Some(p) => {
            let p = args::int(vm, p)?;
            byte_offset(&text, is_str, p)
        }
        None => 0,
    };
    let end = match endpos {
        Some(e) => {
            let e = args::int(vm, e)?;
            byte_offset(&text, is_str, e).max(start)
        }
        None => text.len(),
    };
    let mut subject = Subject::new(&text, is_str);
    subject.start = start;
    subject.end = end;
    match run_exec(vm, &regex, &subject, anchored)? {
        Some(caps) => new_match(vm, string, caps),
        None => Ok(Value::None),
    }
}

fn pat_exec(vm: &mut Vm, a: &[Value], _kw: Kw, anchored: bool) -> PyResult<Value> {
    args::range(vm, a, 2, 4)?;
    exec_on(vm, a[0], a[1], a.get(2).copied(), a.get(3).copied(), anchored)
}

fn pat_match(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    pat_exec(vm, a, kw, true)
}

fn pat_search(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    pat_exec(vm, a, kw, false)
}

/// `re.match(pattern, string)`: extra arguments (flags) are accepted and ignored.
fn mod_exec(vm: &mut Vm, a: &[Value], _kw: Kw, anchored: bool) -> PyResult<Value> {
    args::range(vm, a, 2, 4)?;
    let p = pattern_of(vm, a[0])?;
    vm.roots.push(p);
    let r = exec_on(vm, p, a[1], None, None, anchored);
    vm.roots.pop();
    r
}

fn mod_match(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    mod_exec(vm, a, kw, true)
}

fn mod_search(vm: &mut Vm, a: &[Value], kw: Kw) -> PyResult<Value> {
    mod_exec(vm, a, kw, false)
}

/// Search from byte `begin` to the end for a non-empty match (split and sub stop at the
/// first failed or empty match).
fn next_match(vm: &mut Vm, regex: &Regex, text: &[u8], is_str: bool, begin: usize) -> PyResult<Option<Captures>> {
    let mut subject = Subject::new(text, is_str);
    subject.start = begin;
    let caps = run_exec(vm, regex, &subject, false)?;
    Ok(caps.filter(|c| matches!(c.first(), Some(&Some((s, e))) if s != e)))
}

/// `pattern.split(string, maxsplit=0)`.
fn pat_split(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let regex = regex_of(vm, a[0])?;
    let (text, is_str) = text_of(vm, a[1])?;
    let maxsplit = match a.get(2) {
        Some(&m) => args::int(vm, m)?,
        None => 0,
    };
    let mut left = if maxsplit <= 0 { 0 } else { maxsplit };
    let mut spans = Vec::new();
    let mut begin = 0;
    while let Some(caps) = next_match(vm, &regex, &text, is_str, begin)? {
        let Some(&Some((s, e))) = caps.first() else { break };
        spans.push((begin, s));
        if regex.groups() > 0 {
            return Err(regex_error(vm, RegexError::SplitWithGroups));
        }
        begin = e;
        if left > 0 {
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    spans.push((begin, text.len()));
    let mut items = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        let piece = text.get(s..e).unwrap_or_default();
        items.push(make_text(vm, is_str, piece)?);
    }
    vm.new_list(items)
}

/// The substitution loop of `re.sub` and `pattern.sub`.
fn sub_impl(vm: &mut Vm, pat: Value, repl: Value, string: Value, count: Option<Value>) -> PyResult<Value> {
    let regex = regex_of(vm, pat)?;
    let (text, is_str) = text_of(vm, string)?;
    let count = match count {
        Some(c) => args::int(vm, c)?,
        None => 0,
    };
    let fixed = match vm.as_str(repl) {
        Some(s) => Some(Vec::from(s.as_bytes())),
        None => match repl.kind() {
            Kind::Obj(r) => match vm.heap.get(r) {
                Obj::Bytes(b) => Some(b.clone()),
                _ => None,
            },
            _ => None,
        },
    };
    if fixed.is_none() && !vm.is_callable(repl) {
        let t = vm.type_name(repl);
        return Err(vm.err_fmt(TypeId::TypeError, format_args!("can't convert '{}' object to str implicitly", t)));
    }
    let mut left = if count <= 0 { 0 } else { count };
    let mut out: Option<Vec<u8>> = None;
    let mut begin = 0;
    while let Some(caps) = next_match(vm, &regex, &text, is_str, begin)? {
        let Some(&Some((s, e))) = caps.first() else { break };
        let template = match &fixed {
            Some(t) => t.clone(),
            None => {
                let m = new_match(vm, string, caps.clone())?;
                vm.roots.push(m);
                let r = vm.call_value(repl, &[m]);
                vm.roots.pop();
                let r = r?;
                text_of(vm, r)?.0
            }
        };
        let buf = out.get_or_insert_with(Vec::new);
        buf.extend_from_slice(text.get(begin..s).unwrap_or_default());
        if let Err(err) = expand_template(&template, &caps, &text, buf) {
            return Err(regex_error(vm, err));
        }
        begin = e;
        if left > 0 {
            left -= 1;
            if left == 0 {
                break;
            }
        }
    }
    match out {
        None => Ok(string),
        Some(mut buf) => {
            buf.extend_from_slice(text.get(begin..).unwrap_or_default());
            make_text(vm, is_str, &buf)
        }
    }
}

/// `pattern.sub(repl, string, count=0)`.
fn pat_sub(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    sub_impl(vm, a[0], a[1], a[2], a.get(3).copied())
}

/// `re.sub(pattern, repl, string, count=0, flags=0)`.
fn mod_sub(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let p = pattern_of(vm, a[0])?;
    vm.roots.push(p);
    let r = sub_impl(vm, p, a[1], a[2], a.get(3).copied());
    vm.roots.pop();
    r
}

fn pat_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let id = match a[0].kind() {
        Kind::Obj(r) => r.0 as usize * 16,
        _ => 0,
    };
    vm.new_string(format!("<re {}>", Hex(id as u64, 1)))
}

fn match_repr(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<1>(a);
    let n = match ext_ref::<Match>(vm, a[0]) {
        Some(m) => m.caps.len(),
        None => 0,
    };
    vm.new_string(format!("<match num={}>", Dec(n as i64)))
}

/// `match.group(n)`.
fn group(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let a = args::take::<2>(a);
    let n = args::int(vm, a[1])?;
    let Some(m) = ext_ref::<Match>(vm, a[0]) else { return Err(vm.type_error("expected a match")) };
    let (subject, span) = (m.subject, usize::try_from(n).ok().and_then(|i| m.caps.get(i).copied()));
    let Some(span) = span else {
        let cls = vm.ty(TypeId::IndexError);
        let n = vm.new_int(n)?;
        return Err(vm.new_exc(cls, alloc::vec![n]));
    };
    let Some((s, e)) = span else { return Ok(Value::None) };
    let (text, is_str) = text_of(vm, subject)?;
    let piece = text.get(s..e).unwrap_or_default();
    make_text(vm, is_str, piece)
}
