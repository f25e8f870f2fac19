#!/usr/bin/env bash
# Brings this machine to a working toolchain for Ticket Desk. Idempotent: every step checks first
# and skips what is already there, so a second run takes seconds. See ../shared/TOOLCHAIN.md.
#
# Writes .tools/wasm-env.sh, which scripts/wasm.sh sources for wasm32 builds and tests only.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/.tools"
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=123.0.0
AXE_CORE_VERSION=4.14.1
mkdir -p "$TOOLS"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ $APT_UPDATED -eq 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# 1. The wasm32 standard library: rustup's target when it is (or quickly becomes) available,
#    otherwise Debian's rustc-web with std built from source (TOOLCHAIN.md, "What works" 1).
wasm_env="$TOOLS/wasm-env.sh"
has_rustup_wasm() { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }
# Whether a compiler knows the panic strategy that aborts at once (Rust 1.92 and later).
aborts_at_once() {
  RUSTC_BOOTSTRAP=1 "$1" -Zunstable-options -Cpanic=immediate-abort --print cfg \
    --target wasm32-unknown-unknown 2>/dev/null | grep -qx 'panic="immediate-abort"'
}
# The download host is unreachable on some machines and rustup then hangs: give it a short leash,
# once per machine (the marker keeps later runs from waiting again; delete it to retry).
unreachable_marker="$TOOLS/rustup-wasm32-unreachable"
if [ "${TICKET_DESK_WASM_ROUTE:-}" != debian ] && ! has_rustup_wasm && [ ! -e "$unreachable_marker" ] \
  && command -v rustup >/dev/null 2>&1; then
  say "trying rustup target add wasm32-unknown-unknown (at most 60 s)"
  if ! timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    say "rustup could not fetch the wasm32 target; using Debian's rustc-web"
    touch "$unreachable_marker"
  fi
fi
if [ "${TICKET_DESK_WASM_ROUTE:-}" != debian ] && has_rustup_wasm; then
  # The library source lets release builds rebuild std with panics that abort at once (no
  # message, no formatting code: 12 KB brotli less wasm, scripts/wasm.sh). Optional: from the
  # same host as the target, so the same short leash, once; without it builds keep rustup's std.
  src_marker="$TOOLS/rustup-rust-src-unreachable"
  std_src="$(rustc --print sysroot)/lib/rustlib/src/rust/library"
  if [ ! -d "$std_src" ] && [ ! -e "$src_marker" ]; then
    say "trying rustup component add rust-src (at most 60 s)"
    if ! timeout 60 rustup component add rust-src >/dev/null 2>&1; then
      say "rustup could not fetch rust-src: release builds keep std's panic messages (delete $src_marker to retry)"
      touch "$src_marker"
    fi
  fi
  if [ -d "$std_src" ] && aborts_at_once rustc; then
    printf '# rustup route: the wasm32 target and the library source are installed\nexport TICKET_DESK_STD_SOURCE=1\n' >"$wasm_env"
  else
    printf '# rustup route: the wasm32 target is installed (std as shipped: no library source, or an older rustc)\n' >"$wasm_env"
  fi
else
  apt_install rustc-web cargo-web rust-web-src lld-19
  links="$TOOLS/rust-web-bin"
  mkdir -p "$links"
  ln -sf /usr/bin/cargo "$links/cargo"
  ln -sf /usr/bin/rustc "$links/rustc"
  cat >"$wasm_env" <<ENV
# Debian route: rustc-web 1.96 builds std for wasm32 from /usr/lib/rustlib/src/rust.
export PATH="$links:\$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19
ENV
  if aborts_at_once /usr/bin/rustc; then
    printf 'export TICKET_DESK_STD_SOURCE=1\n' >>"$wasm_env"
  fi
fi

# 2. Chromium and its driver for the browser tests; npm for wasm-opt; the compressors of the
#    Trunk post-build hook (scripts/precompress.sh).
apt_install chromium chromium-driver brotli gzip
command -v npm >/dev/null 2>&1 || apt_install npm

# 2b. nginx for the sub-path end-to-end test (e2e/tests/subpath.rs runs the binary itself, in
#     the foreground on a free port). The package would start a system service on port 80; a
#     policy-rc.d that refuses service starts (Debian's documented switch) keeps it stopped.
if ! dpkg-query -W -f='${Status}' nginx 2>/dev/null | grep -q "install ok installed"; then
  policy=/usr/sbin/policy-rc.d
  if [ -e "$policy" ]; then
    apt_install nginx
  else
    # Removed however the install ends (an interrupted apt-get included), or every later
    # service start on the machine would be refused.
    trap '$SUDO rm -f "$policy"' EXIT
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod +x "$policy"
    apt_install nginx
    $SUDO rm -f "$policy"
    trap - EXIT
    # Nor at the next boot.
    $SUDO update-rc.d nginx disable >/dev/null 2>&1 || true
  fi
fi

# 3. Trunk, pinned (0.22 needs a newer rustc than these machines have).
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 4. wasm-bindgen CLI at exactly the version Cargo.lock uses (Trunk refuses any other).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION"; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 4 minutes)"
  # Not --locked: one of its locked dependencies is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# 4b. The splitter that cuts the lazily loaded pages out of the app's wasm (scripts/split).
SPLIT_VERSION=0.2.4
# It has no --version: cargo install's own record says what is there.
if ! [ -x "$TOOLS/wasm-split/bin/wasm-split-cli" ] \
  || ! grep -qs "^\"wasm_split_cli_support $SPLIT_VERSION " "$TOOLS/wasm-split/.crates.toml"; then
  say "installing wasm-split-cli $SPLIT_VERSION (about 2 minutes)"
  cargo install --locked wasm_split_cli_support --version "$SPLIT_VERSION" --features build-binary \
    --root "$TOOLS/wasm-split"
fi

# 5. wasm-opt 123 from npm into a project-local folder; Debian's binaryen 108 breaks the module.
if ! "$TOOLS/binaryen/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version 123"; then
  say "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm)"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/binaryen" "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# 5b. esbuild from npm into a project-local folder: it minifies the wasm-bindgen glue in release
#     builds (scripts/post-build.sh), which Trunk's own minifier cannot parse.
ESBUILD_VERSION=0.25.9
if ! "$TOOLS/esbuild/node_modules/.bin/esbuild" --version 2>/dev/null | grep -qx "$ESBUILD_VERSION"; then
  say "installing esbuild $ESBUILD_VERSION (npm)"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/esbuild" "esbuild@$ESBUILD_VERSION" >/dev/null
fi

# 6. axe-core for the end-to-end accessibility test (e2e/tests/accessibility.rs injects its
#    axe.min.js into each page), from npm into a project-local folder like wasm-opt.
axe_dir="$TOOLS/axe/node_modules/axe-core"
if [ ! -f "$axe_dir/axe.min.js" ] || ! grep -q "\"version\": \"$AXE_CORE_VERSION\"" "$axe_dir/package.json" 2>/dev/null; then
  say "installing axe-core $AXE_CORE_VERSION (npm)"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/axe" "axe-core@$AXE_CORE_VERSION" >/dev/null
fi

# 7. Host tooling checked by make test.
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >/dev/null 2>&1 || true

say "toolchain ready ($(head -n1 "$wasm_env" | sed 's/^# //'))"
