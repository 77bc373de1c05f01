#!/bin/sh
# A leaver with 1 000 agents × 10 credentials: one SCIM PATCH revokes 1 000 delegations and
# 10 000 credentials and suspends 1 000 agents in one transaction. Prints each run and the
# median of 3 (lines starting with BENCH). Embedded PostgreSQL, as the tests use.
cd "$(dirname "$0")/.." && ./mvnw -B -o test -Dtest=LeaverFanOutBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep BENCH
# Measured 2026-11-28 on the 2-core build machine (other builds running): runs 891, 1268, 1049 ms,
# median 1049 ms for the whole SCIM PATCH round trip; 2 cascade statements each run.
