//! Headline and byline: the title, author and date that an article's opening lines give
//! when there is no explicit metadata (`Mex President Rejects Trump's Offer` /
//! `By Cal Mercer • May 08, 2025`).

use chrono::NaiveDate;

use super::dates::{self, Found};
use crate::article::DateSource;

/// How many non-empty lines at the top of an article may hold the headline and byline.
const HEAD_LINES: usize = 8;
/// A headline or byline longer than this (in characters) is running text.
const MAX_HEAD_CHARS: usize = 160;
/// How many opening paragraphs are searched for a date when there is no byline date.
const DATE_PARAGRAPHS: usize = 3;
/// ... and at most how many bytes of them (wire copy often has no blank lines at all).
const DATE_BYTES: usize = 1500;

/// What the opening lines of an article say about it. Empty strings and `None` where they
/// say nothing.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// The headline: the line before a `By …` byline, else a short first line.
    pub title: String,
    /// The byline's name part.
    pub author: String,
    /// The byline's date, else a date the head of the text or the opening paragraphs give
    /// in a way that can be trusted ([`dates::find_publication_date`]).
    pub date: Option<NaiveDate>,
    /// Where `date` was found.
    pub date_source: Option<DateSource>,
}

/// Reads the headline, byline and date from the top of `body`.
pub fn read_head(body: &str) -> Head {
    read_head_with(body, true)
}

/// As [`read_head`]; without `want_date`, the opening paragraphs are not searched for a
/// date when the byline has none (the caller has one already).
pub fn read_head_with(body: &str, want_date: bool) -> Head {
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(HEAD_LINES)
        .collect();
    let mut head = Head::default();
    if let Some(i) = lines.iter().position(|l| byline(l).is_some()) {
        let (author, date) = byline(lines[i]).unwrap_or_default();
        head.author = author;
        head.date = date;
        head.date_source = date.map(|_| DateSource::Byline);
        if i > 0 && is_headline(lines[i - 1]) {
            head.title = lines[i - 1].to_string();
        }
    }
    if head.title.is_empty() {
        if let Some(first) = lines.first().filter(|l| is_headline(l)) {
            head.title = first.to_string();
        }
    }
    if head.date.is_none() && want_date {
        let mut cut = body.len().min(DATE_BYTES);
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        let opening: Vec<&str> = body[..cut]
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .take(DATE_PARAGRAPHS)
            .collect();
        // A dateline only at the very top; a date with its weekday in any opening paragraph.
        let found = opening.iter().enumerate().find_map(|(n, p)| {
            dates::find_publication_date(p).filter(|&(_, how)| n == 0 || how == Found::Text)
        });
        if let Some((date, how)) = found {
            head.date = Some(date);
            head.date_source = Some(match how {
                Found::Dateline => DateSource::Dateline,
                Found::Text => DateSource::Text,
            });
        }
    }
    head
}

/// A headline is short, starts with a capital or a digit, and does not read as running
/// text (no sentence break inside, no closing punctuation).
fn is_headline(line: &str) -> bool {
    let chars = line.chars().count();
    (3..=MAX_HEAD_CHARS).contains(&chars)
        && line
            .chars()
            .find(|c| c.is_alphanumeric())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !line.contains(". ")
        && !line.ends_with(['.', ',', ';', ':'])
        && byline(line).is_none()
}

/// Parses a byline such as `By Cal Mercer • May 08, 2025`, `By Jane Doe and John Roe`,
/// `BY JANE DOE, Reuters | 4 May 2025`: the author and, when present, the date.
fn byline(line: &str) -> Option<(String, Option<NaiveDate>)> {
    if line.chars().count() > MAX_HEAD_CHARS {
        return None;
    }
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))
        .or_else(|| line.strip_prefix("Por "))
        .or_else(|| line.strip_prefix("POR "))?
        .trim();
    // The name ends at the first separator; what follows may carry the date.
    let cut = rest
        .find(['•', '|', '·', '—', '–', ',', '(', '/'])
        .unwrap_or(rest.len());
    let name = rest[..cut].trim().trim_end_matches(" -").trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let looks_like_name = !words.is_empty()
        && words.len() <= 8
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || is_name_joiner(w));
    if !looks_like_name {
        return None;
    }
    Some((name.to_string(), dates::find_date(&rest[cut..])))
}

