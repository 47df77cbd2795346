//! Direct-quotation extraction and speaker attribution for news article bodies.
//!
//! The extractor works in one linear pass over a token stream, then a few passes over the
//! (few) quotations it found:
//!
//! 1. **Tokenize** the body once: words (with abbreviations such as `Sen.` or `U.S.` kept whole),
//!    punctuation, paragraph breaks and quotation marks (`"`, `“ ”`, `''`, ` `` `, `« »`).
//! 2. **Pair quotation marks** with a small state machine: a straight mark opens or closes by
//!    the spacing around it; a quote does not cross a paragraph break unless the next paragraph
//!    opens with a quotation mark again (the newswire convention for multi-paragraph quotes).
//! 3. **Merge** a quote interrupted by its attribution (`"A," she said. "B."`) into one.
//! 4. **Find the cue**: a speech verb next to the quote, after it (`," Trump said` /
//!    `," said Trump`) or before it (`Trump said, "` / `she added: "` / `..., saying, "`), and the
//!    subject noun phrase of that verb.
//! 5. **Filter** what is not speech: fragments that open in lower case (`called it "a disaster"`)
//!    and short or title-cased quotes without a cue (scare quotes, titles) are left out.
//! 6. **Resolve** the subject: titles are stripped, a bare surname becomes the longest full name
//!    the article gives for it, and `he`/`she` become the most recent earlier person of that
//!    gender (from honorifics, an embedded first-name list and the article's own pronouns).
//!    Organisations speak under their name (`the Pentagon said` -> `Pentagon`), and a common
//!    noun phrase headed by an organisation or document noun under that phrase
//!    (`the company said` -> `company`); a person described only by a common noun, or a quote
//!    with no cue that does not continue the previous speaker's paragraph, gets no speaker.

use crate::article::Quote;
use crate::extract::names::{first_name_gender, Gender};
use crate::offsets::CharCounter;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Find the direct quotations in an article body and attribute them to speakers.
///
/// Quotes come back in body order; offsets are character offsets into `body` and span the
/// quotation marks. A quote whose speaker cannot be recovered has an empty `speaker`.
///
/// ```
/// use dossier::extract::quotes::extract_quotes;
/// let body = "Senator Jane Roe spoke on Friday. \"We will not back down,\" Roe said.";
/// let quotes = extract_quotes(body);
/// assert_eq!(quotes.len(), 1);
/// assert_eq!(quotes[0].speaker, "Jane Roe");
/// assert_eq!(quotes[0].text, "We will not back down,");
/// ```
pub fn extract_quotes(body: &str) -> Vec<Quote> {
    if !has_quotation_mark(body) {
        return Vec::new();
    }
    Doc::new(body).extract()
}

/// Whether `body` holds any quotation mark the tokenizer knows: most wire copy has none,
/// and then there is nothing to tokenize.
fn has_quotation_mark(body: &str) -> bool {
    body.contains(['"', '“', '”', '„', '«', '»']) || body.contains("``") || body.contains("''")
}

/// The distinct non-empty speakers of `quotes`, in first-seen order.
pub fn speakers(quotes: &[Quote]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in quotes {
        if !q.speaker.is_empty() && !out.iter().any(|s| s == &q.speaker) {
            out.push(q.speaker.clone());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Word,
    Comma,
    Colon,
    Semi,
    /// Sentence-ending punctuation: `.`, `!`, `?`, `…`.
    Stop,
    Dash,
    Paren,
    /// A mark that can only open a quotation: `“`, `„`, `«`, ` `` `.
    QOpen,
    /// A mark that can only close one: `”`, `»`.
    QClose,
    /// A straight mark, `"` or `''`: direction from the spacing around it.
    QAmb,
    Newline,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: usize,
    e: usize,
    kind: Kind,
    /// Whitespace (or the start of the text) right before the token.
    sp_before: bool,
    /// Whitespace (or the end of the text) right after the token.
    sp_after: bool,
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn is_abbrev(w: &str) -> bool {
    const ABBREV: &[&str] = &[
        "mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "govs", "gen", "lt", "col",
        "sgt", "adm", "capt", "maj", "cmdr", "jr", "sr", "st", "rev", "prof", "mt", "ft", "inc",
        "corp", "co", "ltd", "bros", "vs", "no", "jan", "feb", "aug", "sept", "sep", "oct", "nov",
        "dec", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
        "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb",
        "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "supt",
        "atty",
    ];
    let single_cap = w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase();
    // "R-Ky." ends with the abbreviation after its hyphen.
    let tail = w.rsplit('-').next().unwrap_or(w);
    single_cap || w.contains('.') || ABBREV.iter().any(|a| a.eq_ignore_ascii_case(tail))
}

/// End (byte) of the word starting at `i`.
fn scan_word(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    loop {
        // ASCII fast path.
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let Some(c) = next_char(text, j) else {
            break;
        };
        if c.is_alphanumeric() {
            j += c.len_utf8();
            continue;
        }
        if matches!(c, '\'' | '’' | '-' | '.' | '&') {
            let after = j + c.len_utf8();
            if next_char(text, after).is_some_and(|d| d.is_alphanumeric()) {
                j = after;
                continue;
            }
        }
        break;
    }
    if next_char(text, j) == Some('.') && is_abbrev(&text[i..j]) {
        j += 1;
    }
    j
}

fn tokenize(text: &str, from: usize) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len().saturating_sub(from) / 5 + 4);
    let mut i = from;
    let mut prev_space = true;
    while i < b.len() {
        let c = b[i];
        let (kind, len) = if c < 0x80 {
            match c {
                b'\n' => (Kind::Newline, 1),
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    i += 1;
                    prev_space = true;
                    continue;
                }
                b'"' => (Kind::QAmb, 1),
                // Three apostrophes: a closing single mark, then a closing double one.
                b'\'' if b.get(i + 1) == Some(&b'\'') && b.get(i + 2) == Some(&b'\'') => {
                    (Kind::Other, 1)
                }
                b'\'' if b.get(i + 1) == Some(&b'\'') => (Kind::QAmb, 2),
                b'`' if b.get(i + 1) == Some(&b'`') => (Kind::QOpen, 2),
                b',' => (Kind::Comma, 1),
                b':' => (Kind::Colon, 1),
                b';' => (Kind::Semi, 1),
                b'.' | b'!' | b'?' => (Kind::Stop, 1),
                b'-' if b.get(i + 1) == Some(&b'-') => (Kind::Dash, 2),
                b'-' => (Kind::Dash, 1),
                b'(' | b')' | b'[' | b']' => (Kind::Paren, 1),
                _ if c.is_ascii_alphanumeric() => (Kind::Word, scan_word(text, i) - i),
                _ => (Kind::Other, 1),
            }
        } else {
            let Some(ch) = next_char(text, i) else {
                break;
            };
            if ch.is_whitespace() {
                i += ch.len_utf8();
                prev_space = true;
                continue;
            }
            let kind = match ch {
                '“' | '„' | '«' => Kind::QOpen,
                '”' | '»' => Kind::QClose,
                '—' | '–' | '―' => Kind::Dash,
                '…' => Kind::Stop,
                _ if ch.is_alphanumeric() => Kind::Word,
                _ => Kind::Other,
            };
            let len = if kind == Kind::Word {
                scan_word(text, i) - i
            } else {
                ch.len_utf8()
            };
            (kind, len)
        };
        let e = i + len.max(1);
        let sp_after = next_char(text, e).is_none_or(|d| d.is_whitespace());
        toks.push(Tok {
            s: i,
            e,
            kind,
            sp_before: prev_space,
            sp_after,
        });
        prev_space = kind == Kind::Newline;
        i = e;
    }
    toks
}

/// Byte length of a YAML front matter block at the very top (`---` … `---`), else 0.
fn front_matter_len(body: &str) -> usize {
    if !(body.starts_with("---\n") || body.starts_with("---\r\n")) {
        return 0;
    }
    let mut pos = body.find('\n').map_or(body.len(), |n| n + 1);
    while pos < body.len() {
        let end = body[pos..].find('\n').map_or(body.len(), |n| pos + n + 1);
        if body[pos..end].trim_end() == "---" {
            return end;
        }
        pos = end;
    }
    0
}

// ---------------------------------------------------------------------------------------------
// Word lists

