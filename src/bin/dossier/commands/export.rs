//! `dossier export`: the index written out for another engine (see `dossier::export`).

use anyhow::Result;

use super::{open_index, Outcome, Reading};
use crate::cli::{EngineArg, ExportArgs};
use crate::config::Config;
use dossier::export::{self, ExportOptions, Target};

/// The library's engine for the command line's.
pub fn target(arg: EngineArg) -> Target {
    match arg {
        EngineArg::Elasticsearch => Target::Elasticsearch,
        EngineArg::Opensearch => Target::Opensearch,
        EngineArg::Quickwit => Target::Quickwit,
        EngineArg::Manticore => Target::Manticore,
    }
}

pub fn run(config: &Config, args: &ExportArgs) -> Result<Outcome> {
    let index = open_index(config, config.index_dir(&args.index), Reading::Repeated)?;
    let options = ExportOptions {
        target: target(args.to),
        dir: args.dir.clone(),
        max_file_bytes: args.file_mib << 20,
        shards: args.shards,
        replicas: args.replicas,
        port: args.port,
        langs: args.lang.clone(),
    };
    let done = export::export(&index, &options)?;
    config.warn(format!(
        "exported {} articles and {} quotations for {} into {} ({} files)",
        done.articles,
        done.quotes,
        done.engine,
        done.dir,
        done.files.len()
    ));
    config.warn(format!("next: {}", done.next));
    Ok(Outcome::found(done.articles > 0))
}
