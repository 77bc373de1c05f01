-- The console (docs/console.md): operator sessions, time-limited links, and what the directory
-- pages show of each directory's SCIM traffic.

-- Operator sessions, server-side so that any replica serves them and signing out ends them.
-- Not a directory's table: an operator works across directories. The cookie holds a random
-- secret; only its SHA-256 is stored.
CREATE TABLE console_sessions (
    id            uuid        PRIMARY KEY,
    token_hash    bytea       NOT NULL UNIQUE,
    subject       text        NOT NULL,
    display_name  text,
    roles         text[]      NOT NULL,
    signed_in_by  text        NOT NULL CHECK (signed_in_by IN ('oidc', 'link')),
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,   -- the absolute timeout; the idle one is last_seen_at + idle
    ended_at      timestamptz             -- signed out
);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);

-- Time-limited links: a 256-bit random token shown once (only its SHA-256 is kept), of one kind,
-- scoped to one object (a directory for setup links, a subscription for portal links, none for
-- a sign-in link), bound to the first browser that opens it (SHA-256 of a cookie it then holds).
-- Not a directory's table (a portal link names a subscription); read only through the console,
-- the setup and portal pages and the admin API.
CREATE TABLE time_limited_links (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('sign-in', 'setup', 'portal', 'review')),
    object_id       uuid,
    token_hash      bytea       NOT NULL UNIQUE,
    details         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    created_by_type text        NOT NULL,
    created_by_id   text,
    first_used_at   timestamptz,
    browser_hash    bytea,
    revoked_at      timestamptz,
    CHECK (expires_at > created_at),
    CHECK ((first_used_at IS NULL) = (browser_hash IS NULL))
);
CREATE INDEX time_limited_links_object ON time_limited_links (kind, object_id, created_at);

-- SCIM traffic per directory, for the directory pages' and the setup page's "last 24 h":
-- counters per hour (requests, errors), added to in batches by each replica, not one row per
-- request. The latest request, read, user write and error are in scim_connection_activity (V16).
CREATE TABLE directory_scim_traffic (
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    hour          timestamptz NOT NULL,
    requests      bigint      NOT NULL DEFAULT 0,
    errors        bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (directory_id, hour)
);
