//! HTML articles: metadata from `<title>` and `<meta>` tags (`og:*`, `article:published_time`,
//! `author`), the canonical link, and the main text (`<article>`, else `<main>`, else `<body>`)
//! as paragraphs separated by blank lines, without scripts, styles and page furniture.

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::{Map, Value};

/// The metadata keys (as front matter would give them) and the text of an HTML page.
pub fn parse_html(text: &str) -> (Map<String, Value>, String) {
    let doc = Html::parse_document(text);
    let mut meta = Map::new();
    // schema.org JSON-LD (NewsArticle and kin) first: the page's own structured metadata.
    if let Some(ld) = json_ld_article(&doc) {
        let fields = super::record::Lowered::new(&ld);
        for (key, keys) in [
            ("title", super::record::TITLE_KEYS),
            ("date", super::record::DATE_KEYS),
            ("author", super::record::AUTHOR_KEYS),
            ("source", super::record::SOURCE_KEYS),
            ("url", super::record::URL_KEYS),
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
    put("title", meta_content(&doc, "og:title"));
    put("title", first_text(&doc, "title"));
    put("source", meta_content(&doc, "og:site_name"));
    put("date", meta_content(&doc, "article:published_time"));
    put("date", meta_content(&doc, "date"));
    put("author", meta_content(&doc, "author"));
    put("author", meta_content(&doc, "article:author"));
    put("url", link_canonical(&doc));
    put("url", meta_content(&doc, "og:url"));
    put("date", time_datetime(&doc));

    let root = ["article", "main", "body"]
        .iter()
        .find_map(|tag| doc.select(&selector(tag)).next())
        .unwrap_or_else(|| doc.root_element());
    let mut body = String::new();
    collect_text(root, &mut body);
    let body = body
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (meta, body)
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

/// The first article object of the page's JSON-LD (`<script type="application/ld+json">`),
/// also inside arrays and `@graph`.
fn json_ld_article(doc: &Html) -> Option<Map<String, Value>> {
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
    doc.select(&selector("script[type=\"application/ld+json\"]"))
        .filter_map(|script| serde_json::from_str::<Value>(&script.text().collect::<String>()).ok())
        .find_map(|value| find(&value).cloned())
}

/// The first `<time datetime="…">` of the page.
fn time_datetime(doc: &Html) -> Option<String> {
    doc.select(&selector("time[datetime]"))
        .find_map(|e| e.value().attr("datetime").map(str::to_string))
}

fn selector(css: &str) -> Selector {
    // The selectors used here are fixed strings known to be valid.
    Selector::parse(css).unwrap_or_else(|_| Selector::parse("*").expect("'*' is a valid selector"))
}

fn meta_content(doc: &Html, name: &str) -> Option<String> {
    let sel = selector(&format!(
        "meta[property=\"{name}\"], meta[name=\"{name}\"], meta[itemprop=\"{name}\"]"
    ));
    doc.select(&sel)
        .find_map(|e| e.value().attr("content").map(str::to_string))
}

fn first_text(doc: &Html, tag: &str) -> Option<String> {
    doc.select(&selector(tag))
        .next()
        .map(|e| e.text().collect::<String>())
}

fn link_canonical(doc: &Html) -> Option<String> {
    doc.select(&selector("link[rel=\"canonical\"]"))
        .find_map(|e| e.value().attr("href").map(str::to_string))
}

/// Elements whose text is not part of the article.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
    "button", "iframe", "figure",
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

fn collect_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                if let Some(child) = ElementRef::wrap(child) {
                    collect_text(child, out);
                }
                if BLOCK.contains(&name) {
                    out.push_str("\n\n");
                }
            }
            _ => {}
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
        assert_eq!(
            body,
            "Story Headline\n\nFirst paragraph, with bold words.\n\nSecond one."
        );
    }

    #[test]
    fn bare_fragment() {
        let (meta, body) = parse_html("<p>Hello <i>there</i></p>");
        assert!(meta.is_empty());
        assert_eq!(body, "Hello there");
    }
}
