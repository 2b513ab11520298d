//! Flash for the file store: [`Pages`] adapts any `embedded-storage` NOR flash region to the
//! page interface ekv asks for (ekv does not speak `embedded-storage` itself), and [`RamFlash`]
//! is a NOR flash in RAM for the qemu harness and the unit tests.

use alloc::vec;
use alloc::vec::Vec;

use ekv::config::PAGE_SIZE;
use ekv::flash::{Flash, PageID};
use embedded_storage::nor_flash::{ErrorType, NorFlash, NorFlashErrorKind, ReadNorFlash};

/// `count` pages of `PAGE_SIZE` bytes starting at byte `base` of `flash`.
pub struct Pages<F> {
    pub(super) flash: F,
    base: u32,
    count: usize,
}

impl<F: NorFlash> Pages<F> {
    /// The region `base..base + len` of `flash`, in whole pages (at most ekv's maximum). None if
    /// the flash cannot erase a page on its own or the region holds too few pages.
    pub fn new(flash: F, base: u32, len: u32) -> Option<Self> {
        let count = (len as usize / PAGE_SIZE).min(ekv::config::MAX_PAGE_COUNT);
        let fits = PAGE_SIZE % F::ERASE_SIZE == 0 && base as usize % F::ERASE_SIZE == 0;
        (fits && count >= MIN_PAGES).then_some(Pages { flash, base, count })
    }

    /// Is every byte erased (a board whose file system was never made)?
    pub fn is_erased(&mut self) -> bool {
        let mut buf = [0u8; 256];
        let end = self.base as usize + self.count * PAGE_SIZE;
        (self.base as usize..end).step_by(buf.len()).all(|at| {
            self.flash.read(at as u32, &mut buf).is_ok() && buf.iter().all(|&b| b == 0xff)
        })
    }

    fn addr(&self, page: PageID, offset: usize) -> u32 {
        self.base + (page.index() * PAGE_SIZE + offset) as u32
    }
}

/// Fewer pages than this leave ekv no room to work in (it keeps ~9 free for compaction).
pub const MIN_PAGES: usize = 16;

impl<F: NorFlash> Flash for Pages<F> {
    type Error = NorFlashErrorKind;

    fn page_count(&self) -> usize {
        self.count
    }
    async fn erase(&mut self, page: PageID) -> Result<(), Self::Error> {
        let from = self.addr(page, 0);
        self.flash.erase(from, from + PAGE_SIZE as u32).map_err(kind)
    }
    async fn read(&mut self, page: PageID, offset: usize, data: &mut [u8]) -> Result<(), Self::Error> {
        self.flash.read(self.addr(page, offset), data).map_err(kind)
    }
    async fn write(&mut self, page: PageID, offset: usize, data: &[u8]) -> Result<(), Self::Error> {
        self.flash.write(self.addr(page, offset), data).map_err(kind)
    }
}

fn kind<E: embedded_storage::nor_flash::NorFlashError>(e: E) -> NorFlashErrorKind {
    e.kind()
}

/// NOR flash in RAM (a `Vec` in tests, a static buffer on qemu, where it outlives soft resets):
/// erasing sets bytes to 0xFF, writing can only clear bits, as on the chip.
pub struct RamFlash<B> {
    pub bytes: B,
}

impl RamFlash<Vec<u8>> {
    /// `len` erased bytes.
    pub fn new(len: usize) -> Self {
        RamFlash { bytes: vec![0xff; len] }
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> RamFlash<B> {

    fn range(&self, offset: u32, len: usize) -> Result<core::ops::Range<usize>, NorFlashErrorKind> {
        let start = offset as usize;
        match start.checked_add(len) {
            Some(end) if end <= self.bytes.as_ref().len() => Ok(start..end),
            _ => Err(NorFlashErrorKind::OutOfBounds),
        }
    }
}

impl<B> ErrorType for RamFlash<B> {
    type Error = NorFlashErrorKind;
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> ReadNorFlash for RamFlash<B> {
    const READ_SIZE: usize = 1;
    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), Self::Error> {
        let r = self.range(offset, bytes.len())?;
        bytes.copy_from_slice(&self.bytes.as_ref()[r]);
        Ok(())
    }
    fn capacity(&self) -> usize {
        self.bytes.as_ref().len()
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> NorFlash for RamFlash<B> {
    const WRITE_SIZE: usize = 4;
    const ERASE_SIZE: usize = PAGE_SIZE;
    fn erase(&mut self, from: u32, to: u32) -> Result<(), Self::Error> {
        embedded_storage::nor_flash::check_erase(self, from, to)?;
        self.bytes.as_mut()[from as usize..to as usize].fill(0xff);
        Ok(())
    }
    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), Self::Error> {
        embedded_storage::nor_flash::check_write(self, offset, bytes.len())?;
        let r = self.range(offset, bytes.len())?;
        for (cell, b) in self.bytes.as_mut()[r].iter_mut().zip(bytes) {
            *cell &= b;
        }
        Ok(())
    }
}
