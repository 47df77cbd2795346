//! Speaker resolution: the people named in the article (full names from any capitalised run,
//! surnames, gender from honorifics, first names and pronouns, the roles titles give them) and
//! the resolution of a cue to a speaker: a person's fullest name, an organisation, or nobody.

use super::cues::Cue;
use super::doc::Doc;
use super::lexicon::{
    in_list, is_cap, is_suffix_word, Lexicon, DEF, DOCUMENT, FUNC, GENDER_F, GENDER_M, PREP,
    PRON_F, PRON_M, PRON_ORG, SOURCE, STOP, VERB,
};
use super::orgs::is_acronym;
use super::phrases::{clean_name, is_initial, is_personal_title, NounPhrase};
use super::tokens::Kind;
use crate::article::{NoSpeaker, SpeakerKind};
use crate::extract::names::Gender;

/// Names longer than this many words are not taken as one person's name.
const MAX_NAME_WORDS: usize = 5;
/// How many tokens back `it` looks for the organisation it stands for.
pub(super) const IT_WINDOW: usize = 120;
/// How many earlier people a pronoun looks back over.
const PRONOUN_WINDOW: usize = 40;
/// Salience of an antecedent for a pronoun, after Lappin and Leass (1994): every mention of a
/// person counts for that person, its weight halved for each sentence back. A mention counts
/// `RECENCY`, plus `SUBJECT` as the subject of its clause, plus `NOT_OBLIQUE` unless it sits in
/// a prepositional phrase ("a commission overseen by Kofi Annan").
const RECENCY: f32 = 100.0;
const SUBJECT: f32 = 80.0;
const NOT_OBLIQUE: f32 = 50.0;
/// A person whose gender the article does not tell counts this much of their salience for
/// `he` or `she`.
const UNKNOWN_GENDER: f32 = 0.5;
/// Sentences back a verb without a subject takes the subject of a sentence for its own.
const TOPIC_SENTENCES: u32 = 2;
/// Sentences a pronoun looks back over.
const PRONOUN_SENTENCES: u32 = 8;
/// Sentences back a verb without a subject takes the previous quotation's speaker for its own.
const THREAD_SENTENCES: u32 = 4;

/// What the quotations before a cue tell about who is speaking: the previous one's speaker
/// (and the token that closed it), and every person quoted so far.
#[derive(Default)]
pub(super) struct Thread {
    pub(super) prev: Option<(Speaker, usize)>,
    pub(super) quoted: Vec<String>,
    /// Was the last quotation's speaker one person the text describes without naming (`said
    /// the regional manager`)?
    pub(super) prev_described: bool,
}

impl Thread {
    /// Take the quotation that closed at token `close` and its speaker as the last one.
    pub(super) fn push(&mut self, speaker: &Speaker, close: usize) {
        if speaker.kind == Some(SpeakerKind::Person) && !self.quoted.contains(&speaker.name) {
            self.quoted.push(speaker.name.clone());
        }
        self.prev = Some((speaker.clone(), close));
    }
}

/// A resolved speaker: the name and its kind (`None` exactly when the name is empty), or why
/// there is none.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Speaker {
    pub(super) name: String,
    pub(super) kind: Option<SpeakerKind>,
    pub(super) why: Option<NoSpeaker>,
}

impl Speaker {
    pub(super) fn none(why: NoSpeaker) -> Self {
        Speaker {
            name: String::new(),
            kind: None,
            why: Some(why),
        }
    }

    pub(super) fn person(name: String) -> Self {
        Speaker::of(name, SpeakerKind::Person)
    }

    pub(super) fn org(name: String) -> Self {
        Speaker::of(name, SpeakerKind::Org)
    }

