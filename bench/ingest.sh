#!/usr/bin/env bash
# Ingest throughput (documents/s) and peak RSS of `sitrep ingest` on real news,
# on 1 and 2 analysis threads, plus the store alone (--analysis none); then
# de-duplication precision/recall on the BBC file.
#
#   bench/ingest.sh [INPUT.jsonl]      (default ../shared/data/corpora/news/abp_allsides_dev.jsonl)
#
# Each run starts from an empty store. docs/s = records read / wall seconds of
# the ingest itself (model loading excluded; finalize — stories and event
# aggregation — included). Peak RSS from GNU time (`/usr/bin/time -v`).
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
printf '%-10s %-8s %10s %10s %12s\n' analysis threads seconds docs/s peak_RSS_MB
for analysis in full none; do
  for j in 1 2; do
    rm -f "$TMP"/db*
    /usr/bin/time -v "$BIN" ingest --analysis "$analysis" -j "$j" --json --db "$TMP/db" "$INPUT" \
      > "$TMP/out.json" 2> "$TMP/err.txt" || [ $? -eq 2 ]
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$TMP/err.txt")
    python3 - "$TMP/out.json" "$analysis" "$j" "$rss" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<10} {sys.argv[3]:<8} {o['seconds']:10.1f} {o['docs_per_second']:10.1f} {int(sys.argv[4]) / 1024:12.0f}")
EOF
  done
done
BBC=$DATA/corpora/news/bbc_2004_2005.jsonl
if [ -f "$BBC" ]; then
  cargo run --release -q -p sitrep-corpus --example dedup_eval -- "$BBC"
fi
