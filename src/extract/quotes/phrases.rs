//! Noun phrases: the subject of a speech verb (a name, a pronoun, an organisation or a
//! common noun), read forwards or backwards from a token.

use super::doc::Doc;
use super::lexicon::{
    in_list, is_cap, strip_possessive, Lexicon, CONJ, DEF, DESCRIPTOR, DET, DOCUMENT, FUNC, HON_F,
    HON_M, ORG, PREP, REL, SOURCE, STOP, TITLE,
};
use super::speakers::is_role_word;
use super::tokens::Kind;
use crate::extract::names::{first_name_gender, Gender};
use rustc_hash::FxHashSet;

/// The subject of a speech verb.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum NounPhrase {
    /// `he`, `she` (with gender) or another pronoun (`they`, `I`, `we`: no gender).
    Pron(Option<Gender>),
    /// A capitalised name, titles stripped; `org` when it looks like an organisation.
    Name {
        words: Vec<String>,
        hon: Option<Gender>,
        org: bool,
    },
    /// A common noun phrase (`a spokesman`, `his deputy`): no recoverable name.
    Nominal,
    /// No subject at all (`…», indicó.`), where the language drops it: the person the text
    /// is about at that point.
    Dropped,
    /// `the` and a title (`the president`, `the vice president`): the person the article names
    /// with that title, lower case.
    Role(String),
    /// `the` and words that describe one person (`the New York businessman`, `the
    /// 34-year-old`): the person the text is about at that point.
    Described,
    /// A common noun phrase naming an organisation or a document (`the company`,
    /// `the statement`): it is the source, written without its determiner.
    Source(String),
}

/// Turn a capitalised run (already split from its context) into a name: titles stripped,
/// possessive removed; the honorific gender, if any.
pub(super) fn clean_name(lex: &Lexicon, raw: &[&str]) -> (Vec<String>, Option<Gender>, bool) {
    // Each word's flags, looked up once (names are short; a longer run looks up the rest).
    let mut looked = [0u32; 8];
    for (f, w) in looked.iter_mut().zip(raw) {
        *f = lex.word_flags(w);
    }
    let flags = |k: usize| match looked.get(k) {
        Some(&f) if k < raw.len() => f,
        _ => lex.word_flags(raw[k]),
    };
    let mut hon = None;
    // "Dr Fox", "Mr Ford": a personal title makes a person of a word that names firms too.
    for (k, w) in raw.iter().enumerate() {
        if flags(k) & (HON_M | HON_F) != 0 {
            hon = lex.honorific_gender(w);
            break;
        }
    }
    let mut org = names_org_with(lex, raw, flags);
    // Start after the last title before the last word ("Mexican President Claudia Sheinbaum"
    // -> "Claudia Sheinbaum").
    let mut start = 0;
    // (A title that is also a name, as the last word after another title, is a surname:
    // `Governor Mervyn King`; not so `NUJ General Secretary`.)
    let last = raw.len().saturating_sub(1);
    let title = match (0..raw.len()).rposition(|k| flags(k) & TITLE != 0) {
        Some(t) if t == last && lex.is_regnal(raw[t]) => {
            (0..last).rposition(|k| flags(k) & TITLE != 0).or(Some(t))
        }
        t => t,
    };
    // (`General Acquisition Co`, `National Westminster Bank`: a title word opening an
    // organisation's name is part of it, and nothing before the name is left out.)
    let titled_org = org && title == Some(0) && names_org_with(lex, &raw[1..], |k| flags(k + 1));
    if let Some(t) = title.filter(|_| !titled_org) {
        // (`Papa Francisco`: a title that makes one name with a single given name.)
        if t + 2 == raw.len() && lex.is_regnal(raw[t]) && !org {
            return (vec![capitalised(raw[t]), raw[t + 1].to_string()], hon, org);
        }
        if t + 1 < raw.len() {
            start = t + 1;
            // The organisation is the title's, not the name's (`Central Bank President Jose
            // Luis Machinea`).
            org = org && names_org_with(lex, &raw[start..], |k| flags(start + k));
        }
    }
    // Titles, sentence words and, outside organisation names, words describing the person
    // ("Tory MP Michael Mates", "American Davenport").
    while !titled_org
        && start + 1 < raw.len()
        && (flags(start) & (TITLE | STOP) != 0 || (!org && lex.is_descriptor(raw[start])))
    {
        start += 1;
    }
    // A known first name after a word shaped like a trade or an epithet opens the name
    // ("Goalscorer Jimmy Floyd Hasselbaink", "Defiant Matt Williams"; not "Cornell William
    // Brooks").
    if !org
        && raw.len() >= start + 3
        && lex.first_name_gender(raw[start]).is_none()
        && is_epithet_shaped(raw[start])
    {
        if let Some(k) =
            (start + 1..raw.len() - 1).find(|&k| lex.first_name_gender(raw[k]).is_some())
        {
            start = k;
        }
    }
    // Where titles are written in lower case, a capitalised word before a known first name
    // is a medium or a place, not the name (`Télam Fernando Goldbaum`).
    if lex.rules.pro_drop
        && !org
        && raw.len() >= start + 3
        && lex.first_name_gender(raw[start]).is_none()
        && lex.first_name_gender(raw[start + 1]).is_some()
        && !lex.is_particle(raw[start])
    {
        start += 1;
    }
    let end = name_end(lex, raw, start);
    let raw = &raw[..end];
    // One apostrophe: "O’Neill" and "O'Neill" are one name.
    let mut words: Vec<String> = raw[start.min(raw.len())..]
        .iter()
        .map(|w| strip_possessive(w).replace('’', "'"))
        .collect();
    // A possessive ends the name ("Trump's campaign").
    if let Some(p) = raw[start.min(raw.len())..]
        .iter()
        .position(|w| strip_possessive(w).len() != w.len())
    {
        words.truncate(p + 1);
    }
    if words.is_empty() {
        org = false;
    }
    (words, hon, org)
}

