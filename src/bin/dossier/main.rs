//! The `dossier` binary: parse arguments, call the library, print, map the outcome to an
//! exit code (0 hits / 1 no hit / 2 error, as grep). A closed pipe is not an error.
//!
//! `cli.rs` defines the arguments (clap), `options.rs` turns them into library options,
//! `progress.rs` draws progress and handles Ctrl-C; this file runs the commands.

mod cli;
mod errors;
mod options;
mod progress;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{BatchArgs, BatchFormatArg, Cli, Command, FormatArg, Global};
use dossier::article::Article;
use dossier::batch::{self, BatchItem};
use dossier::index::{self, IndexOptions};
use dossier::ingest;
use dossier::output::articles::Extracted;
use dossier::output::batch::{BatchFormat, BatchPrinter};
use dossier::output::{self, Printer};
use dossier::search::Engine;
use options::{
    format, index_dir, index_options, search_options, speakers_options, text_width, use_color,
    IndexChoice, DEFAULT_CORPUS, DEFAULT_INDEX,
};
use progress::{run_index, CliObserver};

/// How a successful command ended.
enum Outcome {
    /// Found something (exit 0).
    Found,
    /// Ran fine, found nothing (exit 1).
    Nothing,
    /// Ran to the end, but part of the work failed and was reported (exit 2).
    Failed,
    /// Stopped by Ctrl-C at a clean point (exit 130, as shells do).
    Interrupted,
}

impl Outcome {
    /// Found something or not.
    fn found(any: bool) -> Self {
        if any {
            Outcome::Found
        } else {
            Outcome::Nothing
        }
    }
}

