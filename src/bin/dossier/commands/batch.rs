//! `dossier batch`: many queries, one a line, answered in input order for scripts.

use anyhow::{Context, Result};

use super::{open_engine, Outcome, Reading};
use crate::cli::{BatchArgs, BatchFormatArg};
use crate::config::{search_options, Config};
use crate::progress;
use dossier::batch::{self, BatchItem};
use dossier::output::{BatchFormat, BatchPrinter};

/// `dossier batch`: answers in input order on stdout; exit 2 if any query failed, else 0
/// if any hit, else 1.
pub fn run(config: &Config, args: &BatchArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir), Reading::Repeated)?;
    let mut defaults = search_options(String::new(), &args.options);
    defaults.suggest = args.suggest;
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
    let bar = progress::batch_bar(config);
    let mut out = BatchPrinter::new(format);
    let quiet = config.quiet;
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
    config.registry_note(&engine);
    if summary.failed > 0 {
        config.warn(format!(
            "{} of {} queries failed",
            summary.failed,
            summary.failed + summary.answered
        ));
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::found(summary.with_hits > 0))
}
