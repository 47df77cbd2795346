//! The writer's side of a run: its shape (threads, memory), and adding what the readers
//! give — each file's articles whole, ids settled, story groups assigned — with commits
//! every `commit_every` seconds or `commit_docs` articles, only between files.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, bail, Result};
use rustc_hash::FxHashMap;
use tantivy::{IndexWriter, Term};

use super::ids::{Claim, Ids};
use super::plan::Remembered;
use super::{IndexOptions, Report};
use crate::article::Article;
use crate::engine::schema::{self, Fields};
use crate::ingest::{FileEntry, FileProblem, Observer, Piece, SkipReason};
use crate::stories::Stories;

/// The run's state while files are read: the writer and what it has been given.
pub(super) struct Writing<'a> {
    pub(super) writer: IndexWriter,
    pub(super) fields: &'a Fields,
    pub(super) ids: Ids<'a>,
    pub(super) stories: Stories,
    /// The files in the index before the run: key → (signature, articles).
    pub(super) existing: &'a FxHashMap<String, (u64, u64)>,
    pub(super) dir: &'a Path,
    pub(super) options: &'a IndexOptions,
    pub(super) observer: &'a dyn Observer,
    /// Articles replaced by later ones with their id, by file.
    pub(super) replaced: FxHashMap<String, u64>,
    /// Articles given by each file read.
    pub(super) added: FxHashMap<&'a str, u64>,
    /// Files that gave no article, to be skipped unread while unchanged.
    pub(super) skip_memory: FxHashMap<String, Remembered>,
    /// The files the walk found, and their keys once an article of one that was not read
    /// (an unchanged file) loses its id: its count leaves `unchanged`.
    walked: &'a [FileEntry],
    walked_keys: Option<rustc_hash::FxHashSet<&'a str>>,
    /// Files some of whose articles were handed to the writer, but not all yet. Commits
    /// happen only when there is none, so that a file is in the index whole or not at all.
    open: HashMap<&'a str, OpenFile>,
    last_commit: Instant,
    since_commit: u64,
    /// What the index holds of this run's work as of its last commit.
    pub(super) committed: Counts,
}

/// Articles added, updated, removed, unchanged and files indexed, as a report counts them.
#[derive(Default, Clone, Copy)]
pub(super) struct Counts {
    added: u64,
    updated: u64,
    removed: u64,
    unchanged: u64,
    files_indexed: usize,
}

impl Counts {
    fn of(report: &Report) -> Self {
        Counts {
            added: report.added,
            updated: report.updated,
            removed: report.removed,
            unchanged: report.unchanged,
            files_indexed: report.files_indexed,
        }
    }

    /// Puts these counts back into `report` (after a rollback to the commit they describe).
    pub(super) fn restore(self, report: &mut Report) {
        report.added = self.added;
        report.updated = self.updated;
        report.removed = self.removed;
        report.unchanged = self.unchanged;
        report.files_indexed = self.files_indexed;
    }
}

