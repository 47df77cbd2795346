#!/usr/bin/env python3
"""bench.py — dossier's benchmark harness: dossier against its peers, same data, same run.

usage: scripts/bench.sh [--quick] [--runs N] [--work DIR] [--sample N] [--no-peers] [--no-sweep]
                        [--bin-wait SECS] [--keep]

Measures, on the Reuters-21578 articles and the 962 AOL queries of ../shared/data:
  dossier   wall time and peak RSS of `index` of Reuters x1 and x10 JSONL (fresh index each run),
            index size on disk; `index` of the Reuters folder (21,578 files, fresh) and a re-run
            on the unchanged folder (incremental); one-shot `query` latency (process start to
            exit, top 10 with snippets); `batch` of the 962 queries with and without snippets;
            in full mode also `index` x10 with --threads 1/2/3 and --memory 100/200/400 (one
            run each) to show where the time goes.
  floor     one pass over the x10 bytes: `cat FILE > /dev/null` and `wc -w FILE`.
  peers     ../shared/tools/bench_peers.py on x1 and x10 (tantivy-cli, SQLite FTS5, ripgrep)
            with the same query sample; Recoll (`recollindex -z`, then an incremental re-run) on
            the same folder. A missing peer is skipped with a note.
Every figure is the median of --runs runs (default 3; one-shot queries: median over the query
sample of the median of --runs runs each, as bench_peers.py measures). dossier's index runs
alternate with tantivy-cli's and Recoll's, and its one-shot queries with FTS5's (same SQL as
bench_peers.py, on the database it built), so that drift in a shared machine's speed affects
both sides of a ratio alike. Page cache is warm: the inputs are read once before timing.
--quick: x1 only, 1 run, 10 queries, no sweep (a smoke test).

Prints a Markdown table (with the targets' ratios) and machine info, and writes WORK/results.md
and WORK/results.json (every raw number). The dossier binary is copied into WORK first, so a
rebuild during the run cannot mix two versions. Exits 0 with a note when the data is missing;
1 when a dossier command failed or printed wrong counts (the table is still written).
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERY_SAMPLE = 50          # one-shot queries timed (full mode)
X10 = 10                   # copies in the scale-test file


# ----------------------------------------------------------------------------------------------
# small helpers

def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def dir_bytes(path):
    """Bytes of all files under path (as bench_peers.py counts index size)."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def rnd(x, n=3):
    return None if x is None else round(x, n)


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_timed(cmd, stdout=subprocess.DEVNULL, stdin=None, stderr_path=None):
    """Run cmd once; return {wall_s, peak_mib, cpu_s, load1, rc}. Peak RSS and CPU time (user +
    system) come from GNU time; load1 is the 1-minute load average just before (to spot noise)."""
    load1 = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = [GNU_TIME, "-f", "%M %U %S", "-o", tf.name] + cmd if GNU_TIME else cmd
        err = open(stderr_path, "w") if stderr_path else subprocess.DEVNULL
        try:
            t = time.perf_counter()
            rc = subprocess.run(full, stdout=stdout, stdin=stdin, stderr=err).returncode
            wall = time.perf_counter() - t
        finally:
            if stderr_path:
                err.close()
        peak = cpu = None
        try:  # the last line; a killed child adds a line before it
            kb, user, system = open(tf.name).read().strip().splitlines()[-1].split()
            peak, cpu = int(kb) / 1024, float(user) + float(system)
        except (ValueError, IndexError):
            pass
    return {"wall_s": wall, "peak_mib": peak, "cpu_s": cpu, "load1": load1, "rc": rc}


def summarize(samples):
    """Median / min / max of a list of run_timed results."""
    walls = [s["wall_s"] for s in samples]
    return {"wall_s": rnd(median(walls)), "wall_min_s": rnd(min(walls)), "wall_max_s": rnd(max(walls)),
            "peak_mib": rnd(median([s["peak_mib"] for s in samples]), 1),
            "cpu_s": rnd(median([s.get("cpu_s") for s in samples])), "runs": len(samples),
            "samples": [{k: rnd(v) if isinstance(v, float) else v for k, v in s.items()} for s in samples]}


