//! Who is who: the rules that merge the speaker names an index holds into persons. Pure
//! functions over names and their counts; no index, no files.
//!
//! - **Folding**: two names are one form when their words are the same after case, accents
//!   and punctuation are folded (`Arsène Wenger` = `arsene wenger`). Names that differ only
//!   by single letters between the first and the last word (middle initials) are one person
//!   (`Donald J. Trump` = `Donald Trump`), unless two of them have different initials
//!   (`George W. Bush`, `George H. W. Bush`): those stay apart, and the name without
//!   initials joins one of them only when it dominates as below.
//! - **Shorter forms**: a form whose words end a longer form (`Trump`, `Lopez Obrador`) is the
//!   person of that longer form when there is only one such person, or when one of them has
//!   at least [`DOMINANCE`] times the articles of all the others together; otherwise it
//!   stays a person of its own (`Clinton` beside `Hillary Clinton` and `Bill Clinton`).
//!   Longer forms are settled first, so `Obrador` → `Lopez Obrador` → `Andres Manuel Lopez
//!   Obrador` is one person.
//! - **A second surname left out**: a form of two words or more that a longer form extends
//!   by one last word, not a generational suffix (`Claudia Sheinbaum` of `Claudia Sheinbaum
//!   Pardo`: Spanish names carry two surnames, news often writes one), is the person of that
//!   longer form under the same rule of one person or a dominant one; settled before the
//!   endings, so `Sheinbaum` then joins them both.
//! - **Canonical name**: the person's most frequent full form (two words or more), by
//!   articles, then quotations; a person with only one-word forms is named by the most
//!   frequent of them.

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

/// A shorter form goes to the leading person among several with its words at the end when
/// that person has at least this many times the articles of all the others together. Large
/// on purpose: a surname shared by two people in the news (the Clintons, 118 and 15 articles
/// in PolNeAR train) stays apart; a family name borne by one famous person and a few
/// relatives (Donald Trump: 169 articles; Eric, Melania: 3) goes to that person.
pub const DOMINANCE: u64 = 10;

/// A speaker name as the index holds it, with how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameStat {
    /// The name exactly as stored.
    pub name: String,
    /// Articles that name this speaker.
    pub articles: u64,
    /// Quotations attributed to this name.
    pub quotes: u64,
}

/// One person: the names the index gives them, canonical first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The canonical name.
    pub name: String,
    /// The other names, most frequent first.
    pub aliases: Vec<String>,
}

/// The words of a name after folding: lower case, accents and punctuation folded, middle
/// initials left out. Empty for a name with no letter or digit.
pub fn key_words(analyzer: &TextAnalyzer, name: &str) -> Vec<String> {
    without_initials(words(analyzer, name))
}

/// A name's folded words without its middle initials (see [`key_words`]).
pub fn without_initials(words: Vec<String>) -> Vec<String> {
    if words.len() < 3 {
        return words;
    }
    let last = words.len() - 1;
    words
        .into_iter()
        .enumerate()
        .filter(|(i, w)| *i == 0 || *i == last || w.chars().count() > 1)
        .map(|(_, w)| w)
        .collect()
}

/// The words of a name: lower case, accents and punctuation folded.
pub fn words(analyzer: &TextAnalyzer, name: &str) -> Vec<String> {
    crate::engine::analysis::analyze(analyzer, name)
}

