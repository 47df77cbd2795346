//! The words of one language behind one interface, [`Lexicon`]: speech verbs, titles,
//! pronouns, determiners, ... each a list in `words/<lang>/*.txt` (read with `include_str!`)
//! with its flag in one hash table, the roles titles name, and the few rules that differ
//! between languages. [`lexicon`] picks the table of an article's language; a new language is
//! a new folder of lists and one more arm there.

use crate::extract::names::{first_name_gender, Gender};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

pub(super) const VERB: u32 = 1;
pub(super) const AUX: u32 = 1 << 1;
pub(super) const DET: u32 = 1 << 2;
pub(super) const PREP: u32 = 1 << 3;
pub(super) const STOP: u32 = 1 << 4;
pub(super) const TITLE: u32 = 1 << 5;
pub(super) const ORG: u32 = 1 << 6;
pub(super) const FUNC: u32 = 1 << 7;
pub(super) const SUB: u32 = 1 << 8;
pub(super) const PRON_M: u32 = 1 << 9;
pub(super) const PRON_F: u32 = 1 << 10;
pub(super) const PRON_X: u32 = 1 << 11;
pub(super) const SOURCE: u32 = 1 << 12;
/// A word describing a person before their name (`Tory`, `Striker`, `American`).
pub(super) const DESCRIPTOR: u32 = 1 << 13;
/// A source noun that names a document (`statement`, `report`).
pub(super) const DOCUMENT: u32 = 1 << 14;
const NOT_NAME: u32 = 1 << 15;
/// The definite article (`the`, `el`, `la`).
pub(super) const DEF: u32 = 1 << 16;
/// Attribution without a verb (`according` to, `según`).
pub(super) const ACCORD: u32 = 1 << 17;
/// Words that tell a man (`his`, `him`) or a woman (`her`) after a name.
pub(super) const GENDER_M: u32 = 1 << 18;
pub(super) const GENDER_F: u32 = 1 << 19;
pub(super) const HON_M: u32 = 1 << 20;
pub(super) const HON_F: u32 = 1 << 21;
const PARTICLE: u32 = 1 << 22;
/// Words ending a common noun phrase read forwards (`who`, `que`).
pub(super) const REL: u32 = 1 << 23;
/// `of` in `Jane Roe of Smith Barney`.
pub(super) const AFFIL: u32 = 1 << 24;
/// The pronoun standing for an organisation (`it`).
pub(super) const PRON_ORG: u32 = 1 << 25;
/// A word joining two nouns or two names (`and`, `y`).
pub(super) const CONJ: u32 = 1 << 26;
/// A title that makes one name with a single given name after it (`Papa Francisco`).
const REGNAL: u32 = 1 << 27;
/// A word that makes the quotation after it a name or a term (`so-called`, `dubbed`).
pub(super) const LABEL: u32 = 1 << 28;

/// How a language writes quotations and attributions, where it differs from English.
pub(super) struct Rules {
    /// A quotation opening in lower case inside the reporter's sentence (`aseguró que “…”`)
    /// is a quotation from this many words up; `None`: it is a fragment, left out.
    pub(super) fragment_words: Option<usize>,
    /// A speech verb with no subject (`…», indicó.`) speaks for the person the text is about.
    /// The subject may follow its verb after an object (`, le dice a BBC Mundo el virólogo
    /// Julian Tang`); a title before a name is written in lower case (`el presidente Andrés
    /// Manuel López Obrador`), and a role noun no one is named with (`el experto`) is the
    /// person the text is about.
    pub(super) pro_drop: bool,
    /// Dialogue opened with an em dash (`—Podemos colaborar —afirmó Sheinbaum.`), and single
    /// curly marks (‘ ’) as quotation marks, nested marks of another kind left inside.
    pub(super) dashes_and_singles: bool,
    /// The word after an [`ACCORD`] word that it needs (`according to`), if any.
    pub(super) according_joiner: Option<&'static str>,
    /// Endings of a past tense (`-ed`; `-ó`, `-aron`): a name before a word so ending is the
    /// subject of its clause.
    pub(super) past_endings: &'static [&'static str],
}

