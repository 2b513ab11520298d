//! What the client needs to know per chip: how to recognise it, where its registers and
//! bootloader live. Values from `esp-rom-protocol.md` §3 (esptool's `targets/*.py`).

/// Register read to tell chips apart when GET_SECURITY_INFO is not answered.
pub const MAGIC_REG: u32 = 0x4000_1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chip {
    /// esptool's `--chip` name: `esp32c3`.
    pub name: &'static str,
    /// ESP Web Tools' `chipFamily`: `ESP32-C3`.
    pub family: &'static str,
    /// The id GET_SECURITY_INFO reports (None on chips whose ROM lacks the command).
    pub chip_id: Option<u32>,
    pub magics: &'static [u32],
    pub bootloader_offset: u32,
    pub spi_base: u32,
    /// USR, USR1, USR2, MOSI_DLEN, MISO_DLEN, W0 offsets from `spi_base`.
    pub spi_regs: [u32; 6],
    /// eFuse word holding the low four MAC bytes; the next word holds the top two.
    pub mac_reg: u32,
    /// ROM answers GET_SECURITY_INFO and takes the 5th (encryption) word of *_BEGIN.
    pub modern_rom: bool,
    /// Has a native USB-Serial/JTAG port (reset by the USB sequence, re-enumerates).
    pub usb_jtag: bool,
}

const SPI_NEW: [u32; 6] = [0x18, 0x1C, 0x20, 0x24, 0x28, 0x58];

pub const CHIPS: &[Chip] = &[
    Chip {
        name: "esp32",
        family: "ESP32",
        chip_id: None,
        magics: &[0x00F0_1D83],
        bootloader_offset: 0x1000,
        spi_base: 0x3FF4_2000,
        spi_regs: [0x1C, 0x20, 0x24, 0x28, 0x2C, 0x80],
        mac_reg: 0x3FF5_A004,
        modern_rom: false,
        usb_jtag: false,
    },
    Chip {
        name: "esp32s2",
        family: "ESP32-S2",
        chip_id: None,
        magics: &[0x0000_07C6],
        bootloader_offset: 0x1000,
        spi_base: 0x3F40_2000,
        spi_regs: SPI_NEW,
        mac_reg: 0x3F41_A044,
        modern_rom: true,
        usb_jtag: false,
    },
    Chip {
        name: "esp32s3",
        family: "ESP32-S3",
        chip_id: Some(9),
        magics: &[0x0000_0009],
        bootloader_offset: 0,
        spi_base: 0x6000_2000,
        spi_regs: SPI_NEW,
        mac_reg: 0x6000_7044,
        modern_rom: true,
        usb_jtag: true,
    },
    Chip {
        name: "esp32c2",
        family: "ESP32-C2",
        chip_id: Some(12),
        magics: &[0x6F51_306F, 0x7C41_A06F, 0x0C21_E06F],
        bootloader_offset: 0,
        spi_base: 0x6000_2000,
        spi_regs: SPI_NEW,
        mac_reg: 0x6000_8840,
        modern_rom: true,
        usb_jtag: false,
    },
    Chip {
        name: "esp32c3",
        family: "ESP32-C3",
        chip_id: Some(5),
        magics: &[0x6921_506F, 0x1B31_506F, 0x4881_606F, 0x4361_606F],
        bootloader_offset: 0,
        spi_base: 0x6000_2000,
        spi_regs: SPI_NEW,
        mac_reg: 0x6000_8844,
        modern_rom: true,
        usb_jtag: true,
    },
    Chip {
        name: "esp32c6",
        family: "ESP32-C6",
        chip_id: Some(13),
        magics: &[0x2CE0_806F],
        bootloader_offset: 0,
        spi_base: 0x6000_3000,
        spi_regs: SPI_NEW,
        mac_reg: 0x600B_0844,
        modern_rom: true,
        usb_jtag: true,
    },
    Chip {
        name: "esp32h2",
        family: "ESP32-H2",
        chip_id: Some(16),
        magics: &[0xD7B7_3E80, 0x97E3_0068],
        bootloader_offset: 0,
        spi_base: 0x6000_3000,
        spi_regs: SPI_NEW,
        mac_reg: 0x600B_0844,
        modern_rom: true,
        usb_jtag: true,
    },
    Chip {
        name: "esp32c5",
        family: "ESP32-C5",
        chip_id: Some(23),
        magics: &[0x1101_406F, 0x63E1_406F, 0x5FD1_406F],
        bootloader_offset: 0x2000,
        spi_base: 0x6000_3000,
        spi_regs: SPI_NEW,
        mac_reg: 0x600B_4844,
        modern_rom: true,
        usb_jtag: true,
    },
];

