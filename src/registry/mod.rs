//! The speaker registry: one identity per person across the index. The speaker names the
//! index holds (`Donald Trump`, `Donald J. Trump`, `Trump`) are merged into persons by the
//! rules of [`merge`]; each person has a canonical name, aliases, and article and quotation
//! counts. It is stored beside tantivy's files as `dossier-speakers.json`, rebuilt from what
//! the index holds at the end of every indexing run that committed (and by `forget`), and
//! stamped with the commit it describes: a registry that is missing, unreadable or of
//! another commit is rebuilt in memory when a search needs it (and saved when the index
//! folder can be written), so it never breaks a query.
//!
//! File shape: a [`crate::sidecar`] header line whose `stamp` is the commit, then the persons,
//! most quoted first (`aliases` are the other names of the person, most frequent first):
//!
//! ```json
//! {"file":"dossier-speakers.json","version":1,"stamp":12,"bytes":98,"checksum":"fnv1a64:…"}
//! [{"name": "Donald Trump", "aliases": ["Donald J. Trump", "Trump"], "articles": 173, "quotes": 399}]
//! ```

pub(crate) mod filter;
pub(crate) mod merge;

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use tantivy::query::Query;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, Searcher};

use crate::engine::counts::{NameCount, SpeakerCount};
use crate::engine::schema::names;
use crate::sidecar;
use merge::NameStat;

/// Name of the registry file inside an index folder.
pub const REGISTRY_FILE: &str = sidecar::SPEAKERS.name;

/// One person of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Canonical name: the most frequent full form.
    pub name: String,
    /// The other names the index gives the person, most frequent first.
    pub aliases: Vec<String>,
    /// Articles naming the person under any of their names.
    pub articles: u64,
    /// Quotations attributed to any of their names.
    pub quotes: u64,
}

/// The persons of one index, with look-ups by name.
pub struct Registry {
    persons: Vec<Person>,
    opstamp: u64,
    /// Every name as stored → its person.
    by_name: HashMap<String, usize>,
    /// Folded words ([`merge::words`]) → its person.
    by_words: HashMap<String, usize>,
    /// Folded name without middle initials ([`merge::key`]) → its persons.
    by_key: HashMap<String, Vec<usize>>,
    analyzer: TextAnalyzer,
}

/// A registry as a search gets it, with what the user should be told about it.
pub struct Loaded {
    /// `None` when it could not be read or built: speakers are then matched by their names
    /// as written.
    pub registry: Option<Registry>,
    /// One line for stderr when the registry had to be rebuilt (or could not be).
    pub note: Option<String>,
}

