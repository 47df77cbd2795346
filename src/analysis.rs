//! Text analysis: how article text and names become index terms.
//!
//! Article text: words, lower-cased, accents folded, English stop words removed, English
//! Snowball (Porter2) stems. Stemming is the costliest step of indexing and news repeats
//! its words, so each analyzer keeps the stems it has computed ([`CachedStemmer`]); the
//! stems are those of tantivy's own English stemmer (the same Snowball implementation).

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter,
    TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Words longer than this (in bytes) are not indexed: they are noise (URLs, base64).
const MAX_WORD: usize = 40;
/// Stems kept per analyzer; past this, new words are stemmed without being remembered.
const CACHE_WORDS: usize = 200_000;

/// The analyzer for article text.
pub fn text_analyzer() -> TextAnalyzer {
    text_analyzer_with(CachedStemmer::default())
}

/// The analyzer for finding query words in text to highlight: as [`text_analyzer`], but
/// only words whose first letter is one of `initials` (the first letters of the query's
/// terms) are stemmed — Snowball keeps a word's first letter, so no other word can match.
pub fn highlight_analyzer(initials: &[char]) -> TextAnalyzer {
    text_analyzer_with(CachedStemmer {
        initials: Some(initials.into()),
    })
}

fn text_analyzer_with(stemmer: CachedStemmer) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .dynamic();
    let builder = match StopWordFilter::new(Language::English) {
        Some(stop) => builder.filter_dynamic(stop),
        None => builder,
    };
    builder.filter_dynamic(stemmer).build()
}

/// The analyzer for names (speakers, sources, authors): words, lower-cased, accents folded.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// English Snowball stemming with a cache of the stems seen (per analyzer, so per indexing
/// thread).
#[derive(Clone, Debug, Default)]
pub struct CachedStemmer {
    /// When set, words starting with another letter are left as they are.
    initials: Option<Box<[char]>>,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: FxHashMap::default(),
            initials: self.initials,
        }
    }
}

/// The tokenizer wrapper of [`CachedStemmer`]; holds the cache.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    cache: FxHashMap<Box<str>, Box<str>>,
    initials: Option<Box<[char]>>,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            initials: self.initials.as_deref(),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// Stems each token of the stream under it.
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut FxHashMap<Box<str>, Box<str>>,
    initials: Option<&'a [char]>,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(initials) = self.initials {
            if !token
                .text
                .chars()
                .next()
                .is_some_and(|c| initials.contains(&c))
            {
                return true;
            }
        }
        if let Some(stem) = self.cache.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem: Box<str> = self.stemmer.stem(&token.text).into();
        if self.cache.len() < CACHE_WORDS {
            self.cache.insert(token.text.as_str().into(), stem.clone());
        }
        token.text.clear();
        token.text.push_str(&stem);
        true
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
    use tantivy::tokenizer::Stemmer;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn text_is_folded_stemmed_and_stopped() {
        assert_eq!(
            tokens(text_analyzer(), "The Presidents' SOVEREIGNTY of México"),
            vec!["presid", "sovereignti", "mexico"]
        );
    }

    #[test]
    fn cached_stems_equal_tantivy_stems() {
        let text = "running runs ran easily fairly generously cartels cartel's sovereignty \
                    running runs generously national nationalism nationalists";
        let reference = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        let ours = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer::default())
            .build();
        let mut ours_twice = ours.clone();
        assert_eq!(tokens(ours.clone(), text), tokens(reference, text));
        // Second pass through the same analyzer: from the cache.
        let first = tokens(ours_twice.clone(), text);
        let mut stream = ours_twice.token_stream(text);
        let mut second = Vec::new();
        while stream.advance() {
            second.push(stream.token().text.clone());
        }
        assert_eq!(first, second);
    }

    #[test]
    fn highlighting_stems_only_words_with_the_query_initials() {
        let all = tokens(text_analyzer(), "Sovereignty and cartels rising");
        let some = tokens(highlight_analyzer(&['s']), "Sovereignty and cartels rising");
        assert_eq!(all, vec!["sovereignti", "cartel", "rise"]);
        assert_eq!(some, vec!["sovereignti", "cartels", "rising"]);
    }

    #[test]
    fn names_are_folded_not_stemmed() {
        assert_eq!(
            tokens(name_analyzer(), "Claudia Sheinbaum Pardo, Ángeles"),
            vec!["claudia", "sheinbaum", "pardo", "angeles"]
        );
    }
}
