//! The reading pipeline: files are read and parsed on every core (a big line-format file
//! in parts, never whole in memory) and handed, piece by piece, to one consumer thread —
//! the index writer, or `extract`'s collector. The consumer learns when a file is complete,
//! so that it can keep each file whole (the index commits only between files).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::compressed::Compression;
use super::parts::{Part, Parts, PART_BYTES};
use super::report::{Observer, SkipReason, Skipped};
use super::{read_file, read_part, FileEntry, ParsedFile};
use crate::article::Article;

/// What a reader hands the consumer: articles of one file, or of one part of it.
pub struct Piece<'a> {
    /// The file.
    pub file: &'a FileEntry,
    /// Its articles, problems, and why it gave none.
    pub parsed: ParsedFile,
    /// Bytes of the file this piece covers.
    pub bytes: u64,
    /// This is the last piece of its file to arrive: the file has been read whole.
    pub complete: bool,
    /// The file's place in the list read, and the piece's place in the file.
    pub order: (usize, usize),
    /// How many pieces the file has: set on the last piece read.
    parts: Option<usize>,
}

/// Reads `files` on every core and hands each piece to `each` on the calling thread, as
/// pieces are ready (not in order: see [`Piece::order`]). Stops when `each` returns false
/// or `stop` is set; a few pieces in flight keep the consumer fed without holding memory.
pub fn read_files<'a>(
    files: &'a [&'a FileEntry],
    stop: &'a AtomicBool,
    mut each: impl FnMut(Piece<'a>) -> Result<bool>,
) -> Result<()> {
    let (tx, rx) = mpsc::sync_channel::<Piece>(8);
    // Per file being read: pieces received, and how many there are once known.
    let mut arrived: FxHashMap<usize, (usize, Option<usize>)> = FxHashMap::default();
    std::thread::scope(|scope| -> Result<()> {
        // Owned here, so that leaving this scope early hangs up on the readers.
        let rx = rx;
        let jobs = Jobs::new(files, stop);
        scope.spawn(move || {
            let _ = jobs
                .par_bridge()
                .try_for_each_with(tx, |tx, job| tx.send(job.run()).map_err(|_| ()));
        });
        for mut piece in rx.iter() {
            let state = arrived.entry(piece.order.0).or_default();
            state.0 += 1;
            if piece.parts.is_some() {
                state.1 = piece.parts;
            }
            piece.complete = state.1 == Some(state.0);
            if piece.complete {
                arrived.remove(&piece.order.0);
            }
            if !each(piece)? {
                break;
            }
        }
        Ok(())
    })
}

/// Walks `roots` and reads every file into articles, in walk order, telling `observer` of
/// skipped files and problems (as `extract` does, without an index).
pub fn read_all(roots: &[PathBuf], observer: &dyn Observer) -> Result<Vec<Article>> {
    let walk = super::walk(roots, None, &mut super::walk::default_label)?;
    if let Some(missing) = walk.missing.first() {
        anyhow::bail!("cannot read {}: no such file or folder", missing.display());
    }
    for s in &walk.skipped {
        observer.skipped(s);
    }
    let files: Vec<&FileEntry> = walk.files.iter().collect();
    let mut pieces: Vec<((usize, usize), Vec<Article>)> = Vec::new();
    let mut skipped: Vec<(usize, Skipped)> = Vec::new();
    // Per file: whether it gave an article, and the first reason a piece gave none.
    let mut gave: FxHashMap<usize, (bool, Option<(SkipReason, String)>)> = FxHashMap::default();
    read_files(&files, &AtomicBool::new(false), |piece| {
        for problem in &piece.parsed.problems {
            observer.problem(&problem.in_file(&piece.file.abs));
        }
        let state = gave.entry(piece.order.0).or_default();
        state.0 |= !piece.parsed.articles.is_empty();
        if state.1.is_none() {
            state.1 = piece.parsed.skipped.clone();
        }
        if piece.complete && !state.0 {
            let (reason, detail) = state
                .1
                .take()
                .unwrap_or((SkipReason::Empty, "no article".into()));
            skipped.push((
                piece.order.0,
                Skipped {
                    path: piece.file.abs.display().to_string(),
                    reason,
                    detail,
                },
            ));
        }
        pieces.push((piece.order, piece.parsed.articles));
        Ok(true)
    })?;
    skipped.sort_by_key(|(order, _)| *order);
    for (_, s) in &skipped {
        observer.skipped(s);
    }
    pieces.sort_by_key(|(order, _)| *order);
    Ok(pieces.into_iter().flat_map(|(_, a)| a).collect())
}

