//! Ranking: BM25 with dossier's own constants.
//!
//! tantivy's BM25 has fixed constants (k1 = 1.2, b = 0.75). [`Bm25Query`] keeps a query's
//! matching (its boolean structure, phrases, filters) but scores each matching document
//! itself: the sum over the scoring terms the query compiler gives of
//! `weight · idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))`, where a term's weight is
//! its field's weight times its boost, added up for each time the query names it. The
//! defaults (k1 = 1.5, b = 0.4) were chosen by the mean MAP over four test collections
//! (see README, "Ranking quality").

use std::collections::{BTreeMap, HashMap};

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// BM25 constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25Params {
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalisation, 0 (none) to 1 (full).
    pub b: f32,
}

impl Default for Bm25Params {
    fn default() -> Self {
        Bm25Params { k1: 1.5, b: 0.4 }
    }
}

/// A query whose matches are those of `inner`, scored by BM25 with `params` over the
/// given terms and weights.
#[derive(Debug)]
pub struct Bm25Query {
    inner: Box<dyn Query>,
    terms: Vec<(Term, Score)>,
    params: Bm25Params,
}

impl Bm25Query {
    /// Wraps `inner`; a matching document scores by `terms` (a term given twice counts
    /// twice).
    pub fn new(inner: Box<dyn Query>, terms: Vec<(Term, Score)>, params: Bm25Params) -> Self {
        Bm25Query {
            inner,
            terms,
            params,
        }
    }
}

impl Clone for Bm25Query {
    fn clone(&self) -> Self {
        Bm25Query {
            inner: self.inner.box_clone(),
            terms: self.terms.clone(),
            params: self.params,
        }
    }
}

/// One query term with what scoring it needs.
struct TermStat {
    term: Term,
    /// boost · idf · (k1 + 1) · number of times the query names the term.
    weight: Score,
    average_len: Score,
}

impl Query for Bm25Query {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let Some(searcher) = enable_scoring
            .searcher()
            .filter(|_| enable_scoring.is_scoring_enabled())
        else {
            return self.inner.weight(enable_scoring);
        };
        let inner = self
            .inner
            .weight(EnableScoring::disabled_from_searcher(searcher))?;
        // Summed in a fixed (term) order: identical scores from run to run.
        let mut weights: BTreeMap<&Term, Score> = BTreeMap::new();
        for (term, weight) in &self.terms {
            *weights.entry(term).or_default() += weight;
        }
        let mut terms = Vec::with_capacity(weights.len());
        let mut lengths: HashMap<Field, (u64, Score)> = HashMap::new();
        for (term, weight) in weights {
            let field = term.field();
            // A field's documents: those of the languages it holds, not the whole index, so
            // that a word scores in a Spanish article as it would in an index of Spanish.
            let (docs, average_len) = match lengths.get(&field) {
                Some(&l) => l,
                None => {
                    let docs = population(searcher, field)?.max(1);
                    let tokens = searcher.total_num_tokens(field)?;
                    let l = (docs, (tokens as Score / docs as Score).max(1.0));
                    lengths.insert(field, l);
                    l
                }
            };
            let df = searcher.doc_freq(term)?;
            if df == 0 {
                continue;
            }
            let idf = (1.0 + (docs as Score - df as Score + 0.5) / (df as Score + 0.5)).ln();
            terms.push(TermStat {
                term: term.clone(),
                weight: weight * idf * (self.params.k1 + 1.0),
                average_len,
            });
        }
        Ok(Box::new(Bm25Weight {
            inner,
            terms,
            params: self.params,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

/// The documents whose language `field` holds: for a field of a language with an analysis of
/// its own (`body_es`), that language's articles; for the others (`body`), the rest.
fn population(searcher: &tantivy::Searcher, field: Field) -> tantivy::Result<u64> {
    let schema = searcher.schema();
    let total = searcher.total_num_docs()?;
    let Ok(lang) = schema.get_field(super::schema::names::LANG) else {
        return Ok(total);
    };
    let name = schema.get_field_name(field);
    let mut others = 0;
    for l in &super::languages::ANALYSED {
        let count = searcher.doc_freq(&Term::from_field_text(lang, l.code))?;
        if name == l.title || name == l.body {
            return Ok(count);
        }
        others += count;
    }
    Ok(total.saturating_sub(others))
}

struct Bm25Weight {
    inner: Box<dyn Weight>,
    terms: Vec<TermStat>,
    params: Bm25Params,
}

impl Weight for Bm25Weight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, 1.0)?;
        let mut terms = Vec::with_capacity(self.terms.len());
        for t in &self.terms {
            let field = t.term.field();
            let Some(postings) = reader
                .inverted_index(field)?
                .read_postings(&t.term, IndexRecordOption::WithFreqs)?
            else {
                continue;
            };
            let norms = reader.get_fieldnorms_reader(field)?;
            // Per-length part of the denominator, for each of the 256 length codes.
            let mut cache = [0.0 as Score; 256];
            for (id, slot) in cache.iter_mut().enumerate() {
                let len = FieldNormReader::id_to_fieldnorm(id as u8) as Score;
                *slot =
                    self.params.k1 * (1.0 - self.params.b + self.params.b * len / t.average_len);
            }
            terms.push(TermScorer {
                postings,
                norms,
                weight: t.weight * boost,
                cache: Box::new(cache),
            });
        }
        Ok(Box::new(Bm25Scorer { inner, terms }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("BM25 (dossier constants)", scorer.score()))
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct TermScorer {
    postings: SegmentPostings,
    norms: FieldNormReader,
    weight: Score,
    cache: Box<[Score; 256]>,
}

struct Bm25Scorer {
    inner: Box<dyn Scorer>,
    terms: Vec<TermScorer>,
}

impl DocSet for Bm25Scorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }
    fn doc(&self) -> DocId {
        self.inner.doc()
    }
    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for Bm25Scorer {
    fn score(&mut self) -> Score {
        let doc = self.inner.doc();
        if doc == TERMINATED {
            return 0.0;
        }
        let mut score = 0.0;
        for t in &mut self.terms {
            let mut at = t.postings.doc();
            if at < doc {
                at = t.postings.seek(doc);
            }
            if at == doc {
                let tf = t.postings.term_freq() as Score;
                let len_code = t.norms.fieldnorm_id(doc) as usize;
                score += t.weight * tf / (tf + t.cache[len_code]);
            }
        }
        score
    }
}
