#!/bin/sh
# A recertification campaign over 100 000 delegations (1 000 humans x 100 agents, a credential
# each): the time to open it (items, reviewers, review.requested events and audit records in one
# transaction) and, at its due date, the time for the campaign job to apply the no-answer rule
# "revoke" to all of them (the cascade over 100 000 delegations and credentials). Prints each run
# and the medians of 3 (lines starting with BENCH). Embedded PostgreSQL, as the tests use.
cd "$(dirname "$0")/.." && ./mvnw -B -o test -Dtest=ReviewCampaignBench -Dsurefire.failIfNoSpecifiedTests=false "$@" | grep BENCH
