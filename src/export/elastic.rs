//! Elasticsearch and OpenSearch: `articles.json` (the index's settings and mappings, for
//! `PUT /articles`) and `bulk-NNNNN.ndjson` files of at most the chosen size (10 MiB by
//! default; both engines refuse requests over 100 MB and advise 5–15 MB), each a run of
//! `_bulk` action and document lines ending in a newline.
//!
//! The analyzers match dossier's: `dossier_text` is the standard tokenizer, lower case,
//! ASCII folding, the 33 English stop words the index drops (Lucene's, as tantivy's and
//! Elasticsearch's `_english_`), and the Snowball English stemmer (`porter2`);
//! `dossier_name` has no stop words or stems. `quotes` are `nested` (a quotation's speaker
//! and words stay together) with `speaker` a keyword; `story`, `source` and `speakers` are
//! keywords for collapsing and facets, and `source.words`, `speakers.words` their words for
//! matching part of a name as `source:` and `speaker:` do.

use anyhow::Result;
use serde_json::{json, Value};

use super::{write_file, Chunks, ExportOptions, Exported, Record, Sink, Target};
use crate::engine::analysis::INDEX_STOP_WORDS;

/// The index name the files use.
pub const INDEX: &str = "articles";

pub struct Elastic {
    dir: std::path::PathBuf,
    target: Target,
    chunks: Chunks,
}

impl Elastic {
    pub fn new(options: &ExportOptions) -> Result<Self> {
        Ok(Elastic {
            dir: options.dir.clone(),
            target: options.target,
            chunks: Chunks::new(&options.dir, "bulk", options.max_file_bytes),
        })
    }
}

impl Sink for Elastic {
    fn article(&mut self, record: &Record) -> Result<()> {
        let action = json!({"index": {"_index": INDEX, "_id": record.id}});
        let entry = format!("{action}\n{}\n", serde_json::to_string(record)?);
        self.chunks.write(&entry)
    }

    fn finish(mut self: Box<Self>, done: &mut Exported) -> Result<()> {
        self.chunks.close()?;
        let settings = serde_json::to_string_pretty(&index_body())? + "\n";
        write_file(&self.dir, "articles.json", &settings, done)?;
        done.files.append(&mut self.chunks.files);
        let port = if self.target == Target::Opensearch {
            "9200 (OpenSearch)"
        } else {
            "9200"
        };
        done.next = format!(
            "curl -XPUT localhost:{port}/{INDEX} -H 'Content-Type: application/json' --data-binary @articles.json; then for each bulk file: curl -XPOST localhost:9200/_bulk -H 'Content-Type: application/x-ndjson' --data-binary @FILE"
        );
        Ok(())
    }
}

/// The body of `PUT /articles`: settings (analysis) and mappings.
pub fn index_body() -> Value {
    let words = json!({"words": {"type": "text", "analyzer": "dossier_name"}});
    json!({
        "settings": {
            "analysis": {
                "filter": {
                    "dossier_stop": {"type": "stop", "stopwords": INDEX_STOP_WORDS.to_vec()},
                    "dossier_stem": {"type": "stemmer", "language": "porter2"}
                },
                "analyzer": {
                    "dossier_text": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding", "dossier_stop", "dossier_stem"]
                    },
                    "dossier_name": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"]
                    }
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": {"type": "keyword"},
                "title": {"type": "text", "analyzer": "dossier_text"},
                "body": {"type": "text", "analyzer": "dossier_text"},
                "source": {"type": "keyword", "fields": words},
                "author": {"type": "text", "analyzer": "dossier_name"},
                "date": {"type": "date", "format": "yyyy-MM-dd"},
                "url": {"type": "keyword", "index": false},
                "path": {"type": "keyword"},
                "lang": {"type": "keyword"},
                "story": {"type": "keyword"},
                "speakers": {"type": "keyword", "fields": words},
                "quotes": {
                    "type": "nested",
                    "properties": {
                        "speaker": {"type": "keyword", "fields": words},
                        "kind": {"type": "keyword"},
                        "text": {"type": "text", "analyzer": "dossier_text"},
                        "parts": {"type": "integer"}
                    }
                }
            }
        }
    })
}
