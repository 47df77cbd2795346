//! Searching: read the query ([`query`] parses the text, [`compile`] turns the tree into
//! what tantivy runs), apply filters (speaker, source, dates), rank or sort, and return
//! plain serialisable results with snippets. Nothing here formats output.

mod article;
mod collapse;
mod compile;
mod error;
mod excluded;
mod expand;
mod facets;
mod fuzzy;
pub(crate) mod query;
mod speakers;

use std::ops::{Bound, Range};
use std::time::Instant;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::article::{Article, Quote};
use crate::engine::analysis::analyze;
use crate::engine::languages;
use crate::engine::open::Searchable;
use crate::engine::rank::{Bm25Params, Bm25Query};
use crate::engine::schema::{self, names, Fields};
pub use crate::registry::keep_in_memory as keep_registry_in_memory;
use crate::snippet::{Highlighter, Snippet, SnippetOptions};
pub use article::{ArticleMatch, COPIES_SHOWN};
use compile::Compiled;
pub use error::{QueryError, SearchError};
pub use query::EVERYTHING;

/// Weight of a title match relative to a body match. A title match counts on top of the
/// body's (the fields are scored separately); chosen with k1 and b by the mean over four
/// test collections (see README, "Ranking quality").
const TITLE_WEIGHT: f32 = 0.75;

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
    /// The query as typed (see `query` for the grammar).
    pub query: String,
    /// Any term may match (OR) instead of all (AND).
    pub any: bool,
    /// Only articles quoting one of these speakers (any part of the name, folded).
    pub speakers: Vec<String>,
    /// Only articles from one of these sources.
    pub sources: Vec<String>,
    /// Only articles in one of these languages (`es`, `en`, `und`; tags and names such as
    /// `es-MX` or `Spanish` are read as their code).
    pub langs: Vec<String>,
    /// Only articles dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Only articles dated on or before this day.
    pub until: Option<NaiveDate>,
    /// Order of hits.
    pub sort: Sort,
    /// Say how the query was read (in the response's `explain`).
    pub explain: bool,
    /// Expand the query with words of its best matches (pseudo-relevance feedback).
    pub expand: bool,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Snippet shape; `None` for no snippets (faster).
    pub snippets: Option<SnippetOptions>,
    /// Every copy of a story as its own hit, instead of one hit per story.
    pub all_copies: bool,
    /// Words also match the index's words a typo or two away (see [`fuzzy`]).
    pub fuzzy: bool,
    /// When nothing matches, suggest the query with the index's nearest words (about 0.1 ms
    /// a query; `batch` leaves it out unless asked).
    pub suggest: bool,
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
        if self.langs.iter().any(|s| s.trim().is_empty()) {
            return Err(QueryError("the language to filter by is empty".into()));
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
            langs: Vec::new(),
            since: None,
            until: None,
            sort: Sort::Relevance,
            explain: false,
            expand: false,
            limit: 10,
            offset: 0,
            snippets: Some(SnippetOptions::default()),
            all_copies: false,
            fuzzy: false,
            suggest: true,
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
    /// The stories they are copies of (one hit each), unless every copy is a hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_stories: Option<u64>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
    /// How the query was read (with `explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// What the user should know about the query (every word a stop word).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// When nothing matched: the query with its unknown words replaced by the index's
    /// nearest words ("did you mean"), if any is near.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
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
    /// Where the date comes from: `metadata`, `byline`, `dateline`, `text`, or null.
    pub date_source: Option<crate::article::DateSource>,
    /// The article's language (ISO 639-1 code, or `und`).
    #[serde(default)]
    pub lang: String,
    pub speakers: Vec<String>,
    /// Best passages of the body with highlights.
    pub snippets: Vec<Snippet>,
    /// The article's quotations that match the query.
    pub quotes: Vec<QuoteMatch>,
    /// The story group, as 16 hex digits: copies of one story share it.
    pub story: String,
    /// How many other copies of the story match (0 with `all_copies`).
    pub copies: usize,
    /// The first [`COPIES_LISTED`] of them, earliest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_copies: Vec<OtherCopy>,
}

/// Another copy of a hit's story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OtherCopy {
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub date: Option<NaiveDate>,
}

/// How many other copies of a story a hit lists (all are counted).
pub const COPIES_LISTED: usize = 10;

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
    /// How the query was read (with `explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// What the user should know about the query (every word a stop word).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
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
    /// The article's language (ISO 639-1 code, or `und`).
    #[serde(default)]
    pub lang: String,
}