/// The last panic's message and place, kept by the panic hook for the one error line.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn main() -> ExitCode {
    // PDFs are read in child processes of this binary (a worker reads one and exits here).
    ingest::worker::init();
    // No Rust panic trace reaches the user: a panic is recorded here, and reported as one
    // "internal error" line if nothing recovers from it (a parser's panic only skips its file).
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let place = info
            .location()
            .map(|l| errors::panic_place(l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{message}{place}");
        }
    }));
    let cli = Cli::parse();
    let result = std::panic::catch_unwind(|| {
        if std::env::var_os("DOSSIER_TEST_PANIC").is_some() {
            panic!("panic requested by DOSSIER_TEST_PANIC");
        }
        run(cli)
    });
    let result = match result {
        Ok(result) => result,
        Err(_) => {
            let last = LAST_PANIC.lock().map(|l| l.clone()).unwrap_or_default();
            eprintln!("dossier: {}", errors::panic_message(&last));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.is::<Interrupted>() => ExitCode::from(130),
        Err(err) => {
            eprintln!("dossier: {}", errors::message(&err));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<Outcome> {
    let g = &cli.global;
    let top = &cli.index;
    match &cli.command {
        Command::Index(args) => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(DEFAULT_CORPUS)]
            } else {
                args.paths.clone()
            };
            let options = index_options(args)?;
            let report = run_index(g, &index_dir(top, &args.index).dir, &paths, &options)?;
            if args.format != FormatArg::Text || !g.quiet {
                Printer::new(format(args.format), false).print(&report)?;
            }
            Ok(if report.interrupted {
                Outcome::Interrupted
            } else {
                Outcome::Found
            })
        }
        Command::Query(args) => {
            let engine = open_engine(g, index_dir(top, &args.index.dir))?;
            let options = search_options(args.query.join(" "), &args.options);
            let mut printer =
                Printer::new(format(args.format), use_color(g.color)).wrap_at(text_width());
            let (total, warnings) = if args.quotes {
                let response = engine.search_quotes(&options)?;
                printer.print(&response)?;
                (response.total_hits, response.warnings)
            } else {
                let response = engine.search(&options)?;
                printer.print(&response)?;
                (response.total_hits, response.warnings)
            };
            registry_note(g, &engine);
            if !g.quiet {
                for warning in warnings {
                    eprintln!("dossier: {warning}");
                }
            }
            Ok(Outcome::found(total > 0))
        }
        Command::Batch(args) => run_batch(g, top, args),
        Command::Quotes(args) => {
            let engine = open_engine(g, index_dir(top, &args.index.dir))?;
            let options = search_options(args.query.join(" "), &args.options);
            let response = dossier::provenance::quotes(&engine, &options)?;
            Printer::new(format(args.format), use_color(g.color))
                .wrap_at(text_width())
                .print(&response)?;
            registry_note(g, &engine);
            if !g.quiet {
                for warning in &response.warnings {
                    eprintln!("dossier: {warning}");
                }
            }
            Ok(Outcome::found(response.total_groups > 0))
        }
        Command::Speakers(args) => {
            let engine = open_engine(g, index_dir(top, &args.index.dir))?;
            let list = engine.speakers(&speakers_options(args), args.limit)?;
            Printer::new(format(args.format), use_color(g.color)).print(list.as_slice())?;
            registry_note(g, &engine);
            Ok(Outcome::found(!list.is_empty()))
        }
        Command::Extract(args) => {
            let extracted = Extracted::new(extract(g, &args.paths)?, args.with_body);
            Printer::new(format(args.format), use_color(g.color)).print(&extracted)?;
            Ok(Outcome::found(!extracted.articles.is_empty()))
        }
        Command::Forget(args) => {
            let dir = index_dir(top, &args.index).dir;
            if !index::exists(&dir) {
                anyhow::bail!("no index at {}", dir.display());
            }
            let forgotten = index::forget(&dir, &args.paths)?;
            if !g.quiet {
                for p in forgotten.paths.iter().filter(|p| p.articles == 0) {
                    eprintln!("dossier: nothing in the index at or under {}", p.path);
                }
            }
            Printer::new(format(args.format), use_color(g.color)).print(&forgotten)?;
            Ok(Outcome::found(forgotten.removed > 0))
        }
        Command::Serve(args) => {
            let index = open_index(g, index_dir(top, &args.index.dir))?;
            let options = serve::ServeOptions {
                addr: args.addr,
                open: args.open,
                quiet: g.quiet,
                allow_hosts: args.allow_host.clone(),
            };
            serve::run(index, &options)?;
            Ok(Outcome::Found)
        }
        Command::Stats(args) => {
            let choice = index_dir(top, &args.index.dir);
            if args.check {
                check_index(g, &choice.dir)?;
            }
            let engine = open_engine(g, choice)?;
            let s = engine.stats(args.top)?;
            Printer::new(format(args.format), use_color(g.color)).print(&s)?;
            registry_note(g, &engine);
            Ok(Outcome::Found)
        }
    }
}

/// Opens the index for searching. On first use with the default index, builds it from
/// `corpus/` (and says so on stderr).
/// `stats --check`: every file of the index against its checksum.
fn check_index(g: &Global, dir: &Path) -> Result<()> {
    if let Some(damage) = index::check::damage(dir) {
        anyhow::bail!("{damage}");
    }
    index::check::damaged_files(dir)
        .with_context(|| format!("cannot check the index at {}", dir.display()))?;
    if !g.quiet {
        eprintln!(
            "dossier: every file of {} passes its checksum",
            dir.display()
        );
    }
    Ok(())
}

fn open_engine(g: &Global, choice: IndexChoice) -> Result<Engine> {
    Ok(Engine::new(&open_index(g, choice)?))
}

/// Opens the index, building it first as [`open_engine`] does.
fn open_index(g: &Global, choice: IndexChoice) -> Result<index::Searchable> {
    let dir = choice.dir;
    if !choice.explicit && !index::exists(&dir) && Path::new(DEFAULT_CORPUS).is_dir() {
        if !g.quiet {
            eprintln!(
                "dossier: no index yet — indexing {DEFAULT_CORPUS}/ into {DEFAULT_INDEX}/ first"
            );
        }
        let report = run_index(
            g,
            &dir,
            &[PathBuf::from(DEFAULT_CORPUS)],
            &IndexOptions::default(),
        )?;
        if !g.quiet {
            eprintln!("dossier: {}", output::text::report_line(&report));
        }
        if report.interrupted {
            return Err(Interrupted.into());
        }
    }
    index::open(&dir)
}

