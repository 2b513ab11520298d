//! `vm::Host` over a [`Board`]: console output, the clock and Ctrl-C.

use alloc::rc::Rc;
use core::cell::RefCell;

use crate::board::Board;
use crate::console::Console;

pub struct BoardHost<B: Board> {
    console: Rc<RefCell<Console<B>>>,
}

impl<B: Board> BoardHost<B> {
    pub fn new(console: Rc<RefCell<Console<B>>>) -> Self {
        BoardHost { console }
    }
}

impl<B: Board + 'static> vm::Host for BoardHost<B> {
    fn write(&mut self, bytes: &[u8]) {
        self.console.borrow_mut().write_cooked(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        self.console.borrow_mut().board.ticks_us()
    }
    fn sleep_us(&mut self, us: u64) {
        let mut c = self.console.borrow_mut();
        let end = c.board.ticks_us().saturating_add(us);
        while c.board.ticks_us() < end && !c.interrupt_pending() {
            c.board.idle(Some(end));
        }
    }
    fn interrupted(&mut self) -> bool {
        self.console.borrow_mut().take_interrupt()
    }
}
