//! The core, end to end: index folders, query them, stats; run as a user would, on
//! `corpus/` and on the `tests/fixtures/newsroom` folder.

use crate::util::{highlighted, ids, Env, Response};
use serde_json::Value;

const ART_000: &str = "corpus/000_236df60e3b6eb425.txt";
const ART_003: &str = "corpus/003_be1b363fc0f9907e.txt";

#[test]
fn first_query_builds_the_index_from_corpus() {
    let env = Env::with_corpus();
    let run = env
        .run(&["query", "sovereignty"])
        .ok()
        .stderr_has("indexing corpus/ into index/ first")
        .stdout_has("Mex President Rejects Trump's Offer")
        .stdout_has("2025-05-08")
        .stdout_has("2025-05-04")
        .stdout_has("2 hits");
    assert!(!run.stdout.contains('\x1b'), "no colour on a pipe");
    assert!(env.path("index/meta.json").is_file());
    // Second time: no indexing message.
    let again = env.run(&["query", "sovereignty"]).ok();
    assert!(!again.stderr.contains("indexing"), "{}", again.stderr);
}

#[test]
fn json_response_has_metadata_and_highlighted_snippets() {
    let env = Env::with_corpus();
    env.run(&["index", "corpus"]).ok();
    let r: Response = env
        .run(&["query", "sovereignty", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.query, "sovereignty");
    assert_eq!(r.total_hits, 2);
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec![ART_000, ART_003]);
    let h003 = r.hits.iter().find(|h| h.id == ART_003).unwrap();
    assert_eq!(h003.title, "Mex President Rejects Trump's Offer");
    assert_eq!(h003.author, "Cal Mercer");
    assert_eq!(h003.date.as_deref(), Some("2025-05-08"));
    assert_eq!(h003.source, "corpus");
    let h000 = r.hits.iter().find(|h| h.id == ART_000).unwrap();
    assert_eq!(h000.date.as_deref(), Some("2025-05-04"));
    for hit in &r.hits {
        assert!(!hit.snippets.is_empty() && hit.snippets.len() <= 2);
        for s in &hit.snippets {
            assert!(s.text.chars().count() <= 210, "{}", s.text);
            for word in highlighted(s) {
                assert_eq!(word.to_lowercase(), "sovereignty");
            }
        }
        assert!(!highlighted(&hit.snippets[0]).is_empty());
    }
    assert_eq!(r.hits[0].rank, 1);
    assert_eq!(r.hits[1].rank, 2);
    assert!(r.hits[0].score >= r.hits[1].score);
}

#[test]
fn phrase_is_highlighted_as_one_span() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let r: Response = env
        .run(&["query", "\"drug cartels\"", "--format", "json"])
        .ok()
        .json();
    let words: Vec<String> = r
        .hits
        .iter()
        .flat_map(|h| h.snippets.iter().flat_map(highlighted))
        .collect();
    assert!(words.iter().any(|w| w == "drug cartels"), "{words:?}");
}

