#!/usr/bin/env bash
# `regel batch` end to end: the same bytes for 1, 2 and 4 threads, error records with their line
# numbers, stdin/stdout as "-", the summary, no progress bar when stderr is not a terminal, and
# the exit codes.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "MISSLYCKADES: $*"; fails=$((fails + 1)); }
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"

good="$work/good.jsonl"
for f in "$root"/rulesets/forsorjningsstod/ansokningar/*.json; do tr -d '\n' < "$f"; echo; done > "$work/one.jsonl"
# 2023-0004 lacks a fact (komplettering) but is decided: the good file has no refused case.
for i in $(seq 30); do cat "$work/one.jsonl"; done > "$good"
mixed="$work/mixed.jsonl"
{
  head -n 50 "$good"
  echo '{"id": "trasig", "indata": {'              # line 51: malformed JSON
  head -n 20 "$good"
  echo '{"id": "okänt", "indata": {"okänt_fält": 1}}'  # line 72: unknown field
  echo ''                                           # line 73: blank, skipped
  echo '{"id": "typ", "indata": {"boendekostnad": true}}'  # line 74: wrong type
  printf '{"id": "stor", "indata": {"x": "%s"}}\n' "$(head -c 2000000 /dev/zero | tr '\0' x)"  # line 75: too long
  head -n 100 "$good"
} > "$mixed"

"$regel" batch "$rules" "$mixed" --threads 1 > "$work/t1" 2> "$work/e1"; rc1=$?
"$regel" batch "$rules" "$mixed" --threads 2 -o "$work/t2" 2> "$work/e2"; rc2=$?
"$regel" batch "$rules" - --threads 4 -o - < "$mixed" > "$work/t4" 2> "$work/e4"; rc4=$?
[ "$rc1" = 1 ] && [ "$rc2" = 1 ] && [ "$rc4" = 1 ] || fail "slutkod med trasiga rader: $rc1 $rc2 $rc4 (väntat 1)"
cmp -s "$work/t1" "$work/t2" || fail "--threads 1 och 2 ger olika utdata"
cmp -s "$work/t1" "$work/t4" || fail "--threads 1 och 4 (stdin/stdout) ger olika utdata"
[ "$(wc -l < "$work/t1")" = 174 ] || fail "antal utrader $(wc -l < "$work/t1"), väntat 174"
line() { sed -n "$1p" "$work/t1"; }
grep -q '^{"rad":51,"ärende":null,"utfall":null,"ärendefel":\[{"kod":"R0601"' <(line 51) || fail "rad 51: $(line 51 | head -c 300)"
grep -q '^{"rad":72,"ärende":"okänt","utfall":null,"ärendefel":\[{"kod":"R0602"' <(line 72) || fail "rad 72: $(line 72 | head -c 300)"
grep -q '^{"rad":74,"ärende":"typ","utfall":null,"ärendefel":\[{"kod":"R0603"' <(line 73) || fail "rad 74: $(line 73 | head -c 300)"
grep -q '^{"rad":75,"ärende":null,"utfall":null,"ärendefel":\[{"kod":"R0607",.*"rad":75,"kolumn":1}\]}$' <(line 74) || fail "rad 75: $(line 74 | head -c 300)"
grep -q '^{"rad":175,"ärende":"2023-0006"' <(line 174) || fail "sista raden: $(line 174 | head -c 300)"
# The input order is kept: the case ids follow the input's.
diff <(grep -o '"ärende":"[^"]*"' "$work/t1" | grep -v 'okänt\|typ') \
     <(cat <(head -n 50 "$good") <(head -n 20 "$good") <(head -n 100 "$good") | grep -o '"id": "[^"]*"' | sed 's/"id": /"ärende":/') >/dev/null \
  || fail "ordningen är inte indatas"
summary="174 ärenden (175 rader): 68 bifall, 51 avslag, 34 manuell prövning, 17 komplettering, 0 med körfel, 4 rader kunde inte läsas"
grep -qF "$summary" "$work/e1" || fail "sammanfattningen: $(cat "$work/e1")"
for e in "$work/e1" "$work/e2" "$work/e4"; do
  # Not a terminal: no progress bar (no carriage return), only the summary line.
  if grep -q $'\r' "$e" || [ "$(wc -l < "$e")" != 1 ]; then fail "förloppsindikator utan terminal: $(cat -A "$e" | head -c 300)"; fi
done

"$regel" batch "$rules" "$good" --threads 2 > "$work/g" 2> "$work/ge" || fail "slutkod för bara giltiga ärenden: $?"
[ "$(wc -l < "$work/g")" = 300 ] || fail "300 giltiga ärenden gav $(wc -l < "$work/g") rader"
# Every bifall line says how its amount came about, without --trace too (the branch gives no skäl).
if grep '"utfall":"bifall"' "$work/g" | grep -q '"skäl":\[\]'; then fail "bifall utan skäl: $(grep '"utfall":"bifall"' "$work/g" | grep -m1 '"skäl":\[\]' | head -c 300)"; fi
grep -q '"ärende":"2023-0001",.*"skäl":\["Riksnorm 4 620 kr plus skäliga kostnader 4 495 kr minus inkomster 0 kr, avrundat nedåt till hela kronor: 9 115 kr."\]' "$work/g" ||
  fail "bifallets skäl: $(grep -m1 '2023-0001' "$work/g" | head -c 400)"
"$regel" batch "$rules" "$good" --trace --threads 2 > "$work/tr" 2>/dev/null || fail "--trace slutkod"
grep -q '^{"rad":1,"schema":"regel-beslut/1",.*"spår":{"rot":0' <(head -n 1 "$work/tr") || fail "--trace: $(head -c 300 "$work/tr")"
"$regel" batch "$rules" "$good" --trace --threads 1 2>/dev/null | cmp -s - "$work/tr" || fail "--trace med 1 och 2 trådar ger olika utdata"

"$regel" batch "$rules" "$work/finns-inte.jsonl" > /dev/null 2>&1; [ $? = 2 ] || fail "saknad indatafil ska ge slutkod 2"
"$regel" batch "$rules" "$good" --datum 2023-02-30 > /dev/null 2>&1; [ $? = 2 ] || fail "ogiltigt --datum ska ge slutkod 2"
"$regel" batch "$rules" "$good" --threads 0 > /dev/null 2>&1; [ $? = 2 ] || fail "--threads 0 ska ge slutkod 2"
# Before 2002 no rule has a version (R0504): a run-time error on every line.
"$regel" batch "$rules" "$good" --datum 2001-05-01 > "$work/d" 2> "$work/de"; [ $? = 1 ] || fail "körfel ska ge slutkod 1"
grep -q '"fel":{"kod":"R0504"' <(head -n 1 "$work/d") || fail "körfel: $(head -c 300 "$work/d")"
grep -q 'Varning: .* ärenden\? angav ett annat beslutsdatum än --datum; --datum användes.' "$work/de" ||
  fail "--datum som ersätter ärendenas beslutsdatum ska sägas: $(cat "$work/de")"
printf '' | "$regel" batch "$rules" - > "$work/empty" 2> "$work/ee" || fail "tom indata ska ge slutkod 0"
[ ! -s "$work/empty" ] || fail "tom indata gav utdata"

# The input named as the output, by its name or through a link, is refused before it is emptied.
head -n 5 "$good" > "$work/self.jsonl"; ln -s "$work/self.jsonl" "$work/self-link.jsonl"
"$regel" batch "$rules" "$work/self.jsonl" -o "$work/self.jsonl" > /dev/null 2> "$work/se"; rc=$?
[ "$rc" = 2 ] || fail "indatafilen som utfil: slutkod $rc, väntat 2"
grep -qF "fel: $work/self.jsonl är samma fil som ärendena; beslutsraderna skulle skriva över dem." "$work/se" ||
  fail "indatafilen som utfil: $(cat "$work/se")"
"$regel" batch "$rules" - -o "$work/self-link.jsonl" < "$work/self.jsonl" > /dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "indata via länk som utfil: slutkod $rc, väntat 2"
cmp -s "$work/self.jsonl" <(head -n 5 "$good") || fail "indatafilen ändrades"
# Nor the rules or the decision log, whether it exists or is still to be made.
cp "$rules" "$work/self.regel"
"$regel" batch "$work/self.regel" "$work/self.jsonl" -o "$work/self.regel" > /dev/null 2> "$work/se"; rc=$?
[ "$rc" = 2 ] || fail "regelverket som utfil: slutkod $rc, väntat 2"
grep -qF "fel: $work/self.regel är samma fil som regelverket; beslutsraderna skulle skriva över det." "$work/se" ||
  fail "regelverket som utfil: $(cat "$work/se")"
cmp -s "$work/self.regel" "$rules" || fail "regelverket ändrades"
"$regel" batch "$rules" "$work/self.jsonl" -o "$work/new.db" --audit "$work/new.db" > /dev/null 2> "$work/se"; rc=$?
[ "$rc" = 2 ] && [ ! -e "$work/new.db" ] || fail "en ny logg som utfil: slutkod $rc, väntat 2 och ingen fil"
grep -qF "är samma fil som beslutsloggen; beslutsraderna skulle skriva över den." "$work/se" ||
  fail "en ny logg som utfil: $(cat "$work/se")"
"$regel" batch "$rules" "$work/self.jsonl" -o /dev/null --audit "$work/self.db" 2> /dev/null || fail "loggen skrivs inte"
cp "$work/self.db" "$work/self-before.db"
"$regel" batch "$rules" "$work/self.jsonl" -o "$work/self.db" --audit "$work/self.db" > /dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "loggen som utfil: slutkod $rc, väntat 2"
cmp -s "$work/self.db" "$work/self-before.db" || fail "loggen ändrades"
# Lines that cannot be written: exit 1 and said so.
if [ -w /dev/full ]; then
  "$regel" batch "$rules" "$work/self.jsonl" > /dev/full 2> "$work/fe"; rc=$?
  [ "$rc" = 1 ] || fail "full disk: slutkod $rc, väntat 1"
  grep -qF "fel: kan inte skriva till standard output" "$work/fe" || fail "full disk: $(cat "$work/fe")"
fi

[ "$fails" -eq 0 ] && echo "batch: alla fall ok"
exit $((fails > 0))
