//! Loader packets: request encoding, reply parsing and status codes (little-endian throughout).

use alloc::vec::Vec;

pub mod op {
    pub const FLASH_BEGIN: u8 = 0x02;
    pub const FLASH_DATA: u8 = 0x03;
    pub const FLASH_END: u8 = 0x04;
    pub const MEM_BEGIN: u8 = 0x05;
    pub const MEM_END: u8 = 0x06;
    pub const MEM_DATA: u8 = 0x07;
    pub const SYNC: u8 = 0x08;
    pub const WRITE_REG: u8 = 0x09;
    pub const READ_REG: u8 = 0x0A;
    pub const SPI_SET_PARAMS: u8 = 0x0B;
    pub const SPI_ATTACH: u8 = 0x0D;
    pub const READ_FLASH_SLOW: u8 = 0x0E;
    pub const CHANGE_BAUDRATE: u8 = 0x0F;
    pub const FLASH_DEFL_BEGIN: u8 = 0x10;
    pub const FLASH_DEFL_DATA: u8 = 0x11;
    pub const FLASH_DEFL_END: u8 = 0x12;
    pub const SPI_FLASH_MD5: u8 = 0x13;
    pub const GET_SECURITY_INFO: u8 = 0x14;
    pub const ERASE_FLASH: u8 = 0xD0;
    pub const ERASE_REGION: u8 = 0xD1;
    pub const READ_FLASH: u8 = 0xD2;
    pub const RUN_USER_CODE: u8 = 0xD3;
}

/// ROM error codes the client explains to the user.
pub mod rom_err {
    pub const INVALID_MESSAGE: u8 = 0x05;
    pub const FAILED: u8 = 0x06;
    pub const BAD_CHECKSUM: u8 = 0x07;
    pub const FLASH_WRITE: u8 = 0x08;
    pub const FLASH_READ: u8 = 0x09;
    pub const DEFLATE: u8 = 0x0B;
    pub const DEFLATE_ADLER: u8 = 0x0C;
}

/// The SYNC payload: `07 07 12 20` then 32 × `0x55` (the ROM measures the baud rate from it).
pub fn sync_payload() -> Vec<u8> {
    let mut d = alloc::vec![0x07, 0x07, 0x12, 0x20];
    d.extend_from_slice(&[0x55; 32]);
    d
}

/// `0xEF` XOR every byte: the checksum of `*_DATA` payloads.
pub fn checksum(data: &[u8]) -> u32 {
    data.iter().fold(0xEFu8, |c, b| c ^ b) as u32
}

/// A request packet (before SLIP): direction 0, op, size, checksum, data.
pub fn request(op: u8, data: &[u8], checksum: u32) -> Vec<u8> {
    let mut p = Vec::with_capacity(8 + data.len());
    p.push(0);
    p.push(op);
    p.extend_from_slice(&(data.len() as u16).to_le_bytes());
    p.extend_from_slice(&checksum.to_le_bytes());
    p.extend_from_slice(data);
    p
}

pub fn words(ws: &[u32]) -> Vec<u8> {
    ws.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Body of a `*_DATA` request: length, sequence number, two zero words, bytes.
pub fn data_body(seq: u32, bytes: &[u8]) -> Vec<u8> {
    let mut d = words(&[bytes.len() as u32, seq, 0, 0]);
    d.extend_from_slice(bytes);
    d
}

pub fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// A reply frame: `01 op size value data… status error [0 0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub op: u8,
    pub value: u32,
    /// Payload and status bytes, as sent (the count of status bytes depends on the responder).
    pub data: Vec<u8>,
}

impl Reply {
    /// None for frames that are not replies (too short, wrong direction).
    pub fn parse(frame: &[u8]) -> Option<Reply> {
        if frame.len() < 8 || frame[0] != 1 {
            return None;
        }
        Some(Reply { op: frame[1], value: le32(frame, 4)?, data: frame[8..].to_vec() })
    }

    /// Status and error after `payload` bytes of expected payload; a missing status is a failure.
    pub fn status(&self, payload: usize) -> (u8, u8) {
        match self.data.get(payload..payload + 2) {
            Some(s) => (s[0], s[1]),
            None => (1, rom_err::INVALID_MESSAGE),
        }
    }
}

/// What a ROM or stub error code means, in words a student can act on.
pub fn explain(code: u8) -> &'static str {
    match code {
        0x01 => "the board rejected a parameter",
        0x05 => "the board did not understand the request",
        0x06 => "the board could not carry out the request",
        0x07 | 0xC1 => "a block arrived damaged (checksum error)",
        0x08 => "writing to the flash chip failed",
        0x09 | 0x0A => "reading the flash chip failed",
        0x0B | 0x0C | 0x0D | 0xC7 => "the compressed data arrived damaged",
        0xC0 | 0xC8 | 0xC9 => "a block had the wrong length",
        _ => "the board reported an error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_ef_xor_bytes() {
        assert_eq!(checksum(&[]), 0xEF);
        assert_eq!(checksum(&[0xEF]), 0);
        assert_eq!(checksum(&[1, 2, 4]), 0xEF ^ 7);
    }

    #[test]
    fn request_layout() {
        let p = request(op::READ_REG, &words(&[0x4000_1000]), 0);
        assert_eq!(p, [0, 0x0A, 4, 0, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x40]);
    }

    #[test]
    fn reply_status_after_payload_and_short_replies() {
        let r = Reply::parse(&[1, 0x13, 0, 0, 0, 0, 0, 0, 9, 9, 0, 0]).unwrap();
        assert_eq!(r.status(2), (0, 0));
        assert_eq!(r.status(0), (9, 9));
        assert_eq!(r.status(16), (1, rom_err::INVALID_MESSAGE));
        assert!(Reply::parse(&[0, 1, 2]).is_none());
        assert!(Reply::parse(&[0, 1, 0, 0, 0, 0, 0, 0]).is_none());
    }
}
