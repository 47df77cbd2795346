//! The roots an index holds: each folder or file given to `dossier index`, with the label
//! its articles' paths and default ids start with (`corpus/wire/a.txt`). A root keeps its
//! label for as long as it is in the index, so ids are stable from run to run and do not
//! depend on where the index is; two roots with the same name get `news` and `news-2`.
//! Stored beside tantivy's files, so it moves with the index.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

/// One root of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    /// The first part of its articles' paths.
    pub label: String,
    /// Canonical absolute path when it was indexed.
    pub path: String,
    /// A single file, not a folder.
    pub file: bool,
}

impl Root {
    /// Whether `key` (a file's canonical path) is this root or below it.
    pub fn holds(&self, key: &str) -> bool {
        holds(&self.path, key)
    }
}

/// Whether `key` is `path` or below it.
pub fn holds(path: &str, key: &str) -> bool {
    key == path
        || key
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
}

/// The roots of one index.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Roots {
    pub roots: Vec<Root>,
}

impl Roots {
    /// The roots recorded in the index folder `dir` (none if it has no list yet).
    pub fn load(dir: &Path) -> Self {
        Roots::load_checked(dir).0
    }

    /// As [`Roots::load`], with why a list that was there could not be read.
    pub fn load_checked(dir: &Path) -> (Self, Option<String>) {
        match super::ROOTS.load(dir) {
            super::Read::Missing => (Roots::default(), None),
            super::Read::Damaged(why) => (Roots::default(), Some(why)),
            super::Read::Found { payload, .. } => match serde_json::from_slice(&payload) {
                Ok(roots) => (roots, None),
                Err(e) => (Roots::default(), Some(format!("does not parse ({e})"))),
            },
        }
    }

    /// Writes the list atomically (a killed run leaves the old one).
    pub fn save(&self, dir: &Path) -> Result<()> {
        super::ROOTS.save(dir, None, &serde_json::to_vec_pretty(self)?)
    }

    /// The label of the root at `canonical`: the one it has, else its name (made unique).
    pub fn label(&mut self, canonical: &Path, file: bool) -> String {
        let path = canonical.to_string_lossy().into_owned();
        if let Some(root) = self.roots.iter().find(|r| r.path == path) {
            return root.label.clone();
        }
        let name = crate::ingest::default_label(canonical, file);
        let mut label = name.clone();
        let mut n = 1;
        while self.roots.iter().any(|r| r.label == label) {
            n += 1;
            label = format!("{name}-{n}");
        }
        self.roots.push(Root {
            label: label.clone(),
            path,
            file,
        });
        label
    }

    /// The recorded root a path that no longer exists names, if any.
    pub fn find(&self, given: &Path) -> Option<&Root> {
        let absolute = absolute(given);
        let absolute = absolute.to_string_lossy();
        self.roots.iter().find(|r| r.path == absolute)
    }

    /// Forgets the roots at or below `path`.
    pub fn remove_under(&mut self, path: &str) {
        self.roots.retain(|r| !holds(path, &r.path));
    }

    /// The root that holds `key`, if any.
    pub fn holding(&self, key: &str) -> Option<&Root> {
        // The deepest root wins (a file root inside a folder root).
        self.roots
            .iter()
            .filter(|r| r.holds(key))
            .max_by_key(|r| r.path.len())
    }
}

/// `path` as an absolute path: canonical if it exists, else made absolute from the current
/// folder without touching the file system.
pub fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_names_made_unique_and_kept() {
        let mut roots = Roots::default();
        assert_eq!(roots.label(Path::new("/a/news"), false), "news");
        assert_eq!(roots.label(Path::new("/b/news"), false), "news-2");
        assert_eq!(roots.label(Path::new("/a/news"), false), "news");
        assert_eq!(roots.label(Path::new("/c/feed.jsonl"), true), "feed.jsonl");
        roots.remove_under("/a");
        assert_eq!(roots.roots.len(), 2);
        // A name no root has any more can be given again.
        assert_eq!(roots.label(Path::new("/d/news"), false), "news");
    }

    #[test]
    fn holding_is_by_path_components() {
        let mut roots = Roots::default();
        roots.label(Path::new("/a/news"), false);
        roots.label(Path::new("/a/news/x.jsonl"), true);
        assert_eq!(roots.holding("/a/news/y.txt").unwrap().label, "news");
        assert_eq!(roots.holding("/a/news/x.jsonl").unwrap().label, "x.jsonl");
        assert!(roots.holding("/a/newsroom/y.txt").is_none());
    }
}
