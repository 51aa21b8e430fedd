#!/usr/bin/env bash
# `regel serve` end to end as an operator runs it: started on a free loopback port, checked
# against docs/openapi.yaml by a client that is not ours (tests/cli/serve_openapi.py), reloaded on
# SIGHUP while serving, with a bearer token from a file, with a decision log that `regel audit
# verify` then checks, and stopped by SIGTERM with exit code 0. Bad starts get a Swedish error.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
fails=0
fail() { echo "MISSLYCKADES: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
fee="$root/rulesets/hemtjanstavgift/hemtjanstavgift.regel"
case1="$root/rulesets/forsorjningsstod/ansokningar/2023-0001.json"

# Starts `regel serve ARGS…` with --port 0 and waits for its address; sets $pid and $url.
start() {
  local log="$1"; shift
  "$regel" serve "$@" --port 0 2> "$log" &
  pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 100); do
    url="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)"
    [ -n "$url" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}
post() { curl -s -o "$work/body" -w '%{http_code}' -X POST --data-binary "@$2" "${@:3}" "$url$1"; }

# ---- the API against its OpenAPI description ----------------------------------------------------
# A compiled ruleset (.rgb) and a source file (.regel) side by side.
"$regel" build "$rules" -o "$work/forsorjningsstod.rgb" > /dev/null || fail "regel build"
if start "$work/serve.log" "$work/forsorjningsstod.rgb" "$fee" --max-storlek 65536; then
  ok "tjänsten startar: $(cat "$work/serve.log")"
  if /usr/bin/python3 "$root/tests/cli/serve_openapi.py" "$url" "$root/docs/openapi.yaml" "$root" > "$work/openapi.out" 2>&1; then
    ok "varje svar stämmer med docs/openapi.yaml ($(grep -c '^ok:' "$work/openapi.out") kontroller)"
  else
    fail "svar som inte stämmer med docs/openapi.yaml:"; cat "$work/openapi.out"
  fi
  kill -TERM "$pid"; wait "$pid"; status=$?
  [ "$status" = 0 ] && grep -q "stoppad" "$work/serve.log" && ok "SIGTERM stoppar tjänsten med slutkod 0" \
    || fail "SIGTERM: slutkod $status: $(cat "$work/serve.log")"
else
  fail "tjänsten startade inte: $(cat "$work/serve.log")"
fi

# ---- SIGHUP reloads the rules while the service answers --------------------------------------------
cp "$rules" "$work/forsorjningsstod.regel"
if start "$work/reload.log" "$work/forsorjningsstod.regel"; then
  post /v1/beslut/forsorjningsstod "$case1" > /dev/null
  before="$(grep -o '"version":"[^"]*"' "$work/body" | head -1)"
  sed -i 's/^  version "\([^"]*\)"/  version "\1-omladdad"/' "$work/forsorjningsstod.regel"
  kill -HUP "$pid"
  for _ in $(seq 1 100); do grep -q "omladdade" "$work/reload.log" && break; sleep 0.1; done
  code="$(post /v1/beslut/forsorjningsstod "$case1")"
  after="$(grep -o '"version":"[^"]*"' "$work/body" | head -1)"
  [ "$code" = 200 ] && [ -n "$before" ] && [ "$after" = "${before%\"}-omladdad\"" ] \
    && ok "SIGHUP laddar om regelverket ($before → $after)" \
    || fail "SIGHUP: $code, före $before, efter $after: $(cat "$work/reload.log")"
  echo "trasig" >> "$work/forsorjningsstod.regel"
  kill -HUP "$pid"
  for _ in $(seq 1 100); do grep -q "R0911" "$work/reload.log" && break; sleep 0.1; done
  code="$(post /v1/beslut/forsorjningsstod "$case1")"
  grep -q "fel\[R0911\]" "$work/reload.log" && [ "$code" = 200 ] \
    && ok "en omladdning som misslyckas sägs (R0911) och de laddade reglerna används" \
    || fail "misslyckad omladdning: $code: $(cat "$work/reload.log")"
  kill -TERM "$pid"; wait "$pid"
fi

# ---- a bearer token from a file ------------------------------------------------------------------
printf 'hemlig-nyckel\n' > "$work/nyckel"
if start "$work/token.log" "$rules" --token-file "$work/nyckel"; then
  code="$(post /v1/beslut/forsorjningsstod "$case1")"
  [ "$code" = 401 ] && grep -q '"R0905"' "$work/body" && ok "utan nyckel: 401 R0905" || fail "utan nyckel: $code $(cat "$work/body")"
  code="$(post /v1/beslut/forsorjningsstod "$case1" -H 'Authorization: Bearer hemlig-nyckel')"
  [ "$code" = 200 ] && ok "med nyckeln (utan filens radslut): 200" || fail "med nyckel: $code $(cat "$work/body")"
  kill -TERM "$pid"; wait "$pid"
fi

# ---- every decision answered is in the log -------------------------------------------------------
if start "$work/audit.log" "$rules" --audit "$work/logg.db"; then
  for f in "$root"/rulesets/forsorjningsstod/ansokningar/*.json; do post /v1/beslut/forsorjningsstod "$f" > /dev/null; done
  kill -TERM "$pid"; wait "$pid"
  n="$(ls "$root"/rulesets/forsorjningsstod/ansokningar/*.json | wc -l)"
  "$regel" audit verify "$work/logg.db" > "$work/verify.out" 2>&1; status=$?
  [ "$status" = 0 ] && grep -q "$n poster" "$work/verify.out" \
    && ok "regel audit verify: de $n besluten finns i loggen och prövas om lika" \
    || fail "verify: slutkod $status: $(cat "$work/verify.out")"
fi

# ---- bad starts -----------------------------------------------------------------------------------
"$regel" serve "$root/tests/golden/sema/fail_unknown_name.regel" --port 0 > "$work/out" 2>&1; status=$?
[ "$status" = 1 ] && grep -q "fel\[R0101\]" "$work/out" && ok "regler med fel: slutkod 1 och diagnostiken" \
  || fail "regler med fel: slutkod $status: $(cat "$work/out")"
"$regel" serve "$rules" "$rules" --port 0 > "$work/out" 2>&1; status=$?
[ "$status" = 1 ] && grep -q "två regelverk har namnet forsorjningsstod" "$work/out" && ok "samma regelverk två gånger: slutkod 1" \
  || fail "dubbla regelverk: slutkod $status: $(cat "$work/out")"
if start "$work/first.log" "$rules"; then
  port="${url##*:}"
  "$regel" serve "$rules" --port "$port" > "$work/out" 2>&1; status=$?
  [ "$status" = 1 ] && grep -q "fel\[R0914\]: kan inte lyssna på 127.0.0.1 port $port" "$work/out" \
    && ok "upptagen port: slutkod 1, R0914" || fail "upptagen port: slutkod $status: $(cat "$work/out")"
  kill -TERM "$pid"; wait "$pid"
fi
: > "$work/tom"
"$regel" serve "$rules" --token-file "$work/tom" --port 0 > "$work/out" 2>&1; status=$?
[ "$status" = 1 ] && grep -q "R0916" "$work/out" && ok "tom nyckelfil: slutkod 1, R0916" || fail "tom nyckelfil: $status: $(cat "$work/out")"

[ "$fails" = 0 ] || exit 1
