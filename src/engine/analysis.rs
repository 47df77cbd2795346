//! Text analysis: how article text and names become index terms.
//!
//! Article text: words ([`WordTokenizer`]: letters and digits, with dotted abbreviations
//! such as U.S. kept whole and the possessive 's dropped), lower-cased, accents folded,
//! Lucene's 33 English stop words removed, English Snowball (Porter2) stems. Queries drop
//! more ([`is_query_stop_word`]) from bag-of-words searches only. Analysis is a costly step of
//! indexing and news repeats its words, so each analyzer keeps what it made of each word as
//! written ([`CachedStemmer`]); the stems are those of tantivy's own English stemmer (the same
//! Snowball implementation).

use crate::extract::language::packed;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

/// English stop words dropped from bag-of-words queries on top of the 33 the index leaves
/// out: the Snowball project's English list (174 words). Chosen on four test collections
/// (see README, "Ranking quality"); phrases keep every word.
pub(crate) const QUERY_STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "would",
    "should",
    "could",
    "ought",
    "i'm",
    "you're",
    "he's",
    "she's",
    "it's",
    "we're",
    "they're",
    "i've",
    "you've",
    "we've",
    "they've",
    "i'd",
    "you'd",
    "he'd",
    "she'd",
    "we'd",
    "they'd",
    "i'll",
    "you'll",
    "he'll",
    "she'll",
    "we'll",
    "they'll",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "doesn't",
    "don't",
    "didn't",
    "won't",
    "wouldn't",
    "shan't",
    "shouldn't",
    "can't",
    "cannot",
    "couldn't",
    "mustn't",
    "let's",
    "that's",
    "who's",
    "what's",
    "here's",
    "there's",
    "when's",
    "where's",
    "why's",
    "how's",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
];

/// Whether a query word (lower-cased, as typed) is left out of bag-of-words searches: a
/// stop word of [`QUERY_STOP_WORDS`], or a single letter or digit.
pub fn is_query_stop_word(word: &str) -> bool {
    word.chars().count() <= 1 || QUERY_STOP_WORDS.contains(&word)
}

/// Splits text into words: runs of letters and digits. Two things differ from tantivy's
/// `SimpleTokenizer`: a dotted abbreviation (`U.S.`, `U.N.`, `e.g.`) is one word (`US`),
/// not single letters; and a possessive `'s` / `’s` is dropped (`cartel's` is `cartel`).
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The stream of [`WordTokenizer`].
pub struct WordStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

impl WordStream<'_> {
    /// The end of a dotted abbreviation starting at `start` (at least two single letters,
    /// each followed by a dot, the last dot optional), with its letters.
    fn abbreviation(&self, start: usize) -> Option<(usize, String)> {
        let mut letters = String::new();
        let mut chars = self.text[start..].char_indices().peekable();
        let mut end;
        loop {
            let (_, c) = chars.next()?;
            if !c.is_alphabetic() {
                return None;
            }
            letters.push(c);
            match chars.next() {
                Some((i, '.')) => {
                    end = start + i + 1;
                    // The next letter must stand alone too.
                    match chars.peek() {
                        Some(&(_, next)) if next.is_alphabetic() => continue,
                        _ => break,
                    }
                }
                Some((_, next)) if next.is_alphanumeric() => return None,
                Some((i, _)) => {
                    end = start + i;
                    break;
                }
                None => {
                    end = self.text.len();
                    break;
                }
            }
        }
        (letters.chars().count() >= 2).then_some((end, letters))
    }
}

/// Whether the character at byte `at` of `text` (a character boundary) is a letter or a
/// digit, and its length in bytes; `None` at the end. ASCII, most of the text indexed, is
/// told by its byte alone: 16 M fewer instructions indexing 3,000 Reuters articles than
/// `str::find` with `char::is_alphanumeric`, which decodes every character.
#[inline(always)]
fn alphanumeric_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((byte.is_ascii_alphanumeric(), 1));
    }
    alphanumeric_char_at(text, at)
}

