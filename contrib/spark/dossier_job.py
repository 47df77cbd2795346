"""dossier on Spark: extraction in parallel, story groups as one process gives them.

    spark-submit --master local[2] contrib/spark/dossier_job.py \
        --dossier BIN --partitions N INPUT OUTPUT

INPUT is JSONL (one article a line, as `dossier extract` reads it); OUTPUT, a new folder,
gets `part-NNNNN` JSONL files, one article a line as `dossier extract --format jsonl`
prints it (id, title, date, speakers, quotes with speakers, story, ...). Together, in order,
they are line for line what one `dossier extract - --format jsonl < INPUT` prints.

1. Extraction: each partition is piped (`RDD.pipe`) through `dossier extract - --signature
   --format jsonl` on the executors; the lines keep the input's order.
2. Grouping: one `dossier group` on the driver reads the partitions' lines in order and
   assigns story ids exactly as one process would (memory grows with the stories, ~150
   bytes each, not with the articles); its lines go back to one `part-` file per partition.

Records without an `id` get `stdin#N` as their id in each partition, so ids repeat across
partitions; give records ids when they matter (story ids derive from the founding article's).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from pyspark import SparkConf, SparkContext


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossier", required=True, help="the dossier binary (on every executor)")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("input")
    parser.add_argument("output")
    args = parser.parse_args()
    dossier = os.path.abspath(args.dossier)
    if os.path.exists(args.output):
        sys.exit(f"dossier_job: {args.output} exists; give a new folder")

    sc = SparkContext(conf=SparkConf().setAppName("dossier extract"))
    sc.setLogLevel("WARN")
    lines = sc.textFile(args.input, minPartitions=args.partitions)
    extracted = lines.pipe(f"{dossier} -q extract - --signature --format jsonl")
    scratch = tempfile.mkdtemp(prefix="dossier-job-")
    parts_dir = os.path.join(scratch, "extracted")
    extracted.saveAsTextFile(parts_dir)
    sc.stop()

    parts = sorted(p for p in os.listdir(parts_dir) if p.startswith("part-"))
    counts = []
    for p in parts:
        with open(os.path.join(parts_dir, p), "rb") as f:
            counts.append(sum(1 for _ in f))
    os.makedirs(args.output)
    group = subprocess.Popen(
        [dossier, "-q", "group"] + [os.path.join(parts_dir, p) for p in parts],
        stdout=subprocess.PIPE,
    )
    for p, n in zip(parts, counts):
        with open(os.path.join(args.output, p), "wb") as out:
            for _ in range(n):
                line = group.stdout.readline()
                if not line:
                    sys.exit("dossier_job: the grouping pass ended early")
                out.write(line)
    if group.wait() != 0 or group.stdout.read():
        sys.exit("dossier_job: the grouping pass failed")
    shutil.rmtree(scratch)
    print(f"dossier_job: {sum(counts)} articles in {len(parts)} parts in {args.output}")


if __name__ == "__main__":
    main()
