//! Snippets: the best passages of a text for a query, with the matched words as highlight
//! ranges (character offsets into the passage). No HTML, no ANSI: printers render them.
//!
//! Words are matched through the same analyzer as the index (so `sovereign` highlights
//! `Sovereignty` when both stem alike); adjacent matched words become one span, so a phrase
//! is highlighted as a whole.

/// The analyzer of article text, which a [`Highlighter`] is given to match words as the index does.
pub use crate::engine::schema::text_analyzer;
use crate::offsets::CharCounter;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// One passage of text with highlighted ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The passage, on one line; `…` marks a cut.
    pub text: String,
    /// `[start, end)` character offsets into `text` of each highlighted span, in order.
    pub highlights: Vec<[usize; 2]>,
}

/// How snippets are cut.
#[derive(Debug, Clone, Copy)]
pub struct SnippetOptions {
    /// At most this many passages per text.
    pub fragments: usize,
    /// Target length of each passage in characters.
    pub chars: usize,
}

impl Default for SnippetOptions {
    fn default() -> Self {
        SnippetOptions {
            fragments: 2,
            chars: 200,
        }
    }
}

/// Finds query words in texts. Built once per query.
pub struct Highlighter {
    terms: Vec<String>,
    phrases: Vec<Vec<String>>,
    prefixes: Vec<String>,
    /// Shared by every text of one query, so that its stem cache serves them all.
    analyzer: RefCell<TextAnalyzer>,
}

/// A highlighted span of the original text: byte range and which query words it covers.
#[derive(Debug, Clone)]
struct Span {
    bytes: Range<usize>,
    terms: u64,
}

impl Highlighter {
    /// `terms` are analyzed index terms (`sovereignti`), matched anywhere; `phrases` are
    /// sequences of analyzed terms, matched only where they follow each other; `prefixes`
    /// match any analyzed token that starts with them (for `sover*` queries).
    pub fn new(
        terms: HashSet<String>,
        phrases: Vec<Vec<String>>,
        prefixes: Vec<String>,
        analyzer: TextAnalyzer,
    ) -> Self {
        let mut terms: Vec<String> = terms.into_iter().collect();
        terms.sort();
        let phrases = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        Highlighter {
            terms,
            phrases,
            prefixes,
            analyzer: RefCell::new(analyzer),
        }
    }

