//! Compressed input: `.gz` (gzip, also several members back to back) and `.zst` (zstd)
//! around any supported format (`feed.jsonl.gz`, `page.html.gz`). The format is the name's
//! extension before the compression's; line formats are streamed in parts like plain ones.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use super::limits::{self, Bounded, Counting};

/// How a file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// A file name's format extension (lower case) and compression: `feed.JSONL.gz` is
/// (`jsonl`, gzip).
pub fn format_of(name: &[u8]) -> (String, Compression) {
    let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
    let (inner, compression) = if let Some(stem) = lower.strip_suffix(".gz") {
        (stem, Compression::Gzip)
    } else if let Some(stem) = lower.strip_suffix(".zst") {
        (stem, Compression::Zstd)
    } else {
        (lower.as_str(), Compression::None)
    };
    let ext = inner.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    (ext.to_string(), compression)
}

/// The format extension and compression of a path.
pub fn format_of_path(path: &Path) -> (String, Compression) {
    let name = path
        .file_name()
        .map(|n| n.as_encoded_bytes())
        .unwrap_or(b"");
    format_of(name)
}

/// A reader of the file's contents, decompressed (unbuffered when the file is not
/// compressed: the caller buffers). Decompression stops with an error past
/// [`limits::MAX_RATIO`] (a decompression bomb).
pub fn open(path: &Path, compression: Compression) -> io::Result<Box<dyn Read + Send>> {
    open_bounded(path, compression, u64::MAX)
}

/// [`open`], also stopping with an error past `max` decompressed bytes.
fn open_bounded(
    path: &Path,
    compression: Compression,
    max: u64,
) -> io::Result<Box<dyn Read + Send>> {
    let file = File::open(path)?;
    let count = Arc::new(AtomicU64::new(0));
    let counted = BufReader::with_capacity(1 << 16, Counting::new(file, count.clone()));
    Ok(match compression {
        Compression::None => Box::new(counted.into_inner()),
        Compression::Gzip => Box::new(Bounded::new(
            flate2::bufread::MultiGzDecoder::new(counted),
            count,
            max,
        )),
        Compression::Zstd => Box::new(Bounded::new(
            zstd::stream::read::Decoder::with_buffer(counted)?,
            count,
            max,
        )),
    })
}

/// The whole contents of a file, decompressed, up to [`limits::MAX_WHOLE_FILE`] bytes; an
/// error says what is wrong with it (see [`limits::is_too_large`] for a broken bound).
pub fn read(path: &Path, compression: Compression) -> io::Result<Vec<u8>> {
    read_at_most(path, compression, limits::MAX_WHOLE_FILE)
}

/// [`read`] with another bound.
pub fn read_at_most(path: &Path, compression: Compression, max: u64) -> io::Result<Vec<u8>> {
    if compression == Compression::None {
        let mut file = File::open(path)?;
        let size = file.metadata()?.len();
        limits::check_expansion(size, u64::MAX, max)?;
        let mut out = Vec::with_capacity(size as usize);
        // A file that grows while it is read stops at the bound too.
        (&mut file).take(max + 1).read_to_end(&mut out)?;
        limits::check_expansion(out.len() as u64, u64::MAX, max)?;
        return Ok(out);
    }
    let mut out = Vec::new();
    open_bounded(path, compression, max)?
        .read_to_end(&mut out)
        .map_err(|e| match limits::is_too_large(&e) {
            Some(_) => e,
            None => io::Error::new(e.kind(), format!("cannot decompress: {e}")),
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_under_compression() {
        assert_eq!(
            format_of(b"feed.JSONL.gz"),
            ("jsonl".into(), Compression::Gzip)
        );
        assert_eq!(
            format_of(b"page.html.zst"),
            ("html".into(), Compression::Zstd)
        );
        assert_eq!(format_of(b"a.txt"), ("txt".into(), Compression::None));
        assert_eq!(format_of(b"archive.gz"), ("".into(), Compression::Gzip));
        assert_eq!(format_of(b"noext"), ("".into(), Compression::None));
    }

    #[test]
    fn gzip_members_and_zstd_round_trip() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("x.txt.gz");
        let mut bytes = Vec::new();
        for part in ["one ", "two"] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part.as_bytes()).unwrap();
            bytes.extend(e.finish().unwrap());
        }
        std::fs::write(&gz, bytes).unwrap();
        assert_eq!(read(&gz, Compression::Gzip).unwrap(), b"one two");
        let zst = dir.path().join("x.txt.zst");
        std::fs::write(&zst, zstd::encode_all(&b"three"[..], 3).unwrap()).unwrap();
        assert_eq!(read(&zst, Compression::Zstd).unwrap(), b"three");
        std::fs::write(&gz, b"not gzip").unwrap();
        assert!(read(&gz, Compression::Gzip).is_err());
    }
}
