#!/usr/bin/env bash
# The load test of `regel serve` (issue 9): builds `regel` in build-bench/ (Release, as run.sh),
# starts a real server on loopback with the försörjningsstöd and hemtjänstavgift rulesets, checks
# that it decides every bundled application (200), then runs wrk against it and writes
# bench/SERVE.md (bench/serve_load.py): median requests/s and p50/p99 latency per scenario, each
# against GET /health of the same server in the same run. Never run by ctest or CI.
#
#   bench/serve_load.sh                          # 3 repetitions × 7 s × 9 runs: ~3.5 minutes
#   bench/serve_load.sh --duration 3 --repetitions 1 --no-build -o /tmp/SERVE.md
#
# Scenarios, each at three levels — -t1 -c1 (one request at a time: latency without queueing;
# the p99 < 1 ms target is about this one), the same with wrk and every server thread pinned to
# CPU 0 (taskset: no wake-up of the other core between request and response) and -t2 -c16
# (loaded):
#   health  GET /health                                     the HTTP floor of the same server
#   kort    POST /v1/beslut/forsorjningsstod?förklaring=kort  the bundled applications in turn
#   full    POST /v1/beslut/forsorjningsstod?förklaring=full  the same, with what would change it
# The repetitions are interleaved (every scenario once, then again), so that a disturbance on the
# shared machine falls on all of them alike. Exit code 1 when any request failed (a socket error,
# a timeout or a status outside 2xx) or a run gave no result; 2 on bad arguments.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-bench"

duration=7
repetitions=3
loaded_threads=2
loaded_connections=16
server_threads=""
do_build=1
output="$root/bench/SERVE.md"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --repetitions) repetitions="$2"; shift 2 ;;
    --connections) loaded_connections="$2"; shift 2 ;;
    --wrk-threads) loaded_threads="$2"; shift 2 ;;
    --server-threads) server_threads="$2"; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -o|--output) output="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "serve_load.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$duration" "$repetitions" "$loaded_connections" "$loaded_threads" ${server_threads:+"$server_threads"}; do
  case "$n" in ''|*[!0-9]*|0) echo "serve_load.sh: a positive integer was expected: '$n'" >&2; exit 2 ;; esac
done
# httplib's pool gives each keep-alive connection a worker thread for as long as the connection
# lives (up to 1000 requests, or 5 s idle). With fewer workers than connections the others wait
# in the queue, unserved, for a whole connection's lifetime: a server with the default 4 threads
# on this 2-core machine shows latencies in seconds at -c16. One worker per connection measures
# the server, not that queue.
server_threads="${server_threads:-$loaded_connections}"

for tool in wrk curl python3 taskset; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "serve_load.sh: $tool is missing (apt-get install wrk curl python3 util-linux)" >&2
    exit 2
  fi
done

if [ "$do_build" = 1 ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGEL_BUILD_BENCH=ON \
    -DREGEL_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target regel
fi
regel="$build/regel"
[ -x "$regel" ] || { echo "serve_load.sh: $regel is missing (run without --no-build)" >&2; exit 2; }

raw="$build/serve-load"
rm -rf "$raw"
mkdir -p "$raw"
cd "$root"

server_cmd=("$regel" serve rulesets/forsorjningsstod/forsorjningsstod.regel
  rulesets/hemtjanstavgift/hemtjanstavgift.regel --port 0 --threads "$server_threads")
"${server_cmd[@]}" 2>"$raw/server.err" &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

port=""
for _ in $(seq 1 300); do
  port="$(sed -n 's|.*lyssnar på http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$raw/server.err")"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "serve_load.sh: the server did not start:" >&2
  cat "$raw/server.err" >&2
  exit 1
fi
base="http://127.0.0.1:$port"
echo "== regel serve at $base (--threads $server_threads) =="

