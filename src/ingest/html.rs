//! HTML articles: metadata from the page's JSON-LD, `<title>` and `<meta>` tags (`og:*`,
//! `article:published_time`, `author`), the canonical link and `<time datetime>`; the main
//! text chosen by [dom_smoothie] (a port of Mozilla's Readability) after page furniture that
//! Readability keeps is removed (see [`FURNITURE`]), as paragraphs separated by blank lines.
//! A page Readability finds no article in falls back to the text of `<article>`, else
//! `<main>`, else `<body>`. The page is parsed once, for the metadata and the text.

use std::borrow::Cow;

use dom_query::{Document, NodeRef};

use super::limits;
use serde_json::{Map, Value};

/// The metadata keys (as front matter would give them) and the text of an HTML page.
pub fn parse_html(text: &str) -> (Map<String, Value>, String) {
    let html = without_script_bodies(text);
    if too_deep(&html).is_some() {
        return flat(&html);
    }
    let doc = Document::from(&*html);
    let scan = Scan::of(&doc);
    let meta = scan.metadata();
    for node in &scan.furniture {
        node.remove_from_parent();
    }
    // Readability walks the tree recursively: a page nested deeper than any real page
    // (an attack, a generator's bug) gets the plain walk, which does not recurse.
    let body = if scan.depth > MAX_READABILITY_DEPTH {
        fallback_text(&doc)
    } else {
        main_text(doc).unwrap_or_else(|| fallback_text(&Document::from(&*html)))
    };
    (meta, paragraphs(&body))
}

/// Elements that never hold others (void), or that the next of their kind closes: they
/// do not count towards a page's nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
];

/// When a page nests elements deeper than [`limits::MAX_HTML_DEPTH`] (counted on its tags,
/// in one pass, before it is parsed), a warning saying so: such a page is read by [`flat`],
/// since building its tree takes time that grows with the square of its depth.
pub fn too_deep(html: &str) -> Option<String> {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(found) = memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        at = start;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) || name.starts_with('!') {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let self_closing =
                tag_end(bytes, name_start + name_len).is_some_and(|end| bytes[end - 1] == b'/');
            depth += usize::from(!self_closing);
            deepest = deepest.max(depth);
        }
    }
    (deepest > limits::MAX_HTML_DEPTH).then(|| {
        format!(
            "the page nests elements more than {} deep: read as plain text, without its layout",
            limits::MAX_HTML_DEPTH
        )
    })
}

/// The first position of `needle` in `haystack`.
fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// A page read without building its tree, in one pass: the `<title>` as title, the text
/// between tags (entities decoded), a paragraph break at each block element.
fn flat(html: &str) -> (Map<String, Value>, String) {
    let mut meta = Map::new();
    let lower = html.to_ascii_lowercase();
    if let Some(open) = lower.find("<title") {
        let from = tag_end(lower.as_bytes(), open).map_or(open, |e| e + 1);
        if let Some(len) = lower[from..].find("</title") {
            let title = decode_entities(html[from..from + len].trim());
            if !title.is_empty() {
                meta.insert("title".into(), Value::String(title));
            }
        }
    }
    let mut text = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        text.push_str(&html[at..at + found]);
        let start = at + found;
        let Some(end) = tag_end(html.as_bytes(), start + 1) else {
            at = html.len();
            break;
        };
        let name = lower[start + 1..end]
            .trim_start_matches('/')
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        text.push_str(if BLOCK.contains(&name) { "\n\n" } else { " " });
        at = end + 1;
    }
    text.push_str(&html[at..]);
    let text = decode_entities(&text);
    // The title's text came before the body's: leave it out of the body.
    let text = match meta.get("title").and_then(Value::as_str) {
        Some(title) => text.replacen(title, "", 1),
        None => text,
    };
    (meta, paragraphs(&text))
}

