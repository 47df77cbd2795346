//! The index on disk: create or open it, check its version, and bring it up to date with a
//! set of folders (incrementally: unchanged files skipped, changed files replaced, vanished
//! files removed). Indexing returns a serialisable [`Report`]; it prints nothing itself.
//!
//! Opening and creating live here; [`plan`] decides what a run has to read and remove,
//! [`update`] writes the articles and decides when to commit, [`report`] is what a run did.

pub mod check;
mod forget;
mod ids;
mod plan;
mod report;
mod update;
mod writing;

pub use forget::{forget, Forgotten, ForgottenPath};
pub use report::{GoneRoot, Report};
pub use update::{update, IndexOptions};
pub use writing::MIN_THREAD_MEMORY;

use std::path::Path;

use anyhow::{bail, Context, Result};
use tantivy::Index;

use crate::engine::open::{check_version, damaged, open_index, VersionInfo, VERSION_FILE};
pub use crate::engine::open::{exists, open, open_for, open_read_only, Reading, Searchable};
use crate::engine::schema;

/// The folders and files the index in `dir` holds (as given to `index`, absolute), in the
/// order they were first indexed; none for a new index.
pub fn indexed_roots(dir: &Path) -> Vec<std::path::PathBuf> {
    crate::sidecar::roots::Roots::load(dir)
        .roots
        .iter()
        .map(|r| std::path::PathBuf::from(&r.path))
        .collect()
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
