//! The index on disk: create or open it, check its version, and bring it up to date with a
//! set of folders (incrementally: unchanged files skipped, changed files replaced, vanished
//! files removed). Indexing returns a serialisable [`Report`]; it prints nothing itself.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::ingest::{self, FileEntry, SkipReason, Skipped};
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
    let index = Index::open(ReadOnlyDirectory::open(dir)?)
        .with_context(|| format!("cannot read the index at {}", dir.display()))?;
    schema::register_analyzers(&index);
    searchable(index, dir)
}

fn searchable(index: Index, dir: &Path) -> Result<Searchable> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .with_context(|| format!("cannot read the index at {}", dir.display()))?;
    let fields = schema::fields(&index.schema())?;
    Ok(Searchable {
        index,
        reader,
        fields,
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
    let index = Index::open_in_dir(dir).map_err(|e| {
        anyhow!(
            "cannot open the index at {}: {e} — run 'dossier index --rebuild' to recreate it",
            dir.display()
        )
    })?;
    schema::register_analyzers(&index);
    Ok(index)
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
    /// Indexing threads of the writer.
    pub threads: usize,
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
            threads: std::thread::available_parallelism()
                .map(|n| n.get().min(4))
                .unwrap_or(2),
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
    pub problems: Vec<String>,
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

/// Receives progress while indexing (the CLI draws a progress bar and prints warnings).
pub trait Observer: Sync {
    /// The walk is done: `files` to read, `bytes` in them.
    fn start(&self, _files: u64, _bytes: u64) {}
    /// One file was read (and its articles handed to the writer).
    fn file_done(&self, _bytes: u64) {}
    /// A file or folder was skipped.
    fn skipped(&self, _skipped: &Skipped) {}
    /// A problem inside a file that is indexed anyway: a dropped field, a bad line.
    fn problem(&self, _place: &str, _message: &str) {}
    /// A commit happened.
    fn committed(&self) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

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
    let mut writer: IndexWriter = index
        .writer_with_num_threads(options.threads.max(1), options.memory_bytes)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => anyhow!(
                "another dossier process is writing {} — wait for it to finish",
                dir.display()
            ),
            other => anyhow!("cannot write the index at {}: {other}", dir.display()),
        })?;
    let mut existing = if options.rebuild {
        writer.delete_all_documents()?;
        HashMap::new()
    } else {
        indexed_files(&index)?
    };

    let mut report = Report {
        files_seen: walk.files.len() + walk.skipped.len(),
        skipped: walk.skipped,
        ..Report::default()
    };
    for s in &report.skipped {
        observer.skipped(s);
    }

    // Files gone from a walked folder.
    let seen: HashSet<&str> = walk.files.iter().map(|f| f.key.as_str()).collect();
    let vanished: Vec<String> = existing
        .keys()
        .filter(|k| !seen.contains(k.as_str()) && under_any(k, &walk.folders))
        .cloned()
        .collect();
    for key in vanished {
        let (_, count) = existing.remove(&key).unwrap_or_default();
        writer.delete_term(Term::from_field_text(fields.file, &key));
        report.removed += count;
    }

    let mut to_read: Vec<&FileEntry> = Vec::new();
    for file in &walk.files {
        match existing.get(&file.key) {
            Some(&(sig, count)) if sig == file.signature => {
                report.files_unchanged += 1;
                report.unchanged += count;
            }
            _ => to_read.push(file),
        }
    }
    observer.start(to_read.len() as u64, to_read.iter().map(|f| f.size).sum());

    let (tx, rx) = mpsc::sync_channel::<(&FileEntry, ingest::ParsedFile)>(64);
    let mut last_commit = Instant::now();
    let mut since_commit = 0u64;
    std::thread::scope(|scope| -> Result<()> {
        // Owned here, so that leaving this scope early hangs up on the readers.
        let rx = rx;
        let to_read = &to_read;
        scope.spawn(move || {
            let _ = to_read.par_iter().try_for_each_with(tx, |tx, file| {
                if stop.load(Ordering::Relaxed) {
                    return Err(());
                }
                tx.send((*file, ingest::read_file(file))).map_err(|_| ())
            });
        });
        for (file, parsed) in rx.iter() {
            if stop.load(Ordering::Relaxed) {
                report.interrupted = true;
                break;
            }
            report.bytes += file.size;
            observer.file_done(file.size);
            for p in &parsed.problems {
                let place = match p.line {
                    Some(n) => format!("{}:{n}", file.abs.display()),
                    None => file.abs.display().to_string(),
                };
                observer.problem(&place, &p.message);
                report.problems.push(format!("{place}: {}", p.message));
            }
            let previous = existing.get(&file.key).map(|&(_, n)| n);
            if previous.is_some() {
                writer.delete_term(Term::from_field_text(fields.file, &file.key));
            }
            if let Some((reason, detail)) = parsed.skipped {
                let skipped = Skipped {
                    path: file.abs.display().to_string(),
                    reason,
                    detail,
                };
                observer.skipped(&skipped);
                report.skipped.push(skipped);
                report.removed += previous.unwrap_or(0);
                continue;
            }
            let n = parsed.articles.len() as u64;
            for article in &parsed.articles {
                writer.add_document(schema::to_document(
                    &fields,
                    article,
                    &file.key,
                    file.signature,
                ))?;
            }
            report.files_indexed += 1;
            match previous {
                Some(_) => report.updated += n,
                None => report.added += n,
            }
            since_commit += n;
            if last_commit.elapsed() >= options.commit_every || since_commit >= options.commit_docs
            {
                writer.commit()?;
                observer.committed();
                last_commit = Instant::now();
                since_commit = 0;
            }
        }
        Ok(())
    })?;
    if stop.load(Ordering::Relaxed) {
        report.interrupted = true;
    }
    writer.commit()?;
    observer.committed();
    writer.wait_merging_threads()?;
    share_like_version_file(dir);
    let reader = index.reader()?;
    report.documents = reader.searcher().num_docs();
    report.elapsed_secs = started.elapsed().as_secs_f64();
    Ok(report)
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
        match check_version(dir) {
            Ok(()) => return open_index(dir),
            Err(e) if !rebuild => return Err(e),
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
fn indexed_files(index: &Index) -> Result<HashMap<String, (u64, u64)>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut out: HashMap<String, (u64, u64)> = HashMap::new();
    let mut buf = String::new();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let Some(files) = ff.str(names::FILE)? else {
            continue;
        };
        let sigs = ff.u64(names::SIGNATURE)?;
        for doc in segment.doc_ids_alive() {
            let Some(ord) = files.term_ords(doc).next() else {
                continue;
            };
            buf.clear();
            files.ord_to_str(ord, &mut buf)?;
            let sig = sigs.first(doc).unwrap_or(0);
            let entry = out.entry(buf.clone()).or_insert((sig, 0));
            entry.1 += 1;
        }
    }
    Ok(out)
}
