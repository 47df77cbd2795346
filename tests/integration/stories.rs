//! Copies of one story: grouped at index time whatever was edited, shown as one hit (with
//! the other copies listed) unless `--all-copies`, the earliest copy first when sorted by
//! date, counted in `stats`, and counted once by `speakers`.

use crate::util::{Env, Response};

/// A made-up paragraph: `n` words drawn from syllables by a seeded generator, so different
/// seeds share words but (almost) no runs of four words — as different stories do.
pub fn paragraph(seed: u64, n: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de", "pa", "gu", "ho", "be", "fi", "zo",
        "wa",
    ];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut words = Vec::with_capacity(n);
    for _ in 0..n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = 2 + (x % 2) as usize;
        let word: String = (0..len)
            .map(|k| SYLLABLES[((x >> (8 + 4 * k)) % 16) as usize])
            .collect();
        words.push(word);
    }
    words.join(" ") + "."
}

/// A story of six paragraphs.
pub fn story(seed: u64) -> Vec<String> {
    (0..6).map(|p| paragraph(seed * 100 + p, 45)).collect()
}

fn article(title: &str, date: &str, source: &str, paragraphs: &[String]) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nsource: {source}\n---\n{}\n",
        paragraphs.join("\n\n")
    )
}

/// Writes a story and its edited copies, and a different story on the same subject.
fn newsroom(env: &Env) {
    let base = story(1);
    let mut body = base.clone();
    body[2].push_str(" Harbour vote \"We will build it,\" Mayor Ana Lopes said.");
    env.write(
        "news/a-original.md",
        article("Harbour plan", "2025-05-04", "Wire", &body),
    );
    env.write(
        "news/b-exact.md",
        article("Harbour plan", "2025-05-05", "Daily", &body),
    );
    env.write(
        "news/c-headline.md",
        article("Mayor backs harbour", "2025-05-05", "Post", &body),
    );
    let mut dropped = body.clone();
    dropped.remove(4);
    env.write(
        "news/d-dropped.md",
        article("Harbour plan", "2025-05-04", "Herald", &dropped),
    );
    let mut added = body.clone();
    added.insert(3, paragraph(77, 45));
    env.write(
        "news/e-added.md",
        article("Harbour plan", "2025-05-06", "Times", &added),
    );
    let mut byline = vec!["By Jo Reporter, staff writer".to_string()];
    byline.extend(body.iter().cloned());
    env.write(
        "news/f-byline.md",
        article("Harbour plan", "2025-05-05", "Gazette", &byline),
    );
    let mut boiler = body.clone();
    boiler.push("Copyright 2025 Wire. All rights reserved. Follow us for more.".into());
    env.write(
        "news/g-boiler.md",
        article("Harbour plan", "2025-05-04", "Echo", &boiler),
    );
    // Another story on the harbour: same subject words, a shared background paragraph.
    let mut other = story(2);
    other[1].push_str(" Harbour vote.");
    other.push(body[5].clone());
    env.write(
        "news/h-other.md",
        article("Harbour follow-up", "2025-05-07", "Wire", &other),
    );
}

fn search(env: &Env, args: &[&str]) -> Response {
    let mut all = vec!["query", "--format", "json"];
    all.extend_from_slice(args);
    env.run(&all).json()
}

#[test]
fn edited_copies_are_one_hit_and_other_stories_are_not() {
    let env = Env::new();
    newsroom(&env);
    env.run(&["index", "news"]).ok();
    let r = search(&env, &["harbour", "vote"]);
    assert_eq!(r.total_hits, 8);
    assert_eq!(r.total_stories, Some(2));
    assert_eq!(r.hits.len(), 2);
    let copies: Vec<usize> = r.hits.iter().map(|h| h.copies).collect();
    let mut sorted = copies.clone();
    sorted.sort();
    assert_eq!(sorted, vec![0, 6], "{copies:?}");
    let grouped = r.hits.iter().find(|h| h.copies == 6).unwrap();
    let mut members: Vec<&str> = grouped.other_copies.iter().map(|c| c.id.as_str()).collect();
    members.push(&grouped.id);
    members.sort();
    assert_eq!(
        members,
        vec![
            "news/a-original.md",
            "news/b-exact.md",
            "news/c-headline.md",
            "news/d-dropped.md",
            "news/e-added.md",
            "news/f-byline.md",
            "news/g-boiler.md"
        ]
    );
    // Other copies come earliest first, with their sources and dates.
    let dates: Vec<&str> = grouped
        .other_copies
        .iter()
        .map(|c| c.date.as_deref().unwrap())
        .collect();
    let mut in_order = dates.clone();
    in_order.sort();
    assert_eq!(dates, in_order);
    assert!(grouped.other_copies.iter().all(|c| !c.source.is_empty()));
    let other = r.hits.iter().find(|h| h.copies == 0).unwrap();
    assert_eq!(other.id, "news/h-other.md");
    assert_ne!(other.story, grouped.story);

    // Every copy as its own hit, each carrying its story.
    let all = search(&env, &["harbour", "vote", "--all-copies", "-n", "20"]);
    assert_eq!(all.hits.len(), 8);
    assert_eq!(all.total_stories, None);
    let in_group = all.hits.iter().filter(|h| h.story == grouped.story).count();
    assert_eq!(in_group, 7);
    assert!(all.hits.iter().all(|h| h.copies == 0));

    // The text output says it too.
    let text = env.run(&["query", "harbour", "vote"]).ok().stdout;
    assert!(text.contains("+6 copies: "), "{text}");
    assert!(text.contains("of 2") || text.contains("2 hits"), "{text}");
    assert!(text.contains("8 articles"), "{text}");
}

