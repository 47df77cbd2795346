//! `dossier quotes`: quotations matching a query, grouped, with where each first appeared.

use anyhow::Result;

use super::{open_engine, Outcome, Reading};
use crate::cli::QuotesArgs;
use crate::config::{search_options, Config};

pub fn run(config: &Config, args: &QuotesArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir), Reading::Repeated)?;
    // No query: every quotation of the articles the filters keep.
    let query = match args.query.join(" ") {
        q if q.trim().is_empty() => dossier::search::EVERYTHING.to_string(),
        q => q,
    };
    let options = search_options(query, &args.options);
    let response = dossier::quotes::quotes(&engine, &options)?;
    config.printer(args.format).print(&response)?;
    config.registry_note(&engine);
    for warning in &response.warnings {
        config.warn(warning);
    }
    Ok(Outcome::found(response.total_groups > 0))
}
