//! The flasher client against the simulated ROM, in-process on a virtual clock: every command of
//! a full session, chip detection, bad input, and each injected fault.

use flasher::chip::{by_name, Chip};
use flasher::sim::{drive, Faults, Mode, Rom};
use flasher::{After, Before, Flasher, Hint, Options, Region, Stage, Task};

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
    Options { before, after: After::NoReset, baud: 921_600, chip: None, stub: true }
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
    assert_eq!(rom.mode, Mode::Stub, "--after no-reset leaves the stub running, as esptool does");
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
    let wdt = chip("esp32c3").watchdogs.expect("C3 watchdogs");
    rom.set_reg(wdt.config0, 0x8000_0000);
    rom.set_reg(wdt.swd_conf, 0x0000_0001);
    flash(&mut rom, vec![Region { addr: 0x10000, data: image(5, 4096, 4) }], o).result.expect("usb reset works");
    assert_eq!(rom.mode, Mode::App);
    // Over USB-Serial/JTAG the RTC watchdog is stopped and the super-watchdog fed automatically.
    assert_eq!(rom.reg(wdt.config0), 0);
    assert_eq!(rom.reg(wdt.swd_conf), 0x8000_0001);
    assert_eq!(rom.reg(wdt.wprotect), 0, "registers locked again");
}

#[test]
fn a_board_running_its_program_without_reset_gets_manual_steps() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.mode = Mode::App;
    rom.set_lines(false, true);
    rom.set_lines(false, false); // boots the program, printing its boot log
    let e = flash(&mut rom, vec![Region { addr: 0x10000, data: image(5, 4096, 4) }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.what.contains("started its program instead of the bootloader (boot:0xc"), "{}", e.what);
    assert_eq!(e.hint, Hint::HoldBoot);
}

#[test]
fn a_silent_port_says_what_to_check() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.faults.stall_from = Some(1);
    let e = flash(&mut rom, vec![Region { addr: 0, data: image(5, 100, 1) }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.what.starts_with("No answer from the board"), "{}", e.what);
    assert_eq!(e.hint, Hint::ChooseOtherPort);
}

