#!/usr/bin/env bash
# Compile scaling: generates rulesets of 1 000 … 150 000 value definitions (bench/gen_ruleset.py;
# plus one condition per ten leaves), times `regel build` on each and `regel run` on one case,
# and prints the time per size and the ratio to the previous size. Not run in CI.
# Usage: bench/compile_scaling.sh [REGEL] [SIZES...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
regel="${1:-$root/build/regel}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000 150000)
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
prev=""; prevn=""
printf '%8s %10s %10s %14s\n' definitioner "build (s)" "run (s)" "ratio build"
for n in "${sizes[@]}"; do
  python3 "$root/bench/gen_ruleset.py" "$n" "$dir/g.regel" "$dir/case.json" >/dev/null
  t0=$(date +%s.%N)
  "$regel" build "$dir/g.regel" -o "$dir/g.rgb" >/dev/null
  t1=$(date +%s.%N)
  "$regel" run "$dir/g.rgb" "$dir/case.json" --datum 2023-03-01 >/dev/null
  t2=$(date +%s.%N)
  b=$(echo "$t1 - $t0" | bc -l); r=$(echo "$t2 - $t1" | bc -l)
  ratio="-"
  [ -n "$prev" ] && ratio=$(printf '%.2f (size ×%s)' "$(echo "$b / $prev" | bc -l)" "$(echo "$n / $prevn" | bc)")
  printf '%8s %10.2f %10.2f %14s\n' "$n" "$b" "$r" "$ratio"
  prev=$b; prevn=$n
done