impl Registry {
    fn new(persons: Vec<Person>, opstamp: u64) -> Self {
        let mut analyzer = crate::engine::schema::name_analyzer();
        let mut by_name = HashMap::new();
        let mut by_words = HashMap::new();
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in persons.iter().enumerate() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                by_name.insert(name.clone(), i);
                let words = merge::words_with(&mut analyzer, name);
                by_words.entry(words.join(" ")).or_insert(i);
                let key = merge::key_from_words(name, words);
                let same = by_key.entry(key).or_default();
                if !same.contains(&i) {
                    same.push(i);
                }
            }
        }
        Registry {
            persons,
            opstamp,
            by_name,
            by_words,
            by_key,
            analyzer,
        }
    }

    /// Builds the registry of what `searcher` holds, for the commit `opstamp`.
    pub fn build(searcher: &Searcher, opstamp: u64) -> Result<Self> {
        let articles = crate::engine::counts::count_values(searcher, names::SPEAKER, None, true)?;
        let quotes = crate::engine::counts::count_values(searcher, names::QUOTED, None, true)?;
        let mut stats: Vec<NameStat> = articles
            .iter()
            .map(|(name, &(articles, _))| NameStat {
                name: name.clone(),
                articles,
                quotes: quotes.get(name).map_or(0, |&(_, n)| n),
            })
            .collect();
        // A quoted name is always an article's speaker too; keep any that is not.
        for (name, &(_, n)) in &quotes {
            if !articles.contains_key(name) {
                stats.push(NameStat {
                    name: name.clone(),
                    articles: 0,
                    quotes: n,
                });
            }
        }
        stats.sort_by(|a, b| a.name.cmp(&b.name));
        let analyzer = crate::engine::schema::name_analyzer();
        let persons = merge::merge(&analyzer, &stats)
            .into_iter()
            .map(|m| Person {
                name: m.name,
                aliases: m.aliases,
                articles: 0,
                quotes: 0,
            })
            .collect();
        let mut registry = Registry::new(persons, opstamp);
        let counts = registry.count(searcher, None)?;
        for (p, (articles, quotes)) in registry.persons.iter_mut().zip(counts) {
            p.articles = articles;
            p.quotes = quotes;
        }
        registry.persons.sort_by(|a, b| {
            b.quotes
                .cmp(&a.quotes)
                .then(b.articles.cmp(&a.articles))
                .then(a.name.cmp(&b.name))
        });
        Ok(Registry::new(registry.persons, opstamp))
    }

    /// The persons, most quoted first.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// The person a name as stored in the index belongs to.
    pub fn person_of(&self, name: &str) -> Option<&Person> {
        self.by_name.get(name).map(|&i| &self.persons[i])
    }

    /// The canonical name for a speaker name as stored (itself when unknown or empty).
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.person_of(name).map_or(name, |p| p.name.as_str())
    }

    /// The persons `name` names: the person one of whose names folds to the same words
    /// (`trump`, `Donald J. Trump`) — and when that person has no full name (a surname the
    /// registry could not give to one person, `Clinton`), also the persons with a name ending
    /// in it; else the persons with a name that differs only by middle initials (`Donald X.
    /// Trump`); else every person one of whose names holds its words in order (`claudia`,
    /// `J. Trump`). Empty when no person fits.
    pub fn resolve(&self, name: &str) -> Vec<&Person> {
        if merge::words(&self.analyzer, name).is_empty() {
            return Vec::new();
        }
        let key = merge::key(&self.analyzer, name);
        let exact = self
            .by_words
            .get(&merge::words(&self.analyzer, name).join(" "));
        if exact.is_none() {
            if let Some(same) = self.by_key.get(&key) {
                return same.iter().map(|&i| &self.persons[i]).collect();
            }
        }
        if let Some(&i) = exact {
            let person = &self.persons[i];
            let mut out = vec![person];
            if merge::key_words(&self.analyzer, &person.name).len() < 2 {
                let ending = merge::key_words(&self.analyzer, &key);
                out.extend(self.persons.iter().filter(|p| {
                    !std::ptr::eq(*p, person)
                        && std::iter::once(&p.name).chain(&p.aliases).any(|n| {
                            let words = merge::key_words(&self.analyzer, n);
                            words.len() > ending.len() && words.ends_with(&ending)
                        })
                }));
            }
            return out;
        }
        let wanted = merge::words(&self.analyzer, name);
        if wanted.is_empty() {
            return Vec::new();
        }
        self.persons
            .iter()
            .filter(|p| {
                std::iter::once(&p.name).chain(&p.aliases).any(|n| {
                    let have = merge::words(&self.analyzer, n);
                    have.windows(wanted.len()).any(|w| w == wanted.as_slice())
                })
            })
            .collect()
    }

    /// Every stored name of the persons `names` name (see [`Registry::resolve`]).
    pub fn names_for(&self, names: &[String]) -> FxHashSet<String> {
        names
            .iter()
            .flat_map(|n| self.resolve(n))
            .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
            .cloned()
            .collect()
    }

    /// The filter for articles quoting any person `names` name.
    pub fn filter(&self, names: &[String]) -> filter::ValueSetQuery {
        filter::ValueSetQuery::new(names::SPEAKER, self.names_for(names).into_iter().collect())
    }

    /// For each person: (articles, quotations), over all articles or those matching `query`.
    /// An article naming a person under two names counts once; copies of one story count as
    /// one article, with the quotations of the copy that has most of the person's.
    fn count(&self, searcher: &Searcher, query: Option<&dyn Query>) -> Result<Vec<(u64, u64)>> {
        let matching = crate::engine::counts::Matching::new(searcher, query)?;
        let mut counts = vec![(0u64, 0u64); self.persons.len()];
        // (person, story) → the most quotations of the person in one copy of the story.
        let mut by_story: HashMap<(usize, u64), u64> = HashMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let fast = segment.fast_fields();
            let person_ords = |field: &str| -> Result<Option<(_, Vec<Option<usize>>)>> {
                let Some(column) = fast.str(field)? else {
                    return Ok(None);
                };
                let persons = crate::engine::columns::column_terms(&column)?
                    .iter()
                    .map(|t| self.by_name.get(t).copied())
                    .collect();
                Ok(Some((column, persons)))
            };
            let speakers = person_ords(names::SPEAKER)?;
            let quoted = person_ords(names::QUOTED)?;
            let stories = fast.u64(names::STORY).ok();
            // The persons of one article, with their quotations in it.
            let mut in_doc: Vec<(usize, u64)> = Vec::new();
            for doc in matching.docs(ord, segment) {
                in_doc.clear();
                for (field, quote) in [(&speakers, 0), (&quoted, 1)] {
                    let Some((column, persons)) = field else {
                        continue;
                    };
                    for t in column.term_ords(doc) {
                        if let Some(Some(p)) = persons.get(t as usize) {
                            match in_doc.iter_mut().find(|(q, _)| q == p) {
                                Some((_, n)) => *n += quote,
                                None => in_doc.push((*p, quote)),
                            }
                        }
                    }
                }
                match stories.as_ref().and_then(|s| s.first(doc)) {
                    Some(story) => {
                        for &(p, n) in &in_doc {
                            let most = by_story.entry((p, story)).or_default();
                            *most = (*most).max(n);
                        }
                    }
                    None => {
                        for &(p, n) in &in_doc {
                            counts[p].0 += 1;
                            counts[p].1 += n;
                        }
                    }
                }
            }
        }
        for ((p, _), n) in by_story {
            counts[p].0 += 1;
            counts[p].1 += n;
        }
        Ok(counts)
    }

    /// Persons with their quotation and article counts, over all articles or those matching
    /// `query`; most quoted first, the `top` of them (0: all).
    pub fn speakers(
        &self,
        searcher: &Searcher,
        query: Option<&dyn Query>,
        top: usize,
    ) -> Result<Vec<SpeakerCount>> {
        let counts: Vec<(u64, u64)> = match query {
            None => self
                .persons
                .iter()
                .map(|p| (p.articles, p.quotes))
                .collect(),
            Some(q) => self.count(searcher, Some(q))?,
        };
        let out: Vec<SpeakerCount> = self
            .persons
            .iter()
            .zip(counts)
            .filter(|(p, (articles, quotes))| *articles + *quotes > 0 && !p.name.is_empty())
            .map(|(p, (articles, quotes))| SpeakerCount {
                name: p.name.clone(),
                quotes,
                articles,
                aliases: p.aliases.clone(),
            })
            .collect();
        Ok(crate::engine::counts::most_quoted(out, top))
    }

    /// The persons quoted in the most articles, the `top` of them, as `stats` lists them.
    pub fn top_by_articles(&self, top: usize) -> Vec<NameCount> {
        let mut out: Vec<NameCount> = self
            .persons
            .iter()
            .filter(|p| p.articles > 0)
            .map(|p| NameCount {
                name: p.name.clone(),
                articles: p.articles,
            })
            .collect();
        out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
        out.truncate(top);
        out
    }

    /// Writes the registry into the index folder `dir` (atomically: a reader sees the old
    /// file or the new one), stamped with the commit it describes.
    pub fn save(&self, dir: &Path) -> Result<()> {
        sidecar::SPEAKERS.save_json(dir, Some(self.opstamp), &self.persons)
    }
}

