//! The heap seen from Python: garbage is collected before MemoryError, a genuinely too big
//! allocation still fails and leaves the VM usable, and built-in modules keep their identity.

extern crate std;

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::host::Host;
use crate::{Config, Value, Vm};

struct Out(Rc<RefCell<Vec<u8>>>);

impl Host for Out {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
}

fn vm_with(heap: usize) -> (Vm, Rc<RefCell<Vec<u8>>>) {
    let out = Rc::new(RefCell::new(Vec::new()));
    (Vm::new(Config { heap_size: heap, platform: "test", ..Config::default() }, Box::new(Out(out.clone()))), out)
}

/// Run `source` to its end; what it printed, then the exception if one escaped.
fn run(vm: &mut Vm, out: &Rc<RefCell<Vec<u8>>>, source: &str) -> String {
    let mut text = match vm.start_main(source, "<test>").and_then(|_| vm.run_to_end()) {
        Ok(()) => String::new(),
        Err(e) => vm.format_exception(vm.exc_value(e)),
    };
    text.insert_str(0, &String::from_utf8_lossy(&core::mem::take(&mut *out.borrow_mut())));
    text
}

/// A heap with `spare` bytes left once the built-ins are made. Every builtin and every type's
/// methods are made first (a program's first use makes them otherwise), so what a test measures
/// is its own program's memory.
fn small_vm(spare: usize) -> (Vm, Rc<RefCell<Vec<u8>>>) {
    let (mut vm, _) = vm_with(1 << 20);
    fill_types(&mut vm);
    let (mut small, out) = vm_with(vm.heap.used() + spare);
    fill_types(&mut small);
    (small, out)
}

fn fill_types(vm: &mut Vm) {
    crate::builtins::all_builtins(vm);
    for t in vm.types.clone() {
        vm.class_dict(t.get());
    }
    vm.collect_garbage();
}

#[test]
fn churn_in_a_small_heap_collects_instead_of_failing() {
    let (mut vm, out) = small_vm(32 * 1024);
    let src = "d = {}\nfor i in range(20000):\n    d[i % 50] = str(i) * 10\nprint(len(d))\n\
               l = []\nfor i in range(20000):\n    l.append(str(i))\n    if len(l) > 100:\n        l = []\n\
               s = ''\nfor i in range(3000):\n    s = s + 'x'\n    if len(s) > 1000:\n        s = ''\n\
               b = bytearray()\nfor i in range(5000):\n    b.extend(b'abc')\n    if len(b) > 900:\n        b = bytearray()\n\
               print('done')\n";
    assert_eq!(run(&mut vm, &out, src), "50\ndone\n");
    assert!(vm.heap.collections > 10, "the loops must have been kept alive by collections");
}

#[test]
fn too_big_is_still_memory_error_and_memory_comes_back() {
    let (mut vm, out) = small_vm(32 * 1024);
    let src = "try:\n    b = bytearray(100000)\nexcept MemoryError:\n    print('MemoryError')\n\
               l = []\ntry:\n    while True:\n        l.append('x' * 100)\nexcept MemoryError:\n    print('full', len(l) > 50)\n\
               l = None\nx = [str(i) for i in range(100)]\nprint(len(x))\n";
    assert_eq!(run(&mut vm, &out, src), "MemoryError\nfull True\n100\n");
    // The next program (as at the REPL) finds the memory free again.
    assert_eq!(run(&mut vm, &out, "l = [str(i) for i in range(200)]\nprint(len(l))\n"), "200\n");
}

#[test]
fn list_and_dict_growth_is_charged_by_capacity() {
    let (mut vm, out) = vm_with(1 << 20);
    run(&mut vm, &out, "import gc\nl = []\nd = {}\ngc.collect()\n");
    let before = vm.heap.used();
    run(&mut vm, &out, "for i in range(1000):\n    l.append(i)\n    d[i] = i\n");
    let grown = vm.heap.used() - before;
    vm.collect_garbage();
    // What growth charged is what a collection counts (less the second program's code and
    // iterator, garbage by then): nothing drifts between collections.
    let counted = vm.heap.used() - before;
    let (item, entry) = (core::mem::size_of::<Value>(), core::mem::size_of::<crate::obj::dict::Entry>());
    assert!(counted > 1000 * item + 1000 * entry && grown >= counted && grown - counted < 2048, "charged {} for {} counted", grown, counted);
}