#[test]
fn wrong_chip_images_and_requests_are_refused_before_erasing() {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    let e = flash(&mut rom, vec![Region { addr: 0, data: image(13, 5000, 1) }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.what.contains("firmware for ESP32-C6, but this board is an ESP32-C3"), "{}", e.what);
    let o = Options { chip: Some(chip("esp32c6")), ..opts(Before::NoReset) };
    let e = flash(&mut rom, vec![Region { addr: 0, data: image(13, 5000, 1) }], o).result.unwrap_err();
    assert!(e.what.contains("is an ESP32-C3, not an ESP32-C6"), "{}", e.what);
    assert_eq!(e.hint, Hint::DetectChip);
    let e = flash(&mut rom, vec![Region { addr: 0, data: b"not a firmware".to_vec() }], opts(Before::NoReset)).result.unwrap_err();
    assert!(e.what.contains("not an ESP firmware image"), "{}", e.what);
    assert!(rom.flash.iter().all(|&b| b == 0xFF), "nothing was erased or written");
}

#[test]
fn a_board_that_cannot_keep_up_with_the_baud_rate_is_told_to_slow_down() {
    let img = image(5, 20_000, 3);
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.faults.max_baud = Some(460_800);
    let o = Options { baud: 921_600, ..opts(Before::DefaultReset) };
    let e = flash(&mut rom, vec![Region { addr: 0x10000, data: img.clone() }], o).result.unwrap_err();
    assert_eq!(e.what, "The board did not answer at 921600 baud: the cable or USB adapter may not carry that speed.");
    assert_eq!(e.hint, Hint::LowerBaud);
    // The same board at a speed it carries.
    let o = Options { baud: 460_800, ..opts(Before::DefaultReset) };
    flash(&mut rom, vec![Region { addr: 0x10000, data: img.clone() }], o).result.expect("flash at 460800");
    assert_eq!(&rom.flash[0x10000..0x10000 + img.len()], &img[..]);
}

#[test]
fn erase_clears_the_whole_flash() {
    let mut rom = Rom::new(chip("esp32c3"), 1 << 20);
    for stub in [false, true] {
        rom.flash[1234] = 0;
        rom.flash[(1 << 20) - 1] = 0;
        let mut f = Flasher::new(Task::Erase, Options { stub, ..opts(Before::NoReset) });
        drive(&mut f, &mut rom).result.expect("erase succeeds");
        assert!(rom.flash.iter().all(|&b| b == 0xFF));
    }
}

#[test]
fn info_reports_chip_mac_and_flash_size() {
    let mut rom = Rom::new(chip("esp32c6"), 8 << 20);
    let mut f = Flasher::new(Task::Info, opts(Before::NoReset));
    let s = drive(&mut f, &mut rom).result.expect("info");
    assert_eq!((s.chip.family, s.mac, s.flash_size), ("ESP32-C6", rom.mac(), 8 << 20));
}

/// The traffic of connecting and setting up (with or without uploading the stub), so faults can be
/// placed in the work that follows.
fn setup_traffic(stub: bool) -> flasher::sim::Stats {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    let mut f = Flasher::new(Task::Info, Options { stub, ..opts(Before::NoReset) });
    drive(&mut f, &mut rom).result.expect("info");
    rom.stats
}

/// Flash one region with `faults` set; return the result and whether the flash holds the image.
fn with_faults(faults: Faults, stub: bool) -> (Result<flasher::Summary, flasher::Error>, bool) {
    let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
    rom.faults = faults;
    let img = image(5, 64 * 1024, 9);
    let r = flash(&mut rom, vec![Region { addr: 0x10000, data: img.clone() }], Options { stub, ..opts(Before::NoReset) }).result;
    (r, rom.flash[0x10000..0x10000 + img.len()] == img[..])
}

#[test]
fn recoverable_faults_end_in_a_verified_image() {
    for stub in [false, true] {
        // Byte positions in the middle of the data blocks; the second command after set-up is a data block.
        let base = setup_traffic(stub);
        let (byte, cmd) = (base.bytes_in + 20_000, base.commands as u32 + 2);
        for faults in [
            Faults { drop_byte: Some(byte), ..Faults::default() },
            Faults { flip_byte: Some(byte), ..Faults::default() },
            Faults { flip_byte: Some(5), ..Faults::default() },
            Faults { swallow_reply: Some(cmd), ..Faults::default() },
            Faults { swallow_reply: Some(2), ..Faults::default() },
            Faults { bad_flash_writes: 1, ..Faults::default() },
        ] {
            let (r, good) = with_faults(faults.clone(), stub);
            assert!(r.is_ok(), "stub {stub} {faults:?}: {r:?}");
            assert!(good, "stub {stub} {faults:?}: flash differs though the flasher said done");
        }
    }
}

#[test]
fn fatal_faults_give_a_clear_error_never_done() {
    for stub in [false, true] {
        let cmd = setup_traffic(stub).commands as u32 + 2;
        for (faults, says) in [
            (Faults { stall_from: Some(cmd), ..Faults::default() }, "stopped answering"),
            (Faults { disconnect_at: Some(cmd), ..Faults::default() }, "disconnected in the middle of writing"),
            (Faults { bad_flash_writes: 100, ..Faults::default() }, "does NOT hold a good image"),
        ] {
            let (r, _) = with_faults(faults.clone(), stub);
            let e = r.expect_err("must not report done");
            assert!(e.what.contains(says), "stub {stub} {faults:?}: {}", e.what);
        }
    }
}

#[test]
fn the_stub_is_uploaded_and_writes_in_fewer_round_trips() {
    let img = image(5, 300_000, 11);
    let mut commands = Vec::new();
    for stub in [false, true] {
        let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
        let run = flash(&mut rom, vec![Region { addr: 0x10000, data: img.clone() }], Options { stub, ..opts(Before::NoReset) });
        run.result.expect("flash succeeds");
        assert!(run.notices.is_empty(), "{:?}", run.notices);
        assert_eq!(&rom.flash[0x10000..0x10000 + img.len()], &img[..]);
        assert_eq!(rom.mode, if stub { Mode::Stub } else { Mode::Rom });
        commands.push(rom.stats.commands);
    }
    // 1 KiB ROM blocks against 16 KiB stub blocks (the stub's own upload costs a few commands).
    assert!(commands[1] * 3 < commands[0], "{commands:?}");
}

#[test]
fn a_failed_stub_upload_says_so_and_carries_on_with_the_rom() {
    for cmd in [1, 3, 5] {
        let mut rom = Rom::new(chip("esp32c3"), 4 << 20);
        // The first MEM_* command comes right after the set-up traffic of the ROM-only path, less
        // its CHANGE_BAUDRATE … SPI_SET_PARAMS (9 commands).
        rom.faults.swallow_reply = Some(setup_traffic(false).commands as u32 - 9 + cmd);
        let img = image(5, 50_000, 12);
        let run = flash(&mut rom, vec![Region { addr: 0x10000, data: img.clone() }], opts(Before::NoReset));
        run.result.expect("flash succeeds through the ROM");
        assert!(run.notices.iter().any(|n| n.contains("flasher stub could not be uploaded")), "{:?}", run.notices);
        assert_eq!(&rom.flash[0x10000..0x10000 + img.len()], &img[..]);
        assert_eq!(rom.mode, Mode::Rom);
    }
}

fn read(rom: &mut Rom, addr: u32, size: u32, stub: bool) -> (Result<flasher::Summary, flasher::Error>, Vec<u8>) {
    let mut f = Flasher::new(Task::Read { addr, size: Some(size) }, Options { stub, ..opts(Before::NoReset) });
    let r = drive(&mut f, rom).result;
    (r, f.take_read())
}

#[test]
fn read_flash_returns_the_flash_checked_by_md5() {
    let mut rom = Rom::new(chip("esp32c6"), 2 << 20);
    rom.flash = flasher::sim::sample_image(2 << 20, 5);
    let (r, data) = read(&mut rom, 0x1000, 300_003, true);
    assert_eq!(r.expect("read succeeds").written, 300_003);
    assert!(data == rom.flash[0x1000..0x1000 + 300_003], "read bytes differ from the flash");
    let mut f = Flasher::new(Task::Read { addr: 0, size: None }, opts(Before::NoReset));
    drive(&mut f, &mut rom).result.expect("whole flash");
    assert!(f.take_read() == rom.flash);
}

#[test]
fn read_faults_give_a_retry_or_a_clear_error_never_a_wrong_backup() {
    let base = setup_traffic(true).bytes_out;
    for (faults, ok) in [
        // In the third packet of data (the READ_FLASH reply comes first).
        (Faults { flip_sent: Some(base + 10_000), ..Faults::default() }, true),
        (Faults { drop_sent: Some(base + 10_000), ..Faults::default() }, true),
        // The closing digest.
        (Faults { flip_sent: Some(base + 14 + 40_960 + 4), ..Faults::default() }, true),
        (Faults { stall_from: Some(setup_traffic(true).commands as u32 + 1), ..Faults::default() }, false),
    ] {
        let mut rom = Rom::new(chip("esp32c3"), 1 << 20);
        rom.flash = flasher::sim::sample_image(1 << 20, 6);
        rom.faults = faults.clone();
        let (r, data) = read(&mut rom, 0x20000, 40_960, true);
        match r {
            Ok(_) => {
                assert!(ok && data == rom.flash[0x20000..0x20000 + 40_960], "{faults:?}: wrong backup reported good");
                assert_eq!(rom.stats.commands, setup_traffic(true).commands + 2, "{faults:?}: the damaged read was redone");
            }
            Err(e) => assert!(!ok && e.what.contains("stopped answering") && data.is_empty(), "{faults:?}: {}", e.what),
        }
    }
}

#[test]
fn reading_without_the_stub_is_explained() {
    let mut rom = Rom::new(chip("esp32c3"), 1 << 20);
    let (r, _) = read(&mut rom, 0, 4096, false);
    assert!(r.unwrap_err().what.contains("needs the flasher stub"));
    let (r, _) = read(&mut rom, 0xF0000, 0x20000, true);
    assert!(r.unwrap_err().what.contains("has 1 MB of flash"));
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
    assert!(e.what.contains("does NOT hold a good image"), "{}", e.what);
}

/// Any bytes on the line, in either direction, end in an answer or an error, never a panic.
#[test]
fn garbage_on_the_line_never_panics() {
    let mut x = 12345u32;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    for round in 0..300 {
        let len = (rnd() % 300) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| rnd() as u8).collect();
        // Make some of them frames with plausible headers, so command handlers see junk too.
        if round % 2 == 0 && bytes.len() > 10 {
            bytes[0] = 0xC0;
            bytes[1] = 0;
            bytes[2] = [0x02, 0x03, 0x05, 0x07, 0x09, 0x0A, 0x10, 0x11, 0x13, 0xD1, 0xD2][round % 11];
            let n = bytes.len();
            bytes[n - 1] = 0xC0;
        }
        let mut rom = Rom::new(chip("esp32c3"), 1 << 20);
        if round % 3 == 0 {
            rom.mode = Mode::Stub;
        }
        rom.feed(&bytes);
        let mut f = Flasher::new(Task::Erase, opts(Before::NoReset));
        f.feed(&bytes);
        let mut now = 0;
        for _ in 0..100 {
            match f.poll(now) {
                flasher::Action::Wait { until_ms } => now = until_ms,
                flasher::Action::Done(_) | flasher::Action::Failed(_) => break,
                _ => {}
            }
            f.feed(&rom.take_output());
        }
    }
}
