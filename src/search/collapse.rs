//! One hit per story: a collector that gathers the matching articles of each story group
//! (see `crate::stories`), picks the group's representative — the best match, or with a
//! date order the earliest copy — and orders the groups as the search asks.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::Sort;
use crate::engine::schema::names;

/// A matching article: its address, score, day (seconds since the epoch) and story.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub address: DocAddress,
    pub score: Score,
    pub date: Option<i64>,
    pub story: u64,
}

/// The matching articles of one story: the representative first, the others by date.
#[derive(Debug, Clone)]
pub struct Story {
    pub members: Vec<Member>,
}

impl Story {
    pub fn representative(&self) -> &Member {
        &self.members[0]
    }
}

/// Collects every matching article by story; the fruit is the stories in `sort`'s order.
pub struct Stories {
    pub sort: Sort,
}

/// Earlier dates first, undated last.
fn by_date(a: &Member, b: &Member) -> Ordering {
    match (a.date, b.date) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then(a.address.cmp(&b.address))
}

/// Better matches first, then earlier copies.
fn by_score(a: &Member, b: &Member) -> Ordering {
    b.score
        .partial_cmp(&a.score)
        .unwrap_or(Ordering::Equal)
        .then_with(|| by_date(a, b))
}

impl Collector for Stories {
    type Fruit = Vec<Story>;
    type Child = SegmentStories;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(SegmentStories {
            segment,
            story: fast.u64(names::STORY)?,
            date: fast.date(names::DATE)?,
            members: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Member>>) -> tantivy::Result<Vec<Story>> {
        let mut groups: FxHashMap<u64, Vec<Member>> = FxHashMap::default();
        for member in fruits.into_iter().flatten() {
            groups.entry(member.story).or_default().push(member);
        }
        let pick: fn(&Member, &Member) -> Ordering = match self.sort {
            Sort::Relevance => by_score,
            Sort::Date | Sort::DateDesc => by_date,
        };
        let mut stories: Vec<Story> = groups
            .into_values()
            .map(|mut members| {
                // The representative first, then the other copies by date.
                let best = (0..members.len())
                    .min_by(|&i, &j| pick(&members[i], &members[j]))
                    .unwrap_or(0);
                members.swap(0, best);
                members[1..].sort_by(by_date);
                Story { members }
            })
            .collect();
        match self.sort {
            Sort::Relevance => {
                stories.sort_by(|a, b| by_score(a.representative(), b.representative()))
            }
            Sort::Date => stories.sort_by(|a, b| by_date(a.representative(), b.representative())),
            Sort::DateDesc => stories.sort_by(|a, b| {
                let (x, y) = (a.representative(), b.representative());
                match (x.date, y.date) {
                    (Some(p), Some(q)) => q.cmp(&p).then(x.address.cmp(&y.address)),
                    _ => by_date(x, y),
                }
            }),
        }
        Ok(stories)
    }
}

/// The matching articles of one segment.
pub struct SegmentStories {
    segment: SegmentOrdinal,
    story: Column<u64>,
    date: Column<DateTime>,
    members: Vec<Member>,
}

impl SegmentCollector for SegmentStories {
    type Fruit = Vec<Member>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let address = DocAddress::new(self.segment, doc);
        // An article without a group (none should be) is a story of its own.
        let story = self.story.first(doc).unwrap_or_else(|| {
            (u64::from(self.segment) << 32 | u64::from(doc)) ^ 0xa5a5_0000_0000_0000
        });
        self.members.push(Member {
            address,
            score,
            date: self.date.first(doc).map(|d| d.into_timestamp_secs()),
            story,
        });
    }

    fn harvest(self) -> Vec<Member> {
        self.members
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(doc: u32, score: f32, date: Option<i64>) -> Member {
        Member {
            address: DocAddress::new(0, doc),
            score,
            date,
            story: 0,
        }
    }

    #[test]
    fn representative_is_the_best_match_or_the_earliest_copy() {
        let members = vec![
            member(0, 1.0, Some(30)),
            member(1, 3.0, Some(20)),
            member(2, 2.0, None),
            member(3, 0.5, Some(10)),
        ];
        let relevance = Stories {
            sort: Sort::Relevance,
        }
        .merge_fruits(vec![members.clone()])
        .unwrap();
        let docs = |s: &Story| {
            s.members
                .iter()
                .map(|m| m.address.doc_id)
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(&relevance[0]), vec![1, 3, 0, 2]);
        let by_date = Stories {
            sort: Sort::DateDesc,
        }
        .merge_fruits(vec![members])
        .unwrap();
        assert_eq!(docs(&by_date[0]), vec![3, 1, 0, 2]);
    }
}