/// One language's words and rules.
pub(super) struct Lexicon {
    /// Lower-cased word (its bytes) -> its flags.
    map: FxHashMap<Box<[u8]>, u32>,
    /// Given names beyond the shared list of `names.rs`, accents folded.
    first_names: FxHashMap<String, Gender>,
    /// For each first letter, a bit per word length present: a quick rejection test.
    lens: [u32; 26],
    /// A title as written -> the role it names (`sen` -> `senator`, `presidenta` -> `presidente`).
    roles: FxHashMap<&'static str, &'static str>,
    pub(super) rules: Rules,
}

/// The word lists of a language folder, each with its flag.
macro_rules! word_lists {
    ($lang:literal) => {
        [
            (
                include_str!(concat!("words/", $lang, "/descriptors.txt")),
                DESCRIPTOR,
            ),
            (
                include_str!(concat!("words/", $lang, "/documents.txt")),
                DOCUMENT,
            ),
            (
                include_str!(concat!("words/", $lang, "/not_names.txt")),
                NOT_NAME,
            ),
            (
                include_str!(concat!("words/", $lang, "/source_nouns.txt")),
                SOURCE,
            ),
            (
                include_str!(concat!("words/", $lang, "/speech_verbs.txt")),
                VERB,
            ),
            (include_str!(concat!("words/", $lang, "/aux.txt")), AUX),
            (
                include_str!(concat!("words/", $lang, "/determiners.txt")),
                DET,
            ),
            (include_str!(concat!("words/", $lang, "/definite.txt")), DEF),
            (
                include_str!(concat!("words/", $lang, "/prepositions.txt")),
                PREP,
            ),
            (
                include_str!(concat!("words/", $lang, "/stop_caps.txt")),
                STOP,
            ),
            (include_str!(concat!("words/", $lang, "/titles.txt")), TITLE),
            (
                include_str!(concat!("words/", $lang, "/org_words.txt")),
                ORG,
            ),
            (
                include_str!(concat!("words/", $lang, "/function_words.txt")),
                FUNC,
            ),
            (
                include_str!(concat!("words/", $lang, "/subordinators.txt")),
                SUB,
            ),
            (
                include_str!(concat!("words/", $lang, "/pronouns_m.txt")),
                PRON_M,
            ),
            (
                include_str!(concat!("words/", $lang, "/pronouns_f.txt")),
                PRON_F,
            ),
            (
                include_str!(concat!("words/", $lang, "/pronouns_other.txt")),
                PRON_X,
            ),
            (
                include_str!(concat!("words/", $lang, "/pronoun_org.txt")),
                PRON_ORG,
            ),
            (
                include_str!(concat!("words/", $lang, "/gender_m.txt")),
                GENDER_M,
            ),
            (
                include_str!(concat!("words/", $lang, "/gender_f.txt")),
                GENDER_F,
            ),
            (
                include_str!(concat!("words/", $lang, "/honorifics_m.txt")),
                HON_M,
            ),
            (
                include_str!(concat!("words/", $lang, "/honorifics_f.txt")),
                HON_F,
            ),
            (
                include_str!(concat!("words/", $lang, "/particles.txt")),
                PARTICLE,
            ),
            (
                include_str!(concat!("words/", $lang, "/relatives.txt")),
                REL,
            ),
            (
                include_str!(concat!("words/", $lang, "/affiliation.txt")),
                AFFIL,
            ),
            (
                include_str!(concat!("words/", $lang, "/according.txt")),
                ACCORD,
            ),
            (
                include_str!(concat!("words/", $lang, "/conjunctions.txt")),
                CONJ,
            ),
            (
                include_str!(concat!("words/", $lang, "/regnal.txt")),
                REGNAL,
            ),
            (include_str!(concat!("words/", $lang, "/labels.txt")), LABEL),
        ]
    };
}

/// A language's lexicon from its folder `words/<lang>/` and its rules.
macro_rules! lexicon_of {
    ($lang:literal, $rules:expr) => {
        Lexicon::new(
            &word_lists!($lang),
            include_str!(concat!("words/", $lang, "/roles.txt")),
            [
                include_str!(concat!("words/", $lang, "/first_names_m.txt")),
                include_str!(concat!("words/", $lang, "/first_names_f.txt")),
            ],
            $rules,
        )
    };
}