/// Why a stored registry cannot be used.
enum Unusable {
    Missing,
    /// Why, for the note.
    Unreadable(String),
    Stale,
}

/// The registry stored in `dir` if it describes the commit `opstamp`.
fn load(dir: &Path, opstamp: u64) -> Result<Registry, Unusable> {
    let (stamp, payload) = match sidecar::SPEAKERS.load(dir) {
        sidecar::Read::Found { stamp, payload } => (stamp, payload),
        sidecar::Read::Missing => return Err(Unusable::Missing),
        sidecar::Read::Damaged(why) => return Err(Unusable::Unreadable(why)),
    };
    // A file from before stamped headers has no stamp: out of date, so rebuilt.
    let persons: Vec<Person> = match stamp {
        Some(_) => serde_json::from_slice(&payload)
            .map_err(|e| Unusable::Unreadable(format!("does not parse ({e})")))?,
        None => return Err(Unusable::Stale),
    };
    if stamp != Some(opstamp) {
        return Err(Unusable::Stale);
    }
    Ok(Registry::new(persons, opstamp))
}

/// The commit stamp the stored registry of `dir` says it describes (its header only).
fn stored_opstamp(dir: &Path) -> Option<u64> {
    sidecar::SPEAKERS.stamp(dir)
}

/// The commit stamp of the index's last commit.
fn opstamp(index: &Index) -> Result<u64> {
    Ok(index.load_metas()?.opstamp)
}