/// Lower-case words that may appear inside a byline's names (`Jane Doe and John Roe`, `Ludwig van Beethoven`).
fn is_name_joiner(word: &str) -> bool {
    matches!(
        word,
        "and"
            | "y"
            | "de"
            | "van"
            | "von"
            | "der"
            | "da"
            | "di"
            | "la"
            | "le"
            | "del"
            | "bin"
            | "al"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn headline_before_byline_with_date() {
        let body = "Photo caption of some scene (123)\n\nCity Rejects Harbour Plan\n\n\
                    By Ana Lopes • June 02, 2024\n\nThe council voted on Tuesday, June 1, 2024 to...";
        let head = read_head(body);
        assert_eq!(head.title, "City Rejects Harbour Plan");
        assert_eq!(head.author, "Ana Lopes");
        assert_eq!(head.date, date(2024, 6, 2));
    }

    #[test]
    fn byline_forms() {
        assert_eq!(
            byline("By Jane Doe and John Roe"),
            Some(("Jane Doe and John Roe".into(), None))
        );
        assert_eq!(
            byline("BY JANE DOE, Reuters | 4 May 2025"),
            Some(("JANE DOE".into(), date(2025, 5, 4)))
        );
        assert_eq!(
            byline("By Maria de la Cruz — 2023-11-02"),
            Some(("Maria de la Cruz".into(), date(2023, 11, 2)))
        );
        assert_eq!(byline("By the time the rain stopped, we had left."), None);
        assert_eq!(byline("Bystanders watched."), None);
    }

    #[test]
    fn spanish_bylines_and_datelines() {
        assert_eq!(
            byline("Por Juan Ramón de la Fuente | 3 de mayo de 2025"),
            Some(("Juan Ramón de la Fuente".into(), date(2025, 5, 3)))
        );
        assert_eq!(byline("Por la mañana llovió en la capital."), None);
        let body = "Sheinbaum rechaza la oferta de Trump\n\nCIUDAD DE MÉXICO, 4 de mayo de 2025.— \
                    La presidenta rechazó el envío de tropas.";
        let head = read_head(body);
        assert_eq!(head.title, "Sheinbaum rechaza la oferta de Trump");
        assert_eq!(head.date, None, "a dateline counts only at the very top");
        let head =
            read_head("Madrid, 3 de mayo de 2025 (EFE).- El Gobierno anunció ayer nuevas medidas.");
        assert_eq!(head.date, date(2025, 5, 3));
        assert_eq!(head.date_source, Some(DateSource::Dateline));
    }

    #[test]
    fn short_first_line_is_the_title() {
        let head = read_head("Markets Rally on Rate Cut\nShares rose sharply on Monday.\n");
        assert_eq!(head.title, "Markets Rally on Rate Cut");
        assert_eq!(head.author, "");
        assert_eq!(head.date, None);
    }

    #[test]
    fn wrapped_lower_case_prose_is_not_a_title() {
        let head = read_head(
            "a note that starts in lower case and wraps
onto a second line.",
        );
        assert_eq!(head.title, "");
        assert_eq!(read_head("Two sentences. In one line").title, "");
    }

    #[test]
    fn running_text_has_no_title_but_gives_its_date() {
        let body =
            "In a surprising turn of events, the minister confirmed on Sunday, May 4, 2025, \
                    that the offer had been declined.\nMore text follows here.";
        let head = read_head(body);
        assert_eq!(head.title, "");
        assert_eq!(head.date, date(2025, 5, 4));
    }

    #[test]
    fn date_only_from_opening_paragraphs() {
        let body = "Title Here\n\nOne.\n\nTwo.\n\nThree.\n\nFour, on May 4, 2025.";
        assert_eq!(read_head(body).date, None);
        assert_eq!(read_head("").date, None);
        assert_eq!(read_head("").title, "");
    }
}
