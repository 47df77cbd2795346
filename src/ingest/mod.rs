//! Ingest: from files on disk to [`Article`]s. [`walk::walk`] finds the files, [`read_file`]
//! reads one (decoding, format dispatch, metadata, extraction) into articles or a skip reason,
//! [`pipeline`] reads many on every core, and [`report`] holds what is reported besides
//! articles (skipped files, problems inside files, the observer that hears of them).

mod compressed;
mod docx;
mod format;
mod fstat;
mod html;
mod json;
pub mod limits;
mod parts;
mod pdf;
mod pipeline;
mod record;
mod report;
mod text;
mod walk;
mod warc;
pub mod worker;

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::article::Article;
use crate::extract;
use format::Format;

/// Every file extension dossier reads (each also under `.gz` and `.zst`), for help texts.
pub fn extensions() -> impl Iterator<Item = &'static str> {
    format::FORMATS.iter().map(|(ext, _)| *ext)
}
pub use pipeline::{read_all, read_files, Piece};
pub use report::{FileProblem, Observer, Problem, Silent, SkipReason, Skipped};
pub use text::split_front_matter;
pub use walk::{default_label, walk, walk_with, FileEntry, Links, Walk};

/// What reading one file gave.
#[derive(Debug, Default)]
pub struct ParsedFile {
    /// The articles, complete with extracted metadata and quotations.
    pub articles: Vec<Article>,
    /// Things the user should know: dropped fields, bad JSONL lines.
    pub problems: Vec<Problem>,
    /// Set when the file gave no article at all, with the reason.
    pub skipped: Option<(SkipReason, String)>,
}

impl ParsedFile {
    /// The file gave no article, for this reason (an empty container).
    fn with_skip(mut self, detail: &str) -> Self {
        self.skipped = Some((SkipReason::Empty, detail.to_string()));
        self
    }
}

/// How many leading bytes are checked for NUL bytes to tell binary files.
const BINARY_SNIFF: usize = 8192;

/// Reads, decodes and parses one file found by the walk. A bug in a parser costs only the
/// file it struck: it is skipped with the reason, and the run goes on.
pub fn read_file(entry: &FileEntry) -> ParsedFile {
    guarded(|| read_file_unguarded(entry))
}

/// Decodes and parses one part of a line-format file (see [`parts`]), guarded as
/// [`read_file`] is.
pub fn read_part(entry: &FileEntry, part: &parts::Part) -> ParsedFile {
    let (ext, _) = compressed::format_of_path(&entry.abs);
    guarded(|| {
        if Format::of_ext(ext.as_bytes()) == Some(Format::Warc) {
            return warc::parse_records(&part.bytes, part.first_line, &entry.rel, &entry.folder);
        }
        match decode(&part.bytes) {
            Ok(text) => parse_lines(&text, part.first_line, &entry.rel, &entry.folder),
            Err(reason) => skip(reason, String::new()),
        }
    })
}

/// Runs a parser; a panic in it becomes a skip with the reason.
fn guarded(parse: impl FnOnce() -> ParsedFile + std::panic::UnwindSafe) -> ParsedFile {
    std::panic::catch_unwind(parse).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        skip(
            SkipReason::Internal,
            format!("internal error while parsing ({message}) — please report it"),
        )
    })
}

