//! `dossier extract`: the articles, metadata and quotations dossier reads from files or
//! standard input, without indexing them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Outcome;
use crate::cli::ExtractArgs;
use crate::config::Config;
use crate::progress::{self, CliObserver};
use dossier::article::Article;
use dossier::ingest;
use dossier::output::Extracted;
use dossier::stories::{days, Signature, Stories};

pub fn run(config: &Config, args: &ExtractArgs) -> Result<Outcome> {
    let articles = read(config, &args.paths)?;
    let mut stories = Stories::new();
    let mut signatures = Vec::new();
    let mut groups = Vec::with_capacity(articles.len());
    for a in &articles {
        let signature = Signature::of(&a.title, &a.body);
        groups.push(stories.assign_signature(&a.id, &signature, a.date.map(days)));
        if args.signature {
            signatures.push(signature.to_string());
        }
    }
    let extracted = Extracted {
        articles,
        stories: groups,
        signatures,
        with_body: args.with_body,
    };
    config.printer(args.format).print(&extracted)?;
    Ok(Outcome::found(!extracted.articles.is_empty()))
}

/// Parses files for `extract` (`-` is standard input), reporting skipped files and
/// problems on stderr. When nothing came out, every skipped file is said with its reason,
/// even those only `--verbose` lists otherwise.
fn read(config: &Config, paths: &[PathBuf]) -> Result<Vec<Article>> {
    let observer = CliObserver {
        bar: None,
        quiet: config.quiet,
        verbose: config.verbose,
        held: Some(std::sync::Mutex::new(Vec::new())),
    };
    let (stdin, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| p.as_os_str() == "-");
    let mut articles = Vec::new();
    if !stdin.is_empty() {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read standard input")?;
        let parsed = ingest::read_bytes(&bytes, "stdin");
        for p in &parsed.problems {
            ingest::Observer::problem(&observer, &p.in_file(Path::new("stdin")));
        }
        if let Some((reason, detail)) = &parsed.skipped {
            ingest::Observer::skipped(
                &observer,
                &ingest::Skipped {
                    path: "stdin".into(),
                    reason: *reason,
                    detail: detail.clone(),
                },
            );
        }
        articles.extend(parsed.articles);
    }
    if !files.is_empty() {
        let files: Vec<PathBuf> = files.into_iter().cloned().collect();
        articles.extend(ingest::read_all(&files, &observer)?);
    }
    if articles.is_empty() && !config.quiet && !config.verbose {
        let held = observer.held.as_ref().and_then(|h| h.lock().ok());
        for s in held.iter().flat_map(|h| h.iter()) {
            if !progress::always_said(s.reason) {
                eprintln!("dossier: {}", progress::describe_skip(s));
            }
        }
    }
    Ok(articles)
}