impl<'a> Writing<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        writer: IndexWriter,
        fields: &'a Fields,
        ids: Ids<'a>,
        stories: Stories,
        existing: &'a FxHashMap<String, (u64, u64)>,
        dir: &'a Path,
        options: &'a IndexOptions,
        observer: &'a dyn Observer,
        skip_memory: FxHashMap<String, Remembered>,
        walked: &'a [FileEntry],
    ) -> Self {
        Writing {
            writer,
            fields,
            ids,
            stories,
            existing,
            dir,
            options,
            observer,
            replaced: FxHashMap::default(),
            added: FxHashMap::default(),
            skip_memory,
            walked,
            walked_keys: None,
            open: HashMap::new(),
            last_commit: Instant::now(),
            since_commit: 0,
            committed: Counts::default(),
        }
    }

    /// Takes the articles of files new to the index that were read only in part out of the
    /// writer's batch (a stop came inside them), so that what was finished can be committed.
    /// Files replacing an older version, or whose articles took another file's ids, stay
    /// open: the articles they replace are already deleted, so only a rollback keeps them.
    pub(super) fn drop_new_files_part_read(&mut self) {
        if self.open.is_empty()
            || self
                .open
                .values()
                .any(|f| f.previous.is_some() || f.took_an_id)
        {
            return;
        }
        for key in self.open.keys() {
            self.writer
                .delete_term(Term::from_field_text(self.fields.file, key));
        }
        self.open.clear();
    }

    /// Whether every file handed to the writer was handed whole (a commit is safe).
    pub(super) fn files_whole(&self) -> bool {
        self.open.is_empty()
    }

    /// Commits what the writer holds, the story groups first (a group whose articles did
    /// not make it is harmless).
    pub(super) fn commit(&mut self) -> Result<()> {
        self.stories.save(self.dir)?;
        self.writer.commit()?;
        self.observer.committed();
        self.last_commit = Instant::now();
        self.since_commit = 0;
        Ok(())
    }

    /// Adds one piece of a file: its problems reported, its articles written; when it is
    /// the file's last piece, the file is counted and a commit made if one is due.
    pub(super) fn piece(&mut self, piece: Piece<'a>, report: &mut Report) -> Result<()> {
        let file = piece.file;
        report.bytes += piece.bytes;
        self.observer.progress(piece.bytes);
        for p in &piece.parsed.problems {
            let problem = p.in_file(&file.abs);
            self.observer.problem(&problem);
            report.problems.push(problem);
            report.records_skipped += u64::from(p.dropped);
        }
        if !self.open.contains_key(file.key.as_str()) {
            let previous = self.existing.get(&file.key).map(|&(_, n)| n);
            if previous.is_some() {
                let term = Term::from_field_text(self.fields.file, &file.key);
                self.writer.delete_term(term);
            }
            let state = OpenFile {
                previous,
                ..OpenFile::default()
            };
            self.open.insert(file.key.as_str(), state);
        }
        for (n, article) in piece.parsed.articles.iter().enumerate() {
            let order = (file.key.as_str(), piece.order.1, n);
            if self.take_id(article, file, order, report)? {
                let story =
                    self.stories
                        .assign(&article.id, &article.title, &article.body, article.date);
                let doc =
                    schema::to_document(self.fields, article, &file.key, file.signature, story);
                self.writer.add_document(doc)?;
                // Counted as it is written: a later article with its id takes it back.
                self.open.entry(file.key.as_str()).or_default().articles += 1;
            }
        }
        let state = self.open.entry(file.key.as_str()).or_default();
        if state.skipped.is_none() {
            state.skipped = piece.parsed.skipped;
        }
        *self.added.entry(file.key.as_str()).or_default() += piece.parsed.articles.len() as u64;
        if piece.complete {
            self.file_done(file, report);
            let due = self.last_commit.elapsed() >= self.options.commit_every
                || self.since_commit >= self.options.commit_docs;
            if due && self.open.is_empty() {
                self.commit()?;
                self.committed = Counts::of(report);
            }
        }
        Ok(())
    }

    /// Settles `article`'s id (see [`Ids`]): whether it is written, reporting a clash.
    fn take_id(
        &mut self,
        article: &Article,
        file: &'a FileEntry,
        order: super::ids::Order<'a>,
        report: &mut Report,
    ) -> Result<bool> {
        let (message, loser, left_out) = match self.ids.claim(&article.id, &file.key, order)? {
            Claim::Free => return Ok(true),
            Claim::Replaces(earlier) => {
                let term = Term::from_field_text(self.fields.id, &article.id);
                self.writer.delete_term(term);
                self.uncount(&earlier, report);
                if let Some(state) = self.open.get_mut(file.key.as_str()) {
                    state.took_an_id = true;
                }
                let message = format!(
                    "id {:?} is already taken by an article of {earlier}: this one replaces it",
                    article.id
                );
                (message, earlier, false)
            }
            Claim::Loses(later) => {
                let message = format!(
                    "id {:?} is taken by a later article of {later}: this one is left out",
                    article.id
                );
                (message, file.key.clone(), true)
            }
        };
        report.duplicate_ids += 1;
        *self.replaced.entry(loser).or_default() += 1;
        let problem = FileProblem {
            path: file.abs.display().to_string(),
            line: None,
            message,
        };
        self.observer.problem(&problem);
        report.problems.push(problem);
        Ok(!left_out)
    }

    /// Takes back the count of an article of the file `key` that a later article with its
    /// id has just replaced, so that the summary counts each article the index keeps once:
    /// `added + updated + unchanged` is what the run's roots hold afterwards.
    fn uncount(&mut self, key: &str, report: &mut Report) {
        if let Some(state) = self.open.get_mut(key) {
            // Not counted yet: its file is still being read.
            state.articles = state.articles.saturating_sub(1);
        } else if self.added.contains_key(key) {
            // Its file was read whole in this run and counted.
            if self.existing.contains_key(key) {
                report.updated = report.updated.saturating_sub(1);
            } else {
                report.added = report.added.saturating_sub(1);
            }
        } else {
            // An article of a file this run did not read leaves the index.
            report.removed += 1;
            let walked = self
                .walked_keys
                .get_or_insert_with(|| self.walked.iter().map(|f| f.key.as_str()).collect());
            if walked.contains(key) {
                report.unchanged = report.unchanged.saturating_sub(1);
            }
        }
    }

    /// A file read whole: counted as indexed, or as skipped (remembered) if it gave nothing.
    fn file_done(&mut self, file: &'a FileEntry, report: &mut Report) {
        let done = self.open.remove(file.key.as_str()).unwrap_or_default();
        if done.articles == 0 {
            let (reason, detail) = done
                .skipped
                .unwrap_or((SkipReason::Empty, "no article".into()));
            // A file stopped for its time may go through on a less busy machine: read it
            // again next time.
            if reason != SkipReason::TooSlow {
                let memory = (file.signature, reason, detail.clone());
                self.skip_memory.insert(file.key.clone(), memory);
            }
            report.skip(self.observer, file, reason, detail);
            report.removed += done.previous.unwrap_or(0);
        } else {
            report.files_indexed += 1;
            match done.previous {
                Some(_) => report.updated += done.articles,
                None => report.added += done.articles,
            }
        }
        self.since_commit += done.articles;
    }
}

