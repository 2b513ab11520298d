use super::*;

const SIZE: usize = 64 * ekv::config::PAGE_SIZE;

fn fresh() -> Files<RamFlash<Vec<u8>>> {
    let pages = Pages::new(RamFlash::new(SIZE), 0, SIZE as u32).expect("64 pages are enough");
    let (mut files, found) = Files::open(pages, 1);
    assert_eq!(found, Found::Blank);
    files.format().expect("RAM flash formats");
    files
}

/// Reopen the store on the same bytes, as a board does after a reset.
fn reopen(files: Files<RamFlash<Vec<u8>>>) -> (Files<RamFlash<Vec<u8>>>, Found) {
    let bytes = block_on(files.db.lock_flash()).flash.bytes.clone();
    let pages = Pages::new(RamFlash { bytes }, 0, SIZE as u32).expect("same size");
    Files::open(pages, 2)
}

fn err<T: core::fmt::Debug>(r: Result<T, OsError>) -> i32 {
    r.expect_err("should fail").0
}

#[test]
fn files_are_written_read_and_kept_across_a_reset() {
    let f = fresh();
    f.write_file("main.py", b"print('hi')\n", false).unwrap();
    f.write_file("/empty", b"", false).unwrap();
    assert_eq!(f.read_file("/main.py").unwrap(), b"print('hi')\n");
    assert_eq!(f.read_file("empty").unwrap(), b"");
    let (f, found) = reopen(f);
    assert_eq!(found, Found::Files);
    assert_eq!(f.read_file("main.py").unwrap(), b"print('hi')\n");
    assert_eq!(f.list_dir("/").unwrap(), ["empty", "main.py"]);
}

#[test]
fn big_files_span_chunks_and_shrink_cleanly() {
    let f = fresh();
    let big: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i * 7) as u8).collect();
    f.write_file("big.bin", &big, false).unwrap();
    assert_eq!(f.read_file("big.bin").unwrap(), big);
    assert_eq!(f.stat("big.bin").unwrap(), FileStat { is_dir: false, size: big.len() as u64, mtime: 0 });
    f.write_file("big.bin", b"small", false).unwrap();
    assert_eq!(f.read_file("big.bin").unwrap(), b"small");
    f.write_file("big.bin", b" more", true).unwrap();
    assert_eq!(f.read_file("big.bin").unwrap(), b"small more");
    assert_eq!(f.list_dir("").unwrap(), ["big.bin"]);
}

#[test]
fn folders_list_only_their_own_children() {
    let mut f = fresh();
    f.mkdir("lib").unwrap();
    f.mkdir("/lib/sub").unwrap();
    f.write_file("/lib/a.py", b"a", false).unwrap();
    f.write_file("/lib/sub/b.py", b"b", false).unwrap();
    f.write_file("/lib.py", b"c", false).unwrap();
    assert_eq!(f.list_dir("/").unwrap(), ["lib", "lib.py"]);
    assert_eq!(f.list_dir("/lib").unwrap(), ["a.py", "sub"]);
    assert!(f.stat("/lib/sub").unwrap().is_dir);
    f.chdir("lib").unwrap();
    assert_eq!(f.getcwd(), "/lib");
    assert_eq!(f.read_file("sub/../a.py").unwrap(), b"a");
    assert_eq!(f.list_dir(".").unwrap(), ["a.py", "sub"]);
    assert_eq!(err(f.chdir("a.py")), ENOTDIR);
}

#[test]
fn errors_are_the_errnos_micropython_gives() {
    let f = fresh();
    f.mkdir("d").unwrap();
    f.write_file("d/x", b"x", false).unwrap();
    assert_eq!(err(f.read_file("nope")), ENOENT);
    assert_eq!(err(f.read_file("d")), EISDIR);
    assert_eq!(err(f.write_file("no/such/dir.py", b"", false)), ENOENT);
    assert_eq!(err(f.write_file("d", b"", false)), EISDIR);
    assert_eq!(err(f.mkdir("d")), EEXIST);
    assert_eq!(err(f.rmdir("d")), ENOTEMPTY);
    assert_eq!(err(f.rmdir("d/x")), ENOTDIR);
    assert_eq!(err(f.remove("nope")), ENOENT);
    assert_eq!(err(f.stat("nope")), ENOENT);
    assert_eq!(err(f.list_dir("d/x")), ENOTDIR);
    assert_eq!(err(f.read_file(&"x".repeat(200))), EINVAL);
    assert_eq!(err(f.write_file("bad\u{1}name", b"", false)), EINVAL);
    f.remove("d/x").unwrap();
    f.rmdir("d").unwrap();
    assert_eq!(f.list_dir("/").unwrap(), Vec::<String>::new());
}

