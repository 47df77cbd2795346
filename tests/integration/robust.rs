//! Bad input, interruption and concurrency: every file is indexed or reported, a killed run
//! leaves a readable index that the next run completes, writers exclude each other, readers
//! are never blocked, and no panic trace reaches the user.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Env, Response};
use serde_json::Value;

/// A small deterministic generator (xorshift), for random bytes from a fixed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Builds the messy folder: (relative path, contents). Returns how many articles and
/// which skip reasons to expect.
fn messy(env: &Env) {
    let mut rng = Rng(0x5eed);
    let w = |p: &str, c: &[u8]| {
        env.write(&format!("messy/{p}"), c);
    };
    w("good.txt", b"Harbour Opens\n\nThe harbour opened today.");
    w("empty.txt", b"");
    w("blank.md", b"   \n\n  ");
    let mut binary = rng.bytes(4096);
    binary[10] = 0;
    w("random.txt", &binary);
    w("latin1.txt", b"Fiesta\n\nThe pi\xf1ata was full of sweets.");
    w(
        "bad-yaml.md",
        b"---\ntitle: [unclosed\n---\nThe body survives bad front matter about lanterns.",
    );
    w(
        "bad-date.md",
        b"---\ntitle: Dated Badly\ndate: the day after tomorrow\n---\nA body about kites.",
    );
    w(
        "unclosed.md",
        b"---\ntitle: never closed\nThe fence never closes, so this is all text about gondolas.",
    );
    w(
        "array.json",
        br#"[{"id": "arr-1", "title": "One", "body": "first of two about zebras"}, {"id": "arr-2", "body": "second about zebras"}]"#,
    );
    w(
        "truncated.json",
        br#"[{"id": "t-1", "body": "cut off in the midd"#,
    );
    let big = "The quarterly grain report filled many pages. ".repeat(60_000);
    w("big.txt", format!("Large Report\n\n{big}").as_bytes());
    w(
        "a/b/c/d/e/f/g/deep.txt",
        b"Deep Story\n\nFound at the bottom of many folders: walrus.",
    );
    w("notes.csv", b"a,b,c");
    w("image.png", &rng.bytes(100));
    w(".hidden/secret.txt", b"Hidden\n\nnot indexed");
    #[cfg(unix)]
    std::os::unix::fs::symlink(env.path("messy/a"), env.path("messy/a/b/loop")).unwrap();
}

