#!/usr/bin/env bash
# The playground in a real browser: `regel playground` on a free loopback port, driven by
# playground/e2e/lekplats.mjs (playwright-core with Debian's headless chromium) as a policy writer
# would use it: open a bundled ruleset, make an error and see it underlined, fix it with the quick
# fix, fill a case, decide, open the trace, run the exempel. Screenshots of every step are saved
# in build/lekplats/. Without Node.js, the playground's npm packages or chromium (all installed by
# scripts/install-deps.sh) it says what is missing and passes.
set -u
regel="$1"; root="$2"; shots="$3"
for need in node /usr/bin/chromium; do
  command -v "$need" > /dev/null || { echo "hoppas över: $need saknas (scripts/install-deps.sh installerar det)"; exit 0; }
done
[ -d "$root/playground/node_modules/playwright-core" ] \
  || { echo "hoppas över: playground/node_modules saknas (scripts/install-deps.sh kör npm ci)"; exit 0; }
work="$(mktemp -d)"
"$regel" playground --port 0 2> "$work/log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/log" | head -1)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "MISSLYCKADES: lekplatsen startade inte: $(cat "$work/log")"; exit 1; }
if ! curl -sf "$url/" > /dev/null; then
  echo "MISSLYCKADES: lekplatsens sida saknas: $(curl -s "$url/")"
  exit 1
fi
rm -rf "$shots"
cd "$root/playground" && node e2e/lekplats.mjs "$url" "$shots"
