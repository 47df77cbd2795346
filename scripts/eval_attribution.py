#!/usr/bin/env python3
"""eval_attribution.py — quotation and speaker figures on every annotated English set, as given
and hard-wrapped, in one table.

usage: eval_attribution.py [--bin DOSSIER] [--data DIR] [--widths 40,60,80] [--sets dev,train,wire,es]
                           [--reuters] [--folds K] [--json FILE]

For PolNeAR dev, PolNeAR train and quotes-wire dev, and with `--sets es` Spanish dev (under DIR, default ../shared/data): runs
`dossier extract ARTICLES --format jsonl`, scores it with ../shared/tools/eval_speakers.py
(quote F1, speaker accuracy) and, where the set has speakers-canonical.jsonl,
../shared/tools/eval_canonical.py (canonical accuracy); then the same on copies hard-wrapped
with ../shared/tools/wrap_articles.py at each width (kept under $TMPDIR/dossier-wrapped/).
PolNeAR's gold annotates a quotation interrupted by its attribution (or running over
paragraphs) as one span, so there the parts `extract` reports are put together first, as a reader
does with `continues` (`join_parts`); quotes-wire annotates each part, and is scored as printed.
`--reuters` adds the share of Reuters-21578 articles with an unmistakable `...," X said`
quotation that get a quotation there (see `reuters_said`). `--folds K` adds how the figures
vary: each set as given is cut into K disjoint parts by article (dealt out in the order of a
fixed hash of the id, so the same parts every run) and each part scored alone, as an unseen set
of that size would be.
Prints one Markdown table. Exits 0 with a note when the data is absent.
"""
import hashlib
import json
import os
import statistics
import re
import subprocess
import sys
import tempfile
import time

# (label, folder, gold convention): PolNeAR annotates a quotation interrupted by its
# attribution, or running over paragraphs, as one span; quotes-wire annotates every part.
SETS = {
    "dev": ("PolNeAR dev", "polnear/dev", "whole"),
    "train": ("PolNeAR train", "polnear/train", "whole"),
    "wire": ("quotes-wire dev", "quotes-wire/dev", "parts"),
    # Spanish: each part of a split quotation is its own gold span unless the attribution
    # interrupts one sentence (GUIDELINES.md); scored on the parts as printed. Its articles
    # are read as Spanish only when `extract` detects their language (`lang`).
    "es": ("Spanish dev", "spanish/dev", "parts"),
}


def join_parts(src, dst):
    """The quotations of `src` put together as a reader does: every part that `continues`
    another is appended to it (text joined by a space, span from the first part's start to the
    last part's end). For gold sets that annotate a quotation as one span."""
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            r = json.loads(line)
            quotes, whole, at = r.get("quotes") or [], [], {}
            for k, q in enumerate(quotes):
                c = q.get("continues")
                if c is not None and c in at:
                    w = whole[at[c]]
                    w["text"] += " " + q["text"]
                    w["end"] = q["end"]
                    at[k] = at[c]
                else:
                    at[k] = len(whole)
                    whole.append(dict(q))
            r["quotes"] = whole
            out.write(json.dumps(r) + "\n")


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def extract(dossier, articles, out_path):
    t = time.time()
    with open(out_path, "w", encoding="utf-8") as f:
        subprocess.run([dossier, "extract", articles, "--format", "jsonl", "-q"], check=True, stdout=f)
    return time.time() - t


def score(tools, set_dir, pred):
    sp = run_json([sys.executable, os.path.join(tools, "eval_speakers.py"),
                   os.path.join(set_dir, "gold.jsonl"), pred, "--json"])
    row = {"f1": sp["quote_f1"], "p": sp["quote_precision"], "r": sp["quote_recall"],
           "speaker": sp["speaker_accuracy"]}
    canon = os.path.join(set_dir, "speakers-canonical.jsonl")
    if os.path.exists(canon):
        c = run_json([sys.executable, os.path.join(tools, "eval_canonical.py"), canon, pred, "--json"])
        row["canonical"] = c["person_org"]["canonical_accuracy"]
    return row


def folds_of(ids, k):
    """Article id -> its part (0..k-1): the ids ordered by a fixed hash and dealt out in turn,
    so the parts are the same every run and differ in size by one at most."""
    ordered = sorted(ids, key=lambda i: hashlib.sha1(str(i).encode()).hexdigest())
    return {article: n % k for n, article in enumerate(ordered)}


def fold_rows(tools, set_dir, pred, k, work, key):
    """The set's figures on each of `k` disjoint parts of its articles (see `folds_of`)."""
    with open(os.path.join(set_dir, "gold.jsonl"), encoding="utf-8") as f:
        part_of = folds_of([json.loads(line)["id"] for line in f if line.strip()], k)
    rows = []
    for i in range(k):
        part = os.path.join(work, f"fold-{key}-{i}")
        os.makedirs(part, exist_ok=True)
        for name in ("gold.jsonl", "speakers-canonical.jsonl"):
            src = os.path.join(set_dir, name)
            if not os.path.exists(src):
                continue
            with open(src, encoding="utf-8") as f, open(os.path.join(part, name), "w", encoding="utf-8") as out:
                for line in f:
                    if line.strip() and part_of.get(json.loads(line)["id"]) == i:
                        out.write(line)
        row = score(tools, part, pred)
        row["articles"] = sum(1 for _ in open(os.path.join(part, "gold.jsonl"), encoding="utf-8"))
        rows.append(row)
    return rows


