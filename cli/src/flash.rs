//! `ferrite flash`: write firmware to (or back up flash from) a board over a serial port, driving the flasher's state
//! machine with the `serialport` crate and showing progress with `indicatif`.

use flasher::chip::{self, Chip};
use flasher::{Action, After, Before, Flasher, Hint, Options, Region, Stage, Summary, Task};
use indicatif::{ProgressBar, ProgressStyle};
use serialport::SerialPort;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: ferrite flash --port PORT [--chip auto|esp32c3|…] [--baud N] [--no-stub] \
[--before default-reset|usb-reset|no-reset] [--after hard-reset|no-reset] [ADDR FILE]... | [manifest.json]
       ferrite flash --port PORT [options] --read ADDR SIZE|all FILE
  With no files, writes Ferrite's own firmware for the detected chip. --read saves SIZE bytes of flash
  from ADDR (all: to the end) into FILE, a backup. --no-stub talks to the ROM loader only (slower; no --read).";

/// What to write, before the chip is known.
enum Source {
    Pairs(Vec<Region>),
    Manifest(PathBuf),
    Own,
    Read { addr: u32, size: Option<u32>, file: PathBuf },
}

struct Args {
    port: String,
    opts: Options,
    source: Source,
}

fn parse_addr(s: &str) -> Option<u32> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read '{path}': {e}"))
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut port = None;
    let mut opts = Options::default();
    let mut rest = Vec::new();
    let mut read = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--port" | "-p" => port = Some(value()?),
            "--chip" | "-c" => {
                let v = value()?;
                opts.chip = match v.as_str() {
                    "auto" => None,
                    _ => Some(chip::by_name(&v).ok_or_else(|| format!("unknown chip '{v}'; known: {}", chip_names()))?),
                };
            }
            "--baud" | "-b" => {
                let v = value()?;
                opts.baud = v.parse().ok().filter(|b| (9600..=5_000_000).contains(b)).ok_or_else(|| format!("bad baud rate '{v}'"))?;
            }
            "--before" => {
                opts.before = match value()?.as_str() {
                    "default-reset" | "default_reset" => Before::DefaultReset,
                    "usb-reset" | "usb_reset" => Before::UsbReset,
                    "no-reset" | "no_reset" => Before::NoReset,
                    v => return Err(format!("unknown --before '{v}'\n{USAGE}")),
                }
            }
            "--after" => {
                opts.after = match value()?.as_str() {
                    "hard-reset" | "hard_reset" => After::HardReset,
                    "no-reset" | "no_reset" => After::NoReset,
                    v => return Err(format!("unknown --after '{v}'\n{USAGE}")),
                }
            }
            "--no-stub" => opts.stub = false,
            "--read" => {
                let (addr, size, file) = (value()?, value()?, value()?);
                let addr = parse_addr(&addr).ok_or_else(|| format!("'{addr}' is not an address (e.g. 0x0)"))?;
                let size = match size.as_str() {
                    "all" => None,
                    s => Some(parse_addr(s).filter(|n| *n > 0).ok_or_else(|| format!("'{s}' is not a size (e.g. 0x400000 or all)"))?),
                };
                read = Some(Source::Read { addr, size, file: PathBuf::from(file) });
            }
            "-h" | "--help" => return Err(String::from(USAGE)),
            _ if arg.starts_with("--") => return Err(format!("unknown option '{arg}'\n{USAGE}")),
            _ => rest.push(arg.clone()),
        }
    }
    let port = port.ok_or_else(|| format!("--port is required (e.g. /dev/ttyUSB0 or /dev/ttyACM0)\n{USAGE}"))?;
    let source = match (read, rest.as_slice()) {
        (Some(read), []) => read,
        (Some(_), _) => return Err(format!("--read takes no files to write\n{USAGE}")),
        (None, rest) => sources(rest)?,
    };
    Ok(Args { port, opts, source })
}

fn sources(rest: &[String]) -> Result<Source, String> {
    Ok(match rest {
        [] => Source::Own,
        [one] if one.ends_with(".json") => Source::Manifest(PathBuf::from(one)),
        pairs if pairs.len() % 2 == 0 => {
            let mut regions = Vec::new();
            for p in pairs.chunks(2) {
                let addr = parse_addr(&p[0]).ok_or_else(|| format!("'{}' is not an address (e.g. 0x10000)", p[0]))?;
                regions.push(Region { addr, data: read_file(&p[1])? });
            }
            Source::Pairs(regions)
        }
        _ => return Err(format!("give address/file pairs, one manifest.json, or nothing\n{USAGE}")),
    })
}