/// The lexicon of the language `lang` (an ISO 639-1 code). The languages with tables of their
/// own are `en`, `es` and `fr`; every other code (`und`, a language without tables) reads with
/// the English tables. A new language is a folder of the same lists and one more arm here.
pub(super) fn lexicon(lang: &str) -> &'static Lexicon {
    static EN: OnceLock<Lexicon> = OnceLock::new();
    static ES: OnceLock<Lexicon> = OnceLock::new();
    static FR: OnceLock<Lexicon> = OnceLock::new();
    match lang {
        "es" => ES.get_or_init(|| {
            lexicon_of!(
                "es",
                Rules {
                    fragment_words: Some(3),
                    pro_drop: true,
                    dashes_and_singles: true,
                    according_joiner: None,
                    past_endings: &["ó", "aron", "ieron"],
                }
            )
        }),
        // French writes its verb before the subject after a quotation (`», a déclaré
        // Emmanuel Macron`) and its titles in lower case, as Spanish does; its fragments are
        // not annotated anywhere yet, so they stay out as in English.
        "fr" => FR.get_or_init(|| {
            lexicon_of!(
                "fr",
                Rules {
                    fragment_words: None,
                    pro_drop: true,
                    dashes_and_singles: true,
                    according_joiner: None,
                    past_endings: &["ed"],
                }
            )
        }),
        _ => EN.get_or_init(|| {
            lexicon_of!(
                "en",
                Rules {
                    fragment_words: None,
                    pro_drop: false,
                    dashes_and_singles: false,
                    according_joiner: Some("to"),
                    past_endings: &["ed"],
                }
            )
        }),
    }
}

/// The words of a word-list file: whitespace-separated, `#` lines are comments.
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
}

/// Lower case of a word: ASCII in place on the stack, other text through `to_lowercase`.
fn lower_key(w: &str, buf: &mut [u8; 24]) -> Option<String> {
    if w.is_ascii() {
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        None
    } else {
        Some(w.to_lowercase())
    }
}

