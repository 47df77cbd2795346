//! Unit tests of quotation extraction and speaker attribution.

use super::*;
use crate::article::{NoSpeaker, SpeakerKind};

#[test]
fn text_without_quotation_marks_is_not_scanned() {
    assert!(!has_quotation_mark(
        "It's the company's view, analysts said.",
        false
    ));
    for marked in ["a \"b\" c", "“b”", "„b“", "«b»", "``b''", "a ''b'' c"] {
        assert!(has_quotation_mark(marked, false), "{marked}");
    }
    // An em dash opens dialogue only in languages that write it so.
    assert!(!has_quotation_mark("—Sí —dijo.", false));
    assert!(has_quotation_mark("—Sí —dijo.", true));
    assert!(extract_quotes("No quotes here, the minister said.").is_empty());
}

/// Each quotation of `body` put together from its parts: (speaker, words joined by " … ").
fn wholes(body: &str) -> Vec<(String, String)> {
    let got = extract_quotes(body);
    got.iter()
        .enumerate()
        .filter(|(_, q)| q.continues.is_none())
        .map(|(k, q)| (q.speaker.clone(), Quote::whole(&got, k)))
        .collect()
}

/// Every quotation's text is the body's characters between its offsets.
fn assert_exact(body: &str) {
    let chars: Vec<char> = body.chars().collect();
    for q in extract_quotes(body) {
        let span: String = chars[q.start..q.end].iter().collect();
        assert_eq!(span, q.text);
    }
}

/// Each quotation of `body` as (speaker, text) (also for the other test modules).
pub(super) fn q(body: &str) -> Vec<(String, String)> {
    extract_quotes(body)
        .into_iter()
        .map(|q| (q.speaker, q.text))
        .collect()
}

fn speakers_of(body: &str) -> Vec<String> {
    extract_quotes(body)
        .into_iter()
        .map(|q| q.speaker)
        .collect()
}

#[test]
fn cue_after_with_surname_resolved_to_full_name() {
    let body = "Governor Helen Marsh visited the port on Monday.\n\
                \"We will rebuild every pier, and we will do it this year,\" Marsh stated.";
    assert_eq!(
        q(body),
        vec![(
            "Helen Marsh".to_string(),
            "We will rebuild every pier, and we will do it this year".to_string()
        )]
    );
}

#[test]
fn pronoun_resolved_by_gender_and_recency() {
    // The same shapes as the sample articles: a woman and a man, then "she"/"he" cues.
    let body = "President Oscar Delgado spoke to reporters. Chancellor Maria Lindqvist \
                rejected his plan.\n\"Our borders are not a bargaining chip,\" she asserted, \
                citing her mandate.\n\"I think she is tough, but she is wrong about this,\" \
                he remarked.";
    assert_eq!(speakers_of(body), vec!["Maria Lindqvist", "Oscar Delgado"]);
}

#[test]
fn interrupted_quote_is_one_quote_of_two_exact_parts() {
    let body = "Mayor Ruth Okafor was blunt. \"We can share the cost,\" she said. \
                \"We can share the work, but the river stays ours.\"";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].continues, Some(0));
    assert_eq!(got[0].text, "We can share the cost");
    assert_eq!(got[1].speaker, "Ruth Okafor");
    let got = wholes(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "Ruth Okafor");
    assert_eq!(
        got[0].1,
        "We can share the cost … We can share the work, but the river stays ours."
    );
}

#[test]
fn cue_before_with_according_to_and_nested_single_quotes() {
    let body = "Premier Anna Kovac refused. According to the BBC, she said, \"He asked me, \
                'Will you sign today?' And I answered, 'No, Mr. Premier.' The land is not \
                for sale.\"";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].speaker, "Anna Kovac");
    assert!(got[0].text.contains("'No, Mr. Premier.'"));
}

#[test]
fn participle_cue_skips_prepositional_phrases() {
    let body = "Senator Paul Brandt was angry. Speaking aboard the ferry, he lashed out \
                according to the AP, saying, \"Well, she is so afraid of the storm that she \
                cannot sail.\"";
    assert_eq!(speakers_of(body), vec!["Paul Brandt"]);
}

#[test]
fn titles_stripped_and_said_first() {
    let body = "\"The bridge will open in May,\" said Transport Secretary Dana Whitfield.\n\
                \"It is ahead of schedule,\" said Sen. Tom Ruiz, R-Ohio.";
    assert_eq!(speakers_of(body), vec!["Dana Whitfield", "Tom Ruiz"]);
}

#[test]
fn organisations_speak_with_their_kind() {
    let body = "\"The exercise will continue as planned,\" the Pentagon said in a statement.";
    let got = extract_quotes(body);
    assert_eq!(got[0].speaker, "Pentagon");
    assert_eq!(got[0].kind, Some(SpeakerKind::Org));
    // A common noun names nobody, unless the article names the organisation it stands for.
    let body = "\"We have no comment at this time on the merger,\" the company said.";
    assert_eq!(speakers_of(body), vec![""]);
    assert_eq!(extract_quotes(body)[0].kind, None);
    let body = "Aides to the Vargas campaign met donors. \"We raised more than ever this \
                quarter,\" the campaign said.";
    assert_eq!(speakers_of(body), vec!["Vargas campaign"]);
}

