//! Property tests over the parsers: front matter, JSON/JSONL, HTML, dates, headlines,
//! quotations and snippets never panic, and what they return is well-formed; any query text
//! is searched, and only deliberate syntax used wrongly is refused (with a way out). Bounded (a few
//! hundred cases each) so that `cargo test` stays quick; raise `PROPTEST_CASES` to search longer:
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use dossier::extract::{byline, dates, quotes};
use dossier::ingest;
use dossier::search::{Engine, SearchOptions};
use dossier::snippet::{Highlighter, SnippetOptions};
use proptest::prelude::*;

/// Text made of the characters that matter to the parsers: quotes of every kind, fences,
/// braces, newlines, dates' parts, accents, and some plain words.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "“",
        "”",
        "'",
        "‘",
        "’",
        "«",
        "»",
        "``",
        "''",
        "---\n",
        "...\n",
        "\n",
        "\n\n",
        " ",
        ",",
        ".",
        ":",
        "{",
        "}",
        "[",
        "]",
        "\\",
        "said",
        "she said",
        "Trump",
        "Mr.",
        "Sen.",
        "President",
        "According to",
        "he added:",
        "May",
        "4th",
        "2025",
        "2025-05-04",
        "By ",
        "•",
        "é",
        "😀",
        "\u{0}",
        "title: x",
        "date: y",
        "<p>",
        "</p>",
        "<title>",
        "—",
        "-",
        "Claudia Sheinbaum",
        "the Pentagon",
        "told reporters",
        "saying",
        "(R-Ky.)",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

/// What people type into a search box: words in any case, punctuation, operators in the
/// wrong places, field-like colons, brackets, quotes of every kind, numbers, Unicode.
fn typed_query() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "oil",
        "OIL",
        "Prices",
        "sovereignty",
        "the",
        "WHO",
        "is",
        "in",
        "IN",
        "AND",
        "OR",
        "NOT",
        "and",
        "or",
        "not",
        "&&",
        "||",
        "+",
        "-",
        "-0.5",
        "10:30",
        "3:16",
        "title:",
        "Title:",
        "speaker:",
        "date:",
        "date:2025",
        "source:",
        "speeker:",
        "id:",
        "body:",
        ":",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "“",
        "”",
        "«",
        "»",
        "'",
        "’",
        "*",
        "pric*",
        "^",
        "^2",
        "~",
        "~2",
        "?",
        "!",
        ".",
        ",",
        ";",
        "TO",
        "[sic]",
        "café",
        "Sheinbaum",
        "日本",
        "é",
        "\u{301}",
        " ",
        " ",
        " ",
        "  ",
        "\t",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// An engine over a few articles, built once for all cases.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let articles = dir.path().join("articles");
            std::fs::create_dir(&articles).unwrap();
            for (name, text) in [
                ("a.md", "---\ntitle: Oil prices\ndate: 2025-05-04\n---\nOil prices rose in Kuwait, the minister said. \"We are not worried,\" said Ana Lopes."),
                ("b.txt", "Sovereignty\n\nSheinbaum said sovereignty is not for sale. GDP fell -0.5 pct at 10:30."),
                ("c.txt", "Café\n\nWho is in charge? The café in 日本 raised its prices [sic]."),
            ] {
                std::fs::write(articles.join(name), text).unwrap();
            }
            let index = dir.path().join("index");
            dossier::index::update(
                &index,
                &[articles],
                &dossier::index::IndexOptions::default(),
                &dossier::ingest::Silent,
                &AtomicBool::new(false),
            )
            .unwrap();
            let engine = Engine::new(&dossier::index::open(&index).unwrap());
            (dir, engine)
        })
        .1
}

