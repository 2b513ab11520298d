//! The flasher client against the simulated ROM, in-process on a virtual clock: every command of
//! a full session, chip detection, bad input, and each injected fault.

use flasher::chip::{by_name, Chip};
use flasher::sim::{drive, Faults, Mode, Rom};
use flasher::{After, Before, Flasher, Options, Region, Stage, Task};

fn chip(name: &str) -> &'static Chip {
    by_name(name).expect("known chip")
}

/// An ESP image header for `chip_id` followed by firmware-like bytes.
fn image(chip_id: u16, len: usize, seed: u32) -> Vec<u8> {
    let mut d = flasher::sim::sample_image(len, seed);
    d[..24].fill(0);
    d[0] = 0xE9;
    d[1] = 3;
    d[12..14].copy_from_slice(&chip_id.to_le_bytes());
    d
}

fn opts(before: Before) -> Options {
    Options { before, after: After::NoReset, baud: 921_600, chip: None }
}

fn flash(rom: &mut Rom, regions: Vec<Region>, o: Options) -> flasher::sim::Run {
    let mut f = Flasher::new(Task::Flash(regions), o);
    drive(&mut f, rom)
}

#[test]
fn writes_and_verifies_two_regions_on_esp32c3() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    let boot = image(5, 20_000, 1);
    let app = image(5, 300_001, 2);
    let run = flash(&mut rom, vec![Region { addr: 0, data: boot.clone() }, Region { addr: 0x10000, data: app.clone() }], opts(Before::NoReset));
    let s = run.result.expect("flash succeeds");
    assert_eq!(s.chip.name, "esp32c3");
    assert_eq!(s.mac, rom.mac());
    assert_eq!(s.flash_size, 4 << 20);
    assert_eq!(&rom.flash[..boot.len()], &boot[..]);
    assert_eq!(&rom.flash[0x10000..0x10000 + app.len()], &app[..]);
    // The odd length was padded with erased bytes, and nothing beyond was touched.
    assert!(rom.flash[0x10000 + app.len()..].iter().all(|&b| b == 0xFF));
    assert_eq!(s.written, 20_000 + 300_004);
    let last = run.progress.iter().rfind(|p| p.stage == Stage::Writing).expect("progress");
    assert_eq!((last.done, last.total), (s.written, s.written));
    assert_eq!(rom.mode, Mode::Rom, "--after no-reset leaves the board in its loader");
}

#[test]
fn detects_esp32_by_magic_and_esp32c6_by_chip_id() {
    for (name, addr, id) in [("esp32", 0x1000, 0u16), ("esp32c6", 0, 13)] {
        let mut rom = Rom::new(chip(name), 2 << 20);
        let img = image(id, 5000, 3);
        let s = flash(&mut rom, vec![Region { addr, data: img.clone() }], opts(Before::NoReset)).result.expect(name);
        assert_eq!(s.chip.name, name);
        assert_eq!(s.flash_size, 2 << 20);
        assert_eq!(&rom.flash[addr as usize..addr as usize + img.len()], &img[..]);
    }
}

#[test]
fn default_reset_brings_a_running_board_into_download_mode_and_back() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.mode = Mode::App;
    let o = Options { after: After::HardReset, ..opts(Before::DefaultReset) };
    flash(&mut rom, vec![Region { addr: 0x10000, data: image(5, 4096, 4) }], o).result.expect("flash succeeds");
    assert_eq!(rom.mode, Mode::App, "hard reset starts the program");
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.mode = Mode::App;
    rom.usb = true;
    let o = Options { after: After::HardReset, ..opts(Before::UsbReset) };
    flash(&mut rom, vec![Region { addr: 0x10000, data: image(5, 4096, 4) }], o).result.expect("usb reset works");
    assert_eq!(rom.mode, Mode::App);
}

#[test]
fn a_board_running_its_program_without_reset_gets_manual_steps() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.mode = Mode::App;
    rom.set_lines(false, true);
    rom.set_lines(false, false); // boots the program, printing its boot log
    let e = flash(&mut rom, vec![Region { addr: 0x10000, data: image(5, 4096, 4) }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.message.contains("started its program instead of the bootloader (boot:0xc"), "{}", e.message);
    assert!(e.message.contains("hold the BOOT button"), "{}", e.message);
}

