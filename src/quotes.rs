//! Quotation provenance (`dossier quotes QUERY`): the same quotation across articles, and
//! where it first appeared.
//!
//! A group shows what its first article says; when a later article carries more of the
//! quotation, that version is shown too, as such (`longer`).
//!
//! The quotations a quotation search finds ([`Engine::search_quotes`]) are grouped when
//! their words are the same once case, accents, punctuation and whitespace are folded; when
//! one, trimmed, is contained in the other (`Sovereignty is not for sale` in `Sovereignty is
//! not for sale. Sovereignty is loved and defended.`); or when an ellipsis (`…`, `...`)
//! splits one into fragments that each appear in the other. Containment needs at least
//! [`MIN_CONTAINED_WORDS`] words, so that a short phrase (`thank you`) groups only with
//! the same phrase; and a quotation found inside several different quotations (a slogan
//! each of them repeats) is grouped with none of them, so that it does not make them one. Each group says who said it (the canonical name through the speaker
//! registry), its first article (earliest date, undated last, ties by id), and how many
//! articles and distinct sources repeated it. Groups are ordered by their best member's
//! place in the search's order: relevance by default; with `--sort date` the group whose
//! first appearance is earliest comes first.
//!
//! `dossier quotes sovereignty --format json` on the sample corpus (one group; `jsonl`
//! prints one group a line):
//!
//! ```json
//! {"query": "sovereignty", "total_groups": 1, "took_ms": 1.6, "groups": [
//!   {"rank": 1, "speaker": "Claudia Sheinbaum",
//!    "text": "Sovereignty is not for sale",
//!    "longer": {"id": "corpus/003_be1b363fc0f9907e.txt",
//!      "text": "He said, 'How can we help you […]' Sovereignty is not for sale. Sovereignty is loved and defended."},
//!    "first": {"id": "corpus/000_236df60e3b6eb425.txt", "title": "", "source": "corpus", "date": "2025-05-04"},
//!    "articles": 2, "sources": 1,
//!    "members": [
//!      {"id": "corpus/000_236df60e3b6eb425.txt", "path": "corpus/000_236df60e3b6eb425.txt", "title": "",
//!       "source": "corpus", "date": "2025-05-04", "speaker": "Claudia Sheinbaum",
//!       "text": "Sovereignty is not for sale", "score": 0.357},
//!      {"id": "corpus/003_be1b363fc0f9907e.txt", "…": "…"}]}]}
//! ```

use std::collections::HashMap;
use std::time::Instant;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::search::{Engine, QuoteHit, SearchError, SearchOptions};

/// Fewest words a quotation (or its fragments together) needs to be found inside a longer
/// one; shorter quotations group only with quotations of the same words.
pub const MIN_CONTAINED_WORDS: usize = 4;

/// A provenance search's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuotesResponse {
    /// The query as given.
    pub query: String,
    /// Groups in all (not only those returned).
    pub total_groups: u64,
    /// Time spent, in milliseconds.
    pub took_ms: f64,
    /// How the query was read (with `explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    /// What the user should know about the query.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The returned groups, best first.
    pub groups: Vec<QuoteGroup>,
}

/// One quotation and the articles that carry it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteGroup {
    /// 1-based rank, counting the offset.
    pub rank: usize,
    /// Canonical name of the speaker most members give (empty: unknown).
    pub speaker: String,
    /// The words as the first article (see `first`) has them.
    pub text: String,
    /// The fullest wording among the later members (the most words; of equals, the earliest)
    /// when it holds more words than the first article's; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longer: Option<Longer>,
    /// Where it first appeared.
    pub first: Appearance,
    /// Articles that carry it.
    pub articles: usize,
    /// Distinct sources of those articles.
    pub sources: usize,
    /// Every article that carries it, first appearance first.
    pub members: Vec<Member>,
}

/// A later, longer version of a quotation than its first article's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Longer {
    /// The article that has it.
    pub id: String,
    /// Its words there.
    pub text: String,
}

/// The article a quotation first appeared in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Appearance {
    pub id: String,
    pub title: String,
    pub source: String,
    /// `YYYY-MM-DD` or null.
    pub date: Option<NaiveDate>,
}

/// One article carrying a quotation, with its wording there.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub path: String,
    pub title: String,
    pub source: String,
    pub date: Option<NaiveDate>,
    /// The speaker as this article gives it (canonical name).
    pub speaker: String,
    /// The quotation's words in this article.
    pub text: String,
    /// The article's score.
    pub score: f32,
}

