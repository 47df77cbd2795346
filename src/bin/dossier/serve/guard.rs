//! What keeps the server to its own user: it answers only requests addressed to itself (a
//! `Host` that is an IP address, `localhost`, or a name given with `--allow-host` — so a web
//! page that rebinds its own name to 127.0.0.1 cannot read the index), refuses POSTs from
//! other origins, and bounds every connection: how many at once, how long the headers and
//! the body may take to arrive. The connections are served here, on hyper, with those
//! bounds (axum's own `serve` has none).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{watch, Semaphore};

use super::params::ApiError;

/// The most connections served at once; more wait in the system's queue until one closes.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a request's headers may take to arrive (also how long an idle connection is
/// kept open).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request's body may take to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long requests under way are waited for when the server stops.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// The host names the server answers to besides IP addresses and `localhost`.
pub struct Hosts {
    /// Lower case, without a port.
    pub allowed: Vec<String>,
}

/// Refuses a request not addressed to this server (421) or a cross-origin POST (403); reads
/// a request's body within [`BODY_TIMEOUT`] (408).
pub async fn check(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return refuse(StatusCode::MISDIRECTED_REQUEST, "a Host header is needed");
    };
    if !host_allowed(host, &hosts.allowed) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            &format!(
                "this server does not answer to {host:?} — start it with --allow-host {} to allow that name",
                host_name(host)
            ),
        );
    }
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if writes && !same_origin(headers, host) {
        return refuse(StatusCode::FORBIDDEN, "cross-origin requests are refused");
    }
    if !writes {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let limit = super::routes::MAX_BODY;
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "cannot read the request body: too large or cut short (at most {limit} bytes)"
                ),
            )
        }
        Err(_) => {
            return refuse(
                StatusCode::REQUEST_TIMEOUT,
                &format!(
                    "the request body did not arrive within {} s",
                    BODY_TIMEOUT.as_secs()
                ),
            )
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refuse(status: StatusCode, message: &str) -> Response {
    ApiError {
        status,
        message: message.to_string(),
    }
    .into_response()
}

/// The name part of a `Host` value (`[::1]:80` → `[::1]`, `a.example:80` → `a.example`).
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Whether a `Host` value names this server: an IP address (a page cannot rebind one),
/// `localhost`, or an allowed name.
fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
    let ip = name.trim_start_matches('[').trim_end_matches(']');
    ip.parse::<std::net::IpAddr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.contains(&name)
}

/// Whether a request that writes or runs work came from the server's own page: its
/// `Origin` (when a browser sent one) is this host, and the browser does not call it
/// cross-site.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"));
    if cross_site {
        return false;
    }
    match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => true,
        Some(Ok(origin)) => origin
            .strip_prefix("http://")
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host)),
        Some(Err(_)) => false,
    }
}

/// Serves `app` on `listener` until `stop` resolves: at most [`MAX_CONNECTIONS`] at once,
/// each with [`HEADER_TIMEOUT`]; then lets requests under way finish (for up to
/// [`DRAIN_TIMEOUT`]).
pub async fn serve(listener: tokio::net::TcpListener, app: Router, stop: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (stopping, stopped) = watch::channel(false);
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors, say: wait for some to close.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    let _ = stopping.send(true);
    let all = MAX_CONNECTIONS as u32;
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, slots.acquire_many(all)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_origins() {
        let allowed = vec!["news.internal".to_string()];
        for ok in [
            "127.0.0.1:7878",
            "[::1]:80",
            "localhost:7878",
            "LOCALHOST",
            "news.internal:7878",
            "10.0.0.5",
        ] {
            assert!(host_allowed(ok, &allowed), "{ok}");
        }
        for bad in [
            "evil.example:7878",
            "evil.example",
            "127.0.0.1.evil.example",
        ] {
            assert!(!host_allowed(bad, &allowed), "{bad}");
        }
        let mut headers = HeaderMap::new();
        assert!(same_origin(&headers, "127.0.0.1:7878"));
        headers.insert(header::ORIGIN, "http://127.0.0.1:7878".parse().unwrap());
        assert!(same_origin(&headers, "127.0.0.1:7878"));
        headers.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(!same_origin(&headers, "127.0.0.1:7878"));
        headers.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!same_origin(&headers, "127.0.0.1:7878"));
    }
}
