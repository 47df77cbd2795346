//! Index statistics and speaker counts, read from fast fields (no stored document is loaded).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader};

use crate::columns::column_terms;
use crate::schema::{self, names};

/// A name with how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    pub articles: u64,
}

/// An indexed root with how many articles it has in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCount {
    /// The first part of its articles' paths and default ids.
    pub label: String,
    /// Its absolute path.
    pub path: String,
    pub articles: u64,
}

/// What `dossier stats` reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats {
    /// Folder of the index.
    pub index: String,
    /// Articles in the index.
    pub documents: u64,
    /// Earliest article date.
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Articles without a date.
    pub undated: u64,
    /// Stories: groups of copies of one story (an article with no copy is a story of its own).
    pub stories: u64,
    /// Stories with more than one article.
    pub stories_with_copies: u64,
    /// Most frequent sources.
    pub sources: Vec<NameCount>,
    /// Most quoted speakers (by articles).
    pub speakers: Vec<NameCount>,
    /// The folders and files indexed, with their articles.
    pub roots: Vec<RootCount>,
    /// Index segments (fewer is faster to open).
    pub segments: usize,
    /// Bytes on disk.
    pub size_bytes: u64,
}

/// Computes statistics of the index in `dir`, with the `top` most frequent sources and speakers.
pub(crate) fn stats(searcher: &Searcher, dir: &Path, top: usize) -> Result<Stats> {
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let mut undated = 0;
    let mut stories: HashMap<u64, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let dates = segment.fast_fields().date(names::DATE)?;
        let story = segment.fast_fields().u64(names::STORY)?;
        for doc in segment.doc_ids_alive() {
            if let Some(s) = story.first(doc) {
                *stories.entry(s).or_default() += 1;
            }
            match dates.first(doc) {
                Some(d) => {
                    let secs = d.into_timestamp_secs();
                    first = Some(first.map_or(secs, |f| f.min(secs)));
                    last = Some(last.map_or(secs, |l| l.max(secs)));
                }
                None => undated += 1,
            }
        }
    }
    let day = |s: Option<i64>| {
        s.and_then(|s| schema::from_index_date(tantivy::DateTime::from_timestamp_secs(s)))
    };
    Ok(Stats {
        index: dir.display().to_string(),
        documents: searcher.num_docs(),
        first_date: day(first),
        last_date: day(last),
        undated,
        stories: stories.len() as u64,
        stories_with_copies: stories.values().filter(|&&n| n > 1).count() as u64,
        sources: top_names(searcher, names::SOURCE, None, top)?,
        speakers: top_names(searcher, names::SPEAKER, None, top)?,
        roots: root_counts(searcher, dir)?,
        segments: searcher.segment_readers().len(),
        size_bytes: dir_size(dir),
    })
}

/// Counts the values of the string fast field `field` over all articles, or over those
/// matching `query`; the `top` most frequent first (ties by name). `top == 0` means all.
pub(crate) fn top_names(
    searcher: &Searcher,
    field: &str,
    query: Option<&dyn Query>,
    top: usize,
) -> Result<Vec<NameCount>> {
    let counts = count_values(searcher, field, query, false)?;
    let mut out: Vec<NameCount> = counts
        .into_iter()
        .map(|(name, (articles, _))| NameCount { name, articles })
        .collect();
    out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
    if top > 0 {
        out.truncate(top);
    }
    Ok(out)
}

/// A speaker with how many quotations and articles the index attributes to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerCount {
    pub name: String,
    /// Quotations attributed to the speaker, each counted once however many copies of its
    /// story the index holds.
    pub quotes: u64,
    /// Articles that quote the speaker or name them as a speaker, copies of one story
    /// counted once.
    pub articles: u64,
    /// The other names the index gives this person (see `registry`), most frequent first.
    pub aliases: Vec<String>,
}

/// Speakers of all articles, or of those matching `query`: most quoted first. Copies of
/// one story count once. `top == 0` means all.
pub(crate) fn speakers(
    searcher: &Searcher,
    query: Option<&dyn Query>,
    top: usize,
) -> Result<Vec<SpeakerCount>> {
    let articles = count_values(searcher, names::SPEAKER, query, true)?;
    let quotes = count_values(searcher, names::QUOTED, query, true)?;
    let out: Vec<SpeakerCount> = articles
        .into_iter()
        .map(|(name, (articles, _))| SpeakerCount {
            quotes: quotes.get(&name).map_or(0, |&(_, n)| n),
            name,
            articles,
            aliases: Vec::new(),
        })
        .collect();
    Ok(most_quoted(out, top))
}

