//! Reads what a person typed into a small query tree. Depends on `std` only.
//!
//! **Plain text never fails; only deliberate syntax is syntax; everything else is words.**
//! Words are kept as typed (the caller lower-cases, stems and drops punctuation); the
//! parser only decides structure. See GRAMMAR.md for examples.
//!
//! # Grammar
//!
//! ```text
//! query   := and_seq                          -- empty or punctuation only: Node::Empty
//! and_seq := or_expr ( ["AND" | "&&"] or_expr )*   -- juxtaposition = AND (OR with --any)
//! or_expr := unary ( ("OR" | "||") unary )*   -- OR binds tighter than AND
//! unary   := [ "NOT" | "+" | "-" ] primary    -- binds tightest
//! primary := [ field ":" ] ( word | phrase | "(" and_seq ")" ) | field ":" range
//! phrase  := quote text quote [ "~" slop ] [ "^" boost ]
//! word    := chars [ "*" ] [ "^" boost ]      -- `pric*` is a prefix
//! range   := ("[" | "{") (value | "*") "TO" (value | "*") ("]" | "}")
//!          | (">" | ">=" | "<" | "<=") value
//! ```
//!
//! * `AND` `OR` `NOT` are operators only in capitals, and only when the query is not all
//!   capitals (`RATES OR PRICES`, `NOT GUILTY` are words). `&&` and `||` are always operators.
//!   An operator with nothing to work on (`oil AND`, `OR oil`, `a AND OR b`) is a word.
//! * `+`/`-` mark a token when followed by a letter, a quote or `(`: `-0.5` is a number.
//!   A query that only excludes is an error.
//! * Quotes: `"…"`, `“…”`, `”…”`, `„…“`, `«…»`, `‹…›`. An unclosed quote runs to the end.
//!   Apostrophes are not quotes. `~N` and `^N` only count right after a closing quote
//!   (`^N` also after a word).
//! * `name:` is a field only for a known name (any case) with something after the colon
//!   (`10:30`, `Note: this` are words). `title:(a OR b)` gives the field to the group.
//! * Brackets are ranges only after a field and with `TO` (any case); elsewhere they are
//!   punctuation (`[sic]`). An unclosed range after a field is an error.
//! * Parentheses group when balanced and at most [`MAX_DEPTH`] deep. Otherwise they are
//!   punctuation if the query has no deliberate syntax (operators, fields, `+`/`-`, quotes),
//!   and an error naming the spot if it has.
//! * Anything else is a word; a token of punctuation only (`-`, `?`, `*`) gives no node.
//!
//! # Tree
//!
//! [`Node::All`] and [`Node::Any`] hold [`Clause`]s, each `Must`, `Should` or `MustNot`,
//! exactly as in a boolean query: translate each clause with its occur. `All` has no
//! `Should` clause; `Any` has at least one. With `default_any`, words joined by an explicit
//! AND form one `Should` clause (`a AND b c` is `(a AND b) OR c`). Groups that change
//! nothing are flattened (`a (b c)` is `a b c`), and a group that only excludes becomes
//! exclusions of its parent (`a OR (-b)` is `a -b`: a, without b). A one-word phrase stays a
//! `Phrase`. [`Query::notes`] say how ambiguous bits were read, for showing to the user.

use std::fmt;

/// Parentheses nested deeper than this are not read as grouping.
pub const MAX_DEPTH: usize = 32;

/// A parsed query: the tree, and how ambiguous bits were read (for the user).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub root: Node,
    pub notes: Vec<String>,
}

/// A node of the query tree. Texts are as typed; `field` is lower case.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// One word; `prefix` when typed as `pric*`.
    Word {
        text: String,
        field: Option<String>,
        prefix: bool,
        boost: Option<f32>,
    },
    /// The text between the quotes, trimmed; `slop` from `"…"~N` (0 if absent).
    Phrase {
        text: String,
        field: Option<String>,
        slop: u32,
        boost: Option<f32>,
    },
    /// `field:[a TO b]`, `{a TO b}`, `field:>=a`…; `None` is an open end.
    Range {
        field: String,
        lower: Option<String>,
        upper: Option<String>,
        lower_inclusive: bool,
        upper_inclusive: bool,
    },
    /// Clauses that are all `Must`/`MustNot` (AND, or juxtaposition by default).
    All(Vec<Clause>),
    /// Clauses with at least one `Should` (OR, or juxtaposition with `default_any`);
    /// `Must`/`MustNot` clauses in it are required/excluded, as in a boolean query.
    Any(Vec<Clause>),
    /// Nothing searchable was typed.
    Empty,
}

