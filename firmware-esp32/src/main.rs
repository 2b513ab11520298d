//! Ferrite on the ESP32 family: the VM core and the shared port code (`ferrite-port`) over
//! esp-hal. The console is UART0 and, where the chip has one, the USB-Serial-JTAG peripheral;
//! whichever a host talks on gets the REPL.
#![no_std]
#![no_main]

extern crate alloc;

mod console;
mod heap;

use esp_backtrace as _;
use esp_hal::clock::CpuClock;
use esp_hal::time::Instant;
use ferrite_port::{Board, Settings};

esp_bootloader_esp_idf::esp_app_desc!();

/// The REPL's banner after `Ferrite vX.Y.Z on `, MicroPython's way: `build; board with chip`.
macro_rules! banner {
    ($chip:literal) => {
        concat!("esp-hal; ", $chip, " module with ", $chip)
    };
}
#[cfg(feature = "esp32c3")]
const BANNER: &str = banner!("ESP32C3");
#[cfg(feature = "esp32c6")]
const BANNER: &str = banner!("ESP32C6");
#[cfg(feature = "esp32")]
const BANNER: &str = banner!("ESP32");
#[cfg(feature = "esp32s3")]
const BANNER: &str = banner!("ESP32S3");

struct Esp {
    console: console::Serial,
}

impl Board for Esp {
    fn write(&mut self, bytes: &[u8]) {
        self.console.write(bytes);
    }
    fn read_byte(&mut self) -> Option<u8> {
        self.console.read_byte()
    }
    fn ticks_us(&mut self) -> u64 {
        Instant::now().duration_since_epoch().as_micros()
    }
    fn idle(&mut self, _until_us: Option<u64>) {
        self.console.flush();
        core::hint::spin_loop();
    }
    fn reset(&mut self) -> ! {
        esp_hal::system::software_reset()
    }
}

#[esp_hal::main]
fn main() -> ! {
    let peripherals = esp_hal::init(esp_hal::Config::default().with_cpu_clock(CpuClock::max()));
    let vm_heap = heap::init();
    let console = console::Serial::new(peripherals);
    ferrite_port::run(
        Esp { console },
        Settings {
            heap_size: vm_heap,
            platform: "esp32",
            banner: BANNER,
            budget: 5_000,
        },
    )
}

