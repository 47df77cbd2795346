//! dossier: a full-text search indexer for news articles that knows who said what.
//!
//! Data flows one way: files ([`ingest`]) → [`article::Article`]s (with [`extract`]ed
//! metadata and quotations) → the tantivy [`index`] → [`search`] results with [`snippet`]s →
//! a printer ([`output`]). The binary (`src/bin/dossier/`) only turns arguments into options
//! for these modules.
//!
//! The public modules are the library's front: what the binary and the tests use. The
//! layers beneath them (the tantivy glue, the files beside the index, the speaker registry,
//! statistics, the stored hash) are private; `docs/ARCHITECTURE.md` draws the layers and a
//! test holds the code to them.
//!
//! ```
//! use std::sync::atomic::AtomicBool;
//! use dossier::{index, search};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let articles = dir.path().join("articles");
//! std::fs::create_dir(&articles).unwrap();
//! std::fs::write(
//!     articles.join("a.md"),
//!     "---\ntitle: Harbour plan\ndate: 2025-05-04\n---\n\"We will build it,\" Mayor Ana Lopes said.",
//! )
//! .unwrap();
//! let index_dir = dir.path().join("index");
//! let report = index::update(
//!     &index_dir,
//!     &[articles],
//!     &index::IndexOptions::default(),
//!     &dossier::ingest::Silent,
//!     &AtomicBool::new(false),
//! )
//! .unwrap();
//! assert_eq!(report.added, 1);
//!
//! let engine = search::Engine::new(&index::open(&index_dir).unwrap());
//! let options = search::SearchOptions { query: "build".into(), ..Default::default() };
//! let response = engine.search(&options).unwrap();
//! assert_eq!(response.hits[0].title, "Harbour plan");
//! assert_eq!(response.hits[0].snippets[0].highlights, vec![[9, 14]]);
//! ```

pub mod article;
pub mod batch;
mod engine;
pub mod export;
pub mod extract;
mod hash;
pub mod index;
pub mod ingest;
mod offsets;
pub mod output;
pub mod period;
pub mod quotes;
mod registry;
pub mod search;
mod sidecar;
pub mod snippet;
mod stats;
pub mod stories;
