//! The allocator's RAM and the VM's share of it. All RAM left after the firmware's statics and
//! its stack goes to esp-alloc: a region in `.bss`, the RAM the second-stage bootloader used
//! (`.dram2_uninit`), free once the app runs, and the RTC fast memory, which nothing else uses
//! (no deep sleep, no wake stubs). The last `EMERGENCY` bytes of the `.bss` region are the
//! allocator's emergency reserve (`ferrite_port::reserve`); the VM gets what `vm_heap_size`
//! leaves.

use core::mem::MaybeUninit;

use ferrite_port::reserve::Reserved;

/// The global allocator: esp-alloc's heap with the emergency reserve beside it.
#[global_allocator]
static ALLOCATOR: Reserved = Reserved;

/// The `.bss` region: what the chip's DRAM leaves after code in IRAM, statics and the stack
/// (C3: 61.4 KB, C6: 60.5 KB; the qemu tests bound recursion within 60 KB).
#[cfg(feature = "esp32c3")]
const MAIN: usize = 244 * 1024;
#[cfg(feature = "esp32c6")]
const MAIN: usize = 370 * 1024;
#[cfg(any(feature = "esp32", feature = "esp32s3"))]
const MAIN: usize = 160 * 1024;

/// The bootloader's RAM, reclaimed (`dram2_seg` in esp-hal's memory map).
#[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
const RECLAIMED: usize = 64 * 1024;
#[cfg(any(feature = "esp32", feature = "esp32s3"))]
const RECLAIMED: usize = 0;

/// RTC fast memory (`RTC_FAST` in esp-hal's memory map), data-addressable on these chips.
#[cfg(feature = "esp32c3")]
const RTC_FAST: usize = 8 * 1024;
#[cfg(feature = "esp32c6")]
const RTC_FAST: usize = 16 * 1024;
#[cfg(any(feature = "esp32", feature = "esp32s3"))]
const RTC_FAST: usize = 0;

/// Set up the allocator; returns the VM's heap size.
pub fn init() -> usize {
    static mut BSS: MaybeUninit<[u8; MAIN]> = MaybeUninit::uninit();
    // SAFETY: the region is this static's, used by nothing else; `init` runs once.
    unsafe { Reserved::add_region(core::ptr::addr_of_mut!(BSS).cast(), MAIN) };
    if RECLAIMED > 0 {
        esp_alloc::heap_allocator!(#[unsafe(link_section = ".dram2_uninit")] size: RECLAIMED);
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    esp_alloc::heap_allocator!(#[unsafe(link_section = ".rtc_fast.bss")] size: RTC_FAST);
    ferrite_port::vm_heap_size(MAIN + RECLAIMED + RTC_FAST)
}
