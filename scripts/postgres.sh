#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the decision log on PostgreSQL (audit/, tests/):
# a fresh cluster in DIR, listening on 127.0.0.1 on a free port and on a unix socket in DIR, with
# Debian's binaries (/usr/lib/postgresql/*/bin, or REGEL_POSTGRES_BIN). Nothing of it outlives `stop`.
#
#   scripts/postgres.sh start DIR   # prints the server's URL (with a random password) on stdout
#   scripts/postgres.sh url DIR     # prints it again
#   scripts/postgres.sh stop DIR    # stops the server and removes DIR
#
# `start` exits 1 with the reason on standard error where no server can run (no binaries, initdb
# or the server fails); scripts/test.sh then skips the tests that need one. initdb and postgres
# refuse to run as root: as root they run as the system user `postgres`, which owns DIR.
set -euo pipefail

usage() { echo "användning: scripts/postgres.sh start|url|stop KATALOG" >&2; exit 2; }
[ $# -eq 2 ] || usage
command="$1"; dir="$2"
cd /  # the owner may not be allowed into the caller's directory

# Runs a command as the user who owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Debian's newest PostgreSQL, or the directory REGEL_POSTGRES_BIN names (another system's).
bin_dir() {
  local d="${REGEL_POSTGRES_BIN:-}"
  [ -n "$d" ] || d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

start() {
  local bin port password
  if ! bin="$(bin_dir)"; then
    echo "postgres.sh: PostgreSQL finns inte (${REGEL_POSTGRES_BIN:-/usr/lib/postgresql/*/bin}/initdb saknas; paketet postgresql)" >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "postgres.sh: användaren postgres saknas, och initdb vägrar köra som root" >&2
    return 1
  fi
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || { echo "postgres.sh: $dir är inte tom" >&2; return 1; }
  touch "$dir/regel-postgres"  # what `stop` looks for before it removes DIR
  password="$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
  printf '%s\n' "$password" > "$dir/password"
  mkdir "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$dir"; fi
  chmod 700 "$dir"
  # Local (unix socket) connections are trusted; TCP ones need the password, so that the tests
  # see a wrong password refused.
  if ! as_owner "$bin/initdb" -D "$dir/data" -U regel --pwfile="$dir/password" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync > "$dir/initdb.log" 2>&1; then
    echo "postgres.sh: initdb misslyckades: $(tail -3 "$dir/initdb.log" | tr '\n' ' ')" >&2
    return 1
  fi
  # A port that another process holds makes the server exit at once: try another.
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -s \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
        start > /dev/null 2>&1; then
      echo "postgresql://regel:$password@127.0.0.1:$port/postgres" > "$dir/url"
      cat "$dir/url"
      return 0
    fi
  done
  echo "postgres.sh: servern startade inte: $(tail -3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')" >&2
  return 1
}

stop() {
  if [ ! -e "$dir/regel-postgres" ]; then
    rmdir "$dir" 2>/dev/null || true  # the caller's empty directory, where start failed at once
    return 0
  fi
  local bin
  if bin="$(bin_dir)" && [ -e "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -s stop > /dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$command" in
  start) if ! start; then stop; exit 1; fi ;;
  url) cat "$dir/url" ;;
  stop) stop ;;
  *) usage ;;
esac
