//! Hostile pages and clients against `dossier serve`: a page that rebinds its own name to
//! 127.0.0.1 (DNS rebinding), a cross-origin POST, idle and slow connections, a body that
//! never comes, many connections at once, and GETs that must write nothing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::Env;

/// A running server, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(env: &Env, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = env
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server { child, addr }
    }

    /// Sends `head` (request line and headers, without the blank line) and `body`; returns
    /// the status code and the whole answer.
    fn send(&self, head: &str, body: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream
            .write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes())
            .unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn indexed() -> Env {
    let env = Env::new();
    env.write(
        "news/a.txt",
        "Harbour\n\n\"We will rebuild the pier,\" said Mayor Ana Lopes.",
    );
    env.run(&["index", "news"]).ok();
    env
}

#[test]
fn only_its_own_host_and_origin_are_answered() {
    let env = indexed();
    let server = Server::start(&env, &["--allow-host", "search.newsroom.test"]);
    let a = &server.addr;
    let port = a.rsplit(':').next().unwrap();
    for (host, status) in [
        (a.to_string(), 200),
        (format!("localhost:{port}"), 200),
        (format!("search.newsroom.test:{port}"), 200),
        (format!("evil.example:{port}"), 421),
        ("evil.example".to_string(), 421),
    ] {
        let (got, text) = server.send(
            &format!("GET /api/search?q=pier HTTP/1.1\r\nHost: {host}"),
            b"",
        );
        assert_eq!(got, status, "{host}: {text}");
    }
    let batch = |origin: &str| {
        server.send(
            &format!(
                "POST /api/batch HTTP/1.1\r\nHost: {a}\r\nContent-Type: text/plain\r\n{origin}Content-Length: 4"
            ),
            b"pier",
        )
    };
    assert_eq!(batch("").0, 200);
    assert_eq!(batch(&format!("Origin: http://{a}\r\n")).0, 200);
    let (status, text) = batch("Origin: http://evil.example\r\n");
    assert_eq!(status, 403, "{text}");
    assert_eq!(batch("Sec-Fetch-Site: cross-site\r\n").0, 403);
}

#[test]
fn idle_slow_and_lying_clients_are_cut_off() {
    let env = indexed();
    let server = Server::start(&env, &[]);
    // An idle connection is closed after the header timeout.
    let started = Instant::now();
    let mut idle = TcpStream::connect(&server.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut buf = [0u8; 64];
    let _ = idle.read(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    // A body shorter than its Content-Length: 408 once the body timeout passes.
    let started = Instant::now();
    let (status, text) = server.send(
        &format!(
            "POST /api/batch HTTP/1.1\r\nHost: {}\r\nContent-Length: 1000",
            server.addr
        ),
        b"pier",
    );
    assert_eq!(status, 408, "{text}");
    assert!(started.elapsed() < Duration::from_secs(15));
    // 600 connections that say nothing: the server still answers (bounded connections,
    // each cut off after the header timeout), and stays up.
    let held: Vec<TcpStream> = (0..600)
        .filter_map(|_| TcpStream::connect(&server.addr).ok())
        .collect();
    let started = Instant::now();
    let (status, _) = server.send(
        &format!("GET /api/stats HTTP/1.1\r\nHost: {}", server.addr),
        b"",
    );
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "{:?}",
        started.elapsed()
    );
    drop(held);
}

#[test]
fn no_get_writes_into_the_index_folder() {
    let env = indexed();
    let registry = env.path("index/dossier-speakers.json");
    std::fs::remove_file(&registry).unwrap();
    let before: Vec<_> = std::fs::read_dir(env.path("index"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let server = Server::start(&env, &[]);
    for path in [
        "/api/search?q=pier&speaker=lopes",
        "/api/speakers",
        "/api/stats",
    ] {
        let (status, text) = server.send(
            &format!("GET {path} HTTP/1.1\r\nHost: {}", server.addr),
            b"",
        );
        assert_eq!(status, 200, "{path}: {text}");
    }
    let (_, text) = server.send(
        &format!("GET /api/speakers HTTP/1.1\r\nHost: {}", server.addr),
        b"",
    );
    assert!(text.contains("Ana Lopes"), "{text}");
    assert!(!registry.exists(), "a GET wrote the speaker registry");
    let mut after: Vec<_> = std::fs::read_dir(env.path("index"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let mut before = before;
    before.sort();
    after.sort();
    assert_eq!(before, after);
}
