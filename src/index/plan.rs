//! What a run has to do: which files to read (new or changed), which are unchanged, which
//! gave no article before and have not changed (remembered, not read again), and which
//! indexed files have vanished from a walked folder.

use std::path::Path;

use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::Index;

use super::damaged;
use crate::engine::columns::column_terms;
use crate::engine::schema::names;
use crate::ingest::{FileEntry, SkipReason};
use crate::sidecar;

/// What a run has to do, from what the walk found and what the index holds.
pub(crate) struct Plan<'a> {
    /// Files new or changed since they were indexed.
    pub to_read: Vec<&'a FileEntry>,
    /// Files that gave no article before and have not changed since.
    pub still_skipped: Vec<(&'a FileEntry, SkipReason, String)>,
    /// Indexed files gone from a walked folder, with their article counts.
    pub vanished: Vec<(&'a str, u64)>,
    pub unchanged_files: usize,
    pub unchanged_articles: u64,
}

impl<'a> Plan<'a> {
    pub fn new(
        files: &'a [FileEntry],
        folders: &[String],
        existing: &'a FxHashMap<String, (u64, u64)>,
        remembered: &FxHashMap<String, Remembered>,
    ) -> Self {
        let mut plan = Plan {
            to_read: Vec::new(),
            still_skipped: Vec::new(),
            vanished: Vec::new(),
            unchanged_files: 0,
            unchanged_articles: 0,
        };
        for file in files {
            match existing.get(&file.key) {
                Some(&(sig, count)) if sig == file.signature => {
                    plan.unchanged_files += 1;
                    plan.unchanged_articles += count;
                }
                _ => match remembered.get(&file.key) {
                    Some((sig, reason, detail)) if *sig == file.signature => {
                        plan.still_skipped.push((file, *reason, detail.clone()))
                    }
                    _ => plan.to_read.push(file),
                },
            }
        }
        // Every file seen is in the index: nothing can have vanished.
        if plan.unchanged_files == existing.len() {
            return plan;
        }
        let seen: FxHashSet<&str> = files.iter().map(|f| f.key.as_str()).collect();
        plan.vanished = existing
            .iter()
            .filter(|(k, _)| !seen.contains(k.as_str()) && under_any(k, folders))
            .map(|(k, &(_, count))| (k.as_str(), count))
            .collect();
        plan
    }
}

/// Whether `key` is one of `paths` or below one (a walked folder, or a root that is gone).
fn under_any(key: &str, paths: &[String]) -> bool {
    paths
        .iter()
        .any(|path| crate::sidecar::roots::holds(path, key))
}

/// A file that gave no article: its signature then, and why.
pub(crate) type Remembered = (u64, SkipReason, String);

pub(crate) fn load_skipped(dir: &Path) -> FxHashMap<String, Remembered> {
    sidecar::SKIPPED.load_json(dir).unwrap_or_default()
}

/// Writes the skipped files' memory atomically (a killed run leaves the old one).
pub(crate) fn save_skipped(dir: &Path, memory: &FxHashMap<String, Remembered>) -> Result<()> {
    if memory.is_empty() {
        let _ = sidecar::SKIPPED.remove(dir);
        return Ok(());
    }
    sidecar::SKIPPED.save_json(dir, None, memory)
}

/// The files in the index: key → (signature, number of articles).
pub(crate) fn indexed_files(index: &Index, dir: &Path) -> Result<FxHashMap<String, (u64, u64)>> {
    let reader = index.reader().map_err(|e| damaged(dir, e))?;
    let searcher = reader.searcher();
    let mut out: FxHashMap<String, (u64, u64)> = FxHashMap::default();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(files) = ff.str(names::FILE)? else {
            continue;
        };
        let sigs = ff.u64(names::SIGNATURE)?;
        // Per file (term ordinal) of this segment: signature and live articles.
        let mut per_file: Vec<(u64, u64)> = vec![(0, 0); files.num_terms()];
        for doc in segment.doc_ids_alive() {
            let Some(slot) = files
                .term_ords(doc)
                .next()
                .and_then(|o| per_file.get_mut(o as usize))
            else {
                continue;
            };
            slot.0 = sigs.first(doc).unwrap_or(0);
            slot.1 += 1;
        }
        for (key, (sig, count)) in column_terms(&files)?.into_iter().zip(per_file) {
            if count > 0 {
                out.entry(key).or_insert((sig, 0)).1 += count;
            }
        }
    }
    Ok(out)
}
