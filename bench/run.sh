#!/usr/bin/env bash
# Builds the benchmarks in build-bench/ (Release, -DREGEL_BUILD_BENCH=ON), checks that the VM and
# the hand-written code decide alike, runs every benchmark with 3 repetitions and prints the
# ratios against the hand-written baseline measured in the same run. Never run in CI.
#
#   bench/run.sh                                  # everything
#   bench/run.sh --benchmark_filter='BM_Vm|BM_Hand'   # extra arguments go to regel_bench
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-bench"
"$root/scripts/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGEL_BUILD_BENCH=ON \
  -DREGEL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target regel_bench regel_bench_check

echo "== equality check: hand-written vs VM (untraced and traced) =="
"$build/bench/regel_bench_check"

echo "== benchmarks =="
out="$build/bench-results.json"
"$build/bench/regel_bench" --benchmark_repetitions=3 --benchmark_display_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "$@"

echo "== ratios (median of 3 repetitions, CPU time per case; results in ${out#"$root"/}) =="
if command -v python3 >/dev/null 2>&1; then
  python3 - "$out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
med = {}
for b in doc["benchmarks"]:
    if b.get("aggregate_name") == "median":
        med[b["run_name"]] = b
def ns(name, key="cpu_time"):
    b = med.get(name)
    if b is None:
        return None
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    return b[key] * scale
base = ns("BM_Handwritten")
print(f"{'benchmark':22} {'real ns/op':>12} {'cpu ns/op':>12} {'× hand-written':>15}")
for name in med:
    r, c = ns(name, "real_time"), ns(name)
    ratio = f"{c / base:15.1f}" if base and name != "BM_Compile" else f"{'-':>15}"
    print(f"{name:22} {r:12.1f} {c:12.1f} {ratio}")
def ratio(label, a, b, target=None):
    x, y = ns(a), ns(b)
    if x is None or y is None:
        return
    goal = f"   (target ≤ {target}×)" if target else ""
    print(f"{label:34} {x / y:8.1f}×{goal}")
print()
ratio("VM untraced / hand-written", "BM_VmUntraced", "BM_Handwritten", 5)
ratio("VM traced / VM untraced", "BM_VmTraced", "BM_VmUntraced", 3)
ratio("decode+decide / VM untraced", "BM_DecodeAndDecide", "BM_VmUntraced")
ratio("decideJson API / VM untraced", "BM_DecideJsonApi", "BM_VmUntraced")
c = ns("BM_Compile")
if c:
    print(f"{'compile bench/stod.regel':34} {c / 1e6:8.2f} ms")
PY
elif command -v jq >/dev/null 2>&1; then
  jq -r '[.benchmarks[] | select(.aggregate_name == "median") | {(.run_name): .cpu_time}] | add as $m
         | "VM untraced / hand-written   \($m.BM_VmUntraced / $m.BM_Handwritten)",
           "VM traced / VM untraced      \($m.BM_VmTraced / $m.BM_VmUntraced)",
           "decode+decide / VM untraced  \($m.BM_DecodeAndDecide / $m.BM_VmUntraced)"' "$out"
else
  echo "(python3 or jq is needed to compute the ratios; the raw results are in $out)"
fi
