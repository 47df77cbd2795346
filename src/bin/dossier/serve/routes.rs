//! The routes: the JSON API under `/api/` and the embedded page. Handlers read parameters
//! ([`params`](super::params)), run the library on a blocking thread (a search is CPU
//! work) and answer with the library's own serialisable values — the same JSON the CLI
//! prints — or `{"error": "..."}`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tokio::sync::Semaphore;

use super::assets;
use super::params::{ApiError, Params, MAX_LIMIT, MAX_OFFSET};
use dossier::batch::{self, BatchItem};
use dossier::output::OpenedView;
use dossier::output::{write_item, BatchFormat};
use dossier::search::{Engine, SearchOptions};

/// Largest request body (`POST /api/batch`).
pub const MAX_BODY: usize = 1 << 20;
/// Most queries in one batch request.
pub const MAX_BATCH: usize = 1000;
/// Most names a speakers list or statistics may ask for.
const MAX_NAMES: usize = 1000;

const FILTERS: [&str; 7] = ["q", "any", "speaker", "source", "lang", "since", "until"];

/// Most requests waiting for a free slot; one more is answered 503 at once.
const MAX_WAITING: usize = 64;
/// How long a request waits for a free slot before it is answered 503.
const MAX_WAIT: Duration = Duration::from_secs(10);
/// A request body at least this large is followed by giving freed memory back.
const TRIM_AFTER_BODY: usize = 64 << 10;

/// What every handler shares: the engine on the index's last commit (replaced when the
/// index changes) and a bound on searches running at once, and on those waiting.
pub struct AppState {
    engine: RwLock<Arc<Engine>>,
    slots: Slots,
}

/// Searches running at once (a semaphore), and the requests waiting for one of its slots.
struct Slots {
    running: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
}

/// A request waiting for a slot, counted in [`Slots::waiting`] until dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Slots {
    fn new(parallel: usize, max_waiting: usize, max_wait: Duration) -> Self {
        Slots {
            running: Semaphore::new(parallel.max(1)),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
        }
    }

    /// A slot to run in: at once, after a bounded wait, or a 503.
    async fn take(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        if let Ok(permit) = self.running.try_acquire() {
            return Ok(permit);
        }
        let busy = |why: &str| ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            message: format!("the server is busy ({why}) — try again in a moment"),
        };
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(busy(&format!("{} requests already wait", self.max_waiting)));
        }
        let _waiting = Waiting(&self.waiting);
        match tokio::time::timeout(self.max_wait, self.running.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) => Err(ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the server is stopping".into(),
            }),
            Err(_) => Err(busy(&format!(
                "no search finished within {} s",
                self.max_wait.as_secs()
            ))),
        }
    }
}

impl AppState {
    /// State serving `engine`, running at most `parallel` searches at once; up to
    /// [`MAX_WAITING`] more wait, each at most [`MAX_WAIT`], and the rest are told to try
    /// again (503 with `Retry-After`).
    pub fn new(engine: Engine, parallel: usize) -> Self {
        AppState {
            engine: RwLock::new(Arc::new(engine)),
            slots: Slots::new(parallel, MAX_WAITING, MAX_WAIT),
        }
    }

    /// Serves `engine` from now on (requests under way finish on the old one).
    pub fn replace(&self, engine: Engine) {
        if let Ok(mut current) = self.engine.write() {
            *current = Arc::new(engine);
        }
    }

    /// The engine requests start on now.
    pub fn engine(&self) -> Arc<Engine> {
        match self.engine.read() {
            Ok(e) => e.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Runs `work` on a blocking thread with the current engine, when a slot is free.
    async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
    {
        let _slot = self.slots.take().await?;
        let engine = self.engine();
        tokio::task::spawn_blocking(move || {
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&engine)));
            // A failed read may be a damaged index: name its files rather than an internal
            // message.
            match done {
                Ok(Err(e)) if e.status == StatusCode::INTERNAL_SERVER_ERROR => Err(ApiError {
                    message: crate::errors::damage().unwrap_or(e.message),
                    ..e
                }),
                Ok(answer) => answer,
                Err(_) => Err(ApiError {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: crate::errors::damage()
                        .unwrap_or_else(|| "internal error — please report it".into()),
                }),
            }
        })
        .await
        .map_err(|_| ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error — please report it".into(),
        })?
    }
}

