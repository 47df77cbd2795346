//! Speaker resolution: the people named in the article (full names from any capitalised run,
//! surnames, gender from honorifics, first names and pronouns, the roles titles give them) and
//! the resolution of a cue to a speaker: a person's fullest name, an organisation, or nobody.

use super::cues::Cue;
use super::doc::Doc;
use super::lexicon::{
    has, in_list, is_cap, is_suffix_word, is_title, not_a_name, PREP, SOURCE, STOP,
};
use super::phrases::{clean_name, is_initial, Np};
use super::tokens::Kind;
use crate::article::SpeakerKind;
use crate::extract::names::{first_name_gender, Gender};

/// Names longer than this many words are not taken as one person's name.
const MAX_NAME_WORDS: usize = 5;
/// How many earlier people a pronoun looks back over.
const PRONOUN_WINDOW: usize = 40;

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

/// A person the article names with two words or more.
#[derive(Default, Clone)]
pub(super) struct Entity {
    words: Vec<String>,
    count: u32,
    male: i32,
    female: i32,
    /// Named with a known first name or a title ("Sen. Ted Cruz"), not just any capitalised run.
    strong: bool,
}

impl Entity {
    fn gender(&self) -> Option<Gender> {
        match self.male.cmp(&self.female) {
            std::cmp::Ordering::Greater => Some(Gender::Male),
            std::cmp::Ordering::Less => Some(Gender::Female),
            std::cmp::Ordering::Equal => None,
        }
    }

    fn name(&self) -> String {
        self.words.join(" ")
    }

    /// The surname: the last word, generational suffixes aside.
    fn surname(&self) -> &str {
        let mut k = self.words.len();
        while k > 1 && is_suffix_word(&self.words[k - 1]) {
            k -= 1;
        }
        &self.words[k - 1]
    }

    /// Does the name hold `words` as consecutive words (middle initials aside)?
    fn contains(&self, words: &[String]) -> bool {
        let words = fold_initials(words);
        let own = fold_initials(&self.words);
        !words.is_empty() && own.windows(words.len()).any(|w| w == words)
    }
}

/// A capitalised run outside quotations that names (or may name) a person.
pub(super) struct Mention {
    pos: usize,
    words: Vec<String>,
    hon: Option<Gender>,
    /// Written as a possessive ("Romney's deputy"): the owner, not the subject of the clause.
    possessive: bool,
    /// The title it was written with, lower case ("president", "vice president").
    role: Option<String>,
}

/// A person mention with its canonical name: what a pronoun or a role noun can refer to.
pub(super) struct Person {
    pos: usize,
    name: String,
    gender: Option<Gender>,
    possessive: bool,
    role: Option<String>,
}

