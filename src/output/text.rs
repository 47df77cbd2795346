//! Text output for people: hits with their metadata and highlighted snippets, statistics,
//! the indexing summary. Colour is decided by the [`Printer`](super::Printer).

use std::io::{self, Write};

use termcolor::{Color, ColorSpec, WriteColor};

use super::{json, Render};

use crate::article::Article;
use crate::index::{Forgotten, Report};
use crate::quotes::QuotesResponse;
use crate::search::{Hit, QuoteResponse, Response};
use crate::snippet::Snippet;
use crate::stats::{NameCount, SpeakerCount, Stats};

/// How every text output writes a quotation without a known speaker (JSON has `""`).
pub const NO_SPEAKER: &str = "(unknown speaker)";

fn style(fg: Option<Color>, bold: bool, dim: bool) -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(fg).set_bold(bold).set_dimmed(dim);
    spec
}

pub(super) fn title_style() -> ColorSpec {
    style(None, true, false)
}
pub(super) fn meta_style() -> ColorSpec {
    style(Some(Color::Cyan), false, false)
}
pub(super) fn match_style() -> ColorSpec {
    style(Some(Color::Red), true, false)
}
pub(super) fn dim_style() -> ColorSpec {
    style(None, false, true)
}

pub(super) fn colored(w: &mut dyn WriteColor, spec: &ColorSpec, text: &str) -> io::Result<()> {
    w.set_color(spec)?;
    w.write_all(text.as_bytes())?;
    w.reset()
}

/// Renders a query response: a numbered block per hit, then a count line.
pub fn response(w: &mut dyn WriteColor, r: &Response, width: Option<usize>) -> io::Result<()> {
    explain(w, r.explain.as_deref())?;
    for hit in &r.hits {
        self::hit(w, hit, width)?;
    }
    // Hits are stories unless every copy is a hit: count stories, and say how many articles.
    let total = r.total_stories.unwrap_or(r.total_hits);
    let summary = count_summary(r.hits.first().map(|h| h.rank), r.hits.len(), total);
    let articles = match r.total_stories {
        Some(stories) if stories != r.total_hits => {
            format!(
                " ({} articles: copies of one story are one hit)",
                r.total_hits
            )
        }
        _ => String::new(),
    };
    colored(
        w,
        &dim_style(),
        &format!("{summary}{articles} in {:.1} ms\n", r.took_ms),
    )?;
    match &r.suggestion {
        Some(s) => writeln!(w, "did you mean: {s}?"),
        None => Ok(()),
    }
}

/// Renders a quotation search: a numbered quotation per hit with its article.
pub fn quote_response(
    w: &mut dyn WriteColor,
    r: &QuoteResponse,
    width: Option<usize>,
) -> io::Result<()> {
    explain(w, r.explain.as_deref())?;
    for h in &r.hits {
        quotation(w, h.rank, &h.speaker, &h.text, &h.highlights, width)?;
        let mut meta: Vec<String> = Vec::new();
        if !h.title.is_empty() {
            meta.push(h.title.clone());
        }
        if !h.source.is_empty() {
            meta.push(h.source.clone());
        }
        meta.push(h.date.map_or("undated".into(), |d| d.to_string()));
        meta.push(located(&h.id, &h.path));
        write!(w, "    ")?;
        colored(w, &meta_style(), &meta.join(" · "))?;
        writeln!(w, "\n")?;
    }
    count_line(
        w,
        r.hits.first().map(|h| h.rank),
        r.hits.len(),
        r.total_hits,
        r.took_ms,
    )
}

/// The line saying how the query was read (`--explain`), if asked for.
fn explain(w: &mut dyn WriteColor, explain: Option<&str>) -> io::Result<()> {
    match explain {
        Some(e) => colored(w, &dim_style(), &format!("query {e}\n\n")),
        None => Ok(()),
    }
}

