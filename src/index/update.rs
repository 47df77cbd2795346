//! Bringing an index up to date: the writer's shape (threads, memory), reading files
//! through the ingest pipeline, adding each file's articles whole, and deciding when to
//! commit (every `commit_every` seconds or `commit_docs` articles, only between files).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyError, Term};

use super::plan::{indexed_files, load_skipped, save_skipped, Plan, Remembered};
use super::report::GoneRoot;
use super::roots::{Root, Roots};
use super::{create_or_open, share_like_version_file, Report};
use crate::ingest::{self, FileEntry, FileProblem, Observer, SkipReason};
use crate::schema::{self, Fields};
use crate::stories::Stories;

/// Options of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Start from an empty index.
    pub rebuild: bool,
    /// Indexing threads of the writer; `None` picks one from the input's size.
    pub threads: Option<usize>,
    /// Writer memory budget in bytes (shared by its threads).
    pub memory_bytes: usize,
    /// Commit at least this often, so that an interrupted run loses at most this much work.
    pub commit_every: Duration,
    /// Commit at least every this many articles, too.
    pub commit_docs: u64,
    /// Which symbolic links the walk follows.
    pub links: ingest::walk::Links,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            rebuild: false,
            threads: None,
            memory_bytes: 200 << 20,
            commit_every: Duration::from_secs(10),
            commit_docs: 100_000,
            links: ingest::walk::Links::Inside,
        }
    }
}

