//! `dossier translate`: a dossier query in another engine's query language, or (`-`) one
//! query a line from standard input, one translation a line.

use std::io::{self, BufRead, Write};

use anyhow::Result;

use super::export::target;
use super::Outcome;
use crate::cli::TranslateArgs;
use crate::config::Config;
use dossier::export::{translate, TranslateOptions};

pub fn run(config: &Config, args: &TranslateArgs) -> Result<Outcome> {
    let options = TranslateOptions {
        limit: args.limit,
        any: args.any,
        all_copies: args.all_copies,
        speakers: args.filters.speaker.clone(),
        sources: args.filters.source.clone(),
        since: args.filters.since,
        until: args.filters.until,
        langs: args.filters.lang.clone(),
    };
    let engine = target(args.to);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.query != "-" {
        let t = translate(engine, &args.query, &options)?;
        for note in &t.notes {
            config.warn(note);
        }
        writeln!(out, "{}", t.query)?;
        out.flush()?;
        return Ok(Outcome::Found);
    }
    let mut failed = 0;
    let mut noted = false;
    for (n, line) in io::stdin().lock().lines().enumerate() {
        let line = line?;
        match translate(engine, &line, &options) {
            Ok(t) => {
                if !noted {
                    t.notes.iter().for_each(|note| config.warn(note));
                    noted = true;
                }
                writeln!(out, "{}", t.query)?;
            }
            Err(e) => {
                // One line out for each line in, so answers join back to their queries.
                failed += 1;
                writeln!(out)?;
                eprintln!("dossier: stdin:{}: {e:#}", n + 1);
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::Failed
    } else {
        Outcome::Found
    })
}
