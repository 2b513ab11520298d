//! The REPL driven byte by byte, compared with what MicroPython sends.

extern crate std;

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::*;
use crate::host::{Host, OsError};
use crate::Config;

/// Output captured for the test, and a small in-memory file system.
#[derive(Default)]
struct Wire {
    out: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
    ticks: u64,
}

struct TestHost(Rc<RefCell<Wire>>);

impl Host for TestHost {
    fn write(&mut self, bytes: &[u8]) {
        self.0.borrow_mut().out.extend_from_slice(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        let mut w = self.0.borrow_mut();
        w.ticks += 1000;
        w.ticks
    }
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, OsError> {
        let w = self.0.borrow();
        w.files.iter().find(|(n, _)| n == path).map(|(_, d)| d.clone()).ok_or(OsError(crate::host::errno::ENOENT))
    }
}

struct Session {
    vm: Vm,
    repl: Repl,
    wire: Rc<RefCell<Wire>>,
}

const BANNER: &str = "Ferrite v0.1.0 on 2026-11-25; test\r\nType \"help()\" for more information.\r\n";

impl Session {
    fn with(config: ReplConfig, heap: usize, files: &[(&str, &str)]) -> Session {
        let wire = Rc::new(RefCell::new(Wire::default()));
        for (n, d) in files {
            wire.borrow_mut().files.push((String::from(*n), Vec::from(d.as_bytes())));
        }
        let mut vm = Vm::new(Config { heap_size: heap, platform: "test", ..Config::default() }, Box::new(TestHost(wire.clone())));
        let mut repl = Repl::new(ReplConfig { banner: String::from("2026-11-25; test"), ..config });
        repl.start(&mut vm);
        let mut s = Session { vm, repl, wire };
        s.settle();
        s
    }

    fn new() -> Session {
        Session::with(ReplConfig::default(), 1 << 20, &[])
    }

    /// Poll until the REPL waits for input (bounded: a test that never settles fails).
    fn settle(&mut self) -> ReplPoll {
        for _ in 0..10_000 {
            match self.repl.poll(&mut self.vm, 10_000) {
                ReplPoll::Busy | ReplPoll::Sleep(_) => {}
                r => return r,
            }
        }
        panic!("the REPL never settled: {:?}", self.take());
    }

    fn take(&mut self) -> String {
        let out = core::mem::take(&mut self.wire.borrow_mut().out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn send_bytes(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.repl.feed(&mut self.vm, bytes);
        self.settle();
        core::mem::take(&mut self.wire.borrow_mut().out)
    }

    /// Type bytes, let the REPL work, return what it sent.
    fn send(&mut self, bytes: &[u8]) -> String {
        String::from_utf8_lossy(&self.send_bytes(bytes)).into_owned()
    }
}

#[test]
fn banner_and_prompt() {
    let mut s = Session::new();
    assert_eq!(s.take(), alloc::format!("{}>>> ", BANNER));
}

#[test]
fn expressions_echo_their_repr_and_set_underscore() {
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"1+1\r"), "1+1\r\n2\n>>> ");
    assert_eq!(s.send(b"'a'*2\r"), "'a'*2\r\n'aa'\n>>> ");
    assert_eq!(s.send(b"_\r"), "_\r\n'aa'\n>>> ");
}

#[test]
fn blocks_auto_indent_and_end_at_a_blank_line() {
    // Byte for byte what MicroPython's unix port sends (less its terminal's extra \r).
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"for i in range(2):\r"), "for i in range(2):\r\n...     ");
    assert_eq!(s.send(b"print(i)\r"), "print(i)\r\n...     ");
    assert_eq!(s.send(b"\r"), "\r\n...     ");
    assert_eq!(s.send(b"\r"), "\r\n... ");
    assert_eq!(s.send(b"\r"), "\r\n0\n1\n>>> ");
    // A space after the automatic indent takes it back to one space.
    assert_eq!(s.send(b"if 1:\r"), "if 1:\r\n...     ");
    assert_eq!(s.send(b"  x=2\r"), "\x08\x08\x08 x=2\r\n... ");
    assert_eq!(s.send(b"\r"), "\r\n>>> ");
    assert_eq!(s.send(b"x\r"), "x\r\n2\n>>> ");
}

#[test]
fn errors_print_a_traceback_and_the_prompt_comes_back() {
    let mut s = Session::new();
    s.take();
    assert_eq!(
        s.send(b"abx\r"),
        "abx\r\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'abx' isn't defined\n>>> "
    );
    assert_eq!(s.send(b"1+\r"), "1+\r\nTraceback (most recent call last):\n  File \"<stdin>\", line 1\nSyntaxError: invalid syntax\n>>> ");
}

