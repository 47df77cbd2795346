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

/// Collects every matching article by story; the fruit counts them all and holds the first
/// `keep` stories in `sort`'s order (a page needs `offset + limit` of them).
pub struct Stories {
    pub sort: Sort,
    pub keep: usize,
}

/// What [`Stories`] found: how many articles and stories match, and the first stories.
#[derive(Debug)]
pub struct Collapsed {
    pub articles: usize,
    pub stories: usize,
    pub top: Vec<Story>,
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

/// Later dates first, undated last, then as [`by_date`].
fn by_date_desc(x: &Member, y: &Member) -> Ordering {
    match (x.date, y.date) {
        (Some(p), Some(q)) => q.cmp(&p).then(x.address.cmp(&y.address)),
        _ => by_date(x, y),
    }
}

impl Collector for Stories {
    type Fruit = Collapsed;
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

    /// Each story's representative in one pass; only the first `keep` stories are ordered
    /// and given their other copies (a one-shot top 10 of a common word matches thousands
    /// of articles: sorting them all cost a tenth of the process).
    fn merge_fruits(&self, fruits: Vec<Vec<Member>>) -> tantivy::Result<Collapsed> {
        let members: Vec<Member> = fruits.into_iter().flatten().collect();
        let pick: fn(&Member, &Member) -> Ordering = match self.sort {
            Sort::Relevance => by_score,
            Sort::Date | Sort::DateDesc => by_date,
        };
        let order: fn(&Member, &Member) -> Ordering = match self.sort {
            Sort::Relevance => by_score,
            Sort::Date => by_date,
            Sort::DateDesc => by_date_desc,
        };
        // Story → the index of its representative in `members`.
        let mut best: FxHashMap<u64, usize> = FxHashMap::default();
        for (i, m) in members.iter().enumerate() {
            best.entry(m.story)
                .and_modify(|b| {
                    if pick(m, &members[*b]) == Ordering::Less {
                        *b = i;
                    }
                })
                .or_insert(i);
        }
        let mut reps: Vec<usize> = best.into_values().collect();
        let stories = reps.len();
        let keep = self.keep.min(stories);
        if keep == 0 {
            reps.clear();
        } else if keep < stories {
            reps.select_nth_unstable_by(keep - 1, |&a, &b| order(&members[a], &members[b]));
            reps.truncate(keep);
        }
        reps.sort_by(|&a, &b| order(&members[a], &members[b]));
        // The other copies of the stories kept, by date.
        let slot: FxHashMap<u64, usize> = reps
            .iter()
            .enumerate()
            .map(|(k, &i)| (members[i].story, k))
            .collect();
        let mut top: Vec<Story> = reps
            .iter()
            .map(|&i| Story {
                members: vec![members[i]],
            })
            .collect();
        for (i, m) in members.iter().enumerate() {
            if let Some(&k) = slot.get(&m.story) {
                if reps[k] != i {
                    top[k].members.push(*m);
                }
            }
        }
        for story in &mut top {
            story.members[1..].sort_by(by_date);
        }
        Ok(Collapsed {
            articles: members.len(),
            stories,
            top,
        })
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
            keep: 10,
        }
        .merge_fruits(vec![members.clone()])
        .unwrap()
        .top;
        let docs = |s: &Story| {
            s.members
                .iter()
                .map(|m| m.address.doc_id)
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(&relevance[0]), vec![1, 3, 0, 2]);
        let by_date = Stories {
            sort: Sort::DateDesc,
            keep: 10,
        }
        .merge_fruits(vec![members])
        .unwrap()
        .top;
        assert_eq!(docs(&by_date[0]), vec![3, 1, 0, 2]);
    }

    #[test]
    fn only_the_first_stories_are_kept_in_order_and_all_are_counted() {
        // 50 stories of three copies each; story s's best copy scores s.
        let members: Vec<Member> = (0..150u32)
            .map(|doc| Member {
                address: DocAddress::new(0, doc),
                score: (doc % 50) as f32 + (doc / 50) as f32 * 0.1,
                date: Some(i64::from(1000 - doc)),
                story: u64::from(doc % 50),
            })
            .collect();
        let all = Stories {
            sort: Sort::Relevance,
            keep: usize::MAX,
        }
        .merge_fruits(vec![members.clone()])
        .unwrap();
        let some = Stories {
            sort: Sort::Relevance,
            keep: 7,
        }
        .merge_fruits(vec![members[..80].to_vec(), members[80..].to_vec()])
        .unwrap();
        assert_eq!((all.articles, all.stories), (150, 50));
        assert_eq!((some.articles, some.stories, some.top.len()), (150, 50, 7));
        let stories: Vec<u64> = some.top.iter().map(|s| s.members[0].story).collect();
        assert_eq!(stories, vec![49, 48, 47, 46, 45, 44, 43]);
        for (a, b) in some.top.iter().zip(&all.top) {
            let docs = |s: &Story| s.members.iter().map(|m| m.address).collect::<Vec<_>>();
            assert_eq!(docs(a), docs(b));
            // The best copy first (doc 149 for story 49), the others by date.
            assert_eq!(a.members.len(), 3);
        }
        assert_eq!(some.top[0].members[0].address.doc_id, 149);
        let none = Stories {
            sort: Sort::Date,
            keep: 0,
        }
        .merge_fruits(vec![members])
        .unwrap();
        assert_eq!((none.stories, none.top.len()), (50, 0));
    }
}
