//! `dossier group`: the grouping pass over `extract --signature --format jsonl` output of
//! many processes, written to standard output with story groups as one process gives them.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};

use anyhow::{Context, Result};

use super::Outcome;
use crate::cli::GroupArgs;
use crate::config::Config;
use dossier::stories;

pub fn run(config: &Config, args: &GroupArgs) -> Result<Outcome> {
    let mut pass = stories::regroup(args.keep_signature);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut bad = 0u64;
    for path in &args.paths {
        let (name, input): (String, Box<dyn BufRead>) = if path.as_os_str() == "-" {
            ("stdin".into(), Box::new(io::stdin().lock()))
        } else {
            let file =
                File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
            (path.display().to_string(), Box::new(BufReader::new(file)))
        };
        for (n, line) in input.lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {name}"))?;
            if line.trim().is_empty() {
                continue;
            }
            match pass.line(&line) {
                Ok(grouped) => writeln!(out, "{grouped}")?,
                Err(why) => {
                    bad += 1;
                    eprintln!("dossier: {name}:{}: {why}", n + 1);
                }
            }
        }
    }
    out.flush()?;
    let done = pass.summary();
    config.warn(format!(
        "{} articles in {} stories{}",
        done.articles,
        done.stories,
        if bad > 0 {
            format!(", {bad} lines skipped")
        } else {
            String::new()
        }
    ));
    Ok(if bad > 0 {
        Outcome::Failed
    } else {
        Outcome::found(done.articles > 0)
    })
}
