#!/usr/bin/env bash
# Declared limits of input fields (`heltal 0 till 20`, `belopp minst 0 kr`): a case outside them is
# refused with the field and the limit named (R0613), from a .regel and from its .rgb alike.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
rules="$root/tests/cli/data/granser.regel"
printf '%s\n' '{"indata":{"barn":[{"ålder":21}],"inkomst":-5,"månad":"2019-12","andel":"120 %"}}' > "$work/utanfor.json"
printf '%s\n' '{"indata":{"barn":[{"ålder":20}],"inkomst":0,"månad":"2020-01","andel":"100 %"}}' > "$work/kanten.json"
"$regel" build "$rules" -o "$work/granser.rgb" > /dev/null || { echo "build misslyckades"; exit 1; }
for r in "$rules" "$work/granser.rgb"; do
  out="$("$regel" run "$r" "$work/utanfor.json" 2>&1)"; code=$?
  for want in "fel[R0613]: fältet 'ålder' har värdet 21, som ligger utanför det tillåtna: 0 till 20 (indata.barn[0].ålder)" \
              "fältet 'inkomst' har värdet -5 kr, som ligger utanför det tillåtna: minst 0 kr" \
              "fältet 'månad' har värdet 2019-12, som ligger utanför det tillåtna: minst 2020-01" \
              "fältet 'andel' har värdet 120 %, som ligger utanför det tillåtna: högst 100 %"; do
    grep -qF -- "$want" <<<"$out" || { echo "MISSLYCKADES ($r): saknar \"$want\""; echo "$out"; fails=$((fails + 1)); }
  done
  [ "$code" = 1 ] || { echo "MISSLYCKADES ($r): slutkod $code, väntade 1"; fails=$((fails + 1)); }
  "$regel" run "$r" "$work/kanten.json" > "$work/out" 2>&1 ||
    { echo "MISSLYCKADES ($r): värden på gränserna ska godtas"; cat "$work/out"; fails=$((fails + 1)); }
done
[ "$fails" -eq 0 ] && echo "gränser: alla fall ok"
exit $((fails > 0))