#[test]
fn scare_quotes_and_titles_left_out() {
    let body = "Ministers labelled the groups \"violent extremist networks,\" a move that \
                widened police powers. She called the talks \"very productive\" on Friday. \
                The film \"The Long Night Harbour\" opens soon.";
    assert!(extract_quotes(body).is_empty());
}

#[test]
fn multi_paragraph_newswire_quote() {
    let body = "Coach Irene Vasquez spoke after the match.\n\n\
                \u{201c}We were slow in the first half and we paid for it.\n\n\
                \u{201c}In the second half we found our rhythm again,\u{201d} Vasquez said.";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].continues, Some(0));
    assert_eq!(got[0].speaker, "Irene Vasquez");
    assert_eq!(
        Quote::whole(&got, 0),
        "We were slow in the first half and we paid for it. … In the second half we found our rhythm again"
    );
}

#[test]
fn curly_and_double_apostrophe_marks() {
    let body = "\u{201c}This is a serious setback for the whole region,\u{201d} Mr. Hale said.";
    assert_eq!(speakers_of(body), vec!["Hale"]);
    let body = "''This is a serious setback for the whole region,'' Mr. Hale said.";
    assert_eq!(speakers_of(body), vec!["Hale"]);
}

#[test]
fn unknown_speaker_is_empty_not_guessed() {
    let body = "The hall was quiet.\n\"Nobody expected the vote to be this close tonight.\"";
    assert_eq!(speakers_of(body), vec![""]);
    let body = "\"Nobody expected the vote to be this close tonight,\" a man in the crowd said.";
    assert_eq!(speakers_of(body), vec![""]);
}

#[test]
fn continuation_paragraph_keeps_speaker() {
    let body = "\"We will appeal the ruling,\" said lawyer Nora Quinn. \"It was wrong.\"\n\n\
                \"The court ignored the evidence that mattered most in this case.\"\n\nShe left.";
    // (The paragraph that is a quotation alone runs the same quotation on.)
    assert_eq!(
        wholes(body),
        vec![(
            "Nora Quinn".to_string(),
            "We will appeal the ruling … It was wrong. … The court ignored the evidence that \
             mattered most in this case."
                .to_string()
        )]
    );
}

#[test]
fn colon_cue_and_dash_byline() {
    let body = "Reyes: \"Our goal is to finish the tunnel before the winter.\"";
    assert_eq!(speakers_of(body), vec!["Reyes"]);
    let body = "\"He does not speak for my neighbourhood.\" \u{2015} Lucia Moreno\n";
    assert_eq!(speakers_of(body), vec!["Lucia Moreno"]);
}

#[test]
fn front_matter_is_skipped() {
    let body = "---\ntitle: \"A Headline With Quotes In It Here\"\n---\n\n\
                \"Nothing has changed since last year,\" Ms. Park said.";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].speaker, "Park");
}

#[test]
fn offsets_are_characters() {
    let body = "Éloïse Côté — née à Montréal — a dit: \u{201c}Ça suffit, c\u{2019}est assez pour nous.\u{201d}";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 1);
    let chars: Vec<char> = body.chars().collect();
    let span: String = chars[got[0].start..got[0].end].iter().collect();
    assert_eq!(span, "Ça suffit, c\u{2019}est assez pour nous.");
    assert_eq!(span, got[0].text);
}

#[test]
fn speakers_are_distinct_in_order() {
    let body = "\"First point about the budget,\" said Ana Silva. \"Second point about the \
                budget,\" said Ben Ortiz. \"Third point about the budget,\" said Ana Silva.";
    let got = extract_quotes(body);
    assert_eq!(speakers(&got), vec!["Ana Silva", "Ben Ortiz"]);
}

#[test]
fn never_panics_on_nasty_input() {
    let mut nasty: Vec<String> = vec![
        String::new(),
        "\"".into(),
        "\"\"".into(),
        "''".into(),
        "'''".into(),
        "``".into(),
        "\u{201c}".into(),
        "\u{201d}\u{201c}".into(),
        "\"a\n\n\"b\n\n\"c".into(),
        "said said said \" he said \" she said".into(),
        "Mr. \"\" Mrs. \"x\" said Dr.".into(),
        "\u{feff}\u{200b}\"\u{0301}\u{0301}\" said \u{1F600}".into(),
        "(\"(\"(\")\")\")".into(),
        "---\n".into(),
        "---\ntitle: \"x".into(),
        "a.b.c.d.e. \"A.\" B. said.".into(),
        ":\n\n\"".into(),
        "\u{2015}".into(),
        "\" \u{2015} ".into(),
    ];
    // Long unbalanced and deeply repetitive inputs.
    nasty.push("\"".repeat(10_000));
    nasty.push("\u{201c}word ".repeat(5_000));
    nasty.push("\"Yes,\" he said. ".repeat(3_000));
    nasty.push("She said, \"".repeat(3_000));
    nasty.push(format!("\"{}\"", "x".repeat(200_000)));
    // Pseudo-random bytes made into a string.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..200 {
        let mut bytes = Vec::with_capacity(300);
        for _ in 0..300 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let pool = b" \"'`.,:;-\nAaZz\xe2\x80\x9c\x9d\xc3\xa9(";
            bytes.push(pool[(seed % pool.len() as u64) as usize]);
        }
        nasty.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    for s in &nasty {
        let got = extract_quotes(s);
        let n = s.chars().count();
        for quote in &got {
            assert!(quote.start <= quote.end && quote.end <= n);
        }
        let _ = speakers(&got);
    }
}

