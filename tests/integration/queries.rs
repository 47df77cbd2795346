//! Queries as people type them: every row of the "what was seen" table of plain text that
//! used to fail or change meaning, run through the real binary.

use crate::util::{hit_ids, Env, Response};

/// A small wire folder whose articles tell the readings apart.
fn wire() -> Env {
    let env = Env::new();
    let articles = [
        (
            "kuwait.txt",
            "Oil prices in Kuwait\n\nOil prices rose in Kuwait on Monday. OPEC was not worried, \
             a minister said. GDP fell -0.5 pct in the quarter; the ratio was 3:1 at 10:30 am.",
        ),
        (
            "pricing.txt",
            "Pricing power\n\nRetailers kept their pricing. Prices of oil were flat, and rates held.",
        ),
        (
            "tariffs.txt",
            "Tariffs\n\nHe said [the tariffs] would hurt [sic] farmers, and profit {est} fell. \
             Who is in charge? Sign in to read. Guilty or not, the court will rule.",
        ),
        (
            "opec.txt",
            "OPEC meets\n\nOPEC ministers were worried about the price of crude oil.",
        ),
    ];
    for (name, text) in articles {
        env.write(&format!("wire/{name}"), text);
    }
    env.run(&["index", "wire"]).ok();
    env
}

/// Total hits of a query (exit 0 or 1, never 2).
fn total(env: &Env, args: &[&str]) -> u64 {
    let mut all = vec!["query", "--format", "json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {} for {args:?}: {}",
        run.code,
        run.stderr
    );
    run.json::<Response>().total_hits
}

fn ids(env: &Env, query: &str) -> Vec<String> {
    hit_ids(env, &["--", query])
}

#[test]
fn and_not_excludes() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    assert_eq!(total(&env, &["sovereignty AND NOT tariffs"]), 1);
    assert_eq!(total(&env, &["sovereignty -tariffs"]), 1);
    assert_eq!(total(&env, &["sovereignty"]), 2);
    let env = wire();
    assert_eq!(total(&env, &["oil AND NOT zzzzqq"]), total(&env, &["oil"]));
    assert_eq!(total(&env, &["(oil OR crude) AND NOT (kuwait rose)"]), 2);
}

#[test]
fn prefixes_match_stemmed_words() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    assert_eq!(total(&env, &["sovereign*"]), 2);
    assert_eq!(total(&env, &["Sheinb*"]), 2);
    assert_eq!(total(&env, &["sovereignty*"]), 2);
    let env = wire();
    // prices, pricing, price.
    assert_eq!(
        ids(&env, "pric*"),
        vec!["wire/kuwait.txt", "wire/opec.txt", "wire/pricing.txt"]
    );
    // The prefix is highlighted in the text as written.
    let run = env.run(&["query", "pric*", "--format", "json"]).ok();
    assert!(run.stdout.contains("highlights"), "{}", run.stdout);
}

#[test]
fn capitals_and_misplaced_operators_are_words() {
    let env = wire();
    for q in [
        "SIGN IN",
        "WHO IS IN CHARGE?",
        "oil AND",
        "OR oil",
        "GUILTY OR NOT",
        "NOT GUILTY",
        "AND",
        "a AND OR b",
    ] {
        total(&env, &[q]);
    }
    assert_eq!(ids(&env, "OIL PRICES IN KUWAIT"), vec!["wire/kuwait.txt"]);
    assert_eq!(ids(&env, "SIGN IN"), vec!["wire/tariffs.txt"]);
    assert_eq!(ids(&env, "GUILTY OR NOT"), vec!["wire/tariffs.txt"]);
    assert_eq!(total(&env, &["oil AND"]), total(&env, &["oil"]));
    // An all-capitals query reads NOT and OR as words, as lower case does.
    assert_eq!(
        total(&env, &["OPEC NOT WORRIED"]),
        total(&env, &["OPEC not worried"])
    );
    assert_eq!(
        ids(&env, "OPEC NOT WORRIED"),
        vec!["wire/kuwait.txt", "wire/opec.txt"]
    );
    assert_eq!(
        total(&env, &["RATES OR PRICES"]),
        total(&env, &["rates or prices"])
    );
}

#[test]
fn a_colon_is_a_field_only_after_a_field_name() {
    let env = wire();
    for q in ["at 10:30 am", "JOHN 3:16", "ratio 3:1", "Note: oil"] {
        total(&env, &[q]);
    }
    assert_eq!(ids(&env, "ratio 3:1"), vec!["wire/kuwait.txt"]);
    assert_eq!(ids(&env, "Title:oil"), ids(&env, "title:oil"));
    assert_eq!(ids(&env, "TITLE:oil"), vec!["wire/kuwait.txt"]);
}

