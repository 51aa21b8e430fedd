#!/usr/bin/env bash
# Builds regel and runs every test: unit and golden tests, and every ruleset's exempel (ctest);
# the decision log's tests on PostgreSQL against a throwaway server (scripts/postgres-for-tests.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
source "$root/scripts/postgres-for-tests.sh"
cd "$root/build"
# A test that hangs fails: the slowest takes under a minute on two cores.
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" --timeout 300
