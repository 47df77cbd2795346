//! The bounds every reader keeps, in one place: how many bytes a file may expand to, how
//! far it may compress, how long a line, record or field may be, how deep a page may nest,
//! how long and how much memory a PDF may take. A file past a bound is reported (skipped,
//! or read with a warning saying what was cut) and the run goes on. `docs/GUARANTEES.md`
//! lists the same numbers for users.

use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::article::Article;

const MIB: u64 = 1 << 20;

/// The most bytes a file read whole (every format but JSONL and WARC, which are streamed in
/// parts) may hold, after decompression.
pub const MAX_WHOLE_FILE: u64 = 256 * MIB;

/// The most bytes one JSONL line or one WARC record may hold.
pub const MAX_RECORD: u64 = 64 * MIB;

/// The highest ratio of decompressed to compressed bytes a `.gz`/`.zst` file, a zip member
/// or a PDF stream may reach once past [`RATIO_FLOOR`] bytes: text compresses 3–20 times,
/// a decompression bomb hundreds or thousands of times.
pub const MAX_RATIO: u64 = 200;

/// Output below this many bytes is never a bomb, whatever its ratio.
pub const RATIO_FLOOR: u64 = 16 * MIB;

/// The most bytes one part of a Word document (`word/document.xml`) may expand to.
pub const MAX_ZIP_MEMBER: u64 = 64 * MIB;

/// The most bytes of a Word document's properties (`docProps/core.xml`).
pub const MAX_ZIP_PROPERTIES: u64 = MIB;

/// The most bytes of article text kept: the rest is cut, with a warning.
pub const MAX_BODY: usize = 16 << 20;

pub use crate::extract::MAX_QUOTATION_TEXT;

/// The most bytes kept of each short field (title, author, source, url, id, one speaker).
pub const MAX_TITLE: usize = 2_000;
/// See [`MAX_TITLE`].
pub const MAX_AUTHOR: usize = 1_000;
/// See [`MAX_TITLE`].
pub const MAX_SOURCE: usize = 500;
/// See [`MAX_TITLE`].
pub const MAX_URL: usize = 4_096;
/// See [`MAX_TITLE`].
pub const MAX_ID: usize = 1_024;
/// The most bytes of one speaker's name, and the most speakers kept for one article.
pub const MAX_SPEAKER: usize = 200;
/// See [`MAX_SPEAKER`].
pub const MAX_SPEAKERS: usize = 1_000;

/// The deepest element nesting an HTML page is parsed at; a deeper page is read as text
/// with its tags taken out (HTML tree building slows with depth: 20,000 levels take
/// seconds, 200,000 minutes).
pub const MAX_HTML_DEPTH: usize = 1_000;

/// The most bytes one compressed stream of a PDF may inflate to.
pub const MAX_PDF_STREAM: u64 = 256 * MIB;

/// The most bytes of YAML front matter read; larger front matter is ignored with a warning.
pub const MAX_FRONT_MATTER: usize = 1 << 20;

/// The deepest nesting of YAML front matter read (the YAML parser slows sharply with depth).
pub const MAX_YAML_DEPTH: usize = 64;

/// How long reading one file (or one part of a JSONL or WARC file) should take at most; a
/// reader that takes longer is reported.
pub const FILE_SECONDS: u64 = 30;

/// How long the PDF reader may take on one file, in seconds.
pub const PDF_SECONDS: u64 = 30;

/// How much memory (address space) the PDF reader may use on one file.
pub const PDF_MEMORY: u64 = 1024 * MIB;

