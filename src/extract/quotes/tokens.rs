//! Tokenizing an article body: words (abbreviations such as `Sen.` or `U.S.` kept whole),
//! punctuation, paragraph breaks and quotation marks; and skipping YAML front matter.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Word,
    Comma,
    Colon,
    Semi,
    /// Sentence-ending punctuation: `.`, `!`, `?`, `…`.
    Stop,
    Dash,
    Paren,
    /// A mark that can only open a quotation: `“`, `„`, `«`, ` `` `.
    QOpen,
    /// A mark that can only close one: `”`, `»`.
    QClose,
    /// A straight mark, `"` or `''`: direction from the spacing around it.
    QAmb,
    Newline,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    /// Byte offset of the token's first byte in the text.
    pub(super) start: usize,
    /// Byte offset just past its last byte.
    pub(super) end: usize,
    pub(super) kind: Kind,
    /// Whitespace (or the start of the text) right before the token.
    pub(super) sp_before: bool,
    /// Whitespace (or the end of the text) right after the token.
    pub(super) sp_after: bool,
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn is_abbrev(w: &str) -> bool {
    const ABBREV: &[&str] = &[
        "mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "govs", "gen", "lt", "col",
        "sgt", "adm", "capt", "maj", "cmdr", "jr", "sr", "st", "rev", "prof", "mt", "ft", "inc",
        "corp", "co", "ltd", "bros", "vs", "no", "jan", "feb", "aug", "sept", "sep", "oct", "nov",
        "dec", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
        "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb",
        "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "supt",
        "atty", "dra", "sra", "srta", "lic",
    ];
    let single_cap = w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase();
    // "R-Ky." ends with the abbreviation after its hyphen.
    let tail = w.rsplit('-').next().unwrap_or(w);
    single_cap || w.contains('.') || ABBREV.iter().any(|a| a.eq_ignore_ascii_case(tail))
}

/// End (byte) of the word starting at `i`.
fn scan_word(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    loop {
        // ASCII fast path.
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let Some(c) = next_char(text, j) else {
            break;
        };
        if c.is_alphanumeric() {
            j += c.len_utf8();
            continue;
        }
        if matches!(c, '\'' | '’' | '-' | '.' | '&') {
            let after = j + c.len_utf8();
            if next_char(text, after).is_some_and(|d| d.is_alphanumeric()) {
                j = after;
                continue;
            }
        }
        break;
    }
    if next_char(text, j) == Some('.') && is_abbrev(&text[i..j]) {
        j += 1;
    }
    j
}

/// `Kasich: ‘We Are Going To Go All The Way.’`: a headline (the first line of the text) that
/// names a speaker, then a colon, then single marks around all the rest. Where single marks are
/// apostrophes (`singles` off), they are quotation marks there: their tokens become `QOpen` and
/// `QClose`. (A headline with more single marks, `‘No Idea’ If I…`, is left alone.)
pub(super) fn mark_headline_quote(toks: &mut [Token], text: &str) {
    let a = toks
        .iter()
        .position(|t| t.kind != Kind::Newline)
        .unwrap_or(toks.len());
    let n = toks[a..]
        .iter()
        .position(|t| t.kind == Kind::Newline)
        .map_or(toks.len(), |k| a + k);
    let Some(c) = toks[a..n]
        .iter()
        .position(|t| t.kind == Kind::Colon)
        .map(|k| a + k)
    else {
        return;
    };
    let single = |t: &Token, marks: [&str; 2]| {
        t.kind == Kind::Other && marks.contains(&&text[t.start..t.end])
    };
    if c == a
        || c + 3 >= n
        || !single(&toks[c + 1], ["‘", "'"])
        || !single(&toks[n - 1], ["’", "'"])
    {
        return;
    }
    let inner = &toks[c + 2..n - 1];
    if inner
        .iter()
        .any(|t| single(t, ["‘", "'"]) || single(t, ["’", "'"]))
    {
        return;
    }
    toks[c + 1].kind = Kind::QOpen;
    toks[n - 1].kind = Kind::QClose;
}

/// The tokens of `text` from byte `from`; with `singles`, `‘` opens a quotation and a `’`
/// that is no apostrophe closes one.
pub(super) fn tokenize(text: &str, from: usize, singles: bool) -> Vec<Token> {
    let b = text.as_bytes();
    let mut toks: Vec<Token> = Vec::with_capacity(text.len().saturating_sub(from) / 5 + 4);
    let mut i = from;
    let mut prev_space = true;
    while i < b.len() {
        let c = b[i];
        let (kind, len) = if c < 0x80 {
            match c {
                b'\n' => (Kind::Newline, 1),
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    i += 1;
                    prev_space = true;
                    continue;
                }
                b'"' => (Kind::QAmb, 1),
                // Three apostrophes: a closing single mark, then a closing double one.
                b'\'' if b.get(i + 1) == Some(&b'\'') && b.get(i + 2) == Some(&b'\'') => {
                    (Kind::Other, 1)
                }
                b'\'' if b.get(i + 1) == Some(&b'\'') => (Kind::QAmb, 2),
                b'`' if b.get(i + 1) == Some(&b'`') => (Kind::QOpen, 2),
                b',' => (Kind::Comma, 1),
                b':' => (Kind::Colon, 1),
                b';' => (Kind::Semi, 1),
                b'.' | b'!' | b'?' => (Kind::Stop, 1),
                b'-' if b.get(i + 1) == Some(&b'-') => (Kind::Dash, 2),
                b'-' => (Kind::Dash, 1),
                b'(' | b')' | b'[' | b']' => (Kind::Paren, 1),
                _ if c.is_ascii_alphanumeric() => (Kind::Word, scan_word(text, i) - i),
                _ => (Kind::Other, 1),
            }
        } else {
            let Some(ch) = next_char(text, i) else {
                break;
            };
            if ch.is_whitespace() {
                i += ch.len_utf8();
                prev_space = true;
                continue;
            }
            let kind = match ch {
                '“' | '„' | '«' => Kind::QOpen,
                '”' | '»' => Kind::QClose,
                '‘' if singles => Kind::QOpen,
                '’' if singles => Kind::QClose,
                '—' | '–' | '―' => Kind::Dash,
                '…' => Kind::Stop,
                _ if ch.is_alphanumeric() => Kind::Word,
                _ => Kind::Other,
            };
            let len = if kind == Kind::Word {
                scan_word(text, i) - i
            } else {
                ch.len_utf8()
            };
            (kind, len)
        };
        let e = i + len.max(1);
        let sp_after = next_char(text, e).is_none_or(|d| d.is_whitespace());
        toks.push(Token {
            start: i,
            end: e,
            kind,
            sp_before: prev_space,
            sp_after,
        });
        prev_space = kind == Kind::Newline;
        i = e;
    }
    toks
}

/// Byte length of a YAML front matter block at the very top (`---` … `---`), else 0.
pub(super) fn front_matter_len(body: &str) -> usize {
    if !(body.starts_with("---\n") || body.starts_with("---\r\n")) {
        return 0;
    }
    let mut pos = body.find('\n').map_or(body.len(), |n| n + 1);
    while pos < body.len() {
        let end = body[pos..].find('\n').map_or(body.len(), |n| pos + n + 1);
        if body[pos..end].trim_end() == "---" {
            return end;
        }
        pos = end;
    }
    0
}
