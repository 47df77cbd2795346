//! From the query tree ([`super::query`]) to what the engine runs: the tantivy query that
//! decides which articles match, the terms BM25 scores them by (with their weights), the
//! words and phrases the highlighter marks, the speakers a quotation search keeps, and the
//! words left out as stop words. Nothing else reads the query text.
//!
//! Words without a field are searched in the title and the body. A bag-of-words word that
//! is a query stop word ([`analysis::is_query_stop_word`]) is left out — unless every word
//! of the query is one (`The Who`), in which case those the index holds are searched.
//! Phrases keep every word the index holds. `speaker:`, `source:`, `author:`, `date:` and
//! `id:` filter without changing scores, exactly as the matching command-line options do.

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery};
use tantivy::query::{Occur as TantivyOccur, PhraseQuery, Query};
use tantivy::query::{RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Score, Searcher, Term};

use super::fuzzy;
use super::query::{self, Clause, Node, Occur};
use super::QueryError;
use crate::engine::analysis::{self, analyze};
use crate::engine::languages::{self, ANALYSED};
use crate::engine::schema::{self, Fields, QUERY_FIELDS};

/// Most terms a prefix (`pric*`) expands to: the most frequent ones.
const MAX_EXPANSIONS: usize = 64;

/// What the engine needs from a query.
pub struct Compiled {
    /// Which articles match (before the command's own filters).
    pub query: Box<dyn Query>,
    /// Terms to score matching articles by, with their weights (field weight × boost;
    /// a word named twice counts twice).
    pub scoring: Vec<(Term, Score)>,
    /// Analyzed words to highlight in bodies.
    pub terms: HashSet<String>,
    /// Analyzed phrases to highlight (their words in order).
    pub phrases: Vec<Vec<String>>,
    /// The same for articles in each language with an analysis of its own, as its analysis
    /// gives them ([`ANALYSED`]'s order).
    pub analysed: Vec<Marks>,
    /// Prefixes to highlight (as typed, folded, and stemmed).
    pub prefixes: Vec<String>,
    /// Speakers named with `speaker:` (not excluded): a quotation search keeps theirs.
    pub speakers: Vec<String>,
    /// Words left out as stop words, as typed.
    pub dropped: Vec<String>,
    /// The query holds nothing to search for once stop words are left out.
    pub nothing_to_search: bool,
    /// What the user should know (a word that looks like an unknown field).
    pub warnings: Vec<String>,
    /// How the query was read, on one line.
    pub reading: String,
    /// How ambiguous parts were read (capitals, unclosed quotes...).
    pub notes: Vec<String>,
}

/// Analyzed words and phrases to highlight in the bodies of articles in one language.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub terms: HashSet<String>,
    pub phrases: Vec<Vec<String>>,
}

impl Compiled {
    /// The one-line account of how the query was read (`--explain`).
    pub fn explanation(&self) -> String {
        let mut parts = vec![format!("read as: {}", self.reading)];
        if !self.dropped.is_empty() {
            parts.push(format!("stop words left out: {}", self.dropped.join(", ")));
        }
        if self.nothing_to_search {
            parts.push("nothing left to search for".into());
        }
        parts.extend(self.notes.iter().cloned());
        parts.join(" · ")
    }
}

/// The parts of the engine a compilation uses.
pub struct Context<'a> {
    /// Words also match the index's words within a typo or two ([`super::fuzzy`]).
    pub fuzzy: bool,
    pub searcher: &'a Searcher,
    pub fields: &'a Fields,
    pub text_analyzer: &'a TextAnalyzer,
    /// The analyzers of the languages with an analysis of their own ([`ANALYSED`]'s order).
    pub analysers: &'a [TextAnalyzer],
    /// For each of those languages, whether the index holds articles in it: else words are
    /// not looked for in its fields, which are empty (opening an empty field costs tantivy a
    /// tenth of a one-shot query).
    pub present: &'a [bool],
    pub name_analyzer: &'a TextAnalyzer,
    /// Words as typed ([`analysis::query_word_analyzer`]), built once per engine.
    pub word_analyzer: &'a TextAnalyzer,
    pub title_weight: Score,
    /// `speaker:NAME`: the filter for the person NAME names, when the engine has one (else
    /// NAME's words in order in the speaker field).
    pub speaker: &'a dyn Fn(&str) -> Option<Box<dyn Query>>,
}

