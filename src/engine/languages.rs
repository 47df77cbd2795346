//! The languages whose articles have an analysis of their own: one entry of [`ANALYSED`]
//! each, and everything that differs by language reads it — the schema (a title and a body
//! field per language, analysed by the language's analyzer), reading and writing documents,
//! the query compiler (each query word looked for in every language's fields, as that
//! language analyses it), highlighting, BM25 (a language's articles are the population of
//! its fields), and the exports' mappings. An article in any other language (English, and
//! `und`) has its text in `title` and `body`, analysed as English (`analysis.rs`).
//!
//! Adding a language (Portuguese, French) is one entry in [`ANALYSED`] and its stop-word
//! file in `stop_words/`, and a new `SCHEMA_VERSION` (the index gains two fields).
//!
//! Each language's analysis: the words of [`super::analysis::WordTokenizer`], lower-cased,
//! the language's stop words left out, its Snowball stems with accents folded. Stemming
//! before or after folding gives different stems (Spanish `soberanía` → `soberan`, but
//! `soberania` → `soberani`), and readers type both ways. So each word of an article is
//! indexed under both — the stem of the word as written, folded, and the stem of the word
//! folded, at the same position when they differ — and a query word is its own stem,
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

/// A language with an analysis of its own.
#[derive(Debug)]
pub struct Language {
    /// Its ISO 639-1 code, as the `lang` field holds it.
    pub code: &'static str,
    /// Its English name, as Snowball names its stemmer (Elasticsearch's `snowball` filter).
    pub name: &'static str,
    /// The Snowball algorithm that stems its words (the `frostem` crate's, pinned with the schema
    /// version; tantivy's `Language` and Elasticsearch's `snowball` filter name the same ones).
    pub stemmer: frostem::Algorithm,
    /// Its stop words, separated by white space (`stop_words/CODE.txt`).
    pub stop_words: &'static str,
    /// The name its analyzer is registered under.
    pub analyzer: &'static str,
    /// The field of its articles' headlines (`title` holds the other articles').
    pub title: &'static str,
    /// The field of its articles' text (`body` holds the other articles').
    pub body: &'static str,
    /// The stop words as written and folded, made on first use.
    stops: OnceLock<FxHashSet<String>>,
}

/// How many languages have an analysis of their own.
pub const COUNT: usize = 1;

/// The languages with an analysis of their own.
pub static ANALYSED: [Language; COUNT] = [Language {
    code: "es",
    name: "Spanish",
    stemmer: frostem::Algorithm::Spanish,
    // Articles, prepositions, conjunctions, pronouns and the commonest forms of *ser*,
    // *estar* and *haber* — but not `estado`/`estados` (a noun too: *Estados Unidos*) nor
    // other words that carry meaning in news (`poder`, `general`, `parte`).
    stop_words: include_str!("stop_words/es.txt"),
    analyzer: "dossier_text_es",
    title: "title_es",
    body: "body_es",
    stops: OnceLock::new(),
}];

/// The place in [`ANALYSED`] of the language `code` names; `None` for a language analysed
/// as English.
pub fn position(code: &str) -> Option<usize> {
    ANALYSED.iter().position(|l| l.code == code)
}

impl Language {
    /// The stop words as written and folded.
    fn stops(&self) -> &FxHashSet<String> {
        self.stops.get_or_init(|| {
            self.stop_words
                .split_whitespace()
                .flat_map(|w| [w.to_string(), fold(w)])
                .collect()
        })
    }

    /// Its stop words as written and folded, sorted (for the exports' stop lists).
    pub fn stop_word_forms(&self) -> Vec<&str> {
        let mut forms: Vec<&str> = self.stops().iter().map(String::as_str).collect();
        forms.sort_unstable();
        forms
    }

    /// Whether `word` (lower-cased, with or without its accents) is one of its stop words.
    pub fn is_stop_word(&self, word: &str) -> bool {
        self.stops().contains(word)
    }

    /// The analyzer of its article text (index and queries).
    pub fn text_analyzer(&'static self) -> TextAnalyzer {
        TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD))
            .filter(LowerCaser)
            .filter(Stems { language: self })
            .build()
    }
}

/// Leaves out a language's stop words and stems the rest, both ways (see the module's
/// documentation).
#[derive(Clone, Copy, Debug)]
pub struct Stems {
    language: &'static Language,
}

impl TokenFilter for Stems {
    type Tokenizer<T: Tokenizer> = StemsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemsFilter<T> {
        StemsFilter {
            inner: tokenizer,
            language: self.language,
        }
    }
}

/// The tokenizer wrapper of [`Stems`].
#[derive(Clone)]
pub struct StemsFilter<T> {
    inner: T,
    language: &'static Language,
}

impl<T: Tokenizer> Tokenizer for StemsFilter<T> {
    type TokenStream<'a> = StemsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemsStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.language.stemmer),
            language: self.language,
            second: None,
        }
    }
}

/// The stream of [`StemsFilter`].
pub struct StemsStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    language: &'static Language,
    /// The other stem of the current word, to give at the same position next.
    second: Option<String>,
}

impl<T: TokenStream> TokenStream for StemsStream<T> {
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
            if self.language.is_stop_word(&token.text) {
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

    fn spanish() -> &'static Language {
        &ANALYSED[position("es").unwrap()]
    }

    fn terms(text: &str) -> Vec<String> {
        analyze(&spanish().text_analyzer(), text)
    }

    /// Every entry is whole and its own: a code, a stemmer that stems, stop words its
    /// analyzer leaves out, and an analyzer and fields of its own.
    #[test]
    fn every_language_is_whole_and_distinct() {
        let mut names = std::collections::HashSet::new();
        for l in &ANALYSED {
            assert_eq!(position(l.code).map(|p| ANALYSED[p].code), Some(l.code));
            assert!(
                l.code.len() == 2 && l.code != "en" && l.code != "und",
                "{}",
                l.code
            );
            for name in [l.code, l.analyzer, l.title, l.body] {
                assert!(names.insert(name), "{name} is named twice");
            }
            assert!(!["title", "body"].contains(&l.title) && l.title != l.body);
            let stops: Vec<&str> = l.stop_words.split_whitespace().collect();
            assert!(stops.len() > 20, "{}: {} stop words", l.code, stops.len());
            let analyzer = l.text_analyzer();
            assert!(analyze(&analyzer, l.stop_words).is_empty(), "{}", l.code);
            // Its stemmer stems: a word and its plural meet.
            assert_eq!(
                analyze(&analyzer, "radio"),
                analyze(&analyzer, "radios"),
                "{}",
                l.code
            );
        }
        assert_eq!(position("en"), None);
        assert_eq!(position("und"), None);
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
        let mut analyzer = spanish().text_analyzer();
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
