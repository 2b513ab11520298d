//! The virtual machine: heap, stacks, modules, and the entry points a port drives.

pub mod frame;
mod interp;
mod cold_ops;
mod call;
pub mod ops;
mod attr;
mod attr_cache;
mod exc;
mod iter;
mod alloc_helpers;
mod run;
mod mapping;
mod subscr;
mod value_stack;
pub mod sched;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::heap::{Heap, ObjRef, PackedRef};
use crate::host::Host;
use crate::intern::{Interner, Sym};
use crate::value::Value;

pub use frame::{Frame, Handler, Resumer};
pub use run::Poll;
pub use iter::SendResult;
pub use value_stack::ValueStack;

/// Which call waits for a line: `input()` gets it bare, `sys.stdin.readline()` with its `\n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Input,
    Readline,
}

/// A raised Python exception, as a zero-sized token: the exception instance itself is in
/// `Vm::exc`, put there by the one raise path (`Vm::raise_ref`, which alone makes tokens) and
/// read through the token (`Vm::exc_obj`, `Vm::exc_value`). So `PyResult<()>` and
/// `PyResult<bool>` are a byte and `PyResult<usize>`, `PyResult<u32>`, `PyResult<&T>` 8 bytes on
/// wasm32: they come back in registers instead of through memory, and no `?` copies an error
/// (`ferrite.wasm` −5.9 KB gzipped, callgrind −1.2 %, against a wide `ObjRef` in the error).
/// `PyResult<Value>` is 8 bytes too (the `Err` is `Value`'s zero word, which no value uses);
/// `PyResult<ObjRef>` stays 16 (a `u64` has no niche for the `Err`).
///
/// A token stands for the exception in the slot only until the next raise: code that holds
/// one across anything that may raise (and catch) another exception takes the object out
/// first (`let r = vm.exc_obj(e); …; Err(vm.raise_ref(r))`, or `Vm::raise_after`, which also
/// keeps it a root meanwhile). Debug builds check this: a token carries the number of the raise
/// that made it, and reading the slot with a stale one panics.
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Exc {
    _token: (),
    #[cfg(debug_assertions)]
    raised: u64,
}

impl Exc {
    /// A token for a path that is never taken, where the borrow checker leaves no `Vm` to raise
    /// with (see `builtins::modules::ext::ext_or`). Debug builds catch a read of it as a stale token.
    pub(crate) fn unreachable() -> Exc {
        Exc {
            _token: (),
            #[cfg(debug_assertions)]
            raised: u64::MAX,
        }
    }
}

pub type PyResult<T> = Result<T, Exc>;

// What the token is for (debug builds give it the raise number).
#[cfg(not(debug_assertions))]
const _: () = assert!(core::mem::size_of::<Exc>() == 0, "Exc must stay zero-sized");
#[cfg(not(debug_assertions))]
const _: () = assert!(core::mem::size_of::<PyResult<Value>>() == 8, "a result must stay one word");

/// How deep Python calls may nest before `RuntimeError: maximum recursion depth exceeded`.
pub const MAX_FRAMES: usize = 1000;
/// How deep native code may re-enter the interpreter (repr of nested lists, `__eq__` from a
/// dict lookup, …): bounded because each level uses the Rust stack.
pub const MAX_NATIVE_DEPTH: usize = 48;

/// The default native stack budget: fits a 2 MB thread (Rust's default for spawned threads,
/// test threads included) with room to spare in debug builds.
pub const DEFAULT_STACK_BUDGET: usize = 1024 * 1024;

