//! The index schema: the only place field names, their options and the text analysis are
//! defined, and the conversion between [`Article`] and tantivy documents.

use anyhow::{Context, Result};
use chrono::{DateTime as ChronoDateTime, NaiveDate};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::{DateTime, Index, TantivyDocument};

use crate::article::{Article, Quote};
use crate::engine::languages::{self, ANALYSED};

/// Version of the schema and analysis. An index written with another version is refused
/// with a message to rebuild it.
pub const SCHEMA_VERSION: u32 = 6;

/// The stemmer crate and release whose stems an index of [`SCHEMA_VERSION`] holds. Stems
/// are stored in the index, so a stemmer that stems differently makes old indexes answer
/// wrongly: upgrading it means bumping [`SCHEMA_VERSION`] and this line together (a test
/// compares it with `Cargo.lock`, and stems of a fixed word list with those of this release).
#[cfg(test)]
const STEMMER: (&str, &str) = ("frostem", "1.20260821.8");

/// Analyzer for article text: words, lower-cased, accents folded, English stop words
/// removed, English (Snowball/Porter2) stemming.
pub const TEXT_ANALYZER: &str = "dossier_text";
/// Analyzer for names (speakers, sources, authors): words, lower-cased, accents folded.
pub const NAME_ANALYZER: &str = "dossier_name";

/// Field names, as they appear in the query language (`title:`, `speaker:` ...).
pub mod names {
    /// Unique article id.
    pub const ID: &str = "id";
    /// Path: the root's label, then the path below the root.
    pub const PATH: &str = "path";
    /// Canonical absolute path of the source file: the unit of incremental updates.
    pub const FILE: &str = "file";
    /// Size + mtime signature of the source file when it was indexed.
    pub const SIGNATURE: &str = "signature";
    /// Headline.
    pub const TITLE: &str = "title";
    /// Outlet.
    pub const SOURCE: &str = "source";
    /// Byline.
    pub const AUTHOR: &str = "author";
    /// Publication day.
    pub const DATE: &str = "date";
    /// Where the date comes from (metadata, byline, dateline, text; stored only).
    pub const DATE_SOURCE: &str = "date_source";
    /// Speakers quoted (multi-valued).
    pub const SPEAKER: &str = "speaker";
    /// Article text. The headline and text of an article in a language with an analysis of
    /// its own are in that language's fields instead (`title_es`, `body_es`: see
    /// [`crate::engine::languages::ANALYSED`]).
    pub const BODY: &str = "body";
    /// Canonical URL.
    pub const URL: &str = "url";
    /// The quotations as JSON (stored only).
    pub const QUOTES: &str = "quotes";
    /// The speaker of each quotation, once per quotation (fast only: quotation counts).
    pub const QUOTED: &str = "quoted";
    /// The story group: copies of one story share it (fast only; see `stories`).
    pub const STORY: &str = "story";
    /// The article's language: an ISO 639-1 code, or `und` (exact, stored, fast).
    pub const LANG: &str = "lang";
}

/// The fields that users may name in queries, for error messages.
pub const QUERY_FIELDS: &[&str] = &[
    "title", "body", "source", "author", "speaker", "date", "id", "lang",
];

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub file: Field,
    pub signature: Field,
    pub title: Field,
    pub source: Field,
    pub author: Field,
    pub date: Field,
    pub date_source: Field,
    pub speaker: Field,
    pub body: Field,
    pub url: Field,
    pub quotes: Field,
    pub quoted: Field,
    pub story: Field,
    pub lang: Field,
    /// The headline and text fields of each language of [`ANALYSED`], in its order.
    pub analysed: [(Field, Field); languages::COUNT],
}

impl Fields {
    /// The text fields, headline first, that hold the words of articles in `lang`: each
    /// language with an analysis of its own has its own pair.
    pub fn text_of(&self, lang: &str) -> (Field, Field) {
        match languages::position(lang) {
            Some(k) => self.analysed[k],
            None => (self.title, self.body),
        }
    }

