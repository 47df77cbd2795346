//! Direct-quotation extraction and speaker attribution for news article bodies.
//!
//! The extractor works in one linear pass over a token stream, then a few passes over the
//! (few) quotations it found:
//!
//! 0. **Read the layout** ([`layout`]): in hard-wrapped text (wire copy, e-mail, OCR), line
//!    breaks inside a paragraph are read as spaces and a word hyphenated at a line end is
//!    joined; paragraphs come from blank lines, indentation, or a short line ending a sentence.
//!    Every offset still points into the original body.
//! 1. **Tokenize** the body once: words (with abbreviations such as `Sen.` or `U.S.` kept whole),
//!    punctuation, paragraph breaks and quotation marks (`"`, `“ ”`, `''`, ` `` `, `« »`).
//! 2. **Pair quotation marks** with a small state machine: a straight mark opens or closes by
//!    the spacing around it; a quote does not cross a paragraph break unless the next paragraph
//!    opens with a quotation mark again (the newswire convention for multi-paragraph quotes).
//! 3. **Merge** a quote interrupted by its attribution (`"A," she said. "B."`, also when the
//!    rest is a paragraph of its own) into one quotation of two parts; each part is reported
//!    with its exact words, the later ones linked to the one they continue
//!    ([`Quote::continues`](crate::article::Quote::continues)).
//! 4. **Find the cue**: a speech verb next to the quote, after it (`," Trump said` /
//!    `," said Trump`) or before it (`Trump said, "` / `she added: "` / `..., saying, "`), and the
//!    subject noun phrase of that verb.
//! 5. **Filter** what is not speech: fragments that open in lower case (`called it "a disaster"`)
//!    and short or title-cased quotes without a cue (scare quotes, titles) are left out.
//! 6. **Resolve** the subject: titles are stripped, a bare surname becomes the longest full name
//!    the article gives for it, and `he`/`she` become the most salient earlier person of that
//!    gender (recency, subject position, not inside a prepositional phrase; gender from
//!    honorifics, an embedded first-name list and the article's own pronouns).
//!    Organisations speak under their name (`the Pentagon said` -> `Pentagon`), a common noun
//!    phrase as the organisation the article names with that head noun (`the campaign said`
//!    -> `Vargas campaign`), a role noun as the person named with that title (`the president`
//!    -> `Barack Obama`); a document, a person described only by a common noun, or a quote
//!    with no cue that does not continue the previous speaker's paragraph, gets no speaker.

mod cues;
mod doc;
mod layout;
mod lexicon;
mod orgs;
mod pairing;
mod phrases;
mod speakers;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_es;
#[cfg(test)]
mod tests_wire;
mod tokens;

use crate::article::Quote;
use crate::offsets::CharCounter;
use doc::Doc;
use layout::View;

/// Find the direct quotations in an article body and attribute them to speakers.
///
/// Quotes come back in body order; offsets are character offsets into `body` and span the
/// quoted words (inside the marks), which `text` holds exactly. A quotation interrupted by its
/// attribution comes as its parts, each after the first linked to the one it continues. A quote
/// whose speaker cannot be recovered has an empty `speaker` and says why in `no_speaker`.
///
/// ```
/// use dossier::extract::quotes::extract_quotes;
/// let body = "Senator Jane Roe spoke on Friday. \"We will not back down,\" Roe said.";
/// let quotes = extract_quotes(body);
/// assert_eq!(quotes.len(), 1);
/// assert_eq!(quotes[0].speaker, "Jane Roe");
/// assert_eq!(quotes[0].text, "We will not back down");
/// ```
pub fn extract_quotes(body: &str) -> Vec<Quote> {
    extract_quotes_in(body, "en")
}

/// [`extract_quotes`] for an article in the language `lang` (an ISO 639-1 code such as `en`
/// or `es`): the speech verbs, pronouns, titles and quotation conventions of that language.
/// A language without tables of its own (and `und`) is read with the English ones.
///
/// ```
/// use dossier::extract::quotes::extract_quotes_in;
/// let body = "La presidenta Claudia Sheinbaum habló el viernes. «La soberanía no se vende», dijo.";
/// let quotes = extract_quotes_in(body, "es");
/// assert_eq!(quotes[0].speaker, "Claudia Sheinbaum");
/// assert_eq!(quotes[0].text, "La soberanía no se vende");
/// ```
pub fn extract_quotes_in(body: &str, lang: &str) -> Vec<Quote> {
    if !has_quotation_mark(body, lexicon::lexicon(lang).rules.dashes_and_singles) {
        return Vec::new();
    }
    let view = View::new(body, tokens::front_matter_len(body));
    let found = Doc::new(view.text(), lang).extract();
    // Byte offsets of the view -> of the body, in increasing order for the char counter.
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for (k, a) in found.iter().enumerate() {
        for &(s, e) in &a.parts {
            let Some(last) = view.text().get(s..e).and_then(|t| t.chars().last()) else {
                continue;
            };
            let (os, oe) = (
                view.original(s),
                view.original(e - last.len_utf8()) + last.len_utf8(),
            );
            if body.get(os..oe).is_some() {
                spans.push((os, oe, k));
            }
        }
    }
    let mut chars = CharCounter::new(body);
    let mut out: Vec<Quote> = Vec::with_capacity(spans.len());
    let mut last_of: Vec<Option<usize>> = vec![None; found.len()];
    for (os, oe, k) in spans {
        let sp = &found[k].speaker;
        let (start, end) = (chars.at(os), chars.at(oe));
        out.push(Quote {
            speaker: sp.name.clone(),
            kind: sp.kind,
            text: body[os..oe].to_string(),
            start,
            end,
            continues: last_of[k],
            no_speaker: sp.why,
        });
        last_of[k] = Some(out.len() - 1);
    }
    out
}

/// Whether `body` holds any quotation mark the tokenizer knows (with `dashes`, also a single
/// curly mark or an em dash): most wire copy has none, and then there is nothing to tokenize.
fn has_quotation_mark(body: &str, dashes: bool) -> bool {
    body.contains(['"', '“', '”', '„', '«', '»'])
        || body.contains("``")
        || body.contains("''")
        || (dashes && body.contains(['‘', '—', '―']))
        || headline_in_singles(body)
}

/// Does the body's first line hold a colon and then a single mark (`Kasich: ‘We Are…’`; see
/// [`tokens::mark_headline_quote`])?
fn headline_in_singles(body: &str) -> bool {
    let rest = body[tokens::front_matter_len(body)..].trim_start();
    let line = rest.split('\n').next().unwrap_or_default();
    line.contains(": ‘") || line.contains(": '")
}

/// The distinct non-empty speakers of `quotes`, in first-seen order.
pub fn speakers(quotes: &[Quote]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in quotes {
        if !q.speaker.is_empty() && !out.iter().any(|s| s == &q.speaker) {
            out.push(q.speaker.clone());
        }
    }
    out
}
