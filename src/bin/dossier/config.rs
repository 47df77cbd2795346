//! From command-line arguments to what the commands use: the second stage of argument
//! handling (clap's structs in `cli.rs` are the first), as fd goes from `cli.rs` to a
//! `Config` and ripgrep from `LowArgs` to `HiArgs`. [`Config`] is built once from the global
//! flags and the environment (colour, terminal width, quiet, verbose, the index folder); the
//! functions below turn one command's arguments into library options. Nothing here knows
//! how to run a command.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};

use crate::cli::{Cli, ColorWhen, FormatArg, IndexArgs, QueryOptions, SortArg, SpeakersArgs};
use dossier::index::{self, IndexOptions};
use dossier::output::{Format, Printer};
use dossier::search::{Engine, SearchOptions, Sort};
use dossier::snippet::SnippetOptions;

/// What every command needs to know from the global flags and the environment.
pub struct Config {
    /// Print only results and errors.
    pub quiet: bool,
    /// Also list skipped files and other details.
    pub verbose: bool,
    /// Colour the text output.
    color: bool,
    /// Wrap long passages of text output at this width (stdout is a terminal).
    width: Option<usize>,
    /// `--index` given before the command (or by DOSSIER_INDEX).
    index: Option<PathBuf>,
}

impl Config {
    /// The configuration of this run, from its arguments and the environment.
    pub fn new(cli: &Cli) -> Self {
        Config {
            quiet: cli.global.quiet,
            verbose: cli.global.verbose,
            color: use_color(cli.global.color),
            width: text_width(),
            index: cli.index.clone(),
        }
    }

    /// The printer for `--format`, with this run's colour and width.
    pub fn printer(&self, format: FormatArg) -> Printer {
        Printer::new(library_format(format), self.color).wrap_at(self.width)
    }

    /// The index folder of a command given `--index` after it as `after`.
    pub fn index_dir(&self, after: &Option<PathBuf>) -> IndexChoice {
        index_dir(&self.index, after)
    }

    /// Says `message` on stderr unless quiet.
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("dossier: {message}");
        }
    }

    /// Says on stderr, once, that the speaker registry had to be rebuilt or could not be
    /// read.
    pub fn registry_note(&self, engine: &Engine) {
        if let Some(note) = engine.registry_note() {
            self.warn(note);
        }
    }
}

/// Default index folder, relative to the working directory.
pub const DEFAULT_INDEX: &str = "index";
/// Folder indexed on first use when the default index does not exist.
pub const DEFAULT_CORPUS: &str = "corpus";

/// The library's output format for a `--format` value.
fn library_format(f: FormatArg) -> Format {
    match f {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
    }
}

/// Colour on a terminal unless NO_COLOR is set or TERM is dumb; `always` and `never` are
/// obeyed whatever the environment says.
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// The index folder a command reads or writes: the command's `--index`, else the one
/// given before the command, else `index/`.
pub struct IndexChoice {
    pub dir: PathBuf,
    /// Named by the user (not the default): never built from `corpus/` on first use.
    pub explicit: bool,
}

fn index_dir(before: &Option<PathBuf>, after: &Option<PathBuf>) -> IndexChoice {
    let choice = choose_index_dir(before, after);
    // Errors name it, and a damaged index is checked when a read fails.
    crate::errors::remember_index(&choice.dir);
    choice
}

fn choose_index_dir(before: &Option<PathBuf>, after: &Option<PathBuf>) -> IndexChoice {
    match after.as_ref().or(before.as_ref()) {
        Some(dir) => IndexChoice {
            dir: dir.clone(),
            explicit: true,
        },
        None => IndexChoice {
            dir: PathBuf::from(DEFAULT_INDEX),
            explicit: false,
        },
    }
}

/// Library indexing options from `index`'s arguments. The writer needs
/// [`index::MIN_THREAD_MEMORY`] a thread, so `--threads` and `--memory` are checked together.
pub fn index_options(args: &IndexArgs) -> Result<IndexOptions> {
    let memory_bytes = args.memory as usize * (1 << 20);
    if let Some(threads) = args.threads {
        let threads = usize::from(threads);
        if memory_bytes / threads < index::MIN_THREAD_MEMORY {
            let need = (threads * index::MIN_THREAD_MEMORY).div_ceil(1 << 20);
            bail!(
                "--threads {threads} needs --memory of at least {need} (MB; {} MB a thread), but --memory is {}",
                index::MIN_THREAD_MEMORY / 1_000_000,
                args.memory
            );
        }
    }
    Ok(IndexOptions {
        rebuild: args.rebuild,
        threads: args.threads.map(usize::from),
        memory_bytes,
        commit_every: Duration::from_secs(args.commit_every.into()),
        commit_docs: args.commit_docs,
        links: if args.follow {
            dossier::ingest::Links::All
        } else {
            dossier::ingest::Links::Inside
        },
    })
}

/// Library search options from command-line query options.
pub fn search_options(query: String, o: &QueryOptions) -> SearchOptions {
    SearchOptions {
        query,
        any: o.any,
        speakers: o.filters.speaker.clone(),
        sources: o.filters.source.clone(),
        langs: o.filters.lang.clone(),
        since: o.filters.since,
        until: o.filters.until,
        sort: match o.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
            SortArg::NewestFirst => Sort::DateDesc,
        },
        explain: o.explain,
        expand: o.expand,
        limit: o.limit,
        offset: o.offset,
        snippets: (o.fragments > 0).then_some(SnippetOptions {
            fragments: o.fragments,
            chars: o.snippet_chars as usize,
        }),
        all_copies: o.all_copies,
        fuzzy: o.fuzzy,
        suggest: true,
    }
}

/// Library options for `speakers`: its query and filters.
pub fn speakers_options(args: &SpeakersArgs) -> SearchOptions {
    SearchOptions {
        query: args.query.join(" "),
        any: args.any,
        speakers: args.filters.speaker.clone(),
        sources: args.filters.source.clone(),
        langs: args.filters.lang.clone(),
        since: args.filters.since,
        until: args.filters.until,
        ..SearchOptions::default()
    }
}

/// The terminal's width when stdout is a terminal (text output wraps there), else `None`.
fn text_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w))
}
