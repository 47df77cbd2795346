//! Walking the paths given to `index`: which files are articles, which are skipped and why.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

use super::fstat::{self, FileId, FileStat};
use super::report::{SkipReason, Skipped};

/// A supported file found by the walk.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Where to read it.
    pub abs: PathBuf,
    /// Identity for incremental indexing: the absolute path, from the canonical root.
    pub key: String,
    /// The root's label and the path below the root (`corpus/wire/a.txt`); the label alone
    /// for a single-file root (`feed.jsonl`). Unique in an index: a file's default id.
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
    /// The roots walked, with their labels.
    pub roots: Vec<WalkedRoot>,
    /// Roots that do not exist (any more).
    pub missing: Vec<PathBuf>,
}

/// A root the walk went through, and the label its files' paths start with.
#[derive(Debug, Clone)]
pub struct WalkedRoot {
    /// Canonical absolute path.
    pub canonical: String,
    /// The first part of its files' paths (and default ids): the folder's or file's name,
    /// unless the index gave another root that name first.
    pub label: String,
    /// A single file, not a folder.
    pub file: bool,
}

/// Walks every root (a folder, recursively, or a single file). A root that does not exist
/// is listed in [`Walk::missing`]; everything below a root is either a [`FileEntry`] or
/// [`Skipped`]. `exclude` (a canonical folder, the index's own) is never entered. `label`
/// names each root (its canonical path, whether it is a file): a file's path is the label,
/// then its path below the root.
pub fn walk(
    roots: &[PathBuf],
    exclude: Option<&Path>,
    label: &mut dyn FnMut(&Path, bool) -> String,
) -> Result<Walk> {
    walk_with(roots, exclude, label, Links::Inside)
}

/// Which symbolic links a walk follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Links {
    /// Those that lead to a file or folder inside the folder being walked; the others are
    /// skipped ([`SkipReason::LinkOutside`]).
    #[default]
    Inside,
    /// All of them (`--follow`), loops still detected.
    All,
}

/// [`walk`], following the symbolic links `links` says.
pub fn walk_with(
    roots: &[PathBuf],
    exclude: Option<&Path>,
    label: &mut dyn FnMut(&Path, bool) -> String,
    links: Links,
) -> Result<Walk> {
    let mut out = Walk::default();
    let mut seen = FxHashSet::default();
    for root in roots {
        let meta = match std::fs::metadata(root) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.missing.push(root.clone());
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", root.display())),
        };
        if meta.is_file() {
            match root.canonicalize() {
                Ok(key) => {
                    let name = label(&key, true);
                    out.roots.push(WalkedRoot {
                        canonical: key.to_string_lossy().into_owned(),
                        label: name.clone(),
                        file: true,
                    });
                    let folder = parent_name(&key);
                    let stat = FileStat::from_metadata(&meta, &key);
                    let key = key.to_string_lossy().into_owned();
                    push_file(&mut out, &mut seen, root, key, name, folder, &stat)
                }
                Err(err) => out.skipped.push(Skipped {
                    path: root.display().to_string(),
                    reason: SkipReason::Unreadable,
                    detail: err.to_string(),
                }),
            }
            continue;
        }
        if !meta.is_dir() {
            bail!("{} is neither a file nor a folder", root.display());
        }
        let canonical = root
            .canonicalize()
            .with_context(|| format!("cannot read {}", root.display()))?;
        let root_key = canonical.to_string_lossy().into_owned();
        out.folders.push(root_key.clone());
        let name = label(&canonical, false);
        out.roots.push(WalkedRoot {
            canonical: canonical.to_string_lossy().into_owned(),
            label: name.clone(),
            file: false,
        });
        let root_name = canonical
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The excluded folder, as a path below this root.
        let excluded = exclude
            .and_then(|e| e.strip_prefix(&canonical).ok())
            .map(|below| below.to_string_lossy().replace('\\', "/"))
            .filter(|below| !below.is_empty());
        let mut found = Vec::new();
        let mut visited = FxHashSet::default();
        visited.insert(canonical.clone());
        let mut tree = Tree {
            visited: &mut visited,
            found: &mut found,
            skipped: &mut out.skipped,
            excluded: excluded.as_deref(),
            inside: (links == Links::Inside).then_some(canonical.as_path()),
        };
        tree.walk(root, "");
        for (path, below, stat) in fstat::stat_all(found) {
            match stat {
                Ok(stat) => {
                    // The key is the canonical root and the path below it: one
                    // canonicalisation per root, not per file.
                    let mut key = String::with_capacity(root_key.len() + 1 + below.len());
                    key.push_str(&root_key);
                    key.push(std::path::MAIN_SEPARATOR);
                    key.push_str(&below);
                    let folder = match below.rsplit_once('/') {
                        Some((dir, _)) => dir.rsplit('/').next().unwrap_or(dir).to_string(),
                        None => root_name.clone(),
                    };
                    let mut rel = String::with_capacity(name.len() + 1 + below.len());
                    rel.push_str(&name);
                    rel.push('/');
                    rel.push_str(&below);
                    push_file(&mut out, &mut seen, &path, key, rel, folder, &stat)
                }
                Err(err) => out.skipped.push(Skipped {
                    path: path.display().to_string(),
                    reason: SkipReason::Unreadable,
                    detail: err.to_string(),
                }),
            }
        }
    }
    Ok(out)
}