#[test]
fn a_silent_port_says_what_to_check() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.faults.stall_from = Some(1);
    let e = flash(&mut rom, vec![Region { addr: 0, data: image(5, 100, 1) }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.message.starts_with("No answer from the board"), "{}", e.message);
}

#[test]
fn wrong_chip_images_and_requests_are_refused_before_erasing() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    let e = flash(&mut rom, vec![Region { addr: 0, data: image(13, 5000, 1) }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.message.contains("firmware for ESP32-C6, but this board is an ESP32-C3"), "{}", e.message);
    let o = Options { chip: Some(chip("esp32c6")), ..opts(Before::NoReset) };
    let e = flash(&mut rom, vec![Region { addr: 0, data: image(13, 5000, 1) }], o).result.unwrap_err();
    assert!(e.message.contains("is an ESP32-C3, not an ESP32-C6"), "{}", e.message);
    let e = flash(&mut rom, vec![Region { addr: 0, data: b"not a firmware".to_vec() }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.message.contains("not an ESP firmware image"), "{}", e.message);
    assert!(rom.flash.iter().all(|&b| b == 0xFF), "nothing was erased or written");
}

#[test]
fn erase_clears_the_whole_flash() {
    let mut rom = Rom::new(chip("esp32c3"), 1 << 20);
    rom.flash[1234] = 0;
    rom.flash[(1 << 20) - 1] = 0;
    let mut f = Flasher::new(Task::Erase, opts(Before::NoReset));
    drive(&mut f, &mut rom).result.expect("erase succeeds");
    assert!(rom.flash.iter().all(|&b| b == 0xFF));
}

#[test]
fn info_reports_chip_mac_and_flash_size() {
    let mut rom = Rom::new(chip("esp32c6"), 8 << 20);
    let mut f = Flasher::new(Task::Info, opts(Before::NoReset));
    let s = drive(&mut f, &mut rom).result.expect("info");
    assert_eq!((s.chip.family, s.mac, s.flash_size), ("ESP32-C6", rom.mac(), 8 << 20));
}

/// Flash one region with `faults` set; return the result and whether the flash holds the image.
fn with_faults(faults: Faults) -> (Result<flasher::Summary, flasher::Error>, bool) {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.faults = faults;
    let img = image(5, 64 * 1024, 9);
    let r = flash(&mut rom, vec![Region { addr: 0x10000, data: img.clone() }], opts(Before::NoReset)).result;
    (r, rom.flash[0x10000..0x10000 + img.len()] == img[..])
}

#[test]
fn recoverable_faults_end_in_a_verified_image() {
    // Byte positions in the middle of the data blocks; command 20 is a data block.
    for faults in [
        Faults { drop_byte: Some(20_000), ..Faults::default() },
        Faults { flip_byte: Some(20_000), ..Faults::default() },
        Faults { flip_byte: Some(5), ..Faults::default() },
        Faults { swallow_reply: Some(20), ..Faults::default() },
        Faults { swallow_reply: Some(2), ..Faults::default() },
        Faults { bad_flash_writes: 1, ..Faults::default() },
    ] {
        let (r, good) = with_faults(faults.clone());
        assert!(r.is_ok(), "{faults:?}: {r:?}");
        assert!(good, "{faults:?}: flash differs though the flasher said done");
    }
}

#[test]
fn fatal_faults_give_a_clear_error_never_done() {
    for (faults, says) in [
        (Faults { stall_from: Some(20), ..Faults::default() }, "stopped answering"),
        (Faults { disconnect_at: Some(20), ..Faults::default() }, "disconnected in the middle of writing"),
        (Faults { bad_flash_writes: 100, ..Faults::default() }, "does NOT hold a good image"),
    ] {
        let (r, _) = with_faults(faults.clone());
        let e = r.expect_err("must not report done");
        assert!(e.message.contains(says), "{faults:?}: {}", e.message);
    }
}

#[test]
fn a_stub_left_running_is_recognised_and_its_raw_md5_checked() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.mode = Mode::Stub;
    let img = image(5, 70_000, 6);
    flash(&mut rom, vec![Region { addr: 0x8000, data: img.clone() }], opts(Before::NoReset)).result.expect("flash via stub");
    assert_eq!(&rom.flash[0x8000..0x8000 + img.len()], &img[..]);
    rom.faults.bad_flash_writes = 100;
    let e = flash(&mut rom, vec![Region { addr: 0x8000, data: img }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.message.contains("does NOT hold a good image"), "{}", e.message);
}
