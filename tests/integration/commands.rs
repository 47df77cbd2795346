//! The rough edges of every command: output formats, option checks, colour, damaged
//! indexes, help texts.

use crate::util::Env;
use serde_json::Value;

#[test]
fn jsonl_is_one_json_value_a_line_for_stats_and_index() {
    let env = Env::with_corpus();
    let index = env.run(&["index", "--format", "jsonl"]).ok();
    let stats = env.run(&["stats", "--format", "jsonl"]).ok();
    for run in [&index, &stats] {
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{}", run.stdout);
        let value: Value = serde_json::from_str(lines[0]).unwrap();
        assert!(value.is_object());
    }
    let stats: Value = serde_json::from_str(stats.stdout.trim()).unwrap();
    assert_eq!(stats["documents"], 2);
}

#[test]
fn threads_are_checked_against_the_memory_budget() {
    let env = Env::with_corpus();
    let run = env.run(&["index", "--threads", "64"]).expect_code(2);
    assert!(
        run.stderr.contains("--threads 64") && run.stderr.contains("--memory"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("arena"), "{}", run.stderr);
    // Enough memory for the threads: fine; the smallest budget picks threads that fit.
    env.run(&["index", "--threads", "2", "--memory", "40"]).ok();
    env.run(&["index", "--rebuild", "--memory", "20"]).ok();
}

#[test]
fn color_always_beats_no_color_and_never_beats_a_terminal() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let mut cmd = env.command(&["--color", "always", "query", "sovereignty"]);
    cmd.env("NO_COLOR", "1");
    let run = env.run_with(cmd, &["--color", "always", "query", "sovereignty"]);
    assert!(run.stdout.contains('\x1b'), "{}", run.stdout);
    let run = env.run(&["query", "sovereignty"]).ok();
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour on a pipe by default"
    );
}

#[test]
fn a_damaged_index_is_one_line_that_says_to_rebuild() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let segment_file = std::fs::read_dir(env.path("index"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "term"))
        .unwrap();
    let bytes = std::fs::read(&segment_file).unwrap();
    std::fs::write(&segment_file, &bytes[..bytes.len() / 3]).unwrap();
    for args in [&["query", "sovereignty"][..], &["stats"], &["speakers"]] {
        let run = env.run(args).expect_code(2);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("index at index") && run.stderr.contains("dossier index --rebuild"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("tantivy"), "{}", run.stderr);
    }
    // A damaged meta.json too.
    std::fs::write(env.path("index/meta.json"), "{\"segm").unwrap();
    let run = env.run(&["query", "sovereignty"]).expect_code(2);
    assert!(run.stderr.contains("--rebuild"), "{}", run.stderr);
    // And the advice works.
    env.run(&["index", "--rebuild"]).ok();
    env.run(&["query", "sovereignty"]).ok().stdout_has("2 hits");
}

#[test]
fn since_and_until_take_years_and_months() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    // The sample articles are dated 2025-05-04 and 2025-05-08.
    let count = |args: &[&str]| -> u64 {
        let mut all = vec!["query", "sovereignty", "--format", "json"];
        all.extend_from_slice(args);
        let run = env.run(&all);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        run.json::<Value>()["total_hits"].as_u64().unwrap()
    };
    assert_eq!(count(&["--since", "2025"]), 2);
    assert_eq!(count(&["--until", "2025"]), 2);
    assert_eq!(count(&["--since", "2025-05", "--until", "2025-05"]), 2);
    assert_eq!(count(&["--until", "2025-04"]), 0);
    assert_eq!(count(&["--since", "2025-06"]), 0);
    assert_eq!(count(&["--since", "2025-05-05"]), 1);
    let run = env
        .run(&["query", "x", "--since", "2025-06", "--until", "2025-05"])
        .expect_code(2);
    assert!(run.stderr.contains("date range is empty"), "{}", run.stderr);
    let run = env.run(&["query", "x", "--since", "May"]).expect_code(2);
    assert!(run.stderr.contains("--since"), "{}", run.stderr);
}

#[test]
fn empty_names_to_filter_by_are_errors() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    for flag in ["--speaker", "--source"] {
        let run = env.run(&["query", "sovereignty", flag, ""]).expect_code(2);
        assert!(run.stderr.contains(flag), "{}", run.stderr);
    }
    // In a batch line too: an error response, not every article.
    let input = env.write(
        "q.jsonl",
        "{\"id\": \"a\", \"query\": \"sovereignty\", \"speaker\": \"\"}\n",
    );
    let run = env.run(&["batch", input.to_str().unwrap()]).expect_code(2);
    assert!(run.stdout.contains("\"error\""), "{}", run.stdout);
}

#[test]
fn speakers_takes_the_filters_of_query() {
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    let names = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["speakers", "--format", "json"];
        all.extend_from_slice(args);
        env.run(&all)
            .json::<Vec<Value>>()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&[]).len(), 2);
    assert_eq!(names(&["--since", "2025-05"]).len(), 2);
    assert!(names(&["--until", "2025-04"]).is_empty());
    assert!(names(&["--source", "elsewhere"]).is_empty());
    assert_eq!(names(&["--source", "corpus", "sovereignty"]).len(), 2);
}

#[test]
fn extract_prints_only_the_fields_an_article_has() {
    let env = Env::new();
    env.write(
        "notes/a.txt",
        "Harbour news\n\nThe ferry will run on Sunday.",
    );
    let run = env.run(&["extract", "notes/a.txt"]).ok();
    assert!(run.stdout.contains("id: a.txt"), "{}", run.stdout);
    assert!(!run.stdout.contains("author:"), "{}", run.stdout);
    assert!(!run.stdout.contains("url:"), "{}", run.stdout);
    assert!(!run.stdout.contains(": ·"), "{}", run.stdout);
}

#[test]
fn commands_without_an_index_do_not_offer_one() {
    let env = Env::with_corpus();
    let help = env.run(&["extract", "--help"]).ok();
    assert!(!help.stdout.contains("--index"), "{}", help.stdout);
    assert!(!help.stdout.contains("first use"), "{}", help.stdout);
    for command in ["query", "batch", "stats", "speakers"] {
        let help = env.run(&[command, "--help"]).ok();
        assert!(
            help.stdout.contains("--index"),
            "{command}: {}",
            help.stdout
        );
    }
    // extract never builds the index.
    env.run(&["extract", "corpus"]).ok();
    assert!(!env.path("index").exists());
    // --index after the command, as well as before it.
    env.run(&["index", "--index", "idx"]).ok();
    env.run(&["query", "--index", "idx", "sovereignty"]).ok();
    env.run(&["--index", "idx", "query", "sovereignty"]).ok();
}

#[test]
fn index_alone_refreshes_every_root_the_index_holds() {
    let env = Env::new();
    env.write("a/one.txt", "One\n\nThe first article.");
    env.write("b/two.txt", "Two\n\nThe second article.");
    env.run(&["index", "--index", "idx", "a", "b"]).ok();
    env.write("b/two.txt", "Two\n\nThe second article, corrected.");
    env.write("a/three.txt", "Three\n\nA new article.");
    let run = env
        .run(&["index", "--index", "idx", "--format", "json"])
        .ok()
        .stderr_has("refreshing every folder and file this index holds (2)");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["added"], 1, "{}", run.stdout);
    assert_eq!(report["updated"], 1, "{}", run.stdout);
    assert_eq!(report["documents"], 3, "{}", run.stdout);
}
