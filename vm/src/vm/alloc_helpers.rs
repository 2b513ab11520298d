//! Making new objects: every allocation that can fail answers MemoryError.

use crate::value::Kind;
use alloc::string::String;
use alloc::vec::Vec;

use crate::bigint::BigInt;

use super::{Exc, PyResult, Vm};
use crate::heap::{ObjRef, Refused, TextBuf};
use crate::obj::{ExcData, Instance, Obj, PyStr};
use crate::types::TypeId;
use crate::value::Value;

impl Vm {
    pub fn alloc(&mut self, obj: Obj) -> PyResult<Value> {
        match self.heap.alloc(obj) {
            Some(r) => Ok(Value::Obj(r)),
            None => Err(self.memory_error()),
        }
    }

    /// Change object `r` with `f`, which may allocate a new buffer of up to `need` bytes (see
    /// `heap::vec_growth`) and asks for it fallibly (`try_reserve`): MemoryError before anything
    /// changes when that does not fit the heap or the allocator refuses it (a fragmented or
    /// full board heap: never an allocator abort), and afterwards the heap is charged for the
    /// capacity the object really gained. A `need` of 0 means the room is there: the size
    /// cannot change, so it is not measured (two `size_estimate`s were most of a list append).
    /// Inline for that case (a dict's `push` with room: its closure is called directly); the
    /// rest is one copy for all callers, `f` a `dyn`.
    #[inline]
    pub fn grow(&mut self, r: ObjRef, need: usize, f: &mut dyn FnMut(&mut Obj) -> Result<(), Refused>) -> PyResult<()> {
        if need == 0 {
            return f(self.heap.get_mut(r)).map_err(|_| self.refused());
        }
        self.grow_charged(r, need, f)
    }

    fn grow_charged(&mut self, r: ObjRef, need: usize, f: &mut dyn FnMut(&mut Obj) -> Result<(), Refused>) -> PyResult<()> {
        if !self.heap.reserve(need) {
            return Err(self.memory_error());
        }
        let before = self.heap.get(r).size_estimate();
        let out = f(self.heap.get_mut(r));
        self.heap.resized(r, before);
        out.map_err(|_| self.refused())
    }

    /// An empty vector for `n` items native code is about to copy in, asked of the allocator
    /// fallibly: MemoryError, not an abort, when the heap or a fragmented board heap has no room.
    pub fn buffer<T>(&mut self, n: usize) -> PyResult<Vec<T>> {
        if !self.heap.reserve(n.saturating_mul(core::mem::size_of::<T>())) {
            return Err(self.memory_error());
        }
        crate::heap::try_vec(n).map_err(|_| self.refused())
    }

    /// A copy of a list's or tuple's items (`None` for anything else), asked of the allocator
    /// fallibly.
    pub fn copy_items(&mut self, r: ObjRef) -> PyResult<Option<Vec<Value>>> {
        let Some(n) = self.heap.seq_items(r).map(<[Value]>::len) else { return Ok(None) };
        let mut out = self.buffer(n)?;
        out.extend_from_slice(self.heap.seq_items(r).unwrap_or_default());
        Ok(Some(out))
    }

    /// Room in `out`, text native code is building (a repr, a formatted result), for `extra`
    /// more bytes: grown fallibly, doubling, so a text that outgrows the heap is MemoryError,
    /// not an abort. A small text is not checked against the heap (as `heap::try_vec`).
    pub fn text_room(&mut self, out: &mut impl TextBuf, extra: usize) -> PyResult<()> {
        if out.capacity() - out.len() >= extra {
            return Ok(());
        }
        let add = extra.max(out.len());
        let total = out.len().saturating_add(add);
        if total > crate::heap::SMALL_BLOCK && !self.heap.reserve(total) {
            return Err(self.memory_error());
        }
        out.try_reserve(add).map_err(|_| self.refused())
    }

    /// Room on the VM's stacks for one more frame and a VM stack of `need` slots (the frame's
    /// base plus its code's `span`): they grow with recursion, so their growth is asked of the
    /// allocator fallibly (a board heap filled by a deep recursion's locals is MemoryError, not
    /// an abort), and the frame's pushes then fit without reallocating.
    #[inline]
    pub(crate) fn reserve_frame(&mut self, need: usize) -> PyResult<()> {
        if need > self.stack.room() || self.frames.len() == self.frames.capacity() {
            return self.grow_stacks(need);
        }
        Ok(())
    }

