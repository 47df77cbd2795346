//! `dossier index`: bring the index up to date with folders and files; with none given,
//! with every folder and file the index already holds (a new index: `corpus/`).

use std::path::PathBuf;

use anyhow::Result;

use super::Outcome;
use crate::cli::{FormatArg, IndexArgs};
use crate::config::{index_options, Config, DEFAULT_CORPUS};
use crate::progress::run_index;

pub fn run(config: &Config, args: &IndexArgs) -> Result<Outcome> {
    let dir = config.index_dir(&args.index).dir;
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else {
        let known = dossier::index::indexed_roots(&dir);
        if known.is_empty() {
            vec![PathBuf::from(DEFAULT_CORPUS)]
        } else {
            config.warn(format!(
                "refreshing every folder and file this index holds ({})",
                known.len()
            ));
            known
        }
    };
    let options = index_options(args)?;
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
