//! The article model: plain data that ingest produces, the index stores and `extract` prints.
//!
//! Nothing here knows about tantivy; see `schema.rs` for how these fields are indexed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One direct quotation found in an article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Canonical full name of the speaker ("Donald Trump"), or empty when unknown.
    pub speaker: String,
    /// What the speaker is: a person, or an organisation speaking as such; `None` exactly
    /// when `speaker` is empty.
    #[serde(default)]
    pub kind: Option<SpeakerKind>,
    /// The quoted words, without the enclosing quotation marks and without a trailing comma,
    /// colon or semicolon that belongs to the reporter's sentence (`"We won," she said`). A
    /// quote interrupted by its attribution ("We can collaborate," she said. "We can work...")
    /// is one Quote whose text is the parts joined by a space.
    pub text: String,
    /// Character offset (Unicode scalar values, not bytes) into the body where the quotation starts.
    pub start: usize,
    /// Character offset one past its end.
    pub end: usize,
}

/// What kind of speaker a quotation has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A person ("Donald Trump").
    Person,
    /// An organisation speaking as such ("Pentagon", "White House").
    Org,
}

/// Where an article's date comes from, from most to least trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The record's or page's own metadata (front matter, JSON keys, JSON-LD, meta tags).
    Metadata,
    /// The byline (`By Cal Mercer • May 08, 2025`).
    Byline,
    /// The head of the text (`WASHINGTON, May 4, 2025 -`, or a date on its own first line).
    Dateline,
    /// The running text, where a date is written with its weekday (`on Sunday, May 4, 2025`).
    Text,
}

impl DateSource {
    /// The name used in JSON and in the index.
    pub fn name(self) -> &'static str {
        match self {
            DateSource::Metadata => "metadata",
            DateSource::Byline => "byline",
            DateSource::Dateline => "dateline",
            DateSource::Text => "text",
        }
    }

    /// The source named `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            DateSource::Metadata,
            DateSource::Byline,
            DateSource::Dateline,
            DateSource::Text,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// A news article as dossier sees it, after parsing and extraction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Unique id: the record's own `id`, else the path (with a `#N` suffix for the N-th
    /// record of a multi-article file without ids).
    pub id: String,
    /// Path of the file it came from: its root's label (the indexed folder's or file's
    /// name), then the path below the root (`corpus/wire/a.txt`).
    pub path: String,
    /// Headline.
    pub title: String,
    /// Publication or outlet.
    pub source: String,
    /// Byline author(s).
    pub author: String,
    /// Publication day (UTC), when known.
    pub date: Option<NaiveDate>,
    /// Where `date` comes from (`None` when there is no date).
    #[serde(default)]
    pub date_source: Option<DateSource>,
    /// Every speaker quoted in the article plus explicit `speaker` metadata, canonical names.
    pub speakers: Vec<String>,
    /// The direct quotations, in body order.
    pub quotes: Vec<Quote>,
    /// Canonical URL, when known.
    pub url: String,
    /// The article text after any front matter.
    #[serde(default)]
    pub body: String,
}
