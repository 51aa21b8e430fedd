#!/usr/bin/env bash
# The decision log on PostgreSQL end to end: two `regel batch --audit URL` at once on a fresh
# database, `regel audit list|show|verify URL`, the log altered by hand with psql, and a wrong
# password or server refused (R0801) without the password shown. Needs the server that
# scripts/test.sh starts (REGEL_TEST_POSTGRES_URL); without one it says why and passes.
set -u
regel="$1"; root="$2"
url="${REGEL_TEST_POSTGRES_URL:-}"
if [ -z "$url" ]; then
  echo "hoppas över: ingen PostgreSQL-server (${REGEL_TEST_POSTGRES_SKIP:-REGEL_TEST_POSTGRES_URL är inte satt; scripts/test.sh startar en})"
  exit 0
fi
if ! command -v psql > /dev/null; then
  echo "hoppas över: psql saknas (paketet postgresql-client)"
  exit 0
fi
work="$(mktemp -d)"
schema="cli_$$"
psql -qAt "$url" -c "CREATE SCHEMA $schema" > /dev/null || { echo "MISSLYCKADES: schemat kan inte skapas"; exit 1; }
trap 'psql -qAt "$url" -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" > /dev/null; rm -rf "$work"' EXIT
# The log's tables go into the test's own schema.
log="$url?options=-csearch_path%3D$schema"
password="${url#*://*:}"; password="${password%%@*}"
fails=0
fail() { echo "MISSLYCKADES: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# Output checked for the password before it is shown.
shown() { if grep -qF -- "$password" "$1"; then echo "(utdata innehåller lösenordet)"; else cat "$1"; fi; }
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
cases=("$root"/rulesets/forsorjningsstod/ansokningar/*.json)
n=${#cases[@]}

# ---- two instances at once on a fresh database: one schema, one chain ----------------------------
for f in "${cases[@]}"; do tr -d '\n' < "$f"; echo; done > "$work/one.jsonl"
for i in 1 2 3 4 5; do sed "s/\"id\": \"\([^\"]*\)\"/\"id\": \"\1-$i\"/" "$work/one.jsonl"; done > "$work/some.jsonl"
"$regel" batch "$rules" "$work/some.jsonl" -o "$work/plain.jsonl" 2> /dev/null
"$regel" batch "$rules" "$work/some.jsonl" --threads 2 -o "$work/a.jsonl" --audit "$log" 2> "$work/a.err" & a=$!
"$regel" batch "$rules" "$work/some.jsonl" -o "$work/b.jsonl" --audit "$log" 2> "$work/b.err" & b=$!
wait "$a"; ra=$?; wait "$b"; rb=$?
[ "$ra" = 0 ] && [ "$rb" = 0 ] && cmp -s "$work/plain.jsonl" "$work/a.jsonl" && cmp -s "$work/plain.jsonl" "$work/b.jsonl" &&
  ok "två batch --audit samtidigt" || fail "batch --audit ($ra, $rb): $(shown "$work/a.err") $(shown "$work/b.err")"
total=$((10 * n))
"$regel" audit verify "$log" > "$work/verify.txt" 2>&1; rc=$?
[ "$rc" = 0 ] && grep -q "^$total poster kontrollerade, $total omprövade: kedjan är hel och besluten står sig$" "$work/verify.txt" &&
  ok "audit verify: $total poster" || fail "audit verify ($rc): $(shown "$work/verify.txt")"
"$regel" audit list "$log" > "$work/list.txt" 2>&1; rc=$?
[ "$rc" = 0 ] && grep -q "^$total beslut$" "$work/list.txt" && ok "audit list: $total beslut" || fail "audit list ($rc): $(shown "$work/list.txt")"
"$regel" audit list "$log" --utfall komplettering | grep -q "^10 beslut$" && ok "audit list --utfall" || fail "audit list --utfall"
"$regel" audit show "$log" 2 > "$work/show.txt" 2>&1; rc=$?
[ "$rc" = 0 ] && grep -q "Omprövat med det lagrade regelverket: samma beslut och spår som i loggen." "$work/show.txt" &&
  ok "audit show" || fail "audit show ($rc): $(shown "$work/show.txt" | head -20)"
"$regel" audit export "$log" -o "$work/export.jsonl" 2> /dev/null && [ "$(wc -l < "$work/export.jsonl")" = "$total" ] &&
  ok "audit export" || fail "audit export"

# ---- altered by hand with psql -------------------------------------------------------------------
if psql -qAt "$log" -c "UPDATE decisions SET amount_ore = 1 WHERE id = 2" > /dev/null 2> "$work/err.txt"; then
  fail "loggen tog emot en ändring"
else
  grep -q "beslutsloggen tar bara emot nya poster" "$work/err.txt" && ok "loggen vägrar ändringar" || fail "ändring: $(cat "$work/err.txt")"
fi
psql -qAt "$log" -c "ALTER TABLE decisions DISABLE TRIGGER USER; UPDATE decisions SET amount_ore = 999900 WHERE id = 2;
  DELETE FROM decisions WHERE id = 5" > /dev/null
"$regel" audit verify "$log" > "$work/verify.txt" 2>&1; rc=$?
[ "$rc" = 1 ] && grep -qF "fel[R0811]: post 2 är ändrad" "$work/verify.txt" &&
  grep -qF "fel[R0812]: post 5 saknas: kedjan hoppar från post 4 till post 6" "$work/verify.txt" &&
  ok "verify finner ändrad och borttagen post" || fail "verify av ändrad logg ($rc): $(shown "$work/verify.txt")"

# ---- refused without the password shown ----------------------------------------------------------
"$regel" audit list "${log/:$password@/:fel$password@}" > "$work/out.txt" 2> "$work/err.txt"; rc=$?
[ "$rc" = 1 ] && grep -q "^fel\[R0801\]: beslutsloggen postgresql://regel@127.0.0.1:[0-9]*/postgres?options=.* kan inte öppnas: kan inte ansluta till PostgreSQL" "$work/err.txt" &&
  ! grep -qF -- "$password" "$work/err.txt" && ok "fel lösenord: R0801 utan lösenordet" || fail "fel lösenord ($rc): $(shown "$work/err.txt")"
"$regel" run "$rules" "${cases[0]}" --audit "postgresql://regel:$password@127.0.0.1:1/postgres" > "$work/out.txt" 2> "$work/err.txt"; rc=$?
[ "$rc" = 1 ] && grep -q "fel\[R0801\]" "$work/err.txt" && [ ! -s "$work/out.txt" ] && ! grep -qF -- "$password" "$work/err.txt" &&
  ok "ingen server: R0801, inget beslut" || fail "ingen server ($rc): $(shown "$work/err.txt")"
"$regel" audit list "$url?options=-csearch_path%3D${schema}_saknas" > /dev/null 2> "$work/err.txt"; rc=$?
[ "$rc" = 1 ] && grep -q "fel\[R0807\]" "$work/err.txt" && ok "audit list utan logg: R0807" || fail "audit list utan logg ($rc): $(shown "$work/err.txt")"

exit $((fails > 0))
