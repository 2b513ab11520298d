//! Entry points for ports: compile and run source, drive the loop in slices, import modules.

use crate::value::Kind;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use super::interp::Exit;
use super::{Exc, InputKind, PyResult, Vm};
use crate::bytecode::{Code, Const, NameHint};
use core::cell::Cell;
use crate::error::{Mode, SyntaxErrorKind};
use crate::heap::ObjRef;
use crate::intern::{sym, Sym};
use crate::obj::{CodeObj, Module, Obj};
use crate::types::TypeId;
use crate::value::Value;

/// What a slice of execution ended with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Poll {
    /// The program finished.
    Done,
    /// The budget ran out: call `run` again (after letting the host breathe).
    Yielded,
    /// `time.sleep`: call `run` again once the clock passes this many microseconds.
    Sleep(u64),
    /// An uncaught exception, the instance itself (print it with `format_exception`): the
    /// port may run more Python before it looks, which could raise again (see `Exc`).
    Error(ObjRef),
    /// `input()` waits for a line (only when `set_input_from_port(true)`): get one from the
    /// user, hand it over with `provide_input`, then call `run` again.
    Input,
}

/// Stands in for the port's host while a soft reset moves it to the new VM.
struct NoHost;

impl crate::host::Host for NoHost {
    fn write(&mut self, _bytes: &[u8]) {}
    fn ticks_us(&mut self) -> u64 {
        0
    }
}

/// How a built-in module is made: by Rust, or by running a frozen stand-in (its name, source
/// and natives).
enum Maker {
    Rust(crate::builtins::modules::Init),
    Python(&'static str, &'static str, crate::builtins::Table),
}

impl Vm {
    /// Compile source text into a loaded code object (SyntaxError raised as a Python exception).
    pub fn compile(&mut self, source: &str, filename: &str, mode: Mode) -> PyResult<ObjRef> {
        self.compile_flagged(source, filename, mode, 0)
    }

    /// `compile` with `extra_flags` on every code object (`code_flags::NATIVE`).
    fn compile_flagged(&mut self, source: &str, filename: &str, mode: Mode, extra_flags: u32) -> PyResult<ObjRef> {
        if self.heap.metered() && !self.heap.reserve(source.len().saturating_mul(crate::compile::SOURCE_BLOCK_FACTOR)) {
            return Err(self.memory_error());
        }
        let body = match crate::parse::parse(source, mode, self.stack_guard) {
            Ok(b) => b,
            Err(e) => return Err(self.syntax_error(e, filename)),
        };
        let code = match crate::compile::compile(&body, mode, filename, extra_flags, &mut self.interner, self.stack_guard) {
            Ok(c) => c,
            Err(e) => return Err(self.syntax_error(e, filename)),
        };
        drop(body);
        self.load_code(code)
    }

    fn syntax_error(&mut self, e: crate::error::SyntaxError, filename: &str) -> Exc {
        let id = match e.kind {
            SyntaxErrorKind::NotImplemented => TypeId::NotImplementedError,
            SyntaxErrorKind::Syntax => TypeId::SyntaxError,
            SyntaxErrorKind::Indentation => TypeId::IndentationError,
        };
        let exc = self.err(id, &e.msg);
        let file = self.intern(filename);
        let func = self.intern("");
        self.add_traceback(self.exc_obj(exc), crate::obj::class::TbEntry { file, func, line: e.line });
        exc
    }

    /// Turn compiler constants into heap values, once per code object. The compiler's own copies
    /// go then, and the op, name and line tables are cut to their length: a module's code stays
    /// in RAM as long as the program runs (a board has ~100 KB).
    pub fn load_code(&mut self, mut code: Code) -> PyResult<ObjRef> {
        let compiled = core::mem::take(&mut code.consts);
        let mut consts = Vec::with_capacity(compiled.len());
        for c in compiled.into_vec() {
            let v = self.load_const(c)?;
            consts.push(v);
        }
        let mut names = Vec::with_capacity(code.names.len());
        for &n in code.names.iter() {
            names.push(self.sym_value(n));
        }
        let obj = CodeObj { code: Rc::new(code), consts: consts.into(), name_values: names.into() };
        Ok(self.heap.alloc_forced(Obj::Code(Rc::new(obj))))
    }

