#!/usr/bin/env bash
# Builds the benchmarks in build-bench/ (Release, -DREGEL_BUILD_BENCH=ON), checks that the VM and
# the hand-written code decide alike, runs every benchmark with 10 repetitions, interleaved in a
# random order (so that a slow spell of the shared machine falls on every benchmark alike), writes
# bench/RESULTS.md (bench/results.py): medians, and ratios against baselines of the same run.
# Never run in CI.
#
#   bench/run.sh                                      # everything, writes bench/RESULTS.md
#   bench/run.sh --benchmark_filter='BM_Vm|BM_Hand'   # extra arguments go to regel_bench
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-bench"
"$root/scripts/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGEL_BUILD_BENCH=ON \
  -DREGEL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target regel_bench regel_bench_check regel

echo "== equality check: hand-written vs the engine (untraced and traced) =="
"$build/bench/regel_bench_check" | tee "$build/bench-check.txt"

echo "== benchmarks =="
out="$build/bench-results.json"
"$build/bench/regel_bench" --benchmark_repetitions=10 --benchmark_min_time=0.2 \
  --benchmark_enable_random_interleaving=true --benchmark_display_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "$@"

compile_args=()
if [ -x "$root/bench/compile_scaling.py" ]; then
  echo "== compile time by ruleset size =="
  python3 "$root/bench/compile_scaling.py" "$build/regel" > "$build/compile-scaling.tsv"
  compile_args=(--compile "$build/compile-scaling.tsv")
fi

echo "== batch over 10 million cases: memory and corrupt lines =="
python3 "$root/bench/batch_memory.py" "$build/regel" "$root/rulesets/forsorjningsstod/forsorjningsstod.regel" \
  "$root/rulesets/forsorjningsstod/ansokningar" --threads 2 | tee "$build/batch-memory.tsv" || true

python3 "$root/bench/results.py" "$out" --check "$build/bench-check.txt" "${compile_args[@]}" \
  --batch-memory "$build/batch-memory.tsv" \
  -o "$root/bench/RESULTS.md"
echo "== bench/RESULTS.md =="
cat "$root/bench/RESULTS.md"
