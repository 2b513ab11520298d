//! Ferrite on `qemu-system-riscv32 -machine virt -bios none`: the firmware's port code (console,
//! host, main loop, REPL) over the virt board's 16550 UART, with a fixed heap. `cargo xtask test
//! --only qemu` runs conformance scripts through its raw REPL (`vm::repl`). It proves the VM is `no_std`,
//! 32-bit clean, and raises MemoryError rather than crashing when a small heap fills.
#![no_std]
#![no_main]

extern crate alloc;

mod uart;
mod virt;

use core::mem::MaybeUninit;

use embedded_alloc::LlffHeap as Heap;
use ferrite_port::files::{Pages, RamFlash};
use ferrite_port::{Board, Settings};

#[global_allocator]
static HEAP: Heap = Heap::empty();

/// The allocator's arena; the VM's heap is what `vm_heap_size` leaves of it (144 KB for the
/// small-heap check, 480 KB otherwise).
#[cfg(feature = "small-heap")]
const ARENA: usize = 256 * 1024;
#[cfg(not(feature = "small-heap"))]
const ARENA: usize = 704 * 1024;

/// The "flash" for files: RAM the program does not link into, 16 MB above its start. qemu
/// zeroes RAM at power-on, and a test may load a flash image there first (`-device loader`).
const FLASH_ADDR: usize = 0x8100_0000;
const FLASH_LEN: usize = 256 * 1024;

struct Virt {
    uart: uart::Uart16550,
}

impl Board for Virt {
    fn write(&mut self, bytes: &[u8]) {
        self.uart.write(bytes);
    }
    fn read_byte(&mut self) -> Option<u8> {
        self.uart.read_byte()
    }
    fn ticks_us(&mut self) -> u64 {
        virt::ticks_us()
    }
    fn idle(&mut self, _until_us: Option<u64>) {
        // No interrupts are set up: a short spin is the wait.
        core::hint::spin_loop();
    }
    fn reset(&mut self) -> ! {
        virt::exit(0)
    }
}

#[riscv_rt::entry]
fn main() -> ! {
    static mut ARENA_MEM: [MaybeUninit<u8>; ARENA] = [MaybeUninit::uninit(); ARENA];
    // SAFETY: `main` runs once, so this is the only reference to the arena.
    unsafe { HEAP.init(core::ptr::addr_of_mut!(ARENA_MEM) as usize, ARENA) }
    // SAFETY: nothing else uses this RAM (memory.x ends the program's RAM below it), and `main`
    // runs once, so this is its only reference.
    let flash: &'static mut [u8] = unsafe { core::slice::from_raw_parts_mut(FLASH_ADDR as *mut u8, FLASH_LEN) };
    // Untouched RAM reads as zeros; NOR flash erases to 0xFF.
    if flash.iter().all(|&b| b == 0) {
        flash.fill(0xff);
    }
    let uart = uart::Uart16550::new();
    ferrite_port::run(
        Virt { uart },
        Pages::new(RamFlash { bytes: flash }, 0, FLASH_LEN as u32),
        Settings {
            heap_size: ferrite_port::vm_heap_size(ARENA),
            platform: "qemu",
            banner: "qemu; riscv32 virt with RV32IMAC",
            budget: 20_000,
        },
    )
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let mut uart = uart::Uart16550::new();
    uart.write(b"\r\nFATAL: ");
    let mut msg = virt::Fixed::new();
    let _ = core::fmt::write(&mut msg, format_args!("{info}"));
    uart.write(msg.as_bytes());
    uart.write(b"\r\n");
    virt::exit(1)
}
