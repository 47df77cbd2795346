//! Articles as they come: schema.org records, UTF-16 files, JSON-LD in web pages, and what
//! `extract` says when it reads nothing.

use std::io::Write;
use std::process::Stdio;

use crate::util::Env;
use serde_json::Value;

fn extracted(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["extract", "--format", "jsonl", "--with-body"];
    all.extend_from_slice(args);
    env.run(&all)
        .ok()
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn schema_org_records_and_feed_keys() {
    let env = Env::new();
    env.write(
        "feed/news.jsonl",
        concat!(
            r#"{"headline": "Harbour reopens", "articleBody": "The harbour reopened.", "datePublished": "2025-05-04T09:30:00Z", "author": {"name": "Ana Lopes"}, "publisher": {"name": "Harbour Gazette"}, "url": "https://example.org/h"}"#,
            "\n",
            r#"{"title": "Ferry", "content": "The ferry runs.", "pubDate": "Sun, 04 May 2025 10:00:00 GMT", "published": "2020-01-01", "date": "2025-05-03"}"#,
            "\n",
            r#"{"title": "No text here", "summary": "not a known key", "tags": ["a"]}"#,
            "\n",
            r#"{"title": "HEADLINE ONLY", "body": ""}"#,
            "\n"
        ),
    );
    let run = env
        .run(&["extract", "feed", "--format", "jsonl", "--with-body"])
        .ok();
    assert!(
        run.stderr
            .contains("news.jsonl:3: no article text (keys: summary, tags, title)"),
        "{}",
        run.stderr
    );
    let a: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The headline-only record (its text key empty) is kept, as wire services send them.
    assert_eq!(a.len(), 3);
    assert_eq!(a[2]["title"], "HEADLINE ONLY");
    assert_eq!(a[0]["title"], "Harbour reopens");
    assert_eq!(a[0]["body"], "The harbour reopened.");
    assert_eq!(a[0]["date"], "2025-05-04");
    assert_eq!(a[0]["author"], "Ana Lopes");
    assert_eq!(a[0]["source"], "Harbour Gazette");
    assert_eq!(a[0]["url"], "https://example.org/h");
    // `date` wins over `published` and `pubDate`, whatever their order.
    assert_eq!(a[1]["date"], "2025-05-03");
    // Indexed, the record with no text is counted as left out.
    env.run(&["index", "feed"])
        .ok()
        .stdout_has("1 record skipped");
}

#[test]
fn utf16_files_with_a_byte_order_mark() {
    let env = Env::new();
    let text = "Café opens\n\n“We are open,” said Ana Lopes.";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    env.write("w/le.txt", le);
    let a = extracted(&env, &["w"]);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["title"], "Café opens");
    assert_eq!(a[0]["quotes"][0]["speaker"], "Ana Lopes");
}

#[test]
fn json_ld_metadata_in_web_pages() {
    let env = Env::new();
    env.write(
        "web/page.html",
        r#"<html><head><title>Site | page</title>
        <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": "Harbour reopens", "datePublished": "2025-05-04", "author": [{"@type": "Person", "name": "Ana Lopes"}],
          "publisher": {"@type": "Organization", "name": "Harbour Gazette"}}</script></head>
        <body><article><p>The harbour reopened on Monday.</p></article></body></html>"#,
    );
    let a = extracted(&env, &["web"]);
    assert_eq!(a[0]["title"], "Harbour reopens");
    assert_eq!(a[0]["date"], "2025-05-04");
    assert_eq!(a[0]["author"], "Ana Lopes");
    assert_eq!(a[0]["source"], "Harbour Gazette");
}

#[test]
fn extract_says_why_it_printed_nothing_and_reads_standard_input() {
    let env = Env::new();
    env.write("report.pdf", "%PDF-1.4 not read yet");
    env.run(&["extract", "report.pdf"])
        .expect_code(1)
        .stderr_has("skipped report.pdf (unsupported)");
    let mut child = env
        .command(&["extract", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"headline\": \"H\", \"articleBody\": \"Body text.\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "H");
}

#[test]
fn compressed_files_are_read_as_what_they_hold() {
    let env = Env::new();
    let gzip = |text: &str| -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    // A feed big enough to be streamed in parts, with a bad line far down.
    let mut feed = String::new();
    for i in 1..=12_000 {
        if i == 11_999 {
            feed.push_str("{not json\n");
        } else {
            feed.push_str(&format!(
                "{{\"id\": \"w{i}\", \"headline\": \"Harbour {i}\", \"articleBody\": \"The harbour news number {i}, with words enough to make the line long.\"}}\n"
            ));
        }
    }
    env.write("in/feed.jsonl.gz", gzip(&feed));
    env.write(
        "in/page.HTML.gz",
        gzip("<html><head><title>Ferry</title></head><body><article><p>The ferry runs again.</p></article></body></html>"),
    );
    env.write(
        "in/one.json.zst",
        zstd::encode_all(
            &br#"{"title": "Bridge", "body": "The bridge opens."}"#[..],
            3,
        )
        .unwrap(),
    );
    env.write("in/broken.txt.gz", b"\x1f\x8b this is not gzip");
    let run = env.run(&["index", "in"]).ok();
    assert!(
        run.stderr.contains("feed.jsonl.gz:11999: not JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("broken.txt.gz"), "{}", run.stderr);
    assert!(run.stdout.contains("12001 added"), "{}", run.stdout);
    env.run(&["query", "ferry"]).ok().stdout_has("Ferry");
    env.run(&["query", "bridge"]).ok().stdout_has("Bridge");
    env.run(&["query", "\"number 11998\""]).ok();
}

#[test]
fn dates_say_where_they_come_from_and_birth_dates_are_not_taken() {
    let env = Env::new();
    env.write("d/meta.md", "---\ndate: 2025-05-04\n---\nText.");
    env.write(
        "d/byline.txt",
        "Harbour news\n\nBy Cal Mercer • May 08, 2025\n\nText.",
    );
    env.write(
        "d/dateline.txt",
        "LONDON, 12 March 2024 - The harbour reopened on a later day.",
    );
    env.write(
        "d/obituary.txt",
        "Star dies\n\nBorn in Luton on 5 April 1920, the actor was a star of stage and screen.",
    );
    env.write(
        "d/anniversary.txt",
        "Ten years on\n\nThe attacks of 11 September 2001 changed the city, residents said.",
    );
    let a = extracted(&env, &["d"]);
    let by_path = |p: &str| a.iter().find(|x| x["path"] == p).unwrap().clone();
    let meta = by_path("d/meta.md");
    assert_eq!(
        (meta["date"].as_str(), meta["date_source"].as_str()),
        (Some("2025-05-04"), Some("metadata"))
    );
    let byline = by_path("d/byline.txt");
    assert_eq!(byline["date_source"], "byline");
    let dateline = by_path("d/dateline.txt");
    assert_eq!(
        (dateline["date"].as_str(), dateline["date_source"].as_str()),
        (Some("2024-03-12"), Some("dateline"))
    );
    for undated in ["d/obituary.txt", "d/anniversary.txt"] {
        let x = by_path(undated);
        assert_eq!(x["date"], Value::Null, "{undated}");
        assert_eq!(x["date_source"], Value::Null, "{undated}");
    }
}