/// [`words`] with an analyzer of the caller's (no copy of it made: for many names).
pub fn words_with(analyzer: &mut TextAnalyzer, name: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(name);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// [`key`] from a name's [`words`].
pub fn key_from_words(name: &str, words: Vec<String>) -> String {
    let words = without_initials(words);
    if words.is_empty() {
        // No word at all: the name stands for itself.
        return name.trim().to_lowercase();
    }
    words.join(" ")
}

/// The folded form of a name, as one string (see [`key_words`]).
pub fn key(analyzer: &TextAnalyzer, name: &str) -> String {
    key_from_words(name, words(analyzer, name))
}

/// Names with the same words (case, accents and punctuation folded).
struct Form {
    /// The words without middle initials ([`key_words`]).
    words: Vec<String>,
    /// The middle initials left out of `words`.
    initials: Vec<String>,
    /// Indices into the input names.
    names: Vec<usize>,
    articles: u64,
}

/// Merges `names` into persons (see the module's rules). Each input name is in exactly one
/// person. Persons come in no particular order.
pub fn merge(analyzer: &TextAnalyzer, names: &[NameStat]) -> Vec<Merged> {
    // Names with the same words.
    let mut forms: Vec<Form> = Vec::new();
    let mut by_words: HashMap<String, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        let all = words(analyzer, &n.name);
        let mut key = key_words(analyzer, &n.name);
        if key.is_empty() {
            key = vec![n.name.trim().to_lowercase()];
        }
        let initials = all
            .iter()
            .skip(1)
            .take(all.len().saturating_sub(2))
            .filter(|w| w.chars().count() == 1 && key.len() < all.len())
            .cloned()
            .collect();
        let f = *by_words.entry(all.join(" ")).or_insert_with(|| {
            forms.push(Form {
                words: key,
                initials,
                names: Vec::new(),
                articles: 0,
            });
            forms.len() - 1
        });
        forms[f].names.push(i);
        forms[f].articles += n.articles;
    }
    let mut sets = UnionFind::new(forms.iter().map(|f| f.articles).collect());
    merge_initials(&forms, &mut sets);
    // Longest first: a form's longer forms are settled before it.
    let mut order: Vec<usize> = (0..forms.len()).collect();
    order.sort_by_key(|&f| std::cmp::Reverse(forms[f].words.len()));
    // Every form of three words or more without its last word, unless that is a generational
    // suffix: the forms a full name without its second surname could be of.
    let mut extended: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (f, form) in forms.iter().enumerate() {
        if let [first @ .., last] = form.words.as_slice() {
            if first.len() >= 2 && !SUFFIXES.contains(&last.as_str()) {
                extended.entry(first).or_default().push(f);
            }
        }
    }
    join_shorter(&forms, &order, &extended, &mut sets);
    // Every proper ending of each form: the forms it could be a shorter form of.
    let mut longer: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (f, form) in forms.iter().enumerate() {
        for start in 1..form.words.len() {
            longer.entry(&form.words[start..]).or_default().push(f);
        }
    }
    join_shorter(&forms, &order, &longer, &mut sets);
    // Gather the names of each person.
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (f, form) in forms.iter().enumerate() {
        members
            .entry(sets.find(f))
            .or_default()
            .extend(form.names.iter().copied());
    }
    members
        .into_values()
        .map(|mut ids| {
            // Most frequent first; full forms before one-word ones for the canonical name.
            ids.sort_by(|&a, &b| {
                let (x, y) = (&names[a], &names[b]);
                y.articles
                    .cmp(&x.articles)
                    .then(y.quotes.cmp(&x.quotes))
                    .then(x.name.cmp(&y.name))
            });
            let canonical = ids
                .iter()
                .copied()
                .find(|&i| key_words(analyzer, &names[i].name).len() >= 2)
                .unwrap_or(ids[0]);
            Merged {
                name: names[canonical].name.clone(),
                aliases: ids
                    .iter()
                    .filter(|&&i| i != canonical)
                    .map(|&i| names[i].name.clone())
                    .collect(),
            }
        })
        .collect()
}

/// Generational suffixes: `Donald Trump Jr.` is not `Donald Trump` with a second surname.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Each form in `order` joins the person of the forms `longer` gives for its words (the forms
/// it is a shorter form of) when they are one person, or one of them dominates (see
/// [`dominant`]).
fn join_shorter(
    forms: &[Form],
    order: &[usize],
    longer: &HashMap<&[String], Vec<usize>>,
    sets: &mut UnionFind,
) {
    for &f in order {
        let Some(candidates) = longer.get(forms[f].words.as_slice()) else {
            continue;
        };
        let mut persons: Vec<usize> = candidates.iter().map(|&c| sets.find(c)).collect();
        persons.sort_unstable();
        persons.dedup();
        let target = match persons.as_slice() {
            [one] => Some(*one),
            _ => dominant(&persons, |p| sets.articles[p]),
        };
        if let Some(target) = target {
            sets.union(f, target);
        }
    }
}

