//! Characters to tokens: words, phrases, fields, ranges, operators and parentheses; then
//! capital AND/OR/NOT marked as operators, and unbalanced parentheses found.

use super::ast::{Node, ParseError};
use super::MAX_DEPTH;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    And,
    Or,
    Not,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// A word, phrase or range, without its field.
    Leaf(Node),
    /// `name:` before a leaf or `(`.
    Field(String),
    /// An operator, with its text in case it has to be read as a word.
    Op(Op, String),
    Open,
    Close,
    Plus,
    Minus,
}

#[derive(Debug)]
pub(super) struct Tok {
    pub(super) kind: Kind,
    pub(super) at: usize,
}

impl Tok {
    pub(super) fn is_deliberate(&self) -> bool {
        use Kind::*;
        let leaf = matches!(&self.kind, Leaf(Node::Phrase { .. } | Node::Range { .. }));
        leaf || matches!(self.kind, Op(..) | Field(_) | Plus | Minus)
    }
}

/// Closing quotes for an opening quote.
pub(super) fn closers(c: char) -> Option<&'static [char]> {
    Some(match c {
        '"' => &['"', '”'],
        '“' => &['”', '“', '"'],
        '”' => &['”'],
        '„' => &['“', '”', '"'],
        '«' => &['»'],
        '‹' => &['›'],
        _ => return None,
    })
}

pub(super) fn has_content(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

pub(super) fn is_op_word(text: &str) -> bool {
    matches!(text, "AND" | "OR" | "NOT")
}

/// A boost: digits with at most one dot, finite.
pub(super) fn parse_boost(t: &str) -> Option<f32> {
    let ok = t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit());
    let b = if ok { t.parse::<f32>().ok() } else { None };
    b.filter(|b| b.is_finite())
}

pub(super) fn word_node(text: String, prefix: bool, boost: Option<f32>) -> Node {
    Node::Word {
        text,
        field: None,
        prefix,
        boost,
    }
}

/// A word, with `^boost` and a prefix `*` taken off the end.
pub(super) fn word(chars: &[char]) -> Node {
    let mut text: String = chars.iter().collect();
    let mut boost = None;
    if let Some(k) = text.rfind('^') {
        boost = parse_boost(&text[k + 1..]).filter(|_| has_content(&text[..k]));
        if boost.is_some() {
            text.truncate(k);
        }
    }
    let mut rev = text.chars().rev();
    let prefix = rev.next() == Some('*') && rev.next().is_some_and(char::is_alphanumeric);
    if prefix {
        text.pop();
    }
    word_node(text, prefix, boost)
}

pub(super) fn range_node(
    field: String,
    lower: Option<String>,
    upper: Option<String>,
    li: bool,
    ui: bool,
) -> Node {
    let (lower_inclusive, upper_inclusive) = (li, ui);
    Node::Range {
        field,
        lower,
        upper,
        lower_inclusive,
        upper_inclusive,
    }
}

/// The chars from `from` while `ok`, and where they end.
pub(super) fn run_of(s: &[char], from: usize, ok: fn(&char) -> bool) -> (String, usize) {
    let r: String = s[from..].iter().take_while(|c| ok(c)).collect();
    let end = from + r.chars().count();
    (r, end)
}

pub(super) struct Lexer<'a> {
    s: &'a [char],
    fields: &'a [&'a str],
    parens: bool,
    toks: Vec<Tok>,
    notes: Vec<String>,
}

