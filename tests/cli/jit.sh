#!/usr/bin/env bash
# `--jit` end to end on the command line: `run` (from .regel and from .rgb, explained and as JSON),
# `batch` on one and two threads, and `test` give exactly what they give without it. In a build
# without the JIT, `--jit` is refused with a clear error and exit code 1.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "MISSLYCKADES: $*"; fails=$((fails + 1)); }
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
cases=("$root"/rulesets/forsorjningsstod/ansokningar/*.json)

"$regel" run "$rules" "${cases[0]}" --jit > "$work/probe" 2>&1; probe=$?
if grep -q "byggd utan JIT" "$work/probe"; then
  [ "$probe" = 1 ] || fail "--jit utan JIT: slutkod $probe (väntat 1)"
  [ "$fails" = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, $fails failed"
  exit "$((fails > 0))"
fi

"$regel" build "$rules" -o "$work/fs.rgb" > /dev/null || fail "build"
for r in "$rules" "$work/fs.rgb"; do
  for mode in "--explain" "--trace json"; do
    # shellcheck disable=SC2086
    "$regel" run "$r" "${cases[@]}" $mode > "$work/vm" 2>&1; a=$?
    # shellcheck disable=SC2086
    "$regel" run "$r" "${cases[@]}" $mode --jit > "$work/jit" 2>&1; b=$?
    [ "$a" = "$b" ] || fail "run $(basename "$r") $mode: slutkod $a utan och $b med --jit"
    cmp -s "$work/vm" "$work/jit" || fail "run $(basename "$r") $mode: olika utdata med --jit"
  done
done

# Definitions per element (one trace node per child) from a .rgb, on the VM and natively.
maxtaxa="$root/tests/golden/run/maxtaxa.regel"
"$regel" build "$maxtaxa" -o "$work/maxtaxa.rgb" > /dev/null || fail "build maxtaxa"
for mode in "--explain" "--trace json"; do
  # shellcheck disable=SC2086
  "$regel" run "$maxtaxa" "$root"/tests/golden/run/maxtaxa-*.json $mode > "$work/src" 2>&1
  # shellcheck disable=SC2086
  "$regel" run "$work/maxtaxa.rgb" "$root"/tests/golden/run/maxtaxa-*.json $mode --jit > "$work/jit" 2>&1
  grep -q "avgift(barn\[1\])" "$work/src" || fail "maxtaxa $mode: ingen nod för avgift(barn[1])"
  # The .rgb names its source file as the source does; only the path given on the command line differs.
  cmp -s "$work/src" "$work/jit" || fail "maxtaxa $mode: .rgb med --jit ger inte samma utdata som källan"
done

for f in "${cases[@]}"; do tr -d '\n' < "$f"; echo; done > "$work/one.jsonl"
for i in $(seq 20); do cat "$work/one.jsonl"; done > "$work/many.jsonl"
"$regel" batch "$rules" "$work/many.jsonl" --trace -o "$work/b_vm" 2> /dev/null
for t in 1 2; do
  "$regel" batch "$work/fs.rgb" "$work/many.jsonl" --trace --jit --threads "$t" -o "$work/b_jit$t" 2> /dev/null
  cmp -s "$work/b_vm" "$work/b_jit$t" || fail "batch --jit --threads $t: olika utdata"
done

"$regel" test "$rules" --coverage > "$work/t_vm" 2>&1; a=$?
"$regel" test "$rules" --coverage --jit > "$work/t_jit" 2>&1; b=$?
[ "$a" = 0 ] && [ "$b" = 0 ] || fail "test: slutkod $a utan och $b med --jit"
cmp -s "$work/t_vm" "$work/t_jit" || fail "test --coverage: olika utdata med --jit"

[ "$fails" = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, $fails failed"
exit "$((fails > 0))"
