#!/usr/bin/env bash
# Scenario S10: time from an IdP's SET pushed to Tether's RFC 8935 endpoint to a loopback webhook
# receiver holding the last credential.revoked of the cascade it set off. 1 credential: median and
# p99 of 100 signals; 10 000 credentials: median of 3 (after a warm-up each). Prints the
# SIGNAL-LATENCY lines. Other sizes: bench/signal-latency.sh -Dsignal.bench.sizes=1,1000
cd "$(dirname "$0")/.." || exit 1
./mvnw -B test -Dtest=SignalLatencyBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep SIGNAL-LATENCY
