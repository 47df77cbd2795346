//! Plain text and Markdown articles, with optional YAML front matter between `---` lines.

use serde_json::{Map, Value};

use super::limits;

/// A text file split into its front matter (if any) and body.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The metadata keys; empty when there is no front matter or it could not be read.
    pub meta: Map<String, Value>,
    /// The text after the front matter.
    pub body: &'a str,
    /// Why the front matter was dropped, if it was.
    pub warning: Option<String>,
}

/// Splits `text` into YAML front matter and body. Without an opening `---` line, or with
/// no closing `---` (or `...`) line, the whole text is the body. Malformed YAML, or YAML
/// that is not a mapping, is dropped with a warning and the body is kept.
pub fn split_front_matter(text: &str) -> Split<'_> {
    let none = |body| Split {
        meta: Map::new(),
        body,
        warning: None,
    };
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return none(text);
    };
    let mut offset = 0;
    let mut close = None;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = close else {
        return none(text);
    };
    let yaml = &rest[..yaml_end];
    let body = rest[body_start..].trim_start_matches(['\n', '\r']);
    if yaml.trim().is_empty() {
        return none(body);
    }
    if let Some(why) = too_complex(yaml) {
        return Split {
            meta: Map::new(),
            body,
            warning: Some(format!("front matter ignored: {why}")),
        };
    }
    match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Object(meta)) => Split {
            meta,
            body,
            warning: None,
        },
        Ok(_) => Split {
            meta: Map::new(),
            body,
            warning: Some("front matter is not a list of 'key: value' lines, ignored".into()),
        },
        Err(err) => Split {
            meta: Map::new(),
            body,
            warning: Some(format!("malformed front matter ignored: {err}")),
        },
    }
}

/// Why front matter is not handed to the YAML parser, whose time grows fast with nesting:
/// it is larger than [`limits::MAX_FRONT_MATTER`] or nests (brackets, braces or indentation)
/// deeper than [`limits::MAX_YAML_DEPTH`]. Brackets inside quotes count too: real front
/// matter is far from the bound either way.
fn too_complex(yaml: &str) -> Option<String> {
    if yaml.len() > limits::MAX_FRONT_MATTER {
        return Some(format!(
            "it is larger than {}",
            limits::mib(limits::MAX_FRONT_MATTER as u64)
        ));
    }
    let (mut depth, mut deepest) = (0usize, 0usize);
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        deepest = deepest.max(depth + indent / 2);
        for b in line.bytes() {
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    (deepest > limits::MAX_YAML_DEPTH)
        .then(|| format!("it nests more than {} levels deep", limits::MAX_YAML_DEPTH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_nested_too_deep_is_ignored_at_once() {
        let text = format!(
            "---\ntitle: {}{}\n---\nBody.\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let started = std::time::Instant::now();
        let s = split_front_matter(&text);
        assert!(started.elapsed().as_secs() < 2);
        assert!(s.warning.unwrap().contains("nests more than"));
        assert_eq!(s.body, "Body.\n");
        let fine =
            split_front_matter("---\ntags: [a, [b, {c: d}]]\nnested:\n  deeper:\n    x: 1\n---\nB");
        assert_eq!(fine.warning, None);
    }

    #[test]
    fn front_matter_and_body() {
        let s = split_front_matter("---\ntitle: \"Hello\"\ndate: 2025-05-04\n---\n\nBody here.\n");
        assert_eq!(s.meta["title"], "Hello");
        assert_eq!(s.meta["date"], "2025-05-04");
        assert_eq!(s.body, "Body here.\n");
        assert_eq!(s.warning, None);
    }

    #[test]
    fn no_front_matter() {
        let s = split_front_matter("Just text\n---\nmore");
        assert!(s.meta.is_empty());
        assert_eq!(s.body, "Just text\n---\nmore");
    }

    #[test]
    fn unclosed_fence_is_text() {
        let s = split_front_matter("---\ntitle: x\nno closing fence\n");
        assert!(s.meta.is_empty());
        assert_eq!(s.body, "---\ntitle: x\nno closing fence\n");
        assert_eq!(s.warning, None);
    }

    #[test]
    fn malformed_yaml_is_dropped_with_a_warning() {
        let s = split_front_matter("---\ntitle: [unclosed\n---\nBody");
        assert!(s.meta.is_empty());
        assert_eq!(s.body, "Body");
        assert!(s.warning.unwrap().contains("malformed front matter"));
        let s = split_front_matter("---\n- a\n- b\n---\nBody");
        assert!(s.warning.is_some());
    }

    #[test]
    fn crlf_and_dots_terminator() {
        let s = split_front_matter("---\r\ntitle: x\r\n...\r\nBody\r\n");
        assert_eq!(s.meta["title"], "x");
        assert_eq!(s.body, "Body\r\n");
    }
}
