#!/usr/bin/env bash
# Writes <file>.br and <file>.gz beside each compressible file of a built app, for the gateway to
# serve to browsers that accept them. Trunk runs it after each build (Trunk.toml, post_build hook)
# in its staging folder; by hand: scripts/precompress.sh [DIR] (default dist).
#
# config.json and index.html are left alone: operators edit config.json after deploy, and the
# gateway serves index.html from the copy it read at start-up (its CSP names the inline scripts).
set -euo pipefail

DIR=${1:-${TRUNK_STAGING_DIR:-dist}}
[ -d "$DIR" ] || { echo "precompress: no folder $DIR" >&2; exit 1; }
for tool in brotli gzip; do
  command -v "$tool" >/dev/null || { echo "precompress: $tool missing (run scripts/setup.sh)" >&2; exit 1; }
done

rm -f "$DIR"/config.json.{br,gz} "$DIR"/index.html.{br,gz}
find "$DIR" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \
  -o -name '*.json' -o -name '*.svg' \) ! -name config.json ! -name index.html -print0 |
  while IFS= read -r -d '' file; do
    brotli --force --best --output="$file.br" "$file"
    # --no-name: no file name or time stamp inside, so a rebuild gives the same bytes.
    gzip --force --best --keep --no-name "$file"
  done
