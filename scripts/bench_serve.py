#!/usr/bin/env python3
"""Load benchmark of `dossier serve` against tantivy-cli's `serve`, on the same Reuters articles,
in the same run (see bench-serve.sh, which calls this). Not a test: a shared machine's numbers
are rough.

For 1, 8 and 64 concurrent connections, `wrk` (Debian's package) sends GET requests for 200
AOL queries in turn (the plain-word ones: both servers read them as any-word queries) to
  dossier      /api/search?q=Q&any=1&limit=10   (ranked hits with two highlighted snippets each)
  tantivy-cli  /api/?q=Q&nhits=10               (ranked hits with their whole stored documents)
for DURATION seconds each, over keep-alive connections and again with a new connection for
every request (`Connection: close`), the two servers alternating level by level, and reports
requests/s, p50 and p99 latency, error responses (non-2xx, and socket errors other than the
closes asked for) and each server's peak RSS (VmHWM) after the level. Writes
WORK/serve-results.md and .json.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

LEVELS = [1, 8, 64]

LUA = r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d %.3f %.3f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def log(msg):
    print(f"bench-serve: {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench-serve: nothing listens on port {port} after {seconds} s")


def peak_rss_mib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def quote(q):
    from urllib.parse import quote as q_
    return q_(q, safe="")


def run_wrk(wrk, lua, paths_file, base, conns, seconds, close=False):
    """One wrk run; `close`: a new connection for every request (wrk then counts each
    closed connection as a read error: those are not counted as errors here)."""
    env = dict(os.environ, BENCH_PATHS=paths_file)
    threads = str(min(conns, 2))
    extra = ["-H", "Connection: close"] if close else []
    out = subprocess.run([wrk, "-t", threads, "-c", str(conns), "-d", f"{seconds}s", "--timeout", "10s",
                          *extra, "-s", lua, base], capture_output=True, text=True, env=env, check=True).stdout
    m = re.search(r"^RESULT (.*)$", out, re.M)
    if not m:
        raise SystemExit("bench-serve: wrk printed no result:\n" + out)
    n, status, conn, read, write, timeout, dur_us, p50, p99 = m.group(1).split()
    n, dur = int(n), int(dur_us) / 1e6
    return {"requests": n, "rps": round(n / dur, 1), "p50_ms": float(p50), "p99_ms": float(p99),
            "errors": int(status) + int(conn) + (0 if close else int(read)) + int(write) + int(timeout),
            "non_2xx": int(status)}


def main():
    repo, data, work, dossier, tantivy, wrk, seconds = sys.argv[1:8]
    seconds = int(seconds)
    os.makedirs(work, exist_ok=True)
    src = os.path.join(data, "reuters21578", "reuters21578.jsonl")
    qsrc = os.path.join(data, "queries", "aol-962.jsonl")
    articles = sum(1 for line in open(src, encoding="utf-8") if line.strip())

    queries = []
    for line in open(qsrc, encoding="utf-8"):
        q = json.loads(line)["query"]
        if re.fullmatch(r"[a-z0-9]+( [a-z0-9]+){0,3}", q) and q not in queries:
            queries.append(q)
    queries = queries[:200]
    log(f"{len(queries)} plain-word queries, {articles} articles")

    didx = os.path.join(work, "dossier-index")
    if not os.path.exists(os.path.join(didx, "meta.json")):
        log("indexing Reuters with dossier")
        subprocess.run([dossier, "index", src, "--index", didx, "--quiet"], check=True)
    tidx = os.path.join(work, "tantivy-index")
    if not os.path.exists(os.path.join(tidx, ".done")):
        log("indexing Reuters with tantivy-cli (the schema of shared/tools/bench_peers.py)")
        sys.path.insert(0, os.path.join(os.path.dirname(repo), "shared", "tools"))
        sys.path.insert(0, os.path.join(data, "..", "tools"))
        from bench_peers import TANTIVY_META
        shutil.rmtree(tidx, ignore_errors=True)
        os.makedirs(tidx)
        json.dump(TANTIVY_META, open(os.path.join(tidx, "meta.json"), "w"))
        subprocess.run([tantivy, "index", "-i", tidx, "-f", src, "-t", "2"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        open(os.path.join(tidx, ".done"), "w").close()

    lua = os.path.join(work, "paths.lua")
    open(lua, "w").write(LUA)
    dpaths = os.path.join(work, "dossier-paths.txt")
    tpaths = os.path.join(work, "tantivy-paths.txt")
    open(dpaths, "w").write("".join(f"/api/search?q={quote(q)}&any=1&limit=10\n" for q in queries))
    open(tpaths, "w").write("".join(f"/api/?q={quote(q)}&nhits=10\n" for q in queries))

    dport, tport = free_port(), free_port()
    servers = {
        "dossier": subprocess.Popen([dossier, "serve", "--index", didx, "--addr", f"127.0.0.1:{dport}", "--quiet"],
                                    stdout=subprocess.DEVNULL),
        "tantivy-cli": subprocess.Popen([tantivy, "serve", "-i", tidx, "-p", str(tport), "--host", "127.0.0.1"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    }
    bases = {"dossier": (f"http://127.0.0.1:{dport}", dpaths), "tantivy-cli": (f"http://127.0.0.1:{tport}", tpaths)}
    results = {name: {} for name in servers}
    try:
        wait_port(dport)
        wait_port(tport)
        # Warm both (page cache, first-touch allocations) with one pass over the queries.
        for name, (base, paths) in bases.items():
            run_wrk(wrk, lua, paths, base, 1, 2)
        for conns in LEVELS:
            for name, (base, paths) in bases.items():
                for close in (False, True):
                    how = "a connection per request" if close else "keep-alive"
                    log(f"{name}: {conns} connection{'s' if conns > 1 else ''}, {how}, {seconds} s")
                    r = run_wrk(wrk, lua, paths, base, conns, seconds, close)
                    r["peak_rss_mib"] = peak_rss_mib(servers[name].pid)
                    results[name][f"{conns}{'-close' if close else ''}"] = r
    finally:
        for p in servers.values():
            p.terminate()
            p.wait()

    lines = ["| connections | server | keep-alive: requests/s | p50 ms | p99 ms "
             "| a connection per request: requests/s | p50 ms | p99 ms | errors | peak RSS MiB |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for conns in LEVELS:
        for name in servers:
            k, c = results[name][str(conns)], results[name][f"{conns}-close"]
            rss = f"{c['peak_rss_mib']:.0f}" if c["peak_rss_mib"] is not None else "?"
            lines.append(f"| {conns} | {name} | {k['rps']:,.0f} | {k['p50_ms']:.2f} | {k['p99_ms']:.2f} "
                         f"| {c['rps']:,.0f} | {c['p50_ms']:.2f} | {c['p99_ms']:.2f} "
                         f"| {k['errors'] + c['errors']} | {rss} |")
    table = "\n".join(lines)
    cpu = os.cpu_count()
    note = (f"{articles:,} Reuters articles, {len(queries)} plain-word AOL queries in turn, {seconds} s a level "
            f"with wrk, on {cpu} cores shared with other work (rough numbers); "
            f"tantivy-cli {subprocess.run([tantivy, '--version'], capture_output=True, text=True).stdout.strip()}.")
    print(table)
    print()
    print(note)
    open(os.path.join(work, "serve-results.md"), "w").write(table + "\n\n" + note + "\n")
    json.dump({"results": results, "queries": len(queries), "articles": articles, "seconds": seconds},
              open(os.path.join(work, "serve-results.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