impl<'a> Lexer<'a> {
    pub(super) fn new(s: &'a [char], fields: &'a [&'a str], parens: bool) -> Self {
        let (toks, notes) = (Vec::new(), Vec::new());
        Lexer {
            s,
            fields,
            parens,
            toks,
            notes,
        }
    }

    fn push(&mut self, kind: Kind, at: usize) {
        self.toks.push(Tok { kind, at });
    }

    pub(super) fn run(mut self) -> Result<(Vec<Tok>, Vec<String>), ParseError> {
        let s = self.s;
        let mut i = 0;
        while let Some(&c) = s.get(i) {
            let parens = self.parens;
            let marks =
                |n: &char| n.is_alphabetic() || closers(*n).is_some() || (parens && *n == '(');
            i = if c.is_whitespace() {
                i + 1
            } else if parens && (c == '(' || c == ')') {
                self.push(if c == '(' { Kind::Open } else { Kind::Close }, i);
                self.group_boost(i + 1)
            } else if closers(c).is_some() {
                self.phrase(i)
            } else if (c == '+' || c == '-') && s.get(i + 1).is_some_and(marks) {
                self.push(if c == '+' { Kind::Plus } else { Kind::Minus }, i);
                i + 1
            } else if let Some(end) = self.field(i)? {
                end
            } else {
                let end = self.word_end(i);
                self.push(Kind::Leaf(word(&s[i..end])), i);
                end
            };
        }
        Ok((self.toks, self.notes))
    }

    /// Skips a `^boost` after a `)`, which a group cannot take (`(a b)^2`), with a note.
    fn group_boost(&mut self, p: usize) -> usize {
        if self.s.get(p) != Some(&'^') || self.s[p - 1] != ')' {
            return p;
        }
        let (n, end) = run_of(self.s, p + 1, |c| c.is_ascii_digit() || *c == '.');
        if parse_boost(&n).is_none() {
            return p;
        }
        let note = format!(
            "ignored '^{n}' at character {}: a group cannot be boosted",
            p + 1
        );
        self.notes.push(note);
        end
    }

    /// End of a word: whitespace, or a `)` that closes a group rather than one in the word.
    fn word_end(&self, from: usize) -> usize {
        let (mut j, mut inner) = (from, 0usize);
        while let Some(&c) = self.s.get(j) {
            if c.is_whitespace() || (self.parens && c == ')' && inner == 0) {
                break;
            }
            if self.parens && c == '(' {
                inner += 1;
            } else if self.parens && c == ')' {
                inner -= 1;
            }
            j += 1;
        }
        j
    }

    /// A phrase opening at `i`, with its `~slop` and `^boost`; returns where it ends.
    fn phrase(&mut self, i: usize) -> usize {
        let s = self.s;
        let close = closers(s[i]).unwrap_or(&[]);
        let rest = &s[i + 1..];
        let (text, mut p) = match rest.iter().position(|c| close.contains(c)) {
            Some(off) => (&rest[..off], i + 2 + off),
            None => {
                let note = "is not closed: read the rest of the query as a phrase";
                self.notes
                    .push(format!("the quote at character {} {note}", i + 1));
                (rest, s.len())
            }
        };
        let text = text.iter().collect::<String>().trim().to_string();
        let (mut slop, mut boost) = (0, None);
        loop {
            match s.get(p) {
                Some('~') => match run_of(s, p + 1, char::is_ascii_digit) {
                    (n, end) if !n.is_empty() => (slop, p) = (n.parse().unwrap_or(u32::MAX), end),
                    _ => break,
                },
                Some('^') => match run_of(s, p + 1, |c| c.is_ascii_digit() || *c == '.') {
                    (n, end) if parse_boost(&n).is_some() => (boost, p) = (parse_boost(&n), end),
                    _ => break,
                },
                _ => break,
            }
        }
        let phrase = Node::Phrase {
            text,
            field: None,
            slop,
            boost,
        };
        self.push(Kind::Leaf(phrase), i);
        p
    }

    /// `name:value` at `i` for a known field; `None` if it is not a field (then a word).
    fn field(&mut self, i: usize) -> Result<Option<usize>, ParseError> {
        let s = self.s;
        let (name, colon) = run_of(s, i, |c| c.is_alphanumeric() || *c == '_');
        let name = name.to_lowercase();
        let v = colon + 1;
        let known = self.fields.iter().any(|f| f.to_lowercase() == name);
        let Some(&c) = s.get(v).filter(|_| known && colon > i && s[colon] == ':') else {
            return Ok(None);
        };
        if closers(c).is_some() {
            self.push(Kind::Field(name), i);
            return Ok(Some(self.phrase(v)));
        }
        if self.parens && c == '(' {
            self.push(Kind::Field(name), i);
            self.push(Kind::Open, v);
            return Ok(Some(v + 1));
        }
        if c == '[' || c == '{' {
            if let Some(end) = self.range(&name, v)? {
                return Ok(Some(end));
            }
        }
        if c == '<' || c == '>' {
            let eq = s.get(v + 1) == Some(&'=');
            let from = v + 1 + usize::from(eq);
            let end = self.word_end(from);
            if end > from {
                let value = Some(s[from..end].iter().collect());
                let node = match c {
                    '>' => range_node(name, value, None, eq, false),
                    _ => range_node(name, None, value, false, eq),
                };
                self.push(Kind::Leaf(node), i);
                return Ok(Some(end));
            }
        }
        let end = self.word_end(v);
        let node = word(&s[v..end]);
        if !matches!(&node, Node::Word { text, .. } if has_content(text)) {
            return Ok(None);
        }
        self.push(Kind::Field(name), i);
        self.push(Kind::Leaf(node), v);
        Ok(Some(end))
    }

    /// `[a TO b]` etc. at `v`; `None` without `TO` (then `[sic]` is a word).
    fn range(&mut self, field: &str, v: usize) -> Result<Option<usize>, ParseError> {
        let s = self.s;
        let skip = |p: usize| run_of(s, p, |c| c.is_whitespace()).1;
        let bound = |p: usize| run_of(s, p, |c| !c.is_whitespace() && !matches!(c, ']' | '}'));
        let value = |b: String| (!b.is_empty() && b != "*").then_some(b);
        let (lower, to) = bound(skip(v + 1));
        let to = skip(to);
        let is_to = s
            .get(to..to + 2)
            .is_some_and(|t| matches!(t, ['T' | 't', 'O' | 'o']))
            && s.get(to + 2)
                .is_none_or(|c| c.is_whitespace() || matches!(c, ']' | '}'));
        if !is_to {
            return Ok(None);
        }
        let (upper, close) = bound(skip(to + 2));
        let close = skip(close);
        let open = s[v];
        let (message, at) = match s.get(close) {
            Some(&c) if c == ']' || c == '}' => {
                let (li, ui) = (open == '[', c == ']');
                let node = range_node(field.into(), value(lower), value(upper), li, ui);
                self.push(Kind::Leaf(node), v);
                return Ok(Some(close + 1));
            }
            Some(_) => (
                format!("unexpected text in a range — write it as {field}:[a TO b]"),
                close,
            ),
            None => (
                format!("unclosed '{open}' — close it as {field}:[a TO b], or remove the field to search the words as written"),
                v,
            ),
        };
        let message = message.replacen(" — ", &format!(" at character {} — ", at + 1), 1);
        Err(ParseError { message, at })
    }
}

/// Turns capital AND/OR/NOT words into operators, unless the query is all capitals.
pub(super) fn mark_operators(toks: &mut [Tok], notes: &mut Vec<String>) {
    let (mut lower, mut upper) = (false, false);
    for t in toks.iter() {
        if let Kind::Leaf(Node::Word { text, .. } | Node::Phrase { text, .. }) = &t.kind {
            if !is_op_word(text) {
                lower |= text.chars().any(char::is_lowercase);
                upper |= text.chars().any(char::is_uppercase);
            }
        }
    }
    let capitals = upper && !lower;
    for k in 0..toks.len() {
        let Kind::Leaf(Node::Word {
            text,
            prefix: false,
            boost: None,
            ..
        }) = &toks[k].kind
        else {
            continue;
        };
        let op = match text.as_str() {
            "AND" | "&&" => Op::And,
            "OR" | "||" => Op::Or,
            "NOT" => Op::Not,
            _ => continue,
        };
        if k > 0 && matches!(toks[k - 1].kind, Kind::Field(_) | Kind::Plus | Kind::Minus) {
            continue;
        }
        let text = text.clone();
        if capitals && is_op_word(&text) {
            let note = format!("read '{text}' as a word: the query is in capitals");
            if !notes.contains(&note) {
                notes.push(note);
            }
            continue;
        }
        toks[k].kind = Kind::Op(op, text);
    }
}

/// The first unbalanced or too deeply nested parenthesis: (offset, what, fix).
pub(super) fn paren_problem(toks: &[Tok]) -> Option<(usize, &'static str, &'static str)> {
    let mut open = Vec::new();
    for t in toks {
        match t.kind {
            Kind::Open if open.len() == MAX_DEPTH => {
                return Some((t.at, "'(' nested more than 32 deep", "use fewer"))
            }
            Kind::Open => open.push(t.at),
            Kind::Close if open.pop().is_none() => {
                return Some((t.at, "unmatched ')'", "remove it"))
            }
            _ => {}
        }
    }
    open.first().map(|&at| (at, "unclosed '('", "close it"))
}
