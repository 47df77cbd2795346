//! Articles opened by id (`dossier show`; the server's `/api/article` has the same JSON
//! shape): metadata, the body with each quotation marked by its speaker, the quotations, and
//! the other copies of the story.
//!
//! JSON, one object an article (`dossier show ID --format json` prints a list of them):
//!
//! ```json
//! {
//!   "id": "reuters-12", "path": "wire/reuters.jsonl", "title": "OIL PRICES RISE",
//!   "source": "Reuters", "author": "", "date": "1987-03-31", "date_source": "metadata",
//!   "story": "00a1b2c3d4e5f607", "url": "", "speakers": ["Subroto"],
//!   "quotes": [{"speaker": "Subroto", "kind": "person", "text": "We will", "start": 10, "end": 17}],
//!   "body": "…", "highlights": [],
//!   "copies": [{"id": "reuters-9012", "path": "wire/x10.jsonl", "title": "OIL PRICES RISE", "source": "Reuters", "date": "1987-03-31"}],
//!   "copies_total": 1
//! }
//! ```

use std::io::{self, Write};

use serde::ser::{Serialize, SerializeSeq, Serializer};
use termcolor::WriteColor;

use super::articles::Shown;
use super::text::{colored, dim_style, match_style, meta_style, plural, title_style, NO_SPEAKER};
use super::{json, Render};
use crate::article::Quote;
use crate::search::{ArticleMatch, OtherCopy};

/// Articles found by id, for printing.
pub struct Opened {
    pub articles: Vec<ArticleMatch>,
}

/// One opened article's JSON shape.
#[derive(serde::Serialize)]
pub struct OpenedView<'a> {
    #[serde(flatten)]
    article: Shown<'a>,
    /// `[start, end)` char offsets into the body of a query's words (empty without one).
    highlights: &'a [[usize; 2]],
    /// The other copies of its story, earliest first (at most `COPIES_SHOWN`).
    copies: &'a [OtherCopy],
    /// How many other copies there are in all.
    copies_total: usize,
}

impl<'a> OpenedView<'a> {
    /// The shape of `m`, with its body.
    pub fn new(m: &'a ArticleMatch) -> Self {
        OpenedView {
            article: Shown::new(&m.article, m.story, true),
            highlights: &m.highlights,
            copies: &m.copies,
            copies_total: m.copies_total,
        }
    }
}

impl Serialize for Opened {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.articles.len()))?;
        for m in &self.articles {
            seq.serialize_element(&OpenedView::new(m))?;
        }
        seq.end()
    }
}

impl Render for Opened {
    fn text(&self, w: &mut dyn WriteColor, _width: Option<usize>) -> io::Result<()> {
        for (i, m) in self.articles.iter().enumerate() {
            if i > 0 {
                colored(w, &dim_style(), &"─".repeat(40))?;
                writeln!(w, "\n")?;
            }
            article(w, m)?;
        }
        Ok(())
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        self.articles
            .iter()
            .try_for_each(|m| json::line(w, &OpenedView::new(m)))
    }
}

/// One article for people: title, metadata, body with its quotations marked, quotations,
/// copies.
fn article(w: &mut dyn WriteColor, m: &ArticleMatch) -> io::Result<()> {
    let a = &m.article;
    colored(
        w,
        &title_style(),
        if a.title.is_empty() { &a.id } else { &a.title },
    )?;
    writeln!(w)?;
    let date = match (a.date, a.date_source) {
        (Some(d), Some(from)) => format!("{d} (from {})", from.name()),
        (Some(d), None) => d.to_string(),
        (None, _) => "undated".into(),
    };
    let path = if a.path != a.id { a.path.as_str() } else { "" };
    let fields = [
        ("id", a.id.as_str()),
        ("path", path),
        ("source", a.source.as_str()),
        ("date", date.as_str()),
        ("by", a.author.as_str()),
        ("url", a.url.as_str()),
    ];
    for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        colored(w, &meta_style(), &format!("{name:<9}"))?;
        writeln!(w, "{value}")?;
    }
    if !a.speakers.is_empty() {
        colored(w, &meta_style(), &format!("{:<9}", "speakers"))?;
        writeln!(w, "{}", a.speakers.join(", "))?;
    }
    colored(w, &meta_style(), &format!("{:<9}", "story"))?;
    writeln!(
        w,
        "{:016x} ({} other cop{})",
        m.story,
        m.copies_total,
        if m.copies_total == 1 { "y" } else { "ies" }
    )?;
    writeln!(w)?;
    body(w, &a.body, &a.quotes)?;
    writeln!(w, "\n")?;
    quotations(w, &a.quotes)?;
    copies(w, m)
}

/// Which part of its quotation each quotation is, and of how many parts (1 of 1 when whole).
fn parts(quotes: &[Quote]) -> Vec<(usize, usize)> {
    let mut part: Vec<(usize, usize)> = vec![(1, 1); quotes.len()];
    let mut first: Vec<usize> = (0..quotes.len()).collect();
    for k in 0..quotes.len() {
        if let Some(p) = quotes[k].continues.filter(|&p| p < k) {
            part[k].0 = part[p].0 + 1;
            first[k] = first[p];
        }
    }
    let mut count = vec![0; quotes.len()];
    for &f in &first {
        count[f] += 1;
    }
    for k in 0..quotes.len() {
        part[k].1 = count[first[k]];
    }
    part
}

