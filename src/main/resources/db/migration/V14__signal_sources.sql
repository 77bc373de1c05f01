-- Signals in: the OpenID SSF receiver (dev.tether.signals) and the user hold it places (dev.tether.lineage).

-- A cascade set off by an incoming SET is revoked for "signal:<event>" (signal:account-disabled, …).
ALTER TABLE delegations DROP CONSTRAINT delegations_revoke_reason_check;
ALTER TABLE delegations ADD CONSTRAINT delegations_revoke_reason_check
    CHECK (revoke_reason IN ('leaver', 'mover', 'agent_disabled', 'expired', 'manual')
           OR revoke_reason ~ '^signal:[a-z0-9][a-z0-9-]{0,62}$');
ALTER TABLE credentials DROP CONSTRAINT credentials_revoke_reason_check;
ALTER TABLE credentials ADD CONSTRAINT credentials_revoke_reason_check
    CHECK (revoke_reason IN ('leaver', 'mover', 'agent_disabled', 'expired', 'manual')
           OR revoke_reason ~ '^signal:[a-z0-9][a-z0-9-]{0,62}$');

-- A transmitter a directory receives Security Event Tokens from.
CREATE TABLE signal_sources (
    id                  uuid PRIMARY KEY,
    directory_id        uuid        NOT NULL REFERENCES directories (id),
    issuer              text        NOT NULL,   -- the SETs' iss, compared exactly
    jwks_uri            text        NOT NULL,   -- the only place keys come from
    configuration_url   text,                   -- the transmitter's /.well-known/ssf-configuration (managed stream)
    delivery            text        NOT NULL CHECK (delivery IN ('push', 'poll')),
    audience            text        NOT NULL,   -- what every SET's aud must contain
    subject_match       text[]      NOT NULL,   -- user attributes a subject is matched by, in order
    actions             jsonb       NOT NULL,   -- event name -> revoke | hold | record
    description         text,
    status              text        NOT NULL CHECK (status IN ('active', 'paused')),
    authorization_hash  text,                   -- SHA-256 (hex) of the Authorization header pushes carry; push only
    stream_id           text,                   -- the transmitter's stream, when managed
    -- A managed stream's endpoints (from the transmitter's configuration) and the bearer token
    -- Tether presents to them. The token must be read back to call the transmitter, so it is kept.
    configuration_endpoint text,
    verification_endpoint  text,
    status_endpoint        text,
    transmitter_token      text,
    verification_requested text,                -- the state Tether sent in its last verification request
    stream_status       text,                   -- enabled | paused | disabled, as the transmitter last said
    stream_reason       text,
    poll_url            text,                   -- RFC 8936 endpoint, poll only
    verified_at         timestamptz,            -- when the last verification event arrived
    verification_state  text,                   -- its state
    last_received_at    timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX signal_sources_listing ON signal_sources (directory_id, created_at, id);

-- Every SET accepted, by jti: a replay finds its row and has no second effect.
CREATE TABLE signal_receipts (
    source_id    uuid        NOT NULL REFERENCES signal_sources (id) ON DELETE CASCADE,
    jti          text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (source_id, jti)
);

-- A user on hold: no new delegation or credential derives from them until SCIM confirms or an
-- operator releases. Owned by dev.tether.lineage.
CREATE TABLE user_holds (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    reason        text        NOT NULL,
    issuer        text,
    jti           text,
    source_id     uuid,
    cause         uuid        NOT NULL,
    placed_at     timestamptz NOT NULL
);
