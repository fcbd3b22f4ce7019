#!/usr/bin/env bash
# Browser end-to-end test of `sitrep serve` (issue #8).
#
# Installs what it needs when missing (Debian's chromium and chromium-driver
# with apt-get, playwright-core with npm: idempotent), builds sitrep, ingests
# examples/ (plus ../shared/seeds when present) into a temporary store, and runs
# e2e.mjs, which drives the UI in headless chromium and writes screenshots to
# tests/e2e/artifacts/ (gitignored; override with SITREP_E2E_ARTIFACTS).
#
# Environment: SITREP_BIN=path skips the build; CHROMIUM=path picks the browser.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

need_apt=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || need_apt+=(chromium)
dpkg -s chromium-driver >/dev/null 2>&1 || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e: installing ${need_apt[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  echo "e2e: installing playwright-core (npm)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

if [ -z "${SITREP_BIN:-}" ]; then
  cargo build --release -p sitrep --quiet
  SITREP_BIN="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')/release/sitrep"
fi
export SITREP_BIN

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export SITREP_E2E_DB="$tmp/e2e.db"
export SITREP_E2E_ARTIFACTS="${SITREP_E2E_ARTIFACTS:-$here/artifacts}"
inputs=(examples)
export SITREP_E2E_SEEDS=0
if [ -d ../shared/seeds ]; then
  inputs+=(../shared/seeds)
  SITREP_E2E_SEEDS=1
elif [ "${SITREP_REQUIRE_SHARED:-}" = 1 ]; then
  echo "e2e: ../shared/seeds is missing and SITREP_REQUIRE_SHARED=1" >&2
  exit 1
fi
"$SITREP_BIN" ingest "${inputs[@]}" --db "$SITREP_E2E_DB"

cd "$here"
node e2e.mjs
