//! One id, one article: ids unique across roots and stable from run to run, repeated ids
//! replaced (the later wins), roots that are gone forgotten, `forget`, and an index inside
//! the folder it indexes.

use crate::util::{hit_ids, Env, Response};

fn ids(env: &Env, args: &[&str]) -> Vec<String> {
    hit_ids(env, args)
}

#[test]
fn two_roots_with_the_same_paths_give_distinct_stable_ids() {
    let env = Env::new();
    env.write(
        "a/news/bbc-tech-001.txt",
        "Phones\n\nMobile phones turn twenty.",
    );
    env.write(
        "b/news/bbc-tech-001.txt",
        "Phones again\n\nMobile phones are everywhere.",
    );
    env.run(&["index", "a/news", "b/news"]).ok();
    let first = ids(&env, &["mobile"]);
    assert_eq!(
        first,
        vec!["news-2/bbc-tech-001.txt", "news/bbc-tech-001.txt"]
    );
    // Re-runs, in another order, keep them.
    env.run(&["index", "b/news", "a/news"]).ok();
    env.run(&["index", "b/news"]).ok();
    assert_eq!(ids(&env, &["mobile"]), first);
    let stats = env.run(&["stats", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&stats.stdout).unwrap();
    let roots: Vec<(String, u64)> = v["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(roots, vec![("news".into(), 1), ("news-2".into(), 1)]);
}

#[test]
fn a_repeated_id_is_replaced_by_the_later_article() {
    let env = Env::new();
    env.write(
        "wire/feed.jsonl",
        "{\"id\": \"A1\", \"title\": \"first\", \"body\": \"harbour news one\"}\n\
         {\"id\": \"A1\", \"title\": \"second\", \"body\": \"harbour news two\"}\n\
         {\"id\": \"A2\", \"title\": \"other\", \"body\": \"harbour news three\"}\n",
    );
    env.write(
        "wire/z.md",
        "---\nid: A2\ntitle: markdown\n---\nharbour news four",
    );
    let run = env.run(&["index", "wire"]).ok();
    assert!(
        run.stdout.contains("2 duplicates of an id kept once"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("id \"A1\" is already taken"),
        "{}",
        run.stderr
    );
    assert_eq!(ids(&env, &["harbour"]), vec!["A1", "A2"]);
    let r: Response = env.run(&["query", "harbour", "--format", "json"]).json();
    let titles: Vec<&str> = r.hits.iter().map(|h| h.title.as_str()).collect();
    assert!(
        titles.contains(&"second") && titles.contains(&"markdown"),
        "{titles:?}"
    );
    // The later in the walk wins (z.md comes after feed.jsonl), whatever order the readers
    // finish in: the same on every rebuild.
    for _ in 0..3 {
        env.run(&["index", "--rebuild", "wire"]).ok();
        let r: Response = env.run(&["query", "harbour", "--format", "json"]).json();
        let mut titles: Vec<String> = r.hits.iter().map(|h| h.title.clone()).collect();
        titles.sort();
        assert_eq!(titles, vec!["markdown", "second"]);
    }
    // Stable: the next runs change nothing and read nothing again.
    for _ in 0..2 {
        env.run(&["index", "wire"])
            .ok()
            .stdout_has("0 added, 0 updated, 0 removed");
    }
    // trec never lists a document twice for one query.
    let input = env.write("q.tsv", "q1\tharbour\n");
    let run = env
        .run(&["batch", input.to_str().unwrap(), "--format", "trec"])
        .ok();
    let docs: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split(' ').nth(2).unwrap())
        .collect();
    let mut unique = docs.clone();
    unique.dedup();
    assert_eq!(docs.len(), unique.len(), "{}", run.stdout);
}

#[test]
fn a_root_that_is_gone_is_forgotten() {
    let env = Env::new();
    env.write("inc/a/x.txt", "Alpha\n\nalpha harbour");
    env.write("inc/b/y.txt", "Beta\n\nbeta harbour");
    env.write(
        "single.jsonl",
        "{\"title\": \"s\", \"body\": \"gamma harbour\"}\n",
    );
    env.run(&["index", "inc/a", "inc/b", "single.jsonl"]).ok();
    assert_eq!(ids(&env, &["harbour"]).len(), 3);
    std::fs::remove_dir_all(env.path("inc/b")).unwrap();
    env.run(&["index", "inc/b"])
        .ok()
        .stderr_has("is gone: its 1 article left the index");
    std::fs::remove_file(env.path("single.jsonl")).unwrap();
    env.run(&["index", "--rebuild", "single.jsonl"]).ok();
    // --rebuild starts over: nothing is left but what was given (nothing).
    assert!(ids(&env, &["harbour"]).is_empty());
    env.run(&["index", "inc/a"]).ok();
    assert_eq!(ids(&env, &["harbour"]), vec!["a/x.txt"]);
    // A path never indexed is still an error.
    env.run(&["index", "inc/zz"])
        .expect_code(2)
        .stderr_has("cannot read inc/zz");
}

#[test]
fn forget_removes_files_and_folders() {
    let env = Env::new();
    env.write("news/2019/a.txt", "A\n\nharbour alpha");
    env.write("news/2019/b.txt", "B\n\nharbour beta");
    env.write("news/2020/c.txt", "C\n\nharbour gamma");
    env.run(&["index", "news"]).ok();
    env.run(&["forget", "news/2019/a.txt"])
        .ok()
        .stdout_has("1 article from 1 file");
    assert_eq!(
        ids(&env, &["harbour"]),
        vec!["news/2019/b.txt", "news/2020/c.txt"]
    );
    std::fs::remove_dir_all(env.path("news/2020")).unwrap();
    env.run(&["forget", "news/2020"]).ok();
    assert_eq!(ids(&env, &["harbour"]), vec!["news/2019/b.txt"]);
    env.run(&["forget", "elsewhere"])
        .expect_code(1)
        .stderr_has("nothing in the index");
    env.run(&["forget", "news"]).ok();
    assert!(ids(&env, &["harbour"]).is_empty());
    let stats = env.run(&["stats", "--format", "json"]).ok();
    assert!(stats.stdout.contains("\"roots\": []"), "{}", stats.stdout);
}

#[test]
fn an_index_inside_its_root_is_never_indexed() {
    let env = Env::new();
    env.write("news/a.txt", "A\n\nharbour alpha");
    env.run(&["index", "news", "--index", "news/idx"]).ok();
    let again = env.run(&["index", "news", "--index", "news/idx"]).ok();
    assert!(!again.stderr.contains("idx"), "{}", again.stderr);
    again.stdout_has("files: 1 seen, 0 indexed, 1 unchanged, 0 skipped");
}

#[test]
fn two_files_with_one_id_the_same_one_wins_on_every_run() {
    let env = Env::new();
    env.write(
        "w/feed.jsonl",
        "{\"id\": \"A1\", \"title\": \"plain\", \"body\": \"harbour news\"}\n",
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(
        &mut gz,
        b"{\"id\": \"A1\", \"title\": \"packed\", \"body\": \"harbour news\"}\n",
    )
    .unwrap();
    env.write("w/feed.jsonl.gz", gz.finish().unwrap());
    let title = |env: &Env| -> String {
        let r: Response = env
            .run(&["query", "harbour", "--format", "json"])
            .ok()
            .json();
        assert_eq!(r.hits.len(), 1);
        r.hits[0].title.clone()
    };
    env.run(&["index", "w"]).ok();
    assert_eq!(title(&env), "packed");
    // Re-reading the file that lost does not let it take the id.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    let touch = |name: &str| {
        std::fs::File::options()
            .write(true)
            .open(env.path(name))
            .unwrap()
            .set_modified(later)
            .unwrap();
    };
    touch("w/feed.jsonl");
    env.run(&["index", "w"]).ok();
    assert_eq!(title(&env), "packed");
    touch("w/feed.jsonl.gz");
    env.run(&["index", "w"]).ok();
    assert_eq!(title(&env), "packed");
    env.run(&["index", "--rebuild", "w"]).ok();
    assert_eq!(title(&env), "packed");
}

/// The summary of a run as JSON, and a check that its counts add up: every article the
/// roots hold is added, updated or unchanged once, however many files gave its id.
fn summary_adds_up(env: &Env, root: &str) -> serde_json::Value {
    let report: serde_json::Value = env.run(&["index", root, "--format", "json"]).ok().json();
    let count = |k: &str| report[k].as_u64().unwrap();
    assert_eq!(
        count("added") + count("updated") + count("unchanged"),
        count("documents"),
        "{report}"
    );
    report
}

#[test]
fn the_summary_counts_an_id_given_by_two_files_once() {
    let env = Env::new();
    let feed = |name: &str, n: usize, word: &str| {
        let mut lines: String = (1..=n)
            .map(|i| format!("{{\"id\": \"a{i}\", \"title\": \"story {i}\", \"body\": \"{word} prices in story {i}\"}}\n"))
            .collect();
        if name.ends_with("feed.jsonl") {
            // An id twice in one file as well.
            lines.push_str("{\"id\": \"a1\", \"title\": \"again\", \"body\": \"oil again\"}\n");
        }
        env.write(name, &lines);
    };
    feed("wire/feed.jsonl", 6, "oil");
    feed("wire/feed2.jsonl", 7, "gas");
    // feed2.jsonl comes later: its seven articles win; the seven of feed.jsonl are left out.
    let first = summary_adds_up(&env, "wire");
    assert_eq!(
        (first["added"].as_u64(), first["documents"].as_u64()),
        (Some(7), Some(7)),
        "{first}"
    );
    assert_eq!(first["duplicate_ids"], 7, "{first}");
    let line = env.run(&["index", "--rebuild", "wire"]).ok().stdout;
    assert!(
        line.contains("7 added, 0 updated, 0 removed, 0 unchanged (7 in index)"),
        "{line}"
    );
    assert!(line.contains("7 duplicates of an id kept once"), "{line}");

    // A new, later file takes a1 from the unchanged feed2.jsonl: one out, one in.
    env.write(
        "wire/feed3.jsonl",
        "{\"id\": \"a1\", \"title\": \"third\", \"body\": \"coal\"}\n",
    );
    let second = summary_adds_up(&env, "wire");
    let counts: Vec<_> = ["added", "updated", "removed", "unchanged", "documents"]
        .iter()
        .map(|k| second[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, vec![1, 0, 1, 6, 7], "{second}");

    // feed2.jsonl changes: its a1 stays with feed3.jsonl, the other six are updated.
    feed("wire/feed2.jsonl", 7, "tin");
    let third = summary_adds_up(&env, "wire");
    let counts: Vec<_> = ["added", "updated", "removed", "unchanged", "documents"]
        .iter()
        .map(|k| third[k].as_u64().unwrap())
        .collect();
    assert_eq!(counts, vec![0, 6, 0, 1, 7], "{third}");
    assert_eq!(ids(&env, &["coal"]), vec!["a1"]);
}
