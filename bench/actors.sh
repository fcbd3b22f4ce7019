#!/usr/bin/env bash
# Actor coding speed and dictionary load time (single thread). Prints one JSON line.
set -euo pipefail
cd "$(dirname "$0")/.."
NEWS="${1:-../shared/data/corpora/news/abp_allsides_dev.jsonl}"
cargo run -q -p sitrep-actors --release --example bench_actors -- "$NEWS" "${2:-2000}"