    fn load_const(&mut self, c: Const) -> PyResult<Value> {
        Ok(match c {
            Const::None => Value::None,
            Const::Bool(b) => Value::bool(b),
            Const::Ellipsis => Value::Ellipsis,
            Const::Int(i) => self.new_int(i)?,
            Const::BigInt(s) => match crate::builtins::int::parse_bigint_decimal(&s) {
                Some(b) => self.new_bigint(b)?,
                None => Value::Int(0),
            },
            Const::Float(f) => Value::float(f),
            Const::Complex(r, i) => self.alloc(Obj::Complex(r, i))?,
            Const::Str(s) => {
                // Short identifier-like strings are interned so names compare fast.
                let mut word = s.len() <= 32;
                for b in s.bytes() {
                    word &= b.is_ascii_alphanumeric() || b == b'_';
                }
                if word {
                    let sym = self.intern(&s);
                    self.sym_value(sym)
                } else {
                    self.new_str(&s)?
                }
            }
            Const::Bytes(b) => self.new_bytes(b)?,
            Const::Tuple(items) => {
                let mut vals = Vec::with_capacity(items.len());
                for i in items {
                    vals.push(self.load_const(i)?);
                }
                self.new_tuple(vals)?
            }
            // The compiler shares no code object, so this is its only owner (a clone would link
            // `Code::clone` in for nothing).
            Const::Code(code) => match Rc::into_inner(code) {
                Some(code) => Value::Obj(self.load_code(code)?),
                None => return Err(self.err(TypeId::RuntimeError, "bad bytecode")),
            },
        })
    }

    /// A new module object with its namespace dict holding `__name__`. A built-in one's is
    /// ordered, as MicroPython's ROM tables; a Python module's is a hash table of MicroPython's
    /// first size (`MICROPY_MODULE_DICT_SIZE`).
    pub fn new_module(&mut self, name: &str, builtin: bool) -> PyResult<(Value, ObjRef)> {
        let d = if builtin { self.new_ordered_dict()? } else { self.new_dict_alloc(1)? };
        let Kind::Obj(dr) = d.kind() else { unreachable!() };
        let n = self.intern(name);
        let nv = self.sym_value(n);
        let key = self.sym_value(sym::__NAME__);
        self.dict_set(dr, key, nv)?;
        let m = self.alloc(Obj::Module(alloc::boxed::Box::new(Module { name: n, dict: dr })))?;
        Ok((m, dr))
    }

    /// Prepare `__main__` to run `source`: compile and push its frame. Then call `run`.
    pub fn start_main(&mut self, source: &str, filename: &str) -> PyResult<()> {
        let code = self.compile(source, filename, Mode::Exec)?;
        let (m, d) = self.main_module()?;
        let _ = m;
        let file = self.new_str(filename)?;
        let key = self.sym_value(sym::__FILE__);
        self.dict_set(d, key, file)?;
        self.push_module_frame(code, d)
    }

    /// The `__main__` module, created on first use and kept in `sys.modules`.
    pub fn main_module(&mut self) -> PyResult<(Value, ObjRef)> {
        let key = self.sym_value(sym::__MAIN__);
        if let Some(m) = self.dict_get(self.modules, key)? {
            if let Kind::Obj(r) = m.kind() {
                if let Obj::Module(md) = self.heap.get(r) {
                    return Ok((m, md.dict));
                }
            }
        }
        let (m, d) = self.new_module("__main__", false)?;
        self.dict_set(self.modules, key, m)?;
        Ok((m, d))
    }

