//! `ferrite flash` against `ferrite simulate-rom` over a pseudo-terminal, as with a real port.

mod sim_board;

use sim_board::{ferrite, run, test_image, write, SimBoard};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

fn flash(board: &SimBoard, args: &[&str]) -> (bool, String) {
    run(Command::new(ferrite()).args(["flash", "--port", &board.port, "--before", "no-reset", "--after", "no-reset"]).args(args), LIMIT)
}

#[test]
fn writes_address_file_pairs_and_the_flash_holds_them() {
    let board = SimBoard::start("esp32c3", "pairs");
    let app = test_image(200_003, 7);
    let data = test_image(5000, 8);
    write(&board.path("app.bin"), &app);
    write(&board.path("data.bin"), &data);
    let (app_path, data_path) = (board.path("app.bin"), board.path("data.bin"));
    let (ok, out) = flash(&board, &["--baud", "921600", "0x20000", app_path.to_str().unwrap(), "0x300000", data_path.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains("Connected to ESP32-C3 (MAC 58:cf:79:1e:2d:3c), 4 MB flash."), "{out}");
    assert!(out.contains("Wrote and verified 205004 bytes on ESP32-C3."), "{out}");
    let f = board.flash();
    assert_eq!(&f[0x20000..0x20000 + app.len()], &app[..]);
    assert_eq!(&f[0x300000..0x300000 + data.len()], &data[..]);
    assert!(f[..0x20000].iter().all(|&b| b == 0xFF));
}

#[test]
fn bad_input_is_explained() {
    let board = SimBoard::start("esp32c3", "bad");
    let missing = board.path("nope.bin");
    let (ok, out) = flash(&board, &["0x0", missing.to_str().unwrap()]);
    assert!(!ok && out.contains("cannot read"), "{out}");
    let corrupt = board.path("corrupt.bin");
    write(&corrupt, b"this is a text file, not firmware");
    let (ok, out) = flash(&board, &["0x0", corrupt.to_str().unwrap()]);
    assert!(!ok && out.contains("is not an ESP firmware image"), "{out}");
    let manifest = board.path("m.json");
    write(&manifest, br#"{"name":"x","version":"1","builds":[{"chipFamily":"ESP32-C6","parts":[{"path":"a.bin","offset":0}]}]}"#);
    let (ok, out) = flash(&board, &[manifest.to_str().unwrap()]);
    assert!(!ok && out.contains("This manifest has firmware for ESP32-C6 but the board is an ESP32-C3"), "{out}");
    // What to do next names the CLI's flags.
    let app = board.path("app.bin");
    write(&app, &test_image(4096, 2));
    let (ok, out) = flash(&board, &["--chip", "esp32c6", "0x10000", app.to_str().unwrap()]);
    assert!(!ok && out.contains("This board is an ESP32-C3, not an ESP32-C6 as requested"), "{out}");
    assert!(out.contains("(or give --chip auto)"), "{out}");
    let (ok, out) = run(Command::new(ferrite()).args(["flash", "--port", "/dev/nonexistent-port", "0x0", "x.bin"]), LIMIT);
    assert!(!ok && out.contains("cannot read 'x.bin'"), "{out}");
    assert!(board.flash().iter().all(|&b| b == 0xFF), "nothing was written");
}

#[test]
fn a_manifest_build_for_the_detected_chip_is_written() {
    let board = SimBoard::start("esp32c6", "manifest");
    let mut img = test_image(40_000, 3);
    img[0] = 0xE9;
    img[1] = 2;
    img[12..14].copy_from_slice(&13u16.to_le_bytes());
    write(&board.path("c6.bin"), &img);
    write(&board.path("c3.bin"), b"wrong");
    let manifest = board.path("manifest.json");
    write(
        &manifest,
        br#"{"name":"Ferrite","version":"0.1.0","builds":[
            {"chipFamily":"ESP32-C3","parts":[{"path":"c3.bin","offset":0}]},
            {"chipFamily":"ESP32-C6","parts":[{"path":"c6.bin","offset":0}]}]}"#,
    );
    let (ok, out) = flash(&board, &[manifest.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert_eq!(&board.flash()[..img.len()], &img[..]);
}

#[test]
fn read_saves_a_backup_and_no_stub_writes_through_the_rom() {
    let board = SimBoard::start("esp32c3", "read");
    let app = test_image(100_000, 9);
    write(&board.path("app.bin"), &app);
    let app_path = board.path("app.bin");
    let (ok, out) = flash(&board, &["--no-stub", "0x10000", app_path.to_str().unwrap()]);
    assert!(ok && out.contains("Wrote and verified 100000 bytes"), "{out}");
    let (ok, out) = flash(&board, &["--no-stub", "--read", "0x0", "4096", board.path("x.bin").to_str().unwrap()]);
    assert!(!ok && out.contains("needs the flasher stub"), "{out}");
    assert!(!board.path("x.bin").exists(), "no file when the read failed");
    let part = board.path("part.bin");
    let (ok, out) = flash(&board, &["--baud", "921600", "--read", "0x10000", "100000", part.to_str().unwrap()]);
    assert!(ok && out.contains("Read 100000 bytes from 0x10000 on ESP32-C3"), "{out}");
    assert_eq!(std::fs::read(&part).expect("backup written"), app);
    let whole = board.path("whole.bin");
    let (ok, out) = flash(&board, &["--baud", "921600", "--read", "0", "all", whole.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(std::fs::read(&whole).expect("backup written") == board.flash(), "the backup is the board's flash");
}