#[test]
fn messy_folder_every_file_accounted_for() {
    let env = Env::new();
    messy(&env);
    let run = env
        .run(&["index", "messy", "--verbose", "--format", "json"])
        .ok();
    let report: Value = run.json();
    let skipped = report["skipped"].as_array().unwrap();
    let reasons: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| (s["path"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    let reason_of = |name: &str| {
        reasons
            .iter()
            .find(|(p, _)| p.ends_with(name))
            .map(|(_, r)| *r)
            .unwrap_or_else(|| panic!("{name} not skipped: {reasons:?}"))
    };
    assert_eq!(reason_of("empty.txt"), "empty");
    assert_eq!(reason_of("blank.md"), "empty");
    assert_eq!(reason_of("random.txt"), "binary");
    assert_eq!(reason_of("truncated.json"), "invalid");
    assert_eq!(reason_of("notes.csv"), "unsupported");
    assert_eq!(reason_of("image.png"), "unsupported");
    assert_eq!(reason_of(".hidden"), "hidden");
    #[cfg(unix)]
    assert_eq!(reason_of("loop"), "symlink_loop");
    // good, latin1, bad-yaml, bad-date, unclosed, 2 in array.json, big, deep.
    assert_eq!(report["added"], 9);
    let seen = report["files_seen"].as_u64().unwrap();
    let indexed = report["files_indexed"].as_u64().unwrap();
    assert_eq!(indexed, 8);
    assert_eq!(
        indexed + skipped.len() as u64,
        seen,
        "every file accounted for"
    );

    // Warnings name the file and the field.
    assert!(
        run.stderr.contains("bad-yaml.md: malformed front matter"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bad-date.md: field 'date'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("truncated.json (invalid)"),
        "{}",
        run.stderr
    );
    // --verbose lists the quiet skips too.
    assert!(
        run.stderr.contains("notes.csv (unsupported)"),
        "{}",
        run.stderr
    );

    // Everything good is searchable.
    for (q, id) in [
        ("pinata", "latin1.txt"),
        ("lanterns", "bad-yaml.md"),
        ("kites", "bad-date.md"),
        ("gondolas", "unclosed.md"),
        ("walrus", "a/b/c/d/e/f/g/deep.txt"),
        ("quarterly", "big.txt"),
    ] {
        let r: Response = env.run(&["query", q, "--format", "json"]).ok().json();
        assert_eq!(r.hits.len(), 1, "{q}");
        assert_eq!(r.hits[0].id, format!("messy/{id}"));
    }
    let r: Response = env
        .run(&["query", "zebras", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.total_hits, 2);
    let r: Response = env.run(&["query", "kites", "--format", "json"]).ok().json();
    assert_eq!(r.hits[0].title, "Dated Badly");
    assert_eq!(r.hits[0].date, None);

    // Without --verbose, the summary still counts the quiet skips; stdout has the line.
    let again = env.run(&["index", "messy"]).ok();
    assert!(!again.stderr.contains("notes.csv"), "{}", again.stderr);
    assert!(again.stdout.contains("9 unchanged"), "{}", again.stdout);
    // Unchanged files that gave nothing are remembered: skipped again, not read again.
    let third: Value = env.run(&["index", "messy", "--format", "json"]).ok().json();
    assert_eq!(third["bytes"], 0, "{third}");
    assert_eq!(third["skipped"].as_array().unwrap().len(), skipped.len());
    assert_eq!(third["files_seen"], report["files_seen"]);
    // Fixed, it is read and indexed.
    env.write(
        "messy/truncated.json",
        r#"{"id": "t-1", "body": "now complete"}"#,
    );
    env.run(&["index", "messy"]).ok().stdout_has("1 added");
}

#[test]
fn empty_folder_is_fine() {
    let env = Env::new();
    std::fs::create_dir(env.path("nothing")).unwrap();
    env.write("nothing/readme.csv", "x");
    env.run(&["index", "nothing"])
        .ok()
        .stdout_has("0 added")
        .stdout_has("1 skipped (1 unsupported)");
}

/// Writes `n` articles of about 2 KB each, in files of 20 JSONL lines and text files.
fn generated_corpus(env: &Env, n: usize) {
    let mut rng = Rng(42);
    let words = [
        "harbour", "council", "budget", "ferry", "strike", "grain", "festival", "bridge", "school",
        "river", "market", "lantern", "minister", "tariff", "border", "election",
    ];
    let mut text = |len: usize| -> String {
        (0..len)
            .map(|_| words[(rng.next() % words.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    };
    for i in 0..n {
        env.write(
            &format!("gen/part{}/a{i}.txt", i % 10),
            format!("Story number {i}\n\n{}", text(300)),
        );
    }
}

/// Starts indexing `gen/` into `idx/` with one thread and frequent commits: long enough to
/// be interrupted mid-way. `out` is where its stdout and stderr go.
fn slow_index(env: &Env, out: fn() -> Stdio) -> Child {
    env.command(&[
        "--index",
        "idx",
        "index",
        "gen",
        "--threads",
        "1",
        "--commit-docs",
        "200",
    ])
    .stdout(out())
    .stderr(out())
    .spawn()
    .unwrap()
}

fn wait_for_commit(env: &Env, child: &mut Child) {
    let start = Instant::now();
    while !env.path("idx/meta.json").exists()
        || env
            .run(&["--index", "idx", "stats", "--format", "json"])
            .json::<Value>()["documents"]
            == 0
    {
        assert!(
            child.try_wait().unwrap().is_none(),
            "indexing ended too soon"
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no commit in 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn kill_9_leaves_a_readable_index_and_the_next_run_completes() {
    let env = Env::new();
    let n = 6000;
    generated_corpus(&env, n);
    let mut child = slow_index(&env, Stdio::null);
    wait_for_commit(&env, &mut child);
    // Readers answer from the last commit while the writer runs.
    env.run(&["--index", "idx", "query", "harbour", "-n", "1"])
        .ok();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let stats: Value = env
        .run(&["--index", "idx", "stats", "--format", "json"])
        .ok()
        .json();
    let partial = stats["documents"].as_u64().unwrap();
    assert!(partial > 0, "something was committed");
    let report: Value = env
        .run(&["--index", "idx", "index", "gen", "--format", "json"])
        .ok()
        .json();
    assert_eq!(report["documents"], n as u64, "{report}");
    assert_eq!(
        report["added"].as_u64().unwrap() + report["unchanged"].as_u64().unwrap(),
        n as u64
    );
    // Exactly once each.
    let r: Response = env
        .run(&[
            "--index",
            "idx",
            "query",
            "title:\"story number 4321\"",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(r.total_hits, 1);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_at_a_commit_point() {
    let env = Env::new();
    generated_corpus(&env, 6000);
    let mut child = slow_index(&env, Stdio::piped);
    wait_for_commit(&env, &mut child);
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(0) {
        // The run finished before the signal landed: then it never said it was interrupted.
        assert!(!stderr.contains("interrupted"), "{stderr}");
        return;
    }
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("interrupted:"));
    env.run(&["--index", "idx", "index", "gen"])
        .ok()
        .stdout_has("(6000 in index)");
}

/// Ctrl-C at any moment, near the end of a run too: a run that said it was interrupted
/// exits 130; one that did not exits 0.
#[cfg(unix)]
#[test]
fn a_run_that_says_interrupted_exits_130() {
    let env = Env::new();
    generated_corpus(&env, 300);
    for delay_ms in [0u64, 20, 40, 60, 80, 120, 160, 240] {
        let _ = std::fs::remove_dir_all(env.path("idx"));
        let child = env
            .command(&["--index", "idx", "index", "gen"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        if stderr.contains("interrupted") {
            assert_eq!(code, Some(130), "after {delay_ms} ms: {stderr}");
        } else {
            // Killed by the signal before the handler was installed, or finished first.
            assert!(
                matches!(code, None | Some(0)),
                "after {delay_ms} ms: {stderr}"
            );
        }
    }
}

#[test]
fn second_writer_is_refused_while_the_first_runs() {
    let env = Env::new();
    generated_corpus(&env, 6000);
    let mut child = slow_index(&env, Stdio::null);
    wait_for_commit(&env, &mut child);
    let second = env.run(&["--index", "idx", "index", "gen"]);
    // Refused while the first holds the lock; a run that got through started after the
    // first had released it, at the end of its work (it may not have exited yet).
    if second.code != 0 {
        second
            .expect_code(2)
            .stderr_has("another dossier process is writing idx");
    } else {
        assert!(second.stdout.contains("0 added"), "{}", second.stdout);
    }
    child.wait().unwrap();
}

#[cfg(unix)]
#[test]
fn read_only_index_answers() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_corpus();
    env.run(&["index"]).ok();
    // Without tantivy's lock file, in a folder nobody may write to.
    let _ = std::fs::remove_file(env.path("index/.tantivy-meta.lock"));
    let _ = std::fs::remove_file(env.path("index/.tantivy-writer.lock"));
    std::fs::set_permissions(env.path("index"), std::fs::Permissions::from_mode(0o555)).unwrap();
    let searchable = dossier::index::open_read_only(&env.path("index")).unwrap();
    let engine = dossier::search::Engine::new(&searchable);
    let options = dossier::search::SearchOptions {
        query: "sovereignty".into(),
        ..Default::default()
    };
    assert_eq!(engine.search(&options).unwrap().total_hits, 2);
    assert!(!env.path("index/.tantivy-meta.lock").exists());
    env.run(&["query", "sovereignty"]).ok();
    std::fs::set_permissions(env.path("index"), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn internal_errors_are_one_line_not_a_panic_trace() {
    let env = Env::with_corpus();
    let mut cmd = env.command(&["stats"]);
    cmd.env("DOSSIER_TEST_PANIC", "1");
    let run = env.run_with(cmd, &["stats"]).expect_code(2);
    assert!(
        run.stderr.starts_with("dossier: internal error: "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("RUST_BACKTRACE"));
}

#[test]
fn numbers_and_formats_are_validated() {
    let env = Env::with_corpus();
    for (args, flag) in [
        (vec!["index", "--threads", "0"], "--threads"),
        (vec!["index", "--memory", "lots"], "--memory"),
        (vec!["index", "--commit-every", "0"], "--commit-every"),
        (vec!["query", "x", "-n", "ten"], "--limit"),
        (
            vec!["query", "x", "--snippet-chars", "5"],
            "--snippet-chars",
        ),
        (vec!["query", "x", "--until", "2025-02-30"], "--until"),
        (vec!["batch", "--format", "csv"], "--format"),
        (vec!["query", "x", "--color", "sometimes"], "--color"),
    ] {
        env.run(&args).expect_code(2).stderr_has(flag);
    }
}

#[test]
fn big_jsonl_is_read_in_parts_and_reported_by_line() {
    let env = Env::new();
    let mut text = String::new();
    let n = 3000;
    for i in 1..=n {
        if i == 2500 {
            text.push_str("{ this line is broken\n");
            continue;
        }
        text.push_str(&format!(
            "{{\"id\": \"b{i}\", \"title\": \"Item {i}\", \"body\": \"lantern {} number {i}\"}}\n",
            "filler ".repeat(150)
        ));
    }
    env.write("wire/big.jsonl", &text);
    let run = env.run(&["index", "wire"]).ok();
    assert!(
        run.stderr.contains("big.jsonl:2500: not JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains(&format!("{} added", n - 1)),
        "{}",
        run.stdout
    );
    let r: Response = env
        .run(&["query", "title:\"item 2999\"", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits[0].id, "b2999");
    // Changed: replaced whole, never duplicated.
    env.write("wire/big.jsonl", text.replace("lantern", "beacon"));
    env.run(&["index", "wire"])
        .ok()
        .stdout_has(&format!("0 added, {} updated", n - 1))
        .stdout_has(&format!("({} in index)", n - 1));
    env.run(&["query", "lantern"]).expect_code(1);
}

#[cfg(unix)]
#[test]
fn linked_folders_are_followed_once() {
    let env = Env::new();
    env.write("real/a.txt", "Alpha\n\nAbout otters.");
    env.write("elsewhere/b.txt", "Beta\n\nAbout beavers.");
    std::fs::create_dir(env.path("news")).unwrap();
    std::os::unix::fs::symlink(env.path("real"), env.path("news/one")).unwrap();
    std::os::unix::fs::symlink(env.path("real"), env.path("news/two")).unwrap();
    std::os::unix::fs::symlink(env.path("elsewhere/b.txt"), env.path("news/b.txt")).unwrap();
    env.run(&["index", "--follow", "news"])
        .ok()
        .stdout_has("2 added")
        .stdout_has("(2 in index)");
    env.run(&["query", "otters"]).ok().stdout_has("1 hit");
}
