//! Why a search failed, typed so that a caller can tell the user's mistake from a broken
//! index: the server answers the first with a 400 and the second with a 500, `batch`
//! reports the first against its line and goes on.

/// Errors of a search that are the user's to fix (the message says how).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for QueryError {}

/// Why a search, a count or a look-up failed.
#[derive(Debug)]
pub enum SearchError {
    /// The query or a filter cannot be read: the user's to fix.
    Query(QueryError),
    /// The index could not be read, or something else went wrong that the user's input
    /// did not cause.
    Index(anyhow::Error),
}

impl SearchError {
    /// Whether the user's input caused it.
    pub fn is_users(&self) -> bool {
        matches!(self, SearchError::Query(_))
    }
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::Query(e) => e.fmt(f),
            SearchError::Index(e) => write!(f, "{e:#}"),
        }
    }
}

/// The message already says everything (an index error with its whole chain), so no
/// source is given: a printer of the chain would say it twice.
impl std::error::Error for SearchError {}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> Self {
        SearchError::Query(e)
    }
}

/// An error passed up through `anyhow` is the user's if a [`QueryError`] caused it.
impl From<anyhow::Error> for SearchError {
    fn from(e: anyhow::Error) -> Self {
        let e = match e.downcast::<SearchError>() {
            Ok(search) => return search,
            Err(e) => e,
        };
        match e.downcast::<QueryError>() {
            Ok(query) => SearchError::Query(query),
            Err(other) => SearchError::Index(other),
        }
    }
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError::Index(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_error_stays_the_users_through_anyhow() {
        let through: anyhow::Error = QueryError("bad".into()).into();
        assert!(SearchError::from(through).is_users());
        let broken = anyhow::anyhow!("segment missing");
        assert!(!SearchError::from(broken).is_users());
        // Passed up again, it keeps its kind, and its message is said once.
        let again: anyhow::Error = SearchError::Query(QueryError("bad".into())).into();
        assert_eq!(format!("{again:#}"), "bad");
        assert!(SearchError::from(again).is_users());
    }
}