/// Names that differ only by middle initials are one person (`Donald J. Trump`, `Donald
/// Trump`) — unless two of them have different initials (`George W. Bush`, `George H. W.
/// Bush`): those stay apart, and the name without initials goes to one of them only when it
/// dominates (see [`dominant`]).
fn merge_initials(forms: &[Form], sets: &mut UnionFind) {
    let mut by_key: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (f, form) in forms.iter().enumerate() {
        by_key.entry(&form.words).or_default().push(f);
    }
    for same in by_key.values().filter(|s| s.len() > 1) {
        let mut initials: Vec<&[String]> = same
            .iter()
            .map(|&f| forms[f].initials.as_slice())
            .filter(|i| !i.is_empty())
            .collect();
        initials.sort_unstable();
        initials.dedup();
        let bare: Vec<usize> = same
            .iter()
            .copied()
            .filter(|&f| forms[f].initials.is_empty())
            .collect();
        if initials.len() <= 1 {
            for &f in &same[1..] {
                sets.union(f, same[0]);
            }
            continue;
        }
        // Several sets of initials: a person each.
        for set in &initials {
            let members: Vec<usize> = same
                .iter()
                .copied()
                .filter(|&f| forms[f].initials.as_slice() == *set)
                .collect();
            for &f in &members[1..] {
                sets.union(f, members[0]);
            }
        }
        let mut persons: Vec<usize> = same
            .iter()
            .filter(|&&f| !forms[f].initials.is_empty())
            .map(|&f| sets.find(f))
            .collect();
        persons.sort_unstable();
        persons.dedup();
        if let Some(target) = dominant(&persons, |p| sets.articles[p]) {
            for &f in &bare {
                sets.union(f, target);
            }
        }
    }
}

/// The one of `persons` with at least [`DOMINANCE`] times the articles of all the others
/// together, if any.
fn dominant(persons: &[usize], articles: impl Fn(usize) -> u64) -> Option<usize> {
    let best = *persons.iter().max_by_key(|&&p| articles(p))?;
    let others: u64 = persons
        .iter()
        .filter(|&&p| p != best)
        .map(|&p| articles(p))
        .sum();
    (articles(best) >= DOMINANCE.saturating_mul(others.max(1))).then_some(best)
}

/// Disjoint sets of forms, each with its articles summed.
struct UnionFind {
    parent: Vec<usize>,
    articles: Vec<u64>,
}