    /// Run the pushed program for about `budget` instructions.
    pub fn run(&mut self, budget: u64) -> Poll {
        if self.frames.is_empty() {
            return Poll::Done;
        }
        if let Some(until) = self.resume_at {
            if let Some(p) = self.sleep_poll(until) {
                return p;
            }
        }
        let mut b = budget;
        match self.run_frames(&mut b, None) {
            Ok(Exit::Return(_)) => Poll::Done,
            Ok(Exit::Yield(_)) => Poll::Done,
            Ok(Exit::Budget) => Poll::Yielded,
            Ok(Exit::Sleep(until)) => {
                self.resume_at = Some(until);
                let now = self.host.ticks_us();
                Poll::Sleep(self.sched.wake_at(until, now))
            }
            Ok(Exit::Input) => Poll::Input,
            Err(e) => {
                self.reset_stacks();
                Poll::Error(self.exc_obj(e))
            }
        }
    }

    /// During a sleep: run due callbacks and say how long to sleep on, or None to go on.
    fn sleep_poll(&mut self, until: u64) -> Option<Poll> {
        if self.pending_raise.is_none() && self.host.interrupted() {
            self.interrupt();
        }
        if self.pending_raise.is_none() {
            if let Err(e) = self.run_scheduled() {
                self.reset_stacks();
                return Some(Poll::Error(self.exc_obj(e)));
            }
            let now = self.host.ticks_us();
            if now < until {
                return Some(Poll::Sleep(self.sched.wake_at(until, now)));
            }
        }
        self.resume_at = None;
        None
    }

    /// Forget every frame (after an uncaught exception or a stop).
    pub fn reset_stacks(&mut self) {
        self.frames.clear();
        self.stack.clear();
        self.handlers.clear();
        self.handled.clear();
        self.roots.clear();
        self.native_depth = 0;
        self.suspend = None;
        self.resume_at = None;
        self.pending_raise = None;
    }

    /// Raise KeyboardInterrupt in the running program at its next instruction.
    pub fn interrupt(&mut self) {
        let e = self.err0(TypeId::KeyboardInterrupt);
        self.pending_raise = Some(self.exc_obj(e));
    }

    /// Run to completion, sleeping through the host (the simple way for a blocking port).
    pub fn run_to_end(&mut self) -> Result<(), Exc> {
        loop {
            match self.run(100_000) {
                Poll::Done => return Ok(()),
                Poll::Yielded => {}
                Poll::Sleep(until) => {
                    let now = self.host.ticks_us();
                    self.host.sleep_us(until.saturating_sub(now));
                }
                Poll::Error(r) => return Err(self.raise_ref(r)),
                Poll::Input => {
                    let line = self.host.read_line();
                    self.provide_input(line.as_deref());
                }
            }
        }
    }

    /// Let the port answer `input()` and `sys.stdin.readline()` (a REPL reading the same byte
    /// stream as its prompt): they then suspend the program with `Poll::Input` at the top level,
    /// and call `Host::read_line` only where they cannot (inside a call from native code).
    pub fn set_input_from_port(&mut self, on: bool) {
        self.input_from_port = on;
    }

    /// The text an `input()`-like call returns, from the host: `Ok(None)` when the program was
    /// suspended for the port to answer instead (see `provide_input`).
    pub fn read_input_line(&mut self, kind: InputKind) -> PyResult<Option<String>> {
        if self.input_from_port && self.native_depth == 0 {
            self.host.flush();
            self.input_kind = kind;
            self.suspend = Some(Exit::Input);
            return Ok(None);
        }
        match (self.host.read_line(), kind) {
            (Some(line), InputKind::Input) => Ok(Some(line)),
            (Some(line), InputKind::Readline) => Ok(Some(format!("{}\n", line))),
            (None, InputKind::Readline) => Ok(Some(String::new())),
            (None, InputKind::Input) => Err(self.err0(TypeId::EOFError)),
        }
    }

