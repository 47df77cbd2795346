//! `dossier show ID…`: an article opened by id, with its quotations marked by speaker and
//! its copies; hits and copies lists that name records by id.

use crate::util::Env;
use serde_json::Value;

/// A wire file of three records: two copies of one story (from two sources) and another.
fn wire() -> Env {
    let env = Env::new();
    let story = "The harbour board met on Monday. \\\"We will dredge the channel,\\\" said Jane Roe, the board's chair, \\\"and we will do it this year.\\\" Ships have run aground twice this spring, and pilots have asked for deeper water at the entrance to the port for years.";
    env.write(
        "wire/feed.jsonl",
        format!(
            "{{\"id\": \"w-1\", \"title\": \"Harbour to be dredged\", \"source\": \"Coast Times\", \"date\": \"2024-04-02\", \"body\": \"{story}\"}}\n\
             {{\"id\": \"w-2\", \"title\": \"Harbour to be dredged\", \"source\": \"Port Daily\", \"date\": \"2024-04-03\", \"body\": \"{story}\"}}\n\
             {{\"id\": \"w-3\", \"title\": \"Bridge repairs\", \"source\": \"Coast Times\", \"date\": \"2024-04-05\", \"body\": \"The bridge closes for repairs in May, the council said.\"}}\n"
        ),
    );
    env.run(&["index", "wire"]).ok();
    env
}

#[test]
fn show_prints_the_article_its_speakers_quotations_and_copies() {
    let env = wire();
    let run = env.run(&["show", "w-1"]).ok();
    let out = &run.stdout;
    assert!(out.starts_with("Harbour to be dredged\n"), "{out}");
    assert!(out.contains("id       w-1\n"), "{out}");
    assert!(out.contains("path     wire/feed.jsonl\n"), "{out}");
    assert!(out.contains("source   Coast Times\n"), "{out}");
    assert!(
        out.contains("date     2024-04-02 (from metadata)\n"),
        "{out}"
    );
    // Each part of the split quotation is marked in the body, and the list shows the break.
    assert!(
        out.contains("\"We will dredge the channel,\"⟨Jane Roe, part 1 of 2⟩"),
        "{out}"
    );
    assert!(
        out.contains("\"and we will do it this year.\"⟨Jane Roe, part 2 of 2⟩"),
        "{out}"
    );
    assert!(
        out.contains("Jane Roe: “We will dredge the channel” ‖ “and we will do it this year.”"),
        "{out}"
    );
    // The copy is named by its id and told apart by its source and date.
    assert!(out.contains("1 other copy of this story\n"), "{out}");
    assert!(
        out.contains("  w-2 · Port Daily · 2024-04-03 · Harbour to be dredged · wire/feed.jsonl"),
        "{out}"
    );
}

#[test]
fn show_json_lists_each_article_with_its_copies() {
    let env = wire();
    let run = env.run(&["show", "w-3", "w-2", "--format", "json"]).ok();
    let list: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], "w-3");
    assert_eq!(list[0]["copies_total"], 0);
    assert_eq!(list[1]["id"], "w-2");
    assert_eq!(list[1]["copies_total"], 1);
    assert_eq!(list[1]["copies"][0]["id"], "w-1");
    assert_eq!(list[1]["copies"][0]["source"], "Coast Times");
    assert_eq!(list[1]["quotes"][0]["speaker"], "Jane Roe");
    assert_eq!(list[1]["quotes"][1]["continues"], 0);
    assert!(list[1]["body"].as_str().unwrap().contains("harbour board"));
    // jsonl: one article a line.
    let run = env.run(&["show", "w-3", "w-1", "--format", "jsonl"]).ok();
    assert_eq!(run.stdout.lines().count(), 2);
}

#[test]
fn a_missing_id_is_said_and_exits_1() {
    let env = wire();
    let run = env.run(&["show", "w-3", "nope"]).expect_code(1);
    assert!(run.stdout.contains("Bridge repairs"), "{}", run.stdout);
    assert!(
        run.stderr.contains("no article with id \"nope\""),
        "{}",
        run.stderr
    );
    env.run(&["show", "nope"]).expect_code(1);
}

#[test]
fn hits_and_copies_name_records_by_id() {
    let env = wire();
    let run = env.run(&["query", "dredge"]).ok();
    let out = &run.stdout;
    assert!(out.contains("wire/feed.jsonl · id w-1"), "{out}");
    assert!(
        out.contains("+1 copy: w-2 (Port Daily 2024-04-03)"),
        "{out}"
    );
}
