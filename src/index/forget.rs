//! Forgetting: `dossier forget PATH…` takes the articles of indexed files and folders out of
//! the index (whether or not they still exist on disk), and the roots under those paths out
//! of the index's list of roots.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use serde::Serialize;
use tantivy::{IndexWriter, TantivyError, Term};

use super::open_index;
use super::plan::{indexed_files, load_skipped, save_skipped};
use super::writing::{another_writer, MIN_THREAD_MEMORY};
use crate::engine::schema;
use crate::ingest::SkipReason;
use crate::sidecar::roots::{self, Roots};

/// What `forget` removed.
#[derive(Debug, Default, Serialize)]
pub struct Forgotten {
    /// Each path given, as an absolute path, with the articles removed under it.
    pub paths: Vec<ForgottenPath>,
    /// Articles removed in all.
    pub removed: u64,
    /// Articles in the index afterwards.
    pub documents: u64,
}

/// One path given to `forget`.
#[derive(Debug, Default, Serialize)]
pub struct ForgottenPath {
    pub path: String,
    /// Files of the index at or under the path.
    pub files: u64,
    /// Their articles.
    pub articles: u64,
}

/// Removes from the index in `dir` every article of a file at or under each of `paths`.
pub fn forget(dir: &Path, paths: &[PathBuf]) -> Result<Forgotten> {
    let index = open_index(dir)?;
    super::check::writable(dir)?;
    let fields = schema::fields(&index.schema())?;
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, MIN_THREAD_MEMORY)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => another_writer(dir),
            other => anyhow!("cannot write the index at {}: {other}", dir.display()),
        })?;
    let existing = indexed_files(&index, dir)?;
    let mut memory = load_skipped(dir);
    let mut roots = Roots::load(dir);
    let mut out = Forgotten::default();
    for path in paths {
        let absolute = roots::absolute(path).to_string_lossy().into_owned();
        let mut gone = ForgottenPath {
            path: absolute.clone(),
            ..ForgottenPath::default()
        };
        for (key, &(_, count)) in &existing {
            if roots::holds(&absolute, key) {
                writer.delete_term(Term::from_field_text(fields.file, key));
                gone.files += 1;
                gone.articles += count;
            }
        }
        memory.retain(|key, _| !roots::holds(&absolute, key));
        // Files whose ids were taken by later articles are read again: the later
        // articles may be the ones leaving.
        memory.retain(|_, (_, reason, _)| *reason != SkipReason::Replaced);
        roots.remove_under(&absolute);
        out.removed += gone.articles;
        out.paths.push(gone);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    save_skipped(dir, &memory)?;
    roots.save(dir)?;
    let searcher = index.reader()?.searcher();
    out.documents = searcher.num_docs();
    crate::registry::refresh(dir, &index, &searcher)?;
    Ok(out)
}