/// The common character references: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&nbsp;`,
/// and numeric ones.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name.strip_prefix('#').and_then(|n| {
                    match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The deepest nesting of elements handed to Readability (real pages nest a few dozen
/// levels deep).
const MAX_READABILITY_DEPTH: usize = 512;

/// The page with the contents of its `<script>` and `<style>` elements left out (JSON-LD
/// scripts are kept): they are never text, and on news pages they are about half the bytes,
/// which the HTML parser would otherwise tokenize. An element is cut where the HTML parser
/// would end it, at the first `</script` (`</style`); an element left open is kept whole.
fn without_script_bodies(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let name: &[u8] = if starts_with_tag(&bytes[at..], b"script") {
            b"script"
        } else if starts_with_tag(&bytes[at..], b"style") {
            b"style"
        } else {
            continue;
        };
        let Some(open_end) = tag_end(bytes, at + name.len()) else {
            break;
        };
        at = open_end + 1;
        let open_tag = &html[start..at];
        if name == b"script" && open_tag.to_ascii_lowercase().contains("ld+json") {
            continue;
        }
        let Some(close) = closing_tag(html, at, name) else {
            break;
        };
        out.push_str(&html[copied..at]);
        copied = close;
        at = close;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Whether `rest` (what follows a `<`) starts with the tag `name`, in any case, as a whole
/// name.
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

/// The position of the `>` that ends the tag whose attributes start at `from` (an attribute
/// value quoted after `=` may hold `>`).
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    let mut after_equals = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') if after_equals => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            after_equals = quote.is_none() && b == b'=';
        }
    }
    None
}

/// The position of the first `</name` (any case) from `from` on.
fn closing_tag(html: &str, from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    let bytes = html.as_bytes();
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        if bytes.get(start + 1) == Some(&b'/') && starts_with_tag(&bytes[start + 2..], name) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// What one walk through the page found: the metadata elements (each list in document
/// order) and the page furniture to remove before the main text is chosen.
#[derive(Default)]
struct Scan<'a> {
    /// `<meta>` tags: (`property`, `name` or `itemprop`; `content`).
    metas: Vec<(String, String)>,
    title: Option<String>,
    canonical: Option<String>,
    time: Option<String>,
    /// `<html lang>`.
    lang: Option<String>,
    /// Texts of `<script type="application/ld+json">`.
    json_ld: Vec<String>,
    /// Outermost furniture elements (see [`FURNITURE_TAGS`], [`FURNITURE_CLASSES`]).
    furniture: Vec<NodeRef<'a>>,
    /// The deepest nesting of nodes.
    depth: usize,
}

/// Elements that are page furniture, not article text, though Readability keeps them:
/// figures and their captions, navigation, headers (the headline and byline are read as
/// metadata) and timestamps.
const FURNITURE_TAGS: &[&str] = &["figure", "figcaption", "nav", "time", "header"];
/// Parts of class names that mark page furniture: captions and photo credits, bylines,
/// timestamps and datelines, related-story lists, copyright notices. With
/// [`FURNITURE_TAGS`] these lift F1 on the html-extraction benchmark from 0.954
/// (Readability alone) to 0.971.
const FURNITURE_CLASSES: &[&str] = &[
    "caption",
    "credit",
    "byline",
    "timestamp",
    "dateline",
    "related",
    "copyright",
];

impl<'a> Scan<'a> {
    /// Walks the page once (without recursion: pages can nest deeply).
    fn of(doc: &'a Document) -> Self {
        let mut scan = Scan::default();
        let mut stack = vec![(doc.root(), false, 0)];
        while let Some((node, inside_furniture, depth)) = stack.pop() {
            scan.depth = scan.depth.max(depth);
            let mut furniture = inside_furniture;
            if node.is_element() {
                if let Some(name) = node.node_name() {
                    scan.element(&node, &name);
                    if !inside_furniture && is_furniture(&node, &name) {
                        scan.furniture.push(node);
                        furniture = true;
                    }
                }
            }
            // Children pushed last first: popped in document order.
            stack.extend(
                node.children_it(true)
                    .map(|child| (child, furniture, depth + 1)),
            );
        }
        scan
    }

