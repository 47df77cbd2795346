//! The word lists (speech verbs, titles, organisation words, ...) behind one lookup, [`has`],
//! with their flags; and the small word-level tests built on them.

use crate::extract::names::Gender;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

pub(super) const VERB: u16 = 1;
pub(super) const AUX: u16 = 1 << 1;
pub(super) const DET: u16 = 1 << 2;
pub(super) const PREP: u16 = 1 << 3;
pub(super) const STOP: u16 = 1 << 4;
const TITLE: u16 = 1 << 5;
pub(super) const ORG: u16 = 1 << 6;
pub(super) const FUNC: u16 = 1 << 7;
pub(super) const SUB: u16 = 1 << 8;
pub(super) const PRON_M: u16 = 1 << 9;
pub(super) const PRON_F: u16 = 1 << 10;
pub(super) const PRON_X: u16 = 1 << 11;
pub(super) const SOURCE: u16 = 1 << 12;
/// A word describing a person before their name (`Tory`, `Striker`, `American`).
pub(super) const DESCRIPTOR: u16 = 1 << 13;
/// A source noun that names a document (`statement`, `report`).
pub(super) const DOCUMENT: u16 = 1 << 14;
const NOT_NAME: u16 = 1 << 15;

struct WordTable {
    map: FxHashMap<&'static [u8], u16>,
    /// For each first letter, a bit per word length present: a quick rejection test.
    lens: [u32; 26],
}

fn word_table() -> &'static WordTable {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: FxHashMap<&'static [u8], u16> = FxHashMap::default();
        let mut lens = [0u32; 26];
        let lists: [(Vec<&'static str>, u16); 16] = [
            (words(include_str!("words/descriptors.txt")), DESCRIPTOR),
            (words(include_str!("words/documents.txt")), DOCUMENT),
            (words(include_str!("words/not_names.txt")), NOT_NAME),
            (words(include_str!("words/source_nouns.txt")), SOURCE),
            (words(include_str!("words/speech_verbs.txt")), VERB),
            (AUX_WORDS.to_vec(), AUX),
            (DETERMINERS.to_vec(), DET),
            (PREPOSITIONS.to_vec(), PREP),
            (words(include_str!("words/stop_caps.txt")), STOP),
            (words(include_str!("words/titles.txt")), TITLE),
            (words(include_str!("words/org_words.txt")), ORG),
            (FUNCTION_WORDS.to_vec(), FUNC),
            (SUBORDINATORS.to_vec(), SUB),
            (PRONOUNS_M.to_vec(), PRON_M),
            (PRONOUNS_F.to_vec(), PRON_F),
            (PRONOUNS_OTHER.to_vec(), PRON_X),
        ];
        for (list, flag) in lists {
            for w in &list {
                let k = w.trim_end_matches('.').as_bytes();
                if let Some(&c) = k.first() {
                    if c.is_ascii_lowercase() && k.len() < 32 {
                        lens[usize::from(c - b'a')] |= 1 << k.len();
                    }
                }
                *m.entry(k).or_insert(0) |= flag;
            }
        }
        WordTable { map: m, lens }
    })
}