type Shared = State<Arc<AppState>>;
type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The whole application: API, page, and a JSON 404 for anything else.
pub fn router(state: Arc<AppState>) -> Router {
    let mut router = Router::new()
        .route("/api/search", get(search))
        .route("/api/batch", post(batch_queries))
        .route("/api/article/{*id}", get(article))
        .route("/api/speakers", get(speakers))
        .route("/api/stats", get(stats))
        .route("/api/facets", get(facets));
    for path in assets::paths() {
        router = router.route(path, get(move || async move { assets::asset(path) }));
    }
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(assets::security_headers))
        .with_state(state)
}

/// The pairs of the query string, or a 400 when it is not form-encoded.
fn pairs(query: Pairs, allowed: &[&str]) -> Result<Params, ApiError> {
    let Query(pairs) = query.map_err(|e| ApiError::bad(format!("bad query string: {e}")))?;
    Params::new(pairs, allowed)
}

fn json<T: Serialize>(value: &T) -> Response {
    Json(value).into_response()
}

/// `GET /api/search`: a query response (`quotes=1`: a quotation response), as `dossier
/// query --format json` prints it.
async fn search(State(state): Shared, query: Pairs) -> Result<Response, ApiError> {
    let params = pairs(
        query,
        &[
            "q", "any", "speaker", "source", "lang", "since", "until", "sort", "limit", "offset",
            "quotes", "explain", "expand", "fuzzy",
        ],
    )?;
    let options = params.search()?;
    let quotes = params.flag("quotes")?;
    state
        .run(move |engine| {
            Ok(if quotes {
                json(&engine.search_quotes(&options)?)
            } else {
                json(&engine.search(&options)?)
            })
        })
        .await
}

/// `GET /api/article/{id}`: the article's metadata, story, body and quotations (as
/// `dossier show --format json` prints one), `highlights`: `[start, end)` char
/// offsets into the body of the words of `q`, if given.
async fn article(
    State(state): Shared,
    Path(id): Path<String>,
    query: Pairs,
) -> Result<Response, ApiError> {
    let params = pairs(query, &["q"])?;
    let q = params.get("q").unwrap_or_default().to_string();
    state
        .run(move |engine| {
            let found = engine
                .article(&id, &q)?
                .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))?;
            Ok(json(&OpenedView::new(&found)))
        })
        .await
}

/// `GET /api/speakers`: speakers with quotation and article counts, as `dossier speakers
/// --format json`.
async fn speakers(State(state): Shared, query: Pairs) -> Result<Response, ApiError> {
    let mut allowed = FILTERS.to_vec();
    allowed.push("limit");
    let params = pairs(query, &allowed)?;
    let options = params.filters()?;
    let limit = params.number("limit", 20, 1, MAX_NAMES)?;
    state
        .run(move |engine| Ok(json(&engine.speakers(&options, limit)?)))
        .await
}

/// `GET /api/stats`: as `dossier stats --format json` (`lang`: as `--lang`).
async fn stats(State(state): Shared, query: Pairs) -> Result<Response, ApiError> {
    let params = pairs(query, &["top", "lang"])?;
    let top = params.number("top", 10, 1, MAX_NAMES)?;
    let langs = params.filters()?.langs;
    state
        .run(move |engine| Ok(json(&engine.stats(top, &langs)?)))
        .await
}

/// `GET /api/facets`: speakers, sources, languages and a date histogram of the matching articles.
async fn facets(State(state): Shared, query: Pairs) -> Result<Response, ApiError> {
    let mut allowed = FILTERS.to_vec();
    allowed.push("top");
    let params = pairs(query, &allowed)?;
    let options = params.filters()?;
    let top = params.number("top", 10, 1, MAX_LIMIT)?;
    state
        .run(move |engine| Ok(json(&engine.facets(&options, top)?)))
        .await
}

/// `POST /api/batch`: the body holds batch input lines (as `dossier batch` reads) or a
/// JSON array of queries (strings or query objects); the answer is the batch's JSON
/// lines, in input order.
async fn batch_queries(
    State(state): Shared,
    query: Pairs,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    pairs(query, &[])?;
    let body = body.map_err(|e| ApiError {
        status: e.status(),
        message: format!(
            "cannot read the request body: {} (at most {MAX_BODY} bytes)",
            e.body_text()
        ),
    })?;
    let lines = batch_lines(&body)?;
    let defaults = SearchOptions::default();
    check_batch(&lines, &defaults)?;
    let input = lines.join("\n");
    let large = body.len() >= TRIM_AFTER_BODY;
    drop((body, lines));
    let answer = state
        .run(move |engine| {
            let mut out = Vec::new();
            batch::run(
                engine,
                input.as_bytes(),
                &defaults,
                |item: &BatchItem| write_item(&mut out, BatchFormat::Jsonl, item),
                |_| {},
            )?;
            drop(input);
            Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response())
        })
        .await;
    if large {
        give_memory_back();
    }
    answer
}

