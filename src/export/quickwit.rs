//! Quickwit: `articles.yaml` (the index config, for `quickwit index create --index-config`)
//! and `articles-NNNNN.ndjson` files of documents, at most the chosen size each (Quickwit's
//! ingest API takes 10 MB a request), for `quickwit index ingest` or `POST
//! /api/v1/articles/ingest`.
//!
//! Quickwit's tokenizers are tantivy's: `en_stem` (words, lower case, the Snowball English
//! stemmer) is the closest to dossier's analysis; it neither folds accents nor drops stop
//! words. Quickwit 0.8 stems English only (`en_stem`; its custom tokenizers take no stemmer
//! either), so articles in a language dossier analyses on its own (Spanish) are searched here
//! as the others are, in `title` and `body` with English stems — the config file says so. Quickwit has no nested documents: `quotes` is an array of JSON objects; `story` is
//! `raw` (untokenized), and `speakers` and `source` are searched by their words and counted
//! whole (a fast field with the `raw` normalizer), for aggregations.

use anyhow::Result;
use serde_json::{json, Value};

use super::{write_file, Chunks, ExportOptions, Exported, Record, Sink};

pub struct Quickwit {
    dir: std::path::PathBuf,
    chunks: Chunks,
}

impl Quickwit {
    pub fn new(options: &ExportOptions) -> Result<Self> {
        Ok(Quickwit {
            dir: options.dir.clone(),
            chunks: Chunks::new(&options.dir, "articles", options.max_file_bytes),
        })
    }
}

impl Sink for Quickwit {
    fn article(&mut self, record: &Record) -> Result<()> {
        self.chunks.write(&(serde_json::to_string(record)? + "\n"))
    }

    fn finish(mut self: Box<Self>, done: &mut Exported) -> Result<()> {
        self.chunks.close()?;
        let config = CONFIG_NOTE.to_string() + &serde_yaml_ng::to_string(&index_config())?;
        write_file(&self.dir, "articles.yaml", &config, done)?;
        done.files.append(&mut self.chunks.files);
        done.next = "quickwit index create --index-config articles.yaml; then for each NDJSON file: quickwit index ingest --index articles --input-path FILE".into();
        Ok(())
    }
}

/// The comment the config opens with.
const CONFIG_NOTE: &str = "# dossier export: Quickwit's index config (quickwit index create --index-config articles.yaml).\n\
# Quickwit has no stemmer but English (en_stem): articles in Spanish, which dossier searches with\n\
# Spanish stems and stop words, are searched here as every article is, with English stems.\n";

/// The index config (Quickwit 0.8's format).
pub fn index_config() -> Value {
    let text = |name: &str, tokenizer: &str| json!({"name": name, "type": "text", "tokenizer": tokenizer, "record": "position"});
    let raw = |name: &str, kind: &str| json!({"name": name, "type": kind, "tokenizer": "raw", "fast": true});
    // Names: searched by their words (`speakers:trump`), counted whole (the fast field).
    let name = |name: &str, kind: &str| json!({"name": name, "type": kind, "tokenizer": "default", "record": "position", "fast": {"normalizer": "raw"}});
    json!({
        "version": "0.8",
        "index_id": "articles",
        "doc_mapping": {
            "mode": "strict",
            "field_mappings": [
                raw("id", "text"),
                text("title", "en_stem"),
                text("body", "en_stem"),
                name("source", "text"),
                text("author", "default"),
                {
                    "name": "date",
                    "type": "datetime",
                    "input_formats": ["%Y-%m-%d"],
                    "fast": true,
                    "fast_precision": "seconds"
                },
                {"name": "url", "type": "text", "indexed": false},
                raw("path", "text"),
                raw("lang", "text"),
                raw("story", "text"),
                name("speakers", "array<text>"),
                {"name": "quotes", "type": "array<json>", "tokenizer": "en_stem", "record": "position"}
            ]
        },
        "search_settings": {"default_search_fields": ["title", "body"]},
        "indexing_settings": {"commit_timeout_secs": 30}
    })
}