    fn of(name: String, kind: SpeakerKind) -> Self {
        if name.is_empty() {
            return Speaker::none(NoSpeaker::NotAName);
        }
        Speaker {
            name,
            kind: Some(kind),
            why: None,
        }
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
    /// The subject of its clause: it opens a sentence, follows a quotation or a speech verb
    /// (`," said Jane Roe`), or comes right before a verb.
    subject: bool,
    /// Inside a prepositional phrase (`overseen by Kofi Annan`).
    oblique: bool,
}

/// A person mention with its canonical name: what a pronoun or a role noun can refer to.
/// Pronouns the article uses for a person are mentions too, resolved in text order.
#[derive(Clone)]
pub(super) struct Person {
    pos: usize,
    name: String,
    gender: Option<Gender>,
    possessive: bool,
    role: Option<String>,
    subject: bool,
    oblique: bool,
    pronoun: bool,
}

fn pick<'e>(lex: &Lexicon, cands: Vec<&'e Entity>) -> Option<&'e Entity> {
    cands.into_iter().max_by_key(|e| {
        (
            lex.first_name_gender(&e.words[0]).is_some(),
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
            if let Some(p) = raw.iter().rposition(|w| is_cap(w) && self.lex.has(w, STOP)) {
                raw.drain(..=p);
                at += p + 1;
            }
            let role = role_of(self.lex, &raw).or_else(|| self.title_before(at));
            // (`el papa Francisco`: a lower-case title that makes one name with the word.)
            let regnal = (raw.len() == 1 && at > 0 && self.lex.is_regnal(self.w(at - 1)))
                .then(|| super::phrases::capitalised(self.w(at - 1)));
            let titled = role.is_some();
            let possessive = raw
                .last()
                .is_some_and(|w| super::lexicon::strip_possessive(w).len() != w.len());
            // "the Clinton campaign" / "the Smith family": a name used as a modifier.
            let the = at > 0 && self.has(at - 1, DEF);
            let (mut words, hon, org) = clean_name(self.lex, &raw);
            if let Some(t) = regnal.filter(|_| !org && words.len() == 1) {
                words.insert(0, t);
            }
            let shouting = words.len() >= 2
                && words
                    .iter()
                    .all(|w| w.len() > 1 && !w.chars().any(char::is_lowercase));
            // An organisation, or a name used as a modifier of an organisation noun ("the
            // Trump campaign"): kept for `the campaign said`.
            let head = (!possessive && self.kind(e) == Kind::Word && self.has(e, SOURCE))
                .then(|| self.w(e));
            // (`the OECD said`: an acronym after `the` is an organisation; not a modifier,
            // `the PAL version`.)
            let acronym = the
                && words.len() == 1
                && hon.is_none()
                && is_acronym(&words[0])
                && (self.kind(e) != Kind::Word || self.verb_follows(e));
            if !words.is_empty() && (org || acronym || head.is_some()) {
                // "the BBC statement": the BBC speaks; `the statement said` finds it.
                let mut name = words.join(" ");
                if let Some(h) = head.filter(|h| !self.lex.has(h, DOCUMENT)) {
                    name.push(' ');
                    name.push_str(h);
                }
                let last = head
                    .unwrap_or_else(|| name.rsplit(' ').next().unwrap_or_default())
                    .to_lowercase();
                self.orgs.push((at, name, last));
            }
            // "the Smith family" uses a name as a modifier; "the President Obama" does not.
            // (`el Dr. Anthony Fauci`: nor with a personal title after the article.)
            let personal = raw.first().is_some_and(|w| {
                is_personal_title(self.lex, w) || (self.lex.is_title(w) && is_role_word(w))
            });
            let modifier = the && !titled && !personal;
            let before = if the { at - 1 } else { at };
            let oblique =
                (before > 0 && self.has(before - 1, PREP)) || self.after_preposition(before);
            // (`El presidente de Morena, Mario Delgado Carrillo, pidió`: a name in apposition
            // between commas before the verb.)
            let apposition = before > 0 && self.kind(before - 1) == Kind::Comma;
            let subject = !oblique
                && (self.verb_follows(e)
                    || (apposition && self.verb_after_apposition(e))
                    || (self.opens_clause(before) && !self.noun_follows(e)));
            if !words.is_empty() && !org && !shouting && !modifier && head.is_none() {
                let gender_first = words.first().and_then(|w| self.lex.first_name_gender(w));
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
                        subject,
                        oblique,
                    });
                } else if words.len() == 1 && !self.lex.not_a_name(&words[0]) {
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
                        subject,
                        oblique,
                    });
                }
            }
            i = e;
        }
        mentions
    }

    /// Is the verb at token `v` (or its auxiliary) in the third person plural, as Spanish
    /// writes it (`afirman`, `dijeron`, `han asegurado`)?
    fn plural_verb(&self, v: usize) -> bool {
        let w = self.w(v);
        w.ends_with('n') || (v > 0 && self.is_aux(v - 1) && self.w(v - 1).ends_with('n'))
    }

    /// Does a singular definite noun phrase open at token `k` (`el diácono`, not `los
    /// firmantes`, `un portavoz` or `el comunicado`)?
    fn singular_definite(&self, k: usize) -> bool {
        let (det, noun) = (self.w(k), self.w(k + 1));
        self.lex.has(det, DEF)
            && !det.ends_with('s')
            && !noun.is_empty()
            && !is_cap(noun)
            && !noun.ends_with('s')
            && !self.lex.has(noun, SOURCE | FUNC | PREP)
    }

    /// The role a lower-case title before the name at token `at` gives (`el presidente
    /// Andrés Manuel López Obrador`, `el portavoz de la Junta, Elías Bendodo`), where the
    /// language writes titles so.
    fn title_before(&self, at: usize) -> Option<String> {
        if !self.lex.rules.pro_drop || at == 0 {
            return None;
        }
        let mut k = at - 1;
        if self.kind(k) == Kind::Comma {
            // An apposition: the title opens the phrase before the comma.
            k = self.title_opening_apposition(k, 1)?;
        }
        let w = self.w(k);
        (!w.is_empty() && !is_cap(w) && self.lex.is_title(w) && is_role_word(w))
            .then(|| self.lex.role_word(w))
    }

    /// The lower-case title after a definite article that opens the phrase ending with the
    /// comma at token `comma` (`el presidente del consejo estatal,`): within ten tokens, at
    /// token `min` or later.
    fn title_opening_apposition(&self, comma: usize, min: usize) -> Option<usize> {
        (comma.saturating_sub(10)..comma).find(|&t| {
            t >= min && self.has(t - 1, DEF) && self.lex.is_title(self.w(t)) && !is_cap(self.w(t))
        })
    }

    /// Does a lower-case noun phrase before the name at token `at` sit in a prepositional
    /// phrase (`junto al periodista colombiano Gonzalo Rubeles`; in apposition, `contra el
    /// presidente del consejo estatal, Ángel Balderas Puga`), where the language writes
    /// titles so?
    fn after_preposition(&self, at: usize) -> bool {
        if !self.lex.rules.pro_drop || at == 0 {
            return false;
        }
        if self.kind(at - 1) == Kind::Comma {
            return self
                .title_opening_apposition(at - 1, 2)
                .is_some_and(|t| self.has(t - 2, PREP));
        }
        let mut k = at;
        while k > 0 && at - k < 4 {
            let w = self.w(k - 1);
            if w.is_empty() || is_cap(w) || self.is_verb(k - 1) {
                return false;
            }
            if self.lex.has(w, PREP) {
                return true;
            }
            if self.lex.has(w, DEF) {
                return k >= 2 && self.lex.has(self.w(k - 2), PREP);
            }
            k -= 1;
        }
        false
    }

    /// Pronoun votes: a name followed in its sentence by he/his/him or she/her.
    pub(super) fn pronoun_votes(&mut self, mentions: &[Mention]) {
        for (m, mention) in mentions.iter().enumerate() {
            let (pos, words) = (mention.pos, &mention.words);
            let mut p = pos;
            if p > 0 && self.has(p - 1, DEF) {
                p -= 1;
            }
            if p > 0 && self.has(p - 1, PREP) {
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
                    if self.has(k, GENDER_M) {
                        vote = Some(Gender::Male);
                        break;
                    }
                    if self.has(k, GENDER_F) {
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
        let named = mentions
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
                    subject: m.subject,
                    oblique: m.oblique,
                    pronoun: false,
                })
            })
            .collect();
        self.with_pronouns(named)
    }

    /// The named people with every `he` and `she` outside quotations added, in text order, as
    /// a mention of the person it refers to: the most salient earlier person of that gender.
    /// Resolving them in order lets a chain of pronouns keep its referent ("Lynch ... She
    /// said ... she said") against names mentioned in passing.
    fn with_pronouns(&self, named: Vec<Person>) -> Vec<Person> {
        let sentence = self.sentence_ids();
        let mut out: Vec<Person> = Vec::with_capacity(named.len() * 2);
        let mut named = named.into_iter().peekable();
        for k in 0..self.toks.len() {
            while let Some(p) = named.next_if(|p| p.pos <= k) {
                out.push(p);
            }
            if self.quoted[k] || self.kind(k) != Kind::Word {
                continue;
            }
            // (This runs on every word of the text: subject pronouns are short, and only those
            // are looked up.)
            let w = self.w(k);
            if w.len() > 5 {
                continue;
            }
            let f = self.flags(k);
            let g = if f & PRON_M != 0 {
                Gender::Male
            } else if f & PRON_F != 0 {
                Gender::Female
            } else {
                continue;
            };
            if let Some(name) = antecedent(&out, Some(g), &sentence, sentence[k]) {
                out.push(Person {
                    pos: k,
                    name,
                    gender: Some(g),
                    possessive: false,
                    role: None,
                    subject: true,
                    oblique: false,
                    pronoun: true,
                });
            }
        }
        out.extend(named);
        out
    }

    /// Sentence number of every token: a new one after full stops outside quotations and
    /// paragraph breaks.
    fn sentence_ids(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.toks.len());
        let (mut id, mut ended) = (0u32, false);
        for (k, t) in self.toks.iter().enumerate() {
            let end = (t.kind == Kind::Stop && !self.quoted[k]) || t.kind == Kind::Newline;
            if ended && !end {
                id += 1;
            }
            ended = end;
            ids.push(id);
        }
        ids
    }

    /// Does a clause open at token `k`: the start of the text, a sentence or paragraph, a
    /// quotation just closed (`," Jane Roe said`) or a speech verb (`," said Jane Roe`)?
    fn opens_clause(&self, k: usize) -> bool {
        k == 0
            || matches!(
                self.kind(k - 1),
                Kind::Stop | Kind::Newline | Kind::Colon | Kind::Semi | Kind::QClose | Kind::QAmb
            )
            || self.is_verb(k - 1)
    }

    /// Is token `e` a lower-case noun, so that the name before it modifies it ("Clinton
    /// communication director Jennifer Palmieri", "Trump supporters")?
    fn noun_follows(&self, e: usize) -> bool {
        let w = self.w(e);
        !w.is_empty()
            && !is_cap(w)
            && !self.verb_follows(e)
            && !w.ends_with('s')
            && !self.lex.has(w, FUNC | PREP)
    }

    /// Does a verb follow the apposition that opens with a comma at token `e` (`Mario Delgado
    /// Carrillo, pidió`, `Mauricio Rodríguez Álvarez, académico de la Facultad de Medicina,
    /// explicó`), so that the name before it is the subject of that verb?
    fn verb_after_apposition(&self, e: usize) -> bool {
        if self.kind(e) != Kind::Comma {
            return false;
        }
        if self.verb_follows(e + 1) {
            return true;
        }
        let end = self.clause_end(e + 1, 25);
        (e + 1..end)
            .find(|&k| self.kind(k) == Kind::Comma)
            .is_some_and(|k| self.verb_follows(k + 1))
    }

    /// Is token `e` a verb (a speech verb, an auxiliary or a past tense), so that the name
    /// before it is its subject ("Suu Kyi recently presided")?
    fn verb_follows(&self, e: usize) -> bool {
        let w = self.w(e);
        self.is_verb(e) || self.is_aux(e) || self.lex.past_tense(w)
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
        // (`Prince Alwaleed`: a title that makes a name with one given name, unless the article
        // gives that person a fuller name, `Alwaleed Bin Talal`.)
        if words.len() == 2 && self.lex.is_regnal(&words[0]) {
            let fuller = self
                .entities
                .iter()
                .filter(|e| !self.lex.is_regnal(&e.words[0]) && e.words.contains(&words[1]))
                .max_by_key(|e| e.name().len());
            if let Some(e) = fuller {
                return (e.name(), hon.or(e.gender()));
            }
        }
        if words.len() >= 2 {
            let cands: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| {
                    // A name that opens with a known first name is whole at its start: "Rival
                    // Hillary Clinton" (a title-case headline) does not extend "Hillary Clinton".
                    let whole_start = self.lex.first_name_gender(&words[0]).is_some();
                    (e.words[0] == words[0] && e.words.last() == words.last())
                        || (e.contains(words) && !(whole_start && e.words[0] != words[0]))
                })
                .collect();
            let longest = cands.into_iter().max_by_key(|e| e.name().len());
            return match longest {
                Some(e) => (e.name(), hon.or(e.gender())),
                None => (
                    words.join(" "),
                    hon.or(self.lex.first_name_gender(&words[0])),
                ),
            };
        }
        let Some(w) = words.first() else {
            return (String::new(), None);
        };
        let given = self.lex.first_name_gender(w).is_some();
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
        let found = pick(self.lex, by_last).or_else(|| pick(self.lex, by_part()));
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
            if let Some(e) = pick(self.lex, by_first) {
                return (e.name(), hon.or(e.gender()));
            }
        }
        // A known first name tells more than the pronouns that happen to follow it.
        let g = hon.or_else(|| self.lex.first_name_gender(w)).or_else(|| {
            self.single.get(w).and_then(|&(m, f)| match m.cmp(&f) {
                std::cmp::Ordering::Greater => Some(Gender::Male),
                std::cmp::Ordering::Less => Some(Gender::Female),
                std::cmp::Ordering::Equal => None,
            })
        });
        (words[0].clone(), g)
    }

    pub(super) fn resolve(&self, cue: &Cue, people: &[Person], thread: &Thread) -> Speaker {
        match &cue.np {
            // (`el diácono`: one person named by a common noun, in a language that names the
            // person it is about so.)
            NounPhrase::Nominal if self.lex.rules.pro_drop && self.singular_definite(cue.pos) => {
                self.topic(cue.pos, people, thread, false)
            }
            NounPhrase::Nominal => Speaker::none(NoSpeaker::Unnamed),
            // (A plural verb, `señalan`, `han dicho`: several people, none named.)
            NounPhrase::Dropped if self.plural_verb(cue.pos) => Speaker::none(NoSpeaker::Unnamed),
            NounPhrase::Dropped => self.topic(cue.pos, people, thread, true),
            // (`the New York businessman`, nobody named before: a person left unnamed.)
            NounPhrase::Described => match self.topic(cue.pos, people, thread, false) {
                sp if sp.name.is_empty() => Speaker::none(NoSpeaker::Unnamed),
                sp => sp,
            },
            // `it said`: the organisation named last before it.
            NounPhrase::Pron(None) if self.has(cue.pos, PRON_ORG) => self.it_org(cue.pos),
            NounPhrase::Pron(None) => Speaker::none(NoSpeaker::Pronoun),
            NounPhrase::Source(s) => self.org_named(s, cue.pos, thread),
            NounPhrase::Role(role) => self.role_holder(role, cue.pos, people, thread),
            NounPhrase::Name {
                words, org: true, ..
            } => {
                if words.len() == 1 && self.lex.not_a_name(&words[0]) {
                    Speaker::none(NoSpeaker::NotAName)
                } else {
                    Speaker::org(self.org_full(&words.join(" "), cue.pos))
                }
            }
            NounPhrase::Name { words, hon, .. } => {
                if words.len() == 1 && hon.is_none() && self.not_a_person(&words[0]) {
                    return Speaker::none(NoSpeaker::NotAName);
                }
                // An acronym alone (`NAWG said`, `OPEC said`) is an organisation.
                if words.len() == 1 && hon.is_none() && is_acronym(&words[0]) {
                    return Speaker::org(self.org_full(&words[0], cue.pos));
                }
                Speaker::person(self.canonical(words, *hon).0)
            }
            // (`"A," said the regional manager. "B," he added.`: the person just quoted.)
            NounPhrase::Pron(Some(_)) if self.continues_unnamed(cue.pos, thread) => {
                Speaker::none(NoSpeaker::Unnamed)
            }
            // Resolved with the article's other pronouns (`with_pronouns`).
            NounPhrase::Pron(Some(_)) => people
                .iter()
                .find(|m| m.pronoun && m.pos == cue.pos)
                .map_or_else(
                    || Speaker::none(NoSpeaker::Pronoun),
                    |m| Speaker::person(m.name.clone()),
                ),
        }
    }

    /// Does the pronoun at token `pos` follow, in the same paragraph and with nobody named
    /// outside quotation marks between, a quotation whose speaker the text left unnamed?
    fn continues_unnamed(&self, pos: usize, thread: &Thread) -> bool {
        let Some((sp, close)) = &thread.prev else {
            return false;
        };
        thread.prev_described
            && sp.why == Some(NoSpeaker::Unnamed)
            && *close < pos
            && pos - close <= 60
            && (close + 1..pos)
                .all(|k| self.kind(k) != Kind::Newline && (self.quoted[k] || !self.is_name_word(k)))
    }

    /// A single capitalised word that does not name a person here: a month, an abbreviation,
    /// a word of a list, or a word the article also writes in lower case (an adverb opening a
    /// sentence, a common noun) that is no known person's name.
    fn not_a_person(&self, w: &str) -> bool {
        if self.lex.not_a_name(w) {
            return true;
        }
        let known = self.entities.iter().any(|e| e.words.iter().any(|x| x == w));
        // An adverb opening a sentence ("Recently", "Shortly").
        let adverb = w.len() >= 6 && w.ends_with("ly") && self.lex.first_name_gender(w).is_none();
        // (Spanish: an adverb in -mente, a speech verb opening a sentence, `Indica`.)
        if self.lex.rules.pro_drop
            && !known
            && ((w.len() > 7 && w.ends_with("mente")) || self.lex.has(w, VERB))
        {
            return true;
        }
        !known && (adverb || self.used_lowercase(w))
    }

    /// Does the article name a person (with a given name or a title) with the word `w`?
    pub(super) fn names_person(&self, w: &str) -> bool {
        self.entities
            .iter()
            .any(|e| e.strong && e.words.iter().any(|x| x == w))
    }

    /// Does the text show that `p` is a person: a pronoun for them, a title, a known first
    /// name, or a name a speech verb has as its subject?
    fn surely_a_person(&self, p: &Person) -> bool {
        p.pronoun
            || p.role.is_some()
            || p.name
                .split(' ')
                .next()
                .is_some_and(|w| self.lex.first_name_gender(w).is_some())
            || self.entities.iter().any(|e| e.strong && e.name() == p.name)
    }

    /// The person the article names with the title `role` ("the president" -> the one named
    /// "President Obama"): the last one before the cue, else the first after it; nobody when
    /// the article names no one so.
    fn role_holder(&self, role: &str, pos: usize, people: &[Person], thread: &Thread) -> Speaker {
        let holds = |p: &&Person| p.role.as_deref() == Some(role);
        people
            .iter()
            .filter(|p| p.pos < pos)
            .rev()
            .find(holds)
            .or_else(|| people.iter().find(holds))
            .map_or_else(
                || {
                    // (`el experto`, no one named so: the person the text is about.)
                    if self.lex.rules.pro_drop {
                        self.topic(pos, people, thread, false)
                    } else {
                        Speaker::none(NoSpeaker::Unnamed)
                    }
                },
                |p| Speaker::person(p.name.clone()),
            )
    }

    /// The person the text is about at token `pos`, for a verb without a subject or a role
    /// noun no one is named with: a person who became the subject of a sentence since the
    /// previous quotation (`…, enfatizó Grimm. «…», dijo.`); else the previous quotation's
    /// speaker, the thread of the text (also an organisation, with `orgs`); else the subject
    /// of a recent sentence; else the most salient person mentioned before it (as for a
    /// pronoun, either gender). Only those the text shows to be people count — a known first
    /// name, a title, a speaker elsewhere — not any capitalised pair (`Estados Unidos`).
    fn topic(&self, pos: usize, people: &[Person], thread: &Thread, orgs: bool) -> Speaker {
        let sentence = self.sentence_ids();
        let at = sentence[pos];
        let prev = thread.prev.as_ref().filter(|(sp, close)| {
            *close < pos
                && at.saturating_sub(sentence[*close]) <= THREAD_SENTENCES
                && (sp.kind == Some(SpeakerKind::Person)
                    || (orgs && sp.kind == Some(SpeakerKind::Org)))
        });
        let person = |p: &Person| self.surely_a_person(p) || thread.quoted.contains(&p.name);
        let recent = |p: &&Person| {
            p.pos < pos
                && p.subject
                && !p.oblique
                && !p.possessive
                && at.saturating_sub(sentence[p.pos]) <= TOPIC_SENTENCES
                && person(p)
        };
        let since = prev.map_or(0, |&(_, close)| close);
        // (Since the previous quotation, any person named outside a prepositional phrase.)
        let named_since = |p: &&Person| {
            prev.is_some()
                && p.pos > since
                && p.pos < pos
                && !p.oblique
                && !p.possessive
                && !p.pronoun
                && at.saturating_sub(sentence[p.pos]) <= TOPIC_SENTENCES
                && person(p)
        };
        if let Some(p) = people.iter().rev().find(named_since) {
            return Speaker::person(p.name.clone());
        }
        if let Some((sp, _)) = prev {
            return sp.clone();
        }
        if let Some(p) = people.iter().rev().find(recent) {
            return Speaker::person(p.name.clone());
        }
        let owned: Vec<Person> = people
            .iter()
            .filter(|p| p.pos < pos && person(p))
            .cloned()
            .collect();
        antecedent(&owned, None, &sentence, at)
            .map_or_else(|| Speaker::none(NoSpeaker::Pronoun), Speaker::person)
    }
}

