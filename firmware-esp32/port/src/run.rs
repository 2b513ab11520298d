//! The port's main loop: received bytes go to the VM's REPL state machine (`vm::repl`), which
//! runs programs in slices; between slices the board idles until input or a wake-up time.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use core::sync::atomic::AtomicBool;

use embedded_storage::nor_flash::NorFlash;
use vm::repl::{Repl, ReplConfig, ReplPoll};
use vm::{Config, Vm};

use crate::board::Board;
use crate::console::Console;
use crate::files::{Files, Found, Pages};
use crate::host::BoardHost;

/// What a port chooses.
pub struct Settings {
    /// The VM's heap: the allocator's RAM less [`crate::vm_heap_size`]'s reserve. Everything the
    /// allocator hands out counts against it (`allocator_in_use`), the VM's objects and the rest.
    pub heap_size: usize,
    /// Bytes the allocator has handed out (esp-alloc's `HEAP.used()`).
    pub allocator_in_use: fn() -> usize,
    /// Raised by the allocator when it serves a block from its emergency reserve
    /// (`reserve::TAPPED`): the VM raises MemoryError (`vm::Host::reserve_flag`).
    pub reserve_flag: Option<&'static AtomicBool>,
    /// `sys.platform`.
    pub platform: &'static str,
    /// The banner after `Ferrite vX.Y.Z on `: date, then `; ` and the machine.
    pub banner: &'static str,
    /// Bytes of stack below the caller's frame (the chip's stack end from its linker script).
    /// Native recursion may use all of it but [`crate::STACK_RESERVE`] (see `vm::stack`).
    pub stack_left: usize,
    /// Instructions per slice: small enough that Ctrl-C and echo are handled within milliseconds.
    pub budget: u64,
}

/// Boot the VM on `board` with its files in `flash` and serve the REPL forever.
pub fn run<B: Board + 'static, F: NorFlash + 'static>(board: B, flash: Option<Pages<F>>, settings: Settings) -> ! {
    let console = Rc::new(RefCell::new(Console::new(board)));
    let host = host(&console, flash, settings.allocator_in_use, settings.reserve_flag);
    // Made here, in `run`'s small frame: the VM's stack budget counts from where it is made.
    let mut vm = Vm::new(Config { heap_size: settings.heap_size, platform: settings.platform, stack_budget: settings.stack_left.saturating_sub(crate::STACK_RESERVE) }, host);
    let mut repl = Repl::new(ReplConfig {
        banner: String::from(settings.banner),
        run_boot_files: true,
        ..ReplConfig::default()
    });
    repl.start(&mut vm);
    let mut buf = [0u8; 256];
    loop {
        // Each borrow of the console ends before the VM runs, which reaches it through the host.
        let n = console.borrow_mut().take_bytes(&mut buf);
        if n > 0 {
            repl.feed(&mut vm, &buf[..n]);
        }
        let wake = match repl.poll(&mut vm, settings.budget) {
            ReplPoll::Busy => continue,
            ReplPoll::Idle => None,
            ReplPoll::Sleep(until) => Some(until),
            // Only with `end_session_on_exit`, which a board does not set.
            ReplPoll::Exit(_) => console.borrow_mut().board.reset(),
        };
        let mut c = console.borrow_mut();
        if !c.has_input() {
            c.board.idle(wake);
        }
    }
}

/// The VM's host, with the file system mounted, built in a frame of its own that is gone before
/// the VM runs: the file store's state (~9 KB) is built on the stack before it moves to the
/// heap, and inlined into `run` its copies made `run`'s frame 47 KB, below every program.
#[inline(never)]
fn host<B: Board + 'static, F: NorFlash + 'static>(
    console: &Rc<RefCell<Console<B>>>,
    flash: Option<Pages<F>>,
    in_use: fn() -> usize,
    reserve_flag: Option<&'static AtomicBool>,
) -> Box<dyn vm::Host> {
    let files = mount(&mut console.borrow_mut(), flash);
    Box::new(BoardHost::new(console.clone(), files, in_use, reserve_flag))
}

/// Mount the file system, formatting erased flash. Damaged flash is formatted only after the
/// console has said so: whatever it held is lost, and the user must know.
fn mount<B: Board, F: NorFlash>(console: &mut Console<B>, flash: Option<Pages<F>>) -> Option<Files<F>> {
    let Some(pages) = flash else {
        console.write_cooked(b"No flash region for files: the board runs without a file system.\n");
        return None;
    };
    let seed = console.board.ticks_us() as u32;
    let (mut files, found) = Files::open(pages, seed);
    match found {
        Found::Files => return Some(files),
        Found::Blank => console.write_cooked(b"Performing initial setup: making the file system in flash.\n"),
        Found::Damaged => console.write_cooked(
            b"The file system in flash is damaged and cannot be read: formatting it. Its files are lost.\n",
        ),
    }
    match files.format() {
        Ok(()) => Some(files),
        Err(_) => {
            console.write_cooked(b"Formatting the file system failed: the board runs without one.\n");
            None
        }
    }
}