/// Whether a refusal of `query` is one the grammar allows: deliberate syntax used wrongly,
/// with a message that says what to do, or nothing at all to search for.
fn refusal_is_allowed(query: &str, message: &str) -> bool {
    let deliberate = |marks: &[&str]| marks.iter().any(|m| query.contains(m));
    // A boost's number (`""^2`) is no word to search for.
    let mut unboosted = String::with_capacity(query.len());
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            while chars.next_if(|d| d.is_ascii_digit() || *d == '.').is_some() {}
        } else {
            unboosted.push(c);
        }
    }
    (message.contains("to search the words as written")
        && deliberate(&[
            "AND", "OR", "NOT", "&&", "||", ":", "+", "-", "\"", "“", "”", "«", "»",
        ]))
        || (message.contains("only excludes") && deliberate(&["-", "NOT"]))
        // Nothing but punctuation, or a field with nothing after it (`title:"`).
        || (message.contains("empty query")
            && (!unboosted.chars().any(char::is_alphanumeric) || query.contains(':')))
        || ((message.contains("is not a date")
            || message.contains("ranges work on dates only")
            || message.contains("works on words and names"))
            && query.contains(':'))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![tricky_text(), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn every_format_parses_without_panic(text in any_text(), ext in prop::sample::select(vec!["txt", "md", "json", "jsonl", "html"])) {
        let parsed = ingest::parse(&text, ext, "f", "folder");
        for a in &parsed.articles {
            let chars = a.body.chars().count();
            for q in &a.quotes {
                prop_assert!(q.start <= q.end && q.end <= chars, "{q:?} in {chars} chars");
            }
        }
        prop_assert!(parsed.articles.is_empty() || parsed.skipped.is_none());
    }

    #[test]
    fn front_matter_split_keeps_the_body_inside_the_text(text in any_text()) {
        let split = ingest::split_front_matter(&text);
        // The body is what follows the front matter: always the end of the text.
        prop_assert!(text.ends_with(split.body));
        if split.meta.is_empty() && split.warning.is_none() && !text.starts_with("---") {
            prop_assert_eq!(split.body, text.as_str());
        }
    }

    #[test]
    fn dates_never_panic(text in any_text()) {
        let _ = dates::parse_date(&text);
        let _ = dates::find_date(&text);
        let head = byline::read_head(&text);
        prop_assert!(head.title.chars().count() <= 160);
    }

    #[test]
    fn quotations_are_well_formed(text in any_text()) {
        let chars: Vec<char> = text.chars().collect();
        let found = quotes::extract_quotes(&text);
        let mut last = 0;
        for q in &found {
            prop_assert!(q.start <= q.end && q.end <= chars.len(), "{q:?}");
            prop_assert!(q.start >= last, "quotes in body order: {found:?}");
            last = q.start;
        }
        let _ = quotes::speakers(&found);
    }

    #[test]
    fn snippet_highlights_point_inside_their_text(text in any_text(), words in prop::collection::vec("[a-z]{1,6}", 1..4), chars in 20usize..300, fragments in 0usize..4) {
        let terms: HashSet<String> = words.into_iter().collect();
        let h = Highlighter::new(terms, vec![vec!["harbour".into(), "news".into()]], vec!["sa".into()], dossier::snippet::text_analyzer());
        for s in h.snippets(&text, SnippetOptions { fragments, chars }, &[]) {
            let n = s.text.chars().count();
            let mut prev = 0;
            for [a, b] in s.highlights {
                prop_assert!(prev <= a && a < b && b <= n, "{a}..{b} of {n}: {:?}", s.text);
                prev = b;
            }
        }
    }

    #[test]
    fn plain_text_never_fails(query in prop_oneof![typed_query(), any::<String>(), "[a-zA-Z0-9 .,;:!?'()\\[\\]{}]{0,80}"]) {
        let options = SearchOptions { query: query.clone(), ..SearchOptions::default() };
        for any in [false, true] {
            let options = SearchOptions { any, ..options.clone() };
            if let Err(e) = engine().search(&options) {
                let message = format!("{e:#}");
                prop_assert!(refusal_is_allowed(&query, &message), "{query:?} refused: {message}");
            }
            if let Err(e) = engine().search_quotes(&options) {
                let message = format!("{e:#}");
                prop_assert!(refusal_is_allowed(&query, &message), "{query:?} refused: {message}");
            }
        }
    }
}

proptest! {
    // Long queries cost more each: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn long_plain_queries_are_searched(words in prop::collection::vec("[A-Za-z]{1,10}[.,?]?", 400..800)) {
        // Up to 800 words of at most 12 characters: within the query limits.
        let query = words.join(" ");
        for any in [false, true] {
            let options = SearchOptions { query: query.clone(), any, ..SearchOptions::default() };
            prop_assert!(engine().search(&options).is_ok());
        }
    }

    #[test]
    fn queries_past_the_limits_are_refused_naming_them(words in prop::collection::vec("[A-Za-z]{1,10}[.,?]?", 1100..2000)) {
        let query = words.join(" ");
        let options = SearchOptions { query, ..SearchOptions::default() };
        let message = engine().search(&options).err().map(|e| e.to_string()).unwrap_or_default();
        prop_assert!(message.contains("the limit is"), "{message}");
    }
}

/// Cases the property tests once found, kept as plain tests.
#[test]
fn found_by_fuzzing() {
    // An excluded phrase (`-0.5:oil` reads as the words "0.5 oil") beside a word.
    for query in ["NOT -0.5:oil oil"] {
        for any in [false, true] {
            let options = SearchOptions {
                query: query.into(),
                any,
                ..SearchOptions::default()
            };
            engine().search(&options).unwrap();
            engine().search_quotes(&options).unwrap();
        }
    }
}
