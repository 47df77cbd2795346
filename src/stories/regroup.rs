//! The grouping pass over `extract --signature --format jsonl` output: articles extracted in
//! many processes (Spark partitions, shards of an archive) get their story groups exactly as
//! one process reading them in the same order would give them.
//!
//! Each line is one article as `extract` printed it. The pass reads its `id`, `date` and
//! `signature`, assigns its story with [`Stories::assign_signature`], and writes the line
//! back with its `story` replaced (and its `signature` dropped unless asked to keep it);
//! every other member is copied as it came, byte for byte, so fields this version does not
//! know pass through. Memory grows with the groups (about 150 bytes a story with a body),
//! not with the articles.

use chrono::NaiveDate;
use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::{days, Signature, Stories};

/// The grouping pass: feed it lines in order.
pub struct Regroup {
    stories: Stories,
    keep_signature: bool,
    seen: FxHashSet<u64>,
    /// Articles written so far.
    pub articles: u64,
}

/// What a pass did, for its summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Regrouped {
    /// Articles written.
    pub articles: u64,
    /// Distinct stories among them.
    pub stories: u64,
}

/// The members the pass reads; the others are copied unread.
#[derive(Deserialize)]
struct Head {
    id: String,
    date: Option<NaiveDate>,
    signature: Option<String>,
}

/// A grouping pass (`keep_signature`: the lines written keep their `signature`).
pub fn regroup(keep_signature: bool) -> Regroup {
    Regroup {
        stories: Stories::new(),
        keep_signature,
        seen: FxHashSet::default(),
        articles: 0,
    }
}

impl Regroup {
    /// The line `line` with its story assigned, or why it cannot be read.
    pub fn line(&mut self, line: &str) -> Result<String, String> {
        let head: Head = serde_json::from_str(line).map_err(|e| {
            format!("not an article as 'dossier extract --format jsonl' prints one: {e}")
        })?;
        let text = head.signature.ok_or(
            "no signature: run 'dossier extract --signature --format jsonl' to print them",
        )?;
        let signature =
            Signature::parse(&text).ok_or_else(|| format!("not a signature: {text:.40}"))?;
        let members = members(line).ok_or("not a JSON object on one line")?;
        let story = self
            .stories
            .assign_signature(&head.id, &signature, head.date.map(days));
        self.seen.insert(story);
        self.articles += 1;
        let value = format!("\"{story:016x}\"");
        let mut out = String::with_capacity(line.len());
        let mut placed = false;
        out.push('{');
        for m in &members {
            let text = match m.key {
                "story" => {
                    placed = true;
                    format!("{}{value}", &m.text[..m.value_at])
                }
                "signature" if !self.keep_signature => continue,
                _ => m.text.to_string(),
            };
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&text);
        }
        if !placed {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&format!("\"story\":{value}"));
        }
        out.push('}');
        Ok(out)
    }

    /// What the pass did so far.
    pub fn summary(&self) -> Regrouped {
        Regrouped {
            articles: self.articles,
            stories: self.seen.len() as u64,
        }
    }
}

/// One member of a JSON object as written: its key (undecoded) and its text, `key: value`,
/// with the value starting at `value_at`.
struct Member<'a> {
    key: &'a str,
    text: &'a str,
    value_at: usize,
}

/// The members of the object `line` holds, split where its top level has commas; `None` if
/// it is not one object. (serde_json has checked it is JSON.)
fn members(line: &str) -> Option<Vec<Member<'_>>> {
    let body = line.trim().strip_prefix('{')?.strip_suffix('}')?;
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut start = 0;
    let mut colon = None;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            b':' if depth == 0 && colon.is_none() => colon = Some(i),
            b',' if depth == 0 => {
                out.push(member(&body[start..i], colon? - start)?);
                start = i + 1;
                colon = None;
            }
            _ => {}
        }
    }
    if !body[start..].trim().is_empty() {
        out.push(member(&body[start..], colon? - start)?);
    }
    Some(out)
}

fn member(text: &str, colon: usize) -> Option<Member<'_>> {
    let key = text[..colon].trim().strip_prefix('"')?.strip_suffix('"')?;
    Some(Member {
        key,
        text,
        value_at: colon + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(title: &str, body: &str) -> String {
        Signature::of(title, body).to_string()
    }

    #[test]
    fn members_split_at_top_level_commas_only() {
        let line = r#"{"id":"a,b","quotes":[{"x":1,"y":"}"}],"story":"00","n":{"a":[1,2]}}"#;
        let m = members(line).unwrap();
        let keys: Vec<_> = m.iter().map(|m| m.key).collect();
        assert_eq!(keys, ["id", "quotes", "story", "n"]);
        assert_eq!(m[2].text, r#""story":"00""#);
    }

    #[test]
    fn the_story_is_replaced_and_the_rest_copied() {
        let mut pass = regroup(false);
        let sig = signed("OIL", "");
        let line = format!(
            r#"{{"id":"r1","title":"OIL \"up\", {{x}}","date":"1987-03-02","story":"0000000000000007","signature":"{sig}","lang":"en"}}"#
        );
        let out = pass.line(&line).unwrap();
        let story = crate::stories::story_id("r1", 0);
        assert_eq!(
            out,
            format!(
                r#"{{"id":"r1","title":"OIL \"up\", {{x}}","date":"1987-03-02","story":"{story:016x}","lang":"en"}}"#
            )
        );
        // The same flash a day later joins it; a week later it is another story.
        let again = pass
            .line(&format!(
                r#"{{"id":"r2","date":"1987-03-03","signature":"{sig}"}}"#
            ))
            .unwrap();
        assert!(again.contains(&format!("{story:016x}")), "{again}");
        let later = pass
            .line(&format!(
                r#"{{"id":"r3","date":"1987-03-10","signature":"{sig}"}}"#
            ))
            .unwrap();
        assert!(!later.contains(&format!("{story:016x}")), "{later}");
        assert_eq!(
            pass.summary(),
            Regrouped {
                articles: 3,
                stories: 2
            }
        );
    }

    #[test]
    fn bad_lines_say_why() {
        let mut pass = regroup(true);
        assert!(pass
            .line("not json")
            .unwrap_err()
            .contains("not an article"));
        assert!(pass
            .line(r#"{"id":"a","date":null}"#)
            .unwrap_err()
            .contains("--signature"));
        assert!(pass
            .line(r#"{"id":"a","date":null,"signature":"zz"}"#)
            .unwrap_err()
            .contains("not a signature"));
        let kept = pass
            .line(r#"{"id":"a","date":null,"signature":"e"}"#)
            .unwrap();
        assert!(kept.contains(r#""signature":"e""#) && kept.contains("\"story\":"));
    }
}
