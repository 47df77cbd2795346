//! The commands, one a file: each turns its arguments into library calls and prints what
//! comes back through the printer the configuration chose. This file dispatches and holds
//! what several commands share: how a command ended, and opening (or first building) the
//! index.

mod batch;
mod completions;
mod export;
mod extract;
mod forget;
mod group;
mod index;
mod query;
mod quotes;
mod serve;
mod show;
mod speakers;
mod stats;
mod translate;

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::{Config, IndexChoice, DEFAULT_CORPUS, DEFAULT_INDEX};
use crate::progress::run_index;
use dossier::index::{IndexOptions, Reading};
use dossier::output;
use dossier::search::Engine;

/// How a successful command ended.
pub enum Outcome {
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

/// Runs the command `cli` names.
pub fn run(cli: Cli) -> Result<Outcome> {
    let config = Config::new(&cli);
    match &cli.command {
        Command::Index(args) => index::run(&config, args),
        Command::Query(args) => query::run(&config, args),
        Command::Batch(args) => batch::run(&config, args),
        Command::Quotes(args) => quotes::run(&config, args),
        Command::Speakers(args) => speakers::run(&config, args),
        Command::Extract(args) => extract::run(&config, args),
        Command::Forget(args) => forget::run(&config, args),
        Command::Group(args) => group::run(&config, args),
        Command::Export(args) => export::run(&config, args),
        Command::Translate(args) => translate::run(&config, args),
        Command::Serve(args) => serve::run(&config, args),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
        Command::Show(args) => show::run(&config, args),
        Command::Stats(args) => stats::run(&config, args),
    }
}

/// Opens the index for searching, to be read as `reading` says. On first use with the
/// default index, builds it from `corpus/` (and says so on stderr).
fn open_engine(config: &Config, choice: IndexChoice, reading: Reading) -> Result<Engine> {
    Ok(Engine::new(&open_index(config, choice, reading)?))
}

/// Opens the index, building it first as [`open_engine`] does.
fn open_index(
    config: &Config,
    choice: IndexChoice,
    reading: Reading,
) -> Result<dossier::index::Searchable> {
    let dir = choice.dir;
    if !choice.explicit && !dossier::index::exists(&dir) && Path::new(DEFAULT_CORPUS).is_dir() {
        config.warn(format!(
            "no index yet — indexing {DEFAULT_CORPUS}/ into {DEFAULT_INDEX}/ first"
        ));
        let corpus = [PathBuf::from(DEFAULT_CORPUS)];
        let report = run_index(config, &dir, &corpus, &IndexOptions::default())?;
        config.warn(output::report_line(&report));
        if report.interrupted {
            return Err(Interrupted.into());
        }
    }
    dossier::index::open_for(&dir, reading)
}

/// The user stopped the run (exit 130); what was to say has been said.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}
impl std::error::Error for Interrupted {}
