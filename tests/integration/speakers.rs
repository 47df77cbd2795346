//! Who said it: quotations and speakers of the sample articles (the expected values are those
//! of `seeds-gold.jsonl`, copied here), `--speaker`, `--quotes`, `speakers`, `speaker:`.

use crate::util::{highlighted, Env, Response};
use serde::Deserialize;
use serde_json::Value;

const TRUMP: &str = "Donald Trump";
const SHEINBAUM: &str = "Claudia Sheinbaum";

/// The 8 gold quotations of the two sample articles: (article, start of text, speaker).
const GOLD: &[(&str, &str, &str)] = &[
    (
        "000_236df60e3b6eb425.txt",
        "If Mexico wanted help with the cartels, I would be honored",
        TRUMP,
    ),
    (
        "000_236df60e3b6eb425.txt",
        "Sovereignty is not for sale",
        SHEINBAUM,
    ),
    (
        "000_236df60e3b6eb425.txt",
        "We can collaborate. We can work together, but with you in your territory",
        SHEINBAUM,
    ),
    (
        "000_236df60e3b6eb425.txt",
        "I think she’s a lovely woman, but she is so afraid of the cartels",
        TRUMP,
    ),
    (
        "003_be1b363fc0f9907e.txt",
        "They are bad news. If Mexico wanted help with the cartels we would",
        TRUMP,
    ),
    (
        "003_be1b363fc0f9907e.txt",
        "He said, 'How can we help you fight drug trafficking?",
        SHEINBAUM,
    ),
    (
        "003_be1b363fc0f9907e.txt",
        "We can work together, but you in your territory and us in ours.",
        SHEINBAUM,
    ),
    (
        "003_be1b363fc0f9907e.txt",
        "Well she's so afraid of the cartels she can't walk",
        TRUMP,
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Extracted {
    id: String,
    path: String,
    title: String,
    source: String,
    author: String,
    date: Option<String>,
    date_source: Option<String>,
    /// ISO 639-1 code, or `und`.
    lang: String,
    /// The story group (16 hex digits).
    story: String,
    url: String,
    speakers: Vec<String>,
    quotes: Vec<Quote>,
    body: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Quote {
    speaker: String,
    /// `person`, `org`, or null exactly when `speaker` is empty.
    kind: Option<String>,
    text: String,
    start: usize,
    end: usize,
    /// The part this one continues, for later parts of an interrupted quotation.
    #[serde(default)]
    continues: Option<usize>,
    /// Why `speaker` is empty.
    #[serde(default)]
    no_speaker: Option<String>,
}

#[test]
fn all_sample_quotations_found_and_attributed() {
    let env = Env::with_corpus();
    let run = env
        .run(&["extract", "corpus", "--format", "json", "--with-body"])
        .ok();
    let articles: Vec<Extracted> = run.json();
    let total: usize = articles.iter().map(|a| a.quotes.len()).sum();
    assert_eq!(total, GOLD.len(), "{articles:#?}");
    for (id, start, speaker) in GOLD {
        let a = articles
            .iter()
            .find(|a| a.id == format!("corpus/{id}"))
            .unwrap();
        let q = a
            .quotes
            .iter()
            .find(|q| q.text.starts_with(start))
            .unwrap_or_else(|| panic!("no quote {start:?} in {id}: {:#?}", a.quotes));
        assert_eq!(q.speaker, *speaker, "{start}");
        assert_eq!(q.kind.as_deref(), Some("person"), "{start}");
        // The comma of `"...," she said` is the reporter's, not the speaker's.
        assert!(!q.text.ends_with(','), "{:?}", q.text);
        // Offsets are char offsets into the body and cover the quotation.
        let body: Vec<char> = a.body.as_deref().unwrap().chars().collect();
        let span: String = body[q.start..q.end].iter().collect();
        let first_words: String = start.chars().take(20).collect();
        assert!(span.contains(&first_words), "{span:?} vs {start:?}");
        // The text is the body's own characters between the offsets.
        assert_eq!(span, q.text);
    }
    for a in &articles {
        // The sample corpus is English news.
        assert_eq!(a.lang, "en", "{}", a.id);
        for (k, q) in a.quotes.iter().enumerate() {
            // A part continues an earlier one; a quotation without a speaker says why.
            assert!(q.continues.is_none_or(|c| c < k), "{q:?}");
            assert_eq!(q.no_speaker.is_some(), q.speaker.is_empty(), "{q:?}");
        }
    }
    for a in &articles {
        assert_eq!(a.speakers, vec![TRUMP, SHEINBAUM], "{}", a.id);
        assert_eq!(a.path, a.id);
        assert_eq!(a.source, "corpus");
        assert_eq!(a.url, "");
        assert!(
            a.story.len() == 16 && a.story.chars().all(|c| c.is_ascii_hexdigit()),
            "{}",
            a.story
        );
    }
    let a003 = articles
        .iter()
        .find(|a| a.id == format!("corpus/{}", GOLD[4].0))
        .unwrap();
    assert_eq!(a003.title, "Mex President Rejects Trump's Offer");
    assert_eq!(a003.author, "Cal Mercer");
    assert_eq!(a003.date.as_deref(), Some("2025-05-08"));
    assert_eq!(a003.date_source.as_deref(), Some("byline"));
}

#[test]
fn quotes_mode_answers_who_said_what() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let r: Value = env
        .run(&[
            "query",
            "sovereignty",
            "--speaker",
            "sheinbaum",
            "--quotes",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{r:#}");
    for h in hits {
        assert_eq!(h["speaker"], SHEINBAUM);
        assert!(h["text"]
            .as_str()
            .unwrap()
            .contains("Sovereignty is not for sale"));
        assert!(h["date"].is_string() && h["source"] == "corpus" && h["id"].is_string());
        let text: Vec<char> = h["text"].as_str().unwrap().chars().collect();
        let [a, b] = [
            h["highlights"][0][0].as_u64().unwrap(),
            h["highlights"][0][1].as_u64().unwrap(),
        ];
        let word: String = text[a as usize..b as usize].iter().collect();
        assert_eq!(word, "Sovereignty");
    }
    // Text form, as a person reads it.
    env.run(&[
        "query",
        "sovereignty",
        "--speaker",
        "Claudia Sheinbaum",
        "--quotes",
    ])
    .ok()
    .stdout_has("Claudia Sheinbaum: “Sovereignty is not for sale”");
    // Trump never says "sovereignty".
    env.run(&["query", "sovereignty", "--speaker", "trump", "--quotes"])
        .expect_code(1);
}

#[test]
fn article_hits_list_their_matching_quotes_and_prefer_them_in_snippets() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let r: Response = env
        .run(&[
            "query",
            "sovereignty",
            "--format",
            "json",
            "--fragments",
            "1",
        ])
        .ok()
        .json();
    for hit in &r.hits {
        assert!(!hit.quotes.is_empty(), "{hit:#?}");
        assert!(hit.quotes.iter().all(|q| q.speaker == SHEINBAUM));
        let first = &hit.snippets[0];
        assert!(
            first.text.contains("Sovereignty is not for sale"),
            "{}",
            first.text
        );
        assert!(highlighted(first).iter().any(|w| w == "Sovereignty"));
    }
}

#[test]
fn speaker_filter_and_field() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    for name in ["sheinbaum", "Claudia Sheinbaum", "SHEINBAUM", "claudia"] {
        let r: Response = env
            .run(&["query", "cartels", "--speaker", name, "--format", "json"])
            .ok()
            .json();
        assert_eq!(r.total_hits, 2, "{name}");
    }
    env.run(&["query", "cartels", "--speaker", "obrador"])
        .expect_code(1);
    let r: Response = env
        .run(&["query", "speaker:trump", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.total_hits, 2);
}

#[test]
fn speakers_command_counts_quotes_and_articles() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let list: Vec<Value> = env.run(&["speakers", "--format", "json"]).ok().json();
    assert_eq!(list.len(), 2);
    for s in &list {
        assert_eq!(s["quotes"], 4);
        assert_eq!(s["articles"], 2);
    }
    let list: Vec<Value> = env
        .run(&["speakers", "noem", "--format", "json"])
        .ok()
        .json();
    assert_eq!(list.len(), 2, "only 003 mentions Noem");
    assert_eq!(list[0]["articles"], 1);
    env.run(&["speakers"])
        .ok()
        .stdout_has("Donald Trump")
        .stdout_has("quotes");
    env.run(&["speakers", "xylophone"]).expect_code(1);
}

#[test]
fn explicit_speakers_are_merged_with_extracted_ones() {
    let env = Env::new();
    env.write(
        "a/x.md",
        "---\nspeakers: [Ana Ruiz]\n---\n\"The port will reopen next week,\" said Mayor Jonas Berg.",
    );
    let a: Vec<Value> = env.run(&["extract", "a", "--format", "json"]).ok().json();
    assert_eq!(
        a[0]["speakers"],
        serde_json::json!(["Ana Ruiz", "Jonas Berg"])
    );
    assert_eq!(a[0]["quotes"][0]["speaker"], "Jonas Berg");
}

#[test]
fn no_speaker_is_spelled_one_way_in_every_command_and_format() {
    let env = Env::new();
    env.write(
        "a/x.md",
        "---\ntitle: Harbour\n---\nThe hall was quiet.\n\n\"Nobody expected the harbour vote to be this close tonight,\" a man in the crowd said.\n",
    );
    let a: Vec<Value> = env.run(&["extract", "a", "--format", "json"]).ok().json();
    let q = &a[0]["quotes"][0];
    assert_eq!(q["speaker"], "", "{q}");
    assert_eq!(q["kind"], Value::Null, "{q}");
    assert_eq!(
        q["text"],
        "Nobody expected the harbour vote to be this close tonight"
    );
    env.run(&["extract", "a"]).ok().stdout_has(
        "(unknown speaker): “Nobody expected the harbour vote to be this close tonight”",
    );
    env.run(&["index", "a"]).ok();
    let r: Value = env
        .run(&["query", "harbour", "--quotes", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r["hits"][0]["speaker"], "", "{r:#}");
    env.run(&["query", "harbour", "--quotes"])
        .ok()
        .stdout_has("(unknown speaker): “Nobody expected the harbour");
}
