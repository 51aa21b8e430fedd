#!/usr/bin/env bash
# Installs the Debian packages regel needs to build and test, only those that are missing.
# Idempotent: when everything is present it runs no apt command at all.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  antlr4 libantlr4-runtime-dev default-jre-headless
  libfmt-dev libcli11-dev libsimdjson-dev libssl-dev libicu-dev
  libsqlite3-dev sqlite3
  chromium
  libpq-dev postgresql
  libcpp-httplib-dev python3-jsonschema wrk
  libgtest-dev libgmock-dev libbenchmark-dev
  llvm-14-dev
)
# `install-deps.sh fuzz`: also clang-14 and its libFuzzer and sanitizer runtimes (scripts/fuzz.sh).
if [ "${1:-}" = fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" >/dev/null 2>&1; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installerar ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