pub fn by_name(name: &str) -> Option<&'static Chip> {
    CHIPS.iter().find(|c| c.name.eq_ignore_ascii_case(name) || c.family.eq_ignore_ascii_case(name))
}

pub fn by_chip_id(id: u32) -> Option<&'static Chip> {
    CHIPS.iter().find(|c| c.chip_id == Some(id))
}

pub fn by_magic(magic: u32) -> Option<&'static Chip> {
    CHIPS.iter().find(|c| c.magics.contains(&magic))
}

impl Chip {
    /// The chip id written in firmware image headers (ESP32 and S2 lack a ROM chip id).
    pub fn image_id(&self) -> u32 {
        self.chip_id.unwrap_or(if self.name == "esp32" { 0 } else { 2 })
    }

    /// MAC from the two eFuse words (`m0` at `mac_reg`, `m1` at `mac_reg + 4`).
    pub fn mac(&self, m0: u32, m1: u32) -> [u8; 6] {
        let (a, b) = (m1.to_be_bytes(), m0.to_be_bytes());
        [a[2], a[3], b[0], b[1], b[2], b[3]]
    }

    /// The eFuse words a ROM holds for `mac` (the inverse of [`Chip::mac`]; used by the sim).
    pub fn mac_words(&self, mac: [u8; 6]) -> (u32, u32) {
        (u32::from_be_bytes([mac[2], mac[3], mac[4], mac[5]]), u32::from_be_bytes([0, 0, mac[0], mac[1]]))
    }
}

/// Flash size in bytes from a JEDEC id (`mfr | type<<8 | capacity<<16`), None when unknown.
pub fn flash_size_from_id(id: u32) -> Option<u32> {
    if id & 0xFF == 0x1F {
        let code = (id >> 8) & 0x1F;
        return (0x04..=0x09).contains(&code).then(|| 0x8_0000 << (code - 4));
    }
    let code = (id >> 16) & 0xFF;
    let log2 = match code {
        0x12..=0x19 => code - 0x12 + 18,
        0x32..=0x39 => code - 0x32 + 18,
        0x1A | 0x3A | 0x20 => 26,
        0x1B | 0x21 => 27,
        0x1C | 0x22 => 28,
        _ => return None,
    };
    Some(1 << log2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_words_round_trip() {
        let c = by_name("esp32c3").unwrap();
        let mac = [0x58, 0xCF, 0x79, 0x01, 0x02, 0x03];
        let (m0, m1) = c.mac_words(mac);
        assert_eq!(c.mac(m0, m1), mac);
    }

    #[test]
    fn flash_sizes_from_jedec_ids() {
        assert_eq!(flash_size_from_id(0x1640EF), Some(4 << 20));
        assert_eq!(flash_size_from_id(0x1840C8), Some(16 << 20));
        assert_eq!(flash_size_from_id(0xFFFFFF), None);
    }

    #[test]
    fn lookups() {
        assert_eq!(by_magic(0x1B31506F).unwrap().name, "esp32c3");
        assert_eq!(by_chip_id(13).unwrap().name, "esp32c6");
        assert_eq!(by_name("ESP32-C6").unwrap().name, "esp32c6");
        assert!(by_name("esp8266").is_none());
    }
}
