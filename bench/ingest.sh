#!/usr/bin/env bash
# Ingest throughput (documents/s) and peak RSS of `sitrep ingest` on real news,
# on 1 and 2 analysis threads, plus the store alone (--analysis none); then
# de-duplication precision/recall on the BBC file.
#
#   bench/ingest.sh [INPUT.jsonl]      (default ../shared/data/corpora/news/abp_allsides_dev.jsonl)
#   REPEAT=N bench/ingest.sh           (full-pipeline runs per thread count, default 3)
#
# Each run starts from an empty store. docs/s = records read / wall seconds of
# the ingest itself (model loading excluded; finalize — stories and event
# aggregation — included). Peak RSS from GNU time (`/usr/bin/time -v`).
#
# "cores" is what the process may run on: "all", or 1 when pinned with
# `taskset -c 0`. -j N is N threads that analyze and take turns writing the
# store (no writer thread of their own), so -j 1 on all cores and -j 1 pinned
# to one core should agree; both are printed, and the 2-thread ratio to each.
# (Before session 29 a writer thread ran beside the -j analysis threads, and
# -j 1 on all cores used part of a second core.)
#
# The speed of this kind of shared 2-core machine drifts by 10-20 % within
# minutes, so the full-pipeline runs alternate 1 and 2 threads REPEAT times
# and the ratios are of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${SITREP_SHARED:-../shared}/data"
INPUT=${1:-$DATA/corpora/news/abp_allsides_dev.jsonl}
[ -f "$INPUT" ] || { echo "missing $INPUT" >&2; exit 1; }
cargo build --release -q -p sitrep
BIN=target/release/sitrep
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "input: $INPUT ($(wc -l < "$INPUT") records); $(nproc) cores"
printf '%-10s %-8s %-6s %10s %10s %12s\n' analysis threads cores seconds docs/s peak_RSS_MB

# run ANALYSIS THREADS CORES: one ingest into an empty store; prints a row and
# appends its docs/s to $TMP/rate.ANALYSIS.THREADS.CORES.
run() {
  local analysis=$1 j=$2 cores=$3
  local pin=()
  [ "$cores" = all ] || pin=(taskset -c 0)
  rm -f "$TMP"/db*
  "${pin[@]}" /usr/bin/time -v "$BIN" ingest --analysis "$analysis" -j "$j" --json --db "$TMP/db" "$INPUT" \
    > "$TMP/out.json" 2> "$TMP/err.txt" || [ $? -eq 2 ]
  local rss
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$TMP/err.txt")
  python3 - "$TMP/out.json" "$analysis" "$j" "$cores" "$rss" "$TMP/rate.$analysis.$j.$cores" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<10} {sys.argv[3]:<8} {sys.argv[4]:<6} {o['seconds']:10.1f} {o['docs_per_second']:10.1f} {int(sys.argv[5]) / 1024:12.0f}")
open(sys.argv[6], "a").write(f"{o['docs_per_second']}\n")
EOF
}

for _ in $(seq "${REPEAT:-3}"); do
  run full 1 all
  run full 2 all
done
run none 1 all
run none 2 all
pinned=0
if command -v taskset > /dev/null; then
  run full 1 1
  pinned=1
fi
python3 - "$TMP" "$pinned" <<'EOF'
import statistics, sys
r = lambda k: statistics.median(float(x) for x in open(f"{sys.argv[1]}/rate.full.{k}").read().split())
line = f"full pipeline, medians: 1 thread {r('1.all'):.1f}, 2 threads {r('2.all'):.1f} docs/s; 2 vs 1: {r('2.all') / r('1.all'):.2f}x"
if sys.argv[2] == "1":
    line += f"; 2 threads vs 1 thread pinned to one core: {r('2.all') / r('1.1'):.2f}x"
print(line)
EOF
BBC=$DATA/corpora/news/bbc_2004_2005.jsonl
if [ -f "$BBC" ]; then
  cargo run --release -q -p sitrep-corpus --example dedup_eval -- "$BBC"
fi
