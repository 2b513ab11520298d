//! String formatting: `%` on str/bytes, `str.format`, and format specs (f-strings).
//!
//! The text itself comes from the formatting engine ([`crate::format`]); this module fetches
//! the arguments, converts objects to what the engine takes (calling `str()`, `repr()`,
//! `__int__` and `__float__` where MicroPython does), and turns engine failures into
//! exceptions.

use crate::value::Kind;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use crate::format::{
    self, BracePiece, FieldArg, FormatArg, FormatError, FormatSpec, Int, IntRef, Numbering, PercentArg,
    PercentParser, Piece,
};
use crate::format::percent::{Count, TextKind};
use crate::heap::TextBuf;
use crate::intern::Sym;
use crate::builtins::text;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;
use crate::vm::{Exc, PyResult, Vm};

/// The exception for an engine failure.
pub fn raise(vm: &mut Vm, e: FormatError) -> Exc {
    if e.kind == TypeId::MemoryError && e.msg.is_empty() {
        return vm.memory_error();
    }
    vm.err(e.kind, &*e.msg)
}

/// Runs `f` with `values` pushed on the GC root stack, popping them afterwards.
fn with_roots<T>(vm: &mut Vm, values: &[Value], f: impl FnOnce(&mut Vm) -> PyResult<T>) -> PyResult<T> {
    let mark = vm.roots.len();
    vm.roots.extend_from_slice(values);
    let r = f(vm);
    vm.roots.truncate(mark);
    r
}

/// Bytes of `v`'s text at most (a str's, an int's digits in `radix`, a float's) and, for a
/// big int, what converting it takes from the allocator (`BigInt::text_work`).
fn text_size(vm: &Vm, v: Value, radix: u32) -> (usize, usize) {
    match v.kind() {
        Kind::Float(_) => (330, 0),
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(b) => (b.digits_bound(radix), b.text_work(radix)),
            Obj::Str(s) => (s.as_str().len(), 0),
            Obj::Bytes(b) => (b.len(), 0),
            _ => (24, 0),
        },
        _ => (24, 0),
    }
}

/// The radix a conversion or format type writes ints in.
fn radix_of(ty: char) -> u32 {
    match ty {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    }
}

/// Room in `out` for a piece of `text` bytes padded to `width` or `precision`: grown
/// fallibly, and `work` (a big int's conversion, built infallibly) probed in one block.
fn piece_room(vm: &mut Vm, out: &mut impl TextBuf, (text, work): (usize, usize), width: i32, precision: i32) -> PyResult<()> {
    let pad = width.max(0) as usize + precision.max(0) as usize;
    // A third more for grouping separators, and a sign and prefix.
    vm.text_room(out, text + text / 3 + pad + 8)?;
    if work > 0 && !vm.heap.reserve(work) {
        return Err(vm.memory_error());
    }
    Ok(())
}

/// Room in `out` for int `v`'s text in `radix` (`bin`, `oct`, `hex`), before it is read.
pub fn int_room(vm: &mut Vm, out: &mut String, v: Value, radix: u32) -> PyResult<()> {
    let size = text_size(vm, v, radix);
    piece_room(vm, out, size, 0, 0)
}

/// What a field or conversion formats: an object, or text already produced from one.
#[derive(Clone, Copy)]
enum Arg<'a> {
    Val(Value),
    Text(&'a str),
}

/// Appends `v` formatted by `spec`, MicroPython's way: ints, bools, floats and strs format
/// as themselves, `bytes` as its text, and anything else fails by its type name.
fn push_with_spec(vm: &mut Vm, out: &mut String, arg: Arg, spec: &FormatSpec) -> PyResult<()> {
    let size = match arg {
        Arg::Text(t) => (t.len(), 0),
        Arg::Val(v) => text_size(vm, v, radix_of(spec.ty.map_or('d', char::from))),
    };
    piece_room(vm, out, size, spec.width, spec.precision)?;
    let r = match arg {
        Arg::Text(t) => format::format_with_spec(out, FormatArg::Str(t), "str", spec),
        Arg::Val(v) => match v.kind() {
            Kind::Int(i) => format::format_with_spec(out, FormatArg::Int(IntRef::Small(i)), "int", spec),
            b @ (Kind::False | Kind::True) => format::format_with_spec(out, FormatArg::Int(IntRef::Small((b == Kind::True) as i64)), "bool", spec),
            Kind::Float(f) => format::format_with_spec(out, FormatArg::Float(f.get()), "float", spec),
            Kind::Obj(r) => match vm.heap.get(r) {
                Obj::BigInt(b) => format::format_with_spec(out, FormatArg::Int(IntRef::Big(b)), "int", spec),
                Obj::Str(s) => format::format_with_spec(out, FormatArg::Str(s.as_str()), "str", spec),
                Obj::Bytes(b) => {
                    let text = text::lossy(b);
                    format::format_with_spec(out, FormatArg::Str(&text), "bytes", spec)
                }
                _ => format::format_with_spec(out, FormatArg::Other, &vm.type_name(v), spec),
            },
            _ => format::format_with_spec(out, FormatArg::Other, &vm.type_name(v), spec),
        },
    };
    r.map_err(|e| raise(vm, e))
}