/// Where the name that starts at `raw[start]` ends: a verb a headline capitalises ends it
/// ("Hillary Clinton Praised"); inside a run that opens with a given name and a surname, so
/// does a word in -s with more words after it ("Elizabeth Warren Hammers Wells Fargo CEO").
fn name_end(lex: &Lexicon, raw: &[&str], start: usize) -> usize {
    let mut end = raw.len();
    while end > start + 2 && is_headline_verb(raw[end - 1]) {
        end -= 1;
    }
    if end >= start + 4 && lex.first_name_gender(raw[start]).is_some() {
        let verb_s = |w: &str| {
            w.len() >= 4
                && w.ends_with('s')
                && !w.ends_with("ss")
                && strip_possessive(w).len() == w.len()
                && lex.first_name_gender(w).is_none()
        };
        // (Not `Harry B. Harris Jr.`: an initial makes the third word a surname.)
        let initial = raw[start + 1].len() <= 2 || raw[start + 1].ends_with('.');
        if !initial && verb_s(raw[start + 2]) {
            end = start + 2;
        }
    }
    end
}

/// Does a capitalised run name an organisation: does it hold an organisation word? Not with a
/// personal title before it ("Dr Fox"), nor when that word is the surname after a known first
/// name ("Chris Fox", "Charlotte Church").
pub(super) fn names_org(lex: &Lexicon, raw: &[&str]) -> bool {
    names_org_with(lex, raw, |k| lex.word_flags(raw[k]))
}