/// [`alphanumeric_at`] for a character that is not ASCII.
#[inline(never)]
fn alphanumeric_char_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let c = text[at..].chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let mut start = self.at;
        loop {
            match bytes.get(start) {
                Some(b) if b.is_ascii_alphanumeric() => break,
                Some(b) if b.is_ascii() => start += 1,
                _ => match alphanumeric_at(self.text, start) {
                    None => {
                        self.at = bytes.len();
                        return false;
                    }
                    Some((true, _)) => break,
                    Some((false, len)) => start += len,
                },
            }
        }
        // The word's end, and whether it is a single character.
        let mut end = start;
        let mut characters = 0usize;
        loop {
            match bytes.get(end) {
                Some(b) if b.is_ascii_alphanumeric() => end += 1,
                Some(b) if b.is_ascii() => break,
                _ => match alphanumeric_at(self.text, end) {
                    Some((true, len)) => end += len,
                    _ => break,
                },
            }
            characters += 1;
        }
        self.token.text.clear();
        // Only a single letter followed by a dot can start an abbreviation: the common
        // case costs one look at the next byte and no allocation.
        match bytes.get(end) {
            Some(b'.') if characters == 1 => match self.abbreviation(start) {
                Some((abbreviation_end, letters)) => {
                    end = abbreviation_end;
                    self.token.text.push_str(&letters);
                }
                None => self.token.text.push_str(&self.text[start..end]),
            },
            _ => self.token.text.push_str(&self.text[start..end]),
        }
        self.at = end;
        // A possessive 's after the word is not a word.
        let apostrophe = match bytes.get(end) {
            Some(b'\'') => 1,
            Some(0xE2) if bytes[end..].starts_with("’".as_bytes()) => 3,
            _ => 0,
        };
        if apostrophe > 0
            && matches!(bytes.get(end + apostrophe), Some(b's' | b'S'))
            && !matches!(
                alphanumeric_at(self.text, end + apostrophe + 1),
                Some((true, _))
            )
        {
            self.at = end + apostrophe + 1;
        }
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Words longer than this (in bytes) are not indexed: they are noise (URLs, base64).
pub(crate) const MAX_WORD: usize = 40;
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
    // The stemmer also leaves out long words, lower-cases, folds and leaves out the stop
    // words: one look-up in its cache a word (see `CachedStemmerStream`).
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(stemmer)
        .build()
}

/// The English stop words the index leaves out: Lucene's 33 (tantivy's English list),
/// sorted. None is longer than [`STOP_WORD_MAX_BYTES`].
pub(crate) const INDEX_STOP_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// The longest of [`INDEX_STOP_WORDS`], in bytes.
const STOP_WORD_MAX_BYTES: usize = 5;

/// [`INDEX_STOP_WORDS`] packed into numbers ([`packed`]).
const INDEX_STOP_KEYS: [u64; INDEX_STOP_WORDS.len()] = {
    let mut keys = [0; INDEX_STOP_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = match packed(INDEX_STOP_WORDS[i].as_bytes()) {
            Some(key) => key,
            None => panic!("a stop word longer than 8 bytes"),
        };
        i += 1;
    }
    keys
};

/// Whether the index leaves `word` (lower-cased, folded) out.
///
/// Snippets ask this of every word of the texts they show, so it compares numbers rather
/// than strings: a word longer than any stop word is settled by its length, a shorter one
/// by its [`packed`] number (a NUL byte at its end, which packing would not tell, makes no
/// stop word). The binary search over the strings it replaces took 1.0 M of the 9.1 M
/// instructions of a one-shot `oil` query on Reuters.
pub fn is_index_stop_word(word: &str) -> bool {
    word.len() <= STOP_WORD_MAX_BYTES
        && !word.ends_with('\0')
        && packed(word.as_bytes()).is_some_and(|key| INDEX_STOP_KEYS.contains(&key))
}

