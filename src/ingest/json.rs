//! JSON articles: `.json` (one object or an array of them) and `.jsonl` / `.ndjson`
//! (one object a line; a bad line is reported as `line N: reason` and the rest are read).

use serde_json::{Map, Value};

use super::Problem;

/// One article record found in a JSON file, with its 1-based position: the index in the
/// array (`.json`) or the line number (`.jsonl`). `None` for a single-object file.
#[derive(Debug)]
pub struct Record {
    /// Position used for the default id (`path#N`).
    pub ordinal: Option<usize>,
    /// The object's keys.
    pub fields: Map<String, Value>,
}

/// Reads a `.json` file: an object, or an array of objects. A non-object array element is
/// reported in `problems` and skipped; a file that is not JSON is an `Err` with the reason.
pub fn parse_json(text: &str, problems: &mut Vec<Problem>) -> Result<Vec<Record>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    match value {
        Value::Object(fields) => Ok(vec![Record {
            ordinal: None,
            fields,
        }]),
        Value::Array(items) => Ok(items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Value::Object(fields) => Some(Record {
                    ordinal: Some(i + 1),
                    fields,
                }),
                _ => {
                    problems.push(Problem::dropped(
                        None,
                        format!("item {}: not an article object, skipped", i + 1),
                    ));
                    None
                }
            })
            .collect()),
        _ => Err("JSON file holds neither an article object nor an array of them".into()),
    }
}

/// Reads (part of) a `.jsonl` / `.ndjson` file whose first line is line `first_line`
/// (1-based). Blank lines are ignored; a line that is not a JSON object is reported in
/// `problems` with its line number.
pub fn parse_jsonl(text: &str, first_line: usize, problems: &mut Vec<Problem>) -> Vec<Record> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let i = i + first_line - 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(fields)) => out.push(Record {
                ordinal: Some(i + 1),
                fields,
            }),
            Ok(_) => problems.push(Problem::dropped(Some(i + 1), "not a JSON object, skipped")),
            Err(e) => problems.push(Problem::dropped(
                Some(i + 1),
                format!("not JSON ({e}), skipped"),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_array_and_errors() {
        let mut p = Vec::new();
        let r = parse_json(r#"{"title": "a"}"#, &mut p).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].ordinal, None);
        let r = parse_json(r#"[{"title": "a"}, 3, {"title": "b"}]"#, &mut p).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].ordinal, Some(3));
        assert_eq!(p[0].to_string(), "item 2: not an article object, skipped");
        assert!(parse_json(r#"[{"title": "a"}, {"tit"#, &mut p)
            .unwrap_err()
            .starts_with("invalid JSON"));
        assert!(parse_json("42", &mut p).is_err());
    }

    #[test]
    fn jsonl_reports_bad_lines_and_keeps_the_rest() {
        let mut p = Vec::new();
        let r = parse_jsonl("{\"id\": 1}\n\nnot json\n[1]\n{\"id\": 2}\n", 1, &mut p);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].ordinal, Some(5));
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].line, Some(3));
        assert!(p[0].message.starts_with("not JSON"));
        assert_eq!(p[1].to_string(), "4: not a JSON object, skipped");
        let mut p = Vec::new();
        let r = parse_jsonl("{\"id\": 1}\nbad\n", 101, &mut p);
        assert_eq!(r[0].ordinal, Some(101));
        assert_eq!(p[0].line, Some(102));
    }
}
