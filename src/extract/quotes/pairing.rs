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
                    }
                    _ => cur = Some((open, inner, parts)),
                },
            }
            i += 1;
        }
        raws
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
        }
    }

    /// Last non-space character of a raw quote's text.
    pub(super) fn last_char(&self, r: &RawQuote) -> Option<char> {
        r.parts
            .last()
            .and_then(|&(s, e)| self.text[s..e].trim_end().chars().last())
    }

    pub(super) fn first_char(&self, r: &RawQuote) -> Option<char> {
        r.parts.first().and_then(|&(s, e)| {
            // (Spanish opens a question or an exclamation with its own mark.)
            self.text[s..e]
                .trim_start()
                .trim_start_matches(['¿', '¡'])
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
                    && matches!(
                        self.kind(b - 1),
                        Kind::Comma | Kind::Stop | Kind::Colon | Kind::Dash
                    )
                    && matches!(
                        self.last_char(prev),
                        Some(',' | '?' | '!' | '—' | '-' | '…')
                    );
                let own_cue = || {
                    let hi = self.clause_end(r.close + 1, 26);
                    self.cue_after(r.close + 1, hi).is_some()
                };
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
