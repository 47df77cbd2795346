//! `dossier batch`: input forms, order, per-query errors, exit codes, TSV and TREC output,
//! against a small index built from the newsroom fixture.

use std::io::Write;
use std::process::Stdio;

use crate::util::{Env, Run};
use serde_json::Value;

fn newsroom() -> Env {
    let env = Env::with_fixture("newsroom");
    env.run(&["index", "newsroom"]).ok();
    env
}

/// Runs `dossier batch ARGS` with `input` on stdin.
pub fn batch(env: &Env, args: &[&str], input: &str) -> Run {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    let mut cmd = env.command(&all);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        cmd: format!("dossier {} <<< {input:?}", all.join(" ")),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn lines(run: &Run) -> Vec<Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn every_input_form_in_input_order() {
    let env = newsroom();
    let input = "# comment\n\nharbour\nq-ferry\tferry\n{\"id\": \"j1\", \"query\": \"harbour\", \"source\": \"wire service\", \"limit\": 1}\nxylophone\n";
    let run = batch(&env, &[], input).ok();
    let out = lines(&run);
    let ids: Vec<&str> = out.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["3", "q-ferry", "j1", "6"]);
    assert_eq!(out[0]["query"], "harbour");
    assert_eq!(out[0]["total_hits"], 4);
    assert!(!out[0]["hits"][0]["snippets"].as_array().unwrap().is_empty());
    assert_eq!(
        out[1]["hits"][0]["id"],
        "newsroom/harbour-gazette/ferry.txt"
    );
    assert_eq!(out[2]["hits"].as_array().unwrap().len(), 1);
    assert_eq!(out[2]["hits"][0]["source"], "Wire Service");
    assert_eq!(out[3]["total_hits"], 0);
}

#[test]
fn command_line_options_are_defaults_json_overrides() {
    let env = newsroom();
    let input = "harbour\n{\"query\": \"harbour\", \"limit\": 3}\n";
    let out = lines(&batch(&env, &["-n", "1", "--no-snippets"], input).ok());
    assert_eq!(out[0]["hits"].as_array().unwrap().len(), 1);
    assert_eq!(out[1]["hits"].as_array().unwrap().len(), 3);
    assert!(out[0]["hits"][0]["snippets"].as_array().unwrap().is_empty());
}

#[test]
fn a_bad_query_fails_alone_and_the_exit_code_says_so() {
    let env = newsroom();
    let input = "harbour\ntitle:(unclosed\n{\"query\": \"x\", \"since\": \"soon\"}\nferry\n";
    let run = batch(&env, &[], input).expect_code(2);
    let out = lines(&run);
    assert_eq!(out.len(), 4);
    assert!(
        out[1]["error"].as_str().unwrap().contains("unclosed '('"),
        "{}",
        out[1]
    );
    assert_eq!(out[1]["query"], "title:(unclosed");
    assert!(out[2]["error"].as_str().unwrap().contains("since"));
    assert_eq!(out[3]["id"], "4");
    assert!(out[3]["total_hits"].as_u64().unwrap() > 0);
    assert!(
        run.stderr.contains("2 of 4 queries failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn exit_1_when_nothing_matches() {
    let env = newsroom();
    batch(&env, &[], "xylophone\nzeppelin\n").expect_code(1);
    batch(&env, &[], "").expect_code(1);
}

#[test]
fn tsv_and_trec_lines() {
    let env = newsroom();
    let run = batch(&env, &["--format", "tsv"], "t1\tferry\n").ok();
    let fields: Vec<&str> = run.stdout.trim_end().split('\t').collect();
    assert_eq!(fields.len(), 6, "{}", run.stdout);
    assert_eq!(fields[0], "t1");
    assert_eq!(fields[1], "1");
    assert!(fields[2].parse::<f64>().unwrap() > 0.0);
    assert_eq!(fields[3], "newsroom/harbour-gazette/ferry.txt");
    assert_eq!(fields[4], "2023-11-03");
    assert_eq!(fields[5], "Ferry Service Cut Back for Winter");

    // Every input line has its rows: no hit is a `0` row, a failed query an `error` row.
    let run = batch(
        &env,
        &["--format", "tsv"],
        "a\tferry\nb\txylophone\nc\ttitle:(unclosed\n",
    )
    .expect_code(2);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 3, "{}", run.stdout);
    assert!(rows.iter().all(|r| r.len() == 6), "{}", run.stdout);
    assert_eq!((rows[0][0], rows[0][1]), ("a", "1"));
    assert_eq!(rows[1], ["b", "0", "", "", "", ""]);
    assert_eq!((rows[2][0], rows[2][1]), ("c", "error"));
    assert!(rows[2][5].contains("unclosed"), "{}", run.stdout);

    let run = batch(&env, &["--format", "trec", "--any"], "7\tharbour ferry\n").ok();
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(|l| l.split(' ').collect()).collect();
    assert_eq!(rows.len(), 4);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), 6);
        assert_eq!(r[0], "7");
        assert_eq!(r[1], "Q0");
        assert_eq!(r[3], (i + 1).to_string());
        assert!(r[4].parse::<f64>().is_ok());
        assert_eq!(r[5], "dossier");
    }
    // Best first.
    assert_eq!(rows[0][2], "newsroom/harbour-gazette/ferry.txt");
}