#[test]
fn rename_moves_files_and_whole_folders() {
    let f = fresh();
    f.write_file("a.txt", b"one", false).unwrap();
    f.write_file("b.txt", b"two", false).unwrap();
    f.rename("a.txt", "b.txt").unwrap();
    assert_eq!(f.read_file("b.txt").unwrap(), b"one");
    assert_eq!(err(f.read_file("a.txt")), ENOENT);
    f.mkdir("d").unwrap();
    f.write_file("d/in.py", b"x = 1", false).unwrap();
    f.rename("d", "e").unwrap();
    assert_eq!(f.list_dir("/").unwrap(), ["b.txt", "e"]);
    assert_eq!(f.read_file("e/in.py").unwrap(), b"x = 1");
    assert_eq!(err(f.rename("e", "e/inner")), EINVAL);
    assert_eq!(err(f.rename("missing", "x")), ENOENT);
}

#[test]
fn damaged_flash_is_told_apart_from_blank_flash() {
    let f = fresh();
    f.write_file("main.py", b"print(1)", false).unwrap();
    let mut bytes = block_on(f.db.lock_flash()).flash.bytes.clone();
    bytes.iter_mut().step_by(97).for_each(|b| *b ^= 0x5a);
    let pages = Pages::new(RamFlash { bytes }, 0, SIZE as u32).unwrap();
    let (mut f, found) = Files::open(pages, 3);
    assert_eq!(found, Found::Damaged);
    f.format().unwrap();
    assert_eq!(f.list_dir("/").unwrap(), Vec::<String>::new());
}

#[test]
fn a_full_store_says_enospc_and_keeps_the_old_file() {
    let f = fresh();
    f.write_file("keep.txt", b"precious", false).unwrap();
    let huge = vec![7u8; SIZE];
    assert_eq!(err(f.write_file("huge.bin", &huge, false)), ENOSPC);
    assert_eq!(f.read_file("keep.txt").unwrap(), b"precious");
    assert_eq!(err(f.read_file("huge.bin")), ENOENT);
    f.write_file("after.txt", b"still works", false).unwrap();
    assert_eq!(f.read_file("after.txt").unwrap(), b"still works");
}

#[test]
fn too_small_regions_are_refused() {
    assert!(Pages::new(RamFlash::new(SIZE), 0, 8 * ekv::config::PAGE_SIZE as u32).is_none());
    assert!(Pages::new(RamFlash::new(SIZE), 100, SIZE as u32 - 4096).is_none());
}

/// Flash that loses power after `left` more writes or erases: later ones fail and change nothing.
struct Cut {
    inner: RamFlash<Vec<u8>>,
    left: usize,
}

impl embedded_storage::nor_flash::ErrorType for Cut {
    type Error = embedded_storage::nor_flash::NorFlashErrorKind;
}

impl embedded_storage::nor_flash::ReadNorFlash for Cut {
    const READ_SIZE: usize = 1;
    fn read(&mut self, offset: u32, bytes: &mut [u8]) -> Result<(), Self::Error> {
        self.inner.read(offset, bytes)
    }
    fn capacity(&self) -> usize {
        self.inner.capacity()
    }
}

impl Cut {
    fn spend(&mut self) -> Result<(), embedded_storage::nor_flash::NorFlashErrorKind> {
        self.left = self.left.checked_sub(1).ok_or(embedded_storage::nor_flash::NorFlashErrorKind::Other)?;
        Ok(())
    }
}

impl NorFlash for Cut {
    const WRITE_SIZE: usize = 4;
    const ERASE_SIZE: usize = ekv::config::PAGE_SIZE;
    fn erase(&mut self, from: u32, to: u32) -> Result<(), Self::Error> {
        self.spend()?;
        self.inner.erase(from, to)
    }
    fn write(&mut self, offset: u32, bytes: &[u8]) -> Result<(), Self::Error> {
        self.spend()?;
        self.inner.write(offset, bytes)
    }
}

#[test]
fn power_lost_mid_write_keeps_the_previous_version() {
    let f = fresh();
    let old: Vec<u8> = (0..5000).map(|i| i as u8).collect();
    f.write_file("main.py", &old, false).unwrap();
    let image = block_on(f.db.lock_flash()).flash.bytes.clone();
    let new = vec![b'n'; 4500];
    let mut cut_at = 0;
    loop {
        let pages = Pages::new(Cut { inner: RamFlash { bytes: image.clone() }, left: cut_at }, 0, SIZE as u32).unwrap();
        let (f, found) = Files::open(pages, 5);
        assert_eq!(found, Found::Files);
        let done = f.write_file("main.py", &new, false).is_ok();
        // Power comes back: the same bytes, mounted again.
        let bytes = block_on(f.db.lock_flash()).flash.inner.bytes.clone();
        let (after, found) = Files::open(Pages::new(RamFlash { bytes }, 0, SIZE as u32).unwrap(), 6);
        assert_eq!(found, Found::Files, "cut after {cut_at} flash operations");
        let got = after.read_file("main.py").unwrap();
        if done {
            assert_eq!(got, new);
            break;
        }
        assert!(got == old || got == new, "cut after {cut_at} operations left a mixed file");
        cut_at += 1;
    }
    assert!(cut_at > 2, "the write took {cut_at} flash operations");
}
