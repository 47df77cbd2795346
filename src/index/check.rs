//! Checks that name what is wrong with an index folder before tantivy's own error (or a
//! silently wrong answer) would: whether the folder can be written at all (read-only, not
//! ours, the disk full), and which of its files fail their checksum.

use std::path::Path;

use anyhow::{bail, Result};
use tantivy::Index;

use crate::engine::readonly::ReadOnlyDirectory;

/// Fails, naming the folder and the cause, when `dir` exists and no file can be created in
/// it (permission denied, a read-only file system, a full disk). A missing folder passes:
/// it is created later.
pub fn writable(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let probe = dir.join(format!(".dossier-write-check-{}", std::process::id()));
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe);
    match created {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => bail!(
            "cannot write to the index folder {}: {}",
            dir.display(),
            io_cause(&e)
        ),
    }
}

/// What an I/O error means for the user, in words (no internal names).
pub fn io_cause(error: &std::io::Error) -> String {
    match error.raw_os_error() {
        Some(28) => "the disk is full — free some space and run the command again".into(),
        Some(30) => "the file system is read-only".into(),
        Some(13) | Some(1) => {
            "permission denied — run as a user who may write there, or give another --index".into()
        }
        _ => error.to_string(),
    }
}

/// The files of the index in `dir` that fail their checksum (tantivy's
/// `Index::validate_checksum`), by name; read without writing anything.
pub fn damaged_files(dir: &Path) -> Result<Vec<String>> {
    let index = Index::open(ReadOnlyDirectory::open(dir)?)?;
    let mut files: Vec<String> = index
        .validate_checksum()?
        .into_iter()
        .map(|p| dir.join(p).display().to_string())
        .collect();
    files.sort();
    Ok(files)
}

/// When the index in `dir` has files that fail their checksum, the message that names them
/// and the fix.
pub fn damage(dir: &Path) -> Option<String> {
    let files = damaged_files(dir).ok()?;
    if files.is_empty() {
        return None;
    }
    Some(format!(
        "the index at {} is damaged: {} fail{} {} checksum — run 'dossier index --rebuild' with the folders it holds to recreate it",
        dir.display(),
        files.join(", "),
        if files.len() == 1 { "s" } else { "" },
        if files.len() == 1 { "its" } else { "their" },
    ))
}