/// A child of [`Node::All`] / [`Node::Any`] and how it must occur.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub occur: Occur,
    pub node: Node,
}

/// How a clause must occur; maps one-to-one onto a boolean query's occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    Must,
    Should,
    MustNot,
}

/// Why a query cannot be read; `at` is a char offset (0-based) into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub at: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses `input`, juxtaposed words ANDed. `fields` are the known field names.
pub fn parse(input: &str, fields: &[&str]) -> Result<Query, ParseError> {
    parse_with(input, fields, false)
}

/// Parses `input`; juxtaposed words are ORed when `default_any` (explicit AND still binds).
pub fn parse_with(input: &str, fields: &[&str], default_any: bool) -> Result<Query, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let (mut toks, mut notes) = Lexer::new(&chars, fields, true).run()?;
    mark_operators(&mut toks, &mut notes);
    if let Some((at, what, fix)) = paren_problem(&toks) {
        if toks.iter().any(Tok::is_deliberate) {
            let message = format!(
                "{what} at character {} — {fix}, or remove AND/OR/NOT and parentheses to search the words as written",
                at + 1
            );
            return Err(ParseError { message, at });
        }
        (toks, notes) = Lexer::new(&chars, fields, false).run()?;
        mark_operators(&mut toks, &mut notes);
        notes.push(format!(
            "read the parentheses as punctuation: {what} at character {}",
            at + 1
        ));
    }
    let mut parser = Parser {
        toks: &toks,
        i: 0,
        any: default_any,
        notes,
    };
    let root = parser.seq().unwrap_or(Node::Empty);
    if let Node::All(cs) | Node::Any(cs) = &root {
        if cs.iter().all(|c| c.occur == Occur::MustNot) {
            let message = "the query only excludes words — add a word to search for".to_string();
            return Err(ParseError { message, at: 0 });
        }
    }
    Ok(Query {
        root,
        notes: parser.notes,
    })
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    And,
    Or,
    Not,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
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
struct Tok {
    kind: Kind,
    at: usize,
}

impl Tok {
    fn is_deliberate(&self) -> bool {
        use Kind::*;
        let leaf = matches!(&self.kind, Leaf(Node::Phrase { .. } | Node::Range { .. }));
        leaf || matches!(self.kind, Op(..) | Field(_) | Plus | Minus)
    }
}

/// Closing quotes for an opening quote.
fn closers(c: char) -> Option<&'static [char]> {
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

fn has_content(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn is_op_word(text: &str) -> bool {
    matches!(text, "AND" | "OR" | "NOT")
}

/// A boost: digits with at most one dot, finite.
fn parse_boost(t: &str) -> Option<f32> {
    let ok = t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit());
    let b = if ok { t.parse::<f32>().ok() } else { None };
    b.filter(|b| b.is_finite())
}

fn word_node(text: String, prefix: bool, boost: Option<f32>) -> Node {
    Node::Word {
        text,
        field: None,
        prefix,
        boost,
    }
}

