//! Dates: parse a metadata value (`2025-05-04`, `May 4th, 2025`, `Sun, 04 May 2025 10:00:00 +0000`)
//! and find the first full written date in running text (`Sunday, May 4, 2025`).

use chrono::NaiveDate;

/// Whether `date` can be an article's date on `today`: not before 1800 (older values are
/// placeholders such as `0001-01-01`, or misread numbers) and at most a day ahead (time
/// zones), never further in the future.
pub fn plausible(date: NaiveDate, today: NaiveDate) -> bool {
    let earliest = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap_or(NaiveDate::MIN);
    date >= earliest && date <= today.succ_opt().unwrap_or(today)
}

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

/// A word of text: a run of letters, digits, `-` and `/`, and where it starts.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    start: usize,
}

/// How a date was found in an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// At the head of the text, before the first dash: a dateline (`WASHINGTON, May 4,
    /// 2025 -`) or a date on its own first line.
    Dateline,
    /// In the running text, written with its weekday (`on Sunday, May 4, 2025`): the way
    /// news reports name the day of the events they report.
    Text,
}

/// Words just before a date that make it something other than the day of the news: a
/// birth or death, a founding, the end of a period, a payment or a deadline.
const NOT_THE_NEWS: &[&str] = &[
    "born",
    "died",
    "death",
    "dies",
    "founded",
    "established",
    "since",
    "until",
    "through",
    "ended",
    "ending",
    "ends",
    "payable",
    "record",
    "expires",
    "expire",
    "expiring",
    "maturity",
    "matures",
    "due",
    "effective",
    "before",
    "after",
    "by",
    // Spanish
    "nació",
    "nacido",
    "nacida",
    "murió",
    "falleció",
    "fundado",
    "fundada",
    "desde",
    "hasta",
    "vence",
    "antes",
    "después",
];

/// How many words before a date are searched for words that say it is not the news's.
const CUE_WORDS: usize = 6;
/// A first line this short (in characters), not a sentence, is a head of its own
/// (`May 8, 2025`).
const HEAD_LINE_CHARS: usize = 60;
/// A dateline's dash comes within this many bytes of the start.
const DATELINE_BYTES: usize = 80;

