//! Tests of the query reader: lexer, parser and rendering together, on inline queries.

use super::lexer::{is_op_word, range_node, word_node};
use super::*;
use proptest::prelude::*;

/// Parses `input`, juxtaposed words ANDed.
fn parse(input: &str, fields: &[&str]) -> Result<Query, ParseError> {
    parse_with(input, fields, false)
}

const FIELDS: &[&str] = &["title", "body", "source", "author", "speaker", "date", "id"];

/// The tree, exactly, as a terse s-expression: `(and +a -b)`, `(or a +b)` (a plain
/// clause is `Should`), `title:oil*^2`, `"a b"~2`, `date:[a TO *}`, `∅` for Empty.
fn sx(n: &Node) -> String {
    match n {
        Node::All(cs) | Node::Any(cs) => {
            let head = if matches!(n, Node::All(_)) {
                "and"
            } else {
                "or"
            };
            let parts: Vec<String> = cs
                .iter()
                .map(|c| match c.occur {
                    Occur::Must => format!("+{}", sx(&c.node)),
                    Occur::MustNot => format!("-{}", sx(&c.node)),
                    Occur::Should => sx(&c.node),
                })
                .collect();
            format!("({head} {})", parts.join(" "))
        }
        Node::Word {
            text,
            field,
            prefix,
            boost,
        } => {
            let field = field.as_ref().map(|f| format!("{f}:")).unwrap_or_default();
            let boost = boost.map(|b| format!("^{b}")).unwrap_or_default();
            format!("{field}{text}{}{boost}", if *prefix { "*" } else { "" })
        }
        Node::Empty => "∅".into(),
        other => other.to_string(),
    }
}

/// Parses each input (ANDing, or ORing with `any`) and compares its tree.
fn check_with(any: bool, cases: &[(&str, &str)]) {
    for (input, want) in cases {
        match parse_with(input, FIELDS, any) {
            Ok(q) => assert_eq!(sx(&q.root), *want, "input {input:?}"),
            Err(e) => panic!("input {input:?}: {e}"),
        }
    }
}
fn check(cases: &[(&str, &str)]) {
    check_with(false, cases);
}
fn notes(s: &str) -> Vec<String> {
    parse(s, FIELDS).unwrap().notes
}
fn err(s: &str) -> ParseError {
    parse(s, FIELDS).expect_err(s)
}
fn words(n: &Node) -> Vec<String> {
    match n {
        Node::Word { text, .. } => vec![text.clone()],
        Node::All(cs) | Node::Any(cs) => cs.iter().flat_map(|c| words(&c.node)).collect(),
        _ => vec![],
    }
}

#[test]
fn sx_shows_the_tree() {
    let w = |t: &str| word_node(t.into(), false, None);
    let must = |node| Clause {
        occur: Occur::Must,
        node,
    };
    let node = parse("a -b", FIELDS).unwrap().root;
    let not_b = Clause {
        occur: Occur::MustNot,
        node: w("b"),
    };
    assert_eq!(node, Node::All(vec![must(w("a")), not_b]));
    assert_eq!(sx(&node), "(and +a -b)");
}

// Rule 1: capitals.
#[test]
fn all_capital_queries_are_words() {
    check(&[
        ("OPEC NOT WORRIED", "(and +OPEC +NOT +WORRIED)"),
        ("RATES OR PRICES", "(and +RATES +OR +PRICES)"),
        ("SIGN IN", "(and +SIGN +IN)"),
        ("WHO IS IN CHARGE?", "(and +WHO +IS +IN +CHARGE?)"),
        ("OIL PRICES IN KUWAIT", "(and +OIL +PRICES +IN +KUWAIT)"),
        ("GUILTY OR NOT", "(and +GUILTY +OR +NOT)"),
        ("NOT GUILTY", "(and +NOT +GUILTY)"),
        ("NOT \"GUILTY\"", "(and +NOT +\"GUILTY\")"),
        ("OPEC not worried", "(and +OPEC +not +worried)"),
        ("this or that", "(and +this +or +that)"),
    ]);
    let n = notes("RATES OR PRICES");
    assert_eq!(n, ["read 'OR' as a word: the query is in capitals"]);
    assert!(notes("SIGN IN").is_empty());
}

