#!/usr/bin/env bash
# The complete example ruleset at the end of docs/sprak.md must check without errors and its exempel
# must hold, so that the reference never teaches something the compiler rejects.
set -eu
regel="$1"; root="$2"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
awk '/^## 28\./ {in28 = 1} in28 && /^```regel$/ {copy = 1; next} copy && /^```$/ {exit} copy {print}' \
  "$root/docs/sprak.md" > "$work/exempel.regel"
[ -s "$work/exempel.regel" ] || { echo "hittade inget regelverk i avsnitt 28"; exit 1; }
"$regel" check --werror "$work/exempel.regel"
"$regel" test "$work/exempel.regel"
