//! Command-line definition (clap derive). Only argument shapes and help live here; `main.rs`
//! turns them into library options.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use dossier::period;

/// Full-text search for news articles that knows who said what.
///
/// Index a folder of articles — plain text (.txt), Markdown (.md, .markdown), JSON (.json),
/// JSON lines (.jsonl, .ndjson), HTML (.html, .htm), PDF (.pdf), Word (.docx) and WARC web
/// archives (.warc), each also compressed as .gz or .zst — then search it with ranked,
/// highlighted results, filter by speaker, source and date, open an article whole, or answer
/// thousands of queries from a script.
#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    after_help = "Examples:\n  dossier index corpus\n  dossier query sovereignty\n  dossier query '\"drug cartels\"' --speaker trump --since 2025-01-01\n  dossier stats"
)]
pub struct Cli {
    /// Index folder [default: index] (also accepted after the command that uses it)
    #[arg(long, env = "DOSSIER_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// When to colour output (an explicit `always` or `never` beats NO_COLOR)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print only results and errors (no progress, summaries or warnings)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also list skipped files and other details on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

// `--index` of the commands that read an index.
#[derive(Debug, Args, Clone)]
pub struct SearchIndex {
    /// Index folder [default: index]
    ///
    /// Without this option (and without DOSSIER_INDEX), a missing `index/` is built from
    /// `corpus/` on first use.
    #[arg(long = "index", env = "DOSSIER_INDEX", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// For people
    Text,
    /// One JSON document
    Json,
    /// One JSON value a line
    Jsonl,
}

/// Hit order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first
    Relevance,
    /// Oldest first
    Date,
    /// Newest first
    #[value(name = "-date")]
    NewestFirst,
}

