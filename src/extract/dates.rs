//! Dates: parse a metadata value (`2025-05-04`, `May 4th, 2025`, `Sun, 04 May 2025 10:00:00 +0000`)
//! and find the first full written date in running text (`Sunday, May 4, 2025`).

use chrono::NaiveDate;

/// Parses a date given as a metadata value: ISO 8601 (with or without a time), `YYYY/MM/DD`,
/// or a written form (`May 4, 2025`, `4 May 2025`, `Sunday, May 4th 2025`, RFC 2822).
/// Returns `None` when the value holds no recognisable full date.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    parse_iso(value).or_else(|| find_date(value))
}

/// Finds the first full date (day, month and year) written in `text`, in any form
/// [`parse_date`] accepts. Digit-only forms other than ISO (`05/04/2025`) are ambiguous
/// and ignored.
pub fn find_date(text: &str) -> Option<NaiveDate> {
    let words = words(text);
    for i in 0..words.len() {
        if let Some(date) = date_at(&words, i) {
            return Some(date);
        }
    }
    None
}

/// A word of text: a run of letters, digits, `-` and `/`.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
}

/// Splits text into alphanumeric runs (ISO dates are matched on the raw text separately).
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let is_word = c.is_alphanumeric() || c == '-' || c == '/';
        match (is_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { text: &text[s..i] });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word { text: &text[s..] });
    }
    out
}

/// Tries every date shape starting at word `i`.
fn date_at(words: &[Word<'_>], i: usize) -> Option<NaiveDate> {
    let w = &words[i];
    if let Some(date) = parse_iso(w.text) {
        return Some(date);
    }
    // Month Day[st|nd|rd|th][,] Year
    if let Some(month) = month(w.text) {
        let day = words.get(i + 1).and_then(|d| day(d.text))?;
        let year = words.get(i + 2).and_then(|y| year(y.text))?;
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    // Day Month[,] Year
    if let Some(day) = day(w.text) {
        let month = words.get(i + 1).and_then(|m| month(m.text))?;
        let year = words.get(i + 2).and_then(|y| year(y.text))?;
        return NaiveDate::from_ymd_opt(year, month, day);
    }
    None
}

/// `2025-05-04`, `2025/05/04`, `2025-05-04T10:20:00Z`, `20250504` is not accepted.
fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let sep = b[4];
    if !(digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && (sep == b'-' || sep == b'/')
        && b[7] == sep)
    {
        return None;
    }
    if b.len() > 10 && b[10].is_ascii_digit() {
        return None;
    }
    let year = s[0..4].parse().ok()?;
    let month = s[5..7].parse().ok()?;
    let day = s[8..10].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Month number of a month name or abbreviation (`May`, `Sept`, `jan`), case-insensitive.
fn month(s: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if s.len() < 3 || s.len() > 9 || !s.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if s.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(s) || (s.len() == 3 && m[..3].eq_ignore_ascii_case(s)))
        .map(|i| i as u32 + 1)
}

/// A day of the month: `4`, `04`, `4th`, `1st`, `22nd`, `3rd`.
fn day(s: &str) -> Option<u32> {
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits_end == 0 || digits_end > 2 {
        return None;
    }
    let suffix = s[digits_end..].to_ascii_lowercase();
    if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let day: u32 = s[..digits_end].parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// A four-digit year between 1000 and 2999.
fn year(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = s.parse().ok()?;
    (1000..3000).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn metadata_values_in_common_forms() {
        assert_eq!(parse_date("2025-05-04"), d(2025, 5, 4));
        assert_eq!(parse_date("2025/05/04"), d(2025, 5, 4));
        assert_eq!(parse_date("2025-05-04T22:10:00Z"), d(2025, 5, 4));
        assert_eq!(parse_date("  2025-05-04 10:00  "), d(2025, 5, 4));
        assert_eq!(parse_date("May 4, 2025"), d(2025, 5, 4));
        assert_eq!(parse_date("May 4th, 2025"), d(2025, 5, 4));
        assert_eq!(parse_date("4 May 2025"), d(2025, 5, 4));
        assert_eq!(parse_date("4th of May"), None);
        assert_eq!(parse_date("Sunday, May 4, 2025"), d(2025, 5, 4));
        assert_eq!(parse_date("Sun, 04 May 2025 10:00:00 +0000"), d(2025, 5, 4));
        assert_eq!(parse_date("Sept. 21, 2016"), d(2016, 9, 21));
        assert_eq!(parse_date("Feb 26 1987"), d(1987, 2, 26));
        assert_eq!(parse_date("MAY 08, 2025"), d(2025, 5, 8));
    }

    #[test]
    fn rejects_what_is_not_a_full_date() {
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("May 2025"), None);
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("February 30, 2024"), None);
        assert_eq!(parse_date("2025-05-041"), None);
        assert_eq!(parse_date("05/04/2025"), None);
    }

    #[test]
    fn first_date_in_running_text() {
        let text =
            "In a surprising turn of events, the president confirmed on Sunday, May 4, 2025, \
                    that talks had failed. A second meeting on June 9, 2025 is planned.";
        assert_eq!(find_date(text), d(2025, 5, 4));
        assert_eq!(
            find_date("The storm of 12 March 2024 was the worst."),
            d(2024, 3, 12)
        );
        assert_eq!(find_date("Filed 2024-01-31 by the desk."), d(2024, 1, 31));
    }

    #[test]
    fn text_without_a_date() {
        assert_eq!(find_date("No date here, only May and 2025 apart."), None);
        assert_eq!(find_date("They may 4 times say 2025 things."), None);
        assert_eq!(find_date("Page 3 of 10"), None);
    }
}