/// The words of a word-list file: whitespace-separated, `#` lines are comments.
fn words(list: &'static str) -> Vec<&'static str> {
    list.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
}

/// The word-list flags of `w` (case-insensitive, a trailing period ignored).
pub(super) fn word_flags(w: &str) -> u16 {
    let w = w.strip_suffix('.').unwrap_or(w);
    if w.is_empty() || w.len() > 24 || !w.is_ascii() {
        return 0;
    }
    let table = word_table();
    let first = w.as_bytes()[0].to_ascii_lowercase();
    if !first.is_ascii_lowercase() || table.lens[usize::from(first - b'a')] & (1 << w.len()) == 0 {
        return 0;
    }
    let mut buf = [0u8; 24];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    table.map.get(&lower[..]).copied().unwrap_or(0)
}

pub(super) fn has(w: &str, flag: u16) -> bool {
    word_flags(w) & flag != 0
}

pub(super) fn in_list(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

const AUX_WORDS: &[&str] = &[
    "has",
    "have",
    "had",
    "would",
    "will",
    "also",
    "later",
    "then",
    "once",
    "again",
    "did",
    "does",
    "do",
    "never",
    "often",
    "just",
    "once",
    "soon",
    "even",
    "had",
    "should",
    "could",
    "may",
    "might",
    "must",
    "later",
    "still",
    "too",
    "further",
    "recently",
    "previously",
    "was",
    "is",
    "were",
    "are",
    "then-",
    "not",
    "already",
    "simply",
    "first",
];

const PRONOUNS_M: &[&str] = &["he"];
const PRONOUNS_F: &[&str] = &["she"];
const PRONOUNS_OTHER: &[&str] = &["they", "i", "we", "it", "you"];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "another", "one", "this", "that", "our", "my",
    "some", "several", "many",
];

/// Words opening a subordinate clause or introductory phrase, which holds no subject.
const SUBORDINATORS: &[&str] = &[
    "when",
    "if",
    "as",
    "after",
    "before",
    "while",
    "although",
    "though",
    "because",
    "since",
    "asked",
    "speaking",
    "in",
    "on",
    "at",
    "during",
    "until",
    "unlike",
    "like",
    "despite",
    "responding",
    "addressing",
    "writing",
    "following",
    "once",
    "with",
    "without",
    "from",
];

/// Lower-case words that cannot end a noun phrase.
const FUNCTION_WORDS: &[&str] = &[
    "and",
    "or",
    "but",
    "who",
    "which",
    "that",
    "to",
    "be",
    "been",
    "being",
    "so",
    "if",
    "as",
    "than",
    "then",
    "not",
    "when",
    "while",
    "where",
    "what",
    "because",
    "whether",
    "how",
    "prompted",
    "asked",
    "quoted",
    "reportedly",
    "there",
    "here",
];

const PREPOSITIONS: &[&str] = &[
    "of", "to", "for", "with", "at", "by", "from", "in", "on", "about", "against", "into",
    "aboard", "over", "under", "after", "before", "toward", "towards", "between", "among", "like",
    "than", "as", "per", "via", "behind", "during", "without", "within",
];

pub(super) fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

pub(super) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix('\''))
        .or_else(|| w.strip_suffix('’'))
        .unwrap_or(w)
}

pub(super) fn is_title(w: &str) -> bool {
    has(w, TITLE)
}

/// A capitalised word that is never a speaker's name on its own: an abbreviation (`Calif.`,
/// `D.C.`, `U.S.`), a month or weekday, a party or nationality word (`Republican`, `Tory`,
/// `Dutchman`), a holiday (`Christmas`), a common noun a title capitalises (`List`,
/// `Family`), a preposition (`Between`), a pronoun or a function word (`I'm`, `However`).
/// Months, weekdays and function words are in `STOP_CAPS`; `words/not_names.txt` and
/// `words/descriptors.txt` hold the rest.
pub(super) fn not_a_name(w: &str) -> bool {
    let bare = w.trim_end_matches('.');
    bare.len() < w.len()
        || bare.contains('.')
        || bare.is_empty()
        || has(
            strip_possessive(bare),
            PRON_M | PRON_F | PRON_X | STOP | NOT_NAME | DESCRIPTOR | PREP,
        )
}

pub(super) fn is_suffix_word(w: &str) -> bool {
    in_list(w, &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"])
}

pub(super) fn is_particle(w: &str) -> bool {
    in_list(
        w,
        &[
            "de", "da", "del", "della", "van", "von", "der", "la", "le", "bin", "al", "du", "dos",
        ],
    )
}

pub(super) fn honorific_gender(w: &str) -> Option<Gender> {
    let w = w.trim_end_matches('.');
    if w.eq_ignore_ascii_case("mr")
        || w.eq_ignore_ascii_case("sir")
        || w.eq_ignore_ascii_case("king")
    {
        Some(Gender::Male)
    } else if in_list(
        w,
        &[
            "mrs",
            "ms",
            "miss",
            "lady",
            "queen",
            "chairwoman",
            "spokeswoman",
        ],
    ) {
        Some(Gender::Female)
    } else {
        None
    }
}
