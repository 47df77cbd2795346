#!/usr/bin/env python3
"""dedup-testset.py — a labelled near-duplicate test set for dossier's story groups.

usage: scripts/dedup-testset.py [--out DIR] [-n 300] [-m 300] [--seed 1] [--all-originals]
                                [--reuters] [--data DIR]

Reads the BBC News folder ($DOSSIER_DATA or ../shared/data beside the repository,
bbc/articles/bbc-TOPIC-NNN.txt) and writes, under --out (default dedup-testset/):

  articles/*.txt    front matter (title, source, id) and body, ready for `dossier index`
  truth.jsonl       one line per article, in file-name order:
                    {"id", "group", "topic", "kind", "of"}; "group" is the true story group
                    (the smallest id in it), "kind" is "original" or the edit that made a copy,
                    "of" the original a copy was made from
  negatives.jsonl   the M same-topic pairs of different stories {"a", "b", "jaccard", "how"}
  ambiguous.jsonl   pairs of originals that are neither clearly one story nor clearly two
                    (word 3-shingle Jaccard in [0.5, 0.8): mostly updated versions of a story);
                    dedup-eval.py leaves these pairs out of every count

How it is built (deterministic for a given --seed):
  1. Real duplicates among the 2,225 originals: identical normalised bodies (lower case,
     runs of letters/digits) or word 3-shingle Jaccard >= 0.8 share a group (union-find).
  2. N originals picked at random; the i-th gets one edited copy of kind KINDS[i % 7]:
     exact, headline (title changed, body kept), drop_paragraph, add_paragraph (a paragraph
     of another article of the same topic inserted), byline (a "By ..." line added at top),
     boilerplate (a copyright / "Follow us on ..." line added at the end), word_edits
     (~3% of the words replaced by words from other articles). The copy is in its
     original's group.
  3. M same-topic pairs of different stories (Jaccard < 0.5): half the most similar such
     pairs in the whole collection (hard negatives: shared paragraphs, follow-up stories),
     half at random.
  4. The set holds the picked originals and their copies, every article of a real duplicate
     group, of an ambiguous pair or of a negative pair (--all-originals: all 2,225 originals).

--reuters also writes reuters-truth.jsonl: every Reuters record with a non-empty body, in file
order, {"id", "group"}, where records whose normalised bodies are identical share a group (the
first such id); score a run over reuters21578.jsonl against it with dedup-eval.py.

Exits 0 with a note when the data folder is missing.
"""
import argparse
import collections
import itertools
import json
import os
import random
import re
import sys

KINDS = ["exact", "headline", "drop_paragraph", "add_paragraph", "byline", "boilerplate",
         "word_edits"]
SAME_J = 0.8        # originals at or above this word 3-shingle Jaccard are one story
AMBIGUOUS_J = 0.5   # [AMBIGUOUS_J, SAME_J) is left out of scoring
WORD = re.compile(r"[^\W_]+")
BYLINES = ["By {n}, BBC News Online", "By {n}\nBusiness reporter, BBC News",
           "By {n}, Technology correspondent", "By {n} in London", "Reporting by {n}"]
NAMES = ["Jane Smith", "Rory Cellan-Jones", "Maria Lopez", "David Chen", "Sarah Okafor",
         "Tom Evans", "Priya Patel", "Mark Davies"]
BOILERPLATE = ["Copyright 2005 BBC News. All rights reserved.",
               "Follow us on Twitter and Facebook for the latest news.",
               "(c) 2005 British Broadcasting Corporation. All rights reserved.",
               "Follow us on Facebook, Twitter and Instagram.",
               "This story was first published on the BBC News website. Copyright BBC."]


def default_data():
    env = os.environ.get("DOSSIER_DATA")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "shared", "data"))


def words(text):
    return WORD.findall(text.lower())


def shingles(text, k=3):
    w = words(text)
    return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}


def read_article(path):
    text = open(path, encoding="utf-8").read()
    title = ""
    if text.startswith("---\n"):
        head, _, body = text[4:].partition("\n---\n")
        for line in head.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "title":
                value = value.strip()
                try:
                    title = json.loads(value) if value.startswith('"') else value
                except ValueError:
                    title = value.strip('"')
        text = body
    return title, text.strip("\n")