    /// `reserve_frame`'s growth, checked against the heap's limit too (the stacks' new buffers
    /// live beside the old ones while they are copied).
    #[cold]
    fn grow_stacks(&mut self, need: usize) -> PyResult<()> {
        let stack = need.max(self.stack.room() * 2) * core::mem::size_of::<Value>();
        let frames = (self.frames.capacity() * 2).max(4) * core::mem::size_of::<super::Frame>();
        if !self.heap.reserve(stack + frames) {
            return Err(self.memory_error());
        }
        let more = need.saturating_sub(self.stack.len());
        if self.stack.try_reserve(more).is_err() || self.frames.try_reserve(1).is_err() {
            return Err(self.refused());
        }
        Ok(())
    }

    /// The allocator refused a fallible request: MemoryError, and the next safe point collects.
    pub fn refused(&mut self) -> Exc {
        self.heap.starve();
        self.memory_error()
    }

    /// Account for growth of an object whose size `size_estimate` does not follow.
    pub fn charge(&mut self, bytes: usize) -> PyResult<()> {
        if self.heap.charge(bytes) {
            Ok(())
        } else {
            Err(self.memory_error())
        }
    }

    pub fn memory_error(&mut self) -> Exc {
        // One instance, made with the VM: raising MemoryError must not need room on the heap.
        let r = match self.memory_error.kind() {
            Kind::Obj(r) => r,
            _ => {
                let cls = self.ty(TypeId::MemoryError);
                let r = self.new_exc_obj(cls, Vec::new());
                self.memory_error = Value::Obj(r);
                r
            }
        };
        if let Obj::Instance(i) = self.heap.get_mut(r) {
            if let Some(e) = i.exc_mut() {
                e.traceback.clear();
            }
        }
        self.raise_ref(r)
    }

    pub fn new_str(&mut self, s: &str) -> PyResult<Value> {
        self.alloc(Obj::Str(PyStr::new(s)))
    }

    pub fn new_string(&mut self, s: String) -> PyResult<Value> {
        if s.len() != s.capacity() && self.heap.metered() {
            return self.new_string_fitted(s);
        }
        self.alloc(Obj::Str(PyStr::from_string(s)))
    }

    /// `new_string` on a board's heap, spare capacity given back fallibly (`heap::fit`).
    #[cold]
    #[inline(never)]
    fn new_string_fitted(&mut self, mut s: String) -> PyResult<Value> {
        if crate::heap::fit(&mut s).is_err() {
            return Err(self.refused());
        }
        self.alloc(Obj::Str(PyStr::from_string(s)))
    }

    pub fn new_list(&mut self, items: Vec<Value>) -> PyResult<Value> {
        self.alloc(Obj::List(items))
    }

    pub fn new_tuple(&mut self, items: Vec<Value>) -> PyResult<Value> {
        self.alloc(Obj::Tuple(items.into_boxed_slice()))
    }

    pub fn new_bytes(&mut self, b: Vec<u8>) -> PyResult<Value> {
        self.alloc(Obj::Bytes(b))
    }

    pub fn new_dict(&mut self) -> PyResult<Value> {
        self.alloc(Obj::Dict(alloc::boxed::Box::default()))
    }

    /// A dict with MicroPython's `alloc` slots: `n` for a literal of `n` keys or a call with
    /// `n` keyword arguments.
    pub fn new_dict_alloc(&mut self, n: usize) -> PyResult<Value> {
        let table = crate::obj::Dict::with_alloc(n).map_err(|_| self.refused())?;
        self.alloc(Obj::Dict(alloc::boxed::Box::new(table)))
    }

    /// An ordered dict: a built-in module's namespace, as MicroPython's ROM tables.
    pub fn new_ordered_dict(&mut self) -> PyResult<Value> {
        self.alloc(Obj::Dict(alloc::boxed::Box::new(crate::obj::Dict::ordered())))
    }

    /// An int from a big integer, small when it fits.
    pub fn new_bigint(&mut self, b: BigInt) -> PyResult<Value> {
        match b.to_i64().and_then(Value::small) {
            Some(v) => Ok(v),
            None => self.alloc(Obj::BigInt(alloc::boxed::Box::new(b))),
        }
    }