/// The default label of a root: its folder's or file's name.
pub fn default_label(canonical: &Path, _file: bool) -> String {
    canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "root".to_string())
}

/// A walk through one root's folders.
struct Tree<'a> {
    visited: &'a mut FxHashSet<PathBuf>,
    found: &'a mut Vec<(PathBuf, String)>,
    skipped: &'a mut Vec<Skipped>,
    /// A folder below the root not to enter (the index's own).
    excluded: Option<&'a str>,
    /// The canonical root, when links out of it are not followed.
    inside: Option<&'a Path>,
}

/// Walks the folder `dir` (whose path relative to the indexed root is `base`), collecting
/// supported files as (path, relative path) and skipping the rest with reasons. Symbolic
/// links are followed when they stay inside the root (all of them with [`Links::All`]):
/// links to files are read; links to folders are walked once, and a link back to a folder
/// above it is a loop, skipped.
impl Tree<'_> {
    fn walk(&mut self, dir: &Path, base: &str) {
        let skip = |skipped: &mut Vec<Skipped>, path: &Path, reason, detail: String| {
            skipped.push(Skipped {
                path: path.display().to_string(),
                reason,
                detail,
            })
        };
        let mut walker = WalkDir::new(dir).into_iter();
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let detail = err
                        .io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string());
                    let path = err.path().unwrap_or(dir).to_path_buf();
                    skip(self.skipped, &path, SkipReason::Unreadable, detail);
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let path = entry.path();
            if is_hidden(entry.file_name()) {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                skip(self.skipped, path, SkipReason::Hidden, String::new());
                continue;
            }
            let below = below(path, dir);
            let rel = if base.is_empty() {
                below
            } else {
                format!("{base}/{below}")
            };
            if file_type_is_dir(&entry) && self.excluded == Some(rel.as_str()) {
                walker.skip_current_dir();
                continue;
            }
            let file_type = entry.file_type();
            if file_type.is_symlink() {
                if let Some(target) = self.outside(path) {
                    let detail = format!("leads to {} — --follow follows it", target.display());
                    skip(self.skipped, path, SkipReason::LinkOutside, detail);
                    continue;
                }
                match std::fs::metadata(path) {
                    Ok(meta) if meta.is_dir() => match path.canonicalize() {
                        Ok(target) => {
                            let above = path
                                .parent()
                                .and_then(|p| p.canonicalize().ok())
                                .is_some_and(|parent| parent.starts_with(&target));
                            if above {
                                skip(self.skipped, path, SkipReason::SymlinkLoop, String::new());
                            } else if self.visited.insert(target) {
                                self.walk(path, &rel);
                            }
                        }
                        Err(e) => skip(self.skipped, path, SkipReason::Unreadable, e.to_string()),
                    },
                    Ok(_) if is_supported(entry.file_name()) => {
                        self.found.push((path.to_path_buf(), rel))
                    }
                    Ok(_) => skip(self.skipped, path, SkipReason::Unsupported, String::new()),
                    Err(e) => skip(self.skipped, path, SkipReason::Unreadable, e.to_string()),
                }
                continue;
            }
            if !file_type.is_file() {
                continue;
            }
            if is_supported(entry.file_name()) {
                self.found.push((path.to_path_buf(), rel));
            } else {
                skip(self.skipped, path, SkipReason::Unsupported, String::new());
            }
        }
    }
}