#[test]
fn title_only_match_shows_the_opening_of_the_body() {
    let env = Env::new();
    env.write(
        "a/x.md",
        "---\ntitle: Zeppelin Parade\n---\nNothing in this body names the airship.",
    );
    env.run(&["index", "a"]).ok();
    let r: Response = env
        .run(&["query", "zeppelin", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(
        r.hits[0].snippets[0].text,
        "Nothing in this body names the airship."
    );
}

#[test]
fn any_versus_all_terms() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    // "Noem" appears only in 003, "Sunday" only in 000.
    env.run(&["query", "noem", "sunday"]).expect_code(1);
    let r: Response = env
        .run(&["query", "noem", "sunday", "--any", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.total_hits, 2);
}

#[test]
fn newsroom_metadata_from_every_format() {
    let env = Env::with_fixture("newsroom");
    let run = env.run(&["index", "newsroom"]).ok();
    // The bad JSONL line is reported as file:line, the bad date as a dropped field.
    assert!(
        run.stderr.contains("feed.jsonl:3: not JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("feed.jsonl:4: field 'date'"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("7 added"), "{}", run.stdout);
    assert!(
        run.stdout.contains("1 skipped (1 unsupported)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 record skipped (see warnings)"),
        "{}",
        run.stdout
    );

    let all: Vec<Value> = env
        .run(&["extract", "newsroom", "--format", "json"])
        .ok()
        .json();
    let by_id = |id: &str| {
        all.iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {all:?}"))
            .clone()
    };
    let bridge = by_id("newsroom/harbour-gazette/bridge.md");
    assert_eq!(bridge["title"], "Council Approves Harbour Bridge");
    assert_eq!(bridge["source"], "harbour-gazette");
    assert_eq!(bridge["date"], "2024-06-02");
    assert_eq!(bridge["url"], "https://gazette.example/bridge");
    let ferry = by_id("newsroom/harbour-gazette/ferry.txt");
    assert_eq!(ferry["title"], "Ferry Service Cut Back for Winter");
    assert_eq!(ferry["author"], "Tom Reyes");
    assert_eq!(ferry["date"], "2023-11-03");
    let port = by_id("wire-2");
    assert_eq!(port["source"], "Wire Service");
    assert_eq!(port["date"], "2024-03-09");
    assert_eq!(port["path"], "newsroom/wire/feed.jsonl");
    assert_eq!(by_id("wire-3")["date"], Value::Null);
    let plain = by_id("newsroom/plain.txt");
    assert_eq!(plain["title"], "");
    assert_eq!(plain["date"], Value::Null);
    assert_eq!(plain["source"], "newsroom");

    // Windows-1252 text is decoded and searchable, accents folded.
    let r: Response = env
        .run(&["query", "pinata", "--format", "json"])
        .ok()
        .json();
    assert_eq!(ids(&r), vec!["newsroom/fiesta-cp1252.txt"]);
    assert!(r.hits[0].snippets[0].text.contains("piñata"));
}

#[test]
fn filters_sort_and_paging() {
    let env = Env::with_fixture("newsroom");
    env.run(&["index", "newsroom"]).ok();
    let q = |args: &[&str]| -> Response {
        let mut all = vec!["query", "harbour", "--format", "json"];
        all.extend_from_slice(args);
        let run = env.run(&all);
        if run.code == 1 {
            return run.json();
        }
        run.ok().json()
    };
    let r = q(&[]);
    assert_eq!(r.total_hits, 4);
    let r = q(&["--source", "harbour gazette"]);
    assert_eq!(r.total_hits, 2);
    let r = q(&["--source", "wire service", "--source", "harbour-gazette"]);
    assert_eq!(r.total_hits, 3);
    let r = q(&["--speaker", "okafor"]);
    assert_eq!(ids(&r), vec!["newsroom/harbour-gazette/bridge.md"]);
    let r = q(&["--speaker", "MARTA OKAFOR"]);
    assert_eq!(r.total_hits, 1);
    let r = q(&["--since", "2024-01-01"]);
    let mut got = ids(&r);
    got.sort();
    assert_eq!(got, vec!["newsroom/harbour-gazette/bridge.md", "wire-2"]);
    let r = q(&["--until", "2023-11-03"]);
    assert_eq!(ids(&r), vec!["newsroom/harbour-gazette/ferry.txt"]);
    let r = q(&["--sort", "date"]);
    assert_eq!(
        &ids(&r)[..3],
        &[
            "newsroom/harbour-gazette/ferry.txt",
            "wire-2",
            "newsroom/harbour-gazette/bridge.md"
        ]
    );
    let r = q(&["--sort", "-date"]);
    assert_eq!(
        &ids(&r)[..3],
        &[
            "newsroom/harbour-gazette/bridge.md",
            "wire-2",
            "newsroom/harbour-gazette/ferry.txt"
        ]
    );
    let r = q(&["--sort", "date", "-n", "1", "--offset", "1"]);
    assert_eq!(ids(&r), vec!["wire-2"]);
    assert_eq!(r.hits[0].rank, 2);
    assert_eq!(r.total_hits, 4);
}

#[test]
fn field_queries_and_jsonl() {
    let env = Env::with_fixture("newsroom");
    env.run(&["index", "newsroom"]).ok();
    let run = env
        .run(&["query", "title:strike", "--format", "jsonl"])
        .ok();
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "wire-2");
    env.run(&["query", "speaker:okafor"]).ok();
}

#[test]
fn incremental_runs_never_duplicate() {
    let env = Env::with_fixture("newsroom");
    env.run(&["index", "newsroom"]).ok();
    env.run(&["index", "newsroom"])
        .ok()
        .stdout_has("0 added, 0 updated, 0 removed, 7 unchanged");
    // Change one file, remove another, add a third.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "newsroom/harbour-gazette/ferry.txt",
        "Ferry Service Restored\n\nThe ferry runs every half hour again.",
    );
    std::fs::remove_file(env.path("newsroom/plain.txt")).unwrap();
    env.write("newsroom/new.md", "New Pier Opens\n\nA pier opened.");
    env.run(&["index", "newsroom"])
        .ok()
        .stdout_has("1 added, 1 updated, 1 removed, 5 unchanged");
    let stats: Value = env.run(&["stats", "--format", "json"]).ok().json();
    assert_eq!(stats["documents"], 7);
    let r: Response = env.run(&["query", "ferry", "--format", "json"]).ok().json();
    assert_eq!(r.total_hits, 1);
    assert_eq!(r.hits[0].title, "Ferry Service Restored");
    // --rebuild starts over with the same content.
    env.run(&["index", "--rebuild", "newsroom"])
        .ok()
        .stdout_has("7 added, 0 updated, 0 removed, 0 unchanged");
}

#[test]
fn stats_text_and_json() {
    let env = Env::with_fixture("newsroom");
    env.run(&["index", "newsroom"]).ok();
    let s: Value = env.run(&["stats", "--format", "json"]).ok().json();
    assert_eq!(s["documents"], 7);
    assert_eq!(s["first_date"], "2023-01-15");
    assert_eq!(s["last_date"], "2024-06-02");
    assert_eq!(s["undated"], 3);
    assert_eq!(s["sources"][0]["name"], "Wire Service");
    assert_eq!(s["sources"][0]["articles"], 3);
    assert_eq!(s["speakers"][0]["name"], "Marta Okafor");
    assert!(s["size_bytes"].as_u64().unwrap() > 0);
    env.run(&["stats"])
        .ok()
        .stdout_has("documents   7")
        .stdout_has("Wire Service");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let run = env.run(&["query", "sovereignty", "--color", "always"]).ok();
    assert!(run.stdout.contains("\x1b["));
    let mut cmd = env.command(&["query", "sovereignty", "--color", "auto"]);
    cmd.env("NO_COLOR", "1");
    let run = env.run_with(cmd, &["query"]).ok();
    assert!(!run.stdout.contains("\x1b["));
}

#[test]
fn no_hit_is_exit_1() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let run = env.run(&["query", "xylophone"]).expect_code(1);
    assert!(run.stdout.contains("0 hits"), "{}", run.stdout);
}

#[test]
fn missing_path_is_exit_2_naming_it() {
    let env = Env::new();
    env.run(&["index", "nowhere"])
        .expect_code(2)
        .stderr_has("nowhere");
}

#[test]
fn explicit_missing_index_is_exit_2() {
    let env = Env::with_corpus();
    env.run(&["--index", "elsewhere", "query", "x"])
        .expect_code(2)
        .stderr_has("no index at elsewhere")
        .stderr_has("dossier index");
    let mut cmd = env.command(&["query", "x"]);
    cmd.env("DOSSIER_INDEX", "viaenv");
    env.run_with(cmd, &["query", "x"])
        .expect_code(2)
        .stderr_has("no index at viaenv");
}

#[test]
fn query_syntax_error_is_exit_2_with_a_pointer() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let run = env
        .run(&["query", "sovereignty AND (sale"])
        .expect_code(2)
        .stderr_has("unclosed '(' at character 17")
        .stderr_has("to search the words as written");
    assert!(!run.stderr.contains("panicked"));
    // An unclosed quote is a phrase to the end; an unknown field is a word, with a hint.
    env.run(&["query", "title:\"Trump's Offer"]).ok();
    env.run(&["query", "speeker:sheinbaum"])
        .expect_code(1)
        .stderr_has("'speeker:' is not a field")
        .stderr_has("speaker");
}

