//! The language an article is written in, as an ISO 639-1 code (`en`, `es`), or `und` when
//! its text is too short or unclear to tell.
//!
//! Two steps, the cheap one first. A vote of function words (`the`, `of`, `said`; `el`,
//! `los`, `dijo`, …; one table a language in `language/*.txt`; a word in several tables, such
//! as `de` or `que`, does not vote) over the opening of the text
//! decides nearly every news article in about a microsecond. When the vote is not clear (a
//! table of figures, a language without a table, mixed text), the `whatlang` crate decides
//! among its 69 languages, and only when it calls its own answer reliable. Text with fewer
//! than [`MIN_LETTERS`] letters is never guessed. See docs/EVALUATION.md, "Language", for the
//! crates compared and the figures.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The code for a text whose language is not known.
pub const UNDETERMINED: &str = "und";

/// Fewer letters than this (title and text together) are not enough to tell a language.
pub const MIN_LETTERS: usize = 100;

/// Bytes of the text read: the opening of an article tells its language.
const READ: usize = 1_000;

/// Bytes of the text the crate reads, when the vote is not clear (it costs about 0.15 µs
/// a byte).
const CRATE_READ: usize = 600;

/// The crate is asked only about text with at least this many letters and digits: shorter
/// text that has no clear function words is a list or a table.
const CRATE_MIN_CHARS: usize = 250;

/// The vote is clear when the leading language has at least this many function words …
const MIN_VOTES: u32 = 6;
/// … and at least this many times as many as the next one.
const MARGIN: u32 = 2;

/// The languages with a table of function words, and their tables.
const TABLES: &[(&str, &str)] = &[
    ("en", include_str!("language/en.txt")),
    ("es", include_str!("language/es.txt")),
    ("pt", include_str!("language/pt.txt")),
    ("fr", include_str!("language/fr.txt")),
    ("de", include_str!("language/de.txt")),
    ("it", include_str!("language/it.txt")),
];

/// Function word → the languages (bits, by position in [`TABLES`]) it belongs to.
fn words() -> &'static FxHashMap<u64, u8> {
    static WORDS: OnceLock<FxHashMap<u64, u8>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut map: FxHashMap<u64, u8> = FxHashMap::default();
        for (k, (_, table)) in TABLES.iter().enumerate() {
            for word in table.split_whitespace() {
                if let Some(key) = packed(word.as_bytes()) {
                    *map.entry(key).or_default() |= 1 << k;
                }
            }
        }
        map
    })
}

/// A word of at most 8 bytes as one number (its bytes, first in the lowest); longer: `None`.
/// Two words with no NUL byte at their end pack alike only when they are the same word. (Also
/// the index's stop-word test, `engine::analysis::is_index_stop_word`.)
pub(crate) const fn packed(bytes: &[u8]) -> Option<u64> {
    if bytes.len() > 8 {
        return None;
    }
    let (mut key, mut i) = (0u64, bytes.len());
    while i > 0 {
        i -= 1;
        key = (key << 8) | bytes[i] as u64;
    }
    Some(key)
}

/// The language of an article with this `title` and `body`.
pub fn detect(title: &str, body: &str) -> String {
    let body = super::prefix(body, READ);
    let title = super::prefix(title, READ);
    let letters = title
        .chars()
        .chain(body.chars())
        .filter(|c| c.is_alphabetic())
        .take(MIN_LETTERS)
        .count();
    if letters < MIN_LETTERS {
        return UNDETERMINED.to_string();
    }
    // The title alone, the text alone, then both together.
    let in_title = votes(title);
    if let Some(lang) = clear(&in_title) {
        return lang.to_string();
    }
    let mut counts = votes(body);
    if let Some(lang) = clear(&counts) {
        return lang.to_string();
    }
    for (count, more) in counts.iter_mut().zip(in_title) {
        *count += more;
    }
    if let Some(lang) = clear(&counts) {
        return lang.to_string();
    }
    let text = format!("{title}\n{}", super::prefix(body, CRATE_READ));
    // Not for the crate: a table of figures (`Shr 24 cts vs 15 cts`), whatever its words.
    let alphanumeric = text.chars().filter(|c| c.is_alphanumeric()).count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits * 100 > alphanumeric * MAX_DIGITS_PERCENT || alphanumeric < CRATE_MIN_CHARS {
        return UNDETERMINED.to_string();
    }
    match whatlang::detect(&text) {
        Some(info) if info.is_reliable() => {
            let lang = code(info.lang());
            // A language with a table must have some of its words in the text.
            match TABLES.iter().position(|(c, _)| *c == lang) {
                Some(k) if counts[k] < MIN_VOTES / 2 => UNDETERMINED.to_string(),
                _ => lang,
            }
        }
        _ => UNDETERMINED.to_string(),
    }
}

