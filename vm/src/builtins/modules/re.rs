//! `re`'s native half: the stand-in `py/re.py` holds the module surface (functions, pattern
//! and match objects, `split`, `sub` and its templates) over two primitives on the engine in
//! `crate::regex`, put into its namespace before it runs (its `FROZEN` entry). Matching stays
//! native for speed, and asks the host about Ctrl-C so it can stop a runaway pattern.

use crate::builtins::nat;
use crate::value::Kind;

use super::super::args;
use crate::heap::{Heap, ObjRef};
use crate::intern::Sym;
use crate::obj::{ExtObj, Obj};
use crate::regex::{Regex, RegexError, Subject};
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{Exc, PyResult, Vm};

type Kw<'a> = &'a [(Sym, Value)];

/// A compiled pattern, held by a `re` object of `py/re.py`.
struct Engine {
    class: ObjRef,
    regex: Regex,
}

impl ExtObj for Engine {
    fn class(&self) -> ObjRef {
        self.class
    }
    fn trace(&self, _f: &mut dyn FnMut(Value)) {}
    fn size_estimate(&self) -> usize {
        64 + core::mem::size_of::<Regex>()
    }
    crate::ext_any!();
}

pub const NATIVES: super::super::Table = &[nat("_compile", compile, 1, 1), nat("_exec", exec, 5, 5)];

fn regex_error(vm: &mut Vm, e: RegexError) -> Exc {
    match e {
        RegexError::RecursionLimit => vm.err(TypeId::RuntimeError, e.message()),
        RegexError::Interrupted => vm.err0(TypeId::KeyboardInterrupt),
        RegexError::Syntax | RegexError::TooComplex => vm.value_error(e.message()),
    }
}

/// The heap object behind a str or bytes (or a subclass instance of either).
fn text_ref(vm: &Vm, v: Value) -> Option<ObjRef> {
    let Kind::Obj(r) = vm.native_base(v).unwrap_or(v).kind() else { return None };
    matches!(vm.heap.get(r), Obj::Str(_) | Obj::Bytes(_)).then_some(r)
}

/// A text's bytes, whether it is a str, and whether it is ASCII (offsets are then indexes).
fn text(heap: &Heap, r: ObjRef) -> (&[u8], bool, bool) {
    match heap.get(r) {
        Obj::Str(s) => (s.as_str().as_bytes(), true, s.is_ascii()),
        Obj::Bytes(b) => (b, false, true),
        _ => (&[], false, true),
    }
}

/// The engine behind `v`, borrowed from the heap alone (the host stays free for polling).
fn engine(heap: &Heap, v: Value) -> Option<&Regex> {
    let Kind::Obj(r) = v.kind() else { return None };
    match heap.get(r) {
        Obj::Ext(e) => e.as_any().downcast_ref::<Engine>().map(|e| &e.regex),
        _ => None,
    }
}

fn text_of(vm: &mut Vm, v: Value) -> PyResult<ObjRef> {
    text_ref(vm, v).ok_or_else(|| args::not_str(vm, v))
}

/// `_compile(pattern)`: the engine for a str or bytes pattern.
fn compile(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = text_of(vm, a[0])?;
    let (p, is_str, _) = text(&vm.heap, r);
    let regex = Regex::compile(p, is_str).map_err(|e| regex_error(vm, e))?;
    let class = vm.ext_class("regex", &[], &[]);
    vm.alloc(Obj::Ext(alloc::boxed::Box::new(Engine { class, regex })))
}

/// Byte offset of character index `i` (clamped to the text) of a str, or `i` for bytes.
fn byte_offset(text: &[u8], ascii: bool, i: i64) -> usize {
    let i = i.max(0) as usize;
    if ascii {
        return i.min(text.len());
    }
    crate::builtins::text::cp_to_byte(text, i)
}

/// The text of `r` between indexes `pos` and `endpos`.
fn window(heap: &Heap, r: ObjRef, pos: i64, endpos: i64) -> Subject<'_> {
    let (t, is_str, ascii) = text(heap, r);
    let mut subject = Subject::new(t, is_str);
    subject.start = byte_offset(t, ascii, pos);
    subject.end = byte_offset(t, ascii, endpos).max(subject.start);
    subject
}

/// `_exec(engine, string, pos, endpos, anchored)`: run the engine on the window `pos..endpos`
/// (indexes of the string): `None`, or the capture spans as indexes, flat (`start0, end0,
/// start1, …`), -1 for a group that did not take part.
fn exec(vm: &mut Vm, a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = text_of(vm, a[1])?;
    let pos = args::int(vm, a[2])?;
    let endpos = args::int(vm, a[3])?;
    let Some(regex) = engine(&vm.heap, a[0]) else { return Err(vm.type_error("expected a compiled regex")) };
    let subject = window(&vm.heap, r, pos, endpos);
    let host = &mut vm.host;
    let found = regex.exec_with(&subject, a[4].is_true(), &mut || host.interrupted());
    let Some(caps) = found.map_err(|e| regex_error(vm, e))? else { return Ok(Value::None) };
    let (t, _, ascii) = text(&vm.heap, r);
    let mut spans = alloc::vec::Vec::with_capacity(2 * caps.len());
    for &c in &caps {
        for b in c.map_or([None; 2], |(s, e)| [Some(s), Some(e)]) {
            let i = match b {
                None => -1,
                Some(b) if ascii => b as i64,
                Some(b) => crate::builtins::text::char_count(t.get(..b).unwrap_or_default()) as i64,
            };
            spans.push(Value::Int(i));
        }
    }
    vm.new_tuple(spans)
}