/// `format(v, spec)` and f-string fields: an empty spec means `str(v)`.
pub fn format_with_spec(vm: &mut Vm, v: Value, spec_text: &str) -> PyResult<String> {
    if spec_text.is_empty() {
        return vm.str_of(v);
    }
    let spec = FormatSpec::parse(spec_text).map_err(|e| raise(vm, e))?;
    let mut out = String::new();
    with_roots(vm, &[v], |vm| push_with_spec(vm, &mut out, Arg::Val(v), &spec))?;
    Ok(out)
}

/// `str.format(*args, **kwargs)`.
pub fn str_format(vm: &mut Vm, fmt: &str, args: &[Value], kw: &[(Sym, Value)]) -> PyResult<String> {
    let mut held: Vec<Value> = args.to_vec();
    for &(_, v) in kw {
        held.push(v);
    }
    let mut out = String::new();
    with_roots(vm, &held, |vm| brace_into(vm, &mut out, fmt, args, kw, &mut Numbering::new()))?;
    Ok(out)
}

/// Formats `fmt` into `out`; nested specs come back here with the same `numbering`.
fn brace_into(
    vm: &mut Vm,
    out: &mut String,
    fmt: &str,
    args: &[Value],
    kw: &[(Sym, Value)],
    numbering: &mut Numbering,
) -> PyResult<()> {
    for piece in format::BraceParser::new(fmt) {
        let field = match piece.map_err(|e| raise(vm, e))? {
            BracePiece::Literal(text) => {
                vm.text_room(out, text.len())?;
                out.push_str(text);
                continue;
            }
            BracePiece::Field(field) => field,
        };
        let v = match numbering.resolve(field.name, args.len()).map_err(|e| raise(vm, e))? {
            FieldArg::Positional(i) => args[i],
            FieldArg::Keyword { name, attributes } => {
                let found = kw.iter().find(|&&(k, _)| vm.sym_str(k) == name).map(|&(_, v)| v);
                let Some(v) = found else {
                    let key = vm.new_str(name)?;
                    return Err(vm.key_error(key));
                };
                if attributes {
                    return Err(vm.err(TypeId::NotImplementedError, "attributes not supported"));
                }
                v
            }
        };
        let text = match (field.conversion, field.spec) {
            (Some('r'), _) => Some(vm.repr_of(v)?),
            (Some(_), _) | (None, None) => Some(vm.str_of(v)?),
            (None, Some(_)) => None,
        };
        match (field.spec, text) {
            (None, Some(text)) => {
                vm.text_room(out, text.len())?;
                out.push_str(&text);
            }
            (spec, text) => {
                let mut spec_text = String::new();
                brace_into(vm, &mut spec_text, spec.unwrap_or(""), args, kw, numbering)?;
                let spec = FormatSpec::parse(&spec_text).map_err(|e| raise(vm, e))?;
                let arg = match &text {
                    Some(t) => Arg::Text(t),
                    None => Arg::Val(v),
                };
                push_with_spec(vm, out, arg, &spec)?;
            }
        }
    }
    Ok(())
}

/// `fmt % args` for str.
pub fn percent_format(vm: &mut Vm, fmt: Value, args: Value) -> PyResult<Value> {
    let mut f = Vec::new();
    vm.text_room(&mut f, vm.as_str(fmt).map_or(0, str::len))?;
    f.extend_from_slice(vm.as_str(fmt).unwrap_or("").as_bytes());
    let out = with_roots(vm, &[fmt, args], |vm| percent_core(vm, &f, args, false))?;
    let s = String::from_utf8(out).unwrap_or_else(|e| text::lossy(e.as_bytes()));
    vm.new_string(s)
}