    /// The answer to a program suspended by `Poll::Input`: the line (without its newline), or
    /// None for end of input (`EOFError` from `input()`, `''` from `readline()`).
    pub fn provide_input(&mut self, line: Option<&str>) {
        let value = match (line, self.input_kind) {
            (Some(l), InputKind::Input) => self.new_str(l),
            (Some(l), InputKind::Readline) => self.new_string(format!("{}\n", l)),
            (None, InputKind::Readline) => self.new_str(""),
            (None, InputKind::Input) => Err(self.err0(TypeId::EOFError)),
        };
        match value {
            // The suspended call left a placeholder result on the stack.
            Ok(v) => {
                if let Some(top) = self.stack.last_mut() {
                    *top = v;
                }
            }
            Err(e) => self.pending_raise = Some(self.exc_obj(e)),
        }
    }

    /// MicroPython's soft reset (Ctrl-D at the REPL): fresh heap, modules and globals, with
    /// the same host, heap size, platform, frozen modules and input mode.
    pub fn soft_reset(&mut self) {
        let host = core::mem::replace(&mut self.host, alloc::boxed::Box::new(NoHost));
        // The budget is 0 here: the guard carries over, measured from where the port made the VM.
        let config = super::Config { heap_size: self.heap.size(), platform: self.sys.platform, stack_budget: 0 };
        let frozen = core::mem::take(&mut self.frozen);
        let input_from_port = self.input_from_port;
        let stack_guard = self.stack_guard;
        *self = Vm::new(config, host);
        self.stack_guard = stack_guard;
        self.frozen = frozen;
        self.input_from_port = input_from_port;
        self.host.soft_reset();
    }

    /// Run the functions registered with `sys.atexit`, once, at the end of a program.
    pub fn run_atexit(&mut self) {
        let funcs = self.list_items(self.sys.exit_funcs).unwrap_or_default();
        if let Kind::Obj(r) = self.sys.exit_funcs.kind() {
            if let Obj::List(l) = self.heap.get_mut(r) {
                l.clear();
            }
        }
        for f in funcs.into_iter().rev() {
            if let Err(e) = self.call_value(f, &[]) {
                self.report_uncaught(self.exc_obj(e));
            }
        }
    }

    /// Exit status and output for an uncaught exception, as MicroPython's unix port does:
    /// SystemExit gives its code silently; anything else prints the traceback. Given the
    /// instance, not a token: `str()` of the code and the traceback's message may run Python.
    pub fn report_uncaught(&mut self, r: ObjRef) -> i32 {
        let e = Value::Obj(r);
        if self.is_instance_of(e, TypeId::SystemExit) {
            let args = self.exc_args(e);
            return match args.first().copied().map(|v| (v, v.kind())) {
                None | Some((_, Kind::None)) => 0,
                Some((_, Kind::Int(i))) => i as i32,
                Some((b, Kind::False | Kind::True)) => b.is_true() as i32,
                Some((v, _)) => {
                    let s = self.str_of(v).unwrap_or_default();
                    self.host.write_err(s.as_bytes());
                    self.host.write_err(b"\n");
                    1
                }
            };
        }
        // MicroPython's unix port prints tracebacks on stdout.
        let text = self.format_exception(e);
        self.host.write(text.as_bytes());
        1
    }

    /// `load_global` through the name's cache slot: a globals hit is checked by the key at the
    /// remembered position; a builtins hit also needs the globals' key set unchanged.
    #[inline]
    pub(super) fn load_global_hinted(&mut self, globals: ObjRef, key: Value, hint: &Cell<NameHint>) -> PyResult<Value> {
        if let Some(v) = self.cached_global(globals, key, hint) {
            return Ok(v);
        }
        let epoch = self.attr_cache.epoch();
        let Some(gt) = self.dict_table(globals) else { return self.load_global(globals, key) };
        let keys = gt.keys_version();
        if let Some((_, Some(pos))) = self.str_key_find(globals, key) {
            hint.set(NameHint::Global(pos as u32));
        } else if let Some((_, Some(pos))) = self.str_key_find(self.builtins, key) {
            hint.set(NameHint::Builtin { pos: pos as u32, globals, keys, epoch });
        }
        self.load_global(globals, key)
    }