/// The words of a query as typed: [`text_analyzer`]'s words, lower-cased and folded, but
/// neither stopped nor stemmed (to tell query stop words, and to stem each word alone).
pub fn query_word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The analyzer for names (speakers, sources, authors): words, lower-cased, accents folded.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// What the index makes of a word, with a cache of the words seen (per analyzer, so per
/// indexing thread): words of [`MAX_WORD`] bytes or more and the stop words left out, the
/// rest lower-cased, accents folded and stemmed (English Snowball).
///
/// The result is that of tantivy's `RemoveLongFilter`, `LowerCaser`, `AsciiFoldingFilter`,
/// `StopWordFilter` and `Stemmer` one after the other (a test holds them equal), but the
/// cache is keyed by the word as written: news repeats its words, and a word seen before
/// costs one look-up instead of a pass through each filter. Indexing 3,000 Reuters articles
/// on one thread (callgrind): 1,281.6 M instructions with a cache of the lower-cased, folded
/// words behind the three filters, 1,231.1 M with this (the analysis itself 280.8 M → 116.6 M).
#[derive(Clone, Debug, Default)]
pub struct CachedStemmer {
    /// When set (highlighting), words starting with another letter are not stemmed.
    initials: Option<Box<[char]>>,
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            cache: FxHashMap::default(),
            initials: self.initials,
            normalizer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

/// The tokenizer wrapper of [`CachedStemmer`]; holds the cache.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    /// Word as written → what is indexed, or `None` for a word left out.
    cache: FxHashMap<Box<str>, Option<Box<str>>>,
    initials: Option<Box<[char]>>,
    /// Lower-cases and folds a word that is not ASCII.
    normalizer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            cache: &mut self.cache,
            initials: self.initials.as_deref(),
            normalizer: &mut self.normalizer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// Stems each token of the stream under it.
pub struct CachedStemmerStream<'a, T> {
    tail: T,
    cache: &'a mut FxHashMap<Box<str>, Option<Box<str>>>,
    initials: Option<&'a [char]>,
    normalizer: &'a mut TextAnalyzer,
    stemmer: frostem::Stemmer,
}

