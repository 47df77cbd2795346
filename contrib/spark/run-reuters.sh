#!/usr/bin/env bash
# run-reuters.sh — the Spark job on Reuters-21578: installs pyspark (PyPI) if missing, runs
# contrib/spark/dossier_job.py with 4 partitions on local[2], times it against one
# `dossier extract` process, and checks the two outputs are line for line the same.
#
# Needs a JDK (17 works) and the dossier binary at $DOSSIER_BIN (default
# target/release/dossier); reads $DOSSIER_DATA (default ../shared/data beside the repository)
# and exits 0 with a note when Reuters is not there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${DOSSIER_DATA:-$repo/../shared/data}"
bin="${DOSSIER_BIN:-$repo/target/release/dossier}"
partitions="${PARTITIONS:-4}"
input="$data/reuters21578/reuters21578.jsonl"
[ -f "$input" ] || { echo "run-reuters: no $input (set DOSSIER_DATA): nothing to run"; exit 0; }
[ -x "$bin" ] || { echo "run-reuters: no dossier binary at $bin (cargo build --release)" >&2; exit 1; }
command -v java > /dev/null || { echo "run-reuters: a JDK is needed (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }
python3 -c 'import pyspark' 2> /dev/null || python3 -m pip install -q pyspark
submit="$(python3 -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== one process"
/usr/bin/env time -f "one process: %e s wall, %M KB peak" \
    "$bin" -q extract - --format jsonl < "$input" > "$work/one.jsonl"
echo "== spark-submit --master local[2], $partitions partitions"
/usr/bin/env time -f "spark job: %e s wall, %M KB peak (driver)" \
    "$submit" --master 'local[2]' "$here/dossier_job.py" --dossier "$bin" \
    --partitions "$partitions" "$input" "$work/out" 2> "$work/spark.err" || { cat "$work/spark.err" >&2; exit 1; }
grep -E "^(spark job|dossier_job)" "$work/spark.err" || true
echo "== compare"
ls "$work/out"
if cat "$work/out"/part-* | cmp -s - "$work/one.jsonl"; then
    echo "the job's part files, in order, are byte for byte one process's output ($(wc -l < "$work/one.jsonl") articles)"
else
    echo "DIFFERENT from one process" >&2
    cat "$work/out"/part-* | diff - "$work/one.jsonl" | head -5 >&2
    exit 1
fi
