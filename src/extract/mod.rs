//! Extraction: what an article's text says about it when metadata is silent — headline,
//! byline, date — and who is quoted saying what.
//!
//! [`complete`] is the single entry point ingest calls: explicit metadata always wins.

pub mod byline;
pub mod dates;
pub mod language;
mod names;
pub mod quotes;

use crate::article::Article;

/// The most bytes of an article's text searched for quotations (their analysis holds about
/// 160 bytes a token: 2 MiB of text, a long book, stays under about 350 MB).
pub const MAX_QUOTATION_TEXT: usize = 2 << 20;

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Fills the fields of `article` that its metadata left empty from its body: its language,
/// title, author and date from the opening lines; then finds the quotations and adds their
/// speakers to any explicit ones.
pub fn complete(article: &mut Article) {
    if article.lang.is_empty() {
        article.lang = language::detect(&article.title, &article.body);
    }
    // Quotations are looked for in a bounded prefix (their analysis takes memory by the
    // token): offsets into it are offsets into the body.
    let searched = prefix(&article.body, MAX_QUOTATION_TEXT);
    // In the article's language: its speech verbs, titles and quotation conventions.
    article.quotes = quotes::extract_quotes_in(searched, &article.lang);
    for speaker in quotes::speakers(&article.quotes) {
        if !article
            .speakers
            .iter()
            .any(|s| s.eq_ignore_ascii_case(&speaker))
        {
            article.speakers.push(speaker);
        }
    }
    if article.title.is_empty() || article.author.is_empty() || article.date.is_none() {
        let head = byline::read_head_with(&article.body, article.date.is_none());
        if article.title.is_empty() {
            article.title = head.title;
        }
        if article.author.is_empty() {
            article.author = head.author;
        }
        if article.date.is_none() {
            article.date = head.date;
            article.date_source = head.date_source;
        }
    }
}
