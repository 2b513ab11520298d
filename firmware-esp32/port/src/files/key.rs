//! How the file tree is laid out in ekv's sorted keys. A path is absolute (`/lib/a.py`) and
//! followed by a tag byte below `/`, so a folder's contents sort together right after it:
//!
//! - `path 0x00 i_hi i_lo` — chunk `i` of a file (up to `CHUNK` bytes; chunk 0 always exists);
//! - `path 0x01` — a folder (empty value). `/` itself is implied.

use alloc::vec::Vec;

use ekv::config::{MAX_KEY_SIZE, MAX_VALUE_SIZE};

/// Bytes of file per key.
pub const CHUNK: usize = MAX_VALUE_SIZE;
const FILE: u8 = 0;
const DIR: u8 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
}

/// Can `path` be stored? (Its keys must fit, and the tag bytes may not appear in it.)
pub fn fits(path: &str) -> bool {
    path.len() + 3 <= MAX_KEY_SIZE && !path.bytes().any(|b| b == FILE || b == DIR)
}

pub fn chunk(path: &str, i: u16) -> Vec<u8> {
    let mut k = Vec::from(path.as_bytes());
    k.push(FILE);
    k.extend_from_slice(&i.to_be_bytes());
    k
}

pub fn dir(path: &str) -> Vec<u8> {
    let mut k = Vec::from(path.as_bytes());
    k.push(DIR);
    k
}

/// The keys of a file's chunks: `from..to`.
pub fn chunk_range(path: &str) -> (Vec<u8>, Vec<u8>) {
    let from = chunk(path, 0);
    (from[..from.len() - 2].to_vec(), dir(path))
}

/// The keys of everything inside the folder `path`: `from..to` (`from` is the prefix).
pub fn children_range(path: &str) -> (Vec<u8>, Vec<u8>) {
    let base = path.trim_end_matches('/');
    let mut from = Vec::from(base.as_bytes());
    from.push(b'/');
    let mut to = Vec::from(base.as_bytes());
    to.push(b'/' + 1);
    (from, to)
}

/// The name of a direct child from a key below its folder's prefix; None for keys deeper down.
pub fn child_name(rest: &[u8]) -> Option<&str> {
    let end = rest.iter().position(|&b| b == FILE || b == DIR || b == b'/')?;
    if rest[end] == b'/' {
        return None;
    }
    core::str::from_utf8(&rest[..end]).ok()
}

/// The folder holding `path` (`/` for top-level names).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// Is `path` the folder `dir` or inside it?
pub fn is_inside(path: &str, dir: &str) -> bool {
    path == dir || path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}
