-- Events (a transactional outbox), webhook/SSF subscriptions, and one delivery row per
-- (event, subscription). Owned by dev.tether.events.

-- The outbox row is the event: its id is the webhook-id and the SET jti on every attempt.
-- Feed order is (txid, position): a reader only returns rows whose transaction id is below
-- pg_snapshot_xmin(pg_current_snapshot()), i.e. rows of transactions that can no longer commit
-- anything new, so a cursor never skips an event that commits later with a smaller position.
CREATE TABLE events (
    id            uuid PRIMARY KEY,
    position      bigserial   NOT NULL UNIQUE,
    txid          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    directory_id  uuid,                -- null only for subscription test events
    type          text        NOT NULL,
    subject_type  text        NOT NULL,
    subject_id    uuid        NOT NULL,
    sequence      bigint      NOT NULL,
    txn           uuid        NOT NULL,  -- the cause shared by everything one write caused
    occurred_at   timestamptz NOT NULL,
    data          jsonb       NOT NULL
);
CREATE INDEX events_feed ON events (directory_id, txid, position);
CREATE INDEX events_order ON events (txid, position);
CREATE INDEX events_occurred ON events (occurred_at);
CREATE UNIQUE INDEX events_subject_sequence ON events (subject_type, subject_id, sequence);

-- Per-subject counters, so receivers can drop stale updates. The upsert's row lock orders
-- concurrent writers on one subject; writers on different subjects never wait on each other.
CREATE TABLE event_subjects (
    subject_type   text   NOT NULL,
    subject_id     uuid   NOT NULL,
    last_sequence  bigint NOT NULL,
    PRIMARY KEY (subject_type, subject_id)
);

CREATE TABLE subscriptions (
    id                          uuid PRIMARY KEY,
    url                         text        NOT NULL,
    format                      text        NOT NULL CHECK (format IN ('standard-webhooks', 'ssf')),
    event_types                 text[],     -- null: every type
    directory_ids               uuid[],     -- null: every directory
    description                 text,
    audience                    text,       -- SSF aud; the url when absent
    status                      text        NOT NULL CHECK (status IN ('active', 'paused', 'disabled')),
    disabled_reason             text,
    -- Standard Webhooks signing secrets ("whsec_" + base64). They must be usable to sign, so
    -- they are stored as issued; protect the database accordingly.
    secret                      text,
    previous_secret             text,
    previous_secret_expires_at  timestamptz,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);

CREATE TABLE deliveries (
    id               uuid PRIMARY KEY,
    event_id         uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    subscription_id  uuid        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    status           text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'dead')),
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    claim_id         uuid,        -- who holds it; an attempt's outcome is recorded only by its claim
    claimed_until    timestamptz, -- the lease: a crashed process's claims are retaken after it
    last_attempt_at  timestamptz,
    last_status      int,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, subscription_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, created_at);
