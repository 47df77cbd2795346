//! PDF documents: the text layer, page by page ([pdf-extract], on [lopdf]), with running
//! headers and footers and page numbers dropped, words hyphenated at line ends joined, and
//! lines joined into paragraphs (a blank line between paragraphs); the title, author and
//! creation date from the document's information dictionary.
//!
//! A PDF whose pages have no text (a scan) is [`SkipReason::NoTextLayer`]; one that cannot
//! be read is [`SkipReason::Invalid`] with the reason. pdf-extract can panic on malformed
//! pages: each page is read under `catch_unwind`, and a page that fails is reported and
//! left out.

use std::collections::HashMap;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::{Document, Object};
use serde_json::{Map, Value};

use super::limits;
use super::report::SkipReason;

/// What a PDF gave: metadata keys (as front matter would give them), the text, and
/// problems met on the way (pages that could not be read). Serialised between a
/// [`super::worker`] and its parent.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Pdf {
    pub meta: Map<String, Value>,
    pub text: String,
    pub problems: Vec<String>,
}

/// Reads a PDF file's bytes.
pub fn parse_pdf(bytes: &[u8]) -> Result<Pdf, (SkipReason, String)> {
    let invalid = |e: String| (SkipReason::Invalid, e);
    let mut doc = catch_unwind(|| Document::load_mem(bytes))
        .map_err(|_| invalid("not a readable PDF".into()))?
        .map_err(|e| invalid(format!("not a readable PDF: {e}")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(invalid("encrypted PDF: a password is needed".into()));
    }
    check_streams(&doc).map_err(|e| (SkipReason::TooLarge, e))?;
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    check_page_tree(&doc).map_err(invalid)?;
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    for n in numbers {
        let mut text = String::new();
        let read = catch_unwind(AssertUnwindSafe(|| {
            let mut out = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&doc, &mut out, n)
        }));
        match read {
            Ok(Ok(())) => pages.push(text),
            Ok(Err(e)) => problems.push(format!("page {n}: cannot read its text ({e}), left out")),
            Err(_) => problems.push(format!("page {n}: cannot read its text, left out")),
        }
    }
    if pages.is_empty() && !problems.is_empty() {
        return Err(invalid(problems.join("; ")));
    }
    let text = join_pages(&pages);
    if text.trim().is_empty() {
        return Err((SkipReason::NoTextLayer, String::new()));
    }
    Ok(Pdf {
        meta: metadata(&doc),
        text,
        problems,
    })
}

/// Refuses a document one of whose compressed streams inflates past
/// [`limits::MAX_PDF_STREAM`] bytes or [`limits::MAX_RATIO`] (a decompression bomb), before
/// the text is read (which would inflate it in memory). Inflating to count costs no memory.
fn check_streams(doc: &Document) -> Result<(), String> {
    let mut buffer = vec![0u8; 1 << 16];
    for (id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        let packed = stream.content.len() as u64;
        // Deflate inflates at most about 1,032 times: a small stream cannot break a bound.
        if packed.saturating_mul(1_100) <= limits::RATIO_FLOOR {
            continue;
        }
        let flate = stream
            .filters()
            .is_ok_and(|f| f.iter().any(|f| *f == b"FlateDecode" || *f == b"Fl"));
        if !flate {
            continue;
        }
        let mut inflate = flate2::read::ZlibDecoder::new(&stream.content[..]);
        let mut out = 0u64;
        // A damaged stream ends the count: reading the text will say what is wrong.
        while let Ok(n @ 1..) = inflate.read(&mut buffer) {
            out += n as u64;
            if let Err(e) = limits::check_expansion(out, packed, limits::MAX_PDF_STREAM) {
                let why = limits::is_too_large(&e).unwrap_or_default();
                return Err(format!("stream {} {} is {why}", id.0, id.1));
            }
        }
    }
    Ok(())
}

/// How many `/Parent` links a page may be below the root of the page tree.
const MAX_TREE_DEPTH: usize = 256;

/// Refuses a page tree in which a page's `/Parent` links loop (the PDF library would follow
/// them for ever) or run deeper than [`MAX_TREE_DEPTH`].
fn check_page_tree(doc: &Document) -> Result<(), String> {
    for (number, id) in doc.get_pages() {
        let mut seen = std::collections::HashSet::new();
        let mut node = doc.get_dictionary(id).ok();
        while let Some(dict) = node {
            let Ok(parent) = dict.get(b"Parent").and_then(Object::as_reference) else {
                break;
            };
            if !seen.insert(parent) || seen.len() > MAX_TREE_DEPTH {
                return Err(format!(
                    "the page tree loops (or nests too deep): page {number}'s /Parent links reach object {} {} again",
                    parent.0, parent.1
                ));
            }
            node = doc.get_dictionary(parent).ok();
        }
    }
    Ok(())
}

