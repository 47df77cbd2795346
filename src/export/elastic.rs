//! Elasticsearch and OpenSearch: `articles.json` (the index's settings and mappings, for
//! `PUT /articles`) and `bulk-NNNNN.ndjson` files of at most the chosen size (10 MiB by
//! default; both engines refuse requests over 100 MB and advise 5–15 MB), each a run of
//! `_bulk` action and document lines ending in a newline.
//!
//! The analyzers match dossier's: `dossier_text` is the standard tokenizer, lower case,
//! ASCII folding, the 33 English stop words the index drops (Lucene's, as tantivy's and
//! Elasticsearch's `_english_`), and the Snowball English stemmer (`porter2`);
//! `dossier_name` has no stop words or stems. Each language with an analysis of its own in
//! dossier (`engine::languages::ANALYSED`) has its analyzer under dossier's name
//! (`dossier_text_es`): lower case, the language's stop words (dossier's list, with and
//! without accents), each word as written and folded (`asciifolding` keeping the original),
//! the language's Snowball stemmer (the algorithm dossier stems with), stems folded, one token
//! a position — so that, as in dossier, `soberanía` is indexed under `soberan` and
//! `soberani`, and `soberano`, `soberania` and `SOBERANÍA` all find it. An article in such a
//! language has its headline and text twice: in `title` and `body` (English analysis, as
//! for every article) and in the language's fields (`title_es`, `body_es`), which only its
//! articles fill. `quotes` are `nested` (a quotation's speaker
//! and words stay together) with `speaker` a keyword; `story`, `source` and `speakers` are
//! keywords for collapsing and facets, and `source.words`, `speakers.words` their words for
//! matching part of a name as `source:` and `speaker:` do.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{write_file, Chunks, ExportOptions, Exported, Record, Sink, Target};
use crate::engine::analysis::INDEX_STOP_WORDS;
use crate::engine::languages::{self, ANALYSED};

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
        let entry = format!(
            "{action}\n{}\n",
            serde_json::to_string(&Document::of(record))?
        );
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

/// A `_bulk` document: the record, and for an article in a language with an analysis of its
/// own, its headline and text again under that language's fields.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    record: &'a Record,
    #[serde(flatten)]
    analysed: BTreeMap<&'static str, &'a str>,
}

impl<'a> Document<'a> {
    fn of(record: &'a Record) -> Self {
        let mut analysed = BTreeMap::new();
        if let Some(k) = languages::position(&record.lang) {
            analysed.insert(ANALYSED[k].title, record.title.as_str());
            analysed.insert(ANALYSED[k].body, record.body.as_str());
        }
        Document { record, analysed }
    }
}

/// The body of `PUT /articles`: settings (analysis) and mappings.
pub fn index_body() -> Value {
    let words = json!({"words": {"type": "text", "analyzer": "dossier_name"}});
    let mut filters = json!({
        "dossier_stop": {"type": "stop", "stopwords": INDEX_STOP_WORDS.to_vec()},
        "dossier_stem": {"type": "stemmer", "language": "porter2"},
        "dossier_fold_both": {"type": "asciifolding", "preserve_original": true},
        "dossier_one_a_position": {"type": "unique", "only_on_same_position": true}
    });
    let mut analyzers = json!({
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
    });
    let mut fields = Map::new();
    for l in &ANALYSED {
        let stop = format!("dossier_stop_{}", l.code);
        let stem = format!("dossier_stem_{}", l.code);
        filters[&stop] = json!({"type": "stop", "stopwords": l.stop_word_forms()});
        filters[&stem] = json!({"type": "snowball", "language": l.name});
        analyzers[l.analyzer] = json!({
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", stop, "dossier_fold_both", stem, "asciifolding",
                       "dossier_one_a_position"]
        });
        for field in [l.title, l.body] {
            fields.insert(
                field.into(),
                json!({"type": "text", "analyzer": l.analyzer}),
            );
        }
    }
    let mut body = json!({
        "settings": {
            "analysis": {
                "filter": filters,
                "analyzer": analyzers
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
    });
    if let Some(properties) = body["mappings"]["properties"].as_object_mut() {
        properties.extend(fields);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language of the table has its analyzer and its two fields, analysed by it; its
    /// articles fill them, the others do not.
    #[test]
    fn every_analysed_language_has_an_analyzer_and_fields() {
        let body = index_body();
        let analysis = &body["settings"]["analysis"];
        for l in &ANALYSED {
            let chain = analysis["analyzer"][l.analyzer]["filter"]
                .as_array()
                .unwrap();
            for filter in chain.iter().filter_map(Value::as_str) {
                let builtin = ["lowercase", "asciifolding"].contains(&filter);
                assert!(
                    builtin || analysis["filter"].get(filter).is_some(),
                    "{filter}"
                );
            }
            for field in [l.title, l.body] {
                assert_eq!(
                    body["mappings"]["properties"][field]["analyzer"],
                    l.analyzer
                );
            }
            let record = |lang: &str| Record {
                id: "a".into(),
                title: "T".into(),
                body: "B".into(),
                source: String::new(),
                author: String::new(),
                date: None,
                url: String::new(),
                path: String::new(),
                lang: lang.into(),
                story: "0".into(),
                speakers: Vec::new(),
                quotes: Vec::new(),
            };
            let doc = serde_json::to_value(Document::of(&record(l.code))).unwrap();
            assert_eq!((&doc[l.title], &doc[l.body]), (&json!("T"), &json!("B")));
            assert_eq!(doc["body"], "B");
            let doc = serde_json::to_value(Document::of(&record("en"))).unwrap();
            assert!(doc.get(l.body).is_none());
        }
    }
}
