//! `dossier query`: ranked articles (or, with `--quotes`, quotations) for a query.

use anyhow::Result;

use super::{open_engine, Outcome, Reading};
use crate::cli::QueryArgs;
use crate::config::{search_options, Config};

pub fn run(config: &Config, args: &QueryArgs) -> Result<Outcome> {
    let engine = open_engine(config, config.index_dir(&args.index.dir), Reading::Once)?;
    let options = search_options(args.query.join(" "), &args.options);
    let mut printer = config.printer(args.format);
    let (total, warnings) = if args.quotes {
        let response = engine.search_quotes(&options)?;
        printer.print(&response)?;
        (response.total_hits, response.warnings)
    } else {
        let response = engine.search(&options)?;
        printer.print(&response)?;
        (response.total_hits, response.warnings)
    };
    config.registry_note(&engine);
    for warning in warnings {
        config.warn(warning);
    }
    // The process ends here: its exit unmaps the index's six files at once, where dropping
    // the engine would unmap them one by one (a one-shot query spent ~4% of its time there).
    std::mem::forget(engine);
    Ok(Outcome::found(total > 0))
}