/// A unit of reading work; `file` is the file's place in the list.
enum Job<'a> {
    /// Read and parse a whole file.
    Whole(usize, &'a FileEntry),
    /// Parse part number `index` of a line-format file; `parts` is set on its last part.
    Part {
        file: (usize, &'a FileEntry),
        part: Part,
        index: usize,
        parts: Option<usize>,
    },
    /// Reading the file failed after `sent` parts: why.
    Failed {
        file: (usize, &'a FileEntry),
        error: (SkipReason, String),
        sent: usize,
    },
}

impl<'a> Job<'a> {
    fn run(self) -> Piece<'a> {
        match self {
            Job::Whole(n, file) => Piece {
                file,
                parsed: timed(|| read_file(file)),
                bytes: file.size,
                complete: false,
                order: (n, 0),
                parts: Some(1),
            },
            Job::Part {
                file: (n, file),
                part,
                index,
                parts,
            } => Piece {
                file,
                bytes: part.bytes.len() as u64,
                parsed: timed(|| read_part(file, &part)),
                complete: false,
                order: (n, index),
                parts,
            },
            Job::Failed {
                file: (n, file),
                error,
                sent,
            } => Piece {
                file,
                // A problem too when parts before it may have given articles.
                parsed: ParsedFile {
                    problems: (sent > 0)
                        .then(|| {
                            let message = format!("the rest of the file is left out: {}", error.1);
                            super::Problem::new(None, message)
                        })
                        .into_iter()
                        .collect(),
                    skipped: Some(error),
                    ..ParsedFile::default()
                },
                bytes: 0,
                complete: false,
                order: (n, sent),
                parts: Some(sent + 1),
            },
        }
    }
}

/// Runs a reader; one that took longer than [`super::limits::FILE_SECONDS`] says so (the
/// readers are built to take time in proportion to their input: such a file is a bug to
/// report, and the PDF reader, which is not ours, is stopped at its own bound).
fn timed(read: impl FnOnce() -> ParsedFile) -> ParsedFile {
    let started = std::time::Instant::now();
    let mut parsed = read();
    let took = started.elapsed().as_secs();
    if took > super::limits::FILE_SECONDS {
        parsed.problems.push(super::Problem::new(
            None,
            format!(
                "reading it took {took} s, more than the {} s a file should take — please report it",
                super::limits::FILE_SECONDS
            ),
        ));
    }
    parsed
}

/// The jobs for a list of files, made lazily (a big file's parts are read only as readers
/// are free) and ending early when `stop` is set.
struct Jobs<'a> {
    files: std::iter::Enumerate<std::slice::Iter<'a, &'a FileEntry>>,
    stop: &'a AtomicBool,
    /// The line-format file being cut into parts: its next part, and parts sent.
    current: Option<Cutting<'a>>,
}

/// A file being cut into parts (with its place in the list), its next part, parts sent.
type Cutting<'a> = ((usize, &'a FileEntry), Parts, std::io::Result<Part>, usize);

impl<'a> Jobs<'a> {
    fn new(files: &'a [&'a FileEntry], stop: &'a AtomicBool) -> Self {
        Jobs {
            files: files.iter().enumerate(),
            stop,
            current: None,
        }
    }
}

impl<'a> Iterator for Jobs<'a> {
    type Item = Job<'a>;

    fn next(&mut self) -> Option<Job<'a>> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        if let Some((file, mut parts, part, sent)) = self.current.take() {
            let part = match part {
                Ok(part) => part,
                Err(e) => {
                    return Some(Job::Failed {
                        file,
                        error: failure(&e),
                        sent,
                    })
                }
            };
            let index = sent;
            let sent = sent + 1;
            return Some(match parts.next() {
                None => Job::Part {
                    file,
                    part,
                    index,
                    parts: Some(sent),
                },
                Some(next) => {
                    self.current = Some((file, parts, next, sent));
                    Job::Part {
                        file,
                        part,
                        index,
                        parts: None,
                    }
                }
            });
        }
        let (n, &file) = self.files.next()?;
        let (ext, compression) = super::compressed::format_of_path(&file.abs);
        // A compressed line-format file is always streamed: its size says little.
        let small = file.size <= PART_BYTES as u64 && compression == Compression::None;
        if !super::is_container(&ext) || small || utf16(file) {
            return Some(Job::Whole(n, file));
        }
        let warc =
            super::format::Format::of_ext(ext.as_bytes()) == Some(super::format::Format::Warc);
        match Parts::open(&file.abs, compression, warc) {
            Ok(mut parts) => match parts.next() {
                Some(first) => {
                    self.current = Some(((n, file), parts, first, 0));
                    self.next()
                }
                None => Some(Job::Whole(n, file)),
            },
            Err(e) => Some(Job::Failed {
                file: (n, file),
                error: failure(&e),
                sent: 0,
            }),
        }
    }
}

/// Why reading a file in parts failed: a broken bound (see [`super::limits`]) or an I/O
/// error.
fn failure(error: &std::io::Error) -> (SkipReason, String) {
    match super::limits::is_too_large(error) {
        Some(message) => (SkipReason::TooLarge, message),
        None => (SkipReason::Unreadable, error.to_string()),
    }
}

/// Whether a file starts with a UTF-16 byte-order mark: such a file is decoded whole, since
/// its lines cannot be cut at newline bytes.
fn utf16(file: &FileEntry) -> bool {
    use std::io::Read;
    let mut head = [0u8; 2];
    let (_, compression) = super::compressed::format_of_path(&file.abs);
    super::compressed::open(&file.abs, compression)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == [0xFF, 0xFE] || head == [0xFE, 0xFF])
}
