#!/usr/bin/env bash
# The command line speaks Swedish: usage errors (unknown command, missing argument or file, bad
# value) are Swedish messages on standard error, nothing on standard output, and exit code 2.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
usage() {  # usage NAME TEXT -- CMD…
  local name="$1" text="$2"; shift 3
  "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  if [ "$got" != 2 ] || [ -s "$work/stdout" ] || ! grep -qF -- "$text" "$work/stderr" ||
     grep -qE "Run with|is required|not expected|does not exist" "$work/stderr"; then
    echo "MISSLYCKADES: $name (slutkod $got)"; cat "$work/stdout" "$work/stderr"; fails=$((fails + 1))
  else
    echo "ok: $name"
  fi
}
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
usage "okänt kommando" "okänt kommando 'chek'; menade du 'check'?" -- "$regel" chek "$rules"
usage "inget kommando" "ange ett kommando: check, build, run, batch, test, index, audit, serve eller playground" -- "$regel"
usage "saknat argument" "argumentet 'ärenden' saknas" -- "$regel" run "$rules"
usage "saknad fil" "filen finns inte: $work/saknas.regel" -- "$regel" check "$work/saknas.regel"
usage "katalog" "är en katalog, inte en fil" -- "$regel" check "$root/rulesets"
usage "okänd flagga" "okänt argument: --color=never" -- "$regel" check "$rules" --color=never
usage "trådar 0" "--threads: 0 ligger utanför det tillåtna; ange ett heltal från 1 till 256" -- \
  "$regel" batch "$rules" - --threads 0
usage "trådar x" "'x' är inget heltal" -- "$regel" batch "$rules" - --threads x
usage "datum utan värde" "regel: --datum saknar sitt värde" -- "$regel" run "$rules" "$rules" --datum=
usage "tomt datum" "--datum: '' är inget giltigt datum (ÅÅÅÅ-MM-DD)" -- "$regel" run "$rules" "$rules" --datum ""
usage "okänt steg" "'foo' är inget av de tillåtna värdena (ast, ir eller bytecode)" -- \
  "$regel" build "$rules" --dump foo
usage "audit utan kommando" "ange ett kommando: list, show, verify, export eller stickprov" -- "$regel" audit
usage "audit utan månad" "argumentet '--månad' saknas" -- "$regel" audit stickprov "$rules"
usage "audit post x" "id: 'x' är inget heltal" -- "$regel" audit show "$rules" x
usage "audit urval" "--sample: -1 ligger utanför det tillåtna" -- "$regel" audit verify "$rules" --sample -1
usage "sätt med audit" "--audit kan inte kombineras med --sätt" -- "$regel" run "$rules" "$rules" --sätt a=1 --audit "$work/l.db"
usage "sätt utan =" "--sätt 'lön' ska skrivas FÄLT=VÄRDE" -- "$regel" run "$rules" "$root/rulesets/forsorjningsstod/ansokningar/2023-0005.json" --sätt lön
# Help goes to standard output, in Swedish.
if "$regel" run --help | grep -q "Användning:.*run \[FLAGGOR\] regler ärenden"; then
  echo "ok: hjälp"
else
  echo "MISSLYCKADES: hjälp"; fails=$((fails + 1))
fi
exit $((fails > 0))
