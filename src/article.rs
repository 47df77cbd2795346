//! The article model: plain data that ingest produces, the index stores and `extract` prints.
//!
//! Nothing here knows about tantivy; see `schema.rs` for how these fields are indexed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One direct quotation found in an article body, or one part of it.
///
/// A quotation interrupted by its attribution (`"We can collaborate," she said. "We can work
/// together."`), or running over several paragraphs, comes as its parts, in body order: each
/// part is one `Quote` with the article's exact words, and every part after the first names the
/// part it continues in `continues`. Put together, the parts read `We can collaborate … We can
/// work together.` (see [`Quote::whole`]). In JSON (`extract --format json`):
///
/// ```json
/// [{"speaker": "Jane Roe", "kind": "person", "text": "We can collaborate", "start": 1, "end": 19},
///  {"speaker": "Jane Roe", "kind": "person", "text": "We can work together.", "start": 35,
///   "end": 56, "continues": 0},
///  {"speaker": "", "kind": null, "text": "It is over, and we lost.", "start": 60, "end": 84,
///   "no_speaker": "no cue"}]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Canonical full name of the speaker ("Donald Trump"), or empty when unknown.
    pub speaker: String,
    /// What the speaker is: a person, or an organisation speaking as such; `None` exactly
    /// when `speaker` is empty.
    #[serde(default)]
    pub kind: Option<SpeakerKind>,
    /// The quoted words exactly as the body has them between `start` and `end` (line breaks
    /// included): inside the quotation marks, without a trailing comma, colon or semicolon
    /// that belongs to the reporter's sentence (`"We won," she said` -> `We won`). The index
    /// stores it once, in the body, and gives it back from there.
    #[serde(default)]
    pub text: String,
    /// Character offset (Unicode scalar values, not bytes) into the body where the quoted words
    /// start (after the opening mark).
    pub start: usize,
    /// Character offset one past their end.
    pub end: usize,
    /// For the second and later parts of one quotation: the index, in the article's list of
    /// quotations, of the part this one continues. Absent for a whole quotation or a first part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<usize>,
    /// Why `speaker` is empty; absent when there is a speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_speaker: Option<NoSpeaker>,
}

impl Quote {
    /// The words of the quotation that `quotes[first]` opens, for display: its parts put
    /// together with ` … ` between them, line breaks and runs of space read as one space;
    /// empty when `first` is out of range.
    pub fn whole(quotes: &[Quote], first: usize) -> String {
        let Some(q) = quotes.get(first) else {
            return String::new();
        };
        let mut parts = vec![q.text.as_str()];
        let mut last = first;
        for (k, p) in quotes.iter().enumerate().skip(first + 1) {
            if p.continues == Some(last) {
                parts.push(&p.text);
                last = k;
            }
        }
        parts
            .iter()
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" … ")
    }
}

/// Why a quotation has no speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoSpeaker {
    /// No attribution next to the quotation (no speech verb with a subject, no `according
    /// to`, no colon after a name), and it does not go on from the previous speaker's words.
    #[serde(rename = "no cue")]
    NoCue,
    /// The attribution names nobody: a common noun (`a spokesman`, `one trader`), a role no
    /// one in the article is named with, or a document with no named author (`the report`).
    #[serde(rename = "unnamed")]
    Unnamed,
    /// The subject is a pronoun with no person to refer to (`they`, `we`, `I`, or `he`/`she`
    /// with no earlier person of that gender).
    #[serde(rename = "pronoun")]
    Pronoun,
    /// The subject is a capitalised word that names no person or organisation (a holiday, a
    /// work's title, a nationality, a common noun opening a sentence).
    #[serde(rename = "not a name")]
    NotAName,
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
    /// The language the article is written in: an ISO 639-1 code (`en`, `es`), from the
    /// record's or page's metadata (`lang`, `<html lang>`, JSON-LD `inLanguage`), else
    /// detected from its text; `und` when the text is too short or unclear to tell.
    #[serde(default)]
    pub lang: String,
    /// The article text after any front matter.
    #[serde(default)]
    pub body: String,
}