/// Renders speakers with their quotation and article counts.
pub fn speakers(w: &mut dyn WriteColor, list: &[SpeakerCount]) -> io::Result<()> {
    colored(
        w,
        &meta_style(),
        &format!("{:>7} {:>9}  speaker\n", "quotes", "articles"),
    )?;
    for s in list {
        write!(w, "{:>7} {:>9}  {}", s.quotes, s.articles, s.name)?;
        if !s.aliases.is_empty() {
            colored(
                w,
                &dim_style(),
                &format!("  (also {})", aliases(&s.aliases)),
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// How many aliases the text output names before it says how many more there are.
const SHOWN_ALIASES: usize = 4;

/// A person's aliases for text output: the first few, then how many more.
fn aliases(list: &[String]) -> String {
    let mut out = list
        .iter()
        .take(SHOWN_ALIASES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > SHOWN_ALIASES {
        out.push_str(&format!(" and {} more", list.len() - SHOWN_ALIASES));
    }
    out
}

/// Renders quotation groups (`dossier quotes`): each quotation with its speaker, where it
/// first appeared, and how far it was repeated.
pub fn quote_groups(
    w: &mut dyn WriteColor,
    r: &QuotesResponse,
    width: Option<usize>,
) -> io::Result<()> {
    explain(w, r.explain.as_deref())?;
    for g in &r.groups {
        quotation(w, g.rank, &g.speaker, &g.text, &[], width)?;
        if let Some(l) = &g.longer {
            write!(w, "    ")?;
            colored(w, &meta_style(), &format!("later, longer in {}:", l.id))?;
            writeln!(w, " “{}”", l.text)?;
        }
        let f = &g.first;
        let mut meta: Vec<String> = vec![format!(
            "first {}",
            f.date.map_or("undated".into(), |d| d.to_string())
        )];
        if !f.title.is_empty() {
            meta.push(f.title.clone());
        }
        if !f.source.is_empty() {
            meta.push(f.source.clone());
        }
        meta.push(f.id.clone());
        write!(w, "    ")?;
        colored(w, &meta_style(), &meta.join(" · "))?;
        writeln!(w)?;
        let repeated = format!(
            "    in {} article{} from {} source{}\n\n",
            g.articles,
            plural(g.articles),
            g.sources,
            plural(g.sources)
        );
        colored(w, &dim_style(), &repeated)?;
    }
    let shown = r.groups.len();
    let total = r.total_groups as usize;
    let summary = if total == shown {
        format!("{shown} quotation{}", plural(shown))
    } else if shown == 0 {
        format!("{total} quotation{} (none in this page)", plural(total))
    } else {
        let first = r.groups[0].rank;
        format!("quotations {}–{} of {total}", first, first + shown - 1)
    };
    colored(
        w,
        &dim_style(),
        &format!("{summary} in {:.1} ms\n", r.took_ms),
    )
}

/// A numbered quotation line: `N. Speaker: “words”`, wrapped under the opening mark.
fn quotation(
    w: &mut dyn WriteColor,
    rank: usize,
    speaker: &str,
    text: &str,
    highlights: &[[usize; 2]],
    width: Option<usize>,
) -> io::Result<()> {
    write!(w, "{rank:>2}. ")?;
    let who = if speaker.is_empty() {
        NO_SPEAKER
    } else {
        speaker
    };
    colored(w, &title_style(), who)?;
    write!(w, ": “")?;
    let who_width = rank.to_string().len().max(2) + 2 + who.chars().count() + 3;
    snippet(
        w,
        &Snippet {
            text: text.trim_end_matches([',', ' ']).to_string(),
            highlights: highlights.to_vec(),
        },
        width.map(|width| Wrap {
            first: who_width,
            indent: 4,
            width,
        }),
    )?;
    writeln!(w, "”")
}

/// The closing line: how many hits were shown of how many, and the time.
fn count_line(
    w: &mut dyn WriteColor,
    first_rank: Option<usize>,
    shown: usize,
    total: u64,
    took_ms: f64,
) -> io::Result<()> {
    let summary = count_summary(first_rank, shown, total);
    colored(w, &dim_style(), &format!("{summary} in {took_ms:.1} ms\n"))
}

/// How many hits were shown of how many.
fn count_summary(first_rank: Option<usize>, shown: usize, total: u64) -> String {
    if total as usize == shown {
        format!("{} hit{}", shown, plural(shown))
    } else if shown == 0 {
        format!("{total} hits (none in this page)")
    } else {
        let first = first_rank.unwrap_or(1);
        format!("hits {}–{} of {total}", first, first + shown - 1)
    }
}

/// Other copies a hit names in text (JSON lists more).
const COPIES_SHOWN: usize = 3;

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn hit(w: &mut dyn WriteColor, h: &Hit, width: Option<usize>) -> io::Result<()> {
    write!(w, "{:>2}. ", h.rank)?;
    let title = if h.title.is_empty() { &h.id } else { &h.title };
    colored(w, &title_style(), title)?;
    writeln!(w)?;
    let mut meta: Vec<String> = Vec::new();
    if !h.source.is_empty() {
        meta.push(h.source.clone());
    }
    meta.push(h.date.map_or("undated".into(), |d| d.to_string()));
    if !h.lang.is_empty() {
        meta.push(h.lang.clone());
    }
    if !h.author.is_empty() {
        meta.push(format!("by {}", h.author));
    }
    meta.push(located(&h.id, &h.path));
    write!(w, "    ")?;
    colored(w, &meta_style(), &meta.join(" · "))?;
    writeln!(w)?;
    if h.copies > 0 {
        let mut named: Vec<String> = h
            .other_copies
            .iter()
            .take(COPIES_SHOWN)
            .map(|c| {
                // The id tells copies apart (a path can hold many records).
                let date = c.date.map_or("undated".into(), |d| d.to_string());
                match c.source.as_str() {
                    "" => format!("{} ({date})", c.id),
                    source => format!("{} ({source} {date})", c.id),
                }
            })
            .collect();
        if h.copies > named.len() {
            named.push(format!("{} more", h.copies - named.len()));
        }
        write!(w, "    ")?;
        let label = if h.copies == 1 { "copy" } else { "copies" };
        colored(
            w,
            &dim_style(),
            &format!("+{} {label}: {}", h.copies, named.join(", ")),
        )?;
        writeln!(w)?;
    }
    if !h.speakers.is_empty() {
        write!(w, "    ")?;
        colored(
            w,
            &dim_style(),
            &format!("speakers: {}", h.speakers.join(", ")),
        )?;
        writeln!(w)?;
    }
    for s in &h.snippets {
        write!(w, "    ")?;
        let wrap = width.map(|width| Wrap {
            first: 4,
            indent: 4,
            width,
        });
        snippet(w, s, wrap)?;
        writeln!(w)?;
    }
    writeln!(w)
}

/// Where a hit is: its path, and its id too when that is not the path (a record of a JSONL
/// file or a WARC), so that `dossier show` can open it.
fn located(id: &str, path: &str) -> String {
    if id == path || id.is_empty() {
        path.to_string()
    } else {
        format!("{path} · id {id}")
    }
}

/// How to wrap a passage: at `width` columns, its first line starting at column `first`,
/// the next ones indented by `indent` (a hanging indent).
#[derive(Debug, Clone, Copy)]
pub struct Wrap {
    pub first: usize,
    pub indent: usize,
    pub width: usize,
}

/// Narrowest room a wrapped line is given, however narrow the terminal.
const MIN_LINE: usize = 20;

/// Where to break `chars` (at spaces, which become line breaks) to fit `wrap`.
fn break_points(chars: &[char], wrap: Wrap) -> Vec<usize> {
    let mut breaks = Vec::new();
    // One column spare: a line that fills the terminal exactly makes some terminals wrap twice.
    let width = wrap.width.saturating_sub(1);
    let mut room = width.saturating_sub(wrap.first).max(MIN_LINE);
    let mut line_start = 0;
    let mut last_space = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            last_space = Some(i);
        }
        if i - line_start >= room {
            if let Some(space) = last_space.filter(|&s| s > line_start) {
                breaks.push(space);
                line_start = space + 1;
                last_space = None;
                room = width.saturating_sub(wrap.indent).max(MIN_LINE);
            }
        }
    }
    breaks
}

/// Writes a snippet with its highlights coloured, wrapped when `wrap` is set.
pub fn snippet(w: &mut dyn WriteColor, s: &Snippet, wrap: Option<Wrap>) -> io::Result<()> {
    let chars: Vec<char> = s.text.chars().collect();
    let breaks = wrap
        .map(|wrap| break_points(&chars, wrap))
        .unwrap_or_default();
    let indent = " ".repeat(wrap.map_or(0, |w| w.indent));
    // The text of chars[a..b], with its break points as new lines.
    let piece = |a: usize, b: usize| -> String {
        let mut out = String::with_capacity(b - a);
        for (i, &c) in chars[a..b].iter().enumerate() {
            if breaks.binary_search(&(a + i)).is_ok() {
                out.push('\n');
                out.push_str(&indent);
            } else {
                out.push(c);
            }
        }
        out
    };
    let mut at = 0;
    for h in &s.highlights {
        let (a, b) = (h[0].min(chars.len()), h[1].min(chars.len()));
        if a < at {
            continue;
        }
        w.write_all(piece(at, a).as_bytes())?;
        colored(w, &match_style(), &piece(a, b))?;
        at = b;
    }
    w.write_all(piece(at, chars.len()).as_bytes())
}

/// Renders index statistics.
pub fn stats(w: &mut dyn WriteColor, s: &Stats) -> io::Result<()> {
    let field = |w: &mut dyn WriteColor, name: &str, value: String| -> io::Result<()> {
        colored(w, &meta_style(), &format!("{name:<12}"))?;
        writeln!(w, "{value}")
    };
    field(w, "index", s.index.clone())?;
    if !s.langs.is_empty() {
        field(w, "language", s.langs.join(", "))?;
    }
    field(w, "documents", s.documents.to_string())?;
    field(
        w,
        "stories",
        format!(
            "{} ({} with more than one copy)",
            s.stories, s.stories_with_copies
        ),
    )?;
    let range = match (s.first_date, s.last_date) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "none".into(),
    };
    field(w, "dates", format!("{range} ({} undated)", s.undated))?;
    field(
        w,
        "size",
        format!(
            "{} in {} segment{}",
            human_bytes(s.size_bytes),
            s.segments,
            plural(s.segments)
        ),
    )?;
    names(w, "sources", &s.sources)?;
    names(w, "speakers", &s.speakers)?;
    names(w, "languages", &s.languages)?;
    colored(w, &meta_style(), &format!("{:<12}", "roots"))?;
    if s.roots.is_empty() {
        return writeln!(w, "none");
    }
    writeln!(w)?;
    for r in &s.roots {
        writeln!(w, "  {:>7}  {}  ({})", r.articles, r.label, r.path)?;
    }
    Ok(())
}

fn names(w: &mut dyn WriteColor, heading: &str, list: &[NameCount]) -> io::Result<()> {
    colored(w, &meta_style(), &format!("{heading:<12}"))?;
    if list.is_empty() {
        return writeln!(w, "none");
    }
    writeln!(w)?;
    for n in list {
        writeln!(w, "  {:>7}  {}", n.articles, n.name)?;
    }
    Ok(())
}

/// The one-line summary of an indexing run.
pub fn report_line(r: &Report) -> String {
    let mb = r.bytes as f64 / 1e6;
    let rate = if r.elapsed_secs > 0.0 {
        mb / r.elapsed_secs
    } else {
        0.0
    };
    let skipped: Vec<String> = r
        .skipped_by_reason()
        .iter()
        .map(|(reason, n)| format!("{n} {}", reason.label()))
        .collect();
    let skipped = if skipped.is_empty() {
        "0 skipped".to_string()
    } else {
        format!("{} skipped ({})", r.skipped.len(), skipped.join(", "))
    };
    let mut records = match r.records_skipped {
        0 => String::new(),
        1 => " · 1 record skipped (see warnings)".to_string(),
        n => format!(" · {n} records skipped (see warnings)"),
    };
    match r.duplicate_ids {
        0 => {}
        1 => records.push_str(" · 1 duplicate of an id kept once (the later article wins)"),
        n => records.push_str(&format!(
            " · {n} duplicates of an id kept once (the later article wins)"
        )),
    }
    format!(
        "{}articles: {} added, {} updated, {} removed, {} unchanged ({} in index) · files: {} seen, {} indexed, {} unchanged, {skipped}{records} · {mb:.1} MB in {:.2} s ({rate:.1} MB/s)",
        if r.interrupted { "interrupted: " } else { "" },
        r.added,
        r.updated,
        r.removed,
        r.unchanged,
        r.documents,
        r.files_seen,
        r.files_indexed,
        r.files_unchanged,
        r.elapsed_secs,
    )
}

/// Renders parsed articles for `extract` in text form.
pub fn articles(w: &mut dyn WriteColor, list: &[Article]) -> io::Result<()> {
    for a in list {
        colored(
            w,
            &title_style(),
            if a.title.is_empty() { &a.id } else { &a.title },
        )?;
        writeln!(w)?;
        // Only the fields the article has (an undated article says so).
        let date = a.date.map_or("undated".to_string(), |d| d.to_string());
        let fields = [
            ("id", a.id.as_str()),
            ("source", a.source.as_str()),
            ("date", date.as_str()),
            ("lang", a.lang.as_str()),
            ("author", a.author.as_str()),
            ("url", a.url.as_str()),
        ];
        let line: Vec<String> = fields
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        colored(w, &meta_style(), &line.join(" · "))?;
        writeln!(w)?;
        // A quotation in parts is shown once, its parts put together with " … ".
        for (k, q) in a.quotes.iter().enumerate() {
            if q.continues.is_some() {
                continue;
            }
            let who = if q.speaker.is_empty() {
                NO_SPEAKER
            } else {
                &q.speaker
            };
            write!(w, "  ")?;
            colored(w, &match_style(), who)?;
            writeln!(w, ": “{}”", crate::article::Quote::whole(&a.quotes, k))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Bytes as a short human figure (`1.2 MB`).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

impl Render for Response {
    fn text(&self, w: &mut dyn WriteColor, width: Option<usize>) -> io::Result<()> {
        response(w, self, width)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, &self.hits)
    }
}

impl Render for QuoteResponse {
    fn text(&self, w: &mut dyn WriteColor, width: Option<usize>) -> io::Result<()> {
        quote_response(w, self, width)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, &self.hits)
    }
}

impl Render for QuotesResponse {
    fn text(&self, w: &mut dyn WriteColor, width: Option<usize>) -> io::Result<()> {
        quote_groups(w, self, width)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, &self.groups)
    }
}

impl Render for [SpeakerCount] {
    fn text(&self, w: &mut dyn WriteColor, _width: Option<usize>) -> io::Result<()> {
        speakers(w, self)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, self)
    }
}

impl Render for Stats {
    fn text(&self, w: &mut dyn WriteColor, _width: Option<usize>) -> io::Result<()> {
        stats(w, self)
    }
}

impl Render for Report {
    fn text(&self, w: &mut dyn WriteColor, _width: Option<usize>) -> io::Result<()> {
        writeln!(w, "{}", report_line(self))
    }
}

impl Render for Forgotten {
    fn text(&self, w: &mut dyn WriteColor, _width: Option<usize>) -> io::Result<()> {
        for p in &self.paths {
            writeln!(
                w,
                "forgot {}: {} article{} from {} file{}",
                p.path,
                p.articles,
                plural(p.articles as usize),
                p.files,
                plural(p.files as usize)
            )?;
        }
        writeln!(
            w,
            "{} article{} left in the index",
            self.documents,
            plural(self.documents as usize)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use termcolor::NoColor;

    fn render(s: &Snippet, wrap: Option<Wrap>) -> String {
        let mut out = NoColor::new(Vec::new());
        snippet(&mut out, s, wrap).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn passages_wrap_at_the_width_with_a_hanging_indent() {
        let text = "Sovereignty is not for sale, she said, and the exchange underscores the \
                    ongoing complexities of the relations between the two countries.";
        let s = Snippet {
            text: text.into(),
            highlights: vec![[0, 11]],
        };
        let wrap = Wrap {
            first: 4,
            indent: 4,
            width: 40,
        };
        let out = render(&s, Some(wrap));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 3, "{out}");
        assert!(lines[0].chars().count() + 4 < 40, "{out}");
        for line in &lines[1..] {
            assert!(
                line.starts_with("    ") && !line.starts_with("     "),
                "{out}"
            );
            assert!(line.chars().count() < 40, "{out}");
        }
        // Only spaces became line breaks: the words are all there, in order.
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        // Not wrapped without a width (a pipe).
        assert_eq!(render(&s, None), text);
    }
}