/// At the end of a run that wrote the index in `dir`: rebuilds and saves the registry from
/// `searcher` (the index as committed) unless the stored one already describes that commit.
pub fn refresh(dir: &Path, index: &Index, searcher: &Searcher) -> Result<()> {
    let stamp = opstamp(index)?;
    if stored_opstamp(dir) == Some(stamp) {
        return Ok(());
    }
    Registry::build(searcher, stamp)?.save(dir)
}

/// Set by [`keep_in_memory`]: a registry rebuilt for a search is not saved.
static IN_MEMORY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, a registry rebuilt for a search stays in memory, never written to the index
/// folder (a server answering GET requests writes nothing).
pub fn keep_in_memory() {
    IN_MEMORY.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The registry for searching `searcher` (an index in `dir`): the stored one if it describes
/// the index's commit, else one rebuilt now (and saved when possible), with a note saying so.
pub fn for_search(dir: &Path, searcher: &Searcher) -> Loaded {
    let stamp = match opstamp(searcher.index()) {
        Ok(s) => s,
        Err(e) => return unavailable(dir, &e),
    };
    let why = match load(dir, stamp) {
        Ok(registry) => {
            return Loaded {
                registry: Some(registry),
                note: None,
            }
        }
        Err(Unusable::Missing) => "is missing",
        Err(Unusable::Unreadable(why)) => &format!("is unreadable: it {why}"),
        Err(Unusable::Stale) => "is out of date",
    };
    match Registry::build(searcher, stamp) {
        Ok(registry) => {
            // A read-only index folder keeps its old file: rebuilt again next time. A
            // server never writes (see `keep_in_memory`).
            if !IN_MEMORY.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = registry.save(dir);
            }
            Loaded {
                registry: Some(registry),
                note: Some(format!(
                    "the speaker registry of {} ({REGISTRY_FILE}) {why}: rebuilt it from the index",
                    dir.display()
                )),
            }
        }
        Err(e) => unavailable(dir, &e),
    }
}