impl UnionFind {
    fn new(articles: Vec<u64>) -> Self {
        UnionFind {
            parent: (0..articles.len()).collect(),
            articles,
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Puts the set of `x` into the set of `into`.
    fn union(&mut self, x: usize, into: usize) {
        let (a, b) = (self.find(x), self.find(into));
        if a != b {
            self.parent[a] = b;
            self.articles[b] += self.articles[a];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::schema::name_analyzer;

    fn stat(name: &str, articles: u64) -> NameStat {
        NameStat {
            name: name.into(),
            articles,
            quotes: articles,
        }
    }

    /// The persons of `names`, each as its canonical name then its aliases, sorted.
    fn persons(names: &[(&str, u64)]) -> Vec<Vec<String>> {
        let names: Vec<NameStat> = names.iter().map(|&(n, a)| stat(n, a)).collect();
        let mut out: Vec<Vec<String>> = merge(&name_analyzer(), &names)
            .into_iter()
            .map(|m| std::iter::once(m.name).chain(m.aliases).collect())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn case_accents_and_punctuation_fold() {
        let a = name_analyzer();
        assert_eq!(key(&a, "Arsène Wenger"), "arsene wenger");
        assert_eq!(key(&a, "ARSENE  WENGER"), "arsene wenger");
        assert_eq!(key(&a, "Sven-Göran Eriksson"), "sven goran eriksson");
        assert_eq!(
            persons(&[("Arsène Wenger", 3), ("Arsene Wenger", 1)]),
            vec![vec!["Arsène Wenger", "Arsene Wenger"]]
        );
    }

    #[test]
    fn middle_initials_fold() {
        let a = name_analyzer();
        assert_eq!(key(&a, "Donald J. Trump"), "donald trump");
        assert_eq!(key(&a, "George H. W. Bush"), "george bush");
        // The first and last words are never initials to drop.
        assert_eq!(key(&a, "J. Smith"), "j smith");
        assert_eq!(
            persons(&[("Donald Trump", 147), ("Donald J. Trump", 22)]),
            vec![vec!["Donald Trump", "Donald J. Trump"]]
        );
        assert_eq!(
            persons(&[("Harry Reid", 3), ("Harry M. Reid", 2), ("Harry M Reid", 1)]),
            vec![vec!["Harry Reid", "Harry M. Reid", "Harry M Reid"]]
        );
    }

    #[test]
    fn different_middle_initials_are_different_people() {
        assert_eq!(
            persons(&[
                ("George W. Bush", 4),
                ("George H.W. Bush", 1),
                ("George Bush", 2),
            ]),
            vec![
                vec!["George Bush"],
                vec!["George H.W. Bush"],
                vec!["George W. Bush"]
            ]
        );
        // One of them dominating takes the name without initials.
        assert_eq!(
            persons(&[
                ("George W. Bush", 40),
                ("George H.W. Bush", 1),
                ("George Bush", 2),
            ]),
            vec![
                vec!["George H.W. Bush"],
                vec!["George W. Bush", "George Bush"]
            ]
        );
    }

    #[test]
    fn a_surname_joins_the_one_full_name_it_ends() {
        assert_eq!(
            persons(&[("Arsene Wenger", 2), ("Wenger", 5)]),
            vec![vec!["Arsene Wenger", "Wenger"]]
        );
    }

    #[test]
    fn the_canonical_name_is_the_most_frequent_full_form() {
        // The surname is more frequent, but it is not a full form.
        assert_eq!(
            persons(&[("Wenger", 9), ("Arsene Wenger", 2), ("Arsène Wenger", 3)]),
            vec![vec!["Arsène Wenger", "Wenger", "Arsene Wenger"]]
        );
    }

    #[test]
    fn shorter_forms_chain_through_longer_ones() {
        assert_eq!(
            persons(&[
                ("Andrés Manuel López Obrador", 4),
                ("López Obrador", 6),
                ("Obrador", 1),
            ]),
            vec![vec![
                "López Obrador",
                "Andrés Manuel López Obrador",
                "Obrador"
            ]]
        );
    }

    #[test]
    fn a_full_name_without_its_second_surname_is_the_same_person() {
        assert_eq!(
            persons(&[
                ("Claudia Sheinbaum", 5),
                ("Claudia Sheinbaum Pardo", 2),
                ("Sheinbaum", 7),
            ]),
            vec![vec![
                "Claudia Sheinbaum",
                "Sheinbaum",
                "Claudia Sheinbaum Pardo"
            ]]
        );
        // A generational suffix is no second surname.
        assert_eq!(
            persons(&[("Donald Trump", 9), ("Donald Trump Jr.", 2)]),
            vec![vec!["Donald Trump"], vec!["Donald Trump Jr."]]
        );
    }

    #[test]
    fn two_people_sharing_a_surname_stay_apart() {
        assert_eq!(
            persons(&[
                ("Hillary Clinton", 118),
                ("Bill Clinton", 15),
                ("Clinton", 7)
            ]),
            vec![
                vec!["Bill Clinton"],
                vec!["Clinton"],
                vec!["Hillary Clinton"]
            ]
        );
    }

    #[test]
    fn a_dominant_full_name_takes_the_surname() {
        // 169 articles against 3: more than ten times the others together.
        assert_eq!(
            persons(&[
                ("Donald Trump", 147),
                ("Donald J. Trump", 22),
                ("Melania Trump", 1),
                ("Eric Trump", 2),
                ("Trump", 4),
            ]),
            vec![
                vec!["Donald Trump", "Donald J. Trump", "Trump"],
                vec!["Eric Trump"],
                vec!["Melania Trump"]
            ]
        );
        // Exactly at the margin it still merges; just under it, it does not.
        assert_eq!(dominant(&[0, 1], |p| [30, 3][p]), Some(0));
        assert_eq!(dominant(&[0, 1], |p| [29, 3][p]), None);
    }

    #[test]
    fn different_people_are_never_merged_by_a_shared_first_name() {
        assert_eq!(
            persons(&[("Donald Trump", 5), ("Donald Trump Jr.", 2), ("Donald", 1)]),
            vec![
                vec!["Donald"],
                vec!["Donald Trump"],
                vec!["Donald Trump Jr."]
            ]
        );
    }

    #[test]
    fn a_name_with_no_word_stands_alone() {
        assert_eq!(persons(&[("—", 1), ("Ana Ruiz", 1)]).len(), 2);
    }
}
