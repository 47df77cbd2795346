#!/usr/bin/env bash
# eval-attribution.sh — quotation detection and speaker attribution on PolNeAR dev, PolNeAR
# train and quotes-wire dev, as given and hard-wrapped at 40, 60 and 80 columns, in one table.
#
#   scripts/eval-attribution.sh [--reuters] [--folds K] [--widths 40,60,80] [--sets dev,train,wire,es] [--json FILE]
#   scripts/eval-attribution.sh --sets es --widths ""    # Spanish dev only, as given
#
# Uses the binary at $DOSSIER_BIN (default target/release/dossier; this script does not build
# it) and the data at $DOSSIER_DATA (default ../shared/data beside the repository). `--reuters`
# adds the share of Reuters-21578 articles with an unmistakable `...," X said` quotation that get
# one; `--folds 5` how each set's figures vary over five disjoint parts of its articles. Exits 0
# with a note when the data is absent. Details: scripts/eval_attribution.py.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
data="${DOSSIER_DATA:-$repo/../shared/data}"
if [ ! -d "$data/polnear" ]; then
    echo "eval-attribution: no evaluation data at $data; nothing measured"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "eval-attribution: python3 is needed" >&2
    exit 1
fi
export PYTHONDONTWRITEBYTECODE=1
exec python3 "$here/eval_attribution.py" --data "$data" "$@"
