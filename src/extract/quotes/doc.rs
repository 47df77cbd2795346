//! The per-article state (`Doc`): its tokens and word tests, and the pipeline that runs the
//! passes (pair, merge, find cues, filter, resolve) and builds the quotes.

use super::cues::Cue;
use super::lexicon::{
    in_list, is_cap, lexicon, Lexicon, ACCORD, AUX, CONJ, DET, DOCUMENT, LABEL, PREP, PRON_F,
    PRON_M, PRON_X, STOP, VERB,
};
use super::pairing::RawQuote;
use super::phrases::NounPhrase;
use super::speakers::{Entity, Speaker, Thread};
use super::tokens::{front_matter_len, mark_headline_quote, tokenize, Kind, Token};
use crate::article::NoSpeaker;
use crate::extract::names::Gender;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::{Cell, OnceCell};

/// Quotations of at most this many words that are mostly capitalised are titles, slogans or
/// placards unless attributed like speech.
const MAX_TITLE_WORDS: usize = 8;
/// The fewest words of a quotation in lower case that is a speech verb's whole object.
const MIN_WHOLE: usize = 2;

/// Words a title case leaves in lower case.
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by",
];

/// A quotation kept, with its cue if it has one.
struct Found {
    raw: RawQuote,
    cue: Option<Cue>,
}

/// A quotation attributed: its parts (byte ranges of the text read, the quoted words only) and
/// its speaker.
pub(super) struct Attributed {
    pub(super) parts: Vec<(usize, usize)>,
    pub(super) speaker: Speaker,
}

pub(super) struct Doc<'a> {
    /// The words and rules of the article's language.
    pub(super) lex: &'static Lexicon,
    pub(super) text: &'a str,
    pub(super) toks: Vec<Token>,
    /// For each token: is it inside a quotation (marks included)?
    pub(super) quoted: Vec<bool>,
    /// Full names (two words or more), keyed by the joined words.
    pub(super) entities: Vec<Entity>,
    pub(super) by_key: FxHashMap<String, usize>,
    /// Single-word names: honorific gender votes (`Mr. Sanders`).
    pub(super) single: FxHashMap<String, (i32, i32)>,
    /// Organisations named outside quotations: position, name as written, head noun (lower
    /// case), for `the campaign said` -> `Trump campaign`.
    pub(super) orgs: Vec<(usize, String, String)>,
    /// The words the text writes in lower case (and their parts between hyphens or
    /// apostrophes), built on first use.
    pub(super) lower_words: OnceCell<FxHashSet<&'a str>>,
    /// Each token's flags in the lexicon, looked up on first use (`UNSET` before).
    flags: Vec<Cell<u32>>,
}

/// A token whose flags are not looked up yet (no list has this many).
const UNSET: u32 = u32::MAX;

impl<'a> Doc<'a> {
    pub(super) fn new(text: &'a str, lang: &str) -> Self {
        let lex = lexicon(lang);
        let from = front_matter_len(text);
        let mut toks = tokenize(text, from, lex.rules.dashes_and_singles);
        if !lex.rules.dashes_and_singles {
            mark_headline_quote(&mut toks, text);
        }
        let quoted = vec![false; toks.len()];
        let flags = vec![Cell::new(UNSET); toks.len()];
        Doc {
            lex,
            text,
            toks,
            quoted,
            entities: Vec::new(),
            by_key: FxHashMap::default(),
            single: FxHashMap::default(),
            orgs: Vec::new(),
            lower_words: OnceCell::new(),
            flags,
        }
    }

    /// The lexicon's flags of token `i` (0 for punctuation and past the end).
    pub(super) fn flags(&self, i: usize) -> u32 {
        let Some(cell) = self.flags.get(i) else {
            return 0;
        };
        match cell.get() {
            UNSET => {
                let f = self.lex.word_flags(self.w(i));
                cell.set(f);
                f
            }
            f => f,
        }
    }

    /// Whether token `i` is in one of the lists of `flag`.
    pub(super) fn has(&self, i: usize, flag: u32) -> bool {
        self.flags(i) & flag != 0
    }

