//! Periods as people write them in filters: a day (`2016-03-04`), a month (`2016-03`) or a
//! year (`2016`). `--since 2016` means from the first day of 2016, `--until 2016-03` up to
//! the last day of March 2016; the query language's `date:2016` is the whole year.

use chrono::{Datelike, NaiveDate};

/// Which end of a period a date filter takes: `since` its first day, `until` its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Since,
    Until,
}

/// The day a `since` or `until` filter means, from what a person wrote: the one parser of
/// date filters for the command line, `batch` lines and the server's parameters, with the
/// one message they all give.
pub fn limit(text: &str, edge: Edge) -> Result<NaiveDate, String> {
    let (first, last) = period(text).ok_or_else(|| {
        format!("expected a date as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2025-05-04), got {text:?}")
    })?;
    Ok(match edge {
        Edge::Since => first,
        Edge::Until => last,
    })
}

/// The first and last day of a range between the periods `lower` and `upper` (`None`: open),
/// each end included or not: `[2016-01 TO 2016-06]` is 2016-01-01 to 2016-06-30,
/// `{2016 TO 2018}` 2017-01-01 to 2017-12-31. `Err` holds an end that names no period.
pub fn range(
    lower: Option<&str>,
    upper: Option<&str>,
    lower_inclusive: bool,
    upper_inclusive: bool,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
    let end = |value: Option<&str>, inclusive: bool, is_lower: bool| -> Result<_, String> {
        match value {
            None => Ok(None),
            Some(v) => {
                let (first, last) = period(v).ok_or_else(|| v.to_string())?;
                Ok(Some(match (is_lower, inclusive) {
                    (true, true) => first,
                    (true, false) => last.succ_opt().unwrap_or(last),
                    (false, true) => last,
                    (false, false) => first.pred_opt().unwrap_or(first),
                }))
            }
        }
    };
    Ok((
        end(lower, lower_inclusive, true)?,
        end(upper, upper_inclusive, false)?,
    ))
}

/// The first and last day of the period `text` names, or `None` if it names none.
pub fn period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => {
            let y = number(y, 4..=4)? as i32;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        [y, m] => {
            let first = NaiveDate::from_ymd_opt(number(y, 4..=4)? as i32, number(m, 1..=2)?, 1)?;
            Some((first, last_of_month(first)))
        }
        [y, m, d] => {
            let day = NaiveDate::from_ymd_opt(
                number(y, 4..=4)? as i32,
                number(m, 1..=2)?,
                number(d, 1..=2)?,
            )?;
            Some((day, day))
        }
        _ => None,
    }
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|next| next.pred_opt())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ranges_include_or_exclude_their_ends() {
        assert_eq!(
            range(Some("2016-01"), Some("2016-06"), true, true),
            Ok((Some(day(2016, 1, 1)), Some(day(2016, 6, 30))))
        );
        assert_eq!(
            range(Some("2016"), Some("2018"), false, false),
            Ok((Some(day(2017, 1, 1)), Some(day(2017, 12, 31))))
        );
        assert_eq!(
            range(None, Some("2020"), true, false),
            Ok((None, Some(day(2019, 12, 31))))
        );
        assert_eq!(
            range(Some("soon"), None, true, true),
            Err("soon".to_string())
        );
    }

    #[test]
    fn days_months_and_years() {
        assert_eq!(period("2016"), Some((day(2016, 1, 1), day(2016, 12, 31))));
        assert_eq!(period("2016-03"), Some((day(2016, 3, 1), day(2016, 3, 31))));
        assert_eq!(period("2016-2"), Some((day(2016, 2, 1), day(2016, 2, 29))));
        assert_eq!(
            period("2015-12"),
            Some((day(2015, 12, 1), day(2015, 12, 31)))
        );
        assert_eq!(
            period(" 2025-05-04 "),
            Some((day(2025, 5, 4), day(2025, 5, 4)))
        );
    }

    #[test]
    fn not_periods() {
        for s in [
            "",
            "May",
            "16",
            "2016-13",
            "2016-02-30",
            "2016/03",
            "2016-03-04-05",
            "+2016",
        ] {
            assert_eq!(period(s), None, "{s}");
        }
    }
}
