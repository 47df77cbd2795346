#!/usr/bin/env bash
# cluster-check.sh — issue 23's cluster check: Reuters exported to a Sphinx cluster of
# 2 shards x 2 replicas (`dossier export --to manticore`), the 962 AOL queries through
# `dossier translate` against its SphinxQL port and through `dossier batch --all-copies -n 10`,
# story counts and quotations a speaker compared, one replica killed, everything stopped.
#
#   scripts/cluster-check.sh [--install]     # --install: apt-get sphinxsearch, pip pymysql
#
# Uses the dossier binary at $DOSSIER_BIN (default: target/release/dossier; not built here) and
# the data at $DOSSIER_DATA (default: ../shared/data beside the repository); exits 0 with a
# note when the data is missing. $PORT (default 19306) is the coordinator's SphinxQL port; the
# nodes take the five after it. Sphinx 2.2.11 is Debian's `sphinxsearch`; Manticore's
# `searchd` and `indexer` take the same configs (set SEARCHD and INDEXER to use them).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
data="${DOSSIER_DATA:-$repo/../shared/data}"
bin="${DOSSIER_BIN:-$repo/target/release/dossier}"
port="${PORT:-19306}"

if [ "${1:-}" = "--install" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sphinxsearch
    python3 -m pip install -q pymysql
fi
if [ ! -f "$data/reuters21578/reuters21578.jsonl" ] || [ ! -f "$data/queries/aol-962.jsonl" ]; then
    echo "cluster-check: no Reuters or AOL queries under $data (set DOSSIER_DATA): nothing to check"
    exit 0
fi
for tool in "${INDEXER:-indexer}" "${SEARCHD:-searchd}"; do
    command -v "$tool" > /dev/null || { echo "cluster-check: $tool not found (run with --install)" >&2; exit 1; }
done
python3 -c 'import pymysql' 2> /dev/null || { echo "cluster-check: python3 needs pymysql (run with --install)" >&2; exit 1; }
[ -x "$bin" ] || { echo "cluster-check: no dossier binary at $bin (cargo build --release)" >&2; exit 1; }

work="$(mktemp -d)"
cluster="$work/cluster"
cleanup() { [ -x "$cluster/stop.sh" ] && "$cluster/stop.sh"; rm -rf "$work"; }
trap cleanup EXIT

echo "== index Reuters"
"$bin" --index "$work/index" -q index "$data/reuters21578/reuters21578.jsonl"
echo "== export, 2 shards x 2 replicas"
/usr/bin/env time -f "export: %e s, %M KB peak" "$bin" --index "$work/index" \
    export --to manticore --shards 2 --replicas 2 --port "$port" "$cluster"
echo "== start"
start=$(date +%s.%N)
"$cluster/start.sh"
echo "start.sh: $(echo "$(date +%s.%N) - $start" | bc) s (indexing every replica included)"
echo "== check"
status=0
python3 "$here/cluster-check.py" "$bin" "$work/index" "$cluster" "$data/queries/aol-962.jsonl" "$port" || status=$?
echo "== stop"
"$cluster/stop.sh"
left=0
for pidfile in "$cluster"/run/*.pid; do
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2> /dev/null && left=$((left + 1))
done
echo "nodes still running after stop.sh: $left"
exit "$status"