#[test]
fn builtin_modules_are_made_once_and_kept_out_of_sys_modules() {
    let (mut vm, out) = vm_with(1 << 20);
    let src = "import sys\nprint('math' in sys.modules)\nimport math\nm = math\nimport math\n\
               print(m is math, 'math' in sys.modules)\n\
               import json, ujson\nprint(json is ujson)\n\
               sys.modules['json'] = 1\nimport json\nprint(json)\ndel sys.modules['json']\nimport json\nprint(json is ujson)\n";
    assert_eq!(run(&mut vm, &out, src), "False\nTrue False\nTrue\n1\nTrue\n");
}


#[test]
fn built_in_types_get_their_methods_on_first_use() {
    let (mut vm, out) = vm_with(1 << 20);
    let boot = vm.heap.used();
    // Start-up makes the classes, not their method objects (MicroPython's are in ROM).
    assert!(boot < 64 * 1024, "boot heap {boot}");
    let src = "print('a,b'.split(','), 'join' in dir(str), 'append' in list.__dict__)\n\
               class L(list):\n    pass\nl = L()\nl.append(1)\nprint(l, hasattr(3, 'to_bytes'))\n";
    assert_eq!(run(&mut vm, &out, src), "['a', 'b'] True True\n[1] True\n");
}

#[test]
fn a_type_first_used_in_a_full_heap_still_gets_every_method() {
    let methods = |vm: &mut Vm| {
        let str_type = vm.ty(crate::types::TypeId::Str);
        let d = vm.class_dict(str_type).unwrap();
        vm.dict_table(d).unwrap().len()
    };
    let (mut probe, _) = vm_with(1 << 20);
    let (mut vm, out) = vm_with(probe.heap.used() + 24 * 1024);
    let src = "l = []\ntry:\n    while True:\n        l.append([0] * 50)\nexcept MemoryError:\n    print('full')\n";
    assert_eq!(run(&mut vm, &out, src), "full\n");
    assert!(!vm.heap.has_room(2048), "the heap must be (nearly) full");
    assert_eq!(methods(&mut vm), methods(&mut probe));
}

#[test]
fn start_up_makes_builtins_and_type_namespaces_at_first_use() {
    use crate::obj::{class::NO_DICT, Obj};
    let (mut vm, out) = vm_with(1 << 20);
    let builtins_made = |vm: &Vm| vm.dict_table(vm.builtins).map_or(usize::MAX, |t| t.len());
    let namespaces = |vm: &Vm| vm.types.iter().filter(|t| matches!(vm.heap.get(t.get()), Obj::Class(c) if c.builtin.is_some() && c.dict.get() != NO_DICT)).count();
    assert_eq!((builtins_made(&vm), namespaces(&vm)), (0, 0));
    // The boot heap (gc.mem_alloc() after start-up) was 53 KB with both made eagerly.
    assert!(vm.heap.used() < 24 * 1024, "boot heap {} bytes", vm.heap.used());
    assert_eq!(run(&mut vm, &out, "print(len([1]), 'a'.upper())\n"), "1 A\n");
    assert_eq!((builtins_made(&vm), namespaces(&vm)), (2, 1));
}

/// What the metered test's "allocator" has handed out, objects included.
static IN_USE: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

struct Metered(Out);

impl Host for Metered {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes)
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
    fn allocator_in_use(&self) -> Option<fn() -> usize> {
        Some(|| IN_USE.load(core::sync::atomic::Ordering::Relaxed))
    }
}

