//! The speaker registry: one person under several names (`--speaker` by any of them,
//! `speakers` once per person with aliases), kept right through incremental runs, `forget`,
//! and a missing or damaged registry file.

use crate::util::{hit_ids, Env, Response, SpeakerEntry};

/// Writes an article with front matter.
fn article(env: &Env, rel: &str, date: &str, body: &str) {
    env.write(
        rel,
        format!("---\ntitle: {rel}\nsource: Port Daily\ndate: {date}\n---\n{body}\n"),
    );
}

/// Six articles: Marta Velasquez under three names, two Bergs and a bare `Berg`.
fn port_news() -> Env {
    let env = Env::new();
    article(
        &env,
        "news/a1.md",
        "2024-01-01",
        "\"The port will reopen next week,\" said Marta Q. Velasquez, the mayor.",
    );
    article(
        &env,
        "news/a2.md",
        "2024-01-02",
        "Mayor Marta Velasquez spoke on Monday. \"The cranes are back,\" Velasquez said.",
    );
    article(
        &env,
        "news/a3.md",
        "2024-01-03",
        "\"Rates will rise,\" Velasquez told reporters.",
    );
    article(
        &env,
        "news/a4.md",
        "2024-01-04",
        "\"We need more ships,\" said Jonas Berg. \"Not now,\" said Ella Berg.",
    );
    article(
        &env,
        "news/a5.md",
        "2024-01-05",
        "\"Nothing is decided,\" Berg said.",
    );
    article(
        &env,
        "news/a6.md",
        "2024-01-06",
        "Marta Velasquez opened the dock. \"It is a good day,\" said Marta Velasquez.",
    );
    env.run(&["index", "news"]).ok();
    env
}

fn speakers(env: &Env) -> Vec<SpeakerEntry> {
    env.run(&["speakers", "--format", "json", "-n", "0"])
        .ok()
        .json()
}

fn person<'a>(list: &'a [SpeakerEntry], name: &str) -> &'a SpeakerEntry {
    list.iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no {name} in {list:#?}"))
}

/// The ids of the articles quoting `name` (every article matches `date:>=2000`).
fn quoting(env: &Env, name: &str) -> Vec<String> {
    hit_ids(env, &["date:>=2000", "--speaker", name])
}

fn ids(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("news/{n}.md")).collect()
}

#[test]
fn one_person_under_several_names() {
    let env = port_news();
    assert!(env.path("index/dossier-speakers.json").is_file());
    let list = speakers(&env);
    let marta = person(&list, "Marta Velasquez");
    assert_eq!(marta.aliases, vec!["Marta Q. Velasquez", "Velasquez"]);
    assert_eq!((marta.articles, marta.quotes), (4, 4));
    // Two people share a surname: they stay apart, and so does the bare surname.
    for name in ["Jonas Berg", "Ella Berg", "Berg"] {
        assert!(person(&list, name).aliases.is_empty(), "{name}: {list:#?}");
    }
    assert_eq!(list.len(), 4, "{list:#?}");
    // Text output names the aliases.
    env.run(&["speakers"])
        .ok()
        .stdout_has("Marta Velasquez  (also Marta Q. Velasquez, Velasquez)");
}

