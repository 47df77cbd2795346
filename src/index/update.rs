//! Bringing an index up to date, step by step: walk the roots, plan what to read and
//! remove, open the writer, remove what left, hand what the readers give to the writer
//! ([`super::writing`]), commit, then save the roots, the skipped files' memory and the
//! speaker registry.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use rustc_hash::FxHashMap;
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};
use tantivy::{Index, IndexWriter, TantivyError, Term};

use super::ids::Ids;
use super::plan::{indexed_files, load_skipped, save_skipped, Plan, Remembered};
use super::report::GoneRoot;
use super::writing::{another_writer, writer_shape, Writing};
use super::{create_or_open, share_like_version_file, Report};
use crate::engine::schema::{self, Fields};
use crate::ingest::{self, FileEntry, Observer, SkipReason, Walk};
use crate::sidecar::roots::{Root, Roots};
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
    pub links: ingest::Links,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            rebuild: false,
            threads: None,
            memory_bytes: 200 << 20,
            commit_every: Duration::from_secs(10),
            commit_docs: 100_000,
            links: ingest::Links::Inside,
        }
    }
}

/// Brings the index in `dir` up to date with `roots` (folders and files). Creates the index
/// if needed. `stop` is checked between files: when set, the run commits and returns early.
/// A run that fails (a full disk, say) removes the files it wrote that no commit uses.
pub fn update(
    dir: &Path,
    roots: &[PathBuf],
    options: &IndexOptions,
    observer: &dyn Observer,
    stop: &AtomicBool,
) -> Result<Report> {
    let result = run(dir, roots, options, observer, stop);
    if result.is_err() {
        collect_garbage(dir);
    }
    result
}

/// After a failed run: deletes the index files no commit uses (a segment half written when
/// the disk filled up), so that their space is free again. Best effort: the run's own error
/// is what the user is told.
fn collect_garbage(dir: &Path) {
    if !super::exists(dir) {
        return;
    }
    let Ok(index) = super::open_index(dir) else {
        return;
    };
    let Ok(writer) =
        index.writer_with_num_threads::<tantivy::TantivyDocument>(1, super::MIN_THREAD_MEMORY)
    else {
        return;
    };
    let _ = writer.garbage_collect_files().wait();
}

/// The run [`update`] makes.
fn run(
    dir: &Path,
    roots: &[PathBuf],
    options: &IndexOptions,
    observer: &dyn Observer,
    stop: &AtomicBool,
) -> Result<Report> {
    let started = Instant::now();
    super::check::writable(dir)?;
    let mut scope = Scope::walk(dir, roots, options)?;
    let index = create_or_open(dir, options.rebuild)?;
    let fields = schema::fields(&index.schema())?;
    let mut report = Report {
        files_seen: scope.walk.files.len() + scope.walk.skipped.len(),
        skipped: std::mem::take(&mut scope.walk.skipped),
        ..Report::default()
    };
    for s in &report.skipped {
        observer.skipped(s);
    }
    let mut remembered = if options.rebuild {
        FxHashMap::default()
    } else {
        load_skipped(dir)
    };
    if !options.rebuild && unchanged(&index, dir, &scope, &remembered, &mut report, observer)? {
        report.elapsed_secs = started.elapsed().as_secs_f64();
        return Ok(report);
    }
    let mut writer = open_writer(&index, dir, options, &scope.walk)?;
    // Read again under the lock: another writer may have committed since.
    let existing = if options.rebuild {
        writer.delete_all_documents()?;
        FxHashMap::default()
    } else {
        indexed_files(&index, dir)?
    };
    let (walk, gone) = (&scope.walk, &scope.gone);
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
    remove_vanished(&mut writer, &fields, &plan.vanished, gone, &mut report);
    report.files_unchanged = plan.unchanged_files;
    report.unchanged = plan.unchanged_articles;
    let to_read = plan.to_read;
    observer.start(to_read.len() as u64, to_read.iter().map(|f| f.size).sum());

    let committed = index
        .reader()
        .map_err(|e| super::damaged(dir, e))?
        .searcher();
    let ids = Ids::new(&committed, &fields, &to_read, &plan.vanished);
    // Story groups of earlier runs: articles added now join them.
    let (stories, damage) = Stories::open(dir, options.rebuild);
    if let Some(why) = damage {
        let problem = ingest::FileProblem {
            path: crate::sidecar::STORIES.path(dir).display().to_string(),
            line: None,
            message: format!("{why}: story groups start afresh, so copies of articles indexed before are not grouped with new ones — run 'dossier index --rebuild' to group them again"),
        };
        observer.problem(&problem);
        report.problems.push(problem);
    }
    let mut run = Writing::new(
        writer,
        &fields,
        ids,
        stories,
        &existing,
        dir,
        options,
        observer,
        skip_memory,
        &walk.files,
    );
    ingest::read_files(&to_read, stop, |piece| {
        if stop.load(Ordering::Relaxed) {
            report.interrupted = true;
            return Ok(false);
        }
        run.piece(piece, &mut report)?;
        Ok(true)
    })?;
    if stop.load(Ordering::Relaxed) {
        report.interrupted = true;
    }
    finish(
        run,
        &walk.files,
        gone,
        &mut scope.roots,
        &existing,
        &mut report,
    )?;
    share_like_version_file(dir);
    let reader = index.reader()?;
    report.documents = reader.searcher().num_docs();
    crate::registry::refresh(dir, &index, &reader.searcher())?;
    report.elapsed_secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// What the run covers: the walk of its roots, the roots list it leaves, and the roots
/// that are gone.
struct Scope {
    walk: Walk,
    /// The roots as the index knew them before the run.
    known: Roots,
    /// The roots as the run leaves them (new ones labelled).
    roots: Roots,
    /// Roots of the index that no longer exist: their articles leave.
    gone: Vec<Root>,
}

impl Scope {
    fn walk(dir: &Path, given: &[PathBuf], options: &IndexOptions) -> Result<Scope> {
        let (known, damage) = Roots::load_checked(dir);
        if let Some(why) = damage.filter(|_| !options.rebuild) {
            // Without the list, a new root could take the label of one in the index and
            // its ids would then name other files: refuse, naming the file and the fix.
            bail!(
                "the list of indexed folders {} {why} — run 'dossier index --rebuild' with the folders this index holds",
                crate::sidecar::ROOTS.path(dir).display()
            );
        }
        let mut roots = if options.rebuild {
            Roots::default()
        } else {
            known.clone()
        };
        // The index's own folder is never indexed, even inside a root.
        let own = dir.canonicalize().ok();
        let mut walk = ingest::walk_with(
            given,
            own.as_deref(),
            &mut |path, file| roots.label(path, file),
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
        Ok(Scope {
            walk,
            known,
            roots,
            gone,
        })
    }
}

/// Nothing new, changed or gone (the common re-run): reports so and returns true, holding
/// the writer's lock meanwhile (another writer is still refused) but starting no writer.
fn unchanged(
    index: &Index,
    dir: &Path,
    scope: &Scope,
    remembered: &FxHashMap<String, Remembered>,
    report: &mut Report,
    observer: &dyn Observer,
) -> Result<bool> {
    let existing = indexed_files(index, dir)?;
    let walk = &scope.walk;
    let plan = Plan::new(&walk.files, &walk.folders, &existing, remembered);
    if !plan.to_read.is_empty() || !plan.vanished.is_empty() {
        return Ok(false);
    }
    let _lock = index
        .directory()
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|_| another_writer(dir))?;
    report.files_unchanged = plan.unchanged_files;
    report.unchanged = plan.unchanged_articles;
    for (file, reason, detail) in plan.still_skipped {
        report.skip(observer, file, reason, detail);
    }
    if scope.roots.roots != scope.known.roots {
        scope.roots.save(dir)?;
    }
    // Every article belongs to a file: no second reader needed to count them.
    report.documents = existing.values().map(|&(_, n)| n).sum();
    Ok(true)
}

/// The index writer, shaped for the files to read.
fn open_writer(
    index: &Index,
    dir: &Path,
    options: &IndexOptions,
    walk: &Walk,
) -> Result<IndexWriter> {
    let (threads, memory) = writer_shape(options, &walk.files)?;
    index
        .writer_with_num_threads(threads, memory)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => another_writer(dir),
            other => anyhow!("cannot write the index at {}: {other}", dir.display()),
        })
}

