//! The query tree a person's query is read into, and its one-line rendering for people.

use std::fmt;

use super::lexer::is_op_word;

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
