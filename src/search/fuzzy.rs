//! Words near a typed one (Levenshtein distance, a swap of two letters counting one), read
//! from the index's own term dictionaries: `--fuzzy` matches them too (as Meilisearch and
//! Elasticsearch's `fuzziness: AUTO` do), and a query with no hit gets a "did you mean"
//! made of them. Both cost a walk of the dictionaries with tantivy's Levenshtein automaton
//! (its `FuzzyTermQuery::automaton`), done only when asked or when nothing was found.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, TantivyDocument, Term};

use super::Engine;
use crate::engine::analysis::analyze;
use crate::engine::schema;

/// Most near words one typed word expands to with `--fuzzy`: the closest, then the most
/// frequent.
pub const MAX_NEAR: usize = 16;

/// The edit distance a word of `chars` characters may be off by: none under 4 characters,
/// one up to 7, two from 8 (between Elasticsearch's AUTO, one from 3 and two from 6, and
/// Meilisearch's, one from 5 and two from 9).
pub fn allowed_distance(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The words of `fields` within [`allowed_distance`] of `term` (itself included when the
/// index has it), closest first, then most frequent (documents, summed over fields and
/// segments), at most `limit`. Each comes with its distance and document frequency.
pub fn near_words(
    searcher: &Searcher,
    fields: &[Field],
    term: &str,
    limit: usize,
) -> tantivy::Result<Vec<(String, u8, u64)>> {
    let distance = allowed_distance(term.chars().count());
    let mut found: BTreeMap<String, u64> = BTreeMap::new();
    let Some(&first) = fields.first() else {
        return Ok(Vec::new());
    };
    // One automaton for every field and segment: it depends on the word alone.
    let automaton =
        FuzzyTermQuery::new(Term::from_field_text(first, term), distance, true).automaton()?;
    for &field in fields {
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().search(&automaton).into_stream()?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *found.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
    }
    let mut near: Vec<(String, u8, u64)> = found
        .into_iter()
        .map(|(word, df)| {
            let d = edit_distance(term, &word);
            (word, d, df)
        })
        .collect();
    near.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    near.truncate(limit);
    Ok(near)
}

impl Engine {
    /// The query with each word the index does not hold (in titles or bodies) replaced by
    /// the index's nearest, most frequent word, written as the articles write it; `None`
    /// when no word was replaced. Field values (`speaker:…`) and operators stay as typed.
    pub(super) fn suggestion(&self, query: &str) -> tantivy::Result<Option<String>> {
        let fields = [self.fields.title, self.fields.body];
        let chars: Vec<char> = query.chars().collect();
        let mut out = String::with_capacity(query.len());
        let mut changed = false;
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphanumeric() {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let after_field = start > 0 && chars[start - 1] == ':';
            let field_name = chars.get(i) == Some(&':');
            let operator = matches!(word.as_str(), "AND" | "OR" | "NOT");
            let kept = after_field || field_name || operator;
            match if kept {
                None
            } else {
                self.correction(&fields, &word)?
            } {
                Some(better) => {
                    out.push_str(&better);
                    changed = true;
                }
                None => out.push_str(&word),
            }
        }
        Ok(changed.then_some(out))
    }

    /// The word to write for `word` when the index does not hold it and holds a near one.
    fn correction(&self, fields: &[Field], word: &str) -> tantivy::Result<Option<String>> {
        let terms = analyze(&self.text_analyzer, word);
        let [term] = terms.as_slice() else {
            return Ok(None);
        };
        let mut known = 0;
        for &field in fields {
            known += self
                .searcher
                .doc_freq(&Term::from_field_text(field, term))?;
        }
        if known > 0 || allowed_distance(term.chars().count()) == 0 {
            return Ok(None);
        }
        let Some((near, _, _)) = near_words(&self.searcher, fields, term, 1)?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        Ok(Some(self.written(&near)?.unwrap_or(near)))
    }

    /// How an article that holds the indexed word `term` writes it (`kuwait` for the stem
    /// `kuwait`, `president` for `presid`): the first word of its body with that stem,
    /// lower-cased.
    fn written(&self, term: &str) -> tantivy::Result<Option<String>> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.body, term),
            IndexRecordOption::Basic,
        );
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, address)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let body = schema::from_document(&self.fields, &doc).body;
        // Stemming keeps a word's first letter (see `highlight_analyzer`): a word that
        // begins with another ASCII letter or digit is not analysed.
        let initial = term.chars().next();
        Ok(body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| match (w.chars().next(), initial) {
                (Some(c), Some(i)) if c.is_ascii() => c.to_ascii_lowercase() == i,
                (first, _) => first.is_some(),
            })
            .map(str::to_lowercase)
            .find(|w| analyze(&self.text_analyzer, w).as_slice() == [term]))
    }
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions, and swaps of
/// two neighbours, each one), as the automaton counts with transpositions; saturates at 255.
pub fn edit_distance(a: &str, b: &str) -> u8 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    u8::try_from(d[a.len()][b.len()]).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_a_swap_as_one() {
        assert_eq!(edit_distance("kuwiat", "kuwait"), 1);
        assert_eq!(edit_distance("kuwait", "kuwait"), 0);
        assert_eq!(edit_distance("opec", "oped"), 1);
        assert_eq!(edit_distance("minster", "minister"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn short_words_are_not_corrected() {
        assert_eq!(allowed_distance(3), 0);
        assert_eq!(allowed_distance(6), 1);
        assert_eq!(allowed_distance(9), 2);
    }
}
