#!/usr/bin/env bash
# Scenario S10: time from an IdP's SET pushed to Tether's RFC 8935 endpoint to a loopback webhook
# receiver holding the last credential.revoked of the cascade it set off. First the pgbench
# baseline on the same PostgreSQL (3 runs of 10 s). 1 credential: three series of 100 signals,
# median and p99 of each and the median of the three; 10 000 credentials: median of 3 (after a
# warm-up each). Prints the SIGNAL-LATENCY lines. Other sizes: bench/signal-latency.sh
# -Dsignal.bench.sizes=1,1000; offline: bench/signal-latency.sh -o
cd "$(dirname "$0")/.." || exit 1
# a 10 000-credential cascade on a busy machine may take longer than the tests' 30 s HTTP timeout
./mvnw -B test -Dtest=SignalLatencyBench -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.http.test-timeout=300s \
  "$@" | grep SIGNAL-LATENCY
