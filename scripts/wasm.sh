#!/usr/bin/env bash
# Runs a command with the wasm32 toolchain of scripts/setup.sh: the chosen std route, wasm-opt 123
# first on PATH, and the headless-Chromium test runner. Host builds must not use this (build-std
# needs --target).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# scripts/split first: its wasm-bindgen splits the app into lazily loaded parts before running
# the real one (Trunk builds); wasm-split-cli from scripts/setup.sh.
export PATH="$ROOT/scripts/split:$ROOT/.tools/wasm-split/bin:$ROOT/.tools/binaryen/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# shellcheck source=/dev/null
source "$ROOT/.tools/wasm-env.sh"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# Leptos erases each component's view type (one shared closure type per output instead of one
# per call site): 9% less wasm, measured. Only for wasm32; host clippy and tests build as usual.
# RUSTFLAGS, not the target's own variable: a RUSTFLAGS from the environment would silently
# replace that. Every command run here builds for --target wasm32, so host code never sees it.
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components"
# The splitter needs the linker's relocations. Every wasm32 build gets the flag, tests too: a
# RUSTFLAGS that differed between commands would rebuild every crate each time.
RUSTFLAGS="$RUSTFLAGS -C link-args=--emit-relocs"
# Release builds leave the file:line of each possible panic out: 24 KB less wasm, measured. A -Z
# flag on a stable compiler needs RUSTC_BOOTSTRAP, which the Debian route sets anyway; debug
# builds and the browser tests keep their locations.
case " $* " in
  *" --release "*)
    export RUSTC_BOOTSTRAP=1
    RUSTFLAGS="$RUSTFLAGS -Zlocation-detail=none"
    # Where the library source is there (scripts/setup.sh), std is rebuilt so that a panic
    # aborts at once: no message, no formatting code, 12 KB brotli less wasm (measured). The page
    # still says the app stopped (index.html listens for the wasm's trap); debug builds and the
    # browser tests keep the messages in the console.
    if [ -n "${TICKET_DESK_STD_SOURCE:-}" ]; then
      export CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
      RUSTFLAGS="$RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort"
    fi
    ;;
esac
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# A target dir of its own: the wasm route may use another rustc than host builds.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/wasm}
exec "$@"