/// How many of the best matching articles a quotation search looks into.
const QUOTE_CANDIDATES: usize = 1000;

/// Matching articles of a search, before their documents are loaded.
struct Found {
    /// Things the user should know about the query (every word a stop word).
    warnings: Vec<String>,
    /// How the query was read, when asked for.
    explain: Option<String>,
    total: usize,
    /// Matching stories, when hits are one per story.
    stories: Option<usize>,
    docs: Vec<(f32, DocAddress)>,
    /// For each of `docs`, its story and the other matching copies.
    copies: Vec<(u64, Vec<DocAddress>)>,
    highlighter: Highlighter,
    /// The same for articles in each language with an analysis of its own
    /// ([`languages::ANALYSED`]'s order).
    analysed_highlighters: Vec<Highlighter>,
    /// The speakers whose quotations are kept.
    speakers: speakers::Wanted,
}

impl Found {
    /// The highlighter for an article in `lang`.
    fn highlighter_for(&self, lang: &str) -> &Highlighter {
        match languages::position(lang) {
            Some(k) => &self.analysed_highlighters[k],
            None => &self.highlighter,
        }
    }
}

/// A page of matching articles, before their documents are loaded.
struct Page {
    /// Matching articles.
    total: usize,
    /// Matching stories, when hits are one per story.
    stories: Option<usize>,
    docs: Vec<(f32, DocAddress)>,
    /// For each of `docs`, its story and the other matching copies.
    copies: Vec<(u64, Vec<DocAddress>)>,
}

/// A searcher over one open index, reusable across many queries (and threads).
pub struct Engine {
    searcher: Searcher,
    dir: std::path::PathBuf,
    fields: Fields,
    text_analyzer: TextAnalyzer,
    /// The analyzers of the languages with an analysis of their own.
    analysers: Vec<TextAnalyzer>,
    /// For each of them, whether some article is in it (see [`compile::Context::present`]).
    present: Vec<bool>,
    name_analyzer: TextAnalyzer,
    word_analyzer: TextAnalyzer,
    /// The speaker registry, read on first use.
    registry: std::sync::OnceLock<crate::registry::Loaded>,
}

impl Engine {
    /// Prepares searching the last commit of `index`.
    pub fn new(index: &Searchable) -> Self {
        let searcher = index.reader.searcher();
        // When it cannot be told, a language's fields are searched (as they always were).
        let present = languages::ANALYSED
            .iter()
            .map(|l| {
                searcher
                    .doc_freq(&Term::from_field_text(index.fields.lang, l.code))
                    .map_or(true, |n| n > 0)
            })
            .collect();
        Engine {
            searcher,
            dir: index.dir.clone(),
            fields: index.fields,
            text_analyzer: schema::text_analyzer(),
            analysers: languages::ANALYSED
                .iter()
                .map(|l| l.text_analyzer())
                .collect(),
            present,
            name_analyzer: schema::name_analyzer(),
            word_analyzer: crate::engine::analysis::query_word_analyzer(),
            registry: std::sync::OnceLock::new(),
        }
    }

    /// Statistics of the index, with the `top` most frequent sources and speakers: of every
    /// article, or of the articles in one of `langs` (codes as `--lang` takes them).
    pub fn stats(&self, top: usize, langs: &[String]) -> Result<crate::stats::Stats, SearchError> {
        let options = SearchOptions {
            langs: langs.to_vec(),
            ..SearchOptions::default()
        };
        options.check()?;
        let filter = (!langs.is_empty()).then(|| self.filtered(Box::new(AllQuery), &options));
        let filter = filter.as_deref();
        let mut stats = crate::stats::stats(&self.searcher, &self.dir, top, filter)?;
        stats.langs = langs.to_vec();
        match (filter, self.registry()) {
            (None, Some(registry)) => stats.speakers = registry.top_by_articles(top),
            (Some(q), Some(_)) => {
                // Each person under all their names, counted in these languages' articles.
                let mut speakers: Vec<crate::stats::NameCount> = self
                    .speaker_counts(Some(q), 0)?
                    .into_iter()
                    .filter(|s| s.articles > 0)
                    .map(|s| crate::stats::NameCount {
                        name: s.name,
                        articles: s.articles,
                    })
                    .collect();
                speakers.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
                if top > 0 {
                    speakers.truncate(top);
                }
                stats.speakers = speakers;
            }
            (_, None) => {}
        }
        Ok(stats)
    }

