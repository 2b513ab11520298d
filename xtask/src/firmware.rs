//! `cargo xtask firmware --chip esp32c3|esp32c6|esp32|esp32s3`: build `firmware-esp32/` for the
//! chip and turn the ELF into what a flasher writes, with espflash as a library (its bundled
//! ESP-IDF bootloaders; our partition table, `firmware-esp32/partitions.csv`, with the `vfs`
//! partition for files):
//! `target/firmware/ferrite-<chip>.bin` (the app image, at 0x10000),
//! `-bootloader.bin`, `-partitions.bin`, `-merged.bin` (all three at their offsets, flashable
//! at 0x0), and `manifest.json` in ESP Web Tools' format listing every chip built so far.

use crate::bail;
use crate::targets;
use crate::util::{self, Result};
use espflash::flasher::{FlashData, FlashFrequency, FlashMode, FlashSettings, FlashSize};
use espflash::image_format::idf::IdfBootloaderFormat;
use espflash::target::{Chip as EspChip, XtalFrequency};
use std::fs;
use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
cargo xtask firmware --chip CHIP [--chip CHIP ...]
  Builds firmware-esp32/ for each CHIP (esp32c3, esp32c6; esp32 and esp32s3 need Espressif's
  Xtensa toolchain, see README) and writes target/firmware/ferrite-CHIP{,-bootloader,-partitions,
  -merged}.bin and manifest.json.";

/// The largest app image we accept (the budget).
pub const MAX_APP: usize = 1024 * 1024;

/// A chip the firmware builds for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chip {
    Esp32c3,
    Esp32c6,
    Esp32,
    Esp32s3,
}

pub const CHIPS: [Chip; 4] = [Chip::Esp32c3, Chip::Esp32c6, Chip::Esp32, Chip::Esp32s3];

impl Chip {
    pub fn name(self) -> &'static str {
        match self {
            Chip::Esp32c3 => "esp32c3",
            Chip::Esp32c6 => "esp32c6",
            Chip::Esp32 => "esp32",
            Chip::Esp32s3 => "esp32s3",
        }
    }
    pub fn from_name(s: &str) -> Option<Chip> {
        CHIPS.into_iter().find(|c| c.name() == s)
    }
    pub fn target(self) -> &'static str {
        match self {
            Chip::Esp32c3 => "riscv32imc-unknown-none-elf",
            Chip::Esp32c6 => "riscv32imac-unknown-none-elf",
            Chip::Esp32 => "xtensa-esp32-none-elf",
            Chip::Esp32s3 => "xtensa-esp32s3-none-elf",
        }
    }
    /// The chip id in the image's extended header (esptool's `IMAGE_CHIP_ID`).
    pub fn image_id(self) -> u16 {
        match self {
            Chip::Esp32 => 0,
            Chip::Esp32c3 => 5,
            Chip::Esp32s3 => 9,
            Chip::Esp32c6 => 13,
        }
    }
    /// ESP Web Tools' `chipFamily`.
    pub fn family(self) -> &'static str {
        match self {
            Chip::Esp32c3 => "ESP32-C3",
            Chip::Esp32c6 => "ESP32-C6",
            Chip::Esp32 => "ESP32",
            Chip::Esp32s3 => "ESP32-S3",
        }
    }
    fn espflash(self) -> EspChip {
        match self {
            Chip::Esp32c3 => EspChip::Esp32c3,
            Chip::Esp32c6 => EspChip::Esp32c6,
            Chip::Esp32 => EspChip::Esp32,
            Chip::Esp32s3 => EspChip::Esp32s3,
        }
    }
    fn xtensa(self) -> bool {
        matches!(self, Chip::Esp32 | Chip::Esp32s3)
    }
}

/// Where the images go.
pub fn out_dir() -> PathBuf {
    util::target_dir().join("firmware")
}

pub fn image_path(chip: Chip, part: &str) -> PathBuf {
    out_dir().join(format!("ferrite-{}{part}.bin", chip.name()))
}

/// `cargo xtask firmware --chip ...`.
pub fn run(args: &[String]) -> Result<()> {
    let mut chips = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--chip" => {
                let name = it.next().ok_or_else(|| util::Error("--chip needs a chip name".into()))?;
                let names: Vec<&str> = CHIPS.iter().map(|c| c.name()).collect();
                chips.push(Chip::from_name(name).ok_or_else(|| {
                    util::Error(format!("unknown chip `{name}`; chips are: {}", names.join(", ")))
                })?);
            }
            other => bail!("unknown option `{other}` for `cargo xtask firmware`\n\n{USAGE}"),
        }
    }
    if chips.is_empty() {
        bail!("which chip? \n\n{USAGE}");
    }
    for chip in chips {
        build(chip)?;
    }
    Ok(())
}