/// `fmt % args` for bytes (MicroPython has no `%` for bytearray).
pub fn percent_format_bytes(vm: &mut Vm, fmt: Value, args: Value) -> PyResult<Value> {
    if matches!(fmt.kind(), Kind::Obj(r) if !matches!(vm.heap.get(r), Obj::Bytes(_))) {
        let name = vm.intern("__mod__");
        return Err(vm.unsupported_binop(name, fmt, args));
    }
    let f = vm.bytes_like(fmt).unwrap_or_default();
    let out = with_roots(vm, &[fmt, args], |vm| percent_core(vm, &f, args, true))?;
    vm.new_bytes(out)
}

/// A `%` argument converted for the engine, owning its data.
enum Owned {
    Int(Int),
    Float(f64),
    Char(String),
    Other(String),
}

impl Owned {
    fn as_arg(&self) -> PercentArg<'_> {
        match self {
            Owned::Int(i) => PercentArg::Int(i.as_ref()),
            Owned::Float(f) => PercentArg::Float(*f),
            Owned::Char(t) => PercentArg::Str(t),
            Owned::Other(name) => PercentArg::Other(name),
        }
    }
}

/// `v` as an int the way MicroPython reads one: ints and bools as they are, then instances of
/// int subclasses and `__int__` (which must return an int, not a bool). Unless `big` is set
/// (the `int()` constructor), what those give must fit a machine word, as in
/// `mp_obj_get_int`. `None` when `v` is none of these; the caller raises `can't convert
/// <type> to int`.
pub fn get_int_as(vm: &mut Vm, v: Value, big: bool) -> PyResult<Option<Int>> {
    let converted = match v.kind() {
        Kind::Int(i) => return Ok(Some(Int::Small(i))),
        b @ (Kind::False | Kind::True) => return Ok(Some(Int::Small((b == Kind::True) as i64))),
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(b) => return Ok(Some(Int::Big((**b).clone()))),
            Obj::Instance(i) => {
                let base = i.base();
                let base_is_int =
                    matches!(base.kind(), Kind::Int(_)) || matches!(base.kind(), Kind::Obj(b) if matches!(vm.heap.get(b), Obj::BigInt(_)));
                if base_is_int {
                    base
                } else {
                    match vm.call_own_special(v, crate::intern::sym::__INT__, &[])? {
                        Some(r) if matches!(r.kind(), Kind::Int(_))
                            || matches!(r.kind(), Kind::Obj(o) if matches!(vm.heap.get(o), Obj::BigInt(_))) => r,
                        Some(_) => return Err(vm.err0(TypeId::TypeError)),
                        None => return Ok(None),
                    }
                }
            }
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    match get_int_as(vm, converted, big)? {
        Some(Int::Big(_)) if !big => Err(vm.word_overflow()),
        r => Ok(r),
    }
}

/// [`get_int_as`] for everything but the `int()` constructor.
pub fn get_int(vm: &mut Vm, v: Value) -> PyResult<Option<Int>> {
    get_int_as(vm, v, false)
}

/// `v` as a float the way MicroPython's `mp_obj_get_float` reads it: ints, bools and floats
/// (exact types), and `__float__` returning a float. `None` otherwise; the caller raises
/// `can't convert <type> to float`.
pub fn get_float(vm: &mut Vm, v: Value) -> PyResult<Option<f64>> {
    match v.kind() {
        Kind::Int(i) => return Ok(Some(i as f64)),
        b @ (Kind::False | Kind::True) => return Ok(Some((b == Kind::True) as i64 as f64)),
        Kind::Float(f) => return Ok(Some(f.get())),
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::BigInt(b) => return Ok(Some(format::int_to_f64(IntRef::Big(b)))),
            Obj::Instance(_) => {
                if let Some(Kind::Float(f)) = vm.call_own_special(v, crate::intern::sym::__FLOAT__, &[])?.map(Value::kind) {
                    return Ok(Some(f.get()));
                }
            }
            _ => {}
        },
        _ => {}
    }
    Ok(None)
}

/// A `*` width or precision: a machine int, truncated to a C `int`.
fn star_count(vm: &mut Vm, v: Value) -> PyResult<i32> {
    Ok(crate::builtins::float::machine_int(vm, v)? as i32)
}

/// `%s`'s or `%r`'s text of `v`: its `str()` or `repr()`, or a bytes format's bytes as they are.
fn percent_text(vm: &mut Vm, kind: TextKind, v: Value, bytes: bool) -> PyResult<Vec<u8>> {
    if let (TextKind::Str, true, Kind::Obj(r)) = (kind, bytes, v.kind()) {
        if let Obj::Bytes(b) = vm.heap.get(r) {
            return Ok(b.clone());
        }
    }
    let t = match kind {
        TextKind::Str => vm.str_of(v)?,
        TextKind::Repr => vm.repr_of(v)?,
    };
    Ok(t.into_bytes())
}

