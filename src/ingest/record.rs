//! Metadata records: the keys of YAML front matter and of JSON articles, turned into an
//! [`Article`]. Both formats go through `serde_json::Value`, so they accept the same keys.

use serde_json::{Map, Value};

use crate::article::Article;
use crate::extract::dates;

/// The keys dossier reads, by article field, first preferred: schema.org's names
/// (`headline`, `articleBody`, `datePublished`, `author` as a name, an object with a
/// `name`, or a list of either, `publisher.name`), and those of common feeds and CMS exports.
/// Keys are matched without regard to case. The first key present with a usable value
/// wins; a later one never overrides it.
pub const ID_KEYS: &[&str] = &["id", "guid"];
/// See [`ID_KEYS`].
pub const TITLE_KEYS: &[&str] = &["title", "headline", "name"];
/// See [`ID_KEYS`]; `description` only when nothing else holds text.
pub const BODY_KEYS: &[&str] = &["body", "articlebody", "text", "content", "description"];
/// See [`ID_KEYS`].
pub const DATE_KEYS: &[&str] = &[
    "date",
    "datepublished",
    "published",
    "published_at",
    "pubdate",
    "datecreated",
    "created_at",
];
/// See [`ID_KEYS`].
pub const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline", "creator"];
/// See [`ID_KEYS`].
pub const SOURCE_KEYS: &[&str] = &["source", "publisher", "site_name"];
/// See [`ID_KEYS`].
pub const URL_KEYS: &[&str] = &["url", "link"];
/// See [`ID_KEYS`]: a BCP 47 tag (`es`, `es-MX`) or a language's name (`Spanish`).
pub const LANG_KEYS: &[&str] = &["lang", "language", "inlanguage", "locale"];
/// See [`ID_KEYS`].
pub const SPEAKER_KEYS: &[&str] = &["speaker", "speakers"];

/// Applies the metadata keys of `record` to `article`. Unknown keys are ignored; a key with
/// a value dossier cannot use is dropped and described in `warnings` (`field 'date': ...`),
/// and the next key for that field is tried.
pub fn apply(record: &Map<String, Value>, article: &mut Article, warnings: &mut Vec<String>) {
    let fields = Lowered::new(record);
    if let Some(id) = fields.first(ID_KEYS, warnings, |key, value| match scalar(value) {
        Some(id) if !id.is_empty() => Ok(id),
        _ => Err(format!("field '{key}': not a string or number, ignored")),
    }) {
        article.id = id;
    }
    let text = |key: &str, value: &Value| -> Result<String, String> {
        names(value)
            .map(|parts| parts.join(", "))
            .ok_or_else(|| format!("field '{key}': expected text, field dropped"))
    };
    if let Some(title) = fields.first(TITLE_KEYS, warnings, text) {
        article.title = title;
    }
    if let Some(source) = fields.first(SOURCE_KEYS, warnings, text) {
        article.source = source;
    }
    if let Some(author) = fields.first(AUTHOR_KEYS, warnings, text) {
        article.author = author;
    }
    if let Some(url) = fields.first(URL_KEYS, warnings, text) {
        article.url = url;
    }
    if let Some(date) = fields.first(DATE_KEYS, warnings, |key, value| match scalar(value) {
        Some(text) => dates::parse_date(&text)
            .ok_or_else(|| format!("field '{key}': cannot read {text:?} as a date, field dropped")),
        None => Err(format!(
            "field '{key}': expected a date string, field dropped"
        )),
    }) {
        article.date = Some(date);
        article.date_source = Some(crate::article::DateSource::Metadata);
    }
    if let Some(lang) = fields.first(LANG_KEYS, warnings, |key, value| {
        let text = scalar(value)
            .or_else(|| value.get("name").and_then(scalar))
            .unwrap_or_default();
        crate::extract::language::from_metadata(&text).ok_or_else(|| {
            format!("field '{key}': cannot read {text:?} as a language, field dropped")
        })
    }) {
        article.lang = lang;
    }
    for key in SPEAKER_KEYS {
        if let Some((original, value)) = fields.get(key) {
            match names(value) {
                Some(list) => {
                    for name in list {
                        if !article.speakers.contains(&name) {
                            article.speakers.push(name);
                        }
                    }
                }
                None => warnings.push(format!(
                    "field '{original}': expected a name or a list of names, field dropped"
                )),
            }
        }
    }
}

/// The record's text: the first of [`BODY_KEYS`] holding a non-empty string.
pub fn body(record: &Map<String, Value>) -> Option<&str> {
    let fields = Lowered::new(record);
    BODY_KEYS.iter().find_map(|k| {
        fields
            .get(k)
            .and_then(|(_, v)| v.as_str())
            .filter(|s| !s.trim().is_empty())
    })
}

/// Whether the record has one of [`BODY_KEYS`] at all (even empty).
pub fn has_text_key(record: &Map<String, Value>) -> bool {
    let fields = Lowered::new(record);
    BODY_KEYS.iter().any(|k| fields.get(k).is_some())
}

/// The keys of a record, for a report on a record with no text (`keys: a, b, c`).
pub fn keys(record: &Map<String, Value>) -> String {
    record.keys().cloned().collect::<Vec<_>>().join(", ")
}

/// A record's keys, matched without regard to case (and without allocating: this runs for
/// every record of a feed).
pub(crate) struct Lowered<'a> {
    record: &'a Map<String, Value>,
    /// No key has an upper-case ASCII letter (most feeds): a key is found as written or not
    /// at all, with no pass over the others for each name looked up.
    lower: bool,
}

impl<'a> Lowered<'a> {
    pub(crate) fn new(record: &'a Map<String, Value>) -> Self {
        let lower = record
            .keys()
            .all(|k| !k.bytes().any(|b| b.is_ascii_uppercase()));
        Lowered { record, lower }
    }

