//! Attribution cues: a speech verb and its subject next to a quotation, after it
//! (`," Trump said`), before it (`Trump said, "`) or introducing it with a colon.

use super::doc::Doc;
use super::lexicon::{in_list, is_cap, strip_possessive, AFFIL, DEF, DET, PREP, REL, SUB};
use super::pairing::RawQuote;
use super::phrases::NounPhrase;
use super::tokens::Kind;

/// Auxiliaries that make a finite verb: a quotation opening with one goes on from a subject
/// outside it (`Nothing the president said "will assuage…"`).
const FINITE: &[&str] = &[
    "has", "have", "had", "would", "will", "did", "does", "do", "should", "could", "may", "might",
    "must", "was", "is", "were", "are",
];

/// A cue: the subject found and the token where it sits (for pronoun resolution).
#[derive(Clone, Debug)]
pub(super) struct Cue {
    pub(super) np: NounPhrase,
    pub(super) pos: usize,
}

impl Doc<'_> {
    /// End of the clause after token `from`: the next paragraph break, sentence end or quotation
    /// mark, at most `max` tokens on.
    pub(super) fn clause_end(&self, from: usize, max: usize) -> usize {
        let mut i = from;
        let lim = (from + max).min(self.toks.len());
        while i < lim {
            match self.toks[i].kind {
                Kind::Newline | Kind::QOpen | Kind::QAmb | Kind::QClose | Kind::Stop => break,
                _ => i += 1,
            }
        }
        i
    }

    /// The attribution that follows quotation `r`, if the words after it are one (see
    /// [`Self::cue_after`]). After a quotation that ends a sentence, only a short sentence is
    /// (`Trump said.`), and not one that introduces the next quotation (`''We are refugees.''
    /// Mr. Zahed said: ''The attack…''`, `He added, ''And…''`).
    pub(super) fn cue_following(&self, r: &RawQuote) -> Option<Cue> {
        let from = r.close + 1;
        let hi = self.clause_end(from, 26);
        let cue = self.cue_after(from, hi)?;
        let last = self.last_char(r);
        if last == Some('.') && hi - from > 7 {
            return None;
        }
        let introduces_next = hi > from
            && matches!(self.kind(hi - 1), Kind::Colon | Kind::Comma)
            && matches!(self.kind(hi), Kind::QOpen | Kind::QAmb);
        if introduces_next && matches!(last, Some('.' | '?' | '!')) {
            return None;
        }
        Some(cue)
    }

    /// A cue in the tokens right after a quotation: `, he said` / `, said Trump` /
    /// `, Jane Roe, a spokeswoman, said` / `, according to X`.
    pub(super) fn cue_after(&self, from: usize, hi: usize) -> Option<Cue> {
        // `" ― Jane Roe`: a byline-style attribution after a dash.
        if self.kind(from) == Kind::Dash {
            if let Some((np @ NounPhrase::Name { .. }, j)) = self.np_fwd(from + 1, hi) {
                if j >= hi || matches!(self.kind(j), Kind::Stop | Kind::Comma | Kind::Newline) {
                    return Some(Cue { np, pos: from + 1 });
                }
            }
        }
        let mut i = from;
        while i < hi && matches!(self.kind(i), Kind::Comma | Kind::Dash) {
            i += 1;
        }
        if i >= hi {
            return None;
        }
        if let Some(a) = self.according(i) {
            let (np, _) = self.np_fwd(a, hi)?;
            return Some(self.named_in_apposition(Cue { np, pos: a }, hi));
        }
        // (`», le dijo`: a clitic or an auxiliary before the verb.)
        let mut v = i;
        if self.lex.rules.pro_drop {
            while v + 1 < hi && self.is_aux(v) {
                v += 1;
            }
        }
        if self.is_verb(v) {
            // `," adding that ...`: a participle goes on with the sentence's own subject.
            if self.w(v).ends_with("ing") {
                return None;
            }
            let mut j = v + 1;
            while j < hi && self.is_aux(j) {
                j += 1;
            }
            if self.lex.rules.pro_drop {
                j = self.skip_object(j, hi);
                return Some(match self.np_fwd(j, hi) {
                    Some((np, _)) => self.named_in_apposition(Cue { np, pos: j }, hi),
                    None => Cue {
                        np: NounPhrase::Dropped,
                        pos: v,
                    },
                });
            }
            let (np, _) = self.np_fwd(j, hi)?;
            return Some(Cue { np, pos: j });
        }
        // The first speech verb of the clause; its subject is the first noun phrase when an
        // apposition sits between them ("Jane Roe, a spokeswoman, said"), else the phrase right
        // before it ("CBS anchor Jane Roe said").
        let lim = hi.min(i + 26);
        let v = (i + 1..lim).find(|&k| self.is_verb(k))?;
        let mut k = v;
        let mut steps = 0;
        while k > i && self.is_aux(k - 1) && steps < 3 {
            k -= 1;
            steps += 1;
        }
        k = self.skip_paren_back(k, i);
        if k == i {
            return None;
        }
        if self.kind(k - 1) == Kind::Comma || self.toks[i..k].iter().any(|t| t.kind == Kind::Comma)
        {
            if let Some((np, j)) = self.np_fwd(i, hi) {
                if self.kind(j) == Kind::Comma || j == k {
                    return Some(Cue { np, pos: i });
                }
            }
            // "Sanders's campaign manager, Jeff Weaver, said": the name right before the verb.
            if self.kind(k - 1) == Kind::Comma && k >= i + 2 {
                if let Some((np @ NounPhrase::Name { .. }, a)) = self.np_back(k - 2, i) {
                    if a > i && self.kind(a - 1) == Kind::Comma {
                        return Some(Cue { np, pos: a });
                    }
                }
            }
            // `"...," that X, said Jane Roe`: the subject follows the verb.
            if self.kind(v - 1) == Kind::Comma {
                if let Some((np @ NounPhrase::Name { .. }, _)) = self.np_fwd(v + 1, hi) {
                    return Some(Cue { np, pos: v + 1 });
                }
            }
            // `"..." for criminal behavior, she said`: a noun phrase opening the last clause
            // before the verb is its subject.
            if let Some((np, a)) = self.np_back(k - 1, i) {
                if a > i && self.kind(a - 1) == Kind::Comma {
                    return Some(Cue { np, pos: a });
                }
            }
            return None;
        }
        if v - i > 9 || self.toks[i..k].iter().any(|t| t.kind != Kind::Word) {
            return None;
        }
        // `," Jane Roe of Smith Barney said`: a name and its `of`/`at` phrase; the name speaks.
        if let Some((np @ NounPhrase::Name { org: false, .. }, j)) = self.np_fwd(i, k) {
            if j < k && self.has(j, AFFIL) {
                return Some(Cue { np, pos: i });
            }
        }
        let (np, a) = self.np_back(k - 1, i)?;
        Some(Cue { np, pos: a })
    }

    /// A common noun subject named in apposition later in its clause (`el presidente de la
    /// Sociedad Española de Cardiología (SEC), Ángel Cequier`), where the language puts the
    /// subject after its verb: the name; else the cue as it is.
    fn named_in_apposition(&self, cue: Cue, hi: usize) -> Cue {
        if !self.lex.rules.pro_drop || !matches!(cue.np, NounPhrase::Nominal | NounPhrase::Role(_))
        {
            return cue;
        }
        for k in cue.pos..hi {
            if self.kind(k) == Kind::Comma && self.is_name_word(k + 1) {
                let e = self.cap_run_fwd(k + 1, hi);
                if let Some(np @ NounPhrase::Name { org: false, .. }) = self.name_np(k + 1, e) {
                    return Cue { np, pos: k + 1 };
                }
                break;
            }
        }
        cue
    }

    /// The token after an object between a verb and its subject (`a BBC Mundo` in `dice a BBC
    /// Mundo el virólogo`): a prepositional phrase up to the next definite article.
    fn skip_object(&self, j: usize, hi: usize) -> usize {
        if j >= hi || !self.has(j, PREP) {
            return j;
        }
        let mut k = j + 2;
        while k < hi && self.kind(k) == Kind::Word {
            // (`al medio argentino Télam Fernando Goldbaum`: a known first name opens the
            // subject.)
            if self.has(k, DEF) || self.lex.first_name_gender(self.w(k)).is_some() {
                return k;
            }
            k += 1;
        }
        j
    }

    /// A cue in the clause before a quotation: `Trump said, "` / `she added: "` /
    /// `..., he lashed out, saying "`. `gap` receives the number of tokens between the verb
    /// and the opening mark.
    pub(super) fn cue_before(&self, lo: usize, open: usize) -> Option<(Cue, usize)> {
        if open == 0 || open <= lo {
            return None;
        }
        let start = open.saturating_sub(14).max(lo);
        // (A capitalised word inside the sentence that spells a speech verb is a name or a
        // heading: `the United States`, `RED STATES OUTNUMBER BLUE STATES - Jane Roe:`.)
        let verb = |k: usize| self.is_verb(k) && (k == lo || !is_cap(self.w(k)));
        let Some(v) = (start..open).rev().find(|&k| verb(k)) else {
            // "According to the Daily Caller, "...""
            if let Some(a) = (lo..open).find_map(|k| self.according(k)) {
                if let Some((np @ (NounPhrase::Name { .. } | NounPhrase::Source(_)), _)) =
                    self.np_fwd(a, open)
                {
                    return Some((Cue { np, pos: a }, 0));
                }
            }
            if let Some(c) = self.cue_colon(lo, open) {
                return Some((c, 0));
            }
            // `General Acquisition said the board could not … until it has, "... Explored with
            // us…"`: the speaker of a sentence of reported speech that the quotation ends.
            return self.sentence_speaker(lo, start).map(|c| {
                let gap = open - c.pos;
                (c, gap)
            });
        };
        let gap = open - v - 1;
        let mut v = v;
        let mut participle = self.w(v).ends_with("ing");
        // "Nefzi said, adding, ...": the subject of the finite verb.
        // ("defended the remark, saying": a noun after a determiner is no verb.)
        if participle
            && v >= lo + 2
            && self.kind(v - 1) == Kind::Comma
            && self.is_verb(v - 2)
            && !(v >= lo + 3 && self.has(v - 3, DET))
        {
            v -= 2;
            participle = self.w(v).ends_with("ing");
        }
        let mut j = v;
        while j > lo && self.is_aux(j - 1) {
            j -= 1;
        }
        j = self.skip_paren_back(j, lo);
        // "Stated Stone:" / "Said Trump:".
        if j == lo && !participle {
            if let Some((np, _)) = self.np_fwd(v + 1, open) {
                if np != NounPhrase::Nominal {
                    return Some((Cue { np, pos: v + 1 }, 0));
                }
            }
        }
        // "according to X, she said" / "Trump said" / "Jane Roe, a spokeswoman, said"
        if !participle && j > lo {
            let prev = j - 1;
            // (Where the subject may carry several appositions, `El profesor Edward Holmes,
            // virólogo de la Universidad de Sydney, en Australia, dijo:`, it is the clause's
            // first name, found below.)
            if self.kind(prev) == Kind::Comma && self.lex.rules.pro_drop {
            } else if self.kind(prev) == Kind::Comma {
                if let Some((np, a)) = self.subject_before_apposition(prev, lo) {
                    return Some((Cue { np, pos: a }, gap));
                }
            } else if let Some((np, a)) = self.np_back(prev, lo) {
                if !self.governed(&np, a, lo) {
                    return Some((Cue { np, pos: a }, gap));
                }
            }
        }
        // Participle or coordination: the subject of the clause ("Speaking aboard Air Force
        // One, he lashed out, saying").
        if let Some(cue) = self.clause_subject(lo, j) {
            return Some((cue, gap));
        }
        // (`…y aseguró que “…”`: a language that drops its subjects.)
        if self.lex.rules.pro_drop && !participle {
            return Some((
                Cue {
                    np: NounPhrase::Dropped,
                    pos: v,
                },
                gap,
            ));
        }
        None
    }

    /// The subject of the clause in tokens `lo..hi`: its first name or pronoun that is not
    /// inside a prepositional phrase or after a determiner, after a subordinate clause that
    /// opens it (`Speaking aboard Air Force One, he lashed out`, `However, Arango, like
    /// Finance Minister Cesar Gaviria, was explicit`).
    pub(super) fn clause_subject(&self, lo: usize, hi: usize) -> Option<Cue> {
        let mut t = lo;
        if self.has(lo, SUB) {
            if let Some(c) = (lo..hi).find(|&k| self.kind(k) == Kind::Comma) {
                t = c + 1;
            }
        }
        while t < hi {
            let prev = if t > lo { self.w(t - 1) } else { "" };
            // ("so subdued that Mr. Trump was prompted to say": before a name, `that` opens a
            // clause.)
            let governed = self.lex.has(prev, PREP)
                || (self.lex.has(prev, DET) && !(prev == "that" && self.is_name_word(t)));
            if let Some(np) = self.is_pron(t) {
                if !governed {
                    return Some(Cue { np, pos: t });
                }
            } else if self.is_name_word(t) {
                let e = self.cap_run_fwd(t, hi).max(t + 1);
                // (`Former Secretary of State Madeleine Albright urged…, saying`.)
                if let Some(np) = self
                    .name_after_office(t, e)
                    .and_then(|k| self.name_np(k, e))
                {
                    return Some(Cue { np, pos: t });
                }
                if !governed {
                    match self.name_np(t, e) {
                        // A title alone ("Former Secretary" of "Former Secretary of State Jane
                        // Roe"): the name comes after it.
                        Some(NounPhrase::Name { words, .. })
                            if words.len() == 1 && self.lex.is_title(&words[0]) => {}
                        Some(np) => return Some(Cue { np, pos: t }),
                        None => {}
                    }
                }
                t = e;
                continue;
            }
            t += 1;
        }
        None
    }

    /// `Jane Roe, a spokeswoman, said`: the subject before the apposition that ends with the
    /// comma at token `prev` (not before `lo`). A name governed by a preposition there is not
    /// it: the name before the preposition is (`Lord Nicholls of Birkenhead, in his ruling,
    /// said`), or the subject further back (`Mr Shin-Bae Kim, chief executive of SK Telecom,
    /// also at 3GSM, said`).
    fn subject_before_apposition(&self, prev: usize, lo: usize) -> Option<(NounPhrase, usize)> {
        let mut k = prev;
        while k > lo && prev - k < 14 && self.kind(k - 1) != Kind::Comma {
            k -= 1;
        }
        if k <= lo || self.kind(k - 1) != Kind::Comma {
            return None;
        }
        let (mut np, mut a) = self.np_back(k - 2, lo)?;
        if self.governed(&np, a, lo) && a >= lo + 2 {
            match self.np_back(a - 2, lo) {
                Some((np2 @ NounPhrase::Name { .. }, a2)) => (np, a) = (np2, a2),
                Some((NounPhrase::Nominal, a2))
                    if a2 > lo + 1 && self.kind(a2 - 1) == Kind::Comma =>
                {
                    if let Some((np3 @ NounPhrase::Name { .. }, a3)) = self.np_back(a2 - 2, lo) {
                        (np, a) = (np3, a3);
                    }
                }
                _ => {}
            }
        }
        (np != NounPhrase::Nominal).then_some((np, a))
    }

    /// Is the noun phrase `np` at token `a` (not before `lo`) inside a prepositional phrase?
    /// (`que` opening a clause before a name, `mientras que David Flores opinó`, is no
    /// preposition.)
    fn governed(&self, np: &NounPhrase, a: usize, lo: usize) -> bool {
        let f = if a > lo {
            self.lex.word_flags(self.w(a - 1))
        } else {
            0
        };
        f & PREP != 0 && !(f & REL != 0 && matches!(np, NounPhrase::Name { .. }))
    }

    /// The subject that opens a sentence at `lo` and the speech verb right after it, before
    /// token `hi`: `General Acquisition said the board…`.
    fn sentence_speaker(&self, lo: usize, hi: usize) -> Option<Cue> {
        if lo > 0 && !matches!(self.kind(lo - 1), Kind::Newline | Kind::Stop) {
            return None;
        }
        let v = (lo + 1..hi).find(|&k| self.is_verb(k) && !is_cap(self.w(k)))?;
        // (Not `Sanders was asked by host Bill Maher, "…`: the verb right after its subject.)
        if self.w(v).ends_with("ing") || self.kind(v - 1) != Kind::Word || self.is_aux(v - 1) {
            return None;
        }
        match self.np_back(v - 1, lo)? {
            (np @ (NounPhrase::Name { .. } | NounPhrase::Pron(_) | NounPhrase::Source(_)), a)
                if a == lo =>
            {
                Some(Cue { np, pos: a })
            }
            _ => None,
        }
    }

    /// `Czarnikow said "it is not the sort of fact…"`: the quotation opening at `open` is the
    /// whole object of the speech verb right before it, whose subject comes right before the
    /// verb; it is the speaker's words even when it opens in lower case. Not so a fragment
    /// inside the reporter's clause (`said he was "not ready"`, `said that "…"`) or the rest of
    /// a clause whose subject the reporter wrote (`Nothing the president said "will…"`).
    pub(super) fn says_whole(&self, lo: usize, open: usize) -> bool {
        // (A finite verb first: the quotation goes on from the reporter's subject.)
        if open < lo + 2 || in_list(self.w(open + 1), FINITE) {
            return false;
        }
        let v = open - 1;
        if !self.is_verb(v) || is_cap(self.w(v)) || self.w(v).ends_with("ing") {
            return false;
        }
        self.verb_subject(v, lo)
            .is_some_and(|(np, a)| !self.governed(&np, a, lo))
    }

    /// The noun phrase right before the verb at token `v` (auxiliaries and adverbs between
    /// aside), not before `lo`: `Czarnikow said`, `Turkcell has said`.
    pub(super) fn verb_subject(&self, v: usize, lo: usize) -> Option<(NounPhrase, usize)> {
        let mut j = v;
        while j > lo && self.is_aux(j - 1) {
            j -= 1;
        }
        if j <= lo || self.kind(j - 1) != Kind::Word {
            return None;
        }
        self.np_back(j - 1, lo)
    }

    /// `Clinton: "..."` or `Clinton has since apologized: "..."`: the subject of a sentence
    /// that introduces the quote with a colon.
    fn cue_colon(&self, lo: usize, open: usize) -> Option<Cue> {
        let mut c = open;
        while c > lo && self.kind(c - 1) == Kind::Newline {
            c -= 1;
        }
        if c == lo || self.kind(c - 1) != Kind::Colon {
            return None;
        }
        let mut i = lo;
        if self.has(lo, SUB) {
            if let Some(k) = (lo..c).find(|&k| self.kind(k) == Kind::Comma) {
                i = k + 1;
            }
        }
        while i < c && matches!(self.kind(i), Kind::Dash | Kind::Other) {
            i += 1;
        }
        // "Pollsters agree - Jane Roe: "...""
        if c >= lo + 3 {
            if let Some((np @ NounPhrase::Name { .. }, a)) = self.np_back(c - 2, lo) {
                if a > lo && self.kind(a - 1) == Kind::Dash {
                    return Some(Cue { np, pos: a });
                }
            }
        }
        // "A lesson from Loretta Lynch: '…'": the name the words come from.
        if c >= lo + 3 {
            if let Some((np @ NounPhrase::Name { .. }, a)) = self.np_back(c - 2, lo) {
                if a > lo && in_list(self.w(a - 1), &["from", "by"]) {
                    return Some(Cue { np, pos: a });
                }
            }
        }
        let (np, j) = self.np_fwd(i, c - 1)?;
        let possessive = j > i && strip_possessive(self.w(j - 1)).len() != self.w(j - 1).len();
        match np {
            NounPhrase::Name { .. } | NounPhrase::Pron(Some(_)) if !possessive => {
                Some(Cue { np, pos: i })
            }
            _ => None,
        }
    }

    /// Start of the window before token `open` in which a cue may sit.
    pub(super) fn window_start(&self, open: usize, prev_close: Option<usize>) -> usize {
        let mut lo = open;
        let floor = prev_close.map_or(0, |c| c + 1);
        // A paragraph ending with a colon introduces the quote that opens the next one.
        let mut k = open;
        while k > floor && self.kind(k - 1) == Kind::Newline {
            k -= 1;
        }
        if k < open && k > floor && self.kind(k - 1) == Kind::Colon {
            lo = k - 1;
        }
        let open = lo;
        while lo > floor && open - lo < 30 {
            match self.toks[lo - 1].kind {
                Kind::Newline | Kind::Stop | Kind::QClose | Kind::QAmb | Kind::QOpen => break,
                _ => lo -= 1,
            }
        }
        lo
    }
}
