#!/usr/bin/env python3
"""dedup-eval.py — score predicted story groups against dedup-testset.py's truth.

usage: scripts/dedup-eval.py TRUTH PREDICTIONS [--json FILE]

TRUTH is truth.jsonl (or reuters-truth.jsonl) from scripts/dedup-testset.py: one
{"id", "group", ...} object per line. negatives.jsonl and ambiguous.jsonl beside it are used
when present. PREDICTIONS is either JSONL (one {"id": ..., "group": ...} object per article,
other keys ignored) or TSV (id<TAB>group per line). Predicted articles that are not in the truth
are ignored; truth articles missing from the predictions count as singletons (and are
reported).

Prints, over pairs of articles (a pair is "predicted" when both are in one predicted group and
"true" when both are in one true group; pairs listed in ambiguous.jsonl are left out):
  pairwise precision, recall and F1;
  recall per edit kind (copy and its original in one predicted group), for the real
  duplicate pairs among the originals ("natural"), or for all true pairs of a truth file
  without kinds such as reuters-truth.jsonl ("duplicate");
  false merges: predicted pairs that are not true, how many join two articles of the same
  topic, and how many of negatives.jsonl's same-topic pairs were merged (hard / random).
Deterministic; exits 0 with a note when TRUTH is missing (e.g. no ../shared/data to build it).
"""
import argparse
import collections
import itertools
import json
import os
import sys


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_predictions(path):
    pred = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.lstrip().startswith("{"):
                obj = json.loads(line)
                pred[str(obj["id"])] = str(obj["group"])
            else:
                art, _, group = line.partition("\t")
                if group:
                    pred[art] = group
    return pred


def pair(a, b):
    return (a, b) if a < b else (b, a)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("truth", help="truth.jsonl from dedup-testset.py")
    ap.add_argument("predictions", help="JSONL {id, group} or TSV id<TAB>group")
    ap.add_argument("--json", help="also write every number to this file as JSON")
    ap.add_argument("--show", type=int, default=0,
                    help="list up to this many false merges and missed pairs")
    args = ap.parse_args()
    if not os.path.exists(args.truth):
        print("note: %s not found; build it with scripts/dedup-testset.py (needs "
              "../shared/data). Nothing to score." % args.truth)
        return 0
    truth_rows = read_jsonl(args.truth)
    truth = {str(r["id"]): str(r["group"]) for r in truth_rows}
    info = {str(r["id"]): r for r in truth_rows}
    pred_all = read_predictions(args.predictions)
    missing = [i for i in truth if i not in pred_all]
    pred = {i: pred_all.get(i, "\x00singleton:" + i) for i in truth}
    folder = os.path.dirname(os.path.abspath(args.truth))
    ambiguous = set()
    if os.path.exists(os.path.join(folder, "ambiguous.jsonl")) and "reuters" not in args.truth:
        ambiguous = {pair(r["a"], r["b"]) for r in read_jsonl(os.path.join(folder,
                                                                           "ambiguous.jsonl"))
                     if r["a"] in truth and r["b"] in truth}

    def pairs_of(groups):
        members = collections.defaultdict(list)
        for art, g in groups.items():
            members[g].append(art)
        out = set()
        for arts in members.values():
            out.update(pair(a, b) for a, b in itertools.combinations(arts, 2))
        return out - ambiguous

    true_pairs, pred_pairs = pairs_of(truth), pairs_of(pred)
    tp = len(true_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result = {"articles": len(truth), "missing_predictions": len(missing),
              "true_pairs": len(true_pairs), "predicted_pairs": len(pred_pairs),
              "true_positive_pairs": tp, "precision": precision, "recall": recall, "f1": f1,
              "ambiguous_pairs_left_out": len(ambiguous)}

    # per-kind recall: copy with its original; "natural": real duplicate pairs of originals
    kinds = collections.defaultdict(lambda: [0, 0])
    for art, r in info.items():
        if r.get("of"):
            k = kinds[r.get("kind", "copy")]
            k[1] += 1
            k[0] += pred[art] == pred[str(r["of"])]
    for a, b in true_pairs:
        if info[a].get("kind", "original") == "original" and \
                info[b].get("kind", "original") == "original":
            k = kinds["natural" if "kind" in info[a] else "duplicate"]
            k[1] += 1
            k[0] += pred[a] == pred[b]
    result["recall_by_kind"] = {k: {"found": v[0], "of": v[1], "recall": v[0] / v[1]}
                                for k, v in sorted(kinds.items())}

    false = sorted(pred_pairs - true_pairs)
    same_topic = [p for p in false if info[p[0]].get("topic") is not None
                  and info[p[0]].get("topic") == info[p[1]].get("topic")]
    result["false_merges"] = len(false)
    result["false_merges_same_topic"] = len(same_topic)
    neg_path = os.path.join(folder, "negatives.jsonl")
    if os.path.exists(neg_path) and "reuters" not in args.truth:
        merged = collections.Counter()
        total = collections.Counter()
        for r in read_jsonl(neg_path):
            if r["a"] in truth and r["b"] in truth:
                total[r.get("how", "all")] += 1
                merged[r.get("how", "all")] += pred[r["a"]] == pred[r["b"]]
        result["negatives_merged"] = {h: {"merged": merged[h], "of": total[h]}
                                      for h in sorted(total)}
    missed = sorted(true_pairs - pred_pairs)

    print("articles %d (missing from predictions: %d); ambiguous pairs left out: %d"
          % (len(truth), len(missing), len(ambiguous)))
    print("pairs: true %d, predicted %d, correct %d" % (len(true_pairs), len(pred_pairs), tp))
    print("precision %.4f  recall %.4f  F1 %.4f" % (precision, recall, f1))
    if result["recall_by_kind"]:
        print("recall by kind:")
        for k, v in result["recall_by_kind"].items():
            print("  %-15s %4d / %-4d %.3f" % (k, v["found"], v["of"], v["recall"]))
    print("false merges: %d (same topic: %d)" % (len(false), len(same_topic)))
    for h, v in result.get("negatives_merged", {}).items():
        print("  same-topic negative pairs merged (%s): %d / %d" % (h, v["merged"], v["of"]))
    for label, rows in (("false merge", false), ("missed", missed)):
        for a, b in rows[: args.show]:
            print("  %s: %s  %s" % (label, a, b))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