/// Build the firmware for `chip` and write its images and the manifest.
pub fn build(chip: Chip) -> Result<()> {
    if chip.xtensa() {
        if util::which("espup").is_none() && std::env::var_os("IDF_PATH").is_none() {
            eprintln!("note: {} needs Espressif's Xtensa Rust toolchain (espup); see README", chip.name());
        }
    } else {
        targets::ensure_installed(&[chip.target()])?;
    }
    let mut cmd = util::firmware_cargo(chip.target());
    cmd.args(["-p", "ferrite-firmware", "--features", chip.name()]);
    if chip.xtensa() {
        // The Xtensa targets have no prebuilt core: build it from rust-src.
        cmd.args(["-Z", "build-std=core,alloc"]);
    }
    util::run(&mut cmd)?;
    let elf_path = util::target_dir()
        .join("firmware-esp32")
        .join(chip.target())
        .join("release")
        .join("ferrite-firmware");
    let elf = fs::read(&elf_path).map_err(|e| format!("could not read {}: {e}", elf_path.display()))?;
    let parts = images(chip, &elf)?;
    let dir = out_dir();
    fs::create_dir_all(&dir).map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    for (suffix, data) in [
        ("", &parts.app),
        ("-bootloader", &parts.bootloader),
        ("-partitions", &parts.partitions),
        ("-merged", &parts.merged()),
    ] {
        write(&image_path(chip, suffix), data)?;
    }
    write(&dir.join("manifest.json"), manifest(&built_chips(), &parts.offsets()).as_bytes())?;
    println!(
        "{}: app image {} bytes, merged image {} bytes, in {}",
        chip.name(),
        parts.app.len(),
        parts.merged().len(),
        dir.display()
    );
    Ok(())
}

fn write(path: &Path, data: &[u8]) -> Result<()> {
    fs::write(path, data).map_err(|e| format!("could not write {}: {e}", path.display()).into())
}

/// The chips whose images are in the output folder.
fn built_chips() -> Vec<Chip> {
    CHIPS.into_iter().filter(|c| image_path(*c, "-merged").is_file()).collect()
}

/// The three flash parts and where they go.
pub struct Parts {
    pub bootloader: Vec<u8>,
    pub bootloader_at: u32,
    pub partitions: Vec<u8>,
    pub partitions_at: u32,
    pub app: Vec<u8>,
    pub app_at: u32,
}

impl Parts {
    /// One image for address 0: each part at its offset, gaps filled with erased flash (0xFF).
    pub fn merged(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (at, data) in [
            (self.bootloader_at, &self.bootloader),
            (self.partitions_at, &self.partitions),
            (self.app_at, &self.app),
        ] {
            let at = at as usize;
            if out.len() < at {
                out.resize(at, 0xFF);
            }
            out.truncate(at);
            out.extend_from_slice(data);
        }
        out
    }