fn pick(cands: Vec<&Entity>) -> Option<&Entity> {
    cands.into_iter().max_by_key(|e| {
        (
            first_name_gender(&e.words[0]).is_some(),
            e.strong,
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
        strong: bool,
    ) -> usize {
        // One entity for "Donald J. Trump" and "Donald Trump", named the fuller way.
        let key = fold_initials(words).join(" ");
        let id = match self.by_key.get(&key) {
            Some(&id) => {
                if words.len() > self.entities[id].words.len() {
                    self.entities[id].words = words.to_vec();
                }
                id
            }
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
        e.strong |= strong;
        match gender {
            Some(Gender::Male) => e.male += 3,
            Some(Gender::Female) => e.female += 3,
            None => {}
        }
        id
    }

    /// Collect the names of people from the capitalised runs outside quotations: every run of
    /// two to five name words that is not an organisation is a full name (the article's own
    /// "Arsene Wenger" licenses "Wenger"); single words are surnames or first names.
    pub(super) fn collect_entities(&mut self) -> Vec<Mention> {
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
            let mut at = i;
            if let Some(p) = raw.iter().rposition(|w| has(w, STOP)) {
                raw.drain(..=p);
                at += p + 1;
            }
            let role = role_of(&raw);
            let titled = role.is_some();
            let possessive = raw
                .last()
                .is_some_and(|w| super::lexicon::strip_possessive(w).len() != w.len());
            // "the Clinton campaign" / "the Smith family": a name used as a modifier.
            let the = at > 0 && self.w(at - 1).eq_ignore_ascii_case("the");
            let (words, hon, org) = clean_name(&raw);
            let shouting = words.len() >= 2
                && words
                    .iter()
                    .all(|w| w.len() > 1 && !w.chars().any(char::is_lowercase));
            // An organisation, or a name used as a modifier of an organisation noun ("the
            // Trump campaign"): kept for `the campaign said`.
            let head = (!possessive && self.kind(e) == Kind::Word && has(self.w(e), SOURCE))
                .then(|| self.w(e));
            if !words.is_empty() && (org || head.is_some()) {
                let mut name = words.join(" ");
                if let Some(h) = head {
                    name.push(' ');
                    name.push_str(h);
                }
                let last = name.rsplit(' ').next().unwrap_or_default().to_lowercase();
                self.orgs.push((at, name, last));
            }
            // "the Smith family" uses a name as a modifier; "the President Obama" does not.
            let modifier = the && !titled;
            if !words.is_empty() && !org && !shouting && !modifier && head.is_none() {
                let gender_first = words.first().and_then(|w| first_name_gender(w));
                if words.len() >= 2 && words.len() <= MAX_NAME_WORDS {
                    let g = hon.or(gender_first);
                    let strong = gender_first.is_some() || titled;
                    self.entity_add(&words, g, strong);
                    mentions.push(Mention {
                        pos: at,
                        words,
                        hon: g,
                        possessive,
                        role,
                    });
                } else if words.len() == 1 && !not_a_name(&words[0]) {
                    let v = self.single.entry(words[0].clone()).or_insert((0, 0));
                    match hon {
                        Some(Gender::Male) => v.0 += 3,
                        Some(Gender::Female) => v.1 += 3,
                        None => {}
                    }
                    mentions.push(Mention {
                        pos: at,
                        words,
                        hon,
                        possessive,
                        role,
                    });
                }
            }
            i = e;
        }
        mentions
    }

    /// Pronoun votes: a name followed in its sentence by he/his/him or she/her.
    pub(super) fn pronoun_votes(&mut self, mentions: &[Mention]) {
        for (m, mention) in mentions.iter().enumerate() {
            let (pos, words) = (mention.pos, &mention.words);
            let mut p = pos;
            if p > 0 && self.w(p - 1).eq_ignore_ascii_case("the") {
                p -= 1;
            }
            if p > 0 && has(self.w(p - 1), PREP) {
                continue;
            }
            let next = mentions.get(m + 1).map_or(usize::MAX, |x| x.pos);
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
                if let Some(&id) = self.by_key.get(&fold_initials(words).join(" ")) {
                    self.entities[id].male += dm;
                    self.entities[id].female += df;
                }
            } else if let Some(v) = self.single.get_mut(&words[0]) {
                v.0 += dm;
                v.1 += df;
            }
        }
    }

    /// The people of the article in text order, each mention with its canonical name: the
    /// mentions that are persons (a full name, or a single word that is a known person's
    /// surname, carries an honorific or is the subject of a speech verb).
    pub(super) fn people(&self, mentions: &[Mention], subjects: &[String]) -> Vec<Person> {
        mentions
            .iter()
            .filter_map(|m| {
                let (name, gender) = self.canonical(&m.words, m.hon);
                let person = m.words.len() >= 2
                    || name.contains(' ')
                    || m.hon.is_some()
                    || subjects.contains(&m.words[0]);
                person.then(|| Person {
                    pos: m.pos,
                    name,
                    gender,
                    possessive: m.possessive,
                    role: m.role.clone(),
                })
            })
            .collect()
    }

    /// The canonical full name for a person name as written: the longest name the article
    /// gives that holds these words (surname, given name, or a part of a many-part name).
    pub(super) fn canonical(
        &self,
        words: &[String],
        hon: Option<Gender>,
    ) -> (String, Option<Gender>) {
        let compatible = |e: &Entity| match (hon, e.gender()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if words.len() >= 2 {
            let cands: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| {
                    (e.words[0] == words[0] && e.words.last() == words.last()) || e.contains(words)
                })
                .collect();
            let longest = cands.into_iter().max_by_key(|e| e.name().len());
            return match longest {
                Some(e) => (e.name(), hon.or(e.gender())),
                None => (words.join(" "), hon.or(first_name_gender(&words[0]))),
            };
        }
        let Some(w) = words.first() else {
            return (String::new(), None);
        };
        let given = first_name_gender(w).is_some();
        let by_last: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| e.surname() == w && compatible(e))
            .collect();
        // A part of a many-part name ("Lula", "Xi", "Obrador"): any word but a given name.
        let by_part = || -> Vec<&Entity> {
            self.entities
                .iter()
                .filter(|e| {
                    e.words
                        .iter()
                        .enumerate()
                        .any(|(k, x)| x == w && (k > 0 || !given))
                        && compatible(e)
                })
                .collect()
        };
        let found = pick(by_last).or_else(|| pick(by_part()));
        if let Some(e) = found {
            // Prefer the longest way the article writes that person's full name.
            let best = self
                .entities
                .iter()
                .filter(|x| {
                    x.words.first() == e.words.first()
                        && x.surname() == e.surname()
                        && x.words.iter().any(|y| y == w)
                })
                .max_by_key(|x| x.name().len())
                .unwrap_or(e);
            return (best.name(), hon.or(e.gender()));
        }
        if given {
            let by_first: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| &e.words[0] == w && compatible(e))
                .collect();
            if let Some(e) = pick(by_first) {
                return (e.name(), hon.or(e.gender()));
            }
        }
        let g = hon
            .or_else(|| {
                self.single.get(w).and_then(|&(m, f)| match m.cmp(&f) {
                    std::cmp::Ordering::Greater => Some(Gender::Male),
                    std::cmp::Ordering::Less => Some(Gender::Female),
                    std::cmp::Ordering::Equal => None,
                })
            })
            .or_else(|| first_name_gender(w));
        (words[0].clone(), g)
    }

    pub(super) fn resolve(&self, cue: &Cue, people: &[Person]) -> Speaker {
        match &cue.np {
            Np::Nominal | Np::Pron(None) => Speaker::none(),
            Np::Source(s) => self.org_named(s, cue.pos),
            Np::Role(role) => self.role_holder(role, cue.pos, people),
            Np::Name {
                words, org: true, ..
            } => {
                if words.len() == 1 && not_a_name(&words[0]) {
                    Speaker::none()
                } else {
                    Speaker::org(words.join(" "))
                }
            }
            Np::Name { words, hon, .. } => {
                if words.len() == 1 && hon.is_none() && self.not_a_person(&words[0]) {
                    return Speaker::none();
                }
                Speaker::person(self.canonical(words, *hon).0)
            }
            Np::Pron(Some(g)) => {
                let before = people.partition_point(|m| m.pos < cue.pos);
                let recent = &people[before.saturating_sub(PRONOUN_WINDOW)..before];
                // The most recent person of that gender, else of unknown gender; never the
                // owner in a possessive ("Romney's deputy ... he said").
                let subject = |want: Option<Gender>| {
                    recent
                        .iter()
                        .rev()
                        .find(|m| !m.possessive && m.gender == want)
                };
                subject(Some(*g))
                    .or_else(|| subject(None))
                    .map_or_else(Speaker::none, |m| Speaker::person(m.name.clone()))
            }
        }
    }

    /// A single capitalised word that does not name a person here: a month, an abbreviation,
    /// a word of a list, or a word the article also writes in lower case (an adverb opening a
    /// sentence, a common noun) that is no known person's name.
    fn not_a_person(&self, w: &str) -> bool {
        if not_a_name(w) {
            return true;
        }
        let known = self.entities.iter().any(|e| e.words.iter().any(|x| x == w));
        // An adverb opening a sentence ("Recently", "Shortly").
        let adverb = w.len() >= 6 && w.ends_with("ly") && first_name_gender(w).is_none();
        !known && (adverb || self.used_lowercase(w))
    }

    /// The organisation a common noun phrase (`the campaign`, `the ministry`) stands for: the
    /// last one before `pos` named with that head noun; nobody (never the common noun itself,
    /// nor a document such as `the statement`) when there is none.
    fn org_named(&self, phrase: &str, pos: usize) -> Speaker {
        let head = phrase.rsplit(' ').next().unwrap_or_default().to_lowercase();
        self.orgs
            .iter()
            .rfind(|o| o.0 < pos && o.2 == head)
            .map_or_else(Speaker::none, |o| Speaker::org(o.1.clone()))
    }

    /// The person the article names with the title `role` ("the president" -> the one named
    /// "President Obama"): the last one before the cue, else the first after it; nobody when
    /// the article names no one so.
    fn role_holder(&self, role: &str, pos: usize, people: &[Person]) -> Speaker {
        let holds = |p: &&Person| p.role.as_deref() == Some(role);
        people
            .iter()
            .filter(|p| p.pos < pos)
            .rev()
            .find(holds)
            .or_else(|| people.iter().find(holds))
            .map_or_else(Speaker::none, |p| Speaker::person(p.name.clone()))
    }
}