def one_shot_ms(commands, queries, runs):
    """One-shot latency as bench_peers.py's query_ms measures it: per tool, the median over queries
    of the median of `runs` runs (process start to exit). commands: {tool: query -> argv}; the
    tools take turns on each run, so that drift in the machine's speed affects all alike."""
    per_query = {name: [] for name in commands}
    codes = {name: {} for name in commands}
    failed = {name: [] for name in commands}
    for q in queries:
        times = {name: [] for name in commands}
        for _ in range(runs):
            for name, make_cmd in commands.items():
                t = time.perf_counter()
                rc = subprocess.run(make_cmd(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
                times[name].append((time.perf_counter() - t) * 1000)
                codes[name][rc] = codes[name].get(rc, 0) + 1
                if rc not in (0, 1) and q not in failed[name]:
                    failed[name].append(q)
        for name in commands:
            per_query[name].append(statistics.median(times[name]))
    out = {}
    for name, pq in per_query.items():
        ordered = sorted(pq)
        out[name] = {"median_ms": rnd(statistics.median(pq), 2), "p90_ms": rnd(ordered[int(0.9 * (len(ordered) - 1))], 2),
                     "max_ms": rnd(ordered[-1], 2), "queries": len(queries), "runs": runs,
                     "exit_codes": {str(k): v for k, v in sorted(codes[name].items())}, "failed_queries": failed[name]}
    return out


def fts5_command(db):
    """The one-shot SQLite FTS5 query of bench_peers.py (top 10 by bm25 with snippet())."""
    exe = shutil.which("sqlite3")
    return lambda q: [exe, db, "SELECT id, snippet(fts,3,'[',']','...',20) FROM fts WHERE fts MATCH '%s' "
                      "ORDER BY rank LIMIT 10" % q.replace("'", "''")]


def cpu_snapshot():
    """(wall clock, busy CPU seconds of the whole machine, CPU seconds of this process and its
    children): the difference between two snapshots tells how much other work was running."""
    try:
        fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # minus idle, iowait
    except (OSError, ValueError, IndexError):
        busy = None
    ours = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))
    return time.time(), busy, ours


def other_load(start, end):
    """Cores kept busy on average by processes other than the benchmark between two snapshots."""
    if start[1] is None or end[1] is None or end[0] <= start[0]:
        return None
    return max(0.0, ((end[1] - start[1]) - (end[2] - start[2])) / (end[0] - start[0]))


