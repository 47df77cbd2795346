//! Property tests over the parsers: front matter, JSON/JSONL, HTML, dates, headlines,
//! quotations and snippets never panic, and what they return is well-formed. Bounded (a few
//! hundred cases each) so that `cargo test` stays quick; raise `PROPTEST_CASES` to search longer:
//! `PROPTEST_CASES=20000 cargo test --release --test fuzz`.

use std::collections::HashSet;

use dossier::extract::{byline, dates, quotes};
use dossier::ingest;
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
        let split = ingest::text::split_front_matter(&text);
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
        let h = Highlighter::new(terms, vec![vec!["harbour".into(), "news".into()]], vec!["sa".into()], dossier::schema::text_analyzer());
        for s in h.snippets(&text, SnippetOptions { fragments, chars }, &[]) {
            let n = s.text.chars().count();
            let mut prev = 0;
            for [a, b] in s.highlights {
                prop_assert!(prev <= a && a < b && b <= n, "{a}..{b} of {n}: {:?}", s.text);
                prev = b;
            }
        }
    }
}
