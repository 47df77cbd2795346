//! One article by id, whole (metadata, body, quotations), with a query's words marked in
//! its body: what a reader opens from a hit.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::Engine;
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
}

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
        Ok(Some(ArticleMatch {
            article,
            story,
            highlights,
        }))
    }
}