    /// The key as written and its value, for a lower-case key.
    pub(crate) fn get(&self, key: &str) -> Option<(&'a str, &'a Value)> {
        if let Some((k, v)) = self.record.get_key_value(key) {
            return Some((k.as_str(), v));
        }
        if self.lower {
            return None;
        }
        self.record
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(k, v)| (k.as_str(), v))
    }

    /// The first of `keys` whose value `read` accepts; each refusal is a warning.
    fn first<T>(
        &self,
        keys: &[&str],
        warnings: &mut Vec<String>,
        read: impl Fn(&str, &Value) -> Result<T, String>,
    ) -> Option<T> {
        for key in keys {
            let Some((original, value)) = self.get(key) else {
                continue;
            };
            match read(original, value) {
                Ok(v) => return Some(v),
                Err(w) => warnings.push(w),
            }
        }
        None
    }
}

/// A string, number or boolean as text.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A name: a scalar, or an object with a `name` (schema.org's Person and Organization).
fn name(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) => map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("name"))
            .and_then(|(_, v)| scalar(v)),
        other => scalar(other),
    }
}

/// A name or a list of names, as non-empty strings. `null` is an empty list.
fn names(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(name)
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().filter(|s| !s.is_empty()).collect()),
        other => name(other).map(|s| if s.is_empty() { vec![] } else { vec![s] }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use serde_json::json;

    fn apply_json(value: Value) -> (Article, Vec<String>) {
        let mut article = Article::default();
        let mut warnings = Vec::new();
        apply(value.as_object().unwrap(), &mut article, &mut warnings);
        (article, warnings)
    }

    #[test]
    fn keys_are_matched_without_regard_to_case() {
        let record = json!({"Headline": "A", "BODY": "B", "lang": "en"});
        let fields = Lowered::new(record.as_object().unwrap());
        assert_eq!(fields.get("headline").map(|(k, _)| k), Some("Headline"));
        assert_eq!(fields.get("body").map(|(k, _)| k), Some("BODY"));
        assert_eq!(fields.get("lang").map(|(k, _)| k), Some("lang"));
        assert!(fields.get("title").is_none());
        let record = json!({"headline": "A", "text": "B"});
        let fields = Lowered::new(record.as_object().unwrap());
        assert_eq!(fields.get("text").map(|(k, _)| k), Some("text"));
        assert!(fields.get("body").is_none());
        let record = json!({"Title": "T", "Text": "Words here."});
        assert_eq!(apply_json(record.clone()).0.title, "T");
        assert_eq!(body(record.as_object().unwrap()), Some("Words here."));
    }

    #[test]
    fn known_keys_fill_the_article() {
        let (a, w) = apply_json(json!({
            "id": 42, "title": "T", "source": "Wire", "author": ["A", "B"],
            "date": "May 4th, 2025", "speakers": ["X Y", "Z"], "url": "http://e.x", "extra": {}
        }));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(a.id, "42");
        assert_eq!(a.title, "T");
        assert_eq!(a.source, "Wire");
        assert_eq!(a.author, "A, B");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 5, 4));
        assert_eq!(a.speakers, vec!["X Y", "Z"]);
        assert_eq!(a.url, "http://e.x");
    }

    #[test]
    fn bad_values_are_dropped_with_a_warning() {
        let (a, w) = apply_json(json!({"date": "someday", "title": {"x": 1}, "speaker": [{}]}));
        assert_eq!(a.date, None);
        assert_eq!(a.title, "");
        assert!(a.speakers.is_empty());
        assert_eq!(w.len(), 3);
        assert!(w[0].contains("'date'") || w.iter().any(|m| m.contains("'date'")));
    }

    #[test]
    fn schema_org_news_article() {
        let record = json!({
            "@type": "NewsArticle",
            "headline": "Harbour reopens",
            "articleBody": "The harbour reopened on Monday.",
            "datePublished": "2025-05-04T09:30:00Z",
            "author": [{"@type": "Person", "name": "Ana Lopes"}, {"name": "Cal Mercer"}],
            "publisher": {"@type": "Organization", "name": "Harbour Gazette"},
            "url": "https://example.org/harbour"
        });
        let (a, w) = apply_json(record.clone());
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(a.title, "Harbour reopens");
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 5, 4));
        assert_eq!(a.author, "Ana Lopes, Cal Mercer");
        assert_eq!(a.source, "Harbour Gazette");
        assert_eq!(a.url, "https://example.org/harbour");
        assert_eq!(
            body(record.as_object().unwrap()),
            Some("The harbour reopened on Monday.")
        );
    }

    #[test]
    fn date_wins_over_published_whatever_the_order() {
        for record in [
            json!({"published": "2020-01-01", "date": "2025-05-04"}),
            json!({"date": "2025-05-04", "published": "2020-01-01"}),
            json!({"pubDate": "Sun, 04 May 2025 10:00:00 GMT"}),
            json!({"created_at": "2025-05-04"}),
            // An unreadable date falls back to the next key, with a warning.
            json!({"date": "someday", "published_at": "2025-05-04"}),
        ] {
            let (a, _) = apply_json(record.clone());
            assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 5, 4), "{record}");
        }
    }

    #[test]
    fn body_key_preference() {
        let v = json!({"content": "c", "text": "t"});
        assert_eq!(body(v.as_object().unwrap()), Some("t"));
        let v = json!({"title": "only"});
        assert_eq!(body(v.as_object().unwrap()), None);
        let v = json!({"Content": "c", "description": "d"});
        assert_eq!(body(v.as_object().unwrap()), Some("c"));
        let v = json!({"text": "  ", "description": "summary"});
        assert_eq!(body(v.as_object().unwrap()), Some("summary"));
    }
}
