//! The files dossier keeps beside tantivy's in an index folder (`dossier-*`): the one place
//! that writes and reads them.
//!
//! Each file starts with one JSON header line — which file it is, its format version, an
//! optional commit stamp, the payload's length and its checksum — followed by the payload
//! (JSON or binary). Writing is atomic and durable: a temporary file in the same folder,
//! fsync, rename over the old file, fsync of the folder; a failed write removes its
//! temporary file. A reader checks the header before trusting the payload, and can read the
//! stamp alone without reading the rest.
//!
//! A file written before headers existed (no header line) is handed back whole, as it was
//! always read; a file whose header names another version, or whose payload does not match
//! its length or checksum, is [`Read::Damaged`] with the reason.

pub(crate) mod roots;

use std::io::{BufRead, Read as _, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::hash::fnv1a;

/// One kind of file beside the index: its name and the version of its format.
#[derive(Debug, Clone, Copy)]
pub struct Sidecar {
    pub name: &'static str,
    pub version: u32,
}

/// The folders and files an index holds (`sidecar::roots`).
pub const ROOTS: Sidecar = Sidecar {
    name: "dossier-roots.json",
    version: 1,
};
/// Files that gave no article, so that an unchanged one is not read again.
pub const SKIPPED: Sidecar = Sidecar {
    name: "dossier-skipped.json",
    version: 1,
};
/// The speaker registry, stamped with the commit it describes.
pub const SPEAKERS: Sidecar = Sidecar {
    name: "dossier-speakers.json",
    version: 1,
};
/// The story groups' founders.
pub const STORIES: Sidecar = Sidecar {
    name: "dossier-stories.bin",
    version: 1,
};

/// The first line of every file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    file: String,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stamp: Option<u64>,
    bytes: u64,
    checksum: String,
}

/// What reading a file found.
#[derive(Debug)]
pub enum Read {
    /// No such file.
    Missing,
    /// The payload, checked, with the stamp it was written with (none for a file written
    /// before headers existed: its whole content is the payload).
    Found {
        stamp: Option<u64>,
        payload: Vec<u8>,
    },
    /// The file is there but cannot be trusted: why, for a message.
    Damaged(String),
}

impl Sidecar {
    /// The file's path in the index folder `dir`.
    pub fn path(&self, dir: &Path) -> PathBuf {
        dir.join(self.name)
    }

    /// Writes `payload` (with `stamp`, if any) atomically and durably.
    pub fn save(&self, dir: &Path, stamp: Option<u64>, payload: &[u8]) -> Result<()> {
        let header = Header {
            file: self.name.to_string(),
            version: self.version,
            stamp,
            bytes: payload.len() as u64,
            checksum: checksum(payload),
        };
        let target = self.path(dir);
        let temp = dir.join(format!(".{}.{}.tmp", self.name, std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temp)?;
            serde_json::to_writer(&mut file, &header)?;
            file.write_all(b"\n")?;
            file.write_all(payload)?;
            file.sync_all()?;
            std::fs::rename(&temp, &target)?;
            sync_folder(dir);
            Ok(())
        };
        let result = write();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result.with_context(|| format!("cannot write {}", target.display()))
    }

    /// Writes `value` as JSON (see [`Sidecar::save`]).
    pub fn save_json<T: Serialize>(&self, dir: &Path, stamp: Option<u64>, value: &T) -> Result<()> {
        self.save(dir, stamp, &serde_json::to_vec(value)?)
    }