/// Speakers most quoted first (then by articles, then by name), the `top` of them (0: all).
pub(crate) fn most_quoted(mut out: Vec<SpeakerCount>, top: usize) -> Vec<SpeakerCount> {
    out.sort_by(|a, b| {
        b.quotes
            .cmp(&a.quotes)
            .then(b.articles.cmp(&a.articles))
            .then(a.name.cmp(&b.name))
    });
    if top > 0 {
        out.truncate(top);
    }
    out
}

/// The documents a count runs over: every live one, or those matching a query.
pub(crate) struct Matching(Option<HashSet<DocAddress>>);

impl Matching {
    pub(crate) fn new(searcher: &Searcher, query: Option<&dyn Query>) -> Result<Self> {
        Ok(Matching(match query {
            Some(q) => Some(searcher.search(q, &DocSetCollector)?),
            None => None,
        }))
    }

    /// The counted documents of segment number `ord`.
    pub(crate) fn docs<'a>(
        &'a self,
        ord: usize,
        segment: &'a SegmentReader,
    ) -> impl Iterator<Item = DocId> + 'a {
        segment.doc_ids_alive().filter(move |&doc| {
            self.0
                .as_ref()
                .is_none_or(|set| set.contains(&DocAddress::new(ord as u32, doc)))
        })
    }
}

/// For each value of a string fast field: (documents having it, times it occurs), over
/// all live documents or those matching `query`. Empty values are left out. `by_story`:
/// copies of one story count as one document, in which the value occurs as often as in the
/// copy where it occurs most.
pub(crate) fn count_values(
    searcher: &Searcher,
    field: &str,
    query: Option<&dyn Query>,
    by_story: bool,
) -> Result<HashMap<String, (u64, u64)>> {
    let matching = Matching::new(searcher, query)?;
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    // (value, story) → times the value occurs in the story's copy where it occurs most.
    let mut per_story: HashMap<(String, u64), u64> = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let Some(column) = segment.fast_fields().str(field)? else {
            continue;
        };
        let stories = segment.fast_fields().u64(names::STORY)?;
        // By term ordinal: (documents, occurrences), or by (term, story): most occurrences.
        let mut per_term: HashMap<u64, (u64, u64)> = HashMap::new();
        let mut per_term_story: HashMap<(u64, u64), u64> = HashMap::new();
        let mut in_doc: Vec<(u64, u64)> = Vec::new();
        for doc in matching.docs(ord, segment) {
            in_doc.clear();
            for term in column.term_ords(doc) {
                match in_doc.iter_mut().find(|(t, _)| *t == term) {
                    Some((_, n)) => *n += 1,
                    None => in_doc.push((term, 1)),
                }
            }
            match stories.first(doc).filter(|_| by_story) {
                Some(story) => {
                    for &(term, n) in &in_doc {
                        let most = per_term_story.entry((term, story)).or_default();
                        *most = (*most).max(n);
                    }
                }
                None => {
                    for &(term, n) in &in_doc {
                        let entry = per_term.entry(term).or_default();
                        entry.0 += 1;
                        entry.1 += n;
                    }
                }
            }
        }
        let terms = column_terms(&column)?;
        let name = |term: u64| terms.get(term as usize).filter(|t| !t.is_empty());
        for (term, (docs, values)) in per_term {
            if let Some(name) = name(term) {
                let entry = counts.entry(name.clone()).or_default();
                entry.0 += docs;
                entry.1 += values;
            }
        }
        for ((term, story), n) in per_term_story {
            if let Some(name) = name(term) {
                let most = per_story.entry((name.clone(), story)).or_default();
                *most = (*most).max(n);
            }
        }
    }
    for ((name, _), n) in per_story {
        let entry = counts.entry(name).or_default();
        entry.0 += 1;
        entry.1 += n;
    }
    Ok(counts)
}

/// The index's roots with their article counts, in the order they were first indexed.
fn root_counts(searcher: &Searcher, dir: &Path) -> Result<Vec<RootCount>> {
    let registry = crate::index::roots::Roots::load(dir);
    let mut out: Vec<RootCount> = registry
        .roots
        .iter()
        .map(|r| RootCount {
            label: r.label.clone(),
            path: r.path.clone(),
            articles: 0,
        })
        .collect();
    for (key, (docs, _)) in count_values(searcher, names::FILE, None, false)? {
        if let Some(root) = registry.holding(&key) {
            if let Some(count) = out.iter_mut().find(|c| c.path == root.path) {
                count.articles += docs;
            }
        }
    }
    Ok(out)
}

/// Total size of the files in a folder (not recursive: an index folder is flat).
fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
