#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang-14, ASan and UBSan into build-fuzz/, then for
# every target replays its seed corpus and its known reproducers (fuzz/reproducers/TARGET/), and
# fuzzes it for a fixed time. Exits non-zero on any crash, leak, timeout, out-of-memory or
# sanitizer report; prints executions and coverage per target. See fuzz/README.md.
#
#   scripts/fuzz.sh                     # 20 s per target
#   scripts/fuzz.sh --seconds 300 fuzz_rgb
#   scripts/fuzz.sh --seconds 0         # build and replay only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

seconds=20
jobs="$(nproc 2>/dev/null || echo 2)"
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: okänd flagga $1" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds vill ha ett heltal" >&2; exit 2 ;; esac

"$root/scripts/install-deps.sh" fuzz
build="$root/build-fuzz"
# Compiler caching across clones: paths under the source tree are hashed relative to it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=/usr/bin/clang++-14 \
  -DREGEL_FUZZ=ON -DREGEL_BUILD_TESTS=OFF -DREGEL_FUZZ_GXX_JOBS="$jobs" >/dev/null
cmake --build "$build" -j "$jobs"

# The targets this build has (fuzz_jit only where LLVM is), as fuzz/CMakeLists.txt wrote them.
read -r -a targets <<<"$(tr ';' ' ' <"$build/fuzz_targets.txt")"
if [ ${#only[@]} -gt 0 ]; then targets=("${only[@]}"); fi

# Seed corpora, made afresh from the repository's own files (nothing of them is kept in git):
# rulesets as source, the same compiled to .rgb, and the JSON cases.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/fuzz_compile" "$seeds/fuzz_rgb" "$seeds/fuzz_case"
cd "$root"
# fuzz_compile ignores sources over 64 KiB (fuzz_compile.cpp); the bundled rulesets reach the
# fuzzers as .rgb and through their cases.
find rulesets tests bench -name '*.regel' -size -64k | sort | while read -r f; do
  cp "$f" "$seeds/fuzz_compile/$(echo "$f" | tr / _)"
done
find rulesets tests/exempel tests/golden/run tests/support bench -name '*.regel' | sort | while read -r f; do
  # Files that do not compile (the golden failures) are no .rgb seed.
  ASAN_OPTIONS=detect_leaks=0 "$build/regel" build "$f" -o "$seeds/fuzz_rgb/$(echo "$f" | tr / _).rgb" \
    >/dev/null 2>&1 || true
done
find rulesets/*/ansokningar tests/golden/run -name '*.json' | sort | while read -r f; do
  cp "$f" "$seeds/fuzz_case/$(echo "$f" | tr / _)"
done
ln -sfn fuzz_case "$seeds/fuzz_jit"
# fuzz_http: requests as clients send them. The first byte chooses the server (even: `regel serve`
# with the bundled rulesets, odd: `regel playground`).
mkdir -p "$seeds/fuzz_http"
http_seed() {  # NAME SERVER METHOD PATH [BODY-FILE]
  {
    printf "\\x0$2"
    if [ -n "${5:-}" ]; then
      printf '%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' \
        "$3" "$4" "$(wc -c < "$5")"
      cat "$5"
    else
      printf '%s %s HTTP/1.1\r\nHost: x\r\n\r\n' "$3" "$4"
    fi
  } > "$seeds/fuzz_http/$1"
}
for how in kort full json brev; do
  http_seed "beslut-$how" 0 POST "/v1/beslut/forsorjningsstod?f%C3%B6rklaring=$how" \
    rulesets/forsorjningsstod/ansokningar/2023-0005.json
done
http_seed beslut-hemtjanst 0 POST /v1/beslut/hemtjanstavgift rulesets/hemtjanstavgift/ansokningar/2024-0001.json
python3 -c 'import json,sys; [print(json.dumps(json.load(open(f)), ensure_ascii=False)) for f in sys.argv[1:]]' \
  rulesets/forsorjningsstod/ansokningar/*.json > "$build/batch.jsonl"
http_seed batch 0 POST "/v1/batch/forsorjningsstod?sp%C3%A5r=ja" "$build/batch.jsonl"
for path in /v1/regelverk /v1/regelverk/forsorjningsstod/schema /health /metrics; do
  http_seed "get$(echo "$path" | tr / _)" 0 GET "$path"
done
python3 -c 'import json,sys; print(json.dumps({"källkod": open(sys.argv[1]).read()}, ensure_ascii=False))' \
  tests/golden/run/bistand.regel > "$build/kallkod.json"
python3 -c 'import json,sys; print(json.dumps({"källkod": open(sys.argv[1]).read(), "ärende": json.load(open(sys.argv[2]))}, ensure_ascii=False))' \
  tests/golden/run/bistand.regel tests/golden/run/bistand-1-bifall.json > "$build/lekplats-beslut.json"
http_seed lekplats-kontroll 1 POST /v1/lekplats/kontroll "$build/kallkod.json"
http_seed lekplats-exempel 1 POST /v1/lekplats/exempel "$build/kallkod.json"
http_seed lekplats-beslut 1 POST /v1/lekplats/beslut "$build/lekplats-beslut.json"
http_seed lekplats-regelverk 1 GET /v1/lekplats/regelverk/hemtjanstavgift

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
summary=()
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  [ -x "$bin" ] || { echo "fuzz.sh: inget mål $t i den här bygget" >&2; exit 2; }
  dict=()
  case "$t" in
    fuzz_compile) dict=(-dict="$root/fuzz/regel.dict" -max_len=65536) ;;
    fuzz_case|fuzz_jit) dict=(-dict="$root/fuzz/json.dict") ;;
    fuzz_http) dict=(-dict="$root/fuzz/http.dict") ;;
  esac
  reproducers="$root/fuzz/reproducers/$t"
  mkdir -p "$reproducers" "$build/corpus/$t" "$build/artifacts/$t"
  common=(-timeout=10 -rss_limit_mb=2560 -artifact_prefix="$build/artifacts/$t/" -print_final_stats=1 "${dict[@]}")
  log="$build/$t.log"

  echo "== $t: spelar upp korpus och kända reproducerare" >&2
  if ! "$bin" "${common[@]}" -runs=0 "$seeds/$t" "$reproducers" >"$log" 2>&1; then
    tail -60 "$log" >&2
    echo "fuzz.sh: $t kraschar på ett känt indata (se $log)" >&2
    status=1
    summary+=("$t: FEL vid uppspelning")
    continue
  fi
  if [ "$seconds" -eq 0 ]; then
    summary+=("$t: uppspelad")
    continue
  fi
  echo "== $t: fuzzar i $seconds s" >&2
  # New inputs go to build-fuzz/corpus/TARGET, which later runs start from.
  if ! "$bin" "${common[@]}" -max_total_time="$seconds" "$build/corpus/$t" "$seeds/$t" "$reproducers" >"$log" 2>&1; then
    tail -80 "$log" >&2
    echo "fuzz.sh: $t hittade ett fel; indata i $build/artifacts/$t/ (se $log)" >&2
    status=1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)"
  rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)"
  summary+=("$t: ${runs:-?} körningar, ${cov:-cov: ?}, högst ${rss:-?} MB")
done

echo "== sammanfattning" >&2
printf '%s\n' "${summary[@]}" >&2
exit "$status"