// Issue 13: canonical speakers within an article. Every name below is made up or used only as
// a shape; none of the rules is keyed to a name.

#[test]
fn the_articles_own_full_name_licenses_the_surname() {
    // The first name is not in the embedded list: the article's own full name is enough.
    let body = "Harbour manager Arsene Wollmer watched from the stand.\n\
                \"We were not good enough in the second half,\" Wollmer said.";
    assert_eq!(speakers_of(body), vec!["Arsene Wollmer"]);
    let body = "Kofi Abana spoke at the summit on Monday.\n\
                \"No country can solve this on its own,\" he said.";
    assert_eq!(speakers_of(body), vec!["Kofi Abana"]);
}

#[test]
fn many_part_and_non_english_names() {
    let body = "Chinese President Xi Jinping met the delegation.\n\
                \"Our doors will stay open to the world,\" Xi said.";
    assert_eq!(speakers_of(body), vec!["Xi Jinping"]);
    let body = "President Andrés Manuel López Obrador spoke in the morning.\n\
                \"We will not accept any intervention at all,\" López Obrador said.";
    assert_eq!(speakers_of(body), vec!["Andrés Manuel López Obrador"]);
    let body = "Luiz Inácio Lula da Silva returned to the capital.\n\
                \"The people have spoken clearly today,\" Lula said.";
    assert_eq!(speakers_of(body), vec!["Luiz Inácio Lula da Silva"]);
    let body = "Claudia Sheinbaum Pardo took office in October.\n\
                \"Sovereignty is not negotiable for us,\" Sheinbaum said.";
    assert_eq!(speakers_of(body), vec!["Claudia Sheinbaum Pardo"]);
}

#[test]
fn middle_initials_fold_into_one_person() {
    let body = "Donald J. Trump held a rally.\n\
                \"We will win this state again,\" Donald Trump said.\n\
                \"And we will win it big this time,\" Trump said.";
    assert_eq!(speakers_of(body), vec!["Donald J. Trump"; 2]);
}

#[test]
fn apostrophes_do_not_split_a_name() {
    let body = "Commissioner James O\u{2019}Neill arrived at noon.\n\
                \"The investigation is moving quickly,\" O'Neill said.";
    assert_eq!(speakers_of(body), vec!["James O'Neill"]);
}

#[test]
fn pronouns_resolve_only_to_people() {
    // A place or an abbreviation between the person and the pronoun is not a candidate.
    let body = "Tomas Brandt, the council leader, was asked about the capital. When asked \
                whether D.C. should have a vote in the matter, he said: \"That is for the \
                voters to decide.\"";
    assert_eq!(speakers_of(body), vec!["Tomas Brandt"]);
    let body = "CHARLOTTE, N.C. - The city was calm on Friday.\n\
                \"We want answers and we want them now,\" she said.";
    assert_eq!(speakers_of(body), vec![""]);
}

#[test]
fn a_possessive_names_the_owner_not_the_speaker() {
    let body = "Dan Centoro, Romney's deputy political director, joined the call on Monday. \
                \"We are confident about the ground game,\" he said.";
    assert_eq!(speakers_of(body), vec!["Dan Centoro"]);
    let body = "\"We have the best ground game in the state,\" said Rubio's deputy campaign \
                manager, Rich Beaton.";
    assert_eq!(speakers_of(body), vec!["Rich Beaton"]);
    let body = "Senator Marta Ruiz left early. \"We have nothing to add,\" Ruiz's spokesman said.";
    assert_eq!(speakers_of(body), vec![""]);
}

#[test]
fn role_nouns_resolve_to_the_person_named_in_that_role() {
    let body = "President Barack Oduya toured the museum on Saturday.\n\
                \"This place tells the story of all of us,\" the president said.";
    assert_eq!(speakers_of(body), vec!["Barack Oduya"]);
    let body = "Mayor Bill de Brasi spoke after the blast. Sen. Ana Cole was there too.\n\
                \"There is no link to terrorism so far,\" the mayor said.\n\
                \"We will know more by tonight,\" the Florida senator said.";
    assert_eq!(speakers_of(body), vec!["Bill de Brasi", "Ana Cole"]);
    // Nobody is named in that role: no speaker rather than a guess.
    let body = "\"The schedule has not changed at all,\" the governor said.";
    assert_eq!(speakers_of(body), vec![""]);
}