fn read_file_unguarded(entry: &FileEntry) -> ParsedFile {
    let (ext, compression) = compressed::format_of_path(&entry.abs);
    let bytes = match compressed::read(&entry.abs, compression) {
        Ok(b) => b,
        Err(e) if limits::is_too_large(&e).is_some() => {
            return skip(
                SkipReason::TooLarge,
                limits::is_too_large(&e).unwrap_or_default(),
            )
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::InvalidData
                || compression != compressed::Compression::None =>
        {
            return skip(SkipReason::Invalid, e.to_string())
        }
        Err(e) => return skip(SkipReason::Unreadable, e.to_string()),
    };
    match Format::of_ext(ext.as_bytes()) {
        Some(Format::Pdf) => {
            let pdf = worker::parse_pdf(&bytes).map(|p| (p.meta, p.text, p.problems));
            return document(pdf, "pdf", &entry.rel, &entry.folder);
        }
        Some(Format::Docx) => {
            let docx = docx::parse_docx(&bytes).map(|d| (d.meta, d.text, d.problems));
            return document(docx, "docx", &entry.rel, &entry.folder);
        }
        Some(Format::Warc) => return warc::parse_records(&bytes, 1, &entry.rel, &entry.folder),
        _ => {}
    }
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(reason) => return skip(reason, String::new()),
    };
    parse(&text, &ext, &entry.rel, &entry.folder)
}

/// Reads bytes that came without a file name (standard input). A PDF (`%PDF-`), a Word
/// document (a zip archive) and a WARC file (`WARC/`) are told by their first bytes; text
/// by its first character: `<` HTML, `[` a JSON array, `{` JSON (one object) or JSONL
/// (several lines of objects), anything else text with optional front matter.
pub fn read_bytes(bytes: &[u8], name: &str) -> ParsedFile {
    guarded(|| {
        if bytes.starts_with(b"%PDF-") {
            let pdf = worker::parse_pdf(bytes).map(|p| (p.meta, p.text, p.problems));
            return document(pdf, "pdf", name, name);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            let docx = docx::parse_docx(bytes).map(|d| (d.meta, d.text, d.problems));
            return document(docx, "docx", name, name);
        }
        if bytes.starts_with(b"WARC/") {
            return warc::parse_records(bytes, 1, name, name);
        }
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(reason) => return skip(reason, String::new()),
        };
        let trimmed = text.trim_start();
        let ext = match trimmed.chars().next() {
            Some('<') => "html",
            Some('[') => "json",
            Some('{')
                if trimmed
                    .trim_end()
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .count()
                    > 1
                    && trimmed
                        .lines()
                        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('{')) =>
            {
                "jsonl"
            }
            Some('{') => "json",
            _ => "txt",
        };
        parse(&text, ext, name, name)
    })
}

/// One article from a document format's parser (PDF, DOCX): its metadata, text and
/// problems, or why it gave none.
type Document = Result<(Map<String, Value>, String, Vec<String>), (SkipReason, String)>;

fn document(parsed: Document, ext: &str, rel: &str, folder: &str) -> ParsedFile {
    match parsed {
        Ok((meta, text, problems)) => {
            let out = ParsedFile {
                problems: problems
                    .into_iter()
                    .map(|p| Problem::new(None, p))
                    .collect(),
                ..ParsedFile::default()
            };
            finish(vec![(None, meta, text)], ext, rel, folder, out)
        }
        Err((reason, detail)) => skip(reason, detail),
    }
}

fn skip(reason: SkipReason, detail: String) -> ParsedFile {
    ParsedFile {
        skipped: Some((reason, detail)),
        ..ParsedFile::default()
    }
}

/// Decodes file bytes: UTF-16 (little or big endian) when a byte-order mark says so, else
/// UTF-8 (BOM dropped), else Windows-1252 (a superset of Latin-1's printable range). Empty
/// or whitespace-only files and files with NUL bytes are refused.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, SkipReason> {
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, _) = encoding.decode_without_bom_handling(rest);
            if text.trim().is_empty() {
                return Err(SkipReason::Empty);
            }
            if text.contains('\0') {
                return Err(SkipReason::Binary);
            }
            return Ok(Cow::Owned(text.into_owned()));
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return Err(SkipReason::Binary);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

/// Whether files with this extension hold many articles (and are read in parts).
pub fn is_container(ext: &str) -> bool {
    Format::of_ext(ext.as_bytes()).is_some_and(Format::is_container)
}