impl Lexicon {
    fn new(
        lists: &[(&'static str, u32)],
        roles: &'static str,
        [men, women]: [&'static str; 2],
        rules: Rules,
    ) -> Self {
        let mut first_names = FxHashMap::default();
        for (list, g) in [(men, Gender::Male), (women, Gender::Female)] {
            for w in words(list) {
                first_names.insert(w.to_string(), g);
            }
        }
        let mut map: FxHashMap<Box<[u8]>, u32> = FxHashMap::default();
        let mut lens = [0u32; 26];
        for &(list, flag) in lists {
            for w in words(list) {
                let k = w.trim_end_matches('.').to_lowercase();
                if let Some(&c) = k.as_bytes().first() {
                    if c.is_ascii_lowercase() && k.len() < 32 {
                        lens[usize::from(c - b'a')] |= 1 << k.len();
                    }
                }
                *map.entry(k.into_bytes().into_boxed_slice()).or_insert(0) |= flag;
            }
        }
        let mut role_map = FxHashMap::default();
        for line in roles.lines().filter(|l| !l.trim_start().starts_with('#')) {
            let mut it = line.split_whitespace();
            if let (Some(a), Some(b)) = (it.next(), it.next()) {
                role_map.insert(a, b);
            }
        }
        Lexicon {
            map,
            first_names,
            lens,
            roles: role_map,
            rules,
        }
    }

    /// The word-list flags of `w` (case-insensitive, a trailing period ignored).
    pub(super) fn word_flags(&self, w: &str) -> u32 {
        let w = w.strip_suffix('.').unwrap_or(w);
        if w.is_empty() || w.len() > 24 {
            return 0;
        }
        let first = w.as_bytes()[0].to_ascii_lowercase();
        if first.is_ascii_lowercase() {
            if self.lens[usize::from(first - b'a')] & (1 << w.len()) == 0 {
                return 0;
            }
        } else if first.is_ascii() {
            return 0;
        }
        let mut buf = [0u8; 24];
        let key = match lower_key(w, &mut buf) {
            Some(s) => self.map.get(s.as_bytes()),
            // The lower-cased copy of an ASCII word: looked up as bytes, no UTF-8 check.
            None => self.map.get(&buf[..w.len()]),
        };
        key.copied().unwrap_or(0)
    }

    /// The usual gender of a given name: the shared list, then this language's own (where it
    /// has one, accents folded: `José`, `Ángela`).
    pub(super) fn first_name_gender(&self, w: &str) -> Option<Gender> {
        let shared = first_name_gender(w);
        if shared.is_some() || self.first_names.is_empty() || w.len() > 24 {
            return shared;
        }
        let folded: String = w
            .chars()
            .map(crate::extract::language::fold_letter)
            .collect::<String>()
            .to_lowercase();
        first_name_gender(&folded).or_else(|| self.first_names.get(&folded).copied())
    }

    pub(super) fn has(&self, w: &str, flag: u32) -> bool {
        self.word_flags(w) & flag != 0
    }

    /// A word describing a person before their name (`Striker`, `Tory`), also in the plural
    /// (`Sprinters Kostas Kenteris and Katerina Thanou`).
    pub(super) fn is_descriptor(&self, w: &str) -> bool {
        self.has(w, DESCRIPTOR)
            || w.strip_suffix('s')
                .is_some_and(|one| one.len() > 2 && self.has(one, DESCRIPTOR))
    }

    pub(super) fn is_title(&self, w: &str) -> bool {
        self.has(w, TITLE)
    }

    /// A title that is part of the name when a single given name follows it (`Papa
    /// Francisco`, `Pope Francis`): those known by one name only.
    pub(super) fn is_regnal(&self, w: &str) -> bool {
        self.has(w, REGNAL)
    }

    /// Does the lower-case word `w` end like a past tense (`-ed`, `-ó`)?
    pub(super) fn past_tense(&self, w: &str) -> bool {
        w.len() > 3 && !is_cap(w) && self.rules.past_endings.iter().any(|e| w.ends_with(e))
    }

    /// A lower-case word inside a name (`de`, `van`), written without a period.
    pub(super) fn is_particle(&self, w: &str) -> bool {
        !w.ends_with('.') && self.has(w, PARTICLE)
    }

    /// A capitalised word that is never a speaker's name on its own: an abbreviation
    /// (`Calif.`, `D.C.`, `U.S.`), a month or weekday, a party or nationality word
    /// (`Republican`, `Tory`, `Dutchman`), a holiday (`Christmas`), a common noun a title
    /// capitalises (`List`, `Family`), a preposition (`Between`), a pronoun or a function word
    /// (`I'm`, `However`). Months, weekdays and function words are in `stop_caps.txt`;
    /// `not_names.txt` and `descriptors.txt` hold the rest.
    pub(super) fn not_a_name(&self, w: &str) -> bool {
        let bare = w.trim_end_matches('.');
        bare.len() < w.len()
            || bare.contains('.')
            || bare.is_empty()
            || self.has(
                strip_possessive(bare),
                PRON_M | PRON_F | PRON_X | STOP | NOT_NAME | DESCRIPTOR | PREP,
            )
            || self.is_descriptor(strip_possessive(bare))
    }

    pub(super) fn honorific_gender(&self, w: &str) -> Option<Gender> {
        let f = self.word_flags(w.trim_end_matches('.'));
        if f & HON_M != 0 {
            Some(Gender::Male)
        } else if f & HON_F != 0 {
            Some(Gender::Female)
        } else {
            None
        }
    }

    /// A title word as the role it names, lower case, abbreviations written out (`Sen.` ->
    /// `senator`) and one form for both genders (`spokeswoman` -> `spokesman`).
    pub(super) fn role_word(&self, w: &str) -> String {
        let w = w.trim_end_matches('.').to_lowercase();
        match self.roles.get(w.as_str()) {
            Some(r) => (*r).to_string(),
            None => w,
        }
    }
}

pub(super) fn in_list(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

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

pub(super) fn is_suffix_word(w: &str) -> bool {
    in_list(w, &["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"])
}
