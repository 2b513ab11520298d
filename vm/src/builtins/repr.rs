//! `repr()` and `str()` of every value, as MicroPython prints them.

use crate::format::{Dec, Hex};
use crate::value::Kind;
use alloc::string::String;
use core::fmt::Write;

use crate::builtins::text;
use crate::types::TypeId;
use crate::intern::sym;
use crate::obj::iter::DictPart;
use crate::obj::{IterState, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// How deep nested containers print before `RuntimeError: maximum recursion depth exceeded`.
const MAX_REPR_DEPTH: usize = 1024;

/// `repr()` of a float, as MicroPython prints it.
pub fn float_repr(f: f64) -> String {
    let mut out = String::new();
    crate::format::float_repr(&mut out, f);
    out
}

/// `repr()` of a complex number, as MicroPython prints it.
pub fn complex_repr(re: f64, im: f64) -> String {
    let mut out = String::new();
    crate::format::complex_repr(&mut out, re, im);
    out
}

/// Python's repr of a str.
pub fn str_repr(s: &str, out: &mut String) {
    let has = |q: u8| text::has(s.as_bytes(), q);
    let q = if has(b'\'') && !has(b'"') { '"' } else { '\'' };
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{}", Hex(c as u64, 2));
            }
            c => out.push(c),
        }
    }
    out.push(q);
}

pub fn bytes_repr(b: &[u8], out: &mut String) {
    let q = if text::has(b, b'\'') && !text::has(b, b'"') { '"' } else { '\'' };
    out.push('b');
    out.push(q);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == q => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{}", Hex(c as u64, 2));
            }
        }
    }
    out.push(q);
}

impl Vm {
    pub fn repr_of(&mut self, v: Value) -> PyResult<String> {
        let mut out = String::new();
        self.write_repr(v, &mut out, 0)?;
        Ok(out)
    }

    pub fn str_of(&mut self, v: Value) -> PyResult<String> {
        let mut out = String::new();
        if let Some(n) = self.as_pystr(v).map(|s| s.as_str().len()) {
            self.text_room(&mut out, n)?;
            out.push_str(self.as_pystr(v).map_or("", |s| s.as_str()));
            return Ok(out);
        }
        self.write_str(v, &mut out, 0)?;
        Ok(out)
    }