/// Above this share of digits among letters and digits, text the vote cannot place is a
/// table, not prose.
const MAX_DIGITS_PERCENT: usize = 10;

/// The language whose function words clearly lead, if one does.
fn clear(counts: &[u32; 8]) -> Option<&'static str> {
    let mut order: Vec<usize> = (0..TABLES.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(counts[k]));
    let (top, next) = (counts[order[0]], counts[order[1]]);
    (top >= MIN_VOTES && top >= MARGIN * next).then(|| TABLES[order[0]].0)
}

/// How many function words of each language of [`TABLES`] `text` has; it stops counting
/// once one language leads by far (most articles: within their first sentences).
fn votes(text: &str) -> [u32; 8] {
    let words = words();
    let mut counts = [0u32; 8];
    // Counts one word; true once one language leads by far.
    let mut vote = |raw: &str| -> bool {
        // Function words are short: longer words cost no look-up.
        if raw.is_empty() || raw.len() > LONGEST_WORD {
            return false;
        }
        let key = if raw.is_ascii() {
            let mut lower = [0u8; LONGEST_WORD];
            lower[..raw.len()].copy_from_slice(raw.as_bytes());
            lower.make_ascii_lowercase();
            packed(&lower[..raw.len()])
        } else {
            let word: String = raw.chars().flat_map(char::to_lowercase).collect();
            packed(word.as_bytes())
        };
        // Only a word of one language's table votes: `de`, `que`, `la` are in several.
        let Some(&bits) = key
            .and_then(|k| words.get(&k))
            .filter(|b| b.count_ones() == 1)
        else {
            return false;
        };
        let k = bits.trailing_zeros() as usize;
        counts[k] += 1;
        if counts[k] < SURE_VOTES {
            return false;
        }
        let others = counts
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .map(|(_, &c)| c)
            .max()
            .unwrap_or(0);
        counts[k] >= SURE_MARGIN * others
    };
    if text.is_ascii() {
        // (Most text: words split on bytes, no character decoded.)
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && !b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let s = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if s < i && vote(&text[s..i]) {
                break;
            }
        }
    } else {
        for raw in text.split(|c: char| !c.is_alphabetic()) {
            if vote(raw) {
                break;
            }
        }
    }
    counts
}

/// Bytes of the longest word in a table.
const LONGEST_WORD: usize = 8;
/// A language this far ahead has won: counting stops.
const SURE_VOTES: u32 = 12;
/// See [`SURE_VOTES`].
const SURE_MARGIN: u32 = 4;

/// `word` with the accents of Latin letters folded (`soberanía` → `soberania`, `ñ` → `n`,
/// `ç` → `c`; capitals stay capitals' folded lower case: `Á` → `a`), as tantivy's
/// `AsciiFoldingFilter` folds lower-case letters. The one folding the extractor's word lists
/// and the index's Spanish analysis share.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    word.chars().map(fold_letter).collect()
}

/// One letter of [`fold`].
pub fn fold_letter(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Ä' | 'Â' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

/// The ISO 639-1 code of a `whatlang` language, or its ISO 639-3 code where there is none.
fn code(lang: whatlang::Lang) -> String {
    let three = lang.code();
    ISO_639_1
        .iter()
        .find(|(t, _)| *t == three)
        .map_or(three, |(_, two)| two)
        .to_string()
}

/// ISO 639-3 → 639-1, for the languages `whatlang` knows that have a two-letter code.
const ISO_639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("yor", "yo"),
    ("zul", "zu"),
];