impl Tree<'_> {
    /// Where a symbolic link leads, when that is outside the root and such links are not
    /// followed (a link that leads nowhere is left to the caller to report).
    fn outside(&self, link: &Path) -> Option<PathBuf> {
        let root = self.inside?;
        let target = link.canonicalize().ok()?;
        (!target.starts_with(root)).then_some(target)
    }
}

/// The path of `path` below `dir`, with `/` between folders (the walk's paths start with
/// `dir`: the prefix is cut off as bytes, with no path parsing).
fn below(path: &Path, dir: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let prefix = dir.as_os_str().as_encoded_bytes();
    let Some(rest) = bytes.strip_prefix(prefix) else {
        return file_name(path);
    };
    let rest = rest
        .strip_prefix(std::path::MAIN_SEPARATOR_STR.as_bytes())
        .unwrap_or(rest);
    let below = String::from_utf8_lossy(rest).into_owned();
    if cfg!(windows) {
        below.replace('\\', "/")
    } else {
        below
    }
}

/// Adds one file found by the walk, once: a file reached twice (through a symbolic link)
/// is indexed once.
fn push_file(
    out: &mut Walk,
    seen: &mut FxHashSet<FileId>,
    path: &Path,
    key: String,
    rel: String,
    folder: String,
    stat: &FileStat,
) {
    if !is_supported(path.as_os_str()) {
        out.skipped.push(Skipped {
            path: path.display().to_string(),
            reason: SkipReason::Unsupported,
            detail: String::new(),
        });
        return;
    }
    // A copy on Unix (device and inode), a path elsewhere.
    #[allow(clippy::clone_on_copy)]
    let id = stat.id.clone();
    if !seen.insert(id) {
        return;
    }
    out.files.push(FileEntry {
        abs: path.to_path_buf(),
        key,
        rel,
        folder,
        size: stat.size,
        signature: signature(stat.size, stat.mtime_nanos),
    });
}

/// Folds size and modification time into one number (a 64-bit mix, stable across builds).
fn signature(size: u64, mtime_nanos: u64) -> u64 {
    [size, mtime_nanos]
        .into_iter()
        .fold(crate::hash::FNV_OFFSET, crate::hash::fold_word)
}

/// Whether a file name (or path) ends in an extension of [`super::format::FORMATS`], in any
/// case.
fn is_supported(name: &std::ffi::OsStr) -> bool {
    let mut name = name.as_encoded_bytes();
    // A compressed file is supported when what it holds is (`feed.jsonl.gz`).
    for compressed in [&b".gz"[..], b".zst"] {
        if name.len() > compressed.len()
            && name[name.len() - compressed.len()..].eq_ignore_ascii_case(compressed)
        {
            name = &name[..name.len() - compressed.len()];
            break;
        }
    }
    let Some(dot) = name.iter().rposition(|&b| b == b'.') else {
        return false;
    };
    super::format::Format::of_ext(&name[dot + 1..]).is_some()
}

fn file_type_is_dir(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir()
}

/// Name of the folder a file is in.
fn parent_name(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
