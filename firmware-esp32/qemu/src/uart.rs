//! The virt board's 16550 UART at 0x1000_0000, polled. Ten lines of registers do not justify a
//! crate (`uart_16550` targets x86 port I/O first).

const BASE: usize = 0x1000_0000;
const RBR_THR: usize = 0;
const LSR: usize = 5;
const LSR_DATA_READY: u8 = 1 << 0;
const LSR_THR_EMPTY: u8 = 1 << 5;

pub struct Uart16550;

impl Uart16550 {
    pub fn new() -> Self {
        Uart16550
    }

    fn reg(offset: usize) -> *mut u8 {
        (BASE + offset) as *mut u8
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            // SAFETY: the UART's registers are mapped at BASE on the virt machine.
            unsafe {
                while Self::reg(LSR).read_volatile() & LSR_THR_EMPTY == 0 {}
                Self::reg(RBR_THR).write_volatile(b);
            }
        }
    }

    pub fn read_byte(&mut self) -> Option<u8> {
        // SAFETY: as above.
        unsafe {
            if Self::reg(LSR).read_volatile() & LSR_DATA_READY != 0 {
                Some(Self::reg(RBR_THR).read_volatile())
            } else {
                None
            }
        }
    }
}