def capture(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


# ----------------------------------------------------------------------------------------------
# setup: data, binary, inputs

def find_data(repo):
    """DOSSIER_DATA, else ../shared/data beside the repository, else /work/shared/data."""
    if os.environ.get("DOSSIER_DATA"):
        return os.path.abspath(os.environ["DOSSIER_DATA"]), True
    for cand in (os.path.join(repo, "..", "shared", "data"), "/work/shared/data"):
        if os.path.isdir(cand):
            return os.path.abspath(cand), True
    return os.path.abspath(os.path.join(repo, "..", "shared", "data")), False


def ready_binary(src, dest, wait_s):
    """Copy the dossier binary into the work dir, waiting up to wait_s while it is missing or
    broken (a build in progress). Returns the copy's path, or None."""
    deadline = time.time() + wait_s
    while True:
        if os.path.isfile(src) and os.access(src, os.X_OK):
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(src, dest + ".tmp")
            os.replace(dest + ".tmp", dest)
            if capture([dest, "--version"]):
                return dest
        if time.time() >= deadline:
            return None
        log(f"{src} is missing or does not run; retrying in 30 s")
        time.sleep(30)


def stamp_ok(path, source):
    """True when path exists and was built from source as it is now (size + mtime)."""
    st = os.stat(source)
    want = f"{source} {st.st_size} {st.st_mtime_ns}\n"
    try:
        return os.path.exists(path) and open(path + ".stamp").read() == want
    except OSError:
        return False


def write_stamp(path, source):
    st = os.stat(source)
    with open(path + ".stamp", "w") as f:
        f.write(f"{source} {st.st_size} {st.st_mtime_ns}\n")


def build_inputs(data, tools, work, quick, sample_n):
    """Reuters x1 / x10 JSONL, the Reuters folder, the batch query file and the one-shot sample.
    Cached in WORK/inputs between runs while the source files are unchanged."""
    src = os.path.join(data, "reuters21578", "reuters21578.jsonl")
    qsrc = os.path.join(data, "queries", "aol-962.jsonl")
    inp = os.path.join(work, "inputs")
    os.makedirs(inp, exist_ok=True)
    out = {"x1": os.path.join(inp, "reuters-x1.jsonl"), "x10": os.path.join(inp, "reuters-x10.jsonl"),
           "folder": os.path.join(inp, "reuters-folder"), "batch": os.path.join(inp, "aol-962.txt"),
           "sample": os.path.join(inp, "aol-sample.txt")}

    if not stamp_ok(out["x1"], src):
        log("copying Reuters x1")
        shutil.copyfile(src, out["x1"])
        write_stamp(out["x1"], src)
    records = sum(1 for line in open(out["x1"], encoding="utf-8") if line.strip())

    if not quick and not stamp_ok(out["x10"], src):
        log(f"writing Reuters x{X10} (ids suffixed -k)")
        lines = [line.rstrip("\n") for line in open(src, encoding="utf-8") if line.strip()]
        with open(out["x10"] + ".tmp", "w", encoding="utf-8") as f:
            for k in range(X10):
                for line in lines:
                    rec = json.loads(line)
                    old = json.dumps(rec["id"], ensure_ascii=False)
                    new = json.dumps(f"{rec['id']}-{k}", ensure_ascii=False)
                    # keep the original bytes: only the id changes (it is the first key)
                    edited = line.replace(old, new, 1)
                    if json.loads(edited).get("id") != f"{rec['id']}-{k}":
                        rec["id"] = f"{rec['id']}-{k}"
                        edited = json.dumps(rec, ensure_ascii=False)
                    f.write(edited + "\n")
        os.replace(out["x10"] + ".tmp", out["x10"])
        write_stamp(out["x10"], src)

    if not stamp_ok(out["folder"], src):
        log("writing the Reuters folder (jsonl_to_folder.py)")
        shutil.rmtree(out["folder"], ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(tools, "jsonl_to_folder.py"), src, out["folder"]],
                       check=True, stdout=subprocess.DEVNULL)
        write_stamp(out["folder"], src)

    queries = [json.loads(line)["query"] for line in open(qsrc, encoding="utf-8") if line.strip()]
    with open(out["batch"], "w", encoding="utf-8") as f:
        for q in queries:
            # a line that batch would read as a comment, ID<TAB>query or JSON goes in as JSON
            plain = q.strip() and not q.startswith(("#", "{")) and "\t" not in q
            f.write((q if plain else json.dumps({"query": q}, ensure_ascii=False)) + "\n")
    # One-shot sample: evenly spaced over the queries that SQLite FTS5 also parses (plain words
    # and "phrases"; tantivy's +must / -not syntax is an FTS5 syntax error), so every tool does
    # real work on the same queries.
    portable = [q for q in queries if re.fullmatch(r'[a-z0-9 "]+', q) and q.count('"') % 2 == 0]
    step = max(1, len(portable) // sample_n)
    sample = portable[::step][:sample_n]
    with open(out["sample"], "w", encoding="utf-8") as f:
        f.write("".join(q + "\n" for q in sample))

    folder_files = sum(len(fs) for _, _, fs in os.walk(out["folder"]))
    out.update(records=records, queries=len(queries), sample_queries=sample, folder_files=folder_files,
               x1_bytes=os.path.getsize(out["x1"]),
               x10_bytes=os.path.getsize(out["x10"]) if os.path.exists(out["x10"]) else None)
    # warm the page cache so every tool reads from memory
    for key in ("x1", "x10"):
        if not quick or key == "x1":
            subprocess.run(["cat", out[key]], stdout=subprocess.DEVNULL, check=False)
    return out


# ----------------------------------------------------------------------------------------------
# dossier measurements

class Dossier:
    def __init__(self, exe, work, runs, problems):
        self.exe, self.work, self.runs, self.problems = exe, work, runs, problems
        self.logs = os.path.join(work, "logs")
        os.makedirs(self.logs, exist_ok=True)

    def index(self, name, idx, paths, extra=(), fresh=True, runs=None, expect_docs=None, between=None):
        """`dossier index` runs times (fresh index each run unless fresh=False); checks the JSON
        report's counts. between() runs after each run (a peer's run, so that the two alternate)."""
        samples, reports = [], []
        for i in range(runs or self.runs):
            if fresh:
                shutil.rmtree(idx, ignore_errors=True)
            rep_path = os.path.join(self.logs, f"{name}.json")
            with open(rep_path, "w") as rep:
                s = run_timed([self.exe, "--index", idx, "--color", "never", "index", *paths, *extra,
                               "--format", "json"], stdout=rep, stderr_path=os.path.join(self.logs, f"{name}.err"))
            report = self._report(name, rep_path, s["rc"])
            if report is None:
                return None
            if expect_docs is not None and report.get("documents") != expect_docs:
                self.problems.append(f"{name}: index holds {report.get('documents')} documents, expected "
                                     f"{expect_docs} (run {i + 1}; report {rep_path})")
            samples.append(s)
            if between:
                between()
            reports.append({k: report.get(k) for k in ("files_seen", "files_indexed", "files_unchanged", "added",
                                                       "updated", "removed", "unchanged", "bytes", "documents",
                                                       "elapsed_secs", "interrupted")}
                           | {"skipped": len(report.get("skipped") or []), "problems": len(report.get("problems") or [])})
        out = summarize(samples)
        out["report"] = reports[-1]
        out["index_bytes"] = dir_bytes(idx)
        return out

    def _report(self, name, rep_path, rc):
        err = os.path.join(self.logs, f"{name}.err")
        if rc != 0:
            tail = open(err, errors="replace").read()[-600:]
            self.problems.append(f"{name}: dossier exited {rc}: {tail.strip()}")
            return None
        try:
            return json.load(open(rep_path))
        except ValueError:
            self.problems.append(f"{name}: no JSON report on stdout ({rep_path})")
            return None

    def stats(self, idx):
        try:
            return json.loads(capture([self.exe, "--index", idx, "stats", "--format", "json"]) or "null")
        except ValueError:
            return None

    def query_command(self, idx):
        """One-shot `dossier query`: top 10 with snippets, as a person would run it."""
        return lambda q: [self.exe, "--index", idx, "--color", "never", "query", "-n", "10", "--", q]

    def batch(self, name, idx, qfile, nqueries, extra=()):
        """`dossier batch` of the query file runs times; queries/s = nqueries / median wall.
        Exit 2 with one answer per query means some queries were answered with an error: they
        are listed, and the run still counts."""
        samples = []
        out_path = os.path.join(self.logs, f"{name}.jsonl")
        err_path = os.path.join(self.logs, f"{name}.err")
        for _ in range(self.runs):
            with open(out_path, "w") as out:
                s = run_timed([self.exe, "--index", idx, "--color", "never", "batch", qfile, "--format", "jsonl",
                               *extra], stdout=out, stderr_path=err_path)
            answers = [line for line in open(out_path, errors="replace") if line.strip()]
            if s["rc"] not in (0, 1, 2) or len(answers) != nqueries:
                tail = open(err_path, errors="replace").read()[-600:]
                self.problems.append(f"{name}: dossier batch exited {s['rc']} with {len(answers)} answers for "
                                     f"{nqueries} queries: {tail.strip()}")
                return None
            samples.append(s)
        failed = []
        for line in open(out_path):
            try:
                a = json.loads(line)
            except ValueError:
                self.problems.append(f"{name}: an answer is not JSON: {line[:200]}")
                continue
            if isinstance(a, dict) and a.get("error"):
                failed.append({"query": a.get("query"), "error": a["error"]})
        res = summarize(samples)
        res.update(queries=nqueries, answers=nqueries, failed_queries=failed,
                   qps=rnd(nqueries / res["wall_s"], 1))
        return res


# ----------------------------------------------------------------------------------------------
# peers

def run_peers(tools, articles, sample_file, work, runs, peers):
    """bench_peers.py (some of tantivy-cli, sqlite, ripgrep) on one JSONL file; its JSON or a note."""
    script = os.path.join(tools, "bench_peers.py")
    if not os.path.exists(script):
        return {"note": f"skipped: {script} is missing"}
    shutil.rmtree(work, ignore_errors=True)
    proc = subprocess.run([sys.executable, script, articles, sample_file, "--work", work, "--runs", str(runs),
                           "--peers", peers], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"note": f"bench_peers.py exited {proc.returncode}: {proc.stderr.strip()[-600:]}"}
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"note": f"bench_peers.py printed no JSON: {proc.stdout[-300:]}"}


