#!/usr/bin/env bash
# fingerprint.sh — the outputs that a change meant to keep behaviour must leave byte-identical.
#
#   scripts/fingerprint.sh BIN OUT_DIR      # then: diff -r OUT_A OUT_B
#
# With the dossier binary BIN, writes to OUT_DIR: `extract --format jsonl` of PolNeAR dev and
# train and quotes-wire dev; `batch --format trec --any -n 1000` of CACM, MED, Cranfield and
# CISI (the relevance runs); `stats` and `speakers -n 300` of BBC News; four BBC queries as
# JSON (without `took_ms`). Story numbers follow the order parallel readers finish in, so
# compare query outputs without their "story" lines. Reads $DOSSIER_DATA (default
# ../shared/data beside the repository); exits 0 with a note when it is missing.
set -euo pipefail
if [ $# -ne 2 ]; then sed -n '2,12p' "$0"; exit 2; fi
BIN="$(realpath "$1")"; OUT="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
D="${DOSSIER_DATA:-$here/../../shared/data}"
if [ ! -d "$D" ]; then echo "fingerprint: no data at $D — nothing to compare"; exit 0; fi
mkdir -p "$OUT"; work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for s in polnear/dev polnear/train quotes-wire/dev; do
    "$BIN" extract "$D/$s/articles" --format jsonl > "$OUT/extract-${s//\//-}.jsonl" 2>/dev/null
done
for c in cacm med cran cisi; do
    "$BIN" -q index --index "$work/$c" "$D/$c/$c.jsonl" > /dev/null
    "$BIN" --index "$work/$c" batch "$D/$c/queries.tsv" --format trec --any -n 1000 --no-snippets \
        > "$OUT/trec-$c.txt" 2>/dev/null || true
done
"$BIN" -q index --index "$work/bbc" "$D/bbc/articles" > /dev/null
"$BIN" stats --index "$work/bbc" --format json | grep -v -e size_bytes -e '"index"' > "$OUT/stats-bbc.json"
"$BIN" speakers --index "$work/bbc" --format json -n 300 > "$OUT/speakers-bbc.json" 2>/dev/null
for q in minister "election NOT labour" '"prime minister"' blair; do
    "$BIN" query --index "$work/bbc" --format json -n 20 "$q" | grep -v took_ms \
        > "$OUT/query-$(echo "$q" | tr -c 'a-z' _).json" || true
done
echo "fingerprint: $(ls "$OUT" | wc -l) files in $OUT"
