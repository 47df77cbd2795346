//! The index on disk: create or open it, check its version, and bring it up to date with a
//! set of folders (incrementally: unchanged files skipped, changed files replaced, vanished
//! files removed). Indexing returns a serialisable [`Report`]; it prints nothing itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::columns::column_terms;
use crate::ingest::{self, FileEntry, FileProblem, Observer, SkipReason, Skipped};
use crate::readonly::ReadOnlyDirectory;
use crate::schema::{self, names, Fields};

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

fn open_index(dir: &Path) -> Result<Index> {
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
fn damaged(dir: &Path, error: TantivyError) -> anyhow::Error {
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
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            rebuild: false,
            threads: None,
            memory_bytes: 200 << 20,
            commit_every: Duration::from_secs(10),
            commit_docs: 100_000,
        }
    }
}

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
}

impl Report {
    /// Records (and tells the observer) that `file` gave no article.
    fn skip(
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
    let walk = ingest::walk(roots)?;
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
    let remembered = if options.rebuild {
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
            report.documents = index.reader()?.searcher().num_docs();
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
    let plan = Plan::new(&walk.files, &walk.folders, &existing, &remembered);
    // Files that gave no article before and have not changed: skipped again, unread.
    let mut skip_memory: FxHashMap<String, Remembered> = FxHashMap::default();
    for (file, reason, detail) in plan.still_skipped {
        skip_memory.insert(file.key.clone(), (file.signature, reason, detail.clone()));
        report.skip(observer, file, reason, detail);
    }
    for (key, count) in &plan.vanished {
        writer.delete_term(Term::from_field_text(fields.file, key));
        report.removed += count;
    }
    report.files_unchanged = plan.unchanged_files;
    report.unchanged = plan.unchanged_articles;
    let to_read = plan.to_read;
    observer.start(to_read.len() as u64, to_read.iter().map(|f| f.size).sum());

    // Files some of whose articles were handed to the writer, but not all yet. Commits
    // happen only when there is none, so that a file is in the index whole or not at all.
    let mut open: HashMap<&str, OpenFile> = HashMap::new();
    let mut last_commit = Instant::now();
    let mut since_commit = 0u64;
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
        for article in &piece.parsed.articles {
            writer.add_document(schema::to_document(
                &fields,
                article,
                &file.key,
                file.signature,
            ))?;
        }
        state.articles += piece.parsed.articles.len() as u64;
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
            skip_memory.insert(file.key.clone(), (file.signature, reason, detail.clone()));
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
            writer.commit()?;
            observer.committed();
            last_commit = Instant::now();
            since_commit = 0;
        }
        Ok(true)
    })?;
    if stop.load(Ordering::Relaxed) {
        report.interrupted = true;
    }
    let changed = options.rebuild || report.removed + report.added + report.updated > 0;
    if open.is_empty() {
        // An unchanged folder costs no commit (and no fsync).
        if changed {
            writer.commit()?;
            observer.committed();
        }
        save_skipped(dir, &skip_memory)?;
    } else {
        // Stopped inside a file: keep the index as of the last commit.
        writer.rollback()?;
    }
    writer.wait_merging_threads()?;
    share_like_version_file(dir);
    let reader = index.reader()?;
    report.documents = reader.searcher().num_docs();
    report.elapsed_secs = started.elapsed().as_secs_f64();
    Ok(report)
}

fn another_writer(dir: &Path) -> anyhow::Error {
    anyhow!(
        "another dossier process is writing {} — wait for it to finish",
        dir.display()
    )
}

/// Name of the file, inside an index folder, that remembers the files that gave no
/// article (empty, binary, invalid), so that an unchanged one is not read again.
const SKIPPED_FILE: &str = "dossier-skipped.json";

/// A file that gave no article: its signature then, and why.
type Remembered = (u64, SkipReason, String);

fn load_skipped(dir: &Path) -> FxHashMap<String, Remembered> {
    std::fs::read(dir.join(SKIPPED_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes the skipped files' memory atomically (a killed run leaves the old one).
fn save_skipped(dir: &Path, memory: &FxHashMap<String, Remembered>) -> Result<()> {
    let path = dir.join(SKIPPED_FILE);
    if memory.is_empty() {
        let _ = std::fs::remove_file(&path);
        return Ok(());
    }
    let tmp = dir.join(format!("{SKIPPED_FILE}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec(memory)?)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// What a run has to do, from what the walk found and what the index holds.
struct Plan<'a> {
    /// Files new or changed since they were indexed.
    to_read: Vec<&'a FileEntry>,
    /// Files that gave no article before and have not changed since.
    still_skipped: Vec<(&'a FileEntry, SkipReason, String)>,
    /// Indexed files gone from a walked folder, with their article counts.
    vanished: Vec<(&'a str, u64)>,
    unchanged_files: usize,
    unchanged_articles: u64,
}

impl<'a> Plan<'a> {
    fn new(
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

fn under_any(key: &str, folders: &[String]) -> bool {
    folders.iter().any(|folder| {
        key.strip_prefix(folder.as_str())
            .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
    })
}

/// Creates the index in `dir`, or opens it. With `rebuild`, an index of another version is
/// replaced; without, it is an error that says to rebuild.
fn create_or_open(dir: &Path, rebuild: bool) -> Result<Index> {
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
fn share_like_version_file(dir: &Path) {
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

/// The files in the index: key → (signature, number of articles).
fn indexed_files(index: &Index, dir: &Path) -> Result<FxHashMap<String, (u64, u64)>> {
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