/// Each command's options are built when it runs (or for help, completions and the manual),
/// not all of them for every run: a one-shot `query` built the other commands' ~200 options
/// (175 KB of clap's structures) only to drop them. So the option structs below have plain
/// comments, not doc comments: built late, a struct's doc comment would replace the
/// command's description here.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Index folders and files of articles (incremental)
    #[command(
        after_help = "Examples:\n  dossier index                 # indexes ./corpus into ./index\n  dossier index ~/news ~/more/a.jsonl\n  dossier index --rebuild corpus\n  dossier --index /tmp/idx index corpus"
    )]
    Index(IndexArgs),
    /// Search the index: ranked articles with highlighted snippets
    #[command(
        after_help = "Examples:\n  dossier query sovereignty\n  dossier query 'cartels AND troops' --since 2025-05-01 --sort -date\n  dossier query sovereignty --speaker sheinbaum --quotes\n  dossier query 'title:mexico' --format json"
    )]
    Query(QueryArgs),
    /// Answer many queries (one a line) for scripts, in input order
    #[command(
        after_help = "Input lines: a query; ID<TAB>query; or JSON {\"id\",\"query\",\"speaker\",\"source\",\"lang\",\"since\",\"until\",\"limit\",\"offset\",\"any\",\"sort\",\"explain\",\"expand\",\"all_copies\",\"fuzzy\",\"suggest\"}.\nBlank lines and lines starting with # are skipped. Command-line options are defaults that JSON lines override.\n\nExamples:\n  dossier batch queries.txt > answers.jsonl\n  printf 'q1\\tsovereignty\\n' | dossier batch --format tsv\n  dossier batch topics.tsv --format trec --any -n 1000 > run.txt"
    )]
    Batch(BatchArgs),
    /// Open articles of the index by id: metadata, the body with each quotation marked by
    /// its speaker, the quotations, and the other copies of the story
    #[command(
        after_help = "An id is what hits print after `id` (or the path, for a file of one article), and\nthe \"id\" of --format json. A missing id is said on stderr and the exit code is 1.\n\nExamples:\n  dossier show corpus/003_be1b363fc0f9907e.txt\n  dossier show reuters-123 reuters-456 --format json"
    )]
    Show(ShowArgs),
    /// Print articles as dossier parses them (no index needed)
    #[command(
        after_help = "Examples:\n  dossier extract corpus/003_be1b363fc0f9907e.txt\n  dossier extract corpus --format jsonl > articles.jsonl"
    )]
    Extract(ExtractArgs),
    /// Assign story groups across `extract` outputs of many processes, as one process would
    #[command(
        after_help = "Reads JSONL lines that `dossier extract --signature --format jsonl` printed (from many\nprocesses or partitions, in the order given) and writes them to standard output with\ntheir `story` assigned exactly as one `dossier extract` over all the input in that order\nwould assign it; everything else on a line is copied as it came.\n\nExamples:\n  dossier extract part1.jsonl --signature --format jsonl > a.jsonl\n  dossier extract part2.jsonl --signature --format jsonl > b.jsonl\n  dossier group a.jsonl b.jsonl > articles.jsonl"
    )]
    Group(GroupArgs),
    /// Write the index out for Elasticsearch, OpenSearch, Quickwit or a Manticore/Sphinx cluster
    #[command(
        after_help = "Streams the index (bounded memory), speakers under their canonical names:\n  elasticsearch, opensearch  articles.json (settings and mappings) and bulk-NNNNN.ndjson (_bulk)\n  quickwit                   articles.yaml (index config) and articles-NNNNN.ndjson (ingest)\n  manticore                  conf/ (a config a node), data/ (xmlpipe2), start.sh, stop.sh\n\nExamples:\n  dossier export --to elasticsearch es/\n  dossier export --to manticore --shards 2 --replicas 2 cluster/ && cluster/start.sh"
    )]
    Export(ExportArgs),
    /// Print a dossier query in another engine's query language
    #[command(
        after_help = "Elasticsearch and OpenSearch: a search body (JSON); Quickwit: a search request (JSON);\nmanticore: a SphinxQL SELECT on `articles` (the export's), first column dossier's id.\nOne hit per story unless --all-copies. QUERY `-` reads one query a line from standard input\nand writes one translation a line.\n\nExamples:\n  dossier translate --to elasticsearch '\"oil prices\" AND NOT opec' --since 1987-03\n  dossier translate --to manticore -n 10 - < queries.txt"
    )]
    Translate(TranslateArgs),
    /// Take the articles of indexed files or folders out of the index (gone from disk or not)
    #[command(
        after_help = "Examples:\n  dossier forget ~/news/2019          # a folder, or any folder or file below a root\n  dossier forget wire.jsonl\n\nRunning `dossier index PATH` on an indexed root that no longer exists forgets it too."
    )]
    Forget(ForgetArgs),
    /// Index statistics: documents, dates, top sources and speakers, size
    #[command(
        after_help = "Examples:\n  dossier stats\n  dossier stats --format json --top 50\n  dossier stats --lang es"
    )]
    Stats(StatsArgs),
    /// Speakers with how many quotations and articles, of all articles or of those matching a query
    #[command(
        after_help = "Examples:\n  dossier speakers\n  dossier speakers sovereignty\n  dossier speakers --format json -n 0"
    )]
    Speakers(SpeakersArgs),
    /// Where a quotation first appeared: matching quotations grouped across articles
    #[command(
        after_help = "The same quotation is grouped across articles: the same words once case, punctuation and\nwhitespace are folded, a trimmed quotation inside a longer one, or the fragments of a\nquotation cut by an ellipsis each inside the other. Each group gives the speaker, the first\narticle (earliest date; undated last) and how many articles and sources repeated it.\nGroups come best match first; with --sort date, earliest first appearance first.\n\nExamples:\n  dossier quotes sovereignty\n  dossier quotes '\"not for sale\"' --speaker sheinbaum --format json\n  dossier quotes --speaker sheinbaum --sort date   # every quotation of hers"
    )]
    Quotes(QuotesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  dossier completions bash > ~/.local/share/bash-completion/completions/dossier\n  dossier completions zsh > ~/.zfunc/_dossier\n  dossier completions fish > ~/.config/fish/completions/dossier.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for man
    #[command(
        after_help = "Examples:\n  dossier man > ~/.local/share/man/man1/dossier.1\n  dossier man | man -l -"
    )]
    Man,
    /// Serve a search page and a JSON API over the index (on loopback: http://127.0.0.1:7878/)
    #[command(
        after_help = "Examples:\n  dossier serve                       # then open http://127.0.0.1:7878/\n  dossier serve --addr 127.0.0.1:0    # any free port (the URL is printed on stdout)\n  dossier serve --index /data/idx --open\n\nThe API: GET /api/search?q=..., POST /api/batch, GET /api/article/ID, /api/speakers, /api/stats, /api/facets (see the README)."
    )]
    Serve(ServeArgs),
}