/// The speaker tag written after a quotation (or a part of one) in the body.
fn tag(q: &Quote, (part, of): (usize, usize)) -> String {
    let who = if q.speaker.is_empty() {
        NO_SPEAKER
    } else {
        &q.speaker
    };
    if of > 1 {
        format!("⟨{who}, part {part} of {of}⟩")
    } else {
        format!("⟨{who}⟩")
    }
}

/// The body, each quotation's words coloured and followed by its speaker's tag (so that the
/// marks show without colour too).
fn body(w: &mut dyn WriteColor, body: &str, quotes: &[Quote]) -> io::Result<()> {
    let parts = parts(quotes);
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    order.sort_by_key(|&k| (quotes[k].start, quotes[k].end));
    let chars: Vec<char> = body.chars().collect();
    let text = |a: usize, b: usize| -> String {
        chars[a.min(chars.len())..b.min(chars.len())]
            .iter()
            .collect()
    };
    let mut at = 0;
    for k in order {
        let q = &quotes[k];
        // Overlapping or out-of-range spans (an older index) are left unmarked.
        if q.start < at || q.end <= q.start || q.end > chars.len() {
            continue;
        }
        w.write_all(text(at, q.start).as_bytes())?;
        colored(w, &match_style(), &text(q.start, q.end))?;
        at = q.end;
        // The tag goes after the closing mark, and the reporter's comma before it, if any.
        let closing =
            |c: Option<&char>| c.is_some_and(|c| matches!(c, '"' | '”' | '’' | '\'' | '»' | '“'));
        let mut end = at;
        if chars.get(end).is_some_and(|c| matches!(c, ',' | ';' | ':')) {
            end += 1;
        }
        if closing(chars.get(end)) {
            w.write_all(text(at, end + 1).as_bytes())?;
            at = end + 1;
        }
        colored(w, &dim_style(), &tag(q, parts[k]))?;
    }
    w.write_all(text(at, chars.len()).as_bytes())
}

/// The quotations by speaker; a quotation in parts is its parts, each in its own marks.
fn quotations(w: &mut dyn WriteColor, quotes: &[Quote]) -> io::Result<()> {
    let whole = quotes.iter().filter(|q| q.continues.is_none()).count();
    colored(
        w,
        &meta_style(),
        &format!("{whole} quotation{}\n", plural(whole)),
    )?;
    for (k, q) in quotes.iter().enumerate() {
        if q.continues.is_some() {
            continue;
        }
        let who = if q.speaker.is_empty() {
            NO_SPEAKER
        } else {
            &q.speaker
        };
        write!(w, "  ")?;
        colored(w, &title_style(), who)?;
        write!(w, ": “{}”", one_line(&q.text))?;
        let mut last = k;
        for (j, p) in quotes.iter().enumerate().skip(k + 1) {
            if p.continues == Some(last) {
                colored(w, &dim_style(), " ‖ ")?;
                write!(w, "“{}”", one_line(&p.text))?;
                last = j;
            }
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Words with their line breaks and runs of space as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The other copies of the story, each by what tells it apart: id, source, date, title.
fn copies(w: &mut dyn WriteColor, m: &ArticleMatch) -> io::Result<()> {
    if m.copies_total == 0 {
        return Ok(());
    }
    writeln!(w)?;
    colored(
        w,
        &meta_style(),
        &format!(
            "{} other cop{} of this story\n",
            m.copies_total,
            if m.copies_total == 1 { "y" } else { "ies" }
        ),
    )?;
    for c in &m.copies {
        let mut line = vec![c.id.clone()];
        if !c.source.is_empty() {
            line.push(c.source.clone());
        }
        line.push(c.date.map_or("undated".into(), |d| d.to_string()));
        if !c.title.is_empty() {
            line.push(c.title.clone());
        }
        if c.path != c.id {
            line.push(c.path.clone());
        }
        writeln!(w, "  {}", line.join(" · "))?;
    }
    if m.copies_total > m.copies.len() {
        colored(
            w,
            &dim_style(),
            &format!("  and {} more\n", m.copies_total - m.copies.len()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(speaker: &str, start: usize, end: usize, continues: Option<usize>) -> Quote {
        Quote {
            speaker: speaker.into(),
            kind: None,
            text: String::new(),
            start,
            end,
            continues,
            no_speaker: None,
        }
    }

    #[test]
    fn parts_number_a_split_quotation() {
        let quotes = [
            quote("A", 0, 1, None),
            quote("B", 2, 3, None),
            quote("B", 4, 5, Some(1)),
            quote("B", 6, 7, Some(2)),
        ];
        assert_eq!(parts(&quotes), vec![(1, 1), (1, 3), (2, 3), (3, 3)]);
    }

    #[test]
    fn the_body_marks_each_quotation_with_its_speaker() {
        let text = "He said \"We won\" and \"we stay,\" she added, \"here.\"";
        let at = |s: &str| text.find(s).unwrap();
        let quotes = [
            quote("Jane Roe", at("We won"), at("We won") + 6, None),
            quote("", at("we stay"), at("we stay") + 7, None),
            quote("", at("here"), at("here") + 5, Some(1)),
        ];
        let mut out = termcolor::NoColor::new(Vec::new());
        body(&mut out, text, &quotes).unwrap();
        let out = String::from_utf8(out.into_inner()).unwrap();
        assert_eq!(
            out,
            "He said \"We won\"⟨Jane Roe⟩ and \"we stay,\"⟨(unknown speaker), part 1 of 2⟩ she added, \"here.\"⟨(unknown speaker), part 2 of 2⟩"
        );
    }
}