fn chip_names() -> String {
    chip::CHIPS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

pub fn main(args: &[String]) -> ExitCode {
    match parse(args).and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ferrite flash: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(a: Args) -> Result<(), String> {
    let mut port = open(&a.port)?;
    let regions = match a.source {
        Source::Pairs(r) => r,
        Source::Read { addr, size, file } => return backup(&mut *port, Flasher::new(Task::Read { addr, size }, a.opts), addr, &file),
        source => {
            // Identify the board first (staying in its loader), then pick the image for it.
            let info = Options { after: After::NoReset, baud: 115_200, ..a.opts };
            let s = drive(&mut *port, &mut Flasher::new(Task::Info, info))?;
            println!("{}", connected(&s));
            let regions = match source {
                Source::Manifest(path) => manifest_regions(&path, s.chip)?,
                _ => own_firmware(s.chip)?,
            };
            return finish(drive(&mut *port, &mut Flasher::new(Task::Flash(regions), Options { before: Before::NoReset, ..a.opts }))?);
        }
    };
    let s = drive(&mut *port, &mut Flasher::new(Task::Flash(regions), a.opts))?;
    println!("{}", connected(&s));
    finish(s)
}

/// Read flash into `file`; the file is written only once the read's MD5 matched.
fn backup(port: &mut dyn SerialPort, mut f: Flasher, addr: u32, file: &Path) -> Result<(), String> {
    let s = drive(port, &mut f)?;
    println!("{}", connected(&s));
    let data = f.take_read();
    std::fs::write(file, &data).map_err(|e| format!("cannot write '{}': {e}", file.display()))?;
    println!("Read {} bytes from {addr:#x} on {} into {} (MD5 checked).", data.len(), s.chip.family, file.display());
    Ok(())
}

fn connected(s: &Summary) -> String {
    format!("Connected to {} (MAC {}), {} flash.", s.chip.family, mac_text(&s.mac), flasher::image::size_text(s.flash_size))
}

fn finish(s: Summary) -> Result<(), String> {
    println!("Wrote and verified {} bytes on {}.", s.written, s.chip.family);
    Ok(())
}

fn open(path: &str) -> Result<Box<dyn SerialPort>, String> {
    serialport::new(path, 115_200)
        .timeout(Duration::from_millis(20))
        .open()
        .map_err(|e| format!("cannot open {path}: {e}. Check the port name, and close other programs using it."))
}

/// Carry out the machine's actions on `port` until it is done.
fn drive(port: &mut dyn SerialPort, f: &mut Flasher) -> Result<Summary, String> {
    let start = Instant::now();
    let bar = ProgressBar::hidden();
    let mut stage = None;
    let mut lines_warned = false;
    let mut buf = vec![0u8; 8192];
    loop {
        let now = start.elapsed().as_millis() as u64;
        let lines = match f.poll(now) {
            Action::Send(bytes) => {
                if let Err(e) = port.write_all(&bytes).and_then(|()| port.flush()) {
                    f.port_lost();
                    eprintln!("(serial write failed: {e})");
                }
                continue;
            }
            Action::Lines { dtr, rts } => port.write_data_terminal_ready(dtr).and_then(|()| port.write_request_to_send(rts)),
            Action::Dtr(v) => port.write_data_terminal_ready(v),
            Action::Rts(v) => port.write_request_to_send(v),
            Action::Flush => {
                let _ = port.clear(serialport::ClearBuffer::Input);
                continue;
            }
            Action::SetBaud(b) => port.set_baud_rate(b),
            Action::Wait { until_ms } => {
                let wait = until_ms.saturating_sub(now).clamp(1, 50);
                let _ = port.set_timeout(Duration::from_millis(wait));
                match port.read(&mut buf) {
                    Ok(n) => f.feed(&buf[..n]),
                    Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock | ErrorKind::Interrupted) => {}
                    Err(_) => f.port_lost(),
                }
                continue;
            }
            Action::Progress(p) => {
                if stage != Some(p.stage) {
                    stage = Some(p.stage);
                    show_stage(&bar, p.stage, p.total);
                }
                bar.set_position(p.done);
                continue;
            }
            Action::Notice(n) => {
                bar.suspend(|| eprintln!("note: {n}"));
                continue;
            }
            Action::Done(s) => {
                bar.finish_and_clear();
                return Ok(s);
            }
            Action::Failed(e) => {
                bar.abandon();
                return Err(e.text(&advice(e.hint)));
            }
        };
        if let Err(e) = lines {
            if !lines_warned {
                lines_warned = true;
                eprintln!("note: this port cannot set DTR/RTS ({e}); reset the board by hand if it does not answer.");
            }
        }
    }
}

fn show_stage(bar: &ProgressBar, stage: Stage, total: u64) {
    if stage == Stage::Connecting {
        return;
    }
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.set_length(total);
    let msg = match stage {
        Stage::Erasing => "Erasing  ",
        Stage::Writing => "Writing  ",
        Stage::Verifying => "Verifying",
        Stage::Reading => "Reading  ",
        Stage::Connecting => "",
    };
    bar.set_message(msg);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}") {
        bar.set_style(style.progress_chars("=> "));
    }
}

/// Download mode by hand, in the CLI's words.
const HOLD_BOOT: &str = "put the board in download mode by hand: hold the BOOT button, press and release RESET (EN), \
then release BOOT. Then run again with --before no-reset.";