// `dossier index`
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders (walked recursively) and files to index [default: corpus]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Index folder to create or update [default: index]
    #[arg(long = "index", env = "DOSSIER_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Drop everything in the index first
    #[arg(long)]
    pub rebuild: bool,
    /// Follow symbolic links that lead out of the indexed folders too
    ///
    /// By default a link is followed only when it leads to a file or folder inside the folder
    /// being indexed; the others are skipped and counted (so that a link to /etc/passwd
    /// planted in a shared folder is not indexed and served). Loops are detected either way.
    #[arg(short = 'L', long)]
    pub follow: bool,
    /// Indexing threads [default: 1 for inputs under 48 MB (one segment: faster queries), else one a core, at most 4]; each needs 15 MB of --memory
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// Writer memory budget in MB
    #[arg(long, value_name = "MB", default_value_t = 200, value_parser = clap::value_parser!(u32).range(20..=8192))]
    pub memory: u32,
    /// Commit at least every SECS seconds, so that an interrupted run loses at most that much
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub commit_every: u32,
    /// Commit at least every N articles, too
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_docs: u64,
    /// Summary format (json prints the whole report, with every skipped file)
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

// Options shared by `query` and `batch`.
#[derive(Debug, Args, Clone)]
pub struct QueryOptions {
    /// Match any term (OR) instead of all (AND)
    #[arg(long)]
    pub any: bool,
    #[command(flatten)]
    pub filters: Filters,
    /// Order of hits
    #[arg(long, value_enum, default_value_t = SortArg::Relevance, allow_hyphen_values = true)]
    pub sort: SortArg,
    /// Say how the query was read: words, phrases, fields, exclusions, stop words left out
    #[arg(long)]
    pub explain: bool,
    /// Re-rank with words of the best matches (pseudo-relevance feedback, RM3): better
    /// recall for long topic-like queries, slower; with --any the added words also match
    #[arg(long)]
    pub expand: bool,
    /// Every copy of a story as its own hit (by default copies of one story — the same
    /// article in several outlets or exports — are one hit, with the others listed)
    #[arg(long)]
    pub all_copies: bool,
    /// Tolerate typos: a word of 4 to 7 letters also matches the index's words one edit
    /// away, a longer word two (a swap of two letters is one edit); phrases stay exact
    #[arg(long)]
    pub fuzzy: bool,
    /// Hits to return
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Passages per hit
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub fragments: usize,
    /// Length of each passage, in characters
    #[arg(long, value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u32).range(20..=10000))]
    pub snippet_chars: u32,
}

// Filters by speaker, source and date, shared by `query`, `batch`, `quotes` and `speakers`.
#[derive(Debug, Args, Clone)]
pub struct Filters {
    /// Only articles quoting this person, under any of their names (repeatable: any of them)
    ///
    /// NAME is any name the index gives the person (`trump`, `Donald J. Trump`: see `dossier
    /// speakers`); a name that is none of them matches the persons with a name holding its
    /// words (`claudia`).
    #[arg(long, value_name = "NAME", value_parser = NonEmptyStringValueParser::new())]
    pub speaker: Vec<String>,
    /// Only articles from this source (repeatable: any of them)
    #[arg(long, value_name = "NAME", value_parser = NonEmptyStringValueParser::new())]
    pub source: Vec<String>,
    /// Only articles in this language: an ISO 639-1 code such as es or en, or und for those whose language is not known (repeatable: any of them)
    #[arg(long, value_name = "CODE", value_parser = NonEmptyStringValueParser::new())]
    pub lang: Vec<String>,
    /// Only articles dated on or after DATE: YYYY-MM-DD, or YYYY-MM / YYYY for the start of that month or year
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<NaiveDate>,
    /// Only articles dated on or before DATE: YYYY-MM-DD, or YYYY-MM / YYYY for the end of that month or year
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<NaiveDate>,
}

// `dossier query`
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// The query: words; "phrases"; AND, OR, NOT in capitals; +word, -word; title:, speaker:, source:, author:, date:; prefix*; ^boost; "a b"~N; `*` alone: every article (with --speaker etc., articles by filter alone)
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub options: QueryOptions,
    /// Each hit is a quotation (speaker, words, article) instead of an article
    #[arg(long)]
    pub quotes: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

// `dossier quotes`
#[derive(Debug, Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// The query (as for `query`): quotations holding one of its words [default: `*`, every
    /// quotation of the articles the filters keep, e.g. `dossier quotes --speaker blair`]
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub options: QueryOptions,
    /// Output format (jsonl: one group a line)
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

// `dossier speakers`
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// Count only articles matching this query (default: all articles)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Match any term of the query (OR) instead of all
    #[arg(long)]
    pub any: bool,
    #[command(flatten)]
    pub filters: Filters,
    /// How many speakers to list (0: all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Batch output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormatArg {
    /// One JSON response per query (with "id")
    Jsonl,
    /// id, rank, score, doc id, date, title: one line per hit
    Tsv,
    /// TREC run lines: qid Q0 docid rank score dossier
    Trec,
}

