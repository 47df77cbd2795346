//! Tokens to the query tree: precedence (NOT, then OR, then AND), groups, fields given to a
//! group, and the flattening of groups that change nothing.

use super::ast::{Clause, Node, Occur, ParseError, Query};
use super::lexer::{has_content, mark_operators, paren_problem, word_node, Kind, Lexer, Op, Tok};
use super::EVERYTHING;

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
            // `*` alone is every article (`* --speaker blair`: articles by filter alone).
            Kind::Leaf(node @ Node::Word { text, .. }) if text == EVERYTHING => Some(node.clone()),
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