def merge_tantivy(results):
    """One bench_peers.py tantivy-cli result per run -> medians (or the skip note)."""
    ok = [r for r in results if isinstance(r, dict) and "index_s" in r]
    if not ok:
        return next((r if isinstance(r, str) else r.get("note") for r in results if r), None)
    return {"index_s": rnd(median([r["index_s"] for r in ok])),
            "index_peak_mib": rnd(median([r.get("index_peak_mib") for r in ok]), 1),
            "index_bytes": ok[-1].get("index_bytes"), "runs": len(ok), "samples": ok}


def merge_recoll(results):
    """One run_recoll() result per run -> medians (or the first note)."""
    for r in results:
        if r.get("note"):
            return r
    if not results:
        return {"note": "not run"}
    return {"index": summarize([x for r in results for x in r["index"]["samples"]]),
            "incremental": summarize([x for r in results for x in r["incremental"]["samples"]]),
            "index_bytes": results[-1]["index_bytes"], "docs_matching_reuters": results[-1]["docs_matching_reuters"],
            "version": results[-1]["version"]}


def run_recoll(folder, work, runs):
    """Recoll on the folder: `recollindex -c CONF -z` (fresh config dir) then an incremental re-run
    without -z; medians over runs."""
    exe = shutil.which("recollindex")
    if not exe:
        return {"note": "skipped: no `recollindex` on PATH (apt-get install recoll)"}
    full, incr, size = [], [], None
    for i in range(runs):
        conf = os.path.join(work, "recoll-conf")
        shutil.rmtree(conf, ignore_errors=True)
        os.makedirs(conf)
        with open(os.path.join(conf, "recoll.conf"), "w") as f:
            f.write(f"topdirs = {folder}\n")
        env_log = os.path.join(work, "logs", "recoll.err")
        s = run_timed([exe, "-c", conf, "-z"], stderr_path=env_log)
        if s["rc"] != 0:
            return {"note": f"recollindex -z exited {s['rc']}; see {env_log}"}
        full.append(s)
        s = run_timed([exe, "-c", conf], stderr_path=env_log)
        if s["rc"] != 0:
            return {"note": f"recollindex (incremental) exited {s['rc']}; see {env_log}"}
        incr.append(s)
        size = dir_bytes(os.path.join(conf, "xapiandb")) if os.path.isdir(os.path.join(conf, "xapiandb")) else dir_bytes(conf)
    docs = None
    recollq = shutil.which("recollq")
    if recollq:  # sanity check: how many documents does one common word find?
        m = re.search(r"(\d+)\s+results", capture([recollq, "-c", conf, "-n", "0", "reuters"]) or "")
        docs = int(m.group(1)) if m else None
    return {"index": summarize(full), "incremental": summarize(incr), "index_bytes": size,
            "docs_matching_reuters": docs, "version": recoll_version(exe)}


def recoll_version(exe):
    """recollindex has no --version; its help text ends with "Recoll version: ..."."""
    proc = subprocess.run([exe, "-h"], capture_output=True, text=True)
    m = re.search(r"Recoll version: (.+)", proc.stdout + proc.stderr)
    return m.group(1).strip() if m else None


# ----------------------------------------------------------------------------------------------
# report

