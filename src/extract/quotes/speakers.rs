//! Speaker resolution: the people named in the article (full names, surnames, gender from
//! honorifics, first names and pronouns) and the resolution of a cue to a speaker.

use super::cues::Cue;
use super::doc::Doc;
use super::lexicon::{has, in_list, is_suffix_word, is_title, PREP, STOP};
use super::phrases::{clean_name, Np};
use super::tokens::Kind;
use crate::article::SpeakerKind;
use crate::extract::names::{first_name_gender, Gender};

/// A resolved speaker: the name and its kind (`None` exactly when the name is empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Speaker {
    pub(super) name: String,
    pub(super) kind: Option<SpeakerKind>,
}

impl Speaker {
    pub(super) fn none() -> Self {
        Speaker::default()
    }

    pub(super) fn person(name: String) -> Self {
        Speaker::of(name, SpeakerKind::Person)
    }

    pub(super) fn org(name: String) -> Self {
        Speaker::of(name, SpeakerKind::Org)
    }

    fn of(name: String, kind: SpeakerKind) -> Self {
        let kind = (!name.is_empty()).then_some(kind);
        Speaker { name, kind }
    }
}

#[derive(Default, Clone)]
pub(super) struct Entity {
    words: Vec<String>,
    count: u32,
    male: i32,
    female: i32,
}

impl Entity {
    fn gender(&self) -> Option<Gender> {
        match self.male.cmp(&self.female) {
            std::cmp::Ordering::Greater => Some(Gender::Male),
            std::cmp::Ordering::Less => Some(Gender::Female),
            std::cmp::Ordering::Equal => None,
        }
    }
}

fn pick(cands: Vec<&Entity>) -> Option<&Entity> {
    cands.into_iter().max_by_key(|e| {
        (
            first_name_gender(&e.words[0]).is_some(),
            e.count,
            e.words.len(),
            e.words.iter().map(|w| w.len()).sum::<usize>(),
        )
    })
}

