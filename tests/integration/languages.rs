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

#[test]
fn spanish_is_stemmed_and_folded_both_ways() {
    let env = bilingual();
    for typed in [
        "soberanía",
        "soberania",
        "SOBERANÍA",
        "soberano",
        "elección",
        "eleccion",
    ] {
        let r: Response = env
            .run(&["query", typed, "--lang", "es", "--format", "json"])
            .ok()
            .json();
        let ids: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["news/es.md"], "{typed}");
        // The snippet marks the article's own word.
        let snippet = &r.hits[0].snippets[0];
        let marked: Vec<String> = snippet
            .highlights
            .iter()
            .map(|&[a, b]| snippet.text.chars().skip(a).take(b - a).collect())
            .collect();
        assert!(
            marked.iter().any(|m| m == "soberanía" || m == "elecciones"),
            "{typed}: {marked:?}"
        );
    }
    // A phrase with Spanish stop words in it, and stop words in a bag of words.
    let r: Response = env
        .run(&["query", "\"soberanía no se vende\"", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits[0].id, "news/es.md");
    let r: Response = env
        .run(&["query", "de la soberania", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits[0].id, "news/es.md");
    // English text keeps English analysis: `troop` finds `troops`.
    let r: Response = env
        .run(&["query", "troop", "--lang", "en", "--format", "json"])
        .ok()
        .json();
    assert_eq!(r.hits[0].id, "news/en.md");
}

/// The `name: articles` pairs of a JSON list of name counts.
fn name_counts(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap().to_string(),
                l["articles"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn stats_of_one_language() {
    let env = bilingual();
    // A third Spanish article with a date of its own and a second speaker.
    env.write(
        "more/es2.md",
        "---\ntitle: Ebrard en Washington\ndate: 2025-06-10\nsource: La Jornada\n---\n\
         El secretario de Economía, Marcelo Ebrard, viajó el lunes a Washington para hablar de \
         los aranceles con el gobierno de los Estados Unidos. «Vamos a llegar a un acuerdo», \
         dijo Ebrard a los periodistas a la salida de la reunión con sus contrapartes.\n",
    );
    env.run(&["index", "more"]).ok();
    let stats: Value = env
        .run(&["stats", "--lang", "es", "--format", "json"])
        .ok()
        .json();
    assert_eq!(stats["langs"], serde_json::json!(["es"]));
    assert_eq!(stats["documents"], 3, "{stats}");
    assert_eq!(stats["stories"], 3, "{stats}");
    assert_eq!(stats["first_date"], "2025-05-04");
    assert_eq!(stats["last_date"], "2025-06-10");
    assert_eq!(stats["undated"], 1, "the page has no date: {stats}");
    assert_eq!(name_counts(&stats["languages"]), [("es".to_string(), 3)]);
    let sources = name_counts(&stats["sources"]);
    assert_eq!(
        sources,
        [("news".to_string(), 2), ("La Jornada".to_string(), 1)]
    );
    let speakers: Vec<String> = name_counts(&stats["speakers"])
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(
        speakers.contains(&"Marcelo Ebrard".to_string()),
        "{speakers:?}"
    );
    let roots: Vec<u64> = stats["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["articles"].as_u64().unwrap())
        .collect();
    assert_eq!(roots, [2, 1], "{stats}");
    // English alone: one article, no Marcelo Ebrard; a name is read as its code.
    let stats: Value = env
        .run(&["stats", "--lang", "English", "--format", "json"])
        .ok()
        .json();
    assert_eq!(stats["documents"], 1, "{stats}");
    assert_eq!(
        name_counts(&stats["speakers"]),
        [("Claudia Sheinbaum".to_string(), 1)]
    );
    // Two languages at once; and the text output says which.
    let stats: Value = env
        .run(&["stats", "--lang", "pt", "--lang", "und", "--format", "json"])
        .ok()
        .json();
    assert_eq!(stats["documents"], 2, "{stats}");
    env.run(&["stats", "--lang", "es"])
        .ok()
        .stdout_has("language    es")
        .stdout_has("documents   3");
    // Without --lang nothing changes: every article, no `langs` key.
    let stats: Value = env.run(&["stats", "--format", "json"]).ok().json();
    assert_eq!(stats["documents"], 6);
    assert!(stats.get("langs").is_none(), "{stats}");
    // A language no article has: zero, not an error.
    let stats: Value = env
        .run(&["stats", "--lang", "fr", "--format", "json"])
        .ok()
        .json();
    assert_eq!(stats["documents"], 0);
    assert_eq!(stats["first_date"], Value::Null);
}

#[test]
fn one_person_quoted_in_english_and_in_spanish() {
    let env = Env::new();
    env.write(
        "news/en.md",
        "---\ntitle: Mexico rejects troops\ndate: 2025-05-04\nsource: Wire\n---\n\
         Mexican President Claudia Sheinbaum rejected on Saturday an offer by the United States \
         to send troops into Mexico to fight drug cartels. \"Sovereignty is not for sale,\" \
         Sheinbaum said. She spoke at a press conference in Mexico City.\n",
    );
    env.write(
        "news/es.md",
        "---\ntitle: Sheinbaum rechaza tropas\ndate: 2025-05-04\nsource: Diario\n---\n\
         La presidenta de México rechazó este sábado la oferta de Estados Unidos de enviar \
         tropas al país para combatir a los cárteles. «La soberanía no se vende», dijo la \
         presidenta Claudia Sheinbaum. La mandataria habló durante su conferencia matutina en el \
         Palacio Nacional, donde respondió a las preguntas de los periodistas.\n",
    );
    env.run(&["index", "news"]).ok();
    let langs = langs_by_id(&env);
    assert_eq!(
        langs,
        [("news/en.md", "en"), ("news/es.md", "es")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // One person, with both articles and both quotations.
    let speakers: Value = env.run(&["speakers", "--format", "json"]).ok().json();
    let speakers = speakers.as_array().unwrap();
    assert_eq!(speakers.len(), 1, "{speakers:?}");
    assert_eq!(speakers[0]["name"], "Claudia Sheinbaum");
    assert_eq!(speakers[0]["articles"], 2);
    assert_eq!(speakers[0]["quotes"], 2);
    // `--speaker sheinbaum` finds both articles, and both quotations.
    let mut ids = crate::util::hit_ids(&env, &["*", "--speaker", "sheinbaum"]);
    ids.sort();
    assert_eq!(ids, ["news/en.md", "news/es.md"]);
    let quotes: Value = env
        .run(&["quotes", "--speaker", "sheinbaum", "--format", "json"])
        .ok()
        .json();
    let mut texts: Vec<&str> = quotes["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("{quotes}"))
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    texts.sort();
    assert_eq!(
        texts,
        ["La soberanía no se vende", "Sovereignty is not for sale"]
    );
    // Narrowed by language, one each.
    let ids = crate::util::hit_ids(&env, &["*", "--speaker", "sheinbaum", "--lang", "es"]);
    assert_eq!(ids, ["news/es.md"]);
}

#[test]
fn export_of_one_language() {
    let env = bilingual();
    // Spanish alone (a tag is read as its code): the two Spanish articles, nothing else.
    env.run(&["export", "--to", "quickwit", "--lang", "es-MX", "qw"])
        .ok()
        .stderr_has("exported 2 articles");
    let docs = std::fs::read_to_string(env.path("qw/articles-00001.ndjson")).unwrap();
    let langs: Vec<String> = docs
        .lines()
        .map(|l| {
            let doc: Value = serde_json::from_str(l).unwrap();
            doc["lang"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(langs, ["es", "es"]);
    // Two languages: any of them; every article without --lang.
    env.run(&[
        "export",
        "--to",
        "elasticsearch",
        "--lang",
        "pt",
        "--lang",
        "und",
        "es",
    ])
    .ok()
    .stderr_has("exported 2 articles");
    env.run(&["export", "--to", "elasticsearch", "all"])
        .ok()
        .stderr_has("exported 5 articles");
    // `translate --lang` narrows the translated query as `lang:` would.
    env.run(&[
        "translate",
        "--to",
        "quickwit",
        "--lang",
        "Spanish",
        "soberanía",
    ])
    .ok()
    .stdout_has("lang:es");
    // A language no article has: nothing exported, exit 1 as a search with no hit.
    env.run(&["export", "--to", "quickwit", "--lang", "fr", "fr"])
        .expect_code(1)
        .stderr_has("exported 0 articles");
}

#[test]
fn one_person_under_one_or_two_surnames_in_english_and_spanish() {
    let env = Env::new();
    env.write(
        "news/en.md",
        "---\ntitle: Mexico rejects troops\ndate: 2025-05-04\nsource: Wire\n---\n\
         Mexican President Claudia Sheinbaum rejected on Saturday an offer by the United States \
         to send troops into Mexico. \"Sovereignty is not for sale,\" Sheinbaum said.\n",
    );
    env.write(
        "news/es.md",
        "---\ntitle: Sheinbaum rechaza tropas\ndate: 2025-05-04\nsource: Diario\n---\n\
         La presidenta de México rechazó este sábado la oferta de Estados Unidos de enviar \
         tropas al país. «La soberanía no se vende», dijo la presidenta Claudia Sheinbaum \
         Pardo durante su conferencia matutina en el Palacio Nacional. La mandataria respondió \
         a las preguntas de los periodistas sobre la seguridad y la relación con el gobierno de \
         los Estados Unidos.\n",
    );
    env.write(
        "news/wire.md",
        "---\ntitle: Tariffs\ndate: 2025-05-05\nsource: Wire\n---\n\
         Sheinbaum spoke about tariffs on Monday. \"We will answer with calm,\" Sheinbaum \
         told reporters in Mexico City.\n",
    );
    env.run(&["index", "news"]).ok();
    let speakers: Value = env.run(&["speakers", "--format", "json"]).ok().json();
    let speakers = speakers.as_array().unwrap();
    assert_eq!(speakers.len(), 1, "{speakers:?}");
    assert_eq!(speakers[0]["name"], "Claudia Sheinbaum");
    assert_eq!(speakers[0]["articles"], 3);
    let mut ids = crate::util::hit_ids(&env, &["*", "--speaker", "Claudia Sheinbaum Pardo"]);
    ids.sort();
    assert_eq!(ids, ["news/en.md", "news/es.md", "news/wire.md"]);
}
