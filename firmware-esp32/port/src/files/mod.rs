//! The board's files, kept in flash by ekv, a power-fail-safe key-value store with atomic
//! multi-key transactions. This layer maps a file tree onto its keys (`key.rs`): a file is
//! its chunks, a folder one marker key. Every change is one transaction, so a file being
//! replaced, renamed or removed when power fails keeps its previous version.
//!
//! ekv's API is async (for flash drivers that wait on DMA); flash calls here complete at once,
//! so each operation is driven to its end with `block_on`.

mod flash;
mod key;

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::ops::Bound;

use ekv::config::MAX_VALUE_SIZE;
use ekv::{Database, ReadError, WriteError};
use embassy_futures::block_on;
use embassy_sync::blocking_mutex::raw::NoopRawMutex;
use embedded_storage::nor_flash::NorFlash;
use vm::host::errno::{EEXIST, EINVAL, EIO, EISDIR, ENOENT, ENOSPC, ENOTDIR, ENOTEMPTY};
use vm::host::{FileStat, OsError};

pub use flash::{Pages, RamFlash};
use key::{Kind, CHUNK};

/// What mounting found in the flash region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A file system: mounted.
    Files,
    /// Erased flash (a new board): it needs formatting, and nothing is lost by it.
    Blank,
    /// Something that is not a readable file system: formatting loses whatever it held.
    Damaged,
}

/// A write of a key (Some) or its removal (None), in one transaction sorted by key.
type Changes = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

pub struct Files<F: NorFlash> {
    /// Boxed: ekv's state (two 4 KB page readers and its page tables) is ~9 KB, and each move
    /// of it by value (into `Files`, the host, its box) was another copy in the booting frame.
    db: Box<Database<Pages<F>, NoopRawMutex>>,
    cwd: String,
}

fn io<E>(_: E) -> OsError {
    OsError(EIO)
}

impl<F: NorFlash> Files<F> {
    /// Open the store in `pages`; `seed` spreads wear (any value that differs between boots).
    pub fn open(pages: Pages<F>, seed: u32) -> (Self, Found) {
        let mut config = ekv::Config::default();
        config.random_seed = seed;
        let mut files = Files { db: Box::new(Database::new(pages, config)), cwd: String::from("/") };
        let found = match block_on(files.db.mount()) {
            Ok(()) => Found::Files,
            Err(_) if files.is_blank() => Found::Blank,
            Err(_) => Found::Damaged,
        };
        (files, found)
    }

    fn is_blank(&mut self) -> bool {
        block_on(self.db.lock_flash()).is_erased()
    }

    /// Make an empty file system (everything in the region is lost).
    pub fn format(&mut self) -> Result<(), OsError> {
        block_on(self.db.format()).map_err(io)?;
        self.cwd = String::from("/");
        Ok(())
    }

    fn path(&self, path: &str) -> Result<String, OsError> {
        let p = vm::host::resolve_path(&self.cwd, path);
        if key::fits(&p) {
            Ok(p)
        } else {
            Err(OsError(EINVAL))
        }
    }

