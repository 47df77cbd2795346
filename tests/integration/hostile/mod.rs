//! Hostile inputs (issue 24): files of a few hundred bytes to a few MB that expand, loop or
//! nest once read, written by the tests themselves ([`gen`]), indexed beside good files
//! under an address-space bound. Each must cost only itself: the good files indexed, the
//! bad one reported with its reason, the run's time and memory bounded. `serve.rs` holds
//! the server's side. With `DOSSIER_HOSTILE_DIR` set, the inputs are also written there
//! (to measure them by hand: `cargo test hostile -- --ignored write_inputs`).

mod gen;
mod serve;

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{Env, Run};

/// The address space the binary may use here: a run that tried to hold a bomb in memory
/// fails instead of taking the machine down.
const ADDRESS_SPACE: u64 = 3 << 30;
/// The most resident memory a run may reach on any of these inputs.
const PEAK_MIB: u64 = 1024;

/// A run, with its peak resident memory and its time.
pub struct Measured {
    pub run: Run,
    pub peak_mib: u64,
    pub secs: f64,
}

/// Runs dossier with `args` under [`ADDRESS_SPACE`], sampling its peak resident memory.
pub fn run_bounded(env: &Env, args: &[&str]) -> Measured {
    let mut cmd = env.command(args);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: only an async-signal-safe system call between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let limit = rustix::process::Rlimit {
                    current: Some(ADDRESS_SPACE),
                    maximum: Some(ADDRESS_SPACE),
                };
                rustix::process::setrlimit(rustix::process::Resource::As, limit)?;
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("start dossier");
    let pid = child.id();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let stdout = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut peak_kib = 0;
    let status = loop {
        if let Some(kib) = high_water_kib(pid) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("dossier {args:?} ran for more than 120 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run {
        cmd: format!("dossier {}", args.join(" ")),
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    Measured {
        run,
        peak_mib: peak_kib / 1024,
        secs: started.elapsed().as_secs_f64(),
    }
}

/// The process's peak resident memory so far (Linux), in KiB.
fn high_water_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes an input into the env (and into `DOSSIER_HOSTILE_DIR` when set).
fn put(env: &Env, rel: &str, bytes: impl AsRef<[u8]>) {
    env.write(rel, &bytes);
    if let Some(dir) = std::env::var_os("DOSSIER_HOSTILE_DIR") {
        let path = std::path::Path::new(&dir).join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// The good files every hostile folder holds: (path, a word only it has).
const GOOD: &[(&str, &str)] = &[
    ("in/good.txt", "otters"),
    ("in/good.pdf", "beavers"),
    ("in/good.docx", "herons"),
];

fn put_good(env: &Env) {
    put(
        env,
        "in/good.txt",
        "Otters\n\nThe otters came back to the harbour.",
    );
    put(
        env,
        "in/good.pdf",
        gen::pdf_good("The beavers built a dam."),
    );
    let doc = gen::document_xml("<w:p><w:r><w:t>The herons nest early.</w:t></w:r></w:p>");
    put(
        env,
        "in/good.docx",
        gen::zip(&[gen::member("word/document.xml", &doc)]),
    );
}

/// Indexes `in/` (good files and the hostile ones) under the bounds and checks that the
/// good files are searchable, that each of `bad` (path, reason, words of the detail) is
/// reported as such, and that time and memory stayed bounded. Returns the report.
fn index_and_check(env: &Env, bad: &[(&str, &str, &str)]) -> Value {
    let m = run_bounded(env, &["index", "--format", "json", "in"]);
    let run = &m.run;
    assert!(
        run.code == 0 || run.code == 2,
        "exit {}\n--- stdout\n{}\n--- stderr\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
    for leak in ["panicked", "RUST_BACKTRACE", ".cargo", "/rustc/"] {
        assert!(!run.stderr.contains(leak), "{leak} in:\n{}", run.stderr);
    }
    let report: Value = run.json();
    let skipped = report["skipped"].as_array().unwrap();
    for (path, reason, detail) in bad {
        let found = skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(path))
            .unwrap_or_else(|| panic!("{path} is not reported skipped:\n{report:#}"));
        assert_eq!(found["reason"], *reason, "{found}");
        let said = found["detail"].as_str().unwrap();
        assert!(said.contains(detail), "{path}: {said:?} lacks {detail:?}");
    }
    for (path, word) in GOOD {
        let hits = env.run(&["query", word]).ok();
        assert!(hits.stdout.contains(path), "{word}: {}", hits.stdout);
    }
    assert!(m.peak_mib <= PEAK_MIB, "peak {} MiB", m.peak_mib);
    assert!(m.secs < 90.0, "took {:.1} s", m.secs);
    report
}

#[test]
fn pdfs_that_draw_themselves_loop_or_inflate_cost_only_their_files() {
    let env = Env::new();
    put_good(&env);
    put(&env, "in/self-drawing.pdf", gen::pdf_self_drawing());
    put(&env, "in/parent-loop.pdf", gen::pdf_parent_loop());
    put(&env, "in/stream-bomb.pdf", gen::pdf_stream_bomb(1024));
    index_and_check(
        &env,
        &[
            ("self-drawing.pdf", "invalid", "crashed"),
            ("parent-loop.pdf", "invalid", "page tree loops"),
            ("stream-bomb.pdf", "too_large", "decompression bomb"),
        ],
    );
}

#[test]
fn a_pdf_that_takes_too_long_is_stopped_and_reported() {
    let env = Env::new();
    put_good(&env);
    put(&env, "in/fan-out.pdf", gen::pdf_fan_out(12, 10));
    index_and_check(&env, &[("fan-out.pdf", "too_slow", "longer than 30 s")]);
}

#[test]
fn compressed_bombs_are_refused_at_their_ratio() {
    let env = Env::new();
    put_good(&env);
    let text = b"all work and no play makes a dull story. ";
    put(&env, "in/two-gb.txt.gz", gen::gzip(text, 2048));
    let mut chunk = text.repeat((1 << 20) / text.len());
    chunk.truncate(1 << 20);
    put(&env, "in/ten-gb.txt.zst", gen::zstd(&chunk, 10_240));
    // One line that never ends, in a line format (read in parts).
    let mut feed = zstd::encode_all(&b"{\"body\": \""[..], 3).unwrap();
    feed.extend(gen::zstd(&vec![b'a'; 1 << 20], 10_240));
    put(&env, "in/ten-gb.jsonl.zst", feed);
    index_and_check(
        &env,
        &[
            ("two-gb.txt.gz", "too_large", "decompression bomb"),
            ("ten-gb.txt.zst", "too_large", "decompression bomb"),
            ("ten-gb.jsonl.zst", "too_large", "decompression bomb"),
        ],
    );
}

#[test]
fn word_documents_expanding_past_their_bounds() {
    let env = Env::new();
    put_good(&env);
    put(
        &env,
        "in/title-bomb.docx",
        gen::docx_title_bomb("The gannets are back.", 1024),
    );
    put(&env, "in/text-bomb.docx", gen::docx_text_bomb(300));
    let report = index_and_check(
        &env,
        &[("text-bomb.docx", "too_large", "word/document.xml is")],
    );
    // The document whose title is a bomb is indexed, without its title, and says so.
    let problems = report["problems"].to_string();
    assert!(problems.contains("docProps/core.xml is"), "{problems}");
    let extracted = env
        .run(&["extract", "--format", "json", "in/title-bomb.docx"])
        .ok();
    let article: Value = serde_json::from_str(&extracted.stdout).unwrap();
    let article = if article.is_array() {
        article[0].clone()
    } else {
        article
    };
    assert!(
        article["title"].as_str().unwrap().len() <= 2_000,
        "{article}"
    );
    assert!(
        extracted.stderr.contains("left out"),
        "{}",
        extracted.stderr
    );
}

#[test]
fn a_page_nested_200000_deep_is_read_flat_and_fast() {
    let env = Env::new();
    put_good(&env);
    put(&env, "in/deep.html", gen::html_deep(200_000));
    let report = index_and_check(&env, &[]);
    assert!(
        report["problems"].to_string().contains("plain text"),
        "{report}"
    );
    let hits = env.run(&["query", "deep harbour"]).ok();
    assert!(hits.stdout.contains("deep.html"), "{}", hits.stdout);
}

#[test]
fn fields_are_cut_to_their_bounds_with_a_warning() {
    let env = Env::new();
    let record = serde_json::json!({
        "title": "T".repeat(5_000_000),
        "author": "A".repeat(10_000),
        "body": "The harbour council met on Tuesday.",
    });
    env.write("in/long.json", record.to_string());
    let run = env
        .run(&["extract", "--format", "json", "in/long.json"])
        .ok();
    let article: Value = serde_json::from_str(&run.stdout).unwrap();
    let article = if article.is_array() {
        article[0].clone()
    } else {
        article
    };
    assert_eq!(article["title"].as_str().unwrap().len(), 2_000);
    assert_eq!(article["author"].as_str().unwrap().len(), 1_000);
    assert!(
        run.stderr.contains("'title' is 5000000 bytes long"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_are_not_followed_unless_asked() {
    let env = Env::new();
    put_good(&env);
    env.write("secret/passwd.txt", "Secrets\n\nroot:x:0:0:walrus");
    std::os::unix::fs::symlink(env.path("secret/passwd.txt"), env.path("in/passwd.txt")).unwrap();
    std::os::unix::fs::symlink(env.path("secret"), env.path("in/etc")).unwrap();
    let report = index_and_check(
        &env,
        &[
            ("passwd.txt", "link_outside", "--follow"),
            ("etc", "link_outside", "--follow"),
        ],
    );
    assert_eq!(report["documents"], 3, "{report}");
    env.run(&["query", "walrus"]).expect_code(1);
    env.run(&["index", "--follow", "in"]).ok();
    env.run(&["query", "walrus"]).ok();
}

/// Four JSONL files of `lines` articles each.
fn feeds(env: &Env, lines: usize) {
    for f in 0..4 {
        let mut text = String::new();
        for i in 0..lines {
            text.push_str(&format!(
                "{{\"id\":\"f{f}-{i}\",\"title\":\"Report {i}\",\"body\":\"The council of town {i} met on day {f}, and said \\\"we will build {i} boats\\\" to the press.\"}}\n"
            ));
        }
        env.write(&format!("feeds/f{f}.jsonl"), text);
    }
}

/// Stops `dossier index` with `signal` after `after`, and checks that what its summary
/// says it added is what the index then holds.
#[cfg(unix)]
fn interrupted_run_counts_what_it_committed(
    env: &Env,
    signal: rustix::process::Signal,
    after: Duration,
) {
    let child = env
        .command(&["index", "--rebuild", "--format", "json", "feeds"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    let _ = rustix::process::kill_process(pid, signal);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n--- stderr\n{stderr}"));
    let stats: Value = env.run(&["stats", "--format", "json"]).ok().json();
    assert_eq!(
        report["added"], report["documents"],
        "{signal:?}: the summary counts what the index holds\n{stderr}"
    );
    assert_eq!(
        stats["documents"], report["documents"],
        "{signal:?}\n{stats:#}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_and_sigterm_commit_what_is_finished_and_say_so() {
    let env = Env::new();
    feeds(&env, 15_000);
    for (signal, ms) in [
        (rustix::process::Signal::INT, 1_500),
        (rustix::process::Signal::TERM, 2_500),
        (rustix::process::Signal::INT, 5_000),
    ] {
        interrupted_run_counts_what_it_committed(&env, signal, Duration::from_millis(ms));
    }
    // The next run finishes the work.
    let run = env.run(&["index", "--format", "json", "feeds"]).ok();
    let report: Value = run.json();
    assert_eq!(report["documents"], 60_000, "{report:#}");
}

/// Writes every hostile input into `DOSSIER_HOSTILE_DIR`, to measure them by hand.
#[test]
#[ignore]
fn write_inputs() {
    assert!(std::env::var_os("DOSSIER_HOSTILE_DIR").is_some());
    let env = Env::new();
    put_good(&env);
    put(&env, "in/self-drawing.pdf", gen::pdf_self_drawing());
    put(&env, "in/parent-loop.pdf", gen::pdf_parent_loop());
    put(&env, "in/stream-bomb.pdf", gen::pdf_stream_bomb(1024));
    put(&env, "in/fan-out.pdf", gen::pdf_fan_out(12, 10));
    let text = b"all work and no play makes a dull story. ";
    put(&env, "in/two-gb.txt.gz", gen::gzip(text, 2048));
    let mut chunk = text.repeat((1 << 20) / text.len());
    chunk.truncate(1 << 20);
    put(&env, "in/ten-gb.txt.zst", gen::zstd(&chunk, 10_240));
    put(
        &env,
        "in/title-bomb.docx",
        gen::docx_title_bomb("The gannets are back.", 1024),
    );
    put(&env, "in/text-bomb.docx", gen::docx_text_bomb(300));
    put(&env, "in/deep.html", gen::html_deep(200_000));
}

/// Flips 200 bytes in the middle of each index file with `ext`.
fn garble(env: &Env, ext: &str) {
    for entry in std::fs::read_dir(env.path("index")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == ext) {
            let mut bytes = std::fs::read(&path).unwrap();
            let mid = bytes.len() / 2;
            let end = bytes.len().min(mid + 200);
            for b in &mut bytes[mid..end] {
                *b ^= 0x5a;
            }
            std::fs::write(&path, bytes).unwrap();
        }
    }
}

#[test]
fn a_damaged_segment_is_named_with_the_fix() {
    let env = Env::new();
    put_good(&env);
    for i in 0..200 {
        env.write(
            &format!("in/more/{i}.txt"),
            format!("Story {i}\n\nThe council met for the {i}th time and said \"no\" again."),
        );
    }
    env.run(&["index", "in"]).ok();
    env.run(&["stats", "--check"])
        .ok()
        .stderr_has("passes its checksum");
    garble(&env, "store");
    garble(&env, "fast");
    let run = env.run(&["stats", "--check"]).expect_code(2);
    assert!(run.stderr.contains("is damaged"), "{}", run.stderr);
    assert!(run.stderr.contains(".store"), "{}", run.stderr);
    assert!(
        run.stderr.contains("dossier index --rebuild"),
        "{}",
        run.stderr
    );
    // Whatever a read of the damaged index gives, no internal path reaches the user.
    for args in [&["stats"][..], &["query", "council"], &["speakers"]] {
        let run = env.run(args);
        assert!(!run.stderr.contains(".cargo"), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_index_folder_is_named_as_such() {
    if rustix::process::geteuid().is_root() {
        // Root writes anywhere: nothing to see.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    put_good(&env);
    env.run(&["index", "in"]).ok();
    let mode = |m| std::fs::set_permissions(env.path("index"), std::fs::Permissions::from_mode(m));
    mode(0o555).unwrap();
    for args in [&["index", "in"][..], &["forget", "in/good.txt"]] {
        let run = env.run(args).expect_code(2);
        assert!(
            run.stderr.contains("cannot write to the index folder")
                && run.stderr.contains("permission denied"),
            "{args:?}: {}",
            run.stderr
        );
    }
    env.run(&["query", "otters"]).ok();
    mode(0o755).unwrap();
}

#[test]
fn texts_that_expand_in_the_extractors_are_bounded() {
    let env = Env::new();
    put_good(&env);
    // Six million quotation marks, and a 20 MB line: cut, searched for quotations in part.
    put(
        &env,
        "in/quotes.txt",
        format!("Q\n\n{}", "\"".repeat(6_000_000)),
    );
    put(&env, "in/line.txt", "word ".repeat(4_000_000));
    // Front matter nested 100,000 deep (the YAML parser would take minutes).
    put(
        &env,
        "in/deep.md",
        format!(
            "---\ntitle: {}{}\n---\nDeep front matter.\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    let report = index_and_check(&env, &[]);
    let problems = report["problems"].to_string();
    for said in [
        "only its first 16 MiB",
        "first 2 MiB only",
        "nests more than 64",
    ] {
        assert!(problems.contains(said), "{said}: {problems}");
    }
}

/// A small tmpfs mounted for a test (as root, where mounting is allowed), unmounted when
/// dropped.
#[cfg(target_os = "linux")]
struct Mount(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Mount {
    fn tmpfs(at: std::path::PathBuf, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(&at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Mount(at))
    }

    fn remount(&self, options: &str) -> bool {
        std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_and_a_read_only_file_system_are_named() {
    let env = Env::new();
    let Some(mount) = Mount::tmpfs(env.path("small"), "2m") else {
        eprintln!("cannot mount a tmpfs here (not root?): test skipped");
        return;
    };
    // Articles of about 5 MB of distinct words in all: the index does not fit in 2 MB.
    let mut text = String::new();
    for i in 0u64..20_000 {
        let words: Vec<String> = (0..30u64)
            .map(|k| {
                format!(
                    "w{:x}",
                    (i * 31 + k).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40
                )
            })
            .collect();
        text.push_str(&format!(
            "{{\"id\":\"{i}\",\"body\":\"Report {i}: {}.\"}}\n",
            words.join(" ")
        ));
    }
    env.write("feed.jsonl", text);
    let run = env
        .run(&["--index", "small/idx", "index", "feed.jsonl"])
        .expect_code(2);
    assert!(
        run.stderr.contains("small/idx") && run.stderr.contains("the disk is full"),
        "{}",
        run.stderr
    );
    // The half-written segment does not stay behind: the space is free again, and a small
    // folder indexes into the same 2 MB.
    let used: u64 = std::fs::read_dir(env.path("small/idx"))
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    assert!(used < 256 << 10, "{used} bytes left in the index folder");
    env.write("tiny/a.txt", "Herons\n\nThe herons nest early.");
    env.run(&["--index", "small/idx", "index", "tiny"]).ok();
    let run = env.run(&["--index", "small/idx", "forget", "feed.jsonl"]);
    assert!(!run.stderr.contains("IoError"), "{}", run.stderr);
    // A read-only file system holding a good index.
    std::fs::remove_dir_all(env.path("small/idx")).unwrap();
    env.write("one/a.txt", "Otters\n\nThe otters came back.");
    env.run(&["--index", "small/idx", "index", "one"]).ok();
    assert!(mount.remount("ro"));
    for args in [&["index", "one"][..], &["forget", "one/a.txt"]] {
        let mut all = vec!["--index", "small/idx"];
        all.extend_from_slice(args);
        let run = env.run(&all).expect_code(2);
        assert!(
            run.stderr.contains(
                "cannot write to the index folder small/idx: the file system is read-only"
            ),
            "{args:?}: {}",
            run.stderr
        );
    }
    env.run(&["--index", "small/idx", "query", "otters"]).ok();
}
