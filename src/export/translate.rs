//! `dossier translate`: a dossier query in the query language of the engine an index was
//! exported to, so that users keep their queries when they move. The query is read by
//! dossier's own parser (`search::query`); each node of its tree becomes the engine's
//! construct:
//!
//! | dossier | Elasticsearch / OpenSearch | Quickwit | Manticore (SphinxQL) |
//! |---|---|---|---|
//! | `oil` (title or body) | `multi_match` on title, body | `oil` (default fields) | `@(title,body) oil` |
//! | `"oil prices"~2` | `multi_match` `phrase`, `slop` | `"oil prices"~2` | `"oil prices"~3` (window) |
//! | `pric*` | `multi_match` `phrase_prefix` | `pric*` | `pric*` |
//! | `a AND b`, `a OR b`, `NOT a` | `bool` `must`, `should`, `must_not` | `AND`, `OR`, `NOT` | space, `\|`, `-` |
//! | `title:`, `body:` | the field | the field | `@title`, `@body` |
//! | `speaker:`, `source:`, `author:` | `match_phrase` on their words, as a filter | the field | `@speakers`, `@source`, `@author` |
//! | `date:`, `--since`, `--until` | `range` filter | RFC 3339 range | `date` attribute (`YYYYMMDD`) |
//! | `id:` | `term` filter | `id:` | `aid` attribute |
//! | one hit per story | `collapse` on `story` | — (Quickwit cannot collapse) | `GROUP BY story` |
//!
//! Boosts (`^2`) are kept where the engine has them (Elasticsearch, OpenSearch, Quickwit).
//! Words are given as typed: each engine analyses them with the analyzers the export set.

use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde_json::{json, Value};

use super::Target;
use crate::engine::schema::QUERY_FIELDS;
use crate::search::query::{self, Clause, Node, Occur};

/// What to translate, besides the query.
#[derive(Debug, Clone, Default)]
pub struct TranslateOptions {
    /// Hits to ask for.
    pub limit: usize,
    /// Any word may match (`--any`).
    pub any: bool,
    /// Every copy of a story as its own hit.
    pub all_copies: bool,
    /// Only articles quoting one of these speakers.
    pub speakers: Vec<String>,
    /// Only articles from one of these sources.
    pub sources: Vec<String>,
    /// Only articles dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Only articles dated on or before this day.
    pub until: Option<NaiveDate>,
}

/// A translated query.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Translation {
    /// The engine.
    pub engine: &'static str,
    /// What to send: a JSON search body (Elasticsearch, OpenSearch, Quickwit) or a SphinxQL
    /// statement, on one line.
    pub query: String,
    /// What the engine will do differently from dossier.
    pub notes: Vec<String>,
}

/// The query `text` with `options`, for `target`.
pub fn translate(target: Target, text: &str, options: &TranslateOptions) -> Result<Translation> {
    let parsed =
        query::parse_with(text, QUERY_FIELDS, options.any).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut notes = Vec::new();
    let query = match target {
        Target::Elasticsearch | Target::Opensearch => {
            super::translate_es::search_body(&parsed.root, options)?.to_string()
        }
        Target::Quickwit => {
            if !options.all_copies {
                notes.push("Quickwit cannot collapse hits: copies of one story are separate hits (group them by the `story` field)".into());
            }
            quickwit(&parsed.root, options)?.to_string()
        }
        Target::Manticore => super::translate_sphinx::select(&parsed.root, options)?,
    };
    Ok(Translation {
        engine: target.name(),
        query,
        notes,
    })
}

/// The first and last day of a `date:` value.
pub(super) fn days_of(value: &str) -> Result<(NaiveDate, NaiveDate)> {
    crate::period::period(value).ok_or_else(|| {
        anyhow::anyhow!("expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {value:?}")
    })
}

/// The days a range node covers, ends included; `None` is open.
pub(super) fn range_days(
    lower: &Option<String>,
    upper: &Option<String>,
    lower_inclusive: bool,
    upper_inclusive: bool,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    let lo = match lower {
        None => None,
        Some(v) => {
            let (first, last) = days_of(v)?;
            Some(if lower_inclusive {
                first
            } else {
                last.succ_opt().unwrap_or(last)
            })
        }
    };
    let up = match upper {
        None => None,
        Some(v) => {
            let (first, last) = days_of(v)?;
            Some(if upper_inclusive {
                last
            } else {
                first.pred_opt().unwrap_or(first)
            })
        }
    };
    Ok((lo, up))
}

