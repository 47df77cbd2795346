//! `dossier quotes`: quotations matching a query, grouped, with where each first appeared.

use anyhow::Result;

use super::{open_engine, Outcome};
use crate::cli::QuotesArgs;
use crate::config::{search_options, Config};

pub fn run(config: &Config, args: &QuotesArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir))?;
    let options = search_options(args.query.join(" "), &args.options);
    let response = dossier::quotes::quotes(&engine, &options)?;
    config.printer(args.format).print(&response)?;
    config.registry_note(&engine);
    for warning in &response.warnings {
        config.warn(warning);
    }
    Ok(Outcome::found(response.total_groups > 0))
}
