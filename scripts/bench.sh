#!/usr/bin/env bash
# bench.sh — run dossier's benchmark harness (scripts/bench.py) against its peers.
#
#   scripts/install-peers.sh       # once: tantivy-cli, sqlite3, ripgrep, recoll, time, hyperfine
#   scripts/bench.sh [--quick] [--runs N] [--work DIR] [--no-peers] [--no-sweep] ...
#
# Uses the dossier binary at $DOSSIER_BIN (default: target/release/dossier; this script does not
# build it) and the data at $DOSSIER_DATA (default: ../shared/data beside the repository, or
# /work/shared/data); exits 0 with a note when the data is missing. Results: a Markdown table on
# stdout, WORK/results.md and WORK/results.json. `scripts/bench.sh --help` lists every option.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

if ! command -v python3 >/dev/null 2>&1; then
    echo "bench: python3 (3.9 or later) is needed to run the benchmark" >&2
    exit 1
fi

export PYTHONDONTWRITEBYTECODE=1
export DOSSIER_BIN="${DOSSIER_BIN:-$repo/target/release/dossier}"
# install-peers.sh puts tantivy-cli in cargo's bin folder, which may not be on PATH
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
exec python3 "$here/bench.py" --repo "$repo" "$@"