#[test]
fn sorted_by_date_the_earliest_copy_stands_for_the_story() {
    let env = Env::new();
    newsroom(&env);
    env.run(&["index", "news"]).ok();
    for sort in ["date", "-date"] {
        let r = search(&env, &["harbour", "vote", "--sort", sort]);
        let grouped = r.hits.iter().find(|h| h.copies == 6).unwrap();
        assert_eq!(grouped.date.as_deref(), Some("2025-05-04"), "--sort {sort}");
        assert!(grouped
            .other_copies
            .iter()
            .all(|c| c.date.as_deref() >= Some("2025-05-04")));
    }
    // Oldest first: the story (earliest copy 05-04) before the follow-up (05-07).
    let r = search(&env, &["harbour", "vote", "--sort", "date"]);
    assert_eq!(r.hits[1].id, "news/h-other.md");
    let r = search(&env, &["harbour", "vote", "--sort", "-date"]);
    assert_eq!(r.hits[0].id, "news/h-other.md");
}

#[test]
fn stats_count_stories_and_speakers_count_a_story_once() {
    let env = Env::new();
    newsroom(&env);
    env.run(&["index", "news"]).ok();
    let stats: serde_json::Value =
        serde_json::from_str(&env.run(&["stats", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(stats["documents"], 8);
    assert_eq!(stats["stories"], 2);
    assert_eq!(stats["stories_with_copies"], 1);
    let speakers: serde_json::Value =
        serde_json::from_str(&env.run(&["speakers", "--format", "json"]).ok().stdout).unwrap();
    let lopes = speakers
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Ana Lopes")
        .unwrap_or_else(|| panic!("{speakers}"));
    // Seven copies quote her once each: one quotation, in one story.
    assert_eq!(lopes["quotes"], 1);
    assert_eq!(lopes["articles"], 1);
}

#[test]
fn copies_indexed_later_join_the_story_and_groups_are_stable() {
    let env = Env::new();
    let body = story(3);
    env.write(
        "one/a.md",
        article("Dam report", "2025-06-01", "Wire", &body),
    );
    env.run(&["index", "one"]).ok();
    let first = search(&env, &["dam", "--all-copies"]);
    // A later run, another root: its copy joins the story of the first run.
    let mut edited = body.clone();
    edited.remove(0);
    edited[0] = format!("Dam report. {}", edited[0]);
    env.write(
        "two/b.md",
        article("Dam report", "2025-06-02", "Post", &edited),
    );
    env.run(&["index", "two"]).ok();
    let r = search(&env, &["dam"]);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].copies, 1);
    assert_eq!(r.hits[0].story, first.hits[0].story);
    // Re-indexing a changed file keeps its story; a rebuild finds the same groups.
    env.write(
        "one/a.md",
        article("Dam report (updated)", "2025-06-01", "Wire", &body),
    );
    env.run(&["index", "one", "two"]).ok();
    assert_eq!(search(&env, &["dam"]).hits[0].copies, 1);
    env.run(&["index", "--rebuild", "one", "two"]).ok();
    assert_eq!(search(&env, &["dam"]).hits[0].copies, 1);
}

#[test]
fn damaged_files_beside_the_index_are_named_with_the_fix() {
    let env = Env::new();
    env.write(
        "a/one.txt",
        article("One", "2025-05-01", "Wire", &story(11)),
    );
    env.run(&["index", "a"]).ok();
    // A garbled story file: the run goes on, and says what it cost and how to fix it.
    let stories = env.path("index/dossier-stories.bin");
    let mut bytes = std::fs::read(&stories).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&stories, &bytes).unwrap();
    env.write(
        "a/two.txt",
        article("Two", "2025-05-02", "Wire", &story(12)),
    );
    env.run(&["index", "a"])
        .ok()
        .stderr_has("dossier-stories.bin")
        .stderr_has("does not match its checksum")
        .stderr_has("--rebuild");
    // An emptied list of roots: a new folder could take a label in use, so the run stops.
    std::fs::write(env.path("index/dossier-roots.json"), "").unwrap();
    env.write(
        "b/three.txt",
        article("Three", "2025-05-03", "Wire", &story(13)),
    );
    env.run(&["index", "b"])
        .expect_code(2)
        .stderr_has("dossier-roots.json")
        .stderr_has("--rebuild");
    // --rebuild starts over and works.
    env.run(&["index", "--rebuild", "a", "b"]).ok();
}
