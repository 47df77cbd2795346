//! `dossier serve`: the search page and JSON API (see `crate::serve`).

use anyhow::Result;

use super::{open_index, Outcome, Reading};
use crate::cli::ServeArgs;
use crate::config::Config;

pub fn run(config: &Config, args: &ServeArgs) -> Result<Outcome> {
    let index = open_index(config, config.index_dir(&args.index.dir), Reading::Repeated)?;
    let options = crate::serve::ServeOptions {
        addr: args.addr,
        open: args.open,
        quiet: config.quiet,
        allow_hosts: args.allow_host.clone(),
    };
    crate::serve::run(index, &options)?;
    Ok(Outcome::Found)
}
