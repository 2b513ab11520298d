//! Ferrite on `qemu-system-riscv32 -machine virt -bios none`: the firmware's port code (console,
//! host, main loop, REPL) over the virt board's 16550 UART, with a fixed heap. `cargo xtask test
//! --only qemu` runs conformance scripts through its raw REPL (`vm::repl`). It proves the VM is `no_std`,
//! 32-bit clean, and raises MemoryError rather than crashing when a small heap fills.
#![no_std]
#![no_main]

extern crate alloc;

mod probe;
mod uart;
mod virt;

use ferrite_port::files::{Pages, RamFlash};
use ferrite_port::reserve::Reserved;
use ferrite_port::{Board, Settings};
use probe::{Stat, Watermarked};

#[global_allocator]
static HEAP: Watermarked = Watermarked;

/// The allocator's regions: RAM the program does not link into (memory.x), so a test chooses
/// their sizes at boot (`probe::config`), e.g. a chip's three (`.bss`, reclaimed bootloader
/// RAM, RTC fast memory), or a small heap for the small-heap check. Unset, one of 704 KB.
const REGIONS: [usize; 3] = [0x8200_0000, 0x8400_0000, 0x8500_0000];
const REGION_MAX: [usize; 3] = [32 * 1024 * 1024, 16 * 1024 * 1024, 16 * 1024 * 1024];
const DEFAULT_ARENA: usize = 704 * 1024;

/// Below main's frame: more than the deepest recursion needs, well inside riscv-rt's stack.
const STACK_PAINTED: usize = 192 * 1024;
/// The stack the harness lets the VM plan for: the smaller chip's (the C6's 60.5 KB, linker
/// map), so recursion bounded here is bounded there; `cargo xtask test --only qemu` checks that
/// the deepest nesting stays within it (`qemu.rs`, `CHIP_STACK`).
const CHIP_STACK: usize = 60 * 1024;

/// The "flash" for files: RAM the program does not link into (memory.x). qemu
/// zeroes RAM at power-on, and a test may load a flash image there first (`-device loader`).
const FLASH_ADDR: usize = 0x8100_0000;
const FLASH_LEN: usize = 256 * 1024;

struct Virt {
    uart: uart::Uart16550,
}

/// The virt board has no `machine` peripherals: the VM's "no device" defaults answer.
impl vm::Host for Virt {
    fn write(&mut self, bytes: &[u8]) {
        self.uart.write(bytes);
        probe::stamp(Stat::LastWrite);
        if probe::get(Stat::Prompt) == 0 && bytes.ends_with(b">>> ") {
            probe::stamp(Stat::Prompt);
        }
    }
    fn ticks_us(&mut self) -> u64 {
        virt::ticks_us()
    }
}

impl Board for Virt {
    fn read_byte(&mut self) -> Option<u8> {
        let b = self.uart.read_byte();
        if b.is_some() {
            probe::stamp(Stat::LastRead);
        }
        b
    }
    fn idle(&mut self, _until_us: Option<u64>) {
        // No interrupts are set up: a short spin is the wait.
        probe::set(Stat::Idles, probe::get(Stat::Idles).wrapping_add(1));
        probe::stamp(Stat::LastIdle);
        core::hint::spin_loop();
    }
    fn reset(&mut self) -> ! {
        virt::exit(0)
    }
}

#[riscv_rt::entry]
fn main() -> ! {
    probe::stamp(Stat::Entry);
    probe::paint_stack(STACK_PAINTED);
    let main = match probe::config(probe::CONFIG_MAIN) {
        0 => DEFAULT_ARENA,
        n => n,
    };
    let sizes = [main, probe::config(probe::CONFIG_SECOND), probe::config(probe::CONFIG_THIRD)];
    let sizes: [usize; 3] = core::array::from_fn(|i| sizes[i].min(REGION_MAX[i]));
    for (i, (&base, &size)) in REGIONS.iter().zip(&sizes).enumerate() {
        if size > 0 {
            // SAFETY: the regions lie in RAM outside the program and each other, used by
            // nothing else; `main` runs once.
            unsafe { Watermarked::add_region(i, base, size) }
        }
    }
    let heap_size = match probe::config(probe::CONFIG_VM_HEAP) {
        0 => ferrite_port::vm_heap_size(sizes.iter().sum()),
        n => n,
    };
    // SAFETY: nothing else uses this RAM (memory.x ends the program's RAM below it), and `main`
    // runs once, so this is its only reference.
    let flash: &'static mut [u8] = unsafe { core::slice::from_raw_parts_mut(FLASH_ADDR as *mut u8, FLASH_LEN) };
    // Untouched RAM reads as zeros; NOR flash erases to 0xFF.
    if flash.iter().all(|&b| b == 0) {
        flash.fill(0xff);
    }
    let uart = uart::Uart16550::new();
    probe::stamp(Stat::RunStart);
    ferrite_port::run(
        Virt { uart },
        Pages::new(RamFlash { bytes: flash }, 0, FLASH_LEN as u32),
        Settings {
            heap_size,
            allocator_in_use: Reserved::in_use,
            reserve_flag: Some(&ferrite_port::reserve::TAPPED),
            platform: "qemu",
            banner: "qemu; riscv32 virt with RV32IMAC",
            stack_left: CHIP_STACK,
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
