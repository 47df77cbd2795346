#!/usr/bin/env python3
"""eval-dates.py — how well dossier infers an article's date from its text.

usage: scripts/eval-dates.py [--bin PATH] [--data DIR] [--reuters N] [--work DIR]

Builds inputs whose true date is known but hidden from the parser, runs `dossier extract`
on them, and counts each article's inferred date as right, wrong or left empty:
  polnear   ../shared/data/polnear/{dev,train}/articles/*.txt with the `date:` line removed
            from the front matter (the true date is that line);
  reuters   N records (default 5000, the first with a body) of
            ../shared/data/reuters21578/reuters21578.jsonl without their `date` key.
Also prints, per `date_source`, how many were right and wrong. Wrong should be rare; empty is
acceptable. Exits 0 with a note when the data folder is missing.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.environ.get("DOSSIER_BIN", os.path.join(repo, "target/release/dossier")))
    p.add_argument("--data", default=os.environ.get("DOSSIER_DATA", os.path.join(repo, "..", "shared", "data")))
    p.add_argument("--reuters", type=int, default=5000)
    p.add_argument("--work", default=None)
    a = p.parse_args()
    if not os.path.isdir(a.data):
        print(f"eval-dates: no data at {a.data}; nothing to measure")
        return 0
    work = a.work or tempfile.mkdtemp(prefix="dossier-dates-")
    truth = {}
    # PolNeAR: front matter with the date removed.
    pol = os.path.join(work, "polnear")
    for split in ("dev", "train"):
        src = os.path.join(a.data, "polnear", split, "articles")
        if not os.path.isdir(src):
            continue
        dst = os.path.join(pol, split)
        os.makedirs(dst, exist_ok=True)
        for name in sorted(os.listdir(src)):
            text = open(os.path.join(src, name), encoding="utf-8").read()
            m = re.search(r"^date:\s*(\S+)\s*$", text, re.M)
            if not m:
                continue
            truth[f"{split}/{name}"] = m.group(1)
            open(os.path.join(dst, name), "w", encoding="utf-8").write(text[: m.start()] + text[m.end() + 1:])
    # Reuters: records without their date.
    reu = os.path.join(work, "reuters")
    os.makedirs(reu, exist_ok=True)
    src = os.path.join(a.data, "reuters21578", "reuters21578.jsonl")
    if os.path.isfile(src):
        with open(src, encoding="utf-8") as f, open(os.path.join(reu, "r.jsonl"), "w", encoding="utf-8") as out:
            n = 0
            for line in f:
                r = json.loads(line)
                if not r.get("body") or not r.get("date") or n >= a.reuters:
                    continue
                truth[str(r["id"])] = r["date"][:10]
                del r["date"]
                out.write(json.dumps(r) + "\n")
                n += 1
    rows = []
    for name, folder in (("polnear", pol), ("reuters", reu)):
        if not os.path.isdir(folder) or not os.listdir(folder):
            continue
        run = subprocess.run([a.bin, "extract", folder, "--format", "jsonl", "-q"], capture_output=True, text=True)
        counts = collections.Counter()
        by_source = collections.Counter()
        for line in run.stdout.splitlines():
            art = json.loads(line)
            key = art["id"] if name == "reuters" else art["path"].split("/", 1)[-1]
            want = truth.get(key)
            if want is None:
                continue
            got = art.get("date")
            verdict = "empty" if got is None else ("right" if got == want else "wrong")
            counts[verdict] += 1
            by_source[(art.get("date_source") or "none", verdict)] += 1
        total = sum(counts.values()) or 1
        rows.append((name, total, counts, by_source))
    print("| set | articles | right | wrong | empty |")
    print("|---|---:|---:|---:|---:|")
    for name, total, c, _ in rows:
        pct = lambda k: f"{c[k]} ({100 * c[k] / total:.1f}%)"
        print(f"| {name} | {total} | {pct('right')} | {pct('wrong')} | {pct('empty')} |")
    print()
    for name, _, _, by in rows:
        parts = ", ".join(f"{s} {v}: {n}" for (s, v), n in sorted(by.items()))
        print(f"{name} by date_source: {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