#[test]
fn words_that_are_not_people_never_speak() {
    for cue in [
        "the statement said",
        "the report said",
        "the email said",
        "Recently said",
        "Calif. said",
        "Republican said",
        "I'm said",
    ] {
        let body = format!("\"The new rules will take effect next spring,\" {cue}.");
        assert_eq!(speakers_of(&body), vec![""], "{cue}");
    }
    let body = "Recently, the minister changed course. \"We will not raise taxes this year,\" \
                Recently said.";
    assert_eq!(speakers_of(body), vec![""]);
    let body = "Gordon Brown spoke in Leeds. \"Every teacher, GP and nurse will get the support \
                they need,\" he said.";
    assert_eq!(speakers_of(body), vec!["Gordon Brown"]);
}

#[test]
fn titles_slogans_and_placards_are_not_quotations() {
    let body = "Pence said on ''Fox News Sunday'' that the plan was sound. The crowd wore \
                shirts reading \"Make Harbours Great Again\" and held signs saying \
                \"No Toll Bridge\".";
    assert!(extract_quotes(body).is_empty(), "{:?}", q(body));
}

#[test]
fn lower_case_quotation_with_its_attribution_is_found() {
    let body = "The network plans a new season.\n''it will not be carpets and candles,'' said \
                Erik Flannery, the head of programming.";
    assert_eq!(
        q(body),
        vec![(
            "Erik Flannery".to_string(),
            "it will not be carpets and candles".to_string()
        )]
    );
}

#[test]
fn second_half_after_an_interruption_with_mixed_marks() {
    let body = "Mayor Ruth Okafor was blunt. \u{201c}We can share the cost,\u{201d} she said. \
                \"We can share the work, but the river stays ours.\"";
    let got = wholes(body);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Ruth Okafor");
    assert!(got[0].1.ends_with("the river stays ours."));
}

#[test]
fn a_noun_before_a_participle_is_not_the_speech_verb() {
    // "remark" is also a speech verb; after "the" it is a noun, and the subject is "He".
    let body = "Former chairman Howard Dane spoke on Tuesday.\n\n\
                He then defended the remark, saying, \"I do not think this is a ridiculous \
                idea at all.\"";
    assert_eq!(speakers_of(body), vec!["Howard Dane"]);
}

#[test]
fn a_long_attribution_between_two_parts_keeps_one_quote() {
    let body = "\"It was a fair deal for the town,\" said Ada Brennan, a lawyer at the county \
                court who has handled land cases for the council since the 1990s. \"Nobody \
                else would have paid that much.\"\n\n\"We disagree,\" said Tom Hale. \
                \"The price was low,\" he added.";
    let got = wholes(body);
    assert_eq!(
        got.iter().map(|q| q.0.as_str()).collect::<Vec<_>>(),
        ["Ada Brennan", "Tom Hale", "Tom Hale"]
    );
    assert_eq!(
        got[0].1,
        "It was a fair deal for the town … Nobody else would have paid that much."
    );
}

#[test]
fn a_pronoun_prefers_the_subject_to_a_name_in_passing() {
    // The most recent man is an object or sits in a prepositional phrase; the subject is meant.
    let body = "Sen. Tom Reedy said he did not think the attacks had hurt Mark Lowe in 2012.\n\n\
                \"It is not what worked back then,\" he said.\n\n\
                Governor Ann Voss spoke of a commission overseen by Kofi Mensah.\n\n\
                \"Unity also means prosperity,\" she said.";
    assert_eq!(speakers_of(body), vec!["Tom Reedy", "Ann Voss"]);
}

#[test]
fn pronouns_inside_one_sentence_do_not_outweigh_its_subject() {
    let body = "Dale Crane was shot by an officer after he reached for a pistol. Crane, who was \
                unarmed, died later, and his family sued.\n\n\
                Gov. Phil Hardin, who has campaigned for Rick Dunmore since he left the race, \
                blasted the police on Wednesday.\n\n\
                \"It is a disgrace,\" he said.";
    assert_eq!(speakers_of(body), vec!["Phil Hardin"]);
}

#[test]
fn a_known_first_name_outweighs_the_pronouns_near_it() {
    // "his" follows Melanie in her sentence, but Melanie is a woman's name.
    let body = "\"I would,\" Melanie said to the nominee, who began his speech.\n\n\
                \"You winning?\" she said.";
    assert_eq!(speakers_of(body), vec!["Melanie", "Melanie"]);
}

#[test]
fn a_phrase_between_the_quotation_and_its_cue() {
    let body = "Senator Ruth Ames was angry. \"The only way this will change is if executives \
                face jail time\" for fraud, she said.";
    assert_eq!(speakers_of(body), vec!["Ruth Ames"]);
}

#[test]
fn a_show_title_with_the_sentences_full_stop_is_not_a_quotation() {
    let body = "\"We will win this state,\" Governor Dan Pruitt said on NBC's \"Meet the Press.\"";
    assert_eq!(
        q(body),
        vec![(
            "Dan Pruitt".to_string(),
            "We will win this state".to_string()
        )]
    );
}