    /// Whether `field` holds article text (of any language) rather than headlines.
    pub fn is_body(&self, field: Field) -> bool {
        field == self.body || self.analysed.iter().any(|&(_, body)| body == field)
    }
}

/// Builds the schema.
pub fn build() -> Schema {
    let text = |positions: bool, analyzer: &str| {
        let option = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(option),
        )
    };
    let mut b = Schema::builder();
    b.add_text_field(names::ID, STRING | STORED);
    b.add_text_field(names::PATH, STORED);
    b.add_text_field(names::FILE, STRING | FAST);
    b.add_u64_field(names::SIGNATURE, NumericOptions::default().set_fast());
    b.add_text_field(names::TITLE, text(true, TEXT_ANALYZER).set_stored());
    b.add_text_field(
        names::SOURCE,
        text(true, NAME_ANALYZER).set_stored().set_fast("raw"),
    );
    b.add_text_field(names::AUTHOR, text(true, NAME_ANALYZER).set_stored());
    b.add_date_field(
        names::DATE,
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field(names::DATE_SOURCE, STORED);
    b.add_text_field(
        names::SPEAKER,
        text(true, NAME_ANALYZER).set_stored().set_fast("raw"),
    );
    b.add_text_field(names::BODY, text(true, TEXT_ANALYZER).set_stored());
    b.add_text_field(names::URL, STORED);
    b.add_text_field(names::QUOTES, STORED);
    b.add_text_field(names::QUOTED, TextOptions::default().set_fast("raw"));
    b.add_u64_field(names::STORY, NumericOptions::default().set_fast());
    b.add_text_field(names::LANG, STRING | STORED | FAST);
    for l in &ANALYSED {
        b.add_text_field(l.title, text(true, l.analyzer).set_stored());
        b.add_text_field(l.body, text(true, l.analyzer).set_stored());
    }
    b.build()
}

/// Looks up every field in `schema`; fails if the index was made by another schema.
pub fn fields(schema: &Schema) -> Result<Fields> {
    let f = |name: &str| {
        schema
            .get_field(name)
            .with_context(|| format!("the index has no '{name}' field"))
    };
    let mut analysed = [(Field::from_field_id(0), Field::from_field_id(0)); languages::COUNT];
    for (pair, l) in analysed.iter_mut().zip(&ANALYSED) {
        *pair = (f(l.title)?, f(l.body)?);
    }
    Ok(Fields {
        id: f(names::ID)?,
        path: f(names::PATH)?,
        file: f(names::FILE)?,
        signature: f(names::SIGNATURE)?,
        title: f(names::TITLE)?,
        source: f(names::SOURCE)?,
        author: f(names::AUTHOR)?,
        date: f(names::DATE)?,
        date_source: f(names::DATE_SOURCE)?,
        speaker: f(names::SPEAKER)?,
        body: f(names::BODY)?,
        url: f(names::URL)?,
        quotes: f(names::QUOTES)?,
        quoted: f(names::QUOTED)?,
        story: f(names::STORY)?,
        lang: f(names::LANG)?,
        analysed,
    })
}

pub use crate::engine::analysis::{name_analyzer, text_analyzer};

/// Registers dossier's analyzers on an index; needed after every open.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
    index.tokenizers().register(NAME_ANALYZER, name_analyzer());
    for l in &ANALYSED {
        index.tokenizers().register(l.analyzer, l.text_analyzer());
    }
}

/// Converts a day to the index's date value (midnight UTC).
pub fn to_index_date(date: NaiveDate) -> DateTime {
    let secs = date
        .and_hms_opt(0, 0, 0)
        .map(|dt| dt.and_utc().timestamp())
        .unwrap_or_default();
    DateTime::from_timestamp_secs(secs)
}

