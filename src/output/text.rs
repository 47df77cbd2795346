//! Text output for people: hits with their metadata and highlighted snippets, statistics,
//! the indexing summary. Colour is decided by the [`Printer`](super::Printer).

use std::io::{self, Write};

use termcolor::{Color, ColorSpec, WriteColor};

use super::{json, Render};

use crate::article::Article;
use crate::index::Report;
use crate::search::{Hit, QuoteResponse, Response};
use crate::snippet::Snippet;
use crate::stats::{NameCount, SpeakerCount, Stats};

fn style(fg: Option<Color>, bold: bool, dim: bool) -> ColorSpec {
    let mut spec = ColorSpec::new();
    spec.set_fg(fg).set_bold(bold).set_dimmed(dim);
    spec
}

fn title_style() -> ColorSpec {
    style(None, true, false)
}
fn meta_style() -> ColorSpec {
    style(Some(Color::Cyan), false, false)
}
fn match_style() -> ColorSpec {
    style(Some(Color::Red), true, false)
}
fn dim_style() -> ColorSpec {
    style(None, false, true)
}

fn colored(w: &mut dyn WriteColor, spec: &ColorSpec, text: &str) -> io::Result<()> {
    w.set_color(spec)?;
    w.write_all(text.as_bytes())?;
    w.reset()
}

/// Renders a query response: a numbered block per hit, then a count line.
pub fn response(w: &mut dyn WriteColor, r: &Response) -> io::Result<()> {
    for hit in &r.hits {
        self::hit(w, hit)?;
    }
    count_line(
        w,
        r.hits.first().map(|h| h.rank),
        r.hits.len(),
        r.total_hits,
        r.took_ms,
    )
}

/// Renders a quotation search: a numbered quotation per hit with its article.
pub fn quote_response(w: &mut dyn WriteColor, r: &QuoteResponse) -> io::Result<()> {
    for h in &r.hits {
        write!(w, "{:>2}. ", h.rank)?;
        let who = if h.speaker.is_empty() {
            "(unknown speaker)"
        } else {
            &h.speaker
        };
        colored(w, &title_style(), who)?;
        write!(w, ": “")?;
        snippet(
            w,
            &Snippet {
                text: h.text.trim_end_matches([',', ' ']).to_string(),
                highlights: h.highlights.clone(),
            },
        )?;
        writeln!(w, "”")?;
        let mut meta: Vec<String> = Vec::new();
        if !h.title.is_empty() {
            meta.push(h.title.clone());
        }
        if !h.source.is_empty() {
            meta.push(h.source.clone());
        }
        meta.push(h.date.map_or("undated".into(), |d| d.to_string()));
        meta.push(h.path.clone());
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

/// Renders speakers with their quotation and article counts.
pub fn speakers(w: &mut dyn WriteColor, list: &[SpeakerCount]) -> io::Result<()> {
    colored(
        w,
        &meta_style(),
        &format!("{:>7} {:>9}  speaker\n", "quotes", "articles"),
    )?;
    for s in list {
        writeln!(w, "{:>7} {:>9}  {}", s.quotes, s.articles, s.name)?;
    }
    Ok(())
}

/// The closing line: how many hits were shown of how many, and the time.
fn count_line(
    w: &mut dyn WriteColor,
    first_rank: Option<usize>,
    shown: usize,
    total: u64,
    took_ms: f64,
) -> io::Result<()> {
    let summary = if total as usize == shown {
        format!("{} hit{}", shown, plural(shown))
    } else if shown == 0 {
        format!("{total} hits (none in this page)")
    } else {
        let first = first_rank.unwrap_or(1);
        format!("hits {}–{} of {total}", first, first + shown - 1)
    };
    colored(w, &dim_style(), &format!("{summary} in {took_ms:.1} ms\n"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn hit(w: &mut dyn WriteColor, h: &Hit) -> io::Result<()> {
    write!(w, "{:>2}. ", h.rank)?;
    let title = if h.title.is_empty() { &h.id } else { &h.title };
    colored(w, &title_style(), title)?;
    writeln!(w)?;
    let mut meta: Vec<String> = Vec::new();
    if !h.source.is_empty() {
        meta.push(h.source.clone());
    }
    meta.push(h.date.map_or("undated".into(), |d| d.to_string()));
    if !h.author.is_empty() {
        meta.push(format!("by {}", h.author));
    }
    meta.push(h.path.clone());
    write!(w, "    ")?;
    colored(w, &meta_style(), &meta.join(" · "))?;
    writeln!(w)?;
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
        snippet(w, s)?;
        writeln!(w)?;
    }
    writeln!(w)
}

/// Writes a snippet with its highlights coloured.
pub fn snippet(w: &mut dyn WriteColor, s: &Snippet) -> io::Result<()> {
    let chars: Vec<char> = s.text.chars().collect();
    let mut at = 0;
    for h in &s.highlights {
        let (a, b) = (h[0].min(chars.len()), h[1].min(chars.len()));
        if a < at {
            continue;
        }
        w.write_all(chars[at..a].iter().collect::<String>().as_bytes())?;
        colored(w, &match_style(), &chars[a..b].iter().collect::<String>())?;
        at = b;
    }
    w.write_all(chars[at..].iter().collect::<String>().as_bytes())
}

/// Renders index statistics.
pub fn stats(w: &mut dyn WriteColor, s: &Stats) -> io::Result<()> {
    let field = |w: &mut dyn WriteColor, name: &str, value: String| -> io::Result<()> {
        colored(w, &meta_style(), &format!("{name:<12}"))?;
        writeln!(w, "{value}")
    };
    field(w, "index", s.index.clone())?;
    field(w, "documents", s.documents.to_string())?;
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
    names(w, "speakers", &s.speakers)
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
    let records = match r.records_skipped {
        0 => String::new(),
        1 => " · 1 record skipped (see warnings)".to_string(),
        n => format!(" · {n} records skipped (see warnings)"),
    };
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
        let date = a.date.map_or("undated".to_string(), |d| d.to_string());
        let line = format!(
            "id: {} · source: {} · date: {date} · author: {}",
            a.id, a.source, a.author
        );
        colored(w, &meta_style(), &line)?;
        writeln!(w)?;
        for q in &a.quotes {
            let who = if q.speaker.is_empty() {
                "?"
            } else {
                &q.speaker
            };
            write!(w, "  ")?;
            colored(w, &match_style(), who)?;
            writeln!(w, ": “{}”", q.text)?;
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
    fn text(&self, w: &mut dyn WriteColor) -> io::Result<()> {
        response(w, self)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, &self.hits)
    }
}

impl Render for QuoteResponse {
    fn text(&self, w: &mut dyn WriteColor) -> io::Result<()> {
        quote_response(w, self)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, &self.hits)
    }
}

impl Render for [SpeakerCount] {
    fn text(&self, w: &mut dyn WriteColor) -> io::Result<()> {
        speakers(w, self)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::lines(w, self)
    }
}

impl Render for Stats {
    fn text(&self, w: &mut dyn WriteColor) -> io::Result<()> {
        stats(w, self)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
    }
}

impl Render for Report {
    fn text(&self, w: &mut dyn WriteColor) -> io::Result<()> {
        writeln!(w, "{}", report_line(self))
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
    }
}
