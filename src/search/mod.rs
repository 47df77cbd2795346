//! Searching: parse a query, apply filters (speaker, source, dates), rank or sort, and
//! return plain serialisable results with snippets. Nothing here formats output.

use std::collections::HashSet;
use std::ops::{Bound, Range};
use std::time::Instant;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, QueryParser,
    QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::article::{Article, Quote};
use crate::index::Searchable;
use crate::rank::{Bm25Params, Bm25Query};
use crate::schema::{self, names, Fields, QUERY_FIELDS};
use crate::snippet::{Highlighter, Snippet, SnippetOptions};

/// Weight of a title match relative to a body match. A title match already counts on top
/// of the body's (the fields are scored separately), so no extra boost is needed: on CACM,
/// 1.0 beats 0.7, 1.2, 1.5 and 2.0 (see README, "Ranking quality").
const TITLE_BOOST: f32 = 1.0;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Oldest first; undated last.
    Date,
    /// Newest first; undated last.
    DateDesc,
}

/// Everything a search needs besides the index.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// The query, in tantivy's query language.
    pub query: String,
    /// Any term may match (OR) instead of all (AND).
    pub any: bool,
    /// Only articles quoting one of these speakers (any part of the name, folded).
    pub speakers: Vec<String>,
    /// Only articles from one of these sources.
    pub sources: Vec<String>,
    /// Only articles dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Only articles dated on or before this day.
    pub until: Option<NaiveDate>,
    /// Order of hits.
    pub sort: Sort,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Snippet shape; `None` for no snippets (faster).
    pub snippets: Option<SnippetOptions>,
}

impl SearchOptions {
    /// Refuses options that cannot mean anything: an empty name to filter by, a date range
    /// that ends before it starts.
    pub fn check(&self) -> Result<(), QueryError> {
        if self.speakers.iter().any(|s| s.trim().is_empty()) {
            return Err(QueryError("the speaker to filter by is empty".into()));
        }
        if self.sources.iter().any(|s| s.trim().is_empty()) {
            return Err(QueryError("the source to filter by is empty".into()));
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since > until {
                return Err(QueryError(format!(
                    "the date range is empty: since {since} is after until {until}"
                )));
            }
        }
        Ok(())
    }
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            query: String::new(),
            any: false,
            speakers: Vec::new(),
            sources: Vec::new(),
            since: None,
            until: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            snippets: Some(SnippetOptions::default()),
        }
    }
}

/// A search's answer. The JSON shape is documented in the README.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Response {
    /// The query as given.
    pub query: String,
    /// Matching articles in all (not only those returned).
    pub total_hits: u64,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// The returned hits, best (or first by date) first.
    pub hits: Vec<Hit>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    /// 1-based rank, counting the offset.
    pub rank: usize,
    /// BM25 score (0 when sorted by date).
    pub score: f32,
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub author: String,
    /// `YYYY-MM-DD` or null.
    pub date: Option<NaiveDate>,
    pub speakers: Vec<String>,
    /// Best passages of the body with highlights.
    pub snippets: Vec<Snippet>,
    /// The article's quotations that match the query.
    pub quotes: Vec<QuoteMatch>,
}

/// A quotation of a hit that matches the query.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteMatch {
    pub speaker: String,
    pub text: String,
}

/// A quotation search's answer (`query --quotes`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteResponse {
    /// The query as given.
    pub query: String,
    /// Matching quotations among the best matching articles.
    pub total_hits: u64,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// The returned quotations, best first.
    pub hits: Vec<QuoteHit>,
}

/// One matching quotation, with the article it is from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteHit {
    pub rank: usize,
    /// The article's score.
    pub score: f32,
    pub speaker: String,
    pub text: String,
    /// `[start, end)` char offsets of the query words in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The article's id, path, title, source and date.
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub date: Option<NaiveDate>,
}

/// How many of the best matching articles a quotation search looks into.
const QUOTE_CANDIDATES: usize = 1000;

/// Matching articles of a search, before their documents are loaded.
struct Found {
    total: usize,
    docs: Vec<(f32, DocAddress)>,
    highlighter: Highlighter,
    /// The requested speakers' names, analyzed (empty: any speaker).
    speakers: Vec<Vec<String>>,
}

/// Errors of a search that are the user's to fix (the message says how).
#[derive(Debug)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for QueryError {}