    /// The keys in `from..to` with their values, in order.
    fn scan(&self, from: &[u8], to: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>, OsError> {
        block_on(async {
            let tx = self.db.read_transaction().await;
            let mut cursor = tx.read_range((Bound::Included(from), Bound::Excluded(to))).await.map_err(io)?;
            let mut k = [0u8; ekv::config::MAX_KEY_SIZE];
            let mut v = vec![0u8; MAX_VALUE_SIZE];
            let mut out = Vec::new();
            loop {
                match cursor.next(&mut k, &mut v).await {
                    Ok(Some((kn, vn))) => out.push((k[..kn].to_vec(), v[..vn].to_vec())),
                    Ok(None) => return Ok(out),
                    Err(e) => return Err(io(e)),
                }
            }
        })
    }

    /// Is there a key `k`?
    fn has(&self, k: &[u8]) -> Result<bool, OsError> {
        block_on(async {
            let tx = self.db.read_transaction().await;
            match tx.read(k, &mut []).await {
                Ok(_) | Err(ReadError::BufferTooSmall) => Ok(true),
                Err(ReadError::KeyNotFound) => Ok(false),
                Err(_) => Err(OsError(EIO)),
            }
        })
    }

    /// A file's chunks, in order (empty: no such file).
    fn chunks(&self, path: &str) -> Result<Vec<(Vec<u8>, Vec<u8>)>, OsError> {
        let (from, to) = key::chunk_range(path);
        self.scan(&from, &to)
    }

    fn kind(&self, path: &str) -> Result<Option<Kind>, OsError> {
        if path == "/" || self.has(&key::dir(path))? {
            return Ok(Some(Kind::Dir));
        }
        Ok(self.has(&key::chunk(path, 0))?.then_some(Kind::File))
    }

    /// The folder `path` is in must exist.
    fn parent_is_dir(&self, path: &str) -> Result<(), OsError> {
        match self.kind(key::parent(path))? {
            Some(Kind::Dir) => Ok(()),
            Some(Kind::File) => Err(OsError(ENOTDIR)),
            None => Err(OsError(ENOENT)),
        }
    }

    fn commit(&self, changes: Changes) -> Result<(), OsError> {
        block_on(async {
            let mut tx = self.db.write_transaction().await;
            for (k, v) in &changes {
                let done = match v {
                    Some(v) => tx.write(k, v).await,
                    None => tx.delete(k).await,
                };
                done.map_err(|e| match e {
                    WriteError::Full => OsError(ENOSPC),
                    WriteError::KeyTooBig => OsError(EINVAL),
                    _ => OsError(EIO),
                })?;
            }
            tx.commit().await.map_err(io)
        })
    }

    /// Changes that write `data` as the file `path`, replacing all its old chunks.
    fn put_file(&self, changes: &mut Changes, path: &str, data: &[u8]) -> Result<(), OsError> {
        for (k, _) in self.chunks(path)? {
            changes.insert(k, None);
        }
        changes.insert(key::chunk(path, 0), Some(Vec::new()));
        for (i, part) in data.chunks(CHUNK).enumerate() {
            let i = u16::try_from(i).map_err(|_| OsError(ENOSPC))?;
            changes.insert(key::chunk(path, i), Some(part.to_vec()));
        }
        Ok(())
    }

    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, OsError> {
        let path = self.path(path)?;
        let chunks = self.chunks(&path)?;
        if chunks.is_empty() {
            return Err(OsError(if self.kind(&path)? == Some(Kind::Dir) { EISDIR } else { ENOENT }));
        }
        Ok(chunks.into_iter().flat_map(|(_, v)| v).collect())
    }

    pub fn write_file(&self, path: &str, data: &[u8], append: bool) -> Result<(), OsError> {
        let path = self.path(path)?;
        match self.kind(&path)? {
            Some(Kind::Dir) => return Err(OsError(EISDIR)),
            Some(Kind::File) => {}
            None => self.parent_is_dir(&path)?,
        }
        let mut whole = if append { self.read_file(&path).unwrap_or_default() } else { Vec::new() };
        whole.extend_from_slice(data);
        let mut changes = Changes::new();
        self.put_file(&mut changes, &path, &whole)?;
        self.commit(changes)
    }

    pub fn stat(&self, path: &str) -> Result<FileStat, OsError> {
        let path = self.path(path)?;
        let chunks = self.chunks(&path)?;
        if !chunks.is_empty() {
            let size = chunks.iter().map(|(_, v)| v.len() as u64).sum();
            return Ok(FileStat { is_dir: false, size, mtime: 0 });
        }
        match self.kind(&path)? {
            Some(_) => Ok(FileStat { is_dir: true, size: 0, mtime: 0 }),
            None => Err(OsError(ENOENT)),
        }
    }

    /// The names in a folder, sorted.
    pub fn list_dir(&self, path: &str) -> Result<Vec<String>, OsError> {
        let path = self.path(path)?;
        match self.kind(&path)? {
            Some(Kind::Dir) => {}
            Some(Kind::File) => return Err(OsError(ENOTDIR)),
            None => return Err(OsError(ENOENT)),
        }
        let (from, to) = key::children_range(&path);
        let mut names: Vec<String> = Vec::new();
        for (k, _) in self.scan(&from, &to)? {
            if let Some(name) = key::child_name(&k[from.len()..]) {
                if names.last().map(String::as_str) != Some(name) {
                    names.push(String::from(name));
                }
            }
        }
        Ok(names)
    }

    pub fn remove(&self, path: &str) -> Result<(), OsError> {
        let path = self.path(path)?;
        let chunks = self.chunks(&path)?;
        if chunks.is_empty() {
            return Err(OsError(if self.kind(&path)? == Some(Kind::Dir) { EISDIR } else { ENOENT }));
        }
        self.commit(chunks.into_iter().map(|(k, _)| (k, None)).collect())
    }

    pub fn mkdir(&self, path: &str) -> Result<(), OsError> {
        let path = self.path(path)?;
        if self.kind(&path)?.is_some() {
            return Err(OsError(EEXIST));
        }
        self.parent_is_dir(&path)?;
        self.commit(Changes::from([(key::dir(&path), Some(Vec::new()))]))
    }

    pub fn rmdir(&self, path: &str) -> Result<(), OsError> {
        let path = self.path(path)?;
        match self.kind(&path)? {
            Some(Kind::Dir) if path != "/" => {}
            Some(Kind::Dir) => return Err(OsError(EINVAL)),
            Some(Kind::File) => return Err(OsError(ENOTDIR)),
            None => return Err(OsError(ENOENT)),
        }
        let (from, to) = key::children_range(&path);
        if !self.scan(&from, &to)?.is_empty() {
            return Err(OsError(ENOTEMPTY));
        }
        self.commit(Changes::from([(key::dir(&path), None)]))
    }

    /// Rename a file or a folder (with everything in it) in one transaction. A file replaces a
    /// file of the new name; a folder must not replace anything.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), OsError> {
        let (from, to) = (self.path(from)?, self.path(to)?);
        let kind = self.kind(&from)?.ok_or(OsError(ENOENT))?;
        if from == "/" || to == "/" || key::is_inside(&to, &from) {
            return Err(OsError(EINVAL));
        }
        if from == to {
            return Ok(());
        }
        self.parent_is_dir(&to)?;
        let mut changes = Changes::new();
        match (kind, self.kind(&to)?) {
            (Kind::File, Some(Kind::Dir)) => return Err(OsError(EISDIR)),
            (Kind::Dir, Some(_)) => return Err(OsError(EEXIST)),
            (Kind::File, _) => {
                let data = self.read_file(&from)?;
                self.put_file(&mut changes, &to, &data)?;
                for (k, _) in self.chunks(&from)? {
                    changes.insert(k, None);
                }
            }
            (Kind::Dir, None) => {
                let (own, children) = (key::dir(&from), key::children_range(&from));
                let mut moved = vec![(own.clone(), Vec::new())];
                moved.extend(self.scan(&children.0, &children.1)?);
                for (k, v) in moved {
                    let mut new = Vec::from(to.as_bytes());
                    new.extend_from_slice(&k[from.len()..]);
                    changes.insert(k, None);
                    changes.insert(new, Some(v));
                }
            }
        }
        self.commit(changes)
    }

    pub fn getcwd(&self) -> String {
        self.cwd.clone()
    }

    pub fn chdir(&mut self, path: &str) -> Result<(), OsError> {
        let path = self.path(path)?;
        match self.kind(&path)? {
            Some(Kind::Dir) => {
                self.cwd = path;
                Ok(())
            }
            Some(Kind::File) => Err(OsError(ENOTDIR)),
            None => Err(OsError(ENOENT)),
        }
    }
}

#[cfg(test)]
mod tests;
