//! Metadata records: the keys of YAML front matter and of JSON articles, turned into an
//! [`Article`]. Both formats go through `serde_json::Value`, so they accept the same keys.

use serde_json::{Map, Value};

use crate::article::Article;
use crate::extract::dates;

/// Keys that may hold the article text in a JSON record, in order of preference.
pub const BODY_KEYS: &[&str] = &["body", "text", "content"];

/// Applies the metadata keys of `record` to `article`. Unknown keys are ignored; a key with
/// a value dossier cannot use is dropped and described in `warnings` (`field 'date': ...`).
pub fn apply(record: &Map<String, Value>, article: &mut Article, warnings: &mut Vec<String>) {
    for (key, value) in record {
        let key = key.to_ascii_lowercase();
        match key.as_str() {
            "id" => match scalar(value) {
                Some(id) if !id.is_empty() => article.id = id,
                _ => warnings.push("field 'id': not a string or number, ignored".into()),
            },
            "title" | "headline" => set_text(&mut article.title, &key, value, warnings),
            "source" | "publisher" | "site_name" => {
                set_text(&mut article.source, &key, value, warnings)
            }
            "author" | "authors" | "byline" => set_text(&mut article.author, &key, value, warnings),
            "url" | "link" => set_text(&mut article.url, &key, value, warnings),
            "date" | "published" | "published_at" | "pubdate" => match scalar(value) {
                Some(text) => match dates::parse_date(&text) {
                    Some(date) => article.date = Some(date),
                    None => warnings.push(format!(
                        "field '{key}': cannot read {text:?} as a date, field dropped"
                    )),
                },
                None => warnings.push(format!(
                    "field '{key}': expected a date string, field dropped"
                )),
            },
            "speaker" | "speakers" => match list(value) {
                Some(names) => {
                    for name in names {
                        if !article.speakers.contains(&name) {
                            article.speakers.push(name);
                        }
                    }
                }
                None => warnings.push(format!(
                    "field '{key}': expected a name or a list of names, field dropped"
                )),
            },
            _ => {}
        }
    }
}

/// The record's text: the first of [`BODY_KEYS`] holding a string.
pub fn body(record: &Map<String, Value>) -> Option<&str> {
    BODY_KEYS
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_str))
}

fn set_text(field: &mut String, key: &str, value: &Value, warnings: &mut Vec<String>) {
    match list(value) {
        Some(parts) => *field = parts.join(", "),
        None => warnings.push(format!("field '{key}': expected text, field dropped")),
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

/// A scalar or a list of scalars, as non-empty strings. `null` is an empty list.
fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(scalar)
            .collect::<Option<Vec<_>>>()
            .map(|v| v.into_iter().filter(|s| !s.is_empty()).collect()),
        other => scalar(other).map(|s| if s.is_empty() { vec![] } else { vec![s] }),
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
    fn body_key_preference() {
        let v = json!({"content": "c", "text": "t"});
        assert_eq!(body(v.as_object().unwrap()), Some("t"));
        let v = json!({"title": "only"});
        assert_eq!(body(v.as_object().unwrap()), None);
    }
}
