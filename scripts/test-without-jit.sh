#!/usr/bin/env bash
# Builds regel without the LLVM JIT (-DREGEL_JIT=OFF) into build-nojit/ and runs every test there:
# the project must build and pass without LLVM too (the JIT's own tests skip themselves).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
jobs="$(nproc 2>/dev/null || echo 2)"
# Compiler caching across clones (CI builds a fresh clone): paths under the source tree are
# hashed relative to it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
cmake -S "$root" -B "$root/build-nojit" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGEL_JIT=OFF >/dev/null
cmake --build "$root/build-nojit" -j "$jobs"
cd "$root/build-nojit"
ctest --output-on-failure -j "$jobs"