/// Converts an index date value back to its day.
pub fn from_index_date(date: DateTime) -> Option<NaiveDate> {
    ChronoDateTime::from_timestamp(date.into_timestamp_secs(), 0).map(|dt| dt.date_naive())
}

/// Builds the document for `article`, read from the file with key `file` and `signature`,
/// in the story group `story`.
pub fn to_document(
    f: &Fields,
    article: &Article,
    file: &str,
    signature: u64,
    story: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.story, story);
    doc.add_text(f.id, &article.id);
    doc.add_text(f.path, &article.path);
    doc.add_text(f.file, file);
    doc.add_u64(f.signature, signature);
    let (title, body) = f.text_of(&article.lang);
    doc.add_text(title, &article.title);
    if !article.source.is_empty() {
        doc.add_text(f.source, &article.source);
    }
    doc.add_text(f.author, &article.author);
    if let Some(date) = article.date {
        doc.add_date(f.date, to_index_date(date));
    }
    if let Some(source) = article.date_source {
        doc.add_text(f.date_source, source.name());
    }
    for speaker in &article.speakers {
        doc.add_text(f.speaker, speaker);
    }
    doc.add_text(body, &article.body);
    doc.add_text(f.lang, &article.lang);
    if !article.url.is_empty() {
        doc.add_text(f.url, &article.url);
    }
    for quote in article.quotes.iter().filter(|q| !q.speaker.is_empty()) {
        doc.add_text(f.quoted, &quote.speaker);
    }
    if !article.quotes.is_empty() {
        // A quotation's words are the body's between its offsets: stored once, in the body.
        let stored: Vec<Quote> = article
            .quotes
            .iter()
            .map(|q| Quote {
                text: String::new(),
                ..q.clone()
            })
            .collect();
        let json = serde_json::to_string(&stored).unwrap_or_default();
        doc.add_text(f.quotes, json);
    }
    doc
}

/// Reads a stored document back into an [`Article`] (with its body).
pub fn from_document(f: &Fields, doc: &TantivyDocument) -> Article {
    let text = |field: Field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let mut quotes: Vec<Quote> = doc
        .get_first(f.quotes)
        .and_then(|v| v.as_str())
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    // An article's text is in the fields of its language.
    let lang = text(f.lang);
    let (title, body) = f.text_of(&lang);
    let body = text(body);
    fill_quote_texts(&mut quotes, &body);
    Article {
        id: text(f.id),
        path: text(f.path),
        title: text(title),
        source: text(f.source),
        author: text(f.author),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(from_index_date),
        date_source: doc
            .get_first(f.date_source)
            .and_then(|v| v.as_str())
            .and_then(crate::article::DateSource::from_name),
        speakers: doc
            .get_all(f.speaker)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        quotes,
        url: text(f.url),
        lang,
        body,
    }
}

