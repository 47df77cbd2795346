#!/usr/bin/env bash
# bench-serve.sh — load benchmark of `dossier serve` next to tantivy-cli's `serve` on the
# Reuters articles (scripts/bench_serve.py says what is measured). A benchmark, not a test.
#
#   apt-get install wrk            # once (and tantivy-cli: scripts/install-peers.sh)
#   cargo build --release
#   scripts/bench-serve.sh [SECONDS_PER_LEVEL]     # default 10
#
# Uses $DOSSIER_BIN (default target/release/dossier), the data at $DOSSIER_DATA (default
# ../shared/data beside the repository, or /work/shared/data), and WORK=$BENCH_WORK (default
# /tmp/dossier-bench-serve; the two indexes are kept there between runs). Exits 0 with a note
# when the data, wrk or tantivy-cli is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
bin="${DOSSIER_BIN:-$repo/target/release/dossier}"
data="${DOSSIER_DATA:-}"
if [ -z "$data" ]; then
    for d in "$repo/../shared/data" /work/shared/data; do
        [ -d "$d/reuters21578" ] && data="$d" && break
    done
fi
if [ -z "$data" ] || [ ! -f "$data/reuters21578/reuters21578.jsonl" ]; then
    echo "bench-serve: no Reuters data (set DOSSIER_DATA to the folder holding reuters21578/ and queries/)"; exit 0
fi
for tool in wrk tantivy python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench-serve: $tool is missing (wrk: apt-get install wrk; tantivy: scripts/install-peers.sh)"; exit 0
    fi
done
[ -x "$bin" ] || { echo "bench-serve: no dossier binary at $bin (cargo build --release)" >&2; exit 1; }
export PYTHONDONTWRITEBYTECODE=1
exec python3 "$here/bench_serve.py" "$repo" "$data" "${BENCH_WORK:-/tmp/dossier-bench-serve}" \
    "$bin" "$(command -v tantivy)" "$(command -v wrk)" "${1:-10}"
