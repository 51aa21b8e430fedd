#!/usr/bin/env bash
# The decision log end to end: `run` and `batch` with --audit, `audit list|show|verify|export|
# stickprov`, a log altered by hand with the sqlite3 tool (an amount changed, a record deleted, two
# records swapped), HMAC with a key from the environment, and a batch killed with SIGKILL mid-way
# whose log still verifies.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "MISSLYCKADES: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
version="$(sed -n 's/^  version "\([^"]*\)"$/\1/p' "$rules")"  # the ruleset's own, as the log lists it
cases=("$root"/rulesets/forsorjningsstod/ansokningar/*.json)
log="$work/logg.db"

# ---- run --audit: every decided case logged, the file private ------------------------------------
"$regel" run "$rules" "${cases[@]}" --audit "$log" > "$work/run.txt" 2> "$work/run.err"; rc=$?
[ "$rc" = 0 ] || fail "run --audit slutkod $rc: $(cat "$work/run.err")"
[ "$(stat -c %a "$log")" = 600 ] && ok "loggen har läsrätt bara för ägaren" || fail "filrättigheter $(stat -c %a "$log")"
"$regel" audit list "$log" > "$work/list.txt"; rc=$?
[ "$rc" = 0 ] && grep -q "^${#cases[@]} beslut$" "$work/list.txt" && ok "audit list: ${#cases[@]} beslut" ||
  fail "audit list: $(cat "$work/list.txt")"
grep -qE "^ +2  .*  2019-09-01    bifall +8 720 kr .* 2019-0002 +Försörjningsstöd ${version//./\\.}\$" "$work/list.txt" &&
  ok "audit list: post 2" || fail "audit list, post 2: $(sed -n 3p "$work/list.txt")"
"$regel" audit list "$log" --utfall komplettering | grep -q "^1 beslut$" && ok "audit list --utfall" || fail "audit list --utfall"
"$regel" audit list "$log" --från 2023-01-01 --till 2023-12-31 | grep -q "^6 beslut$" && ok "audit list --från --till" ||
  fail "audit list --från --till"
"$regel" audit show "$log" 2 > "$work/show.txt"; rc=$?
[ "$rc" = 0 ] && grep -q "Omprövat med det lagrade regelverket: samma beslut och spår som i loggen." "$work/show.txt" &&
  grep -q "^Beslut: bifall med 8 720 kr$" "$work/show.txt" && grep -q "Motivering, regel för regel:" "$work/show.txt" &&
  ok "audit show" || fail "audit show ($rc): $(head -20 "$work/show.txt")"
"$regel" audit show "$log" 99 2> "$work/err.txt"; rc=$?
[ "$rc" = 1 ] && grep -q "fel\[R0806\]: beslutsloggen har ingen post 99" "$work/err.txt" && ok "audit show: okänd post" ||
  fail "audit show 99 ($rc): $(cat "$work/err.txt")"
"$regel" audit verify "$log" > "$work/verify.txt"; rc=$?
[ "$rc" = 0 ] && grep -q "^${#cases[@]} poster kontrollerade, ${#cases[@]} omprövade: kedjan är hel och besluten står sig$" "$work/verify.txt" &&
  ok "audit verify" || fail "audit verify ($rc): $(cat "$work/verify.txt")"
"$regel" audit export "$log" -o "$work/export.jsonl" 2> "$work/err.txt"; rc=$?
[ "$rc" = 0 ] && [ "$(wc -l < "$work/export.jsonl")" = "${#cases[@]}" ] &&
  grep -q '^{"schema":"regel-logg/1","id":1,' "$work/export.jsonl" && ok "audit export" || fail "audit export ($rc)"
# The export written over the log it reads would destroy the log: refused, the log as it was.
cp "$log" "$work/before.db"
"$regel" audit export "$log" -o "$log" 2> "$work/err.txt"; rc=$?
[ "$rc" = 2 ] && cmp -s "$log" "$work/before.db" &&
  grep -qF "är samma fil som beslutsloggen; exporten skulle skriva över den. Välj en annan utfil." "$work/err.txt" &&
  ok "export över loggen vägras" || fail "export över loggen ($rc): $(cat "$work/err.txt")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$work/export.jsonl" && ok "export är JSON" ||
  fail "export är inte JSON"

# ---- altered by hand with the sqlite3 tool -------------------------------------------------------
if command -v sqlite3 >/dev/null; then
  if sqlite3 "$log" "UPDATE decisions SET amount_ore = 1 WHERE id = 2" 2> "$work/err.txt"; then
    fail "loggen tog emot en ändring"
  else
    grep -q "beslutsloggen tar bara emot nya poster" "$work/err.txt" && ok "loggen vägrar ändringar" ||
      fail "ändring: $(cat "$work/err.txt")"
  fi
  cp "$log" "$work/altered.db"
  sqlite3 "$work/altered.db" "DROP TRIGGER decisions_append_only_update; DROP TRIGGER decisions_append_only_delete;
    UPDATE decisions SET amount_ore = 999900 WHERE id = 2;
    DELETE FROM decisions WHERE id = 5;
    CREATE TEMP TABLE s AS SELECT * FROM decisions WHERE id IN (7, 8);
    UPDATE decisions SET (time, case_id, input, input_sha256, decision_date, outcome, error_code, amount_ore, reasons,
      decision, stickprov, previous_hash, hash) = (SELECT time, case_id, input, input_sha256, decision_date, outcome,
      error_code, amount_ore, reasons, decision, stickprov, previous_hash, hash FROM s WHERE s.id = 15 - decisions.id)
      WHERE id IN (7, 8);"
  "$regel" audit verify "$work/altered.db" > "$work/verify.txt"; rc=$?
  [ "$rc" = 1 ] || fail "verify av en ändrad logg gav slutkod $rc"
  for line in "fel[R0811]: post 2 är ändrad: dess innehåll stämmer inte med dess kedjesumma" \
              "fel[R0819]: post 2 beslutas annorlunda vid omprövning: beloppet var 9 999 kr, är nu 8 720 kr" \
              "fel[R0812]: post 5 saknas: kedjan hoppar från post 4 till post 6" \
              "fel[R0813]: post 7 står på fel plats: den bygger på post 8, inte på post 6" \
              "fel[R0813]: post 8 står på fel plats: den bygger på post 6, inte på post 7"; do
    grep -qF "$line" "$work/verify.txt" && ok "verify: ${line:0:40}…" || fail "verify saknar '$line': $(cat "$work/verify.txt")"
  done
  "$regel" audit show "$work/altered.db" 2 > "$work/show.txt" 2> "$work/err.txt"; rc=$?
  [ "$rc" = 1 ] && grep -q "fel\[R0819\]" "$work/err.txt" && ! grep -q "^Beslut:" "$work/show.txt" &&
    ok "audit show förklarar inte en ändrad post" || fail "audit show av ändrad post ($rc)"
  # Escape sequences put into the log by hand are shown (␛), never sent to the auditor's terminal,
  # where they could hide the lines that report the change.
  cp "$log" "$work/escaped.db"
  sqlite3 "$work/escaped.db" "DROP TRIGGER decisions_append_only_update;
    UPDATE decisions SET case_id = char(27) || '[2J' || char(10) || 'x', outcome = 'bifall' || char(27) || '[8m'
      WHERE id = 3;"
  picture="$(printf '\xe2\x90\x9b')"  # ␛, U+241B
  "$regel" audit list "$work/escaped.db" > "$work/esc-list.txt" 2>&1
  "$regel" audit verify "$work/escaped.db" > "$work/esc-verify.txt" 2>&1
  "$regel" audit show "$work/escaped.db" 3 > "$work/esc-show.txt" 2>&1
  for view in list verify show; do
    if grep -q "$(printf '\x1b')" "$work/esc-$view.txt"; then
      fail "audit $view skickar en escape-sekvens ur loggen till terminalen"
    else
      grep -qF "bifall$picture[8m" "$work/esc-$view.txt" && ok "audit $view visar escape-sekvensen" ||
        fail "audit $view: $(cat "$work/esc-$view.txt")"
    fi
  done
  grep -qF "ärende:        $picture[2J" "$work/esc-show.txt" || fail "audit show: ärendets id visas inte"
else
  fail "sqlite3 saknas (scripts/install-deps.sh installerar det)"
fi

# ---- HMAC with a key from the environment ---------------------------------------------------------
REGEL_AUDIT_NYCKEL="kommunens hemlighet" "$regel" run "$rules" "${cases[0]}" --audit "$work/hmac.db" > /dev/null
"$regel" audit verify "$work/hmac.db" | grep -q "obs: 1 poster har HMAC som inte kontrollerades: ingen nyckel gavs" &&
  ok "HMAC utan nyckel sägs" || fail "HMAC utan nyckel"
REGEL_AUDIT_NYCKEL="kommunens hemlighet" "$regel" audit verify "$work/hmac.db" > /dev/null && ok "HMAC med rätt nyckel" ||
  fail "HMAC med rätt nyckel"
REGEL_AUDIT_NYCKEL="fel" "$regel" audit verify "$work/hmac.db" | grep -qF "fel[R0817]: post 1: HMAC stämmer inte med nyckeln" &&
  ok "HMAC med fel nyckel" || fail "HMAC med fel nyckel"

# ---- a log that is no log, or missing ------------------------------------------------------------
echo "inte en databas" > "$work/text.db"
"$regel" run "$rules" "${cases[0]}" --audit "$work/text.db" > "$work/out.txt" 2> "$work/err.txt"; rc=$?
[ "$rc" = 1 ] && grep -q "fel\[R0802\]" "$work/err.txt" && [ ! -s "$work/out.txt" ] &&
  ok "run --audit med en fil som inte är en logg fattar inget beslut" || fail "run --audit text.db ($rc): $(cat "$work/err.txt")"
"$regel" run "$rules" "${cases[0]}" --audit "$work/saknas/logg.db" > "$work/out.txt" 2> "$work/err.txt"; rc=$?
[ "$rc" = 1 ] && grep -q "fel\[R0801\]" "$work/err.txt" && [ ! -s "$work/out.txt" ] && ok "loggen kan inte skapas" ||
  fail "run --audit saknas/logg.db ($rc): $(cat "$work/err.txt")"

# ---- batch --audit on two threads: the same output as without, every line logged ----------------
for f in "${cases[@]}"; do tr -d '\n' < "$f"; echo; done > "$work/one.jsonl"
# Distinct case ids, so that the stickprov (a keyed hash of the id) draws from 200 cases.
for i in $(seq 20); do sed "s/\"id\": \"\([^\"]*\)\"/\"id\": \"\1-$i\"/" "$work/one.jsonl"; done > "$work/some.jsonl"
"$regel" batch "$rules" "$work/some.jsonl" --threads 2 -o "$work/plain.jsonl" 2> /dev/null
"$regel" batch "$rules" "$work/some.jsonl" --threads 2 -o "$work/logged.jsonl" --audit "$work/batch.db" 2> /dev/null; rc=$?
[ "$rc" = 0 ] && cmp -s "$work/plain.jsonl" "$work/logged.jsonl" && ok "batch --audit skriver samma rader" ||
  fail "batch --audit ($rc)"
"$regel" audit verify "$work/batch.db" --sample 20 --frö 3 | grep -q "^200 poster kontrollerade, 20 omprövade i ett slumpvis urval (frö 3)" &&
  ok "batch --audit: 200 poster, urval" || fail "batch --audit verify --sample"
# The month's sample is exactly the records of the month that the decisions marked for stickprov.
"$regel" audit stickprov "$work/batch.db" --månad 2023-02 > "$work/sample.txt"
"$regel" audit export "$work/batch.db" 2> /dev/null > "$work/batch-export.jsonl"
expected=$(python3 -c 'import json,sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    n += r["stickprov"] and (r["beslutsdatum"] or "").startswith("2023-02")
print(n)' "$work/batch-export.jsonl")
listed=$(grep -cE '^ +[0-9]+  ' "$work/sample.txt")
total=$(grep -c '"stickprov":true' "$work/batch-export.jsonl")
[ "$listed" = "$expected" ] && [ "$total" -gt 0 ] && grep -q "^Stickprov för 2023-02 (beslutsdatum i månaden):" "$work/sample.txt" &&
  ok "audit stickprov: $listed i 2023-02, $total i hela loggen" || fail "audit stickprov: $listed listade, $expected väntade, $total i loggen"

# ---- a batch killed with SIGKILL mid-way: every committed decision intact ------------------------
for i in $(seq 2000); do cat "$work/one.jsonl"; done > "$work/many.jsonl"
"$regel" batch "$rules" "$work/many.jsonl" --threads 2 -o "$work/killed.jsonl" --audit "$work/killed.db" 2> /dev/null &
pid=$!
# Killed at a random moment after the first block is committed (the machine may be slow).
for _ in $(seq 300); do
  n=$(sqlite3 "$work/killed.db" "SELECT count(*) FROM decisions" 2> /dev/null || echo 0)
  [ "${n:-0}" -gt 0 ] && break
  sleep 0.1
done
sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
kill -KILL "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
records=$(sqlite3 "$work/killed.db" "SELECT count(*) FROM decisions")
written=$(wc -l < "$work/killed.jsonl")
if [ "$records" -gt 0 ] && [ "$records" -lt 20000 ]; then
  ok "batch dödad efter $records loggade beslut ($written rader skrivna)"
else
  fail "batchen dödades inte mitt i: $records poster"
fi
[ "$written" -le "$records" ] || fail "$written rader skrivna men bara $records loggade"
"$regel" audit verify "$work/killed.db" --sample 50 > "$work/verify.txt"; rc=$?
[ "$rc" = 0 ] && ok "den dödade batchens logg är hel" || fail "verify efter SIGKILL ($rc): $(cat "$work/verify.txt")"
# The log takes new decisions after the crash, chained onto the last committed one.
"$regel" run "$rules" "${cases[0]}" --audit "$work/killed.db" > /dev/null && "$regel" audit verify "$work/killed.db" --sample 5 > /dev/null &&
  ok "loggen fortsätter efter SIGKILL" || fail "loggen efter SIGKILL"

exit $((fails > 0))