pub struct Vm {
    pub heap: Heap,
    pub interner: Interner,
    /// The interned str object of each name, created on first use.
    sym_strs: Vec<Value>,
    /// The str of each ASCII character, created on first use (`char_value`).
    ascii_strs: Vec<Value>,
    /// Built-in classes, by `TypeId`.
    pub types: Vec<PackedRef>,
    /// The `builtins` namespace dict.
    pub builtins: ObjRef,
    /// `sys.modules`.
    pub modules: ObjRef,
    /// Built-in modules made so far, by their place in `modules::MODULES` (Null until first
    /// imported). Like MicroPython's ROM modules they stay out of `sys.modules`, and an import
    /// always finds the same object.
    pub(crate) builtin_modules: Vec<Value>,
    /// Values of every frame: locals, cells and operand stacks.
    pub stack: ValueStack,
    pub frames: Vec<Frame>,
    pub handlers: Vec<Handler>,
    /// The exceptions being handled (innermost last), for bare `raise` and chaining.
    pub handled: Vec<Value>,
    /// Values native code keeps alive while it calls back into Python.
    pub roots: Vec<Value>,
    pub host: Box<dyn Host>,
    /// How many native calls into the interpreter are active.
    native_depth: usize,
    /// (outermost, innermost) of the last `yield from` chain `resume_gen` walked down, so the
    /// next resumption of the outermost goes straight to the innermost. Cleared whenever a
    /// link above the innermost may change (`Vm::chain_changed`) and by every collection (its
    /// handles are not roots).
    pub(super) chain_leaf: Option<(ObjRef, ObjRef)>,
    /// How far native recursion may go down the stack (see `crate::stack`).
    pub(crate) stack_guard: crate::stack::StackGuard,
    /// Set when `native_eq` gave up because nested data reached `stack_guard`: `==` then raises
    /// at once, where the general path would walk the data again from each level (quadratic:
    /// seconds for a 20,000-deep list).
    pub(crate) eq_too_deep: core::cell::Cell<bool>,
    /// Set by `time.sleep` or `input()` at the top level: the loop returns to the port.
    suspend: Option<interp::Exit>,
    /// The port supplies `input()` lines itself (the REPL): `input()` suspends the program
    /// with `Poll::Input` instead of calling `Host::read_line`.
    input_from_port: bool,
    /// What the suspended `input()`-like call returns once the line comes.
    input_kind: InputKind,
    /// The MemoryError raised when there is no room for a new one.
    memory_error: Value,
    /// `sys.path`, `sys.argv` and friends that ports set.
    pub sys: SysState,
    /// Modules compiled in (name, source, stands in for a C module) that `import` finds
    /// before the file system.
    pub frozen: Vec<crate::builtins::modules::Frozen>,
    /// Counts instructions between interrupt polls.
    poll_countdown: u32,
    /// An error to raise in the current frame at the next instruction (from `__init__`).
    pending_raise: Option<ObjRef>,
    /// The exception being raised: the one an `Exc` token stands for (see `Exc`).
    exc: ObjRef,
    /// How many raises there were: what a token is checked against in debug builds.
    #[cfg(debug_assertions)]
    raises: u64,
    /// Classes of module-defined object kinds, created on first use.
    pub(crate) ext_classes: Vec<(&'static str, ObjRef)>,
    /// Timers, pin IRQs and `micropython.schedule` callbacks.
    pub sched: sched::Sched,
    /// The end of a `time.sleep` the port was told about (it may call `run` earlier).
    resume_at: Option<u64>,
    /// Results of `class_lookup`, valid until a class changes or the collector runs.
    attr_cache: attr_cache::AttrCache,
    /// `str_to_sym` answers by str handle (direct-mapped), cleared by each collection since a
    /// freed handle may be reused.
    str_syms: Vec<(PackedRef, Sym)>,
}

/// Entries of `Vm::str_syms`.
const STR_SYMS: usize = 128;

pub struct SysState {
    pub path: Value,
    pub argv: Value,
    pub platform: &'static str,
    pub stdout: Value,
    pub stderr: Value,
    pub stdin: Value,
    pub exit_funcs: Value,
}

/// Configuration a port chooses.
pub struct Config {
    pub heap_size: usize,
    pub platform: &'static str,
    /// Bytes of native stack the VM may use below the frame that calls `Vm::new` (0: no
    /// check). A port gives what its stack has left there, minus room for the deepest
    /// non-recursive path (formatting, allocation, the host's own calls).
    pub stack_budget: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { heap_size: 8 * 1024 * 1024, platform: "linux", stack_budget: DEFAULT_STACK_BUDGET }
    }
}

impl Vm {
    pub fn new(config: Config, host: Box<dyn Host>) -> Vm {
        let mut vm = Vm {
            heap: Heap::new(config.heap_size),
            interner: Interner::new(),
            sym_strs: Vec::new(),
            ascii_strs: Vec::new(),
            types: Vec::new(),
            builtins: ObjRef(0),
            modules: ObjRef(0),
            builtin_modules: Vec::new(),
            stack: ValueStack::with_room(1024),
            frames: Vec::with_capacity(64),
            handlers: Vec::new(),
            handled: Vec::new(),
            roots: Vec::new(),
            host,
            native_depth: 0,
            chain_leaf: None,
            stack_guard: crate::stack::StackGuard::below_here(config.stack_budget),
            eq_too_deep: core::cell::Cell::new(false),
            suspend: None,
            input_from_port: false,
            input_kind: InputKind::Input,
            memory_error: Value::None,
            sys: SysState {
                path: Value::None,
                argv: Value::None,
                platform: config.platform,
                stdout: Value::None,
                stderr: Value::None,
                stdin: Value::None,
                exit_funcs: Value::None,
            },
            frozen: crate::builtins::modules::FROZEN.to_vec(),
            poll_countdown: 0,
            pending_raise: None,
            // Until `Vm::new` raises its MemoryError: slot 0, the first object `init` makes.
            exc: ObjRef(0),
            #[cfg(debug_assertions)]
            raises: 0,
            ext_classes: Vec::new(),
            sched: sched::Sched::default(),
            resume_at: None,
            attr_cache: attr_cache::AttrCache::new(),
            str_syms: Vec::new(),
        };
        if let Some(meter) = vm.host.allocator_in_use() {
            vm.heap.set_meter(meter);
        }
        if let Some(flag) = vm.host.reserve_flag() {
            vm.heap.set_reserve_flag(flag);
        }
        crate::builtins::init(&mut vm);
        // Made now, at the bottom of the heap: made at the first MemoryError, when the heap is
        // full, it took the slab's top slot for good, and no collection could give back the
        // slab that a fill had grown (`gc.mem_free()` stayed 100 KB lower on a 240 KB heap).
        // Raised here only to be made: from now on `Vm::exc` holds an exception.
        let _ = vm.memory_error();
        vm
    }

