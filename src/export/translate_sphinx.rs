//! A dossier query as a SphinxQL `SELECT` on the distributed `articles` index of a
//! Manticore (or Sphinx 2.2) export: the words in `MATCH()` in Sphinx's extended syntax,
//! dates and ids as attribute filters, one hit per story by `GROUP BY story`. The first
//! column is dossier's article id (`aid`). Ranking is Sphinx's `bm25` ranker: of the
//! rankers tried on the 962 AOL queries over Reuters, its top 10 overlapped dossier's most
//! (0.864, against 0.859 for BM25F with dossier's constants and 0.862 for the default
//! `proximity_bm25`; docs/SCALE.md).

use super::translate::lang_code;
use anyhow::{bail, Result};
use chrono::NaiveDate;

use super::translate::{check_range, days_of, range_days, runs, TranslateOptions};
use crate::search::query::{Node, Occur};

/// The `SELECT` statement, on one line.
pub fn select(root: &Node, options: &TranslateOptions) -> Result<String> {
    let mut filters = Filters::default();
    let mut text = match root {
        Node::Empty => String::new(),
        _ => matching(root, None, &mut filters, true)?,
    };
    let mut extra: Vec<String> = Vec::new();
    for s in &options.speakers {
        extra.push(format!("@speakers \"{}\"", runs(s).join(" ")));
    }
    if !options.speakers.is_empty() {
        extra = vec![format!("({})", extra.join(" | "))];
    }
    let sources: Vec<String> = options
        .sources
        .iter()
        .map(|s| format!("@source \"{}\"", runs(s).join(" ")))
        .collect();
    if !sources.is_empty() {
        extra.push(format!("({})", sources.join(" | ")));
    }
    for e in extra {
        text = if text.is_empty() {
            e
        } else {
            format!("({text}) {e}")
        };
    }
    filters.narrow(options.since, options.until);
    let mut conditions = Vec::new();
    if !text.is_empty() {
        conditions.push(format!("MATCH('{text}')"));
    }
    conditions.extend(filters.sql());
    let where_ = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    let group = if options.all_copies {
        ""
    } else {
        " GROUP BY story WITHIN GROUP ORDER BY WEIGHT() DESC"
    };
    Ok(format!(
        "SELECT aid, story, WEIGHT() AS score FROM articles{where_}{group} ORDER BY score DESC, id ASC LIMIT {} OPTION ranker=bm25, max_matches={}",
        options.limit.max(1),
        options.limit.max(1000)
    ))
}

/// Attribute filters: a date window (`YYYYMMDD`) and ids.
#[derive(Default)]
struct Filters {
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    ids: Vec<String>,
    langs: Vec<String>,
}

impl Filters {
    fn narrow(&mut self, since: Option<NaiveDate>, until: Option<NaiveDate>) {
        if let Some(s) = since {
            self.since = Some(self.since.map_or(s, |x| x.max(s)));
        }
        if let Some(u) = until {
            self.until = Some(self.until.map_or(u, |x| x.min(u)));
        }
    }

    fn sql(&self) -> Vec<String> {
        let number = |d: NaiveDate| d.format("%Y%m%d").to_string();
        let mut out = Vec::new();
        match (self.since, self.until) {
            (Some(s), Some(u)) => out.push(format!("date BETWEEN {} AND {}", number(s), number(u))),
            (Some(s), None) => out.push(format!("date >= {}", number(s))),
            (None, Some(u)) => out.push(format!("date BETWEEN 1 AND {}", number(u))),
            (None, None) => {}
        }
        for lang in &self.langs {
            out.push(format!(
                "lang = '{}'",
                lang.replace('\\', "\\\\").replace('\'', "\\'")
            ));
        }
        for id in &self.ids {
            out.push(format!(
                "aid = '{}'",
                id.replace('\\', "\\\\").replace('\'', "\\'")
            ));
        }
        out
    }
}

