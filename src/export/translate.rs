//! `dossier translate`: a dossier query in the query language of the engine an index was
//! exported to, so that users keep their queries when they move. The query is read by
//! dossier's own parser (`search::query`); each node of its tree becomes the engine's
//! construct:
//!
//! | dossier | Elasticsearch / OpenSearch | Quickwit | Manticore (SphinxQL) |
//! |---|---|---|---|
//! | `oil` (title or body) | `multi_match` on title, body and each language's (`title_es`, `body_es`) | `oil` (default fields) | `@(title,body) oil` |
//! | `"oil prices"~2` | `multi_match` `phrase`, `slop` | `"oil prices"~2` | `"oil prices"~3` (window) |
//! | `pric*` | `multi_match` `phrase_prefix` | `pric*` | `pric*` |
//! | `a AND b`, `a OR b`, `NOT a` | `bool` `must`, `should`, `must_not` | `AND`, `OR`, `NOT` | space, `\|`, `-` |
//! | `title:`, `body:` | the field, and each language's | the field | `@title`, `@body` |
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
    /// Only articles in one of these languages (as `lang:` in the query).
    pub langs: Vec<String>,
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
    let mut parsed =
        query::parse_with(text, QUERY_FIELDS, options.any).map_err(|e| anyhow::anyhow!("{e}"))?;
    parsed.root = with_langs(parsed.root, &options.langs);
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

/// `root` narrowed to the languages of `--lang`, as `lang:a OR lang:b` would narrow it.
fn with_langs(root: Node, langs: &[String]) -> Node {
    let mut any: Vec<Clause> = langs
        .iter()
        .map(|l| Clause {
            occur: Occur::Should,
            node: Node::Word {
                text: l.trim().to_string(),
                field: Some("lang".into()),
                prefix: false,
                boost: None,
            },
        })
        .collect();
    let lang = match any.len() {
        0 => return root,
        1 => any.remove(0).node,
        _ => Node::Any(any),
    };
    let must = |node| Clause {
        occur: Occur::Must,
        node,
    };
    match root {
        Node::Empty => lang,
        root => Node::All(vec![must(root), must(lang)]),
    }
}

/// The first and last day of a `date:` value.
pub(super) fn days_of(value: &str) -> Result<(NaiveDate, NaiveDate)> {
    crate::period::period(value).ok_or_else(|| not_a_date(value))
}

/// The error for a date that names no period.
fn not_a_date(value: &str) -> anyhow::Error {
    anyhow::anyhow!("expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {value:?}")
}