    /// The global (or builtin) `key` where its cache slot still finds it: a globals hit is
    /// checked by the key at the remembered position; a builtins hit also needs the globals' key
    /// set unchanged. Reads only, so the interpreter's hot loop can use it.
    #[inline(always)]
    pub(super) fn cached_global(&self, globals: ObjRef, key: Value, hint: &Cell<NameHint>) -> Option<Value> {
        let gt = self.dict_table(globals)?;
        let found = match hint.get() {
            NameHint::Global(pos) => gt.entry(pos as usize),
            NameHint::Builtin { pos, globals: g, keys: k, epoch: e } if g == globals && k == gt.keys_version() && e == self.attr_cache.epoch() => {
                self.dict_table(self.builtins).and_then(|t| t.entry(pos as usize))
            }
            _ => None,
        };
        found.filter(|e| e.key == key).map(|e| e.value)
    }

    /// `StoreGlobal` through the name's cache slot: an existing global at the remembered
    /// position is overwritten in place (the key set does not change).
    #[inline]
    pub(super) fn store_global_hinted(&mut self, globals: ObjRef, key: Value, v: Value, hint: &Cell<NameHint>) -> PyResult<()> {
        if let NameHint::Global(pos) = hint.get() {
            if let Some(t) = self.dict_table_mut(globals) {
                if t.entry(pos as usize).is_some_and(|e| e.key == key) {
                    t.set_value(pos as usize, v);
                    return Ok(());
                }
            }
        }
        self.dict_set(globals, key, v)?;
        if let Some((_, Some(pos))) = self.str_key_find(globals, key) {
            hint.set(NameHint::Global(pos as u32));
        }
        Ok(())
    }

    pub(super) fn load_global(&mut self, globals: ObjRef, key: Value) -> PyResult<Value> {
        if let Some(v) = self.dict_get_str(globals, key) {
            return Ok(v);
        }
        if let Some(v) = crate::builtins::builtin(self, key) {
            return Ok(v);
        }
        Err(self.name_error(key))
    }

    /// The REPL's echo of an expression statement.
    pub(super) fn repl_print(&mut self, v: Value) -> PyResult<()> {
        if v.is_none() {
            return Ok(());
        }
        let key = self.sym_value(sym::UNDERSCORE);
        self.dict_set(self.builtins, key, v)?;
        let s = self.repr_of(v)?;
        self.print_str(&s);
        self.print_str("\n");
        Ok(())
    }

    // ---- imports

    /// `__import__(name, fromlist, level)`.
    pub fn import_module(&mut self, name: Sym, fromlist: Value, level: Value) -> PyResult<Value> {
        self.import_resolved(name, fromlist, level)
    }

    pub(super) fn import_name(&mut self, name: Sym, fromlist: Value, level: Value) -> PyResult<Value> {
        // A program may replace `builtins.__import__`; the `import` statement then calls it.
        let key = self.sym_value(sym::__IMPORT__);
        if let Some(f) = self.dict_get_str(self.builtins, key) {
            if !self.is_native(f) {
                let n = self.sym_value(name);
                let globals = self.frames.last().map_or(Value::None, |f| Value::Obj(f.globals.get()));
                return self.call_value(f, &[n, globals, Value::None, fromlist, level]);
            }
        }
        self.import_resolved(name, fromlist, level)
    }

