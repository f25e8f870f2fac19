#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml): places the lazily loaded parts of the app that
# scripts/split/wasm-bindgen cut out of the wasm, then precompresses everything. One script, as
# Trunk starts the hooks of a stage all at once.
#
# Each part gets the build's hash in its name, like the files Trunk names (ticket-desk-<hash>.js),
# so the gateway serves it as immutable and a tab left open on an older build never mixes parts.
set -euo pipefail
STAGE=${TRUNK_STAGING_DIR:?run by trunk}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

glue=$(cd "$STAGE" && ls ticket-desk-*.js)
hash=${glue#ticket-desk-}
hash=${hash%.js}
if grep -q '"./__wasm_split.js"' "$STAGE/$glue"; then
  parts="${CARGO_TARGET_DIR:?run through scripts/wasm.sh}/wasm-bindgen/$TRUNK_PROFILE/split"
  [ -f "$parts/__wasm_split.js" ] || { echo "post-build: $glue loads parts, but $parts has none" >&2; exit 1; }
  loader="__wasm_split-$hash.js"
  renames=(-e "s#\"./ticket-desk.js\"#\"./$glue\"#")
  for part in "$parts"/split_*.wasm "$parts"/chunk_*.wasm; do
    [ -e "$part" ] || continue
    name=${part##*/}
    hashed="${name%.wasm}-$hash.wasm"
    renames+=(-e "s#\"./$name\"#\"./$hashed\"#")
    if [ "$TRUNK_PROFILE" = release ]; then
      # As Trunk does for the main module (index.html's data-wasm-opt="z"). wasm-opt does not
      # know the splitter's name subsection and says so for every part: not a problem.
      wasm-opt -Oz "$part" -o "$STAGE/$hashed" 2> >(grep -v 'unknown name subsection' >&2)
    else
      cp "$part" "$STAGE/$hashed"
    fi
  done
  sed "${renames[@]}" "$parts/__wasm_split.js" >"$STAGE/$loader"
  # Only the import statements: the import object keeps the module name the wasm was linked with.
  sed -Ei "s#from ?\"\./__wasm_split\.js\"#from \"./$loader\"#g" "$STAGE/$glue"
  if grep -Eq "from ?\"\./__wasm_split\.js\"" "$STAGE/$glue"; then
    echo "post-build: $glue still imports ./__wasm_split.js" >&2
    exit 1
  fi
  # Fetched with the glue, not after it: the glue cannot run before its imports are there.
  # (Minified in release builds: the quotes may be gone.)
  template='<template id="?app-files"?>'
  grep -Eq "$template" "$STAGE/index.html" ||
    { echo "post-build: no <template id=app-files> in index.html for the loader's preload" >&2; exit 1; }
  sed -Ei "s#$template#&<link rel=\"modulepreload\" href=\"./$loader\">#" "$STAGE/index.html"
fi
# Release builds: the glue and the loader minified by esbuild (scripts/setup.sh), as Trunk's
# minifier cannot parse the glue: 64 -> 30 KB raw, 1.8 KB less brotli (measured).
if [ "$TRUNK_PROFILE" = release ]; then
  esbuild="$HERE/../.tools/esbuild/node_modules/.bin/esbuild"
  [ -x "$esbuild" ] || { echo "post-build: no esbuild in .tools (run scripts/setup.sh)" >&2; exit 1; }
  for js in "$STAGE"/ticket-desk-*.js "$STAGE"/__wasm_split-*.js; do
    [ -e "$js" ] || continue
    # The glue names one import module once per import: a duplicate key esbuild warns about.
    "$esbuild" --minify --format=esm --log-level=error "$js" --outfile="$js.min"
    mv "$js.min" "$js"
  done
fi
exec "$HERE/precompress.sh"
