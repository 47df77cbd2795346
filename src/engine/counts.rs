//! Counting over the index's string columns: how many articles (and occurrences) carry each
//! value of a fast field, over every live article or those a query matches, copies of one
//! story counted once when asked. Stats, facets and the speaker registry all count this way.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader};

use super::columns::column_terms;
use super::schema::names;

/// A name with how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameCount {
    pub name: String,
    pub articles: u64,
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