/// A searcher over one open index, reusable across many queries (and threads).
pub struct Engine {
    searcher: Searcher,
    dir: std::path::PathBuf,
    fields: Fields,
    all_parser: QueryParser,
    any_parser: QueryParser,
    text_analyzer: TextAnalyzer,
    name_analyzer: TextAnalyzer,
}

impl Engine {
    /// Prepares searching the last commit of `index`.
    pub fn new(index: &Searchable) -> Self {
        let f = index.fields;
        let parser = |all: bool| {
            let mut p = QueryParser::for_index(&index.index, vec![f.title, f.body]);
            p.set_field_boost(f.title, TITLE_BOOST);
            if all {
                p.set_conjunction_by_default();
            }
            p
        };
        Engine {
            searcher: index.reader.searcher(),
            dir: index.dir.clone(),
            fields: f,
            all_parser: parser(true),
            any_parser: parser(false),
            text_analyzer: schema::text_analyzer(),
            name_analyzer: schema::name_analyzer(),
        }
    }

    /// Statistics of the index, with the `top` most frequent sources and speakers.
    pub fn stats(&self, top: usize) -> anyhow::Result<crate::stats::Stats> {
        crate::stats::stats(&self.searcher, &self.dir, top)
    }

    /// Speakers with their quotation and article counts, over all articles or those that
    /// match `options` (its query, if not empty, and its filters); most quoted first, the
    /// `top` of them (0: all).
    pub fn speakers(
        &self,
        options: &SearchOptions,
        top: usize,
    ) -> anyhow::Result<Vec<crate::stats::SpeakerCount>> {
        options.check()?;
        let filtered = !options.speakers.is_empty()
            || !options.sources.is_empty()
            || options.since.is_some()
            || options.until.is_some();
        if options.query.trim().is_empty() && !filtered {
            return crate::stats::speakers(&self.searcher, None, top);
        }
        let query: Box<dyn Query> = if options.query.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            self.parse(&options.query, options.any)?
        };
        let query = self.filtered(query, options);
        crate::stats::speakers(&self.searcher, Some(query.as_ref()), top)
    }

    /// Parses the user query into a tantivy query, with a message for the user on error.
    fn parse(&self, query: &str, any: bool) -> Result<Box<dyn Query>, QueryError> {
        if query.trim().is_empty() || query.trim() == "*" {
            return Ok(Box::new(AllQuery));
        }
        // Only stop words ("to be or not to be", "+the"): nothing indexed can match them.
        if analyze(&self.text_analyzer, &plain_words(query)).is_empty() {
            return Ok(Box::new(EmptyQuery));
        }
        let parser = if any {
            &self.any_parser
        } else {
            &self.all_parser
        };
        match parser.parse_query(query) {
            Ok(q) => Ok(q),
            // Plain text that happens to break the grammar ("I'm", "Note: ...", "(or") is
            // searched as its words; a query that uses operators is held to the grammar.
            Err(e) if !uses_operators(query) => parser
                .parse_query(&plain_words(query))
                .map_err(|_| explain(query, e)),
            Err(e) => Err(explain(query, e)),
        }
    }

    /// Runs a search for articles.
    pub fn search(&self, options: &SearchOptions) -> anyhow::Result<Response> {
        let started = Instant::now();
        let found = self.top_articles(options, options.limit, options.offset)?;
        let mut hits = Vec::with_capacity(found.docs.len());
        for (i, &(score, address)) in found.docs.iter().enumerate() {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let article = schema::from_document(&self.fields, &doc);
            hits.push(self.make_hit(article, options.offset + i + 1, score, &found, options));
        }
        Ok(Response {
            query: options.query.clone(),
            total_hits: found.total as u64,
            took_ms: millis(started),
            hits,
        })
    }

    /// Runs a search for quotations: each hit is a quotation (of the requested speakers,
    /// if any) that contains a query word, from the best matching articles. Quotations are
    /// ranked by how many distinct query words they hold, then by their article's rank.
    pub fn search_quotes(&self, options: &SearchOptions) -> anyhow::Result<QuoteResponse> {
        let started = Instant::now();
        let found = self.top_articles(options, QUOTE_CANDIDATES, 0)?;
        let mut quotes: Vec<(usize, usize, f32, QuoteHit)> = Vec::new();
        for (order, (score, address)) in found.docs.into_iter().enumerate() {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let article = schema::from_document(&self.fields, &doc);
            for q in &article.quotes {
                if !self.speaker_wanted(&q.speaker, &found.speakers) {
                    continue;
                }
                let words = found.highlighter.distinct_matches(&q.text);
                if words == 0 && !found.highlighter.is_empty() {
                    continue;
                }
                quotes.push((
                    words,
                    order,
                    score,
                    QuoteHit {
                        rank: 0,
                        score,
                        speaker: q.speaker.clone(),
                        highlights: found.highlighter.highlight(&q.text),
                        text: q.text.clone(),
                        id: article.id.clone(),
                        path: article.path.clone(),
                        title: article.title.clone(),
                        source: article.source.clone(),
                        date: article.date,
                    },
                ));
            }
        }
        // Stable: quotations of one article keep their order in the text.
        quotes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let total = quotes.len() as u64;
        let hits = quotes
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .enumerate()
            .map(|(i, (_, _, _, mut hit))| {
                hit.rank = options.offset + i + 1;
                hit
            })
            .collect();
        Ok(QuoteResponse {
            query: options.query.clone(),
            total_hits: total,
            took_ms: millis(started),
            hits,
        })
    }

    /// The matching articles in `options`' order: how many in all, and `limit` of them
    /// from `offset`, with their scores (0 when sorted by date) and the query's highlighter.
    fn top_articles(
        &self,
        options: &SearchOptions,
        limit: usize,
        offset: usize,
    ) -> anyhow::Result<Found> {
        options.check()?;
        let user_query = self.parse(&options.query, options.any)?;
        let highlighter = self.highlighter(user_query.as_ref(), &options.query);
        // No more hits than articles: a huge --limit or --offset costs nothing.
        let articles = self.searcher.num_docs() as usize;
        let offset = offset.min(articles);
        let limit = limit.min(articles - offset);
        let ranked = Bm25Query::new(
            user_query,
            vec![(self.fields.title, TITLE_BOOST)],
            Bm25Params::default(),
        );
        let query = self.filtered(Box::new(ranked), options);
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (total, docs): (usize, Vec<(f32, DocAddress)>) = match options.sort {
            Sort::Relevance => self
                .searcher
                .search(&query, &(Count, top.order_by_score()))?,
            Sort::Date | Sort::DateDesc => {
                let order = if options.sort == Sort::Date {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let (n, docs) = self.searcher.search(
                    &query,
                    &(
                        Count,
                        top.order_by_fast_field::<DateTime>(names::DATE, order),
                    ),
                )?;
                (n, docs.into_iter().map(|(_, d)| (0.0, d)).collect())
            }
        };
        let docs = if limit == 0 { Vec::new() } else { docs };
        let speakers = options
            .speakers
            .iter()
            .map(|name| analyze(&self.name_analyzer, name))
            .filter(|words| !words.is_empty())
            .collect();
        Ok(Found {
            total,
            docs,
            highlighter,
            speakers,
        })
    }

    /// The query words to highlight in bodies: the body terms of the parsed query (the
    /// words of a phrase only where they follow each other), plus prefixes written as `word*`.
    pub fn highlighter(&self, query: &dyn Query, text: &str) -> Highlighter {
        let body = self.fields.body;
        let mut phrases: Vec<Vec<String>> = Vec::new();
        collect_phrases(query, body, &mut phrases);
        let in_phrase: HashSet<&str> = phrases.iter().flatten().map(String::as_str).collect();
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, in_positions| {
            if term.field() == body {
                if let Some(s) = term.value().as_str() {
                    // A phrase's words alone are not matches (unless also asked for alone).
                    if !in_positions || !in_phrase.contains(s) {
                        terms.insert(s.to_string());
                    }
                }
            }
        });
        let prefixes: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter_map(|w| w.strip_suffix('*'))
            .map(|w| {
                w.rsplit(':')
                    .next()
                    .unwrap_or(w)
                    .trim_start_matches(['+', '-'])
            })
            .filter(|w| !w.is_empty())
            .map(|w| analyze(&self.name_analyzer, w).join(" "))
            .collect();
        let mut initials: Vec<char> = terms
            .iter()
            .chain(phrases.iter().flatten())
            .chain(prefixes.iter())
            .filter_map(|t| t.chars().next())
            .collect();
        initials.sort_unstable();
        initials.dedup();
        let analyzer = crate::analysis::highlight_analyzer(&initials);
        Highlighter::new(terms, phrases, prefixes, analyzer)
    }

    /// Builds a hit from a stored article: snippets and matching quotations.
    fn make_hit(
        &self,
        article: Article,
        rank: usize,
        score: f32,
        found: &Found,
        options: &SearchOptions,
    ) -> Hit {
        let matching: Vec<&Quote> = article
            .quotes
            .iter()
            .filter(|q| {
                found.highlighter.matches(&q.text)
                    && self.speaker_wanted(&q.speaker, &found.speakers)
            })
            .collect();
        let snippets = match options.snippets {
            Some(shape) => {
                let preferred = char_ranges_to_bytes(&article.body, &matching);
                found.highlighter.snippets(&article.body, shape, &preferred)
            }
            None => Vec::new(),
        };
        let quotes = matching
            .iter()
            .map(|q| QuoteMatch {
                speaker: q.speaker.clone(),
                text: q.text.clone(),
            })
            .collect();
        Hit {
            rank,
            score,
            id: article.id,
            path: article.path,
            title: article.title,
            source: article.source,
            author: article.author,
            date: article.date,
            speakers: article.speakers,
            snippets,
            quotes,
        }
    }

    /// Whether a quotation's speaker is one of `wanted` (analyzed names; none: any speaker
    /// is). A name matches when all its words are among the speaker's (case and accents
    /// folded).
    fn speaker_wanted(&self, speaker: &str, wanted: &[Vec<String>]) -> bool {
        if wanted.is_empty() {
            return true;
        }
        let have = analyze(&self.name_analyzer, speaker);
        wanted
            .iter()
            .any(|want| want.iter().all(|t| have.contains(t)))
    }

    /// Adds the filters of `options` to `query`; filters do not change scores.
    fn filtered(&self, query: Box<dyn Query>, options: &SearchOptions) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        let f = &self.fields;
        if let Some(q) = self.any_name(f.speaker, &options.speakers) {
            clauses.push((Occur::Must, q));
        }
        if let Some(q) = self.any_name(f.source, &options.sources) {
            clauses.push((Occur::Must, q));
        }
        if options.since.is_some() || options.until.is_some() {
            // Dates are stored at midnight, so both ends are inclusive days.
            let bound = |d: Option<NaiveDate>| match d {
                None => Bound::Unbounded,
                Some(d) => Bound::Included(Term::from_field_date_for_search(
                    f.date,
                    schema::to_index_date(d),
                )),
            };
            let range = RangeQuery::new(bound(options.since), bound(options.until));
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        if clauses.len() == 1 {
            return clauses
                .pop()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A filter matching any of `names` in a name field: each name's words as a phrase, so
    /// `sheinbaum` and `Claudia Sheinbaum` both match "Claudia Sheinbaum".
    fn any_name(&self, field: Field, values: &[String]) -> Option<Box<dyn Query>> {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for value in values {
            let terms = analyze(&self.name_analyzer, value)
                .into_iter()
                .map(|t| Term::from_field_text(field, &t))
                .collect::<Vec<_>>();
            let q: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(
                    terms.into_iter().next()?,
                    IndexRecordOption::Basic,
                )),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            alternatives.push((Occur::Should, q));
        }
        if alternatives.is_empty() {
            if values.is_empty() {
                return None;
            }
            // Names with no words match nothing.
            return Some(Box::new(BooleanQuery::new(vec![(
                Occur::Must,
                Box::new(EmptyQuery),
            )])));
        }
        Some(Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(alternatives)),
            0.0,
        )))
    }
}

