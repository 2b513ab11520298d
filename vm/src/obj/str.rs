//! `str`: immutable UTF-8 text. ASCII-only strings (the common case) index in O(1).

use alloc::boxed::Box;
use alloc::string::String;
use core::cell::Cell;

pub struct PyStr {
    s: Box<str>,
    ascii: bool,
    /// Cached hash; 0 means not computed yet.
    hash: Cell<u64>,
    /// Where this str was last found as a dict key (names are interned, and a module's globals
    /// or a class's instances keep a name at one position): a guess checked before hashing.
    pos_hint: Cell<u32>,
}

impl PyStr {
    pub fn new(s: impl Into<Box<str>>) -> PyStr {
        let s: Box<str> = s.into();
        let ascii = s.is_ascii();
        PyStr { s, ascii, hash: Cell::new(0), pos_hint: Cell::new(0) }
    }

    pub fn from_string(s: String) -> PyStr {
        PyStr::new(s.into_boxed_str())
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// Length in code points.
    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.s.len()
        } else {
            self.s.chars().count()
        }
    }

    /// Byte offset of code point `i` (`i <= char_len`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.ascii {
            i
        } else {
            // The `i`th byte that starts a code point (core's `Chars::nth` is ~370 bytes of wasm).
            let mut seen = 0;
            for (at, &b) in self.s.as_bytes().iter().enumerate() {
                if b & 0xc0 != 0x80 {
                    if seen == i {
                        return at;
                    }
                    seen += 1;
                }
            }
            self.s.len()
        }
    }

    #[inline]
    pub fn pos_hint(&self) -> usize {
        self.pos_hint.get() as usize
    }

    #[inline]
    pub fn set_pos_hint(&self, pos: usize) {
        self.pos_hint.set(u32::try_from(pos).unwrap_or(0));
    }

    pub fn hash(&self) -> u64 {
        let h = self.hash.get();
        if h != 0 {
            return h;
        }
        let h = hash_bytes(self.s.as_bytes());
        self.hash.set(h);
        h
    }
}

/// MicroPython's hash of str and bytes (`qstr_compute_hash`): djb2 over the bytes, kept to
/// 16 bits and never 0 (0 means "not computed"). Dicts and sets place keys by it, so their order
/// is MicroPython's.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let h = b.iter().fold(5381u64, |h, &c| h.wrapping_mul(33) ^ c as u64) & 0xffff;
    h.max(1)
}

#[cfg(test)]
mod tests {
    use super::PyStr;

    #[test]
    fn byte_offset_counts_code_points() {
        let s = PyStr::new("aé€𝄞z");
        let want = [0, 1, 3, 6, 10, 11];
        for (i, &b) in want.iter().enumerate() {
            assert_eq!(s.byte_offset(i), b);
        }
        assert_eq!(s.byte_offset(99), 11);
        assert_eq!(PyStr::new("abc").byte_offset(2), 2);
    }
}