    pub fn offsets(&self) -> [(&'static str, u32); 3] {
        [("-bootloader", self.bootloader_at), ("-partitions", self.partitions_at), ("", self.app_at)]
    }
}

/// The ESP-IDF image of `elf` for `chip`: espflash's bundled bootloader and our partition table
/// (nvs, phy_init, the factory app, `vfs` for files; a 4 MB flash), DIO at 80 MHz like
/// esptool's default.
pub fn images(chip: Chip, elf: &[u8]) -> Result<Parts> {
    let settings = FlashSettings::new(Some(FlashMode::Dio), Some(FlashSize::_4Mb), Some(FlashFrequency::_80Mhz));
    let flash_data = FlashData::new(settings, 0, None, chip.espflash(), XtalFrequency::_40Mhz);
    let table = util::firmware_dir().join("partitions.csv");
    let format = IdfBootloaderFormat::new(elf, &flash_data, Some(&table), None, None, None)
        .map_err(|e| format!("espflash could not make an image for {}: {e}", chip.name()))?;
    let mut segs = format.flash_segments();
    let mut next = |what: &str| {
        segs.next()
            .map(|s| (s.addr, s.data().to_vec()))
            .ok_or_else(|| util::Error(format!("espflash gave no {what} segment")))
    };
    let (bootloader_at, bootloader) = next("bootloader")?;
    let (partitions_at, partitions) = next("partition table")?;
    let (app_at, app) = next("app")?;
    Ok(Parts { bootloader, bootloader_at, partitions, partitions_at, app, app_at })
}

/// ESP Web Tools' manifest: one build per chip, its parts at their offsets.
pub fn manifest(chips: &[Chip], offsets: &[(&str, u32)]) -> String {
    let builds: Vec<String> = chips
        .iter()
        .map(|chip| {
            let parts: Vec<String> = offsets
                .iter()
                .map(|(suffix, at)| {
                    format!(
                        "        {{ \"path\": \"ferrite-{}{suffix}.bin\", \"offset\": {at} }}",
                        chip.name()
                    )
                })
                .collect();
            format!(
                "    {{\n      \"chipFamily\": \"{}\",\n      \"parts\": [\n{}\n      ]\n    }}",
                chip.family(),
                parts.join(",\n")
            )
        })
        .collect();
    format!(
        "{{\n  \"name\": \"Ferrite\",\n  \"version\": \"{}\",\n  \"new_install_prompt_erase\": true,\n  \"builds\": [\n{}\n  ]\n}}\n",
        env!("CARGO_PKG_VERSION"),
        builds.join(",\n")
    )
}

/// What `check_image` found in an app image's header.
#[derive(Debug, PartialEq)]
pub struct ImageInfo {
    pub chip_id: u16,
    /// (load address, length) of each segment.
    pub segments: Vec<(u32, u32)>,
}

/// Check an ESP-IDF app image: magic 0xE9, the chip id, segments that lie inside the file and
/// are followed by the checksum (and SHA-256 when flagged), and the size budget.
pub fn check_image(chip: Chip, image: &[u8]) -> Result<ImageInfo> {
    const HEADER: usize = 24;
    if image.len() < HEADER || image[0] != 0xE9 {
        bail!("not an ESP image (magic byte is not 0xE9)");
    }
    if image.len() > MAX_APP {
        bail!("the app image is {} bytes, over the {} byte budget", image.len(), MAX_APP);
    }
    let chip_id = u16::from_le_bytes([image[12], image[13]]);
    if chip_id != chip.image_id() {
        bail!("the image is for chip id {chip_id}, not {} ({})", chip.image_id(), chip.name());
    }
    let count = image[1] as usize;
    if count == 0 || count > 16 {
        bail!("implausible segment count {count}");
    }
    let word = |at: usize| u32::from_le_bytes([image[at], image[at + 1], image[at + 2], image[at + 3]]);
    let mut at = HEADER;
    let mut segments = Vec::new();
    for i in 0..count {
        if at + 8 > image.len() {
            bail!("segment {i}'s header lies past the end of the image");
        }
        let (addr, len) = (word(at), word(at + 4));
        at += 8 + len as usize;
        if at > image.len() {
            bail!("segment {i} ({len} bytes at {addr:#x}) runs past the end of the image");
        }
        segments.push((addr, len));
    }
    // Padding to a 16-byte boundary ending in the checksum byte, then the optional hash.
    let end = (at + 1).div_ceil(16) * 16 + if image[23] == 1 { 32 } else { 0 };
    if end != image.len() {
        bail!("the image is {} bytes but its segments account for {end}", image.len());
    }
    Ok(ImageInfo { chip_id, segments })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> Parts {
        Parts {
            bootloader: vec![1; 4],
            bootloader_at: 0,
            partitions: vec![2; 3],
            partitions_at: 8,
            app: vec![3; 2],
            app_at: 16,
        }
    }

    #[test]
    fn merged_places_parts_at_their_offsets() {
        let m = parts().merged();
        assert_eq!(m, [1, 1, 1, 1, 255, 255, 255, 255, 2, 2, 2, 255, 255, 255, 255, 255, 3, 3]);
    }

    #[test]
    fn manifest_lists_each_chip_and_part() {
        let m = manifest(&[Chip::Esp32c3], &parts().offsets());
        assert!(m.contains("\"chipFamily\": \"ESP32-C3\""), "{m}");
        assert!(m.contains("{ \"path\": \"ferrite-esp32c3-partitions.bin\", \"offset\": 8 }"), "{m}");
        assert!(m.contains("{ \"path\": \"ferrite-esp32c3.bin\", \"offset\": 16 }"), "{m}");
        assert!(crate::json::parse(&m).is_ok(), "{m}");
    }

    /// A two-segment image as esptool lays it out, then corrupted in each checked field.
    #[test]
    fn image_headers_are_checked() {
        let mut img = vec![0xE9, 2, 2, 0x20, 0, 0, 0, 0];
        img.extend_from_slice(&[0xEE, 0, 0, 0]); // WP pin, SPI drive settings
        img.extend_from_slice(&5u16.to_le_bytes()); // chip id at 12
        img.extend_from_slice(&[0; 9]); // revisions, reserved
        img.push(0); // no hash appended
        for (addr, len) in [(0x3C00_0020u32, 8u32), (0x4200_0020, 4)] {
            img.extend_from_slice(&addr.to_le_bytes());
            img.extend_from_slice(&len.to_le_bytes());
            img.extend(std::iter::repeat(0xAB).take(len as usize));
        }
        while (img.len() + 1) % 16 != 0 {
            img.push(0);
        }
        img.push(0xCC); // checksum
        let info = check_image(Chip::Esp32c3, &img).unwrap();
        assert_eq!(info.segments, vec![(0x3C00_0020, 8), (0x4200_0020, 4)]);
        assert!(check_image(Chip::Esp32c6, &img).unwrap_err().0.contains("chip id 5"));
        let mut bad = img.clone();
        bad[0] = 0xE8;
        assert!(check_image(Chip::Esp32c3, &bad).is_err());
        let mut long = img.clone();
        long[24 + 4] = 200;
        assert!(check_image(Chip::Esp32c3, &long).unwrap_err().0.contains("past the end"));
        assert!(check_image(Chip::Esp32c3, &img[..img.len() - 16]).is_err());
    }
}
