//! `dossier quotes`: the same quotation across articles, where it first appeared, how far
//! it was repeated.

use crate::util::{Env, QuotesResponse};

/// Five articles: one quotation repeated four times with small variations (trimmed, cut by
/// an ellipsis, in other case and punctuation), on different days and in three sources; and
/// another quotation.
fn harbour_news() -> Env {
    let env = Env::new();
    let write = |name: &str, source: &str, date: Option<&str>, body: &str| {
        let date = date.map(|d| format!("date: {d}\n")).unwrap_or_default();
        env.write(
            &format!("news/{name}.md"),
            format!("---\ntitle: {name}\nsource: {source}\n{date}---\n{body}\n"),
        );
    };
    write(
        "full",
        "Harbor Times",
        Some("2024-03-05"),
        "\"We will not close the harbour to fishing boats, not this year and not next year,\" said Marta Velasquez.",
    );
    write(
        "trimmed",
        "Coast Herald",
        Some("2024-03-03"),
        "Mayor Marta Velasquez met fishermen. \"We will not close the harbour to fishing boats,\" Velasquez said.",
    );
    write(
        "ellipsis",
        "Harbor Times",
        Some("2024-03-07"),
        "\"We will not close the harbour … not this year and not next year,\" said Marta Q. Velasquez.",
    );
    write(
        "shouted",
        "Bay Wire",
        None,
        "\"We will NOT close the harbour to fishing boats. Not this year and not next year,\" Velasquez said.",
    );
    write(
        "budget",
        "Coast Herald",
        Some("2024-03-01"),
        "\"The harbour budget is final,\" said Jonas Berg.",
    );
    env.run(&["index", "news"]).ok();
    env
}

#[test]
fn repeated_quotation_is_one_group_with_its_first_appearance() {
    let env = harbour_news();
    let r: QuotesResponse = env
        .run(&["quotes", "harbour", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.total_groups, 2, "{r:#?}");
    let g = r
        .groups
        .iter()
        .find(|g| g.articles == 4)
        .unwrap_or_else(|| panic!("{r:#?}"));
    assert_eq!(g.speaker, "Marta Velasquez");
    assert_eq!(g.first.id, "news/trimmed.md");
    assert_eq!(g.first.date.as_deref(), Some("2024-03-03"));
    assert_eq!(g.first.source, "Coast Herald");
    assert_eq!(g.sources, 3);
    // Earliest first, undated last; every member's speaker is the canonical name.
    let order: Vec<&str> = g.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        order,
        vec![
            "news/trimmed.md",
            "news/full.md",
            "news/ellipsis.md",
            "news/shouted.md"
        ]
    );
    assert!(g.members.iter().all(|m| m.speaker == "Marta Velasquez"));
    // The text is what the first article says; the later, longer version is shown as such.
    assert_eq!(g.text, "We will not close the harbour to fishing boats");
    let longer = g.longer.as_ref().unwrap_or_else(|| panic!("{g:#?}"));
    assert_eq!(longer.id, "news/full.md");
    assert!(longer
        .text
        .starts_with("We will not close the harbour to fishing boats, not this year"));
    let other = r.groups.iter().find(|g| g.articles == 1).unwrap();
    assert_eq!(other.speaker, "Jonas Berg");
    assert_eq!(other.first.id, "news/budget.md");
}

#[test]
fn quotes_take_the_query_filters_and_sort() {
    let env = harbour_news();
    // By date: the group that appeared first comes first.
    let r: QuotesResponse = env
        .run(&["quotes", "harbour", "--sort", "date", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.groups[0].first.id, "news/budget.md");
    assert_eq!(r.groups[0].rank, 1);
    // By speaker, under any of her names.
    let r: QuotesResponse = env
        .run(&[
            "quotes",
            "harbour",
            "--speaker",
            "velasquez",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(r.groups.len(), 1);
    assert_eq!(r.groups[0].articles, 4);
    // By source: only what that source carried.
    let r: QuotesResponse = env
        .run(&[
            "quotes",
            "harbour",
            "--source",
            "harbor times",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(r.groups.len(), 1);
    assert_eq!(r.groups[0].first.id, "news/full.md");
    assert_eq!(r.groups[0].articles, 2);
    // Paging applies to groups; jsonl is one group a line.
    let run = env
        .run(&["quotes", "harbour", "--format", "jsonl", "-n", "1"])
        .ok();
    assert_eq!(run.stdout.lines().count(), 1);
    env.run(&["quotes", "xylophone"]).expect_code(1);
}

#[test]
fn quotes_text_says_who_when_and_how_far() {
    let env = harbour_news();
    env.run(&["quotes", "harbour", "--speaker", "Marta Q. Velasquez"])
        .ok()
        .stdout_has("Marta Velasquez: “We will not close the harbour to fishing boats”")
        .stdout_has("later, longer in news/full.md: “We will not close the harbour to fishing boats, not this year and not next year”")
        .stdout_has("first 2024-03-03 · trimmed · Coast Herald · news/trimmed.md")
        .stdout_has("in 4 articles from 3 sources")
        .stdout_has("1 quotation in");
}

#[test]
fn copies_of_one_story_each_count_as_a_repetition() {
    let env = Env::new();
    let body = "The council met on Tuesday to discuss the harbour and its future for the town. \
                \"We will not close the harbour to fishing boats, not this year and not next year,\" \
                said Marta Velasquez, who has led the council since the spring elections.";
    for (name, source, date) in [
        ("wire", "Coast Wire", "2024-03-01"),
        ("reprint", "Harbor Times", "2024-03-02"),
    ] {
        env.write(
            &format!("news/{name}.md"),
            format!(
                "---\ntitle: Harbour stays open\nsource: {source}\ndate: {date}\n---\n{body}\n"
            ),
        );
    }
    env.run(&["index", "news"]).ok();
    // One story for `query`, two articles for `quotes`.
    let r: crate::util::Response = env
        .run(&["query", "harbour", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits.len(), 1, "the two are copies of one story");
    let q: QuotesResponse = env
        .run(&["quotes", "harbour", "--format", "json"])
        .ok()
        .json();
    assert_eq!(q.groups.len(), 1);
    assert_eq!(q.groups[0].articles, 2);
    assert_eq!(q.groups[0].sources, 2);
    assert_eq!(q.groups[0].first.id, "news/wire.md");
}
