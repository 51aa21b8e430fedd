# Sourced by scripts/test.sh and scripts/test-sanitized.sh: a throwaway PostgreSQL server for the
# tests of the decision log on PostgreSQL, started now (scripts/postgres.sh) and stopped when the
# sourcing script exits, whether the tests passed or not. Its URL is exported in
# REGEL_TEST_POSTGRES_URL; where no server can start, REGEL_TEST_POSTGRES_SKIP says why and those
# tests skip with that reason. A REGEL_TEST_POSTGRES_URL already set names a server to use instead.
if [ -z "${REGEL_TEST_POSTGRES_URL:-}" ]; then
  regel_pgdir="$(mktemp -d "${TMPDIR:-/tmp}/regel-postgres.XXXXXX")"
  trap '"$root/scripts/postgres.sh" stop "$regel_pgdir"' EXIT
  # Interrupted or terminated: exit, so that the EXIT trap stops the server.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if regel_pgout="$("$root/scripts/postgres.sh" start "$regel_pgdir" 2>&1)"; then
    export REGEL_TEST_POSTGRES_URL="$regel_pgout"
    unset REGEL_TEST_POSTGRES_SKIP
  else
    export REGEL_TEST_POSTGRES_SKIP="${regel_pgout#postgres.sh: }"
    echo "PostgreSQL startade inte (${REGEL_TEST_POSTGRES_SKIP}): testerna mot PostgreSQL hoppas över" >&2
  fi
  unset regel_pgout
fi