#[test]
fn capital_operators_in_mixed_case() {
    check(&[
        ("oil AND gas", "(and +oil +gas)"),
        ("sovereignty AND NOT tariffs", "(and +sovereignty -tariffs)"),
        ("a OR b", "(or a b)"),
        ("OPEC AND oil", "(and +OPEC +oil)"),
        ("oil && gas || coal", "(and +oil +(or gas coal))"),
        ("OIL || GAS", "(or OIL GAS)"), // symbols are operators even in capitals
        ("中国 OR 美国", "(or 中国 美国)"), // uncased scripts are not "capitals"
    ]);
}

// Rule 2: operators that cannot work are words.
#[test]
fn stranded_operators_are_words() {
    check(&[
        ("oil AND", "(and +oil +AND)"),
        ("OR oil", "(and +OR +oil)"),
        ("AND", "AND"),
        ("NOT", "NOT"),
        ("oil NOT", "(and +oil +NOT)"),
        ("oil OR", "(and +oil +OR)"),
        ("a AND OR b", "(and +a +OR +b)"),
        ("a OR AND b", "(and +(or a AND) +b)"),
        ("(a AND) b", "(and +a +AND +b)"),
        ("NOT -b a", "(and +NOT -b +a)"),
        ("oil &&", "oil"),
    ]);
    let why = "read 'AND' as a word: nothing on one side to join";
    assert_eq!(notes("oil AND"), [why]);
    let why = "read 'NOT' as a word: nothing after it to exclude";
    assert_eq!(notes("oil NOT"), [why]);
}

// Rule 3: precedence and grouping.
#[test]
fn precedence() {
    check(&[
        ("trump OR biden tariffs", "(and +(or trump biden) +tariffs)"),
        (
            "trump OR biden AND tariffs",
            "(and +(or trump biden) +tariffs)",
        ),
        ("a AND b OR c", "(and +a +(or b c))"),
        ("a OR b OR c", "(or a b c)"),
        ("NOT b a", "(and -b +a)"),
        ("a OR NOT b", "(or a -b)"),
        ("(a OR b) AND NOT (c d)", "(and +(or a b) -(and +c +d))"),
        ("a (b c)", "(and +a +b +c)"),
        ("((oil))", "oil"),
        ("a OR (-b)", "(or a -b)"),
        ("(a OR b) OR c", "(or a b c)"),
        ("(a b) OR c", "(or (and +a +b) c)"),
        ("f(x) g", "(and +f(x) +g)"),
        ("() oil", "oil"),
    ]);
}

// Rule 4: + and -.
#[test]
fn plus_and_minus() {
    check(&[
        ("+sovereignty -tariffs", "(and +sovereignty -tariffs)"),
        ("GDP fell -0.5 pct", "(and +GDP +fell +-0.5 +pct)"),
        ("oil -\"crude prices\"", "(and +oil -\"crude prices\")"),
        ("oil -(a b)", "(and +oil -(and +a +b))"),
        ("oil -title:gas", "(and +oil -title:gas)"),
        ("oil - gas", "(and +oil +gas)"),
        ("well-known x+y --z", "(and +well-known +x+y +--z)"),
    ]);
}

#[test]
fn only_exclusions_is_an_error() {
    let cases = [
        "-foo",
        "NOT foo",
        "-foo -bar",
        "NOT foo AND NOT bar",
        "-(a b)",
        "(-a)",
        "-foo ?",
    ];
    for s in cases {
        let message = "the query only excludes words — add a word to search for";
        assert_eq!(
            err(s),
            ParseError {
                message: message.into(),
                at: 0
            },
            "{s}"
        );
    }
    assert!(parse_with("-foo", FIELDS, true).is_err());
}

