#!/usr/bin/env bash
# A good SCIM client's p50/p99 alone and while wrong tokens flood its directory from the same
# address (20 000 in 12 s by default); median of 5 runs after a warm-up. Prints a
# WRONG-TOKEN-FLOOD line. Runs by hand against a running server, by default the quick start:
#   ./tether &                                   # wait for the banner
#   bench/wrong-token-flood.sh                   # reads .tether/quick-start.env
#   bench/wrong-token-flood.sh --env DIR/quick-start.env --runs 5 --seconds 12 --flood 20000
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=.tether/quick-start.env runs=5 seconds=12 flood=20000 concurrency=64
while [ $# -gt 0 ]; do
  case "$1" in
    --env) env_file=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --flood) flood=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck disable=SC1090
. "$env_file"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" bench/flood/WrongTokenFlood.java "$SCIM_BASE_URL" "$SCIM_TOKEN" \
  "$runs" "$seconds" "$flood" "$concurrency"
