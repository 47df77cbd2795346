//! Progress and interruption: the indexing progress bar and warnings on stderr, the batch
//! counter, and Ctrl-C (which stops indexing at its next commit point).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::config::Config;
use dossier::index::{self, IndexOptions, Report};
use dossier::ingest::{FileProblem, Observer, SkipReason, Skipped};

/// Set by Ctrl-C; indexing stops at its next commit point.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// Set once `serve` runs (after building the index on first use): Ctrl-C is then the
/// server's to handle, and this handler stays quiet.
pub static SERVING: AtomicBool = AtomicBool::new(false);

/// Runs an indexing pass with a progress bar on a terminal and Ctrl-C handling.
pub fn run_index(
    g: &Config,
    dir: &Path,
    paths: &[PathBuf],
    options: &IndexOptions,
) -> Result<Report> {
    let _ = ctrlc::set_handler(|| {
        if SERVING.load(Ordering::SeqCst) {
            return;
        }
        if STOP.swap(true, Ordering::SeqCst) {
            eprintln!("dossier: interrupted twice, exiting now");
            std::process::exit(130);
        }
        eprintln!(
            "dossier: interrupted — stopping at the next commit point (Ctrl-C again to quit now)"
        );
    });
    let bar = (!g.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {decimal_bytes}/{decimal_total_bytes} ({decimal_bytes_per_sec}, eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let observer = CliObserver {
        bar,
        quiet: g.quiet,
        verbose: g.verbose,
        held: None,
    };
    let report = index::update(dir, paths, options, &observer, &STOP);
    if let Some(bar) = &observer.bar {
        bar.finish_and_clear();
    }
    let mut report = report?;
    // Whenever the user was told the run is being interrupted, it ends as interrupted
    // (exit 130), even if the last file was already read when Ctrl-C came.
    report.interrupted |= STOP.load(Ordering::SeqCst);
    if !g.quiet {
        for gone in &report.gone {
            eprintln!(
                "dossier: {} is gone: its {} article{} left the index",
                gone.path,
                gone.articles,
                if gone.articles == 1 { "" } else { "s" }
            );
        }
    }
    if report.interrupted && !g.quiet {
        eprintln!("dossier: stopped early; the index holds everything committed so far — run the same command again to finish");
    }
    Ok(report)
}

/// Shows indexing progress and warnings on stderr.
pub struct CliObserver {
    pub bar: Option<ProgressBar>,
    pub quiet: bool,
    pub verbose: bool,
    /// Keeps every skipped file, so that a command that found nothing can say why.
    pub held: Option<std::sync::Mutex<Vec<Skipped>>>,
}

impl CliObserver {
    fn warn(&self, message: String) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("dossier: {message}")),
            None => eprintln!("dossier: {message}"),
        }
    }
}

impl Observer for CliObserver {
    fn start(&self, _files: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(bytes);
        }
    }

    fn progress(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn skipped(&self, s: &Skipped) {
        if let Some(quiet_ones) = &self.held {
            if let Ok(mut held) = quiet_ones.lock() {
                held.push(s.clone());
            }
        }
        if !self.quiet && (always_said(s.reason) || self.verbose) {
            self.warn(describe_skip(s));
        }
    }

    fn problem(&self, problem: &FileProblem) {
        if !self.quiet {
            self.warn(format!("warning: {problem}"));
        }
    }
}

/// Skips said even without `--verbose`: the file was meant to be read and could not be.
pub fn always_said(reason: SkipReason) -> bool {
    matches!(
        reason,
        SkipReason::Unreadable
            | SkipReason::Invalid
            | SkipReason::SymlinkLoop
            | SkipReason::Internal
            | SkipReason::TooLarge
            | SkipReason::TooSlow
    )
}

pub fn describe_skip(s: &Skipped) -> String {
    if s.detail.is_empty() {
        format!("skipped {} ({})", s.path, s.reason.label())
    } else {
        format!("skipped {} ({}): {}", s.path, s.reason.label(), s.detail)
    }
}

/// A spinner counting answered queries, on a terminal only.
pub fn batch_bar(g: &Config) -> Option<ProgressBar> {
    (!g.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} queries ({per_sec})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar
    })
}