#[test]
fn a_metered_heap_frees_and_refuses_by_the_allocators_count() {
    use core::sync::atomic::Ordering::Relaxed;
    let out = Rc::new(RefCell::new(Vec::new()));
    // The allocator has handed out 100 KB of a 256 KB heap: 156 KB are free, whatever the
    // VM's own count says.
    IN_USE.store(100 * 1024, Relaxed);
    let mut vm = Vm::new(Config { heap_size: 256 * 1024, platform: "test", ..Config::default() }, Box::new(Metered(Out(out.clone()))));
    let src = "import gc\nprint(gc.mem_free())\n\
               try:\n    x = bytearray(200 * 1024)\nexcept MemoryError:\n    print('MemoryError')\n\
               x = bytearray(100 * 1024)\nprint(len(x))\n";
    assert_eq!(run(&mut vm, &out, src), "159744\nMemoryError\n102400\n");
    // Its use grows past the VM's count (the port's buffers): the limit follows.
    IN_USE.store(240 * 1024, Relaxed);
    let src = "x = None\ngc.collect()\nprint(gc.mem_free())\n\
               try:\n    y = bytearray(50 * 1024)\nexcept MemoryError:\n    print('MemoryError')\n";
    assert_eq!(run(&mut vm, &out, src), "16384\nMemoryError\n");
}

/// The reserve test's flag: its "allocator" serves from the reserve whenever the program
/// prints `tap`.
static TAPPED: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

struct Reserve(Out);

impl Host for Reserve {
    fn write(&mut self, bytes: &[u8]) {
        if bytes.starts_with(b"tap") {
            TAPPED.store(true, core::sync::atomic::Ordering::Relaxed);
        }
        self.0.write(bytes)
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
    fn reserve_flag(&self) -> Option<&'static core::sync::atomic::AtomicBool> {
        Some(&TAPPED)
    }
}

#[test]
fn a_block_from_the_allocators_reserve_is_memory_error_and_the_vm_goes_on() {
    use core::sync::atomic::Ordering::Relaxed;
    let out = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(Config { heap_size: 256 * 1024, platform: "test", ..Config::default() }, Box::new(Reserve(Out(out.clone()))));
    let memory_error = "Traceback (most recent call last):\n  File \"<test>\", line 2, in <module>\nMemoryError: \n";
    // The next allocation raises, as at the heap's limit, and lowers the flag.
    let got = run(&mut vm, &out, "print('tap')\nx = [1, 2]\nprint('unreached')\n");
    assert_eq!(got, String::from("tap\n") + memory_error);
    assert!(!TAPPED.load(Relaxed));
    // The collection after it ran; the VM goes on.
    assert_eq!(run(&mut vm, &out, "x = [1, 2] * 3\nprint(len(x))\n"), "6\n");
    // Code that allocates nothing is stopped at the interrupt poll.
    let spin = "def spin():\n    i = 0\n    while i < 5000:\n        i += 1\n    return i\n";
    run(&mut vm, &out, spin);
    let got = run(&mut vm, &out, "print('tap')\nprint(spin())\n");
    assert!(got.starts_with("tap\nTraceback") && got.ends_with("\nMemoryError: \n"), "{got}");
    assert_eq!(run(&mut vm, &out, "print(spin())\n"), "5000\n");
    // Once a MemoryError is raised, what its report takes from the reserve before the
    // collection is not a second error; the collection lowers the flag.
    vm.heap.starve();
    TAPPED.store(true, Relaxed);
    assert!(!vm.heap.tapped());
    TAPPED.store(true, Relaxed);
    vm.collect_garbage();
    assert!(!TAPPED.load(Relaxed));
}

/// A heap filled to MemoryError and then freed gives its room back, as in MicroPython: the
/// objects made around the fill (the MemoryError itself, the objects kept after it) must not
/// pin the top of the grown slab. (The first round, with a small fill, makes what the VM makes
/// once on first use: bound builtins, interned names.)
#[test]
fn a_fill_gives_its_room_back() {
    let (mut vm, out) = vm_with(246 * 1024);
    let src = "import gc\n\
        def fill(n):\n    l = []\n    try:\n        while len(l) < n:\n            l.append([])\n    except MemoryError:\n        l = None\n\
        def rounds(n):\n    global keep\n    for _ in range(3):\n        fill(n)\n        gc.collect()\n        keep = [[] for i in range(50)]\n    gc.collect()\n    return gc.mem_free()\n\
        before = rounds(10)\nprint(before - rounds(10 ** 9))\n";
    let lost: i64 = run(&mut vm, &out, src).trim().parse().unwrap_or(i64::MAX);
    assert!(lost < 1024, "a fill kept {lost} bytes of the heap after it was freed");
}