#[test]
fn a_paragraph_that_is_only_the_rest_of_the_quotation_joins_it() {
    let body = "\"Turnout will decide it,\" said Lena Ortiz.\n\n\"Nothing else matters now.\"\n\n\
                \"We agree,\" said Ray Cole.\n\n\"We start tomorrow,\" he added, \"at dawn.\"";
    assert_exact(body);
    let got = wholes(body);
    assert_eq!(
        got.iter()
            .map(|q| (q.0.as_str(), q.1.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "Lena Ortiz",
                "Turnout will decide it … Nothing else matters now."
            ),
            ("Ray Cole", "We agree"),
            ("Ray Cole", "We start tomorrow … at dawn.")
        ]
    );
}

#[test]
fn a_participle_after_the_quotation_keeps_the_speaker_before_it() {
    let body = "Donald Trump spoke. The debate was so calm that Mr. Trump was prompted to say, \
                \"So far, I cannot believe how civil it is.\" Later Mr. Trump said of the fight, \
                \"I don't like it,\" adding that they were angry.";
    assert_eq!(speakers_of(body), vec!["Donald Trump", "Donald Trump"]);
}

#[test]
fn a_headline_word_before_a_first_name_is_not_part_of_the_name() {
    let body = "Trump mocked Democrat Rival Hillary Clinton.\n\n\
                Hillary Clinton answered on Friday. \"He lashes out,\" she said.";
    assert_eq!(speakers_of(body), vec!["Hillary Clinton"]);
}

fn speakers_and_reasons(body: &str) -> Vec<(String, Option<NoSpeaker>)> {
    extract_quotes(body)
        .into_iter()
        .map(|q| (q.speaker, q.no_speaker))
        .collect()
}

#[test]
fn a_quotation_and_a_name_cut_by_line_breaks() {
    let body = "NEW YORK, March 3 - Oil prices fell again on Tuesday as\n\
                traders waited for the OPEC meeting in Vienna next week.\n    \
                \"OPEC has a production problem\nand must address it,\" said Paul\n\
                Mlotok of Salomon Brothers Inc in New York.\n";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].speaker, "Paul Mlotok");
    assert_eq!(
        got[0].text,
        "OPEC has a production problem\nand must address it"
    );
}

#[test]
fn wire_continuation_paragraphs_are_parts_of_one_quotation() {
    let body = "LONDON, April 2 - Jane Roe, an oil analyst at a London\n\
                broker, said prices would fall before the summer.\n    \
                \"OPEC has a production problem and it must address\n\
                that problem now.\n    \
                \"It cannot wait for the summer,\" Roe said.\n";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].text,
        "OPEC has a production problem and it must address\nthat problem now."
    );
    assert_eq!(got[1].text, "It cannot wait for the summer");
    assert_eq!(got[1].continues, Some(0));
    assert!(got.iter().all(|q| q.speaker == "Jane Roe"), "{got:?}");
}

#[test]
fn a_paragraph_run_into_the_next_one_reopens_the_quotation() {
    let body = "Coach Ann Lee spoke after the game. \"We were on our own out there. \
                \"Fixing it took months of work,\" she said.";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].text, "We were on our own out there.");
    assert_eq!(got[1].continues, Some(0));
    assert_eq!(got[1].speaker, "Ann Lee");
}

#[test]
fn quotation_paragraphs_with_no_cue_continue_the_quotation_before_them() {
    // A paragraph that is a quotation alone, after the paragraph the previous quotation
    // ended, and a quotation with no cue later in the same paragraph: the same quotation.
    let body = "\u{201c}He started out by insulting people,\u{201d} Charles Barkley said. \
                \u{201c}That is even worse.\u{201d}\n\n\
                \u{201c}Then you have these losers who love that.\u{201d}\n\n\
                Barkley also said he likes one candidate.\n\n\
                \u{201c}CNN has done an awful job,\u{201d} he said on Monday. \
                \u{201c}They have followed ratings.\u{201d}";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[1].continues, Some(0));
    assert_eq!(got[2].continues, Some(1));
    assert_eq!(got[3].continues, None);
    assert_eq!(got[4].continues, Some(3));
    assert!(
        got.iter().all(|q| q.speaker == "Charles Barkley"),
        "{got:?}"
    );
}

#[test]
fn a_short_sentence_introducing_the_next_quotation_is_not_the_cue_of_the_one_before() {
    let body = "Protests went on all day.\n\n''We are refugees,'' Ms. Alawee said. \
                ''We are not terrorists.'' Mr. Zahed said: ''The attack that happened today is \
                not our doing.''";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[1].text, "We are not terrorists.");
    assert_eq!(got[1].continues, Some(0));
    assert_eq!(got[1].speaker, "Alawee");
    assert_eq!(got[2].speaker, "Zahed");
    assert_eq!(got[2].continues, None);
}

