//! From command-line arguments to library options: the second stage of argument handling
//! (clap's structs in `cli.rs` are the first). Nothing here knows how to run a command.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{ColorWhen, FormatArg, Global, QueryOptions, SortArg};
use dossier::output::Format;
use dossier::search::{SearchOptions, Sort};
use dossier::snippet::SnippetOptions;

/// Default index folder, relative to the working directory.
pub const DEFAULT_INDEX: &str = "index";
/// Folder indexed on first use when the default index does not exist.
pub const DEFAULT_CORPUS: &str = "corpus";

pub fn format(f: FormatArg) -> Format {
    match f {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
    }
}

/// Colour on a terminal unless NO_COLOR is set or TERM is dumb.
pub fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

pub fn index_dir(g: &Global) -> PathBuf {
    g.index
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
}

/// Library search options from command-line query options.
pub fn search_options(query: String, o: &QueryOptions) -> SearchOptions {
    SearchOptions {
        query,
        any: o.any,
        speakers: o.speaker.clone(),
        sources: o.source.clone(),
        since: o.since,
        until: o.until,
        sort: match o.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
            SortArg::NewestFirst => Sort::DateDesc,
        },
        limit: o.limit,
        offset: o.offset,
        snippets: (o.fragments > 0).then_some(SnippetOptions {
            fragments: o.fragments,
            chars: o.snippet_chars as usize,
        }),
    }
}
