#!/usr/bin/env bash
# eval-relevance.sh — dossier's ranking quality on the standard test collections.
#
#   scripts/eval-relevance.sh [--json FILE] [--keep] [BATCH-OPTION ...]
#
# For each of CACM, MED, Cranfield and CISI found under $DOSSIER_DATA (default: ../shared/data
# beside the repository, or /work/shared/data): indexes the collection's JSONL into a temporary
# index with the dossier binary at $DOSSIER_BIN (default: target/release/dossier; this script
# does not build it), answers its queries.tsv as given with
# `batch --format trec --any -n 1000 --no-snippets` (plus any options given here, e.g. --expand),
# scores the run with ../shared/tools/trec_eval.py and prints one Markdown table (MAP, P@10,
# nDCG@10 and the reference BM25 MAP of each collection; CACM also against qrels.padded.txt).
# Exits 0 with a note when the data is missing. `scripts/eval-relevance.sh --help` for more.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

if ! command -v python3 >/dev/null 2>&1; then
    echo "eval-relevance: python3 (3.9 or later) is needed" >&2
    exit 1
fi

export PYTHONDONTWRITEBYTECODE=1
export DOSSIER_BIN="${DOSSIER_BIN:-$repo/target/release/dossier}"
exec python3 "$here/eval_relevance.py" --repo "$repo" "$@"