// `dossier batch`
#[derive(Debug, Args)]
pub struct BatchArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// File of queries, one a line; - or nothing for standard input
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub options: QueryOptions,
    /// Output format
    #[arg(long, value_enum, default_value_t = BatchFormatArg::Jsonl)]
    pub format: BatchFormatArg,
    /// Leave snippets out (faster)
    #[arg(long)]
    pub no_snippets: bool,
    /// Suggest a spelling for each query with no hit (JSON `suggestion`; costs about 0.1 ms
    /// a query that finds nothing, so batch leaves it out unless asked)
    #[arg(long)]
    pub suggest: bool,
}

// `dossier show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// Ids of the articles to open
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Output format (json: a list of articles; jsonl: one a line)
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

// `dossier completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

// `dossier extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files and folders to parse
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Include the body text
    #[arg(long)]
    pub with_body: bool,
    /// Include each article's story signature, for `dossier group` (JSON and JSONL)
    #[arg(long)]
    pub signature: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

// `dossier group`
#[derive(Debug, Args)]
pub struct GroupArgs {
    /// JSONL files of `extract --signature --format jsonl`, read in this order (`-`: standard input)
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<PathBuf>,
    /// Keep each line's `signature` (to group again later)
    #[arg(long)]
    pub keep_signature: bool,
}

// `dossier forget`
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// Indexed files and folders whose articles leave the index
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Index folder [default: index]
    #[arg(long = "index", env = "DOSSIER_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

// `dossier stats`
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// How many sources and speakers to list
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Check every file of the index against its checksum first (reads the whole index);
    /// a damaged file is named, with the command that fixes it (exit 2)
    #[arg(long)]
    pub check: bool,
    /// Statistics of the articles in this language only: an ISO 639-1 code such as es or
    /// en, or und (repeatable: any of them); size and segments stay the whole index's
    #[arg(long, value_name = "CODE", value_parser = NonEmptyStringValueParser::new())]
    pub lang: Vec<String>,
}

// `dossier serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: SearchIndex,
    /// Address and port to listen on (an IP or a host name, e.g. localhost:8080); anything but a loopback address lets other machines in (and is announced)
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878", value_parser = parse_addr)]
    pub addr: std::net::SocketAddr,
    /// Open the page in the default browser
    #[arg(long)]
    pub open: bool,
    /// Also answer requests addressed to this host name (repeatable)
    ///
    /// The server answers only requests whose Host is an IP address or localhost, so that a
    /// web page cannot reach it through a name of its own (DNS rebinding). Give the names
    /// other machines use to reach it here, e.g. --allow-host search.newsroom.internal.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

/// The commands whose free words are a query: a word there that starts with `-` and is
/// not one of the command's options is a query word (`dossier query oil -gas`), not an error.
const QUERY_COMMANDS: &[&str] = &["query", "quotes", "speakers"];

impl Cli {
    /// Parses the process's arguments as [`Cli::parse`] does, except that an unknown
    /// `-word` after a query command is read as a query word: it is moved behind `--` (the
    /// order of a query's words does not change its meaning; a phrase is one argument).
    pub fn parse_args() -> Cli {
        let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
        // Each retry moves one word; a query has few of them.
        for _ in 0..64 {
            match Cli::try_parse_from(&args) {
                Ok(cli) => return cli,
                Err(err) => match query_word_taken_for_an_option(&args, &err) {
                    Some(at) => {
                        let word = args.remove(at);
                        if !args.iter().any(|a| a == "--") {
                            args.push("--".into());
                        }
                        args.push(word);
                    }
                    None => err.exit(),
                },
            }
        }
        Cli::parse_from(args)
    }
}

/// Where in `args` the query word is that clap took for an unknown option, if the error is
/// that and the command takes a query.
fn query_word_taken_for_an_option(args: &[std::ffi::OsString], err: &clap::Error) -> Option<usize> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(unknown)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    let command = args
        .iter()
        .position(|a| QUERY_COMMANDS.iter().any(|c| a == c))?;
    let end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    (command + 1..end).find(|&i| {
        let arg = args[i].to_string_lossy();
        // `-gas` (reported as `-g`) or `-"oil price"`; never `--long` options.
        arg.starts_with(unknown.as_str())
            && !arg.starts_with("--")
            && arg
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_alphanumeric() || c == '"')
    })
}

