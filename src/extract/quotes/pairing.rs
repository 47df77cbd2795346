//! Finding and pairing quotation marks into raw quotations, and merging a quotation
//! interrupted by its attribution (`"A," she said. "B."`) into one.

use super::cues::Cue;
use super::doc::Doc;
use super::tokens::Kind;

/// Most tokens an attribution may take between two parts of one quotation
/// (`"A," said Jane Roe, a lawyer who has fought the coal companies since the 1970s. "B."`).
const MAX_INTERRUPTION: usize = 40;

/// A quotation being paired: its opening token, the start byte of the current part and the
/// finished parts.
type OpenQuote = (usize, usize, Vec<(usize, usize)>);

pub(super) struct RawQuote {
    /// Token index of the opening mark of the first part.
    pub(super) open: usize,
    /// Token index of the closing mark of the last part.
    pub(super) close: usize,
    /// Byte ranges of the quoted text (one per paragraph or interrupted part).
    pub(super) parts: Vec<(usize, usize)>,
    /// Number of words quoted.
    pub(super) words: usize,
    /// The cue found between two merged parts, if any.
    pub(super) inner_cue: Option<Cue>,
    /// Dialogue opened with an em dash, not marks: `open` and `close` are its first and last
    /// tokens, and an aside inside it (`—afirmó Sheinbaum—`) is not quoted.
    pub(super) dash: bool,
}

