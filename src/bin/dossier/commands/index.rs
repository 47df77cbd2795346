//! `dossier index`: bring the index up to date with folders and files.

use std::path::PathBuf;

use anyhow::Result;

use super::Outcome;
use crate::cli::{FormatArg, IndexArgs};
use crate::config::{index_options, Config, DEFAULT_CORPUS};
use crate::progress::run_index;

pub fn run(config: &Config, args: &IndexArgs) -> Result<Outcome> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.paths.clone()
    };
    let options = index_options(args)?;
    let dir = config.index_dir(&args.index).dir;
    let report = run_index(config, &dir, &paths, &options)?;
    if args.format != FormatArg::Text || !config.quiet {
        config.printer(args.format).print(&report)?;
    }
    Ok(if report.interrupted {
        Outcome::Interrupted
    } else {
        Outcome::Found
    })
}
