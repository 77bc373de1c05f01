#!/usr/bin/env sh
# Time from a leaver's SCIM PATCH (active=false) to a loopback Standard Webhooks receiver
# holding user.deactivated; median of 5 after one warm-up. Prints a LEAVER-LATENCY line.
# Runs by hand, never in CI: LeaverLatencyBench is not matched by surefire's includes.
cd "$(dirname "$0")/.." || exit 1
./mvnw -B test -Dtest=LeaverLatencyBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep LEAVER-LATENCY
