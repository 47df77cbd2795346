//! One article by id, whole (metadata, body, quotations), with a query's words marked in
//! its body and the other copies of its story: what a reader opens from a hit (`dossier
//! show`, the page's article view).

use std::ops::Bound;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TantivyDocument, Term};

use super::{Engine, OtherCopy};
use crate::article::Article;
use crate::engine::schema;

/// An article with the query's words marked in its body.
#[derive(Debug, Clone)]
pub struct ArticleMatch {
    /// The article as stored, with its body and quotations.
    pub article: Article,
    /// Its story group: copies of one story share it.
    pub story: u64,
    /// `[start, end)` char offsets into the body of the query's words (empty without a
    /// query); a phrase is one span.
    pub highlights: Vec<[usize; 2]>,
    /// The other articles of its story (copies), earliest first, then by id: at most
    /// [`COPIES_SHOWN`] of them.
    pub copies: Vec<OtherCopy>,
    /// How many other copies the story has (all are counted, the first few listed).
    pub copies_total: usize,
}

/// How many other copies of a story an opened article lists.
pub const COPIES_SHOWN: usize = 100;

impl Engine {
    /// The article with id `id`, if the index has it, with the words of `query` (if not
    /// empty) marked in its body. A query that cannot be read is an error, as in a search.
    pub fn article(
        &self,
        id: &str,
        query: &str,
    ) -> Result<Option<ArticleMatch>, super::SearchError> {
        let highlights = if query.trim().is_empty() {
            None
        } else {
            Some(self.highlighter(&self.compile(query, false)?))
        };
        let term = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let found = self
            .searcher
            .search(&term, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, address)) = found.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(address)?;
        let story = self.story_of(address)?;
        let article = schema::from_document(&self.fields, &doc);
        let highlights = highlights
            .map(|h| h.highlight(&article.body))
            .unwrap_or_default();
        let (copies, copies_total) = self.copies_of(story, address)?;
        Ok(Some(ArticleMatch {
            article,
            story,
            highlights,
            copies,
            copies_total,
        }))
    }

    /// The articles of story `story` other than the one at `address`: the first
    /// [`COPIES_SHOWN`] (earliest first, then by id), and how many there are.
    fn copies_of(
        &self,
        story: u64,
        address: DocAddress,
    ) -> tantivy::Result<(Vec<OtherCopy>, usize)> {
        // `story` is a fast field: a one-value range reads its column, no terms.
        let term = Term::from_field_u64(self.fields.story, story);
        let same = RangeQuery::new(Bound::Included(term.clone()), Bound::Included(term));
        let mut others: Vec<DocAddress> = self
            .searcher
            .search(&same, &DocSetCollector)?
            .into_iter()
            .filter(|&a| a != address)
            .collect();
        others.sort();
        let total = others.len();
        let mut copies = Vec::with_capacity(total.min(COPIES_SHOWN));
        // Reading every copy to sort them is bounded: a story's copies are few, and the
        // listed ones are capped.
        for other in others.into_iter().take(COPIES_SHOWN * 10) {
            let doc: TantivyDocument = self.searcher.doc(other)?;
            let a = schema::from_document(&self.fields, &doc);
            copies.push(OtherCopy {
                id: a.id,
                path: a.path,
                title: a.title,
                source: a.source,
                date: a.date,
            });
        }
        // Undated copies last.
        copies.sort_by(|a, b| {
            (a.date.is_none(), a.date, &a.id).cmp(&(b.date.is_none(), b.date, &b.id))
        });
        copies.truncate(COPIES_SHOWN);
        Ok((copies, total))
    }
}