/// Brings the index in `dir` up to date with `roots` (folders and files). Creates the index
/// if needed. `stop` is checked between files: when set, the run commits and returns early.
pub fn update(
    dir: &Path,
    roots: &[PathBuf],
    options: &IndexOptions,
    observer: &dyn Observer,
    stop: &AtomicBool,
) -> Result<Report> {
    let started = Instant::now();
    super::check::writable(dir)?;
    let known = Roots::load(dir);
    let mut registry = if options.rebuild {
        Roots::default()
    } else {
        known.clone()
    };
    // The index's own folder is never indexed, even inside a root.
    let own = dir.canonicalize().ok();
    let mut walk = ingest::walk::walk_with(
        roots,
        own.as_deref(),
        &mut |path, file| registry.label(path, file),
        options.links,
    )?;
    // A root that is gone: its articles leave the index; a path never indexed is an error.
    let mut gone: Vec<Root> = Vec::new();
    for missing in &walk.missing {
        match known.find(missing) {
            Some(root) => gone.push(root.clone()),
            None => bail!("cannot read {}: no such file or folder", missing.display()),
        }
    }
    walk.folders.extend(gone.iter().map(|r| r.path.clone()));
    let index = create_or_open(dir, options.rebuild)?;
    let fields = schema::fields(&index.schema())?;
    let mut report = Report {
        files_seen: walk.files.len() + walk.skipped.len(),
        skipped: walk.skipped,
        ..Report::default()
    };
    for s in &report.skipped {
        observer.skipped(s);
    }
    // Nothing new, changed or gone (the common re-run): done, holding the writer's lock
    // (another writer is still refused) but starting no writer.
    let mut remembered = if options.rebuild {
        FxHashMap::default()
    } else {
        load_skipped(dir)
    };
    if !options.rebuild {
        let existing = indexed_files(&index, dir)?;
        let plan = Plan::new(&walk.files, &walk.folders, &existing, &remembered);
        if plan.to_read.is_empty() && plan.vanished.is_empty() {
            let _lock = index
                .directory()
                .acquire_lock(&INDEX_WRITER_LOCK)
                .map_err(|_| another_writer(dir))?;
            report.files_unchanged = plan.unchanged_files;
            report.unchanged = plan.unchanged_articles;
            for (file, reason, detail) in plan.still_skipped {
                report.skip(observer, file, reason, detail);
            }
            if registry.roots != known.roots {
                registry.save(dir)?;
            }
            // Every article belongs to a file: no second reader needed to count them.
            report.documents = existing.values().map(|&(_, n)| n).sum();
            report.elapsed_secs = started.elapsed().as_secs_f64();
            return Ok(report);
        }
    }
    let (threads, memory) = writer_shape(options, &walk.files)?;
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, memory)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => another_writer(dir),
            other => anyhow!("cannot write the index at {}: {other}", dir.display()),
        })?;
    // Read again under the lock: another writer may have committed since.
    let existing = if options.rebuild {
        writer.delete_all_documents()?;
        FxHashMap::default()
    } else {
        indexed_files(&index, dir)?
    };
    let mut plan = Plan::new(&walk.files, &walk.folders, &existing, &remembered);
    // Articles are leaving: files whose ids were taken by later articles are read again
    // (the later articles may be among those leaving).
    if !plan.vanished.is_empty() && remembered.values().any(|r| r.1 == SkipReason::Replaced) {
        remembered.retain(|_, r| r.1 != SkipReason::Replaced);
        plan = Plan::new(&walk.files, &walk.folders, &existing, &remembered);
    }
    // Files that gave no article before and have not changed: skipped again, unread.
    let mut skip_memory: FxHashMap<String, Remembered> = FxHashMap::default();
    for (file, reason, detail) in plan.still_skipped {
        skip_memory.insert(file.key.clone(), (file.signature, reason, detail.clone()));
        report.skip(observer, file, reason, detail);
    }
    for (key, count) in &plan.vanished {
        writer.delete_term(Term::from_field_text(fields.file, key));
        report.removed += count;
        if let Some(root) = gone.iter().find(|r| r.holds(key)) {
            match report.gone.iter_mut().find(|g| g.path == root.path) {
                Some(g) => g.articles += count,
                None => report.gone.push(GoneRoot {
                    path: root.path.clone(),
                    articles: *count,
                }),
            }
        }
    }
    for root in &gone {
        if !report.gone.iter().any(|g| g.path == root.path) {
            report.gone.push(GoneRoot {
                path: root.path.clone(),
                articles: 0,
            });
        }
    }
    report.files_unchanged = plan.unchanged_files;
    report.unchanged = plan.unchanged_articles;
    let to_read = plan.to_read;
    observer.start(to_read.len() as u64, to_read.iter().map(|f| f.size).sum());

    let committed = index
        .reader()
        .map_err(|e| super::damaged(dir, e))?
        .searcher();
    let mut ids = Ids::new(&committed, &fields, &to_read, &plan.vanished);
    // Story groups of earlier runs: articles added now join them.
    let first_free = committed
        .segment_readers()
        .iter()
        .map(|s| {
            s.fast_fields()
                .u64(schema::names::STORY)
                .map(|c| c.max_value() + 1)
        })
        .try_fold(1u64, |most, n| n.map(|n| most.max(n)))?;
    let mut stories = Stories::open(dir, options.rebuild, first_free);
    // Articles replaced by later ones with their id, by file; articles added, by file.
    let mut replaced: FxHashMap<String, u64> = FxHashMap::default();
    let mut added: FxHashMap<&str, u64> = FxHashMap::default();
    // Files some of whose articles were handed to the writer, but not all yet. Commits
    // happen only when there is none, so that a file is in the index whole or not at all.
    let mut open: HashMap<&str, OpenFile> = HashMap::new();
    let mut last_commit = Instant::now();
    let mut since_commit = 0u64;
    // What the index holds of this run's work as of its last commit.
    let mut committed_counts = (0, 0, 0, 0);
    ingest::read_files(&to_read, stop, |piece| {
        if stop.load(Ordering::Relaxed) {
            report.interrupted = true;
            return Ok(false);
        }
        let file = piece.file;
        report.bytes += piece.bytes;
        observer.progress(piece.bytes);
        for p in &piece.parsed.problems {
            let problem = p.in_file(&file.abs);
            observer.problem(&problem);
            report.problems.push(problem);
            report.records_skipped += u64::from(p.dropped);
        }
        let state = open.entry(file.key.as_str()).or_insert_with(|| {
            let previous = existing.get(&file.key).map(|&(_, n)| n);
            if previous.is_some() {
                writer.delete_term(Term::from_field_text(fields.file, &file.key));
            }
            OpenFile {
                previous,
                ..OpenFile::default()
            }
        });
        let mut kept = 0u64;
        for (n, article) in piece.parsed.articles.iter().enumerate() {
            // One id, one article: of two articles with one id, the later in path order
            // (then record order) wins, whatever order the readers finish in.
            let order = (file.rel.as_str(), piece.order.1, n);
            let (message, loser, left_out) = match ids.claim(&article.id, &file.key, order)? {
                Claim::Free => (None, None, false),
                Claim::Replaces(earlier) => {
                    writer.delete_term(Term::from_field_text(fields.id, &article.id));
                    let message = format!(
                        "id {:?} is already taken by an article of {earlier}: this one replaces it",
                        article.id
                    );
                    (Some(message), Some(earlier), false)
                }
                Claim::Loses(later) => {
                    let message = format!(
                        "id {:?} is taken by a later article of {later}: this one is left out",
                        article.id
                    );
                    (Some(message), Some(file.key.clone()), true)
                }
            };
            if let Some(message) = message {
                report.duplicate_ids += 1;
                if let Some(loser) = &loser {
                    *replaced.entry(loser.clone()).or_default() += 1;
                }
                let problem = FileProblem {
                    path: file.abs.display().to_string(),
                    line: None,
                    message,
                };
                observer.problem(&problem);
                report.problems.push(problem);
                if left_out {
                    continue;
                }
            }
            let story = stories.assign(&article.body, article.date);
            writer.add_document(schema::to_document(
                &fields,
                article,
                &file.key,
                file.signature,
                story,
            ))?;
            kept += 1;
        }
        state.articles += kept;
        *added.entry(file.key.as_str()).or_default() += piece.parsed.articles.len() as u64;
        if state.skipped.is_none() {
            state.skipped = piece.parsed.skipped;
        }
        if !piece.complete {
            return Ok(true);
        }
        let done = open.remove(file.key.as_str()).unwrap_or_default();
        if done.articles == 0 {
            let (reason, detail) = done
                .skipped
                .unwrap_or((SkipReason::Empty, "no article".into()));
            // A file stopped for its time may go through on a less busy machine: read it
            // again next time.
            if reason != SkipReason::TooSlow {
                skip_memory.insert(file.key.clone(), (file.signature, reason, detail.clone()));
            }
            report.skip(observer, file, reason, detail);
            report.removed += done.previous.unwrap_or(0);
        } else {
            report.files_indexed += 1;
            match done.previous {
                Some(_) => report.updated += done.articles,
                None => report.added += done.articles,
            }
        }
        since_commit += done.articles;
        let due =
            last_commit.elapsed() >= options.commit_every || since_commit >= options.commit_docs;
        if due && open.is_empty() {
            // The groups first: a group whose articles did not make it is harmless.
            stories.save(dir)?;
            writer.commit()?;
            observer.committed();
            last_commit = Instant::now();
            since_commit = 0;
            committed_counts = counts(&report);
        }
        Ok(true)
    })?;
    if stop.load(Ordering::Relaxed) {
        report.interrupted = true;
    }
    // Stopped with files part read: their articles leave the batch, so that the files
    // finished are committed (a file is in the index whole or not at all). A file that
    // replaces an older version cannot be taken out so: then the batch is rolled back.
    if !open.is_empty() && open.values().all(|f| f.previous.is_none()) {
        for key in open.keys() {
            writer.delete_term(Term::from_field_text(fields.file, key));
        }
        open.clear();
    }
    let changed = options.rebuild || report.removed + report.added + report.updated > 0;
    if open.is_empty() {
        // An unchanged folder costs no commit (and no fsync).
        if changed {
            stories.save(dir)?;
            writer.commit()?;
            observer.committed();
        }
        // A file all of whose articles were replaced is remembered, not read again
        // until it changes (else two files with one id would take turns).
        for (key, count) in &replaced {
            let had = added
                .get(key.as_str())
                .copied()
                .or_else(|| existing.get(key).map(|&(_, n)| n))
                .unwrap_or(0);
            if had == 0 || *count < had {
                continue;
            }
            if let Some(file) = walk.files.iter().find(|f| &f.key == key) {
                let detail = format!(
                    "each of its {had} article(s) was replaced by a later article with the same id"
                );
                skip_memory.insert(key.clone(), (file.signature, SkipReason::Replaced, detail));
            }
        }
        save_skipped(dir, &skip_memory)?;
        for root in &gone {
            registry.remove_under(&root.path);
        }
        registry.save(dir)?;
    } else {
        // Stopped inside a file: keep the index as of the last commit, and say so.
        writer.rollback()?;
        (
            report.added,
            report.updated,
            report.removed,
            report.files_indexed,
        ) = committed_counts;
    }
    writer.wait_merging_threads()?;
    share_like_version_file(dir);
    let reader = index.reader()?;
    report.documents = reader.searcher().num_docs();
    crate::registry::refresh(dir, &index, &reader.searcher())?;
    report.elapsed_secs = started.elapsed().as_secs_f64();
    Ok(report)
}

