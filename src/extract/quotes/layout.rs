//! Text as it arrives: recovering paragraphs from hard-wrapped copy (wire, e-mail, plain-text
//! and OCR archives) before quotations are looked for, with every offset kept into the
//! original body.
//!
//! A [`View`] of a body is the same text with its *soft* line breaks — those inside a
//! paragraph — read as spaces, and a word hyphenated at a line end (`inter-⏎national`) joined.
//! Paragraph breaks stay line breaks: a blank line, a line indented deeper than the text's
//! margin (wire copy opens paragraphs so), and, in wrapped text that does not indent its
//! paragraphs, a line that ends a sentence well short of the width while the next word would
//! have fitted. Text whose lines are not
//! wrapped (most lines longer than [`WRAP_MAX`] characters) is left as it is: there a single
//! line break is a paragraph break.
//!
//! A soft break becomes one space in place, so offsets do not move; only a joined hyphenation
//! removes characters, and [`View::original`] maps an offset of the view back to the body.

use std::borrow::Cow;

/// Lines longer than this (in characters) are not hard-wrapped lines.
const WRAP_MAX: usize = 100;
/// Share (in tenths) of the non-blank lines that must be at most `WRAP_MAX` long for the text
/// to count as wrapped.
const WRAPPED_TENTHS: usize = 9;
/// Words after a line-end hyphen that show a suspended compound (`pre-⏎and post-war`), not a
/// word cut in two.
const NOT_HYPHENATION: &[&str] = &["and", "or", "nor", "to", "but"];

/// A body with its soft line breaks read as spaces; see the module docs.
pub(super) struct View<'a> {
    text: Cow<'a, str>,
    /// Where removed characters were: `(view offset, bytes removed so far)`, increasing.
    shifts: Vec<(usize, usize)>,
}

/// One line of the body: byte range (without its `\n`), its indentation and length in
/// characters (trailing whitespace aside).
struct Line {
    s: usize,
    e: usize,
    indent: usize,
    len: usize,
}

fn lines_of(body: &str, from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut s = from;
    while s <= body.len() {
        let e = body[s..].find('\n').map_or(body.len(), |n| s + n);
        let line = &body[s..e];
        let trimmed = line.trim_end();
        let content = trimmed.trim_start();
        let indent = trimmed.len() - content.len();
        let len = if content.is_ascii() {
            trimmed.len()
        } else {
            trimmed.chars().count()
        };
        out.push(Line { s, e, indent, len });
        if e == body.len() {
            break;
        }
        s = e + 1;
    }
    out
}

impl<'a> View<'a> {
    /// The view of `body` from byte `from` on (the part before it, front matter, is kept as
    /// it is).
    pub(super) fn new(body: &'a str, from: usize) -> Self {
        let plain = View {
            text: Cow::Borrowed(body),
            shifts: Vec::new(),
        };
        if !body[from.min(body.len())..].contains('\n') {
            return plain;
        }
        let lines = lines_of(body, from.min(body.len()));
        let full: Vec<&Line> = lines.iter().filter(|l| l.len > l.indent).collect();
        let short = full.iter().filter(|l| l.len <= WRAP_MAX).count();
        if full.len() < 2 || short * 10 < full.len() * WRAPPED_TENTHS {
            // Unwrapped text: a line break is a paragraph break, but for a stray one inside a
            // sentence, between a word in lower case and a word in lower case (`participate
            // personally⏎in caucuses`).
            let stray: Vec<(usize, bool)> = lines
                .windows(2)
                .filter(|p| stray_break(body, &p[0], &p[1]))
                .map(|p| (p[0].e, false))
                .collect();
            return if stray.is_empty() {
                plain
            } else {
                Self::joined(body, &stray)
            };
        }
        // The margin and the width the text was wrapped at (lines of one word aside).
        let margin = full.iter().map(|l| l.indent).min().unwrap_or(0);
        let width = full
            .iter()
            .filter(|l| l.len <= WRAP_MAX + 20 && body[l.s..l.e].trim().contains(' '))
            .map(|l| l.len)
            .max()
            .unwrap_or(WRAP_MAX);
        // Wire copy opens every paragraph with an indent: there, a short line that ends a
        // sentence is no paragraph end of its own.
        let indented = lines
            .windows(2)
            .filter(|p| p[0].len > p[0].indent && p[1].len > p[1].indent && p[1].indent > margin)
            .count();
        let by_length = indented < 2;
        let mut soft: Vec<(usize, bool)> = Vec::new();
        for pair in lines.windows(2) {
            let (l, m) = (&pair[0], &pair[1]);
            if let Some(hyphen) = soft_break(body, l, m, margin, width, by_length) {
                soft.push((l.e, hyphen));
            }
        }
        if soft.is_empty() {
            return plain;
        }
        Self::joined(body, &soft)
    }

