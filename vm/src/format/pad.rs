//! Padding to a width, as MicroPython's `mp_print_strn` does it.
//!
//! Widths count bytes of UTF-8, not characters. With fill `0` and a grouping separator the pad
//! is cut from a fixed pattern (`000,000` or `0000_0000`) aligned on the width, whatever is
//! being padded — so `'{:010,}'.format(1.5)` gives `00,000,1.5`, exactly as MicroPython does.

use alloc::string::String;

use super::FormatError;
use crate::types::TypeId;

/// Where the padding goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum Align {
    Left,
    #[default]
    Right,
    Center,
}

/// Widths above this would need more memory than any MicroPython heap; refusing them keeps a
/// hostile format string from exhausting the host's memory.
const MAX_WIDTH: i64 = 1 << 24;

/// Everything `mp_print_strn` needs besides the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pad {
    pub align: Align,
    pub fill: u8,
    pub width: i32,
    /// Grouping separator (`,` or `_`) or 0; with fill `0` it shapes the padding.
    pub sep: u8,
}

impl Pad {
    /// Fails with MicroPython's MemoryError when the width cannot be honoured.
    pub(crate) fn check(&self) -> Result<(), FormatError> {
        if self.width as i64 > MAX_WIDTH {
            return Err(FormatError::new(
                TypeId::MemoryError,
                alloc::format!("memory allocation failed, allocating {} bytes", super::Dec(self.width as i64)),
            ));
        }
        Ok(())
    }

    /// Pads the text `out[start..]` in place.
    pub(crate) fn apply(&self, out: &mut String, start: usize) {
        let len = (out.len() - start) as i64;
        let mut width = self.width as i64;
        let mut pad = width - len;
        let pattern: Option<(&[u8], i64)> = match (self.fill, self.sep) {
            (b'0', b'_') => Some((b"0000_0000", 5)),
            (b'0', b',') => Some((b"000,000", 4)),
            _ => None,
        };
        let mut offset = 0;
        if let Some((_, size)) = pattern {
            // Never start with a separator: one more zero instead.
            if width % size == 0 {
                pad += 1;
                width += 1;
            }
            offset = size - 1 - width % size;
        }
        if pad <= 0 {
            return;
        }
        let (left, right) = match self.align {
            Align::Center => (pad / 2, pad - pad / 2),
            Align::Left => (0, pad),
            Align::Right => (pad, 0),
        };
        let fill = if self.fill == 0 { b' ' } else { self.fill };
        let pad_byte = |i: i64| -> u8 {
            match pattern {
                Some((pat, size)) => pat.get((offset + i % size) as usize).copied().unwrap_or(b'0'),
                None => fill,
            }
        };
        // Left padding goes in front of text already written, in stack-sized chunks. Fill
        // bytes are ASCII: a spec's fill is one byte followed by an alignment character.
        let mut chunk = [0u8; 32];
        let mut done = 0;
        while done < left {
            let n = (left - done).min(chunk.len() as i64);
            for (i, slot) in chunk.iter_mut().take(n as usize).enumerate() {
                *slot = pad_byte(done + i as i64);
            }
            out.insert_str(start + done as usize, core::str::from_utf8(&chunk[..n as usize]).unwrap_or(""));
            done += n;
        }
        for i in 0..right {
            out.push(pad_byte(i) as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Align, Pad};
    use alloc::string::String;

    fn pad(text: &str, align: Align, fill: u8, width: i32, sep: u8) -> String {
        let mut out = String::from("<");
        out.push_str(text);
        Pad { align, fill, width, sep }.apply(&mut out, 1);
        out
    }

    #[test]
    fn pads_like_micropython() {
        assert_eq!(pad("ab", Align::Left, b' ', 5, 0), "<ab   ");
        assert_eq!(pad("ab", Align::Center, b'*', 7, 0), "<**ab***");
        assert_eq!(pad("é", Align::Center, b' ', 5, 0), "< é  ");
        assert_eq!(pad("ab", Align::Right, b'x', -3, 0), "<ab");
        // Grouped zero padding (anchor: '{:010,}'.format(1.5), '{:^010_}'.format('ab')).
        assert_eq!(pad("1.5", Align::Right, b'0', 10, b','), "<00,000,1.5");
        assert_eq!(pad("ab", Align::Center, b'0', 10, b'_'), "<0_00ab0_000");
        assert_eq!(pad("1_234", Align::Right, b'0', 5, b'_'), "<01_234");
    }
}