/// Parses `--addr`: an IP address or a host name with a port, resolved to its first address
/// (`localhost:8080` is 127.0.0.1:8080 where localhost resolves so).
fn parse_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(addr) = s.parse() {
        return Ok(addr);
    }
    s.to_socket_addrs()
        .map_err(|e| format!("expected HOST:PORT, e.g. 127.0.0.1:7878 or localhost:7878 ({e})"))?
        .next()
        .ok_or_else(|| format!("{s} names no address"))
}

/// Parses a `--since` value: the first day of the period it names.
fn parse_since(s: &str) -> Result<NaiveDate, String> {
    period::limit(s, period::Edge::Since)
}

/// Parses an `--until` value: the last day of the period it names.
fn parse_until(s: &str) -> Result<NaiveDate, String> {
    period::limit(s, period::Edge::Until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_help_names_every_format_read() {
        let help = Cli::command().render_long_help().to_string();
        for ext in dossier::ingest::extensions().chain(["gz", "zst"]) {
            assert!(help.contains(&format!(".{ext}")), "--help lacks .{ext}");
        }
    }

    #[test]
    fn sort_accepts_minus_date() {
        let cli = Cli::try_parse_from(["dossier", "query", "x", "--sort", "-date"]).unwrap();
        match cli.command {
            Command::Query(q) => assert_eq!(q.options.sort, SortArg::NewestFirst),
            _ => panic!("not a query"),
        }
    }

    #[test]
    fn a_minus_word_after_the_query_is_a_query_word() {
        let args: Vec<std::ffi::OsString> = ["dossier", "query", "oil", "-gas", "-n", "3"]
            .iter()
            .map(Into::into)
            .collect();
        let err = Cli::try_parse_from(&args).unwrap_err();
        assert_eq!(query_word_taken_for_an_option(&args, &err), Some(3));
        // An unknown --option stays an error.
        let args: Vec<std::ffi::OsString> = ["dossier", "query", "oil", "--gas"]
            .iter()
            .map(Into::into)
            .collect();
        let err = Cli::try_parse_from(&args).unwrap_err();
        assert_eq!(query_word_taken_for_an_option(&args, &err), None);
    }

    #[test]
    fn addr_takes_host_names() {
        let cli = Cli::try_parse_from(["dossier", "serve", "--addr", "localhost:8080"]).unwrap();
        match cli.command {
            Command::Serve(s) => {
                assert!(s.addr.ip().is_loopback(), "{}", s.addr);
                assert_eq!(s.addr.port(), 8080);
            }
            _ => panic!("not serve"),
        }
        assert!(Cli::try_parse_from(["dossier", "serve", "--addr", "localhost"]).is_err());
    }

    #[test]
    fn bad_date_names_the_flag() {
        let err = Cli::try_parse_from(["dossier", "query", "x", "--since", "May"]).unwrap_err();
        assert!(err.to_string().contains("--since"), "{err}");
    }
}

/// The engines `export` and `translate` know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Elasticsearch 8
    Elasticsearch,
    /// OpenSearch 2
    Opensearch,
    /// Quickwit 0.8
    Quickwit,
    /// Manticore Search, or Sphinx 2.2
    Manticore,
}

// `dossier export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engine to write for
    #[arg(long = "to", value_enum, value_name = "ENGINE")]
    pub to: EngineArg,
    /// The folder to write (new or empty)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Shards (manticore)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub shards: usize,
    /// Replicas of each shard (manticore)
    #[arg(long, value_name = "R", default_value_t = 1)]
    pub replicas: usize,
    /// The coordinator's SphinxQL port on 127.0.0.1; nodes take the ports after it (manticore)
    #[arg(long, value_name = "PORT", default_value_t = 9306)]
    pub port: u16,
    /// Largest bulk or NDJSON file, in MiB (elasticsearch, opensearch, quickwit)
    #[arg(long, value_name = "MIB", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=100))]
    pub file_mib: u64,
    /// Only the articles in this language: an ISO 639-1 code such as es or en, or und (repeatable: any of them)
    #[arg(long, value_name = "CODE", value_parser = NonEmptyStringValueParser::new())]
    pub lang: Vec<String>,
    /// Index folder [default: index]
    #[arg(long = "index", env = "DOSSIER_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
}

// `dossier translate`
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The engine to translate for
    #[arg(long = "to", value_enum, value_name = "ENGINE")]
    pub to: EngineArg,
    /// The query, as `dossier query` takes it (`-`: one query a line from standard input)
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub query: String,
    /// Hits to ask for
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Any word may match (OR) instead of all
    #[arg(long)]
    pub any: bool,
    /// Every copy of a story as its own hit
    #[arg(long)]
    pub all_copies: bool,
    #[command(flatten)]
    pub filters: Filters,
}