#[test]
fn cursor_keys_history_and_editing() {
    let mut s = Session::new();
    s.take();
    // Left twice, then insert: MicroPython redraws from the cursor and steps back.
    assert_eq!(s.send(b"x\x1b[D\x1b[Dab"), "x\x08ax\x08bx\x08");
    s.send(b"\r");
    assert_eq!(s.send(b"import sys\r"), "import sys\r\n>>> ");
    assert_eq!(s.send(b"\x1b[A"), "import sys");
    // Back to the older, shorter line: the rest is erased.
    assert_eq!(s.send(b"\x1b[A"), "\x1b[10D\x1b[Kabx");
    assert_eq!(s.send(b"\x1b[B"), "\x08\x08\x08import sys");
}

#[test]
fn every_home_end_and_delete_sequence() {
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"abc"), "abc");
    for (home, end) in [(&b"\x1b[H"[..], &b"\x1b[F"[..]), (b"\x1bOH", b"\x1bOF"), (b"\x1b[1~", b"\x1b[4~"), (b"\x1b[7~", b"\x1b[8~"), (b"\x01", b"\x05")] {
        assert_eq!(s.send(home), "\x08\x08\x08");
        assert_eq!(s.send(end), "abc");
    }
    // Not keys here: ESC O A (an arrow in application mode), ESC [ 5 ~, ESC [ 1 2 ~ (whose `~` is typed).
    assert_eq!(s.send(b"\x1bOA\x1b[5~"), "");
    assert_eq!(s.send(b"\x1b[12~"), "~");
    assert_eq!(s.send(b"\x01\x1b[3~"), "\x08\x08\x08\x08\x1b[Kbc~\x08\x08\x08");
    assert_eq!(s.send(b"\x03"), "\r\n>>> ");
}

#[test]
fn history_goes_back_to_an_empty_line() {
    let mut s = Session::new();
    s.take();
    s.send(b"1\r2\r");
    assert_eq!(s.send(b"\x1b[A"), "2");
    assert_eq!(s.send(b"\x1b[A"), "\x081");
    assert_eq!(s.send(b"\x1b[A"), "");
    assert_eq!(s.send(b"\x1b[B"), "\x082");
    assert_eq!(s.send(b"\x1b[B"), "\x08\x1b[K");
    assert_eq!(s.send(b"\x1b[B"), "");
    assert_eq!(s.send(b"\x1b[A\r"), "2\r\n2\n>>> ");
}

#[test]
fn ctrl_c_cancels_and_ctrl_b_prints_the_banner() {
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"abc\x03"), "abc\r\n>>> ");
    assert_eq!(s.send(b"\x02"), alloc::format!("\r\n{}>>> ", BANNER));
}

#[test]
fn paste_mode() {
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"\x05"), "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
    assert_eq!(s.send(b"x=1\ry=x+1\r"), "x=1\r\n=== y=x+1\r\n=== ");
    assert_eq!(s.send(b"print(y)\x04"), "print(y)\r\n2\n>>> ");
    assert_eq!(s.send(b"\x05if 1:\r\x03"), "\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== if 1:\r\n=== \r\n>>> ");
}

#[test]
fn tab_completes_one_match_and_lists_several() {
    let mut s = Session::new();
    s.take();
    s.send(b"xyzzy=3\r");
    assert_eq!(s.send(b"xy\t"), "xyzzy");
    assert_eq!(s.send(b"\r"), "\r\n3\n>>> ");
    s.send(b"import sys\r");
    let listed = s.send(b"sys.p\t");
    assert_eq!(listed, "sys.p\r\npath            platform        print_exception\r\nps1             ps2\r\n>>> sys.p".replace("\r\nps1             ps2", if listed.contains("ps1") { "\r\nps1             ps2" } else { "" }));
    s.send(b"\x03");
    assert_eq!(s.send(b"im\t"), "import ");
}

#[test]
fn tab_after_non_ascii_text_completes_the_name() {
    // The name starts after the last byte outside `[A-Za-z0-9_.]`: a multi-byte character
    // before it is skipped whole (a char search once cut the line inside it).
    let mut s = Session::new();
    s.take();
    s.send(b"xyzzy=3\r");
    let out = s.send("'\u{e9}'+str(xy\t".as_bytes());
    assert!(out.ends_with("zzy"), "{out:?}");
}

#[test]
fn raw_repl_exactly_as_micropython() {
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"\x01"), "\r\nraw REPL; CTRL-B to exit\r\n>");
    assert_eq!(s.send(b"print(1)\x04"), "OK1\n\x04\x04>");
    assert_eq!(
        s.send(b"1/0\x04"),
        "OK\x04Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nZeroDivisionError: divide by zero\n\x04>"
    );
    assert_eq!(s.send(b"x=\x03print(2)\x04"), "OK2\n\x04\x04>");
    assert_eq!(s.send(b"\x02"), alloc::format!("\r\n{}>>> ", BANNER));
}

