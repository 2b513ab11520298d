//! The flasher stubs (vendored from the `espflash` crate, see `stubs/README.md`), decoded at
//! build time: RAM programs that replace the ROM loader with a faster one that can also read.

pub struct Stub {
    pub chip: &'static str,
    pub entry: u32,
    pub text_start: u32,
    pub text: &'static [u8],
    pub data_start: u32,
    pub data: &'static [u8],
}

impl Stub {
    /// The segments to upload, with their load addresses.
    pub fn segments(&self) -> [(u32, &'static [u8]); 2] {
        [(self.text_start, self.text), (self.data_start, self.data)]
    }
}

include!(concat!(env!("OUT_DIR"), "/stubs.rs"));

/// The stub for a chip (`esp32c3`), if one is vendored.
pub fn for_chip(name: &str) -> Option<&'static Stub> {
    STUBS.iter().find(|s| s.chip == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_chip_has_a_stub_with_its_entry_in_text() {
        for c in crate::chip::CHIPS {
            let s = for_chip(c.name).unwrap_or_else(|| panic!("no stub for {}", c.name));
            assert!(s.text.len() > 1000 && !s.data.is_empty(), "{}", c.name);
            assert!((s.text_start..s.text_start + s.text.len() as u32).contains(&s.entry), "{}", c.name);
        }
    }
}
