#!/usr/bin/env bash
# Reader throughput (one thread, no NLP): JSONL and WARC.gz from ../shared/data.
# MB/s counts input bytes as stored on disk (compressed for .gz).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${SITREP_SHARED:-../shared}/data"
cargo build --release -q -p sitrep-sources --example read_throughput
BIN=target/release/examples/read_throughput
$BIN "$DATA/corpora/news/abp_allsides_dev.jsonl"
$BIN "$DATA/corpora/news/bbc_2004_2005.jsonl"
$BIN "$DATA/corpora/warc/news_pages_repackaged.warc.gz"
