//! Checking and preparing what will be written: each region is padded and aligned as the ROM
//! needs, compressed, and given the MD5 that verifies it afterwards.

use crate::chip::Chip;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use md5::{Digest, Md5};

/// Flash is erased in 4 KiB sectors; the ROM wants regions to start on one.
pub const SECTOR: u32 = 0x1000;
/// The ROM loader's flash block (larger blocks are refused by C3's ROM).
pub const ROM_BLOCK: usize = 0x400;
/// The stub's flash block (esptool's FLASH_WRITE_SIZE with a stub): 16× fewer round trips.
pub const STUB_BLOCK: usize = 0x4000;

pub struct Region {
    pub addr: u32,
    pub data: Vec<u8>,
}

/// A region ready for the wire.
pub struct Prepared {
    pub addr: u32,
    /// Length of the padded image (what the MD5 covers).
    pub size: u32,
    pub compressed: Vec<u8>,
    pub md5: [u8; 16],
}

/// Refuse what cannot be right for `chip` with `flash_size` bytes of flash, in words a student
/// can act on. Images that carry a chip id (the ESP-IDF header) must match the board.
pub fn check(regions: &[Region], chip: &Chip, flash_size: u32) -> Result<(), String> {
    for (i, r) in regions.iter().enumerate() {
        if r.data.is_empty() {
            return Err(format!("The file for address {:#x} is empty: pick the firmware .bin file again.", r.addr));
        }
        let end = r.addr as u64 + r.data.len() as u64;
        if end > flash_size as u64 {
            return Err(format!(
                "The file for address {:#x} is {} bytes long and does not fit in this board's {} of flash: \
                 check the address, or that the image is meant for this board.",
                r.addr,
                r.data.len(),
                size_text(flash_size)
            ));
        }
        if let Some(other) = regions[..i].iter().find(|o| r.addr < o.addr + o.data.len() as u32 && o.addr < end as u32) {
            return Err(format!("The files for addresses {:#x} and {:#x} overlap: check the addresses.", other.addr, r.addr));
        }
        if r.addr == chip.bootloader_offset && r.data[0] != 0xE9 {
            return Err(format!(
                "The file for address {:#x} is not an ESP firmware image (it should start with byte 0xE9). \
                 It may be corrupt, or meant for another address: for {} the firmware goes at {:#x}.",
                r.addr, chip.family, chip.bootloader_offset
            ));
        }
        if let Some(id) = image_chip_id(&r.data) {
            if id != chip.image_id() {
                let target = crate::chip::CHIPS.iter().find(|c| c.image_id() == id);
                let name = target.map_or_else(|| format!("chip id {id}"), |c| String::from(c.family));
                return Err(format!(
                    "The file for address {:#x} is firmware for {name}, but this board is an {}. \
                     Download the build for {} instead.",
                    r.addr, chip.family, chip.family
                ));
            }
        }
    }
    Ok(())
}

/// The chip id in an ESP image's extended header, if `data` starts like one.
fn image_chip_id(data: &[u8]) -> Option<u32> {
    if data.len() < 24 || data[0] != 0xE9 || data[1] == 0 || data[1] > 16 {
        return None;
    }
    Some(u16::from_le_bytes([data[12], data[13]]) as u32)
}

/// Align to a sector (padding the front with erased bytes), pad to 4 bytes, compress, hash.
pub fn prepare(r: &Region) -> Prepared {
    let lead = (r.addr % SECTOR) as usize;
    let mut data = Vec::with_capacity(lead + r.data.len() + 3);
    data.resize(lead, 0xFF);
    data.extend_from_slice(&r.data);
    while data.len() % 4 != 0 {
        data.push(0xFF);
    }
    let md5 = md5(&data);
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 9);
    Prepared { addr: r.addr - lead as u32, size: data.len() as u32, compressed, md5 }
}

pub fn md5(data: &[u8]) -> [u8; 16] {
    Md5::digest(data).into()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn size_text(bytes: u32) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} KB", bytes >> 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::by_name;
    use alloc::vec;

    fn image_for(chip_id: u16, len: usize) -> Vec<u8> {
        let mut d = vec![0u8; len];
        d[0] = 0xE9;
        d[1] = 3;
        d[12..14].copy_from_slice(&chip_id.to_le_bytes());
        d
    }

    #[test]
    fn accepts_an_image_for_this_chip() {
        let c3 = by_name("esp32c3").unwrap();
        assert_eq!(check(&[Region { addr: 0, data: image_for(5, 64) }], c3, 4 << 20), Ok(()));
    }

    #[test]
    fn refuses_an_image_for_another_chip() {
        let c3 = by_name("esp32c3").unwrap();
        let e = check(&[Region { addr: 0, data: image_for(13, 64) }], c3, 4 << 20).unwrap_err();
        assert!(e.contains("firmware for ESP32-C6") && e.contains("ESP32-C3"), "{e}");
        let esp32 = by_name("esp32").unwrap();
        let e = check(&[Region { addr: 0x1000, data: image_for(5, 64) }], esp32, 4 << 20).unwrap_err();
        assert!(e.contains("firmware for ESP32-C3"), "{e}");
    }

    #[test]
    fn refuses_empty_oversized_overlapping_and_headerless() {
        let c3 = by_name("esp32c3").unwrap();
        let e = |rs: Vec<Region>| check(&rs, c3, 1 << 20).unwrap_err();
        assert!(e(vec![Region { addr: 0x10000, data: vec![] }]).contains("empty"));
        assert!(e(vec![Region { addr: 0xF0000, data: vec![1; 0x20000] }]).contains("does not fit"));
        assert!(e(vec![Region { addr: 0x10000, data: vec![1; 16] }, Region { addr: 0x10008, data: vec![1; 16] }]).contains("overlap"));
        assert!(e(vec![Region { addr: 0, data: vec![0x12; 64] }]).contains("not an ESP firmware image"));
    }

    #[test]
    fn prepare_aligns_pads_and_hashes() {
        let p = prepare(&Region { addr: 0x10010, data: vec![7; 5] });
        assert_eq!(p.addr, 0x10000);
        assert_eq!(p.size, 0x18);
        let mut expect = vec![0xFF; 0x10];
        expect.extend_from_slice(&[7; 5]);
        expect.extend_from_slice(&[0xFF; 3]);
        assert_eq!(p.md5, md5(&expect));
        assert_eq!(miniz_oxide::inflate::decompress_to_vec_zlib(&p.compressed).unwrap(), expect);
    }
}
