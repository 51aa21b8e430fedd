#!/usr/bin/env bash
# Builds regel with AddressSanitizer and UndefinedBehaviorSanitizer and without the LLVM JIT
# (-DREGEL_SANITIZE=ON -DREGEL_JIT=OFF) into build-sanitized/, and runs every test there. One run
# checks two things: the project builds and passes without LLVM (the JIT's own tests skip
# themselves; they run in the normal build), and no test makes a bad memory access, a leak or
# undefined behaviour in regel's code (the first report fails the test that made it). The decision
# log's tests on PostgreSQL run against a throwaway server (scripts/postgres-for-tests.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
jobs="$(nproc 2>/dev/null || echo 2)"
# Compiler caching across clones: paths under the source tree are hashed relative to it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
cmake -S "$root" -B "$root/build-sanitized" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGEL_JIT=OFF \
  -DREGEL_SANITIZE=ON >/dev/null
cmake --build "$root/build-sanitized" -j "$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
source "$root/scripts/postgres-for-tests.sh"
cd "$root/build-sanitized"
ctest --output-on-failure -j "$jobs" --timeout 900
