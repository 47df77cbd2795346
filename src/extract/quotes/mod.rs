//! Direct-quotation extraction and speaker attribution for news article bodies.
//!
//! The extractor works in one linear pass over a token stream, then a few passes over the
//! (few) quotations it found:
//!
//! 1. **Tokenize** the body once: words (with abbreviations such as `Sen.` or `U.S.` kept whole),
//!    punctuation, paragraph breaks and quotation marks (`"`, `“ ”`, `''`, ` `` `, `« »`).
//! 2. **Pair quotation marks** with a small state machine: a straight mark opens or closes by
//!    the spacing around it; a quote does not cross a paragraph break unless the next paragraph
//!    opens with a quotation mark again (the newswire convention for multi-paragraph quotes).
//! 3. **Merge** a quote interrupted by its attribution (`"A," she said. "B."`, also when the
//!    rest is a paragraph of its own) into one.
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
mod lexicon;
mod pairing;
mod phrases;
mod speakers;
#[cfg(test)]
mod tests;
mod tokens;

use crate::article::Quote;
use doc::Doc;

/// Find the direct quotations in an article body and attribute them to speakers.
///
/// Quotes come back in body order; offsets are character offsets into `body` and span the
/// quotation marks. A quote whose speaker cannot be recovered has an empty `speaker`.
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
    if !has_quotation_mark(body) {
        return Vec::new();
    }
    Doc::new(body).extract()
}

/// Whether `body` holds any quotation mark the tokenizer knows: most wire copy has none,
/// and then there is nothing to tokenize.
fn has_quotation_mark(body: &str) -> bool {
    body.contains(['"', '“', '”', '„', '«', '»']) || body.contains("``") || body.contains("''")
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