#[test]
fn brackets_outside_ranges_are_words() {
    let env = wire();
    assert_eq!(ids(&env, "[sic]"), vec!["wire/tariffs.txt"]);
    assert_eq!(
        ids(&env, "he said [the tariffs] would hurt"),
        vec!["wire/tariffs.txt"]
    );
    assert_eq!(ids(&env, "profit {est}"), vec!["wire/tariffs.txt"]);
}

#[test]
fn curly_quotes_and_guillemets_make_phrases() {
    let env = wire();
    let straight = ids(&env, "\"oil prices\"");
    assert_eq!(straight, vec!["wire/kuwait.txt"]);
    assert_eq!(ids(&env, "“oil prices”"), straight);
    assert_eq!(ids(&env, "«oil prices»"), straight);
    // As words, "prices of oil" and "price of crude oil" match too.
    assert_eq!(ids(&env, "oil prices").len(), 3);
    // Proximity: "prices of oil" is one word out of place.
    assert_eq!(ids(&env, "\"prices oil\"~1"), vec!["wire/pricing.txt"]);
}

#[test]
fn a_minus_before_a_digit_is_part_of_the_number() {
    let env = wire();
    assert_eq!(ids(&env, "GDP fell -0.5 pct"), vec!["wire/kuwait.txt"]);
}

#[test]
fn empty_queries_are_errors() {
    let env = wire();
    for q in ["", " ", "?!"] {
        env.run(&["query", q])
            .expect_code(2)
            .stderr_has("empty query");
    }
}

#[test]
fn stop_word_queries_say_so() {
    let env = wire();
    for q in ["to be or not to be", "the the"] {
        let run = env.run(&["query", q]).expect_code(1);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains("stop word"), "{}", run.stderr);
    }
    // A name made of common words is still found: only words the index holds are searched.
    assert_eq!(ids(&env, "Who is"), vec!["wire/tariffs.txt"]);
}

#[test]
fn speaker_field_means_the_speaker_option() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let speakers = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["query", "--quotes", "--format", "json", "-n", "50"];
        all.extend_from_slice(args);
        let run = env.run(&all).ok();
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["speaker"].as_str().unwrap().to_string())
            .collect()
    };
    let by_field = speakers(&["speaker:sheinbaum"]);
    assert!(!by_field.is_empty());
    assert!(
        by_field.iter().all(|s| s == "Claudia Sheinbaum"),
        "{by_field:?}"
    );
    let by_option = speakers(&["sovereignty", "--speaker", "sheinbaum"]);
    assert_eq!(speakers(&["sovereignty speaker:sheinbaum"]), by_option);
    // The same filter on articles.
    assert_eq!(
        total(&env, &["sovereignty speaker:sheinbaum"]),
        total(&env, &["sovereignty", "--speaker", "sheinbaum"])
    );
    assert_eq!(total(&env, &["sovereignty source:corpus"]), 2);
    assert_eq!(total(&env, &["sovereignty date:2025-05-08"]), 1);
    assert_eq!(
        total(&env, &["sovereignty date:[2025-05-01 TO 2025-05-05]"]),
        1
    );
    assert_eq!(total(&env, &["sovereignty date:2025"]), 2);
    // A range open at both ends: every dated article.
    assert_eq!(total(&env, &["sovereignty date:[* TO *]"]), 2);
    assert_eq!(total(&env, &["date:[* TO *]"]), 2);
    env.run(&["query", "date:someday"])
        .expect_code(2)
        .stderr_has("is not a date");
}

#[test]
fn huge_limits_and_offsets_are_clamped() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    for args in [
        &["query", "sovereignty", "-n", "99999999999"][..],
        &["query", "sovereignty", "--offset", "99999999999"],
        &["query", "sovereignty", "--quotes", "-n", "99999999999"],
    ] {
        let run = env.run(args);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn explain_says_how_the_query_was_read() {
    let env = wire();
    let run = env.run(&["query", "--explain", "OPEC NOT WORRIED"]).ok();
    assert!(run.stdout.contains("read as:"), "{}", run.stdout);
    assert!(
        run.stdout.contains("query is in capitals"),
        "{}",
        run.stdout
    );
    let run = env
        .run(&[
            "query",
            "--explain",
            "--format",
            "json",
            "oil AND NOT kuwait",
        ])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["explain"], "read as: oil AND NOT kuwait");
    let run = env
        .run(&["query", "--explain", "to be or not to be"])
        .expect_code(1);
    assert!(
        run.stdout.contains("nothing left to search for"),
        "{}",
        run.stdout
    );
}

