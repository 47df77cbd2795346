//! Story groups beyond one process: ids derived from the founding article (the same in any
//! run), `extract --signature` and the `group` pass giving the groups of one process from
//! parts extracted apart, and flashes (a headline, no body) grouped by their headline.

use std::collections::HashMap;

use crate::stories::{paragraph, story};
use crate::util::{Env, Response};

/// One JSONL record.
fn record(id: &str, title: &str, date: &str, body: &str) -> String {
    serde_json::json!({"id": id, "title": title, "date": date, "source": "Wire", "body": body})
        .to_string()
}

/// A wire of 24 records: stories with copies a day or two apart (and one a week later),
/// repeated flashes, short notices, and stories of their own, interleaved so that any
/// split in three puts copies of one story in different parts.
fn wire() -> Vec<String> {
    let mut lines = Vec::new();
    for k in 0..4u64 {
        let body = story(20 + k).join("\n\n");
        let mut edited = story(20 + k);
        edited.remove(1);
        let edited = edited.join("\n\n");
        let day = |d: u64| format!("1987-03-{:02}", 2 + 7 * k + d);
        lines.push(record(&format!("s{k}a"), "Story", &day(0), &body));
        lines.push(record(&format!("f{k}a"), "OIL PRICES RISE", &day(0), ""));
        lines.push(record(
            &format!("o{k}"),
            "Other",
            &day(0),
            &paragraph(90 + k, 60),
        ));
        lines.push(record(
            &format!("s{k}b"),
            "Story, updated",
            &day(1),
            &edited,
        ));
        lines.push(record(&format!("f{k}b"), "Oil prices rise", &day(2), ""));
        lines.push(record(
            &format!("q{k}"),
            "Qtly div",
            &day(1),
            "Qtly div 25 cts",
        ));
    }
    lines
}

/// `extract --signature --format jsonl` of `file`.
fn extract(env: &Env, file: &str) -> String {
    env.run(&["extract", file, "--signature", "--format", "jsonl"])
        .ok()
        .stdout
}

/// Each line's id → its story.
fn stories(jsonl: &str) -> HashMap<String, String> {
    jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().into(),
                v["story"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn a_group_pass_over_three_parts_gives_the_groups_of_one_process() {
    let env = Env::new();
    let lines = wire();
    env.write("all.jsonl", lines.join("\n") + "\n");
    let whole = extract(&env, "all.jsonl");
    // Three parts, as three Spark partitions would extract them apart.
    let mut parts = Vec::new();
    for (n, chunk) in lines.chunks(8).enumerate() {
        let name = format!("part{n}.jsonl");
        env.write(&name, chunk.join("\n") + "\n");
        env.write(&format!("out{n}.jsonl"), extract(&env, &name));
        parts.push(format!("out{n}.jsonl"));
    }
    let apart: Vec<&str> = parts.iter().map(String::as_str).collect();
    let apart_stories: HashMap<_, _> = apart
        .iter()
        .flat_map(|p| stories(&std::fs::read_to_string(env.path(p)).unwrap()))
        .collect();
    let mut args = vec!["group"];
    args.extend(&apart);
    let grouped = env.run(&args).ok().stderr_has("24 articles in 13 stories");
    // Line for line the output of one process, less the signatures (and the file names,
    // which differ here: Spark pipes every part through standard input).
    let comparable = |jsonl: &str| -> Vec<String> {
        jsonl
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.as_object_mut().unwrap().remove("signature");
                v.as_object_mut().unwrap().remove("path");
                v.to_string()
            })
            .collect()
    };
    assert_eq!(comparable(&grouped.stdout), comparable(&whole));
    assert!(!grouped.stdout.contains("\"signature\""));
    let one = stories(&whole);
    // Copies across parts were apart, and are one story now.
    assert_ne!(apart_stories["s1a"], apart_stories["s1b"]);
    assert_eq!(one["s1a"], one["s1b"]);
    // Flashes a day or two apart are one story; a week later, another.
    assert_eq!(one["f0a"], one["f0b"]);
    assert_ne!(one["f0a"], one["f1a"]);
    assert_ne!(one["s0a"], one["s1a"]);
    // Kept signatures can be grouped again, to the same groups.
    env.write("grouped.jsonl", &grouped.stdout);
    let kept = env.run(&[
        "group",
        "--keep-signature",
        "out0.jsonl",
        "out1.jsonl",
        "out2.jsonl",
    ]);
    env.write("kept.jsonl", kept.ok().stdout);
    assert_eq!(stories(&env.run(&["group", "kept.jsonl"]).ok().stdout), one);
}

#[test]
fn story_ids_are_the_same_in_every_run_and_in_the_index() {
    let env = Env::new();
    env.write("all.jsonl", wire().join("\n") + "\n");
    let first = stories(&extract(&env, "all.jsonl"));
    assert_eq!(first, stories(&extract(&env, "all.jsonl")));
    // Founded by the same article, a story has the same id in a part extracted alone.
    env.write("tail.jsonl", wire()[6..].join("\n") + "\n");
    let tail = stories(&extract(&env, "tail.jsonl"));
    assert_eq!(tail["s1a"], first["s1a"]);
    // And in the index.
    env.run(&["index", "all.jsonl"]).ok();
    let r: Response = env
        .run(&["query", "oil", "--all-copies", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits.len(), 8);
    for hit in &r.hits {
        assert_eq!(hit.story, first[&hit.id], "{}", hit.id);
    }
}

#[test]
fn repeated_flashes_are_one_story() {
    let env = Env::new();
    let flash = "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4";
    let mut lines: Vec<String> = (0..10)
        .map(|k| record(&format!("x{k}"), flash, "1987-03-12", ""))
        .collect();
    lines.push(record("later", flash, "1987-04-30", ""));
    lines.push(record(
        "other",
        "ASSETS OF MONEY MARKET MUTUAL FUNDS FELL 1.2",
        "1987-03-12",
        "",
    ));
    env.write("flashes.jsonl", lines.join("\n") + "\n");
    env.run(&["index", "flashes.jsonl"]).ok();
    let r: Response = env.run(&["query", flash, "--format", "json"]).ok().json();
    // The ten copies are one hit; the same headline weeks later is another story.
    assert_eq!(r.hits.len(), 2, "{:?}", crate::util::ids(&r));
    assert_eq!(r.hits.iter().map(|h| h.copies).max(), Some(9));
    let stats: serde_json::Value =
        serde_json::from_str(&env.run(&["stats", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(stats["documents"], 12);
    assert_eq!(stats["stories"], 3);
}

#[test]
fn bad_lines_are_named_and_the_rest_grouped() {
    let env = Env::new();
    env.write("all.jsonl", wire()[..3].join("\n") + "\n");
    let good = extract(&env, "all.jsonl");
    env.write(
        "mixed.jsonl",
        format!("{good}not json\n{{\"id\":\"z\",\"date\":null}}\n"),
    );
    let run = env
        .run(&["group", "mixed.jsonl"])
        .expect_code(2)
        .stderr_has("mixed.jsonl:4: not an article")
        .stderr_has("mixed.jsonl:5: no signature");
    assert_eq!(run.stdout.lines().count(), 3);
    env.run(&["group", "missing.jsonl"])
        .expect_code(2)
        .stderr_has("cannot read missing.jsonl");
}
