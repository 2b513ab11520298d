//! Python-level checks of the module objects (array, memoryview, json, re),
//! with expected output from MicroPython's unix port.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use crate::vm::{Config, Vm};

struct Capture(Rc<RefCell<Vec<u8>>>);

impl crate::host::Host for Capture {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
}

fn run(src: &str) -> String {
    let out = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(Config::default(), Box::new(Capture(out.clone())));
    let r = vm.start_main(src, "<test>").and_then(|_| vm.run_to_end());
    if let Err(e) = r {
        let msg = vm.format_exception(vm.exc_value(e));
        out.borrow_mut().extend_from_slice(msg.as_bytes());
    }
    let bytes = out.borrow().clone();
    crate::builtins::text::lossy(&bytes)
}

fn check(src: &str, expected: &str) {
    assert_eq!(run(src), expected, "program:\n{src}");
}

#[test]
fn array_and_memoryview() {
    check(
        "from array import array\na = array('h', [1, -2])\na.append(70000)\na.extend(b'\\x01\\x00')\n\
         print(a, bytes(a[:1]), a == array('H', [1, 65534, 4464, 1]), b'x' + array('b', [65]))\n\
         m = memoryview(a)\nm[0] = 9\nprint(a[0], list(m[1:3]), m.itemsize)\n\
         b = bytearray(b'abcd')\nmemoryview(b)[1:3] = b'XY'\nprint(b)\n\
         try:\n    a[::2]\nexcept NotImplementedError as e:\n    print(e)\n",
        "array('h', [1, -2, 4464, 1]) b'\\x01\\x00' True b'xA'\n9 [-2, 4464] 2\nbytearray(b'aXYd')\n\
         only slices with step=1 (aka None) are supported\n",
    );
}

/// array, memoryview and struct store numbers through one conversion (`array::int_bits`,
/// `item_word`, `word_item`), as MicroPython's `binary.c`: an `__int__` giving a big int
/// overflows in all of them; ints are truncated; an array's `P` reads signed, struct's unsigned.
#[test]
fn numbers_stored_in_arrays_and_structs() {
    check(
        "import struct\nfrom array import array\nclass Big:\n    def __int__(self): return 2**70\n\
         class Seven:\n    def __int__(self): return 7\n\
         for f in (lambda: array('i', [Big()]), lambda: struct.pack('i', Big()), lambda: array('b', [1.5])):\n\
         \x20   try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n\
         print(array('B', [Seven(), 2**70 + 3, -1]), array('P', [-2]), struct.unpack('<P', struct.pack('<q', -2)))\n\
         m = memoryview(array('h', [0]))\nm[0] = 2**20 + 5\n\
         print(m[0], array('Q', [2**64 - 1])[0], array('d', [0.1])[0], array('f', [0.1])[0], struct.unpack('>e', b'\\x3c\\x01'))\n",
        "OverflowError overflow converting long int to machine word\nOverflowError overflow converting long int to machine word\n\
         TypeError can't convert float to int\narray('B', [7, 3, 255]) array('P', [-2]) (18446744073709551614,)\n\
         5 18446744073709551615 0.1 0.10000000149011612 (1.0009765625,)\n",
    );
}

/// `struct.pack_into` writes where a memoryview of the target would (`memoryview::view_of`):
/// a bytearray (a subclass too), an array, a view's window; bytes and short windows refuse.
#[test]
fn pack_into_writes_through_the_buffer_a_memoryview_would_see() {
    check(
        "import struct\nfrom array import array\nclass BA(bytearray): pass\nb = BA(4)\n\
         struct.pack_into('<h', b, 1, 258)\na = array('h', [0, 0, 0])\nstruct.pack_into('<h', memoryview(a)[1:], 0, -3)\n\
         print(b, a)\nfor t in (b'xx', memoryview(b'abcd'), memoryview(bytearray(8))[2:3]):\n\
         \x20   try:\n        struct.pack_into('<h', t, 0, 1)\n    except Exception as e:\n        print(type(e).__name__, e)\n",
        "bytearray(b'\\x00\\x02\\x01\\x00') array('h', [0, -3, 0])\n\
         TypeError object with buffer protocol required\nTypeError object with buffer protocol required\n\
         ValueError buffer too small\n",
    );
}

