//! Articles as `extract` prints them: every field, the body only on request.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeSeq, Serializer};
use termcolor::WriteColor;

use super::{json, text, Render};
use crate::article::{Article, DateSource, Quote};

/// Parsed articles, for printing.
pub struct Extracted {
    /// The articles, in the order of their files and their place in them.
    pub articles: Vec<Article>,
    /// Each article's story group (see `stories`), in the same order.
    pub stories: Vec<u64>,
    /// Print each article's body too.
    pub with_body: bool,
}

impl Extracted {
    fn shown(&self) -> impl Iterator<Item = Shown<'_>> {
        self.articles
            .iter()
            .zip(&self.stories)
            .map(|(a, &story)| Shown::new(a, story, self.with_body))
    }
}

/// One article's JSON shape (also the server's, for `/api/article`).
#[derive(serde::Serialize)]
pub struct Shown<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    source: &'a str,
    author: &'a str,
    date: Option<NaiveDate>,
    date_source: Option<DateSource>,
    /// The language: an ISO 639-1 code, or `und`.
    lang: &'a str,
    /// The story group, as 16 hex digits: copies of one story share it.
    story: String,
    url: &'a str,
    speakers: &'a [String],
    quotes: &'a [Quote],
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
}

impl<'a> Shown<'a> {
    /// The shape of `a`, of story group `story`, with its body when `with_body`.
    pub fn new(a: &'a Article, story: u64, with_body: bool) -> Self {
        Shown {
            id: &a.id,
            path: &a.path,
            title: &a.title,
            source: &a.source,
            author: &a.author,
            date: a.date,
            date_source: a.date_source,
            lang: &a.lang,
            story: format!("{story:016x}"),
            url: &a.url,
            speakers: &a.speakers,
            quotes: &a.quotes,
            body: with_body.then_some(a.body.as_str()),
        }
    }
}

impl Serialize for Extracted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.articles.len()))?;
        for shown in self.shown() {
            seq.serialize_element(&shown)?;
        }
        seq.end()
    }
}

impl Render for Extracted {
    fn text(&self, w: &mut dyn WriteColor, _width: Option<usize>) -> io::Result<()> {
        text::articles(w, &self.articles)
    }

    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        self.shown().try_for_each(|shown| json::line(w, &shown))
    }
}