    /// Whether the query has words to highlight at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.phrases.is_empty() && self.prefixes.is_empty()
    }

    /// Whether `text` contains any query word or phrase.
    pub fn matches(&self, text: &str) -> bool {
        !self.spans(text).is_empty()
    }

    /// How many distinct query words and phrases `text` contains.
    pub fn distinct_matches(&self, text: &str) -> usize {
        let all = self.spans(text).iter().fold(0u64, |acc, s| acc | s.terms);
        all.count_ones() as usize
    }

    /// Highlighted spans of `text`, byte ranges, adjacent matches merged.
    fn spans(&self, text: &str) -> Vec<Span> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut analyzer = self.analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        // Each token: its byte range and the query words (as bits) it belongs to.
        let mut tokens: Vec<(Range<usize>, u64)> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let bit = |i: usize| 1u64 << i.min(63);
        while stream.advance() {
            let token = stream.token();
            let mut bits = 0;
            if let Ok(i) = self.terms.binary_search(&token.text) {
                bits |= bit(i);
            }
            if let Some(i) = self
                .prefixes
                .iter()
                .position(|p| token.text.starts_with(p.as_str()))
            {
                bits |= bit(self.terms.len() + i);
            }
            tokens.push((token.offset_from..token.offset_to, bits));
            if !self.phrases.is_empty() {
                texts.push(token.text.clone());
            }
        }
        let first_phrase_bit = self.terms.len() + self.prefixes.len();
        for (k, phrase) in self.phrases.iter().enumerate() {
            for start in 0..texts.len().saturating_sub(phrase.len() - 1) {
                if texts[start..start + phrase.len()] == phrase[..] {
                    for t in &mut tokens[start..start + phrase.len()] {
                        t.1 |= bit(first_phrase_bit + k);
                    }
                }
            }
        }
        let mut out: Vec<Span> = Vec::new();
        let mut previous_matched = false;
        for (bytes, bits) in tokens {
            if bits == 0 {
                previous_matched = false;
                continue;
            }
            match out.last_mut() {
                // A second token of the same word (the other stem Spanish analysis gives
                // `soberanía`) is in the span already.
                Some(last) if previous_matched && bytes.start < last.bytes.end => {
                    last.bytes.end = last.bytes.end.max(bytes.end);
                    last.terms |= bits;
                }
                Some(last)
                    if previous_matched && joins_phrase(&text[last.bytes.end..bytes.start]) =>
                {
                    last.bytes.end = bytes.end;
                    last.terms |= bits;
                }
                _ => out.push(Span { bytes, terms: bits }),
            }
            previous_matched = true;
        }
        out
    }

    /// Highlights of a whole short text (a title, a quotation), as character offsets.
    pub fn highlight(&self, text: &str) -> Vec<[usize; 2]> {
        let spans = self.spans(text);
        let mut chars = CharCounter::new(text);
        spans
            .iter()
            .map(|s| [chars.at(s.bytes.start), chars.at(s.bytes.end)])
            .collect()
    }

    /// The best passages of `text`: those with the most distinct query words, then the
    /// most matches; a passage inside one of the `preferred` byte ranges (quotations that
    /// match) wins ties. With no match, the opening of the text, unhighlighted.
    pub fn snippets(
        &self,
        text: &str,
        options: SnippetOptions,
        preferred: &[Range<usize>],
    ) -> Vec<Snippet> {
        if options.fragments == 0 || text.trim().is_empty() {
            return Vec::new();
        }
        let spans = self.spans(text);
        let budget = options.chars.max(20);
        if spans.is_empty() {
            return vec![cut(text, 0, budget, &[])];
        }
        // Each window starts at a span and takes the following spans that fit in the budget.
        let mut chars = CharCounter::new(text);
        let starts: Vec<usize> = spans.iter().map(|s| chars.at(s.bytes.start)).collect();
        let ends: Vec<usize> = spans.iter().map(|s| chars.at(s.bytes.end)).collect();
        let mut windows: Vec<(u64, usize, usize)> = Vec::new(); // (score, first, last)
        for first in 0..spans.len() {
            let mut terms = 0u64;
            let mut last = first;
            for j in first..spans.len() {
                if ends[j] - starts[first] > budget {
                    break;
                }
                terms |= spans[j].terms;
                last = j;
            }
            let inside = preferred
                .iter()
                .any(|p| p.start <= spans[first].bytes.start && spans[last].bytes.end <= p.end);
            let score = u64::from(terms.count_ones()) * 1000
                + u64::from(inside) * 500
                + (last - first + 1) as u64;
            windows.push((score, first, last));
        }
        windows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut chosen: Vec<(usize, usize)> = Vec::new(); // char ranges
        let mut out = Vec::new();
        for (_, first, last) in windows {
            if out.len() >= options.fragments {
                break;
            }
            let (from, to) = (starts[first], ends[last]);
            if chosen.iter().any(|&(a, b)| from < b && a < to) {
                continue;
            }
            // Lead in with some context before the first match.
            let room = budget.saturating_sub(to - from);
            let lead = (room / 3).min(60);
            let start = from.saturating_sub(lead);
            let highlights: Vec<[usize; 2]> =
                (first..=last).map(|k| [starts[k], ends[k]]).collect();
            let snippet = cut(text, start, budget, &highlights);
            let covered_to = start + budget;
            chosen.push((start, covered_to.max(to)));
            out.push(snippet);
        }
        out
    }
}

/// Whether two matched words separated by `gap` read as one phrase: only spaces, hyphens,
/// apostrophes and (stop) words between them, no punctuation.
fn joins_phrase(gap: &str) -> bool {
    gap.chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | '\'' | '’'))
}

