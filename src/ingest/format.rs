//! The formats dossier reads, in one table: which file names the walk takes (by extension,
//! also under `.gz`/`.zst`) and how the reader parses each.

/// How a file's contents are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown, with optional front matter.
    Text,
    /// One JSON object (an article) or an array of them.
    Json,
    /// One JSON object a line: a container of articles, read in parts.
    Jsonl,
    /// A web page.
    Html,
    /// A PDF document's text layer.
    Pdf,
    /// A Word document (Office Open XML).
    Docx,
    /// A web archive: a container of HTML responses, read record by record in parts.
    Warc,
}

/// Every extension read, with its format. The README's format table lists the same.
pub const FORMATS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("md", Format::Text),
    ("markdown", Format::Text),
    ("json", Format::Json),
    ("jsonl", Format::Jsonl),
    ("ndjson", Format::Jsonl),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("pdf", Format::Pdf),
    ("docx", Format::Docx),
    ("warc", Format::Warc),
];

impl Format {
    /// The format of a file extension (any case), if dossier reads it.
    pub fn of_ext(ext: &[u8]) -> Option<Format> {
        FORMATS
            .iter()
            .find(|(e, _)| e.as_bytes().eq_ignore_ascii_case(ext))
            .map(|&(_, f)| f)
    }

    /// Whether a file holds many articles and is read in parts (never whole in memory).
    pub fn is_container(self) -> bool {
        matches!(self, Format::Jsonl | Format::Warc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_in_any_case() {
        assert_eq!(Format::of_ext(b"PDF"), Some(Format::Pdf));
        assert_eq!(Format::of_ext(b"ndjson"), Some(Format::Jsonl));
        assert_eq!(Format::of_ext(b"doc"), None);
        assert!(Format::Warc.is_container() && !Format::Html.is_container());
    }
}
