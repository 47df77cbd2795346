//! Pseudo-relevance feedback (`--expand`, RM3): the best articles of a first search lend
//! the query their most telling words. A word's feedback weight is the sum, over the
//! feedback articles, of the article's first-pass score times the word's share of the
//! article's words; the `TERMS` heaviest words (at least two letters, in no more than a
//! tenth of the articles) are kept. The new query weighs each word
//! `ORIGINAL · (its share of the query) + (1 − ORIGINAL) · (its share of the feedback)`,
//! scored by BM25 in title and body as the original is. Expansion words only re-rank the
//! articles the query matches, except with `--any`, where any of the words may match.
//! Measured on four test collections (README, "Ranking quality").

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::engine::schema::Fields;

/// Articles of the first search that give feedback.
pub const DOCS: usize = 10;
/// Words added from them.
const TERMS: usize = 20;
/// Share of the original query in the new one.
const ORIGINAL: Score = 0.5;
/// A word in more than this share of the articles says little about any of them.
const MAX_DOC_SHARE: f64 = 0.1;

/// An expanded query.
pub struct Expansion {
    /// Its scoring terms with their weights.
    pub terms: Vec<(Term, Score)>,
    /// The words added (to match too with `--any`, and to explain).
    pub added: Vec<String>,
}

/// The scoring terms of the expanded query: `original` (the query's scoring terms, with
/// their weights) mixed with words from the `feedback` articles (with first-pass scores).
pub fn expand(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &TextAnalyzer,
    title_weight: Score,
    original: &[(Term, Score)],
    feedback: &[(Score, DocAddress)],
) -> tantivy::Result<Expansion> {
    // The query's words (as the body holds them), weighted as named.
    let mut query: HashMap<String, Score> = HashMap::new();
    for (term, weight) in original {
        if term.field() == fields.body {
            if let Some(word) = term.value().as_str() {
                *query.entry(word.to_string()).or_default() += weight;
            }
        }
    }
    let query_total: Score = query.values().sum();
    if query_total <= 0.0 || feedback.is_empty() {
        return Ok(Expansion {
            terms: original.to_vec(),
            added: Vec::new(),
        });
    }
    // The feedback model.
    let mut model: HashMap<String, Score> = HashMap::new();
    let mut analyzer = analyzer.clone();
    for &(score, address) in feedback {
        let doc: TantivyDocument = searcher.doc(address)?;
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut length = 0u32;
        for field in [fields.title, fields.body] {
            for value in doc.get_all(field) {
                if let Some(text) = tantivy::schema::Value::as_str(&value) {
                    let mut stream = analyzer.token_stream(text);
                    while stream.advance() {
                        *counts.entry(stream.token().text.clone()).or_default() += 1;
                        length += 1;
                    }
                }
            }
        }
        if length == 0 {
            continue;
        }
        for (word, tf) in counts {
            *model.entry(word).or_default() += score * tf as Score / length as Score;
        }
    }
    let articles = searcher.num_docs().max(1) as f64;
    let rare_enough = |word: &str| -> tantivy::Result<bool> {
        let df = |field: Field| searcher.doc_freq(&Term::from_field_text(field, word));
        let df = df(fields.body)?.max(df(fields.title)?);
        Ok(df as f64 / articles <= MAX_DOC_SHARE)
    };
    let mut candidates: Vec<(String, Score)> = model
        .into_iter()
        .filter(|(word, _)| word.chars().count() >= 2)
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let mut kept: Vec<(String, Score)> = Vec::with_capacity(TERMS);
    for (word, weight) in candidates {
        if kept.len() == TERMS {
            break;
        }
        if rare_enough(&word)? {
            kept.push((word, weight));
        }
    }
    let kept_total: Score = kept.iter().map(|(_, w)| w).sum();
    let mut mixed: HashMap<String, Score> = query
        .iter()
        .map(|(word, w)| (word.clone(), ORIGINAL * w / query_total))
        .collect();
    let mut added = Vec::new();
    if kept_total > 0.0 {
        for (word, w) in kept {
            if !query.contains_key(&word) {
                added.push(word.clone());
            }
            *mixed.entry(word).or_default() += (1.0 - ORIGINAL) * w / kept_total;
        }
    }
    // Terms of other fields (a `title:` word) keep their weights, scaled as the query's.
    let mut terms: Vec<(Term, Score)> = original
        .iter()
        .filter(|(t, _)| t.field() != fields.body && t.field() != fields.title)
        .map(|(t, w)| (t.clone(), ORIGINAL * w / query_total))
        .collect();
    let mut words: Vec<(String, Score)> = mixed.into_iter().collect();
    words.sort_by(|a, b| a.0.cmp(&b.0));
    for (word, weight) in words {
        terms.push((Term::from_field_text(fields.body, &word), weight));
        terms.push((
            Term::from_field_text(fields.title, &word),
            weight * title_weight,
        ));
    }
    added.sort();
    Ok(Expansion { terms, added })
}