/// Parses lines of a JSONL file, the first of which is line `first_line`, into complete
/// articles: big files are read and parsed in parts, in parallel.
pub fn parse_lines(text: &str, first_line: usize, rel: &str, folder: &str) -> ParsedFile {
    let mut out = ParsedFile::default();
    let records = json::parse_jsonl(text, first_line, &mut out.problems);
    finish(with_bodies(records), "jsonl", rel, folder, out)
}

fn with_bodies(records: Vec<json::Record>) -> Vec<(Option<usize>, Map<String, Value>, String)> {
    records
        .into_iter()
        .map(|r| {
            let body = record::body(&r.fields).unwrap_or("").to_string();
            (r.ordinal, r.fields, body)
        })
        .collect()
}

/// Parses decoded text in the format named by `ext` into complete articles.
/// `rel` is the file's path (its root's label, then the path below the root), `folder` the
/// default source.
pub fn parse(text: &str, ext: &str, rel: &str, folder: &str) -> ParsedFile {
    let mut out = ParsedFile::default();
    let records: Vec<(Option<usize>, Map<String, Value>, String)> = match ext {
        "json" => match json::parse_json(text, &mut out.problems) {
            Ok(r) => with_bodies(r),
            Err(reason) => return skip(SkipReason::Invalid, reason),
        },
        "jsonl" | "ndjson" => return parse_lines(text, 1, rel, folder),
        "html" | "htm" => {
            if let Some(warning) = html::too_deep(text) {
                out.problems.push(Problem::new(None, warning));
            }
            let (meta, body) = html::parse_html(text);
            vec![(None, meta, body)]
        }
        _ => {
            let split = text::split_front_matter(text);
            out.problems
                .extend(split.warning.map(|w| Problem::new(None, w)));
            vec![(None, split.meta, split.body.to_string())]
        }
    };
    finish(records, ext, rel, folder, out)
}

/// Turns metadata records with their bodies into complete articles, added to `out`.
pub(crate) fn finish(
    records: Vec<(Option<usize>, Map<String, Value>, String)>,
    ext: &str,
    rel: &str,
    folder: &str,
    mut out: ParsedFile,
) -> ParsedFile {
    let many = records.len() > 1 || is_container(ext);
    // One clock reading for the file: a date is plausible up to a day after it.
    let today = chrono::Utc::now().date_naive();
    for (ordinal, fields, body) in records {
        let mut article = Article {
            body,
            ..Article::default()
        };
        let mut warnings = Vec::new();
        record::apply(&fields, &mut article, &mut warnings);
        limits::cap_body(&mut article, &mut warnings);
        limits::cap_fields(&mut article, &mut warnings);
        // JSONL problems carry their line; JSON array items and WARC records say which.
        let line = ordinal.filter(|_| !matches!(ext, "json" | "warc"));
        let item = match ordinal {
            Some(n) if ext == "json" => format!("item {n}: "),
            Some(n) if ext == "warc" => format!("record {n}: "),
            _ => String::new(),
        };
        // A record (JSON) is an article only with text under a known key: one whose text
        // is elsewhere is reported with its keys, never indexed empty in silence.
        // A record whose text key is there but empty is a headline-only article (wire
        // services send those), kept when it has a title.
        let record = matches!(ext, "json" | "jsonl" | "ndjson");
        let no_text_key = record && !record::has_text_key(&fields);
        if article.body.trim().is_empty() && (no_text_key || article.title.is_empty()) {
            let message = if no_text_key {
                format!(
                    "{item}no article text (keys: {}), skipped — the text is read from {}",
                    record::keys(&fields),
                    record::BODY_KEYS.join(", ")
                )
            } else {
                format!("{item}no article text, skipped")
            };
            out.problems.push(Problem::dropped(line, message));
            continue;
        }
        for w in warnings {
            out.problems.push(Problem::new(line, format!("{item}{w}")));
        }
        if article.id.is_empty() {
            article.id = match ordinal {
                Some(n) if many || ext == "json" => format!("{rel}#{n}"),
                _ => rel.to_string(),
            };
        }
        article.path = rel.to_string();
        if article.source.is_empty() {
            article.source = folder.to_string();
        }
        // A date that cannot be one is dropped before extraction, which may find the real one.
        let mut warnings = Vec::new();
        drop_implausible_date(&mut article, today, &mut warnings);
        extract::complete(&mut article);
        drop_implausible_date(&mut article, today, &mut warnings);
        // What extraction found (a headline line, a byline) is bounded too.
        limits::cap_fields(&mut article, &mut warnings);
        for w in warnings {
            out.problems.push(Problem::new(line, format!("{item}{w}")));
        }
        out.articles.push(article);
    }
    if out.articles.is_empty() && out.skipped.is_none() {
        out.skipped = Some((
            SkipReason::Empty,
            out.problems
                .last()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ));
    }
    out
}