/// What to do next, in the CLI's words (its flags); the page words the same hints with its controls.
fn advice(hint: Hint) -> String {
    String::from(match hint {
        Hint::None => "",
        Hint::LowerBaud => "Try again with a lower speed (--baud 115200), a shorter or different USB cable, or another USB port.",
        Hint::HoldBoot => return format!("Try again: {HOLD_BOOT}"),
        Hint::ReplugCable => "Plug it back in (try another cable or USB port if it keeps happening) and run ferrite flash again.",
        Hint::ChooseOtherPort => {
            return format!(
                "Check that it is plugged in with a data cable (some USB cables only charge), that --port names the \
                 right port, and that no other program (a serial monitor, Thonny) is using it. If the board has no \
                 auto-reset, {HOLD_BOOT}"
            )
        }
        Hint::PressReset => "Press RESET on the board, make sure it is in download mode, and try again.",
        Hint::DetectChip => "Or leave out --chip (or give --chip auto) to flash whatever chip is connected.",
        Hint::UseStub => "Run again without --no-stub; if the stub fails to start, press RESET and try again.",
    })
}

fn mac_text(mac: &[u8; 6]) -> String {
    mac.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// Ferrite's merged firmware for `chip`, built by `cargo xtask firmware` next to this binary's
/// target folder (written from offset 0).
fn own_firmware(chip: &Chip) -> Result<Vec<Region>, String> {
    let dir = match std::env::var_os("FERRITE_FIRMWARE_DIR") {
        Some(d) => PathBuf::from(d),
        None => std::env::current_exe()
            .ok()
            .and_then(|e| e.parent()?.parent().map(|t| t.join("firmware")))
            .unwrap_or_else(|| PathBuf::from("target/firmware")),
    };
    let path = dir.join(format!("ferrite-{}-merged.bin", chip.name));
    match std::fs::read(&path) {
        Ok(data) => Ok(vec![Region { addr: 0, data }]),
        Err(_) => Err(format!(
            "The board is an {}, but Ferrite's firmware for it is not built yet ({} is missing): \
             run cargo xtask firmware --chip {}, or give the image to write (ADDR FILE).",
            chip.family,
            path.display(),
            chip.name
        )),
    }
}

/// The parts of an ESP Web Tools manifest's build for `chip`, read relative to the manifest.
fn manifest_regions(path: &Path, chip: &Chip) -> Result<Vec<Region>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let bad = |why: &str| format!("'{}' is not a valid ESP Web Tools manifest: {why}", path.display());
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(&e.to_string()))?;
    let builds = json.get("builds").and_then(|b| b.as_array()).ok_or_else(|| bad("it has no \"builds\" list"))?;
    let families: Vec<&str> = builds.iter().filter_map(|b| b.get("chipFamily")?.as_str()).collect();
    let build = builds
        .iter()
        .find(|b| b.get("chipFamily").and_then(|f| f.as_str()) == Some(chip.family))
        .ok_or_else(|| {
            format!(
                "This manifest has firmware for {} but the board is an {}: use the manifest for {}.",
                if families.is_empty() { String::from("no chip") } else { families.join(", ") },
                chip.family,
                chip.family
            )
        })?;
    let parts = build.get("parts").and_then(|p| p.as_array()).ok_or_else(|| bad("a build has no \"parts\""))?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut regions = Vec::new();
    for part in parts {
        let file = part.get("path").and_then(|p| p.as_str()).ok_or_else(|| bad("a part has no \"path\""))?;
        let offset = part.get("offset").and_then(|o| o.as_u64()).filter(|o| *o <= u32::MAX as u64).ok_or_else(|| bad("a part has no numeric \"offset\""))?;
        if file.contains("://") {
            return Err(format!("'{file}' is a web address: download it next to the manifest first."));
        }
        regions.push(Region { addr: offset as u32, data: read_file(&base.join(file).to_string_lossy())? });
    }
    Ok(regions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_names_the_cli_flags_never_the_page_controls() {
        for hint in Hint::ALL {
            let text = advice(hint);
            assert!(!text.contains("Speed") && !text.contains("Connect"), "{hint:?}: {text}");
            assert_eq!(text.is_empty(), hint == Hint::None, "{hint:?}");
        }
        assert!(advice(Hint::LowerBaud).contains("--baud 115200"));
        assert!(advice(Hint::HoldBoot).contains("hold the BOOT button") && advice(Hint::HoldBoot).contains("--before no-reset"));
        assert!(advice(Hint::ChooseOtherPort).contains("--port") && advice(Hint::ChooseOtherPort).contains("--before no-reset"));
        assert!(advice(Hint::DetectChip).contains("--chip auto"));
        assert!(advice(Hint::UseStub).contains("--no-stub"));
    }

    #[test]
    fn a_failure_reads_what_then_what_to_do() {
        let e = flasher::Error::new("The board stopped answering.", Hint::LowerBaud);
        assert_eq!(e.text(&advice(e.hint)), "The board stopped answering. Try again with a lower speed (--baud 115200), a shorter or different USB cable, or another USB port.");
        let e = flasher::Error::new("The file is empty.", Hint::None);
        assert_eq!(e.text(&advice(e.hint)), "The file is empty.");
    }
}