/// [`names_org`] with each word's flags from `flags` (by position in `raw`).
fn names_org_with(lex: &Lexicon, raw: &[&str], flags: impl Fn(usize) -> u32) -> bool {
    if raw.first().is_some_and(|w| is_personal_title(lex, w)) {
        return false;
    }
    let last = raw.len().saturating_sub(1);
    raw.iter().enumerate().any(|(k, w)| {
        let bare = strip_possessive(w);
        let is_org = if bare.len() == w.len() {
            flags(k) & ORG != 0
        } else {
            lex.has(bare, ORG)
        };
        is_org
            && !(k == last
                && k >= 1
                && in_list(bare, SURNAME_ORG_WORDS)
                && lex.first_name_gender(raw[k - 1]).is_some())
    })
}

/// Organisation words that are also surnames.
const SURNAME_ORG_WORDS: &[&str] = &[
    "fox", "church", "street", "house", "post", "bank", "court", "times", "press", "union", "news",
    "service", "daily", "review",
];

/// A title that only a person has: `Mr`, `Dr`, `Sir`, ...
pub(super) fn is_personal_title(lex: &Lexicon, w: &str) -> bool {
    lex.honorific_gender(w).is_some()
        || in_list(
            w.trim_end_matches('.'),
            &["dr", "prof", "professor", "lord", "dame", "rev", "reverend"],
        )
}

/// A word ending like a trade or an epithet (`Goalscorer`, `Defiant`, `Novelist`).
fn is_epithet_shaped(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    ["er", "or", "ist", "ant", "ent", "ive", "ian"]
        .iter()
        .any(|s| w.len() > s.len() + 3 && w.ends_with(s))
}

/// A past tense a title-case headline writes after a name (`Praised`), not a surname.
fn is_headline_verb(w: &str) -> bool {
    w.len() >= 6 && w.ends_with("ed") && is_cap(w) && first_name_gender(w).is_none()
}

/// The role a noun phrase after `the` names when its head is a title ("Florida senator" ->
/// `senator`, "White House press secretary" -> `press secretary`).
fn role_np(lex: &Lexicon, words: &[&str]) -> Option<NounPhrase> {
    let last = words.last()?;
    if !lex.is_title(last) || !is_role_word(last) || lex.has(last, SOURCE) {
        return None;
    }
    let from = words
        .iter()
        .rposition(|w| !lex.is_title(w))
        .map_or(0, |p| p + 1);
    let role: Vec<String> = words[from..]
        .iter()
        .filter(|w| is_role_word(w))
        .map(|w| lex.role_word(w))
        .collect();
    Some(NounPhrase::Role(role.join(" ")))
}