applications=(rulesets/forsorjningsstod/ansokningar/*.json)
decide_path="/v1/beslut/forsorjningsstod"

# Before measuring: every application is decided (200, a body with "beslut") with both
# explanations, and /health answers ok.
check_failed=0
health="$(curl -sS -w '\n%{http_code}' "$base/health")"
if [ "$(tail -n1 <<<"$health")" != 200 ] || ! grep -q '"status":"ok"' <<<"$health"; then
  echo "serve_load.sh: /health did not answer ok: $health" >&2
  check_failed=1
fi
for how in kort full; do
  for file in "${applications[@]}"; do
    code="$(curl -sS -o "$raw/check.json" -w '%{http_code}' -H 'Content-Type: application/json' \
      --data-binary @"$file" "$base$decide_path?f%C3%B6rklaring=$how")"
    if [ "$code" != 200 ] || ! grep -q '"beslut":{' "$raw/check.json"; then
      echo "serve_load.sh: $file with förklaring=$how answered $code:" >&2
      head -c 600 "$raw/check.json" >&2
      echo >&2
      check_failed=1
    fi
  done
done
rm -f "$raw/check.json"
if [ "$check_failed" = 1 ]; then exit 1; fi
echo "ok: /health and ${#applications[@]} applications × {kort, full} answered 200"

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit=$(git -C "$root" rev-parse --short=12 HEAD)$(git -C "$root" diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "uname=$(uname -srm)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "cores=$(nproc)"
  echo "wrk=$(wrk -v 2>&1 | head -n1)"
  echo "server=${server_cmd[*]#"$root/"}"
  echo "duration=$duration"
  echo "repetitions=$repetitions"
  echo "applications=${#applications[@]}"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$raw/meta.txt"

# CPU ticks (USER_HZ): the machine's (the cpu line of /proc/stat: user nice system idle iowait irq
# softirq steal), the server's (utime + stime) and those of this script's finished children (wrk,
# curl). What the other processes on the machine took, and what the hypervisor stole, during a run
# is the difference (bench/serve_load.py).
cpu_ticks() {
  local _cpu u n s i w q sq st _rest server children
  read -r _cpu u n s i w q sq st _rest </proc/stat
  server="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
  children="$(awk '{print $16 + $17}' "/proc/$$/stat")"
  echo "$u $n $s $i $w $q $sq $st $server $children"
}

scenarios=(health kort full)
# LABEL THREADS CONNECTIONS PIN (a CPU list for taskset, or -)
levels=("1 1 1 -" "1pin 1 1 0" "$loaded_connections $loaded_threads $loaded_connections -")
server_affinity="$(taskset -p "$server_pid" | sed 's/.*: //')"
pin_server() {  # CPU list, or - for the affinity it started with; every thread of the server
  if [ "$1" = - ]; then taskset -a -p "$server_affinity" "$server_pid" >/dev/null
  else taskset -a -p -c "$1" "$server_pid" >/dev/null; fi
}

run_wrk() {  # THREADS CONNECTIONS SCENARIO SECONDS OUTFILE [PIN]
  local t="$1" c="$2" scenario="$3" seconds="$4" out="$5" pin="${6:--}"
  local cmd=()
  if [ "$pin" != - ]; then cmd=(taskset -c "$pin"); fi
  case "$scenario" in
    health) cmd+=(wrk "-t$t" "-c$c" "-d${seconds}s" --latency --timeout 2s -s bench/serve_load.lua "$base/health") ;;
    *) cmd+=(wrk "-t$t" "-c$c" "-d${seconds}s" --latency --timeout 2s -s bench/serve_load.lua
            "$base$decide_path?f%C3%B6rklaring=$scenario" -- "${applications[@]}") ;;
  esac
  {
    echo "# scenario=$scenario threads=$t connections=$c pin=$pin"
    echo "# command: ${cmd[*]}"
  } >"$out"
  curl -sS "$base/metrics" >"$out.metrics-before"
  echo "# cpu-before: $(cpu_ticks)" >>"$out"
  "${cmd[@]}" >>"$out" 2>&1 || echo "# wrk exit code $?" >>"$out"
  echo "# cpu-after: $(cpu_ticks)" >>"$out"
  curl -sS "$base/metrics" >"$out.metrics-after"
}

# Warm-up, not measured: every session and buffer of the pool grown, the code paged in.
echo "== warm-up (2 s per scenario at -c$loaded_connections, not measured) =="
for scenario in "${scenarios[@]}"; do
  run_wrk "$loaded_threads" "$loaded_connections" "$scenario" 2 "$raw/warmup-$scenario.txt"
done

echo "== measuring: $repetitions × ${duration} s × ${#scenarios[@]} scenarios × ${#levels[@]} levels =="
n=0
for rep in $(seq 1 "$repetitions"); do
  for level in "${levels[@]}"; do
    read -r label t c pin <<<"$level"
    pin_server "$pin"
    for scenario in "${scenarios[@]}"; do
      n=$((n + 1))
      out="$raw/$(printf '%02d' "$n")-$scenario-c$label-r$rep.txt"
      run_wrk "$t" "$c" "$scenario" "$duration" "$out" "$pin"
      printf '%-7s -c%-5s rep %s: %s\n' "$scenario" "$label" "$rep" \
        "$(grep -o 'requests=[0-9]* .*p99_us=[0-9]*' "$out" || echo 'no result')"
    done
    pin_server -
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$raw/meta.txt"

stop_server
trap - EXIT
if ! grep -q 'stoppad' "$raw/server.err"; then
  echo "serve_load.sh: the server did not stop on SIGTERM as expected:" >&2
  cat "$raw/server.err" >&2
fi

status=0
python3 "$root/bench/serve_load.py" "$raw" -o "$output" || status=$?
echo "== $output =="
cat "$output"
exit "$status"