/// Weekday names, as a reporter writes them before a date.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// The publication date that the opening of an article gives, and how it was found, or
/// `None` when it gives none that can be trusted. Only two shapes count: a date at the
/// head of the text (a dateline), and a date written with its weekday in the running text;
/// either is refused when the words just before it say it is not the day of the news
/// (`born on`, `founded`, `until`, `payable`, ...). Other dates in running text are the
/// dates of other things (measured: most of them are not the publication date).
pub fn find_publication_date(opening: &str) -> Option<(NaiveDate, Found)> {
    let words = words(opening);
    // The head: a short first line (a date on its own line), or the first line up to a
    // dash that comes early (a dateline: `WASHINGTON, May 4, 2025 - `).
    let indent = opening.len() - opening.trim_start().len();
    let first_line = opening.trim_start().lines().next().unwrap_or("");
    let head_end = indent
        + if first_line.chars().count() <= HEAD_LINE_CHARS && !first_line.trim_end().ends_with('.')
        {
            first_line.len()
        } else {
            // (Spanish: `CIUDAD DE MÉXICO.—`, `Madrid, 3 may 2025 (EFE).-`.)
            [
                " - ",
                " \u{2014} ",
                " \u{2013} ",
                " -- ",
                ".\u{2014}",
                ".\u{2013}",
                ".- ",
                ").-",
            ]
            .iter()
            .filter_map(|d| first_line.find(d))
            .filter(|&at| at <= DATELINE_BYTES)
            .min()
            .unwrap_or(0)
        };
    for i in 0..words.len() {
        let Some(date) = date_at(&words, i) else {
            continue;
        };
        let before: Vec<String> = words[i.saturating_sub(CUE_WORDS)..i]
            .iter()
            .map(|w| w.text.to_ascii_lowercase())
            .collect();
        if before.iter().any(|w| NOT_THE_NEWS.contains(&w.as_str())) {
            continue;
        }
        if words[i].start < head_end {
            return Some((date, Found::Dateline));
        }
        let weekday = before
            .last()
            .is_some_and(|w| WEEKDAYS.contains(&w.as_str()));
        if weekday {
            return Some((date, Found::Text));
        }
    }
    None
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
                out.push(Word {
                    text: &text[s..i],
                    start: s,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            start: s,
        });
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
    // Day Month[,] Year, and the Spanish `3 de mayo de 2025`, `3 de mayo del 2025`.
    if let Some(day) = day(w.text) {
        let de = |k: usize| {
            words.get(k).is_some_and(|x| {
                x.text.eq_ignore_ascii_case("de") || x.text.eq_ignore_ascii_case("del")
            })
        };
        let mut k = i + 1;
        if de(k) {
            k += 1;
        }
        let month = words.get(k).and_then(|m| month(m.text))?;
        k += 1;
        if de(k) {
            k += 1;
        }
        let year = words.get(k).and_then(|y| year(y.text))?;
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

/// Month number of a month name or abbreviation (`May`, `Sept`, `jan`; Spanish `mayo`,
/// `sept.`, `dic`), case-insensitive.
fn month(s: &str) -> Option<u32> {
    const MESES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    if let Some(m) = MESES.iter().position(|m| {
        m.eq_ignore_ascii_case(s)
            || (s.len() == 3
                && matches!(&m[..3], "ene" | "abr" | "ago" | "dic")
                && m[..3].eq_ignore_ascii_case(s))
    }) {
        return Some(m as u32 + 1);
    }
    if s.eq_ignore_ascii_case("setiembre") || s.eq_ignore_ascii_case("set") {
        return Some(9);
    }
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
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert!(plausible(
            NaiveDate::from_ymd_opt(1800, 1, 1).unwrap(),
            today
        ));
        assert!(plausible(
            NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            today
        ));
        assert!(!plausible(NaiveDate::from_ymd_opt(1, 1, 1).unwrap(), today));
        assert!(!plausible(
            NaiveDate::from_ymd_opt(1799, 12, 31).unwrap(),
            today
        ));
        assert!(!plausible(
            NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            today
        ));
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
    fn publication_dates_only_where_they_can_be_trusted() {
        let dateline = "WASHINGTON, May 4, 2025 - The talks failed on June 9, 2025.";
        assert_eq!(
            find_publication_date(dateline),
            Some((d(2025, 5, 4).unwrap(), Found::Dateline))
        );
        assert_eq!(
            find_publication_date("May 8, 2025\n\nThe mayor spoke."),
            Some((d(2025, 5, 8).unwrap(), Found::Dateline))
        );
        let weekday = "In a surprising turn, the president confirmed on Sunday, May 4, 2025, that talks failed.";
        assert_eq!(
            find_publication_date(weekday),
            Some((d(2025, 5, 4).unwrap(), Found::Text))
        );
        // Births, deaths, foundings, periods and payments are not the day of the news.
        for text in [
            "The singer, born on Monday, 5 April 1920 in Luton, died this week.",
            "Born in Luton on 5 April 1920, he was a star.",
            "Shares are payable April 15, 1987 to holders of record March 31, 1987.",
            "The firm, founded January 3, 1901, reported a loss.",
            "The attacks of 11 September 2001 changed everything.",
            "Sales through March 31, 1987 rose.",
        ] {
            assert_eq!(find_publication_date(text), None, "{text}");
        }
    }

    #[test]
    fn spanish_dates_and_datelines() {
        assert_eq!(parse_date("3 de mayo de 2025"), d(2025, 5, 3));
        assert_eq!(parse_date("el 14 de septiembre del 2020"), d(2020, 9, 14));
        assert_eq!(parse_date("1 de dic de 2021"), d(2021, 12, 1));
        assert_eq!(parse_date("7 ago 2019"), d(2019, 8, 7));
        assert_eq!(parse_date("30 de febrero de 2025"), None);
        assert_eq!(parse_date("3 de mayo"), None);
        // A dateline: the place, the date, the agency and a dash.
        assert_eq!(
            find_publication_date(
                "Madrid, 3 de mayo de 2025 (EFE).- El Gobierno anunció ayer que…"
            ),
            Some((d(2025, 5, 3).unwrap(), Found::Dateline))
        );
        assert_eq!(
            find_publication_date(
                "CIUDAD DE MÉXICO, 4 de mayo de 2025.— La presidenta Claudia Sheinbaum rechazó la oferta."
            ),
            Some((d(2025, 5, 4).unwrap(), Found::Dateline))
        );
        // A date with its weekday in running text; a birth date is not the news's.
        assert_eq!(
            find_publication_date(
                "La mandataria habló el domingo 4 de mayo de 2025 en Palacio Nacional sobre la oferta que recibió."
            ),
            Some((d(2025, 5, 4).unwrap(), Found::Text))
        );
        assert_eq!(
            find_publication_date(
                "El escritor, que nació el lunes 3 de mayo de 1943 en Lima, presentó ayer su último libro ante cientos de lectores."
            ),
            None
        );
    }

    #[test]
    fn text_without_a_date() {
        assert_eq!(find_date("No date here, only May and 2025 apart."), None);
        assert_eq!(find_date("They may 4 times say 2025 things."), None);
        assert_eq!(find_date("Page 3 of 10"), None);
    }
}
