#!/usr/bin/env bash
# The auditor's HTML report: one self-contained page (nothing fetched, no script), its content
# escaped, from `run --trace html` and from `audit show --format html`; opened in Debian's headless
# Chromium, which renders it (a screenshot is saved in the build directory) and parses its tree.
set -u
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "MISSLYCKADES: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
rules="$root/rulesets/forsorjningsstod/forsorjningsstod.regel"
cases="$root/rulesets/forsorjningsstod/ansokningar"

"$regel" run "$rules" "$cases/2019-0002.json" --trace html > "$work/bifall.html"; rc=$?
[ "$rc" = 0 ] || fail "run --trace html slutkod $rc"
for want in '<!DOCTYPE html>' '<html lang="sv">' '<h1>Beslut i ärende 2019-0002</h1>' '<p class="utfall bifall">bifall med 8 720 kr</p>' \
            '<details id="n0" open>' 'Riksnorm 24 020 kr plus skäliga kostnader 10 440 kr minus inkomster 25 740 kr' \
            '<th>Motor</th><td>regel ' '<a href="#n'; do
  grep -qF -- "$want" "$work/bifall.html" && ok "rapporten har $want" || fail "rapporten saknar $want"
done
# Self-contained: nothing is fetched and nothing runs.
if grep -qiE '(src|href)="(https?:)?//|<script|<link' "$work/bifall.html"; then fail "rapporten hämtar eller kör något"; else ok "fristående"; fi

# Hostile text in the case is escaped.
sed 's/"id": "2019-0002"/"id": "<script>alert(1)<\/script>\&"/' "$cases/2019-0002.json" > "$work/hostile.json"
"$regel" run "$rules" "$work/hostile.json" --trace html > "$work/hostile.html"
grep -qF 'Beslut i ärende &lt;script&gt;alert(1)&lt;/script&gt;&amp;' "$work/hostile.html" && ! grep -q '<script' "$work/hostile.html" &&
  ok "ärendets text escapas" || fail "ärendets text escapas inte"

# A case that cannot be read gives no page: its problems go to stderr.
echo '{"indata": {"vuxna": 3}}' > "$work/trasig.json"
"$regel" run "$rules" "$work/trasig.json" --trace html > "$work/trasig.html" 2> "$work/trasig.err"; rc=$?
[ "$rc" = 1 ] && [ ! -s "$work/trasig.html" ] && grep -q "fel\[R0603\]" "$work/trasig.err" &&
  ok "ett ärende som inte kan prövas: inget på standard output, felet på standard error" ||
  fail "trasigt ärende med --trace html ($rc): $(cat "$work/trasig.html" "$work/trasig.err")"

"$regel" run "$rules" "$cases/2019-0001.json" "$cases/2019-0002.json" --trace html > /dev/null 2> "$work/err.txt"; rc=$?
[ "$rc" = 2 ] && grep -q "ange ett ärende i taget" "$work/err.txt" && ok "--trace html tar ett ärende" || fail "--trace html med två ärenden ($rc)"

# From the decision log: the record's origin and, for an avslag, what would change it.
"$regel" run "$rules" "$cases/2023-0005.json" --audit "$work/logg.db" > /dev/null
"$regel" audit show "$work/logg.db" 1 --format html > "$work/avslag.html"; rc=$?
[ "$rc" = 0 ] && grep -qF '<th>Post i beslutsloggen</th><td>1</td>' "$work/avslag.html" &&
  grep -qF '<h2>Vad skulle ändra beslutet</h2>' "$work/avslag.html" &&
  grep -qF 'realiserbara_tillgångar sänkt till 10 000 kr (i dag 18 400 kr): bifall med 8 840 kr' "$work/avslag.html" &&
  ok "audit show --format html" || fail "audit show --format html ($rc)"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "hoppar över Chromium-provet: chromium finns inte (scripts/install-deps.sh installerar det)"
else
  shot="$(dirname "$regel")/html-rapport.png"
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1400 \
    --screenshot="$shot" "file://$work/bifall.html" > "$work/chromium.txt" 2>&1
  if [ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(stat -c %s "$shot")" -gt 20000 ]; then
    ok "Chromium ritade rapporten ($shot, $(stat -c %s "$shot") byte)"
  else
    fail "Chromium gav ingen skärmbild: $(tail -3 "$work/chromium.txt")"
  fi
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --dump-dom "file://$work/avslag.html" > "$work/dom.html" 2> /dev/null
  n=$(grep -o '<details' "$work/dom.html" | wc -l)
  [ "$n" -gt 3 ] && grep -qF '<summary><span class="nr">[0]</span> Beslut' "$work/dom.html" &&
    ok "Chromium läste trädet ($n noder)" || fail "Chromium läste inte trädet ($n noder)"
fi
exit $((fails > 0))
