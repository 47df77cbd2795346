//! Speakers in searches: `--speaker NAME` and `speaker:NAME` name a person of the index's
//! speaker registry ([`crate::registry`]) and match every name that person goes by. The
//! registry is read (or rebuilt) the first time a search needs it; when it cannot be had,
//! names are matched as written (all of NAME's words in a speaker's name).

use rustc_hash::FxHashSet;
use tantivy::query::Query;

use super::Engine;
use crate::engine::analysis::analyze;
use crate::registry::{self, Registry};
use crate::stats::SpeakerCount;

/// The quotations' speakers a search keeps.
pub(super) enum Wanted {
    /// Any speaker (no name asked for).
    Any,
    /// These names exactly (every name of the persons asked for).
    Names(FxHashSet<String>),
    /// Without a registry: names holding all the words of one of these (analyzed) names.
    Words(Vec<Vec<String>>),
}

impl Engine {
    /// The index's speaker registry, read or rebuilt on first use; `None` when it can be
    /// neither (see [`Engine::registry_note`]).
    pub fn registry(&self) -> Option<&Registry> {
        self.registry
            .get_or_init(|| registry::for_search(&self.dir, &self.searcher))
            .registry
            .as_ref()
    }

    /// What the user should be told about the registry, once: it was rebuilt, or could not
    /// be read. `None` when it was read as stored, or not needed.
    pub fn registry_note(&self) -> Option<&str> {
        self.registry.get().and_then(|l| l.note.as_deref())
    }

    /// The filter for articles quoting any of the persons `names` name; `None` for no names.
    pub(super) fn speaker_filter(&self, names: &[String]) -> Option<Box<dyn Query>> {
        if names.is_empty() {
            return None;
        }
        match self.registry() {
            Some(r) => Some(Box::new(r.filter(names))),
            None => self.any_name(self.fields.speaker, names),
        }
    }

    /// `speaker:NAME` in a query: the person's names, when there is a registry.
    pub(super) fn speaker_field(&self, name: &str) -> Option<Box<dyn Query>> {
        self.registry()
            .map(|r| Box::new(r.filter(&[name.to_string()])) as Box<dyn Query>)
    }

    /// The speakers whose quotations a search for `names` keeps.
    pub(super) fn wanted(&self, names: &[&String]) -> Wanted {
        if names.is_empty() {
            return Wanted::Any;
        }
        let owned: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        match self.registry() {
            Some(r) => Wanted::Names(r.names_for(&owned)),
            None => Wanted::Words(
                owned
                    .iter()
                    .map(|n| analyze(&self.name_analyzer, n))
                    .filter(|words| !words.is_empty())
                    .collect(),
            ),
        }
    }

    /// Whether a quotation's speaker (as stored) is one the search keeps.
    pub(super) fn speaker_wanted(&self, speaker: &str, wanted: &Wanted) -> bool {
        match wanted {
            Wanted::Any => true,
            Wanted::Names(names) => names.contains(speaker),
            Wanted::Words(words) => {
                let have = analyze(&self.name_analyzer, speaker);
                words
                    .iter()
                    .any(|want| want.iter().all(|t| have.contains(t)))
            }
        }
    }

    /// The canonical name of a speaker as stored (itself without a registry).
    pub fn canonical_speaker(&self, speaker: &str) -> String {
        match self.registry() {
            Some(r) => r.canonical(speaker).to_string(),
            None => speaker.to_string(),
        }
    }

    /// Persons (or, without a registry, names) with their counts over all articles or those
    /// matching `query`.
    pub(super) fn speaker_counts(
        &self,
        query: Option<&dyn Query>,
        top: usize,
    ) -> anyhow::Result<Vec<SpeakerCount>> {
        match self.registry() {
            Some(r) => r.speakers(&self.searcher, query, top),
            None => crate::stats::speakers(&self.searcher, query, top),
        }
    }
}