/// Drops an article's date when it cannot be one (before 1800, or more than a day in the
/// future), saying so in `warnings`: a placeholder such as `0001-01-01` is no date.
fn drop_implausible_date(
    article: &mut Article,
    today: chrono::NaiveDate,
    warnings: &mut Vec<String>,
) {
    if let Some(date) = article
        .date
        .filter(|&d| !extract::dates::plausible(d, today))
    {
        warnings.push(format!(
            "date {date} is no date (before 1800 or more than a day in the future): dropped"
        ));
        article.date = None;
        article.date_source = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_utf8_cp1252_binary_empty() {
        assert_eq!(decode("héllo".as_bytes()).unwrap(), "héllo");
        assert_eq!(decode(b"\xEF\xBB\xBFbom").unwrap(), "bom");
        assert_eq!(
            decode(b"pi\xF1ata \x93q\x94").unwrap(),
            "piñata \u{201c}q\u{201d}"
        );
        assert_eq!(decode(b"ab\0cd"), Err(SkipReason::Binary));
        // UTF-16 with a byte-order mark, as Windows exports write it.
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Café “q”".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), "Café “q”");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Café".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).unwrap(), "Café");
        assert_eq!(decode(b"  \n\t"), Err(SkipReason::Empty));
    }

    #[test]
    fn text_with_front_matter() {
        let p = parse(
            "---\ntitle: Hi\nsource: Wire\ndate: nope\n---\nBody text.",
            "md",
            "a/b.md",
            "a",
        );
        let a = &p.articles[0];
        assert_eq!((a.id.as_str(), a.path.as_str()), ("a/b.md", "a/b.md"));
        assert_eq!(a.title, "Hi");
        assert_eq!(a.source, "Wire");
        assert_eq!(a.date, None);
        assert_eq!(a.body, "Body text.");
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].message.contains("'date'"));
    }

    #[test]
    fn source_falls_back_to_folder() {
        let p = parse("Headline\n\nBody.", "txt", "wire/x.txt", "wire");
        assert_eq!(p.articles[0].source, "wire");
        assert_eq!(p.articles[0].title, "Headline");
    }

    #[test]
    fn jsonl_ids_and_problems() {
        let p = parse(
            "{\"title\":\"a\",\"body\":\"x\"}\n{bad\n{\"id\":\"k\",\"text\":\"y\"}\n{\"nobody\":1}\n",
            "jsonl",
            "f.jsonl",
            "",
        );
        let ids: Vec<_> = p.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["f.jsonl#1", "k"]);
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        assert!(p.skipped.is_none());
    }

    #[test]
    fn truncated_json_is_skipped_with_reason() {
        let p = parse("[{\"body\": \"x\"", "json", "t.json", "");
        let (reason, detail) = p.skipped.unwrap();
        assert_eq!(reason, SkipReason::Invalid);
        assert!(detail.contains("invalid JSON"));
    }
}
