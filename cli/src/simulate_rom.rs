//! `ferrite simulate-rom --chip esp32c3 --pty`: serve the simulated ROM bootloader on a
//! pseudo-terminal so real tools (esptool, `ferrite flash`) can flash a virtual board.

use crate::pty::Pty;
use flasher::chip;
use flasher::sim::Rom;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str =
    "usage: ferrite simulate-rom [--chip esp32c3|esp32c6|esp32|…] --pty [--flash-size 4MB] [--flash-file PATH] [--stats PATH]";

struct Args {
    chip: &'static chip::Chip,
    flash_size: usize,
    flash_file: Option<String>,
    stats: Option<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args { chip: &chip::CHIPS[4], flash_size: 4 << 20, flash_file: None, stats: None };
    let mut pty = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--chip" => {
                let v = value()?;
                a.chip = chip::by_name(&v).ok_or_else(|| format!("unknown chip '{v}'"))?;
            }
            "--pty" => pty = true,
            "--flash-size" => {
                let v = value()?;
                a.flash_size = parse_size(&v).ok_or_else(|| format!("bad flash size '{v}' (use e.g. 4MB)"))?;
            }
            "--flash-file" => a.flash_file = Some(value()?),
            "--stats" => a.stats = Some(value()?),
            _ => return Err(format!("unknown argument '{arg}'\n{USAGE}")),
        }
    }
    if !pty {
        return Err(format!("the simulated board is served on a pseudo-terminal: add --pty\n{USAGE}"));
    }
    Ok(a)
}

/// `4MB`, `512KB`, `1M`: a power of two from 256 KB to 128 MB.
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_uppercase();
    let s = s.strip_suffix('B').unwrap_or(&s);
    let (num, mul) = match s.strip_suffix('M') {
        Some(n) => (n, 1 << 20),
        None => (s.strip_suffix('K')?, 1 << 10),
    };
    let n = num.parse::<usize>().ok()?.checked_mul(mul)?;
    (n.is_power_of_two() && (1 << 18..=1 << 27).contains(&n)).then_some(n)
}

pub fn main(args: &[String]) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ferrite simulate-rom: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let a = parse(args)?;
    let mut rom = Rom::new(a.chip, a.flash_size);
    if let Some(path) = &a.flash_file {
        if let Ok(bytes) = std::fs::read(path) {
            let n = bytes.len().min(rom.flash.len());
            rom.flash[..n].copy_from_slice(&bytes[..n]);
        }
    }
    let mut pty = Pty::open().map_err(|e| format!("cannot open a pseudo-terminal: {e}"))?;
    println!("{}", pty.path());
    let _ = std::io::stdout().flush();
    let mut buf = vec![0u8; 64 * 1024];
    let mut dirty = false;
    loop {
        let n = pty.read_timeout(&mut buf, 200).map_err(|e| format!("reading the pty: {e}"))?;
        if n > 0 {
            rom.feed(&buf[..n]);
            let out = rom.take_output();
            pty.write_all(&out).map_err(|e| format!("writing the pty: {e}"))?;
            dirty = true;
        } else if dirty {
            // Idle: the client is done or thinking; save what the tests look at.
            dirty = false;
            save(&a, &rom)?;
        }
    }
}

fn save(a: &Args, rom: &Rom) -> Result<(), String> {
    if let Some(path) = &a.flash_file {
        std::fs::write(path, &rom.flash).map_err(|e| format!("writing {path}: {e}"))?;
    }
    if let Some(path) = &a.stats {
        let s = rom.stats;
        let json = format!(
            "{{\"bytes_in\": {}, \"bytes_out\": {}, \"commands\": {}, \"wire_us\": {}}}\n",
            s.bytes_in, s.bytes_out, s.commands, s.wire_us
        );
        std::fs::write(path, json).map_err(|e| format!("writing {path}: {e}"))?;
    }
    Ok(())
}
