//! `dossier forget`: remove folders or files from the index.

use anyhow::Result;

use super::Outcome;
use crate::cli::ForgetArgs;
use crate::config::Config;
use dossier::index;

pub fn run(config: &Config, args: &ForgetArgs) -> Result<Outcome> {
    let dir = config.index_dir(&args.index).dir;
    if !index::exists(&dir) {
        anyhow::bail!("no index at {}", dir.display());
    }
    let forgotten = index::forget(&dir, &args.paths)?;
    for p in forgotten.paths.iter().filter(|p| p.articles == 0) {
        config.warn(format!("nothing in the index at or under {}", p.path));
    }
    config.printer(args.format).print(&forgotten)?;
    Ok(Outcome::found(forgotten.removed > 0))
}