/// Sphinx's field limit for a dossier field.
fn field_limit(field: Option<&str>) -> Result<&'static str> {
    Ok(match field {
        None => "@(title,body)",
        Some("title") => "@title",
        Some("body") => "@body",
        Some("speaker") => "@speakers",
        Some("source") => "@source",
        Some("author") => "@author",
        Some(other) => bail!("{other}: cannot be searched in a Manticore export"),
    })
}

/// The `MATCH()` text of `node`. Dates and ids become attribute filters, which only a
/// required clause (`top`: on the path of ANDs from the root) can be.
fn matching(
    node: &Node,
    inherited: Option<&str>,
    filters: &mut Filters,
    top: bool,
) -> Result<String> {
    let attribute = |field: Option<&str>| matches!(field, Some("date" | "id" | "lang"));
    let refuse = |what: &str| -> Result<String> {
        bail!("{what} can only be a required part of the query in Manticore (an attribute filter, not under OR or NOT)")
    };
    Ok(match node {
        Node::Word {
            text,
            field,
            prefix,
            ..
        } => {
            let field = field.as_deref().or(inherited);
            if attribute(field) {
                if !top {
                    return refuse("date: and id:");
                }
                if field == Some("id") {
                    filters.ids.push(text.clone());
                } else if field == Some("lang") {
                    filters.langs.push(lang_code(text));
                } else {
                    let (lo, up) = days_of(text)?;
                    filters.narrow(Some(lo), Some(up));
                }
                return Ok(String::new());
            }
            let words = runs(text);
            let term = match (words.len(), prefix) {
                (0, _) => return Ok(String::new()),
                (1, true) => format!("{}*", words[0]),
                (1, false) => words[0].clone(),
                _ => format!("\"{}\"", words.join(" ")),
            };
            format!("({} {term})", field_limit(field)?)
        }
        Node::Phrase {
            text, field, slop, ..
        } => {
            let field = field.as_deref().or(inherited);
            if attribute(field) {
                return matching(
                    &Node::Word {
                        text: text.clone(),
                        field: field.map(str::to_string),
                        prefix: false,
                        boost: None,
                    },
                    None,
                    filters,
                    top,
                );
            }
            let words = runs(text);
            if words.is_empty() {
                return Ok(String::new());
            }
            // dossier's slop counts moves; Sphinx's proximity is a window of words.
            let near = if *slop > 0 {
                format!("~{}", words.len() as u32 + slop)
            } else {
                String::new()
            };
            format!("({} \"{}\"{near})", field_limit(field)?, words.join(" "))
        }
        Node::Range {
            field,
            lower,
            upper,
            lower_inclusive,
            upper_inclusive,
        } => {
            check_range(field)?;
            if !top {
                return refuse("a date range");
            }
            let (lo, up) = range_days(lower, upper, *lower_inclusive, *upper_inclusive)?;
            filters.narrow(lo, up);
            String::new()
        }
        Node::All(clauses) | Node::Any(clauses) => {
            let has_must = clauses.iter().any(|c| c.occur == Occur::Must);
            let (mut must, mut should) = (Vec::new(), Vec::new());
            for c in clauses {
                let required = top && c.occur == Occur::Must;
                let inner = matching(&c.node, inherited, filters, required)?;
                if inner.is_empty() {
                    continue;
                }
                match c.occur {
                    Occur::Must => must.push(inner),
                    Occur::MustNot => must.push(format!("-{inner}")),
                    Occur::Should => should.push(inner),
                }
            }
            let should = match should.len() {
                0 => String::new(),
                1 => should.remove(0),
                _ => format!("({})", should.join(" | ")),
            };
            match (must.is_empty(), should.is_empty()) {
                (true, _) => should,
                (false, true) => format!("({})", must.join(" ")),
                // Required clauses with optional ones: the optional only add to the score.
                (false, false) if has_must => format!("(({}) MAYBE {should})", must.join(" ")),
                (false, false) => format!("(({}) {should})", must.join(" ")),
            }
        }
        Node::Empty => String::new(),
    })
}