/// The days a range node covers, ends included; `None` is open.
pub(super) fn range_days(
    lower: &Option<String>,
    upper: &Option<String>,
    lower_inclusive: bool,
    upper_inclusive: bool,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>)> {
    crate::period::range(
        lower.as_deref(),
        upper.as_deref(),
        lower_inclusive,
        upper_inclusive,
    )
    .map_err(|v| not_a_date(&v))
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

/// The language code a `lang:` value names (`es-MX`, `Spanish` → `es`), as the index has it.
pub(super) fn lang_code(text: &str) -> String {
    crate::extract::language::from_metadata(text).unwrap_or_else(|| text.trim().to_lowercase())
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
            if field.as_deref() == Some("lang") {
                return Ok(format!("lang:{}", lang_code(text)));
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
    let filter_field = |f: Option<&str>| {
        matches!(
            f,
            Some("speaker" | "source" | "author" | "date" | "id" | "lang")
        )
    };
    match node {
        Node::Word { field, .. } | Node::Phrase { field, .. } => {
            filter_field(field.as_deref().or(inherited))
        }
        Node::Range { .. } => true,
        Node::All(cs) | Node::Any(cs) => cs.iter().all(|c: &Clause| is_filter(&c.node, inherited)),
        Node::Empty => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(q: &str, o: &TranslateOptions) -> Value {
        serde_json::from_str(&translate(Target::Elasticsearch, q, o).unwrap().query).unwrap()
    }

    fn qw(q: &str) -> String {
        let t = translate(Target::Quickwit, q, &opts()).unwrap();
        let v: Value = serde_json::from_str(&t.query).unwrap();
        v["query"].as_str().unwrap().to_string()
    }

    fn sql(q: &str, o: &TranslateOptions) -> String {
        translate(Target::Manticore, q, o).unwrap().query
    }

    fn opts() -> TranslateOptions {
        TranslateOptions {
            limit: 10,
            ..TranslateOptions::default()
        }
    }

    /// The query part of an Elasticsearch body, compact.
    fn es_query(q: &str) -> String {
        es(q, &opts())["query"]["bool"]["must"][0].to_string()
    }

    /// The text fields of every language, headline and text (`title`, `body`, `title_es`,
    /// `body_es`, ...), or only the headlines or only the texts, as the table has them.
    fn text_fields(title: bool, body: bool) -> Value {
        let pairs = std::iter::once(("title", "body")).chain(
            crate::engine::languages::ANALYSED
                .iter()
                .map(|l| (l.title, l.body)),
        );
        let mut fields = Vec::new();
        for (t, b) in pairs {
            fields.extend(title.then_some(t));
            fields.extend(body.then_some(b));
        }
        json!(fields)
    }

    #[test]
    fn words_and_phrases() {
        let all = text_fields(true, true);
        assert_eq!(
            all.as_array().unwrap()[..4],
            ["title", "body", "title_es", "body_es"]
        );
        assert_eq!(
            es_query("oil"),
            json!({"multi_match":{"fields":all,"operator":"and","query":"oil","type":"best_fields"}}).to_string()
        );
        assert_eq!(
            es_query("\"oil prices\"~2"),
            json!({"multi_match":{"fields":all,"query":"oil prices","slop":2,"type":"phrase"}})
                .to_string()
        );
        assert_eq!(qw("oil"), "oil");
        assert_eq!(qw("\"oil prices\"~2"), "\"oil prices\"~2");
        assert!(sql("oil", &opts()).contains("MATCH('(@(title,body) oil)')"));
        // Sphinx's proximity is a window: two words two moves apart fit in four.
        assert!(
            sql("\"oil prices\"~2", &opts()).contains(r#"MATCH('(@(title,body) "oil prices"~4)')"#)
        );
        // A word the engines would cut in two stays one phrase.
        assert!(sql("U.S.", &opts()).contains(r#""u s""#));
        assert_eq!(qw("AT&T"), "\"at t\"");
    }

    #[test]
    fn and_or_not() {
        let q = es_query("(oil OR gas) AND NOT opec");
        let v: Value = serde_json::from_str(&q).unwrap();
        assert_eq!(
            v["bool"]["must"][0]["bool"]["should"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(v["bool"]["must"][0]["bool"]["minimum_should_match"], 1);
        assert_eq!(v["bool"]["must_not"][0]["multi_match"]["query"], "opec");
        assert_eq!(
            qw("(oil OR gas) AND NOT opec"),
            "((oil OR gas) AND NOT opec)"
        );
        assert!(sql("(oil OR gas) AND NOT opec", &opts()).contains(
            "MATCH('(((@(title,body) oil) | (@(title,body) gas)) -(@(title,body) opec))')"
        ));
        // Required and optional clauses: the optional only score.
        assert!(sql(
            "+oil gas --any",
            &TranslateOptions {
                any: true,
                ..opts()
            }
        )
        .contains("MAYBE"));
    }

    #[test]
    fn prefixes_and_fields() {
        let v: Value = serde_json::from_str(&es_query("title:pric*")).unwrap();
        assert_eq!(v["multi_match"]["type"], "phrase_prefix");
        assert_eq!(v["multi_match"]["fields"], text_fields(true, false));
        let v: Value = serde_json::from_str(&es_query("body:oil")).unwrap();
        assert_eq!(v["multi_match"]["fields"], text_fields(false, true));
        assert_eq!(qw("title:pric*"), "title:pric*");
        assert_eq!(qw("body:oil^2"), "body:oil^2");
        assert!(sql("title:pric*", &opts()).contains("(@title pric*)"));
        assert!(sql("body:oil", &opts()).contains("(@body oil)"));
    }

    #[test]
    fn lang_options_narrow_as_lang_in_the_query_does() {
        let o = TranslateOptions {
            langs: vec!["es-MX".into()],
            ..opts()
        };
        // The same translation as `lang:es` typed in the query, in every engine.
        for target in [Target::Elasticsearch, Target::Quickwit, Target::Manticore] {
            let with_option = translate(target, "oil", &o).unwrap().query;
            let typed = translate(target, "oil lang:es", &opts()).unwrap().query;
            assert_eq!(with_option, typed, "{target:?}");
        }
        let both = TranslateOptions {
            langs: vec!["es".into(), "Portuguese".into()],
            ..opts()
        };
        let q = translate(Target::Quickwit, "oil", &both).unwrap().query;
        assert!(q.contains("lang:es OR lang:pt"), "{q}");
        // Without a query, the language alone.
        let q = es("*", &o);
        assert!(q.to_string().contains(r#"{"term":{"lang":"es"}}"#), "{q}");
    }

    #[test]
    fn speaker_source_author_and_id_filter() {
        let q = es("oil speaker:trump source:reuters", &opts());
        let filter = &q["query"]["bool"]["must"][0]["bool"]["filter"];
        assert_eq!(
            filter[0],
            json!({"match_phrase": {"speakers.words": "trump"}})
        );
        assert_eq!(
            filter[1],
            json!({"match_phrase": {"source.words": "reuters"}})
        );
        assert_eq!(qw("speaker:\"Donald Trump\""), "speakers:\"donald trump\"");
        let s = sql("oil speaker:trump author:\"jane roe\" id:r-1", &opts());
        assert!(s.contains("(@speakers trump)"), "{s}");
        assert!(s.contains("(@author \"jane roe\")"), "{s}");
        assert!(s.contains("aid = 'r-1'"), "{s}");
        // An id under OR is no attribute filter: said, not mistranslated.
        assert!(translate(Target::Manticore, "oil OR id:r-1", &opts()).is_err());
        assert!(translate(Target::Elasticsearch, "date:[oil TO gas]", &opts()).is_err());
        assert!(translate(Target::Elasticsearch, "title:[a TO b]", &opts()).is_err());
    }

    #[test]
    fn dates_and_option_filters() {
        let o = TranslateOptions {
            speakers: vec!["Sheinbaum".into()],
            sources: vec!["Reuters".into()],
            since: NaiveDate::from_ymd_opt(1987, 3, 1),
            until: NaiveDate::from_ymd_opt(1987, 3, 31),
            ..opts()
        };
        let q = es("oil", &o);
        let filter = q["query"]["bool"]["filter"].to_string();
        assert!(
            filter.contains(r#""speakers.words":"Sheinbaum""#),
            "{filter}"
        );
        assert!(filter.contains(r#"{"range":{"date":{"gte":"1987-03-01","lte":"1987-03-31"}}}"#));
        let s = sql("oil date:1987-03-02", &o);
        assert!(s.contains("(@speakers \"sheinbaum\")") && s.contains("(@source \"reuters\")"));
        assert!(s.contains("date BETWEEN 19870302 AND 19870302"), "{s}");
        let s = sql("oil date:>=1987-03", &opts());
        assert!(s.contains("date >= 19870301"), "{s}");
        assert_eq!(
            qw("date:[1987-03 TO 1987-04}"),
            "date:[1987-03-01T00:00:00Z TO 1987-03-31T00:00:00Z]"
        );
        // A query of filters only filters.
        let v = es("date:1987", &opts())["query"]["bool"]["filter"][0].to_string();
        assert!(
            v.contains(r#""gte":"1987-01-01","lte":"1987-12-31""#),
            "{v}"
        );
    }

    #[test]
    fn one_hit_per_story_unless_all_copies() {
        assert_eq!(es("oil", &opts())["collapse"], json!({"field": "story"}));
        assert_eq!(es("oil", &opts())["size"], 10);
        let all = TranslateOptions {
            all_copies: true,
            ..opts()
        };
        assert!(es("oil", &all).get("collapse").is_none());
        let s = sql("oil", &opts());
        assert!(s.starts_with("SELECT aid, story, WEIGHT() AS score FROM articles WHERE"));
        assert!(s.contains("GROUP BY story"));
        assert!(!sql("oil", &all).contains("GROUP BY"));
        let t = translate(Target::Quickwit, "oil", &opts()).unwrap();
        assert!(t.notes[0].contains("cannot collapse"));
    }

    #[test]
    fn empty_queries_list_by_filter() {
        let o = TranslateOptions {
            since: NaiveDate::from_ymd_opt(1987, 3, 1),
            ..opts()
        };
        assert_eq!(
            es("", &o)["query"]["bool"]["must"][0],
            json!({"match_all": {}})
        );
        assert!(!sql("", &o).contains("MATCH"));
        assert_eq!(qw(""), "*");
    }
}