/// The phrases of `field` in a parsed query, as analyzed words.
fn collect_phrases(query: &dyn Query, field: Field, out: &mut Vec<Vec<String>>) {
    if let Some(b) = query.downcast_ref::<BooleanQuery>() {
        for (occur, sub) in b.clauses() {
            if *occur != Occur::MustNot {
                collect_phrases(sub.as_ref(), field, out);
            }
        }
    } else if let Some(p) = query.downcast_ref::<PhraseQuery>() {
        if p.field() == field {
            let words: Vec<String> = p
                .phrase_terms()
                .iter()
                .filter_map(|t| t.value().as_str().map(str::to_string))
                .collect();
            out.push(words);
        }
    }
}

/// Byte ranges of quotations given in char offsets.
fn char_ranges_to_bytes(body: &str, quotes: &[&Quote]) -> Vec<Range<usize>> {
    if quotes.is_empty() {
        return Vec::new();
    }
    let offsets: Vec<usize> = body
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(body.len()))
        .collect();
    quotes
        .iter()
        .filter_map(|q| Some(*offsets.get(q.start)?..*offsets.get(q.end)?))
        .collect()
}

/// Analyzed tokens of `text`.
fn analyze(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Milliseconds since `started`, to the microsecond.
fn millis(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

/// Whether a query uses the query language on purpose: `field:value`, AND/OR/NOT, `+word`
/// or `-word`, `^boost`, `~slop`, ranges, `word*`.
fn uses_operators(query: &str) -> bool {
    let chars: Vec<char> = query.chars().collect();
    let word_start = |i: usize| i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(';
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let operator = match c {
            ':' => prev.is_alphanumeric() && (next.is_alphanumeric() || "\"([{*".contains(next)),
            '+' | '-' => word_start(i) && (next.is_alphanumeric() || next == '"' || next == '('),
            '^' | '~' => next.is_ascii_digit(),
            '*' => prev.is_alphanumeric(),
            '[' | '{' => true,
            _ => false,
        };
        if operator {
            return true;
        }
    }
    query
        .split_whitespace()
        .any(|w| matches!(w, "AND" | "OR" | "NOT" | "&&" | "||"))
}

/// The words of a query, without any punctuation the grammar could read as syntax.
fn plain_words(query: &str) -> String {
    query
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Turns a query parser error into a message that says what is wrong and where.
fn explain(query: &str, error: QueryParserError) -> QueryError {
    let message = match &error {
        QueryParserError::FieldDoesNotExist(field) => format!(
            "unknown field '{field}' in query — fields are: {}",
            QUERY_FIELDS.join(", ")
        ),
        QueryParserError::SyntaxError(detail) => {
            let hint = syntax_hint(query);
            format!(
                "query syntax error in {query:?}{}{hint} — quote a phrase with \"...\", or escape special characters with \\",
                if detail.is_empty() || detail == query { String::new() } else { format!(" near {detail:?}") }
            )
        }
        QueryParserError::AllButQueryForbidden => format!(
            "query {query:?} only excludes terms — add a term to search for"
        ),
        QueryParserError::DateFormatError(_) => format!(
            "bad date in query {query:?} — write dates as date:[2025-01-01T00:00:00Z TO 2025-12-31T00:00:00Z]"
        ),
        other => format!("cannot run query {query:?}: {other}"),
    };
    QueryError(message)
}

/// Points at the most likely offending part of a query that failed to parse.
fn syntax_hint(query: &str) -> String {
    let quotes = query.matches('"').count();
    if quotes % 2 == 1 {
        let at = query.rfind('"').unwrap_or(0);
        return format!(
            ": unclosed quote at character {}",
            query[..at].chars().count() + 1
        );
    }
    let mut depth: i32 = 0;
    for (i, c) in query.chars().enumerate() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth < 0 {
                    return format!(": unmatched '{c}' at character {}", i + 1);
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        return ": unclosed parenthesis or bracket".into();
    }
    let trimmed = query.trim_end();
    if let Some(c) = trimmed
        .chars()
        .last()
        .filter(|c| matches!(c, ':' | '^' | '+' | '-'))
    {
        return format!(": nothing after '{c}' at the end");
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_told_from_plain_text() {
        for q in [
            "title:mexico",
            "a AND b",
            "+must -not",
            "x^2",
            "\"a b\"~3",
            "date:[2020 TO 2021]",
            "sover*",
            "(a OR b)",
        ] {
            assert!(uses_operators(q), "{q}");
        }
        for q in [
            "I'm interested in Examples: of (this",
            "U.S.-Mexico talks - why?",
            "\"unclosed words",
        ] {
            assert!(!uses_operators(q), "{q}");
        }
        assert_eq!(plain_words("I'm (x): \"y\""), "I m  x    y ");
    }

    #[test]
    fn hints_point_at_the_problem() {
        assert_eq!(
            syntax_hint("\"open phrase"),
            ": unclosed quote at character 1"
        );
        assert_eq!(syntax_hint("a (b"), ": unclosed parenthesis or bracket");
        assert_eq!(syntax_hint("a b)"), ": unmatched ')' at character 4");
        assert_eq!(syntax_hint("title:"), ": nothing after ':' at the end");
        assert_eq!(syntax_hint("fine"), "");
    }
}