/// The error for an index another process is writing.
pub(crate) fn another_writer(dir: &Path) -> anyhow::Error {
    anyhow!(
        "another dossier process is writing {} — wait for it to finish",
        dir.display()
    )
}

/// A file being added to the index, piece by piece.
#[derive(Default)]
struct OpenFile {
    /// Articles the index held for it before this run, if any.
    previous: Option<u64>,
    /// Articles added so far.
    articles: u64,
    /// Why a piece gave nothing, if one did.
    skipped: Option<(SkipReason, String)>,
    /// One of its articles took the id of an article of another file (deleting it).
    took_an_id: bool,
}

/// Inputs smaller than this are indexed by one writer thread, into one segment: a one-shot
/// query opens each segment, so a small index answers faster in one (on Reuters ×1,
/// 2.4 ms instead of 2.6 ms), and parsing keeps the other cores busy anyway.
const ONE_SEGMENT_BYTES: u64 = 48 << 20;

/// Writer memory each indexing thread needs at least (tantivy's floor).
pub const MIN_THREAD_MEMORY: usize = 15_000_000;
/// Writer memory one indexing thread may use at most (tantivy's ceiling, rounded down).
const MAX_THREAD_MEMORY: usize = 4_000_000_000;

/// The writer's threads and memory budget: threads as asked, else one for small inputs,
/// else one a core (at most 4), never more than the budget allows; the budget as asked,
/// but no more than the threads can use.
pub(super) fn writer_shape(options: &IndexOptions, files: &[FileEntry]) -> Result<(usize, usize)> {
    let affordable = (options.memory_bytes / MIN_THREAD_MEMORY).max(1);
    let threads = match options.threads {
        Some(n) if n > affordable => bail!(
            "{n} indexing threads need at least {} MB of writer memory, {} MB given",
            (n * MIN_THREAD_MEMORY).div_ceil(1 << 20),
            options.memory_bytes >> 20
        ),
        Some(n) => n.max(1),
        None => {
            let bytes: u64 = files.iter().map(|f| f.size).sum();
            let wanted = if bytes < ONE_SEGMENT_BYTES {
                1
            } else {
                std::thread::available_parallelism()
                    .map(|n| n.get().min(4))
                    .unwrap_or(2)
            };
            wanted.min(affordable)
        }
    };
    let memory = options
        .memory_bytes
        .clamp(MIN_THREAD_MEMORY, threads * MAX_THREAD_MEMORY);
    Ok((threads, memory))
}
