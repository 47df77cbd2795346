//! Spanish analysis: the words of [`super::analysis::WordTokenizer`], lower-cased, Spanish stop
//! words left out, Spanish Snowball stems with accents folded.
//!
//! Stemming before or after folding gives different stems (`soberanía` → `soberan`, but
//! `soberania` → `soberani`), and readers type Spanish both ways. So each word of an
//! article is indexed under both — the stem of the word as written, folded, and the stem of
//! the word folded, at the same position when they differ — and a query word is its own stem,
//! folded: `soberanía`, `SOBERANÍA`, `soberania` and `soberano` all find `soberanía`.
//! `ñ` folds to `n` like the accents: readers on an English keyboard type `Espana` and `ano`,
//! and in news text a search for `año` that also finds the rare `ano` costs less than a search
//! for `Espana` that finds nothing.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

use super::analysis::{fold, WordTokenizer, MAX_WORD};

/// Spanish stop words: articles, prepositions, conjunctions, pronouns and the commonest forms
/// of *ser*, *estar* and *haber* — but not `estado`/`estados` (a noun too: *Estados Unidos*)
/// nor other words that carry meaning in news (`poder`, `general`, `parte`).
const STOP_WORDS: &str = include_str!("spanish_stop_words.txt");

/// The stop words as written and folded.
fn stop_words() -> &'static FxHashSet<String> {
    static WORDS: OnceLock<FxHashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        STOP_WORDS
            .split_whitespace()
            .flat_map(|w| [w.to_string(), fold(w)])
            .collect()
    })
}

/// Whether `word` (lower-cased, with or without its accents) is a Spanish stop word.
pub fn is_stop_word(word: &str) -> bool {
    stop_words().contains(word)
}

/// The analyzer for Spanish article text (index and queries).
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(SpanishStems)
        .build()
}

/// Leaves out stop words and stems the rest, both ways (see the module's documentation).
#[derive(Clone, Copy, Debug, Default)]
pub struct SpanishStems;

impl TokenFilter for SpanishStems {
    type Tokenizer<T: Tokenizer> = SpanishStemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpanishStemsFilter<T> {
        SpanishStemsFilter { inner: tokenizer }
    }
}

/// The tokenizer wrapper of [`SpanishStems`].
#[derive(Clone)]
pub struct SpanishStemsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SpanishStemsFilter<T> {
    type TokenStream<'a> = SpanishStemsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpanishStemsStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Spanish),
            second: None,
        }
    }
}

/// The stream of [`SpanishStemsFilter`].
pub struct SpanishStemsStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    /// The other stem of the current word, to give at the same position next.
    second: Option<String>,
}

impl<T: TokenStream> TokenStream for SpanishStemsStream<T> {
    fn advance(&mut self) -> bool {
        if let Some(second) = self.second.take() {
            let token = self.tail.token_mut();
            token.text = second;
            return true;
        }
        loop {
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token_mut();
            if is_stop_word(&token.text) {
                continue;
            }
            let folded = fold(&token.text);
            let written = fold(&self.stemmer.stem(&token.text));
            let plain = if folded == token.text {
                written.clone()
            } else {
                self.stemmer.stem(&folded).into_owned()
            };
            if plain != written {
                self.second = Some(plain);
            }
            token.text = written;
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;

    fn terms(text: &str) -> Vec<String> {
        analyze(&text_analyzer(), text)
    }

    #[test]
    fn both_spellings_meet() {
        // The article's word gives both stems; each way of typing it gives one of them.
        let indexed = terms("soberanía");
        assert_eq!(indexed, ["soberan", "soberani"]);
        for typed in [
            "soberanía",
            "SOBERANÍA",
            "soberania",
            "soberano",
            "Soberanas",
        ] {
            let query = terms(typed);
            assert!(indexed.contains(&query[0]), "{typed}: {query:?}");
        }
        assert_eq!(terms("elecciones"), terms("elección"));
        assert_eq!(terms("eleccion"), terms("elección"));
        // ñ folds like the accents.
        assert_eq!(terms("España"), terms("espana"));
    }

    #[test]
    fn stop_words_with_and_without_accents() {
        assert!(terms("el de la que y más está según").is_empty());
        assert!(terms("mas esta segun").is_empty());
        // Estados Unidos is no stop word.
        assert_eq!(terms("Estados Unidos"), ["estad", "unid"]);
    }

    #[test]
    fn second_stem_keeps_the_position() {
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream("la soberanía nacional");
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.text.clone(), t.position, t.offset_from));
        }
        assert_eq!(
            seen,
            [
                ("soberan".to_string(), 1, 3),
                ("soberani".to_string(), 1, 3),
                ("nacional".to_string(), 2, 14)
            ]
        );
    }
}