    /// Reads and checks the file.
    pub fn load(&self, dir: &Path) -> Read {
        let bytes = match std::fs::read(self.path(dir)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
            Err(e) => return Read::Damaged(format!("cannot be read ({e})")),
        };
        let Some((header, start)) = self.header_of(&bytes) else {
            return Read::Found {
                stamp: None,
                payload: bytes,
            };
        };
        if header.version != self.version {
            return Read::Damaged(format!(
                "has format version {}, this dossier reads {}",
                header.version, self.version
            ));
        }
        let payload = &bytes[start..];
        if payload.len() as u64 != header.bytes {
            return Read::Damaged(format!(
                "is cut short or overlong ({} bytes where its header says {})",
                payload.len(),
                header.bytes
            ));
        }
        if checksum(payload) != header.checksum {
            return Read::Damaged("does not match its checksum".to_string());
        }
        Read::Found {
            stamp: header.stamp,
            payload: payload.to_vec(),
        }
    }

    /// Reads the file as JSON: `None` when it is missing, damaged or does not parse.
    pub fn load_json<T: DeserializeOwned>(&self, dir: &Path) -> Option<T> {
        match self.load(dir) {
            Read::Found { payload, .. } => serde_json::from_slice(&payload).ok(),
            Read::Missing | Read::Damaged(_) => None,
        }
    }

    /// The stamp in the file's header, reading the header line only.
    pub fn stamp(&self, dir: &Path) -> Option<u64> {
        let file = std::fs::File::open(self.path(dir)).ok()?;
        let mut line = Vec::new();
        std::io::BufReader::new(file.take(4096))
            .read_until(b'\n', &mut line)
            .ok()?;
        let header: Header = serde_json::from_slice(line.trim_ascii_end()).ok()?;
        (header.file == self.name && header.version == self.version)
            .then_some(header.stamp)
            .flatten()
    }

    /// Removes the file (nothing to do if there is none).
    pub fn remove(&self, dir: &Path) -> Result<()> {
        match std::fs::remove_file(self.path(dir)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("cannot remove {}", self.path(dir).display()))
            }
            _ => Ok(()),
        }
    }

    /// This file's header and where its payload starts, if `bytes` opens with one.
    fn header_of(&self, bytes: &[u8]) -> Option<(Header, usize)> {
        let end = bytes.iter().take(4096).position(|&b| b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..end]).ok()?;
        (header.file == self.name).then_some((header, end + 1))
    }
}

/// The payload's checksum: 64-bit FNV-1a, in hex.
fn checksum(payload: &[u8]) -> String {
    format!("fnv1a64:{:016x}", fnv1a(payload))
}

/// Makes a rename in `dir` durable (where the platform allows syncing a folder).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const TEST: Sidecar = Sidecar {
        name: "dossier-test.json",
        version: 3,
    };

    #[test]
    fn a_saved_file_reads_back_with_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(TEST.load(dir.path()), Read::Missing));
        TEST.save_json(dir.path(), Some(42), &vec!["a", "b"])
            .unwrap();
        let back: Vec<String> = TEST.load_json(dir.path()).unwrap();
        assert_eq!(back, ["a", "b"]);
        assert_eq!(TEST.stamp(dir.path()), Some(42));
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["dossier-test.json"]);
    }

    #[test]
    fn damage_is_named() {
        let dir = tempfile::tempdir().unwrap();
        TEST.save(dir.path(), None, b"0123456789").unwrap();
        let path = TEST.path(dir.path());
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] = b'X';
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(TEST.load(dir.path()), Read::Damaged(why) if why.contains("checksum")));
        bytes.truncate(last);
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(TEST.load(dir.path()), Read::Damaged(why) if why.contains("cut short")));
        let other = Sidecar { version: 4, ..TEST };
        TEST.save(dir.path(), Some(1), b"x").unwrap();
        assert!(matches!(other.load(dir.path()), Read::Damaged(why) if why.contains("version 3")));
        assert_eq!(other.stamp(dir.path()), None);
    }

    #[test]
    fn a_file_from_before_headers_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(TEST.path(dir.path()), "{\"roots\":[]}").unwrap();
        match TEST.load(dir.path()) {
            Read::Found { stamp, payload } => {
                assert_eq!(stamp, None);
                assert_eq!(payload, b"{\"roots\":[]}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(TEST.stamp(dir.path()), None);
    }
}
