//! `dossier stats`: what the index holds; with `--check`, every index file against its
//! checksum first.

use std::path::Path;

use anyhow::{Context, Result};

use super::{open_engine, Outcome, Reading};
use crate::cli::StatsArgs;
use crate::config::Config;
use dossier::index;

pub fn run(config: &Config, args: &StatsArgs) -> Result<Outcome> {
    let choice = config.index_dir(&args.index.dir);
    if args.check {
        check_index(config, &choice.dir)?;
    }
    let engine = open_engine(config, choice, Reading::Repeated)?;
    let stats = engine.stats(args.top, &args.lang)?;
    config.printer(args.format).print(&stats)?;
    config.registry_note(&engine);
    Ok(Outcome::Found)
}

/// `stats --check`: every file of the index against its checksum.
fn check_index(config: &Config, dir: &Path) -> Result<()> {
    if let Some(damage) = index::check::damage(dir) {
        anyhow::bail!("{damage}");
    }
    index::check::damaged_files(dir)
        .with_context(|| format!("cannot check the index at {}", dir.display()))?;
    config.warn(format!(
        "every file of {} passes its checksum",
        dir.display()
    ));
    Ok(())
}