/// Cuts a passage of about `budget` characters from `text` starting near char `start`,
/// at word boundaries, with `…` where it was cut, and re-bases `highlights` (absolute char
/// ranges) onto it. Line breaks become spaces.
fn cut(text: &str, start: usize, budget: usize, highlights: &[[usize; 2]]) -> Snippet {
    // Only the characters up to the passage's furthest possible end are looked at: with
    // highlights, the passage starts at `start` or the first highlight at the latest and
    // ends `budget` characters later or at the last highlight. Those are decoded; the rest
    // is only counted (a one-shot `oil` query decoded each hit's whole body twice).
    let reach = match (highlights.first(), highlights.last()) {
        (Some(first), Some(last)) => (start.max(first[0]) + budget).max(last[1]) + 1,
        _ => usize::MAX,
    };
    let mut rest = text.chars();
    let chars: Vec<char> = rest.by_ref().take(reach).collect();
    let n = chars.len() + rest.count();
    let first_hl = highlights.first().map_or(n, |h| h[0]);
    let last_hl = highlights.last().map_or(0, |h| h[1]);
    let mut begin = start.min(n);
    // Move forward to the start of a word, never past the first highlight.
    if begin > 0 && !chars[begin - 1].is_whitespace() {
        while begin < first_hl && begin < n && !chars[begin - 1].is_whitespace() {
            begin += 1;
        }
    }
    while begin < first_hl && begin < n && chars[begin].is_whitespace() {
        begin += 1;
    }
    let mut end = (begin + budget).min(n).max(last_hl.min(n));
    // Move back to the end of a word, never before the last highlight.
    if end < n {
        let mut e = end;
        while e > last_hl && e > begin && !chars[e].is_whitespace() {
            e -= 1;
        }
        if e > begin {
            end = e;
        }
    }
    while end > begin.max(last_hl) && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    // `…` marks a cut inside a sentence; none is needed at a sentence boundary.
    let sentence_end = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_none_or(|c| matches!(c, '.' | '!' | '?'))
    };
    let mut out = String::new();
    let mut offset = 0;
    if begin > 0 && !sentence_end(begin) {
        out.push('…');
        offset = 1;
    }
    let mut last_space = false;
    let mut map = Vec::with_capacity(end - begin + 1); // char index in text → in out
    let mut out_len = offset;
    for &c in &chars[begin..end] {
        map.push(out_len);
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
        out_len += 1;
    }
    map.push(out_len);
    if end < n && !sentence_end(end) {
        out.push('…');
    }
    let highlights = highlights
        .iter()
        .filter(|h| h[0] >= begin && h[1] <= end)
        .map(|h| [map[h[0] - begin], map[h[1] - begin]])
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schema::text_analyzer;

    fn highlighter(words: &[&str]) -> Highlighter {
        let mut a = text_analyzer();
        let mut terms = HashSet::new();
        for w in words {
            let mut s = a.token_stream(w);
            while s.advance() {
                terms.insert(s.token().text.clone());
            }
        }
        Highlighter::new(terms, Vec::new(), Vec::new(), text_analyzer())
    }

    /// A word analysed into two tokens at one place (Spanish `soberanía`: `soberan` and
    /// `soberani`), both matching, is one highlight — it used to slice backwards and panic.
    #[test]
    fn two_tokens_of_one_word_are_one_highlight() {
        use crate::engine::languages::{position, ANALYSED};
        let spanish = &ANALYSED[position("es").unwrap()];
        let text = "la soberanía nacional";
        let prefix = Highlighter::new(
            HashSet::new(),
            Vec::new(),
            vec!["soberan".into()],
            spanish.text_analyzer(),
        );
        assert_eq!(prefix.highlight(text), [[3, 12]]);
        let both = HashSet::from(["soberan".to_string(), "soberani".to_string()]);
        let terms = Highlighter::new(both, Vec::new(), Vec::new(), spanish.text_analyzer());
        assert_eq!(terms.highlight(text), [[3, 12]]);
        assert_eq!(terms.distinct_matches(text), 2);
    }

    fn marked(s: &Snippet) -> String {
        let chars: Vec<char> = s.text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        for h in &s.highlights {
            out.extend(&chars[i..h[0]]);
            out.push('[');
            out.extend(&chars[h[0]..h[1]]);
            out.push(']');
            i = h[1];
        }
        out.extend(&chars[i..]);
        out
    }

    #[test]
    fn stems_and_case_match() {
        let h = highlighter(&["SOVEREIGNTIES"]);
        let s = h.snippets(
            "Sovereignty is not for sale.",
            SnippetOptions::default(),
            &[],
        );
        assert_eq!(marked(&s[0]), "[Sovereignty] is not for sale.");
    }

    #[test]
    fn phrase_is_one_span_even_across_stop_words() {
        let h = highlighter(&["not", "for", "sale", "loved"]);
        let s = h.snippets(
            "It is not for sale. It is loved.",
            SnippetOptions::default(),
            &[],
        );
        // "not" and "for" are stop words: only "sale" and "loved" are terms.
        assert_eq!(marked(&s[0]), "It is not for [sale]. It is [loved].");
        let h = highlighter(&["united", "states"]);
        let s = h.snippets("The United States army.", SnippetOptions::default(), &[]);
        assert_eq!(marked(&s[0]), "The [United States] army.");
    }

    #[test]
    fn phrases_match_only_in_sequence() {
        let h = Highlighter::new(
            HashSet::new(),
            vec![vec!["drug".into(), "cartel".into()]],
            Vec::new(),
            text_analyzer(),
        );
        let s = h.snippets(
            "Cartels sell drugs. The drug cartels said no.",
            SnippetOptions::default(),
            &[],
        );
        assert_eq!(
            marked(&s[0]),
            "Cartels sell drugs. The [drug cartels] said no."
        );
        assert!(!h.matches("cartels and drugs"));
        assert_eq!(h.distinct_matches("drug cartels, drug cartels"), 1);
    }

    #[test]
    fn two_fragments_with_ellipses_and_char_offsets() {
        let filler = "word ".repeat(80);
        let text = format!("Début café {filler} cartel talks {filler} cartel again {filler}");
        let h = highlighter(&["cartel", "café"]);
        let s = h.snippets(
            &text,
            SnippetOptions {
                fragments: 2,
                chars: 60,
            },
            &[],
        );
        assert_eq!(s.len(), 2);
        for snip in &s {
            assert!(snip.text.chars().count() <= 62, "{}", snip.text);
            let chars: Vec<char> = snip.text.chars().collect();
            for h in &snip.highlights {
                let word: String = chars[h[0]..h[1]].iter().collect();
                assert!(word == "cartel" || word == "café", "{word}");
            }
        }
        assert!(s.iter().any(|f| f.text.starts_with('…')));
    }

    #[test]
    fn no_match_gives_the_opening() {
        let h = highlighter(&["absent"]);
        let s = h.snippets("First line.\nSecond line.", SnippetOptions::default(), &[]);
        assert_eq!(s[0].text, "First line. Second line.");
        assert!(s[0].highlights.is_empty());
        assert!(h.snippets("   ", SnippetOptions::default(), &[]).is_empty());
    }

    #[test]
    fn preferred_ranges_win_ties() {
        let text = format!(
            "cartel news {} \"the cartel is here\" {}",
            "x ".repeat(100),
            "y ".repeat(100)
        );
        let q = text.find("\"the").unwrap()..text.find("here\"").unwrap() + 5;
        let h = highlighter(&["cartel"]);
        let s = h.snippets(
            &text,
            SnippetOptions {
                fragments: 1,
                chars: 40,
            },
            &[q],
        );
        assert!(s[0].text.contains("the cartel is here"), "{}", s[0].text);
    }

    #[test]
    fn highlight_short_text() {
        let h = highlighter(&["trump"]);
        assert_eq!(
            h.highlight("Mex President Rejects Trump's Offer"),
            vec![[22, 27]]
        );
        assert!(h.matches("Trump"));
        assert!(!h.matches("Sheinbaum"));
    }
}
