//! Facets of a search: how the matching articles spread over speakers, sources, languages
//! and time.
//! Counted on the fast fields, never by loading documents: speakers through the registry,
//! as `dossier speakers` and `stats` count them (a person under all their names, the copies
//! of one story once); sources, languages and the date histogram by tantivy's aggregations.

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{
    AggregationResult, AggregationResults, BucketEntries, BucketEntry, BucketResult, MetricResult,
};
use tantivy::aggregation::{AggContextParams, AggregationCollector, Key};
use tantivy::collector::Count;
use tantivy::query::{AllQuery, Query};

use super::{millis, Engine, SearchOptions};
use crate::engine::counts::NameCount;
use crate::engine::schema::names;

/// At most this many bars in a date histogram: the bucket width is the narrowest of
/// [`WIDTHS`] that covers the matching dates in this many buckets.
const MAX_BUCKETS: i64 = 60;

/// Bucket widths in days: a day, a week (from Monday), about a month, a quarter, a year;
/// then decades for long archives.
const WIDTHS: [i64; 6] = [1, 7, 30, 91, 365, 3652];

const DAY_MS: i64 = 86_400_000;

/// What the matching articles of a search are spread over.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Facets {
    /// The query as given.
    pub query: String,
    /// Matching articles in all.
    pub total_hits: u64,
    /// Time spent counting, in milliseconds.
    pub took_ms: f64,
    /// Most frequent speakers of the matching articles: articles quoting each person under
    /// any of their names, the copies of one story once (as `dossier speakers` counts).
    pub speakers: Vec<NameCount>,
    /// Most frequent sources of the matching articles.
    pub sources: Vec<NameCount>,
    /// The matching articles by language (ISO 639-1 code, or `und`), most first.
    #[serde(default)]
    pub languages: Vec<NameCount>,
    /// The matching articles by date.
    pub dates: DateHistogram,
}

/// Matching articles counted by date, in buckets of equal width.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DateHistogram {
    /// Width of each bucket in days (1, 7, 30, 91, 365 or 3652).
    pub interval_days: u32,
    /// Earliest date of a matching article.
    pub first: Option<NaiveDate>,
    /// Latest date of a matching article.
    pub last: Option<NaiveDate>,
    /// Matching articles without a date (in no bucket).
    pub undated: u64,
    /// Every bucket from the first date's to the last date's, empty ones included.
    pub buckets: Vec<DateBucket>,
}

/// Articles dated from `start` to `end`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateBucket {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub articles: u64,
}

impl Engine {
    /// Facets of the articles matching `options` (its query, or all articles when it is
    /// empty, and its filters): the `top` most frequent speakers, sources and languages, and
    /// a date histogram.
    pub fn facets(
        &self,
        options: &SearchOptions,
        top: usize,
    ) -> Result<Facets, super::SearchError> {
        let started = Instant::now();
        options.check()?;
        let everything = options.query.trim().is_empty()
            && options.speakers.is_empty()
            && options.sources.is_empty()
            && options.langs.is_empty()
            && options.since.is_none()
            && options.until.is_none();
        let query: Box<dyn Query> = if options.query.trim().is_empty() {
            Box::new(AllQuery)
        } else {
            self.compile(&options.query, options.any)?.query
        };
        let query = self.filtered(query, options);
        // Speakers are counted as `dossier speakers` and `stats` count them: each person
        // under all their names, the copies of one story once.
        let mut speakers: Vec<NameCount> = self
            .speaker_counts((!everything).then_some(query.as_ref()), 0)?
            .into_iter()
            .filter(|s| s.articles > 0)
            .map(|s| NameCount {
                name: s.name,
                articles: s.articles,
            })
            .collect();
        speakers.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
        speakers.truncate(top.clamp(1, 10_000));
        let top = top.clamp(1, 10_000) as u32;
        let terms = |field: &str| json!({"terms": {"field": field, "size": top, "segment_size": top.saturating_mul(10).max(100)}});
        let first_pass = json!({
            "sources": terms(names::SOURCE),
            "languages": terms(names::LANG),
            "first": {"min": {"field": names::DATE}},
            "last": {"max": {"field": names::DATE}},
        });
        let (total, results) = self
            .searcher
            .search(&query, &(Count, collector(first_pass)?))?;
        let first = metric_day(&results, "first");
        let last = metric_day(&results, "last");
        let buckets = match (first, last) {
            (Some(first), Some(last)) => self.histogram(query.as_ref(), first, last)?,
            _ => (1, Vec::new()),
        };
        let dated: u64 = buckets.1.iter().map(|b| b.articles).sum();
        Ok(Facets {
            query: options.query.clone(),
            total_hits: total as u64,
            took_ms: millis(started),
            speakers,
            sources: term_counts(&results, "sources"),
            languages: term_counts(&results, "languages"),
            dates: DateHistogram {
                interval_days: buckets.0 as u32,
                first,
                last,
                undated: (total as u64).saturating_sub(dated),
                buckets: buckets.1,
            },
        })
    }

