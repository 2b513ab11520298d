//! The VM driven the way the browser drives it — `run` in slices with a clock the test moves —
//! over a host wired to the board: timers during sleep, IRQs from button presses, Stop.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use board::Board;
use vm::host::{OsError, PinMode, Pull};
use vm::types::TypeId;
use vm::value::Value;
use vm::{Config, Host, Poll, Vm};

#[derive(Clone, Default)]
struct Shared {
    board: Rc<RefCell<Board>>,
    clock_us: Rc<Cell<u64>>,
    out: Rc<RefCell<String>>,
    stop: Rc<Cell<bool>>,
}

struct TestHost(Shared);

impl Host for TestHost {
    fn write(&mut self, bytes: &[u8]) {
        self.0.out.borrow_mut().push_str(&String::from_utf8_lossy(bytes));
    }
    fn ticks_us(&mut self) -> u64 {
        self.0.clock_us.get()
    }
    fn sleep_us(&mut self, us: u64) {
        self.0.clock_us.set(self.0.clock_us.get() + us);
    }
    fn interrupted(&mut self) -> bool {
        self.0.stop.replace(false)
    }
    fn pin_config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        self.0.board.borrow_mut().pin_config(pin, mode, pull);
        Ok(())
    }
    fn pin_write(&mut self, pin: u32, level: bool) {
        self.0.board.borrow_mut().pin_write(pin, level)
    }
    fn pin_read(&mut self, pin: u32) -> bool {
        self.0.board.borrow().pin_read(pin)
    }
    fn pin_irq(&mut self, pin: u32, trigger: u8) {
        self.0.board.borrow_mut().set_irq(pin, trigger)
    }
    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        self.0.board.borrow_mut().take_edge()
    }
}

fn start(src: &str) -> (Vm, Shared) {
    let s = Shared::default();
    let mut vm = Vm::new(Config::default(), Box::new(TestHost(s.clone())));
    if let Err(e) = vm.start_main(src, "main.py") {
        panic!("compile: {}", vm.format_exception(vm.exc_value(e)));
    }
    (vm, s)
}

/// Run to the end, jumping the clock to each wake-up; every sleep the VM asks for is recorded.
fn run_jumping(vm: &mut Vm, s: &Shared) -> Vec<u64> {
    let mut wakes = Vec::new();
    for _ in 0..10_000 {
        match vm.run(10_000) {
            Poll::Done => return wakes,
            Poll::Yielded => {}
            Poll::Sleep(until) => {
                wakes.push(until);
                s.clock_us.set(until.max(s.clock_us.get()));
            }
            Poll::Error(e) => panic!("{}", vm.format_exception(Value::Obj(e))),
            Poll::Input => panic!("these programs read no input"),
        }
    }
    panic!("program did not end");
}

#[test]
fn a_periodic_timer_fires_during_sleep() {
    let (mut vm, s) = start(
        "from machine import Timer\nimport time\nhits = []\n\
         Timer(0).init(period=100, callback=lambda t: hits.append(time.ticks_ms()))\n\
         time.sleep(1)\nprint(hits)\n",
    );
    let wakes = run_jumping(&mut vm, &s);
    assert_eq!(*s.out.borrow(), "[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]\n");
    assert!(wakes.iter().all(|w| w % 100_000 == 0), "the VM wakes for each timer: {:?}", wakes);
}

#[test]
fn calling_run_early_during_sleep_sleeps_on() {
    let (mut vm, s) = start("import time\ntime.sleep_ms(50)\nprint('woke')\n");
    assert_eq!(vm.run(1000), Poll::Sleep(50_000));
    s.clock_us.set(16_000);
    assert_eq!(vm.run(1000), Poll::Sleep(50_000));
    assert_eq!(*s.out.borrow(), "");
    s.clock_us.set(50_000);
    assert_eq!(vm.run(1000), Poll::Done);
    assert_eq!(*s.out.borrow(), "woke\n");
}

#[test]
fn stop_ends_a_sleep_and_a_busy_loop() {
    let (mut vm, s) = start("import time\ntime.sleep(10)\n");
    assert!(matches!(vm.run(1000), Poll::Sleep(_)));
    s.stop.set(true);
    match vm.run(1000) {
        Poll::Error(e) => assert!(vm.is_instance_of(Value::Obj(e), TypeId::KeyboardInterrupt)),
        p => panic!("expected KeyboardInterrupt, got {:?}", p),
    }
    let (mut vm, s) = start("while True:\n    pass\n");
    assert_eq!(vm.run(5000), Poll::Yielded);
    s.stop.set(true);
    match vm.run(5000) {
        Poll::Error(e) => assert!(vm.is_instance_of(Value::Obj(e), TypeId::KeyboardInterrupt)),
        p => panic!("expected KeyboardInterrupt, got {:?}", p),
    }
}

#[test]
fn a_button_press_runs_its_irq_handler_inside_a_busy_loop() {
    let (mut vm, s) = start(
        "from machine import Pin\nseen = []\n\
         btn = Pin(4, Pin.IN, Pin.PULL_UP)\n\
         btn.irq(handler=lambda p: seen.append(p.value()), trigger=Pin.IRQ_FALLING)\n\
         while not seen:\n    pass\nprint('pressed', seen, btn)\n",
    );
    assert_eq!(vm.run(20_000), Poll::Yielded);
    s.board.borrow_mut().set_button(4, true);
    for _ in 0..10 {
        if vm.run(20_000) == Poll::Done {
            break;
        }
    }
    assert_eq!(*s.out.borrow(), "pressed [0] Pin(4)\n");
}

#[test]
fn an_irq_during_sleep_is_served_within_ten_ms() {
    let (mut vm, s) = start(
        "from machine import Pin\nimport time\n\
         Pin(0).irq(lambda p: print('boot', time.ticks_ms()), Pin.IRQ_FALLING)\n\
         time.sleep(1)\n",
    );
    let Poll::Sleep(until) = vm.run(10_000) else { panic!("expected a sleep") };
    assert_eq!(until, 10_000, "edges are polled every 10 ms while IRQs are armed");
    s.clock_us.set(5_000);
    s.board.borrow_mut().set_button(0, true);
    s.clock_us.set(until);
    assert!(matches!(vm.run(10_000), Poll::Sleep(_)));
    assert_eq!(*s.out.borrow(), "boot 10\n");
}

#[test]
fn a_program_that_ends_leaves_the_board_as_it_is() {
    let (mut vm, s) = start("from machine import Pin\nPin(2, Pin.OUT).on()\nPin(26, Pin.OUT, value=1)\n");
    run_jumping(&mut vm, &s);
    let mut frame = Vec::new();
    s.board.borrow().snapshot(&mut frame);
    assert_eq!(frame.len(), board::FRAME_LEN);
    assert_eq!(&frame[1..5], &[255, 0, 255, 0]);
}
