#!/usr/bin/env bash
# Per-stage time of the whole pipeline on one thread, on real news:
# segment, tag+parse, NER, actors, extractors, events (with each stage's
# ratio to tag+parse), plus docs/s and tokens/s.
# Usage: bench/stages.sh [N_ARTICLES]   (default 500; reads ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-500}"
data="../shared/data/corpora/news/abp_allsides_dev.jsonl"
cargo build --release -q -p sitrep-pipeline --example stages
./target/release/examples/stages "$data" "$n" | python3 -m json.tool
