#!/usr/bin/env bash
# Start to ready, and RSS after the native smoke test, of the native executable and of JVM mode,
# on the same machine under the same conditions: a throwaway PostgreSQL from Debian's
# /usr/lib/postgresql/*/bin, a fresh database per run (so every start runs all Flyway
# migrations), the server started with the datasource in the environment, the clock stopped at
# the first 200 from /q/health/ready, then src/test/native/smoke.sh, then VmRSS. Runs by hand.
#   bench/startup.sh [--runs N] [native|jvm]...     (default: --runs 3 native jvm)
# native: target/native-check/<name>-runner (build it with src/test/native/check);
# jvm: target/quarkus-app/quarkus-run.jar (./mvnw -B package -Dmaven.test.skip) with `java -jar`,
# no JVM options, like ./tether. Prints one line per run and a median per mode.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=3; MODES=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift ;;
    native|jvm) MODES+=("$1") ;;
    *) echo "usage: bench/startup.sh [--runs N] [native|jvm]..." >&2; exit 2 ;;
  esac
  shift
done
[ ${#MODES[@]} -gt 0 ] || MODES=(native jvm)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
[ -x "${PGBIN:-/nonexistent}/initdb" ] || { echo "startup: needs Debian's PostgreSQL server (postgresql-15 or newer)" >&2; exit 2; }

WORK=$(mktemp -d); chmod 755 "$WORK"
AS=(); [ "$(id -u)" = 0 ] && { chown postgres: "$WORK"; AS=(runuser -u postgres --); }
APP_PID=
stop() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2> /dev/null && wait "$APP_PID" 2> /dev/null; APP_PID=
  [ -f "$WORK/data/postmaster.pid" ] && "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m fast stop > /dev/null
  rm -rf "$WORK"
}
trap stop EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGPORT=$(free_port)
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U postgres -E UTF8 --auth=trust > "$WORK/initdb.log"
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" start > /dev/null
psql() { "${AS[@]}" "$PGBIN/psql" -h "$WORK" -p "$PGPORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 "$@"; }

KEYS=$WORK/keys; mkdir -p "$KEYS"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/private-key.pem" 2> /dev/null
openssl pkey -in "$KEYS/private-key.pem" -pubout -out "$KEYS/public-key.pem"
chmod 644 "$KEYS"/*.pem

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for mode in "${MODES[@]}"; do
  case $mode in
    native) cmd=("$PWD/target/native-check/$(cd target/native-check 2> /dev/null && ls -- *-runner | head -1)") ;;
    jvm) cmd=("${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$PWD/target/quarkus-app/quarkus-run.jar") ;;
  esac
  [ -e "${cmd[-1]}" ] || { echo "startup: no ${cmd[-1]}; build it first (see the header)" >&2; exit 2; }
  : > "$WORK/ready-$mode"; : > "$WORK/rss-$mode"
  for run in $(seq "$RUNS"); do
    psql -c "DROP DATABASE IF EXISTS app" -c "CREATE DATABASE app"
    port=$(free_port); mport=$(free_port); rundir=$WORK/run-$mode-$run; mkdir -p "$rundir"
    t0=$(date +%s%N)
    ( cd "$rundir" && exec env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/app" \
        QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$mport" \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$KEYS/public-key.pem" TETHER_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
        TETHER_AUDIT_CHECKPOINT_EVERY=1s "${cmd[@]}" ) > "$rundir/app.log" 2>&1 &
    APP_PID=$!
    until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$mport/q/health/ready" 2> /dev/null; do
      kill -0 "$APP_PID" 2> /dev/null || { tail -20 "$rundir/app.log"; exit 1; }
      sleep 0.05
    done
    ready=$(awk -v d=$(($(date +%s%N) - t0)) 'BEGIN {printf "%.2f", d / 1e9}')
    TETHER_URL=http://127.0.0.1:$port TETHER_MANAGEMENT_URL=http://127.0.0.1:$mport TETHER_SMOKE_ADMIN_KEY=$KEYS/private-key.pem \
      src/test/native/smoke.sh > "$rundir/smoke.log" 2>&1 || { cat "$rundir/smoke.log"; tail -20 "$rundir/app.log"; exit 1; }
    rss=$(awk '$1 == "VmRSS:" {printf "%d", $2 / 1024}' "/proc/$APP_PID/status")
    kill "$APP_PID"; wait "$APP_PID" 2> /dev/null || true; APP_PID=
    echo "$ready" >> "$WORK/ready-$mode"; echo "$rss" >> "$WORK/rss-$mode"
    echo "startup: $mode run $run: ready in ${ready}s, RSS after the smoke test ${rss} MB"
  done
  echo "STARTUP $mode: median of $RUNS: ready in $(median < "$WORK/ready-$mode")s," \
    "RSS after the smoke test $(median < "$WORK/rss-$mode") MB (runs: $(paste -sd' ' "$WORK/ready-$mode") s;" \
    "$(paste -sd' ' "$WORK/rss-$mode") MB)"
done
