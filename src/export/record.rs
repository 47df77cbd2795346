//! One article as every export writes it: the stored article with its story id, its
//! speakers under their canonical names, and its quotations with their words.

use serde::Serialize;

use crate::article::{Article, Quote};
use crate::registry::Registry;

/// One article as exported. The JSON shape (Elasticsearch, OpenSearch and Quickwit
/// documents):
///
/// ```json
/// {"id": "reuters-12", "title": "...", "body": "...", "source": "Reuters", "author": "",
///  "date": "1987-03-02", "url": "", "path": "reuters21578.jsonl", "lang": "en", "story": "3cc608629364eb03",
///  "speakers": ["Donald Trump"], "quotes": [{"speaker": "Donald Trump", "kind": "person",
///  "text": "..."}]}
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub id: String,
    pub title: String,
    pub body: String,
    pub source: String,
    pub author: String,
    /// `YYYY-MM-DD`, absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub url: String,
    pub path: String,
    /// The language: an ISO 639-1 code, or `und`.
    pub lang: String,
    /// The story group, 16 hex digits: copies of one story share it.
    pub story: String,
    /// Canonical names, each once.
    pub speakers: Vec<String>,
    /// Whole quotations (the parts of an interrupted one put together).
    pub quotes: Vec<RecordQuote>,
}

/// One quotation of a [`Record`].
#[derive(Debug, Clone, Serialize)]
pub struct RecordQuote {
    /// Canonical name; empty when no speaker was found.
    pub speaker: String,
    /// `person`, `org`, or empty.
    pub kind: String,
    /// The words, parts joined with ` … `.
    pub text: String,
    /// How many parts the article has it in (1 unless interrupted by its attribution): the
    /// quotation counts `dossier speakers` gives count parts.
    pub parts: usize,
}

impl Record {
    /// The record of `article` in story `story`, speakers named as `registry` names them.
    pub fn new(article: Article, story: u64, registry: Option<&Registry>) -> Self {
        let canonical =
            |name: &str| -> String { registry.map_or(name, |r| r.canonical(name)).to_string() };
        let mut speakers: Vec<String> = Vec::new();
        for s in &article.speakers {
            let name = canonical(s);
            if !name.is_empty() && !speakers.contains(&name) {
                speakers.push(name);
            }
        }
        let quotes = whole_quotes(&article.quotes)
            .map(|(k, q, text)| RecordQuote {
                parts: parts(&article.quotes, k),
                speaker: canonical(&q.speaker),
                kind: match q.kind {
                    Some(crate::article::SpeakerKind::Person) => "person".into(),
                    Some(crate::article::SpeakerKind::Org) => "org".into(),
                    None => String::new(),
                },
                text,
            })
            .collect();
        Record {
            id: article.id,
            title: article.title,
            body: article.body,
            source: article.source,
            lang: article.lang,
            author: article.author,
            date: article.date.map(|d| d.format("%Y-%m-%d").to_string()),
            url: article.url,
            path: article.path,
            story: format!("{story:016x}"),
            speakers,
            quotes,
        }
    }
}

/// Each quotation that is not the continuation of another, with its place and whole words.
fn whole_quotes(quotes: &[Quote]) -> impl Iterator<Item = (usize, &Quote, String)> {
    quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.continues.is_none())
        .map(move |(k, q)| (k, q, Quote::whole(quotes, k)))
}

/// The parts of the quotation that `quotes[first]` opens.
fn parts(quotes: &[Quote], first: usize) -> usize {
    let mut last = first;
    let mut n = 1;
    for (k, q) in quotes.iter().enumerate().skip(first + 1) {
        if q.continues == Some(last) {
            n += 1;
            last = k;
        }
    }
    n
}