/// The language code a metadata value names: a BCP 47 tag (`es`, `es-MX`, `es_MX`, `spa`)
/// or a language's name in English or in itself (`Spanish`, `español`); `None` for anything
/// else.
pub fn from_metadata(value: &str) -> Option<String> {
    let value = value.trim();
    let primary = value
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase()) {
        if primary.len() == 3 {
            if let Some((_, two)) = ISO_639_1.iter().find(|(t, _)| *t == primary) {
                return Some((*two).to_string());
            }
        }
        return Some(primary);
    }
    let name = value.to_lowercase();
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, code)| (*code).to_string())
}

/// Language names users write in metadata.
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("castellano", "es"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("french", "fr"),
    ("français", "fr"),
    ("german", "de"),
    ("deutsch", "de"),
    ("italian", "it"),
    ("italiano", "it"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "The minister said on Tuesday that the government would not send troops \
                      to the border, and that talks with the neighbours were going well.";
    const ES: &str = "La presidenta dijo el martes que el gobierno no enviará tropas a la \
                      frontera y que las conversaciones con los vecinos van por buen camino.";

    #[test]
    fn english_and_spanish_by_their_words() {
        assert_eq!(detect("Troops", EN), "en");
        assert_eq!(detect("Tropas", ES), "es");
        // Accents and capitals do not matter to the vote.
        assert_eq!(detect("", &ES.to_uppercase()), "es");
    }

    #[test]
    fn every_table_word_is_short_and_lower_case() {
        // (Words are looked up packed into 8 bytes: a longer one would never vote.)
        for (code, table) in TABLES {
            for word in table.split_whitespace() {
                assert!(word.len() <= LONGEST_WORD, "{code}: {word}");
                assert_eq!(word, word.to_lowercase(), "{code}");
                assert!(packed(word.as_bytes()).is_some());
            }
        }
        assert_ne!(packed(b"de"), packed(b"ed"));
        assert_eq!(detect("", &ES.to_uppercase()), "es");
    }

    #[test]
    fn short_text_is_never_guessed() {
        assert_eq!(detect("", "The minister said so."), UNDETERMINED);
        assert_eq!(detect("Tropas", "La presidenta dijo que no."), UNDETERMINED);
        assert_eq!(detect("", ""), UNDETERMINED);
    }

    #[test]
    fn a_table_of_figures_is_undetermined() {
        let table = "NEW YORK, March 2 - Shr 24 cts vs 15 cts\n    Net 1,520,797 vs 929,017\n    \
                     Revs 5,123,000 vs 4,010,000\n    Nine mths\n    Shr 61 cts vs 44 cts\n    \
                     Net 3,910,000 vs 2,790,000";
        assert_eq!(detect("", table), UNDETERMINED);
    }

    #[test]
    fn a_language_without_a_table_goes_to_the_crate() {
        let dutch = "De minister zei dinsdag dat de regering geen troepen naar de grens zal \
                     sturen en dat de gesprekken met de buurlanden goed verlopen. Volgens de \
                     minister is er nog veel werk te doen voordat er een akkoord kan komen. \
                     Het parlement wil volgende week opnieuw over het voorstel praten, maar \
                     de oppositie vindt dat het kabinet te lang heeft gewacht met een besluit.";
        assert_eq!(detect("", dutch), "nl");
    }

    #[test]
    fn metadata_values() {
        for (value, code) in [
            ("es", "es"),
            ("es-MX", "es"),
            ("es_MX", "es"),
            ("EN-us", "en"),
            ("spa", "es"),
            ("Spanish", "es"),
            ("Español", "es"),
        ] {
            assert_eq!(from_metadata(value).as_deref(), Some(code), "{value}");
        }
        assert_eq!(from_metadata("Klingon language"), None);
        assert_eq!(from_metadata("12"), None);
    }
}