/// The interpreter loop keeps the code it switched away from at hand by the code object's handle
/// alone. Here that code object dies and a new one may take its slot, made inside a nested run
/// (`exec`) while the outer loop holds the old one: each call must run its own code.
#[test]
fn a_code_object_reborn_in_a_freed_slot_runs_its_own_code() {
    let (mut vm, out) = vm_with(1 << 20);
    let src = "import gc\n\
        ns = {}\nbad = 0\n\
        for i in range(60):\n    exec('def g():\\n    return %d\\n' % i, ns)\n    if ns['g']() != i:\n        bad += 1\n    del ns['g']\n    gc.collect()\n\
        print(bad)\n";
    assert_eq!(run(&mut vm, &out, src), "0\n");
}

/// A failed import takes the module out of `sys.modules` before its error goes on. Here that
/// runs a key's `__eq__`, which raises and catches an exception of its own and collects: the
/// import's ValueError, set aside meanwhile (the VM holds one raised exception at a time), must
/// come out whole. (The module drops its own entry first, so the lookup reaches the key.)
#[test]
fn an_exception_set_aside_while_python_runs_survives_a_raise_and_a_collection() {
    let (mut vm, out) = vm_with(1 << 20);
    vm.frozen.push((
        "failing",
        "import sys, gc\n\
         class K:\n    def __hash__(self):\n        return hash('failing')\n\
         \x20   def __eq__(self, other):\n        try:\n            raise KeyError('eq')\n        except KeyError:\n            pass\n\
         \x20       gc.collect()\n        return False\n\
         del sys.modules['failing']\nsys.modules[K()] = 1\nraise ValueError('import failed')\n",
        None,
    ));
    let src = "try:\n    import failing\nexcept ValueError as e:\n    print(repr(e))\n";
    assert_eq!(run(&mut vm, &out, src), "ValueError('import failed',)\n");
}

/// A module is rooted for its whole import: putting it in `sys.modules` can run a key's
/// `__eq__` (here one that collects) before anything else refers to it.
#[test]
fn a_module_being_imported_survives_a_collection_in_sys_modules() {
    let (mut vm, out) = vm_with(1 << 20);
    vm.frozen.push(("quiet", "x = [1, 2, 3]\n", None));
    let src = "import sys, gc\n\
        class K:\n    def __hash__(self):\n        return hash('quiet')\n\
        \x20   def __eq__(self, other):\n        gc.collect()\n        return False\n\
        sys.modules[K()] = 1\nimport quiet\nprint(quiet.x, type(quiet))\n";
    assert_eq!(run(&mut vm, &out, src), "[1, 2, 3] <class 'module'>\n");
}

