//! Request parameters of the JSON API, read strictly: an unknown parameter, a value that is
//! not a number, a date or a sort order, a `limit` above [`MAX_LIMIT`] is a 400 naming the
//! parameter. Errors are JSON `{"error": "..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

use dossier::period::{self, Edge};
use dossier::search::{SearchError, SearchOptions, Sort};

/// Most hits one request may ask for (`limit`), and most speakers or names of a facet.
pub const MAX_LIMIT: usize = 100;
/// Furthest one may page (`offset`).
pub const MAX_OFFSET: usize = 10_000;

/// An API error: its status and the message sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// A 400: the request is wrong (the message says how).
    pub fn bad(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// A 404: no such thing.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

/// A search's error: the user's (a query that cannot be read, an empty range) is a 400,
/// anything else a 500.
impl From<SearchError> for ApiError {
    fn from(err: SearchError) -> Self {
        ApiError {
            status: if err.is_users() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            },
            message: err.to_string(),
        }
    }
}

/// Any other library error, typed the same way (a query error passed up is still a 400).
impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        SearchError::from(err).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response();
        // Busy: try again in a second (RFC 9110 §10.2.3).
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        response
    }
}

/// The parameters of one request, as `name=value` pairs in order (a name may repeat).
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// The pairs of a query string; refuses names not in `allowed`.
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Self, ApiError> {
        if let Some((name, _)) = pairs.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
            return Err(ApiError::bad(format!(
                "unknown parameter '{name}'; this endpoint takes {}",
                allowed.join(", ")
            )));
        }
        Ok(Params { pairs })
    }

    /// Every value of `name`.
    fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The last value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A whole number from `min` to `max`; `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(value) = self.get(name) else {
            return Ok(default);
        };
        match value.trim().parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(format!(
                "'{name}' must be a whole number from {min} to {max}, got {value:?}"
            ))),
        }
    }

    /// A flag: absent or `0`/`false` is false; present empty, `1` or `true` is true.
    pub fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name).map(str::trim) {
            None | Some("0") | Some("false") => Ok(false),
            Some("") | Some("1") | Some("true") => Ok(true),
            Some(other) => Err(ApiError::bad(format!(
                "'{name}' must be true or false (1 or 0), got {other:?}"
            ))),
        }
    }

    /// Names to filter by (`speaker`, `source`): repeatable, each one not empty.
    fn names(&self, name: &str) -> Result<Vec<String>, ApiError> {
        let values = self.all(name);
        if values.iter().any(|v| v.trim().is_empty()) {
            return Err(ApiError::bad(format!("'{name}' is empty")));
        }
        Ok(values)
    }

    /// A day, month or year: its first day for `since`, its last for `until`.
    fn date(&self, name: &str) -> Result<Option<chrono::NaiveDate>, ApiError> {
        let Some(value) = self.get(name).filter(|v| !v.trim().is_empty()) else {
            return Ok(None);
        };
        let edge = if name == "until" {
            Edge::Until
        } else {
            Edge::Since
        };
        period::limit(value.trim(), edge)
            .map(Some)
            .map_err(|e| ApiError::bad(format!("'{name}': {e}")))
    }

    /// The query (`q`), its filters and `any`; everything else as in `SearchOptions`'
    /// defaults. An empty `q` is allowed (facets and speakers of every article).
    pub fn filters(&self) -> Result<SearchOptions, ApiError> {
        let options = SearchOptions {
            query: self.get("q").unwrap_or_default().to_string(),
            any: self.flag("any")?,
            speakers: self.names("speaker")?,
            sources: self.names("source")?,
            langs: self.names("lang")?,
            since: self.date("since")?,
            until: self.date("until")?,
            ..SearchOptions::default()
        };
        options.check().map_err(|e| ApiError::bad(e.0))?;
        Ok(options)
    }

    /// A search: the filters, then `sort`, `limit`, `offset`, `explain`, `expand`, `fuzzy`.
    pub fn search(&self) -> Result<SearchOptions, ApiError> {
        let mut options = self.filters()?;
        if options.query.trim().is_empty() {
            return Err(ApiError::bad("'q' is empty: give a query to search for"));
        }
        options.sort = match self.get("sort").map(str::trim) {
            None | Some("") => Sort::Relevance,
            Some(s) => dossier::batch::parse_sort(s).ok_or_else(|| {
                ApiError::bad(format!(
                    "'sort' must be relevance, date or -date, got {s:?}"
                ))
            })?,
        };
        options.limit = self.number("limit", 10, 0, MAX_LIMIT)?;
        options.offset = self.number("offset", 0, 0, MAX_OFFSET)?;
        options.explain = self.flag("explain")?;
        options.expand = self.flag("expand")?;
        options.fuzzy = self.flag("fuzzy")?;
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Result<Params, ApiError> {
        Params::new(
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            &[
                "q", "speaker", "source", "since", "until", "sort", "limit", "offset", "any",
                "explain", "expand",
            ],
        )
    }

    #[test]
    fn a_search_reads_every_parameter() {
        let p = params(&[
            ("q", "oil"),
            ("speaker", "trump"),
            ("speaker", "Claudia Sheinbaum"),
            ("source", "reuters"),
            ("since", "2025-05"),
            ("until", "2025"),
            ("sort", "-date"),
            ("limit", "20"),
            ("offset", "40"),
            ("any", "1"),
        ])
        .unwrap();
        let o = p.search().unwrap();
        assert_eq!(o.query, "oil");
        assert_eq!(o.speakers, ["trump", "Claudia Sheinbaum"]);
        assert_eq!(o.sources, ["reuters"]);
        assert_eq!(o.since.unwrap().to_string(), "2025-05-01");
        assert_eq!(o.until.unwrap().to_string(), "2025-12-31");
        assert_eq!(o.sort, Sort::DateDesc);
        assert_eq!((o.limit, o.offset, o.any), (20, 40, true));
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let message = |pairs: &[(&str, &str)]| match params(pairs).and_then(|p| p.search()) {
            Err(e) => {
                assert_eq!(e.status, StatusCode::BAD_REQUEST);
                e.message
            }
            Ok(_) => panic!("{pairs:?} was accepted"),
        };
        assert!(message(&[("q", "x"), ("limit", "101")]).contains("'limit'"));
        assert!(message(&[("q", "x"), ("limit", "-1")]).contains("'limit'"));
        assert!(message(&[("q", "x"), ("offset", "ten")]).contains("'offset'"));
        assert!(message(&[("q", "x"), ("since", "May")]).contains("'since'"));
        assert!(message(&[("q", "x"), ("sort", "new")]).contains("'sort'"));
        assert!(message(&[("q", "x"), ("speaker", " ")]).contains("'speaker'"));
        assert!(message(&[("q", "x"), ("any", "maybe")]).contains("'any'"));
        assert!(message(&[("q", "x"), ("colour", "red")]).contains("'colour'"));
        assert!(message(&[("q", "  ")]).contains("'q'"));
        assert!(
            message(&[("q", "x"), ("since", "2025-06"), ("until", "2025-05")])
                .contains("date range is empty")
        );
    }
}