// Rule 5: quotes.
#[test]
fn phrases() {
    check(&[
        ("\"oil prices\"", "\"oil prices\""),
        ("“oil prices”", "\"oil prices\""),
        ("”oil prices”", "\"oil prices\""),
        ("„oil prices“", "\"oil prices\""),
        ("«oil prices»", "\"oil prices\""),
        ("‹oil prices›", "\"oil prices\""),
        ("\"a b\"~3", "\"a b\"~3"),
        ("title:\"oil prices\"~2^1.5", "title:\"oil prices\"~2^1.5"),
        ("\"a b\"^1.5", "\"a b\"^1.5"),
        ("\"a b\" c", "(and +\"a b\" +c)"),
        ("\"a\"\"b\"", "(and +\"a\" +\"b\")"),
        ("\"\" oil", "oil"),
        ("\"oil\"~x", "(and +\"oil\" +~x)"),
        ("I'm here", "(and +I'm +here)"),
        ("'No, President Trump.'", "(and +'No, +President +Trump.')"),
        ("a 5\" screen", "(and +a +5\" +screen)"),
    ]);
}

#[test]
fn unclosed_quote_runs_to_the_end() {
    check(&[
        ("oil \"crude prices", "(and +oil +\"crude prices\")"),
        ("oil «crude OR (prices", "(and +oil +\"crude OR (prices\")"),
    ]);
    let note = "the quote at character 5 is not closed: read the rest of the query as a phrase";
    assert_eq!(notes("oil \"crude prices"), [note]);
}

// Rule 6: fields.
#[test]
fn fields() {
    check(&[
        ("title:oil", "title:oil"),
        ("Title:oil", "title:oil"),
        ("speaker:sheinbaum", "speaker:sheinbaum"),
        (
            "speaker:\"Claudia Sheinbaum\"",
            "speaker:\"Claudia Sheinbaum\"",
        ),
        ("date:2016", "date:2016"),
        ("date:2016-03", "date:2016-03"),
        ("title:(oil OR body:gas)", "(or title:oil body:gas)"),
        ("title:(oil -gas)", "(and +title:oil -title:gas)"),
        ("at 10:30 am", "(and +at +10:30 +am)"),
        ("JOHN 3:16", "(and +JOHN +3:16)"),
        ("ratio 3:1", "(and +ratio +3:1)"),
        ("Note: this", "(and +Note: +this)"),
        ("title: oil", "(and +title: +oil)"),
        ("foo:bar", "foo:bar"),
        ("title:?", "title:?"),
        ("https://example.com", "https://example.com"),
    ]);
}

// Rule 7: ranges.
#[test]
fn ranges() {
    check(&[
        ("date:[2020 TO 2021]", "date:[2020 TO 2021]"),
        ("date:{2020 TO 2021}", "date:{2020 TO 2021}"),
        ("date:[2020 TO 2021}", "date:[2020 TO 2021}"),
        ("date:[* TO 2021]", "date:[* TO 2021]"),
        ("date:[2020 to *]", "date:[2020 TO *]"),
        ("date:[ 2020   TO 2021 ]", "date:[2020 TO 2021]"),
        ("date:>=2020", "date:[2020 TO *}"),
        ("date:>2020", "date:{2020 TO *}"),
        ("date:<=2020", "date:{* TO 2020]"),
        ("date:<2020", "date:{* TO 2020}"),
        ("oil date:[2020 TO 2021]", "(and +oil +date:[2020 TO 2021])"),
        ("[sic]", "[sic]"),
        (
            "he said [the tariffs] would",
            "(and +he +said +[the +tariffs] +would)",
        ),
        ("profit {est}", "(and +profit +{est})"),
        ("date:[sic]", "date:[sic]"),
        ("[2020 TO 2021]", "(and +[2020 +TO +2021])"),
    ]);
    let r = |lo: Option<&str>, li| range_node("date".into(), lo.map(Into::into), None, li, false);
    assert_eq!(
        parse("date:>=2020", FIELDS).unwrap().root,
        r(Some("2020"), true)
    );
}

#[test]
fn unclosed_range_is_an_error() {
    let e = err("date:[2020 TO");
    assert_eq!(e.at, 5);
    let want = "unclosed '[' at character 6 — close it as date:[a TO b], or remove the field";
    assert!(e.message.starts_with(want), "{}", e.message);
    assert_eq!(err("date:[2020 TO 2021 x]").at, 19);
}