#[test]
fn raw_paste_with_flow_control() {
    let mut s = Session::new();
    s.take();
    s.send(b"\x01");
    assert_eq!(s.send_bytes(b"\x05A\x01"), b"R\x01\x80\x00\x01");
    // 300 bytes of source: a window byte after each 128.
    let mut src = Vec::from(&b"x = 0\n"[..]);
    while src.len() < 300 - 9 {
        src.extend_from_slice(b"x += 1\n");
    }
    src.extend_from_slice(b"print(x)\n");
    let n = src.len();
    let out = s.send(&src);
    assert_eq!(out, "\x01".repeat(n / 128));
    let runs = (n - 6 - 9) / 7;
    assert_eq!(s.send(b"\x04"), alloc::format!("\x04{}\n\x04\x04>", runs));
    // An unknown raw-paste command is refused and the raw prompt stays.
    assert_eq!(s.send(b"\x05B\x01"), "R\x00>");
    // Ctrl-C in the middle of raw-paste: end of data, then KeyboardInterrupt.
    assert_eq!(s.send_bytes(b"\x05A\x01"), b"R\x01\x80\x00\x01");
    assert_eq!(s.send(b"print(\x03"), "\x04\x04KeyboardInterrupt: \n\x04>");
}

#[test]
fn soft_reset_gives_fresh_globals() {
    let mut s = Session::new();
    s.send(b"a = 5\r");
    assert_eq!(s.send(b"\x04"), alloc::format!("\r\nMPY: soft reboot\r\n{}>>> ", BANNER));
    assert!(s.send(b"a\r").contains("NameError: name 'a' isn't defined"));
    // From the raw REPL, as mpremote does it: back in the raw REPL afterwards.
    s.send(b"\x01");
    assert_eq!(s.send(b"\x04"), "OK\r\nMPY: soft reboot\r\nraw REPL; CTRL-B to exit\r\n>");
    // sys.exit() in the friendly REPL resets a board.
    s.send(b"\x02");
    assert_eq!(s.send(b"import sys; sys.exit()\r"), alloc::format!("import sys; sys.exit()\r\nMPY: soft reboot\r\n{}>>> ", BANNER));
}

#[test]
fn a_terminal_session_ends_at_ctrl_d() {
    let mut s = Session::with(ReplConfig { end_session_on_exit: true, ..ReplConfig::default() }, 1 << 20, &[]);
    s.take();
    s.repl.feed(&mut s.vm, b"\x04");
    assert_eq!(s.settle(), ReplPoll::Exit(0));
    let mut s = Session::with(ReplConfig { end_session_on_exit: true, ..ReplConfig::default() }, 1 << 20, &[]);
    s.repl.feed(&mut s.vm, b"raise SystemExit(3)\r");
    assert_eq!(s.settle(), ReplPoll::Exit(3));
}

#[test]
fn ctrl_c_interrupts_a_running_program() {
    let mut s = Session::new();
    s.take();
    s.repl.feed(&mut s.vm, b"while True: pass\r\r");
    for _ in 0..5 {
        assert_eq!(s.repl.poll(&mut s.vm, 1000), ReplPoll::Busy);
    }
    assert!(s.repl.is_running());
    let out = s.send(b"\x03");
    assert!(out.ends_with("KeyboardInterrupt: \n>>> "), "{:?}", out);
    // A sleeping program too.
    s.repl.feed(&mut s.vm, b"import time; time.sleep(1000)\r");
    assert!(matches!(s.repl.poll(&mut s.vm, 1000), ReplPoll::Sleep(_)));
    assert!(s.send(b"\x03").ends_with("KeyboardInterrupt: \n>>> "));
}

#[test]
fn ctrl_c_interrupts_an_operator_method() {
    // `a + b` runs `__add__` as a frame of the loop (no nested run with an endless budget), so
    // the program yields to the port in slices and a Ctrl-C reaches it.
    let mut s = Session::new();
    s.take();
    s.send(b"exec('class V:\\n def __add__(self, o):\\n  while True: pass')\r");
    s.repl.feed(&mut s.vm, b"V() + 1\r");
    for _ in 0..5 {
        assert_eq!(s.repl.poll(&mut s.vm, 1000), ReplPoll::Busy);
    }
    let out = s.send(b"\x03");
    assert!(out.ends_with("in __add__\nKeyboardInterrupt: \n>>> "), "{:?}", out);
    assert_eq!(s.send(b"1 + 1\r"), "1 + 1\r\n2\n>>> ");
}

