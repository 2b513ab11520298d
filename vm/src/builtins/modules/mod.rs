//! Built-in modules. Each file holds one module and exports `init(vm) -> module`; `find` maps
//! names to them, so `import` creates a module only when a program asks for it (and the VM
//! keeps it, outside `sys.modules`, as MicroPython's ROM modules are).

pub mod array;
pub mod cmath;
pub mod errno;
pub mod ext;
pub mod gc;
pub mod io;
pub mod machine;
pub mod math;
pub mod memoryview;
pub mod micropython;
pub mod os;
pub mod random;
pub mod re;
pub mod struct_;
pub mod sys;
pub mod time;
#[cfg(test)]
mod module_tests;

use alloc::vec::Vec;

use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub type Init = fn(&mut Vm) -> PyResult<Value>;

const MODULES: &[(&str, Init)] = &[
    ("builtins", builtins_module),
    ("sys", sys::init),
    ("gc", gc::init),
    ("time", time::init),
    ("io", io::init),
    ("math", math::init),
    ("cmath", cmath::init),
    ("random", random::init),
    ("errno", errno::init),
    ("micropython", micropython::init),
    ("os", os::init),
    ("struct", struct_::init),
    ("array", array::init),
    ("machine", machine::init),
    ("uarray", array::init_alias),
];

/// A frozen module: its name, its source as `build.rs` ships it (without its comments), and for
/// one that stands in for one of MicroPython's C modules (its frames then stay out of
/// tracebacks) the natives its Python is written over, put in its namespace before it runs.
pub type Frozen = (&'static str, &'static str, Option<super::Table>);

macro_rules! frozen {
    ($name:literal) => {
        ($name, include_str!(concat!(env!("OUT_DIR"), "/", $name, ".py")), None)
    };
    ($name:literal, stand_in $natives:expr) => {
        ($name, include_str!(concat!(env!("OUT_DIR"), "/", $name, ".py")), Some($natives))
    };
}

/// Modules written in Python (`py/`), compiled when first imported. Logic-heavy modules cost
/// less as Python source than as Rust in the wasm.
pub const FROZEN: &[Frozen] = &[
    frozen!("binascii", stand_in &[]),
    frozen!("collections", stand_in crate::builtins::dict::COLLECTIONS_NATIVES),
    frozen!("framebuf", stand_in &[]),
    frozen!("heapq", stand_in &[]),
    frozen!("json", stand_in &[]),
    frozen!("neopixel"),
    frozen!("re", stand_in re::NATIVES),
    frozen!("ssd1306"),
];

/// Names listed by `help('modules')`.
pub const NAMES: &[&str] = &[
    "array",
    "binascii",
    "builtins",
    "cmath",
    "collections",
    "errno",
    "framebuf",
    "gc",
    "heapq",
    "io",
    "json",
    "machine",
    "math",
    "micropython",
    "neopixel",
    "os",
    "random",
    "re",
    "ssd1306",
    "struct",
    "sys",
    "time",
];

/// `builtins`: a module over the VM's builtins namespace.
fn builtins_module(vm: &mut Vm) -> PyResult<Value> {
    let name = vm.intern("builtins");
    let dict = super::all_builtins(vm);
    vm.alloc(crate::obj::Obj::Module(alloc::boxed::Box::new(crate::obj::Module { name, dict })))
}

/// How many built-in modules there are: the VM keeps frozen stand-ins' modules after theirs.
pub const COUNT: usize = MODULES.len();

/// A built-in module's place in the table (where the VM caches it) and its maker.
pub fn find(name: &str) -> Option<(usize, Init)> {
    MODULES.iter().position(|(n, _)| *n == name).map(|i| (i, MODULES[i].1))
}

/// Build a module from natives and constants.
pub fn make_module(vm: &mut Vm, name: &str, funcs: &[super::Nat], consts: &[(&str, Value)]) -> PyResult<Value> {
    let (m, d) = vm.new_module(name, true)?;
    super::fill_dict(vm, d, funcs, &[]);
    for (k, v) in consts {
        let s = vm.intern(k);
        let key = vm.sym_value(s);
        vm.dict_set(d, key, *v)?;
    }
    Ok(m)
}

/// Set a name in a module's namespace.
pub fn set_attr(vm: &mut Vm, m: Value, name: &str, v: Value) -> PyResult<()> {
    let s = vm.intern(name);
    vm.setattr(m, s, v)
}

/// State the VM keeps for `sys` before the module is imported.
pub fn init_sys_state(vm: &mut Vm) {
    let empty = vm.sym_value(crate::intern::sym::EMPTY);
    let path = vm.heap.alloc_forced(crate::obj::Obj::List(alloc::vec![empty]));
    vm.sys.path = Value::Obj(path);
    let argv = vm.heap.alloc_forced(crate::obj::Obj::List(Vec::new()));
    vm.sys.argv = Value::Obj(argv);
    let exits = vm.heap.alloc_forced(crate::obj::Obj::List(Vec::new()));
    vm.sys.exit_funcs = Value::Obj(exits);
    io::init_std_streams(vm);
}

/// Bytes of buffer objects defined by modules (a BytesIO's, an array's, a memoryview's).
pub fn ext_buffer(vm: &Vm, v: Value) -> Option<Vec<u8>> {
    if let Some(b) = ext::ext_ref::<io::BytesBuf>(vm, v) {
        return (b.ring == 0).then(|| b.data.clone());
    }
    array::buffer_of(vm, v).map(|(_, b)| b)
}

#[cfg(test)]
mod tests {
    use super::FROZEN;

    #[test]
    fn frozen_modules_ship_without_comments_and_with_one_space_per_level() {
        let sources = [
            include_str!("py/binascii.py"),
            include_str!("py/collections.py"),
            include_str!("py/framebuf.py"),
            include_str!("py/heapq.py"),
            include_str!("py/json.py"),
            include_str!("py/neopixel.py"),
            include_str!("py/re.py"),
            include_str!("py/ssd1306.py"),
        ];
        assert_eq!(FROZEN.len(), sources.len());
        for (&(name, shipped, _), source) in FROZEN.iter().zip(sources) {
            assert!(shipped.len() < source.len(), "{name}");
            assert_eq!(shipped.lines().count(), source.lines().count(), "{name}");
            for (line, original) in shipped.lines().zip(source.lines()) {
                let code = original.trim();
                if code.starts_with('#') {
                    assert_eq!(line, "", "{name}");
                } else {
                    let indent = original.len() - original.trim_start().len();
                    assert_eq!(line, alloc::format!("{}{}", " ".repeat(indent.div_ceil(4)), code), "{name}");
                }
            }
        }
    }
}
