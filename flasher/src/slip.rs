//! SLIP framing as the ROM speaks it: `C0`, escaped bytes, `C0`.

use alloc::vec::Vec;

const END: u8 = 0xC0;
const ESC: u8 = 0xDB;
const ESC_END: u8 = 0xDC;
const ESC_ESC: u8 = 0xDD;

/// Longest frame we accept (a 64 KiB packet plus header); longer ones are line noise.
const MAX_FRAME: usize = 0x10000 + 64;

pub fn encode(packet: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(packet.len() + packet.len() / 32 + 2);
    out.push(END);
    for &b in packet {
        match b {
            END => out.extend_from_slice(&[ESC, ESC_END]),
            ESC => out.extend_from_slice(&[ESC, ESC_ESC]),
            _ => out.push(b),
        }
    }
    out.push(END);
    out
}

/// What one received byte completed.
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    Frame(Vec<u8>),
    /// A byte outside any frame (boot log text, noise): kept for diagnostics.
    Stray(u8),
    /// A frame with a bad escape or too long: dropped, as the ROM does.
    Bad,
}

/// Incremental decoder: bytes in, frames out, never fails on any input.
#[derive(Default)]
pub struct Decoder {
    buf: Vec<u8>,
    in_frame: bool,
    escaped: bool,
    broken: bool,
}

impl Decoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forget a partial frame (after a flush of the port).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    pub fn push(&mut self, b: u8) -> Option<Event> {
        if !self.in_frame {
            if b == END {
                self.in_frame = true;
                self.buf.clear();
                return None;
            }
            return Some(Event::Stray(b));
        }
        if b == END {
            if self.buf.is_empty() && !self.broken {
                // `C0 C0`: end of one frame and start of the next, or a frame start after noise.
                return None;
            }
            let broken = core::mem::take(&mut self.broken) || self.escaped;
            self.escaped = false;
            self.in_frame = false;
            let frame = core::mem::take(&mut self.buf);
            return Some(if broken { Event::Bad } else { Event::Frame(frame) });
        }
        if self.broken {
            return None;
        }
        let byte = if self.escaped {
            self.escaped = false;
            match b {
                ESC_END => END,
                ESC_ESC => ESC,
                _ => {
                    self.broken = true;
                    return None;
                }
            }
        } else if b == ESC {
            self.escaped = true;
            return None;
        } else {
            b
        };
        if self.buf.len() >= MAX_FRAME {
            self.broken = true;
            self.buf.clear();
            return None;
        }
        self.buf.push(byte);
        None
    }

    /// Decode a chunk, collecting complete frames and stray bytes.
    pub fn feed(&mut self, bytes: &[u8], frames: &mut Vec<Vec<u8>>, stray: &mut Vec<u8>) {
        for &b in bytes {
            match self.push(b) {
                Some(Event::Frame(f)) => frames.push(f),
                Some(Event::Stray(s)) => stray.push(s),
                Some(Event::Bad) | None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn decode_all(bytes: &[u8]) -> (Vec<Vec<u8>>, Vec<u8>) {
        let (mut f, mut s) = (Vec::new(), Vec::new());
        Decoder::new().feed(bytes, &mut f, &mut s);
        (f, s)
    }

    #[test]
    fn escapes_both_special_bytes() {
        assert_eq!(encode(&[1, 0xC0, 2, 0xDB, 3]), vec![0xC0, 1, 0xDB, 0xDC, 2, 0xDB, 0xDD, 3, 0xC0]);
    }

    #[test]
    fn round_trips_every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        let (frames, stray) = decode_all(&encode(&all));
        assert_eq!(frames, vec![all]);
        assert!(stray.is_empty());
    }

    #[test]
    fn back_to_back_frames_and_boot_log_between() {
        let mut wire = b"boot:0x5\r\n".to_vec();
        wire.extend(encode(b"ab"));
        wire.extend(encode(b"cd"));
        let (frames, stray) = decode_all(&wire);
        assert_eq!(frames, vec![b"ab".to_vec(), b"cd".to_vec()]);
        assert_eq!(stray, b"boot:0x5\r\n");
    }

    #[test]
    fn bad_escape_drops_only_that_frame() {
        let mut wire = vec![0xC0, 1, 0xDB, 0x00, 2, 0xC0];
        wire.extend(encode(b"ok"));
        let (frames, _) = decode_all(&wire);
        assert_eq!(frames, vec![b"ok".to_vec()]);
    }

    #[test]
    fn split_anywhere_gives_the_same_frames() {
        let wire = encode(&[0xC0, 0xDB, 7, 0xC0]);
        for cut in 0..wire.len() {
            let mut d = Decoder::new();
            let (mut f, mut s) = (Vec::new(), Vec::new());
            d.feed(&wire[..cut], &mut f, &mut s);
            d.feed(&wire[cut..], &mut f, &mut s);
            assert_eq!(f, vec![vec![0xC0, 0xDB, 7, 0xC0]], "cut at {cut}");
        }
    }
}
