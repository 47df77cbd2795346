//! Articles as they come: schema.org records, UTF-16 files, JSON-LD in web pages, PDF, Word
//! and WARC files (made here, byte for byte), and what `extract` says when it reads nothing.

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
    env.write("report.doc", "an old Word file");
    env.run(&["extract", "report.doc"])
        .expect_code(1)
        .stderr_has("skipped report.doc (unsupported)");
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

/// A PDF made by hand: one page a list of lines (Helvetica 12 pt, an empty line a blank
/// line), and an information dictionary (`/Title (…) …`, may be empty).
fn pdf(pages: &[&[&str]], info: &str) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< {info} >>"),
    ];
    let mut kids = Vec::new();
    for lines in pages {
        let mut content = String::from("BT /F1 12 Tf 14 TL 72 740 Td\n");
        for line in *lines {
            content.push_str(&format!("({line}) Tj T*\n"));
        }
        content.push_str("ET\n");
        let content_id = objects.len() + 2;
        kids.push(format!("{} 0 R", objects.len() + 1));
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

#[test]
fn pdf_text_layer_metadata_and_scans() {
    let env = Env::new();
    env.write(
        "docs/report.pdf",
        pdf(
            &[
                &[
                    "Harbour Authority - Press release",
                    "",
                    "The harbour reopened on Monday after the storm damaged the inter-",
                    "national terminal.",
                    "",
                    "\"We are open again,\" said Ana Lopes, the harbour master, who",
                    "1",
                ],
                &[
                    "Harbour Authority - Press release",
                    "",
                    "thanked the crews.",
                    "",
                    "2",
                ],
            ],
            "/Title (Harbour reopens) /Author (Port Desk) /CreationDate (D:20250504093000Z)",
        ),
    );
    env.write("docs/scan.pdf", pdf(&[&[]], ""));
    env.write("docs/broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog");
    let run = env
        .run(&["extract", "docs", "--format", "jsonl", "--with-body", "-v"])
        .ok();
    let a: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(a.len(), 1, "{}", run.stdout);
    assert_eq!(a[0]["title"], "Harbour reopens");
    assert_eq!(a[0]["author"], "Port Desk");
    assert_eq!(a[0]["date"], "2025-05-04");
    assert_eq!(a[0]["date_source"], "metadata");
    assert_eq!(
        a[0]["body"],
        "The harbour reopened on Monday after the storm damaged the international terminal.\n\n\
         \"We are open again,\" said Ana Lopes, the harbour master, who thanked the crews."
    );
    assert_eq!(a[0]["quotes"][0]["speaker"], "Ana Lopes");
    assert!(
        run.stderr.contains("scan.pdf (no text layer)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("broken.pdf (invalid): not a readable PDF"),
        "{}",
        run.stderr
    );
    // Indexed, the scan is counted among the skipped files, by its reason.
    env.run(&["index", "docs"])
        .ok()
        .stdout_has("1 no text layer");
    // On standard input, a PDF is told by its first bytes.
    let mut child = env
        .command(&["extract", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(env.path("docs/report.pdf")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "Harbour reopens");
}

/// A `.docx` with these paragraphs and core properties.
fn docx(paragraphs: &[&str], title: &str, creator: &str, created: &str) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><dcterms:created>{created}</dcterms:created><dcterms:modified>2030-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in [("word/document.xml", document), ("docProps/core.xml", core)] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn word_documents_paragraphs_and_properties() {
    let env = Env::new();
    env.write(
        "memos/memo.docx",
        docx(
            &[
                "The ferry will run again from Friday.",
                "&#8220;We are ready,&#8221; said Ana Lopes.",
            ],
            "Ferry returns",
            "Port Desk",
            "2025-05-03T08:00:00Z",
        ),
    );
    env.write("memos/not-a-zip.docx", "plain text, not a Word file");
    let run = env
        .run(&["extract", "memos", "--format", "jsonl", "--with-body"])
        .ok();
    let a: Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(a["title"], "Ferry returns");
    assert_eq!(a["author"], "Port Desk");
    assert_eq!(a["date"], "2025-05-03");
    assert_eq!(a["date_source"], "metadata");
    assert_eq!(
        a["body"],
        "The ferry will run again from Friday.\n\n\u{201c}We are ready,\u{201d} said Ana Lopes."
    );
    assert_eq!(a["quotes"][0]["speaker"], "Ana Lopes");
    assert!(
        run.stderr
            .contains("not-a-zip.docx (invalid): not a Word document"),
        "{}",
        run.stderr
    );
}

/// One WARC record.
fn warc_record(kind: &str, uri: &str, date: &str, block: &str) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
}

fn http_page(status: &str, content_type: &str, title: &str, meta_date: &str) -> String {
    let meta = if meta_date.is_empty() {
        String::new()
    } else {
        format!("<meta property=\"article:published_time\" content=\"{meta_date}\">")
    };
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n<html><head><title>{title}</title>{meta}</head><body><article><p>{title}: the council voted on Tuesday.</p><p>\"We will build it,\" said Ana Lopes.</p></article></body></html>"
    )
}

#[test]
fn web_archives_record_by_record() {
    let env = Env::new();
    let mut records = vec![warc_record(
        "warcinfo",
        "",
        "2025-05-05T00:00:00Z",
        "software: test",
    )];
    // Enough records that a compressed archive is read in several parts.
    for i in 1..=600 {
        records.push(warc_record(
            "request",
            &format!("https://news.example/{i}"),
            "2025-05-05T10:00:00Z",
            "GET / HTTP/1.1\r\n\r\n",
        ));
        let (status, content_type) = match i % 100 {
            7 => ("301 Moved Permanently", "text/html"),
            8 => ("200 OK", "image/jpeg"),
            _ => ("200 OK", "text/html; charset=utf-8"),
        };
        let date = if i == 1 { "2025-05-01" } else { "" };
        let padding = "x".repeat(2000);
        records.push(warc_record(
            "response",
            &format!("https://news.example/{i}"),
            "2025-05-05T10:00:00Z",
            &format!(
                "{}<!-- {padding} -->",
                http_page(status, content_type, &format!("Story {i}"), date)
            ),
        ));
    }
    // Each record a gzip member, as crawls write them.
    let mut gz = Vec::new();
    for r in &records {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(r.as_bytes()).unwrap();
        gz.extend(e.finish().unwrap());
    }
    env.write("crawl/news.warc.gz", gz);
    let run = env
        .run(&["extract", "crawl", "--format", "jsonl", "--with-body"])
        .ok();
    let a: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(a.len(), 588, "{}", run.stderr);
    assert_eq!(a[0]["url"], "https://news.example/1");
    assert_eq!(a[0]["id"], "crawl/news.warc.gz#3");
    // The page's own date first, else the record's.
    assert_eq!(a[0]["date"], "2025-05-01");
    assert_eq!(a[1]["date"], "2025-05-05");
    assert_eq!(a[1]["date_source"], "metadata");
    assert_eq!(a[0]["quotes"][0]["speaker"], "Ana Lopes");
    let ids: std::collections::HashSet<&str> =
        a.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), a.len());
    assert!(
        run.stderr
            .contains("HTTP status 301 (https://news.example/7)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("not HTML (image/jpeg) (https://news.example/8)"),
        "{}",
        run.stderr
    );
    // Indexed: the articles, and the 12 responses left out counted as skipped records.
    env.run(&["index", "crawl"])
        .ok()
        .stdout_has("588 added")
        .stdout_has("12 records skipped");
    // The same ids on a second, full run.
    let again = env.run(&["extract", "crawl", "--format", "jsonl"]).ok();
    let second: Vec<Value> = again
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(second[587]["id"], a[587]["id"]);
}

#[test]
fn a_date_that_cannot_be_one_is_dropped_with_a_warning() {
    let env = Env::new();
    env.write(
        "feed.jsonl",
        concat!(
            "{\"id\": \"old\", \"date\": \"0001-01-01\", \"body\": \"Placeholder date.\"}\n",
            "{\"id\": \"future\", \"date\": \"2999-01-01\", \"body\": \"Far ahead.\"}\n",
            "{\"id\": \"ok\", \"date\": \"2025-05-04\", \"body\": \"A real date.\"}\n",
            "{\"id\": \"body\", \"date\": \"0001-01-01\", \"body\": \"WASHINGTON, May 4, 2025 - The body says when.\"}\n",
        ),
    );
    let run = env
        .run(&["extract", "--format", "jsonl", "feed.jsonl"])
        .ok()
        .stderr_has("date 0001-01-01 is no date")
        .stderr_has("date 2999-01-01 is no date");
    let out: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out[0]["date"], Value::Null);
    assert_eq!(out[0]["date_source"], Value::Null);
    assert_eq!(out[1]["date"], Value::Null);
    assert_eq!(out[2]["date"], "2025-05-04");
    // A placeholder in the metadata leaves the body's own date to be found.
    assert_eq!(out[3]["date"], "2025-05-04");
    // Indexed, the placeholder is no date either: stats' range comes from real dates.
    env.run(&["index", "feed.jsonl"]).ok();
    let stats: Value =
        serde_json::from_str(&env.run(&["stats", "--format", "json"]).ok().stdout).unwrap();
    assert_eq!(stats["first_date"], "2025-05-04");
}
