//! `dossier export`: an index written out for the distributed engines newsrooms run —
//! Elasticsearch and OpenSearch (`elastic.rs`), Quickwit (`quickwit.rs`), Manticore and its
//! ancestor Sphinx (`manticore.rs`) — and `dossier translate`, a dossier query in each
//! engine's own query language (`translate.rs`).
//!
//! An export streams: the index is read one stored document at a time, segment by segment,
//! and each article goes straight to the engine's files, so memory stays bounded whatever
//! the index holds. Every speaker is written under the speaker registry's canonical name
//! (`Trump` and `Donald J. Trump` become `Donald Trump`), as `dossier speakers` counts them.

mod elastic;
mod manticore;
mod quickwit;
mod record;
mod translate;
mod translate_es;
mod translate_sphinx;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tantivy::TantivyDocument;

use crate::engine::open::Searchable;
use crate::engine::schema::{self, names};

pub use record::Record;
pub use translate::{translate, TranslateOptions, Translation};

/// The engines dossier exports to and translates for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Elasticsearch 8: index settings and mappings, `_bulk` NDJSON.
    Elasticsearch,
    /// OpenSearch 2: the same shapes as Elasticsearch.
    Opensearch,
    /// Quickwit 0.8: an index config, NDJSON for its ingest API.
    Quickwit,
    /// Manticore Search or Sphinx 2.2: node configs, xmlpipe2 data, start and stop scripts.
    Manticore,
}

impl Target {
    /// The engine's name as the command line takes it.
    pub fn name(self) -> &'static str {
        match self {
            Target::Elasticsearch => "elasticsearch",
            Target::Opensearch => "opensearch",
            Target::Quickwit => "quickwit",
            Target::Manticore => "manticore",
        }
    }
}

/// What to export, and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The engine.
    pub target: Target,
    /// The folder to write (created; it must be empty or absent).
    pub dir: PathBuf,
    /// Largest bulk or NDJSON file, in bytes (Elasticsearch, OpenSearch, Quickwit).
    pub max_file_bytes: u64,
    /// Shards (Manticore).
    pub shards: usize,
    /// Replicas of each shard (Manticore).
    pub replicas: usize,
    /// First loopback port (Manticore): the coordinator's SphinxQL port; nodes follow.
    pub port: u16,
    /// Only the articles in one of these languages (codes, tags or names, as `--lang`
    /// takes them); empty: every article.
    pub langs: Vec<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            target: Target::Elasticsearch,
            dir: PathBuf::from("export"),
            max_file_bytes: 10 << 20,
            shards: 1,
            replicas: 1,
            port: 9306,
            langs: Vec::new(),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Exported {
    /// The engine's name.
    pub engine: String,
    /// The folder written.
    pub dir: String,
    /// Articles written.
    pub articles: u64,
    /// Quotations written (an interrupted quotation, in parts, counts once).
    pub quotes: u64,
    /// The files written, relative to `dir`, in the order written.
    pub files: Vec<String>,
    /// How to load them.
    pub next: String,
}

/// Where one engine's files go: each article in index order, then the end.
trait Sink {
    fn article(&mut self, record: &Record) -> Result<()>;
    fn finish(self: Box<Self>, done: &mut Exported) -> Result<()>;
}

/// Writes the index `index` out for `options.target` in `options.dir`.
pub fn export(index: &Searchable, options: &ExportOptions) -> Result<Exported> {
    check_options(options)?;
    prepare_dir(&options.dir)?;
    let searcher = index.reader.searcher();
    let loaded = crate::registry::for_search(&index.dir, &searcher);
    let mut sink: Box<dyn Sink> = match options.target {
        Target::Elasticsearch | Target::Opensearch => Box::new(elastic::Elastic::new(options)?),
        Target::Quickwit => Box::new(quickwit::Quickwit::new(options)?),
        Target::Manticore => Box::new(manticore::Manticore::new(options)?),
    };
    let mut done = Exported {
        engine: options.target.name().to_string(),
        dir: options.dir.display().to_string(),
        ..Exported::default()
    };
    let langs: Vec<String> = options
        .langs
        .iter()
        .map(|l| translate::lang_code(l))
        .collect();
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(64)?;
        let story = segment.fast_fields().u64(names::STORY)?;
        for doc in segment.doc_ids_alive() {
            let stored: TantivyDocument = store.get(doc)?;
            let article = schema::from_document(&index.fields, &stored);
            if !langs.is_empty() && !langs.contains(&article.lang) {
                continue;
            }
            let record = Record::new(
                article,
                story.first(doc).unwrap_or_default(),
                loaded.registry.as_ref(),
            );
            done.articles += 1;
            done.quotes += record.quotes.len() as u64;
            sink.article(&record)?;
        }
    }
    sink.finish(&mut done)?;
    Ok(done)
}

fn check_options(options: &ExportOptions) -> Result<()> {
    if options.langs.iter().any(|l| l.trim().is_empty()) {
        bail!("the language to export is empty");
    }
    if options.max_file_bytes < 1 << 16 {
        bail!("files of less than 64 KiB are too small for a bulk request");
    }
    if options.target == Target::Manticore {
        if !(1..=64).contains(&options.shards) || !(1..=8).contains(&options.replicas) {
            bail!("--shards takes 1 to 64 and --replicas 1 to 8");
        }
        let nodes = options.shards * options.replicas;
        // The coordinator's SphinxQL and API ports, then one a node.
        if usize::from(options.port) + nodes + 1 > usize::from(u16::MAX) || options.port < 1024 {
            bail!(
                "--port must leave room for {} ports between 1024 and 65535",
                nodes + 2
            );
        }
    }
    Ok(())
}

/// Creates `dir`, or checks it is empty: an export never mixes with older files.
fn prepare_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty — export writes into a new or empty folder",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// Writes `text` to `dir/name` and lists it in `done`.
fn write_file(dir: &Path, name: &str, text: &str, done: &mut Exported) -> Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    done.files.push(name.to_string());
    Ok(())
}

/// NDJSON files of at most `max` bytes each, named `PREFIX-00001.ndjson`, ...
struct Chunks {
    dir: PathBuf,
    prefix: &'static str,
    max: u64,
    file: Option<std::io::BufWriter<std::fs::File>>,
    written: u64,
    files: Vec<String>,
}

impl Chunks {
    fn new(dir: &Path, prefix: &'static str, max: u64) -> Self {
        Chunks {
            dir: dir.to_path_buf(),
            prefix,
            max,
            file: None,
            written: 0,
            files: Vec::new(),
        }
    }

    /// Writes `entry` (whole lines), in a new file if it would not fit in the current one.
    fn write(&mut self, entry: &str) -> Result<()> {
        use std::io::Write;
        let len = entry.len() as u64;
        if self.file.is_none() || (self.written > 0 && self.written + len > self.max) {
            self.close()?;
            let name = format!("{}-{:05}.ndjson", self.prefix, self.files.len() + 1);
            let path = self.dir.join(&name);
            let file = std::fs::File::create(&path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            self.file = Some(std::io::BufWriter::new(file));
            self.files.push(name);
            self.written = 0;
        }
        if let Some(file) = self.file.as_mut() {
            file.write_all(entry.as_bytes())?;
        }
        self.written += len;
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        use std::io::Write;
        if let Some(mut file) = self.file.take() {
            file.flush()?;
        }
        Ok(())
    }
}