/// A word, with `^boost` and a prefix `*` taken off the end.
fn word(chars: &[char]) -> Node {
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

fn range_node(
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
fn run_of(s: &[char], from: usize, ok: fn(&char) -> bool) -> (String, usize) {
    let r: String = s[from..].iter().take_while(|c| ok(c)).collect();
    let end = from + r.chars().count();
    (r, end)
}

struct Lexer<'a> {
    s: &'a [char],
    fields: &'a [&'a str],
    parens: bool,
    toks: Vec<Tok>,
    notes: Vec<String>,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a [char], fields: &'a [&'a str], parens: bool) -> Self {
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

    fn run(mut self) -> Result<(Vec<Tok>, Vec<String>), ParseError> {
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
fn mark_operators(toks: &mut [Tok], notes: &mut Vec<String>) {
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
fn paren_problem(toks: &[Tok]) -> Option<(usize, &'static str, &'static str)> {
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

// ---------------------------------------------------------------- parser

struct Parser<'a> {
    toks: &'a [Tok],
    i: usize,
    any: bool,
    notes: Vec<String>,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<&Kind> {
        self.toks.get(self.i + k).map(|t| &t.kind)
    }

    /// Whether something a binary operator could take follows at `i + k`.
    fn operand_at(&self, k: usize) -> bool {
        !matches!(self.peek(k), None | Some(Kind::Close))
    }

    /// `and_seq`, up to the end or a `)`.
    fn seq(&mut self) -> Option<Node> {
        let mut items: Vec<(bool, Clause)> = Vec::new(); // (joined to the previous by AND, clause)
        let mut joined = false;
        loop {
            match self.peek(0) {
                None | Some(Kind::Close) => break,
                Some(Kind::Op(Op::And, _)) if !items.is_empty() && self.operand_at(1) => {
                    self.i += 1;
                    joined = true;
                }
                _ => {
                    if let Some(c) = self.or_expr() {
                        items.push((joined, c));
                        joined = false;
                    }
                }
            }
        }
        let mut out = Vec::new();
        if !self.any {
            items
                .into_iter()
                .for_each(|(_, c)| push_clause(&mut out, must(c)));
            return combine(out);
        }
        // --any: each run joined by explicit AND is one clause; the runs are ORed.
        let mut runs: Vec<Vec<Clause>> = Vec::new();
        for (joined, c) in items {
            match runs.last_mut() {
                Some(run) if joined => run.push(c),
                _ => runs.push(vec![c]),
            }
        }
        for mut run in runs {
            if run.len() == 1 {
                push_clause(&mut out, run.remove(0));
                continue;
            }
            let mut all = Vec::new();
            run.into_iter().for_each(|c| push_clause(&mut all, must(c)));
            if let Some(node) = combine(all) {
                push_clause(
                    &mut out,
                    Clause {
                        occur: Occur::Should,
                        node,
                    },
                );
            }
        }
        combine(out)
    }

    /// `unary (OR unary)*`; a lone operand keeps its own occur.
    fn or_expr(&mut self) -> Option<Clause> {
        let mut ops: Vec<Clause> = self.unary().into_iter().collect();
        while !ops.is_empty()
            && matches!(self.peek(0), Some(Kind::Op(Op::Or, _)))
            && self.operand_at(1)
        {
            self.i += 1;
            ops.extend(self.unary());
        }
        if ops.len() < 2 {
            return ops.pop();
        }
        let mut out = Vec::new();
        ops.into_iter().for_each(|c| push_clause(&mut out, c));
        combine(out).map(|node| Clause {
            occur: Occur::Should,
            node,
        })
    }

    /// `[NOT|+|-] primary`; a plain operand comes back as `Should`.
    fn unary(&mut self) -> Option<Clause> {
        let not_works = !matches!(
            self.peek(1),
            None | Some(Kind::Close | Kind::Plus | Kind::Minus | Kind::Op(Op::And | Op::Or, _))
        );
        let occur = match self.peek(0)? {
            Kind::Plus => Occur::Must,
            Kind::Minus => Occur::MustNot,
            Kind::Op(Op::Not, _) if not_works => Occur::MustNot,
            _ => Occur::Should,
        };
        if occur != Occur::Should {
            self.i += 1;
        }
        self.primary().map(|node| Clause { occur, node })
    }

    /// A word, phrase, range or group; `None` for what has nothing to search for.
    fn primary(&mut self) -> Option<Node> {
        let toks = self.toks;
        let tok = toks.get(self.i)?;
        self.i += 1;
        match &tok.kind {
            Kind::Leaf(Node::Word { text, .. } | Node::Phrase { text, .. })
                if !has_content(text) =>
            {
                None
            }
            Kind::Leaf(node) => Some(node.clone()),
            Kind::Op(op, text) => {
                let why = match op {
                    Op::Not => "nothing after it to exclude",
                    _ => "nothing on one side to join",
                };
                let note = match has_content(text) {
                    true => format!("read '{text}' as a word: {why}"),
                    false => format!("ignored '{text}': {why}"),
                };
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
                has_content(text).then(|| word_node(text.clone(), false, None))
            }
            Kind::Field(name) => self.primary().map(|mut node| {
                set_field(&mut node, name);
                node
            }),
            Kind::Open => {
                let inner = self.seq();
                if matches!(self.peek(0), Some(Kind::Close)) {
                    self.i += 1;
                }
                inner
            }
            Kind::Close | Kind::Plus | Kind::Minus => None,
        }
    }
}

/// A plain operand of AND is required.
fn must(c: Clause) -> Clause {
    let occur = match c.occur {
        Occur::Should => Occur::Must,
        other => other,
    };
    Clause { occur, ..c }
}

/// Adds a clause, flattening what does not change the meaning: a required `All` into its
/// clauses, an `Any` of optional clauses into optional clauses, and a group that only
/// excludes into its exclusions (`a OR (-b)` is `a -b`).
fn push_clause(out: &mut Vec<Clause>, c: Clause) {
    let only = |cs: &[Clause], o: Occur| cs.iter().all(|c| c.occur == o);
    match (c.occur, c.node) {
        (Occur::Must, Node::All(cs)) => out.extend(cs),
        (Occur::Should, Node::Any(cs)) if only(&cs, Occur::Should) => out.extend(cs),
        (Occur::Should, Node::All(cs)) if only(&cs, Occur::MustNot) => out.extend(cs),
        (occur, node) => out.push(Clause { occur, node }),
    }
}

/// `All` if every clause is required or excluded, else `Any`; a lone positive clause is itself.
fn combine(mut out: Vec<Clause>) -> Option<Node> {
    match out.len() {
        0 => None,
        1 if out[0].occur != Occur::MustNot => out.pop().map(|c| c.node),
        _ if out.iter().any(|c| c.occur == Occur::Should) => Some(Node::Any(out)),
        _ => Some(Node::All(out)),
    }
}

/// `title:(a OR b)`: the field goes to every word and phrase that has none.
fn set_field(node: &mut Node, name: &str) {
    match node {
        Node::Word { field, .. } | Node::Phrase { field, .. } => {
            field.get_or_insert_with(|| name.to_string());
        }
        Node::All(cs) | Node::Any(cs) => cs.iter_mut().for_each(|c| set_field(&mut c.node, name)),
        Node::Range { .. } | Node::Empty => {}
    }
}

// ---------------------------------------------------------------- display

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)
    }
}

