//! `dossier serve`: the JSON API against the real binary on a free port (`--addr
//! 127.0.0.1:0`; the server prints its URL on stdout). HTTP is spoken by hand over a
//! TcpStream, so that what is tested is what goes over the wire (paths sent as written,
//! headers as sent).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::Env;

/// A running `dossier serve`, stopped with SIGINT (Ctrl-C) when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Serves the index at `index` (relative to the env).
    fn start(env: &Env, index: &str) -> Server {
        let mut child = env
            .command(&["serve", "--index", index, "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("http://")
            .and_then(|s| s.strip_suffix('/'))
            .unwrap_or_else(|| panic!("serve printed {line:?} instead of its URL"))
            .to_string();
        Server { child, addr }
    }

    /// Sends a raw request; returns status, headers (lower-cased names) and body.
    fn request(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw)
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path, b"")
    }

    /// SIGINT, as Ctrl-C; the exit status.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete HTTP reply");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("a status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
        {
            body = unchunk(&body);
        }
        Reply {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A JSON error with `status` whose message contains `needle`.
    fn error(&self, status: u16, needle: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        let message = self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

/// The sample corpus indexed into `index/`.
fn corpus_server() -> (Env, Server) {
    let env = Env::with_corpus();
    env.run(&["index", "corpus", "--index", "index", "--quiet"])
        .ok();
    let server = Server::start(&env, "index");
    (env, server)
}

#[test]
fn search_answers_what_the_cli_prints() {
    let (env, server) = corpus_server();
    let reply = server.get("/api/search?q=sovereignty&limit=5");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let api = reply.json();
    let cli: Value = env
        .run(&[
            "query",
            "sovereignty",
            "-n",
            "5",
            "--index",
            "index",
            "--format",
            "json",
        ])
        .ok()
        .json();
    // The same shape and the same hits (only the time differs).
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("took_ms");
        v
    };
    assert_eq!(strip(api), strip(cli));

    let quotes = server
        .get("/api/search?q=sovereignty&speaker=sheinbaum&quotes=1")
        .json();
    let hits = quotes["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["speaker"] == "Claudia Sheinbaum"));
    assert!(hits[0]["highlights"].as_array().is_some());

    let filtered = server
        .get("/api/search?q=sovereignty&since=2025-05-06&sort=-date")
        .json();
    assert_eq!(filtered["total_hits"], 1);
    assert_eq!(filtered["hits"][0]["date"], "2025-05-08");
}

#[test]
fn bad_parameters_are_400s_that_name_them() {
    let (_env, server) = corpus_server();
    server
        .get("/api/search?q=oil&limit=1000")
        .error(400, "'limit'");
    server
        .get("/api/search?q=oil&offset=-3")
        .error(400, "'offset'");
    server
        .get("/api/search?q=oil&since=yesterday")
        .error(400, "'since'");
    server
        .get("/api/search?q=oil&sort=newest")
        .error(400, "'sort'");
    server
        .get("/api/search?q=oil&quotes=maybe")
        .error(400, "'quotes'");
    server
        .get("/api/search?q=oil&colour=red")
        .error(400, "'colour'");
    server.get("/api/search?q=").error(400, "'q'");
    server
        .get("/api/search?q=oil+AND+(gas")
        .error(400, "unclosed '('");
    server
        .get("/api/search?q=oil&since=2025-06&until=2025-05")
        .error(400, "date range is empty");
    server.get("/api/facets?top=0").error(400, "'top'");
    server.get("/api/stats?top=x").error(400, "'top'");
    server.get("/api/speakers?limit=0").error(400, "'limit'");
}

#[test]
fn articles_by_id_with_quotations_and_marked_words() {
    let (_env, server) = corpus_server();
    let id = "corpus/003_be1b363fc0f9907e.txt";
    let reply = server.get(&format!("/api/article/{id}?q=sovereignty"));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let a = reply.json();
    assert_eq!(a["id"], id);
    assert_eq!(a["title"], "Mex President Rejects Trump's Offer");
    let body: Vec<char> = a["body"].as_str().unwrap().chars().collect();
    let quotes = a["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty());
    for q in quotes {
        let (start, end) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= body.len());
        assert!(!q["speaker"].as_str().unwrap().is_empty());
    }
    let marks = a["highlights"].as_array().unwrap();
    assert!(!marks.is_empty());
    for m in marks {
        let (s, e) = (
            m[0].as_u64().unwrap() as usize,
            m[1].as_u64().unwrap() as usize,
        );
        let word: String = body[s..e].iter().collect();
        assert!(word.to_lowercase().starts_with("sovereign"), "{word:?}");
    }
    // the id percent-encoded as one segment is the same article
    let encoded = server.get("/api/article/corpus%2F003_be1b363fc0f9907e.txt");
    assert_eq!(encoded.json()["id"], id);

    server
        .get("/api/article/corpus/nothing-here.txt")
        .error(404, "no article");
    server.get("/api/nothing").error(404, "no such endpoint");
    server
        .request("POST", "/api/search?q=x", b"")
        .error(405, "takes GET");
    server.get("/api/batch").error(405, "takes POST");
}

#[test]
fn nothing_outside_the_api_and_the_page_can_be_fetched() {
    let (_env, server) = corpus_server();
    for path in [
        "/../Cargo.toml",
        "/..%2fCargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5cCargo.toml",
        "/corpus/003_be1b363fc0f9907e.txt",
        "/index/meta.json",
        "/assets/app.js",
        "/app.js/../../Cargo.toml",
        "/etc/passwd",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}: {}", reply.text());
        assert!(!reply.text().contains("[package]"), "{path}");
        assert!(!reply.text().contains("root:"), "{path}");
    }
    // an id that looks like a path is only ever looked up in the index
    server
        .get("/api/article/../../Cargo.toml")
        .error(404, "no article");
    server
        .get("/api/article/%2e%2e%2f%2e%2e%2fCargo.toml")
        .error(404, "no article");
}

#[test]
fn every_response_carries_the_security_headers() {
    let (_env, server) = corpus_server();
    for path in [
        "/",
        "/app.js",
        "/app.css",
        "/api/stats",
        "/api/search?q=",
        "/nothing",
    ] {
        let reply = server.get(path);
        let csp = reply.header("content-security-policy").unwrap_or_default();
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp:?} lacks {directive}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("<script src=\"/app.js\""));
    // no inline script, no remote origin
    assert!(!html.contains("<script>"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    let js = server.get("/app.js");
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(!js.text().contains("innerHTML"));
}

#[test]
fn batch_takes_lines_or_a_json_array_and_is_bounded() {
    let (_env, server) = corpus_server();
    let reply = server.request(
        "POST",
        "/api/batch",
        b"q1\tsovereignty\n{\"id\": \"q2\", \"query\": \"cartels\", \"limit\": 1}\n\nq3\toil AND (gas\n",
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let lines: Vec<Value> = reply
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "q1");
    assert_eq!(lines[0]["total_hits"], 2);
    assert_eq!(lines[1]["hits"].as_array().unwrap().len(), 1);
    assert!(lines[2]["error"].as_str().unwrap().contains("unclosed"));

    let array = server.request(
        "POST",
        "/api/batch",
        br#"["sovereignty", {"id": "x", "query": "cartels", "speaker": "trump"}]"#,
    );
    let lines: Vec<Value> = array
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "1");
    assert_eq!(lines[1]["id"], "x");

    server
        .request("POST", "/api/batch", br#"[{"query": "x", "limit": 101}]"#)
        .error(400, "'limit'");
    server
        .request("POST", "/api/batch", b"[1, 2]")
        .error(400, "element 1");
    server
        .request("POST", "/api/batch", b"\n# nothing\n")
        .error(400, "no query");
    let many = "oil\n".repeat(1001);
    server
        .request("POST", "/api/batch", many.as_bytes())
        .error(400, "at most 1000");
    let huge = vec![b'a'; 2 << 20];
    let reply = server.request("POST", "/api/batch", &huge);
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(reply.json()["error"].as_str().unwrap().contains("at most"));
}

/// The server's peak resident memory so far (`VmHWM`, Linux), in KiB.
fn peak_kib(server: &Server) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_hostile_batch_is_bounded_in_memory_and_the_server_still_answers() {
    let (_env, server) = corpus_server();
    // The issue's request: one word repeated, ~1 MB (just under the body cap), as one query:
    // refused by the query bound, in its own row, the rest answered.
    let huge = vec!["minister"; 110_000].join(" ");
    let body = format!("q1\t{huge}\nq2\tsovereignty\n");
    assert!(
        body.len() > 900_000 && body.len() < 1 << 20,
        "{}",
        body.len()
    );
    let reply = server.request("POST", "/api/batch", body.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    let rows: Vec<Value> = reply
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0]["error"].as_str().unwrap().contains("characters"),
        "{}",
        rows[0]
    );
    assert_eq!(rows[1]["total_hits"], 2);
    // And queries of 1,000 words each, under the bound, so each is run (110 of them, the
    // whole megabyte, take ~2.5 s in a release build; ten keep the test short).
    let line = vec!["minister"; 1000].join(" ");
    let reply = server.request("POST", "/api/batch", vec![line; 10].join("\n").as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.text().lines().count(), 10);
    // It was 0.9–1.6 GB before the query bounds; under 50 MB now (release build).
    if let Some(kib) = peak_kib(&server) {
        assert!(
            kib < 300 << 10,
            "peak resident memory {kib} KiB after hostile batches"
        );
    }
    let after = server.get("/api/search?q=sovereignty");
    assert_eq!(after.status, 200, "{}", after.text());
    assert_eq!(after.json()["total_hits"], 2);
}

#[test]
fn speakers_stats_and_facets() {
    let (env, server) = corpus_server();
    let speakers = server.get("/api/speakers?q=sovereignty").json();
    let cli: Value = env
        .run(&[
            "speakers",
            "sovereignty",
            "--index",
            "index",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(speakers, cli);

    let stats = server.get("/api/stats").json();
    assert_eq!(stats["documents"], 2);

    let facets = server.get("/api/facets?q=sovereignty").json();
    assert_eq!(facets["total_hits"], 2);
    let names: Vec<&str> = facets["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Claudia Sheinbaum") && names.contains(&"Donald Trump"));
    assert_eq!(facets["sources"][0]["name"], "corpus");
    let dates = &facets["dates"];
    assert_eq!(dates["first"], "2025-05-04");
    assert_eq!(dates["last"], "2025-05-08");
    let buckets = dates["buckets"].as_array().unwrap();
    let counted: u64 = buckets
        .iter()
        .map(|b| b["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 2);
    assert_eq!(buckets[0]["start"], "2025-05-04");

    let narrowed = server
        .get("/api/facets?q=sovereignty&since=2025-05-06")
        .json();
    assert_eq!(narrowed["total_hits"], 1);
}

#[test]
fn date_histogram_buckets_widen_with_the_span() {
    let env = Env::new();
    // 30 articles a month apart: 30 months, too many days and weeks for one chart.
    for i in 0..30 {
        let (year, month) = (2020 + i / 12, 1 + i % 12);
        env.write(
            &format!("news/a{i:02}.md"),
            format!("---\ntitle: Report {i}\ndate: {year}-{month:02}-15\nsource: Wire {}\n---\nThe harbour report number {i}.\n", i % 3),
        );
    }
    env.write(
        "news/undated.md",
        "---\ntitle: Undated\n---\nA harbour note.\n",
    );
    env.run(&["index", "news", "--index", "idx", "--quiet"])
        .ok();
    let server = Server::start(&env, "idx");
    let facets = server.get("/api/facets?q=harbour").json();
    let dates = &facets["dates"];
    assert_eq!(dates["interval_days"], 30);
    assert_eq!(dates["undated"], 1);
    let buckets = dates["buckets"].as_array().unwrap();
    assert!(
        buckets.len() <= 60 && buckets.len() >= 29,
        "{}",
        buckets.len()
    );
    let counted: u64 = buckets
        .iter()
        .map(|b| b["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 30);
    // three wires, and the folder's name for the undated article that names no source
    let sources: Vec<&str> = facets["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 4, "{sources:?}");
    assert!(sources.contains(&"Wire 0") && sources.contains(&"news"));
    let week = server
        .get("/api/facets?q=harbour&since=2021-03&until=2021-03")
        .json();
    assert_eq!(week["dates"]["interval_days"], 1);
    assert_eq!(week["total_hits"], 1);
}

#[test]
fn follows_the_index_and_stops_cleanly_on_ctrl_c() {
    let env = Env::new();
    env.write(
        "news/a.md",
        "---\ntitle: First\n---\nThe lighthouse opened.\n",
    );
    env.run(&["index", "news", "--index", "idx", "--quiet"])
        .ok();
    let mut server = Server::start(&env, "idx");
    assert_eq!(
        server.get("/api/search?q=lighthouse").json()["total_hits"],
        1
    );
    env.write(
        "news/b.md",
        "---\ntitle: Second\n---\nThe lighthouse closed.\n",
    );
    env.run(&["index", "news", "--index", "idx", "--quiet"])
        .ok();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if server.get("/api/search?q=lighthouse").json()["total_hits"] == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the new commit was never served");
        std::thread::sleep(Duration::from_millis(200));
    }
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_non_loopback_address_is_announced_and_a_bad_one_refused() {
    let env = Env::new();
    env.write("news/a.md", "Words.\n");
    env.run(&["index", "news", "--index", "idx", "--quiet"])
        .ok();
    env.run(&["serve", "--index", "idx", "--addr", "localhost"])
        .expect_code(2)
        .stderr_has("--addr");
    let mut child = env
        .command(&["serve", "--index", "idx", "--addr", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    for _ in 0..2 {
        err.read_line(&mut said).unwrap();
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(said.contains("not a loopback address"), "{said}");
    env.run(&["serve", "--index", "nothing-here"])
        .expect_code(2)
        .stderr_has("no index");
    // a port already taken
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    env.run(&["serve", "--index", "idx", "--addr", &addr])
        .expect_code(2)
        .stderr_has("cannot listen on")
        .stderr_has("--addr 127.0.0.1:PORT");
}

#[test]
fn a_search_with_no_hit_suggests_and_fuzzy_tolerates_typos() {
    let (_env, server) = corpus_server();
    let reply = server.get("/api/search?q=soverignty");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let r = reply.json();
    assert_eq!(r["total_hits"], 0);
    assert_eq!(r["suggestion"], "sovereignty");
    let r = server.get("/api/search?q=soverignty&fuzzy=1").json();
    assert_eq!(r["total_hits"], 2, "{r}");
    assert!(r.get("suggestion").is_none(), "{r}");
    server
        .get("/api/search?q=soverignty&fuzzy=maybe")
        .error(400, "fuzzy");
}

#[test]
fn the_speaker_facet_counts_as_speakers_and_stats_do() {
    let env = Env::new();
    let story = "The harbour board met on Monday and agreed a plan. \"We will dredge the channel this year,\" said Jane Roe, the chair of the board. Ships have run aground twice this spring, and pilots have asked for deeper water at the entrance for years.";
    // Two copies of one story, and an article that names her by surname only.
    env.write("news/a.txt", format!("Harbour plan\n\n{story}"));
    env.write("news/b.txt", format!("Harbour plan\n\n{story}"));
    env.write(
        "news/c.txt",
        "Bridge\n\nJane Roe spoke again. \"The bridge will close in May,\" Roe said on Friday.",
    );
    env.run(&["index", "news", "--index", "index", "--quiet"])
        .ok();
    let speakers: Value = serde_json::from_str(
        &env.run(&["speakers", "--index", "index", "--format", "json"])
            .ok()
            .stdout,
    )
    .unwrap();
    let stats: Value = serde_json::from_str(
        &env.run(&["stats", "--index", "index", "--format", "json"])
            .ok()
            .stdout,
    )
    .unwrap();
    let server = Server::start(&env, "index");
    let facets = server.get("/api/facets").json();
    let count = |list: &Value| -> u64 {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Jane Roe")
            .unwrap_or_else(|| panic!("no Jane Roe in {list}"))["articles"]
            .as_u64()
            .unwrap()
    };
    let n = count(&speakers);
    assert_eq!(n, 2, "{speakers}");
    assert_eq!(count(&stats["speakers"]), n, "{stats}");
    assert_eq!(count(&facets["speakers"]), n, "{facets}");
    // With a query too.
    let facets = server.get("/api/facets?q=harbour").json();
    let speakers = server.get("/api/speakers?q=harbour").json();
    assert_eq!(count(&facets["speakers"]), count(&speakers));
}

#[test]
fn languages_are_a_facet_a_filter_and_shown_on_each_hit() {
    // English, two Spanish (one by its page's `lang`), Portuguese by metadata, one too short.
    let env = crate::languages::bilingual();
    let server = Server::start(&env, "index");
    let pairs = |list: &Value| -> Vec<(String, u64)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let name = l["name"].as_str().unwrap().to_string();
                (name, l["articles"].as_u64().unwrap())
            })
            .collect()
    };
    let expected = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|&(n, c)| (n.to_string(), c)).collect()
    };
    let facets = server.get("/api/facets").json();
    assert_eq!(
        pairs(&facets["languages"]),
        expected(&[("es", 2), ("en", 1), ("pt", 1), ("und", 1)]),
        "{facets}"
    );
    let facets = server.get("/api/facets?q=sheinbaum").json();
    assert_eq!(
        pairs(&facets["languages"]),
        expected(&[("es", 2), ("en", 1), ("pt", 1)])
    );
    // `lang=` filters the facets, the speakers and the hits, each hit saying its language.
    let facets = server.get("/api/facets?q=sheinbaum&lang=es").json();
    assert_eq!(facets["total_hits"], 2);
    assert_eq!(pairs(&facets["languages"]), expected(&[("es", 2)]));
    let facets = server.get("/api/facets?lang=en").json();
    assert_eq!(facets["total_hits"], 1);
    assert_eq!(
        pairs(&facets["speakers"]),
        expected(&[("Claudia Sheinbaum", 1)])
    );
    let found = server.get("/api/search?q=sheinbaum&lang=es").json();
    assert_eq!(found["total_hits"], 2, "{found}");
    let hits = found["hits"].as_array().unwrap();
    assert!(hits.iter().all(|h| h["lang"] == "es"), "{found}");
    let found = server
        .get("/api/search?q=sovereignty&lang=pt&lang=en&quotes=1")
        .json();
    let hits = found["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{found}");
    assert!(hits.iter().all(|h| h["lang"] == "en" || h["lang"] == "pt"));
    let speakers = server.get("/api/speakers?lang=und").json();
    assert_eq!(speakers, serde_json::json!([]));
    // `/api/stats?lang=` as `dossier stats --lang`.
    let stats = server.get("/api/stats?lang=es").json();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["langs"], serde_json::json!(["es"]));
    server.get("/api/facets?lang=").error(400, "'lang'");
}