#[test]
fn input_reads_from_the_same_stream() {
    let mut s = Session::new();
    s.take();
    assert_eq!(s.send(b"n = input('name? ')\r"), "n = input('name? ')\r\nname? ");
    assert_eq!(s.send(b"Ada\r"), "Ada\r\n>>> ");
    assert_eq!(s.send(b"n\r"), "n\r\n'Ada'\n>>> ");
    // Ctrl-D on an empty line is end of input; Ctrl-C interrupts.
    s.send(b"input()\r");
    assert!(s.send(b"\x04").ends_with("EOFError: \n>>> "));
    s.send(b"input()\r");
    assert!(s.send(b"\x03").ends_with("KeyboardInterrupt: \n>>> "));
    // Typed ahead of the prompt, as a pasted script would.
    assert_eq!(s.send(b"print(input() * 2)\rab\r"), "print(input() * 2)\r\nab\r\nabab\n>>> ");
}

#[test]
fn boot_and_main_run_before_the_banner() {
    let mut s = Session::with(
        ReplConfig { run_boot_files: true, ..ReplConfig::default() },
        1 << 20,
        &[("boot.py", "print('boot')"), ("main.py", "print('main')\nx = 7")],
    );
    assert_eq!(s.take(), alloc::format!("boot\nmain\n{}>>> ", BANNER));
    assert_eq!(s.send(b"x\r"), "x\r\n7\n>>> ");
}

#[test]
fn oversized_input_is_a_memory_error() {
    let mut s = Session::with(ReplConfig { max_source: 1000, ..ReplConfig::default() }, 1 << 20, &[]);
    s.send(b"\x01");
    let mut big = Vec::from(&b"x = '"[..]);
    big.resize(5000, b'a');
    big.extend_from_slice(b"'\x04");
    assert_eq!(s.send(&big), "OK\x04MemoryError: input too long for the REPL\n\x04>");
    assert_eq!(s.send(b"print(3)\x04"), "OK3\n\x04\x04>");
    // Ctrl-C drops an oversized source, raw or raw-paste: the next one runs.
    big.truncate(5000);
    s.send(&big);
    assert_eq!(s.send(b"\x03print(4)\x04"), "OK4\n\x04\x04>");
    s.send(b"\x05A\x01");
    s.send(&big);
    assert_eq!(s.send(b"\x03"), "\x04\x04KeyboardInterrupt: \n\x04>");
    assert_eq!(s.send(b"print(5)\x04"), "OK5\n\x04\x04>");
}

/// A tiny xorshift, so the noise is the same on every run.
fn noise(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn random_bytes_never_break_it() {
    let mut seed = 0x2545_f491_4f6c_dd1d;
    for round in 0..300 {
        let mut s = Session::with(ReplConfig { max_source: 4096, max_pending: 4096, ..ReplConfig::default() }, 128 * 1024, &[]);
        for _ in 0..20 {
            let len = (noise(&mut seed) % 64) as usize;
            let bytes: Vec<u8> = (0..len).map(|_| {
                let r = noise(&mut seed);
                // Mostly control keys and escape sequences, where the states are.
                match r % 4 {
                    0 => (r >> 8) as u8 % 8,
                    1 => b"\x1b[ABCD~O3\r\t :("[((r >> 8) % 14) as usize],
                    _ => (r >> 16) as u8,
                }
            }).collect();
            s.repl.feed(&mut s.vm, &bytes);
            for _ in 0..50 {
                match s.repl.poll(&mut s.vm, 2000) {
                    ReplPoll::Busy => {}
                    ReplPoll::Sleep(_) => s.repl.feed(&mut s.vm, b"\x03"),
                    _ => break,
                }
            }
        }
        // Whatever state it is in, this gets it back to a friendly prompt that answers.
        s.repl.feed(&mut s.vm, b"\x03\x03\x02\x03");
        for _ in 0..1000 {
            if s.repl.poll(&mut s.vm, 100_000) == ReplPoll::Idle && !s.repl.is_running() {
                break;
            }
            s.repl.feed(&mut s.vm, b"\x03");
        }
        s.take();
        let out = s.send(b"\x03\x02print(6*7)\r");
        assert!(out.ends_with("print(6*7)\r\n42\n>>> "), "round {}: {:?}", round, out);
    }
}

#[test]
fn inbox_hands_bytes_out_in_order() {
    let mut inbox = Inbox::default();
    let mut want = std::collections::VecDeque::new();
    let mut rng = crate::testing::Rng(5);
    for i in 0..5000u32 {
        if rng.below(3) != 0 {
            inbox.bytes.push(i as u8);
            want.push_back(i as u8);
        } else {
            assert_eq!(inbox.pop(), want.pop_front());
        }
        assert_eq!(inbox.len(), want.len());
    }
    inbox.clear();
    assert!(inbox.is_empty() && inbox.pop().is_none());
}
