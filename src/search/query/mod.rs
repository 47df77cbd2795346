//! Reads what a person typed into a small query tree. Depends on `std` only.
//!
//! **Plain text never fails; only deliberate syntax is syntax; everything else is words.**
//! Words are kept as typed (the caller lower-cases, stems and drops punctuation); the
//! parser only decides structure. `docs/GUIDE.md` (query syntax) has examples.
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
//! * `*` alone is a word that matches every article ([`EVERYTHING`]): `* --speaker blair`
//!   lists articles by their filters alone.
//! * Anything else is a word; a token of punctuation only (`-`, `?`, `**`) gives no node.
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
//!
//! The files: [`ast`] is the tree and its `Display`, `lexer` turns characters into tokens
//! (and marks operators), `parser` builds the tree from tokens; `tests` covers them together.

mod ast;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;

pub use ast::{Clause, Node, Occur};
#[cfg(test)]
use ast::{ParseError, Query};
pub use parser::parse_with;

/// The word that matches every article: `*` typed alone.
pub const EVERYTHING: &str = "*";

/// Parentheses nested deeper than this are not read as grouping.
pub const MAX_DEPTH: usize = 32;
