//! Batch output, one answer at a time: `jsonl` (the query response plus `id`, or
//! `{"id","query","error"}`), `tsv` (`id rank score docid date title`; a query with no hit
//! is one row of rank `0`, a failed one a row of rank `error` with the message in the last
//! column, so every input line has its rows) or `trec` (`qid Q0 docid rank score dossier`,
//! for trec_eval, which has no row for a query without hits).

use std::io::{self, Write};

use crate::batch::BatchItem;

/// Batch output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// One JSON object per query.
    Jsonl,
    /// One tab-separated line per hit; one `0` or `error` line for a query without any.
    Tsv,
    /// One TREC run line per hit.
    Trec,
}

/// Writes batch answers to stdout as they come, in one format.
pub struct BatchPrinter {
    out: io::BufWriter<io::StdoutLock<'static>>,
    format: BatchFormat,
}

impl BatchPrinter {
    /// A printer on stdout.
    pub fn new(format: BatchFormat) -> Self {
        BatchPrinter {
            out: io::BufWriter::new(io::stdout().lock()),
            format,
        }
    }

    /// Writes one answer (failed queries in `jsonl` and `tsv`).
    pub fn item(&mut self, item: &BatchItem) -> io::Result<()> {
        write_item(&mut self.out, self.format, item)
    }

    /// Flushes what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes one batch answer. Failed queries appear in `jsonl` and as an `error` row in `tsv`;
/// the caller reports them on stderr for the other formats.
pub fn write_item(w: &mut dyn Write, format: BatchFormat, item: &BatchItem) -> io::Result<()> {
    match (format, item) {
        (BatchFormat::Jsonl, _) => {
            serde_json::to_writer(&mut *w, item)?;
            w.write_all(b"\n")
        }
        (BatchFormat::Tsv, BatchItem::Failed { id, error, .. }) => {
            writeln!(w, "{}\terror\t\t\t\t{}", clean(id), clean(error))
        }
        (_, BatchItem::Failed { .. }) => Ok(()),
        (BatchFormat::Tsv, BatchItem::Answer { id, response }) if response.hits.is_empty() => {
            writeln!(w, "{}\t0\t\t\t\t", clean(id))
        }
        (BatchFormat::Tsv, BatchItem::Answer { id, response }) => {
            for h in &response.hits {
                let date = h.date.map(|d| d.to_string()).unwrap_or_default();
                writeln!(
                    w,
                    "{}\t{}\t{:.4}\t{}\t{}\t{}",
                    clean(id),
                    h.rank,
                    h.score,
                    clean(&h.id),
                    date,
                    clean(&h.title)
                )?;
            }
            Ok(())
        }
        (BatchFormat::Trec, BatchItem::Answer { id, response }) => {
            // A document at most once a query, whatever the index holds: evaluation tools
            // reject runs that repeat one.
            let mut printed = std::collections::HashSet::new();
            for h in response
                .hits
                .iter()
                .filter(|h| printed.insert(no_space(&h.id)))
            {
                writeln!(
                    w,
                    "{} Q0 {} {} {:.6} dossier",
                    no_space(id),
                    no_space(&h.id),
                    h.rank,
                    h.score
                )?;
            }
            Ok(())
        }
    }
}

/// A TSV field: tabs and line breaks become spaces.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// A TREC field: no whitespace inside.
fn no_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("_")
}
