//! Index statistics and speaker counts, read from fast fields (no stored document is loaded).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::query::Query;
use tantivy::Searcher;

use crate::engine::counts::{count_values, most_quoted, top_names, Matching};
pub use crate::engine::counts::{NameCount, SpeakerCount};
use crate::engine::schema::{self, names};

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
    /// The languages the statistics are restricted to (`stats --lang`); empty: every
    /// article. Segments and size are the whole index's either way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<String>,
    /// Articles in the index (of those languages).
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
    /// Articles per language (ISO 639-1 code, or `und`), most first.
    #[serde(default)]
    pub languages: Vec<NameCount>,
    /// The folders and files indexed, with their articles.
    pub roots: Vec<RootCount>,
    /// Index segments (fewer is faster to open).
    pub segments: usize,
    /// Bytes on disk.
    pub size_bytes: u64,
}

/// Computes statistics of the index in `dir`, with the `top` most frequent sources and
/// speakers: of every article, or of those `filter` matches (documents, dates, stories,
/// sources, speakers, languages and roots all counted over them alone).
pub(crate) fn stats(
    searcher: &Searcher,
    dir: &Path,
    top: usize,
    filter: Option<&dyn Query>,
) -> Result<Stats> {
    let matching = Matching::new(searcher, filter)?;
    let mut documents = 0;
    let mut first: Option<i64> = None;
    let mut last: Option<i64> = None;
    let mut undated = 0;
    let mut stories: HashMap<u64, u64> = HashMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let dates = segment.fast_fields().date(names::DATE)?;
        let story = segment.fast_fields().u64(names::STORY)?;
        for doc in matching.docs(ord, segment) {
            documents += 1;
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
        langs: Vec::new(),
        documents,
        first_date: day(first),
        last_date: day(last),
        undated,
        stories: stories.len() as u64,
        stories_with_copies: stories.values().filter(|&&n| n > 1).count() as u64,
        sources: top_names(searcher, names::SOURCE, filter, top)?,
        speakers: top_names(searcher, names::SPEAKER, filter, top)?,
        languages: top_names(searcher, names::LANG, filter, 0)?,
        roots: root_counts(searcher, dir, filter)?,
        segments: searcher.segment_readers().len(),
        size_bytes: dir_size(dir),
    })
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

/// The index's roots with their article counts (of those `filter` matches, if any), in the
/// order they were first indexed.
fn root_counts(
    searcher: &Searcher,
    dir: &Path,
    filter: Option<&dyn Query>,
) -> Result<Vec<RootCount>> {
    let roots = crate::sidecar::roots::Roots::load(dir);
    let mut out: Vec<RootCount> = roots
        .roots
        .iter()
        .map(|r| RootCount {
            label: r.label.clone(),
            path: r.path.clone(),
            articles: 0,
        })
        .collect();
    for (key, (docs, _)) in count_values(searcher, names::FILE, filter, false)? {
        if let Some(root) = roots.holding(&key) {
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
