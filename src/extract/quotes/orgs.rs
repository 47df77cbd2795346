//! Organisations as speakers: the fuller name an article gave one, the one a common noun
//! (`the ministry`) or a document (`the letter`) stands for, and acronyms.

use super::doc::Doc;
use super::lexicon::DOCUMENT;
use super::speakers::{Speaker, Thread, IT_WINDOW};
use crate::article::{NoSpeaker, SpeakerKind};

impl Doc<'_> {
    /// The fuller name the article gave an organisation before `pos` for a one-word name
    /// (`the Bank` -> `Reserve Bank`), else the name itself.
    pub(super) fn org_full(&self, name: &str, pos: usize) -> String {
        if name.contains(' ') {
            return name.to_string();
        }
        self.orgs
            .iter()
            .filter(|o| o.0 < pos && o.1.len() > name.len() && o.1.ends_with(name))
            .filter(|o| o.1.as_bytes()[o.1.len() - name.len() - 1] == b' ')
            .max_by_key(|o| o.1.len())
            .map_or_else(|| name.to_string(), |o| o.1.clone())
    }

    /// The organisation a common noun phrase (`the campaign`, `the ministry`) stands for: the
    /// last one before `pos` named with that head noun; nobody (never the common noun itself,
    /// nor a document such as `the statement`) when there is none.
    pub(super) fn org_named(&self, phrase: &str, pos: usize, thread: &Thread) -> Speaker {
        let head = phrase.rsplit(' ').next().unwrap_or_default().to_lowercase();
        if let Some(o) = self.orgs.iter().rfind(|o| o.0 < pos && o.2 == head) {
            return Speaker::org(o.1.clone());
        }
        // A document (`the letter said`) is its issuer's: the organisation that spoke last,
        // when one did just before.
        if self.lex.has(&head, DOCUMENT) {
            if let Some((sp, close)) = &thread.prev {
                if sp.kind == Some(SpeakerKind::Org) && *close < pos && pos - close <= IT_WINDOW {
                    return sp.clone();
                }
            }
        }
        // (`la institución`, `el informe`: where the language names them so, the
        // organisation named last, the issuer of a document.)
        self.orgs
            .iter()
            .rfind(|o| o.0 < pos && self.lex.rules.pro_drop && pos - o.0 <= IT_WINDOW)
            .map_or_else(
                || Speaker::none(NoSpeaker::Unnamed),
                |o| Speaker::org(o.1.clone()),
            )
    }
}

/// A word of two to six capital letters (`NAWG`, `OPEC`, `BBC`): an acronym.
pub(super) fn is_acronym(w: &str) -> bool {
    (2..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase())
}