#[test]
fn plain_text_with_punctuation_is_searched_as_words() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    // Apostrophes, a colon and a stray parenthesis are not query syntax here.
    let r: Response = env
        .run(&[
            "query",
            "Mexico's president: (sovereignty",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(r.total_hits, 2);
}

#[test]
fn bad_option_values_name_the_flag() {
    let env = Env::with_corpus();
    env.run(&["query", "x", "--since", "yesterday"])
        .expect_code(2)
        .stderr_has("--since");
    env.run(&["query", "x", "--sort", "sideways"])
        .expect_code(2)
        .stderr_has("--sort");
    env.run(&["query", "x", "--format", "xml"])
        .expect_code(2)
        .stderr_has("--format");
}

#[test]
fn locked_index_is_refused() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let index = dossier::index::open(&env.path("index")).unwrap();
    let _writer: tantivy::IndexWriter = index.index.writer(50_000_000).unwrap();
    env.run(&["index"])
        .expect_code(2)
        .stderr_has("another dossier process is writing");
    // Readers are not blocked.
    env.run(&["query", "sovereignty"]).ok();
}

#[test]
fn an_index_read_once_answers_as_one_read_repeatedly() {
    use dossier::index::{open_for, Reading};
    use dossier::search::{Engine, SearchOptions};
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let answer = |reading| {
        let engine = Engine::new(&open_for(&env.path("index"), reading).unwrap());
        // Twice through one reader: with no block kept, the second reads decompress again.
        let answers: Vec<Value> = (0..2)
            .map(|_| {
                let options = SearchOptions {
                    query: "sovereignty OR trump".into(),
                    ..SearchOptions::default()
                };
                let response = engine.search(&options).unwrap();
                serde_json::to_value(&response.hits).unwrap()
            })
            .collect();
        assert_eq!(answers[0], answers[1]);
        answers[0].clone()
    };
    let once = answer(Reading::Once);
    assert!(
        once.as_array().is_some_and(|hits| hits.len() >= 2),
        "{once}"
    );
    assert_eq!(once, answer(Reading::Repeated));
}

