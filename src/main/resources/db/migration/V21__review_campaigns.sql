-- Recertification campaigns (dev.tether.reviews): a directory's review policy, campaigns, one
-- item per delegation under review, and each item's reassignments.

-- One policy per directory. intervals: [{kind?, scope?, audience?, interval}] (ISO 8601
-- periods; the shortest rule matching a delegation wins, else default_interval);
-- fallback_reviewers: user ids who answer when nobody closer can.
CREATE TABLE review_policies (
    directory_id        uuid PRIMARY KEY REFERENCES directories (id),
    intervals           jsonb       NOT NULL DEFAULT '[]',
    default_interval    text,
    on_no_answer        text        NOT NULL CHECK (on_no_answer IN ('revoke', 'narrow-to-used', 'keep-flagged')),
    fallback_reviewers  uuid[]      NOT NULL DEFAULT '{}',
    updated_at          timestamptz NOT NULL
);

CREATE TABLE review_campaigns (
    id             uuid PRIMARY KEY,
    directory_id   uuid        NOT NULL REFERENCES directories (id),
    name           text        NOT NULL,
    selection      jsonb       NOT NULL,  -- the select object as asked, for the record
    due_at         timestamptz NOT NULL,
    on_no_answer   text        NOT NULL CHECK (on_no_answer IN ('revoke', 'narrow-to-used', 'keep-flagged')),
    status         text        NOT NULL CHECK (status IN ('open', 'closed')),
    created_at     timestamptz NOT NULL,
    created_by     jsonb       NOT NULL,  -- {type, id} of the actor who opened it
    cause          uuid        NOT NULL,
    closed_at      timestamptz,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX review_campaigns_listing ON review_campaigns (directory_id, created_at, id);
CREATE INDEX review_campaigns_due ON review_campaigns (due_at) WHERE status = 'open';

-- One item per delegation under review. reviewers: the users any one of whom may answer, found
-- in order (delegator, root user, sponsors, manager, fallback); reviewer_source says which step
-- found them ('none' when no step did: only the no-answer rule will settle it). period_start:
-- usage is counted from there (the delegation's grant or last approval) to the decision.
CREATE TABLE review_items (
    id                uuid PRIMARY KEY,
    campaign_id       uuid        NOT NULL REFERENCES review_campaigns (id),
    directory_id      uuid        NOT NULL REFERENCES directories (id),
    delegation_id     uuid        NOT NULL REFERENCES delegations (id),
    agent_id          uuid        NOT NULL,
    root_user_id      uuid        NOT NULL,
    scopes            text[]      NOT NULL,  -- what the delegation allowed when the campaign opened
    period_start      timestamptz NOT NULL,
    reviewers         uuid[]      NOT NULL,
    reviewer_source   text        NOT NULL CHECK (reviewer_source IN ('delegator', 'root-user', 'sponsor', 'manager', 'reassigned',
                                                                      'fallback', 'none')),
    status            text        NOT NULL CHECK (status IN ('pending', 'decided')),
    decision          text CHECK (decision IN ('approve', 'revoke', 'narrow', 'keep-flagged')),
    decided_scopes    text[],      -- the scopes kept (narrow, narrow-to-used); null otherwise
    justification     text,
    decided_by        uuid,        -- the reviewer; null when the no-answer rule decided
    no_answer         boolean     NOT NULL DEFAULT false,
    decided_at        timestamptz,
    decision_cause    uuid,
    reminded_at       timestamptz,
    created_at        timestamptz NOT NULL,
    CHECK ((status = 'decided') = (decided_at IS NOT NULL AND decision IS NOT NULL)),
    UNIQUE (campaign_id, delegation_id)
);
CREATE INDEX review_items_campaign ON review_items (campaign_id, created_at, id);
CREATE INDEX review_items_pending ON review_items (campaign_id) WHERE status = 'pending';
CREATE INDEX review_items_delegation ON review_items (delegation_id);
CREATE INDEX review_items_reviewers ON review_items USING gin (reviewers) WHERE status = 'pending';

-- Reassignments keep their history: who had it, who has it now, why, and who moved it.
CREATE TABLE review_reassignments (
    item_id          uuid        NOT NULL REFERENCES review_items (id),
    seq              int         NOT NULL,
    directory_id     uuid        NOT NULL REFERENCES directories (id),
    from_reviewers   uuid[]      NOT NULL,
    to_reviewers     uuid[]      NOT NULL,
    note             text        NOT NULL,
    actor            jsonb       NOT NULL,
    cause            uuid        NOT NULL,
    at               timestamptz NOT NULL,
    PRIMARY KEY (item_id, seq)
);
