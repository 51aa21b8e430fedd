#!/usr/bin/env bash
# Runs a command and checks its exit code and that its output (stdout and stderr) contains a text.
# Usage: expect.sh EXIT_CODE TEXT -- COMMAND ARGS…   (TEXT may be empty)
set -u
want="$1"; text="$2"; shift 2
[ "$1" = "--" ] && shift
out="$("$@" 2>&1)"
got=$?
if [ "$got" != "$want" ]; then
  printf 'exit code %s, expected %s\n--- output ---\n%s\n' "$got" "$want" "$out" | head -c 4000
  exit 1
fi
if [ -n "$text" ] && ! grep -qF -- "$text" <<<"$out"; then
  printf 'output lacks "%s"\n--- output ---\n%s\n' "$text" "$out" | head -c 4000
  exit 1
fi
exit 0