    /// The body with the line breaks at `soft` (byte offsets of `\n`, with whether the line
    /// ends with a hyphenated word to join) read as spaces.
    fn joined(body: &'a str, soft: &[(usize, bool)]) -> Self {
        let mut text = String::with_capacity(body.len());
        let mut shifts = Vec::new();
        let mut at = 0;
        for &(nl, hyphen) in soft {
            if hyphen {
                // `inter-⏎   national`: drop the hyphen, the break and the indentation.
                let rest = &body[nl + 1..];
                let skip = rest.len() - rest.trim_start().len();
                text.push_str(&body[at..nl - 1]);
                at = nl + 1 + skip;
                // (The view's next byte is the body's byte `at`.)
                shifts.push((text.len(), at - text.len()));
            } else {
                text.push_str(&body[at..nl]);
                text.push(' ');
                at = nl + 1;
            }
        }
        text.push_str(&body[at..]);
        View {
            text: Cow::Owned(text),
            shifts,
        }
    }

    /// The text to read.
    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The byte offset in the original body of byte offset `b` of the view.
    pub(super) fn original(&self, b: usize) -> usize {
        let k = self.shifts.partition_point(|&(at, _)| at <= b);
        b + k.checked_sub(1).map_or(0, |k| self.shifts[k].1)
    }
}

/// Is the break between lines `l` and `m` of unwrapped text a stray one inside a sentence: `l`
/// ends on a lower-case letter or a comma, `m` opens with a lower-case letter, neither blank
/// nor indented?
fn stray_break(body: &str, l: &Line, m: &Line) -> bool {
    if l.len <= l.indent || m.len <= m.indent || l.indent > 0 || m.indent > 0 {
        return false;
    }
    let last = body[l.s..l.e].trim_end();
    let ends = last
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || c == ',');
    let opens = body[m.s..m.e]
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    ends && opens
}