/// Lower-cases and folds `word` in place, as tantivy's `LowerCaser` and
/// `AsciiFoldingFilter` do: ASCII by itself, anything else through `normalizer`.
fn normalize(word: &mut String, normalizer: &mut TextAnalyzer) {
    if word.is_ascii() {
        word.make_ascii_lowercase();
        return;
    }
    let mut stream = normalizer.token_stream(word);
    if stream.advance() {
        let normal = std::mem::take(&mut stream.token_mut().text);
        drop(stream);
        *word = normal;
    }
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        loop {
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token_mut();
            // tantivy's `RemoveLongFilter`, on the word as written.
            if token.text.len() >= MAX_WORD {
                continue;
            }
            if let Some(initials) = self.initials {
                // Highlighting: a word whose first letter no query term has matches no term,
                // so it need only be told from a stop word. One that starts with an ASCII
                // character and is longer than any stop word is left as written (no query
                // term starts with its first letter in either case); any other is
                // lower-cased and folded.
                let ascii = token.text.as_bytes().first().copied().filter(u8::is_ascii);
                let other = match ascii {
                    Some(b) => !initials.contains(&char::from(b.to_ascii_lowercase())),
                    None => {
                        normalize(&mut token.text, self.normalizer);
                        !token
                            .text
                            .chars()
                            .next()
                            .is_some_and(|c| initials.contains(&c))
                    }
                };
                if other {
                    if ascii.is_some() {
                        if token.text.len() > STOP_WORD_MAX_BYTES {
                            return true;
                        }
                        normalize(&mut token.text, self.normalizer);
                    }
                    if is_index_stop_word(&token.text) {
                        continue;
                    }
                    return true;
                }
            }
            // (A highlighted word that does not start with ASCII is looked up lower-cased and
            // folded already: the same entry as its written forms would give.)
            match self.cache.get(token.text.as_str()) {
                Some(Some(indexed)) => {
                    token.text.clear();
                    token.text.push_str(indexed);
                    return true;
                }
                Some(None) => continue,
                None => {}
            }
            let written: Option<Box<str>> =
                (self.cache.len() < CACHE_WORDS).then(|| token.text.as_str().into());
            normalize(&mut token.text, self.normalizer);
            let indexed: Option<Box<str>> = match is_index_stop_word(&token.text) {
                true => None,
                false => Some(self.stemmer.stem(&token.text).into()),
            };
            if let Some(stem) = &indexed {
                token.text.clear();
                token.text.push_str(stem);
            }
            let keep = indexed.is_some();
            if let Some(written) = written {
                self.cache.insert(written, indexed);
            }
            if keep {
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

pub use crate::extract::language::fold;

/// Analyzed tokens of `text`.
pub fn analyze(analyzer: &TextAnalyzer, text: &str) -> Vec<String> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, Stemmer, StopWordFilter};

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn abbreviations_are_words_and_possessives_are_not() {
        let words = |text: &str| -> Vec<String> {
            let mut tokenizer = WordTokenizer::default();
            let mut stream = tokenizer.token_stream(text);
            let mut out = Vec::new();
            while stream.advance() {
                let t = stream.token();
                out.push(format!("{}@{}..{}", t.text, t.offset_from, t.offset_to));
            }
            out
        };
        assert_eq!(words("U.S. troops"), vec!["US@0..4", "troops@5..11"]);
        assert_eq!(
            words("the U.S.-Mexico talks"),
            vec!["the@0..3", "US@4..8", "Mexico@9..15", "talks@16..21"]
        );
        assert_eq!(words("U.N"), vec!["UN@0..3"]);
        assert_eq!(words("e.g. this"), vec!["eg@0..4", "this@5..9"]);
        assert_eq!(
            words("No.5 3.5 a. b"),
            vec!["No@0..2", "5@3..4", "3@5..6", "5@7..8", "a@9..10", "b@12..13"]
        );
        assert_eq!(
            words("the cartel's men, Trump’s aide"),
            vec![
                "the@0..3",
                "cartel@4..10",
                "men@13..16",
                "Trump@18..23",
                "aide@28..32"
            ]
        );
        assert_eq!(
            words("it'sy don't"),
            vec!["it@0..2", "sy@3..5", "don@6..9", "t@10..11"]
        );
        assert_eq!(words(""), Vec::<String>::new());
        // Positions count words.
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream("U.S. and U.K.");
        let mut positions = Vec::new();
        while stream.advance() {
            positions.push(stream.token().position);
        }
        assert_eq!(positions, vec![0, 1, 2]);
    }

    #[test]
    fn stop_words_are_those_of_tantivys_english_filter() {
        let mut sorted = INDEX_STOP_WORDS;
        sorted.sort_unstable();
        assert_eq!(sorted, INDEX_STOP_WORDS, "sorted");
        let longest = INDEX_STOP_WORDS.iter().map(|w| w.len()).max();
        assert_eq!(longest, Some(STOP_WORD_MAX_BYTES));
        for word in INDEX_STOP_WORDS {
            assert!(is_index_stop_word(word), "{word}");
            let longer = format!("{word}s");
            assert_eq!(
                is_index_stop_word(&longer),
                INDEX_STOP_WORDS.contains(&longer.as_str()),
                "{longer}"
            );
            assert!(!is_index_stop_word(&word[1..]) || INDEX_STOP_WORDS.contains(&&word[1..]));
            assert!(
                !is_index_stop_word(&format!("\0{word}")),
                "{word} after a NUL byte"
            );
        }
        for word in ["", "th", "thes", "these5", "théir", "wit", "ORS", "and\0"] {
            assert!(!is_index_stop_word(word), "{word:?}");
        }
        let text = "A sentence: the cat and the dog were not in it, but they will be \
                    such as these, with their owners, for this is no place to be there \
                    if an animal was into that then on or at by of";
        let tantivy = TextAnalyzer::builder(WordTokenizer::default())
            .filter(LowerCaser)
            .filter(StopWordFilter::new(Language::English).unwrap())
            .filter(Stemmer::new(Language::English))
            .build();
        let ours = TextAnalyzer::builder(WordTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer::default())
            .build();
        assert_eq!(tokens(ours, text), tokens(tantivy, text));
        // Positions keep the gaps the stop words leave.
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream("the cat and the dog");
        let mut positions = Vec::new();
        while stream.advance() {
            positions.push(stream.token().position);
        }
        assert_eq!(positions, vec![1, 4]);
    }

    #[test]
    fn query_stop_words() {
        for w in ["the", "who", "is", "x", "7", "between"] {
            assert!(is_query_stop_word(w), "{w}");
        }
        for w in ["may", "us", "oil", "opec", "10"] {
            assert!(!is_query_stop_word(w), "{w}");
        }
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

    /// Every token of `text` through `analyzer`: its text, bytes and position.
    fn full_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    const MIXED: &str = "The U.S. Senate's ÉCOLE Polytechnique said: «Société Générale» \
        RUNNING runs, Running; naïve CAFÉ café Straße STRASSE İstanbul ΣΟΦΟΣ σοφος \
        Ærøskøbing fiancé's Müller-Lüdenscheid e.g. 2024's x86 IS Is is \
        supercalifragilisticexpialidociousandthensomemore01 their THEIR Their \
        nationalists' NATIONAL nationalism ÜBER über";

    #[test]
    fn one_cached_pass_equals_tantivys_filters_one_after_the_other() {
        let mut reference = TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_WORD))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(StopWordFilter::new(Language::English).unwrap())
            .filter(Stemmer::new(Language::English))
            .build();
        let expected = full_tokens(&mut reference, MIXED);
        assert!(expected.iter().any(|t| t.0 == "ecol"), "{expected:?}");
        let mut ours = text_analyzer();
        // Twice: the second pass comes from the cache.
        assert_eq!(full_tokens(&mut ours, MIXED), expected);
        assert_eq!(full_tokens(&mut ours, MIXED), expected);

        // Highlighting: words with a query term's initial as indexed; the others as written
        // when they start with an ASCII character and are longer than any stop word,
        // lower-cased and folded otherwise; stop words left out either way.
        let initials = ['s', 'e', 'n', 'c', 'u'];
        let mut words = TextAnalyzer::from(WordTokenizer::default());
        let written: std::collections::HashMap<usize, String> = full_tokens(&mut words, MIXED)
            .into_iter()
            .map(|(text, _, _, position)| (position, text))
            .collect();
        let mut plain = query_word_analyzer();
        let expected: Vec<_> = full_tokens(&mut plain, MIXED)
            .into_iter()
            .filter(|t| !is_index_stop_word(&t.0))
            .map(|(text, from, to, position)| {
                let raw = &written[&position];
                let text = if initials.contains(&text.chars().next().unwrap()) {
                    frostem::Stemmer::new(frostem::Algorithm::English)
                        .stem(&text)
                        .into()
                } else if raw.as_bytes()[0].is_ascii() && raw.len() > STOP_WORD_MAX_BYTES {
                    raw.clone()
                } else {
                    text
                };
                (text, from, to, position)
            })
            .collect();
        for word in ["RUNNING", "Générale", "uber", "x86", "naiv"] {
            assert!(expected.iter().any(|t| t.0 == word), "{word}: {expected:?}");
        }
        let mut ours = highlight_analyzer(&initials);
        assert_eq!(full_tokens(&mut ours, MIXED), expected);
        assert_eq!(full_tokens(&mut ours, MIXED), expected);
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
