//! Batch searching for scripts: read queries a line at a time (plain, `ID<TAB>query`, or a
//! JSON object with options), run them in parallel over one open index, and hand the
//! responses back **in input order**, a bounded chunk at a time (a million-line input is
//! never held in memory).

use std::io::BufRead;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::period::{self, Edge};
use crate::search::{Engine, Response, SearchOptions, Sort};

/// Queries read and run together; bounds memory and keeps both cores busy.
const CHUNK: usize = 512;

/// One query of a batch, with its id.
#[derive(Debug, Clone)]
pub struct BatchQuery {
    /// The given id, else the line number.
    pub id: String,
    /// The search to run.
    pub options: SearchOptions,
}

/// The answer to one line of a batch.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BatchItem {
    /// The query ran.
    Answer {
        id: String,
        #[serde(flatten)]
        response: Box<Response>,
    },
    /// The line could not be read or the query could not run.
    Failed {
        id: String,
        query: String,
        error: String,
    },
}

impl BatchItem {
    /// The item's id.
    pub fn id(&self) -> &str {
        match self {
            BatchItem::Answer { id, .. } | BatchItem::Failed { id, .. } => id,
        }
    }
}

/// Counts over a whole batch, for the exit code.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Queries answered (including those with no hit).
    pub answered: u64,
    /// Queries with at least one hit.
    pub with_hits: u64,
    /// Lines that failed.
    pub failed: u64,
}

/// A JSON query line. Absent options take the batch defaults.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonLine {
    id: Option<Value>,
    query: String,
    speaker: Option<OneOrMany>,
    source: Option<OneOrMany>,
    lang: Option<OneOrMany>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    any: Option<bool>,
    sort: Option<String>,
    explain: Option<bool>,
    expand: Option<bool>,
    all_copies: Option<bool>,
    fuzzy: Option<bool>,
    suggest: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Reads one input line (1-based `line_no`). `None` for blank and `#` lines; `Err` holds
/// the failure response for a line that cannot be read as a query.
pub fn parse_line(
    line: &str,
    line_no: usize,
    defaults: &SearchOptions,
) -> Option<Result<BatchQuery, BatchItem>> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return None;
    }
    let mut options = defaults.clone();
    if trimmed.starts_with('{') {
        return Some(parse_json_line(trimmed, line_no, options));
    }
    let (id, query) = match line.split_once('\t') {
        Some((id, query)) if !id.trim().is_empty() => (id.trim().to_string(), query.trim()),
        _ => (line_no.to_string(), trimmed),
    };
    options.query = query.to_string();
    Some(Ok(BatchQuery { id, options }))
}