/// The longest query read, in characters: a pasted paragraph fits; a megabyte of words,
/// which would cost the server a gigabyte, does not.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// The most words, phrases and ranges one query may hold (Elasticsearch's classic
/// `indices.query.bool.max_clause_count`).
pub const MAX_CLAUSES: usize = 1_024;

/// Reads `text` and compiles it; `any`: juxtaposed words are alternatives. A query over
/// [`MAX_QUERY_CHARS`] or [`MAX_CLAUSES`] is refused with an error that names the limit.
pub fn compile(cx: &Context, text: &str, any: bool) -> Result<Compiled, QueryError> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError(format!(
            "the query is {chars} characters long; the limit is {MAX_QUERY_CHARS} — search for fewer words"
        )));
    }
    let parsed = query::parse_with(text, QUERY_FIELDS, any)
        .map_err(|e| QueryError(format!("in query {text:?}: {e}")))?;
    let clauses = count_clauses(&parsed.root);
    if clauses > MAX_CLAUSES {
        return Err(QueryError(format!(
            "the query has {clauses} words, phrases and ranges; the limit is {MAX_CLAUSES} — search for fewer words"
        )));
    }
    if parsed.root == Node::Empty {
        return Err(QueryError(
            "empty query — type a word to search for".to_string(),
        ));
    }
    let mut c = Compiler {
        cx,
        drop_stops: true,
        out: Compiled {
            query: Box::new(EmptyQuery),
            scoring: Vec::new(),
            terms: HashSet::new(),
            phrases: Vec::new(),
            analysed: vec![Marks::default(); languages::COUNT],
            prefixes: Vec::new(),
            speakers: Vec::new(),
            dropped: Vec::new(),
            nothing_to_search: false,
            warnings: Vec::new(),
            reading: parsed.root.to_string(),
            notes: parsed.notes.clone(),
        },
    };
    c.drop_stops = c.has_content(&parsed.root, false);
    match c.node(&parsed.root, false, None)? {
        Some(q) => c.out.query = q,
        None => c.out.nothing_to_search = true,
    }
    let mut seen = HashSet::new();
    c.out.dropped.retain(|w| seen.insert(w.clone()));
    Ok(c.out)
}

/// The words, phrases and ranges of a query tree.
fn count_clauses(node: &Node) -> usize {
    match node {
        Node::All(cs) | Node::Any(cs) => cs.iter().map(|c| count_clauses(&c.node)).sum(),
        Node::Empty => 0,
        _ => 1,
    }
}

/// A field a word is searched in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// Title and body (no field named), or one of them.
    Text(Option<Field>),
    /// A name field (speaker, source, author): words folded, not stemmed; filters only.
    Name(Field),
    Date,
    Id,
    /// `lang:es`: the article's language code.
    Lang,
}

struct Compiler<'a> {
    cx: &'a Context<'a>,
    /// Leave query stop words out of bag-of-words searches.
    drop_stops: bool,
    out: Compiled,
}

/// One word of a query as typed (folded) and as the index holds it (`None`: a stop word
/// the index leaves out) in English text and in the text of each language of [`ANALYSED`],
/// with its position.
struct Word {
    surface: String,
    term: Option<String>,
    terms_in: Vec<Option<String>>,
    position: usize,
}

/// The analysis a text field's words have: `None` for English (and every language without
/// an analysis of its own), else the place of the language in [`ANALYSED`].
type Lang = Option<usize>;

