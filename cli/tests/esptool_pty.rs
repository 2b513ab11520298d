//! The real `esptool` from PyPI against `ferrite simulate-rom --pty`: proof that the simulated
//! ROM answers as a board does (including esptool's stub upload). Run by `cargo xtask test`'s
//! `flasher` step, which installs esptool and sets `ESPTOOL`.

mod sim_board;

use sim_board::{run, test_image, write, SimBoard};
use std::process::Command;
use std::time::Duration;

fn esptool(board: &SimBoard, args: &[&str]) -> String {
    let exe = std::env::var("ESPTOOL").unwrap_or_default();
    assert!(
        !exe.is_empty(),
        "ESPTOOL is not set: run these tests with `cargo xtask test --only flasher`, which installs esptool from PyPI"
    );
    let (ok, out) = run(
        Command::new(exe).args(["--port", &board.port, "--before", "no-reset", "--after", "no-reset"]).args(args),
        Duration::from_secs(120),
    );
    assert!(ok, "esptool {args:?} failed:\n{out}");
    out
}

#[test]
fn chip_id_identifies_the_simulated_esp32c3() {
    let board = SimBoard::start("esp32c3", "chipid");
    let out = esptool(&board, &["chip-id"]);
    assert!(out.contains("Chip type:          ESP32-C3"), "{out}");
    assert!(out.contains("MAC:                58:cf:79:1e:2d:3c"), "{out}");
    assert!(out.contains("Stub flasher running."), "{out}");
}

#[test]
fn write_verify_and_read_flash_round_trip() {
    let board = SimBoard::start("esp32c3", "rw");
    let img = test_image(150_001, 5);
    let (file, back) = (board.path("app.bin"), board.path("back.bin"));
    write(&file, &img);
    let file = file.to_str().unwrap();
    let out = esptool(&board, &["write-flash", "0x10000", file]);
    assert!(out.contains("Hash of data verified."), "{out}");
    assert!(out.contains("compressed) at 0x00010000"), "{out}");
    assert_eq!(&board.flash()[0x10000..0x10000 + img.len()], &img[..]);
    let out = esptool(&board, &["verify-flash", "0x10000", file]);
    assert!(out.contains("Verification successful (digest matched)."), "{out}");
    let out = esptool(&board, &["read-flash", "0x10000", "150001", back.to_str().unwrap()]);
    assert!(out.contains("Read 150001 bytes from 0x00010000"), "{out}");
    assert_eq!(std::fs::read(&back).expect("read-flash output"), img);
}

#[test]
fn a_board_flashed_by_esptool_can_be_flashed_by_ferrite_and_verified_by_esptool() {
    let board = SimBoard::start("esp32c3", "mixed");
    let (a, b) = (test_image(30_000, 1), test_image(30_000, 2));
    write(&board.path("a.bin"), &a);
    write(&board.path("b.bin"), &b);
    esptool(&board, &["write-flash", "0x40000", board.path("a.bin").to_str().unwrap()]);
    // esptool sent its stub back to the ROM loader (--after no-reset); ferrite flash takes over.
    let (ok, out) = run(
        Command::new(sim_board::ferrite())
            .args(["flash", "--port", &board.port, "--before", "no-reset", "--after", "no-reset", "0x40000"])
            .arg(board.path("b.bin")),
        Duration::from_secs(120),
    );
    assert!(ok, "{out}");
    let out = esptool(&board, &["verify-flash", "0x40000", board.path("b.bin").to_str().unwrap()]);
    assert!(out.contains("Verification successful"), "{out}");
}
