//! Organisations as speakers: the fuller name an article gave one, the one a common noun
//! (`the ministry`) or a document (`the letter`) stands for, and acronyms.

use super::doc::Doc;
use super::lexicon::{is_cap, DOCUMENT};
use super::phrases::NounPhrase;
use super::speakers::{Speaker, Thread, IT_WINDOW};
use crate::article::{NoSpeaker, SpeakerKind};

impl Doc<'_> {
    /// The organisation `it` at token `pos` stands for (`it said`): the subject of the last
    /// speech verb before it, when that is a name no person has (`Turkcell said the ruling
    /// would…. "…," it warned`; `The U.K. Treasury said… British Petroleum Co PLC…. "…," it
    /// said`), else the organisation named last.
    pub(super) fn it_org(&self, pos: usize) -> Speaker {
        let lo = pos.saturating_sub(IT_WINDOW);
        let verb = (lo + 1..pos).rev().find(|&k| {
            !self.quoted[k] && self.is_verb(k) && !is_cap(self.w(k)) && !self.w(k).ends_with("ing")
        });
        if let Some(v) = verb {
            if let Some((NounPhrase::Name { words, hon, org }, a)) = self.verb_subject(v, lo) {
                let person = hon.is_some()
                    || self.lex.first_name_gender(&words[0]).is_some()
                    || words.iter().any(|w| self.names_person(w));
                if org || !person {
                    return Speaker::org(self.org_full(&words.join(" "), a));
                }
            }
        }
        self.orgs
            .iter()
            .rfind(|o| o.0 < pos && pos - o.0 <= IT_WINDOW)
            .map_or_else(
                || Speaker::none(NoSpeaker::Pronoun),
                |o| Speaker::org(self.org_full(&o.1, o.0)),
            )
    }

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
        // A document (`the letter said`, `the report said`) is its issuer's: the organisation
        // that spoke last, when one did just before (not a programme named `… Report`).
        if self.lex.has(&head, DOCUMENT) {
            if let Some((sp, close)) = &thread.prev {
                if sp.kind == Some(SpeakerKind::Org) && *close < pos && pos - close <= IT_WINDOW {
                    return sp.clone();
                }
            }
        }
        if let Some(o) = self.orgs.iter().rfind(|o| o.0 < pos && o.2 == head) {
            return Speaker::org(o.1.clone());
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