    fn import_resolved(&mut self, name: Sym, fromlist: Value, level: Value) -> PyResult<Value> {
        let level = match level.kind() {
            Kind::Int(i) => i.max(0) as usize,
            _ => 0,
        };
        let name = String::from(self.sym_str(name));
        let full = if level > 0 { self.resolve_relative(&name, level)? } else { name };
        if full.is_empty() {
            return Err(self.err(TypeId::ImportError, "no module named ''"));
        }
        // Import each dotted prefix so `a.b` sets attribute `b` on `a`.
        let mut module = Value::None;
        let mut top = Value::None;
        let mut prefix = String::new();
        for (i, part) in crate::builtins::text::fields(&full, b'.').enumerate() {
            if i > 0 {
                prefix.push('.');
            }
            prefix.push_str(part);
            let m = self.import_one(&prefix, module)?;
            if i == 0 {
                top = m;
            }
            module = m;
        }
        let no_fromlist = fromlist.is_none() || fromlist.is_null() || self.tuple_items(fromlist).is_some_and(|t| t.is_empty());
        Ok(if no_fromlist && level == 0 { top } else { module })
    }

    fn resolve_relative(&mut self, name: &str, level: usize) -> PyResult<String> {
        let globals = match self.frames.last() {
            Some(f) => f.globals.get(),
            None => return Err(self.err(TypeId::ImportError, "relative import outside package")),
        };
        let key = self.sym_value(sym::__NAME__);
        let this = self.dict_get_str(globals, key).and_then(|v| self.as_str(v).map(String::from)).unwrap_or_default();
        let pkg_key = self.intern("__path__");
        let pkg_key = self.sym_value(pkg_key);
        let is_pkg = self.dict_get_str(globals, pkg_key).is_some();
        let parts = this.bytes().filter(|&b| b == b'.').count() + 1;
        let drop = if is_pkg { level - 1 } else { level };
        if drop >= parts + (is_pkg as usize) || this == "__main__" {
            return Err(self.err(TypeId::ImportError, "can't perform relative import"));
        }
        // The first `keep` dotted parts: `this` up to the dot after them (found in place, not
        // split into a vector and joined again).
        let keep = parts.saturating_sub(drop);
        let mut end = if keep == 0 { 0 } else { this.len() };
        let mut dots = 0;
        for (i, b) in this.bytes().enumerate() {
            if b == b'.' {
                dots += 1;
                if dots == keep {
                    end = i;
                    break;
                }
            }
        }
        let mut base = String::from(&this[..end]);
        if !name.is_empty() {
            if !base.is_empty() {
                base.push('.');
            }
            base.push_str(name);
        }
        Ok(base)
    }

    /// Import one fully named module whose parent (if any) is already imported.
    fn import_one(&mut self, full: &str, parent: Value) -> PyResult<Value> {
        let key = self.new_str(full)?;
        if let Some(m) = self.dict_get(self.modules, key)? {
            return Ok(m);
        }
        // MicroPython's `u`-prefixed names (`ustruct`, `ujson`) fall back to the plain module.
        let builtin = self.find_builtin(full).or_else(|| full.strip_prefix('u').and_then(|n| self.find_builtin(n)));
        if let Some((i, maker)) = builtin {
            if let Some(m) = self.builtin_modules.get(i).filter(|m| !m.is_null()) {
                return Ok(*m);
            }
            let m = match maker {
                Maker::Rust(init) => init(self)?,
                Maker::Python(name, src, natives) => self.run_stand_in(name, src, natives)?,
            };
            self.mark_builtin_names(m);
            if self.builtin_modules.len() <= i {
                self.builtin_modules.resize(i + 1, Value::Null);
            }
            self.builtin_modules[i] = m;
            return Ok(m);
        }
        let leaf = crate::builtins::text::after_last(full, b'.');
        let frozen = self.frozen.iter().find(|(n, ..)| *n == full).map(|(_, src, _)| *src);
        if let Some(src) = frozen {
            return self.exec_module(full, src, &format!("{}.py", leaf), None, parent, key);
        }
        // Search the parent package's folder, or sys.path for a top-level module.
        let places = match parent {
            Value::None | Value::Null => {
                let path = self.sys.path;
                self.list_items(path).unwrap_or_default()
            }
            p => {
                let pk = self.intern("__path__");
                match self.try_getattr(p, pk)? {
                    Some(v) => alloc::vec![v],
                    None => Vec::new(),
                }
            }
        };
        let mut dirs: Vec<String> = Vec::new();
        for v in places {
            if let Some(s) = self.as_str(v) {
                dirs.push(String::from(s));
            }
        }
        for dir in dirs {
            let base = if dir.is_empty() || dir == "." { String::from(leaf) } else { format!("{}/{}", dir.trim_end_matches('/'), leaf) };
            // `leaf.py`, then the package `leaf/__init__.py`.
            for (file, pkg) in [(format!("{}.py", base), None), (format!("{}/__init__.py", base), Some(&*base))] {
                if let Ok(src) = self.host.read_file(&file) {
                    let src = crate::builtins::text::lossy(&src);
                    return self.exec_module(full, &src, &file, pkg, parent, key);
                }
            }
            if let Ok(st) = self.host.stat(&base) {
                if st.is_dir {
                    // A namespace package: a folder without __init__.py.
                    return self.exec_module(full, "", &base, Some(&base), parent, key);
                }
            }
        }
        Err(self.err_fmt(TypeId::ImportError, format_args!("no module named '{}'", full)))
    }

