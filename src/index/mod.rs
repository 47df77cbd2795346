//! The index on disk: create or open it, check its version, and bring it up to date with a
//! set of folders (incrementally: unchanged files skipped, changed files replaced, vanished
//! files removed). Indexing returns a serialisable [`Report`]; it prints nothing itself.
//!
//! Opening and creating live here; [`plan`] decides what a run has to read and remove,
//! [`update`] writes the articles and decides when to commit, [`report`] is what a run did.

pub mod check;
mod forget;
mod plan;
mod report;
pub mod roots;
mod update;

pub use forget::{forget, Forgotten, ForgottenPath};
pub use report::{GoneRoot, Report};
pub use update::{update, IndexOptions, MIN_THREAD_MEMORY};

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyError};

use crate::readonly::ReadOnlyDirectory;
use crate::schema::{self, Fields};

/// Name of the file, inside an index folder, that records which dossier wrote it.
const VERSION_FILE: &str = "dossier.json";

/// What dossier writes beside tantivy's files.
#[derive(Debug, Serialize, Deserialize)]
struct VersionInfo {
    schema_version: u32,
    dossier: String,
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

/// Opens the index in `dir` for searching. Fails with a message that says which command
/// fixes it when there is no index or it was written by an incompatible version.
pub fn open(dir: &Path) -> Result<Searchable> {
    let index = open_index(dir)?;
    match searchable(index, dir) {
        Ok(s) => Ok(s),
        // A folder we may not write to refuses tantivy's reader lock: read it as read-only.
        Err(err) => open_read_only(dir).map_err(|_| err),
    }
}

/// Opens the index in `dir` without writing anything there (no lock file), for indexes
/// on read-only media or in folders of another user.
pub fn open_read_only(dir: &Path) -> Result<Searchable> {
    check_version(dir)?;
    let index = Index::open(ReadOnlyDirectory::open(dir)?).map_err(|e| damaged(dir, e))?;
    schema::register_analyzers(&index);
    searchable(index, dir)
}

fn searchable(index: Index, dir: &Path) -> Result<Searchable> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| damaged(dir, e))?;
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

fn check_version(dir: &Path) -> Result<()> {
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

/// Creates the index in `dir`, or opens it. With `rebuild`, an index of another version is
/// replaced; without, it is an error that says to rebuild.
pub(crate) fn create_or_open(dir: &Path, rebuild: bool) -> Result<Index> {
    if exists(dir) {
        match check_version(dir).and_then(|()| open_index(dir)) {
            Ok(index) => return Ok(index),
            Err(e) if !rebuild => return Err(e),
            // Another version, or damaged: start over.
            Err(_) => wipe(dir)?,
        }
    } else if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
        && !dir.join(VERSION_FILE).exists()
    {
        bail!(
            "{} exists and is not a dossier index — choose another --index folder",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let index = Index::create_in_dir(dir, schema::build())
        .with_context(|| format!("cannot create an index in {}", dir.display()))?;
    let info = VersionInfo {
        schema_version: schema::SCHEMA_VERSION,
        dossier: env!("CARGO_PKG_VERSION").to_string(),
    };
    std::fs::write(dir.join(VERSION_FILE), serde_json::to_string(&info)?)
        .with_context(|| format!("cannot write {}", dir.join(VERSION_FILE).display()))?;
    schema::register_analyzers(&index);
    Ok(index)
}

/// tantivy writes its metadata files readable by their owner only; give them the
/// permissions of the rest of the index (the user's umask), so that an index others can
/// read is whole.
pub(crate) fn share_like_version_file(dir: &Path) {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(dir.join(VERSION_FILE)) {
        for name in ["meta.json", ".managed.json"] {
            let _ = std::fs::set_permissions(dir.join(name), meta.permissions());
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes an index folder's contents (only called on a folder that holds an index).
fn wipe(dir: &Path) -> Result<()> {
    std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))
}
