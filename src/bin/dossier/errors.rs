//! The last line a failed command prints: an error that names the path and the cause in
//! words (a full disk, a read-only folder, permission), a damaged index named file by file
//! (checked when a read fails), and never an internal message's source path.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dossier::index::check;

/// The index folder the command works on, once known (see [`remember_index`]).
static INDEX_DIR: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Notes the index folder the command works on.
pub fn remember_index(dir: &Path) {
    if let Ok(mut d) = INDEX_DIR.lock() {
        *d = Some(dir.to_path_buf());
    }
}

fn index_dir() -> Option<PathBuf> {
    INDEX_DIR.lock().ok().and_then(|d| d.clone())
}

/// The message for an error that ended the command.
pub fn message(err: &anyhow::Error) -> String {
    let io = err
        .chain()
        .find_map(|e| e.downcast_ref::<std::io::Error>())
        .and_then(|e| e.raw_os_error());
    let text = format!("{err:#}");
    let code = io.or_else(|| os_error_in(&text));
    let dir = index_dir();
    if let (Some(code), Some(dir)) = (code, &dir) {
        // A full disk is always the index's; a refusal only when it names the index folder.
        let about_index = text.contains(&*dir.display().to_string());
        if code == 28 || (about_index && matches!(code, 1 | 13 | 30)) {
            let cause = check::io_cause(&std::io::Error::from_raw_os_error(code));
            return format!(
                "cannot write to {}: {cause} (the index stays readable as of its last commit)",
                dir.display()
            );
        }
    }
    // Tantivy's writer threads lose their I/O error: a full disk is told by the free space.
    if let (true, Some(dir)) = (text.contains("index writer was killed"), &dir) {
        let cause = if disk_nearly_full(dir) {
            check::io_cause(&std::io::Error::from_raw_os_error(28))
        } else {
            "the index writer failed on an I/O error".to_string()
        };
        return format!(
            "cannot write to {}: {cause} (the index stays readable as of its last commit)",
            dir.display()
        );
    }
    // An error from deep inside the index (tantivy's) may be a damaged file: say which.
    let internal = text.contains("IoError") || text.contains("internal error");
    if internal {
        if let Some(damage) = dir.as_deref().and_then(check::damage) {
            return damage;
        }
    }
    text
}

/// Whether the file system holding `dir` has less than 16 MiB left for its user.
#[cfg(unix)]
fn disk_nearly_full(dir: &Path) -> bool {
    rustix::fs::statvfs(dir).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < 16 << 20)
}

#[cfg(not(unix))]
fn disk_nearly_full(_dir: &Path) -> bool {
    false
}

/// The place of a panic, when it is in dossier's own code (a library's source path means
/// nothing to the user).
pub fn panic_place(file: &str, line: u32) -> String {
    if file.starts_with("src/") {
        format!(" at {file}:{line}")
    } else {
        String::new()
    }
}

/// The message for a panic that ended the command (`last`: its message and place): a
/// damaged index when that is the cause, else the panic's own.
pub fn panic_message(last: &str) -> String {
    if let Some(damage) = index_dir().as_deref().and_then(check::damage) {
        return damage;
    }
    format!("internal error: {last} — please report it")
}

/// When the index the command works on has files that fail their checksum, the message
/// naming them.
pub fn damage() -> Option<String> {
    index_dir().as_deref().and_then(check::damage)
}

/// An `os error N` in a message (tantivy keeps I/O errors as text).
fn os_error_in(text: &str) -> Option<i32> {
    let at = text.find("os error ")? + "os error ".len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_in_text() {
        assert_eq!(
            os_error_in("An IO error occurred: 'No space left on device (os error 28) at path'"),
            Some(28)
        );
        assert_eq!(os_error_in("no error"), None);
        assert_eq!(panic_place("/root/.cargo/registry/src/x/lib.rs", 3), "");
        assert_eq!(panic_place("src/stats.rs", 3), " at src/stats.rs:3");
    }
}
