#!/usr/bin/env bash
# Run search through the metadata server on PostgreSQL (issue 17, docs/benchmarks.md "One statement per search on
# PostgreSQL"): starts a throwaway PostgreSQL (Debian's, the newest installed) on 127.0.0.1 as in the tests, copies a
# seeded SQLite store into it with COPY (StoreCopy), VACUUM ANALYZE, runs DashboardBench against it (the searches
# and the long curve through the server; no browser unless asked), stops the server. Prints DashboardBench's
# Markdown report. Asserts nothing.
#
#   mvn -q -o -pl metadata-client compile
#   metadata-client/bench/pg-search.sh /tmp/store.db [DashboardBench options: --queries 300 --repeats 3 ...]
#
# STORE.db: a SQLite store of 100,000 runs x 20 metrics, made once (about 10 minutes) by
#   java -cp CP io.jfairing.metadata.bench.DashboardBench --db /tmp/store.db --no-browser
# KEEP=DIR keeps the PostgreSQL data in DIR and reuses it on the next call (the copy takes 40-200 s);
# BROWSER=1 adds DashboardBench's pages in Chromium (npm and Debian's chromium, see DashboardIT);
# CLASSES=DIR measures other compiled classes (for example a copy of target/classes of the code before a change).
set -euo pipefail
cd "$(dirname "$0")/../.."
store=${1:?usage: metadata-client/bench/pg-search.sh STORE.db [DashboardBench options]}
shift
[ -f "$store" ] || { echo "no SQLite store at $store" >&2; exit 1; }
classes=${CLASSES:-metadata-client/target/classes}
[ -d "$classes/io/jfairing/metadata" ] || { echo "no classes in $classes: mvn -q -o -pl metadata-client compile" >&2; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=${KEEP:-$(mktemp -d /tmp/pg-search.XXXXXX)}
mkdir -p "$dir"
chmod 755 "$dir"
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
fresh=false
if [ ! -d "$dir/data" ]; then
  fresh=true
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/pw"
  [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
  as_server "$bin/initdb" -D "$dir/data" -U jfairing --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 --no-sync >/dev/null
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c fsync=off" >/dev/null
stop() {
  as_server "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$dir"; fi
}
trap stop EXIT
mvn -q -o -pl metadata-client dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" >&2
cp="$classes:$(cat "$dir/cp.txt")"
export JFAIRING_METADATA_DB_PASSWORD PGPASSWORD
JFAIRING_METADATA_DB_PASSWORD=$(cat "$dir/pw")
PGPASSWORD=$JFAIRING_METADATA_DB_PASSWORD
uri=postgresql://jfairing@127.0.0.1:$port/bench
if $fresh; then
  "$bin/psql" -h 127.0.0.1 -p "$port" -U jfairing -d postgres -qc 'CREATE DATABASE bench'
  java -cp "$cp" io.jfairing.metadata.bench.StoreCopy "$store" "$uri" >&2
  # what autovacuum does on a live server (the visibility map lets index-only scans skip the table)
  "$bin/psql" -h 127.0.0.1 -p "$port" -U jfairing -d bench -qc 'VACUUM ANALYZE'
fi
browser=--no-browser
[ -n "${BROWSER:-}" ] && browser=
java -cp "$cp" io.jfairing.metadata.bench.DashboardBench --database "$uri" $browser "$@"
