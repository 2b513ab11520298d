//! The port's main loop: feed received bytes to the shell, run code in slices, idle otherwise.

use alloc::boxed::Box;
use alloc::rc::Rc;
use core::cell::RefCell;

use vm::{Config, Vm};

use crate::board::Board;
use crate::console::Console;
use crate::host::BoardHost;
use crate::shell::{Shell, ShellPoll};

/// What a port chooses.
pub struct Settings {
    /// The VM's heap (what `gc.mem_free()` counts down from).
    pub heap_size: usize,
    /// `sys.platform`.
    pub platform: &'static str,
    /// The first line of the friendly REPL.
    pub banner: &'static str,
    /// Instructions per slice: small enough that Ctrl-C and echo are handled within milliseconds.
    pub budget: u64,
}

/// Boot the VM on `board` and serve the console forever.
pub fn run<B: Board + 'static>(board: B, settings: Settings) -> ! {
    let console = Rc::new(RefCell::new(Console::new(board)));
    let host = BoardHost::new(console.clone());
    let mut vm = Vm::new(Config { heap_size: settings.heap_size, platform: settings.platform }, Box::new(host));
    let mut shell = Shell::new(settings.banner);
    shell.start(&mut vm);
    // While a program sleeps: when it wakes.
    let mut wake_at: Option<u64> = None;
    loop {
        // Each borrow of the console ends before the VM runs, which reaches it through the host.
        if shell.running() {
            if console.borrow_mut().take_interrupt() {
                vm.interrupt();
                wake_at = None;
            }
        } else {
            loop {
                // Not `while let`: its temporary borrow would last through the body.
                let byte = console.borrow_mut().take_byte();
                let Some(b) = byte else { break };
                shell.feed(&mut vm, b);
            }
        }
        if let Some(until) = wake_at {
            let mut c = console.borrow_mut();
            if c.board.ticks_us() < until {
                if !c.interrupt_pending() {
                    c.board.idle(Some(until));
                }
                continue;
            }
            wake_at = None;
        }
        match shell.poll(&mut vm, settings.budget) {
            ShellPoll::Busy => {}
            ShellPoll::Sleep(until) => wake_at = Some(until),
            ShellPoll::Idle => {
                let mut c = console.borrow_mut();
                if !c.has_input() {
                    c.board.idle(None);
                }
            }
        }
    }
}