#[test]
fn incompatible_index_says_to_rebuild() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    env.write(
        "index/dossier.json",
        r#"{"schema_version": 999, "dossier": "9.9.9"}"#,
    );
    env.run(&["query", "sovereignty"])
        .expect_code(2)
        .stderr_has("dossier index --rebuild");
    env.run(&["index", "--rebuild"]).ok();
    env.run(&["query", "sovereignty"]).ok();
}

#[test]
fn not_an_index_folder_is_not_wiped() {
    let env = Env::with_corpus();
    env.write("stuff/keep.txt", "precious");
    env.run(&["--index", "stuff", "index", "--rebuild"])
        .expect_code(2)
        .stderr_has("not a dossier index");
    assert!(env.path("stuff/keep.txt").exists());
}

#[test]
fn closed_pipe_is_not_an_error() {
    let env = Env::new();
    let mut lines = String::new();
    for i in 0..400 {
        lines.push_str(&format!(
            "{{\"id\":\"n{i}\",\"title\":\"Harbour {i}\",\"body\":\"harbour news item {i} {}\"}}\n",
            "filler words ".repeat(30)
        ));
    }
    env.write("big/feed.jsonl", lines);
    env.run(&["index", "big"]).ok();
    let mut child = env
        .command(&["query", "harbour", "-n", "400"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_has_examples() {
    let env = Env::new();
    for cmd in ["index", "query", "extract", "stats"] {
        env.run(&[cmd, "--help"]).ok().stdout_has("Examples:");
    }
}

#[test]
fn html_articles_are_indexed_with_their_metadata() {
    let env = Env::new();
    env.write(
        "web/story.html",
        r#"<html><head><title>Site | Lighthouse Restored</title>
        <meta property="og:title" content="Lighthouse Restored">
        <meta property="og:site_name" content="Coast Courier">
        <meta property="article:published_time" content="2024-08-19T07:00:00Z">
        <meta name="author" content="Rui Matos"></head>
        <body><nav>Home</nav><article><p>The old lighthouse shines again.</p>
        <p>"It guided my grandfather home," said Keeper Ines Duarte.</p></article></body></html>"#,
    );
    env.run(&["index", "web"]).ok().stdout_has("1 added");
    let r: Response = env
        .run(&["query", "lighthouse", "--format", "json"])
        .ok()
        .json();
    let h = &r.hits[0];
    assert_eq!(h.title, "Lighthouse Restored");
    assert_eq!(h.source, "Coast Courier");
    assert_eq!(h.author, "Rui Matos");
    assert_eq!(h.date.as_deref(), Some("2024-08-19"));
    assert!(
        !h.snippets[0].text.contains("Home"),
        "{}",
        h.snippets[0].text
    );
}

#[test]
fn a_minus_word_after_the_query_excludes_it() {
    let env = Env::with_corpus();
    let all: Response = env
        .run(&["query", "sovereignty", "--format", "json"])
        .ok()
        .json();
    assert_eq!(all.total_hits, 2);
    // `-reuters` after the query is a query word (not an unknown option), options after it
    // still count, and it means the same as `NOT reuters`.
    let minus: Response = env
        .run(&[
            "query",
            "sovereignty",
            "-reuters",
            "-n",
            "5",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let not: Response = env
        .run(&["query", "sovereignty NOT reuters", "--format", "json"])
        .ok()
        .json();
    assert_eq!(ids(&minus), ids(&not));
    assert!(minus.total_hits < all.total_hits, "{:?}", ids(&minus));
    env.run(&["query", "sovereignty", "--troops"])
        .expect_code(2)
        .stderr_has("unexpected argument '--troops'");
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = env.run(&["completions", shell]).ok();
        assert!(run.stdout.contains("dossier"), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("fuzzy"), "{shell} lacks --fuzzy");
        assert!(run.stdout.contains("show"), "{shell} lacks show");
    }
    env.run(&["completions", "tcsh"])
        .expect_code(2)
        .stderr_has("possible values");
    let run = env.run(&["man"]).ok();
    assert!(run.stdout.contains(".TH dossier 1"), "{}", run.stdout);
    assert!(run.stdout.contains("completions"), "{}", run.stdout);
    // The top-level help names every format read.
    let run = env.run(&["--help"]).ok();
    for ext in [".pdf", ".docx", ".warc", ".jsonl", ".gz", ".zst"] {
        assert!(run.stdout.contains(ext), "--help lacks {ext}");
    }
}
