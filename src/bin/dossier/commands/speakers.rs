//! `dossier speakers`: the most quoted speakers, of every article or of those matching.

use anyhow::Result;

use super::{open_engine, Outcome, Reading};
use crate::cli::SpeakersArgs;
use crate::config::{speakers_options, Config};

pub fn run(config: &Config, args: &SpeakersArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir), Reading::Repeated)?;
    let list = engine.speakers(&speakers_options(args), args.limit)?;
    config.printer(args.format).print(list.as_slice())?;
    config.registry_note(&engine);
    Ok(Outcome::found(!list.is_empty()))
}