impl Doc<'_> {
    pub(super) fn entity_add(
        &mut self,
        words: &[String],
        gender: Option<Gender>,
        weight: i32,
    ) -> usize {
        let key = words.join(" ");
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.entities.len();
                self.entities.push(Entity {
                    words: words.to_vec(),
                    ..Entity::default()
                });
                self.by_key.insert(key, id);
                id
            }
        };
        let e = &mut self.entities[id];
        e.count += 1;
        match gender {
            Some(Gender::Male) => e.male += weight,
            Some(Gender::Female) => e.female += weight,
            None => {}
        }
        id
    }

    /// Collect person names from the capitalised runs outside quotations.
    pub(super) fn collect_entities(&mut self) -> Vec<(usize, Vec<String>, Option<Gender>)> {
        let mut mentions = Vec::new();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if self.quoted[i] || !self.is_name_word(i) {
                i += 1;
                continue;
            }
            // Include titles before the run (they are capitalised too).
            let e = self.cap_run_fwd(i, n);
            let e = e.max(i + 1);
            let mut raw: Vec<&str> = (i..e).map(|k| self.w(k)).collect();
            if let Some(p) = raw.iter().rposition(|w| has(w, STOP)) {
                raw.drain(..=p);
            }
            let titled = raw.iter().any(|w| is_title(w));
            let (words, hon, org) = clean_name(&raw);
            let gender_first = words.first().and_then(|w| first_name_gender(w));
            if !words.is_empty() && !org {
                let multi = words.len() >= 2 && words.len() <= 4;
                if multi && (gender_first.is_some() || titled) {
                    let g = hon.or(gender_first);
                    self.entity_add(&words, g, 3);
                    mentions.push((i, words, g));
                } else if words.len() == 1 {
                    let v = self.single.entry(words[0].clone()).or_insert((0, 0));
                    match hon {
                        Some(Gender::Male) => v.0 += 3,
                        Some(Gender::Female) => v.1 += 3,
                        None => {}
                    }
                    mentions.push((i, words, hon));
                }
            }
            i = e;
        }
        mentions
    }

    /// Pronoun votes: a name followed in its sentence by he/his/him or she/her.
    pub(super) fn pronoun_votes(&mut self, mentions: &[(usize, Vec<String>, Option<Gender>)]) {
        for (m, (pos, words, _)) in mentions.iter().enumerate() {
            let mut p = *pos;
            if p > 0 && self.w(p - 1).eq_ignore_ascii_case("the") {
                p -= 1;
            }
            if p > 0 && has(self.w(p - 1), PREP) {
                continue;
            }
            let next = mentions.get(m + 1).map_or(usize::MAX, |x| x.0);
            let mut k = pos + words.len();
            let lim = (pos + 25).min(self.toks.len()).min(next);
            let mut vote = None;
            while k < lim {
                if self.toks[k].kind == Kind::Stop || self.toks[k].kind == Kind::Newline {
                    break;
                }
                if !self.quoted[k] {
                    let w = self.w(k);
                    if in_list(w, &["he", "his", "him", "himself"]) {
                        vote = Some(Gender::Male);
                        break;
                    }
                    if in_list(w, &["she", "her", "hers", "herself"]) {
                        vote = Some(Gender::Female);
                        break;
                    }
                }
                k += 1;
            }
            let Some(g) = vote else { continue };
            let (dm, df) = if g == Gender::Male { (1, 0) } else { (0, 1) };
            if words.len() >= 2 {
                if let Some(&id) = self.by_key.get(&words.join(" ")) {
                    self.entities[id].male += dm;
                    self.entities[id].female += df;
                }
            } else if let Some(v) = self.single.get_mut(&words[0]) {
                v.0 += dm;
                v.1 += df;
            }
        }
    }

    /// The canonical full name for a person name as written.
    pub(super) fn canonical(
        &self,
        words: &[String],
        hon: Option<Gender>,
    ) -> (String, Option<Gender>) {
        let compatible = |e: &Entity| match (hon, e.gender()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let surname = |e: &Entity| -> String {
            let mut k = e.words.len();
            while k > 1 && is_suffix_word(&e.words[k - 1]) {
                k -= 1;
            }
            e.words[k - 1].clone()
        };
        if words.len() >= 2 {
            let first = &words[0];
            let last = &words[words.len() - 1];
            let cands: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| {
                    e.words.len() >= words.len()
                        && &e.words[0] == first
                        && e.words.last() == Some(last)
                })
                .collect();
            let longest = cands.into_iter().max_by_key(|e| e.words.join(" ").len());
            return match longest {
                Some(e) => (e.words.join(" "), hon.or(e.gender())),
                None => (words.join(" "), hon.or(first_name_gender(first))),
            };
        }
        let Some(w) = words.first() else {
            return (String::new(), None);
        };
        let by_last: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| &surname(e) == w && compatible(e))
            .collect();
        if let Some(e) = pick(by_last) {
            // Prefer the longest way the article writes that person's full name.
            let best = self
                .entities
                .iter()
                .filter(|x| x.words.first() == e.words.first() && surname(x) == *w)
                .max_by_key(|x| x.words.join(" ").len())
                .unwrap_or(e);
            return (best.words.join(" "), hon.or(e.gender()));
        }
        if first_name_gender(w).is_some() {
            let by_first: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| &e.words[0] == w && compatible(e))
                .collect();
            if let Some(e) = pick(by_first) {
                return (e.words.join(" "), hon.or(e.gender()));
            }
        }
        let g = hon.or_else(|| {
            self.single.get(w).and_then(|&(m, f)| match m.cmp(&f) {
                std::cmp::Ordering::Greater => Some(Gender::Male),
                std::cmp::Ordering::Less => Some(Gender::Female),
                std::cmp::Ordering::Equal => None,
            })
        });
        (w.clone(), g)
    }

    pub(super) fn resolve(
        &self,
        cue: &Cue,
        timeline: &[(usize, String, Option<Gender>)],
    ) -> Speaker {
        match &cue.np {
            Np::Nominal | Np::Pron(None) => Speaker::none(),
            Np::Source(s) => Speaker::org(s.clone()),
            Np::Name {
                words, org: true, ..
            } => Speaker::org(words.join(" ")),
            Np::Name { words, hon, .. } => Speaker::person(self.canonical(words, *hon).0),
            Np::Pron(Some(g)) => {
                let before = timeline.partition_point(|m| m.0 < cue.pos);
                let recent = &timeline[..before];
                let window = recent.len().saturating_sub(40);
                if let Some(m) = recent[window..].iter().rev().find(|m| m.2 == Some(*g)) {
                    return Speaker::person(m.1.clone());
                }
                Speaker::none()
            }
        }
    }
}