    /// The date histogram of `query`'s articles dated from `first` to `last`: bucket width
    /// and buckets.
    fn histogram(
        &self,
        query: &dyn Query,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<(i64, Vec<DateBucket>)> {
        let span = (last - first).num_days() + 1;
        let width = WIDTHS
            .into_iter()
            .find(|w| (span + w - 1) / w <= MAX_BUCKETS)
            .unwrap_or(WIDTHS[WIDTHS.len() - 1]);
        let first_ms = days_since_epoch(first) * DAY_MS;
        let offset_days = match width {
            1 => 0,
            // 1970-01-05, the first Monday after the epoch.
            7 => 4,
            // Buckets start on the first date.
            _ => (first_ms / DAY_MS).rem_euclid(width),
        };
        let request = json!({
            "dates": {"date_histogram": {
                "field": names::DATE,
                "fixed_interval": format!("{width}d"),
                "offset": format!("{offset_days}d"),
                "min_doc_count": 0,
            }}
        });
        let results = self.searcher.search(query, &collector(request)?)?;
        let entries: Vec<&BucketEntry> = match results.0.get("dates") {
            Some(AggregationResult::BucketResult(BucketResult::Histogram { buckets })) => {
                match buckets {
                    BucketEntries::Vec(v) => v.iter().collect(),
                    BucketEntries::HashMap(m) => m.values().collect(),
                }
            }
            _ => Vec::new(),
        };
        let mut buckets: Vec<DateBucket> = entries
            .into_iter()
            .filter_map(|e| {
                let ms = match e.key {
                    Key::F64(v) => v as i64,
                    Key::I64(v) => v,
                    Key::U64(v) => v as i64,
                    Key::Str(_) => return None,
                };
                let start = day_from_epoch_days(ms.div_euclid(DAY_MS))?;
                Some(DateBucket {
                    start,
                    end: start + chrono::Duration::days(width - 1),
                    articles: e.doc_count,
                })
            })
            .collect();
        buckets.sort_by_key(|b| b.start);
        Ok((width, buckets))
    }
}

/// An aggregation collector for a request written as Elasticsearch-style JSON.
fn collector(request: serde_json::Value) -> Result<AggregationCollector> {
    let aggs: Aggregations =
        serde_json::from_value(request).context("building the facet aggregations")?;
    Ok(AggregationCollector::from_aggs(
        aggs,
        AggContextParams::new(Default::default(), Default::default()),
    ))
}

/// The buckets of a terms aggregation as names with article counts, most frequent first.
fn term_counts(results: &AggregationResults, name: &str) -> Vec<NameCount> {
    match results.0.get(name) {
        Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => buckets
            .iter()
            .filter_map(|b| match &b.key {
                Key::Str(s) if !s.is_empty() => Some(NameCount {
                    name: s.clone(),
                    articles: b.doc_count,
                }),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The day of a min or max aggregation on the date field (its value is in nanoseconds),
/// or `None` when no matching article has a date.
fn metric_day(results: &AggregationResults, name: &str) -> Option<NaiveDate> {
    let value = match results.0.get(name)? {
        AggregationResult::MetricResult(MetricResult::Min(m) | MetricResult::Max(m)) => m.value?,
        _ => return None,
    };
    if !value.is_finite() {
        return None;
    }
    let days = (value / 1e9 / 86_400.0).floor() as i64;
    day_from_epoch_days(days)
}

fn days_since_epoch(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce()) - i64::from(EPOCH_CE_DAYS)
}

fn day_from_epoch_days(days: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(days + i64::from(EPOCH_CE_DAYS)).ok()?)
}

/// 1970-01-01 counted in days from 0001-01-01 (day 1).
const EPOCH_CE_DAYS: i32 = 719_163;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_round_trip() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        assert_eq!(days_since_epoch(epoch), 0);
        let d = NaiveDate::from_ymd_opt(2025, 5, 4).unwrap();
        assert_eq!(day_from_epoch_days(days_since_epoch(d)), Some(d));
        assert_eq!(
            day_from_epoch_days(4).map(|d| d.weekday()),
            Some(chrono::Weekday::Mon)
        );
    }
}