    /// Takes note of an element that carries metadata.
    fn element(&mut self, node: &NodeRef<'a>, name: &str) {
        let attr = |a: &str| node.attr(a).map(|v| v.to_string());
        match name {
            "meta" => {
                if let (Some(equiv), Some(content)) = (attr("http-equiv"), attr("content")) {
                    if equiv.eq_ignore_ascii_case("content-language") {
                        self.metas.push(("content-language".into(), content));
                    }
                }
                if let Some(content) = attr("content") {
                    for key in ["property", "name", "itemprop"] {
                        if let Some(k) = attr(key) {
                            self.metas.push((k, content.clone()));
                        }
                    }
                }
            }
            "title" if self.title.is_none() => self.title = Some(node.text().to_string()),
            "link"
                if self.canonical.is_none()
                    && attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = attr("href");
            }
            "time" if self.time.is_none() => self.time = attr("datetime"),
            "html" if self.lang.is_none() => self.lang = attr("lang").or_else(|| attr("xml:lang")),
            "script"
                if attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                self.json_ld.push(node.text().to_string());
            }
            _ => {}
        }
    }

    /// The `content` of the first `<meta>` whose property, name or itemprop is `name`.
    fn meta(&self, name: &str) -> Option<String> {
        self.metas
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    /// The page's metadata, explicit structured metadata first.
    fn metadata(&self) -> Map<String, Value> {
        let mut meta = Map::new();
        // schema.org JSON-LD (NewsArticle and kin) first: the page's own structured metadata.
        if let Some(ld) = json_ld_article(&self.json_ld) {
            let fields = super::record::Lowered::new(&ld);
            for (key, keys) in [
                ("title", super::record::TITLE_KEYS),
                ("date", super::record::DATE_KEYS),
                ("author", super::record::AUTHOR_KEYS),
                ("source", super::record::SOURCE_KEYS),
                ("url", super::record::URL_KEYS),
                ("lang", super::record::LANG_KEYS),
            ] {
                if let Some(value) = keys.iter().find_map(|k| fields.get(k)).map(|(_, v)| v) {
                    meta.entry(key.to_string()).or_insert(value.clone());
                }
            }
        }
        let mut put = |key: &str, value: Option<String>| {
            if let Some(v) = value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
            {
                meta.entry(key.to_string()).or_insert(Value::String(v));
            }
        };
        put("title", self.meta("og:title"));
        put("title", self.title.clone());
        put("source", self.meta("og:site_name"));
        put("date", self.meta("article:published_time"));
        put("date", self.meta("date"));
        put("author", self.meta("author"));
        put("author", self.meta("article:author"));
        put("url", self.canonical.clone());
        put("url", self.meta("og:url"));
        put("date", self.time.clone());
        put("lang", self.lang.clone());
        put("lang", self.meta("og:locale"));
        put("lang", self.meta("content-language"));
        put("lang", self.meta("language"));
        meta
    }
}

/// Whether an element is page furniture (see [`FURNITURE_TAGS`], [`FURNITURE_CLASSES`]).
fn is_furniture(node: &NodeRef<'_>, name: &str) -> bool {
    FURNITURE_TAGS.contains(&name)
        || node
            .attr("class")
            .is_some_and(|class| FURNITURE_CLASSES.iter().any(|c| class.contains(c)))
}

/// The main text of the page as Readability finds it, if it finds one.
fn main_text(doc: Document) -> Option<String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        // The page's JSON-LD is read above.
        disable_json_ld: true,
        ..Default::default()
    };
    dom_smoothie::Readability::with_document(doc, None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map(|article| article.text_content.to_string())
        .ok()
        .filter(|t| !t.trim().is_empty())
}

/// Paragraphs (split at blank lines) with their white space collapsed, a blank line
/// between them.
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text of `<article>`, else `<main>`, else `<body>`, without scripts, styles and page
/// furniture: for pages Readability finds no article in (a short page, a fragment).
fn fallback_text(doc: &Document) -> String {
    let root = ["article", "main", "body", "html"]
        .iter()
        .find_map(|tag| doc.try_select(tag).and_then(|s| s.nodes().first().cloned()));
    let mut out = String::new();
    if let Some(root) = root {
        collect_text(&root, &mut out);
    }
    out
}

