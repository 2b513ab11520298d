//! The rest of the virt board: the CLINT's 10 MHz timer and the test device that ends qemu.

/// CLINT `mtime` (64-bit, 10 MHz).
const MTIME: usize = 0x0200_bff8;
/// SiFive test device: 0x5555 exits qemu with status 0, `code << 16 | 0x3333` with `code`.
const FINISHER: usize = 0x0010_0000;

pub fn ticks_us() -> u64 {
    // SAFETY: the CLINT is mapped at this address on the virt machine. The two halves are read
    // high-low-high so a carry between them is not misread.
    unsafe {
        let lo = MTIME as *const u32;
        let hi = (MTIME + 4) as *const u32;
        loop {
            let h = hi.read_volatile();
            let l = lo.read_volatile();
            if hi.read_volatile() == h {
                return ((h as u64) << 32 | l as u64) / 10;
            }
        }
    }
}

pub fn exit(code: u32) -> ! {
    let word = if code == 0 { 0x5555 } else { (code << 16) | 0x3333 };
    // SAFETY: the test device is mapped at FINISHER on the virt machine.
    unsafe { (FINISHER as *mut u32).write_volatile(word) };
    loop {
        core::hint::spin_loop();
    }
}

/// A fixed buffer for formatting the panic message without allocating (the heap may be full).
pub struct Fixed {
    buf: [u8; 256],
    len: usize,
}

impl Fixed {
    pub fn new() -> Self {
        Fixed { buf: [0; 256], len: 0 }
    }
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl core::fmt::Write for Fixed {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let room = self.buf.len() - self.len;
        let n = s.len().min(room);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}
