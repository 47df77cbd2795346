//! `dossier completions SHELL` and `dossier man`: the shell completion script and the
//! manual page, both generated from the clap definition in `cli.rs` (clap_complete,
//! clap_mangen), so they list exactly the commands and options the binary takes.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};

pub fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    // Generated into memory first: clap_complete panics on a write error (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "dossier", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Found)
}

pub fn man() -> Result<Outcome> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(Outcome::Found)
}