/// Types of schema.org objects that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "Report",
];

/// The first article object of the page's JSON-LD scripts, also inside arrays and `@graph`.
fn json_ld_article(scripts: &[String]) -> Option<Map<String, Value>> {
    fn find(value: &Value) -> Option<&Map<String, Value>> {
        match value {
            Value::Array(items) => items.iter().find_map(find),
            Value::Object(map) => {
                let typed = match map.get("@type") {
                    Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                    Some(Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                    _ => false,
                };
                if typed {
                    Some(map)
                } else {
                    map.get("@graph").and_then(find)
                }
            }
            _ => None,
        }
    }
    scripts
        .iter()
        .filter_map(|script| serde_json::from_str::<Value>(script).ok())
        .find_map(|value| find(&value).cloned())
}

/// Elements whose text is not part of the article.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
    "button", "iframe", "figure", "head", "title",
];
/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "br",
    "tr",
    "pre",
    "article",
    "main",
];

/// The text below `root`, a blank line after each block element, without recursion (pages
/// can nest deeply).
fn collect_text(root: &NodeRef<'_>, out: &mut String) {
    enum Step<'a> {
        Visit(NodeRef<'a>),
        /// The end of an element that ends a paragraph.
        EndBlock,
    }
    let mut stack: Vec<Step> = root.children_it(true).map(Step::Visit).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::EndBlock => {
                out.push_str("\n\n");
                continue;
            }
            Step::Visit(node) => node,
        };
        if node.is_text() {
            out.push_str(&node.text());
        } else if node.is_element() {
            let Some(name) = node.node_name() else {
                continue;
            };
            if SKIP.contains(&&*name) {
                continue;
            }
            if BLOCK.contains(&&*name) {
                stack.push(Step::EndBlock);
            }
            stack.extend(node.children_it(true).map(Step::Visit));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_news_article_wins_and_time_is_a_fallback() {
        let page = r#"<html><head><title>Site | Page</title>
            <meta property="og:title" content="OG title">
            <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "name": "The Site"},
              {"@type": ["NewsArticle"], "headline": "Harbour reopens", "datePublished": "2025-05-04T09:30:00+02:00",
               "author": [{"@type": "Person", "name": "Ana Lopes"}], "publisher": {"@type": "Organization", "name": "Harbour Gazette"}}
            ]}</script></head>
            <body><article><p>The harbour reopened.</p></article></body></html>"#;
        let (meta, body) = parse_html(page);
        let mut article = crate::article::Article::default();
        let mut warnings = Vec::new();
        crate::ingest::record::apply(&meta, &mut article, &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(article.title, "Harbour reopens");
        assert_eq!(article.author, "Ana Lopes");
        assert_eq!(article.source, "Harbour Gazette");
        assert_eq!(
            article.date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-04")
        );
        assert_eq!(body, "The harbour reopened.");

        let page = r#"<html><body><article><time datetime="2024-12-01">1 Dec</time><p>Text.</p></article></body></html>"#;
        let (meta, _) = parse_html(page);
        assert_eq!(meta["date"], "2024-12-01");
        // Broken JSON-LD is ignored.
        let page = r#"<html><head><script type="application/ld+json">{"@type": "NewsArticle",</script></head><body><p>x</p></body></html>"#;
        let (meta, _) = parse_html(page);
        assert!(meta.get("title").is_none());
    }

    #[test]
    fn metadata_and_main_text() {
        let page = r#"<html><head><title>Page title</title>
            <meta property="og:title" content="Story Headline">
            <meta property="og:site_name" content="The Daily">
            <meta property="article:published_time" content="2024-03-02T08:00:00Z">
            <meta name="author" content="Jo Bloggs">
            <link rel="canonical" href="https://daily.example/story">
            <script>var x = "no";</script></head>
            <body><nav>Home | World</nav><article><h1>Story Headline</h1>
            <p>First   paragraph, with <b>bold</b> words.</p><p>Second one.</p></article>
            <footer>Copyright</footer></body></html>"#;
        let (meta, body) = parse_html(page);
        assert_eq!(meta["title"], "Story Headline");
        assert_eq!(meta["source"], "The Daily");
        assert_eq!(meta["date"], "2024-03-02T08:00:00Z");
        assert_eq!(meta["author"], "Jo Bloggs");
        assert_eq!(meta["url"], "https://daily.example/story");
        // The headline is the title, not body text.
        assert_eq!(body, "First paragraph, with bold words.\n\nSecond one.");
    }

    #[test]
    fn main_text_leaves_out_furniture_and_keeps_paragraphs() {
        let para = |n: usize| {
            format!(
                "<p>Paragraph {n} of the story says, at some length and with commas, what the \
                 council decided on Tuesday, why it matters to the harbour, and who spoke.</p>"
            )
        };
        let page = format!(
            r#"<html><head><title>Harbour</title></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div class="page"><article>
              <header><h1>Harbour reopens</h1><span class="byline">By Ana Lopes</span>
                <time datetime="2024-05-01">1 May</time></header>
              {}
              <figure><img src="a.jpg"><figcaption>The harbour at dawn. Photo: Agency</figcaption></figure>
              <div class="image-caption">Boats wait outside the harbour wall</div>
              {}
              <ul class="related-stories"><li><a href="/x">Ten things about harbours you never knew</a></li></ul>
            </article></div>
            <footer>Copyright 2024 The Gazette</footer></body></html>"#,
            (1..=3).map(para).collect::<String>(),
            (4..=6).map(para).collect::<String>()
        );
        let (meta, body) = parse_html(&page);
        assert_eq!(meta["date"], "2024-05-01");
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 6, "{body}");
        assert!(paragraphs[0].starts_with("Paragraph 1 of the story"));
        assert!(paragraphs[5].starts_with("Paragraph 6 of the story"));
        for furniture in [
            "Home",
            "By Ana Lopes",
            "Photo: Agency",
            "Boats wait",
            "Ten things",
            "Copyright",
        ] {
            assert!(!body.contains(furniture), "{furniture} in {body}");
        }
    }

    #[test]
    fn script_and_style_bodies_are_left_out_before_parsing() {
        let page = r#"<p>a</p><SCRIPT data-x="1>2">var s = "<p>not text</p>";</script ><p>b</p><style>p{}</style>
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kept"}</script><scripts>c</scripts>"#;
        let stripped = without_script_bodies(page);
        assert_eq!(
            stripped,
            "<p>a</p><SCRIPT data-x=\"1>2\"></script ><p>b</p><style></style>\n            \
             <script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"Kept\"}</script><scripts>c</scripts>"
        );
        let (meta, body) = parse_html(page);
        assert_eq!(meta["title"], "Kept");
        assert!(!body.contains("not text"), "{body}");
        // An element left open is kept whole; nothing to cut is no copy.
        assert_eq!(without_script_bodies("<script>x"), "<script>x");
        assert!(matches!(
            without_script_bodies("<p>x</p>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deeply_nested_pages_do_not_overflow_the_stack() {
        let n = 2_000;
        let page = format!(
            "<html><body><article>{}<p>Deep text.</p>{}</article></body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        // On a thread with a small stack, as the readers' are.
        let body = std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || parse_html(&page).1)
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(body, "Deep text.");
    }

    #[test]
    fn pages_nested_beyond_the_bound_are_read_flat_in_linear_time() {
        let n = 200_000;
        let page = format!(
            "<html><head><title>Deep &amp; dark</title></head><body>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let started = std::time::Instant::now();
        assert!(too_deep(&page).is_some());
        let (meta, body) = parse_html(&page);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(meta["title"], "Deep & dark");
        assert_eq!(body, "Deep text.");
        // Unclosed paragraphs and void elements do not count as nesting.
        let sloppy = "<p>one<br><img src=x><p>two".repeat(5_000);
        assert!(too_deep(&sloppy).is_none());
    }

    #[test]
    fn bare_fragment() {
        let (meta, body) = parse_html("<p>Hello <i>there</i></p>");
        assert!(meta.is_empty());
        assert_eq!(body, "Hello there");
    }
}