#[test]
fn batch_lines_in_other_encodings_and_a_byte_order_mark() {
    let env = wire();
    let input = env.write(
        "q.tsv",
        b"\xEF\xBB\xBFq1\toil\nq2\tcaf\xe9 prices\n{\"id\": \"q3\", \"query\": \"\"}\nq4\tkuwait\n"
            .as_slice(),
    );
    let run = env.run(&["batch", input.to_str().unwrap()]).expect_code(2);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert_eq!(lines[0]["id"], "q1");
    assert_eq!(lines[1]["query"], "café prices");
    assert!(lines[2]["error"].as_str().unwrap().contains("empty query"));
    assert_eq!(lines[3]["id"], "q4");
}

#[test]
fn natural_language_topics_run_with_no_failure() {
    let env = wire();
    let topics = "1\tWHAT ARE THE EFFECTS OF OIL PRICES IN KUWAIT AND OTHER OPEC COUNTRIES .\n\
                  2\tWHO IS IN CHARGE OF PRICING OR RATES ?\n\
                  3\tIS THE COURT'S RULING ON TARIFFS (SIC) GUILTY OR NOT .\n\
                  4\tDOCUMENTS DESCRIBING NOT ONLY PRICES BUT ALSO PROFIT {EST} .\n\
                  5\tARTICLES ON GDP: -0.5 PCT AT 10:30 AM [REPORTED] .\n\
                  6\tFIND \"OIL PRICES\" AND NOT TARIFFS\n\
                  7\tA AND B OR C NOT D +E -F\n";
    let input = env.write("topics.tsv", topics);
    let run = env
        .run(&[
            "batch",
            input.to_str().unwrap(),
            "--format",
            "trec",
            "--any",
        ])
        .ok();
    assert!(!run.stderr.contains("failed"), "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("1 Q0 wire/kuwait.txt")),
        "{}",
        run.stdout
    );
}

#[test]
fn long_and_odd_plain_text_runs_through_the_binary() {
    let env = wire();
    // A pasted page: 2,000 words with punctuation, in mixed case.
    let words = [
        "Oil",
        "PRICES",
        "in",
        "Kuwait",
        "(rose)",
        "OR",
        "fell;",
        "he",
        "said:",
        "[sic]",
        "10:30",
        "“quoted”",
        "-0.5",
        "NOT",
        "worried?",
        "AND",
    ];
    // 900 words, within the query limits (10,000 characters, 1,024 words): searched.
    let text: Vec<&str> = (0..900)
        .map(|i| words[(i * 7 + i / 3) % words.len()])
        .collect();
    let text = text.join(" ");
    assert!(text.chars().count() <= 10_000);
    for args in [
        &["query", "--", &text][..],
        &["query", "--any", "--", &text],
    ] {
        let run = env.run(args);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    }
    // 2,000 words: refused, naming the limit.
    let text: Vec<&str> = (0..2000)
        .map(|i| words[(i * 7 + i / 3) % words.len()])
        .collect();
    env.run(&["query", "--", &text.join(" ")])
        .expect_code(2)
        .stderr_has("the limit is");
}

#[test]
fn expansion_reranks_without_changing_what_matches() {
    let env = wire();
    let plain = total(&env, &["oil"]);
    assert_eq!(total(&env, &["oil", "--expand"]), plain);
    let run = env
        .run(&["query", "oil", "--expand", "--explain", "--format", "json"])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v["explain"].as_str().unwrap().starts_with("read as: oil"));
    // With --any, the added words may match too (never fewer hits).
    assert!(total(&env, &["oil", "--expand", "--any"]) >= plain);
}

#[test]
fn abbreviations_and_possessives_are_words() {
    let env = Env::new();
    env.write(
        "wire/troops.txt",
        "Troops\n\nThe U.S. sent troops; the U.N. Security Council met. The cartel's men fled.",
    );
    env.write("wire/us.txt", "Us\n\nLet us sing a song about the sun.");
    env.run(&["index", "wire"]).ok();
    // U.S., US and the pronoun us are one word, as in Lucene's classic analyzer: a phrase
    // around it tells them apart.
    assert_eq!(ids(&env, "U.S."), vec!["wire/troops.txt", "wire/us.txt"]);
    assert_eq!(ids(&env, "\"U.S. sent\""), vec!["wire/troops.txt"]);
    assert_eq!(ids(&env, "U.N. Security Council"), vec!["wire/troops.txt"]);
    assert_eq!(ids(&env, "cartel"), vec!["wire/troops.txt"]);
    assert_eq!(ids(&env, "\"cartel's men\""), vec!["wire/troops.txt"]);
}

