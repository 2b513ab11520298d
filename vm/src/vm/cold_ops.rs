//! The instructions a program runs rarely (name-dict access at module and class level,
//! `del`, imports, `with`, `async`, building sets/dicts/strings, unpacking with `*`), run
//! outside `Vm::execute`: each native re-entry (a `__repr__`, a key function, a generator
//! resumed from native code) pays `execute`'s stack frame, and their locals made it larger
//! (the chips' stacks hold only a few re-entries). The hot instructions stay in the loop.

use crate::value::Kind;
use alloc::vec::Vec;

use super::{PyResult, Vm};
use crate::bytecode::{format_flags, make_function_flags, Code, Op};
use crate::heap::ObjRef;
use crate::intern::sym;
use crate::obj::Obj;
use crate::types::TypeId;
use crate::value::Value;

impl Vm {
    #[inline(never)]
    pub(super) fn cold_op(&mut self, op: Op, fi: usize, code_obj: ObjRef, code: &Code) -> PyResult<()> {
        match op {
            Op::GetYieldFromIter => {
                let v = self.top();
                let it = match v.kind() {
                    Kind::Obj(r) if matches!(self.heap.get(r), Obj::Generator(_)) => v,
                    _ => self.get_iter(v)?,
                };
                if let Some(top) = self.stack.last_mut() {
                    *top = it;
                }
            }
            Op::DeleteFast(i) => {
                let slot = self.frames[fi].base + i as usize;
                if self.stack[slot].is_null() {
                    return Err(self.err(TypeId::NameError, "local variable referenced before assignment"));
                }
                self.stack[slot] = Value::Null;
            }
            Op::DeleteDeref(i) => {
                let cell = self.stack[self.frames[fi].cell_slot(code, i)];
                if self.cell_get(cell).is_null() {
                    return Err(self.err(TypeId::NameError, "local variable referenced before assignment"));
                }
                self.cell_set(cell, Value::Null);
            }
            Op::LoadAssertionError => {
                let c = Value::Obj(self.ty(TypeId::AssertionError));
                self.stack.push(c);
            }
            Op::LoadClosure(i) => {
                let cell = self.stack[self.frames[fi].cell_slot(code, i)];
                self.stack.push(cell);
            }
            Op::LoadClassDeref { name, cell } => {
                let key = self.name_value(code_obj, name);
                let ns = self.frames[fi].locals;
                let found = match ns.kind() {
                    Kind::Obj(d) => self.dict_get(d, key)?,
                    _ => None,
                };
                let v = match found {
                    Some(v) => v,
                    None => {
                        let c = self.stack[self.frames[fi].cell_slot(code, u32::from(cell))];
                        self.cell_get(c)
                    }
                };
                if v.is_null() {
                    return Err(self.name_error(key));
                }
                self.stack.push(v);
            }
            Op::LoadName(i) => {
                let key = self.name_value(code_obj, i);
                let v = match self.frames[fi].locals.kind() {
                    Kind::Obj(d) => self.dict_get(d, key)?,
                    _ => None,
                };
                let v = match v {
                    Some(v) => v,
                    None => {
                        let g = self.frames[fi].globals.get();
                        self.load_global(g, key)?
                    }
                };
                self.stack.push(v);
            }
            Op::StoreName(i) => {
                let v = self.pop();
                let ns = self.name_ns(fi);
                self.dict_set(ns, self.name_value(code_obj, i), v)?;
            }
            Op::DeleteName(i) | Op::DeleteGlobal(i) => {
                let ns = if matches!(op, Op::DeleteName(_)) { self.name_ns(fi) } else { self.frames[fi].globals.get() };
                let key = self.name_value(code_obj, i);
                // MicroPython deletes from the namespace dict: a missing name is its KeyError.
                if self.dict_remove(ns, key)?.is_none() {
                    return Err(self.key_error(key));
                }
            }
            Op::DeleteAttr(i) => {
                let obj = self.top();
                self.delattr(obj, code.names[i as usize])?;
                self.pop();
            }
            Op::DeleteSubscr => {
                let idx = self.peek(0);
                let obj = self.peek(1);
                self.delitem(obj, idx)?;
                self.stack.truncate(self.stack.len() - 2);
            }
            Op::LoadBuildClass => {
                let key = self.sym_value(sym::__BUILD_CLASS__);
                let v = crate::builtins::builtin(self, key).unwrap_or(Value::None);
                self.stack.push(v);
            }
            Op::ExcMatch => {
                let t = self.peek(0);
                let e = self.peek(1);
                let m = self.exception_matches(e, t)?;
                *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = Value::bool(m);
            }
            Op::BuildSet(n) => {
                // The items stay on the stack, and the set is rooted, while `__hash__` runs.
                let (n, alloc) = crate::bytecode::split_sized(n);
                let at = self.stack.len() - n;
                let items = self.stack[at..].to_vec();
                let set = crate::builtins::set::build(self, items, false, alloc)?;
                self.stack.truncate(at);
                self.stack.push(set);
            }
            Op::BuildMap(n) => {
                let (n, alloc) = crate::bytecode::split_sized(n);
                let at = self.stack.len() - 2 * n;
                let d = self.new_dict_alloc(alloc)?;
                self.stack.push(d);
                if let Kind::Obj(dr) = d.kind() {
                    for i in 0..n as usize {
                        let k = self.stack[at + 2 * i];
                        let v = self.stack[at + 2 * i + 1];
                        self.dict_set(dr, k, v)?;
                    }
                }
                self.stack.truncate(at);
                self.stack.push(d);
            }
            Op::BuildString(n) => {
                let at = self.stack.len() - n as usize;
                let mut s = alloc::string::String::new();
                let mut len = 0;
                for i in at..self.stack.len() {
                    len += self.as_str(self.stack[i]).map_or(0, str::len);
                }
                self.text_room(&mut s, len)?;
                for i in 0..n as usize {
                    let part = self.stack[at + i];
                    if let Some(p) = self.as_str(part) {
                        s.push_str(p);
                    }
                }
                let v = self.new_string(s)?;
                self.stack.truncate(at);
                self.stack.push(v);
            }
            Op::FormatValue(flags) => {
                let spec = if flags & format_flags::HAS_SPEC != 0 { self.pop() } else { Value::Null };
                let v = self.top();
                let r = self.format_value(v, flags & format_flags::CONV_MASK, spec)?;
                *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = r;
            }
            // `[*a]`, `{*a}`, `{**m}` and `f(**m)`: fold the top into the target `d` below it.
            Op::ListExtend(d) | Op::SetUpdate(d) | Op::DictUpdate(d) | Op::DictMerge(d) => {
                let source = self.top();
                let target = self.peek(d as usize);
                match op {
                    Op::ListExtend(_) => self.list_extend(target, source)?,
                    Op::SetUpdate(_) => self.set_update(target, source)?,
                    _ => self.dict_update(target, source, matches!(op, Op::DictMerge(_)))?,
                }
                self.pop();
            }
            Op::ListToTuple => {
                let l = self.top();
                let items = match l.kind() {
                    Kind::Obj(r) => match self.heap.get(r) {
                        Obj::List(items) => items.clone(),
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                let t = self.new_tuple(items)?;
                *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = t;
            }
            Op::UnpackEx { before, after } => {
                let seq = self.top();
                let items = self.unpack(seq, before as usize, Some(after as usize))?;
                self.pop();
                self.stack.extend(items.into_iter().rev());
            }
            Op::MakeFunction(flags) => {
                let code_v = self.pop();
                let closure = if flags & make_function_flags::CLOSURE != 0 { self.pop() } else { Value::Null };
                let kwdefaults = if flags & make_function_flags::KWDEFAULTS != 0 { self.pop() } else { Value::Null };
                let defaults = if flags & make_function_flags::DEFAULTS != 0 { self.pop() } else { Value::Null };
                let f = self.make_function(code_v, defaults, kwdefaults, closure, self.frames[fi].globals.get())?;
                self.stack.push(f);
            }
            Op::GetAwaitable => {
                let v = self.top();
                let it = self.get_awaitable(v)?;
                *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = it;
            }
            // `__aiter__`'s result replaces the object, `__anext__`'s goes above it.
            Op::GetAIter | Op::GetANext => {
                let v = self.top();
                let aiter = matches!(op, Op::GetAIter);
                let r = self.call_method(v, if aiter { sym::__AITER__ } else { sym::__ANEXT__ }, &[])?;
                if aiter {
                    self.pop();
                }
                self.stack.push(r);
            }
            // `with` and `async with` differ in their dunders and in what the exit's result
            // leaves: `with` drops it or pushes its truth, `async with` pushes it to await.
            Op::BeforeWith | Op::BeforeAsyncWith => {
                let (exit_name, enter_name) =
                    if matches!(op, Op::BeforeWith) { (sym::__EXIT__, sym::__ENTER__) } else { (sym::__AEXIT__, sym::__AENTER__) };
                let ctx = self.top();
                let exit = self.getattr(ctx, exit_name)?;
                let n = self.stack.len();
                self.stack[n - 1] = exit;
                let enter = self.call_method(ctx, enter_name, &[])?;
                self.stack.push(enter);
            }
            Op::WithExit | Op::AsyncWithExit => {
                let exit = self.top();
                let aw = self.call_value(exit, &[Value::None, Value::None, Value::None])?;
                *self.stack.last_mut().unwrap_or_else(|| unreachable!()) = aw;
                if matches!(op, Op::WithExit) {
                    self.pop();
                }
            }
            Op::WithExcept | Op::AsyncWithExcept => {
                let exc = self.peek(0);
                let exit = self.peek(1);
                let t = Value::Obj(self.type_of(exc));
                let mut r = self.call_value(exit, &[t, exc, Value::None])?;
                if matches!(op, Op::WithExcept) {
                    r = Value::bool(self.truthy(r)?);
                }
                self.stack.push(r);
            }
            Op::ImportName(i) => {
                let fromlist = self.pop();
                let level = self.pop();
                let name = code.names[i as usize];
                let m = self.import_name(name, fromlist, level)?;
                self.stack.push(m);
            }
            Op::ImportStar => {
                let m = self.pop();
                let ns = self.name_ns(fi);
                self.import_star(m, ns)?;
            }
            Op::ImportFrom(i) => {
                let m = self.top();
                let v = self.import_from(m, code.names[i as usize])?;
                self.stack.push(v);
            }
            Op::PrintExpr => {
                let v = self.pop();
                self.repl_print(v)?;
            }
            Op::LoadLocals => {
                let l = self.frames[fi].locals;
                self.stack.push(l);
            }
            // `raise exc` and `raise exc from cause` (a bare `raise` stays in the loop: it keeps
            // the traceback).
            Op::Raise(n) => {
                let cause = if n > 1 { Some(self.pop()) } else { None };
                let v = self.pop();
                let e = self.make_exception(v)?;
                if let Some(cause) = cause {
                    self.set_cause(self.exc_value(e), cause);
                }
                return Err(e);
            }
            _ => return Err(self.err(TypeId::RuntimeError, "bad bytecode")),
        }
        Ok(())
    }

    /// Where frame `fi` binds names by name (`StoreName`, `import *`): its locals dict at
    /// class level, else its globals.
    fn name_ns(&self, fi: usize) -> ObjRef {
        match self.frames[fi].locals.kind() {
            Kind::Obj(d) => d,
            _ => self.frames[fi].globals.get(),
        }
    }
}
