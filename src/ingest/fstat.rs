//! What the walk needs to know of each file — size, modification time, identity — read for
//! many files at once: in parallel, and on Unix relative to an open handle on their folder,
//! so that the kernel does not resolve the whole path again for every file (a re-index of
//! an unchanged folder is mostly this).

use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

/// What makes a file the same file however it is reached.
#[cfg(unix)]
pub type FileId = (u64, u64);
/// What makes a file the same file however it is reached.
#[cfg(not(unix))]
pub type FileId = PathBuf;

/// Size, modification time and identity of a file.
#[derive(Debug, Clone)]
pub struct FileStat {
    pub size: u64,
    /// Nanoseconds since the Unix epoch (0 before it).
    pub mtime_nanos: u64,
    pub id: FileId,
}

impl FileStat {
    /// From metadata `std` read for the file at `path`.
    pub fn from_metadata(meta: &std::fs::Metadata, path: &Path) -> Self {
        let mtime_nanos = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        FileStat {
            size: meta.len(),
            mtime_nanos,
            id: id_of(meta, path),
        }
    }
}

#[cfg(unix)]
fn id_of(meta: &std::fs::Metadata, _path: &Path) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn id_of(_meta: &std::fs::Metadata, path: &Path) -> FileId {
    path.to_path_buf()
}

/// Files read by one task: those of one folder, at most this many.
const BATCH: usize = 512;

/// Reads the stats of `files` (path, and anything to carry along), following symbolic
/// links, on every core. The result keeps the input's order.
pub fn stat_all<T: Send>(files: Vec<(PathBuf, T)>) -> Vec<(PathBuf, T, io::Result<FileStat>)> {
    // Runs of files in the same folder, cut into batches.
    let mut batches: Vec<Vec<(PathBuf, T)>> = Vec::new();
    for (path, extra) in files {
        let same_folder = batches.last().is_some_and(|b: &Vec<(PathBuf, T)>| {
            b.len() < BATCH && b.last().map(|(p, _)| p.parent()) == Some(path.parent())
        });
        if !same_folder {
            batches.push(Vec::new());
        }
        if let Some(batch) = batches.last_mut() {
            batch.push((path, extra));
        }
    }
    batches.into_par_iter().flat_map_iter(stat_batch).collect()
}

#[cfg(unix)]
// The integer types of `stat`'s fields differ between platforms: the casts are not all no-ops.
#[allow(clippy::unnecessary_cast)]
fn stat_batch<T>(batch: Vec<(PathBuf, T)>) -> Vec<(PathBuf, T, io::Result<FileStat>)> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    let folder = batch
        .first()
        .and_then(|(p, _)| p.parent())
        .map(Path::to_path_buf);
    let handle = folder.and_then(|f| {
        let f = if f.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            f
        };
        rustix::fs::open(
            &f,
            OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()
    });
    batch
        .into_iter()
        .map(|(path, extra)| {
            let stat = match (&handle, path.file_name()) {
                (Some(dir), Some(name)) => rustix::fs::statat(dir, name, AtFlags::empty())
                    .map_err(io::Error::from)
                    .map(|st| FileStat {
                        size: st.st_size.max(0) as u64,
                        mtime_nanos: if st.st_mtime < 0 {
                            0
                        } else {
                            st.st_mtime as u64 * 1_000_000_000 + st.st_mtime_nsec as u64
                        },
                        id: (st.st_dev, st.st_ino),
                    }),
                _ => std::fs::metadata(&path).map(|m| FileStat::from_metadata(&m, &path)),
            };
            (path, extra, stat)
        })
        .collect()
}

#[cfg(not(unix))]
fn stat_batch<T>(batch: Vec<(PathBuf, T)>) -> Vec<(PathBuf, T, io::Result<FileStat>)> {
    batch
        .into_iter()
        .map(|(path, extra)| {
            let stat = std::fs::metadata(&path).map(|m| FileStat::from_metadata(&m, &path));
            (path, extra, stat)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batched_stats_equal_std_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for i in 0..1200 {
            let sub = dir.path().join(format!("d{}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            let p = sub.join(format!("f{i}.txt"));
            std::fs::write(&p, "x".repeat(i)).unwrap();
            files.push((p, i));
        }
        files.push((dir.path().join("missing.txt"), 9999));
        let stats = stat_all(files);
        assert_eq!(stats.len(), 1201);
        for (path, i, stat) in stats {
            if i == 9999 {
                assert!(stat.is_err());
                continue;
            }
            let stat = stat.unwrap();
            let std_stat = FileStat::from_metadata(&std::fs::metadata(&path).unwrap(), &path);
            assert_eq!(stat.size, i as u64);
            assert_eq!(stat.mtime_nanos, std_stat.mtime_nanos);
            assert_eq!(stat.id, std_stat.id);
        }
    }
}
