//! Who has which id: one id, one article. Of two articles with one id, the one whose file's
//! absolute path is later in byte order wins (`feed.jsonl.gz` over `feed.jsonl`), then the
//! later record of one file; the same one on every run, whichever file a run re-reads and
//! whatever order the readers finish in.

use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::engine::schema::{self, Fields};
use crate::ingest::FileEntry;

/// The ids given out so far: in this run, and in the index as it was committed before it.
pub(super) struct Ids<'a> {
    committed: &'a tantivy::Searcher,
    fields: &'a Fields,
    /// Files whose articles in the index are being replaced or removed.
    leaving: FxHashSet<&'a str>,
    /// Id → key of the file whose article has it, and the article's place in the walk, for
    /// articles of this run.
    run: FxHashMap<String, (&'a str, Order<'a>)>,
}

impl<'a> Ids<'a> {
    pub(super) fn new(
        committed: &'a tantivy::Searcher,
        fields: &'a Fields,
        to_read: &[&'a FileEntry],
        vanished: &[(&'a str, u64)],
    ) -> Self {
        let leaving = to_read
            .iter()
            .map(|f| f.key.as_str())
            .chain(vanished.iter().map(|(k, _)| *k))
            .collect();
        Ids {
            committed,
            fields,
            leaving,
            run: FxHashMap::default(),
        }
    }

    /// Records that the file `key` gives an article `id` at `order` in the run, and says
    /// whether it is the first with that id, replaces an earlier one, or loses to a later
    /// one of this run.
    pub(super) fn claim(&mut self, id: &str, key: &'a str, order: Order<'a>) -> Result<Claim> {
        if let Some(holder) = self.run.get_mut(id) {
            let holder_key = holder.0;
            if order > holder.1 {
                *holder = (key, order);
                return Ok(Claim::Replaces(holder_key.to_string()));
            }
            return Ok(Claim::Loses(holder_key.to_string()));
        }
        Ok(match self.committed_holder(id)? {
            // The committed holder's file stays: the rule decides, as between two files of
            // one run (a re-read file may not take the id from a later one).
            Some(owner) if owner.as_str() > key => Claim::Loses(owner),
            Some(owner) => {
                self.run.insert(id.to_string(), (key, order));
                Claim::Replaces(owner)
            }
            None => {
                self.run.insert(id.to_string(), (key, order));
                Claim::Free
            }
        })
    }

    /// The file of an article of the committed index with `id`, unless that file is leaving.
    fn committed_holder(&self, id: &str) -> Result<Option<String>> {
        let term = Term::from_field_text(self.fields.id, id);
        if self.committed.doc_freq(&term)? == 0 {
            return Ok(None);
        }
        let query = tantivy::query::TermQuery::new(term, IndexRecordOption::Basic);
        let docs = self
            .committed
            .search(&query, &tantivy::collector::DocSetCollector)?;
        for address in docs {
            let segment = self.committed.segment_reader(address.segment_ord);
            let Some(files) = segment.fast_fields().str(schema::names::FILE)? else {
                continue;
            };
            let Some(ord) = files.term_ords(address.doc_id).next() else {
                continue;
            };
            let mut owner = String::new();
            files.ord_to_str(ord, &mut owner)?;
            if !self.leaving.contains(owner.as_str()) {
                return Ok(Some(owner));
            }
        }
        Ok(None)
    }
}

/// An article's place in the run's order: its file's key (the absolute path), the part of
/// the file, the record in the part.
pub(super) type Order<'a> = (&'a str, usize, usize);

/// Whether an article may have its id.
pub(super) enum Claim {
    /// No other article has it.
    Free,
    /// It replaces the article of this file, which had the id before.
    Replaces(String),
    /// A later article of this file has the id: this one is left out.
    Loses(String),
}