/// The person a `he` or `she` in sentence `at` refers to: of the last `PRONOUN_WINDOW` people
/// mentioned (never the owner in a possessive, "Romney's deputy ... he said", nor a person of
/// the other gender), the one with the most salience. A person's salience adds up over the
/// sentences that mention them, each counting its strongest mention once (so a chain of
/// pronouns in one sentence does not outweigh a name).
fn antecedent(people: &[Person], g: Option<Gender>, sentence: &[u32], at: u32) -> Option<String> {
    // (name, salience, sentence of the last mention, its weight, index of the last mention)
    let mut score: Vec<(&str, f32, u32, f32, usize)> = Vec::new();
    let from = people.len().saturating_sub(PRONOUN_WINDOW);
    for (k, m) in people.iter().enumerate().skip(from) {
        let s = sentence[m.pos];
        let back = at.saturating_sub(s);
        if m.possessive
            || back > PRONOUN_SENTENCES
            || g.is_some_and(|g| m.gender.is_some_and(|x| x != g))
        {
            continue;
        }
        let mut w = RECENCY;
        if m.subject {
            w += SUBJECT;
        }
        if !m.oblique {
            w += NOT_OBLIQUE;
        }
        w /= (1u32 << back) as f32;
        if m.gender.is_none() && g.is_some() {
            w *= UNKNOWN_GENDER;
        }
        match score.iter_mut().find(|x| x.0 == m.name) {
            Some(x) if x.2 == s => {
                if w > x.3 {
                    x.1 += w - x.3;
                    x.3 = w;
                }
                x.4 = k;
            }
            Some(x) => {
                x.1 += w;
                x.2 = s;
                x.3 = w;
                x.4 = k;
            }
            None => score.push((&m.name, w, s, w, k)),
        }
    }
    score
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(a.4.cmp(&b.4)))
        .map(|x| x.0.to_string())
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
fn role_of(lex: &Lexicon, raw: &[&str]) -> Option<String> {
    let t = raw.iter().rposition(|w| lex.is_title(w))?;
    if t + 1 >= raw.len() {
        return None;
    }
    let from = raw[..=t]
        .iter()
        .rposition(|w| !lex.is_title(w))
        .map_or(0, |p| p + 1);
    let words: Vec<String> = raw[from..=t]
        .iter()
        .filter(|w| is_role_word(w))
        .map(|w| lex.role_word(w))
        .collect();
    if words.is_empty() || !is_cap(raw[t]) {
        return None;
    }
    Some(words.join(" "))
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
