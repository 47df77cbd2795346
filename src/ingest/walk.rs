//! Walking the paths given to `index`: which files are articles, which are skipped and why.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use walkdir::WalkDir;

/// Why a file (or folder) was not indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Not one of the supported extensions.
    Unsupported,
    /// A hidden file or folder (name starting with `.`), skipped with its contents.
    Hidden,
    /// A symbolic link that leads back into a folder being walked.
    SymlinkLoop,
    /// Could not be read (permissions, vanished, I/O error).
    Unreadable,
    /// Looks binary (NUL bytes).
    Binary,
    /// Has no text.
    Empty,
    /// Could not be parsed in its format (e.g. truncated JSON).
    Invalid,
    /// A bug in dossier's parser struck this file.
    Internal,
}

impl SkipReason {
    /// Short label used in summaries.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Unsupported => "unsupported",
            SkipReason::Hidden => "hidden",
            SkipReason::SymlinkLoop => "symlink loop",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::Invalid => "invalid",
            SkipReason::Internal => "internal error",
        }
    }
}

/// A file or folder that was not indexed, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Path as the user would recognise it.
    pub path: String,
    /// Why.
    pub reason: SkipReason,
    /// Details (an I/O or parse error), possibly empty.
    pub detail: String,
}

/// A supported file found by the walk.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Where to read it.
    pub abs: PathBuf,
    /// Identity for incremental indexing: the canonical absolute path.
    pub key: String,
    /// Path relative to the indexed root (the file name for a single-file root).
    pub rel: String,
    /// Name of the folder the file is in, the default `source`.
    pub folder: String,
    /// Size in bytes.
    pub size: u64,
    /// Size and modification time folded into one number: a change means "re-read me".
    pub signature: u64,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Supported files, in a stable order.
    pub files: Vec<FileEntry>,
    /// Everything else that was seen.
    pub skipped: Vec<Skipped>,
    /// Canonical folders that were walked: files indexed from under them earlier and not
    /// seen now have been removed.
    pub folders: Vec<String>,
}

/// File extensions dossier reads.
pub const SUPPORTED: &[&str] = &[
    "txt", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm",
];

/// Walks every root (a folder, recursively, or a single file). A root that does not exist
/// is an error naming it; everything below a root is either a [`FileEntry`] or [`Skipped`].
pub fn walk(roots: &[PathBuf]) -> Result<Walk> {
    let mut out = Walk::default();
    let mut seen = HashSet::new();
    for root in roots {
        let meta =
            std::fs::metadata(root).with_context(|| format!("cannot read {}", root.display()))?;
        if meta.is_file() {
            let rel = file_name(root);
            push_file(&mut out, &mut seen, root, rel, &meta);
            continue;
        }
        if !meta.is_dir() {
            bail!("{} is neither a file nor a folder", root.display());
        }
        let canonical = root
            .canonicalize()
            .with_context(|| format!("cannot read {}", root.display()))?;
        out.folders.push(canonical.to_string_lossy().into_owned());
        let mut walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let reason = if err.loop_ancestor().is_some() {
                        SkipReason::SymlinkLoop
                    } else {
                        SkipReason::Unreadable
                    };
                    let detail = err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string());
                    out.skipped.push(Skipped {
                        path,
                        reason,
                        detail,
                    });
                    continue;
                }
            };
            if entry.depth() > 0 && is_hidden(entry.file_name()) {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                out.skipped.push(Skipped {
                    path: entry.path().display().to_string(),
                    reason: SkipReason::Hidden,
                    detail: String::new(),
                });
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| file_name(entry.path()));
            match entry.metadata() {
                Ok(meta) => push_file(&mut out, &mut seen, entry.path(), rel, &meta),
                Err(err) => out.skipped.push(Skipped {
                    path: entry.path().display().to_string(),
                    reason: SkipReason::Unreadable,
                    detail: err.to_string(),
                }),
            }
        }
    }
    Ok(out)
}

/// Adds one file found by the walk, once: a file reached twice (through a symbolic link)
/// is indexed once.
fn push_file(
    out: &mut Walk,
    seen: &mut HashSet<PathBuf>,
    path: &Path,
    rel: String,
    meta: &std::fs::Metadata,
) {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !SUPPORTED.contains(&ext.as_str()) {
        out.skipped.push(Skipped {
            path: path.display().to_string(),
            reason: SkipReason::Unsupported,
            detail: String::new(),
        });
        return;
    }
    let canonical = match path.canonicalize() {
        Ok(c) => c,
        Err(err) => {
            out.skipped.push(Skipped {
                path: path.display().to_string(),
                reason: SkipReason::Unreadable,
                detail: err.to_string(),
            });
            return;
        }
    };
    if !seen.insert(canonical.clone()) {
        return;
    }
    let folder = path
        .parent()
        .and_then(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.or_else(|| {
                canonical
                    .parent()
                    .and_then(|c| c.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
            })
        })
        .unwrap_or_default();
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    out.files.push(FileEntry {
        abs: path.to_path_buf(),
        key: canonical.to_string_lossy().into_owned(),
        rel,
        folder,
        size: meta.len(),
        signature: signature(meta.len(), mtime),
    });
}

/// Folds size and modification time into one number (a 64-bit mix, stable across builds).
fn signature(size: u64, mtime_nanos: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for part in [size, mtime_nanos] {
        h ^= part;
        h = h.wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
    }
    h
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