    /// A module the VM makes once and keeps outside `sys.modules`, as MicroPython keeps its
    /// ROM modules: a built-in one (its maker), or a frozen module that stands in for one of
    /// MicroPython's C modules (its source; its slot follows the built-ins').
    fn find_builtin(&self, name: &str) -> Option<(usize, Maker)> {
        use crate::builtins::modules;
        modules::find(name).map(|(i, init)| (i, Maker::Rust(init))).or_else(|| {
            let i = self.frozen.iter().position(|&(n, _, natives)| natives.is_some() && n == name)?;
            let (name, src, natives) = self.frozen[i];
            Some((modules::COUNT + i, Maker::Python(name, src, natives?)))
        })
    }

    /// Make a stand-in module: its source runs compiled with `code_flags::NATIVE`, so its frames
    /// stay out of tracebacks, in a module without `__file__`, as a built-in one.
    fn run_stand_in(&mut self, name: &str, src: &str, natives: crate::builtins::Table) -> PyResult<Value> {
        let (m, d) = self.new_module(name, true)?;
        crate::builtins::fill_dict(self, d, natives, &[]);
        self.roots.push(m);
        let file = format!("{}.py", name);
        let r = self.compile_flagged(src, &file, Mode::Exec, crate::bytecode::code_flags::NATIVE).and_then(|code| {
            self.roots.push(Value::Obj(code));
            let r = self.exec_code(code, d, Value::Null);
            self.roots.pop();
            r
        });
        self.roots.pop();
        r.map(|_| m)
    }

    /// A built-in module's names are MicroPython's C module's, built-in qstrs there, which
    /// `dir` orders before the program's own names.
    fn mark_builtin_names(&mut self, m: Value) {
        let Kind::Obj(r) = m.kind() else { return };
        let Obj::Module(md) = self.heap.get(r) else { return };
        let keys: Vec<Value> = self.dict_table(md.dict).map(crate::obj::Dict::keys).unwrap_or_default();
        for k in keys {
            if let Some(s) = self.as_str(k).and_then(|t| self.interner.get(t)) {
                self.interner.mark_builtin(s);
            }
        }
    }

    fn exec_module(&mut self, full: &str, src: &str, file: &str, path: Option<&str>, parent: Value, key: Value) -> PyResult<Value> {
        let (m, d) = self.new_module(full, false)?;
        // Rooted for the whole import: until `sys.modules` holds it nothing else does, and
        // putting it there can run the `__eq__` of another key, which may collect.
        self.roots.push(m);
        let r = self.run_module(m, d, src, file, path, key);
        self.roots.pop();
        r?;
        if !parent.is_none() && !parent.is_null() {
            let leaf = crate::builtins::text::after_last(full, b'.');
            let s = self.intern(leaf);
            self.setattr(parent, s, m)?;
        }
        Ok(m)
    }