/// Megabytes, for messages.
pub fn mib(bytes: u64) -> String {
    if bytes >= 10 * MIB || bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

/// Counts the bytes read through it into a shared counter (the compressed side of a
/// decoder, for [`Bounded`]).
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    /// `inner`, counted into `count`.
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A decompressing reader that fails (`InvalidData`, saying why) once it has given more
/// than [`MAX_RATIO`] times the compressed bytes read (past [`RATIO_FLOOR`]), or more than
/// `max` bytes in all.
pub struct Bounded<R> {
    inner: R,
    compressed: Arc<AtomicU64>,
    out: u64,
    max: u64,
}

impl<R> Bounded<R> {
    /// `inner` decompresses what a [`Counting`] reader counts into `compressed`.
    pub fn new(inner: R, compressed: Arc<AtomicU64>, max: u64) -> Self {
        Bounded {
            inner,
            compressed,
            out: 0,
            max,
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        check_expansion(self.out, self.compressed.load(Ordering::Relaxed), self.max)?;
        Ok(n)
    }
}

/// An error when `out` bytes made from `compressed` bytes break a bound (`max` in all, or
/// [`MAX_RATIO`]).
pub fn check_expansion(out: u64, compressed: u64, max: u64) -> io::Result<()> {
    if out > max {
        return Err(too_large(format!("larger than {} (the limit)", mib(max))));
    }
    if out > RATIO_FLOOR && out > compressed.max(1).saturating_mul(MAX_RATIO) {
        return Err(too_large(format!(
            "a decompression bomb: {} from {} (more than {MAX_RATIO} to 1)",
            mib(out),
            mib(compressed)
        )));
    }
    Ok(())
}

/// The message prefix that marks an I/O error as a broken bound (see [`is_too_large`]).
const TOO_LARGE: &str = "too large: ";

/// An I/O error that marks a broken bound, with its message.
pub fn too_large(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("{TOO_LARGE}{message}"))
}

/// Whether an I/O error is a broken bound, and its message without the marker.
pub fn is_too_large(error: &io::Error) -> Option<String> {
    error
        .to_string()
        .strip_prefix(TOO_LARGE)
        .map(str::to_string)
}

pub use crate::extract::prefix;

/// Cuts `text` to at most `max` bytes, at a character boundary; says so in `warnings`.
fn cut(text: &mut String, max: usize, name: &str, warnings: &mut Vec<String>) {
    if text.len() <= max {
        return;
    }
    let was = text.len();
    let keep = prefix(text, max).len();
    text.truncate(keep);
    warnings.push(format!(
        "'{name}' is {} bytes long: cut to its first {keep} (the limit is {max})",
        was
    ));
}

/// Cuts an article's body to [`MAX_BODY`] bytes (before extraction, which reads it all).
pub fn cap_body(article: &mut Article, warnings: &mut Vec<String>) {
    if article.body.len() > MAX_BODY {
        let was = article.body.len() as u64;
        let keep = prefix(&article.body, MAX_BODY).len();
        article.body.truncate(keep);
        article.body.shrink_to_fit();
        warnings.push(format!(
            "the text is {}: only its first {} is indexed",
            mib(was),
            mib(MAX_BODY as u64)
        ));
    }
    if article.body.len() > MAX_QUOTATION_TEXT {
        warnings.push(format!(
            "the text is {}: quotations are looked for in its first {} only",
            mib(article.body.len() as u64),
            mib(MAX_QUOTATION_TEXT as u64)
        ));
    }
}

/// Cuts every short field of an article to its bound, saying which in `warnings`.
pub fn cap_fields(article: &mut Article, warnings: &mut Vec<String>) {
    cut(&mut article.title, MAX_TITLE, "title", warnings);
    cut(&mut article.author, MAX_AUTHOR, "author", warnings);
    cut(&mut article.source, MAX_SOURCE, "source", warnings);
    cut(&mut article.url, MAX_URL, "url", warnings);
    cut(&mut article.id, MAX_ID, "id", warnings);
    if article.speakers.len() > MAX_SPEAKERS {
        warnings.push(format!(
            "{} speakers: only the first {MAX_SPEAKERS} are kept",
            article.speakers.len()
        ));
        article.speakers.truncate(MAX_SPEAKERS);
    }
    let mut long = 0;
    for speaker in &mut article.speakers {
        if speaker.len() > MAX_SPEAKER {
            long += 1;
            let keep = prefix(speaker, MAX_SPEAKER).len();
            speaker.truncate(keep);
        }
    }
    if long > 0 {
        warnings.push(format!(
            "{long} speaker name(s) longer than {MAX_SPEAKER} bytes: cut"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_cut_on_character_boundaries_with_warnings() {
        let mut a = Article {
            title: "é".repeat(MAX_TITLE),
            author: "Ana".into(),
            body: "x".repeat(MAX_BODY + 10),
            ..Article::default()
        };
        let mut warnings = Vec::new();
        cap_body(&mut a, &mut warnings);
        cap_fields(&mut a, &mut warnings);
        assert_eq!(a.title.len(), MAX_TITLE);
        assert_eq!(a.body.len(), MAX_BODY);
        assert_eq!(a.author, "Ana");
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[2].contains("'title'"), "{warnings:?}");
    }

    #[test]
    fn bounded_reader_stops_bombs_not_text() {
        let text = vec![b'a'; 40 << 20];
        let packed = zstd::encode_all(&text[..], 3).unwrap();
        let count = Arc::new(AtomicU64::new(0));
        let decoder = zstd::stream::read::Decoder::new(Counting::new(&packed[..], count.clone()));
        let mut out = Vec::new();
        let err = Bounded::new(decoder.unwrap(), count, u64::MAX)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(is_too_large(&err).unwrap().contains("bomb"), "{err}");
        // Ordinary text, well compressed, is read whole.
        let words: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("word{} ", i.wrapping_mul(2_654_435_761) % 50_000).into_bytes())
            .collect();
        let packed = zstd::encode_all(&words[..], 19).unwrap();
        let count = Arc::new(AtomicU64::new(0));
        let decoder = zstd::stream::read::Decoder::new(Counting::new(&packed[..], count.clone()));
        let mut out = Vec::new();
        Bounded::new(decoder.unwrap(), count, u64::MAX)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, words);
    }
}
