//! The house's shape, checked: the library's top-level modules depend one way, in the layer
//! order that `docs/ARCHITECTURE.md` draws (the test reads its `layers` block, so the picture
//! and the check are one list).
//!
//! A module may use modules of lower layers only; modules of one layer are independent of
//! each other. Dependencies are read from the source: every `crate::name` path (including
//! those inside `use crate::{…}` groups and `super::` paths that climb to the crate root).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The layers of `docs/ARCHITECTURE.md`, top first: each line of its fenced `layers` block
/// names the modules of one layer.
fn layers_from_doc(doc: &str) -> Vec<Vec<String>> {
    let mut layers = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        let trimmed = line.trim();
        if trimmed == "```layers" {
            inside = true;
        } else if inside && trimmed.starts_with("```") {
            break;
        } else if inside {
            // "output            printers: …" — the names come before two spaces and prose.
            let names = trimmed.split("  ").next().unwrap_or("");
            let layer: Vec<String> = names.split_whitespace().map(str::to_string).collect();
            if !layer.is_empty() {
                layers.push(layer);
            }
        }
    }
    layers
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments (line comments, doc comments and block comments); string
/// contents are kept, which is harmless for finding `crate::` paths.
fn strip_comments(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let bytes = src.as_bytes();
    let (mut i, mut in_str) = (0, false);
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            if c == b'\\' {
                out.push_str(&src[i..(i + 2).min(src.len())]);
                i += 2;
                continue;
            }
            in_str = c != b'"';
        } else if c == b'"' && (i == 0 || bytes[i - 1] != b'\'') {
            in_str = true;
        } else if src[i..].starts_with("//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if src[i..].starts_with("/*") {
            i += src[i..].find("*/").map_or(src.len() - i, |e| e + 2);
            continue;
        }
        let ch = src[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules named by crate-root paths in `src`, for a file `depth` modules
/// below the crate root (`src/a.rs` and `src/a/mod.rs` are 1, `src/a/b.rs` is 2).
fn used_modules(src: &str, depth: usize) -> BTreeSet<String> {
    let code = strip_comments(src);
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && code[..at].ends_with('$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // use crate::{a, b::c, d::{e, f}}: the first name of each top-level item.
            let mut level = 0;
            let mut item_start = true;
            for (i, ch) in group.char_indices() {
                match ch {
                    '{' => level += 1,
                    '}' if level == 0 => break,
                    '}' => level -= 1,
                    ',' if level == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        used.insert(ident_at(&group[i..]).to_string());
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            used.insert(ident_at(rest).to_string());
        }
    }
    // `super::` chains that climb to the crate root name a top-level module next.
    for (at, _) in code.match_indices("super::") {
        if at >= "super::".len() && code[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            climbs += 1;
        }
        if climbs >= depth {
            used.insert(ident_at(rest).to_string());
        }
    }
    used.retain(|m| !m.is_empty() && m != "self");
    used
}

/// Each top-level module of the library with the top-level modules it uses.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts[0] == "bin" || parts[0] == "lib.rs" {
            continue;
        }
        let module = parts[0].trim_end_matches(".rs").to_string();
        let last = parts.last().unwrap();
        let depth = parts.len() - usize::from(last == "mod.rs");
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = deps.entry(module.clone()).or_default();
        for used in used_modules(&text, depth) {
            if used != module {
                entry.insert(used);
            }
        }
    }
    deps
}

/// The arrows that break the layer order: (from, to, why).
fn violations(layers: &[Vec<String>], deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let level: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, layer)| layer.iter().map(move |m| (m.as_str(), layers.len() - i)))
        .collect();
    let mut out = Vec::new();
    for (from, tos) in deps {
        let Some(&lf) = level.get(from.as_str()) else {
            out.push(format!(
                "module `{from}` is in no layer of docs/ARCHITECTURE.md"
            ));
            continue;
        };
        for to in tos {
            match level.get(to.as_str()) {
                None => out.push(format!("`{from}` uses `{to}`, which is in no layer")),
                Some(&lt) if lt == lf => out.push(format!("`{from}` uses `{to}` of its own layer")),
                Some(&lt) if lt > lf => out.push(format!(
                    "`{from}` uses `{to}`, a layer above it (an arrow against the order)"
                )),
                Some(_) => {}
            }
        }
    }
    out
}