#[test]
fn a_quotation_left_unterminated_runs_to_the_end_of_its_paragraph() {
    // Wire copy: the closing mark is missing and the next paragraph does not reopen one.
    let body = "    Iran launched its offensive on Tuesday, officials said.\n    \
                Asked about the battle, Defence Minister Ali Shamkhani said, \"Small units\n\
                are taking part, the biggest of which is brigade size.\n    \
                Fighting continues in the mountains.\n";
    assert_exact(body);
    let got = extract_quotes(body);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].text,
        "Small units\nare taking part, the biggest of which is brigade size."
    );
    assert_eq!(got[0].speaker, "Ali Shamkhani");
    // A stray mark that does not open after an attribution stays out, and so does one whose
    // paragraph does not end a sentence.
    assert!(extract_quotes("The 12\" pipe burst, officials said.\n\nIt was fixed.").is_empty());
    let body = "Roe said, \"The plan will work and\n\nthe rest is history.";
    assert!(
        extract_quotes(body).is_empty(),
        "{:?}",
        extract_quotes(body)
    );
}

#[test]
fn words_run_into_a_titled_name_without_a_comma_are_not_the_name() {
    let body = "Foreign Secretary Jack Straw spoke on Monday.\n\n\
                In a speech to the Foreign Policy Centre Mr Straw said of the Tory leader: \
                \"He is clever, fluent and tactical, but he is not wise.\"";
    assert_eq!(speakers_of(body), vec!["Jack Straw"]);
}

#[test]
fn an_office_with_its_department_before_a_name_is_a_title() {
    let cases = [
        (
            "Secretary of State John Kerry said, \"We have made real progress in these talks.\"",
            "John Kerry",
        ),
        (
            "\"We have made real progress in these talks,\" said Secretary of Homeland Security \
             Jeh Johnson.",
            "Jeh Johnson",
        ),
        (
            "Former Secretary of State Madeleine Albright urged women to vote for Hillary \
             Clinton, saying, \"There is a special place in hell for them.\"",
            "Madeleine Albright",
        ),
        // (A name ending in a title word, and an organisation after an office, are not.)
        (
            "\"It is not going to be easy for him,\" said Representative Peter T. King of New \
             York.",
            "Peter T. King",
        ),
    ];
    for (body, want) in cases {
        assert_eq!(speakers_of(body), vec![want], "{body}");
    }
    let body = "Anthony Anton, president and CEO of Washington Restaurant Association, said: \
                \"Servers are seeing a pay cut this year.\"";
    assert_eq!(speakers_of(body), vec!["Anthony Anton"]);
}

#[test]
fn a_capitalised_word_spelling_a_speech_verb_is_no_cue() {
    let body = "Polls moved.\n\nRED STATES OUTNUMBER BLUE STATES - Jeffrey M. Jones: \"Our \
                analysis finds that 20 states are solidly Republican.\"";
    assert_eq!(speakers_of(body), vec!["Jeffrey M. Jones"]);
}

#[test]
fn an_organisation_in_a_title_does_not_make_the_person_an_organisation() {
    let body = "BUENOS AIRES, March 13 - Central Bank President Jose Luis\n\
                Machinea said negotiations with creditor banks were difficult.\n    \
                \"There is considerable divergence with the banks,\" Machinea told Reuters.\n";
    assert_eq!(speakers_of(body), vec!["Jose Luis Machinea"]);
    let got = extract_quotes(body);
    assert_eq!(got[0].kind, Some(SpeakerKind::Person));
}

#[test]
fn a_reported_speech_verb_after_and_takes_the_clause_subject() {
    let body = "    Gilberto Arango, president of the exporters' association, spoke.\n    \
                However, Arango, like Finance Minister Cesar Gaviria last week, was more\n\
                explicit and said the United States would be under pressure.\n    \
                \"Washington will have to take into account that for many countries a fall\n\
                in coffee revenue would have far-reaching consequences.\"\n";
    assert_eq!(speakers_of(body), vec!["Gilberto Arango"]);
}

#[test]
fn a_pronoun_right_after_an_unnamed_speaker_continues_that_speaker() {
    let body = "    Paul Mlotok, an analyst, said prices fell on Monday.\n    \
                \"OPEC has to learn that you cannot have fixed prices,\" said the\n\
                regional manager for one of the major oil companies. \"The market is now\n\
                trying to teach them that lesson again,\" he added.\n";
    assert_eq!(speakers_of(body), vec!["", ""]);
    let got = extract_quotes(body);
    assert_eq!(got[1].no_speaker, Some(NoSpeaker::Unnamed));
    // (Somebody named in between is the one the pronoun follows.)
    let body = "    \"OPEC has to learn that you cannot have fixed prices,\" said the regional \
                manager. Paul Mlotok disagreed. \"The market is now trying to teach them,\" he \
                added.\n";
    assert_eq!(speakers_of(body), vec!["", "Paul Mlotok"]);
}

#[test]
fn a_title_after_the_noun_for_a_work_is_no_quotation() {
    let body = "In his 2002 book, ''Make Your Kid a Millionaire,'' Mr. McKinley suggested \
                saving more.\n\nShe sang the anthem ''A Change Is Gonna Come,'' she said.";
    assert!(
        extract_quotes(body).is_empty(),
        "{:?}",
        extract_quotes(body)
    );
}