def machine_info(repo, exe):
    cpu, mem = None, None
    try:
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), None)
        kb = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), None)
        mem = rnd(kb / 1024 / 1024, 1) if kb else None
    except OSError:
        pass
    sha = hashlib.sha256(open(exe, "rb").read()).hexdigest()[:12]
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": mem, "kernel": platform.release(),
            "python": platform.python_version(), "loadavg_start": list(os.getloadavg()),
            "dossier_version": capture([exe, "--version"]), "dossier_sha256": sha,
            "git_head": capture(["git", "-C", repo, "rev-parse", "--short", "HEAD"]),
            "git_dirty": bool(capture(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"])),
            "tantivy_cli": capture(["tantivy", "--version"]) if shutil.which("tantivy") else None,
            "sqlite3": capture(["sqlite3", "--version"]) if shutil.which("sqlite3") else None,
            "ripgrep": (capture(["rg", "--version"]) or "").split("\n")[0] or None,
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds")}


def g(d, *path):
    """Nested get that tolerates missing measurements and skipped peers (strings)."""
    for p in path:
        if not isinstance(d, dict) or d.get(p) is None:
            return None
        d = d[p]
    return d


def fmt(x, unit=""):
    if x is None:
        return "–"
    if isinstance(x, float):
        x = f"{x:.3g}" if abs(x) < 100 else f"{x:,.0f}"
    elif isinstance(x, int):
        x = f"{x:,}"
    return f"{x}{unit}"


def fmt_ratio(r):
    return "–" if r is None else f"{r:.2f}" if r >= 0.1 else f"{r:.3f}"


def mb(b):
    return None if b is None else b / 1e6


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def verdict(r, op, target):
    if r is None:
        return "–"
    ok = r <= target if op == "<=" else r >= target
    return "met" if ok else "MISSED"


def render(res):
    d, p1, p10, rc, inp = res["dossier"], res["peers_x1"], res["peers_x10"], res["recoll"], res["inputs"]
    rows = []  # (measurement, dossier, peer, ratio text, target, verdict)

    def add(what, dval, pval, r=None, op=None, target=None, rtext=None):
        rows.append((what, dval, pval, fmt_ratio(r),
                     f"{rtext} {op} {target}" if op else "", verdict(r, op, target) if op else ""))

    # indexing
    t1, tt1 = g(d, "index_x1", "wall_s"), g(p1, "tantivy-cli", "index_s")
    add(f"index x1 JSONL ({inp['records']:,} articles, {mb(inp['x1_bytes']):.1f} MB): wall s",
        fmt(t1), f"tantivy-cli {fmt(tt1)}", ratio(t1, tt1))
    t10, tt10 = g(d, "index_x10", "wall_s"), g(p10, "tantivy-cli", "index_s")
    if not res["quick"]:
        add(f"index x10 JSONL ({inp['records'] * X10:,} articles, {mb(inp['x10_bytes']):.0f} MB): wall s",
            fmt(t10), f"tantivy-cli {fmt(tt10)}", ratio(t10, tt10), "<=", 1.0, "dossier/tantivy-cli")
        add("index x10: peak RSS MiB", fmt(g(d, "index_x10", "peak_mib")),
            f"tantivy-cli {fmt(g(p10, 'tantivy-cli', 'index_peak_mib'))}",
            ratio(g(d, "index_x10", "peak_mib"), g(p10, "tantivy-cli", "index_peak_mib")))
        b10, tb10 = g(d, "index_x10", "index_bytes"), g(p10, "tantivy-cli", "index_bytes")
        add("index x10: size on disk MB", fmt(mb(b10)), f"tantivy-cli {fmt(mb(tb10))}", ratio(b10, tb10),
            "<=", 1.0, "dossier/tantivy-cli")
        add("index x10: SQLite FTS5 build s (reference)", fmt(t10), f"FTS5 {fmt(g(p10, 'sqlite', 'index_s'))}",
            ratio(t10, g(p10, "sqlite", "index_s")))
    tf, rf = g(d, "index_folder", "wall_s"), g(rc, "index", "wall_s")
    add(f"index folder ({inp['folder_files']:,} files): wall s", fmt(tf), f"Recoll {fmt(rf)}",
        ratio(rf, tf), ">=", 7, "Recoll/dossier")
    ti, ri = g(d, "reindex_folder", "wall_s"), g(rc, "incremental", "wall_s")
    add("re-index unchanged folder (incremental): wall s", fmt(ti), f"Recoll {fmt(ri)}",
        ratio(ri, ti), ">=", 7, "Recoll incr/dossier incr")
    # queries
    def fts5_ms(peers):  # FTS5 timed taking turns with dossier; else bench_peers.py's own figure
        return g(peers, "sqlite", "query_ms_alternating", "median_ms") or g(peers, "sqlite", "query_ms_median")

    q1, f1 = g(d, "query_x1", "median_ms"), fts5_ms(p1)
    add(f"one-shot query x1, top 10 + snippets: median ms ({g(d, 'query_x1', 'queries')} queries)",
        fmt(q1), f"FTS5 {fmt(f1)}", ratio(q1, f1), "<=", 1.0, "dossier/FTS5")
    if not res["quick"]:
        q10, f10 = g(d, "query_x10", "median_ms"), fts5_ms(p10)
        add("one-shot query x10: median ms", fmt(q10), f"FTS5 {fmt(f10)}", ratio(q10, f10))
    add("one-shot x1: ripgrep over the JSONL, no index (reference)", fmt(q1),
        f"ripgrep {fmt(g(p1, 'ripgrep', 'query_ms_median'))}", ratio(q1, g(p1, "ripgrep", "query_ms_median")))
    bq = g(d, "batch_x1", "qps")
    rows.append((f"batch {inp['queries']} AOL queries x1, with snippets: queries/s", fmt(bq), "", "–",
                 "q/s >= 2000", verdict(bq, ">=", 2000)))
    rows.append(("batch x1, --no-snippets: queries/s", fmt(g(d, "batch_x1_nosnip", "qps")), "", "", "", ""))
    if not res["quick"]:
        rows.append(("batch x10, with snippets: queries/s", fmt(g(d, "batch_x10", "qps")), "", "", "", ""))
        fl = res.get("floor") or {}
        add("index x10 vs physical floor (one pass over the same bytes): wall s", fmt(t10),
            f"`cat` {fmt(g(fl, 'cat', 'wall_s'))}, `wc -w` {fmt(g(fl, 'wc_w', 'wall_s'))}",
            ratio(t10, g(fl, "wc_w", "wall_s")))

    lines = ["| measurement | dossier | peer | ratio | target | |", "|---|---:|---:|---:|---|---|"]
    lines += [f"| {a} | {b} | {c} | {r} | {t} | {v} |" for a, b, c, r, t, v in rows]
    lines.append("")
    lines.append("Ratios without a target are dossier/peer (the floor row: dossier/`wc -w`). Peak RSS (MiB, median): "
                 + ", ".join(f"{k} {fmt(g(d, k, 'peak_mib'))}" for k in
                             ("index_x1", "index_x10", "index_folder", "reindex_folder", "batch_x1")
                             if g(d, k, "peak_mib") is not None)
                 + (f"; Recoll {fmt(g(rc, 'index', 'peak_mib'))}" if g(rc, "index", "peak_mib") else "") + ".")
    sweep = res.get("sweep") or {}
    if sweep:
        lines += ["", "Index x10, one run each, where the time goes (dossier's defaults: --threads = cores, at most 4; "
                  "--memory 200). CPU = user + system seconds; CPU/wall = cores kept busy on average:", "",
                  "| setting | wall s | CPU s | CPU/wall | peak MiB |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {k} | {fmt(g(v, 'wall_s'))} | {fmt(g(v, 'cpu_s'))} | "
                  f"{fmt_ratio(ratio(g(v, 'cpu_s'), g(v, 'wall_s')))} | {fmt(g(v, 'peak_mib'))} |" for k, v in sweep.items()]
        x10 = g(d, "index_x10")
        if x10:
            lines.append(f"| default (main run, median) | {fmt(x10['wall_s'])} | {fmt(x10['cpu_s'])} | "
                         f"{fmt_ratio(ratio(x10['cpu_s'], x10['wall_s']))} | {fmt(x10['peak_mib'])} |")
    m = res["machine"]
    lines += ["", f"Machine: {m['nproc']} cores ({m['cpu']}), {m['mem_gib']} GiB, Linux {m['kernel']}; "
                  f"other processes kept {fmt(m.get('other_cores_busy'))} cores busy on average during the run. "
                  f"{m['dossier_version']} (sha256 {m['dossier_sha256']}, git {m['git_head']}"
                  f"{', uncommitted changes' if m['git_dirty'] else ''}); "
                  f"{m['tantivy_cli'] or 'no tantivy-cli'}; SQLite {(m['sqlite3'] or 'missing').split(' ')[0]}; "
                  f"{m['ripgrep'] or 'no ripgrep'}; {g(rc, 'version') or 'no Recoll'}.",
              f"Runs: median of {res['runs']}; one-shot queries: median over {len(inp['sample_queries'])} queries "
              f"of the median of {res['runs']} runs each; dossier's index runs alternate with tantivy-cli's and "
              f"Recoll's, its one-shot queries with FTS5's. Command: `{res['command']}`."]
    notes = res.get("notes") or []
    if notes:
        lines += ["", "Notes:"] + [f"- {n}" for n in notes]
    if res["problems"]:
        lines += ["", "PROBLEMS:"] + [f"- {x}" for x in res["problems"]]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help=argparse.SUPPRESS)  # set by bench.sh
    ap.add_argument("--work", default="/tmp/dossier-bench", help="work dir (inputs, indexes, results)")
    ap.add_argument("--runs", type=int, help="runs per measurement (default 3; --quick: 1)")
    ap.add_argument("--sample", type=int, help=f"one-shot queries timed (default {QUERY_SAMPLE}; --quick: 10)")
    ap.add_argument("--quick", action="store_true", help="x1 only, fewer runs: a smoke test")
    ap.add_argument("--no-peers", action="store_true", help="measure dossier only")
    ap.add_argument("--no-sweep", action="store_true", help="skip the --threads/--memory sweep")
    ap.add_argument("--bin-wait", type=int, default=120,
                    help="seconds to wait while the binary is missing or broken (a build in progress)")
    ap.add_argument("--keep", action="store_true", help="keep the indexes in WORK after the run")
    a = ap.parse_args()
    runs = a.runs or (1 if a.quick else 3)
    sample_n = a.sample or (10 if a.quick else QUERY_SAMPLE)
    repo, work = os.path.abspath(a.repo), os.path.abspath(a.work)

    data, found = find_data(repo)
    needed = [os.path.join(data, "reuters21578", "reuters21578.jsonl"), os.path.join(data, "queries", "aol-962.jsonl")]
    if not found or not all(os.path.exists(p) for p in needed):
        print(f"bench: benchmark data not found at {data} (needs reuters21578/ and queries/; set DOSSIER_DATA "
              "to its folder). Nothing measured.")
        return 0
    tools = os.path.join(os.path.dirname(data), "tools")

    os.makedirs(work, exist_ok=True)
    src_bin = os.environ.get("DOSSIER_BIN") or os.path.join(repo, "target", "release", "dossier")
    exe = ready_binary(src_bin, os.path.join(work, "bin", "dossier"), a.bin_wait)
    if not exe:
        print(f"bench: no working dossier binary at {src_bin} (build it with `cargo build --release`, "
              "or set DOSSIER_BIN)", file=sys.stderr)
        return 1

    problems, notes = [], []
    res = {"quick": a.quick, "runs": runs, "work": work, "data": data, "problems": problems, "notes": notes,
           "command": "scripts/bench.sh " + " ".join(sys.argv[1:][2:] if sys.argv[1:2] == ["--repo"] else sys.argv[1:]),
           "machine": machine_info(repo, exe)}
    inp = build_inputs(data, tools, work, a.quick, sample_n)
    res["inputs"] = {k: v for k, v in inp.items()}
    log(f"data {data}; work {work}; {runs} run(s); {inp['records']:,} articles; "
        f"{len(inp['sample_queries'])} one-shot queries")

    snap = cpu_snapshot()  # to tell afterwards how busy the machine was with other work
    dz = Dossier(exe, work, runs, problems)
    idx = {k: os.path.join(work, "idx", k) for k in ("x1", "x10", "folder", "sweep")}
    dres = res["dossier"] = {}
    peers_on = not a.no_peers
    if not peers_on:
        notes.append("peers not measured (--no-peers)")
    # tantivy-cli and Recoll runs alternate with dossier's, so that a shared machine's drift in
    # speed affects both sides of a ratio alike
    tantivy_runs = {"x1": [], "x10": []}

    def tantivy_once(key):
        if peers_on:
            r = run_peers(tools, inp[key], inp["sample"], os.path.join(work, f"tantivy-{key}"), 1, "tantivy-cli")
            tantivy_runs[key].append(r.get("tantivy-cli") or r.get("note"))

    log("index x1: dossier" + (" and tantivy-cli, alternating" if peers_on else ""))
    dres["index_x1"] = dz.index("index_x1", idx["x1"], [inp["x1"]], between=lambda: tantivy_once("x1"))
    r = g(dres, "index_x1", "report")
    if r:
        lost = inp["records"] - (r["documents"] or 0)
        if lost != r["problems"] + r["skipped"]:
            problems.append(f"index_x1: {lost} input record(s) missing from the index but "
                            f"{r['problems']} problem(s) + {r['skipped']} skipped reported")
        elif lost:
            notes.append(f"dossier leaves out {lost} of {inp['records']:,} Reuters records (reported as problems: "
                         "records with no text).")
        dres["stats_x1"] = dz.stats(idx["x1"])
    docs_x1 = g(r, "documents")

    log("index folder, then re-index unchanged: dossier" + (" and Recoll, alternating" if peers_on else ""))
    samples_full, samples_incr, last_full, last_incr, recoll_runs = [], [], None, None, []
    for _ in range(runs):
        full = dz.index("index_folder", idx["folder"], [inp["folder"]], runs=1, expect_docs=docs_x1)
        incr = dz.index("reindex_folder", idx["folder"], [inp["folder"]], runs=1, fresh=False, expect_docs=docs_x1)
        if peers_on:
            recoll_runs.append(run_recoll(inp["folder"], work, 1))
        if not full or not incr:
            break
        samples_full += full["samples"]
        samples_incr += incr["samples"]
        last_full, last_incr = full, incr
        if incr["report"]["unchanged"] != docs_x1 or incr["report"]["added"]:
            problems.append(f"reindex_folder: re-run reported added {incr['report']['added']}, "
                            f"unchanged {incr['report']['unchanged']} (expected 0 and {docs_x1})")
    if last_full:
        dres["index_folder"] = summarize(samples_full) | {"report": last_full["report"],
                                                          "index_bytes": last_full["index_bytes"]}
        dres["reindex_folder"] = summarize(samples_incr) | {"report": last_incr["report"]}
    res["recoll"] = merge_recoll(recoll_runs) if peers_on else None

    res["peers_x1"] = res["peers_x10"] = None

    def peers_and_queries(key):
        """bench_peers.py (SQLite FTS5 build and queries, ripgrep) on x1 or x10, then dossier's
        one-shot queries taking turns with FTS5's on the database bench_peers.py built."""
        fts_db = None
        if peers_on:
            log(f"peers: SQLite FTS5 and ripgrep on {key} (bench_peers.py)")
            pr = run_peers(tools, inp[key], inp["sample"], os.path.join(work, f"peers-{key}"), runs, "sqlite,ripgrep")
            pr["tantivy-cli"] = merge_tantivy(tantivy_runs[key])
            res[f"peers_{key}"] = pr
            for peer, v in pr.items():
                if isinstance(v, str) and v.startswith("skipped"):
                    notes.append(f"{peer} ({key}): {v}")
            if pr.get("note"):
                notes.append(f"bench_peers {key}: {pr['note']}")
            db = os.path.join(work, f"peers-{key}", "fts.db")
            fts_db = db if isinstance(pr.get("sqlite"), dict) and os.path.exists(db) else None
        if not os.path.isdir(idx[key]):
            return
        log(f"one-shot queries {key}: dossier" + (" and SQLite FTS5, taking turns" if fts_db else ""))
        commands = {"dossier": dz.query_command(idx[key])}
        if fts_db:
            commands["fts5"] = fts5_command(fts_db)
        timed = one_shot_ms(commands, inp["sample_queries"], runs)
        dres[f"query_{key}"] = timed["dossier"]
        if fts_db:
            res[f"peers_{key}"]["sqlite"]["query_ms_alternating"] = timed["fts5"]

    peers_and_queries("x1")
    if os.path.isdir(idx["x1"]):
        log("dossier: batch x1")
        dres["batch_x1"] = dz.batch("batch_x1", idx["x1"], inp["batch"], inp["queries"])
        dres["batch_x1_nosnip"] = dz.batch("batch_x1_nosnip", idx["x1"], inp["batch"], inp["queries"], ["--no-snippets"])

    if not a.quick:
        log("index x10: dossier" + (" and tantivy-cli, alternating" if peers_on else ""))
        dres["index_x10"] = dz.index("index_x10", idx["x10"], [inp["x10"]],
                                     expect_docs=docs_x1 * X10 if docs_x1 else None,
                                     between=lambda: tantivy_once("x10"))
        dres["stats_x10"] = dz.stats(idx["x10"])
        peers_and_queries("x10")
        if os.path.isdir(idx["x10"]):
            log("dossier: batch x10")
            dres["batch_x10"] = dz.batch("batch_x10", idx["x10"], inp["batch"], inp["queries"])
        log("floor: cat and wc -w of x10")
        res["floor"] = {"cat": summarize([run_timed(["cat", inp["x10"]]) for _ in range(runs)]),
                        "wc_w": summarize([run_timed(["wc", "-w", inp["x10"]]) for _ in range(runs)])}
        if not a.no_sweep:
            log("dossier: index x10 sweep over --threads and --memory")
            res["sweep"] = {}
            for label, extra in (("--threads 1", ["--threads", "1"]), ("--threads 2", ["--threads", "2"]),
                                 ("--threads 3", ["--threads", "3"]), ("--memory 100", ["--memory", "100"]),
                                 ("--memory 200", ["--memory", "200"]), ("--memory 400", ["--memory", "400"])):
                res["sweep"][label] = dz.index("sweep_" + label.strip("-").replace(" ", ""), idx["sweep"],
                                               [inp["x10"]], extra, runs=1)
    if peers_on and res["recoll"].get("note"):
        notes.append(f"Recoll: {res['recoll']['note']}")

    # queries that dossier answered with an error (exit 2) rather than hits or no hits
    for key in ("query_x1", "query_x10", "batch_x1", "batch_x1_nosnip", "batch_x10"):
        failed = g(dres, key, "failed_queries")
        if failed:
            shown = "; ".join(f'"{f["query"]}" ({f["error"]})' if isinstance(f, dict) else f'"{f}"' for f in failed[:3])
            notes.append(f"dossier {key}: {len(failed)} quer{'y' if len(failed) == 1 else 'ies'} answered with an "
                         f"error: {shown}")
    res["machine"]["loadavg_end"] = list(os.getloadavg())
    other = res["machine"]["other_cores_busy"] = rnd(other_load(snap, cpu_snapshot()), 2)
    if other is not None and other > 0.2:
        notes.append(f"other processes kept {other:.2f} of {os.cpu_count()} cores busy on average during the "
                     "run: the figures are noisy (compare ratios, not absolute times).")
    if not a.keep:
        shutil.rmtree(os.path.join(work, "idx"), ignore_errors=True)
        for sub in ("peers-x1", "peers-x10", "tantivy-x1", "tantivy-x10", "recoll-conf"):
            shutil.rmtree(os.path.join(work, sub), ignore_errors=True)

    table = render(res)
    res["table_markdown"] = table
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(res, f, indent=2)
    with open(os.path.join(work, "results.md"), "w") as f:
        f.write(table)
    print(table)
    log(f"raw numbers: {os.path.join(work, 'results.json')}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
