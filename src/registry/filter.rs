//! A filter on a string fast field: the documents having one of a set of exact values (the
//! names of one or more persons in the `speaker` column). The speaker field is indexed as
//! words, so a phrase query for `Donald Trump` would also find `Donald Trump Jr.`; this reads
//! the stored values instead. Each segment's dictionary is looked up once per value, then
//! the documents' ordinals are scanned.

use std::sync::Arc;

use rustc_hash::FxHashSet;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, SegmentReader, TantivyError};

/// Documents whose string fast field `field` holds one of `values` (exactly). Scores 0.
#[derive(Debug, Clone)]
pub struct ValueSetQuery {
    field: String,
    values: Arc<Vec<String>>,
}

impl ValueSetQuery {
    /// The filter on `field` (a string fast field) for `values`.
    pub fn new(field: &str, values: Vec<String>) -> Self {
        ValueSetQuery {
            field: field.to_string(),
            values: Arc::new(values),
        }
    }
}

impl Query for ValueSetQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl ValueSetQuery {
    /// The matching documents of one segment, in order (deleted ones included: collectors
    /// leave them out).
    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Vec<DocId>> {
        let Some(column) = reader.fast_fields().str(&self.field)? else {
            return Ok(Vec::new());
        };
        let mut ords = FxHashSet::default();
        for value in self.values.iter() {
            if let Some(ord) = column.dictionary().term_ord(value)? {
                ords.insert(ord);
            }
        }
        if ords.is_empty() {
            return Ok(Vec::new());
        }
        Ok((0..reader.max_doc())
            .filter(|&doc| column.term_ords(doc).any(|o| ords.contains(&o)))
            .collect())
    }
}

impl Weight for ValueSetQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self.docs(reader)?;
        if docs.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let mut set = BitSet::with_max_value(reader.max_doc());
        for doc in docs {
            set.insert(doc);
        }
        Ok(Box::new(ConstScorer::new(
            BitSetDocSet::from(set),
            boost * 0.0,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(reader)?.binary_search(&doc).is_err() {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} has no {} among the values asked for",
                self.field
            )));
        }
        Ok(Explanation::new("ValueSetQuery", 0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::schema::{Schema, TextOptions};
    use tantivy::{doc, Index};

    #[test]
    fn matches_exact_values_only() {
        let mut b = Schema::builder();
        let f = b.add_text_field("speaker", TextOptions::default().set_fast("raw"));
        let index = Index::create_in_ram(b.build());
        let mut w = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(doc!(f => "Donald Trump")).unwrap();
        w.add_document(doc!(f => "Donald Trump Jr.")).unwrap();
        w.add_document(doc!(f => "Ana Ruiz", f => "Trump")).unwrap();
        w.add_document(doc!()).unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let count = |values: &[&str]| {
            let q = ValueSetQuery::new("speaker", values.iter().map(|v| v.to_string()).collect());
            let mut docs: Vec<u32> = searcher
                .search(&q, &DocSetCollector)
                .unwrap()
                .into_iter()
                .map(|d| d.doc_id)
                .collect();
            docs.sort();
            docs
        };
        assert_eq!(count(&["Donald Trump"]), vec![0]);
        assert_eq!(count(&["Donald Trump", "Trump"]), vec![0, 2]);
        assert_eq!(count(&["Nobody"]), Vec::<u32>::new());
        assert_eq!(count(&[]), Vec::<u32>::new());
    }
}