const VERB: u16 = 1;
const AUX: u16 = 1 << 1;
const DET: u16 = 1 << 2;
const PREP: u16 = 1 << 3;
const STOP: u16 = 1 << 4;
const TITLE: u16 = 1 << 5;
const ORG: u16 = 1 << 6;
const FUNC: u16 = 1 << 7;
const SUB: u16 = 1 << 8;
const PRON_M: u16 = 1 << 9;
const PRON_F: u16 = 1 << 10;
const PRON_X: u16 = 1 << 11;
const SOURCE: u16 = 1 << 12;

/// FNV-1a: the word table's keys are short and trusted, so a fast hash is enough.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

struct WordTable {
    map: HashMap<&'static [u8], u16, std::hash::BuildHasherDefault<Fnv>>,
    /// For each first letter, a bit per word length present: a quick rejection test.
    lens: [u32; 26],
}

fn word_table() -> &'static WordTable {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m: HashMap<&'static [u8], u16, std::hash::BuildHasherDefault<Fnv>> =
            HashMap::default();
        let mut lens = [0u32; 26];
        let lists: [(&[&'static str], u16); 13] = [
            (SOURCE_NOUNS, SOURCE),
            (SPEECH_VERBS, VERB),
            (AUX_WORDS, AUX),
            (DETERMINERS, DET),
            (PREPOSITIONS, PREP),
            (STOP_CAPS, STOP),
            (TITLES, TITLE),
            (ORG_WORDS, ORG),
            (FUNCTION_WORDS, FUNC),
            (SUBORDINATORS, SUB),
            (PRONOUNS_M, PRON_M),
            (PRONOUNS_F, PRON_F),
            (PRONOUNS_OTHER, PRON_X),
        ];
        for (list, flag) in lists {
            for w in list {
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

/// The word-list flags of `w` (case-insensitive, a trailing period ignored).
fn flags(w: &str) -> u16 {
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

fn has(w: &str, flag: u16) -> bool {
    flags(w) & flag != 0
}

fn in_list(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

const SPEECH_VERBS: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "add",
    "adds",
    "added",
    "adding",
    "state",
    "states",
    "stated",
    "stating",
    "assert",
    "asserts",
    "asserted",
    "asserting",
    "remark",
    "remarks",
    "remarked",
    "argue",
    "argues",
    "argued",
    "arguing",
    "write",
    "writes",
    "wrote",
    "writing",
    "tweet",
    "tweets",
    "tweeted",
    "tweeting",
    "explain",
    "explains",
    "explained",
    "explaining",
    "note",
    "notes",
    "noted",
    "noting",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "warn",
    "warns",
    "warned",
    "warning",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "declare",
    "declares",
    "declared",
    "declaring",
    "announce",
    "announces",
    "announced",
    "announcing",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "acknowledging",
    "admit",
    "admits",
    "admitted",
    "admitting",
    "recall",
    "recalls",
    "recalled",
    "recalling",
    "respond",
    "responds",
    "responded",
    "responding",
    "reply",
    "replies",
    "replied",
    "replying",
    "answer",
    "answers",
    "answered",
    "ask",
    "asks",
    "asked",
    "asking",
    "quip",
    "quips",
    "quipped",
    "joke",
    "jokes",
    "joked",
    "joking",
    "shout",
    "shouts",
    "shouted",
    "shouting",
    "yell",
    "yells",
    "yelled",
    "exclaim",
    "exclaims",
    "exclaimed",
    "observe",
    "observes",
    "observed",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "complain",
    "complains",
    "complained",
    "complaining",
    "concede",
    "concedes",
    "conceded",
    "conclude",
    "concludes",
    "concluded",
    "predict",
    "predicts",
    "predicted",
    "promise",
    "promises",
    "promised",
    "pledged",
    "vow",
    "vows",
    "vowed",
    "vowing",
    "boast",
    "boasts",
    "boasted",
    "boasting",
    "charge",
    "charges",
    "charged",
    "contend",
    "contends",
    "contended",
    "maintain",
    "maintains",
    "maintained",
    "mused",
    "muses",
    "scoffed",
    "snapped",
    "thundered",
    "retorted",
    "countered",
    "counters",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasised",
    "stressed",
    "stresses",
    "posted",
    "posts",
    "reads",
    "read",
    "testified",
    "cautioned",
    "urged",
    "urges",
    "demanded",
    "confirmed",
    "confirms",
    "denied",
    "alleged",
    "lamented",
    "laughed",
    "recounted",
    "reiterated",
    "echoed",
    "agreed",
    "mocked",
    "blasted",
    "slammed",
    "texted",
    "emailed",
    "chanted",
    "cried",
    "pleaded",
    "continued",
    "continues",
    "touted",
    "whispered",
    "opined",
    "proclaimed",
    "reported",
    "reports",
    "interjected",
    "hinted",
    "grumbled",
    "chimed",
    "wondered",
    "sighed",
    "bragged",
    "griped",
    "conceding",
    "fumed",
    "remembered",
    "raged",
    "tweeting",
    "wrote",
    "recalled",
    "writes",
    "explains",
    "boomed",
    "gushed",
    "marveled",
    "marvelled",
    "conceded",
    "quipped",
    "adds",
    "quipping",
    "telling",
    "reminded",
    "assured",
    "shot",
];

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

/// Heads of common noun phrases that name an organisation or a document, which can speak.
const SOURCE_NOUNS: &[&str] = &[
    "statement",
    "statements",
    "report",
    "group",
    "company",
    "campaign",
    "newspaper",
    "paper",
    "editorial",
    "board",
    "letter",
    "email",
    "e-mail",
    "memo",
    "ad",
    "advertisement",
    "website",
    "release",
    "ministry",
    "union",
    "committee",
    "network",
    "article",
    "book",
    "piece",
    "tweet",
    "lawsuit",
    "suit",
    "filing",
    "complaint",
    "poll",
    "survey",
    "study",
    "magazine",
    "agency",
    "administration",
    "department",
    "office",
    "government",
    "organization",
    "organisation",
    "coalition",
    "council",
    "court",
    "ruling",
    "opinion",
    "document",
    "documents",
    "memoir",
    "spot",
    "video",
    "post",
    "message",
    "notice",
    "announcement",
    "transcript",
    "decision",
    "crowd",
    "audience",
    "protesters",
    "demonstrators",
    "site",
    "blog",
    "column",
    "op-ed",
    "indictment",
    "order",
    "bill",
    "law",
    "platform",
    "resolution",
    "petition",
    "sign",
    "banner",
    "caption",
    "headline",
    "foundation",
    "institute",
    "firm",
    "bank",
    "team",
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

/// Capitalised words that start sentences or name times, not people.
const STOP_CAPS: &[&str] = &[
    "the",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "if",
    "when",
    "as",
    "after",
    "before",
    "according",
    "asked",
    "speaking",
    "meanwhile",
    "however",
    "still",
    "yet",
    "so",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "his",
    "her",
    "their",
    "our",
    "my",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
    "a",
    "an",
    "while",
    "since",
    "with",
    "without",
    "for",
    "from",
    "by",
    "to",
    "of",
    "also",
    "even",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "last",
    "next",
    "not",
    "no",
    "yes",
    "though",
    "although",
    "because",
    "during",
    "until",
    "all",
    "both",
    "some",
    "many",
    "most",
    "one",
    "two",
    "instead",
    "indeed",
    "thus",
    "once",
    "again",
    "just",
    "only",
    "because",
    "well",
    "oh",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "can",
    "could",
    "should",
    "like",
    "said",
    "says",
    "told",
    "added",
    "every",
    "each",
    "any",
    "another",
    "other",
    "another",
    "earlier",
    "later",
    "unlike",
    "despite",
    "among",
    "under",
    "over",
    "into",
    "about",
    "let",
    "let's",
    "there's",
    "it's",
    "that's",
    "here's",
    "update",
    "photo",
    "view",
    "watch",
    "read",
    "related",
    "advertisement",
    "full",
    "text",
    "abstract",
    "dear",
    "thank",
    "thanks",
    "sir",
    "please",
    "god",
    "hey",
    "hi",
    "i'm",
    "i’m",
    "i've",
    "i’ve",
    "i'll",
    "i’ll",
    "i'd",
    "i’d",
    "we're",
    "we’re",
    "it’s",
    "that’s",
    "there’s",
    "here’s",
    "let’s",
    "don't",
    "don’t",
];

/// Titles and roles stripped from the front of a name.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "sen.",
    "sen",
    "senator",
    "rep.",
    "rep",
    "representative",
    "gov.",
    "gov",
    "governor",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "miss",
    "dr.",
    "dr",
    "secretary",
    "gen.",
    "general",
    "lt.",
    "col.",
    "sgt.",
    "adm.",
    "judge",
    "justice",
    "chief",
    "minister",
    "prime",
    "mayor",
    "speaker",
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "ambassador",
    "professor",
    "prof.",
    "rev.",
    "reverend",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "sheriff",
    "attorney",
    "director",
    "commissioner",
    "councilman",
    "councilwoman",
    "former",
    "candidate",
    "democratic",
    "republican",
    "gop",
    "presidential",
    "state",
    "majority",
    "minority",
    "whip",
    "deputy",
    "assistant",
    "press",
    "spokesman",
    "spokeswoman",
    "coach",
    "pastor",
    "rabbi",
    "father",
    "lord",
    "lady",
    "sir",
    "dame",
    "commander",
    "capt.",
    "captain",
    "maj.",
    "major",
    "officer",
    "agent",
    "detective",
    "sergeant",
    "lieutenant",
    "colonel",
    "admiral",
    "first",
    "sens.",
    "reps.",
    "govs.",
    "u.s.",
    "dhs",
    "homeland",
    "security",
    "defense",
    "foreign",
    "national",
    "house",
    "senate",
    "campaign",
    "manager",
    "strategist",
    "adviser",
    "advisor",
    "analyst",
    "host",
    "anchor",
    "correspondent",
    "editor",
    "founder",
    "ceo",
    "executive",
    "cmdr.",
    "supt.",
    "top",
    "chancellor",
    "premier",
    "president-elect",
    "envoy",
    "ceo",
    "white",
    "attorney-general",
    "lt",
    "col",
    "sgt",
    "adm",
    "gen",
    "prof",
    "rev",
];

/// Words that make a capitalised phrase an organisation, not a person.
const ORG_WORDS: &[&str] = &[
    "department",
    "committee",
    "party",
    "association",
    "news",
    "times",
    "post",
    "journal",
    "network",
    "council",
    "agency",
    "commission",
    "university",
    "institute",
    "foundation",
    "center",
    "centre",
    "pentagon",
    "house",
    "congress",
    "senate",
    "court",
    "office",
    "inc.",
    "corp.",
    "company",
    "group",
    "club",
    "union",
    "bureau",
    "service",
    "administration",
    "ministry",
    "government",
    "press",
    "reuters",
    "cnn",
    "fox",
    "nbc",
    "abc",
    "cbs",
    "msnbc",
    "ap",
    "fbi",
    "cia",
    "pac",
    "fund",
    "coalition",
    "project",
    "alliance",
    "board",
    "command",
    "army",
    "navy",
    "force",
    "forces",
    "police",
    "magazine",
    "tribune",
    "herald",
    "review",
    "daily",
    "media",
    "organization",
    "federation",
    "caucus",
    "league",
    "street",
    "bank",
    "campaign",
    "corporation",
    "school",
    "church",
    "state",
    "states",
    "republicans",
    "democrats",
    "gop",
    "rnc",
    "dnc",
    "kremlin",
    "nations",
    "watch",
    "poll",
    "report",
];

fn pick(cands: Vec<&Entity>) -> Option<&Entity> {
    cands.into_iter().max_by_key(|e| {
        (
            first_name_gender(&e.words[0]).is_some(),
            e.count,
            e.words.len(),
            e.words.iter().map(|w| w.len()).sum::<usize>(),
        )
    })
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix('\''))
        .or_else(|| w.strip_suffix('’'))
        .unwrap_or(w)
}

fn is_title(w: &str) -> bool {
    has(w, TITLE)
}

fn is_suffix_word(w: &str) -> bool {
    in_list(w, &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"])
}

fn is_particle(w: &str) -> bool {
    in_list(
        w,
        &[
            "de", "da", "del", "della", "van", "von", "der", "la", "le", "bin", "al", "du", "dos",
        ],
    )
}

fn honorific_gender(w: &str) -> Option<Gender> {
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

// ---------------------------------------------------------------------------------------------
// Noun phrases

/// The subject of a speech verb.
#[derive(Clone, Debug, PartialEq)]
enum Np {
    /// `he`, `she` (with gender) or another pronoun (`they`, `I`, `we`: no gender).
    Pron(Option<Gender>),
    /// A capitalised name, titles stripped; `org` when it looks like an organisation.
    Name {
        words: Vec<String>,
        hon: Option<Gender>,
        org: bool,
    },
    /// A common noun phrase (`the spokesman`): no recoverable name.
    Nominal,
    /// A common noun phrase naming an organisation or a document (`the company`,
    /// `the statement`): it is the source, written without its determiner.
    Source(String),
}

/// A cue: the subject found and the token where it sits (for pronoun resolution).
#[derive(Clone, Debug)]
struct Cue {
    np: Np,
    pos: usize,
}

/// Turn a capitalised run (already split from its context) into a name: titles stripped,
/// possessive removed; the honorific gender, if any.
fn clean_name(raw: &[&str]) -> (Vec<String>, Option<Gender>, bool) {
    let mut hon = None;
    let mut org = false;
    for w in raw {
        if hon.is_none() {
            hon = honorific_gender(w);
        }
        if has(strip_possessive(w), ORG) {
            org = true;
        }
    }
    // Start at a known first name when there is one before the last word
    // ("Mexican President Claudia Sheinbaum" -> "Claudia Sheinbaum").
    let mut start = 0;
    if let Some(t) = raw.iter().rposition(|w| is_title(w)) {
        if t + 1 < raw.len() {
            start = t + 1;
        }
    }
    while start + 1 < raw.len() && (is_title(raw[start]) || has(raw[start], STOP)) {
        start += 1;
    }
    let mut words: Vec<String> = raw[start.min(raw.len())..]
        .iter()
        .map(|w| strip_possessive(w).to_string())
        .collect();
    // A possessive ends the name ("Trump's campaign").
    if let Some(p) = raw[start.min(raw.len())..]
        .iter()
        .position(|w| strip_possessive(w).len() != w.len())
    {
        words.truncate(p + 1);
    }
    if words.is_empty() {
        org = false;
    }
    (words, hon, org)
}

// ---------------------------------------------------------------------------------------------
// The document

/// A quotation being paired: its opening token, the start byte of the current part and the
/// finished parts.
type OpenQuote = (usize, usize, Vec<(usize, usize)>);

struct Raw {
    /// Token index of the opening mark of the first part.
    open: usize,
    /// Token index of the closing mark of the last part.
    close: usize,
    /// Byte ranges of the quoted text (one per paragraph or interrupted part).
    parts: Vec<(usize, usize)>,
    /// Number of words quoted.
    words: usize,
    /// The cue found between two merged parts, if any.
    inner_cue: Option<Cue>,
}

#[derive(Default, Clone)]
struct Entity {
    words: Vec<String>,
    count: u32,
    male: i32,
    female: i32,
}

impl Entity {
    fn gender(&self) -> Option<Gender> {
        match self.male.cmp(&self.female) {
            std::cmp::Ordering::Greater => Some(Gender::Male),
            std::cmp::Ordering::Less => Some(Gender::Female),
            std::cmp::Ordering::Equal => None,
        }
    }
}

struct Doc<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// For each token: is it inside a quotation (marks included)?
    quoted: Vec<bool>,
    /// Full names (two words or more), keyed by the joined words.
    entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
    /// Single-word names: honorific gender votes (`Mr. Sanders`).
    single: HashMap<String, (i32, i32)>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        let from = front_matter_len(text);
        let toks = tokenize(text, from);
        let quoted = vec![false; toks.len()];
        Doc {
            text,
            toks,
            quoted,
            entities: Vec::new(),
            by_key: HashMap::new(),
            single: HashMap::new(),
        }
    }

    fn w(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) if t.kind == Kind::Word => &self.text[t.s..t.e],
            _ => "",
        }
    }

    fn kind(&self, i: usize) -> Kind {
        self.toks.get(i).map_or(Kind::Other, |t| t.kind)
    }

    fn is_verb(&self, i: usize) -> bool {
        self.kind(i) == Kind::Word
            && (has(self.w(i), VERB)
                || (self.w(i).eq_ignore_ascii_case("put")
                    && self.w(i + 1).eq_ignore_ascii_case("it")))
    }

    fn is_aux(&self, i: usize) -> bool {
        let w = self.w(i);
        !w.is_empty()
            && !is_cap(w)
            && (has(w, AUX) || (w.len() > 4 && w.ends_with("ly") && !in_list(w, &["only"])))
    }

    fn is_pron(&self, i: usize) -> Option<Np> {
        let w = self.w(i);
        if has(w, PRON_M) {
            Some(Np::Pron(Some(Gender::Male)))
        } else if has(w, PRON_F) {
            Some(Np::Pron(Some(Gender::Female)))
        } else if has(w, PRON_X) {
            Some(Np::Pron(None))
        } else {
            None
        }
    }

    fn is_name_word(&self, i: usize) -> bool {
        let w = self.w(i);
        is_cap(w) && !has(w, STOP)
    }

    // ---- quotation marks -------------------------------------------------------------------

    fn pair_quotes(&self) -> Vec<Raw> {
        let toks = &self.toks;
        let n = toks.len();
        let mut raws = Vec::new();
        // (open token, start byte of the current part, finished parts)
        let mut cur: Option<OpenQuote> = None;
        let mut i = 0;
        while i < n {
            let t = toks[i];
            match cur.take() {
                None => {
                    let opens = match t.kind {
                        Kind::QOpen => true,
                        Kind::QAmb => !t.sp_after,
                        Kind::QClose => t.sp_before && !t.sp_after,
                        _ => false,
                    };
                    if opens {
                        cur = Some((i, t.e, Vec::new()));
                    }
                }
                Some((open, inner, mut parts)) => match t.kind {
                    Kind::QClose | Kind::QAmb => {
                        parts.push((inner, t.s));
                        raws.push(self.make_raw(open, i, parts));
                    }
                    Kind::QOpen => {
                        if !t.sp_before && t.sp_after {
                            parts.push((inner, t.s));
                            raws.push(self.make_raw(open, i, parts));
                        } else {
                            cur = Some((i, t.e, Vec::new()));
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
                            parts.push((inner, t.s));
                            cur = Some((open, toks[j].e, parts));
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

    fn make_raw(&self, open: usize, close: usize, parts: Vec<(usize, usize)>) -> Raw {
        let words = self.toks[open..close]
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .count();
        Raw {
            open,
            close,
            parts,
            words,
            inner_cue: None,
        }
    }

    /// Last non-space character of a raw quote's text.
    fn last_char(&self, r: &Raw) -> Option<char> {
        r.parts
            .last()
            .and_then(|&(s, e)| self.text[s..e].trim_end().chars().last())
    }

    fn first_char(&self, r: &Raw) -> Option<char> {
        r.parts
            .first()
            .and_then(|&(s, e)| self.text[s..e].trim_start().chars().next())
    }

    /// End of the clause after token `from`: the next paragraph break, sentence end or quotation
    /// mark, at most `max` tokens on.
    fn clause_end(&self, from: usize, max: usize) -> usize {
        let mut i = from;
        let lim = (from + max).min(self.toks.len());
        while i < lim {
            match self.toks[i].kind {
                Kind::Newline | Kind::QOpen | Kind::QAmb | Kind::QClose | Kind::Stop => break,
                _ => i += 1,
            }
        }
        i
    }

    // ---- noun phrases ----------------------------------------------------------------------

    /// A capitalised run starting at `i` (forward), stopping before `hi`.
    fn cap_run_fwd(&self, i: usize, hi: usize) -> usize {
        let mut j = i;
        while j < hi {
            if self.kind(j) != Kind::Word {
                break;
            }
            let w = self.w(j);
            if is_cap(w) || (is_particle(w) && j + 1 < hi && is_cap(self.w(j + 1))) {
                j += 1;
                // A possessive ends the run.
                if strip_possessive(w).len() != w.len() {
                    break;
                }
            } else {
                break;
            }
        }
        j
    }

    fn name_np(&self, a: usize, b: usize) -> Option<Np> {
        let mut raw: Vec<&str> = (a..b).map(|k| self.w(k)).collect();
        // Split at the last stop word: "In February Trump" -> "Trump".
        if let Some(p) = raw.iter().rposition(|w| has(w, STOP)) {
            raw.drain(..=p);
        }
        // A run of several all-capital words is a heading, not a name.
        let shouting = |w: &&str| w.len() > 1 && !w.chars().any(|c| c.is_lowercase());
        if raw.len() >= 2 && raw.iter().all(shouting) {
            return None;
        }
        let the = a > 0 && in_list(self.w(a - 1), &["the"]);
        let org_word = raw.iter().any(|w| has(strip_possessive(w), ORG));
        if the || org_word {
            // An organisation: keep its words as written ("the White House", "State Department").
            let mut words: Vec<String> = Vec::new();
            for w in &raw {
                words.push(strip_possessive(w).to_string());
                if strip_possessive(w).len() != w.len() {
                    break;
                }
            }
            if words.is_empty() {
                return None;
            }
            return Some(Np::Name {
                words,
                hon: None,
                org: true,
            });
        }
        let (words, hon, org) = clean_name(&raw);
        if words.is_empty() {
            return None;
        }
        // A lone capitalised word opening a sentence ("Likewise", "Candidates") is a name only
        // if the article never writes it in lower case.
        if words.len() == 1
            && hon.is_none()
            && self.sentence_initial(a)
            && self.used_lowercase(&words[0])
        {
            return None;
        }
        Some(Np::Name { words, hon, org })
    }

    fn sentence_initial(&self, a: usize) -> bool {
        a == 0
            || matches!(
                self.kind(a - 1),
                Kind::Stop
                    | Kind::Newline
                    | Kind::Colon
                    | Kind::QOpen
                    | Kind::QClose
                    | Kind::QAmb
                    | Kind::Dash
            )
    }

    /// Does the article use `w` as an ordinary lower-case word somewhere?
    fn used_lowercase(&self, w: &str) -> bool {
        if !w.is_ascii() || w.len() < 2 {
            return false;
        }
        let lower = w.to_ascii_lowercase();
        let b = self.text.as_bytes();
        self.text.match_indices(lower.as_str()).any(|(p, m)| {
            let before = p == 0 || !b[p - 1].is_ascii_alphanumeric();
            let after = b
                .get(p + m.len())
                .is_none_or(|c| !c.is_ascii_alphanumeric());
            before && after
        })
    }

    /// Parse a noun phrase forward from `i`; returns it and the token after it.
    fn np_fwd(&self, i: usize, hi: usize) -> Option<(Np, usize)> {
        if i >= hi || self.kind(i) != Kind::Word {
            return None;
        }
        if let Some(p) = self.is_pron(i) {
            return Some((p, i + 1));
        }
        let w = self.w(i);
        let det = has(w, DET);
        if !det && is_cap(w) {
            let e = self.cap_run_fwd(i, hi);
            // "Rubio spokesman Alex Conant": a name used as a modifier, then the name.
            let mut k = e;
            while k < hi && k < e + 3 && self.kind(k) == Kind::Word && !is_cap(self.w(k)) {
                let wk = self.w(k);
                if self.is_verb(k) || has(wk, FUNC) || has(wk, PREP) {
                    break;
                }
                k += 1;
            }
            if k > e && self.is_name_word(k) {
                let e2 = self.cap_run_fwd(k, hi);
                if let Some(np) = self.name_np(k, e2) {
                    return Some((np, self.skip_paren(e2, hi)));
                }
            }
            if let Some(np) = self.name_np(i, e) {
                return Some((np, self.skip_paren(e, hi)));
            }
        }
        // A common noun phrase, perhaps with a name inside ("former Obama adviser David
        // Axelrod", "the Trump campaign") or in apposition ("a spokesman, Jane Roe,").
        let mut j = i + usize::from(det);
        let mut run: Option<(usize, usize)> = None;
        let mut head = None;
        while j < hi && j < i + 9 && self.kind(j) == Kind::Word && !self.is_verb(j) {
            let wj = self.w(j);
            if has(wj, PREP) || in_list(wj, &["who", "which", "that", "and"]) {
                break;
            }
            if is_cap(wj) && !has(wj, STOP) {
                let e = self.cap_run_fwd(j, hi).max(j + 1);
                run = Some((j, e));
                head = None;
                j = e;
                continue;
            }
            if run.is_some() {
                head = Some(j);
            }
            j += 1;
        }
        if let Some((a, b)) = run {
            if let Some(Np::Name {
                mut words,
                hon,
                org,
            }) = self.name_np(a, b)
            {
                let org = org || head.is_some() || (a == i + 1 && w.eq_ignore_ascii_case("the"));
                if let Some(h) = head {
                    words.push(self.w(h).to_string());
                }
                return Some((Np::Name { words, hon, org }, self.skip_paren(j, hi)));
            }
        }
        if j == i {
            return None;
        }
        // Apposition: "a spokesman, Jane Roe, said" / "said a spokesman, Jane Roe."
        if self.kind(j) == Kind::Comma && self.is_name_word(j + 1) {
            let e = self.cap_run_fwd(j + 1, hi);
            if matches!(self.kind(e), Kind::Comma | Kind::Stop) || e >= hi || self.is_verb(e) {
                if let Some(np @ Np::Name { .. }) = self.name_np(j + 1, e) {
                    return Some((np, e));
                }
            }
        }
        Some((self.nominal(i, j), j))
    }

    /// A common noun phrase over tokens `a..b`: a source when its head is an organisation or
    /// document noun, else an anonymous nominal.
    fn nominal(&self, a: usize, b: usize) -> Np {
        if b == 0 || b <= a || !has(self.w(b - 1), SOURCE) {
            return Np::Nominal;
        }
        let a = a + usize::from(has(self.w(a), DET));
        let words: Vec<&str> = (a..b)
            .map(|k| self.w(k))
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Np::Nominal;
        }
        Np::Source(words.join(" "))
    }

    /// Skip a short parenthetical at `j` ("(R-Ohio)").
    fn skip_paren(&self, j: usize, hi: usize) -> usize {
        if j < hi
            && self.kind(j) == Kind::Paren
            && self.toks[j].s < self.text.len()
            && self.text.as_bytes()[self.toks[j].s] == b'('
        {
            let mut k = j + 1;
            while k < hi && k < j + 8 {
                if self.kind(k) == Kind::Paren {
                    return k + 1;
                }
                k += 1;
            }
        }
        j
    }

    /// Skip back over a short parenthetical ending at `j` (exclusive): returns the new end.
    fn skip_paren_back(&self, j: usize, lo: usize) -> usize {
        if j > lo
            && self.kind(j - 1) == Kind::Paren
            && self.text.as_bytes().get(self.toks[j - 1].s) == Some(&b')')
        {
            let mut k = j - 1;
            while k > lo && j - k < 8 {
                k -= 1;
                if self.kind(k) == Kind::Paren {
                    return k;
                }
            }
        }
        j
    }

    /// Parse a noun phrase that ends at token `j` (inclusive), not before `lo`.
    fn np_back(&self, j: usize, lo: usize) -> Option<(Np, usize)> {
        if j < lo || self.kind(j) != Kind::Word {
            return None;
        }
        if let Some(p) = self.is_pron(j) {
            return Some((p, j));
        }
        let w = self.w(j);
        if is_cap(w) {
            let mut a = j;
            while a > lo {
                let p = self.w(a - 1);
                if self.kind(a - 1) != Kind::Word {
                    break;
                }
                let name_like = is_cap(p) && strip_possessive(p).len() == p.len();
                let particle = is_particle(p) && a - 1 > lo && is_cap(self.w(a - 2));
                if name_like || particle {
                    a -= 1;
                } else {
                    break;
                }
            }
            let np = self.name_np(a, j + 1)?;
            return Some((np, a));
        }
        // Lower-case head: walk back to a determiner.
        let mut a = j;
        let mut caps = Vec::new();
        while a > lo && j - a < 5 {
            let p = self.w(a - 1);
            if p.is_empty() || self.is_verb(a - 1) || has(p, PREP) {
                break;
            }
            a -= 1;
            if has(p, DET) {
                break;
            }
            if is_cap(p) {
                caps.push(a);
            }
        }
        if self.is_aux(j) || has(w, FUNC) || has(w, PREP) {
            return None;
        }
        if a > lo && has(self.w(a - 1), PREP) {
            // "a man in the crowd": the phrase is inside a prepositional phrase.
            return Some((Np::Nominal, a));
        }
        if !caps.is_empty() {
            // "the Trump campaign", "a White House official": the name plus its head noun.
            caps.sort_unstable();
            let (c0, c1) = (caps[0], caps[caps.len() - 1] + 1);
            if let Some(Np::Name { mut words, hon, .. }) = self.name_np(c0, c1) {
                words.push(w.to_string());
                return Some((
                    Np::Name {
                        words,
                        hon,
                        org: true,
                    },
                    a,
                ));
            }
        }
        Some((self.nominal(a, j + 1), a))
    }

    // ---- cues ------------------------------------------------------------------------------

    /// A cue in the tokens right after a quotation: `, he said` / `, said Trump` /
    /// `, Jane Roe, a spokeswoman, said` / `, according to X`.
    fn cue_after(&self, from: usize, hi: usize) -> Option<Cue> {
        // `" ― Jane Roe`: a byline-style attribution after a dash.
        if self.kind(from) == Kind::Dash {
            if let Some((np @ Np::Name { .. }, j)) = self.np_fwd(from + 1, hi) {
                if j >= hi || matches!(self.kind(j), Kind::Stop | Kind::Comma | Kind::Newline) {
                    return Some(Cue { np, pos: from + 1 });
                }
            }
        }
        let mut i = from;
        while i < hi && matches!(self.kind(i), Kind::Comma | Kind::Dash) {
            i += 1;
        }
        if i >= hi {
            return None;
        }
        if self.w(i).eq_ignore_ascii_case("according") && self.w(i + 1).eq_ignore_ascii_case("to") {
            let (np, _) = self.np_fwd(i + 2, hi)?;
            return Some(Cue { np, pos: i + 2 });
        }
        if self.is_verb(i) {
            let mut j = i + 1;
            while j < hi && self.is_aux(j) {
                j += 1;
            }
            let (np, _) = self.np_fwd(j, hi)?;
            return Some(Cue { np, pos: j });
        }
        // The first speech verb of the clause; its subject is the first noun phrase when an
        // apposition sits between them ("Jane Roe, a spokeswoman, said"), else the phrase right
        // before it ("CBS anchor Jane Roe said").
        let lim = hi.min(i + 26);
        let v = (i + 1..lim).find(|&k| self.is_verb(k))?;
        let mut k = v;
        let mut steps = 0;
        while k > i && self.is_aux(k - 1) && steps < 3 {
            k -= 1;
            steps += 1;
        }
        k = self.skip_paren_back(k, i);
        if k == i {
            return None;
        }
        if self.kind(k - 1) == Kind::Comma || self.toks[i..k].iter().any(|t| t.kind == Kind::Comma)
        {
            if let Some((np, j)) = self.np_fwd(i, hi) {
                if self.kind(j) == Kind::Comma || j == k {
                    return Some(Cue { np, pos: i });
                }
            }
            // "Sanders's campaign manager, Jeff Weaver, said": the name right before the verb.
            if self.kind(k - 1) == Kind::Comma && k >= i + 2 {
                if let Some((np @ Np::Name { .. }, a)) = self.np_back(k - 2, i) {
                    if a > i && self.kind(a - 1) == Kind::Comma {
                        return Some(Cue { np, pos: a });
                    }
                }
            }
            // `"...," that X, said Jane Roe`: the subject follows the verb.
            if self.kind(v - 1) == Kind::Comma {
                if let Some((np @ Np::Name { .. }, _)) = self.np_fwd(v + 1, hi) {
                    return Some(Cue { np, pos: v + 1 });
                }
            }
            return None;
        }
        if v - i > 9 || self.toks[i..k].iter().any(|t| t.kind != Kind::Word) {
            return None;
        }
        let (np, a) = self.np_back(k - 1, i)?;
        Some(Cue { np, pos: a })
    }

    /// A cue in the clause before a quotation: `Trump said, "` / `she added: "` /
    /// `..., he lashed out, saying "`. `gap` receives the number of tokens between the verb
    /// and the opening mark.
    fn cue_before(&self, lo: usize, open: usize) -> Option<(Cue, usize)> {
        if open == 0 || open <= lo {
            return None;
        }
        let start = open.saturating_sub(14).max(lo);
        let Some(v) = (start..open).rev().find(|&k| self.is_verb(k)) else {
            // "According to the Daily Caller, "...""
            if let Some(a) = (lo..open).find(|&k| {
                self.w(k).eq_ignore_ascii_case("according")
                    && self.w(k + 1).eq_ignore_ascii_case("to")
            }) {
                if let Some((np @ (Np::Name { .. } | Np::Source(_)), _)) = self.np_fwd(a + 2, open)
                {
                    return Some((Cue { np, pos: a + 2 }, 0));
                }
            }
            return self.cue_colon(lo, open).map(|c| (c, 0));
        };
        let gap = open - v - 1;
        let mut v = v;
        let mut participle = self.w(v).ends_with("ing");
        // "Nefzi said, adding, ...": the subject of the finite verb.
        if participle && v >= lo + 2 && self.kind(v - 1) == Kind::Comma && self.is_verb(v - 2) {
            v -= 2;
            participle = self.w(v).ends_with("ing");
        }
        let mut j = v;
        while j > lo && self.is_aux(j - 1) {
            j -= 1;
        }
        j = self.skip_paren_back(j, lo);
        // "Stated Stone:" / "Said Trump:".
        if j == lo && !participle {
            if let Some((np, _)) = self.np_fwd(v + 1, open) {
                if np != Np::Nominal {
                    return Some((Cue { np, pos: v + 1 }, 0));
                }
            }
        }
        // "according to X, she said" / "Trump said" / "Jane Roe, a spokeswoman, said"
        if !participle && j > lo {
            let prev = j - 1;
            if self.kind(prev) == Kind::Comma {
                // apposition
                let mut k = prev;
                while k > lo && prev - k < 14 && self.kind(k - 1) != Kind::Comma {
                    k -= 1;
                }
                if k > lo && self.kind(k - 1) == Kind::Comma {
                    if let Some((np, a)) = self.np_back(k - 2, lo) {
                        if np != Np::Nominal {
                            return Some((Cue { np, pos: a }, gap));
                        }
                    }
                }
            } else if let Some((np, a)) = self.np_back(prev, lo) {
                if !(a > lo && has(self.w(a - 1), PREP)) {
                    return Some((Cue { np, pos: a }, gap));
                }
            }
        }
        // Participle or coordination: the subject of the clause, its first name or pronoun that
        // is not inside a prepositional phrase or after a determiner ("Speaking aboard Air
        // Force One, he lashed out, saying").
        let mut t = lo;
        if has(self.w(lo), SUB) {
            if let Some(c) = (lo..j).find(|&k| self.kind(k) == Kind::Comma) {
                t = c + 1;
            }
        }
        while t < j {
            let prev = if t > lo { self.w(t - 1) } else { "" };
            let governed = has(prev, PREP) || has(prev, DET);
            if let Some(np) = self.is_pron(t) {
                if !governed {
                    return Some((Cue { np, pos: t }, gap));
                }
            } else if self.is_name_word(t) {
                let e = self.cap_run_fwd(t, j).max(t + 1);
                if !governed {
                    if let Some(np) = self.name_np(t, e) {
                        return Some((Cue { np, pos: t }, gap));
                    }
                }
                t = e;
                continue;
            }
            t += 1;
        }
        None
    }

    /// `Clinton: "..."` or `Clinton has since apologized: "..."`: the subject of a sentence
    /// that introduces the quote with a colon.
    fn cue_colon(&self, lo: usize, open: usize) -> Option<Cue> {
        let mut c = open;
        while c > lo && self.kind(c - 1) == Kind::Newline {
            c -= 1;
        }
        if c == lo || self.kind(c - 1) != Kind::Colon {
            return None;
        }
        let mut i = lo;
        if has(self.w(lo), SUB) {
            if let Some(k) = (lo..c).find(|&k| self.kind(k) == Kind::Comma) {
                i = k + 1;
            }
        }
        while i < c && matches!(self.kind(i), Kind::Dash | Kind::Other) {
            i += 1;
        }
        // "Pollsters agree - Jane Roe: "...""
        if c >= lo + 3 {
            if let Some((np @ Np::Name { .. }, a)) = self.np_back(c - 2, lo) {
                if a > lo && self.kind(a - 1) == Kind::Dash {
                    return Some(Cue { np, pos: a });
                }
            }
        }
        let (np, j) = self.np_fwd(i, c - 1)?;
        let possessive = j > i && strip_possessive(self.w(j - 1)).len() != self.w(j - 1).len();
        match np {
            Np::Name { .. } | Np::Pron(Some(_)) if !possessive => Some(Cue { np, pos: i }),
            _ => None,
        }
    }

    /// Start of the window before token `open` in which a cue may sit.
    fn window_start(&self, open: usize, prev_close: Option<usize>) -> usize {
        let mut lo = open;
        let floor = prev_close.map_or(0, |c| c + 1);
        // A paragraph ending with a colon introduces the quote that opens the next one.
        let mut k = open;
        while k > floor && self.kind(k - 1) == Kind::Newline {
            k -= 1;
        }
        if k < open && k > floor && self.kind(k - 1) == Kind::Colon {
            lo = k - 1;
        }
        let open = lo;
        while lo > floor && open - lo < 30 {
            match self.toks[lo - 1].kind {
                Kind::Newline | Kind::Stop | Kind::QClose | Kind::QAmb | Kind::QOpen => break,
                _ => lo -= 1,
            }
        }
        lo
    }

    // ---- entities --------------------------------------------------------------------------

    fn entity_add(&mut self, words: &[String], gender: Option<Gender>, weight: i32) -> usize {
        let key = words.join(" ");
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.entities.len();
                self.entities.push(Entity {
                    words: words.to_vec(),
                    ..Entity::default()
                });
                self.by_key.insert(key, id);
                id
            }
        };
        let e = &mut self.entities[id];
        e.count += 1;
        match gender {
            Some(Gender::Male) => e.male += weight,
            Some(Gender::Female) => e.female += weight,
            None => {}
        }
        id
    }

    /// Collect person names from the capitalised runs outside quotations.
    fn collect_entities(&mut self) -> Vec<(usize, Vec<String>, Option<Gender>)> {
        let mut mentions = Vec::new();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if self.quoted[i] || !self.is_name_word(i) {
                i += 1;
                continue;
            }
            // Include titles before the run (they are capitalised too).
            let e = self.cap_run_fwd(i, n);
            let e = e.max(i + 1);
            let mut raw: Vec<&str> = (i..e).map(|k| self.w(k)).collect();
            if let Some(p) = raw.iter().rposition(|w| has(w, STOP)) {
                raw.drain(..=p);
            }
            let titled = raw.iter().any(|w| is_title(w));
            let (words, hon, org) = clean_name(&raw);
            let gender_first = words.first().and_then(|w| first_name_gender(w));
            if !words.is_empty() && !org {
                let multi = words.len() >= 2 && words.len() <= 4;
                if multi && (gender_first.is_some() || titled) {
                    let g = hon.or(gender_first);
                    self.entity_add(&words, g, 3);
                    mentions.push((i, words, g));
                } else if words.len() == 1 {
                    let v = self.single.entry(words[0].clone()).or_insert((0, 0));
                    match hon {
                        Some(Gender::Male) => v.0 += 3,
                        Some(Gender::Female) => v.1 += 3,
                        None => {}
                    }
                    mentions.push((i, words, hon));
                }
            }
            i = e;
        }
        mentions
    }

    /// Pronoun votes: a name followed in its sentence by he/his/him or she/her.
    fn pronoun_votes(&mut self, mentions: &[(usize, Vec<String>, Option<Gender>)]) {
        for (m, (pos, words, _)) in mentions.iter().enumerate() {
            let mut p = *pos;
            if p > 0 && self.w(p - 1).eq_ignore_ascii_case("the") {
                p -= 1;
            }
            if p > 0 && has(self.w(p - 1), PREP) {
                continue;
            }
            let next = mentions.get(m + 1).map_or(usize::MAX, |x| x.0);
            let mut k = pos + words.len();
            let lim = (pos + 25).min(self.toks.len()).min(next);
            let mut vote = None;
            while k < lim {
                if self.toks[k].kind == Kind::Stop || self.toks[k].kind == Kind::Newline {
                    break;
                }
                if !self.quoted[k] {
                    let w = self.w(k);
                    if in_list(w, &["he", "his", "him", "himself"]) {
                        vote = Some(Gender::Male);
                        break;
                    }
                    if in_list(w, &["she", "her", "hers", "herself"]) {
                        vote = Some(Gender::Female);
                        break;
                    }
                }
                k += 1;
            }
            let Some(g) = vote else { continue };
            let (dm, df) = if g == Gender::Male { (1, 0) } else { (0, 1) };
            if words.len() >= 2 {
                if let Some(&id) = self.by_key.get(&words.join(" ")) {
                    self.entities[id].male += dm;
                    self.entities[id].female += df;
                }
            } else if let Some(v) = self.single.get_mut(&words[0]) {
                v.0 += dm;
                v.1 += df;
            }
        }
    }

    /// The canonical full name for a person name as written.
    fn canonical(&self, words: &[String], hon: Option<Gender>) -> (String, Option<Gender>) {
        let compatible = |e: &Entity| match (hon, e.gender()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let surname = |e: &Entity| -> String {
            let mut k = e.words.len();
            while k > 1 && is_suffix_word(&e.words[k - 1]) {
                k -= 1;
            }
            e.words[k - 1].clone()
        };
        if words.len() >= 2 {
            let first = &words[0];
            let last = &words[words.len() - 1];
            let cands: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| {
                    e.words.len() >= words.len()
                        && &e.words[0] == first
                        && e.words.last() == Some(last)
                })
                .collect();
            let longest = cands.into_iter().max_by_key(|e| e.words.join(" ").len());
            return match longest {
                Some(e) => (e.words.join(" "), hon.or(e.gender())),
                None => (words.join(" "), hon.or(first_name_gender(first))),
            };
        }
        let Some(w) = words.first() else {
            return (String::new(), None);
        };
        let by_last: Vec<&Entity> = self
            .entities
            .iter()
            .filter(|e| &surname(e) == w && compatible(e))
            .collect();
        if let Some(e) = pick(by_last) {
            // Prefer the longest way the article writes that person's full name.
            let best = self
                .entities
                .iter()
                .filter(|x| x.words.first() == e.words.first() && surname(x) == *w)
                .max_by_key(|x| x.words.join(" ").len())
                .unwrap_or(e);
            return (best.words.join(" "), hon.or(e.gender()));
        }
        if first_name_gender(w).is_some() {
            let by_first: Vec<&Entity> = self
                .entities
                .iter()
                .filter(|e| &e.words[0] == w && compatible(e))
                .collect();
            if let Some(e) = pick(by_first) {
                return (e.words.join(" "), hon.or(e.gender()));
            }
        }
        let g = hon.or_else(|| {
            self.single.get(w).and_then(|&(m, f)| match m.cmp(&f) {
                std::cmp::Ordering::Greater => Some(Gender::Male),
                std::cmp::Ordering::Less => Some(Gender::Female),
                std::cmp::Ordering::Equal => None,
            })
        });
        (w.clone(), g)
    }

    // ---- the pipeline ----------------------------------------------------------------------

    fn extract(mut self) -> Vec<Quote> {
        let raws = self.pair_quotes();
        if raws.is_empty() {
            return Vec::new();
        }
        for r in &raws {
            for q in &mut self.quoted[r.open..=r.close] {
                *q = true;
            }
        }
        let raws = self.merge(raws);

        // Cues and filtering.
        struct Found {
            raw: Raw,
            cue: Option<Cue>,
        }
        let mut found: Vec<Found> = Vec::new();
        let mut prev_close: Option<usize> = None;
        for r in raws {
            let after_hi = self.clause_end(r.close + 1, 26);
            let after = r.inner_cue.clone().or_else(|| {
                let c = self.cue_after(r.close + 1, after_hi)?;
                // After a quote that ends a sentence, the next sentence is not its cue unless it
                // is short ("Trump said.").
                if self.last_char(&r) == Some('.') && after_hi - (r.close + 1) > 7 {
                    return None;
                }
                Some(c)
            });
            let lo = self.window_start(r.open, prev_close);
            let before = self.cue_before(lo, r.open);
            prev_close = Some(r.close);
            let ends_open = matches!(self.last_char(&r), Some(',' | '?' | '!' | '—' | '-'));
            let cue = match (after, before) {
                (Some(a), Some((b, gap))) => {
                    if ends_open || gap > 2 {
                        Some(a)
                    } else {
                        Some(b)
                    }
                }
                (Some(a), None) => Some(a),
                (None, Some((b, gap))) => {
                    if gap > 3 && r.words < 5 {
                        None
                    } else {
                        Some(b)
                    }
                }
                (None, None) => None,
            };
            // A quotation that opens in lower case is a fragment woven into the reporter's own
            // sentence ("said he was \"not ready\""), not a direct quotation.
            let first = self.first_char(&r);
            if first.is_some_and(|c| c.is_lowercase()) {
                continue;
            }
            let keep = match &cue {
                Some(_) => r.words >= 1,
                None => {
                    let upper = self.first_char(&r).is_some_and(|c| c.is_uppercase());
                    r.words >= 6 && upper && !self.title_like(&r)
                }
            };
            if keep {
                found.push(Found { raw: r, cue });
            }
        }

        // Entities, then speakers.
        let mentions = self.collect_entities();
        for f in &found {
            if let Some(Cue {
                np:
                    Np::Name {
                        words,
                        hon,
                        org: false,
                    },
                ..
            }) = &f.cue
            {
                if words.len() >= 2 && words.len() <= 4 {
                    let g = hon.or_else(|| first_name_gender(&words[0]));
                    self.entity_add(words, g, 3);
                } else if words.len() == 1 {
                    self.single.entry(words[0].clone()).or_insert((0, 0));
                }
            }
        }
        self.pronoun_votes(&mentions);
        let timeline: Vec<(usize, String, Option<Gender>)> = mentions
            .iter()
            .map(|(pos, words, hon)| {
                let (name, g) = self.canonical(words, *hon);
                (*pos, name, g)
            })
            .collect();

        let paras = self.paragraph_ids();
        let mut out = Vec::with_capacity(found.len());
        let mut chars = CharCounter::new(self.text);
        let mut prev: Option<(String, u32)> = None;
        for f in &found {
            let para = paras[f.raw.open];
            let speaker = match &f.cue {
                // No cue: a quote continuing the previous speaker's words, in the same paragraph
                // or opening the next one.
                None => match &prev {
                    Some((sp, p))
                        if *p == para
                            || (*p + 1 == para
                                && (f.raw.open == 0
                                    || self.kind(f.raw.open - 1) == Kind::Newline)) =>
                    {
                        sp.clone()
                    }
                    _ => String::new(),
                },
                Some(c) => self.resolve(c, &timeline),
            };
            prev = Some((speaker.clone(), paras[f.raw.close]));
            let text = f
                .raw
                .parts
                .iter()
                .map(|&(s, e)| self.text[s..e].trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let sb = self.toks[f.raw.open].s;
            let eb = self.toks[f.raw.close].e;
            let start = chars.at(sb);
            let end = chars.at(eb);
            out.push(Quote {
                speaker,
                text,
                start,
                end,
            });
        }
        out
    }

    /// Paragraph number of every token.
    fn paragraph_ids(&self) -> Vec<u32> {
        let mut ids = Vec::with_capacity(self.toks.len());
        let mut id = 0u32;
        for (k, t) in self.toks.iter().enumerate() {
            ids.push(id);
            if t.kind == Kind::Newline && self.kind(k + 1) != Kind::Newline {
                id += 1;
            }
        }
        ids
    }

    fn resolve(&self, cue: &Cue, timeline: &[(usize, String, Option<Gender>)]) -> String {
        match &cue.np {
            Np::Nominal | Np::Pron(None) => String::new(),
            Np::Source(s) => s.clone(),
            Np::Name {
                words, org: true, ..
            } => words.join(" "),
            Np::Name { words, hon, .. } => self.canonical(words, *hon).0,
            Np::Pron(Some(g)) => {
                let before = timeline.partition_point(|m| m.0 < cue.pos);
                let recent = &timeline[..before];
                let window = recent.len().saturating_sub(40);
                if let Some(m) = recent[window..].iter().rev().find(|m| m.2 == Some(*g)) {
                    return m.1.clone();
                }
                String::new()
            }
        }
    }

    /// Mostly capitalised words: a title, not speech.
    fn title_like(&self, r: &Raw) -> bool {
        let (mut caps, mut all) = (0, 0);
        for k in r.open..r.close {
            if self.kind(k) == Kind::Word {
                all += 1;
                if is_cap(self.w(k)) {
                    caps += 1;
                }
            }
        }
        all > 0 && caps * 10 >= all * 7
    }

    /// Merge quotes interrupted by their attribution: `"A," she said. "B."`.
    fn merge(&self, raws: Vec<Raw>) -> Vec<Raw> {
        let mut out: Vec<Raw> = Vec::with_capacity(raws.len());
        for r in raws {
            if let Some(prev) = out.last_mut() {
                let (a, b) = (prev.close + 1, r.open);
                let between_ok = b > a
                    && b - a <= 16
                    && self.toks[a..b].iter().all(|t| t.kind != Kind::Newline)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_quotation_marks_is_not_scanned() {
        assert!(!has_quotation_mark(
            "It's the company's view, analysts said."
        ));
        for marked in ["a \"b\" c", "“b”", "„b“", "«b»", "``b''", "a ''b'' c"] {
            assert!(has_quotation_mark(marked), "{marked}");
        }
        assert!(extract_quotes("No quotes here, the minister said.").is_empty());
    }

    fn q(body: &str) -> Vec<(String, String)> {
        extract_quotes(body)
            .into_iter()
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    fn speakers_of(body: &str) -> Vec<String> {
        extract_quotes(body)
            .into_iter()
            .map(|q| q.speaker)
            .collect()
    }

    #[test]
    fn cue_after_with_surname_resolved_to_full_name() {
        let body = "Governor Helen Marsh visited the port on Monday.\n\
                    \"We will rebuild every pier, and we will do it this year,\" Marsh stated.";
        assert_eq!(
            q(body),
            vec![(
                "Helen Marsh".to_string(),
                "We will rebuild every pier, and we will do it this year,".to_string()
            )]
        );
    }

    #[test]
    fn pronoun_resolved_by_gender_and_recency() {
        // The same shapes as the sample articles: a woman and a man, then "she"/"he" cues.
        let body = "President Oscar Delgado spoke to reporters. Chancellor Maria Lindqvist \
                    rejected his plan.\n\"Our borders are not a bargaining chip,\" she asserted, \
                    citing her mandate.\n\"I think she is tough, but she is wrong about this,\" \
                    he remarked.";
        assert_eq!(speakers_of(body), vec!["Maria Lindqvist", "Oscar Delgado"]);
    }

    #[test]
    fn interrupted_quote_is_one_quote() {
        let body = "Mayor Ruth Okafor was blunt. \"We can share the cost,\" she said. \
                    \"We can share the work, but the river stays ours.\"";
        let got = extract_quotes(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].speaker, "Ruth Okafor");
        assert_eq!(
            got[0].text,
            "We can share the cost, We can share the work, but the river stays ours."
        );
        // Offsets are characters and span both parts with their marks.
        let chars: Vec<char> = body.chars().collect();
        assert_eq!(chars[got[0].start], '"');
        assert_eq!(chars[got[0].end - 1], '"');
    }

    #[test]
    fn cue_before_with_according_to_and_nested_single_quotes() {
        let body = "Premier Anna Kovac refused. According to the BBC, she said, \"He asked me, \
                    'Will you sign today?' And I answered, 'No, Mr. Premier.' The land is not \
                    for sale.\"";
        let got = extract_quotes(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].speaker, "Anna Kovac");
        assert!(got[0].text.contains("'No, Mr. Premier.'"));
    }

    #[test]
    fn participle_cue_skips_prepositional_phrases() {
        let body = "Senator Paul Brandt was angry. Speaking aboard the ferry, he lashed out \
                    according to the AP, saying, \"Well, she is so afraid of the storm that she \
                    cannot sail.\"";
        assert_eq!(speakers_of(body), vec!["Paul Brandt"]);
    }

    #[test]
    fn titles_stripped_and_said_first() {
        let body = "\"The bridge will open in May,\" said Transport Secretary Dana Whitfield.\n\
                    \"It is ahead of schedule,\" said Sen. Tom Ruiz, R-Ohio.";
        assert_eq!(speakers_of(body), vec!["Dana Whitfield", "Tom Ruiz"]);
    }

    #[test]
    fn organisations_speak() {
        let body = "\"The exercise will continue as planned,\" the Pentagon said in a statement.";
        assert_eq!(speakers_of(body), vec!["Pentagon"]);
        let body = "\"We have no comment at this time on the merger,\" the company said.";
        assert_eq!(speakers_of(body), vec!["company"]);
    }

    #[test]
    fn scare_quotes_and_titles_left_out() {
        let body = "Ministers labelled the groups \"violent extremist networks,\" a move that \
                    widened police powers. She called the talks \"very productive\" on Friday. \
                    The film \"The Long Night Harbour\" opens soon.";
        assert!(extract_quotes(body).is_empty());
    }

    #[test]
    fn multi_paragraph_newswire_quote() {
        let body = "Coach Irene Vasquez spoke after the match.\n\n\
                    \u{201c}We were slow in the first half and we paid for it.\n\n\
                    \u{201c}In the second half we found our rhythm again,\u{201d} Vasquez said.";
        let got = extract_quotes(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].speaker, "Irene Vasquez");
        assert_eq!(
            got[0].text,
            "We were slow in the first half and we paid for it. In the second half we found our rhythm again,"
        );
    }

    #[test]
    fn curly_and_double_apostrophe_marks() {
        let body = "\u{201c}This is a serious setback for the whole region,\u{201d} Mr. Hale said.";
        assert_eq!(speakers_of(body), vec!["Hale"]);
        let body = "''This is a serious setback for the whole region,'' Mr. Hale said.";
        assert_eq!(speakers_of(body), vec!["Hale"]);
    }

    #[test]
    fn unknown_speaker_is_empty_not_guessed() {
        let body = "The hall was quiet.\n\"Nobody expected the vote to be this close tonight.\"";
        assert_eq!(speakers_of(body), vec![""]);
        let body =
            "\"Nobody expected the vote to be this close tonight,\" a man in the crowd said.";
        assert_eq!(speakers_of(body), vec![""]);
    }

    #[test]
    fn continuation_paragraph_keeps_speaker() {
        let body = "\"We will appeal the ruling,\" said lawyer Nora Quinn.\n\n\
                    \"The court ignored the evidence that mattered most in this case.\"";
        assert_eq!(speakers_of(body), vec!["Nora Quinn", "Nora Quinn"]);
    }

    #[test]
    fn colon_cue_and_dash_byline() {
        let body = "Reyes: \"Our goal is to finish the tunnel before the winter.\"";
        assert_eq!(speakers_of(body), vec!["Reyes"]);
        let body = "\"He does not speak for my neighbourhood.\" \u{2015} Lucia Moreno\n";
        assert_eq!(speakers_of(body), vec!["Lucia Moreno"]);
    }

    #[test]
    fn front_matter_is_skipped() {
        let body = "---\ntitle: \"A Headline With Quotes In It Here\"\n---\n\n\
                    \"Nothing has changed since last year,\" Ms. Park said.";
        let got = extract_quotes(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].speaker, "Park");
    }

    #[test]
    fn offsets_are_characters() {
        let body = "Éloïse Côté — née à Montréal — a dit: \u{201c}Ça suffit, c\u{2019}est assez pour nous.\u{201d}";
        let got = extract_quotes(body);
        assert_eq!(got.len(), 1);
        let chars: Vec<char> = body.chars().collect();
        let span: String = chars[got[0].start..got[0].end].iter().collect();
        assert_eq!(
            span,
            "\u{201c}Ça suffit, c\u{2019}est assez pour nous.\u{201d}"
        );
    }

    #[test]
    fn speakers_are_distinct_in_order() {
        let body = "\"First point about the budget,\" said Ana Silva. \"Second point about the \
                    budget,\" said Ben Ortiz. \"Third point about the budget,\" said Ana Silva.";
        let got = extract_quotes(body);
        assert_eq!(speakers(&got), vec!["Ana Silva", "Ben Ortiz"]);
    }

    #[test]
    fn never_panics_on_nasty_input() {
        let mut nasty: Vec<String> = vec![
            String::new(),
            "\"".into(),
            "\"\"".into(),
            "''".into(),
            "'''".into(),
            "``".into(),
            "\u{201c}".into(),
            "\u{201d}\u{201c}".into(),
            "\"a\n\n\"b\n\n\"c".into(),
            "said said said \" he said \" she said".into(),
            "Mr. \"\" Mrs. \"x\" said Dr.".into(),
            "\u{feff}\u{200b}\"\u{0301}\u{0301}\" said \u{1F600}".into(),
            "(\"(\"(\")\")\")".into(),
            "---\n".into(),
            "---\ntitle: \"x".into(),
            "a.b.c.d.e. \"A.\" B. said.".into(),
            ":\n\n\"".into(),
            "\u{2015}".into(),
            "\" \u{2015} ".into(),
        ];
        // Long unbalanced and deeply repetitive inputs.
        nasty.push("\"".repeat(10_000));
        nasty.push("\u{201c}word ".repeat(5_000));
        nasty.push("\"Yes,\" he said. ".repeat(3_000));
        nasty.push("She said, \"".repeat(3_000));
        nasty.push(format!("\"{}\"", "x".repeat(200_000)));
        // Pseudo-random bytes made into a string.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200 {
            let mut bytes = Vec::with_capacity(300);
            for _ in 0..300 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let pool = b" \"'`.,:;-\nAaZz\xe2\x80\x9c\x9d\xc3\xa9(";
                bytes.push(pool[(seed % pool.len() as u64) as usize]);
            }
            nasty.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for s in &nasty {
            let got = extract_quotes(s);
            let n = s.chars().count();
            for quote in &got {
                assert!(quote.start <= quote.end && quote.end <= n);
            }
            let _ = speakers(&got);
        }
    }
}