/// `w` with its first letter in upper case (`papa` -> `Papa`).
pub(super) fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// A middle initial: one letter, with or without its period (`J.`, `H`).
pub(super) fn is_initial(w: &str) -> bool {
    let mut c = w.trim_end_matches('.').chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

impl Doc<'_> {
    /// A capitalised run starting at `i` (forward), stopping before `hi`.
    pub(super) fn cap_run_fwd(&self, i: usize, hi: usize) -> usize {
        let mut j = i;
        while j < hi {
            if self.kind(j) != Kind::Word {
                break;
            }
            let w = self.w(j);
            if is_cap(w) || (self.lex.is_particle(w) && self.particle_leads_to_cap(j, hi)) {
                j += 1;
                // A possessive ends the run.
                if strip_possessive(w).len() != w.len() {
                    break;
                }
            } else {
                break;
            }
        }
        j
    }

    /// Does the particle at `j` lead, perhaps through a second one, to a capitalised word
    /// (`de León`, `de la Fuente`)?
    fn particle_leads_to_cap(&self, j: usize, hi: usize) -> bool {
        (j + 1 < hi && is_cap(self.w(j + 1)))
            || (j + 2 < hi && self.lex.is_particle(self.w(j + 1)) && is_cap(self.w(j + 2)))
    }

    pub(super) fn name_np(&self, a: usize, b: usize) -> Option<NounPhrase> {
        let mut raw: Vec<&str> = (a..b).map(|k| self.w(k)).collect();
        let mut the = a > 0 && self.lex.has(self.w(a - 1), DEF);
        // Split at the last stop word: "In February Trump" -> "Trump". (Capitalised: a
        // particle inside a name, `de`, may be a stop word too.) An article opening the
        // sentence stays one (`El Papa defendió`).
        if let Some(p) = raw.iter().rposition(|w| is_cap(w) && self.lex.has(w, STOP)) {
            the = self.lex.has(raw[p], DEF);
            raw.drain(..=p);
        }
        // Words before a personal title inside the run are not the person's name but the end
        // of a phrase the text left without a comma (`to the Foreign Policy Centre Mr Straw
        // said`).
        if let Some(p) =
            (1..raw.len().saturating_sub(1)).find(|&k| self.lex.honorific_gender(raw[k]).is_some())
        {
            the = false;
            raw.drain(..p);
        }
        // A run of several all-capital words is a heading, not a name.
        let shouting = |w: &&str| w.len() > 1 && !w.chars().any(|c| c.is_lowercase());
        if raw.len() >= 2 && raw.iter().all(shouting) {
            return None;
        }
        // "the President", "the Vice President": a role, not a name.
        if the && raw.iter().all(|w| self.lex.is_title(w)) {
            if let Some(role) = role_np(self.lex, &raw) {
                return Some(role);
            }
        }
        // (`la Dra. Connie Lehman`, `el Papa Francisco`: an article before a title.)
        let titled_person = self.lex.rules.pro_drop && raw.len() >= 2 && self.lex.is_title(raw[0]);
        let the_org = the && !titled_person;
        let cleaned = (!the_org).then(|| clean_name(self.lex, &raw));
        // (`Chief Treasury Secretary Paul Boateng`: an organisation word that `clean_name`
        // gives to a title before a person makes no organisation.)
        let org_word = cleaned
            .as_ref()
            .is_some_and(|(words, _, org)| *org || (words.is_empty() && names_org(self.lex, &raw)));
        if the_org || org_word {
            // An organisation: keep its words as written ("the White House", "State Department").
            let mut words: Vec<String> = Vec::new();
            for w in &raw {
                words.push(strip_possessive(w).to_string());
                if strip_possessive(w).len() != w.len() {
                    break;
                }
            }
            if words.is_empty() {
                return None;
            }
            return Some(NounPhrase::Name {
                words,
                hon: None,
                org: true,
            });
        }
        let (words, hon, org) = cleaned?;
        if words.is_empty() {
            return None;
        }
        // A lone capitalised word opening a sentence ("Likewise", "Candidates") is a name only
        // if the article never writes it in lower case.
        if words.len() == 1
            && hon.is_none()
            && self.sentence_initial(a)
            && self.used_lowercase(&words[0])
        {
            return None;
        }
        Some(NounPhrase::Name { words, hon, org })
    }

    fn sentence_initial(&self, a: usize) -> bool {
        a == 0
            || matches!(
                self.kind(a - 1),
                Kind::Stop
                    | Kind::Newline
                    | Kind::Colon
                    | Kind::QOpen
                    | Kind::QClose
                    | Kind::QAmb
                    | Kind::Dash
            )
    }

    /// Does the article use `w` as an ordinary lower-case word somewhere?
    pub(super) fn used_lowercase(&self, w: &str) -> bool {
        if !w.is_ascii() || w.len() < 2 {
            return false;
        }
        let lower = w.to_ascii_lowercase();
        let words = self.lower_words.get_or_init(|| {
            let mut set = FxHashSet::default();
            for t in &self.toks {
                let word = &self.text[t.start..t.end];
                if t.kind == Kind::Word && word.starts_with(|c: char| c.is_ascii_lowercase()) {
                    set.insert(word);
                    if !word.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        set.extend(word.split(|c: char| !c.is_ascii_alphanumeric()));
                    }
                }
            }
            set
        });
        words.contains(lower.as_str())
    }

    /// `Secretary of State John Kerry`, `Minister for Europe Denis MacShane`: for the
    /// capitalised run `a..e` after a title and a preposition, the token where the person's
    /// name starts, after the office's department: its first known given name, else its last
    /// two words (the last one of two).
    pub(super) fn name_after_office(&self, a: usize, e: usize) -> Option<usize> {
        if a < 2 || e < a + 2 || !self.has(a - 1, PREP) {
            return None;
        }
        // The words before the preposition are titles only (`Former Secretary`), not a name
        // that ends like one (`Representative Peter T. King of New York`).
        let mut t = a - 1;
        while t > 0 && self.kind(t - 1) == Kind::Word && is_cap(self.w(t - 1)) {
            let w = self.w(t - 1);
            if !self.lex.has(w, TITLE | STOP) && !self.lex.is_descriptor(w) {
                return None;
            }
            t -= 1;
        }
        if t == a - 1 || !self.lex.is_title(self.w(a - 2)) {
            return None;
        }
        // (`CEO of Washington Restaurant Association`: an organisation, nobody named.)
        if let Some(k) = (a + 1..e - 1).find(|&k| self.lex.first_name_gender(self.w(k)).is_some()) {
            return Some(k);
        }
        if self.has(e - 1, ORG) {
            return None;
        }
        Some(if e - a >= 3 { e - 2 } else { e - 1 })
    }

    /// Parse a noun phrase forward from `i`; returns it and the token after it.
    pub(super) fn np_fwd(&self, i: usize, hi: usize) -> Option<(NounPhrase, usize)> {
        if i >= hi || self.kind(i) != Kind::Word {
            return None;
        }
        if let Some(p) = self.is_pron(i) {
            return Some((p, i + 1));
        }
        let w = self.w(i);
        let det = self.lex.has(w, DET);
        if !det && is_cap(w) {
            let e = self.cap_run_fwd(i, hi);
            // (`said Secretary of Homeland Security Jeh Johnson`.)
            if e + 1 < hi && self.has(e, PREP) && self.is_name_word(e + 1) {
                let e2 = self.cap_run_fwd(e + 1, hi);
                if let Some(k) = self.name_after_office(e + 1, e2) {
                    if let Some(np) = self.name_np(k, e2) {
                        return Some((np, self.skip_paren(e2, hi)));
                    }
                }
            }
            // "Rubio spokesman Alex Conant": a name used as a modifier, then the name; the
            // modifier may be a firm's name with `and` in it and more than one noun (`Carroll
            // McEntee and McGinley analyst Denis Karnosky`, `BIFA founder and director Elliot
            // Grove`).
            let mut m = e;
            if self.has(e, CONJ) && self.is_name_word(e + 1) {
                m = self.cap_run_fwd(e + 1, hi);
            }
            let mut k = m;
            while k < hi && k < m + 4 && self.kind(k) == Kind::Word && !is_cap(self.w(k)) {
                let wk = self.w(k);
                let joins = k > m
                    && self.lex.has(wk, CONJ)
                    && self.kind(k + 1) == Kind::Word
                    && !is_cap(self.w(k + 1));
                if !joins && (self.is_verb(k) || self.lex.has(wk, FUNC) || self.lex.has(wk, PREP)) {
                    break;
                }
                k += 1;
            }
            if k == m {
                k = e;
            }
            if k > m && self.is_name_word(k) {
                let e2 = self.cap_run_fwd(k, hi);
                if let Some(np) = self.name_np(k, e2) {
                    return Some((np, self.skip_paren(e2, hi)));
                }
            }
            // "Romney's deputy": the owner of a common noun, not the subject.
            let owner = k > e && strip_possessive(self.w(e - 1)).len() != self.w(e - 1).len();
            if !owner {
                if let Some(np) = self.name_np(i, e) {
                    return Some((np, self.skip_paren(e, hi)));
                }
            }
        }
        // A common noun phrase, perhaps with a name inside ("former Obama adviser David
        // Axelrod", "the Trump campaign") or in apposition ("a spokesman, Jane Roe,").
        let mut j = i + usize::from(det);
        let mut run: Option<(usize, usize)> = None;
        let mut head = None;
        while j < hi && j < i + 9 && self.kind(j) == Kind::Word && !self.is_verb(j) {
            let wj = self.w(j);
            if self.lex.has(wj, PREP | REL) {
                break;
            }
            if is_cap(wj) && !self.lex.has(wj, STOP) {
                let e = self.cap_run_fwd(j, hi).max(j + 1);
                run = Some((j, e));
                head = None;
                j = e;
                continue;
            }
            if run.is_some() {
                head = Some(j);
            }
            j += 1;
        }
        // A name with a head noun after it is an organisation only when the head is one ("the
        // Trump campaign"); "Romney's deputy", "the New York businessman" name nobody.
        let org_head = head.is_none_or(|h| self.has(h, SOURCE));
        if let Some((a, b)) = run.filter(|_| org_head) {
            if let Some(NounPhrase::Name {
                mut words,
                hon,
                org,
            }) = self.name_np(a, b)
            {
                let org = org || head.is_some() || (a == i + 1 && self.lex.has(w, DEF));
                // "a BBC statement": the organisation speaks, not its document.
                if let Some(h) = head.filter(|&h| !self.has(h, DOCUMENT)) {
                    words.push(self.w(h).to_string());
                }
                return Some((NounPhrase::Name { words, hon, org }, self.skip_paren(j, hi)));
            }
        }
        if j == i {
            return None;
        }
        // Apposition: "a spokesman, Jane Roe, said" / "said a spokesman, Jane Roe."
        if self.kind(j) == Kind::Comma && self.is_name_word(j + 1) {
            let e = self.cap_run_fwd(j + 1, hi);
            if matches!(self.kind(e), Kind::Comma | Kind::Stop) || e >= hi || self.is_verb(e) {
                if let Some(np @ NounPhrase::Name { .. }) = self.name_np(j + 1, e) {
                    return Some((np, e));
                }
            }
        }
        Some((self.nominal(i, j), j))
    }

    /// A common noun phrase over tokens `a..b`: a source when its head is an organisation or
    /// document noun, else an anonymous nominal.
    fn nominal(&self, a: usize, b: usize) -> NounPhrase {
        if b > a + 1 && self.has(a, DEF) {
            let words: Vec<&str> = (a + 1..b).map(|k| self.w(k)).collect();
            if let Some(role) = role_np(self.lex, &words) {
                return role;
            }
        }
        if self.described(a, b) {
            return NounPhrase::Described;
        }
        if b == 0 || b <= a || !self.has(b - 1, SOURCE) {
            return NounPhrase::Nominal;
        }
        let a = a + usize::from(self.has(a, DET));
        let words: Vec<&str> = (a..b)
            .map(|k| self.w(k))
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return NounPhrase::Nominal;
        }
        NounPhrase::Source(words.join(" "))
    }

    /// Whether tokens `a..b` are a singular definite article and words whose last describes a
    /// person (`the New York businessman`, `the 34-year-old`), not an office (`the official`).
    fn described(&self, a: usize, b: usize) -> bool {
        let (det, head) = (self.w(a), self.w(b.saturating_sub(1)));
        b > a + 1
            && self.lex.has(det, DEF)
            && !det.ends_with('s')
            && (self.lex.has(head, DESCRIPTOR) || head.ends_with("-year-old"))
    }

    /// Skip a short parenthetical at `j` ("(R-Ohio)").
    fn skip_paren(&self, j: usize, hi: usize) -> usize {
        if j < hi
            && self.kind(j) == Kind::Paren
            && self.toks[j].start < self.text.len()
            && self.text.as_bytes()[self.toks[j].start] == b'('
        {
            let mut k = j + 1;
            while k < hi && k < j + 8 {
                if self.kind(k) == Kind::Paren {
                    return k + 1;
                }
                k += 1;
            }
        }
        j
    }

    /// Skip back over a short parenthetical ending at `j` (exclusive): returns the new end.
    pub(super) fn skip_paren_back(&self, j: usize, lo: usize) -> usize {
        if j > lo
            && self.kind(j - 1) == Kind::Paren
            && self.text.as_bytes().get(self.toks[j - 1].start) == Some(&b')')
        {
            let mut k = j - 1;
            while k > lo && j - k < 8 {
                k -= 1;
                if self.kind(k) == Kind::Paren {
                    return k;
                }
            }
        }
        j
    }

    /// Parse a noun phrase that ends at token `j` (inclusive), not before `lo`.
    pub(super) fn np_back(&self, j: usize, lo: usize) -> Option<(NounPhrase, usize)> {
        if j < lo || self.kind(j) != Kind::Word {
            return None;
        }
        if let Some(p) = self.is_pron(j) {
            return Some((p, j));
        }
        let w = self.w(j);
        if is_cap(w) {
            let mut a = j;
            while a > lo {
                let p = self.w(a - 1);
                if self.kind(a - 1) != Kind::Word {
                    break;
                }
                let name_like = is_cap(p) && strip_possessive(p).len() == p.len();
                let particle = self.lex.is_particle(p)
                    && a - 1 > lo
                    && (is_cap(self.w(a - 2))
                        || (a - 2 > lo
                            && self.lex.is_particle(self.w(a - 2))
                            && is_cap(self.w(a - 3))));
                if name_like || particle {
                    a -= 1;
                } else {
                    break;
                }
            }
            // (`Secretary of State John Kerry said`: the phrase opens at the title.)
            if let Some(k) = self.name_after_office(a, j + 1) {
                let mut t = a - 2;
                while t > lo && self.kind(t - 1) == Kind::Word && is_cap(self.w(t - 1)) {
                    t -= 1;
                }
                if let Some(np) = self.name_np(k, j + 1) {
                    return Some((np, t));
                }
            }
            let np = self.name_np(a, j + 1)?;
            return Some((np, a));
        }
        // Lower-case head: walk back to a determiner.
        let mut a = j;
        let mut caps = Vec::new();
        while a > lo && j - a < 5 {
            let p = self.w(a - 1);
            if p.is_empty() || self.is_verb(a - 1) || self.lex.has(p, PREP) {
                break;
            }
            a -= 1;
            if self.lex.has(p, DET) {
                break;
            }
            if is_cap(p) {
                caps.push(a);
            }
        }
        if self.is_aux(j) || self.lex.has(w, FUNC) || self.lex.has(w, PREP) {
            return None;
        }
        if a > lo && self.has(a - 1, PREP) {
            // "a man in the crowd": the phrase is inside a prepositional phrase.
            return Some((NounPhrase::Nominal, a));
        }
        if a < j && self.has(a, DEF) {
            let words: Vec<&str> = (a + 1..=j).map(|k| self.w(k)).collect();
            if let Some(role) = role_np(self.lex, &words) {
                return Some((role, a));
            }
        }
        if self.described(a, j + 1) {
            return Some((NounPhrase::Described, a));
        }
        if !caps.is_empty() && self.lex.has(w, SOURCE) {
            // "the Trump campaign", "a White House official": the name plus its head noun.
            caps.sort_unstable();
            let (c0, c1) = (caps[0], caps[caps.len() - 1] + 1);
            if let Some(NounPhrase::Name { mut words, hon, .. }) = self.name_np(c0, c1) {
                if !self.lex.has(w, DOCUMENT) {
                    words.push(w.to_string());
                }
                return Some((
                    NounPhrase::Name {
                        words,
                        hon,
                        org: true,
                    },
                    a,
                ));
            }
        }
        Some((self.nominal(a, j + 1), a))
    }
}
