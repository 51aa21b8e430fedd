#!/usr/bin/env bash
# End to end beyond the old 16-bit limits: a generated ruleset of more than 65 535 rules builds,
# loads from .rgb (verified) and decides one case with the expected amount. Checks behaviour only.
set -euo pipefail
regel="$1"; root="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
ore="$(python3 "$root/bench/gen_ruleset.py" 60000 "$dir/g.regel" "$dir/case.json")"
"$regel" build "$dir/g.regel" -o "$dir/g.rgb" >/dev/null
out="$("$regel" run "$dir/g.rgb" "$dir/case.json" --datum 2023-03-01)"
echo "$out"
kr=$((ore / 100)); rest=$((ore % 100))
want="$(sed ':a;s/\B[0-9]\{3\}\>/ &/;ta' <<<"$kr")"
[ "$rest" -ne 0 ] && want="$want,$(printf '%02d' "$rest")"
grep -qF "Beslut: bifall med $want kr" <<<"$out" || { echo "väntade bifall med $want kr"; exit 1; }