/// Hands the memory a large request freed back to the system: glibc keeps freed memory in
/// its arenas (one per thread that searched) rather than return it, so the resident size
/// stays at the request's peak; `malloc_trim(0)` releases the free pages of every arena.
/// Elsewhere (musl, macOS) there is nothing to do.
fn give_memory_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own arenas under their locks; it takes no
    // pointer and may run on any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The batch input lines of a request body: its lines, or the elements of a JSON array
/// (a string is a query line, an object a JSON query line).
fn batch_lines(body: &[u8]) -> Result<Vec<String>, ApiError> {
    let text = String::from_utf8_lossy(body);
    let lines: Vec<String> = if text.trim_start().starts_with('[') {
        let items: Vec<serde_json::Value> = serde_json::from_str(&text)
            .map_err(|e| ApiError::bad(format!("the body is not a JSON array of queries: {e}")))?;
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                serde_json::Value::String(s) => Ok(s.replace(['\r', '\n'], " ")),
                serde_json::Value::Object(_) => Ok(item.to_string()),
                _ => Err(ApiError::bad(format!(
                    "element {} of the array is neither a query string nor a query object",
                    i + 1
                ))),
            })
            .collect::<Result<_, _>>()?
    } else {
        text.lines().map(str::to_string).collect()
    };
    let queries = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
        .count();
    if queries == 0 {
        return Err(ApiError::bad("the body holds no query"));
    }
    if queries > MAX_BATCH {
        return Err(ApiError::bad(format!(
            "the body holds {queries} queries; at most {MAX_BATCH} a request"
        )));
    }
    Ok(lines)
}

/// Refuses a batch whose query objects ask for more than one request may return.
fn check_batch(lines: &[String], defaults: &SearchOptions) -> Result<(), ApiError> {
    for (i, line) in lines.iter().enumerate() {
        if let Some(Ok(q)) = batch::parse_line(line, i + 1, defaults) {
            if q.options.limit > MAX_LIMIT {
                return Err(ApiError::bad(format!(
                    "query {}: 'limit' must be at most {MAX_LIMIT}, got {}",
                    q.id, q.options.limit
                )));
            }
            if q.options.offset > MAX_OFFSET {
                return Err(ApiError::bad(format!(
                    "query {}: 'offset' must be at most {MAX_OFFSET}, got {}",
                    q.id, q.options.offset
                )));
            }
        }
    }
    Ok(())
}

/// Anything else: a JSON 404 under `/api/`, a plain one elsewhere. Nothing on disk is
/// ever looked up, so `/../` and its encodings end here too.
async fn not_found(method: Method, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(format!("no such endpoint: {method} {}", uri.path())).into_response()
    } else {
        (StatusCode::NOT_FOUND, "not found\n").into_response()
    }
}

/// A known path asked with the wrong method (`POST /api/search`, `GET /api/batch`).
async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let takes = if uri.path() == "/api/batch" {
        "POST"
    } else {
        "GET"
    };
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!("{} takes {takes}, not {method}", uri.path()),
    }
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn past_the_slots_a_few_wait_and_the_rest_are_told_to_come_back() {
        let slots = Arc::new(Slots::new(1, 1, Duration::from_millis(200)));
        let held = slots.take().await.unwrap();
        // One may wait: it gets the slot when it is freed.
        let waiter = {
            let slots = slots.clone();
            tokio::spawn(async move { slots.take().await.map(drop).map_err(|e| e.status) })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(slots.waiting.load(Ordering::Relaxed), 1);
        // A second would be one too many waiting: 503 at once.
        let refused = slots.take().await.unwrap_err();
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            refused.message.contains("already wait"),
            "{}",
            refused.message
        );
        drop(held);
        assert_eq!(waiter.await.unwrap(), Ok(()));
        assert_eq!(slots.waiting.load(Ordering::Relaxed), 0);
        // One that waits longer than the bound: 503 too.
        let _held = slots.take().await.unwrap();
        let late = slots.take().await.unwrap_err();
        assert_eq!(late.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(late.message.contains("within"), "{}", late.message);
        assert_eq!(slots.waiting.load(Ordering::Relaxed), 0);
        // A 503 tells the client when to try again.
        let response = late.into_response();
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }
}