impl Compiler<'_> {
    fn target(&self, field: Option<&str>) -> Result<Target, QueryError> {
        let f = self.cx.fields;
        Ok(match field {
            None => Target::Text(None),
            Some(schema::names::TITLE) => Target::Text(Some(f.title)),
            Some(schema::names::BODY) => Target::Text(Some(f.body)),
            Some(schema::names::SPEAKER) => Target::Name(f.speaker),
            Some(schema::names::SOURCE) => Target::Name(f.source),
            Some(schema::names::AUTHOR) => Target::Name(f.author),
            Some(schema::names::DATE) => Target::Date,
            Some(schema::names::ID) => Target::Id,
            Some(schema::names::LANG) => Target::Lang,
            Some(other) => {
                return Err(QueryError(format!(
                    "unknown field '{other}' — fields are: {}",
                    QUERY_FIELDS.join(", ")
                )))
            }
        })
    }

    /// Whether the query searches for something once query stop words are left out (if
    /// not, they are searched after all).
    fn has_content(&self, node: &Node, negated: bool) -> bool {
        match node {
            Node::Word {
                text,
                field,
                prefix,
                ..
            } => {
                if negated {
                    return false;
                }
                if text == query::EVERYTHING {
                    return true;
                }
                let text_field = matches!(field.as_deref(), None | Some("title") | Some("body"));
                if !text_field || *prefix {
                    return true;
                }
                let words = self.words(text);
                words.len() > 1
                    || words
                        .iter()
                        .any(|w| w.term.is_some() && !analysis::is_query_stop_word(&w.surface))
            }
            Node::Phrase { .. } | Node::Range { .. } => !negated,
            Node::All(clauses) | Node::Any(clauses) => clauses
                .iter()
                .any(|c| self.has_content(&c.node, negated || c.occur == Occur::MustNot)),
            Node::Empty => false,
        }
    }

    /// The query for `node`; `None` when it has nothing to search (only stop words).
    fn node(
        &mut self,
        node: &Node,
        negated: bool,
        inherited: Option<&str>,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        match node {
            Node::Word {
                text,
                field,
                prefix,
                boost,
            } => {
                if text == query::EVERYTHING {
                    // Matches every article and scores none: the filters decide.
                    return Ok(Some(Box::new(ConstScoreQuery::new(
                        Box::new(AllQuery),
                        0.0,
                    ))));
                }
                if field.is_none() && inherited.is_none() {
                    self.not_a_field(text);
                }
                let target = self.target(field.as_deref().or(inherited))?;
                let boost = boost.unwrap_or(1.0);
                if *prefix {
                    return self.prefix(target, text, negated, boost);
                }
                self.text(target, text, false, 0, negated, boost)
            }
            Node::Phrase {
                text,
                field,
                slop,
                boost,
            } => {
                let target = self.target(field.as_deref().or(inherited))?;
                self.text(target, text, true, *slop, negated, boost.unwrap_or(1.0))
            }
            Node::Range {
                field,
                lower,
                upper,
                lower_inclusive,
                upper_inclusive,
            } => {
                if self.target(Some(field))? != Target::Date {
                    return Err(QueryError(format!(
                        "ranges work on dates only (date:[2016-01 TO 2016-06]), not on {field}:"
                    )));
                }
                let (lower, upper) = crate::period::range(
                    lower.as_deref(),
                    upper.as_deref(),
                    *lower_inclusive,
                    *upper_inclusive,
                )
                .map_err(|v| not_a_date(&v))?;
                Ok(Some(self.dates(lower, upper)))
            }
            Node::All(clauses) | Node::Any(clauses) => self.clauses(clauses, negated, inherited),
            Node::Empty => Ok(None),
        }
    }

    fn clauses(
        &mut self,
        clauses: &[Clause],
        negated: bool,
        inherited: Option<&str>,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let mut out: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
        for clause in clauses {
            let excluded = clause.occur == Occur::MustNot;
            if let Some(q) = self.node(&clause.node, negated ^ excluded, inherited)? {
                out.push(match clause.occur {
                    Occur::Must => (TantivyOccur::Must, q),
                    Occur::Should => (TantivyOccur::Should, q),
                    Occur::MustNot => (
                        TantivyOccur::MustNot,
                        Box::new(super::excluded::Excluded(q)),
                    ),
                });
            }
        }
        // Nothing left to look for (only stop words, or only exclusions of them).
        if out.iter().all(|(o, _)| *o == TantivyOccur::MustNot) {
            return Ok(None);
        }
        if out.len() == 1 {
            return Ok(out.pop().map(|(_, q)| q));
        }
        Ok(Some(Box::new(BooleanQuery::new(out))))
    }

    /// Warns about a word written as `name:value` whose name is not a field (a typo such
    /// as `speeker:trump` would otherwise find nothing in silence).
    fn not_a_field(&mut self, text: &str) {
        let Some((name, value)) = text.split_once(':') else {
            return;
        };
        let looks_like_field = name.chars().count() >= 2
            && name.chars().all(char::is_alphabetic)
            && value
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '"');
        if looks_like_field {
            self.out.warnings.push(format!(
                "'{name}:' is not a field, so {text:?} was searched as words — fields are: {}",
                QUERY_FIELDS.join(", ")
            ));
        }
    }

    /// The words of `text` as the query sees them.
    fn words(&self, text: &str) -> Vec<Word> {
        let mut surface = self.cx.word_analyzer.clone();
        let mut stream = surface.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            let term = analyze(self.cx.text_analyzer, &t.text).into_iter().next();
            // A language no article of the index is in has its fields left out
            // (`text_fields`): its words need no analysis (nor its stop words loaded).
            let terms_in = self
                .cx
                .analysers
                .iter()
                .zip(self.cx.present)
                .map(|(a, &present)| {
                    if present {
                        analyze(a, &t.text).into_iter().next()
                    } else {
                        None
                    }
                })
                .collect();
            out.push(Word {
                surface: t.text.clone(),
                term,
                terms_in,
                position: t.position,
            });
        }
        out
    }

    /// The text fields `target` names, with their weights and analyses: a word without a
    /// field is looked for in every language's title and body.
    fn text_fields(&self, target: Option<Field>) -> Vec<(Field, Score, Lang)> {
        let f = self.cx.fields;
        let languages = f
            .analysed
            .iter()
            .enumerate()
            .filter(|&(k, _)| self.cx.present[k])
            .map(|(k, &(title, body))| (title, body, Some(k)));
        let mut fields = Vec::new();
        for (title, body, lang) in std::iter::once((f.title, f.body, None)).chain(languages) {
            if target != Some(f.body) {
                fields.push((title, self.cx.title_weight, lang));
            }
            if target != Some(f.title) {
                fields.push((body, 1.0, lang));
            }
        }
        fields
    }

    /// A word or phrase in `target`.
    fn text(
        &mut self,
        target: Target,
        text: &str,
        phrase: bool,
        slop: u32,
        negated: bool,
        boost: Score,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let fields = match target {
            Target::Text(field) => self.text_fields(field),
            Target::Name(field) => return Ok(self.name(field, text, negated)),
            Target::Date => {
                let (first, last) = period(text)?;
                return Ok(Some(self.dates(Some(first), Some(last))));
            }
            Target::Id => {
                let term = Term::from_field_text(self.cx.fields.id, text.trim());
                return Ok(Some(Box::new(TermQuery::new(
                    term,
                    IndexRecordOption::Basic,
                ))));
            }
            Target::Lang => return Ok(Some(lang_query(self.cx.fields.lang, text))),
        };
        let words = self.words(text);
        // A bag-of-words word leaves out query stop words; a phrase, or a word that is
        // several (`U.S.-Mexico`), keeps every word the index holds.
        let single = !phrase && words.len() == 1;
        let mut kept: Vec<(usize, String)> = Vec::new();
        // The words kept in each language of `ANALYSED`, as it analyses them.
        let mut kept_in: Vec<Vec<(usize, String)>> = vec![Vec::new(); languages::COUNT];
        for w in &words {
            let stop = single && self.drop_stops && analysis::is_query_stop_word(&w.surface);
            match &w.term {
                Some(term) if !stop => kept.push((w.position, term.clone())),
                _ => self.out.dropped.push(w.surface.clone()),
            }
            // English stop words are left out of every language's search: a query of them
            // asks for nothing (`to be or not to be`), in Spanish text too.
            // (Not at all in a language the index has no article in.)
            for (k, term) in w.terms_in.iter().enumerate() {
                let keep = self.cx.present[k] && !stop && w.term.is_some();
                if let Some(term) = term.as_ref().filter(|_| keep) {
                    kept_in[k].push((w.position, term.clone()));
                }
            }
        }
        if kept.is_empty() && kept_in.iter().all(Vec::is_empty) {
            return Ok(None);
        }
        let words_of = |lang: Lang| lang.map_or(&kept, |k| &kept_in[k]);
        if self.cx.fuzzy && !phrase && !negated && kept.len() == 1 {
            // Near words are looked for in English (and undetermined) text.
            let english: Vec<(Field, Score)> = fields
                .iter()
                .filter(|&&(_, _, lang)| lang.is_none())
                .map(|&(f, w, _)| (f, w))
                .collect();
            let body = english.iter().any(|(f, _)| *f == self.cx.fields.body);
            if let Some(q) = self.near(&english, &kept[0].1, body, boost)? {
                return Ok(Some(q));
            }
        }
        if !negated {
            for &(field, weight, lang) in &fields {
                for (_, term) in words_of(lang) {
                    self.out
                        .scoring
                        .push((Term::from_field_text(field, term), weight * boost));
                }
            }
            if fields.iter().any(|&(f, _, _)| self.cx.fields.is_body(f)) {
                self.mark(&kept, &kept_in);
            }
        }
        let mut per_field: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
        // A stop word of a language (Spanish `de`, `los`) asks nothing of an article in it.
        for (k, l) in ANALYSED.iter().enumerate() {
            if kept_in[k].is_empty() && fields.iter().any(|&(_, _, lang)| lang == Some(k)) {
                per_field.push((
                    TantivyOccur::Should,
                    lang_query(self.cx.fields.lang, l.code),
                ));
            }
        }
        per_field.extend(fields.iter().filter_map(|&(field, _, lang)| {
            let words = words_of(lang);
            let &(first, _) = words.first()?;
            let q: Box<dyn Query> = if words.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &words[0].1),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                let terms = words
                    .iter()
                    .map(|(pos, t)| (pos - first, Term::from_field_text(field, t)))
                    .collect();
                Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
            };
            Some((TantivyOccur::Should, q))
        }));
        Ok(Some(one_of(per_field)))
    }

    /// Notes a word or phrase, as English and each language of [`ANALYSED`] keep its words,
    /// to highlight in bodies.
    fn mark(&mut self, kept: &[(usize, String)], kept_in: &[Vec<(usize, String)>]) {
        let out = &mut self.out;
        let marks = std::iter::once((kept, &mut out.terms, &mut out.phrases)).chain(
            kept_in
                .iter()
                .zip(out.analysed.iter_mut())
                .map(|(kept, m)| (kept.as_slice(), &mut m.terms, &mut m.phrases)),
        );
        for (words, terms, phrases) in marks {
            match words.len() {
                0 => {}
                1 => {
                    terms.insert(words[0].1.clone());
                }
                _ => phrases.push(words.iter().map(|(_, t)| t.clone()).collect()),
            }
        }
    }

    /// `--fuzzy`: a word as any of the index's words within its typo distance, each scored
    /// as itself; `None` when the word is too short to be off or nothing is near.
    fn near(
        &mut self,
        fields: &[(Field, Score)],
        term: &str,
        body: bool,
        boost: Score,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        if fuzzy::allowed_distance(term.chars().count()) == 0 {
            return Ok(None);
        }
        let only: Vec<Field> = fields.iter().map(|(f, _)| *f).collect();
        let near = fuzzy::near_words(self.cx.searcher, &only, term, fuzzy::MAX_NEAR)
            .map_err(|e| QueryError(format!("cannot read the index's words: {e}")))?;
        if near.is_empty() {
            return Ok(None);
        }
        let mut alternatives: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
        for (word, _, _) in &near {
            if body {
                self.out.terms.insert(word.clone());
            }
            for &(field, weight) in fields {
                let term = Term::from_field_text(field, word);
                self.out.scoring.push((term.clone(), weight * boost));
                alternatives.push((
                    TantivyOccur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        Ok(Some(one_of(alternatives)))
    }

    /// A name (or part of one) in a name field: its words in order. Filters only.
    fn name(&mut self, field: Field, text: &str, negated: bool) -> Option<Box<dyn Query>> {
        let words = analyze(self.cx.name_analyzer, text);
        if words.is_empty() {
            self.out.dropped.push(text.to_string());
            return None;
        }
        if field == self.cx.fields.speaker && !negated {
            self.out.speakers.push(text.to_string());
        }
        if field == self.cx.fields.speaker {
            if let Some(q) = (self.cx.speaker)(text) {
                return Some(q);
            }
        }
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(field, w))
            .collect();
        Some(if terms.len() == 1 {
            Box::new(TermQuery::new(
                terms.into_iter().next()?,
                IndexRecordOption::Basic,
            ))
        } else {
            Box::new(PhraseQuery::new(terms))
        })
    }

    /// `word*`: the words of the index that start with the prefix (as typed, or as
    /// stemmed: `sovereignty*` finds the stem `sovereignti`), the most frequent first.
    fn prefix(
        &mut self,
        target: Target,
        text: &str,
        negated: bool,
        boost: Score,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        let folded = analyze(self.cx.name_analyzer, text).join("");
        if folded.is_empty() {
            return Ok(None);
        }
        let mut prefixes = vec![folded.clone()];
        for analyzer in std::iter::once(self.cx.text_analyzer).chain(self.cx.analysers) {
            if let Some(stem) = analyze(analyzer, &folded).into_iter().next() {
                if !prefixes.contains(&stem) {
                    prefixes.push(stem);
                }
            }
        }
        let fields: Vec<(Field, Score)> = match target {
            Target::Text(field) => self
                .text_fields(field)
                .into_iter()
                .map(|(f, w, _)| (f, w))
                .collect(),
            Target::Name(f) => {
                prefixes.truncate(1);
                vec![(f, 0.0)]
            }
            Target::Date | Target::Id | Target::Lang => {
                return Err(QueryError(format!(
                    "a prefix ({text}*) works on words and names, not on dates, ids or languages"
                )))
            }
        };
        let words = self
            .expand(&fields, &prefixes)
            .map_err(|e| QueryError(format!("cannot read the index's words: {e}")))?;
        if !negated && fields.iter().any(|&(f, _)| self.cx.fields.is_body(f)) {
            self.out.prefixes.extend(prefixes.iter().cloned());
        }
        let mut alternatives: Vec<(TantivyOccur, Box<dyn Query>)> = Vec::new();
        for &(field, weight) in &fields {
            for word in &words {
                let term = Term::from_field_text(field, word);
                if !negated && weight > 0.0 {
                    self.out.scoring.push((term.clone(), weight * boost));
                }
                alternatives.push((
                    TantivyOccur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        if alternatives.is_empty() {
            // No word of the index starts so: matches nothing, but is not a stop word.
            return Ok(Some(Box::new(EmptyQuery)));
        }
        Ok(Some(one_of(alternatives)))
    }

    /// The index's words in `fields` that start with one of `prefixes`, at most
    /// [`MAX_EXPANSIONS`] of them, the most frequent first.
    fn expand(
        &self,
        fields: &[(Field, Score)],
        prefixes: &[String],
    ) -> tantivy::Result<Vec<String>> {
        let mut found: BTreeMap<String, u64> = BTreeMap::new();
        for segment in self.cx.searcher.segment_readers() {
            for &(field, _) in fields {
                let index = segment.inverted_index(field)?;
                let dictionary = index.terms();
                for prefix in prefixes {
                    let mut stream = dictionary.range().ge(prefix.as_bytes()).into_stream()?;
                    while stream.advance() {
                        let key = stream.key();
                        if !key.starts_with(prefix.as_bytes()) {
                            break;
                        }
                        if let Ok(word) = std::str::from_utf8(key) {
                            *found.entry(word.to_string()).or_default() +=
                                u64::from(stream.value().doc_freq);
                        }
                    }
                }
            }
        }
        let mut words: Vec<(String, u64)> = found.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        words.truncate(MAX_EXPANSIONS);
        Ok(words.into_iter().map(|(w, _)| w).collect())
    }

    /// Articles dated from `first` to `last` (both included; `None`: open).
    fn dates(
        &self,
        first: Option<chrono::NaiveDate>,
        last: Option<chrono::NaiveDate>,
    ) -> Box<dyn Query> {
        if first.is_none() && last.is_none() {
            // `date:[* TO *]`: every dated article (a range needs one bound at least).
            return Box::new(tantivy::query::ExistsQuery::new(
                schema::names::DATE.to_string(),
                false,
            ));
        }
        let field = self.cx.fields.date;
        let bound = |d: Option<chrono::NaiveDate>| match d {
            None => Bound::Unbounded,
            Some(d) => Bound::Included(Term::from_field_date_for_search(
                field,
                schema::to_index_date(d),
            )),
        };
        Box::new(RangeQuery::new(bound(first), bound(last)))
    }
}

/// Articles in the language `text` names (`es`, `es-MX`, `Spanish`; `und` for those whose
/// language is not known).
pub fn lang_query(field: Field, text: &str) -> Box<dyn Query> {
    let code = crate::extract::language::from_metadata(text)
        .unwrap_or_else(|| text.trim().to_ascii_lowercase());
    Box::new(TermQuery::new(
        Term::from_field_text(field, &code),
        IndexRecordOption::Basic,
    ))
}

/// The alternatives as one query.
fn one_of(mut alternatives: Vec<(TantivyOccur, Box<dyn Query>)>) -> Box<dyn Query> {
    if alternatives.len() == 1 {
        if let Some((_, q)) = alternatives.pop() {
            return q;
        }
    }
    Box::new(BooleanQuery::new(alternatives))
}

/// The period a `date:` value names.
fn period(text: &str) -> Result<(chrono::NaiveDate, chrono::NaiveDate), QueryError> {
    crate::period::period(text).ok_or_else(|| not_a_date(text))
}

/// The error for a `date:` value that names no period.
fn not_a_date(text: &str) -> QueryError {
    QueryError(format!(
        "date:{text} is not a date — write date:2016, date:2016-03, date:2016-03-04 or date:[2016-01 TO 2016-06]"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    /// An index in memory with one article in English and one in each language of the table.
    fn searcher() -> (Searcher, Fields) {
        let schema = schema::build();
        let fields = schema::fields(&schema).unwrap();
        let index = tantivy::Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let codes = std::iter::once("en").chain(ANALYSED.iter().map(|l| l.code));
        for (k, code) in codes.enumerate() {
            let article = Article {
                id: format!("a{k}"),
                title: "Radio".into(),
                body: "radio".into(),
                lang: code.into(),
                ..Article::default()
            };
            writer
                .add_document(schema::to_document(&fields, &article, "f", 0, 0))
                .unwrap();
        }
        writer.commit().unwrap();
        (index.reader().unwrap().searcher(), fields)
    }

    /// A word is looked for in every language's title and body, as that language analyses
    /// it, and highlighted in each language's bodies; a language with no article is left out.
    #[test]
    fn every_language_gets_its_clause() {
        let (searcher, fields) = searcher();
        let analysers: Vec<TextAnalyzer> = ANALYSED.iter().map(|l| l.text_analyzer()).collect();
        let text = analysis::text_analyzer();
        let names = analysis::name_analyzer();
        let words = analysis::query_word_analyzer();
        let compile_with = |present: &[bool]| {
            let cx = Context {
                fuzzy: false,
                searcher: &searcher,
                fields: &fields,
                text_analyzer: &text,
                analysers: &analysers,
                present,
                name_analyzer: &names,
                word_analyzer: &words,
                title_weight: 2.0,
                speaker: &|_| None,
            };
            compile(&cx, "radios", false).unwrap()
        };
        let all = compile_with(&[true; languages::COUNT]);
        let scored: HashSet<Field> = all.scoring.iter().map(|(t, _)| t.field()).collect();
        assert!(scored.contains(&fields.title) && scored.contains(&fields.body));
        for (k, l) in ANALYSED.iter().enumerate() {
            let (title, body) = fields.analysed[k];
            assert!(
                scored.contains(&title) && scored.contains(&body),
                "{}",
                l.code
            );
            assert_eq!(all.analysed[k].terms.len(), 1, "{}", l.code);
        }
        // Each language's article is found by its own fields.
        let hits = searcher
            .search(all.query.as_ref(), &tantivy::collector::Count)
            .unwrap();
        assert_eq!(hits, 1 + languages::COUNT);
        let none = compile_with(&[false; languages::COUNT]);
        let scored: HashSet<Field> = none.scoring.iter().map(|(t, _)| t.field()).collect();
        assert_eq!(scored, HashSet::from([fields.title, fields.body]));
    }
}