    pub(super) fn w(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) if t.kind == Kind::Word => &self.text[t.start..t.end],
            _ => "",
        }
    }

    pub(super) fn kind(&self, i: usize) -> Kind {
        self.toks.get(i).map_or(Kind::Other, |t| t.kind)
    }

    pub(super) fn is_verb(&self, i: usize) -> bool {
        self.kind(i) == Kind::Word
            && (self.has(i, VERB)
                || (self.w(i).eq_ignore_ascii_case("put")
                    && self.w(i + 1).eq_ignore_ascii_case("it")))
    }

    /// `according to X` / `según X`: the token where X starts, when an attribution without
    /// a verb opens at token `i`.
    pub(super) fn according(&self, i: usize) -> Option<usize> {
        if !self.has(i, ACCORD) {
            return None;
        }
        match self.lex.rules.according_joiner {
            Some(j) => self.w(i + 1).eq_ignore_ascii_case(j).then_some(i + 2),
            None => Some(i + 1),
        }
    }

    pub(super) fn is_aux(&self, i: usize) -> bool {
        let w = self.w(i);
        !w.is_empty()
            && !is_cap(w)
            && (self.has(i, AUX) || (w.len() > 4 && w.ends_with("ly") && !in_list(w, &["only"])))
    }

    pub(super) fn is_pron(&self, i: usize) -> Option<NounPhrase> {
        let f = self.flags(i);
        if f & PRON_M != 0 {
            Some(NounPhrase::Pron(Some(Gender::Male)))
        } else if f & PRON_F != 0 {
            Some(NounPhrase::Pron(Some(Gender::Female)))
        } else if f & PRON_X != 0 {
            Some(NounPhrase::Pron(None))
        } else {
            None
        }
    }

    pub(super) fn is_name_word(&self, i: usize) -> bool {
        is_cap(self.w(i)) && !self.has(i, STOP)
    }

    /// The quotations of the text with their speakers: each as its parts (byte ranges of the
    /// text, inside the marks), in text order.
    pub(super) fn extract(mut self) -> Vec<Attributed> {
        let mut raws = self.pair_quotes();
        if self.lex.rules.dashes_and_singles {
            raws = self.with_dialogue(raws);
        }
        if raws.is_empty() {
            return Vec::new();
        }
        for r in &raws {
            if r.dash {
                // (Dialogue: its words only, not the aside that names the speaker.)
                for k in r.open..=r.close {
                    let s = self.toks[k].start;
                    self.quoted[k] = r.parts.iter().any(|&(a, b)| a <= s && s < b);
                }
            } else {
                for q in &mut self.quoted[r.open..=r.close] {
                    *q = true;
                }
            }
        }
        let raws = self.merge(raws);
        let found = self.find_cues(raws);
        // (Marks around terms and titles only: nobody to attribute.)
        if found.is_empty() {
            return Vec::new();
        }
        self.attribute(&found)
    }

    /// The cue of every quotation, and the quotations worth keeping: speech, not titles,
    /// scare quotes or fragments woven into the reporter's sentence.
    fn find_cues(&self, raws: Vec<RawQuote>) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        let mut prev_close: Option<usize> = None;
        for r in raws {
            let after = r
                .inner_cue
                .clone()
                .or_else(|| self.aside_cue(&r))
                .or_else(|| self.cue_following(&r));
            let after_cue = after.is_some();
            let lo = self.window_start(r.open, prev_close);
            let before = self.cue_before(lo, r.open);
            prev_close = Some(r.close);
            let ends_open = matches!(self.last_char(&r), Some(',' | '?' | '!' | '—' | '-'));
            let cue_right_after = r.inner_cue.is_some() || after_cue;
            let own_sentence = r.open == 0
                || matches!(
                    self.kind(r.open - 1),
                    Kind::Stop | Kind::Newline | Kind::Colon
                );
            let cue = match (after, before) {
                (Some(a), Some((b, gap))) => {
                    if ends_open || gap > 2 {
                        Some(a)
                    } else {
                        Some(b)
                    }
                }
                (Some(a), None) => Some(a),
                // (`said of the episode, "I don't like it," adding`: a quotation that ends open
                // is part of the sentence whose verb comes before it.)
                (None, Some((b, gap))) => {
                    if gap > 3 && r.words < 5 && !ends_open {
                        None
                    } else {
                        Some(b)
                    }
                }
                (None, None) => None,
            };
            // (`a so-called "Christmas butter" scheme`: a name or a term, never speech.)
            if r.open > 0 && self.kind(r.open - 1) == Kind::Word && self.has(r.open - 1, LABEL) {
                continue;
            }
            // A quotation that opens in lower case is a fragment woven into the reporter's own
            // sentence ("said he was \"not ready\""), not a direct quotation — unless it stands
            // as its own sentence with the attribution right after it
            // (`''it will not be carpets,'' said Erik Flannigan`).
            let first = self.first_char(&r);
            // (Spanish news quotes such fragments as the speaker's words: `aseguró que “…”`.)
            let long_fragment = self.lex.rules.fragment_words.is_some_and(|n| r.words >= n);
            if first.is_some_and(|c| c.is_lowercase())
                && !(ends_open && own_sentence && cue_right_after)
                && !long_fragment
                && !(r.words >= MIN_WHOLE && self.says_whole(lo, r.open))
            {
                continue;
            }
            // (`PolitiFact said “Trump exaggerates” the level of…`: words the reporter's
            // sentence runs on from, with no mark of their own, are woven into it too.)
            let runs_on = self.last_char(&r).is_some_and(char::is_alphanumeric)
                && self.kind(r.close + 1) == Kind::Word
                && self.w(r.close + 1).starts_with(char::is_lowercase);
            if runs_on && !cue_right_after && !own_sentence && !long_fragment {
                continue;
            }
            // A short title-cased span that does not end a sentence is a title, a slogan or a
            // placard ("Face the Nation", ''Prison Break''), not speech, unless it is attributed
            // like speech right after it.
            // Woven into the reporter's sentence right after a word (`on NBC's "Meet the
            // Press."`), a full stop inside the marks is the sentence's, not the title's.
            let sentence_end = matches!(self.last_char(&r), Some('.' | '?' | '!' | '…'))
                && !(r.open > 0 && self.kind(r.open - 1) == Kind::Word);
            // The object of a preposition or a possessive (`on CBS's "Face the Nation," Ryan
            // said`) is a name even when an attribution follows.
            let named = r.open > 0 && self.names_what_follows(r.open - 1);
            if r.words <= MAX_TITLE_WORDS
                && !sentence_end
                && self.title_like(&r)
                && (named || !(ends_open && cue_right_after))
            {
                continue;
            }
            let keep = match &cue {
                Some(_) => r.words >= 1,
                // (Where fragments count, a quotation of that many words that is no title.)
                None => {
                    let upper = self.first_char(&r).is_some_and(|c| c.is_uppercase());
                    (r.words >= 6 && upper && !self.title_like(&r))
                        || (long_fragment && !self.title_like(&r))
                }
            };
            if keep {
                found.push(Found { raw: r, cue });
            }
        }
        found
    }

    /// The people of the article, then the speaker of every quotation found.
    fn attribute(&mut self, found: &[Found]) -> Vec<Attributed> {
        let mentions = self.collect_entities();
        let mut subjects: Vec<String> = Vec::new();
        for f in found {
            if let Some(Cue {
                np:
                    NounPhrase::Name {
                        words,
                        hon,
                        org: false,
                    },
                ..
            }) = &f.cue
            {
                if words.len() >= 2 && words.len() <= 4 {
                    let g = hon.or_else(|| self.lex.first_name_gender(&words[0]));
                    self.entity_add(words, g, true);
                } else if words.len() == 1 {
                    self.single.entry(words[0].clone()).or_insert((0, 0));
                    subjects.push(words[0].clone());
                }
            }
        }
        self.pronoun_votes(&mentions);
        let people = self.people(&mentions, &subjects);

        let paras = self.paragraph_ids();
        let mut out: Vec<Attributed> = Vec::with_capacity(found.len());
        let mut prev: Option<(Speaker, u32, usize)> = None;
        let mut thread = Thread::default();
        for f in found {
            let para = paras[f.raw.open];
            let opens_para = f.raw.open == 0 || self.kind(f.raw.open - 1) == Kind::Newline;
            let mut continues = false;
            let speaker = match &f.cue {
                // No cue: a quote continuing the previous speaker's words, in the same paragraph
                // or opening the next one.
                None => match &prev {
                    Some((sp, p, close)) if *p == para || (*p + 1 == para && opens_para) => {
                        // A paragraph that is a quotation alone, after a paragraph the previous
                        // quotation ended: the same quotation, running over paragraphs.
                        continues = *p == para
                            || (*p + 1 == para
                                && (close + 1 >= self.toks.len()
                                    || self.kind(close + 1) == Kind::Newline));
                        sp.clone()
                    }
                    // A quotation opening a paragraph after one that reports somebody's
                    // words (`But he added it would not sell.` / `"Our policy is…"`): theirs.
                    _ => match self.reported_before(f.raw.open, &paras) {
                        Some(cue) => self.resolve(&cue, &people, &thread),
                        // (A fragment woven into the sentence of a language that drops its
                        // subjects: the person the text is about.)
                        None if self.lex.rules.pro_drop => {
                            let cue = self.that_clause_subject(f.raw.open).unwrap_or(Cue {
                                np: NounPhrase::Dropped,
                                pos: f.raw.open,
                            });
                            self.resolve(&cue, &people, &thread)
                        }
                        None => Speaker::none(NoSpeaker::NoCue),
                    },
                },
                Some(c) => self.resolve(c, &people, &thread),
            };
            prev = Some((speaker.clone(), paras[f.raw.close], f.raw.close));
            thread.push(&speaker, f.raw.close);
            thread.prev_described = match &f.cue {
                Some(Cue {
                    np: NounPhrase::Nominal | NounPhrase::Role(_),
                    pos,
                }) => self.one_person_described(*pos),
                _ => false,
            };
            let parts = f.raw.parts.iter().filter_map(|&(s, e)| self.words_of(s, e));
            match out.last_mut() {
                Some(last) if continues => last.parts.extend(parts),
                _ => out.push(Attributed {
                    parts: parts.collect(),
                    speaker,
                }),
            }
        }
        out
    }

    /// The subject of the last speech verb of the paragraph before the one that token `open`
    /// opens, when that paragraph reports speech (`Arango said…`, `…, he said.`) with no
    /// quotation of its own: a name or a pronoun.
    fn reported_before(&self, open: usize, paras: &[u32]) -> Option<Cue> {
        let mut k = open;
        while k > 0 && self.kind(k - 1) == Kind::Newline {
            k -= 1;
        }
        if k == open || k == 0 {
            return None;
        }
        let para = paras[k - 1];
        let lo = (0..k)
            .rev()
            .find(|&j| paras[j] != para)
            .map_or(0, |j| j + 1);
        if self.quoted[lo..k].iter().any(|&q| q) {
            return None;
        }
        for v in (lo..k).rev() {
            // (Capitalised, `States` of `the United States` is a name, not `states`.)
            if !self.is_verb(v) || self.w(v).ends_with("ing") || is_cap(self.w(v)) {
                continue;
            }
            let mut j = v;
            while j > lo && self.is_aux(j - 1) {
                j -= 1;
            }
            // `Colombia's record should count, he said.` / `Arango said…` / `But he added…`.
            if j > lo && !self.has(j - 1, CONJ) {
                if let Some((np @ (NounPhrase::Name { .. } | NounPhrase::Pron(Some(_))), a)) =
                    self.np_back(j - 1, lo)
                {
                    if !(a > lo && self.has(a - 1, PREP)) {
                        return Some(Cue { np, pos: a });
                    }
                }
            }
            // `However, Arango, like Minister Cesar Gaviria, was explicit and said…`: the
            // subject of the clause, its first name or pronoun outside a phrase.
            if j > lo && self.has(j - 1, CONJ) {
                return self.clause_subject(lo, j - 1);
            }
            return None;
        }
        None
    }

    /// Does the common noun phrase at token `pos` (`the regional manager for…`, `a company
    /// spokesman`) describe one person: a determiner, then a head noun that is not plural?
    fn one_person_described(&self, pos: usize) -> bool {
        if !self.has(pos, DET) {
            return false;
        }
        let mut head = pos;
        let mut k = pos + 1;
        while k < self.toks.len()
            && k <= pos + 6
            && self.kind(k) == Kind::Word
            && !self.is_verb(k)
            && !self.has(k, PREP)
        {
            head = k;
            k += 1;
        }
        let h = self.w(head);
        // (A plural head, `protesters`, describes several people; `boss` is one.)
        head > pos && (!h.ends_with('s') || h.ends_with("ss"))
    }

    /// `Sonnante diferenció que “…”`: where a quotation follows `que` after a verb of any kind,
    /// the name, pronoun or role right before that verb is its speaker.
    fn that_clause_subject(&self, open: usize) -> Option<Cue> {
        if open < 3 || !self.has(open - 1, super::lexicon::REL) {
            return None;
        }
        let v = open - 2;
        let w = self.w(v);
        if w.is_empty() || is_cap(w) || self.kind(v - 1) != Kind::Word {
            return None;
        }
        match self.np_back(v - 1, v.saturating_sub(8))? {
            (np @ (NounPhrase::Name { .. } | NounPhrase::Role(_)), a) => Some(Cue { np, pos: a }),
            _ => None,
        }
    }

    /// The quoted words of the byte range `s..e` (inside the marks): surrounding space and a
    /// trailing comma, colon or semicolon of the reporter's sentence left out; `None` when
    /// nothing is left.
    fn words_of(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let part = self.text.get(s..e)?;
        let lead = part.len() - part.trim_start().len();
        let inner = part.trim_end().trim_end_matches([',', ';', ':']).trim_end();
        (inner.len() > lead).then_some((s + lead, s + inner.len()))
    }

    /// Paragraph number of every token.
    fn paragraph_ids(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.toks.len());
        let mut id = 0u32;
        for (k, t) in self.toks.iter().enumerate() {
            ids.push(id);
            if t.kind == Kind::Newline && self.kind(k + 1) != Kind::Newline {
                id += 1;
            }
        }
        ids
    }

    /// Whether the word at `i` is a preposition, a possessive or the noun for a work or a
    /// document (perhaps with a comma after it), whose object is a noun phrase (a title, a
    /// name), not a quotation of speech.
    fn names_what_follows(&self, i: usize) -> bool {
        let w = self.w(i);
        // (`his 2002 book, ''Make Your Kid a Millionaire,''`, `the anthem ''A Change Is Gonna
        // Come''`: a work's name after the noun for it.)
        let work = |k: usize| self.kind(k) == Kind::Word && self.has(k, DOCUMENT);
        self.has(i, PREP)
            || w.ends_with("'s")
            || w.ends_with("’s")
            || work(i)
            || (i > 0 && self.kind(i) == Kind::Comma && work(i - 1))
    }

    /// Mostly capitalised words: a title, not speech.
    /// The short words a title leaves in lower case ("Meet the Press") and numbers
    /// ("Perceptions 301") do not count.
    fn title_like(&self, r: &RawQuote) -> bool {
        let (mut caps, mut all) = (0, 0);
        for k in r.open..r.close {
            let w = self.w(k);
            if self.kind(k) == Kind::Word
                && !in_list(w, TITLE_SMALL_WORDS)
                && !w.starts_with(|c: char| c.is_ascii_digit())
            {
                all += 1;
                if is_cap(w) {
                    caps += 1;
                }
            }
        }
        all > 0 && caps * 10 >= all * 7
    }
}
