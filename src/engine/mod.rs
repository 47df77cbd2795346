//! The tantivy glue every layer above shares: the schema (the only place field names and
//! options are defined), text analysis, the languages with an analysis of their own (one
//! table, `languages.rs`), BM25 ranking, reading string columns, counting their values, and
//! opening an index for reading. Nothing here knows about files on disk other
//! than tantivy's own, about the writer, or about printing.

pub(crate) mod analysis;
pub(crate) mod columns;
pub(crate) mod counts;
pub(crate) mod languages;
pub(crate) mod open;
pub(crate) mod rank;
pub(crate) mod readonly;
pub(crate) mod schema;