/// The collector cannot run inside an instruction, so a small request past the limit, made while
/// the count is within it, goes through and the next safe point collects: garbage made since the
/// last collection without allocating (a name rebound) is found, as MicroPython's allocator
/// finds it by collecting when a block does not fit. Only once: the next request past the limit
/// before that collection is refused.
#[test]
fn one_small_request_past_the_limit_goes_through_and_the_next_safe_point_collects() {
    use crate::heap::{Heap, ObjRef};
    use crate::obj::Obj;
    let bytes = |n: usize| Obj::Bytes(alloc::vec![0; n]);
    let mut heap = Heap::new(16 * 1024);
    // The first object only leaves a free slot for `pad`, which then needs no bigger slab.
    heap.alloc(bytes(0));
    let garbage = heap.alloc(bytes(8 * 1024)).unwrap_or(ObjRef(u64::MAX));
    heap.collect(|roots| roots.value(Value::Obj(garbage)));
    let left = heap.limit() - heap.used() - bytes(0).size_estimate();
    // Three bytes short of the limit, the room a fill may leave.
    let pad = heap.alloc(bytes(left - 3)).unwrap_or(ObjRef(u64::MAX));
    heap.collect(|roots| roots.values(&[Value::Obj(garbage), Value::Obj(pad)]));
    assert_eq!(heap.limit() - heap.used(), 3);
    // `garbage` is no longer referred to; the next small object does not fit the 3 bytes.
    let small = heap.alloc(bytes(0));
    assert!(small.is_some() && heap.wants_gc());
    assert!(heap.alloc(bytes(0)).is_none() && !heap.charge(8) && !heap.reserve(8), "only one request past the limit");
    let small = small.unwrap_or(ObjRef(u64::MAX));
    heap.collect(|roots| roots.values(&[Value::Obj(pad), Value::Obj(small)]));
    assert!(heap.free() > 7 * 1024, "the 8 KB came back: {} free", heap.free());
}

/// The same seen from Python: a heap left full to a few bytes by a collection while a list was
/// alive, then the list dropped by a local store (no safe point after it) and a new list built.
/// (`too_big_is_still_memory_error_and_memory_comes_back` failed so when a `Dict` 8 bytes
/// smaller left its fill 3 bytes short of the limit instead of 135.)
#[test]
fn a_list_dropped_in_a_heap_left_full_to_the_byte_is_found_again() {
    let (mut vm, out) = small_vm(32 * 1024);
    let src = "def fill():\n    l = []\n    try:\n        while True:\n            l.append('x' * 100)\n    except MemoryError:\n        return l\n\
               def again(l):\n    l = None\n    return len([str(i) for i in range(100)])\n\
               big = pad = None\nbig = fill()\n";
    assert_eq!(run(&mut vm, &out, src), "");
    let Ok((_, globals)) = vm.main_module() else { panic!("no __main__") };
    let name = |vm: &mut Vm, s: &str| {
        let sym = vm.intern(s);
        vm.sym_value(sym)
    };
    let (big_key, pad_key, again_key) = (name(&mut vm, "big"), name(&mut vm, "pad"), name(&mut vm, "again"));
    vm.collect_garbage();
    // Fill what is left but 3 bytes with a bytes object held by `pad`.
    let left = vm.heap.free() - crate::obj::Obj::Bytes(Vec::new()).size_estimate();
    let pad = vm.alloc(crate::obj::Obj::Bytes(alloc::vec![0; left - 3])).unwrap_or(Value::None);
    assert!(vm.dict_set(globals, pad_key, pad).is_ok());
    vm.collect_garbage();
    assert!(vm.heap.free() < core::mem::size_of::<crate::obj::Obj>(), "free {}", vm.heap.free());
    let (big, again) = (vm.dict_get_str(globals, big_key), vm.dict_get_str(globals, again_key));
    let (Some(big), Some(again)) = (big, again) else { panic!("no big or again") };
    assert!(vm.dict_set(globals, big_key, Value::None).is_ok());
    let got = vm.call_value(again, &[big]).map_err(|e| vm.format_exception(vm.exc_value(e)));
    assert_eq!(got.map(|v| v.as_int()), Ok(Some(100)));
}

/// A dict view's set operations make a set of each side: the first stays rooted while the
/// second is made, so the items tuples it alone holds survive the collections between.
#[test]
fn dict_view_algebra_keeps_its_sets_rooted() {
    let (mut vm, out) = small_vm(64_000);
    let src = "d = {i: str(i) for i in range(40)}\n\
               for _ in range(100):\n\
               \x20   r = d.items() & d.items()\n\
               \x20   assert len(r) == 40 and (5, '5') in r\n\
               print(len(d.keys() | {'z', 1}), {1, 99} - d.keys(), sorted(d.keys() ^ {0, 99})[:2])\n";
    assert_eq!(run(&mut vm, &out, src), "41 {99} [1, 2]\n");
}
