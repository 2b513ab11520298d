//! The extension objects behind values (`Obj::Ext`: arrays, memoryviews, streams, peripherals,
//! module state), looked up by type for every module that defines one.

use crate::obj::Obj;
use crate::value::{Kind, Value};
use crate::vm::{Exc, PyResult, Vm};

pub fn ext_ref<T: 'static>(vm: &Vm, v: Value) -> Option<&T> {
    ext_any(vm, v)?.downcast_ref()
}

pub fn ext_mut<T: 'static>(vm: &mut Vm, v: Value) -> Option<&mut T> {
    ext_any_mut(vm, v)?.downcast_mut()
}

/// The extension object of type `T` behind `v`, else TypeError `msg`.
pub fn ext_or<'a, T: 'static>(vm: &'a mut Vm, v: Value, msg: &str) -> PyResult<&'a mut T> {
    match v.kind() {
        // Looked up twice: returning the first borrow on one path only does not pass the
        // borrow checker. The second lookup finds what the first did, so its error is never read.
        Kind::Obj(_) if ext_ref::<T>(vm, v).is_some() => ext_mut::<T>(vm, v).ok_or(Exc::unreachable()),
        _ => Err(vm.type_error(msg)),
    }
}

/// The extension object behind `v`: the lookup is not generic, so each type's `ext_ref`/`ext_mut`
/// adds only its type check to the wasm.
fn ext_any(vm: &Vm, v: Value) -> Option<&dyn core::any::Any> {
    match v.kind() {
        Kind::Obj(r) => match vm.heap.get(r) {
            Obj::Ext(e) => Some(e.as_any()),
            _ => None,
        },
        _ => None,
    }
}

fn ext_any_mut(vm: &mut Vm, v: Value) -> Option<&mut dyn core::any::Any> {
    match v.kind() {
        Kind::Obj(r) => match vm.heap.get_mut(r) {
            Obj::Ext(e) => Some(e.as_any_mut()),
            _ => None,
        },
        _ => None,
    }
}