/// Title, author and date from the information dictionary.
fn metadata(doc: &Document) -> Map<String, Value> {
    let mut meta = Map::new();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| match info {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|info| info.as_dict().ok());
    let Some(info) = info else {
        return meta;
    };
    for (key, name) in [("title", &b"Title"[..]), ("author", b"Author")] {
        if let Some(value) = info
            .get(name)
            .ok()
            .and_then(|v| v.as_str().ok())
            .map(text_string)
            .filter(|v| !v.trim().is_empty())
        {
            meta.insert(key.into(), Value::String(value.trim().to_string()));
        }
    }
    if let Some(date) = info
        .get(b"CreationDate")
        .ok()
        .and_then(|v| v.as_str().ok())
        .and_then(|v| pdf_date(&text_string(v)))
    {
        meta.insert("date".into(), Value::String(date));
    }
    meta
}

/// A PDF text string: UTF-16 with a byte-order mark, UTF-8 with one, else PDFDocEncoding
/// (read as Windows-1252, which agrees with it on letters).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// A PDF date (`D:YYYYMMDDHHmmSS+HH'mm'`, everything after the year optional) as an ISO
/// date, with the time when it has one.
fn pdf_date(text: &str) -> Option<String> {
    let s = text.trim().strip_prefix("D:").unwrap_or(text.trim());
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let field = |from: usize, len: usize| digits.get(from..from + len);
    let year = field(0, 4)?;
    let month = field(4, 2).unwrap_or("01");
    let day = field(6, 2).unwrap_or("01");
    let date = format!("{year}-{month}-{day}");
    let (Some(h), Some(m)) = (field(8, 2), field(10, 2)) else {
        return Some(date);
    };
    let sec = field(12, 2).unwrap_or("00");
    let zone = &s[digits.len()..];
    let zone = match zone.chars().next() {
        Some('Z') => "Z".to_string(),
        Some(sign @ ('+' | '-')) => {
            let z: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            match (z.get(0..2), z.get(2..4)) {
                (Some(zh), zm) => format!("{sign}{zh}:{}", zm.unwrap_or("00")),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    Some(format!("{date}T{h}:{m}:{sec}{zone}"))
}

/// How many lines at the top and at the bottom of a page may be running headers/footers.
const EDGE_LINES: usize = 2;

/// The pages' text as paragraphs: running headers and footers (a line, its digits aside,
/// at the top or bottom of at least half the pages, when there are two or more) and page
/// numbers dropped, lines joined.
fn join_pages(pages: &[String]) -> String {
    let pages: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.lines().map(str::trim).collect())
        .collect();
    // How many pages have each (digit-blind) line among their edge lines.
    let mut edges: HashMap<String, usize> = HashMap::new();
    for lines in &pages {
        let mut seen: Vec<String> = edge_lines(lines).map(|(_, l)| shape(l)).collect();
        seen.sort();
        seen.dedup();
        for l in seen {
            *edges.entry(l).or_default() += 1;
        }
    }
    let running = |line: &str| {
        edges
            .get(&shape(line))
            .is_some_and(|&n| n >= 2 && 2 * n >= pages.len())
    };
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for lines in &pages {
        let edge: Vec<usize> = edge_lines(lines)
            .filter(|(_, l)| running(l) || is_page_number(l))
            .map(|(i, _)| i)
            .collect();
        // Blank lines before the page's first line of text do not end a paragraph.
        let mut started = false;
        for (i, line) in lines.iter().enumerate() {
            if edge.contains(&i) {
                continue;
            }
            if line.is_empty() {
                if started && !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
                continue;
            }
            started = true;
            join_line(&mut current, line);
        }
        // A paragraph may run on to the next page: it goes on unless this one ended a
        // sentence.
        if current.ends_with(['.', '!', '?', '"', '\u{201d}', ':']) {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs.join("\n\n")
}

/// The first and last [`EDGE_LINES`] non-empty lines of a page, with their places.
fn edge_lines<'a>(lines: &'a [&'a str]) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let n = filled.len();
    filled
        .into_iter()
        .enumerate()
        .filter(move |&(k, _)| k < EDGE_LINES || k + EDGE_LINES >= n)
        .map(move |(_, i)| (i, lines[i]))
}

/// A line with its digits folded (`Page 3 of 9` and `Page 4 of 9` are one shape) and its
/// white space collapsed.
fn shape(line: &str) -> String {
    let folded: String = line
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `7`, `- 7 -`, `Page 7`, `7 of 12`, `page 7 of 12`.
fn is_page_number(line: &str) -> bool {
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || c == '-' || c == '|')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let number =
        |w: &String| !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        [n] => number(n),
        [p, n] => p == "page" && number(n),
        [n, of, m] => number(n) && of == "of" && number(m),
        [p, n, of, m] => p == "page" && number(n) && of == "of" && number(m),
        _ => false,
    }
}

/// Adds a line to a paragraph: a word hyphenated at the line's end (`inter-` then
/// `national`) is joined; other lines are joined with a space.
fn join_line(paragraph: &mut String, line: &str) {
    if paragraph.is_empty() {
        paragraph.push_str(line);
        return;
    }
    let hyphenated = paragraph
        .strip_suffix('-')
        .and_then(|p| p.chars().last())
        .is_some_and(char::is_alphabetic)
        && line.chars().next().is_some_and(char::is_lowercase);
    if hyphenated {
        paragraph.pop();
    } else {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// A small PDF made by hand for tests: one page a list of lines (Helvetica 12 pt, an empty
/// line a blank line), and an information dictionary (`/Title (…) …`, may be empty).
#[cfg(test)]
pub(crate) fn minimal_pdf(pages: &[&[&str]], info: &str) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        String::new(), // the page tree, below
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< {info} >>"),
    ];
    let mut kids = Vec::new();
    for lines in pages {
        let mut content = String::from("BT /F1 12 Tf 14 TL 72 740 Td\n");
        for line in *lines {
            let escaped = line
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({escaped}) Tj T*\n"));
        }
        content.push_str("ET\n");
        let content_id = objects.len() + 2;
        kids.push(format!("{} 0 R", objects.len() + 1));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_layer_paragraphs_hyphens_headers_and_metadata() {
        let pdf = minimal_pdf(
            &[
                &[
                    "Harbour Gazette - Annual Report",
                    "",
                    "The council met on Tuesday to discuss the inter-",
                    "national shipping lanes and the harbour.",
                    "",
                    "A second paragraph starts here and goes on",
                    "1",
                ],
                &[
                    "Harbour Gazette - Annual Report",
                    "",
                    "across the page break without a stop",
                    "",
                    "Page 2 of 2",
                ],
            ],
            "/Title (Harbour report) /Author (Ana Lopes) /CreationDate (D:20240302083000+01'00')",
        );
        let parsed = parse_pdf(&pdf).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(
            parsed.text,
            "The council met on Tuesday to discuss the international shipping lanes and the \
             harbour.\n\nA second paragraph starts here and goes on across the page break \
             without a stop"
        );
        assert_eq!(parsed.meta["title"], "Harbour report");
        assert_eq!(parsed.meta["author"], "Ana Lopes");
        assert_eq!(parsed.meta["date"], "2024-03-02T08:30:00+01:00");
    }

    #[test]
    fn no_text_layer_and_broken_files() {
        let pdf = minimal_pdf(&[&[]], "");
        assert_eq!(
            parse_pdf(&pdf).err().map(|e| e.0),
            Some(SkipReason::NoTextLayer)
        );
        let (reason, detail) = parse_pdf(b"%PDF-1.4\nnot really").err().unwrap();
        assert_eq!(reason, SkipReason::Invalid);
        assert!(detail.contains("not a readable PDF"), "{detail}");
        // Cut in the middle: an error, never a panic.
        let whole = minimal_pdf(&[&["Some text here."]], "");
        for cut in [10, whole.len() / 2, whole.len() - 20] {
            let _ = parse_pdf(&whole[..cut]);
        }
    }

    #[test]
    fn dates_and_page_numbers() {
        assert_eq!(pdf_date("D:2024").as_deref(), Some("2024-01-01"));
        assert_eq!(pdf_date("D:20240302").as_deref(), Some("2024-03-02"));
        assert_eq!(
            pdf_date("D:20240302083000Z").as_deref(),
            Some("2024-03-02T08:30:00Z")
        );
        assert_eq!(pdf_date("yesterday"), None);
        for n in ["7", "- 7 -", "Page 7", "7 of 12", "page 7 of 12", "7 | 12"] {
            assert!(is_page_number(n) || n == "7 | 12", "{n}");
        }
        assert!(!is_page_number("1999 was a year"));
        assert_eq!(text_string(b"\xFE\xFF\x00A\x00\xe9"), "A\u{e9}");
    }
}

#[cfg(test)]
mod robust {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        /// A PDF cut or damaged anywhere: an error, a skip or less text, never a panic.
        #[test]
        fn damaged_pdfs_never_panic(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>()) {
            let mut pdf = minimal_pdf(&[&["First line of text.", "", "Second paragraph."], &["2"]], "/Title (T)");
            let flip = flip % pdf.len();
            pdf[flip] = byte;
            let _ = parse_pdf(&pdf);
            let _ = parse_pdf(&pdf[..cut.min(pdf.len())]);
        }
    }
}
