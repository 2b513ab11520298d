//! Ferrite on the ESP32 family: the VM core and the shared port code (`ferrite-port`) over
//! esp-hal. The console is UART0 and, where the chip has one, the USB-Serial-JTAG peripheral;
//! whichever a host talks on gets the REPL.
#![no_std]
#![no_main]

extern crate alloc;

#[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
mod adc;
mod bitstream;
#[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
mod buses;
mod console;
mod files;
mod heap;
#[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
mod machine;
mod pwm;

use esp_backtrace as _;
use esp_hal::clock::CpuClock;
use esp_hal::time::Instant;
use ferrite_port::{Board, Settings};
#[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
use vm::host::{HwError, OsError, PinCaps, PinMode, Pull, SpiConfig, UartConfig};

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
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    machine: machine::Machine,
}

/// The chip's peripherals; what it lacks (hardware buses on the ESP32/S3 builds) keeps the
/// VM's "no device" defaults.
impl vm::Host for Esp {
    fn write(&mut self, bytes: &[u8]) {
        self.console.write(bytes);
    }
    fn ticks_us(&mut self) -> u64 {
        Instant::now().duration_since_epoch().as_micros()
    }

    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pin_caps(&mut self, pin: u32) -> Option<PinCaps> {
        self.machine.caps(pin)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pin_config(&mut self, pin: u32, mode: PinMode, pull: Pull) -> Result<(), OsError> {
        self.machine.config(pin, mode, pull)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pin_write(&mut self, pin: u32, level: bool) {
        self.machine.write(pin, level)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pin_read(&mut self, pin: u32) -> bool {
        self.machine.read(pin)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pin_irq(&mut self, pin: u32, trigger: u8) {
        self.machine.irq(pin, trigger)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pin_edge(&mut self) -> Option<(u32, bool)> {
        self.machine.edge()
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn adc_read_u16(&mut self, pin: u32, atten: u8) -> u16 {
        self.machine.adc_read(pin, atten, false).unwrap_or(0)
    }
    /// Through esp-hal's curve calibration; uncalibrated, the nominal scale.
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn adc_read_uv(&mut self, pin: u32, atten: u8) -> u32 {
        match self.machine.adc_read(pin, atten, true) {
            Some(mv) => mv as u32 * 1000,
            None => vm::host::nominal_uv(self.adc_read_u16(pin, atten), atten),
        }
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn pwm_set(&mut self, pin: u32, freq_hz: u32, duty_u16: u16) -> Result<(), HwError> {
        self.machine.pwm_set(pin, freq_hz, duty_u16)
    }

    fn bitstream(&mut self, pin: u32, timing_ns: [u32; 4], data: &[u8]) {
        self.machine.bitstream(pin, timing_ns, data)
    }

    fn i2c_write(&mut self, scl: u32, sda: u32, addr: u8, data: &[u8]) -> Result<(), OsError> {
        self.machine.i2c_write(scl, sda, addr, data)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn i2c_read(&mut self, scl: u32, sda: u32, addr: u8, buf: &mut [u8]) -> Result<(), OsError> {
        self.machine.i2c_read(scl, sda, addr, buf)
    }
    // SPI and UART ids are checked by `Machine` (only SPI(1) and UART(1) exist); `_id` is
    // always that one bus after a successful `init`.
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn spi_init(&mut self, id: u32, config: &SpiConfig) -> Result<(), HwError> {
        self.machine.spi_init(id, config)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn spi_transfer(&mut self, _id: u32, buf: &mut [u8]) -> Result<(), HwError> {
        self.machine.spi_transfer(buf)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn spi_deinit(&mut self, _id: u32) {
        self.machine.spi_deinit()
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn uart_init(&mut self, id: u32, config: &UartConfig) -> Result<(), HwError> {
        self.machine.uart_init(id, config)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn uart_write(&mut self, _id: u32, data: &[u8]) -> Result<usize, HwError> {
        self.machine.uart_write(data)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn uart_read(&mut self, _id: u32, buf: &mut [u8]) -> Result<usize, HwError> {
        self.machine.uart_read(buf)
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn uart_any(&mut self, _id: u32) -> Result<usize, HwError> {
        self.machine.uart_any()
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn uart_deinit(&mut self, _id: u32) {
        self.machine.uart_deinit()
    }
    #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
    fn soft_reset(&mut self) {
        self.machine.release()
    }
    /// The clock esp-hal set in `init` (the port accepts only it for `machine.freq(hz)`).
    fn cpu_freq(&mut self) -> u32 {
        esp_hal::clock::cpu_clock().as_hz()
    }
    fn unique_id(&mut self) -> alloc::vec::Vec<u8> {
        esp_hal::efuse::base_mac_address().as_bytes().to_vec()
    }
}

impl Board for Esp {
    fn read_byte(&mut self) -> Option<u8> {
        self.console.read_byte()
    }
    fn idle(&mut self, _until_us: Option<u64>) {
        self.console.flush();
        core::hint::spin_loop();
    }
    fn reset(&mut self) -> ! {
        esp_hal::system::software_reset()
    }
}

/// The stack below `main`'s frame: down to the end esp-hal's linker script gives it (DRAM left
/// after the statics and the `.bss` heap region; `_stack_end_cpu0`).
fn stack_left() -> usize {
    unsafe extern "C" {
        static _stack_end_cpu0: u32;
    }
    let end = core::ptr::addr_of!(_stack_end_cpu0) as usize;
    let here = 0u8;
    (core::hint::black_box(&here) as *const u8 as usize).saturating_sub(end)
}

/// After esp-backtrace has printed a panic, restart the board into a fresh REPL rather than
/// hang (its default). A panic is a VM bug, or esp-hal's stack guard: a data watchpoint on a
/// word 60 bytes above the stack's end (on by default in esp-hal 1.x) panics with "Detected a
/// write to the main stack's guard value" when an overflow reaches it.
#[unsafe(no_mangle)]
fn custom_halt() -> ! {
    esp_hal::system::software_reset()
}

#[esp_hal::main]
fn main() -> ! {
    let peripherals = esp_hal::init(esp_hal::Config::default().with_cpu_clock(CpuClock::max()));
    let vm_heap = heap::init();
    let p = peripherals;
    let flash = files::flash(p.FLASH);
    // UART0 on the ROM's console pins.
    #[cfg(feature = "esp32c3")]
    let (tx, rx) = (p.GPIO21, p.GPIO20);
    #[cfg(feature = "esp32c6")]
    let (tx, rx) = (p.GPIO16, p.GPIO17);
    #[cfg(feature = "esp32")]
    let (tx, rx) = (p.GPIO1, p.GPIO3);
    #[cfg(feature = "esp32s3")]
    let (tx, rx) = (p.GPIO43, p.GPIO44);
    #[cfg(not(feature = "esp32"))]
    let usb = p.USB_DEVICE;
    #[cfg(feature = "esp32")]
    let usb = ();
    let console = console::Serial::new(p.UART0, tx, rx, usb);
    ferrite_port::run(
        Esp {
            console,
            #[cfg(any(feature = "esp32c3", feature = "esp32c6"))]
            machine: machine::Machine::new(p.I2C0, p.LEDC, p.RMT, p.ADC1, p.SPI2, p.UART1),
        },
        flash,
        Settings {
            heap_size: vm_heap,
            allocator_in_use: ferrite_port::reserve::Reserved::in_use,
            reserve_flag: Some(&ferrite_port::reserve::TAPPED),
            platform: "esp32",
            banner: BANNER,
            stack_left: stack_left(),
            budget: 5_000,
        },
    )
}

