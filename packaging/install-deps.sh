#!/usr/bin/env bash
# Installs, with apt, everything Hogscope needs to build, run and test on Debian 12.
# Idempotent: when every package (and node/npm) is present it does nothing at all.
# Works as root or through sudo.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  # Qt 6
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libqt6svg6
  # editor, secrets, storage, JSON, spreadsheets
  libqscintilla2-qt6-dev qtkeychain-qt6-dev libsqlite3-dev libsimdjson-dev libxlsxwriter-dev
  # flat hash maps for the importer's in-memory rollups
  libabsl-dev
  # headless GUI tests and screenshots
  xvfb xauth x11-apps imagemagick fonts-dejavu-core
  # packaging checks
  appstream lintian file dpkg-dev desktop-file-utils curl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# node and npm run the reference HogQL parser in the conformance tests; any node >= 18 will do,
# so an existing install (Debian's or another) is kept rather than replaced.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