/// Whether the break between lines `l` and `m` is soft (inside a paragraph): `Some(true)` when
/// `l` ends with a hyphenated word that `m` completes.
/// `by_length`: a line that ends a sentence well short of `width` ends its paragraph (not
/// where indentation marks paragraphs).
fn soft_break(
    body: &str,
    l: &Line,
    m: &Line,
    margin: usize,
    width: usize,
    by_length: bool,
) -> Option<bool> {
    // A blank line on either side, or an indented next line: a paragraph break.
    if l.len <= l.indent || m.len <= m.indent || m.indent > margin {
        return None;
    }
    let last = body[l.s..l.e].trim_end();
    let next = &body[m.s..m.e].trim_start();
    let first_word = next.split_whitespace().next().unwrap_or("");
    let fits = l.len + 1 + first_word.chars().count() + 2 <= width;
    // (A quotation closed after a comma, `…fee,"`, goes on with its attribution.)
    let unquoted = last.trim_end_matches(['"', '”', '\'', '’']);
    let ends_sentence = unquoted.ends_with(['.', '!', '?', ':']);
    // (A paragraph does not open in lower case: `the U.S.⏎eep offer`.)
    let opens_lower = first_word.chars().next().is_some_and(char::is_lowercase);
    if by_length && fits && ends_sentence && !opens_lower {
        return None;
    }
    let lb = last.as_bytes();
    let hyphen = lb.len() >= 3
        && lb[lb.len() - 1] == b'-'
        && lb[lb.len() - 2].is_ascii_lowercase()
        && lb[lb.len() - 3].is_ascii_lowercase()
        && first_word.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && !NOT_HYPHENATION
            .iter()
            .any(|w| first_word.trim_end_matches([',', '.']) == *w)
        // (The `\n` must follow the hyphen directly for the join.)
        && l.e == l.s + last.len();
    Some(hyphen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(body: &str) -> String {
        View::new(body, 0).text().to_string()
    }

    #[test]
    fn wrapped_lines_read_as_one_paragraph() {
        let body = "\"OPEC has a production problem\nand must address it,\" said Paul Mlotok of\nSalomon Brothers.\n";
        assert_eq!(
            view(body),
            "\"OPEC has a production problem and must address it,\" said Paul Mlotok of Salomon Brothers.\n"
        );
    }

    #[test]
    fn indentation_and_blank_lines_open_paragraphs() {
        let body = "NEW YORK - The company said\nprices fell.\n    \"We expect a\nrecovery,\" he said.\n\nAnother paragraph\nwrapped here.";
        let v = view(body);
        assert_eq!(v.len(), body.len());
        assert!(v.contains("said prices fell.\n    \"We expect a recovery,\" he said.\n\nAnother paragraph wrapped here."), "{v}");
    }

    #[test]
    fn unwrapped_text_is_left_alone() {
        let long = format!("{}ends here.", "word ".repeat(40));
        let body = format!("{long}\n{long}\n{long}");
        assert_eq!(view(&body), body);
        assert_eq!(view("one line only"), "one line only");
    }

    #[test]
    fn a_short_line_ending_a_sentence_ends_its_paragraph() {
        let body = "This line is long enough to set the width of the text.\nIt ends here.\nThe next paragraph starts and goes on and on for a while.\nlast";
        let v = view(body);
        assert!(v.contains("text. It ends here.\nThe next"), "{v}");
    }

    #[test]
    fn where_indents_open_paragraphs_a_short_line_does_not() {
        let body = "MANILA - The planning secretary said the plan\nwould fail.\n    \"If you don't get those seven\nbillion dlrs there is no plan.\nHow can there be a program?\" she\nsaid.\n    Another paragraph opens here.";
        let v = view(body);
        assert!(v.contains("no plan. How can"), "{v}");
        assert!(v.contains("plan would fail.\n    \"If"), "{v}");
    }

    #[test]
    fn a_stray_line_break_inside_a_sentence_of_unwrapped_text_is_a_space() {
        let long = "This paragraph is long enough that nobody would take the text for hard-wrapped copy at all, as web pages are.";
        let body = format!("{long}\n\n\"Supporters,\" he added, \"have focused on advertising to participate personally\nin caucuses and primaries.\"\n\n{long}\nThe next paragraph.");
        let v = view(&body);
        assert_eq!(v.len(), body.len());
        assert!(v.contains("personally in caucuses"), "{v}");
        assert!(v.contains("are.\nThe next"), "{v}");
    }

    #[test]
    fn a_quotation_closed_after_a_comma_goes_on_with_its_cue() {
        let body = "The minister spoke for an hour to the committee.\n\"These options boost output,\"\nHerrington told a House panel.";
        assert!(
            view(body).contains("output,\" Herrington"),
            "{}",
            view(body)
        );
    }

    #[test]
    fn hyphenation_is_joined_and_offsets_map_back() {
        let body = "The oil minister said the inter-\nnational price was too low for the\nproducers, and pre-\nand post-war talks failed.";
        let v = View::new(body, 0);
        assert!(v.text().contains("international price"), "{}", v.text());
        assert!(v.text().contains("pre- and post-war"), "{}", v.text());
        let at = v.text().find("national").unwrap_or(0);
        assert_eq!(&body[v.original(at)..v.original(at) + 8], "national");
        let p = v.text().find("price").unwrap_or(0);
        assert_eq!(&body[v.original(p)..v.original(p) + 5], "price");
        let t = v.text().find("The").unwrap_or(9);
        assert_eq!(v.original(t), 0);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for body in [
            "\n",
            "\n\n\n",
            "-\n-",
            "é-\nà",
            "a-\n",
            "\r\n\r\n",
            "  x\n  y\n",
        ] {
            let v = View::new(body, 0);
            for b in 0..=v.text().len() {
                assert!(v.original(b) <= body.len());
            }
        }
    }
}
