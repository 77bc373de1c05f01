#!/bin/sh
# Deletes a group of 100 000 users through SCIM: one transaction removes the members, publishes
# one group.member_removed per member (one outbox statement for all of them) and group.deleted,
# and audits it. Prints each run and the median of 3 (lines starting with BENCH). Embedded
# PostgreSQL, as the tests use. -Dbench.members=N changes the group size.
cd "$(dirname "$0")/.." && ./mvnw -B -o test -Dtest=GroupDeletionBench -Dsurefire.failIfNoSpecifiedTests=false -Dquarkus.http.test-timeout=120s "$@" | grep BENCH