/// What a slice of an array or memoryview takes (`array::slice_source`): what a memoryview
/// would see of a bytes, bytearray, array or view, with the same item size and both sides
/// objects or neither; not a str or an instance of a subclass.
#[test]
fn slice_assignment_sources() {
    check(
        "from array import array\nclass BA(bytearray): pass\nfor mk in (lambda: array('B', [1, 2, 3]), lambda: memoryview(array('O', [1, 2, 3]))):\n    for s in (b'xy', BA(b'xy'), 'xy', array('h', [7, 8]), array('O', [7, 8]), memoryview(b'xyz')[1:], [1, 2]):\n        d = mk()\n        try:\n            d[0:2] = s\n            print(list(d))\n        except Exception as e:\n            print(type(e).__name__, e)\n",
        "[120, 121, 3]\nNotImplementedError array/bytes required on right side\nNotImplementedError array/bytes required on right side\nValueError lhs and rhs should be compatible\nValueError lhs and rhs should be compatible\n[121, 122, 3]\nNotImplementedError array/bytes required on right side\nValueError lhs and rhs should be compatible\nNotImplementedError array/bytes required on right side\nNotImplementedError array/bytes required on right side\nValueError lhs and rhs should be compatible\n[7, 8, 3]\nValueError lhs and rhs should be compatible\nNotImplementedError array/bytes required on right side\n",
    );
}

/// `memoryview.hex` is `bytes.hex` of the view's bytes, separator rules included.
#[test]
fn memoryview_hex_is_bytes_hex() {
    check("from array import array\nm = memoryview(array('h', [258]))\nfor args in ((), ('::',), (b'-',), (b'\\xff',), (5,)):\n    try:\n        print(repr(m.hex(*args)), repr(memoryview(b'')[:0].hex(*args)))\n    except Exception as e:\n        print(type(e).__name__, e)\n", "'0201' ''\n'02:01' ''\n'02-01' ''\n'02\\x0001' ''\nTypeError can't convert 'int' object to str implicitly\n");
}

#[test]
fn json() {
    check(
        "import json\nprint(json.dumps({'a': (1, 2.5, None, True)}), json.dumps([1, 'x\\n'], separators=(',', ':')))\n\
         print(json.loads('{\"a\": [1, -2.5e1, \"\\\\u00e9\", null]}'), json.loads(b'9111222333444555666'))\n\
         for s in ('[1', '{\"a\":', ']', '[1] x'):\n    try:\n        json.loads(s)\n    except ValueError as e:\n        print(e)\n\
         a = []\nfor i in range(5000):\n    a = [a]\ntry:\n    json.dumps(a)\nexcept RuntimeError as e:\n    print(e)\n\
         x = json.loads('[' * 10000 + ']' * 10000)\nn = 0\nwhile x:\n    x = x[0]\n    n += 1\nprint(n)\n",
        "{\"a\": [1, 2.5, null, true]} [1,\"x\\n\"]\n{'a': [1, -25.0, '\u{e9}', None]} 9111222333444555666\n\
         syntax error in JSON\nsyntax error in JSON\nsyntax error in JSON\nsyntax error in JSON\n\
         maximum recursion depth exceeded\n9999\n",
    );
}

/// A host whose Ctrl-C is pressed once the program has printed something.
struct PressCtrlC(Rc<RefCell<Vec<u8>>>);

impl crate::host::Host for PressCtrlC {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        0
    }
    fn interrupted(&mut self) -> bool {
        !self.0.borrow().is_empty()
    }
}

/// `(a|a)*b` on 40 `a`s takes ~2^40 steps: the matcher asks the host about Ctrl-C as it goes.
#[test]
fn ctrl_c_stops_a_runaway_pattern() {
    let out = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(Config::default(), Box::new(PressCtrlC(out.clone())));
    let src = "import re\nr = re.compile('(a|a)*b')\ns = 'a' * 40\nprint('go')\ntry:\n    r.match(s)\nexcept KeyboardInterrupt:\n    print('stopped')\n";
    vm.start_main(src, "<test>").and_then(|_| vm.run_to_end()).unwrap();
    assert_eq!(crate::builtins::text::lossy(&out.borrow()), "go\nstopped\n");
}

/// An object array or a view of one added to bytes: bytes' `+` (`concat`, through
/// `buffer_radd`) refuses it (MicroPython adds its pointers); `__radd__` called directly.
#[test]
fn bytes_plus_object_array() {
    check(
        "from array import array\nfor r in (array('O', [1]), memoryview(array('O')), array('b', [2])):\n    for l in (b'a', bytearray(b'b')):\n        try:\n            print(l + r)\n        except TypeError as e:\n            print(e)\nprint(array('b', [1]).__radd__(b'x'), memoryview(b'q').__radd__(bytearray(b'x')), array('b').__radd__(5))\n",
        "object with buffer protocol required\nobject with buffer protocol required\nobject with buffer protocol required\nobject with buffer protocol required\nb'a\\x02'\nbytearray(b'b\\x02')\nb'x\\x01' bytearray(b'xq') NotImplemented\n",
    );
}
