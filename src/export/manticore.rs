//! Manticore Search and its ancestor Sphinx 2.2 (Debian's `sphinxsearch`): a small cluster
//! on loopback, `--shards N` shards of `--replicas R` copies each, and a coordinator.
//!
//! The folder holds `data/articles-shardK.xml` and `data/quotes-shardK.xml` (xmlpipe2
//! streams: each article goes to shard `story mod N`, so the copies of a story share a shard
//! and grouping by story is exact), `stopwords.txt`, one config a node in `conf/`
//! (`shardK-rR.conf`: the plain indexes `articles_shardK` and `quotes_shardK`, and a searchd
//! on its own port; `coordinator.conf`: the distributed indexes `articles` and `quotes`,
//! whose agents list each shard's replicas as mirrors, so a query goes to one live replica
//! of every shard and fails over to another when one dies), `start.sh` (builds each node's
//! indexes, starts every searchd, waits until each answers, and prints
//! `sphinxql 127.0.0.1:PORT` last) and `stop.sh`. Each node's pid is in `run/NODE.pid`.
//! Paths in the configs are absolute: move the folder, export again.
//!
//! Text is analysed as dossier's is, as far as Sphinx goes: English stemming (`stem_en`,
//! Porter), and as stop words the 33 the index drops with the Snowball list dossier drops
//! from queries; letters with accents are folded (`charset_table`: Sphinx 2.2's default
//! table has no accented letter, and cut `elección` in two). Articles in a language with an
//! analysis of its own in dossier (`engine::languages::ANALYSED`) go to indexes of their own,
//! `articles_es_shardK` from `data/articles-es-shardK.xml`, with that language's Snowball
//! stemmer (`libstemmer_es`: Manticore's and Debian's Sphinx have libstemmer) and dossier's
//! stop words for it (`stopwords-es.txt`); the distributed `articles` index queries them with
//! the others, so one `MATCH` finds both, each analysed as its language (a morphology list,
//! `stem_en, libstemmer_es`, would not do: its first stemmer that changes a word wins, English
//! stems Spanish words and Spanish stems the English words Porter leaves alone). Attributes: `aid` (dossier's id), `story`, `source` (also a field),
//! `date` as `YYYYMMDD` (0 when undated); `quotes` has `speaker` (field and attribute, the
//! canonical name), `aid`, `story`, `date` and `parts`.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{write_file, ExportOptions, Exported, Record, Sink};
use crate::engine::analysis::{INDEX_STOP_WORDS, QUERY_STOP_WORDS};
use crate::engine::languages::{self, ANALYSED};