// Rule 8: prefix, boost, slop.
#[test]
fn prefix_boost_and_stray_marks() {
    check(&[
        ("pric*", "pric*"),
        // `*` alone is every article; with words, ANDed, it changes nothing.
        ("*", "*"),
        ("oil *", "(and +oil +*)"),
        ("* speaker:blair", "(and +* +speaker:blair)"),
        ("**", "∅"),
        ("*oil", "*oil"),
        ("oil*gas", "oil*gas"),
        ("pric**", "pric**"),
        ("oil^2", "oil^2"),
        ("title:oil*^0.5", "title:oil*^0.5"),
        ("a^b", "a^b"),
        ("oil^", "oil^"),
        ("oil^1.2.3", "oil^1.2.3"),
        ("oil~2", "oil~2"),
        ("(a b)^2 c", "(and +a +b +c)"),
        ("(a b)^x", "(and +a +b +^x)"),
    ]);
    assert_eq!(
        notes("(a b)^2"),
        ["ignored '^2' at character 6: a group cannot be boosted"]
    );
}

// Rule 9: unbalanced parentheses.
#[test]
fn unbalanced_parentheses_in_plain_text_are_punctuation() {
    check(&[
        ("(this", "(this"),
        ("x)", "x)"),
        ("see (page 3", "(and +see +(page +3)"),
        ("smile :)", "smile"),
        ("OIL AND (GAS", "(and +OIL +AND +(GAS)"),
    ]);
    assert!(notes("(this")[0].starts_with("read the parentheses as punctuation: unclosed"));
}

#[test]
fn unbalanced_parentheses_with_syntax_are_errors() {
    let message = "unclosed '(' at character 9 — close it, or remove AND/OR/NOT and parentheses to search the words as written";
    assert_eq!(
        err("oil AND (gas"),
        ParseError {
            message: message.into(),
            at: 8
        }
    );
    let e = err("oil AND gas)");
    assert_eq!(e.at, 11);
    assert!(e
        .message
        .starts_with("unmatched ')' at character 12 — remove it"));
    assert_eq!(err("title:(oil").at, 6);
    assert_eq!(err("\"oil\" (gas").at, 6);
    assert_eq!(err("-(oil").at, 1);
}

#[test]
fn nesting_depth_is_limited() {
    let deep = |n: usize, s: &str| format!("{}{s}{}", "(".repeat(n), ")".repeat(n));
    check(&[(&deep(MAX_DEPTH, "oil"), "oil")]);
    let too_deep = deep(MAX_DEPTH + 1, "oil");
    check(&[(&too_deep, &too_deep)]);
    let e = err(&deep(5000, "a OR b"));
    assert_eq!(e.at, MAX_DEPTH);
    assert!(e.message.contains("nested more than 32 deep"));
    check(&[(&"(".repeat(100_000), "∅")]);
}

// Rule 10: punctuation.
#[test]
fn punctuation_and_empty() {
    check(&[
        ("who is in charge?", "(and +who +is +in +charge?)"),
        ("oil, gas", "(and +oil, +gas)"),
        ("oil - ? & gas", "(and +oil +gas)"),
    ]);
    for s in ["", "   \t\n", "- ? &", "...", "\"\"", "()", "«»", "\u{301}"] {
        check(&[(s, "∅")]);
    }
}

// Rule 11: robustness.
#[test]
fn odd_input() {
    let long = vec!["word"; 2000].join(" ");
    assert_eq!(words(&parse(&long, FIELDS).unwrap().root).len(), 2000);
    assert!(parse(&vec!["a OR b AND NOT c"; 500].join(" "), FIELDS).is_ok());
    check(&[
        ("e\u{301}te\u{301}", "e\u{301}te\u{301}"),
        ("\u{0}\u{7}oil\u{200b}", "\u{0}\u{7}oil\u{200b}"),
    ]);
    let odd = [
        "\"",
        "title:",
        "date:[",
        "date:{ TO",
        "+",
        "-\"",
        "\"a\"~",
        "+(",
        "NOT NOT x",
    ];
    for s in odd {
        let _ = parse(s, FIELDS);
    }
}