/// Gives each stored quotation its words back from the body (its character offsets), as
/// [`to_document`] leaves them out; a quotation stored with its words keeps them.
fn fill_quote_texts(quotes: &mut [Quote], body: &str) {
    if quotes.iter().all(|q| !q.text.is_empty()) {
        return;
    }
    let bytes: Vec<usize> = body
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(body.len()))
        .collect();
    for q in quotes.iter_mut().filter(|q| q.text.is_empty()) {
        if let (Some(&start), Some(&end)) = (bytes.get(q.start), bytes.get(q.end)) {
            if start <= end {
                q.text = body[start..end].to_string();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stemmer in `Cargo.lock` is the one this schema version was made with.
    #[test]
    fn stemmer_is_tied_to_the_schema_version() {
        let lock = include_str!("../../Cargo.lock");
        let (name, version) = STEMMER;
        let locked = lock
            .split("[[package]]")
            .find(|p| p.contains(&format!("name = \"{name}\"\n")))
            .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
            .map(|v| v.trim_end_matches('"'));
        assert_eq!(
            locked,
            Some(version),
            "{name} changed in Cargo.lock: bump SCHEMA_VERSION (now {SCHEMA_VERSION}) and update STEMMER"
        );
    }

    /// Stems of this schema version: a stemmer that stems these differently needs a new
    /// schema version, whatever its version number says.
    #[test]
    fn stems_are_those_of_the_schema_version() {
        let words = "running generously sovereignty nationalism cartels presidents \
                     negotiations happily relational conditional hopeful goodness \
                     formalize electricity dying lying skies news politics quietly";
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream(words);
        let mut stems = Vec::new();
        while stream.advance() {
            stems.push(stream.token().text.clone());
        }
        assert_eq!(
            stems.join(" "),
            "run generous sovereignti nation cartel presid negoti happili relat condit hope \
             good formal electr die lie sky news polit quiet",
            "stems changed: bump SCHEMA_VERSION (now {SCHEMA_VERSION}) and update STEMMER"
        );
    }

    /// Each language of the table has its fields, analysed by its analyzer, which every
    /// opened index has registered; its articles' text goes to its fields and comes back.
    #[test]
    fn every_analysed_language_has_fields_and_an_analyzer() {
        let schema = build();
        let f = fields(&schema).unwrap();
        let index = Index::create_in_ram(schema.clone());
        register_analyzers(&index);
        for (k, l) in ANALYSED.iter().enumerate() {
            for name in [l.title, l.body] {
                let field = schema.get_field(name).unwrap();
                let entry = schema.get_field_entry(field);
                let indexing = match entry.field_type() {
                    tantivy::schema::FieldType::Str(o) => o.get_indexing_options().unwrap(),
                    other => panic!("{name}: {other:?}"),
                };
                assert_eq!(indexing.tokenizer(), l.analyzer, "{name}");
                assert!(entry.is_stored(), "{name}");
            }
            assert!(
                index.tokenizers().get(l.analyzer).is_some(),
                "{}",
                l.analyzer
            );
            assert_eq!(f.text_of(l.code), f.analysed[k]);
            assert!(f.is_body(f.analysed[k].1) && !f.is_body(f.analysed[k].0));
            let article = Article {
                title: "T".into(),
                body: "B".into(),
                lang: l.code.into(),
                ..Article::default()
            };
            let doc = to_document(&f, &article, "/f", 0, 0);
            assert_eq!(
                doc.get_first(f.analysed[k].1).and_then(|v| v.as_str()),
                Some("B")
            );
            assert!(doc.get_first(f.body).is_none());
            assert_eq!(from_document(&f, &doc).body, "B");
        }
        assert_eq!(f.text_of("en"), (f.title, f.body));
        assert_eq!(f.text_of("und"), (f.title, f.body));
    }

    #[test]
    fn dates_round_trip() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 4).unwrap();
        assert_eq!(from_index_date(to_index_date(day)), Some(day));
    }

    #[test]
    fn document_round_trip() {
        let schema = build();
        let f = fields(&schema).unwrap();
        let article = Article {
            id: "a".into(),
            path: "p/a.txt".into(),
            title: "T".into(),
            source: "S".into(),
            author: "Au".into(),
            date: NaiveDate::from_ymd_opt(2025, 5, 4),
            date_source: Some(crate::article::DateSource::Byline),
            speakers: vec!["X Y".into(), "Z".into()],
            quotes: vec![Quote {
                speaker: "X Y".into(),
                kind: Some(crate::article::SpeakerKind::Person),
                text: "hé".into(),
                start: 6,
                end: 8,
                continues: None,
                no_speaker: None,
            }],
            url: "u".into(),
            lang: "es".into(),
            body: "Zoë: \"hé\"".into(),
        };
        let doc = to_document(&f, &article, "/abs/p/a.txt", 7, 9);
        // The quotation's words are stored once, in the body, and come back from there.
        let stored = doc.get_first(f.quotes).and_then(|v| v.as_str()).unwrap();
        assert!(!stored.contains("hé"), "{stored}");
        assert_eq!(from_document(&f, &doc), article);
    }
}
