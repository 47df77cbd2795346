//! `dossier serve`: the search page and the JSON API over one index, on axum (tokio).
//!
//! It listens on loopback unless told otherwise (a non-loopback address is announced on
//! stderr), prints the URL it serves on stdout (one line, so a script or test that asks for
//! port 0 learns the port), follows the index as `dossier index` commits to it, and stops
//! cleanly on Ctrl-C (or SIGTERM): requests under way are answered first.
//!
//! `routes.rs` has the handlers, `params.rs` reads their parameters, `assets.rs` the
//! embedded page and the security headers, `guard.rs` the connections and who may ask.

mod assets;
mod guard;
mod params;
mod routes;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use dossier::index::Searchable;
use dossier::search::Engine;
use routes::AppState;

/// How often the index folder is checked for a new commit.
const RELOAD_EVERY: Duration = Duration::from_secs(1);

/// How the server runs.
pub struct ServeOptions {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Open the page in the default browser once listening.
    pub open: bool,
    /// No announcements on stderr.
    pub quiet: bool,
    /// Host names the server answers to besides IP addresses and `localhost`.
    pub allow_hosts: Vec<String>,
}

/// Serves `index` until Ctrl-C.
pub fn run(index: Searchable, options: &ServeOptions) -> Result<()> {
    // Ctrl-C is ours from now on, not the indexing handler's (installed if the index was
    // built first).
    crate::progress::SERVING.store(true, std::sync::atomic::Ordering::SeqCst);
    // No request writes anything into the index folder.
    dossier::search::keep_registry_in_memory();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores.min(4))
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(index, options, cores))
}

async fn serve(index: Searchable, options: &ServeOptions, cores: usize) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} — pick another port with --addr {}:PORT (0: any free port)",
                options.addr,
                options.addr.ip()
            )
        })?;
    let bound = listener.local_addr()?;
    let url = format!("http://{bound}/");
    let engine = Engine::new(&index);
    let articles = index.reader.searcher().num_docs();
    if !options.quiet {
        eprintln!(
            "dossier: serving {} ({articles} articles) at {url} — Ctrl-C to stop",
            index.dir.display()
        );
        if !bound.ip().is_loopback() {
            eprintln!(
                "dossier: warning: {} is not a loopback address: anyone who can reach this machine on port {} can search the index and read its articles",
                bound.ip(),
                bound.port()
            );
        }
    }
    // The URL alone on stdout: what a script reads to find the port.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{url}")?;
    stdout.flush()?;
    drop(stdout);
    if options.open {
        open_browser(&url, options.quiet);
    }
    let state = Arc::new(AppState::new(engine, cores * 2));
    tokio::spawn(follow_index(Arc::new(index), state.clone(), options.quiet));
    let hosts = Arc::new(guard::Hosts {
        allowed: options
            .allow_hosts
            .iter()
            .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
            .collect(),
    });
    let app =
        routes::router(state).layer(axum::middleware::from_fn_with_state(hosts, guard::check));
    guard::serve(listener, app, stop_signal()).await;
    if !options.quiet {
        eprintln!("dossier: stopped");
    }
    Ok(())
}

/// Checks the index for a new commit every [`RELOAD_EVERY`], and serves it when there is
/// one: a page refreshed after `dossier index` sees the new articles.
async fn follow_index(index: Arc<Searchable>, state: Arc<AppState>, quiet: bool) {
    let opstamp = |index: &Searchable| index.index.load_metas().ok().map(|m| m.opstamp);
    let mut seen = opstamp(&index);
    let mut failed: Option<String> = None;
    loop {
        tokio::time::sleep(RELOAD_EVERY).await;
        let index = index.clone();
        let reloaded = tokio::task::spawn_blocking(move || {
            let now = opstamp(&index);
            if now.is_none() || now == seen {
                return Ok(None);
            }
            index.reader.reload()?;
            let articles = index.reader.searcher().num_docs();
            Ok::<_, tantivy::TantivyError>(Some((now, Engine::new(&index), articles)))
        })
        .await;
        match reloaded {
            Ok(Ok(Some((now, engine, articles)))) => {
                seen = now;
                failed = None;
                state.replace(engine);
                if !quiet {
                    eprintln!("dossier: the index changed: now {articles} articles");
                }
            }
            Ok(Ok(None)) => {}
            Ok(Err(err)) => {
                // Said once, not every second while it lasts.
                let message = err.to_string();
                if !quiet && failed.as_ref() != Some(&message) {
                    eprintln!(
                        "dossier: cannot reload the index (still serving the last one): {message}"
                    );
                }
                failed = Some(message);
            }
            Err(_) => {}
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Opens `url` in the desktop's browser; says so when it cannot.
fn open_browser(url: &str, quiet: bool) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let started = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(err) = started {
        if !quiet {
            eprintln!("dossier: cannot open a browser ({err}); open {url} yourself");
        }
    }
}