def write_article(folder, art_id, title, body):
    with open(os.path.join(folder, art_id + ".txt"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: %s\nsource: \"BBC News\"\nid: %s\n---\n\n%s\n"
                % (json.dumps(title), json.dumps(art_id), body))


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def similar_pairs(docs):
    """All pairs of originals with word 3-shingle Jaccard >= 0.05, as {(a, b): jaccard}."""
    sets = {i: shingles(b) for i, (_, b, _) in docs.items()}
    postings = collections.defaultdict(list)
    for i, s in sets.items():
        for x in s:
            postings[x].append(i)
    shared = collections.Counter()
    for ids in postings.values():
        if len(ids) <= 40:   # very common phrases only add noise (and time)
            shared.update(itertools.combinations(ids, 2))
    out = {}
    for (a, b), c in shared.items():
        if c >= 3:
            j = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            if j >= 0.05:
                out[(a, b)] = j
    norm = collections.defaultdict(list)
    for i, (_, b, _) in docs.items():
        norm[" ".join(words(b))].append(i)
    for ids in norm.values():
        for a, b in itertools.combinations(sorted(ids), 2):
            out[(a, b)] = 1.0
    return out


def paragraphs(body):
    return [p for p in re.split(r"\n\s*\n", body) if p.strip()]


def edit(kind, title, body, topic_pool, rng):
    """The edited copy (title, body) of one article."""
    paras = paragraphs(body)
    if kind == "headline":
        w = title.split()
        title = "UPDATE: " + " ".join(w[:-1] if len(w) > 2 else w) + " - latest"
    elif kind == "drop_paragraph":
        if len(paras) >= 3:
            del paras[rng.randrange(1, len(paras))]
        else:   # too short to lose a paragraph: lose its last sentence instead
            sentences = re.split(r"(?<=[.!?])\s+", paras[-1])
            paras[-1] = " ".join(sentences[:-1]) if len(sentences) > 1 else paras[-1]
        body = "\n\n".join(paras)
    elif kind == "add_paragraph":
        donor_id, donor_body = rng.choice(topic_pool)
        extra = rng.choice(paragraphs(donor_body))
        paras.insert(rng.randrange(1, len(paras) + 1), extra)
        body = "\n\n".join(paras)
        return title, body, donor_id
    elif kind == "byline":
        body = rng.choice(BYLINES).format(n=rng.choice(NAMES)) + "\n\n" + body
    elif kind == "boilerplate":
        body = body + "\n\n" + rng.choice(BOILERPLATE)
    elif kind == "word_edits":
        spans = [m.span() for m in WORD.finditer(body)]
        vocab = [w for _, b in rng.sample(topic_pool, 5) for w in WORD.findall(b)]
        chosen = sorted(rng.sample(range(len(spans)), max(1, round(0.03 * len(spans)))))
        out, last = [], 0
        for i in chosen:
            s, e = spans[i]
            out += [body[last:s], rng.choice(vocab)]
            last = e
        body = "".join(out) + body[last:]
    return title, body, None


def build_reuters(data, out):
    path = os.path.join(data, "reuters21578", "reuters21578.jsonl")
    if not os.path.exists(path):
        print("note: %s not found, no Reuters truth written" % path)
        return
    first = {}
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            key = " ".join(words(r.get("body") or ""))
            if not key:
                continue
            group = first.setdefault(key, r["id"])
            rows.append({"id": r["id"], "group": group})
    with open(os.path.join(out, "reuters-truth.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    sizes = collections.Counter(r["group"] for r in rows)
    dup = [n for n in sizes.values() if n > 1]
    print("reuters: %d non-empty bodies, %d duplicate groups (%d pairs) -> %s"
          % (len(rows), len(dup), sum(n * (n - 1) // 2 for n in dup),
             os.path.join(out, "reuters-truth.jsonl")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--out", default="dedup-testset", help="output folder (default %(default)s)")
    ap.add_argument("-n", type=int, default=300, help="originals that get an edited copy")
    ap.add_argument("-m", type=int, default=300, help="same-topic negative pairs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--all-originals", action="store_true",
                    help="put all 2,225 originals in the set, not only the ones used")
    ap.add_argument("--reuters", action="store_true", help="also write reuters-truth.jsonl")
    ap.add_argument("--data", default=default_data(), help="data folder (default %(default)s)")
    args = ap.parse_args()

    folder = os.path.join(args.data, "bbc", "articles")
    if not os.path.isdir(folder):
        print("note: %s not found; nothing to do (set DOSSIER_DATA or --data)" % folder)
        return 0
    rng = random.Random(args.seed)
    docs = {}
    for name in sorted(os.listdir(folder)):
        m = re.match(r"bbc-([a-z]+)-\d+\.txt$", name)
        if m:
            title, body = read_article(os.path.join(folder, name))
            docs[name[:-4]] = (title, body, m.group(1))
    ids = sorted(docs)

    pairs = similar_pairs(docs)
    uf = UnionFind()
    for (a, b), j in pairs.items():
        if j >= SAME_J:
            uf.union(a, b)
    ambiguous = sorted((a, b, j) for (a, b), j in pairs.items() if AMBIGUOUS_J <= j < SAME_J
                       and uf.find(a) != uf.find(b))
    dup_members = sorted({x for (a, b), j in pairs.items() if j >= SAME_J for x in (a, b)})

    # negatives: half the most similar different-story same-topic pairs, half random ones
    def different(a, b):
        return (docs[a][2] == docs[b][2] and uf.find(a) != uf.find(b)
                and pairs.get((a, b), 0.0) < AMBIGUOUS_J)
    hard = sorted(((j, a, b) for (a, b), j in pairs.items() if different(a, b)), reverse=True)
    negatives, seen = [], set()
    for j, a, b in hard[: args.m // 2]:
        negatives.append({"a": a, "b": b, "jaccard": round(j, 4), "how": "hard"})
        seen.add((a, b))
    by_topic = collections.defaultdict(list)
    for i in ids:
        by_topic[docs[i][2]].append(i)
    topics = sorted(by_topic)
    while len(negatives) < args.m:
        pool = by_topic[rng.choice(topics)]
        a, b = sorted(rng.sample(pool, 2))
        if (a, b) in seen or not different(a, b):
            continue
        seen.add((a, b))
        j = len(shingles(docs[a][1]) & shingles(docs[b][1])) / max(
            1, len(shingles(docs[a][1]) | shingles(docs[b][1])))
        negatives.append({"a": a, "b": b, "jaccard": round(j, 4), "how": "random"})

    picked = rng.sample(ids, args.n)
    members = set(ids) if args.all_originals else set(picked) | set(dup_members)
    members |= {x for n in negatives for x in (n["a"], n["b"])}
    members |= {x for a, b, _ in ambiguous for x in (a, b)}
    articles = {i: (docs[i][0], docs[i][1]) for i in members}
    truth = {i: {"id": i, "group": None, "topic": docs[i][2], "kind": "original", "of": None}
             for i in members}
    for n, orig in enumerate(picked):
        kind = KINDS[n % len(KINDS)]
        title, body, topic = docs[orig]
        pool = [(i, docs[i][1]) for i in by_topic[topic] if uf.find(i) != uf.find(orig)]
        new_title, new_body, donor = edit(kind, title, body, pool, rng)
        copy_id = "%s-copy-%s" % (orig, kind.replace("_", "-"))
        articles[copy_id] = (new_title, new_body)
        uf.union(orig, copy_id)
        truth[copy_id] = {"id": copy_id, "group": None, "topic": topic, "kind": kind,
                          "of": orig}
        if donor:
            truth[copy_id]["donor"] = donor
    for i in truth:
        truth[i]["group"] = uf.find(i)

    out_articles = os.path.join(args.out, "articles")
    os.makedirs(out_articles, exist_ok=True)
    for name in os.listdir(out_articles):
        if name.endswith(".txt"):
            os.remove(os.path.join(out_articles, name))
    for i in sorted(articles):
        write_article(out_articles, i, *articles[i])
    with open(os.path.join(args.out, "truth.jsonl"), "w") as f:
        for i in sorted(truth):
            f.write(json.dumps(truth[i]) + "\n")
    with open(os.path.join(args.out, "negatives.jsonl"), "w") as f:
        for n in negatives:
            f.write(json.dumps(n) + "\n")
    with open(os.path.join(args.out, "ambiguous.jsonl"), "w") as f:
        for a, b, j in ambiguous:
            f.write(json.dumps({"a": a, "b": b, "jaccard": round(j, 4)}) + "\n")
    groups = collections.Counter(t["group"] for t in truth.values())
    print("bbc: %d articles (%d originals, %d copies), %d true groups with >1 member, "
          "%d real duplicate pairs among originals, %d negative pairs (%d hard), "
          "%d ambiguous pairs -> %s"
          % (len(truth), len(members), len(picked), sum(1 for c in groups.values() if c > 1),
             sum(1 for j in pairs.values() if j >= SAME_J), len(negatives),
             sum(1 for n in negatives if n["how"] == "hard"), len(ambiguous), args.out))
    if args.reuters:
        build_reuters(args.data, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