fn parse_json_line(
    line: &str,
    line_no: usize,
    mut options: SearchOptions,
) -> Result<BatchQuery, BatchItem> {
    let failed = |id: String, query: String, error: String| BatchItem::Failed { id, query, error };
    let parsed: JsonLine = serde_json::from_str(line).map_err(|e| {
        // The line's own id and query when they can be read from it, so that the error
        // joins back to its query; else the line number.
        let value: Option<Value> = serde_json::from_str(line).ok();
        let field = |key: &str| value.as_ref().and_then(|v| v.get(key)).cloned();
        let id = match field("id") {
            Some(Value::String(s)) => s,
            Some(v @ Value::Number(_)) => v.to_string(),
            _ => line_no.to_string(),
        };
        let query = match field("query") {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        failed(
            id,
            query,
            format!("line {line_no}: not a query object ({e}); keys are id, query, speaker, source, lang, since, until, limit, offset, any, sort, explain, expand, all_copies, fuzzy, suggest"),
        )
    })?;
    let id = match parsed.id {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => line_no.to_string(),
        Some(other) => other.to_string(),
    };
    let date = |value: Option<String>, key: &str, edge| -> Result<Option<NaiveDate>, String> {
        value
            .map(|v| period::limit(&v, edge).map_err(|e| format!("'{key}': {e}")))
            .transpose()
    };
    let query = parsed.query.clone();
    let since = date(parsed.since, "since", Edge::Since)
        .map_err(|e| failed(id.clone(), query.clone(), e))?;
    let until = date(parsed.until, "until", Edge::Until)
        .map_err(|e| failed(id.clone(), query.clone(), e))?;
    if let Some(sort) = parsed.sort {
        options.sort = parse_sort(&sort).ok_or_else(|| {
            failed(
                id.clone(),
                query.clone(),
                format!("'sort' must be relevance, date or -date, got {sort:?}"),
            )
        })?;
    }
    options.query = parsed.query;
    if let Some(s) = parsed.speaker {
        options.speakers = s.into_vec();
    }
    if let Some(s) = parsed.source {
        options.sources = s.into_vec();
    }
    if let Some(s) = parsed.lang {
        options.langs = s.into_vec();
    }
    options.since = since.or(options.since);
    options.until = until.or(options.until);
    options.limit = parsed.limit.unwrap_or(options.limit);
    options.offset = parsed.offset.unwrap_or(options.offset);
    options.any = parsed.any.unwrap_or(options.any);
    options.explain = parsed.explain.unwrap_or(options.explain);
    options.expand = parsed.expand.unwrap_or(options.expand);
    options.all_copies = parsed.all_copies.unwrap_or(options.all_copies);
    options.fuzzy = parsed.fuzzy.unwrap_or(options.fuzzy);
    options.suggest = parsed.suggest.unwrap_or(options.suggest);
    Ok(BatchQuery { id, options })
}

/// Reads a sort name as the command line spells it.
pub fn parse_sort(s: &str) -> Option<Sort> {
    match s {
        "relevance" => Some(Sort::Relevance),
        "date" => Some(Sort::Date),
        "-date" => Some(Sort::DateDesc),
        _ => None,
    }
}

/// Runs every query of `input` and calls `emit` with each answer in input order.
/// `progress` is called with the number of lines done after each chunk.
pub fn run<R: BufRead>(
    engine: &Engine,
    input: R,
    defaults: &SearchOptions,
    mut emit: impl FnMut(&BatchItem) -> std::io::Result<()>,
    mut progress: impl FnMut(u64),
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut lines = Lines::new(input).enumerate();
    let mut done = 0u64;
    loop {
        let mut chunk: Vec<Result<BatchQuery, BatchItem>> = Vec::with_capacity(CHUNK);
        for (i, line) in lines.by_ref() {
            let line = line.with_context(|| format!("cannot read query line {}", i + 1))?;
            if let Some(parsed) = parse_line(&line, i + 1, defaults) {
                chunk.push(parsed);
                if chunk.len() == CHUNK {
                    break;
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        let answers: Vec<BatchItem> = chunk
            .into_par_iter()
            .map(|q| match q {
                Ok(q) => answer(engine, q),
                Err(failed) => failed,
            })
            .collect();
        for item in &answers {
            match item {
                BatchItem::Answer { response, .. } => {
                    summary.answered += 1;
                    if response.total_hits > 0 {
                        summary.with_hits += 1;
                    }
                }
                BatchItem::Failed { .. } => summary.failed += 1,
            }
            emit(item)?;
        }
        done += answers.len() as u64;
        progress(done);
    }
    Ok(summary)
}

/// The lines of the input, each decoded on its own: UTF-8, else Windows-1252 (as `index`
/// reads files), so one line in another encoding costs nothing else. A byte-order mark at
/// the start is dropped.
struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
    first: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Lines {
            input,
            buffer: Vec::new(),
            first: true,
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<String>;

    fn next(&mut self) -> Option<Self::Item> {
        self.buffer.clear();
        match self.input.read_until(b'\n', &mut self.buffer) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => return Some(Err(e)),
        }
        let mut bytes = self.buffer.as_slice();
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if std::mem::take(&mut self.first) {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let line = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        };
        Some(Ok(line))
    }
}

fn answer(engine: &Engine, q: BatchQuery) -> BatchItem {
    match engine.search(&q.options) {
        Ok(response) => BatchItem::Answer {
            id: q.id,
            response: Box::new(response),
        },
        Err(e) => BatchItem::Failed {
            id: q.id,
            query: q.options.query,
            error: format!("{e:#}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Option<Result<BatchQuery, BatchItem>> {
        parse_line(line, 7, &SearchOptions::default())
    }

    #[test]
    fn plain_tab_and_skipped_lines() {
        let q = parse("  harbour bridge ").unwrap().unwrap();
        assert_eq!(
            (q.id.as_str(), q.options.query.as_str()),
            ("7", "harbour bridge")
        );
        let q = parse("q12\tferry OR port").unwrap().unwrap();
        assert_eq!(
            (q.id.as_str(), q.options.query.as_str()),
            ("q12", "ferry OR port")
        );
        assert!(parse("").is_none());
        assert!(parse("   ").is_none());
        assert!(parse("# comment").is_none());
    }

    #[test]
    fn json_lines_override_defaults() {
        let q = parse(
            r#"{"id": 5, "query": "x", "speaker": "okafor", "source": ["a", "b"], "since": "2024-01-01", "limit": 3, "any": true, "sort": "-date"}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(q.id, "5");
        assert_eq!(q.options.speakers, vec!["okafor"]);
        assert_eq!(q.options.sources, vec!["a", "b"]);
        assert_eq!(q.options.since, NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(q.options.limit, 3);
        assert!(q.options.any);
        assert_eq!(q.options.sort, Sort::DateDesc);
        let q = parse(r#"{"query": "x"}"#).unwrap().unwrap();
        assert_eq!(q.id, "7");
        assert_eq!(q.options.limit, 10);
    }

    #[test]
    fn bad_json_lines_fail_alone() {
        for line in [
            r#"{"query": "x", "since": "soon"}"#,
            r#"{"query": "x", "sort": "up"}"#,
            r#"{"qeury": "x"}"#,
            r#"{"query": "x""#,
        ] {
            match parse(line).unwrap() {
                Err(BatchItem::Failed { error, .. }) => assert!(!error.is_empty()),
                other => panic!("{line}: {other:?}"),
            }
        }
    }
}