    /// An int from any `i64`: a heap big int beyond the small ints' range.
    #[inline]
    pub fn new_int(&mut self, i: i64) -> PyResult<Value> {
        match Value::small(i) {
            Some(v) => Ok(v),
            None => self.alloc(Obj::BigInt(alloc::boxed::Box::new(BigInt::from(i)))),
        }
    }

    /// A new exception instance of class `cls` with `args`, raised.
    pub fn new_exc(&mut self, cls: crate::heap::ObjRef, args: Vec<Value>) -> Exc {
        let r = self.new_exc_obj(cls, args);
        self.raise_ref(r)
    }

    /// A new exception instance, not raised (making one must not replace the one being raised).
    fn new_exc_obj(&mut self, cls: crate::heap::ObjRef, args: Vec<Value>) -> crate::heap::ObjRef {
        let args = Value::Obj(self.heap.alloc_forced(Obj::Tuple(args.into_boxed_slice())));
        let inst = Instance::new(cls, Value::Null, Some(ExcData::new(args)));
        self.heap.alloc_forced(Obj::Instance(inst))
    }

    /// An exception of type `id` with a message.
    #[inline]
    pub fn err(&mut self, id: TypeId, msg: impl AsRef<str>) -> Exc {
        self.err_str(id, msg.as_ref())
    }

    /// [`Vm::err`]'s body, once: generic over the message, it was a copy per message type.
    #[inline(never)]
    fn err_str(&mut self, id: TypeId, msg: &str) -> Exc {
        let m = Value::Obj(self.heap.alloc_forced(Obj::Str(PyStr::new(msg))));
        let cls = self.ty(id);
        self.new_exc(cls, alloc::vec![m])
    }

    /// An exception of type `id` with a formatted message: a call site passes `format_args!`
    /// rather than a `format!` string it would own and drop (−441 B gzipped over ~70 sites).
    pub fn err_fmt(&mut self, id: TypeId, msg: core::fmt::Arguments) -> Exc {
        self.err_str(id, &alloc::fmt::format(msg))
    }

    /// An exception of type `id` with no arguments.
    pub fn err0(&mut self, id: TypeId) -> Exc {
        let cls = self.ty(id);
        self.new_exc(cls, Vec::new())
    }

    pub fn type_error(&mut self, msg: impl AsRef<str>) -> Exc {
        self.err(TypeId::TypeError, msg)
    }

    pub fn value_error(&mut self, msg: impl AsRef<str>) -> Exc {
        self.err(TypeId::ValueError, msg)
    }

    pub fn index_error(&mut self, msg: impl AsRef<str>) -> Exc {
        self.err(TypeId::IndexError, msg)
    }

    pub fn key_error(&mut self, key: Value) -> Exc {
        let cls = self.ty(TypeId::KeyError);
        self.new_exc(cls, alloc::vec![key])
    }

    pub fn attr_error(&mut self, msg: impl AsRef<str>) -> Exc {
        self.err(TypeId::AttributeError, msg)
    }

    pub fn zero_division(&mut self, msg: &str) -> Exc {
        self.err(TypeId::ZeroDivisionError, msg)
    }

    pub fn overflow_error(&mut self, msg: &str) -> Exc {
        self.err(TypeId::OverflowError, msg)
    }

    /// An int past MicroPython's machine word where one is needed (`mp_obj_get_int`).
    pub fn word_overflow(&mut self) -> Exc {
        self.overflow_error("overflow converting long int to machine word")
    }

    /// A range's length as `len()` and indexing need it: a count past the machine word
    /// (`range(-2**62, 2**62)`, or `range(2**40)` on a 32-bit board or in wasm) is an
    /// OverflowError, where MicroPython's wrapping arithmetic answers 0 or traps.
    pub fn range_size(&mut self, start: i64, stop: i64, step: i64) -> PyResult<usize> {
        let n = crate::vm::ops::range_len(start, stop, step);
        usize::try_from(n).ok().filter(|&n| n <= isize::MAX as usize).ok_or_else(|| self.word_overflow())
    }

    /// `StopIteration(value)`.
    pub fn stop_iteration(&mut self, value: Value) -> Exc {
        let cls = self.ty(TypeId::StopIteration);
        let args = if value.is_none() || value.is_null() { Vec::new() } else { alloc::vec![value] };
        self.new_exc(cls, args)
    }
}

