//! `errno`: the error numbers MicroPython's unix port exposes, and `errorcode`.
//!
//! `name` is public so the core can render `OSError(5)` as `[Errno 5] EIO` like MicroPython.

use crate::value::Kind;
use super::math::build_module;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// (name, number), in MicroPython's `errorcode` order (by number).
pub const CODES: &[(&str, i64)] = &[
    ("EPERM", 1),
    ("ENOENT", 2),
    ("EIO", 5),
    ("EBADF", 9),
    ("EAGAIN", 11),
    ("ENOMEM", 12),
    ("EACCES", 13),
    ("EEXIST", 17),
    ("ENODEV", 19),
    ("EISDIR", 21),
    ("EINVAL", 22),
    ("EOPNOTSUPP", 95),
    ("EADDRINUSE", 98),
    ("ECONNABORTED", 103),
    ("ECONNRESET", 104),
    ("ENOBUFS", 105),
    ("ENOTCONN", 107),
    ("ETIMEDOUT", 110),
    ("ECONNREFUSED", 111),
    ("EHOSTUNREACH", 113),
    ("EALREADY", 114),
    ("EINPROGRESS", 115),
];

/// The symbolic name of an error number, if MicroPython knows it.
pub fn name(code: i64) -> Option<&'static str> {
    CODES.iter().find(|(_, c)| *c == code).map(|(n, _)| *n)
}

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let table = vm.new_ordered_dict()?;
    let Kind::Obj(t) = table.kind() else { return Err(vm.memory_error()) };
    let mut items = alloc::vec::Vec::with_capacity(CODES.len() + 1);
    for (n, c) in CODES {
        let s = vm.intern(n);
        let sv = vm.sym_value(s);
        vm.dict_set(t, Value::Int(*c), sv)?;
        items.push((*n, Value::Int(*c)));
    }
    if let Obj::Dict(d) = vm.heap.get_mut(t) {
        d.fixed = true;
    }
    items.push(("errorcode", table));
    build_module(vm, "errno", Value::Null, &[], &items)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        assert_eq!(super::name(5), Some("EIO"));
        assert_eq!(super::name(9999), None);
        assert!(super::CODES.windows(2).all(|w| w[0].1 < w[1].1));
    }
}
