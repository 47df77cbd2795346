//! A dossier query as an Elasticsearch / OpenSearch search body (the query DSL): see the
//! table in `translate.rs`.

use anyhow::Result;
use serde_json::{json, Map, Value};

use super::translate::{check_range, days_of, is_filter, range_days, TranslateOptions};
use crate::engine::languages::ANALYSED;
use crate::search::query::{Node, Occur};

/// The search body: the query, the option filters, `size`, and `collapse` on `story`.
pub fn search_body(root: &Node, options: &TranslateOptions) -> Result<Value> {
    let mut must = Vec::new();
    let mut filter = Vec::new();
    if !matches!(root, Node::Empty) {
        let q = node(root, None)?;
        if is_filter(root, None) {
            filter.push(q);
        } else {
            must.push(q);
        }
    }
    if !options.speakers.is_empty() {
        filter.push(any_of("speakers.words", &options.speakers));
    }
    if !options.sources.is_empty() {
        filter.push(any_of("source.words", &options.sources));
    }
    if options.since.is_some() || options.until.is_some() {
        filter.push(date_range(options.since, options.until));
    }
    if must.is_empty() {
        must.push(json!({"match_all": {}}));
    }
    let mut body = json!({
        "query": {"bool": {"must": must, "filter": filter}},
        "size": options.limit,
        "_source": ["id", "title", "source", "date", "story", "speakers"],
    });
    if !options.all_copies {
        body["collapse"] = json!({"field": "story"});
    }
    Ok(body)
}

/// Any of `names` as a phrase in `field`.
fn any_of(field: &str, names: &[String]) -> Value {
    let should: Vec<Value> = names
        .iter()
        .map(|n| json!({"match_phrase": {field: n}}))
        .collect();
    json!({"bool": {"should": should, "minimum_should_match": 1}})
}

fn date_range(lo: Option<chrono::NaiveDate>, up: Option<chrono::NaiveDate>) -> Value {
    let mut range = Map::new();
    if let Some(d) = lo {
        range.insert("gte".into(), json!(d.format("%Y-%m-%d").to_string()));
    }
    if let Some(d) = up {
        range.insert("lte".into(), json!(d.format("%Y-%m-%d").to_string()));
    }
    json!({"range": {"date": range}})
}

/// The fields a word or phrase in `field` is searched in: as dossier's query compiler does,
/// the headline or text (or both) of every language — `title` and `body`, analysed as
/// English, and the fields of each language with an analysis of its own (`title_es`,
/// `body_es`), which Elasticsearch analyses as that language.
fn fields(field: Option<&str>) -> Vec<&'static str> {
    let pairs =
        std::iter::once(("title", "body")).chain(ANALYSED.iter().map(|l| (l.title, l.body)));
    let mut out = Vec::new();
    for (title, body) in pairs {
        if field != Some("body") {
            out.push(title);
        }
        if field != Some("title") {
            out.push(body);
        }
    }
    out
}

fn with_boost(mut q: Value, boost: &Option<f32>) -> Value {
    if let (Some(b), Some(obj)) = (boost, q.as_object_mut()) {
        if let Some(inner) = obj.values_mut().next().and_then(Value::as_object_mut) {
            inner.insert("boost".into(), json!(b));
        }
    }
    q
}

/// A word or phrase in a name or id field.
fn named(field: &str, text: &str) -> Result<Option<Value>> {
    Ok(Some(match field {
        "speaker" => json!({"match_phrase": {"speakers.words": text}}),
        "source" => json!({"match_phrase": {"source.words": text}}),
        "author" => json!({"match_phrase": {"author": text}}),
        "id" => json!({"term": {"id": text}}),
        "lang" => json!({"term": {"lang": super::translate::lang_code(text)}}),
        "date" => {
            let (lo, up) = days_of(text)?;
            date_range(Some(lo), Some(up))
        }
        _ => return Ok(None),
    }))
}

fn node(n: &Node, inherited: Option<&str>) -> Result<Value> {
    Ok(match n {
        Node::Word {
            text,
            field,
            prefix,
            boost,
        } => {
            let field = field.as_deref().or(inherited);
            if let Some(q) = named(field.unwrap_or_default(), text)? {
                return Ok(q);
            }
            let kind = if *prefix {
                "phrase_prefix"
            } else {
                "best_fields"
            };
            let mut m = json!({"query": text, "fields": fields(field), "type": kind});
            if *prefix {
                m["max_expansions"] = json!(64);
            } else {
                m["operator"] = json!("and");
            }
            with_boost(json!({ "multi_match": m }), boost)
        }
        Node::Phrase {
            text,
            field,
            slop,
            boost,
        } => {
            let field = field.as_deref().or(inherited);
            if let Some(q) = named(field.unwrap_or_default(), text)? {
                return Ok(q);
            }
            let m = json!({"query": text, "fields": fields(field), "type": "phrase", "slop": slop});
            with_boost(json!({ "multi_match": m }), boost)
        }
        Node::Range {
            field,
            lower,
            upper,
            lower_inclusive,
            upper_inclusive,
        } => {
            check_range(field)?;
            let (lo, up) = range_days(lower, upper, *lower_inclusive, *upper_inclusive)?;
            date_range(lo, up)
        }
        Node::All(clauses) | Node::Any(clauses) => {
            let mut b = Map::new();
            let mut has_must = false;
            for c in clauses {
                let q = node(&c.node, inherited)?;
                let key = match c.occur {
                    Occur::Must if is_filter(&c.node, inherited) => "filter",
                    Occur::Must => "must",
                    Occur::Should => "should",
                    Occur::MustNot => "must_not",
                };
                has_must |= c.occur == Occur::Must;
                let list = b.entry(key).or_insert_with(|| json!([]));
                if let Some(list) = list.as_array_mut() {
                    list.push(q);
                }
            }
            if b.contains_key("should") && !has_must {
                b.insert("minimum_should_match".into(), json!(1));
            }
            json!({ "bool": b })
        }
        Node::Empty => json!({"match_all": {}}),
    })
}