    /// The interned str object for `sym`.
    #[inline]
    pub fn sym_value(&mut self, sym: Sym) -> Value {
        match self.sym_strs.get(sym.0 as usize) {
            Some(&v) if !v.is_null() => v,
            _ => self.new_sym_value(sym),
        }
    }

    fn new_sym_value(&mut self, sym: Sym) -> Value {
        let i = sym.0 as usize;
        if self.sym_strs.len() <= i {
            self.sym_strs.resize(i + 1, Value::Null);
        }
        let s = crate::obj::PyStr::new(self.interner.str(sym));
        let v = Value::Obj(self.heap.alloc_forced(crate::obj::Obj::Str(s)));
        self.sym_strs[i] = v;
        v
    }

    /// The str of one character. An ASCII one is made once and kept, as MicroPython interns
    /// them: `chr`, iterating and indexing text give the same object each time, with no
    /// allocation (core_str makes two per character of its text).
    #[inline]
    pub fn char_value(&mut self, c: char) -> PyResult<Value> {
        match self.ascii_strs.get(c as usize) {
            Some(&v) if !v.is_null() => Ok(v),
            _ => self.new_char_value(c),
        }
    }

    fn new_char_value(&mut self, c: char) -> PyResult<Value> {
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        if !c.is_ascii() {
            return self.new_str(s);
        }
        if self.ascii_strs.is_empty() {
            self.ascii_strs.resize(128, Value::Null);
        }
        let v = Value::Obj(self.heap.alloc_forced(crate::obj::Obj::Str(crate::obj::PyStr::new(&*s))));
        if let Some(slot) = self.ascii_strs.get_mut(c as usize) {
            *slot = v;
        }
        Ok(v)
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        self.interner.intern(s)
    }

    pub fn sym_str(&self, sym: Sym) -> &str {
        self.interner.str(sym)
    }

    /// Run the collector now (`gc.collect()`, or a safe point when the heap is filling).
    pub fn collect_garbage(&mut self) {
        self.heap.collect(|roots| {
            for part in [&self.stack[..], &self.handled, &self.roots, &self.sym_strs, &self.ascii_strs, &self.builtin_modules] {
                roots.values(part);
            }
            for &t in &self.types {
                roots.value(Value::Obj(t.get()));
            }
            for f in &self.frames {
                roots.values(&[Value::Obj(f.code_obj.get()), Value::Obj(f.globals.get()), f.locals]);
                roots.value(f.gen.map_or(Value::Null, |g| Value::Obj(g.get())));
            }
            roots.values(&[
                self.sys.path,
                self.sys.argv,
                self.sys.stdout,
                self.sys.stderr,
                self.sys.stdin,
                self.sys.exit_funcs,
                self.memory_error,
                Value::Obj(self.builtins),
                Value::Obj(self.modules),
                Value::Obj(self.exc),
                self.pending_raise.map_or(Value::Null, Value::Obj),
            ]);
            self.sched.mark_roots(roots);
        });
        self.attr_cache.invalidate();
        self.str_syms.clear();
        self.chain_leaf = None;
    }

    /// A class with namespace `dict` was just made: later writes to `dict` invalidate cached
    /// lookups, and so does the new class's MRO.
    pub(crate) fn class_made(&mut self, dict: ObjRef) {
        if let Some(t) = self.dict_table_mut(dict) {
            t.mark_namespace();
        }
        self.attr_cache.invalidate();
    }

    /// The class of a module-defined object kind, made once from its method table.
    pub fn ext_class(&mut self, name: &'static str, methods: crate::builtins::Table, props: crate::builtins::Table) -> ObjRef {
        if let Some(&(_, c)) = self.ext_classes.iter().find(|(n, _)| *n == name) {
            return c;
        }
        let c = crate::builtins::new_class(self, name, methods, props);
        self.types.push(c.pack());
        self.ext_classes.push((name, c));
        c
    }

    /// Whether another native re-entry would nest too deep, in levels or in stack bytes.
    #[inline]
    pub(crate) fn native_too_deep(&self) -> bool {
        self.native_depth >= MAX_NATIVE_DEPTH || self.stack_guard.exceeded()
    }

    /// `RuntimeError: maximum recursion depth exceeded` once native recursion (repr, ==,
    /// hash of nested data) reaches the stack budget.
    #[inline]
    pub fn check_stack(&mut self) -> PyResult<()> {
        if self.stack_guard.exceeded() {
            return Err(self.recursion_error());
        }
        Ok(())
    }

    pub fn set_sleep(&mut self, until_us: u64) -> bool {
        if self.native_depth == 0 {
            self.suspend = Some(interp::Exit::Sleep(until_us));
            true
        } else {
            false
        }
    }

    pub fn print_str(&mut self, s: &str) {
        self.host.write(s.as_bytes());
    }
}

/// A human-readable owned string, for messages.
pub fn s(text: &str) -> String {
    String::from(text)
}
