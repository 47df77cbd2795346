//! `dossier show ID…`: articles opened by id, whole, with their quotations and copies.

use anyhow::Result;

use super::{open_engine, Outcome, Reading};
use crate::cli::ShowArgs;
use crate::config::Config;
use dossier::output::Opened;

pub fn run(config: &Config, args: &ShowArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir), Reading::Once)?;
    let mut articles = Vec::with_capacity(args.ids.len());
    let mut missing = 0;
    for id in &args.ids {
        match engine.article(id, "")? {
            Some(found) => articles.push(found),
            None => {
                // Said even with --quiet: it is the answer for this id.
                eprintln!("dossier: no article with id {id:?} (ids are in `query` hits and `--format json`)");
                missing += 1;
            }
        }
    }
    if !articles.is_empty() {
        config.printer(args.format).print(&Opened { articles })?;
    }
    Ok(Outcome::found(missing == 0))
}
