#!/usr/bin/env bash
# Installs the Debian packages regel needs to build and test, only those that are missing.
# Idempotent: when everything is present it runs no apt or npm command at all.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  antlr4 libantlr4-runtime-dev default-jre-headless
  libfmt-dev libcli11-dev libsimdjson-dev libssl-dev libicu-dev
  libsqlite3-dev sqlite3
  chromium
  libpq-dev postgresql
  libcpp-httplib-dev python3-jsonschema python3-yaml wrk
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

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installerar ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The playground's front end (playground/, see its README) is built with Node from the npm
# registry. Debian's nodejs and npm only where there is no npm at all (the machines normally have
# Node 20 and npm 11); `npm ci` only when node_modules is missing or older than package-lock.json
# (npm rewrites node_modules/.package-lock.json on every install, so that file dates it).
if ! command -v npm >/dev/null 2>&1; then
  echo "install-deps: installerar nodejs npm" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
playground="$(cd "$(dirname "$0")/.." && pwd)/playground"
if [ ! -f "$playground/node_modules/.package-lock.json" ] ||
   [ "$playground/package-lock.json" -nt "$playground/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci i playground/" >&2
  (cd "$playground" && npm ci --no-audit --no-fund --loglevel=error)
fi
