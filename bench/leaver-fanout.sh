#!/bin/sh
# A leaver with 1 000 agents × 10 credentials: one SCIM PATCH revokes 1 000 delegations and
# 10 000 credentials and suspends 1 000 agents in one transaction. Prints each run and the
# median of 3 (lines starting with BENCH). Embedded PostgreSQL, as the tests use.
cd "$(dirname "$0")/.." && ./mvnw -B -o test -Dtest=LeaverFanOutBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep BENCH
