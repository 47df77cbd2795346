//! Word documents (`.docx`, Office Open XML): the body's paragraphs (`word/document.xml`, a
//! blank line between paragraphs; deleted revisions, headers and footers left out) and the
//! title, author and date from the document properties (`docProps/core.xml`: `dc:title`,
//! `dc:creator`, `dcterms:created`, else `dcterms:modified`).

use std::io::{Cursor, Read};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::report::SkipReason;

use super::limits::{self, Bounded};

/// What a Word document gave: metadata keys (as front matter would give them), text, and
/// problems met on the way.
pub struct Docx {
    pub meta: Map<String, Value>,
    pub text: String,
    pub problems: Vec<String>,
}

/// Reads a `.docx` file's bytes. Its parts are read up to a bound each (see
/// [`limits::MAX_ZIP_MEMBER`], [`limits::MAX_ZIP_PROPERTIES`], [`limits::MAX_RATIO`]): a
/// text part past it is a skip ([`SkipReason::TooLarge`]), a properties part past it a
/// problem (the metadata is left out).
pub fn parse_docx(bytes: &[u8]) -> Result<Docx, (SkipReason, String)> {
    let invalid = |e: String| (SkipReason::Invalid, e);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("not a Word document (not a zip archive: {e})")))?;
    let document = match part(&mut zip, "word/document.xml", limits::MAX_ZIP_MEMBER) {
        Ok(Some(document)) => document,
        Ok(None) => return Err(invalid("not a Word document (no word/document.xml)".into())),
        Err(too_large) => return Err((SkipReason::TooLarge, too_large)),
    };
    let text = paragraphs(&document).map_err(|e| invalid(format!("word/document.xml: {e}")))?;
    drop(document);
    if text.trim().is_empty() {
        return Err((SkipReason::Empty, "the document has no text".into()));
    }
    let mut problems = Vec::new();
    let meta = match part(&mut zip, "docProps/core.xml", limits::MAX_ZIP_PROPERTIES) {
        Ok(core) => core.and_then(|core| properties(&core).ok()),
        Err(too_large) => {
            problems.push(format!(
                "{too_large}: its title, author and date are left out"
            ));
            None
        }
    };
    Ok(Docx {
        meta: meta.unwrap_or_default(),
        text,
        problems,
    })
}

/// One part of the archive as text, if it is there and readable; an error (the message)
/// when it expands past `max` bytes or [`limits::MAX_RATIO`].
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    max: u64,
) -> Result<Option<String>, String> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let packed = Arc::new(AtomicU64::new(file.compressed_size()));
    let mut out = Vec::new();
    if let Err(e) = Bounded::new(file, packed, max).read_to_end(&mut out) {
        return match limits::is_too_large(&e) {
            Some(why) => Err(format!("{name} is {why}")),
            None => Ok(None),
        };
    }
    Ok(String::from_utf8(out).ok())
}

/// The text of `w:t` runs, paragraph by paragraph (`w:p`), tabs and line breaks as spaces.
fn paragraphs(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let p = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !p.is_empty() {
                        out.push(p);
                    }
                    paragraph.clear();
                }
                _ => {}
            },
            Event::Empty(e) if matches!(e.local_name().as_ref(), b"tab" | b"br" | b"cr") => {
                paragraph.push(' ')
            }
            Event::Text(t) if in_text => paragraph.push_str(&t.unescape()?),
            Event::CData(t) if in_text => paragraph.push_str(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.join("\n\n"))
}

/// Title, author and date from `docProps/core.xml`.
fn properties(xml: &str) -> Result<Map<String, Value>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut values: Vec<(String, String)> = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event()? {
            Event::Start(e) => {
                current = Some(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())
            }
            Event::Text(t) => {
                if let Some(name) = current.take() {
                    values.push((name, t.unescape()?.trim().to_string()));
                }
            }
            Event::End(_) => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    let get = |name: &str| {
        values
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| Value::String(v.clone()))
    };
    let mut meta = Map::new();
    for (key, value) in [
        ("title", get("title")),
        ("author", get("creator")),
        ("date", get("created").or_else(|| get("modified"))),
    ] {
        if let Some(v) = value {
            meta.insert(key.into(), v);
        }
    }
    Ok(meta)
}

/// A small `.docx` for tests: paragraphs and the core properties given.
#[cfg(test)]
pub(crate) fn minimal_docx(
    paragraphs: &[&str],
    title: &str,
    creator: &str,
    created: &str,
) -> Vec<u8> {
    use std::io::Write;
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
         </cp:coreProperties>"
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in [("word/document.xml", document), ("docProps/core.xml", core)] {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_properties() {
        let docx = minimal_docx(
            &[
                "First paragraph, &quot;quoted&quot; &amp; more.",
                "",
                "Second   one.",
            ],
            "Harbour memo",
            "Ana Lopes",
            "2024-03-02T08:30:00Z",
        );
        let parsed = parse_docx(&docx).unwrap();
        assert_eq!(
            parsed.text,
            "First paragraph, \"quoted\" & more.\n\nSecond one."
        );
        assert_eq!(parsed.meta["title"], "Harbour memo");
        assert_eq!(parsed.meta["author"], "Ana Lopes");
        assert_eq!(parsed.meta["date"], "2024-03-02T08:30:00Z");
    }

    #[test]
    fn runs_tabs_breaks_and_deleted_text() {
        let xml = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Split</w:t></w:r><w:r><w:t>word</w:t><w:tab/><w:t>after tab</w:t><w:br/><w:t>line</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p></w:body></w:document>"#;
        assert_eq!(paragraphs(xml).unwrap(), "Splitword after tab line");
    }

    #[test]
    fn not_a_word_document() {
        let (reason, detail) = parse_docx(b"PK\x03\x04 not really").err().unwrap();
        assert_eq!(reason, SkipReason::Invalid);
        assert!(detail.contains("not a Word document"), "{detail}");
        let empty = minimal_docx(&[], "", "", "");
        assert_eq!(
            parse_docx(&empty).err().map(|e| e.0),
            Some(SkipReason::Empty)
        );
    }
}

#[cfg(test)]
mod robust {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        /// A document cut or damaged anywhere: an error or less text, never a panic.
        #[test]
        fn damaged_documents_never_panic(cut in 0usize..4000, flip in 0usize..4000, byte in any::<u8>()) {
            let mut docx = minimal_docx(&["One paragraph.", "Two."], "T", "A", "2024-01-01");
            let flip = flip % docx.len();
            docx[flip] = byte;
            let _ = parse_docx(&docx);
            let _ = parse_docx(&docx[..cut.min(docx.len())]);
        }
    }
}