/// A name's words without its middle initials ("Donald J. Trump" -> "Donald Trump").
fn fold_initials(words: &[String]) -> Vec<&str> {
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .filter(|&(k, w)| k == 0 || k == last || !is_initial(w))
        .map(|(_, w)| w.as_str())
        .collect()
}

/// The title a capitalised run opens with, lower case and without words that only qualify it
/// ("Former Vice President Joe Biden" -> "vice president"), when it has one before the name.
fn role_of(raw: &[&str]) -> Option<String> {
    let t = raw.iter().rposition(|w| is_title(w))?;
    if t + 1 >= raw.len() {
        return None;
    }
    let from = raw[..=t]
        .iter()
        .rposition(|w| !is_title(w))
        .map_or(0, |p| p + 1);
    let words: Vec<String> = raw[from..=t]
        .iter()
        .filter(|w| is_role_word(w))
        .map(|w| role_word(w))
        .collect();
    if words.is_empty() || !is_cap(raw[t]) {
        return None;
    }
    Some(words.join(" "))
}

/// A title word in lower case, abbreviations written out (`Sen.` -> `senator`).
pub(super) fn role_word(w: &str) -> String {
    let w = w.trim_end_matches('.').to_lowercase();
    let full = match w.as_str() {
        "sen" | "sens" => "senator",
        "rep" | "reps" => "representative",
        "gov" | "govs" => "governor",
        "gen" => "general",
        "lt" => "lieutenant",
        "col" => "colonel",
        "sgt" => "sergeant",
        "adm" => "admiral",
        "capt" => "captain",
        "maj" => "major",
        "cmdr" => "commander",
        "supt" => "superintendent",
        "prof" => "professor",
        "rev" => "reverend",
        "spokeswoman" => "spokesman",
        "chairwoman" | "chair" => "chairman",
        "councilwoman" => "councilman",
        _ => return w,
    };
    full.to_string()
}

/// Title words that name a role someone holds (not an honorific or a qualifier).
pub(super) fn is_role_word(w: &str) -> bool {
    !in_list(
        w.trim_end_matches('.'),
        &[
            "mr",
            "mrs",
            "ms",
            "miss",
            "dr",
            "former",
            "democratic",
            "republican",
            "gop",
            "top",
            "first",
            "u.s",
            "state",
            "national",
            "white",
            "house",
            "senate",
            "the",
        ],
    )
}
