//! Languages: each article's language detected at ingest or taken from its metadata, stored
//! and shown, filtered by `--lang`, counted by `stats`; Spanish searched with Spanish
//! analysis.

use crate::util::{Env, Response};
use serde_json::Value;

pub const SPANISH: &str = "La presidenta Claudia Sheinbaum dijo el martes que el gobierno no \
    aceptará tropas extranjeras en el territorio nacional. «La soberanía no se vende», afirmó \
    Sheinbaum ante los periodistas en el Palacio Nacional, y agregó que las conversaciones con \
    los vecinos del norte van por buen camino. Las elecciones de junio también fueron tema.";

pub const ENGLISH: &str = "President Claudia Sheinbaum said on Tuesday that the government \
    would not accept foreign troops on national territory. \"Sovereignty is not for sale,\" \
    Sheinbaum told reporters at the National Palace, and she added that the talks with the \
    neighbours to the north were going well. The June elections were also discussed.";

/// An index of an English, a Spanish and a short article, plus records and a page whose
/// metadata names their language.
pub fn bilingual() -> Env {
    let env = Env::new();
    env.write(
        "news/en.md",
        format!("---\ntitle: Troops refused\ndate: 2025-05-04\n---\n{ENGLISH}\n"),
    );
    env.write(
        "news/es.md",
        format!("---\ntitle: Sheinbaum rechaza tropas\ndate: 2025-05-04\n---\n{SPANISH}\n"),
    );
    env.write("news/short.txt", "Tropas: no.\n");
    // Metadata wins over the text: a record says Portuguese, a page says Spanish.
    env.write(
        "news/feed.jsonl",
        format!(
            "{}\n",
            serde_json::json!({"id": "pt-1", "title": "Tropas", "lang": "pt-BR", "body": ENGLISH})
        ),
    );
    env.write(
        "news/page.html",
        format!(
            "<html lang=\"es-MX\"><head><title>Página</title></head><body><article><p>{ENGLISH}</p></article></body></html>"
        ),
    );
    env.run(&["index", "news"]).ok();
    env
}

fn langs_by_id(env: &Env) -> Vec<(String, String)> {
    let run = env.run(&["extract", "news", "--format", "json"]).ok();
    let articles: Vec<Value> = run.json();
    let mut out: Vec<(String, String)> = articles
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["lang"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn detected_or_taken_from_metadata_and_never_guessed_on_short_text() {
    let env = bilingual();
    assert_eq!(
        langs_by_id(&env),
        [
            ("news/en.md", "en"),
            ("news/es.md", "es"),
            ("news/page.html", "es"),
            ("news/short.txt", "und"),
            ("pt-1", "pt"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn shown_filtered_and_counted() {
    let env = bilingual();
    let r: Response = env
        .run(&["query", "sheinbaum", "--lang", "es", "--format", "json"])
        .ok()
        .json();
    let mut ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["news/es.md", "news/page.html"]);
    assert!(r.hits.iter().all(|h| h.lang == "es"));
    // A tag or a name is read as its code; `lang:` works in the query too.
    let r: Response = env
        .run(&[
            "query",
            "sheinbaum",
            "--lang",
            "English",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].id, "news/en.md");
    let r: Response = env
        .run(&["query", "lang:und OR lang:pt", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits.len(), 2);
    // The text listing shows the language beside the date.
    env.run(&["query", "sheinbaum", "--lang", "es-MX"])
        .ok()
        .stdout_has("2025-05-04 · es");
    // `stats` counts articles per language.
    let stats: Value = env.run(&["stats", "--format", "json"]).ok().json();
    let langs: Vec<(String, u64)> = stats["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_string(),
                l["articles"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        langs,
        [("es", 2), ("en", 1), ("pt", 1), ("und", 1)].map(|(a, b)| (a.to_string(), b))
    );
    // Batch lines take `lang` too.
    let run = crate::batch::batch(
        &env,
        &["--format", "tsv"],
        "{\"id\": \"q\", \"query\": \"sheinbaum\", \"lang\": [\"pt\", \"und\"]}\n",
    )
    .ok();
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].starts_with("q\t1\t"), "{rows:?}");
    assert!(rows[0].contains("pt-1"), "{rows:?}");
}