def spread(values):
    """`mean (min–max, sd)` of a list of figures."""
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ({min(values):.3f}–{max(values):.3f}, sd {sd:.3f})"


# `"...," Jane Roe said` / `"...," said Jane Roe` / `"...," he said`, across line breaks.
SAID = re.compile(
    r'"[^"\n]*(?:\n[^"\n]*){0,6}?\w[^"]{10,}?,"\s+'
    r'(?:(?:[A-Z][\w.\'-]*\s+){0,3}[A-Z][\w.\'-]*|he|she|they)\s+said'
    r'|"[^"]{12,}?,"\s+said\s+[A-Z]'
)


def reuters_said(dossier, data, work):
    """Articles of Reuters-21578 whose body holds an unmistakable `...," X said` quotation, and
    how many of them get at least one quotation from `extract`."""
    src = os.path.join(data, "reuters21578", "reuters21578.jsonl")
    if not os.path.exists(src):
        return None
    want = set()
    for line in open(src, encoding="utf-8"):
        r = json.loads(line)
        if SAID.search(r.get("body") or ""):
            want.add(str(r["id"]))
    pred = os.path.join(work, "reuters.jsonl")
    extract(dossier, src, pred)
    got = 0
    for line in open(pred, encoding="utf-8"):
        r = json.loads(line)
        if str(r.get("id")) in want and r.get("quotes"):
            got += 1
    return got, len(want)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    data = arg("--data", os.environ.get("DOSSIER_DATA", os.path.join(repo, "..", "shared", "data")))
    tools = os.path.join(data, "..", "tools")
    dossier = arg("--bin", os.environ.get("DOSSIER_BIN", os.path.join(repo, "target", "release", "dossier")))
    widths = [int(w) for w in arg("--widths", "40,60,80").split(",") if w]
    sets = arg("--sets", "dev,train,wire").split(",")
    if not os.path.isdir(os.path.join(data, "polnear")) or not os.path.isdir(tools):
        print(f"eval-attribution: no evaluation data at {data} (needs polnear/, quotes-wire/ and ../tools/); nothing measured")
        return 0
    if not os.access(dossier, os.X_OK):
        print(f"eval-attribution: no dossier binary at {dossier} (cargo build --release)", file=sys.stderr)
        return 1
    work = os.path.join(tempfile.gettempdir(), "dossier-wrapped")
    os.makedirs(work, exist_ok=True)
    folds = int(arg("--folds", "0"))
    rows, folded = [], []
    for key in sets:
        label, rel, convention = SETS[key]
        src = os.path.join(data, rel)
        if not os.path.isdir(src):
            continue
        for width in [0] + widths:
            set_dir = src
            if width:
                set_dir = os.path.join(work, f"{key}-{width}")
                if not os.path.isdir(os.path.join(set_dir, "articles")):
                    subprocess.run([sys.executable, os.path.join(tools, "wrap_articles.py"), src, set_dir,
                                    str(width)], check=True)
            pred = os.path.join(work, f"pred-{key}-{width}.jsonl")
            secs = extract(dossier, os.path.join(set_dir, "articles"), pred)
            if convention == "whole":
                join_parts(pred, pred + ".whole")
                pred += ".whole"
            row = score(tools, set_dir, pred)
            row.update(set=label, width=width or "as given", secs=round(secs, 2))
            rows.append(row)
            if folds and not width:
                folded.append((label, fold_rows(tools, set_dir, pred, folds, work, key)))
    print("| set | wrapped | quote P | quote R | quote F1 | speaker acc. | canonical acc. |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        canon = f"{r['canonical']:.3f}" if "canonical" in r else "—"
        print(f"| {r['set']} | {r['width']} | {r['p']:.3f} | {r['r']:.3f} | {r['f1']:.3f} | "
              f"{r['speaker']:.3f} | {canon} |")
    if folded:
        print(f"\nEach set as given, cut into {folds} parts by article and each part scored alone: "
              "mean (lowest–highest, standard deviation) over the parts.\n")
        print("| set | articles a part | quote F1 | canonical acc. |")
        print("|---|---|---|---|")
        for label, parts in folded:
            sizes = [p["articles"] for p in parts]
            scored = [p["canonical"] for p in parts if p.get("canonical") is not None]
            canon = spread(scored) if scored else "—"
            print(f"| {label} | {min(sizes)}–{max(sizes)} | {spread([p['f1'] for p in parts])} | {canon} |")
    if "--reuters" in sys.argv:
        res = reuters_said(dossier, data, work)
        if res:
            got, n = res
            print(f"\nReuters-21578 articles with an unmistakable `...,\" X said` quotation: {n}; "
                  f"with a quotation extracted: {got} ({got / n:.1%})")
    if "--json" in sys.argv:
        with open(arg("--json", ""), "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
