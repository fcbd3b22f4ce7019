#!/usr/bin/env bash
# sitrep vs gdelt-regkg on the same 200 articles: per-field agreement and speed ratio.
#
#   bash bench/regkg.sh [N]
#
# Sets up bench/.venv-regkg (Python >= 3.12, gitignored) with gdelt-regkg and
# its authored theme rules (built offline), builds sitrep's extract-only runner
# (crates/extract/examples/kg_jsonl.rs) and runs bench/regkg_compare.py.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200}"
PY="${REGKG_PYTHON:-}"
if [ -z "$PY" ]; then
  for c in python3.12 python3.13 "$HOME/.pyenv/versions/3.12.1/bin/python"; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 2>/dev/null 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then PY="$c"; break; fi
  done
fi
[ -n "$PY" ] || { echo "need Python >= 3.12 (set REGKG_PYTHON)" >&2; exit 1; }
VENV=bench/.venv-regkg
if [ ! -x "$VENV/bin/gdelt-regkg-cli" ]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q gdelt-regkg==2.1.2
fi
if [ ! -f "$VENV/regkg-resources/lexicons/themes.authored.json" ]; then
  "$VENV/bin/gdelt-regkg-cli" build themes --use authored --authored-themes-only --output "$VENV/regkg-resources" >/dev/null
fi
cargo build --release -q -p sitrep-extract --example kg_jsonl
"$VENV/bin/python" bench/regkg_compare.py --n "$N" --resources "$VENV/regkg-resources"