    /// Give module `m` (namespace `d`) its `__file__` and `__path__`, enter it in `sys.modules`
    /// under `key` and run `src` in it; on failure it leaves `sys.modules` again.
    fn run_module(&mut self, m: Value, d: ObjRef, src: &str, file: &str, path: Option<&str>, key: Value) -> PyResult<()> {
        let fv = self.new_str(file)?;
        let fk = self.sym_value(sym::__FILE__);
        self.dict_set(d, fk, fv)?;
        if let Some(p) = path {
            let pv = self.new_str(p)?;
            let pk = self.intern("__path__");
            let pk = self.sym_value(pk);
            self.dict_set(d, pk, pv)?;
        }
        self.dict_set(self.modules, key, m)?;
        let result = self.compile(src, file, Mode::Exec).and_then(|code| {
            self.roots.push(Value::Obj(code));
            let r = self.exec_code(code, d, Value::Null);
            self.roots.pop();
            r
        });
        if let Err(e) = result {
            // Taken out: removing the module may run `__eq__` of keys put in `sys.modules`.
            return Err(self.raise_after(e, |vm| vm.dict_remove(vm.modules, key).map(drop)));
        }
        Ok(())
    }

    pub(super) fn import_from(&mut self, m: Value, name: Sym) -> PyResult<Value> {
        if let Some(v) = self.try_getattr(m, name)? {
            return Ok(v);
        }
        // A submodule not imported yet.
        let mname = match m.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Module(md) => Some(String::from(self.sym_str(md.name))),
                _ => None,
            },
            _ => None,
        };
        if let Some(mname) = mname {
            let full = format!("{}.{}", mname, self.sym_str(name));
            if let Ok(v) = self.import_one(&full, m) {
                return Ok(v);
            }
        }
        let msg = format!("can't import name {}", self.sym_str(name));
        Err(self.err(TypeId::ImportError, msg))
    }

    /// `from m import *`: the names in `m.__all__` when it has one, else every public name of
    /// its namespace (a module, a class or anything with a `__dict__`, as MicroPython allows).
    pub(super) fn import_star(&mut self, m: Value, ns: ObjRef) -> PyResult<()> {
        if let Some(all) = self.try_getattr(m, sym::__ALL__)? {
            let names = self.collect_iter(all)?;
            self.roots.extend_from_slice(&names);
            let base = self.roots.len() - names.len();
            let result = self.import_names(m, ns, &names);
            self.roots.truncate(base);
            return result;
        }
        let d = match m.kind() {
            Kind::Obj(r) => match self.heap.get(r) {
                Obj::Module(md) => Some(md.dict),
                Obj::Class(_) => self.class_dict(r),
                _ => None,
            },
            _ => None,
        };
        let d = match d {
            Some(d) => d,
            None => match (self.getattr(m, sym::__DICT__)?).kind() {
                Kind::Obj(d) => d,
                _ => return Err(self.type_error("import * requires a module")),
            },
        };
        let items = self.dict_table(d).map(crate::obj::dict::Dict::pairs).unwrap_or_default();
        for &(k, v) in &items {
            if self.as_str(k).is_some_and(|s| !s.starts_with('_')) {
                self.dict_set(ns, k, v)?;
            }
        }
        Ok(())
    }

    fn import_names(&mut self, m: Value, ns: ObjRef, names: &[Value]) -> PyResult<()> {
        for &name in names {
            let Some(s) = self.as_str(name).map(String::from) else {
                return Err(self.type_error("__all__ must contain strings"));
            };
            let sym = self.intern(&s);
            let v = self.getattr(m, sym)?;
            self.dict_set(ns, name, v)?;
        }
        Ok(())
    }
}
