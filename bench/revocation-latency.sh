#!/usr/bin/env bash
# Time from a leaver's SCIM PATCH to a loopback webhook receiver holding the last credential.revoked,
# for 1 and 1 000 credentials (median of 5 after a warm-up). Prints the REVOCATION-LATENCY lines.
cd "$(dirname "$0")/.." || exit 1
./mvnw -B test -Dtest=RevocationLatencyBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep REVOCATION-LATENCY