/// Runs the quotation search of `options` and groups what it finds (see the module). The
/// options' `limit` and `offset` apply to groups.
pub fn quotes(engine: &Engine, options: &SearchOptions) -> Result<QuotesResponse, SearchError> {
    let started = Instant::now();
    // Every copy of a story counts: copies are where a quotation was repeated.
    let all = SearchOptions {
        limit: usize::MAX,
        offset: 0,
        snippets: None,
        all_copies: true,
        ..options.clone()
    };
    let found = engine.search_quotes(&all)?;
    let texts: Vec<&str> = found.hits.iter().map(|h| h.text.as_str()).collect();
    let mut groups = group(&texts)
        .into_iter()
        .map(|members| make_group(engine, &found.hits, &members))
        .collect::<Vec<_>>();
    // Members are in search order, so a group's first member index is its best.
    groups.sort_by_key(|(best, _)| *best);
    let total = groups.len() as u64;
    let groups = groups
        .into_iter()
        .skip(options.offset)
        .take(options.limit)
        .enumerate()
        .map(|(i, (_, mut g))| {
            g.rank = options.offset + i + 1;
            g
        })
        .collect();
    Ok(QuotesResponse {
        query: options.query.clone(),
        total_groups: total,
        took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
        explain: found.explain,
        warnings: found.warnings,
        groups,
    })
}

