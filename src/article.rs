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
    /// The quoted words, without the enclosing quotation marks. A quote interrupted by its
    /// attribution ("We can collaborate," she said. "We can work...") is one Quote whose text
    /// is the parts joined by a space.
    pub text: String,
    /// Character offset (Unicode scalar values, not bytes) into the body where the quotation starts.
    pub start: usize,
    /// Character offset one past its end.
    pub end: usize,
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