/// Deletes the articles of files that are gone, counting them by gone root.
fn remove_vanished(
    writer: &mut IndexWriter,
    fields: &Fields,
    vanished: &[(&str, u64)],
    gone: &[Root],
    report: &mut Report,
) {
    for (key, count) in vanished {
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
    for root in gone {
        if !report.gone.iter().any(|g| g.path == root.path) {
            report.gone.push(GoneRoot {
                path: root.path.clone(),
                articles: 0,
            });
        }
    }
}

/// Ends the run: commits when every file was handed over whole (else rolls back to the
/// last commit), and saves what sits beside the index.
fn finish(
    mut run: Writing,
    files: &[FileEntry],
    gone: &[Root],
    roots: &mut Roots,
    existing: &FxHashMap<String, (u64, u64)>,
    report: &mut Report,
) -> Result<()> {
    let dir = run.dir;
    // Stopped with files part read: their articles leave the batch, so that the files
    // finished are committed (a file is in the index whole or not at all).
    run.drop_new_files_part_read();
    if !run.files_whole() {
        // A file that replaces an older version cannot be taken out so: keep the index as
        // of the last commit, and count what it holds of this run.
        run.writer.rollback()?;
        run.writer.wait_merging_threads()?;
        run.committed.restore(report);
        return Ok(());
    }
    // An unchanged folder costs no commit (and no fsync).
    let changed = run.options.rebuild || report.removed + report.added + report.updated > 0;
    if changed {
        run.commit()?;
    }
    // A file all of whose articles were replaced is remembered, not read again
    // until it changes (else two files with one id would take turns).
    for (key, count) in &run.replaced {
        let had = run
            .added
            .get(key.as_str())
            .copied()
            .or_else(|| existing.get(key).map(|&(_, n)| n))
            .unwrap_or(0);
        if had == 0 || *count < had {
            continue;
        }
        if let Some(file) = files.iter().find(|f| &f.key == key) {
            let detail = format!(
                "each of its {had} article(s) was replaced by a later article with the same id"
            );
            let memory = (file.signature, SkipReason::Replaced, detail);
            run.skip_memory.insert(key.clone(), memory);
        }
    }
    save_skipped(dir, &run.skip_memory)?;
    for root in gone {
        roots.remove_under(&root.path);
    }
    roots.save(dir)?;
    run.writer.wait_merging_threads()?;
    Ok(())
}
