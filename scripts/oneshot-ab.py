#!/usr/bin/env python3
"""oneshot-ab.py — one-shot query latency of one or more dossier binaries against SQLite FTS5,
their runs taking turns so that a shared machine's drift hits every side alike.

usage: scripts/oneshot-ab.py RUNS INDEX FTS5_DB QUERIES name=BIN [name=BIN ...]

INDEX, FTS5_DB and QUERIES (one query a line) are what `scripts/bench.sh --quick --keep
--work DIR` leaves in DIR: DIR/idx/x1, DIR/peers-x1/fts.db and DIR/inputs/aol-sample.txt.
Each query runs RUNS times per side; the figure per side is the median over queries of the
median of its runs (as bench.py measures), printed with its ratio to FTS5. FTS5 runs the same SQL as ../shared/tools/bench_peers.py.
"""
import os
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    runs, idx, db, queries = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    bins = [a.split("=", 1) for a in sys.argv[5:]]
    qs = [line.rstrip("\n") for line in open(queries, encoding="utf-8") if line.strip()]
    cmds = {
        n: (lambda q, b=b: [b, "--index", idx, "--color", "never", "query", "-n", "10", "--", q])
        for n, b in bins
    }
    sqlite = "/usr/bin/sqlite3" if os.path.exists("/usr/bin/sqlite3") else "sqlite3"
    cmds["fts5"] = lambda q: [
        sqlite,
        db,
        "SELECT id, snippet(fts,3,'[',']','...',20) FROM fts WHERE fts MATCH '%s' "
        "ORDER BY rank LIMIT 10" % q.replace("'", "''"),
    ]
    per = {n: [] for n in cmds}
    for q in qs:
        t = {n: [] for n in cmds}
        for _ in range(runs):
            for n, c in cmds.items():
                s = time.perf_counter()
                subprocess.run(c(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                t[n].append((time.perf_counter() - s) * 1000)
        for n in cmds:
            per[n].append(statistics.median(t[n]))
    f = statistics.median(per["fts5"])
    for n in cmds:
        m = statistics.median(per[n])
        print(f"{n:10s} median {m:.3f} ms  ratio/fts5 {m / f:.3f}")


if __name__ == "__main__":
    main()
