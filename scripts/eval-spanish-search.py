#!/usr/bin/env python3
"""eval-spanish-search.py — known-item search on Spanish news: each article's headline is the
query, and its article is indexed without the headline (front matter title and any body line
repeating it removed). Reports MRR@10 for headlines as written and typed without accents.

usage: scripts/eval-spanish-search.py [--bin DOSSIER] [--data DIR]

Reads DIR/spanish/articles (default ../shared/data beside the repository); exits 0 with a note
when it is absent. Queries go through `dossier batch` with `any: true` (a headline's words are
alternatives, ranked by BM25), one hit per story off (`all_copies`), so that a copy of the
same story does not hide the article looked for.
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def strip_accents(text):
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )


def split(text):
    """(front matter lines, body) of a .txt article."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        return text[4:end].splitlines(), text[end + 4 :].lstrip("\n")
    return [], text


def main():
    dossier = arg("--bin", os.path.join(root, "target/release/dossier"))
    data = arg("--data", os.environ.get("DOSSIER_DATA", os.path.join(root, "../shared/data")))
    src = os.path.join(data, "spanish/articles")
    if not os.path.isdir(src):
        print(f"no Spanish articles at {src}: nothing measured")
        return 0
    work = tempfile.mkdtemp(prefix="dossier-es-")
    folder = os.path.join(work, "articles")
    os.makedirs(folder)
    queries = []
    for name in sorted(os.listdir(src)):
        meta, body = split(open(os.path.join(src, name), encoding="utf-8").read())
        title = ""
        kept = []
        for line in meta:
            if line.startswith("title:"):
                title = json.loads(line[6:].strip()) if line[6:].strip().startswith('"') else line[6:].strip()
            else:
                kept.append(line)
        if not title:
            continue
        lines = [l for l in body.splitlines() if l.strip() != title.strip()]
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write("---\n" + "\n".join(kept) + "\n---\n" + "\n".join(lines) + "\n")
        queries.append(("articles/" + name, title))
    index = os.path.join(work, "index")
    subprocess.run([dossier, "index", folder, "--index", index, "--quiet"], check=True)
    for label, typed in (("as written", lambda t: t), ("without accents", strip_accents)):
        lines = "".join(
            json.dumps({"id": i, "query": typed(t), "any": True, "all_copies": True}) + "\n"
            for i, t in queries
        )
        out = subprocess.run(
            [dossier, "batch", "--index", index, "-n", "10", "--format", "jsonl"],
            input=lines, capture_output=True, text=True,
        ).stdout
        rr = []
        for line in out.splitlines():
            r = json.loads(line)
            ids = [h["id"] for h in r.get("hits", [])]
            rr.append(1 / (ids.index(r["id"]) + 1) if r["id"] in ids else 0.0)
        found = sum(1 for x in rr if x > 0)
        print(f"headlines {label}: {len(rr)} queries, MRR@10 {sum(rr) / max(len(rr), 1):.4f}, found in top 10: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
