//! What an indexing run did: counts of files and articles, skipped files and problems.

use std::collections::HashMap;

use serde::Serialize;

use crate::ingest::{FileEntry, FileProblem, Observer, SkipReason, Skipped};

/// What an indexing run did. Every file seen is counted in exactly one of
/// `files_indexed`, `files_unchanged` or `skipped`.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Supported and unsupported files (and hidden entries) the walk met.
    pub files_seen: usize,
    /// Files read and (re)indexed in this run.
    pub files_indexed: usize,
    /// Files skipped because they had not changed since the last run.
    pub files_unchanged: usize,
    /// Articles from files new to the index.
    pub added: u64,
    /// Articles from files that had changed (their old articles replaced).
    pub updated: u64,
    /// Articles deleted because their file is gone (or now gives no article).
    pub removed: u64,
    /// Articles in unchanged files.
    pub unchanged: u64,
    /// Files not indexed, with reasons.
    pub skipped: Vec<Skipped>,
    /// Problems inside indexed files: dropped fields, bad JSONL lines (`path:3: not JSON ...`).
    pub problems: Vec<FileProblem>,
    /// Records left out of files that were indexed (bad JSONL lines, records with no text).
    pub records_skipped: u64,
    /// Bytes of the files read.
    pub bytes: u64,
    /// Wall time.
    pub elapsed_secs: f64,
    /// Articles in the index after the run.
    pub documents: u64,
    /// The run was stopped (Ctrl-C) at a commit point before reading every file.
    pub interrupted: bool,
    /// Articles that shared an id with another (the later one wins): each id is counted
    /// once, in the article kept, so `added + updated + unchanged` is what the run's roots
    /// hold after it; an article of an unread file that lost its id counts as `removed`.
    pub duplicate_ids: u64,
    /// Roots given to this run that no longer exist: their articles were removed.
    pub gone: Vec<GoneRoot>,
}

/// A root that no longer exists, and how many articles it took out of the index.
#[derive(Debug, Default, Clone, Serialize)]
pub struct GoneRoot {
    /// Its canonical path when it was indexed.
    pub path: String,
    /// Articles removed.
    pub articles: u64,
}

impl Report {
    /// Records (and tells the observer) that `file` gave no article.
    pub(crate) fn skip(
        &mut self,
        observer: &dyn Observer,
        file: &FileEntry,
        reason: SkipReason,
        detail: String,
    ) {
        let skipped = Skipped {
            path: file.abs.display().to_string(),
            reason,
            detail,
        };
        observer.skipped(&skipped);
        self.skipped.push(skipped);
    }

    /// Skipped files counted by reason, in a stable order.
    pub fn skipped_by_reason(&self) -> Vec<(SkipReason, usize)> {
        let mut counts: HashMap<SkipReason, usize> = HashMap::new();
        for s in &self.skipped {
            *counts.entry(s.reason).or_default() += 1;
        }
        let mut out: Vec<_> = counts.into_iter().collect();
        out.sort();
        out
    }
}
