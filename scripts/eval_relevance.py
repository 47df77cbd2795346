#!/usr/bin/env python3
"""eval_relevance.py — dossier's ranking quality on CACM, MED, Cranfield and CISI.

usage: scripts/eval-relevance.sh [--json FILE] [--only NAME,...] [--work DIR] [--keep]
                                 [BATCH-OPTION ...]

For each collection present under $DOSSIER_DATA (default ../shared/data beside the repository):
  1. `dossier --index TMP index NAME/NAME.jsonl` (a fresh index),
  2. `dossier --index TMP batch NAME/queries.tsv --format trec --any -n 1000 --no-snippets
     [BATCH-OPTION ...]`, the queries exactly as given (no case change),
  3. `../shared/tools/trec_eval.py NAME/qrels.txt RUN --json` (CACM also with qrels.padded.txt).
Prints one Markdown table: collection | queries | failed queries | MAP | P@10 | nDCG@10 |
reference MAP, and a mean row over the four collections (CACM counted with qrels.txt).
Options not listed above are passed through to `batch` (e.g. --expand); put `--` before batch
options that clash with these. --json FILE writes every number (with P@30, MRR, counts) as JSON.

The dossier binary is $DOSSIER_BIN (default target/release/dossier); it is copied into the
work folder first, so a rebuild during the run cannot mix two versions. Exits 0 with a note when
the data folder is missing; 1 when the binary is missing or a command fails outright (a batch
whose only problem is failed queries is reported, not fatal: the failures are counted).

Reference BM25 MAP (../shared/data/README.md): MED / CRAN / CISI Terrier-style (733 stop words,
k1 1.2, b 0.75) 0.5335 / 0.3128 / 0.2287, Anserini-style (33 stop words, k1 0.9, b 0.4)
0.5117 / 0.2878 / 0.2042; CACM Anserini MAP 0.3123, P@30 0.1942 (qrels.txt).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

COLLECTIONS = ["cacm", "med", "cran", "cisi"]

# (Terrier-style, Anserini-style) reference MAP; None where no figure is published.
REFERENCE_MAP = {
    "cacm": (None, 0.3123),
    "med": (0.5335, 0.5117),
    "cran": (0.3128, 0.2878),
    "cisi": (0.2287, 0.2042),
}
CACM_REFERENCE_P30 = 0.1942


def log(msg):
    print(f"eval-relevance: {msg}", file=sys.stderr, flush=True)


def parse_args(argv):
    if "--" in argv:
        cut = argv.index("--")
        own, passthrough = argv[:cut], argv[cut + 1:]
    else:
        own, passthrough = argv, []
    p = argparse.ArgumentParser(
        prog="eval-relevance.sh",
        allow_abbrev=False,
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                   help=argparse.SUPPRESS)
    p.add_argument("--json", metavar="FILE", help="write the numbers as JSON to FILE")
    p.add_argument("--only", metavar="NAMES", help="comma-separated collections (default: all found)")
    p.add_argument("--work", metavar="DIR", help="work folder (default: a temporary one)")
    p.add_argument("--keep", action="store_true", help="keep the work folder (indexes, runs)")
    args, extra = p.parse_known_args(own)
    args.batch_args = extra + passthrough
    return args


def data_dir(repo):
    env = os.environ.get("DOSSIER_DATA")
    if env:
        return os.path.abspath(env)
    return os.path.abspath(os.path.join(repo, "..", "shared", "data"))


def trec_eval_path(data, repo):
    for cand in (os.path.join(data, "..", "tools", "trec_eval.py"),
                 os.path.join(repo, "..", "shared", "tools", "trec_eval.py")):
        if os.path.isfile(cand):
            return os.path.abspath(cand)
    return None


def count_queries(path):
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("#"):
                n += 1
    return n


def failed_count(stderr):
    m = re.search(r"dossier: (\d+) of (\d+) queries failed", stderr)
    if m:
        return int(m.group(1))
    return sum(1 for line in stderr.splitlines() if re.match(r"dossier: query .*?:", line))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def trec_eval(script, qrels, run_file):
    r = run([sys.executable, script, qrels, run_file, "--json"])
    if r.returncode != 0:
        raise RuntimeError(f"trec_eval.py {qrels} failed: {r.stderr.strip() or r.stdout.strip()}")
    return json.loads(r.stdout)


def evaluate(name, folder, binary, work, script, batch_args):
    jsonl = os.path.join(folder, f"{name}.jsonl")
    queries = os.path.join(folder, "queries.tsv")
    index = os.path.join(work, f"{name}-index")
    shutil.rmtree(index, ignore_errors=True)
    t0 = time.monotonic()
    r = run([binary, "--index", index, "index", jsonl])
    if r.returncode != 0:
        raise RuntimeError(f"{name}: index failed (exit {r.returncode}): {r.stderr.strip()[-2000:]}")
    t_index = time.monotonic() - t0
    run_file = os.path.join(work, f"{name}.run.txt")
    cmd = [binary, "--index", index, "batch", queries, "--format", "trec", "--any", "-n", "1000",
           "--no-snippets", *batch_args]
    t0 = time.monotonic()
    with open(run_file, "w", encoding="utf-8") as out:
        r = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
    t_batch = time.monotonic() - t0
    failed = failed_count(r.stderr)
    if r.returncode != 0 and failed == 0:
        raise RuntimeError(f"{name}: batch failed (exit {r.returncode}): {r.stderr.strip()[-2000:]}")
    with open(os.path.join(work, f"{name}.batch.stderr"), "w", encoding="utf-8") as f:
        f.write(r.stderr)
    rows = []
    qrel_files = [("qrels.txt", name)]
    if name == "cacm" and os.path.isfile(os.path.join(folder, "qrels.padded.txt")):
        qrel_files.append(("qrels.padded.txt", "cacm (qrels.padded)"))
    for qrels, label in qrel_files:
        s = trec_eval(script, os.path.join(folder, qrels), run_file)
        rows.append({
            "collection": name,
            "label": label,
            "qrels": qrels,
            "queries": count_queries(queries),
            "failed": failed,
            "judged_queries": s["num_q"],
            "map": s["map"],
            "P_10": s["P_10"],
            "P_30": s["P_30"],
            "ndcg_cut_10": s["ndcg_cut_10"],
            "recip_rank": s["recip_rank"],
            "num_ret": s["num_ret"],
            "num_rel_ret": s["num_rel_ret"],
            "index_seconds": round(t_index, 2),
            "batch_seconds": round(t_batch, 2),
        })
    return rows


def ref_cell(name):
    terrier, anserini = REFERENCE_MAP[name]
    t = f"{terrier:.4f}" if terrier is not None else "—"
    return f"{t} / {anserini:.4f}"


def table(rows, means):
    lines = [
        "| collection | queries | failed queries | MAP | P@10 | nDCG@10 | reference MAP (Terrier / Anserini) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ref = ref_cell(r["collection"]) if r["qrels"] == "qrels.txt" else "—"
        lines.append(f"| {r['label']} | {r['queries']} | {r['failed']} | {r['map']:.4f} | "
                     f"{r['P_10']:.4f} | {r['ndcg_cut_10']:.4f} | {ref} |")
    if means:
        lines.append(f"| **mean** ({means['collections']} collections) | {means['queries']} | "
                     f"{means['failed']} | {means['map']:.4f} | {means['P_10']:.4f} | "
                     f"{means['ndcg_cut_10']:.4f} | {means['reference']} |")
    return "\n".join(lines)


def main(argv):
    args = parse_args(argv)
    data = data_dir(args.repo)
    if not os.path.isdir(data):
        print(f"eval-relevance: no data folder at {data} (set DOSSIER_DATA); nothing to evaluate")
        return 0
    wanted = COLLECTIONS
    if args.only:
        wanted = [c.strip() for c in args.only.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in COLLECTIONS]
        if unknown:
            log(f"unknown collection(s) {', '.join(unknown)}; known: {', '.join(COLLECTIONS)}")
            return 2
    present = [c for c in wanted
               if all(os.path.isfile(os.path.join(data, c, f)) for f in (f"{c}.jsonl", "queries.tsv", "qrels.txt"))]
    if not present:
        print(f"eval-relevance: none of {', '.join(wanted)} under {data}; nothing to evaluate")
        return 0
    script = trec_eval_path(data, args.repo)
    if script is None:
        print(f"eval-relevance: trec_eval.py not found beside {data} (../tools); nothing to evaluate")
        return 0
    binary = os.environ.get("DOSSIER_BIN") or os.path.join(args.repo, "target", "release", "dossier")
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        log(f"no dossier binary at {binary} (build it with `cargo build --release`, or set DOSSIER_BIN)")
        return 1

    work = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="dossier-eval-")
    os.makedirs(work, exist_ok=True)
    local_bin = os.path.join(work, "dossier")
    shutil.copy2(binary, local_bin)
    rows, status = [], 0
    try:
        for name in present:
            log(f"{name}: indexing and answering {count_queries(os.path.join(data, name, 'queries.tsv'))} queries")
            try:
                rows.extend(evaluate(name, os.path.join(data, name), local_bin, work, script, args.batch_args))
            except RuntimeError as e:
                log(str(e))
                status = 1
    finally:
        if args.keep or args.work:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    if not rows:
        print("eval-relevance: no collection could be evaluated (see the messages above)")
        return status or 1
    main_rows = [r for r in rows if r["qrels"] == "qrels.txt"]
    means = None
    if main_rows:
        n = len(main_rows)
        anserini = [REFERENCE_MAP[r["collection"]][1] for r in main_rows]
        means = {
            "collections": n,
            "queries": sum(r["queries"] for r in main_rows),
            "failed": sum(r["failed"] for r in main_rows),
            "map": round(sum(r["map"] for r in main_rows) / n, 4),
            "P_10": round(sum(r["P_10"] for r in main_rows) / n, 4),
            "ndcg_cut_10": round(sum(r["ndcg_cut_10"] for r in main_rows) / n, 4),
            "reference": f"— / {sum(anserini) / n:.4f}",
        }
    print(table(rows, means))
    cacm = next((r for r in main_rows if r["collection"] == "cacm"), None)
    notes = []
    if cacm:
        notes.append(f"CACM P@30 (qrels.txt): {cacm['P_30']:.4f} (Anserini BM25: {CACM_REFERENCE_P30})")
    if args.batch_args:
        notes.append("batch options: " + " ".join(args.batch_args))
    if notes:
        print()
        for n in notes:
            print(n)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({
                "binary": os.path.abspath(binary),
                "data": data,
                "batch_args": args.batch_args,
                "rows": rows,
                "mean": means,
                "reference_map": {k: {"terrier": v[0], "anserini": v[1]} for k, v in REFERENCE_MAP.items()},
                "cacm_reference_p30": CACM_REFERENCE_P30,
            }, f, indent=2)
            f.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