#[test]
fn a_place_or_firm_after_of_in_an_apposition_is_not_the_speaker() {
    let body = "Lord Nicholls of Birkenhead, in his ruling, said: \"Indefinite imprisonment \
                without charge or trial is anathema.\"";
    assert_eq!(speakers_of(body), vec!["Nicholls"]);
    let body = "Mr Shin-Bae Kim, chief executive of SK Telecom, also at 3GSM, said: \"We have \
                plans to integrate TV with mobile internet.\"";
    assert_eq!(speakers_of(body), vec!["Shin-Bae Kim"]);
}

#[test]
fn a_quotation_the_reporters_sentence_runs_on_from_is_a_fragment() {
    let body = "PolitiFact said \u{201c}Trump exaggerates\u{201d} the level of youth \
                unemployment.\n\nShe angrily said, \u{201c}I am so sick of the Sanders campaign \
                lying\u{201d} about her record.";
    assert!(
        extract_quotes(body).is_empty(),
        "{:?}",
        extract_quotes(body)
    );
    // (A quotation ending its own words, or with its attribution right after, stays.)
    let body = "\u{201c}We are not going anywhere\u{201d} said Jane Roe, a spokeswoman.";
    assert_eq!(speakers_of(body), vec!["Jane Roe"]);
}

#[test]
fn titles_and_descriptors_are_stripped_from_names() {
    let body = "Tory MP Michael Mates said: \"The bill is a mess from start to finish.\"\n\n\
                \"It was the best goal of my whole career,\" Goalscorer Jimmy Floyd \
                Hasselbaink said.";
    assert_eq!(
        speakers_of(body),
        vec!["Michael Mates", "Jimmy Floyd Hasselbaink"]
    );
    // A descriptor in the plural, and a short one.
    let body = "\"We have done nothing wrong at all,\" Sprinters Kostas Kenteris said.\n\n\
                \"The crowd was louder than ever before,\" DJ Norman Cook said.";
    assert_eq!(speakers_of(body), vec!["Kostas Kenteris", "Norman Cook"]);
}

#[test]
fn a_titled_surname_joins_the_full_name() {
    let body = "Defence expert Liam Fox met the minister on Monday.\n\n\
                \"The plans are not good enough for our troops,\" Dr Fox said.\n\n\
                Police chief Chris Ford warned of delays. \"We need more officers on the \
                streets,\" Mr Ford said.";
    assert_eq!(speakers_of(body), vec!["Liam Fox", "Chris Ford"]);
    // An organisation word that is the surname after a first name names a person.
    let body = "Police chief Chris Fox spoke on Friday. \"Closing pubs for a day does \
                not work,\" Mr Fox said.";
    assert_eq!(speakers_of(body), vec!["Chris Fox"]);
}

#[test]
fn a_document_speaks_for_its_organisation() {
    let body = "\"Prices will rise again before the end of the year,\" a BBC statement said.";
    let got = extract_quotes(body);
    assert_eq!(got[0].speaker, "BBC");
    assert_eq!(got[0].kind, Some(SpeakerKind::Org));
    let body = "\"Nothing in the accounts was hidden from the auditors,\" the report said.";
    assert_eq!(
        speakers_and_reasons(body),
        vec![(String::new(), Some(NoSpeaker::Unnamed))]
    );
}

#[test]
fn holidays_nationalities_and_common_nouns_are_no_speakers() {
    for who in ["Christmas", "Tory", "Dutchman", "List", "Family", "Between"] {
        let body = format!("\"We will be back here again next year for sure,\" {who} said.");
        assert_eq!(
            speakers_and_reasons(&body),
            vec![(String::new(), Some(NoSpeaker::NotAName))],
            "{who}"
        );
    }
}

#[test]
fn a_quotation_without_a_speaker_says_why() {
    let body = "The hall was quiet.\n\n\"Nobody expected the vote to be this close tonight.\"\n\n\
                \"It is a disaster for the town,\" a spokesman said.\n\n\
                \"We want our money back from the council,\" they said.";
    assert_eq!(
        speakers_and_reasons(body),
        vec![
            (String::new(), Some(NoSpeaker::NoCue)),
            (String::new(), Some(NoSpeaker::Unnamed)),
            (String::new(), Some(NoSpeaker::Pronoun)),
        ]
    );
}

#[test]
fn it_and_a_short_organisation_name_find_the_organisation_named_before() {
    let body = "The Reserve Bank of the country held its rate. The Reserve Bank said in \
                its review that prices were stable.\n\n\
                \"Inflation stands to benefit further from lower oil prices,\" the Bank said.\n\n\
                \"Growth will slow in the second half of the year,\" it said.";
    assert_eq!(speakers_of(body), vec!["Reserve Bank", "Reserve Bank"]);
}

#[test]
fn a_name_borne_by_men_and_women_takes_its_gender_from_the_text() {
    let body = "Sprinter Kim Collins will race in Birmingham next month. Collins won silver \
                there in 2003. \"I am looking forward to racing such a strong field,\" he said.";
    assert_eq!(speakers_of(body), vec!["Kim Collins"]);
}

#[test]
fn a_name_with_its_of_phrase_speaks_not_the_organisation() {
    let body = "\"They will have to pay a little more for the shares,\" Bruce Lazier of Prescott \
                Ball and Turben said.";
    assert_eq!(speakers_of(body), vec!["Bruce Lazier"]);
}