    fn write_str(&mut self, v: Value, out: &mut String, depth: usize) -> PyResult<()> {
        if let Kind::Obj(r) = v.kind() {
            match self.heap.get(r) {
                Obj::Str(s) => {
                    out.push_str(s.as_str());
                    return Ok(());
                }
                Obj::Instance(i) => {
                    // MicroPython's lookup of `__str__` stops at a built-in base, which prints
                    // itself: a Python `__repr__` serves only classes without one.
                    let is_exc = i.exc().is_some();
                    if self.write_by_dunder(v, sym::__STR__, false, out)? {
                        return Ok(());
                    }
                    if is_exc {
                        let m = self.exc_message(v);
                        out.push_str(&m);
                        return Ok(());
                    }
                    if let Some(b) = self.native_base(v) {
                        return self.write_str(b, out, depth);
                    }
                    if self.write_by_dunder(v, sym::__REPR__, false, out)? {
                        return Ok(());
                    }
                }
                Obj::Ext(_) => {
                    if self.write_by_dunder(v, sym::__STR__, true, out)? {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        self.write_repr(v, out, depth)
    }

    /// Write what method `name` (`__str__` or `__repr__`) of `v`'s type returns, if it has
    /// one that is Python code (`native`: or a native, as a module type's); false if not.
    fn write_by_dunder(&mut self, v: Value, name: crate::intern::Sym, native: bool, out: &mut String) -> PyResult<bool> {
        let Some(m) = self.type_lookup(v, name) else { return Ok(false) };
        if !native && self.is_native(m) {
            return Ok(false);
        }
        let s = self.call_value(m, &[v])?;
        match self.as_str(s) {
            Some(s) => {
                out.push_str(s);
                Ok(true)
            }
            None => {
                let what = if name == sym::__STR__ { "__str__" } else { "__repr__" };
                Err(self.err_fmt(TypeId::TypeError, format_args!("{} returned non-string", what)))
            }
        }
    }

    pub fn write_repr(&mut self, v: Value, out: &mut String, depth: usize) -> PyResult<()> {
        if depth > MAX_REPR_DEPTH {
            return Err(self.recursion_error());
        }
        self.check_stack()?;
        self.text_room(out, 32)?;
        match v.kind() {
            Kind::Null | Kind::None => out.push_str("None"),
            Kind::True => out.push_str("True"),
            Kind::False => out.push_str("False"),
            Kind::Int(i) => crate::format::int_to_str(out, crate::format::IntRef::Small(i)),
            Kind::Float(f) => out.push_str(&float_repr(f.get())),
            Kind::Ellipsis => out.push_str("Ellipsis"),
            Kind::NotImplemented => out.push_str("NotImplemented"),
            Kind::Obj(r) => return self.write_obj_repr(r, v, out, depth),
        }
        Ok(())
    }

    fn write_seq(&mut self, items: &[Value], open: &str, close: &str, out: &mut String, depth: usize) -> PyResult<()> {
        out.push_str(open);
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.write_repr(*it, out, depth + 1)?;
        }
        out.push_str(close);
        Ok(())
    }

    fn write_obj_repr(&mut self, r: crate::heap::ObjRef, v: Value, out: &mut String, depth: usize) -> PyResult<()> {
        let (len, work) = match self.heap.get(r) {
            Obj::Str(s) => (s.as_str().len(), 0),
            Obj::Bytes(b) | Obj::ByteArray(b) => (b.len(), 0),
            // Digits are built infallibly: their buffers are probed in one block.
            Obj::BigInt(b) => (b.digits_bound(10), b.text_work(10)),
            _ => (0, 0),
        };
        self.text_room(out, len + 16)?;
        if work > 0 && !self.heap.reserve(work) {
            return Err(self.memory_error());
        }
        let items = self.copy_items(r)?.unwrap_or_default();
        match self.heap.get(r) {
            Obj::Str(s) => str_repr(s.as_str(), out),
            Obj::Bytes(b) => bytes_repr(b, out),
            Obj::ByteArray(b) => {
                out.push_str("bytearray(");
                bytes_repr(b, out);
                out.push(')');
            }
            Obj::BigInt(b) => {
                let _ = write!(out, "{}", b);
            }
            Obj::Complex(re, im) => out.push_str(&complex_repr(*re, *im)),
            Obj::List(_) => self.write_seq(&items, "[", "]", out, depth)?,
            Obj::Tuple(_) => {
                if items.len() == 1 {
                    out.push('(');
                    self.write_repr(items[0], out, depth + 1)?;
                    out.push_str(",)");
                } else {
                    self.write_seq(&items, "(", ")", out, depth)?;
                }
            }
            Obj::Dict(d) => {
                let items = d.pairs();
                out.push('{');
                for (i, &(k, val)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.write_repr(k, out, depth + 1)?;
                    out.push_str(": ");
                    self.write_repr(val, out, depth + 1)?;
                }
                out.push('}');
            }
            Obj::Set { table, frozen } => {
                let frozen = *frozen;
                let items = table.keys();
                if items.is_empty() {
                    out.push_str(if frozen { "frozenset()" } else { "set()" });
                } else {
                    if frozen {
                        out.push_str("frozenset(");
                    }
                    self.write_seq(&items, "{", "}", out, depth)?;
                    if frozen {
                        out.push(')');
                    }
                }
            }
            Obj::Range { start, stop, step } => {
                if *step == 1 {
                    let _ = write!(out, "range({}, {})", Dec(*start), Dec(*stop));
                } else {
                    let _ = write!(out, "range({}, {}, {})", Dec(*start), Dec(*stop), Dec(*step));
                }
            }
            Obj::Slice(s) => {
                let s = **s;
                out.push_str("slice(");
                self.write_seq(&s, "", "", out, depth)?;
                out.push(')');
            }
            Obj::Function(f) => {
                let name = f.name;
                let _ = write!(out, "<function {} at 0x{}>", self.sym_str(name), Hex(r.0 * 16, 1));
            }
            Obj::Builtin(_) => out.push_str("<function>"),
            Obj::BoundMethod { .. } => {
                let _ = write!(out, "<bound_method>");
            }
            Obj::Class(c) => {
                let _ = write!(out, "<class '{}'>", self.sym_str(c.name));
            }
            Obj::Module(m) => {
                let _ = write!(out, "<module '{}'>", self.sym_str(m.name));
            }
            Obj::Generator(g) => {
                let _ = write!(out, "<generator object '{}' at {}>", self.sym_str(g.name), Hex(r.0 * 16, 1));
            }
            Obj::RangeIter { .. } => out.push_str("<iterator>"),
            Obj::Iter(it) => match **it {
                IterState::Enumerate { .. } => out.push_str("<enumerate>"),
                IterState::Map { f, .. } if f.is_null() => out.push_str("<zip>"),
                IterState::Map { .. } => out.push_str("<map>"),
                IterState::Filter { .. } => out.push_str("<filter>"),
                IterState::Reversed { .. } => out.push_str("<reversed>"),
                _ => out.push_str("<iterator>"),
            },
            Obj::DictView { dict, part } => {
                let (dict, part) = (*dict, *part);
                let name = match part {
                    DictPart::Keys => "dict_keys",
                    DictPart::Values => "dict_values",
                    DictPart::Items => "dict_items",
                };
                let _ = dict;
                let items = self.collect_iter(v)?;
                out.push_str(name);
                out.push('(');
                self.write_seq(&items, "[", "]", out, depth)?;
                out.push(')');
            }
            Obj::Cell(_) => out.push_str("<cell>"),
            Obj::Code(_) => out.push_str("<code>"),
            Obj::Property(_) => out.push_str("<property>"),
            Obj::StaticMethod(_) => out.push_str("<staticmethod>"),
            Obj::ClassMethod(_) => out.push_str("<classmethod>"),
            Obj::Super { class, obj } => {
                let (class, obj) = (*class, *obj);
                out.push_str("<super: ");
                self.write_repr(class, out, depth + 1)?;
                out.push_str(", ");
                self.write_repr(obj, out, depth + 1)?;
                out.push('>');
            }
            Obj::Freed => out.push_str("<freed>"),
            Obj::Instance(i) => {
                let (cls, is_exc, base) = (i.class.get(), i.exc().is_some(), i.base());
                if self.write_by_dunder(v, sym::__REPR__, false, out)? {
                    return Ok(());
                }
                if is_exc {
                    let name = String::from(self.class_name(cls));
                    out.push_str(&name);
                    let args = self.exc_args(v);
                    if args.len() == 1 {
                        out.push('(');
                        self.write_repr(args[0], out, depth + 1)?;
                        out.push_str(",)");
                    } else {
                        self.write_seq(&args, "(", ")", out, depth)?;
                    }
                    return Ok(());
                }
                if !base.is_null() {
                    return self.write_repr(base, out, depth);
                }
                let name = String::from(self.class_name(cls));
                let _ = write!(out, "<{} object at {}>", name, Hex(r.0 * 16, 1));
            }
            Obj::Ext(_) => {
                if self.write_by_dunder(v, sym::__REPR__, true, out)? {
                    return Ok(());
                }
                let name = self.type_name(v);
                let _ = write!(out, "<{} object at {}>", name, Hex(r.0 * 16, 1));
            }
        }
        Ok(())
    }

    /// f-string `{v!conv:spec}`.
    pub fn format_value(&mut self, v: Value, conv: u8, spec: Value) -> PyResult<Value> {
        use crate::bytecode::format_flags::*;
        let v = match conv {
            CONV_STR => {
                let s = self.str_of(v)?;
                self.new_string(s)?
            }
            CONV_REPR | CONV_ASCII => {
                let s = self.repr_of(v)?;
                self.new_string(s)?
            }
            _ => v,
        };
        let spec = if spec.is_null() { "" } else { self.as_str(spec).unwrap_or("") };
        let spec = String::from(spec);
        let s = crate::builtins::strfmt::format_with_spec(self, v, &spec)?;
        self.new_string(s)
    }
}