/// Refuses a range on anything but dates, as dossier does.
pub(super) fn check_range(field: &str) -> Result<()> {
    if field != "date" {
        bail!("ranges work on dates only (date:[2016-01 TO 2016-06]), not on {field}:");
    }
    Ok(())
}

/// The words of `text` as an engine's tokenizer would cut them: runs of letters and digits.
pub(super) fn runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Quickwit's search request: its query language, with filters joined by AND.
fn quickwit(root: &Node, options: &TranslateOptions) -> Result<Value> {
    let mut parts = Vec::new();
    if !matches!(root, Node::Empty) {
        parts.push(qw_node(root, None)?);
    }
    for s in &options.speakers {
        parts.push(format!("speakers:{}", qw_phrase(s)));
    }
    for s in &options.sources {
        parts.push(format!("source:{}", qw_phrase(s)));
    }
    if options.since.is_some() || options.until.is_some() {
        parts.push(qw_range(options.since, options.until));
    }
    let query = match parts.len() {
        0 => "*".to_string(),
        _ => parts.join(" AND "),
    };
    Ok(json!({"query": query, "max_hits": options.limit, "sort_by": "_score"}))
}

fn qw_phrase(text: &str) -> String {
    format!("\"{}\"", runs(text).join(" "))
}

fn qw_range(lo: Option<NaiveDate>, up: Option<NaiveDate>) -> String {
    let end = |d: Option<NaiveDate>| {
        d.map_or("*".to_string(), |d| {
            format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
        })
    };
    format!("date:[{} TO {}]", end(lo), end(up))
}

fn qw_node(node: &Node, inherited: Option<&str>) -> Result<String> {
    let field_of = |f: &Option<String>| match f.as_deref().or(inherited) {
        Some("speaker") => Some("speakers".to_string()),
        other => other.map(str::to_string),
    };
    let boost = |b: &Option<f32>| b.map(|b| format!("^{b}")).unwrap_or_default();
    Ok(match node {
        Node::Word {
            text,
            field,
            prefix,
            boost: b,
        } => {
            let field = field_of(field);
            if field.as_deref() == Some("date") {
                let (lo, up) = days_of(text)?;
                return Ok(qw_range(Some(lo), Some(up)));
            }
            let words = runs(text);
            let term = match (words.len(), prefix) {
                (0, _) => return Ok(String::new()),
                (1, true) => format!("{}*", words[0]),
                (1, false) => words[0].clone(),
                _ => format!("\"{}\"", words.join(" ")),
            };
            let pre = field.map(|f| format!("{f}:")).unwrap_or_default();
            format!("{pre}{term}{}", boost(b))
        }
        Node::Phrase {
            text,
            field,
            slop,
            boost: b,
        } => {
            let pre = field_of(field).map(|f| format!("{f}:")).unwrap_or_default();
            let slop = if *slop > 0 {
                format!("~{slop}")
            } else {
                String::new()
            };
            format!("{pre}{}{slop}{}", qw_phrase(text), boost(b))
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
            qw_range(lo, up)
        }
        Node::All(clauses) | Node::Any(clauses) => {
            let (mut must, mut should) = (Vec::new(), Vec::new());
            for c in clauses {
                let inner = qw_node(&c.node, inherited)?;
                if inner.is_empty() {
                    continue;
                }
                match c.occur {
                    Occur::Must => must.push(inner),
                    Occur::MustNot => must.push(format!("NOT {inner}")),
                    Occur::Should => should.push(inner),
                }
            }
            // With required clauses, optional ones only change scores: Quickwit's
            // language has no optional clause, so they are left out.
            if must.is_empty() {
                format!("({})", should.join(" OR "))
            } else {
                format!("({})", must.join(" AND "))
            }
        }
        Node::Empty => String::new(),
    })
}

/// Whether a clause only filters (dossier's `speaker:`, `source:`, `author:`, `date:`,
/// `id:` do not change scores).
pub(super) fn is_filter(node: &Node, inherited: Option<&str>) -> bool {
    let filter_field =
        |f: Option<&str>| matches!(f, Some("speaker" | "source" | "author" | "date" | "id"));
    match node {
        Node::Word { field, .. } | Node::Phrase { field, .. } => {
            filter_field(field.as_deref().or(inherited))
        }
        Node::Range { .. } => true,
        Node::All(cs) | Node::Any(cs) => cs.iter().all(|c: &Clause| is_filter(&c.node, inherited)),
        Node::Empty => false,
    }
}