/// A numeric or `%c` conversion's argument as the engine takes it: a float as it is (`%d`
/// truncates it), ints and `__int__`/`__float__` as MicroPython reads them, and for `%c` a str
/// or an int only (an instance is `integer needed`, `__int__` or not).
fn percent_arg(vm: &mut Vm, conv: char, v: Value) -> PyResult<Owned> {
    let got = match (conv, v.kind()) {
        (_, Kind::Float(f)) => Some(Owned::Float(f.get())),
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', _) => get_float(vm, v)?.map(Owned::Float),
        ('c', Kind::Obj(r)) => match vm.heap.get(r) {
            Obj::Str(s) => Some(Owned::Char(s.as_str().to_owned())),
            Obj::BigInt(b) => Some(Owned::Int(Int::Big((**b).clone()))),
            _ => None,
        },
        ('d' | 'i' | 'u' | 'o' | 'x' | 'X' | 'c', _) => get_int(vm, v)?.map(Owned::Int),
        _ => None,
    };
    match got {
        Some(a) => Ok(a),
        None => Ok(Owned::Other(vm.type_name(v))),
    }
}

/// The `%` operator, following the error order of MicroPython's `str_modulo_format` (see
/// [`crate::format::percent`]). Returns UTF-8 for str formats, raw bytes for bytes formats.
fn percent_core(vm: &mut Vm, fmt: &[u8], args: Value, bytes: bool) -> PyResult<Vec<u8>> {
    let (items, dict) = match args.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Tuple(_) => (vm.copy_items(r)?.unwrap_or_default(), None),
            Obj::Dict(_) => (alloc::vec![args], Some(args)),
            // Subclasses of tuple (namedtuples) are argument tuples too.
            Obj::Instance(_) if vm.is_instance_of(args, crate::types::TypeId::Tuple) => (vm.tuple_items(args).unwrap_or_default(), None),
            _ => (alloc::vec![args], None),
        },
        _ => (alloc::vec![args], None),
    };
    let mut next = 0;
    let mut out: Vec<u8> = Vec::new();
    let mut piece_text = String::new();
    for piece in PercentParser::new(fmt, dict.is_some()) {
        let conv = match piece.map_err(|e| raise(vm, e))? {
            Piece::Literal(text) => {
                vm.text_room(&mut out, text.len())?;
                out.extend_from_slice(text);
                continue;
            }
            Piece::Conversion(conv) => conv,
        };
        let mut keyed = None;
        if let (Some(key), Some(d)) = (conv.key, dict) {
            let k = vm.new_str(&text::lossy(key))?;
            let v = with_roots(vm, &[k], |vm| vm.getitem(d, k))?;
            keyed = Some(v);
            next = items.len();
        }
        let mut take = |vm: &mut Vm| -> PyResult<Value> {
            let v = items.get(next).copied();
            next += 1;
            v.ok_or_else(|| vm.type_error("format string needs more arguments"))
        };
        let mut counts = [0, -1];
        for (slot, count) in counts.iter_mut().zip([conv.width, conv.precision]) {
            match count {
                Count::None => {}
                Count::Fixed(n) => *slot = n,
                Count::Star => {
                    let v = take(vm)?;
                    *slot = star_count(vm, v)?;
                }
            }
        }
        let [width, precision] = counts;
        let c = conv.ensure_complete().map_err(|e| raise(vm, e))?;
        let v = match keyed {
            Some(v) => v,
            None => take(vm)?,
        };
        piece_text.clear();
        let size = text_size(vm, v, radix_of(c));
        piece_room(vm, &mut piece_text, size, width, precision)?;
        if let Some(kind) = conv.wants_text() {
            let t = with_roots(vm, &[v], |vm| percent_text(vm, kind, v, bytes))?;
            format::percent::check_width(width).map_err(|e| raise(vm, e))?;
            vm.text_room(&mut out, t.len() + width.max(0) as usize)?;
            format::percent::pad_text(&mut out, &t, &conv, width, precision, !bytes);
            continue;
        }
        let owned = with_roots(vm, &[v], |vm| percent_arg(vm, c, v))?;
        format::format_percent(&mut piece_text, &conv, width, precision, owned.as_arg()).map_err(|e| raise(vm, e))?;
        vm.text_room(&mut out, piece_text.len())?;
        out.extend_from_slice(piece_text.as_bytes());
    }
    if dict.is_none() && next != items.len() {
        return Err(vm.type_error("format string didn't convert all arguments"));
    }
    Ok(out)
}