#[test]
fn default_any() {
    check_with(
        true,
        &[
            ("a b", "(or a b)"),
            ("a AND b c", "(or (and +a +b) c)"),
            ("+a b -c", "(or +a b -c)"),
            ("a OR b c", "(or a b c)"),
            ("-a AND -b c", "(or -a -b c)"),
            ("+a +b", "(and +a +b)"),
            ("oil", "oil"),
        ],
    );
}

#[test]
fn explain() {
    let show = |s: &str, any| parse_with(s, FIELDS, any).unwrap().to_string();
    let cases = [
        (
            "(trump OR biden) AND tariffs",
            "(trump OR biden) AND tariffs",
        ),
        ("trump OR biden tariffs", "(trump OR biden) AND tariffs"),
        ("+sovereignty -tariffs", "sovereignty AND NOT tariffs"),
        ("Title:oil", "title:oil"),
        ("\"oil prices\"~2", "\"oil prices\"~2"),
        ("pric*", "pric*"),
        ("NOT GUILTY", "\"NOT\" AND GUILTY"),
        ("?", ""),
    ];
    for (input, want) in cases {
        assert_eq!(show(input, false), want);
    }
    assert_eq!(show("+a -b c d", true), "+a -b (c OR d)");
    assert_eq!(show("+a -b c", true), "+a -b c");
}

proptest! {
    // Bounded for `cargo test`; PROPTEST_CASES=100000 searches longer.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn never_panics(s in any::<String>(), any_mode in any::<bool>()) {
        if let Ok(q) = parse_with(&s, FIELDS, any_mode) {
            let _ = parse(&q.to_string(), FIELDS);
        }
    }

    #[test]
    fn syntax_soup_never_panics(
        parts in prop::collection::vec((prop::sample::select(vec![
            "AND", "OR", "NOT", "&&", "||", "(", ")", "title:", "Date:", "date:[", "date:{",
            "TO", "]", "}", "*", "\"", "“", "”", "«", "»", "-", "+", "oil", "GAS", "^2", "~3",
            ":", ">=", "<", "é", "\u{301}", "-1",
        ]), prop::sample::select(vec!["", " ", "  "])), 0..40),
        any_mode in any::<bool>(),
    ) {
        let s: String = parts.iter().map(|(t, sep)| format!("{t}{sep}")).collect();
        match parse_with(&s, FIELDS, any_mode) {
            Ok(q) => { let _ = parse(&q.to_string(), FIELDS); }
            Err(e) => prop_assert!(e.at <= s.chars().count()),
        }
    }

    #[test]
    fn plain_text_never_fails(s in "[a-zA-Z0-9 .,;:!?'()\\[\\]{}]{0,80}") {
        let lower = s.to_lowercase();
        prop_assume!(!FIELDS.iter().any(|f| lower.contains(&format!("{f}:"))));
        prop_assume!(!s.split(|c: char| !c.is_alphanumeric()).any(is_op_word));
        prop_assert!(parse(&s, FIELDS).is_ok(), "{:?}", s);
        prop_assert!(parse_with(&s, FIELDS, true).is_ok(), "{:?}", s);
    }

    #[test]
    fn words_are_kept(
        ws in prop::collection::vec("[a-zA-Z]{1,10}", 1..30),
        any_mode in any::<bool>(),
    ) {
        prop_assume!(!ws.iter().any(|w| is_op_word(w)));
        let root = parse_with(&ws.join(" "), FIELDS, any_mode).unwrap().root;
        prop_assert_eq!(words(&root), ws.clone());
        let occur = if any_mode { Occur::Should } else { Occur::Must };
        match (&root, ws.len()) {
            (Node::Word { .. }, 1) => {}
            (Node::All(cs), _) if !any_mode => prop_assert!(cs.iter().all(|c| c.occur == occur)),
            (Node::Any(cs), _) if any_mode => prop_assert!(cs.iter().all(|c| c.occur == occur)),
            _ => prop_assert!(false, "unexpected shape {:?}", root),
        }
    }
}