fn unavailable(dir: &Path, error: &anyhow::Error) -> Loaded {
    Loaded {
        registry: None,
        note: Some(format!(
            "the speaker registry of {} cannot be read or rebuilt ({error:#}): speakers are matched by their names as written",
            dir.display()
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn person(name: &str, aliases: &[&str]) -> Person {
        Person {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            articles: 1,
            quotes: 1,
        }
    }

    fn registry() -> Registry {
        Registry::new(
            vec![
                person("Donald Trump", &["Donald J. Trump", "Trump"]),
                person("Melania Trump", &[]),
                person("Hillary Clinton", &[]),
                person("Bill Clinton", &[]),
                person("Clinton", &[]),
            ],
            7,
        )
    }

    fn resolved(r: &Registry, name: &str) -> Vec<String> {
        let mut out: Vec<String> = r.resolve(name).iter().map(|p| p.name.clone()).collect();
        out.sort();
        out
    }

    #[test]
    fn any_alias_names_the_person() {
        let r = registry();
        for name in [
            "trump",
            "Donald J. Trump",
            "DONALD TRUMP",
            "Donald X. Trump",
        ] {
            assert_eq!(resolved(&r, name), vec!["Donald Trump"], "{name}");
        }
        assert_eq!(r.canonical("Donald J. Trump"), "Donald Trump");
        assert_eq!(r.canonical("Nobody"), "Nobody");
        let names = r.names_for(&["trump".into()]);
        assert_eq!(names.len(), 3);
        assert!(!names.contains("Melania Trump"));
    }

    #[test]
    fn different_initials_name_different_people() {
        let r = Registry::new(
            vec![
                person("George W. Bush", &[]),
                person("George H.W. Bush", &[]),
                person("George Bush", &[]),
            ],
            1,
        );
        assert_eq!(resolved(&r, "george w bush"), vec!["George W. Bush"]);
        assert_eq!(resolved(&r, "George H. W. Bush"), vec!["George H.W. Bush"]);
        assert_eq!(resolved(&r, "George Bush"), vec!["George Bush"]);
        // Initials the index does not have: every person the name could be.
        assert_eq!(
            resolved(&r, "George X. Bush"),
            vec!["George Bush", "George H.W. Bush", "George W. Bush"]
        );
    }

    #[test]
    fn an_ambiguous_surname_names_everyone_bearing_it() {
        assert_eq!(
            resolved(&registry(), "clinton"),
            vec!["Bill Clinton", "Clinton", "Hillary Clinton"]
        );
    }

    #[test]
    fn another_name_matches_by_its_words() {
        let r = registry();
        assert_eq!(resolved(&r, "melania"), vec!["Melania Trump"]);
        assert_eq!(resolved(&r, "J. Trump"), vec!["Donald Trump"]);
        assert!(resolved(&r, "obrador").is_empty());
        assert!(resolved(&r, "--").is_empty());
    }

    #[test]
    fn saved_registry_loads_for_its_commit_only() {
        let dir = tempfile::tempdir().unwrap();
        let r = registry();
        r.save(dir.path()).unwrap();
        assert_eq!(stored_opstamp(dir.path()), Some(7));
        let loaded = load(dir.path(), 7).ok().unwrap();
        assert_eq!(loaded.persons(), r.persons());
        assert!(matches!(load(dir.path(), 8), Err(Unusable::Stale)));
        let stored = std::fs::read_to_string(dir.path().join(REGISTRY_FILE)).unwrap();
        let cut = &stored[..stored.len() - 3];
        std::fs::write(dir.path().join(REGISTRY_FILE), cut).unwrap();
        assert!(matches!(load(dir.path(), 7), Err(Unusable::Unreadable(_))));
        std::fs::remove_file(dir.path().join(REGISTRY_FILE)).unwrap();
        assert!(matches!(load(dir.path(), 7), Err(Unusable::Missing)));
        assert_eq!(stored_opstamp(dir.path()), None);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