#[test]
fn batch_explains_on_stderr_for_tsv_and_trec() {
    let env = wire();
    let input = env.write("q.tsv", "q1\tOPEC NOT WORRIED\n");
    let run = env
        .run(&[
            "batch",
            input.to_str().unwrap(),
            "--format",
            "trec",
            "--explain",
        ])
        .ok();
    assert!(run.stderr.contains("query q1: read as:"), "{}", run.stderr);
    let run = env
        .run(&["batch", input.to_str().unwrap(), "--explain"])
        .ok();
    assert!(run.stdout.contains("\"explain\""), "{}", run.stdout);
}

#[test]
fn a_star_matches_every_article_and_filters_alone_choose() {
    let env = wire();
    let all = env.run(&["stats", "--format", "json"]).ok();
    let documents = serde_json::from_str::<serde_json::Value>(&all.stdout).unwrap()["documents"]
        .as_u64()
        .unwrap();
    let run = env
        .run(&["query", "*", "--format", "json", "-n", "100"])
        .ok();
    let r: Response = run.json();
    assert_eq!(r.total_hits, documents);
    assert_eq!(r.hits.len() as u64, documents);
    // With a filter, the filter alone decides; a word with it is as without `*`.
    assert_eq!(
        hit_ids(&env, &["*", "--since", "2099"]),
        Vec::<String>::new()
    );
    assert_eq!(hit_ids(&env, &["* kuwait"]), hit_ids(&env, &["kuwait"]));
}

#[test]
fn quotes_without_a_query_lists_the_filtered_speakers_quotations() {
    let env = Env::new();
    env.write(
        "news/a.txt",
        "Harbour\n\n\"We will dredge the channel,\" said Jane Roe. \"Not this year,\" said John Doe.",
    );
    env.write(
        "news/b.txt",
        "Bridge\n\n\"The bridge will close in May,\" said Jane Roe.",
    );
    env.run(&["index", "news"]).ok();
    let run = env
        .run(&["quotes", "--speaker", "jane roe", "--format", "json"])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut texts: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            assert_eq!(g["speaker"], "Jane Roe");
            g["text"].as_str().unwrap()
        })
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        vec!["The bridge will close in May", "We will dredge the channel"]
    );
    // `query '*' --speaker` lists her articles by the filter alone.
    assert_eq!(
        hit_ids(&env, &["*", "--speaker", "jane roe"]),
        vec!["news/a.txt", "news/b.txt"]
    );
    assert_eq!(
        hit_ids(&env, &["*", "--speaker", "doe"]),
        vec!["news/a.txt"]
    );
}

#[test]
fn no_hit_suggests_the_index_words_and_fuzzy_finds_them() {
    let env = wire();
    // A typo (two letters swapped) has no hit, and a suggestion from the index's words,
    // written as the articles write them (not the stem).
    let run = env.run(&["query", "kuwiat"]).expect_code(1);
    assert!(
        run.stdout.contains("did you mean: kuwait?"),
        "{}",
        run.stdout
    );
    let run = env.run(&["query", "--format", "json", "--", "ministres worried"]);
    let r: Response = run.expect_code(1).json();
    assert_eq!(r.suggestion.as_deref(), Some("ministers worried"));
    // Known words, fields, operators and short words are kept as typed.
    let r: Response = env
        .run(&["query", "--format", "json", "kuwait AND tariffs"])
        .expect_code(1)
        .json();
    assert_eq!(r.suggestion, None);
    let r: Response = env
        .run(&["query", "--format", "json", "source:wire AND kuwiat"])
        .expect_code(1)
        .json();
    assert_eq!(r.suggestion.as_deref(), Some("source:wire AND kuwait"));
    // A query with hits pays for no suggestion.
    let r: Response = env
        .run(&["query", "--format", "json", "kuwait"])
        .ok()
        .json();
    assert_eq!(r.suggestion, None);
    // --fuzzy: one edit for a word of 4 to 7 letters, two from 8.
    assert_eq!(
        hit_ids(&env, &["kuwiat", "--fuzzy"]),
        vec!["wire/kuwait.txt"]
    );
    assert_eq!(
        hit_ids(&env, &["minsiters", "--fuzzy"]),
        vec!["wire/kuwait.txt", "wire/opec.txt"]
    );
    // Short words and phrases stay exact.
    assert_eq!(hit_ids(&env, &["oik", "--fuzzy"]), Vec::<String>::new());
    assert_eq!(
        hit_ids(&env, &["\"crude oyl\"", "--fuzzy"]),
        Vec::<String>::new()
    );
}