pub(crate) fn another_writer(dir: &Path) -> anyhow::Error {
    anyhow!(
        "another dossier process is writing {} — wait for it to finish",
        dir.display()
    )
}

/// Articles added, updated, removed and files indexed, as a report counts them.
fn counts(report: &Report) -> (u64, u64, u64, usize) {
    (
        report.added,
        report.updated,
        report.removed,
        report.files_indexed,
    )
}

/// The ids given out so far: in this run, and in the index as it was committed before it.
struct Ids<'a> {
    committed: &'a tantivy::Searcher,
    fields: &'a Fields,
    /// Files whose articles in the index are being replaced or removed.
    leaving: FxHashSet<&'a str>,
    /// Id → key of the file whose article has it, and the article's place in the walk, for
    /// articles of this run.
    run: FxHashMap<String, (&'a str, Order<'a>)>,
}

impl<'a> Ids<'a> {
    fn new(
        committed: &'a tantivy::Searcher,
        fields: &'a Fields,
        to_read: &[&'a FileEntry],
        vanished: &[(&'a str, u64)],
    ) -> Self {
        let leaving = to_read
            .iter()
            .map(|f| f.key.as_str())
            .chain(vanished.iter().map(|(k, _)| *k))
            .collect();
        Ids {
            committed,
            fields,
            leaving,
            run: FxHashMap::default(),
        }
    }

    /// Records that the file `key` gives an article `id` at `order` in the run, and says
    /// whether it is the first with that id, replaces an earlier one, or loses to a later
    /// one of this run.
    fn claim(&mut self, id: &str, key: &'a str, order: Order<'a>) -> Result<Claim> {
        if let Some(holder) = self.run.get_mut(id) {
            let holder_key = holder.0;
            if order > holder.1 {
                *holder = (key, order);
                return Ok(Claim::Replaces(holder_key.to_string()));
            }
            return Ok(Claim::Loses(holder_key.to_string()));
        }
        self.run.insert(id.to_string(), (key, order));
        Ok(match self.committed_holder(id)? {
            Some(owner) => Claim::Replaces(owner),
            None => Claim::Free,
        })
    }

    /// The file of an article of the committed index with `id`, unless that file is leaving.
    fn committed_holder(&self, id: &str) -> Result<Option<String>> {
        let term = Term::from_field_text(self.fields.id, id);
        if self.committed.doc_freq(&term)? == 0 {
            return Ok(None);
        }
        let query = tantivy::query::TermQuery::new(term, IndexRecordOption::Basic);
        let docs = self
            .committed
            .search(&query, &tantivy::collector::DocSetCollector)?;
        for address in docs {
            let segment = self.committed.segment_reader(address.segment_ord);
            let Some(files) = segment.fast_fields().str(schema::names::FILE)? else {
                continue;
            };
            let Some(ord) = files.term_ords(address.doc_id).next() else {
                continue;
            };
            let mut owner = String::new();
            files.ord_to_str(ord, &mut owner)?;
            if !self.leaving.contains(owner.as_str()) {
                return Ok(Some(owner));
            }
        }
        Ok(None)
    }
}

/// An article's place in the run's order: its file's path (root label first), the part of
/// the file, the record in the part.
type Order<'a> = (&'a str, usize, usize);

/// Whether an article may have its id.
enum Claim {
    /// No other article has it.
    Free,
    /// It replaces the article of this file, which had the id before.
    Replaces(String),
    /// A later article of this file has the id: this one is left out.
    Loses(String),
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
fn writer_shape(options: &IndexOptions, files: &[FileEntry]) -> Result<(usize, usize)> {
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