#[test]
fn a_title_after_a_preposition_or_possessive_is_no_quotation_even_when_attributed() {
    let body = "In an interview on CBS's \"Face the Nation,\" House Speaker Paul Ryan said \
                the shootings demand more listening.\n\
                On \"Meet the Press,\" Senator Jane Roe said the bill would pass.";
    assert!(q(body).is_empty(), "{:?}", q(body));
    // Speech opening the sentence keeps its attribution.
    let speech = "\"Face the facts,\" Senator Jane Roe said.";
    assert_eq!(speakers_of(speech), vec!["Jane Roe".to_string()]);
}

#[test]
fn a_quotation_paragraph_after_reported_speech_is_that_speakers() {
    // Wire copy: a paragraph reports what somebody said, the next one quotes them with no
    // attribution of its own, hard-wrapped as it arrives.
    let body = "    Gilberto Arango, president of the exporters' association,\n\
                said Colombia could withstand a prolonged absence of quotas.\n\
                \x20   But he added it did not imply the country would begin heavy\n\
                selling of coffee.\n\
                \x20   \"Our marketing policy is to sell without haste but\n\
                consistently. No targets for volume will be set.\"\n";
    assert_eq!(speakers_of(body), vec!["Gilberto Arango".to_string()]);
    // Without reported speech before it, the quotation has no cue and no speaker.
    let bare = "    Coffee prices fell again on Monday in London.\n\
                \x20   \"Our marketing policy is to sell without haste but\n\
                consistently. No targets for volume will be set.\"\n";
    let got = extract_quotes(bare);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].no_speaker, Some(NoSpeaker::NoCue));
    // A capitalised word that spells a speech verb (`States`) reports nothing.
    let name = "    Arango was more explicit about the United States\n\
                and its policy in coming weeks.\n\
                \x20   \"Our marketing policy is to sell without haste but\n\
                consistently. No targets for volume will be set.\"\n";
    assert_eq!(extract_quotes(name)[0].no_speaker, Some(NoSpeaker::NoCue));
}

#[test]
fn a_firm_and_a_role_before_a_name_are_its_modifiers() {
    let body = "\"It has not yet demonstrated that it can break out,\" said Carroll McEntee and \
                McGinley analyst Denis Karnosky.\n\
                \"This year's nominees reflect the growing strength of the field,\" said BIFA \
                founder and director Elliot Grove.";
    assert_eq!(
        speakers_of(body),
        vec!["Denis Karnosky".to_string(), "Elliot Grove".to_string()]
    );
    // Two people joined by `and` stay a joint subject, not a modifier of the second.
    let joint = "\"We agree on this,\" said Jane Roe and John Doe.";
    assert_ne!(speakers_of(joint), vec!["John Doe".to_string()]);
}

#[test]
fn a_definite_description_is_the_person_the_text_is_about() {
    let body = "Norwich have signed Charlton midfielder Graham Stuart until the end of the \
                season.\n\"It was a very easy decision to make,\" the 34-year-old told the \
                club's website.\n\
                Donald Trump spoke in Ohio on Monday. \"We will win,\" the New York businessman \
                said.";
    assert_eq!(
        speakers_of(body),
        vec!["Graham Stuart".to_string(), "Donald Trump".to_string()]
    );
    // An office is no description of a person named before: nobody is named.
    let office = "Donald Trump spoke in Ohio. \"We will review the rules,\" the official said.";
    let got = extract_quotes(office);
    assert_eq!(got[0].speaker, "");
    assert_eq!(got[0].no_speaker, Some(NoSpeaker::Unnamed));
    // Described, but nobody named before it: unnamed.
    let nobody = "\"It was an easy decision,\" the 34-year-old said.";
    assert_eq!(
        extract_quotes(nobody)[0].no_speaker,
        Some(NoSpeaker::Unnamed)
    );
}

#[test]
fn a_title_with_one_given_name_is_the_name_unless_the_article_gives_a_fuller_one() {
    let body = "Pope Francis spoke in Mexico on Wednesday. \"God will hold the slave drivers \
                of our day to account,\" Francis said.";
    assert_eq!(q(body)[0].0, "Pope Francis");
    let body = "Alwaleed Bin Talal, a real estate investor, answered on Twitter. Prince \
                Alwaleed said: \"You are a disgrace not only to the GOP but to all America.\"";
    assert_eq!(q(body)[0].0, "Alwaleed Bin Talal");
}

#[test]
fn an_acronym_speaks_as_an_organisation_and_its_letter_is_its_own() {
    let body = "The National Association of Wheat Growers (NAWG) urged the administration to act. \
                \"We believe that a solid case continues to exist,\" NAWG said. \
                \"Consequently, we believe it is important to renew the offer,\" the letter said.";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].speaker, "NAWG");
    assert_eq!(got[0].kind, Some(SpeakerKind::Org));
    assert_eq!(got[1].speaker, "NAWG");
    // A document after a person's words is nobody's.
    let person =
        "\"We will renew the offer,\" Jane Roe said. \"It is important,\" the letter said.";
    assert_eq!(extract_quotes(person)[1].speaker, "");
}
