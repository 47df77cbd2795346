//! `dossier export` and `dossier translate` driven as a user would: the files each engine
//! reads, checked against the formats its documentation gives (Elasticsearch's `_bulk`
//! NDJSON and mappings, Quickwit's index config, Sphinx/Manticore's configs, xmlpipe2 and
//! scripts). No engine runs here; `scripts/cluster-check.sh` runs a live Sphinx cluster.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use crate::util::Env;

/// An index of `corpus/` (two articles quoting Trump and Sheinbaum under several names)
/// and `n` wire records of about 5 KB each.
fn indexed(n: usize) -> Env {
    let env = Env::with_corpus();
    let lines: Vec<String> = (0..n)
        .map(|k| {
            let body = format!("Record {k}. ") + &"Oil prices rose again on the wire. ".repeat(150);
            serde_json::json!({"id": format!("w{k}"), "title": format!("Oil <{k}> & gas"),
                "date": "1987-03-02", "source": "Wire", "body": body})
            .to_string()
        })
        .collect();
    env.write("wire.jsonl", lines.join("\n") + "\n");
    env.run(&["index", "corpus", "wire.jsonl"]).ok();
    env
}

/// The canonical names `dossier speakers` gives.
fn canonical(env: &Env) -> HashSet<String> {
    let v: Value =
        serde_json::from_str(&env.run(&["speakers", "--format", "json"]).ok().stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn read(env: &Env, rel: &str) -> String {
    std::fs::read_to_string(env.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn elasticsearch_gets_mappings_and_bulk_files_of_bounded_size() {
    let env = indexed(400);
    env.run(&["export", "--to", "elasticsearch", "--file-mib", "1", "es"])
        .ok()
        .stderr_has("exported 402 articles");
    let body: Value = serde_json::from_str(&read(&env, "es/articles.json")).unwrap();
    let props = &body["mappings"]["properties"];
    assert_eq!(props["quotes"]["type"], "nested");
    assert_eq!(props["quotes"]["properties"]["speaker"]["type"], "keyword");
    for keyword in ["story", "source", "id", "speakers"] {
        assert_eq!(props[keyword]["type"], "keyword", "{keyword}");
    }
    assert_eq!(props["date"]["type"], "date");
    assert_eq!(props["body"]["analyzer"], "dossier_text");
    let analyzer = &body["settings"]["analysis"]["analyzer"]["dossier_text"];
    assert_eq!(analyzer["tokenizer"], "standard");
    // _bulk: action and document lines, each file ending in a newline, under the size.
    let mut files: Vec<String> = std::fs::read_dir(env.path("es"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("bulk-"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    assert_eq!(files[0], "bulk-00001.ndjson");
    let names = canonical(&env);
    let mut ids = BTreeSet::new();
    for f in &files {
        let text = read(&env, &format!("es/{f}"));
        assert!(
            text.len() <= 1 << 20 && text.ends_with('\n'),
            "{f}: {}",
            text.len()
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len() % 2, 0);
        for pair in lines.chunks(2) {
            let action: Value = serde_json::from_str(pair[0]).unwrap();
            let doc: Value = serde_json::from_str(pair[1]).unwrap();
            assert_eq!(action["index"]["_index"], "articles");
            assert_eq!(action["index"]["_id"], doc["id"]);
            // Every key is mapped (the mapping is strict).
            for key in doc.as_object().unwrap().keys() {
                assert!(props.get(key).is_some(), "{key} is not mapped");
            }
            assert_eq!(doc["story"].as_str().unwrap().len(), 16);
            for s in doc["speakers"].as_array().unwrap() {
                assert!(names.contains(s.as_str().unwrap()), "{s} is not canonical");
            }
            ids.insert(doc["id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(ids.len(), 402);
    // OpenSearch takes the same shapes; an export never writes into a full folder.
    env.run(&["export", "--to", "opensearch", "os"]).ok();
    assert_eq!(
        read(&env, "os/articles.json"),
        read(&env, "es/articles.json")
    );
    env.run(&["export", "--to", "opensearch", "os"])
        .expect_code(2)
        .stderr_has("is not empty");
}

#[test]
fn quickwit_gets_an_index_config_that_maps_every_field() {
    let env = indexed(3);
    env.run(&["export", "--to", "quickwit", "qw"]).ok();
    let config: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&read(&env, "qw/articles.yaml")).unwrap();
    assert_eq!(config["version"].as_str(), Some("0.8"));
    assert_eq!(config["index_id"].as_str(), Some("articles"));
    assert_eq!(config["doc_mapping"]["mode"].as_str(), Some("strict"));
    let mapped: HashSet<String> = config["doc_mapping"]["field_mappings"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect();
    let docs = read(&env, "qw/articles-00001.ndjson");
    assert_eq!(docs.lines().count(), 5);
    for line in docs.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        for key in doc.as_object().unwrap().keys() {
            assert!(mapped.contains(key), "{key} is not in the doc mapping");
        }
    }
    let tokenizers: Vec<&str> = config["doc_mapping"]["field_mappings"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|m| m["tokenizer"].as_str())
        .collect();
    assert!(tokenizers.contains(&"en_stem"));
}

#[test]
fn manticore_gets_nodes_mirrors_data_and_scripts() {
    let env = indexed(5);
    env.run(&[
        "export",
        "--to",
        "manticore",
        "--shards",
        "2",
        "--replicas",
        "3",
        "--port",
        "19400",
        "mc",
    ])
    .ok();
    let dir = std::fs::canonicalize(env.path("mc")).unwrap();
    let d = dir.display().to_string();
    // One config a node; replicas of shard K are shardK-r1, shardK-r2, ...
    for k in 1..=2 {
        for r in 1..=3 {
            let conf = read(&env, &format!("mc/conf/shard{k}-r{r}.conf"));
            assert!(conf.contains(&format!("index articles_shard{k}\n{{")));
            assert!(conf.contains(&format!("index quotes_shard{k}\n{{")));
            assert!(conf.contains(&format!("pid_file = {d}/run/shard{k}-r{r}.pid")));
            assert!(conf.contains(&format!(
                "xmlpipe_command = cat {d}/data/articles-shard{k}.xml"
            )));
            assert!(conf.contains("morphology = stem_en"));
            let port = 19400 + 2 + (k - 1) * 3 + (r - 1);
            assert!(
                conf.contains(&format!("listen = 127.0.0.1:{port}\n")),
                "{conf}"
            );
        }
    }
    // The coordinator: each agent line lists a shard's replicas as mirrors.
    let coordinator = read(&env, "mc/conf/coordinator.conf");
    assert!(coordinator.contains("index articles\n{\n    type = distributed"));
    assert!(coordinator.contains("index quotes\n{\n    type = distributed"));
    assert!(coordinator
        .contains("agent = 127.0.0.1:19402|127.0.0.1:19403|127.0.0.1:19404:articles_shard1"));
    assert!(coordinator
        .contains("agent = 127.0.0.1:19405|127.0.0.1:19406|127.0.0.1:19407:quotes_shard2"));
    assert!(coordinator.contains("listen = 127.0.0.1:19400:mysql41"));
    // start.sh's last line names the SphinxQL listener; both scripts are executable.
    let start = read(&env, "mc/start.sh");
    assert_eq!(
        start.trim_end().lines().last(),
        Some("echo \"sphinxql 127.0.0.1:19400\"")
    );
    assert!(start
        .contains("for node in shard1-r1 shard1-r2 shard1-r3 shard2-r1 shard2-r2 shard2-r3; do"));
    #[cfg(unix)]
    for script in ["start.sh", "stop.sh"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.path(&format!("mc/{script}")))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "{script}");
    }
    assert!(read(&env, "mc/stop.sh").contains("run/$node.pid"));
    // xmlpipe2: well-formed, every article once, ids unique across shards, copies of a
    // story in one shard.
    let mut ids = HashSet::new();
    let mut articles = 0;
    let mut stories_by_shard: Vec<HashSet<String>> = vec![HashSet::new(), HashSet::new()];
    let mut all = String::new();
    for k in 1..=2 {
        let xml = read(&env, &format!("mc/data/articles-shard{k}.xml"));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sphinx:docset>"));
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut in_story = false;
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Start(e) if e.name().as_ref() == b"sphinx:document" => {
                    let id = e.try_get_attribute("id").unwrap().unwrap().value.to_vec();
                    assert!(ids.insert(id), "document ids repeat");
                    articles += 1;
                }
                quick_xml::events::Event::Start(e) => in_story = e.name().as_ref() == b"story",
                quick_xml::events::Event::Text(t) if in_story => {
                    stories_by_shard[k - 1].insert(String::from_utf8(t.to_vec()).unwrap());
                    in_story = false;
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        all.push_str(&xml);
    }
    // Titles with markup characters are escaped.
    assert!(!all.contains("<0>") && all.contains("Oil &lt;0&gt; &amp; gas"));
    assert_eq!(articles, 7);
    assert!(stories_by_shard[0].is_disjoint(&stories_by_shard[1]));
    let quotes = read(&env, "mc/data/quotes-shard1.xml") + &read(&env, "mc/data/quotes-shard2.xml");
    let names = canonical(&env);
    assert!(quotes.contains("<speaker>"));
    for line in quotes
        .lines()
        .filter(|l| l.starts_with("<speaker>") && l != &"<speaker></speaker>")
    {
        let name = line
            .trim_start_matches("<speaker>")
            .trim_end_matches("</speaker>");
        assert!(names.contains(name), "{name} is not canonical");
    }
    // Nonsense is refused with a clear line.
    env.run(&["export", "--to", "manticore", "--shards", "0", "x"])
        .expect_code(2)
        .stderr_has("--shards takes 1 to 64");
}

#[test]
fn translate_reads_one_query_a_line() {
    let env = Env::new();
    let mut cmd = env.command(&["translate", "--to", "manticore", "-n", "5", "-"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"oil prices\n(oil OR id:x)\n\"drug cartels\" speaker:sheinbaum\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("SELECT aid, story") && lines[0].contains("LIMIT 5"));
    assert_eq!(lines[1], "");
    assert!(lines[2].contains("(@speakers sheinbaum)"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin:2:"));
    // One query, for Elasticsearch: a JSON body.
    let run = env
        .run(&[
            "translate",
            "--to",
            "elasticsearch",
            "oil",
            "--since",
            "1987-03",
        ])
        .ok();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["collapse"]["field"], "story");
    assert_eq!(
        v["query"]["bool"]["filter"][0]["range"]["date"]["gte"],
        "1987-03-01"
    );
}

/// An index of one article in Spanish and one in English.
fn bilingual() -> Env {
    let env = Env::new();
    env.write(
        "news/es.md",
        "---\ntitle: La soberanía nacional\nlang: es\n---\nEl Gobierno defendió la soberanía de México ante las elecciones.\n",
    );
    env.write(
        "news/en.md",
        "---\ntitle: Oil prices\nlang: en\n---\nOil prices rose again on the wire.\n",
    );
    env.run(&["index", "news"]).ok();
    env
}

#[test]
fn articles_in_spanish_get_spanish_analysis_where_the_engine_has_it() {
    let env = bilingual();
    // Elasticsearch: a Spanish analyzer, fields for it, filled for the article in Spanish.
    env.run(&["export", "--to", "elasticsearch", "es"]).ok();
    let body: Value = serde_json::from_str(&read(&env, "es/articles.json")).unwrap();
    let analysis = &body["settings"]["analysis"];
    let chain = analysis["analyzer"]["dossier_text_es"]["filter"].to_string();
    assert!(
        chain.contains("dossier_stop_es") && chain.contains("dossier_stem_es"),
        "{chain}"
    );
    assert_eq!(analysis["filter"]["dossier_stem_es"]["language"], "Spanish");
    let stop = analysis["filter"]["dossier_stop_es"]["stopwords"].to_string();
    assert!(
        stop.contains("\"según\"") && stop.contains("\"segun\""),
        "{stop}"
    );
    for field in ["title_es", "body_es"] {
        assert_eq!(
            body["mappings"]["properties"][field]["analyzer"],
            "dossier_text_es"
        );
    }
    let bulk = read(&env, "es/bulk-00001.ndjson");
    let docs: Vec<Value> = bulk
        .lines()
        .skip(1)
        .step_by(2)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let spanish = docs.iter().find(|d| d["lang"] == "es").unwrap();
    assert_eq!(spanish["title_es"], "La soberanía nacional");
    assert_eq!(spanish["title"], "La soberanía nacional");
    assert!(spanish["body_es"]
        .as_str()
        .unwrap()
        .contains("soberanía de México"));
    let english = docs.iter().find(|d| d["lang"] == "en").unwrap();
    assert!(english.get("body_es").is_none());
    // translate looks for words in every language's fields, as dossier does.
    let run = env
        .run(&["translate", "--to", "elasticsearch", "soberanía"])
        .ok();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let fields = &v["query"]["bool"]["must"][0]["multi_match"]["fields"];
    assert_eq!(
        fields.as_array().unwrap()[..4],
        ["title", "body", "title_es", "body_es"]
    );
    // Manticore: the Spanish article in indexes of its own, stemmed as Spanish.
    env.run(&["export", "--to", "manticore", "--port", "19500", "mc"])
        .ok();
    let conf = read(&env, "mc/conf/shard1-r1.conf");
    assert!(conf.contains("index articles_es_shard1\n{"), "{conf}");
    assert!(conf.contains("morphology = libstemmer_es"));
    assert!(conf.contains("/stopwords-es.txt") && conf.contains("charset_table = "));
    assert!(read(&env, "mc/stopwords-es.txt")
        .lines()
        .any(|w| w == "según"));
    let coordinator = read(&env, "mc/conf/coordinator.conf");
    assert!(coordinator.contains("agent = 127.0.0.1:19502:articles_es_shard1\n"));
    let es = read(&env, "mc/data/articles-es-shard1.xml");
    let others = read(&env, "mc/data/articles-shard1.xml");
    assert!(es.contains("La soberanía nacional") && !others.contains("soberanía"));
    assert!(others.contains("Oil prices") && !es.contains("Oil prices"));
    // Quickwit has no Spanish stemmer: the config says so and keeps its fields.
    env.run(&["export", "--to", "quickwit", "qw"]).ok();
    let config = read(&env, "qw/articles.yaml");
    assert!(config.starts_with("# dossier export") && config.contains("no stemmer but English"));
    let parsed: serde_yaml_ng::Value = serde_yaml_ng::from_str(&config).unwrap();
    assert_eq!(parsed["index_id"].as_str(), Some("articles"));
}