/// Says on stderr, once, that the speaker registry had to be rebuilt or could not be read.
fn registry_note(g: &Global, engine: &Engine) {
    if let (Some(note), false) = (engine.registry_note(), g.quiet) {
        eprintln!("dossier: {note}");
    }
}

/// The user stopped the run (exit 130); what was to say has been said.
#[derive(Debug)]
struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}
impl std::error::Error for Interrupted {}

/// Parses files for `extract` (`-` is standard input), reporting skipped files and
/// problems on stderr. When nothing came out, every skipped file is said with its reason,
/// even those only `--verbose` lists otherwise.
fn extract(g: &Global, paths: &[PathBuf]) -> Result<Vec<Article>> {
    let observer = CliObserver {
        bar: None,
        quiet: g.quiet,
        verbose: g.verbose,
        held: Some(std::sync::Mutex::new(Vec::new())),
    };
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == "-");
    let mut articles = Vec::new();
    if !stdin.is_empty() {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read standard input")?;
        let parsed = ingest::read_bytes(&bytes, "stdin");
        for p in &parsed.problems {
            ingest::Observer::problem(&observer, &p.in_file(Path::new("stdin")));
        }
        if let Some((reason, detail)) = &parsed.skipped {
            ingest::Observer::skipped(
                &observer,
                &ingest::Skipped {
                    path: "stdin".into(),
                    reason: *reason,
                    detail: detail.clone(),
                },
            );
        }
        articles.extend(parsed.articles);
    }
    if !files.is_empty() {
        let files: Vec<PathBuf> = files.into_iter().cloned().collect();
        articles.extend(ingest::read_all(&files, &observer)?);
    }
    if articles.is_empty() && !g.quiet && !g.verbose {
        let held = observer.held.as_ref().and_then(|h| h.lock().ok());
        for s in held.iter().flat_map(|h| h.iter()) {
            if !progress::always_said(s.reason) {
                eprintln!("dossier: {}", progress::describe_skip(s));
            }
        }
    }
    Ok(articles)
}

/// `dossier batch`: answers in input order on stdout; exit 2 if any query failed, else 0
/// if any hit, else 1.
fn run_batch(g: &Global, top: &Option<PathBuf>, args: &BatchArgs) -> Result<Outcome> {
    let engine = open_engine(g, index_dir(top, &args.index.dir))?;
    let mut defaults = search_options(String::new(), &args.options);
    // tsv and trec print no snippets: none are built.
    if args.no_snippets || args.format != BatchFormatArg::Jsonl {
        defaults.snippets = None;
    }
    let input: Box<dyn std::io::BufRead> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
        )),
    };
    let format = match args.format {
        BatchFormatArg::Jsonl => BatchFormat::Jsonl,
        BatchFormatArg::Tsv => BatchFormat::Tsv,
        BatchFormatArg::Trec => BatchFormat::Trec,
    };
    let bar = progress::batch_bar(g);
    let mut out = BatchPrinter::new(format);
    let quiet = g.quiet;
    let summary = batch::run(
        &engine,
        input,
        &defaults,
        |item| {
            // tsv and trec have no room for errors and explanations: they go to stderr.
            if format != BatchFormat::Jsonl && !quiet {
                match item {
                    BatchItem::Failed { id, error, .. } => {
                        eprintln!("dossier: query {id}: {error}")
                    }
                    BatchItem::Answer { id, response } => {
                        if let Some(explain) = &response.explain {
                            eprintln!("dossier: query {id}: {explain}");
                        }
                    }
                }
            }
            out.item(item)
        },
        |done| {
            if let Some(bar) = &bar {
                bar.set_position(done);
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = summary?;
    out.flush()?;
    registry_note(g, &engine);
    if summary.failed > 0 {
        if !g.quiet {
            eprintln!(
                "dossier: {} of {} queries failed",
                summary.failed,
                summary.failed + summary.answered
            );
        }
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::found(summary.with_hits > 0))
}