    /// Speakers with their quotation and article counts, over all articles or those that
    /// match `options` (its query, if not empty, and its filters); most quoted first, the
    /// `top` of them (0: all).
    pub fn speakers(
        &self,
        options: &SearchOptions,
        top: usize,
    ) -> Result<Vec<crate::stats::SpeakerCount>, SearchError> {
        options.check()?;
        let filtered = !options.speakers.is_empty()
            || !options.sources.is_empty()
            || !options.langs.is_empty()
            || options.since.is_some()
            || options.until.is_some();
        if options.query.trim().is_empty() && !filtered {
            return Ok(self.speaker_counts(None, top)?);
        }
        let query: Box<dyn Query> = if options.query.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            self.compile(&options.query, options.any)?.query
        };
        let query = self.filtered(query, options);
        Ok(self.speaker_counts(Some(query.as_ref()), top)?)
    }

    /// Reads the query text (see [`query`] and [`compile`]).
    fn compile(&self, text: &str, any: bool) -> Result<Compiled, QueryError> {
        self.compile_with(text, any, false)
    }

    /// Reads the query text; `fuzzy`: its words match near words too.
    fn compile_with(&self, text: &str, any: bool, fuzzy: bool) -> Result<Compiled, QueryError> {
        let cx = compile::Context {
            fuzzy,
            searcher: &self.searcher,
            fields: &self.fields,
            text_analyzer: &self.text_analyzer,
            analysers: &self.analysers,
            present: &self.present,
            name_analyzer: &self.name_analyzer,
            word_analyzer: &self.word_analyzer,
            title_weight: TITLE_WEIGHT,
            speaker: &|name| self.speaker_field(name),
        };
        compile::compile(&cx, text, any)
    }

    /// Runs a search for articles.
    pub fn search(&self, options: &SearchOptions) -> Result<Response, SearchError> {
        let started = Instant::now();
        let found = self.top_articles(options, options.limit, options.offset)?;
        let mut hits = Vec::with_capacity(found.docs.len());
        for (i, (&(score, address), (story, others))) in
            found.docs.iter().zip(&found.copies).enumerate()
        {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let article = schema::from_document(&self.fields, &doc);
            let mut hit = self.make_hit(article, options.offset + i + 1, score, &found, options);
            hit.story = format!("{story:016x}");
            hit.copies = others.len();
            for &other in others.iter().take(COPIES_LISTED) {
                let doc: TantivyDocument = self.searcher.doc(other)?;
                let a = schema::from_document(&self.fields, &doc);
                hit.other_copies.push(OtherCopy {
                    id: a.id,
                    path: a.path,
                    title: a.title,
                    source: a.source,
                    date: a.date,
                });
            }
            hits.push(hit);
        }
        // Only a query that found nothing pays for a suggestion.
        let suggestion = match found.total {
            0 if options.suggest => self.suggestion(&options.query)?,
            _ => None,
        };
        Ok(Response {
            query: options.query.clone(),
            total_hits: found.total as u64,
            total_stories: found.stories.map(|n| n as u64),
            took_ms: millis(started),
            explain: found.explain,
            warnings: found.warnings,
            suggestion,
            hits,
        })
    }

    /// Runs a search for quotations: each hit is a quotation (of the requested speakers,
    /// if any) that contains a query word, from the best matching articles. Quotations are
    /// ranked by how many distinct query words they hold, then by their article's rank.
    pub fn search_quotes(&self, options: &SearchOptions) -> Result<QuoteResponse, SearchError> {
        let started = Instant::now();
        let found = self.top_articles(options, QUOTE_CANDIDATES, 0)?;
        let mut quotes: Vec<(usize, usize, f32, QuoteHit)> = Vec::new();
        for (order, &(score, address)) in found.docs.iter().enumerate() {
            let doc: TantivyDocument = self.searcher.doc(address)?;
            let article = schema::from_document(&self.fields, &doc);
            // A quotation in parts is one hit, its parts put together with " … ".
            for (k, q) in article.quotes.iter().enumerate() {
                if q.continues.is_some() || !self.speaker_wanted(&q.speaker, &found.speakers) {
                    continue;
                }
                let text = Quote::whole(&article.quotes, k);
                let highlighter = found.highlighter_for(&article.lang);
                let words = highlighter.distinct_matches(&text);
                if words == 0 && !highlighter.is_empty() {
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
                        highlights: highlighter.highlight(&text),
                        text,
                        id: article.id.clone(),
                        path: article.path.clone(),
                        title: article.title.clone(),
                        source: article.source.clone(),
                        date: article.date,
                        lang: article.lang.clone(),
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
            explain: found.explain,
            warnings: found.warnings,
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
        let compiled = self.compile_with(&options.query, options.any, options.fuzzy)?;
        let highlighter = self.highlighter(&compiled);
        let analysed_highlighters = compiled
            .analysed
            .iter()
            .zip(&languages::ANALYSED)
            .map(|(marks, l)| {
                Highlighter::new(
                    marks.terms.clone(),
                    marks.phrases.clone(),
                    compiled.prefixes.clone(),
                    l.text_analyzer(),
                )
            })
            .collect();
        let mut warnings = compiled.warnings.clone();
        if compiled.nothing_to_search {
            warnings.push(format!(
                "every word of the query is a stop word, which the index leaves out ({}): nothing to search for",
                compiled.dropped.join(", ")
            ));
        }
        let mut explain = options.explain.then(|| compiled.explanation());
        // Quotations of the speakers asked for, by option or by `speaker:` in the query.
        let names: Vec<&String> = options.speakers.iter().chain(&compiled.speakers).collect();
        let speakers = self.wanted(&names);
        // No more hits than articles: a huge --limit or --offset costs nothing.
        let articles = self.searcher.num_docs() as usize;
        let offset = offset.min(articles);
        let limit = limit.min(articles - offset);
        let (matching, scoring) = if options.expand && options.sort == Sort::Relevance {
            let (matching, expansion) = self.expanded(compiled.query, compiled.scoring, options)?;
            if let (Some(e), false) = (explain.as_mut(), expansion.added.is_empty()) {
                e.push_str(&format!(" · expanded with: {}", expansion.added.join(", ")));
            }
            (matching, expansion.terms)
        } else {
            (compiled.query, compiled.scoring)
        };
        let ranked = Bm25Query::new(matching, scoring, Bm25Params::default());
        let query = self.filtered(Box::new(ranked), options);
        let page = if options.all_copies {
            self.top_copies(query.as_ref(), options.sort, limit, offset)?
        } else {
            self.top_stories(query.as_ref(), options.sort, limit, offset)?
        };
        Ok(Found {
            total: page.total,
            stories: page.stories,
            docs: page.docs,
            copies: page.copies,
            highlighter,
            analysed_highlighters,
            speakers,
            warnings,
            explain,
        })
    }

    /// Every copy its own hit: how many articles match, and `limit` of them from `offset`
    /// in `sort`'s order, with their scores and stories.
    fn top_copies(
        &self,
        query: &dyn Query,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> anyhow::Result<Page> {
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (total, docs): (usize, Vec<(f32, DocAddress)>) = match sort {
            Sort::Relevance => self
                .searcher
                .search(query, &(Count, top.order_by_score()))?,
            Sort::Date | Sort::DateDesc => {
                let order = if sort == Sort::Date {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let (n, docs) = self.searcher.search(
                    query,
                    &(
                        Count,
                        top.order_by_fast_field::<DateTime>(names::DATE, order),
                    ),
                )?;
                (n, docs.into_iter().map(|(_, d)| (0.0, d)).collect())
            }
        };
        let docs = if limit == 0 { Vec::new() } else { docs };
        let copies = docs
            .iter()
            .map(|&(_, address)| Ok((self.story_of(address)?, Vec::new())))
            .collect::<tantivy::Result<_>>()?;
        Ok(Page {
            total,
            stories: None,
            docs,
            copies,
        })
    }

    /// One hit per story: the matching articles gathered by story (see [`collapse`]), and
    /// the stories from `offset`, `limit` of them: how many articles and stories match, the
    /// representatives with their scores, and their stories and other copies.
    fn top_stories(
        &self,
        query: &dyn Query,
        sort: Sort,
        limit: usize,
        offset: usize,
    ) -> anyhow::Result<Page> {
        let keep = offset.saturating_add(limit);
        let found = self
            .searcher
            .search(query, &collapse::Stories { sort, keep })?;
        let (total, count) = (found.articles, found.stories);
        let page = found.top.into_iter().skip(offset).take(limit);
        let mut docs = Vec::new();
        let mut copies = Vec::new();
        for story in page {
            let first = story.representative();
            let score = if sort == Sort::Relevance {
                first.score
            } else {
                0.0
            };
            docs.push((score, first.address));
            copies.push((
                first.story,
                story.members[1..].iter().map(|m| m.address).collect(),
            ));
        }
        Ok(Page {
            total,
            stories: Some(count),
            docs,
            copies,
        })
    }

    /// The story group of an article.
    fn story_of(&self, address: DocAddress) -> tantivy::Result<u64> {
        let segment = self.searcher.segment_reader(address.segment_ord);
        Ok(segment
            .fast_fields()
            .u64(names::STORY)?
            .first(address.doc_id)
            .unwrap_or_default())
    }

    /// The query expanded by pseudo-relevance feedback ([`expand`]): what matches (with
    /// `--any`, the expansion words too), the scoring terms, and the words added.
    fn expanded(
        &self,
        matching: Box<dyn Query>,
        scoring: Vec<(Term, f32)>,
        options: &SearchOptions,
    ) -> anyhow::Result<(Box<dyn Query>, expand::Expansion)> {
        let first = Bm25Query::new(matching.box_clone(), scoring.clone(), Bm25Params::default());
        let first = self.filtered(Box::new(first), options);
        let feedback = self
            .searcher
            .search(&first, &TopDocs::with_limit(expand::DOCS).order_by_score())?;
        let expansion = expand::expand(
            &self.searcher,
            &self.fields,
            &self.text_analyzer,
            TITLE_WEIGHT,
            &scoring,
            &feedback,
        )?;
        if !options.any || expansion.added.is_empty() {
            return Ok((matching, expansion));
        }
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, matching)];
        for word in &expansion.added {
            for field in [self.fields.title, self.fields.body] {
                alternatives.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, word),
                        IndexRecordOption::WithFreqs,
                    )),
                ));
            }
        }
        Ok((Box::new(BooleanQuery::new(alternatives)), expansion))
    }

    /// The query words to highlight in bodies: its body words, its phrases (marked only
    /// where their words follow each other), and its prefixes.
    fn highlighter(&self, compiled: &Compiled) -> Highlighter {
        let mut initials: Vec<char> = compiled
            .terms
            .iter()
            .chain(compiled.phrases.iter().flatten())
            .chain(compiled.prefixes.iter())
            .filter_map(|t| t.chars().next())
            .collect();
        initials.sort_unstable();
        initials.dedup();
        let analyzer = crate::engine::analysis::highlight_analyzer(&initials);
        Highlighter::new(
            compiled.terms.clone(),
            compiled.phrases.clone(),
            compiled.prefixes.clone(),
            analyzer,
        )
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
        // A quotation in parts matches as a whole (its parts put together with " … ").
        let matching: Vec<(&Quote, String)> = article
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, q)| q.continues.is_none())
            .map(|(k, q)| (q, Quote::whole(&article.quotes, k)))
            .filter(|(q, text)| {
                found.highlighter_for(&article.lang).matches(text)
                    && self.speaker_wanted(&q.speaker, &found.speakers)
            })
            .collect();
        let snippets = match options.snippets {
            Some(shape) => {
                let parts: Vec<&Quote> = matching.iter().map(|(q, _)| *q).collect();
                let preferred = char_ranges_to_bytes(&article.body, &parts);
                found
                    .highlighter_for(&article.lang)
                    .snippets(&article.body, shape, &preferred)
            }
            None => Vec::new(),
        };
        let quotes = matching
            .iter()
            .map(|(q, text)| QuoteMatch {
                speaker: q.speaker.clone(),
                text: text.clone(),
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
            date_source: article.date_source,
            lang: article.lang.clone(),
            speakers: article.speakers,
            snippets,
            quotes,
            story: String::new(),
            copies: 0,
            other_copies: Vec::new(),
        }
    }

    /// Adds the filters of `options` to `query`; filters do not change scores.
    fn filtered(&self, query: Box<dyn Query>, options: &SearchOptions) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        let f = &self.fields;
        if let Some(q) = self.speaker_filter(&options.speakers) {
            clauses.push((Occur::Must, q));
        }
        if let Some(q) = self.any_name(f.source, &options.sources) {
            clauses.push((Occur::Must, q));
        }
        if !options.langs.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = options
                .langs
                .iter()
                .map(|l| (Occur::Should, compile::lang_query(f.lang, l)))
                .collect();
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
            ));
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

/// Milliseconds since `started`, to the microsecond.
fn millis(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e6).round() / 1e3
}
