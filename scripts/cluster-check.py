#!/usr/bin/env python3
"""The cluster check of issue 23: dossier's answers against a Sphinx/Manticore cluster built
by `dossier export --to manticore`, over SphinxQL.

Run by scripts/cluster-check.sh, which builds the index and the cluster; this part asks the
questions. Usage: cluster-check.py DOSSIER INDEX CLUSTER_DIR QUERIES.jsonl PORT

1. every query through `dossier batch --all-copies -n 10` and through `dossier translate
   --to manticore --all-copies -n 10` on the cluster: mean top-10 overlap;
2. stories: `dossier stats` against the number of `story` groups on the cluster;
3. quotations a speaker: `dossier speakers` against the cluster's `quotes` index, counted
   as dossier counts (a story's copies once: the copy that quotes the speaker most);
4. one replica killed (SIGKILL): every query again, answers compared with the first run.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict

import pymysql

dossier, index, cluster, queries_path, port = sys.argv[1:6]
port = int(port)


def run(args, stdin=None):
    out = subprocess.run(args, input=stdin, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)}: exit {out.returncode}: {out.stderr}")
    return out.stdout


queries = [json.loads(l)["query"] for l in open(queries_path) if l.strip()]
print(f"queries: {len(queries)}")

# dossier's top 10, every copy its own hit.
lines = "".join(f"q{i}\t{q}\n" for i, q in enumerate(queries))
jsonl = run([dossier, "--index", index, "batch", "--all-copies", "-n", "10",
             "--no-snippets", "--format", "jsonl"], lines)
ours = {}
for line in jsonl.splitlines():
    answer = json.loads(line)
    ours[answer["id"]] = [h["id"] for h in answer.get("hits", [])]

sql = run([dossier, "translate", "--to", "manticore", "--all-copies", "-n", "10", "-"],
          "\n".join(queries) + "\n").split("\n")


def connect():
    return pymysql.connect(host="127.0.0.1", port=port, user="", autocommit=True)


def ask(conn, statements):
    """Each statement's first column; a partial answer (a shard's agent failed: SHOW META
    has a warning) is asked again, up to 3 times, as a client of a cluster should."""
    answers, failed, partial = [], 0, []
    for statement in statements:
        if not statement:
            answers.append(None)
            continue
        try:
            for attempt in range(4):
                with conn.cursor() as c:
                    c.execute(statement)
                    rows = [row[0] for row in c.fetchall()]
                    c.execute("SHOW META")
                    warning = [v for k, v in c.fetchall() if k == "warning"]
                if not warning:
                    break
                partial.append(warning[0])
            answers.append(rows)
        except pymysql.MySQLError as e:
            failed += 1
            answers.append(("error", str(e)))
    return answers, failed, partial


conn = connect()
t0 = time.time()
first, failed, partial = ask(conn, sql[: len(queries)])
took = time.time() - t0
overlaps, both_empty = [], 0
for i, theirs in enumerate(first):
    mine = ours.get(f"q{i}", [])
    if theirs is None or isinstance(theirs, tuple):
        continue
    if not mine and not theirs:
        both_empty += 1
        continue
    overlaps.append(len(set(mine) & set(theirs)) / max(len(mine), len(theirs)))
print(f"cluster answered {len(queries) - failed} queries in {took:.2f} s ({failed} failed, "
      f"{len(partial)} partial answers asked again)")
print(f"top-10 overlap, mean over {len(overlaps)} queries with hits on either side: "
      f"{sum(overlaps) / len(overlaps):.3f} ({both_empty} with no hit on both sides)")

# Stories.
stats = json.loads(run([dossier, "--index", index, "stats", "--format", "json"]))
with conn.cursor() as c:
    c.execute("SELECT story FROM articles GROUP BY story LIMIT 1000000 OPTION max_matches=1000000")
    groups = len(c.fetchall())
print(f"stories: dossier {stats['stories']}, cluster {groups}: "
      f"{'equal' if stats['stories'] == groups else 'DIFFERENT'}")

# Quotations a speaker, a story's copies counted once (the copy quoting the speaker most).
speakers = json.loads(run([dossier, "--index", index, "speakers", "--format", "json", "-n", "0"]))
mine = {s["name"]: s["quotes"] for s in speakers}
with conn.cursor() as c:
    c.execute("SELECT speaker, aid, story, parts FROM quotes LIMIT 1000000 OPTION max_matches=1000000")
    rows = c.fetchall()
per_copy = defaultdict(int)
for speaker, aid, story, parts in rows:
    if speaker:
        per_copy[(speaker, story, aid)] += parts
per_story = defaultdict(int)
for (speaker, story, _aid), n in per_copy.items():
    per_story[(speaker, story)] = max(per_story[(speaker, story)], n)
theirs = defaultdict(int)
for (speaker, _story), n in per_story.items():
    theirs[speaker] += n
names = set(mine) | set(theirs)
equal = sum(1 for n in names if mine.get(n, 0) == theirs.get(n, 0))
print(f"quotations a speaker: {equal} of {len(names)} speakers equal "
      f"({sum(mine.values())} quotations in dossier, {sum(theirs.values())} on the cluster)")
for n in sorted(names, key=lambda n: -mine.get(n, 0)):
    if mine.get(n, 0) != theirs.get(n, 0):
        print(f"  differs: {n}: dossier {mine.get(n, 0)}, cluster {theirs.get(n, 0)}")

# Kill one replica; ask again.
victim = "shard1-r1"
pid = int(open(os.path.join(cluster, "run", f"{victim}.pid")).read())
os.kill(pid, signal.SIGKILL)
print(f"killed {victim} (pid {pid}) with SIGKILL")
t0 = time.time()
again, failed_again, partial = ask(conn, sql[: len(queries)])
took = time.time() - t0
same = sum(1 for a, b in zip(first, again) if a == b)
for q, a, b in zip(queries, first, again):
    if a != b:
        print(f"  changed: {q!r}: {a} -> {b}")
print(f"after the kill: {same} of {len(queries)} answers unchanged, {failed_again} failed, "
      f"{took:.2f} s; {len(partial)} partial answers (a shard missing) were asked again")
for w in partial[:3]:
    print(f"  the coordinator's warning: {w}")
conn.close()
ok = same == len(queries) and failed_again == 0 and stats["stories"] == groups
sys.exit(0 if ok else 1)
