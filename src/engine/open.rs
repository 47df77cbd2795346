//! Opening an index for reading: its version check, the reader, the field handles, and the
//! one-line error for an index tantivy cannot read. The writer (`index`) creates indexes;
//! everything that only reads opens them here.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyError};

use super::readonly::ReadOnlyDirectory;
use super::schema::{self, Fields};

/// Name of the file, inside an index folder, that records which dossier wrote it.
pub(crate) const VERSION_FILE: &str = "dossier.json";

/// What dossier writes beside tantivy's files.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct VersionInfo {
    pub(crate) schema_version: u32,
    pub(crate) dossier: String,
}

/// An open index, ready to be searched.
pub struct Searchable {
    /// The tantivy index, with dossier's analyzers registered.
    pub index: Index,
    /// A reader on the last commit.
    pub reader: IndexReader,
    /// Field handles.
    pub fields: Fields,
    /// The index folder.
    pub dir: PathBuf,
}

/// How an opened index will be read, which sets how many decompressed blocks of stored
/// articles (16 KB each, about ten Reuters articles) its reader keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Many queries or many articles (`batch`, `serve`, `export`, a library user): tantivy's
    /// 100 blocks, so that an article read again is not decompressed again.
    Repeated,
    /// One query's hits in one short process (`query`, `show`): no block is kept, so each is
    /// decompressed into the memory the one before it freed. Keeping them made a one-shot
    /// query fault in a fresh heap page for every 4 KB of each (289 page faults against 253
    /// for `back surgery` on Reuters ×1), which cost more than decompressing a block twice
    /// now and then: `scripts/oneshot-ab.py 5`, 50 AOL queries on Reuters ×1, 2.193 → 2.036 ms
    /// and 2.004 → 1.862 ms in two rounds (FTS5 2.168 and 1.946 ms).
    Once,
}

/// Opens the index in `dir` for searching. Fails with a message that says which command
/// fixes it when there is no index or it was written by an incompatible version.
pub fn open(dir: &Path) -> Result<Searchable> {
    open_for(dir, Reading::Repeated)
}

/// [`open`], for reading as `reading` says.
pub fn open_for(dir: &Path, reading: Reading) -> Result<Searchable> {
    let index = open_index(dir)?;
    match searchable(index, dir, reading) {
        Ok(s) => Ok(s),
        // A folder we may not write to refuses tantivy's reader lock: read it as read-only.
        Err(err) => read_only(dir, reading).map_err(|_| err),
    }
}

/// Opens the index in `dir` without writing anything there (no lock file), for indexes
/// on read-only media or in folders of another user.
pub fn open_read_only(dir: &Path) -> Result<Searchable> {
    read_only(dir, Reading::Repeated)
}

fn read_only(dir: &Path, reading: Reading) -> Result<Searchable> {
    check_version(dir)?;
    let index = Index::open(ReadOnlyDirectory::open(dir)?).map_err(|e| damaged(dir, e))?;
    schema::register_analyzers(&index);
    searchable(index, dir, reading)
}

fn searchable(index: Index, dir: &Path, reading: Reading) -> Result<Searchable> {
    let builder = index.reader_builder().reload_policy(ReloadPolicy::Manual);
    let builder = match reading {
        Reading::Repeated => builder,
        Reading::Once => builder.doc_store_cache_num_blocks(0),
    };
    let reader = builder.try_into().map_err(|e| damaged(dir, e))?;
    let fields = schema::fields(&index.schema())?;
    Ok(Searchable {
        index,
        reader,
        fields,
        dir: dir.to_path_buf(),
    })
}

/// Whether `dir` holds an index (of any version).
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

pub(crate) fn open_index(dir: &Path) -> Result<Index> {
    if !exists(dir) {
        bail!(
            "no index at {} — run 'dossier index <folder>' first",
            dir.display()
        );
    }
    check_version(dir)?;
    let index = Index::open_in_dir(dir).map_err(|e| damaged(dir, e))?;
    schema::register_analyzers(&index);
    Ok(index)
}

/// The one-line error for an index tantivy cannot read: which index, which file if known,
/// and the command that fixes it (tantivy's own message is kept only as the cause).
pub(crate) fn damaged(dir: &Path, error: TantivyError) -> anyhow::Error {
    use tantivy::directory::error::OpenReadError;
    let file = match &error {
        TantivyError::OpenReadError(
            OpenReadError::FileDoesNotExist(p) | OpenReadError::IoError { filepath: p, .. },
        ) => Some(p.display().to_string()),
        _ => None,
    };
    let what = match file {
        Some(f) => format!("its file {f} is missing, truncated or corrupt"),
        None => "it is incomplete or corrupt".to_string(),
    };
    anyhow!(
        "cannot read the index at {}: {what} — run 'dossier index --rebuild' with the folders it holds to recreate it",
        dir.display()
    )
}

pub(crate) fn check_version(dir: &Path) -> Result<()> {
    let found = std::fs::read_to_string(dir.join(VERSION_FILE))
        .ok()
        .and_then(|s| serde_json::from_str::<VersionInfo>(&s).ok());
    match found {
        Some(v) if v.schema_version == schema::SCHEMA_VERSION => Ok(()),
        Some(v) => bail!(
            "the index at {} was written by dossier {} (schema {}), this is schema {} — run 'dossier index --rebuild'",
            dir.display(),
            v.dossier,
            v.schema_version,
            schema::SCHEMA_VERSION
        ),
        None => bail!(
            "{} is not a dossier index of this version — run 'dossier index --rebuild'",
            dir.display()
        ),
    }
}