#[test]
fn modules_depend_one_way_in_the_documented_layer_order() {
    let doc = std::fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap();
    let layers = layers_from_doc(&doc);
    assert!(
        layers.len() >= 5,
        "no `layers` block found in docs/ARCHITECTURE.md"
    );
    let deps = dependencies();
    let bad = violations(&layers, &deps);
    assert!(bad.is_empty(), "layer order broken:\n{}", bad.join("\n"));
    // Every layer entry is a real module (the picture names nothing that is gone).
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    for module in layers.iter().flatten() {
        assert!(
            lib.contains(&format!("mod {module};")),
            "docs/ARCHITECTURE.md names `{module}`, which src/lib.rs does not declare"
        );
    }
}

#[test]
fn the_check_catches_a_reintroduced_cycle() {
    let layers: Vec<Vec<String>> = [["search"], ["stats"], ["index"], ["engine"]]
        .iter()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .collect();
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    deps.entry("search".into())
        .or_default()
        .insert("stats".into());
    deps.entry("stats".into())
        .or_default()
        .insert("index".into());
    assert!(violations(&layers, &deps).is_empty());
    // index → search closes the cycle search → stats → index → search.
    deps.entry("index".into())
        .or_default()
        .insert("search".into());
    let bad = violations(&layers, &deps);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].contains("`index` uses `search`"), "{bad:?}");
}

#[test]
fn dependencies_are_read_from_every_path_form() {
    let src = "use crate::{article::Article, engine::{schema, counts}};\n\
               // crate::output is only named in a comment\n\
               fn f() { crate::stats::stats(); super::super::index::open(); }\n";
    let used = used_modules(src, 2);
    let want: BTreeSet<String> = ["article", "engine", "stats", "index"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(used, want);
    // One level down, `super::` is the crate root.
    assert!(used_modules("use super::period;", 1).contains("period"));
    assert!(used_modules("use super::helper;", 2).is_empty());
}

/// The longest source file and function the house keeps (word lists live in data files).
const MAX_FILE_LINES: usize = 1_000;
const MAX_FUNCTION_LINES: usize = 120;

/// Functions of a rustfmt-formatted file longer than `max` lines: (line, name, length). A
/// function runs from its `fn` line to the closing brace at the same indentation.
fn long_functions(text: &str, max: usize) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let head = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("async ")
            .trim_start_matches("const ")
            .trim_start_matches("unsafe ");
        let Some(rest) = head.strip_prefix("fn ") else {
            continue;
        };
        // A one-line function (`fn f() {}`) is short.
        if trimmed.trim_end().ends_with('}') {
            continue;
        }
        // A declaration without a body (in a trait) ends with `;` before any `{`.
        let signature_end = lines[i..]
            .iter()
            .position(|l| l.trim_end().ends_with('{') || l.trim_end().ends_with(';'));
        if signature_end.is_some_and(|k| lines[i + k].trim_end().ends_with(';')) {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(len) = lines[i..].iter().position(|l| *l == close) {
            if len + 1 > max {
                out.push((i + 1, ident_at(rest).to_string(), len + 1));
            }
        }
    }
    out
}

#[test]
fn no_file_over_1000_lines_and_no_function_over_120() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut bad = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        let count = text.lines().count();
        if count > MAX_FILE_LINES {
            bad.push(format!("{name}: {count} lines"));
        }
        for (line, function, len) in long_functions(&text, MAX_FUNCTION_LINES) {
            bad.push(format!("{name}:{line}: fn {function} is {len} lines"));
        }
    }
    assert!(bad.is_empty(), "too long:\n{}", bad.join("\n"));
}

#[test]
fn the_length_check_finds_a_long_function() {
    let body = "    let x = 1;\n".repeat(130);
    let text = format!("impl A {{\n    fn short() {{}}\n    pub(crate) fn long(&self) {{\n{body}    }}\n}}\ntrait T {{\n    fn decl(&self);\n}}\n");
    let found = long_functions(&text, 120);
    assert_eq!(found, vec![(3, "long".to_string(), 132)]);
}
