#!/usr/bin/env bash
# Bad input end to end: generated garbage, deep nesting, corrupt .rgb files and absurd numbers must
# each give a clear error with a code and exit 1 — never a crash (exit ≥ 128) or a hang.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
check() {  # check NAME EXIT TEXT -- CMD…
  local name="$1"; shift
  if ! timeout 60 "$root/tests/cli/expect.sh" "$@" >"$work/out" 2>&1; then
    echo "MISSLYCKADES: $name"; cat "$work/out"; fails=$((fails + 1))
  else
    echo "ok: $name"
  fi
}
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
case1="$root/rulesets/forsorjningsstod/ansokningar/2023-0001.json"
small="$root/tests/golden/run/bistand.regel"

head -c 40000000 /dev/urandom > "$work/garbage.regel"
check "40 MB skräp" 1 "fel[R0007]" -- "$regel" check "$work/garbage.regel"
head -c 100000 /dev/urandom > "$work/small-garbage.regel"
check "100 kB skräp" 1 "fel[R0" -- "$regel" check "$work/small-garbage.regel"
{ printf 'regelverk T\nindata { a: belopp }\nvärde x: belopp = '; printf '(%.0s' $(seq 1000); printf 'a'; printf ')%.0s' $(seq 1000); printf '\nbeslut\n  avslag annars\n'; } > "$work/deep.regel"
check "1 000 nivåer" 1 "fel[R0006]" -- "$regel" check "$work/deep.regel"
{ printf 'regelverk T\nindata { a: belopp }\nvärde x: belopp = a'; for i in $(seq 3000); do printf ' + a'; done; printf '\nbeslut\n  bifall med x om x > 0 kr\n  avslag annars\n'; } > "$work/chain.regel"
check "lång kedja" 1 "fel[R0006]" -- "$regel" check "$work/chain.regel"
printf 'regelverk T\nindata { a: belopp }\nvärde x: belopp = a + (a\nbeslut\n  avslag annars\n' > "$work/unbalanced.regel"
check "obalanserad parentes" 1 "fel[R0011]" -- "$regel" check "$work/unbalanced.regel"
printf 'regelverk T\nindata { a: belopp \xff }\n' > "$work/latin1.regel"
check "ogiltig UTF-8" 1 "fel[R0001]" -- "$regel" check "$work/latin1.regel"

"$regel" build "$rules" -o "$work/fs.rgb" >/dev/null 2>&1 || { echo "build misslyckades"; exit 1; }
# A file's name (an upload's, say) and an argument are shown, never sent to the terminal as they
# are: an escape sequence in them appears as ␛.
escaped="$work/a$(printf '\033')[2Jb.json"
printf '{"okänt": 1}' > "$escaped"
cp "$case1" "$work/c$(printf '\033')[31m.json"
"$regel" run "$rules" "$escaped" "$work/c$(printf '\033')[31m.json" > "$work/esc.txt" 2>&1
"$regel" run "$rules" "$case1" --datum "2024-01-01$(printf '\033')[31m" >> "$work/esc.txt" 2>&1
if grep -q "$(printf '\033')" "$work/esc.txt"; then
  echo "MISSLYCKADES: en escape-sekvens i ett filnamn eller argument nådde terminalen"; fails=$((fails + 1))
elif ! grep -qF "a$(printf '\xe2\x90\x9b')[2Jb.json: ärendet kan inte prövas" "$work/esc.txt" ||
     ! grep -qF "c$(printf '\xe2\x90\x9b')[31m.json" "$work/esc.txt" ||
     ! grep -qF "regel: --datum: '2024-01-01$(printf '\xe2\x90\x9b')[31m' är inget giltigt datum" "$work/esc.txt"; then
  echo "MISSLYCKADES: filnamnen visas inte: $(cat "$work/esc.txt")"; fails=$((fails + 1))
else
  echo "ok: styrtecken i filnamn och argument visas"
fi

# The .rgb written over its own source would leave no rules to build again.
cp "$rules" "$work/self.regel"
check "build över källtexten" 2 "är samma fil som källtexten; den kompilerade filen skulle skriva över den. Välj en annan utfil." \
  -- "$regel" build "$work/self.regel" -o "$work/self.regel"
cmp -s "$work/self.regel" "$rules" || { echo "MISSLYCKADES: källtexten ändrades"; fails=$((fails + 1)); }
check "rgb fungerar" 0 "Beslut: bifall" -- "$regel" run "$work/fs.rgb" "$case1"
size=$(stat -c %s "$work/fs.rgb")
head -c $((size / 2)) "$work/fs.rgb" > "$work/truncated.rgb"
check "trunkerad rgb" 1 "fel[R07" -- "$regel" run "$work/truncated.rgb" "$case1"
cp "$work/fs.rgb" "$work/altered.rgb"
printf '\x5a' | dd of="$work/altered.rgb" bs=1 seek=$((size / 3)) conv=notrunc status=none
check "ändrad rgb" 1 "fel[R07" -- "$regel" run "$work/altered.rgb" "$case1"
check "check på en rgb" 0 "kompilerad regelfil för Försörjningsstöd" -- "$regel" check "$work/fs.rgb"
check "check på en ändrad rgb" 1 "fel[R0705]" -- "$regel" check "$work/altered.rgb"
check "test på en rgb" 1 "fel[R0016]" -- "$regel" test "$work/fs.rgb"
printf 'REGELRGB' > "$work/header-only.rgb"
check "bara magi" 1 "fel[R07" -- "$regel" run "$work/header-only.rgb" "$case1"

printf '{"indata": {"månad": "2023-03", ' > "$work/broken.json"
check "trasig JSON" 1 "fel[R0601]" -- "$regel" run "$small" "$work/broken.json"
printf '{"indata": {"månad": "2023-03", "vuxna": [{"ålder": 30, "nettoinkomst": 0, "lön": 0, "inskriven": true}], "barn": [], "boende": 90000000000000000, "hushållsel": 90000000000000000, "månader_med_bistånd": 0}}' > "$work/overflow.json"
check "beloppsspill" 1 "fel[R0501]" -- "$regel" run "$small" "$work/overflow.json"
printf '{"indata": {"månad": "2023-03", "boende": 1e400}}' > "$work/huge.json"
check "orimligt tal" 1 "fel[R0604]" -- "$regel" run "$small" "$work/huge.json"
check "datum utan version" 1 "fel[R0503]" -- "$regel" run "$small" "$root/tests/golden/run/bistand-1-bifall.json" --datum 2016-05-01
check "ogiltigt --datum" 2 "regel: --datum: '2023-02-30' är inget giltigt datum (ÅÅÅÅ-MM-DD)" -- "$regel" run "$small" "$root/tests/golden/run/bistand-1-bifall.json" --datum 2023-02-30
check "okänt kommando" 2 "" -- "$regel" frobnicate
check "saknad fil" 2 "" -- "$regel" check "$work/finns-inte.regel"

# Decisions that cannot be written (a full disk) are a failure, said on standard error.
if [ -w /dev/full ]; then
  "$regel" run "$rules" "$case1" > /dev/full 2> "$work/full"; rc=$?
  if [ "$rc" != 1 ] || ! grep -qF "fel: kan inte skriva till standard output: " "$work/full"; then
    echo "MISSLYCKADES: full disk (slutkod $rc): $(cat "$work/full")"; fails=$((fails + 1))
  else
    echo "ok: full disk"
  fi
fi

[ "$fails" -eq 0 ] && echo "bad_input: alla fall ok" 
exit $((fails > 0))
