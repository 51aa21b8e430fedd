#!/usr/bin/env bash
# Compile scaling as a table: rulesets of 1 000 … 150 000 definitions built and run (see
# bench/compile_scaling.py, which bench/run.sh also uses). Not run in CI.
# Usage: bench/compile_scaling.sh [REGEL] [SIZES...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
regel="${1:-$root/build/regel}"
shift || true
exec python3 "$root/bench/compile_scaling.py" "$regel" --table "$@"