/// One line, for people: `(trump OR biden) AND tariffs`, `title:"oil prices"~2`, `pric*`.
/// An `Any` with required or excluded clauses is written `+a -b (c OR d)`. A word that
/// looks like an operator is quoted.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pre =
            |field: &Option<String>| field.as_ref().map(|f| format!("{f}:")).unwrap_or_default();
        let post = |b: &Option<f32>| b.map(|b| format!("^{b}")).unwrap_or_default();
        let sub = |n: &Node| match n {
            Node::All(_) | Node::Any(_) => format!("({n})"),
            _ => n.to_string(),
        };
        let mark = |c: &Clause, must: &str, not: &str| match c.occur {
            Occur::Must => format!("{must}{}", sub(&c.node)),
            Occur::MustNot => format!("{not}{}", sub(&c.node)),
            Occur::Should => sub(&c.node),
        };
        match self {
            Node::Word {
                text,
                field,
                prefix,
                boost,
            } => {
                let (q, star) = (
                    if is_op_word(text) { "\"" } else { "" },
                    if *prefix { "*" } else { "" },
                );
                write!(f, "{}{q}{text}{q}{star}{}", pre(field), post(boost))
            }
            Node::Phrase {
                text,
                field,
                slop,
                boost,
            } => {
                let slop = if *slop > 0 {
                    format!("~{slop}")
                } else {
                    String::new()
                };
                write!(f, "{}\"{text}\"{slop}{}", pre(field), post(boost))
            }
            Node::Range {
                field,
                lower,
                upper,
                lower_inclusive,
                upper_inclusive,
            } => {
                let open = if *lower_inclusive { '[' } else { '{' };
                let close = if *upper_inclusive { ']' } else { '}' };
                let (lo, up) = (
                    lower.as_deref().unwrap_or("*"),
                    upper.as_deref().unwrap_or("*"),
                );
                write!(f, "{field}:{open}{lo} TO {up}{close}")
            }
            Node::All(cs) => {
                let parts: Vec<String> = cs.iter().map(|c| mark(c, "", "NOT ")).collect();
                f.write_str(&parts.join(" AND "))
            }
            Node::Any(cs) => {
                let (should, other): (Vec<&Clause>, Vec<&Clause>) =
                    cs.iter().partition(|c| c.occur == Occur::Should);
                let should: Vec<String> = should.iter().map(|c| sub(&c.node)).collect();
                if other.is_empty() {
                    return f.write_str(&should.join(" OR "));
                }
                let mut parts: Vec<String> = other.iter().map(|c| mark(c, "+", "-")).collect();
                match should.len() {
                    0 | 1 => parts.extend(should),
                    _ => parts.push(format!("({})", should.join(" OR "))),
                }
                f.write_str(&parts.join(" "))
            }
            Node::Empty => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        let r =
            |lo: Option<&str>, li| range_node("date".into(), lo.map(Into::into), None, li, false);
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
            ("*", "∅"),
            ("oil *", "oil"),
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
}
