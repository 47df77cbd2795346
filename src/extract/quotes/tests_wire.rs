//! Unit tests of the rules for quotations as wire copy writes them: a speech verb's whole
//! object in lower case, a sentence's attribution after the reporter's words, terms in quotation
//! marks, a quotation taken up after an ellipsis, organisations named with a title word.

use super::tests::q;
use super::*;
use crate::article::{NoSpeaker, SpeakerKind};

#[test]
fn a_speech_verbs_whole_object_in_lower_case_is_the_speakers_words() {
    let body = "Sugar prices rose, but C. Czarnikow said \"it is not the sort of fact that \
                easily becomes known.\"";
    assert_eq!(
        q(body),
        vec![(
            "C. Czarnikow".to_string(),
            "it is not the sort of fact that easily becomes known.".to_string()
        )]
    );
    // (An answer in a poll: `not` opens no finite verb.)
    let answer = "Asked about his chances, 14 percent said \"not at all likely.\" Others agreed.";
    assert_eq!(q(answer)[0].1, "not at all likely.");
    // Not a fragment inside the reporter's clause, nor after `that`, nor the rest of a clause
    // whose subject the reporter wrote.
    for woven in [
        "Yeutter said he is \"cautiously optimistic\" about the talks.",
        "Clinton said that \"we will win this state.\"",
        "Nothing the president said \"will assuage people's fears,\" the senator added.",
    ] {
        assert!(q(woven).is_empty(), "{woven}");
    }
}

#[test]
fn a_sentence_attributed_after_the_reporters_words_gives_its_quotation_a_speaker() {
    let body = "Argentina has sold four mln tonnes, a USDA official said.\n\
                \"Significant downside potential\" still exists for the crop, the official \
                said, which will cut exports.";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].text, "Significant downside potential");
    assert_eq!(got[0].no_speaker, Some(NoSpeaker::Unnamed));
}

#[test]
fn a_term_after_so_called_or_dubbed_is_no_quotation() {
    for term in [
        "The court ruled a so-called \"Christmas butter\" scheme legal, a spokesman said.",
        "The plan, dubbed \"Operation Clean Sweep,\" was approved, officials said.",
    ] {
        assert!(q(term).is_empty(), "{term}");
    }
}

#[test]
fn a_name_with_a_number_is_a_title_not_speech() {
    for title in [
        "Carson wrote that he was named the most honest student in a Yale class, \
         \"Perceptions 301,\" because he stayed.",
        "Workers marched with the \"Fight for 15\" campaign on Monday, organisers said.",
    ] {
        assert!(q(title).is_empty(), "{title}");
    }
}

#[test]
fn a_quotation_taken_up_after_an_ellipsis_belongs_to_the_sentences_speaker() {
    let body = "Jane Roe said the board could not carry out its duties to shareholders and \
                make an informed decision until it has, \"... Explored with us the ways in \
                which our offer can be revised to provide greater value.\"";
    let got = q(body);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "Jane Roe");
    assert!(got[0].1.starts_with("... Explored"));
}

#[test]
fn a_title_word_opening_an_organisations_name_is_part_of_it() {
    let body = "General Acquisition Co, a partnership, made the offer.\n\
                \"We will raise the bid if the board talks to us,\" General Acquisition Co said.";
    let got = extract_quotes(body);
    assert_eq!(got[0].speaker, "General Acquisition Co");
    assert_eq!(got[0].kind, Some(SpeakerKind::Org));
    // A person's title before an organisation's name is still the person's.
    let person = "\"The rate will hold,\" Bank of England Governor Mervyn King said.";
    assert_eq!(q(person)[0].0, "Mervyn King");
}

#[test]
fn it_after_a_public_bodys_statement_is_that_body() {
    let body = "LONDON - The U.K. Treasury said the sale of its stake in British Petroleum Co \
                PLC was in the budget.\n\
                A statement issued by the Treasury said \"the announcement makes no difference \
                to our estimate of proceeds.\"\n\
                \"It makes no difference to the borrowing requirement,\" it said.";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].speaker, "U.K. Treasury");
    assert_eq!(got[1].speaker, "U.K. Treasury");
}

#[test]
fn a_headline_quotation_in_single_marks_after_its_speaker_and_a_colon() {
    let body = "John Kasich: ‘We Are Going To Go All The Way To Cleveland.’\n\n\
                Ohio Gov. John Kasich spoke on Tuesday.";
    assert_eq!(
        q(body),
        vec![(
            "John Kasich".to_string(),
            "We Are Going To Go All The Way To Cleveland.".to_string()
        )]
    );
    // Straight single marks too; the name before the colon comes `from` someone.
    let from = "A lesson from Loretta Lynch: 'Be the voice that people hear.'\n\n\
                Attorney General Loretta Lynch spoke to students.";
    assert_eq!(q(from)[0].0, "Loretta Lynch");
    // A title-cased headline verb ends the speaker's name.
    let verb = "Elizabeth Warren Hammers Wells Fargo CEO: ‘You Should Resign.’\n\n\
                Sen. Elizabeth Warren grilled the bank's chief on Tuesday.";
    assert_eq!(q(verb)[0].0, "Elizabeth Warren");
    // Not with more single marks in the headline, not below the headline, and not apostrophes.
    for body in [
        "Ryan: ‘Anti-Semitic Images’ Have ‘No Place In A Campaign.’\n\nRyan spoke.",
        "Officials met.\nRyan: ‘We Will Not Move Tonight.’",
        "Trump’s rally: the crowd’s chant\n\nThe rally went on.",
    ] {
        assert!(q(body).is_empty(), "{body}");
    }
}

#[test]
fn it_and_the_report_after_an_acronym_speaks_are_that_organisation() {
    let body = "Growth will slow, the OECD said. \"The shock can be absorbed,\" Vincent Koen, an \
                economist with the OECD, told the BBC's World Business Report. Europe would \
                recover, the OECD said. \"Investment should continue in North America,\" it \
                added. \"It remains to be seen whether Europe will recover,\" the report said.";
    let got = extract_quotes(body);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].speaker, "Vincent Koen");
    assert_eq!(got[1].speaker, "OECD");
    assert_eq!(got[1].kind, Some(SpeakerKind::Org));
    assert_eq!(got[2].speaker, "OECD");
}

#[test]
fn it_is_the_subject_of_the_last_speech_verb_when_no_person_has_that_name() {
    let body =
        "Turkcell signed a contract in September, and Parliament voted on it. Turkcell said \
                the ruling would hurt its plans. \"If management control cannot be achieved, \
                the project will become risky,\" it warned in a statement.";
    let got = extract_quotes(body);
    assert_eq!(got[0].speaker, "Turkcell");
    assert_eq!(got[0].kind, Some(SpeakerKind::Org));
    // A person's surname is no organisation: the one named last speaks for `it`.
    let person = "Jane Roe of Acme Corp spoke first. Roe said the plan was sound. \"We will \
                  build it,\" it said.";
    assert_eq!(extract_quotes(person)[0].speaker, "Acme Corp");
}