/// Builds a group from the hits at `members` (in search order): its best member's index
/// and the group.
fn make_group(engine: &Engine, hits: &[QuoteHit], members: &[usize]) -> (usize, QuoteGroup) {
    let best = members.iter().copied().min().unwrap_or(0);
    // One member per article: its first quotation in search order.
    let mut by_article: Vec<&QuoteHit> = Vec::new();
    for &m in members {
        if !by_article.iter().any(|h| h.id == hits[m].id) {
            by_article.push(&hits[m]);
        }
    }
    by_article.sort_by(|a, b| match (a.date, b.date) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
    let members: Vec<Member> = by_article
        .iter()
        .map(|h| Member {
            id: h.id.clone(),
            path: h.path.clone(),
            title: h.title.clone(),
            source: h.source.clone(),
            date: h.date,
            speaker: engine.canonical_speaker(&h.speaker),
            text: h.text.clone(),
            score: h.score,
        })
        .collect();
    let first = &members[0];
    let mut sources: Vec<String> = members
        .iter()
        .filter(|m| !m.source.is_empty())
        .map(|m| m.source.to_lowercase())
        .collect();
    sources.sort();
    sources.dedup();
    // The first article's words; and the fullest wording (the most words; of equals, the
    // earliest) when a later article has more.
    let words = |m: &Member| fragments(&m.text).iter().map(Vec::len).sum::<usize>();
    let longer = members
        .iter()
        .rev()
        .max_by_key(|m| words(m))
        .filter(|m| words(m) > words(first))
        .map(|m| Longer {
            id: m.id.clone(),
            text: m.text.clone(),
        });
    let group = QuoteGroup {
        rank: 0,
        speaker: main_speaker(&members),
        text: first.text.clone(),
        longer,
        first: Appearance {
            id: first.id.clone(),
            title: first.title.clone(),
            source: first.source.clone(),
            date: first.date,
        },
        articles: members.len(),
        sources: sources.len(),
        members,
    };
    (best, group)
}

/// The speaker most members give (a known one before unknown; ties: the earliest member's).
fn main_speaker(members: &[Member]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in members.iter().filter(|m| !m.speaker.is_empty()) {
        match counts.iter_mut().find(|(s, _)| *s == m.speaker) {
            Some(c) => c.1 += 1,
            None => counts.push((&m.speaker, 1)),
        }
    }
    // max_by_key keeps the last of equals: reverse so that the earliest wins.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| s.to_string())
        .unwrap_or_default()
}

/// A quotation's words, folded: lower case, accents folded, punctuation and whitespace
/// gone; one list per fragment (the parts an ellipsis separates).
fn fragments(text: &str) -> Vec<Vec<String>> {
    let analyzer = crate::engine::schema::name_analyzer();
    text.replace('…', "...")
        .split("...")
        .map(|part| crate::engine::analysis::analyze(&analyzer, part))
        .filter(|words| !words.is_empty())
        .collect()
}

/// Groups quotations that are the same (see the module): each group is a list of indices
/// into `texts`, in increasing order; groups in order of their first index.
pub fn group(texts: &[&str]) -> Vec<Vec<usize>> {
    let folded: Vec<Vec<Vec<String>>> = texts.iter().map(|t| fragments(t)).collect();
    let whole: Vec<Vec<&str>> = folded
        .iter()
        .map(|f| f.iter().flatten().map(String::as_str).collect())
        .collect();
    // Where each word occurs: a quotation can only be inside quotations that have the
    // first word of its longest fragment.
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, words) in whole.iter().enumerate() {
        let mut seen: Vec<&str> = Vec::new();
        for &w in words {
            if !seen.contains(&w) {
                seen.push(w);
                by_word.entry(w).or_default().push(i);
            }
        }
    }
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    // The same words: one quotation, whatever its length.
    let mut same: HashMap<&[&str], usize> = HashMap::new();
    for (i, words) in whole.iter().enumerate() {
        if words.is_empty() {
            continue;
        }
        let first = *same.entry(words.as_slice()).or_insert(i);
        union(&mut parent, i, first);
    }
    // Inside a longer one: longest first, so that the longer quotation's group is settled.
    // A quotation found inside several different quotations (a slogan each repeats) joins
    // none of them: it would make them one.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(whole[i].len()));
    for i in order {
        let frags = &folded[i];
        let Some(longest) = frags.iter().max_by_key(|f| f.len()) else {
            continue;
        };
        let size: usize = frags.iter().map(Vec::len).sum();
        if size < MIN_CONTAINED_WORDS {
            continue;
        }
        let mut containers: Vec<usize> = Vec::new();
        for &j in by_word.get(longest[0].as_str()).into_iter().flatten() {
            if whole[j].len() <= size || whole[j] == whole[i] {
                continue;
            }
            if frags.iter().all(|f| contains(&whole[j], f)) {
                let root = find(&mut parent, j);
                if !containers.contains(&root) {
                    containers.push(root);
                }
            }
        }
        if let [one] = containers.as_slice() {
            union(&mut parent, i, *one);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..texts.len() {
        let root = find(&mut parent, i);
        let g = *index_of.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

/// Whether `part` occurs in `words` as consecutive words.
fn contains(words: &[&str], part: &[String]) -> bool {
    part.is_empty()
        || words
            .windows(part.len())
            .any(|w| w.iter().zip(part).all(|(a, b)| *a == b))
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_whitespace_fold() {
        assert_eq!(
            group(&[
                "Sovereignty is not for sale.",
                "sovereignty is  NOT for sale",
                "Sovereignty, is not for sale!",
            ]),
            vec![vec![0, 1, 2]]
        );
    }

    #[test]
    fn a_trimmed_quotation_joins_the_longer_one() {
        assert_eq!(
            group(&[
                "Sovereignty is not for sale. Sovereignty is loved and defended.",
                "Sovereignty is not for sale",
                "We will build the wall",
            ]),
            vec![vec![0, 1], vec![2]]
        );
    }

    #[test]
    fn ellipsis_fragments_each_found_in_the_other() {
        assert_eq!(
            group(&[
                "We can work together … but you in your territory and us in ours",
                "We can work together, we can collaborate, but you in your territory and us in ours.",
                "We can work together... but not in your territory",
            ]),
            vec![vec![0, 1], vec![2]]
        );
    }

    #[test]
    fn a_phrase_inside_different_quotations_does_not_join_them() {
        assert_eq!(
            group(&[
                "I built a tremendous company and all I want to do is make America great again.",
                "We will win so much, we will make America great again, believe me",
                "Make America great again!",
                "make america great again",
            ]),
            vec![vec![0], vec![1], vec![2, 3]]
        );
    }

    #[test]
    fn short_quotations_group_only_when_equal() {
        assert_eq!(
            group(&[
                "Thank you",
                "thank you!",
                "Thank you all for coming tonight"
            ]),
            vec![vec![0, 1], vec![2]]
        );
    }

    #[test]
    fn the_main_speaker_is_the_most_frequent_known_one() {
        let m = |s: &str| Member {
            id: String::new(),
            path: String::new(),
            title: String::new(),
            source: String::new(),
            date: None,
            speaker: s.into(),
            text: String::new(),
            score: 0.0,
        };
        assert_eq!(main_speaker(&[m(""), m("A B"), m("C D"), m("C D")]), "C D");
        assert_eq!(main_speaker(&[m("A B"), m("C D")]), "A B");
        assert_eq!(main_speaker(&[m("")]), "");
    }
}
