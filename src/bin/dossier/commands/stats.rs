//! `dossier stats`: what the index holds.

use anyhow::Result;

use super::{open_engine, Outcome};
use crate::cli::StatsArgs;
use crate::config::Config;

pub fn run(config: &Config, args: &StatsArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir))?;
    let stats = engine.stats(args.top)?;
    config.printer(args.format).print(&stats)?;
    config.registry_note(&engine);
    Ok(Outcome::Found)
}