pub struct Manticore {
    dir: PathBuf,
    shards: usize,
    replicas: usize,
    port: u16,
    /// The articles' files: first those of the languages analysed as English, then those of
    /// each language of `ANALYSED`; one a shard in each.
    articles: Vec<Vec<BufWriter<std::fs::File>>>,
    quotes: Vec<BufWriter<std::fs::File>>,
    next_article: u64,
    next_quote: u64,
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sphinx:docset>\n";
const TAIL: &str = "</sphinx:docset>\n";

impl Manticore {
    pub fn new(options: &ExportOptions) -> Result<Self> {
        let dir = std::fs::canonicalize(&options.dir)
            .with_context(|| format!("cannot read {}", options.dir.display()))?;
        std::fs::create_dir_all(dir.join("data"))?;
        let open = |kind: &str, k: usize| -> Result<BufWriter<std::fs::File>> {
            let path = dir.join(format!("data/{kind}-shard{k}.xml"));
            let mut file = BufWriter::new(
                std::fs::File::create(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            );
            file.write_all(HEAD.as_bytes())?;
            Ok(file)
        };
        let shards = options.shards;
        Ok(Manticore {
            articles: article_files()
                .iter()
                .map(|kind| (1..=shards).map(|k| open(kind, k)).collect())
                .collect::<Result<_>>()?,
            quotes: (1..=shards)
                .map(|k| open("quotes", k))
                .collect::<Result<_>>()?,
            dir,
            shards,
            replicas: options.replicas,
            port: options.port,
            next_article: 1,
            next_quote: 1,
        })
    }

    /// The nodes, shard by shard: `(name, shard, port)`.
    fn nodes(&self) -> Vec<(String, usize, u16)> {
        let mut port = self.port + 2;
        let mut out = Vec::new();
        for k in 1..=self.shards {
            for r in 1..=self.replicas {
                out.push((format!("shard{k}-r{r}"), k, port));
                port += 1;
            }
        }
        out
    }
}

/// The kinds of article files: `articles` (languages analysed as English), then
/// `articles-CODE` for each language of `ANALYSED`.
fn article_files() -> Vec<String> {
    std::iter::once("articles".to_string())
        .chain(ANALYSED.iter().map(|l| format!("articles-{}", l.code)))
        .collect()
}

/// The plain index of articles of `kind` (see [`article_files`]) in shard `k`.
fn article_index(kind: &str, k: usize) -> String {
    format!("{}_shard{k}", kind.replace('-', "_"))
}

/// `YYYY-MM-DD` as the number `YYYYMMDD`; 0 when absent.
fn day_number(date: Option<&str>) -> u32 {
    date.map(|d| d.replace('-', "").parse().unwrap_or(0))
        .unwrap_or(0)
}

/// Text for an XML element: `&`, `<`, `>` escaped, characters XML cannot hold dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

impl Sink for Manticore {
    fn article(&mut self, record: &Record) -> Result<()> {
        let story = u64::from_str_radix(&record.story, 16).unwrap_or_default();
        let shard = (story % self.shards as u64) as usize;
        let date = day_number(record.date.as_deref());
        let mut doc = String::with_capacity(record.body.len() + 512);
        let _ = write!(
            doc,
            "<sphinx:document id=\"{}\">\n<aid>{}</aid>\n<story>{}</story>\n<lang>{}</lang>\n<date>{date}</date>\n<title>{}</title>\n<source>{}</source>\n<author>{}</author>\n<speakers>{}</speakers>\n<body>{}</body>\n</sphinx:document>\n",
            self.next_article,
            xml(&record.id),
            record.story,
            xml(&record.lang),
            xml(&record.title),
            xml(&record.source),
            xml(&record.author),
            xml(&record.speakers.join(" | ")),
            xml(&record.body),
        );
        self.next_article += 1;
        let language = languages::position(&record.lang).map_or(0, |k| k + 1);
        self.articles[language][shard].write_all(doc.as_bytes())?;
        for q in &record.quotes {
            let mut doc = String::with_capacity(q.text.len() + 256);
            let _ = write!(
                doc,
                "<sphinx:document id=\"{}\">\n<aid>{}</aid>\n<story>{}</story>\n<date>{date}</date>\n<parts>{}</parts>\n<speaker>{}</speaker>\n<text>{}</text>\n</sphinx:document>\n",
                self.next_quote,
                xml(&record.id),
                record.story,
                q.parts,
                xml(&q.speaker),
                xml(&q.text),
            );
            self.next_quote += 1;
            self.quotes[shard].write_all(doc.as_bytes())?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, done: &mut Exported) -> Result<()> {
        for file in self
            .articles
            .iter_mut()
            .flatten()
            .chain(self.quotes.iter_mut())
        {
            file.write_all(TAIL.as_bytes())?;
            file.flush()?;
        }
        for k in 1..=self.shards {
            for kind in article_files() {
                done.files.push(format!("data/{kind}-shard{k}.xml"));
            }
            done.files.push(format!("data/quotes-shard{k}.xml"));
        }
        let mut stop: Vec<&str> = INDEX_STOP_WORDS.to_vec();
        stop.extend(QUERY_STOP_WORDS);
        stop.sort_unstable();
        stop.dedup();
        write_file(&self.dir, "stopwords.txt", &(stop.join("\n") + "\n"), done)?;
        for l in &ANALYSED {
            let words = l.stop_word_forms().join("\n") + "\n";
            write_file(
                &self.dir,
                &format!("stopwords-{}.txt", l.code),
                &words,
                done,
            )?;
        }
        for (name, shard, port) in self.nodes() {
            let conf = node_conf(&self.dir, &name, shard, port);
            write_file(&self.dir, &format!("conf/{name}.conf"), &conf, done)?;
        }
        let conf = coordinator_conf(&self.dir, self.port, &self.nodes(), self.shards);
        write_file(&self.dir, "conf/coordinator.conf", &conf, done)?;
        let names: Vec<String> = self.nodes().into_iter().map(|(n, _, _)| n).collect();
        write_file(&self.dir, "start.sh", &start_sh(&names, self.port), done)?;
        write_file(&self.dir, "stop.sh", &stop_sh(&names), done)?;
        for script in ["start.sh", "stop.sh"] {
            make_executable(&self.dir.join(script))?;
        }
        std::fs::create_dir_all(self.dir.join("run"))?;
        done.next = format!(
            "{}/start.sh (then mysql -h 127.0.0.1 -P {}); {}/stop.sh",
            self.dir.display(),
            self.port,
            self.dir.display()
        );
        Ok(())
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    Ok(())
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}

/// Letters and digits, lower-cased, Latin letters with accents folded (as dossier folds them),
/// and Cyrillic as Sphinx's default table has it.
fn charset_table() -> String {
    let mut table = String::from("0..9, A..Z->a..z, _, a..z");
    let folds = [
        (0xC0..=0xC5, 'a'),
        (0xC7..=0xC7, 'c'),
        (0xC8..=0xCB, 'e'),
        (0xCC..=0xCF, 'i'),
        (0xD1..=0xD1, 'n'),
        (0xD2..=0xD6, 'o'),
        (0xD9..=0xDC, 'u'),
        (0xDD..=0xDD, 'y'),
    ];
    for (upper, to) in folds {
        for c in upper {
            // The capital, and its small letter 0x20 further.
            let _ = write!(table, ", U+{c:X}->{to}, U+{:X}->{to}", c + 0x20);
        }
    }
    table.push_str(", U+FF->y, U+410..U+42F->U+430..U+44F, U+430..U+44F, U+401->U+451, U+451");
    table
}

/// A plain index's text settings, as close to dossier's analysis as Sphinx goes: for the
/// language `code` (`None`: English and every language without an analysis of its own).
fn text_settings(dir: &Path, code: Option<&str>) -> String {
    let (morphology, stopwords) = match code {
        None => ("stem_en".to_string(), "stopwords.txt".to_string()),
        Some(code) => (
            format!("libstemmer_{code}"),
            format!("stopwords-{code}.txt"),
        ),
    };
    format!(
        "    morphology = {morphology}\n    stopwords = {}/{stopwords}\n    charset_table = {}\n    min_word_len = 1\n    min_prefix_len = 1\n    dict = keywords\n",
        dir.display(),
        charset_table()
    )
}

/// The xmlpipe2 source and the plain index of the articles of `kind` in shard `shard`, on
/// node `name`, analysed for the language `code`.
fn article_index_conf(
    dir: &Path,
    name: &str,
    kind: &str,
    shard: usize,
    code: Option<&str>,
) -> String {
    let d = dir.display();
    let index = article_index(kind, shard);
    let text = text_settings(dir, code);
    format!(
        "source {index}\n{{\n    type = xmlpipe2\n    xmlpipe_command = cat {d}/data/{kind}-shard{shard}.xml\n    xmlpipe_field = title\n    xmlpipe_field_string = source\n    xmlpipe_field = author\n    xmlpipe_field = speakers\n    xmlpipe_field = body\n    xmlpipe_attr_string = aid\n    xmlpipe_attr_string = story\n    xmlpipe_attr_string = lang\n    xmlpipe_attr_uint = date\n    xmlpipe_fixup_utf8 = 1\n}}\n\n\
index {index}\n{{\n    source = {index}\n    path = {d}/nodes/{name}/{}\n{text}}}\n\n",
        kind.replace('-', "_")
    )
}

/// The config of node `name`, holding shard `shard`, listening on `port`.
fn node_conf(dir: &Path, name: &str, shard: usize, port: u16) -> String {
    let d = dir.display();
    let text = text_settings(dir, None);
    let codes = std::iter::once(None).chain(ANALYSED.iter().map(|l| Some(l.code)));
    let articles: String = article_files()
        .iter()
        .zip(codes)
        .map(|(kind, code)| article_index_conf(dir, name, kind, shard, code))
        .collect();
    format!(
        "# dossier export: node {name}, a replica of shard {shard}\n\
{articles}\
source quotes_shard{shard}\n{{\n    type = xmlpipe2\n    xmlpipe_command = cat {d}/data/quotes-shard{shard}.xml\n    xmlpipe_field_string = speaker\n    xmlpipe_field = text\n    xmlpipe_attr_string = aid\n    xmlpipe_attr_string = story\n    xmlpipe_attr_uint = date\n    xmlpipe_attr_uint = parts\n    xmlpipe_fixup_utf8 = 1\n}}\n\n\
index quotes_shard{shard}\n{{\n    source = quotes_shard{shard}\n    path = {d}/nodes/{name}/quotes\n{text}}}\n\n\
indexer\n{{\n    mem_limit = 128M\n}}\n\n\
searchd\n{{\n    listen = 127.0.0.1:{port}\n    log = {d}/nodes/{name}/searchd.log\n    query_log = {d}/nodes/{name}/query.log\n    pid_file = {d}/run/{name}.pid\n    binlog_path =\n}}\n"
    )
}

/// The coordinator's config: SphinxQL on `port`, the API on `port + 1`, and the
/// distributed indexes over `nodes`.
fn coordinator_conf(
    dir: &Path,
    port: u16,
    nodes: &[(String, usize, u16)],
    shards: usize,
) -> String {
    let d = dir.display();
    let mut out = String::from(
        "# dossier export: the coordinator; each agent line lists one shard's replicas as mirrors\n",
    );
    for (kind, plain) in [
        ("articles", article_files()),
        ("quotes", vec!["quotes".into()]),
    ] {
        let _ = writeln!(out, "index {kind}\n{{\n    type = distributed");
        for k in 1..=shards {
            let mirrors: Vec<String> = nodes
                .iter()
                .filter(|(_, s, _)| *s == k)
                .map(|(_, _, p)| format!("127.0.0.1:{p}"))
                .collect();
            // Each language's articles of the shard: an agent line of their own.
            for part in &plain {
                let index = article_index(part, k);
                let _ = writeln!(out, "    agent = {}:{index}", mirrors.join("|"));
            }
        }
        let _ = writeln!(
            out,
            "    ha_strategy = nodeads\n    agent_connect_timeout = 300\n    agent_query_timeout = 10000\n}}\n"
        );
    }
    let _ = write!(
        out,
        "searchd\n{{\n    listen = 127.0.0.1:{port}:mysql41\n    listen = 127.0.0.1:{}\n    log = {d}/nodes/coordinator/searchd.log\n    query_log = {d}/nodes/coordinator/query.log\n    pid_file = {d}/run/coordinator.pid\n    binlog_path =\n}}\n",
        port + 1
    );
    out
}

fn start_sh(nodes: &[String], port: u16) -> String {
    let list = nodes.join(" ");
    format!(
        r#"#!/bin/sh
# Builds every node's indexes and starts the cluster on loopback (dossier export --to manticore).
# SEARCHD and INDEXER name the binaries (Sphinx 2.2 and Manticore use the same names). On a
# failure, what was started is stopped again.
cd "$(dirname "$0")" || exit 1
SEARCHD=${{SEARCHD:-searchd}}
INDEXER=${{INDEXER:-indexer}}
fail() {{ echo "start.sh: $1" >&2; [ -n "$2" ] && cat "$2" >&2; ./stop.sh; exit 1; }}
mkdir -p run nodes/coordinator
for node in {list}; do
  mkdir -p "nodes/$node"
  "$INDEXER" --config "conf/$node.conf" --all --quiet > "nodes/$node/indexer.out" 2>&1 ||
    fail "indexing $node failed:" "nodes/$node/indexer.out"
done
for node in {list} coordinator; do
  "$SEARCHD" --config "conf/$node.conf" > "nodes/$node/searchd.out" 2>&1 ||
    fail "$node did not start:" "nodes/$node/searchd.out"
done
for node in {list} coordinator; do
  tries=0
  until "$SEARCHD" --config "conf/$node.conf" --status > /dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -gt 100 ] && fail "$node does not answer"
    sleep 0.1
  done
done
echo "sphinxql 127.0.0.1:{port}"
"#
    )
}

fn stop_sh(nodes: &[String]) -> String {
    let list = nodes.join(" ");
    format!(
        r#"#!/bin/sh
# Stops every node that start.sh started (a node already gone is skipped).
cd "$(dirname "$0")"
SEARCHD=${{SEARCHD:-searchd}}
for node in coordinator {list}; do
  [ -f "run/$node.pid" ] || continue
  pid=$(cat "run/$node.pid")
  if kill -0 "$pid" 2> /dev/null; then
    "$SEARCHD" --config "conf/$node.conf" --stopwait > /dev/null 2>&1 || kill "$pid" 2> /dev/null || true
  fi
  rm -f "run/$node.pid"
done
"#
    )
}
