//! Test harness: run the real `dossier` binary in a fresh temp dir with a cleared
//! environment; a failed expectation prints the command, its stdout and stderr.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

/// A scratch directory to run dossier in.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary gave.
pub struct Run {
    pub cmd: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the whole run unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Self {
        if self.code != code {
            panic!(
                "expected exit {code}, got {}\n$ {}\n--- stdout\n{}\n--- stderr\n{}",
                self.code, self.cmd, self.stdout, self.stderr
            );
        }
        self
    }

    /// Exit 0.
    pub fn ok(self) -> Self {
        self.expect_code(0)
    }

    /// Parses stdout as JSON of type `T`.
    pub fn json<T: for<'de> Deserialize<'de>>(&self) -> T {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not the expected JSON: {e}\n$ {}\n--- stdout\n{}\n--- stderr\n{}",
                self.cmd, self.stdout, self.stderr
            )
        })
    }

    /// Asserts stderr contains `needle`.
    pub fn stderr_has(self, needle: &str) -> Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n$ {}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmd,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts stdout contains `needle`.
    pub fn stdout_has(self, needle: &str) -> Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n$ {}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmd,
            self.stdout,
            self.stderr
        );
        self
    }
}

impl Env {
    /// An empty scratch directory.
    pub fn new() -> Self {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A scratch directory holding a copy of the repository's `corpus/`.
    pub fn with_corpus() -> Self {
        let env = Env::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let dst = env.path("corpus");
        std::fs::create_dir_all(&dst).unwrap();
        for entry in std::fs::read_dir(src).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dst.join(entry.file_name())).unwrap();
        }
        env
    }

    /// A scratch directory holding a copy of `tests/fixtures/NAME` as `NAME/`.
    pub fn with_fixture(name: &str) -> Self {
        let env = Env::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, &env.path(name));
        env
    }

    /// A path inside the scratch directory.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// The command, with a cleared environment, run from the scratch directory.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs dossier with `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(self.command(args), args)
    }

    /// Runs a prepared command.
    pub fn run_with(&self, mut cmd: Command, args: &[&str]) -> Run {
        let out: Output = cmd.output().expect("run dossier");
        Run {
            cmd: format!("dossier {}", args.join(" ")),
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The ids of the hits of `dossier query --format json -n 100 ARGS`, sorted; the run must
/// exit 0 or 1.
pub fn hit_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["query", "--format", "json", "-n", "100"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert!(
        run.code == 0 || run.code == 1,
        "{args:?}: exit {}: {}",
        run.code,
        run.stderr
    );
    let mut ids: Vec<String> = run
        .json::<Response>()
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

/// A consumer's copy of the query response shape: unknown fields are an error, so a change
/// of the JSON shape breaks this test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub query: String,
    pub total_hits: u64,
    /// Stories among them (absent with `--all-copies`).
    #[serde(default)]
    pub total_stories: Option<u64>,
    pub took_ms: f64,
    /// With `--explain`.
    #[serde(default)]
    pub explain: Option<String>,
    /// When the query has nothing to search for, or a word looks like an unknown field.
    #[serde(default)]
    pub warnings: Vec<String>,
    pub hits: Vec<Hit>,
}

/// A hit, as documented in the README.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hit {
    pub rank: usize,
    pub score: f64,
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub author: String,
    pub date: Option<String>,
    /// `metadata`, `byline`, `dateline`, `text` or null.
    pub date_source: Option<String>,
    /// ISO 639-1 code, or `und`.
    pub lang: String,
    pub speakers: Vec<String>,
    pub snippets: Vec<Snippet>,
    pub quotes: Vec<QuoteMatch>,
    /// The story group: 16 hex digits.
    pub story: String,
    /// Other matching copies of the story.
    pub copies: usize,
    /// The first ten of them.
    #[serde(default)]
    pub other_copies: Vec<Copy>,
}

/// Another copy of a hit's story.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Copy {
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
}

/// A snippet with char-offset highlights.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// A matching quotation of a hit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteMatch {
    pub speaker: String,
    pub text: String,
}

/// The highlighted words of a snippet.
pub fn highlighted(s: &Snippet) -> Vec<String> {
    let chars: Vec<char> = s.text.chars().collect();
    s.highlights
        .iter()
        .map(|h| chars[h[0]..h[1]].iter().collect())
        .collect()
}

/// IDs of a response's hits, in order.
pub fn ids(r: &Response) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

/// Copies a folder recursively.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// A consumer's copy of one entry of `dossier speakers --format json`: a person, with the
/// other names the index gives them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerEntry {
    pub name: String,
    pub quotes: u64,
    pub articles: u64,
    pub aliases: Vec<String>,
}

/// A consumer's copy of `dossier quotes --format json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotesResponse {
    pub query: String,
    pub total_groups: u64,
    pub took_ms: f64,
    #[serde(default)]
    pub explain: Option<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
    pub groups: Vec<QuoteGroup>,
}

/// One quotation across articles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteGroup {
    pub rank: usize,
    pub speaker: String,
    pub text: String,
    /// A later, longer version than the first article's.
    #[serde(default)]
    pub longer: Option<Longer>,
    pub first: Appearance,
    pub articles: usize,
    pub sources: usize,
    pub members: Vec<Member>,
}

/// A later, longer version of a quotation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Longer {
    pub id: String,
    pub text: String,
}

/// Where a quotation first appeared.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appearance {
    pub id: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
}

/// One article carrying a quotation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub date: Option<String>,
    pub speaker: String,
    pub text: String,
    pub score: f64,
}
