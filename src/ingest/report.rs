//! What reading reports besides articles: files skipped and why, problems inside files
//! that were read anyway, and the [`Observer`] that hears of them as they happen. Problems
//! stay structured (path, line, reason) until a printer formats them.

use serde::{Deserialize, Serialize};

/// Why a file (or folder) was not indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Not one of the supported extensions.
    Unsupported,
    /// A hidden file or folder (name starting with `.`), skipped with its contents.
    Hidden,
    /// A symbolic link that leads back into a folder being walked.
    SymlinkLoop,
    /// A symbolic link that leads out of the folder being indexed (followed with `--follow`).
    LinkOutside,
    /// Could not be read (permissions, vanished, I/O error).
    Unreadable,
    /// Looks binary (NUL bytes).
    Binary,
    /// Has no text.
    Empty,
    /// Could not be parsed in its format (e.g. truncated JSON).
    Invalid,
    /// A PDF whose pages have no text (a scan, images only): it needs OCR first.
    NoTextLayer,
    /// A bug in dossier's parser struck this file.
    Internal,
    /// Every article it gives has an id that a later article took (see `index`).
    Replaced,
    /// Larger than a bound of `ingest::limits` (a decompression bomb, a huge file).
    TooLarge,
    /// Took longer than its reader may take (see `ingest::limits`).
    TooSlow,
}

impl SkipReason {
    /// Short label used in summaries.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Unsupported => "unsupported",
            SkipReason::Hidden => "hidden",
            SkipReason::SymlinkLoop => "symlink loop",
            SkipReason::LinkOutside => "link out of the folder",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Binary => "binary",
            SkipReason::Empty => "empty",
            SkipReason::Invalid => "invalid",
            SkipReason::NoTextLayer => "no text layer",
            SkipReason::Internal => "internal error",
            SkipReason::Replaced => "replaced by later ids",
            SkipReason::TooLarge => "too large",
            SkipReason::TooSlow => "too slow",
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

/// Something wrong inside a file that was still indexed: a dropped field, a bad line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// 1-based line, when the problem is on one line (JSONL).
    pub line: Option<usize>,
    /// What is wrong and what was done about it.
    pub message: String,
    /// A whole record (a JSONL line, an array item) was left out, not just a field.
    pub dropped: bool,
}

impl Problem {
    /// A problem on `line` (if known) that cost a field or nothing.
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            line,
            message: message.into(),
            dropped: false,
        }
    }

    /// A problem on `line` that cost a whole record.
    pub fn dropped(line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            dropped: true,
            ..Problem::new(line, message)
        }
    }
}

impl Problem {
    /// The problem with the file it is in.
    pub fn in_file(&self, path: &std::path::Path) -> FileProblem {
        FileProblem {
            path: path.display().to_string(),
            line: self.line,
            message: self.message.clone(),
        }
    }
}

/// A problem inside a file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileProblem {
    /// The file, as the user would recognise it.
    pub path: String,
    /// 1-based line, when the problem is on one line (JSONL).
    pub line: Option<usize>,
    /// What is wrong and what was done about it.
    pub message: String,
}

/// `path:line: message`, or `path: message`.
impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(n) => write!(f, "{}:{n}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// `LINE: message`, or the message alone; the caller puts the path before it.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(n) => write!(f, "{n}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Receives progress while indexing (the CLI draws a progress bar and prints warnings).
pub trait Observer: Sync {
    /// The walk is done: `files` to read, `bytes` in them.
    fn start(&self, _files: u64, _bytes: u64) {}
    /// This many more bytes were read and their articles handed to the writer.
    fn progress(&self, _bytes: u64) {}
    /// A file or folder was skipped.
    fn skipped(&self, _skipped: &Skipped) {}
    /// A problem inside a file that is indexed anyway: a dropped field, a bad line.
    fn problem(&self, _problem: &FileProblem) {}
    /// A commit happened.
    fn committed(&self) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}
