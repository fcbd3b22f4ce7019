#!/usr/bin/env bash
# Tokenizer + sentence splitter throughput (one thread) on the abp news corpus.
#
#   bench/tokenize.sh            sitrep only
#   bench/tokenize.sh --spacy    also spaCy 3.8's rule tokenizer + sentencizer on the same
#                                texts (installed into bench/.venv on first use), and the ratio
#
# Prints JSON lines. MB/s is reported on wall-clock time and on the thread's own CPU
# time: the machine is shared, and CPU time is the figure that does not depend on load.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${SITREP_SHARED:-../shared}/data/corpora/news/abp_allsides_dev.jsonl"
ROUNDS="${ROUNDS:-5}"
cargo build -q --release -p sitrep-text --example bench_tokenize
OURS=$(./target/release/examples/bench_tokenize "$DATA" "$ROUNDS")
echo "{\"tool\":\"sitrep\",${OURS#\{}"
if [[ "${1:-}" == "--spacy" ]]; then
  if [[ ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q 'spacy==3.8.*'
  fi
  THEIRS=$(bench/.venv/bin/python bench/tokenize_spacy.py "$DATA" "$ROUNDS")
  echo "{\"tool\":\"spacy\",${THEIRS#\{}"
  python3 - "$OURS" "$THEIRS" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(json.dumps({"ratio_cpu": round(a["mb_per_s_cpu"] / b["mb_per_s_cpu"], 1),
                  "ratio_wall": round(a["mb_per_s_wall"] / b["mb_per_s_wall"], 1)}))
PY
fi
