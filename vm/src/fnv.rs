//! FNV-1a: the hash of `str` objects (`obj::str::hash_bytes`) and, as a `Hasher`, of the VM's
//! own Rust-side maps (the compiler's scopes). One hash function in the wasm: hashbrown's
//! default hasher (foldhash) was a second one, with a start-up seed, ~3 KB of wasm.

use core::hash::{BuildHasherDefault, Hasher};

const BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// `h` after the bytes `b`.
#[inline]
fn fold(mut h: u64, b: &[u8]) -> u64 {
    for &c in b {
        h ^= c as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The hash of a byte string, kept non-zero so 0 can mean "not computed", and positive.
pub fn hash_bytes(b: &[u8]) -> u64 {
    (fold(BASIS, b) >> 2).max(1)
}

/// FNV-1a as a `Hasher`.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(BASIS)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fold(self.0, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by FNV-1a.
pub type FnvMap<K, V> = hashbrown::HashMap<K, V, BuildHasherDefault<Fnv>>;
