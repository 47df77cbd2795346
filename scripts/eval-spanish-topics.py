#!/usr/bin/env python3
"""eval-spanish-topics.py — ranked retrieval on Spanish news, judged by us: the 12 topics of
scripts/spanish-topics/ (a short query in Spanish and what counts as relevant) over the 438
Spanish articles, scored with TREC measures, once with dossier's Spanish analysis and once with
the articles marked English (`lang: en` in their front matter: English stems and stop words, as
before Spanish had an analysis of its own), to show what the Spanish analysis buys.

usage: scripts/eval-spanish-topics.py [--bin DOSSIER] [--data DIR] [--keep]

Reads DIR/spanish/articles and DIR/../tools/trec_eval.py (default DIR: ../shared/data beside the
repository, or $DOSSIER_DATA); exits 0 with a note when they are absent. Each topic's query goes
through `dossier batch --format trec --all-copies -n 1000` twice: as dossier reads a query by
default (every word must match, stop words left out) and with `--any` (a query's words are
alternatives, ranked by BM25); every copy of a story is its own hit, as each was judged.

The judgments (spanish-topics/qrels.txt, TREC qrels `topic 0 article 0|1`) were made by reading
the pooled articles: the top 20 of both runs, plus the articles that hold the topic's key words
(grep), plus those found while reading. An article not judged counts as not relevant.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
topics_dir = os.path.join(here, "spanish-topics")


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def copy_articles(src, dst, english):
    """The articles of `src` in `dst`; with `english`, each marked `lang: en`."""
    os.makedirs(dst)
    for name in sorted(os.listdir(src)):
        text = open(os.path.join(src, name), encoding="utf-8").read()
        if english:
            if not text.startswith("---\n"):
                text = "---\n---\n" + text
            text = "---\nlang: en\n" + text[4:]
        with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
            f.write(text)


def run(dossier, index, topics, any_word, out):
    """Writes the TREC run of `topics` on `index` to `out`, ids as file names."""
    lines = "".join(f"{t['id']}\t{t['query']}\n" for t in topics)
    result = subprocess.run(
        [dossier, "batch", "--index", index, "--format", "trec", "--all-copies",
         "-n", "1000", "--no-snippets"] + (["--any"] if any_word else []),
        input=lines, capture_output=True, text=True,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"eval-spanish-topics: dossier batch failed: {result.stderr}")
    with open(out, "w", encoding="utf-8") as f:
        for line in result.stdout.splitlines():
            qid, q0, doc, rank, score, tag = line.split()
            f.write(f"{qid} {q0} {os.path.basename(doc)} {rank} {score} {tag}\n")


def score(trec_eval, qrels, run_file):
    out = subprocess.run([sys.executable, trec_eval, qrels, run_file, "--json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main():
    dossier = arg("--bin", os.path.join(root, "target/release/dossier"))
    data = arg("--data", os.environ.get("DOSSIER_DATA", os.path.join(root, "../shared/data")))
    src = os.path.join(data, "spanish/articles")
    trec_eval = os.path.join(data, "..", "tools", "trec_eval.py")
    if not os.path.isdir(src) or not os.path.isfile(trec_eval):
        print(f"no Spanish articles at {src} or no {trec_eval}: nothing measured")
        return 0
    topics = [json.loads(l) for l in open(os.path.join(topics_dir, "topics.jsonl"), encoding="utf-8")]
    qrels = os.path.join(topics_dir, "qrels.txt")
    work = tempfile.mkdtemp(prefix="dossier-es-topics-")
    rows = []
    for label, english in (("Spanish analysis (articles as they are: `lang` es)", False),
                           ("English analysis (articles marked `lang: en`)", True)):
        key = "en" if english else "es"
        folder = os.path.join(work, key, "articles")
        copy_articles(src, folder, english)
        index = os.path.join(work, key, "index")
        subprocess.run([dossier, "index", folder, "--index", index, "--quiet"], check=True)
        for mode, any_word in (("every word", False), ("`--any`", True)):
            run_file = os.path.join(work, f"run-{key}-{'any' if any_word else 'all'}.txt")
            run(dossier, index, topics, any_word, run_file)
            rows.append((label, mode, score(trec_eval, qrels, run_file)))
    print(f"{len(topics)} topics, {sum(1 for l in open(qrels) if l.split()[3] != '0')} relevant articles "
          f"of {sum(1 for _ in open(qrels))} judged\n")
    print("| analysis | query words | MAP | P@10 | nDCG@10 | MRR | relevant found |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, mode, m in rows:
        print(f"| {label} | {mode} | {m['map']:.4f} | {m['P_10']:.4f} | {m['ndcg_cut_10']:.4f} | "
              f"{m['recip_rank']:.4f} | {m['num_rel_ret']} |")
    if "--keep" in sys.argv:
        print(f"\nruns and indexes kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