impl Doc<'_> {
    pub(super) fn pair_quotes(&self) -> Vec<RawQuote> {
        let toks = &self.toks;
        let n = toks.len();
        let mut raws = Vec::new();
        // (open token, start byte of the current part, finished parts)
        let mut cur: Option<OpenQuote> = None;
        let nested = self.lex.rules.dashes_and_singles;
        let mut i = 0;
        while i < n {
            let t = toks[i];
            // Marks of another kind inside a quotation are a quotation inside it (`«… “…” …»`).
            if nested
                && matches!(t.kind, Kind::QOpen | Kind::QClose | Kind::QAmb)
                && cur
                    .as_ref()
                    .is_some_and(|c| self.mark_family(c.0) != self.mark_family(i))
            {
                i += 1;
                continue;
            }
            match cur.take() {
                None => {
                    let opens = match t.kind {
                        Kind::QOpen => true,
                        Kind::QAmb => !t.sp_after,
                        Kind::QClose => t.sp_before && !t.sp_after,
                        _ => false,
                    };
                    if opens {
                        cur = Some((i, t.end, Vec::new()));
                    }
                }
                Some((open, inner, mut parts)) => match t.kind {
                    // `…on our own. "Trying…`: a paragraph left open whose next paragraph, run
                    // into the same line, reopens the quotation.
                    Kind::QAmb
                        if t.sp_before
                            && !t.sp_after
                            && i > 0
                            && toks[i - 1].kind == Kind::Stop
                            && i + 1 < n
                            && toks[i + 1].kind == Kind::Word =>
                    {
                        parts.push((inner, t.start));
                        cur = Some((open, t.end, parts));
                    }
                    Kind::QClose | Kind::QAmb => {
                        parts.push((inner, t.start));
                        raws.push(self.make_raw(open, i, parts));
                    }
                    Kind::QOpen => {
                        if !t.sp_before && t.sp_after {
                            parts.push((inner, t.start));
                            raws.push(self.make_raw(open, i, parts));
                        } else {
                            cur = Some((i, t.end, Vec::new()));
                        }
                    }
                    Kind::Newline => {
                        let mut j = i + 1;
                        while j < n && toks[j].kind == Kind::Newline {
                            j += 1;
                        }
                        let reopens = j < n
                            && (toks[j].kind == Kind::QOpen
                                || (toks[j].kind == Kind::QAmb && !toks[j].sp_after));
                        if reopens {
                            parts.push((inner, t.start));
                            cur = Some((open, toks[j].end, parts));
                            i = j + 1;
                            continue;
                        }
                        // `he said, "Small units are taking part.⏎` with no closing mark and
                        // no reopening: a quotation left unterminated runs to the end of its
                        // paragraph when it opens after an attribution's comma or colon and
                        // ends a sentence.
                        if self.unterminated_ends(open, i) {
                            parts.push((inner, t.start));
                            raws.push(self.make_raw(open, i - 1, parts));
                        }
                    }
                    _ => cur = Some((open, inner, parts)),
                },
            }
            i += 1;
        }
        if let Some((open, inner, mut parts)) = cur {
            if self.unterminated_ends(open, n) {
                parts.push((inner, self.text.len()));
                raws.push(self.make_raw(open, n - 1, parts));
            }
        }
        raws
    }

    /// Does the abbreviation at token `k` (`S.C.`, `Calif.`) end its sentence too: is its
    /// period the last before the quotation that opens at token `open` with a capital?
    fn ends_sentence_abbreviated(&self, k: usize, open: usize) -> bool {
        self.kind(k) == Kind::Word
            && k + 1 == open
            && self.w(k).len() > 1
            && self.w(k).ends_with('.')
            && self
                .text
                .get(self.toks[open].end..)
                .and_then(|t| t.trim_start().chars().next())
                .is_some_and(char::is_uppercase)
    }

    /// Does a quotation opened at token `open`, with no closing mark before the paragraph
    /// break (or the end) at token `end`, run to that point (`he said, "Small units are
    /// taking part.⏎`)? Only when it opens after an attribution's comma or colon and its
    /// last words end a sentence.
    fn unterminated_ends(&self, open: usize, end: usize) -> bool {
        open > 0
            && end > open + 1
            && matches!(self.kind(open - 1), Kind::Comma | Kind::Colon)
            && self.kind(end - 1) == Kind::Stop
    }

    /// The kind of quotation mark at token `i`: guillemets, curly double, straight double,
    /// single curly.
    fn mark_family(&self, i: usize) -> u8 {
        match self.text[self.toks[i].start..].chars().next() {
            Some('«' | '»') => 0,
            Some('“' | '”' | '„') => 1,
            Some('‘' | '’') => 3,
            _ => 2,
        }
    }

    fn make_raw(&self, open: usize, close: usize, parts: Vec<(usize, usize)>) -> RawQuote {
        let words = self.toks[open..close]
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .count();
        RawQuote {
            open,
            close,
            parts,
            words,
            inner_cue: None,
            dash: false,
        }
    }

    /// Is token `k` an em dash (`—`, `―`; a figure dash `–` too, as some outlets type it)?
    fn is_em_dash(&self, k: usize) -> bool {
        self.kind(k) == Kind::Dash
            && self.text[self.toks[k].start..].starts_with(['\u{2014}', '\u{2015}', '\u{2013}'])
    }

    /// `quotes` with the dialogue of the text added in order: paragraphs that open with an em
    /// dash (`—Podemos colaborar —afirmó Sheinbaum—, pero no subordinarnos.`), the words up to
    /// an aside that opens with a dash and a speech verb, and on after the aside's closing
    /// dash. Dialogue inside a quotation in marks is left to it.
    pub(super) fn with_dialogue(&self, quotes: Vec<RawQuote>) -> Vec<RawQuote> {
        let toks = &self.toks;
        let n = toks.len();
        let mut dialogue = Vec::new();
        let mut p = 0;
        while p < n {
            let opens = (p == 0 || toks[p - 1].kind == Kind::Newline)
                && self.is_em_dash(p)
                && !toks[p].sp_after
                && p + 1 < n
                && toks[p + 1].kind != Kind::Newline;
            if !opens {
                p += 1;
                continue;
            }
            let end = (p + 1..n)
                .find(|&k| toks[k].kind == Kind::Newline)
                .unwrap_or(n);
            dialogue.push(self.dialogue(p, end));
            p = end;
        }
        if dialogue.is_empty() {
            return quotes;
        }
        let inside = |r: &RawQuote| {
            quotes
                .iter()
                .any(|q| q.open <= r.close && r.open <= q.close)
        };
        let mut all: Vec<RawQuote> = dialogue.into_iter().filter(|r| !inside(r)).collect();
        all.extend(quotes);
        all.sort_by_key(|r| r.open);
        all
    }

    /// The dialogue paragraph from the dash at token `p` to `end` (its line break).
    fn dialogue(&self, p: usize, end: usize) -> RawQuote {
        let toks = &self.toks;
        let mut parts = Vec::new();
        let mut cue = None;
        let mut start = toks[p].end;
        let mut last = end - 1;
        let mut k = p + 1;
        let mut open = true;
        while k < end {
            let aside = self.is_em_dash(k) && toks[k].sp_before && {
                let mut v = k + 1;
                while v < end && self.is_aux(v) {
                    v += 1;
                }
                self.is_verb(v)
            };
            if !aside {
                k += 1;
                continue;
            }
            parts.push((start, toks[k].start));
            last = k - 1;
            let close = (k + 1..end).find(|&j| self.is_em_dash(j));
            if cue.is_none() {
                cue = self.cue_after(k, close.unwrap_or(end));
            }
            let Some(c) = close else {
                open = false;
                break;
            };
            let mut r = c + 1;
            while r < end && matches!(toks[r].kind, Kind::Comma | Kind::Stop | Kind::Semi) {
                r += 1;
            }
            if r >= end {
                open = false;
                break;
            }
            start = toks[r].start;
            k = r;
        }
        if open {
            parts.push((start, toks[end - 1].end));
            last = end - 1;
        }
        parts.retain(|&(s, e)| self.text[s..e].chars().any(char::is_alphanumeric));
        let words = (p..=last).filter(|&k| toks[k].kind == Kind::Word).count();
        RawQuote {
            open: p,
            close: last,
            parts,
            words,
            inner_cue: cue,
            dash: true,
        }
    }

    /// The cue in an aside inside a quotation in marks: `“Podemos colaborar —afirmó
    /// Sheinbaum—, pero…”`.
    pub(super) fn aside_cue(&self, r: &RawQuote) -> Option<Cue> {
        if !self.lex.rules.dashes_and_singles || r.dash {
            return None;
        }
        let k = (r.open + 1..r.close).find(|&k| {
            self.is_em_dash(k) && self.toks[k].sp_before && {
                let mut v = k + 1;
                while v < r.close && self.is_aux(v) {
                    v += 1;
                }
                self.is_verb(v)
            }
        })?;
        let close = (k + 1..r.close)
            .find(|&j| self.is_em_dash(j))
            .unwrap_or(r.close);
        self.cue_after(k, close)
    }

    /// Last non-space character of a raw quote's text.
    pub(super) fn last_char(&self, r: &RawQuote) -> Option<char> {
        r.parts
            .last()
            .and_then(|&(s, e)| self.text[s..e].trim_end().chars().last())
    }

    pub(super) fn first_char(&self, r: &RawQuote) -> Option<char> {
        r.parts.first().and_then(|&(s, e)| {
            // (Spanish opens a question or an exclamation with its own mark; a quotation that
            // takes up the speaker's words mid-sentence opens with an ellipsis: `"... Explored
            // with us"`.)
            self.text[s..e]
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '¿' | '¡' | '.' | '…')
                })
                .chars()
                .next()
        })
    }

    /// Merge quotes interrupted by their attribution: `"A," she said. "B."`.
    pub(super) fn merge(&self, raws: Vec<RawQuote>) -> Vec<RawQuote> {
        let mut out: Vec<RawQuote> = Vec::with_capacity(raws.len());
        for r in raws {
            if let Some(prev) = out.last_mut() {
                let (a, mut b) = (prev.close + 1, r.open);
                // `"A," she said.` closing a paragraph and `"B."` opening the next one.
                while b > a + 1 && self.kind(b - 1) == Kind::Newline {
                    b -= 1;
                }
                // (Only when that paragraph is the quotation alone.)
                let alone =
                    r.close + 1 >= self.toks.len() || self.kind(r.close + 1) == Kind::Newline;
                if b < r.open && (self.kind(b - 1) != Kind::Stop || !alone) {
                    b = r.open;
                }
                let between_ok = b > a
                    && b - a <= MAX_INTERRUPTION
                    && self.toks[a..b - 1]
                        .iter()
                        .all(|t| !matches!(t.kind, Kind::Newline | Kind::Stop))
                    && (matches!(
                        self.kind(b - 1),
                        Kind::Comma | Kind::Stop | Kind::Colon | Kind::Dash
                    ) || self.ends_sentence_abbreviated(b - 1, r.open))
                    && matches!(
                        self.last_char(prev),
                        Some(',' | '?' | '!' | '—' | '-' | '…')
                    );
                let own_cue = || self.cue_following(&r).is_some();
                if between_ok && !own_cue() {
                    if let Some(cue) = self.cue_after(a, b) {
                        if prev.inner_cue.is_none() {
                            prev.inner_cue = Some(cue);
                        }
                        prev.close = r.close;
                        prev.parts.extend(r.parts);
                        prev.words += r.words;
                        continue;
                    }
                }
            }
            out.push(r);
        }
        out
    }
}
