#!/usr/bin/env bash
# Load benchmark of `sitrep serve` (issue #8): event queries with wrk on loopback.
#
# Builds (once, cached in bench/out/serve/) a store from the AllSides news
# sample with `sitrep ingest`, starts the server on a free loopback port, runs
# wrk over the event queries of bench/serve.lua and prints requests/s and the
# p99 latency with the load average. Target: >= 2,000 requests/s, p99 < 50 ms.
#
# Usage: bench/serve.sh [--rebuild]   (env: SECONDS_PER_RUN=20 CONNECTIONS=32 THREADS=2 SITREP_BIN=...
#        SERVE_ARGS="--cache-mb 0" to measure without the response cache)
set -euo pipefail
cd "$(dirname "$0")/.."
NEWS="${NEWS:-../shared/data/corpora/news/abp_allsides_dev.jsonl}"
OUT=bench/out/serve
DB="$OUT/$(basename "$NEWS" .jsonl).db"
DURATION="${SECONDS_PER_RUN:-20}"
CONNS="${CONNECTIONS:-32}"
WRK_THREADS="${THREADS:-2}"

command -v wrk >/dev/null || { echo "bench/serve.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -f "$NEWS" ] || { echo "bench/serve.sh: $NEWS is missing (../shared/data)" >&2; exit 1; }
if [ -z "${SITREP_BIN:-}" ]; then
  cargo build --release -p sitrep --quiet
  SITREP_BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/sitrep"
fi
mkdir -p "$OUT"
if [ "${1:-}" = "--rebuild" ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
if [ ! -f "$DB" ]; then
  echo "building $DB (sitrep ingest, once)" >&2
  "$SITREP_BIN" ingest "$NEWS" --db "$DB.tmp" >&2
  mv "$DB.tmp" "$DB"; rm -f "$DB.tmp-wal" "$DB.tmp-shm"
fi
"$SITREP_BIN" query stats --db "$DB" --format json | python3 -c 'import json,sys; s=json.load(sys.stdin); print("store: %d documents, %d events, %d mentions" % (s["documents"], s["events"], s["mentions"]))' >&2

log="$OUT/server.log"
# shellcheck disable=SC2086  # SERVE_ARGS is a list of options
"$SITREP_BIN" serve --db "$DB" --addr 127.0.0.1:0 ${SERVE_ARGS:-} 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base=""
for _ in $(seq 100); do
  base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { cat "$log" >&2; exit 1; }
curl -sf "$base/api/events?limit=1" >/dev/null

# Warm up the page cache and the statement caches, then measure.
wrk -t"$WRK_THREADS" -c"$CONNS" -d3s -s bench/serve.lua "$base" >/dev/null
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
result="$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s bench/serve.lua "$base")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "$result"
rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$result")"
p99="$(awk '$1 == "99%" {print $2}' <<<"$result")"
errors="$(grep -E 'Non-2xx|Socket errors' <<<"$result" || true)"
echo
echo "server: sitrep serve ${SERVE_ARGS:-}"
echo "command: wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency -s bench/serve.lua $base"
echo "requests/s: $rps   p99: $p99   cores: $(nproc)   load average before: $load_before   after: $load_after"
[ -z "$errors" ] || echo "errors: $errors"
