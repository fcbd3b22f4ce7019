#!/usr/bin/env bash
# Regenerates ui/world.json (country outlines for the map view) from the npm
# package world-atlas (Natural Earth 1:110m, public domain). Needs node and npm;
# not part of the build: the generated asset is committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${WORLD_ATLAS_VERSION:-2.0.2}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "world-atlas@$version" >/dev/null && tar xzf world-atlas-*.tgz)
node "$here/topo2paths.mjs" "$tmp/package/countries-110m.json" > "$here/../world.json"
echo "wrote $here/../world.json ($(wc -c < "$here/../world.json") bytes) from world-atlas@$version" >&2