#[test]
fn speaker_by_any_alias_finds_the_same_articles() {
    let env = port_news();
    let all = ids(&["a1", "a2", "a3", "a6"]);
    for name in [
        "Marta Velasquez",
        "velasquez",
        "Marta Q. Velasquez",
        "MARTA VELÁSQUEZ",
    ] {
        assert_eq!(quoting(&env, name), all, "--speaker {name}");
    }
    // The query field is the same filter.
    let r: Response = env
        .run(&[
            "query",
            "speaker:velasquez",
            "--format",
            "json",
            "-n",
            "100",
        ])
        .ok()
        .json();
    assert_eq!(r.total_hits, 4);
    // A full name finds that person only; an ambiguous surname finds everyone bearing it.
    assert_eq!(quoting(&env, "Jonas Berg"), ids(&["a4"]));
    assert_eq!(quoting(&env, "berg"), ids(&["a4", "a5"]));
    // A name that is no alias matches persons with a name holding its words.
    assert_eq!(quoting(&env, "marta"), all);
    env.run(&["query", "port", "--speaker", "nobody"])
        .expect_code(1);
    // Quotation search keeps the quotations of every alias.
    let r: serde_json::Value = env
        .run(&[
            "query",
            "date:>=2000",
            "--quotes",
            "--speaker",
            "velasquez",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let mut who: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["speaker"].as_str().unwrap())
        .collect();
    who.sort();
    assert_eq!(
        who,
        vec![
            "Marta Q. Velasquez",
            "Marta Velasquez",
            "Marta Velasquez",
            "Velasquez"
        ]
    );
    // batch lines name speakers the same way.
    let mut cmd = env.command(&["batch"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        b"{\"id\": \"m\", \"query\": \"date:>=2000\", \"speaker\": \"Marta Q. Velasquez\"}\n",
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["id"], "m");
    assert_eq!(answer["total_hits"], 4);
    // speakers and stats take the filter and list persons.
    let co: Vec<SpeakerEntry> = env
        .run(&["speakers", "--speaker", "velasquez", "--format", "json"])
        .ok()
        .json();
    assert_eq!(co.len(), 1);
    assert_eq!(co[0].articles, 4);
    let stats: serde_json::Value = env.run(&["stats", "--format", "json"]).ok().json();
    assert_eq!(stats["speakers"][0]["name"], "Marta Velasquez");
    assert_eq!(stats["speakers"][0]["articles"], 4);
}

#[test]
fn registry_follows_incremental_runs_and_forget() {
    let env = port_news();
    // The bare surname's only article goes.
    std::fs::remove_file(env.path("news/a3.md")).unwrap();
    env.run(&["index", "news"]).ok();
    let list = speakers(&env);
    let marta = person(&list, "Marta Velasquez");
    assert_eq!(marta.aliases, vec!["Marta Q. Velasquez"]);
    assert_eq!(marta.articles, 3);
    // A new article names her by surname again.
    article(
        &env,
        "news/a7.md",
        "2024-01-07",
        "\"The dock is open,\" Velasquez said.",
    );
    env.run(&["index", "news"]).ok();
    assert_eq!(person(&speakers(&env), "Marta Velasquez").articles, 4);
    assert_eq!(quoting(&env, "velasquez"), ids(&["a1", "a2", "a6", "a7"]));
    // Forgetting the one article quoting Ella Berg: the bare surname now names one full
    // name, Jonas Berg's.
    article(
        &env,
        "news/a8.md",
        "2024-01-08",
        "\"Ships are late,\" said Jonas Berg.",
    );
    env.run(&["index", "news"]).ok();
    assert_eq!(quoting(&env, "berg"), ids(&["a4", "a5", "a8"]));
    // An unchanged re-run leaves the registry as it is.
    let before = std::fs::read(env.path("index/dossier-speakers.json")).unwrap();
    env.run(&["index", "news"]).ok();
    assert_eq!(
        std::fs::read(env.path("index/dossier-speakers.json")).unwrap(),
        before
    );
    env.run(&["forget", "news/a4.md"]).ok();
    let list = speakers(&env);
    let jonas = person(&list, "Jonas Berg");
    assert_eq!(jonas.aliases, vec!["Berg"]);
    assert_eq!(jonas.articles, 2);
    assert!(list.iter().all(|s| s.name != "Ella Berg"), "{list:#?}");
    assert_eq!(quoting(&env, "berg"), ids(&["a5", "a8"]));
    assert_eq!(quoting(&env, "Jonas Berg"), ids(&["a5", "a8"]));
}

#[test]
fn a_missing_or_damaged_registry_never_breaks_a_query() {
    let env = port_news();
    let file = env.path("index/dossier-speakers.json");
    let all = ids(&["a1", "a2", "a3", "a6"]);
    for damage in ["missing", "{\"format\":1,\"opstamp\":", "[1, 2, 3]"] {
        if damage == "missing" {
            std::fs::remove_file(&file).unwrap();
        } else {
            std::fs::write(&file, damage).unwrap();
        }
        let run = env
            .run(&[
                "query",
                "date:>=2000",
                "--speaker",
                "velasquez",
                "--format",
                "json",
            ])
            .ok()
            .stderr_has("speaker registry");
        assert_eq!(
            run.stderr.matches("speaker registry").count(),
            1,
            "{}",
            run.stderr
        );
        let mut found: Vec<String> = run
            .json::<Response>()
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        found.sort();
        assert_eq!(found, all, "{damage}");
        // Rebuilt and saved: the next query says nothing.
        let again = env.run(&["speakers", "--speaker", "velasquez"]).ok();
        assert!(!again.stderr.contains("registry"), "{}", again.stderr);
    }
    // A query that needs no speaker does not read the registry at all.
    std::fs::write(&file, "garbage").unwrap();
    let run = env.run(&["query", "port"]).ok();
    assert!(!run.stderr.contains("registry"), "{}", run.stderr);
}