#[test]
fn queries_from_a_file_and_many_of_them() {
    let env = newsroom();
    let mut input = String::new();
    for i in 0..1500 {
        input.push_str(&format!(
            "q{i}\t{}\n",
            if i % 2 == 0 { "harbour" } else { "grain" }
        ));
    }
    env.write("queries.tsv", &input);
    let run = env
        .run(&["batch", "queries.tsv", "--no-snippets", "-n", "1"])
        .ok();
    let out = lines(&run);
    assert_eq!(out.len(), 1500);
    for (i, r) in out.iter().enumerate() {
        assert_eq!(r["id"], format!("q{i}"));
        let want = if i % 2 == 0 { 4 } else { 1 };
        assert_eq!(r["total_hits"], want);
    }
    env.run(&["batch", "missing.txt"])
        .expect_code(2)
        .stderr_has("missing.txt");
}

#[test]
fn stop_word_queries_match_nothing_without_error() {
    let env = newsroom();
    let out = lines(&batch(&env, &[], "to be or not to be\n+the +of\nharbour\n").ok());
    assert_eq!(out[0]["total_hits"], 0);
    assert_eq!(out[1]["total_hits"], 0);
    assert!(out.iter().all(|r| r.get("error").is_none()));
}

#[test]
fn a_query_past_the_limits_fails_alone_naming_the_limit() {
    let env = newsroom();
    let long = "minister ".repeat(2_000);
    let many = (0..1_100)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let input = format!("harbour\n{long}\n{many}\nferry\n");
    let run = batch(&env, &[], &input).expect_code(2);
    let out = lines(&run);
    assert_eq!(out.len(), 4, "one row a line: {}", run.stdout);
    assert_eq!(out[0]["total_hits"], 4);
    assert!(out[1]["error"]
        .as_str()
        .unwrap()
        .contains("the limit is 10000"));
    assert!(out[2]["error"]
        .as_str()
        .unwrap()
        .contains("the limit is 1024"));
    assert!(out[3]["total_hits"].as_u64().unwrap() > 0);
}

#[test]
fn a_bad_json_line_is_reported_under_its_own_id() {
    let env = newsroom();
    let input = "{\"id\": \"q-7\", \"query\": \"harbour\", \"limt\": 3}\n\
                 {\"id\": 12, \"query\": 5}\n\
                 {\"query\": \"harbour\", \"colour\": 1}\n\
                 {not json\n\
                 {\"id\": \"q-9\", \"query\": \"ferry\", \"fuzzy\": true}\n";
    for format in ["jsonl", "tsv"] {
        let run = batch(&env, &["--format", format], input).expect_code(2);
        if format == "tsv" {
            let ids: Vec<&str> = run
                .stdout
                .lines()
                .map(|l| l.split('\t').next().unwrap())
                .collect();
            assert_eq!(&ids[..4], ["q-7", "12", "3", "4"], "{}", run.stdout);
            assert!(ids[4..].iter().all(|&id| id == "q-9"), "{}", run.stdout);
            continue;
        }
        let out = lines(&run);
        assert_eq!(out[0]["id"], "q-7");
        assert_eq!(out[0]["query"], "harbour");
        assert!(
            out[0]["error"].as_str().unwrap().contains("limt"),
            "{}",
            out[0]
        );
        assert_eq!(out[1]["id"], "12");
        assert_eq!(out[2]["id"], "3");
        assert_eq!(out[3]["id"], "4");
        assert_eq!(out[4]["id"], "q-9");
        assert!(out[4]["total_hits"].as_u64().unwrap() > 0);
    }
}

#[test]
fn suggestions_only_when_asked() {
    let env = newsroom();
    // `harbuor` is `harbour` with two letters swapped.
    let input = "harbuor\n{\"id\": \"s\", \"query\": \"harbuor\", \"suggest\": true}\n";
    let out = lines(&batch(&env, &[], input).expect_code(1));
    assert_eq!(out[0]["total_hits"], 0);
    assert!(out[0].get("suggestion").is_none(), "{}", out[0]);
    assert_eq!(out[1]["suggestion"], "harbour");
    // --suggest makes it the default.
    let out = lines(&batch(&env, &["--suggest"], "harbuor\n").expect_code(1));
    assert_eq!(out[0]["suggestion"], "harbour");
}
