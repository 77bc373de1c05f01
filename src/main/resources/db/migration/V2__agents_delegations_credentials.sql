-- Agents (SCIM resource type Agent), the delegations that tie each agent to the human (or
-- agent) that authorised it, and the credentials issued under those delegations.

-- An agent is a row shaped like a user: indexed columns for lookups, the document as jsonb.
CREATE TABLE agents (
    id             uuid PRIMARY KEY,
    directory_id   uuid        NOT NULL REFERENCES directories (id),
    name           text        NOT NULL,
    external_id    text,
    display_name   text,
    active         boolean,
    doc            jsonb       NOT NULL,
    version        bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    last_modified  timestamptz NOT NULL
);
CREATE UNIQUE INDEX agents_name ON agents (directory_id, lower(name));
CREATE INDEX agents_external_id ON agents (directory_id, external_id);
CREATE INDEX agents_display_name ON agents (directory_id, lower(display_name));
CREATE INDEX agents_listing ON agents (directory_id, created_at, id);

-- Delegations form a DAG. Rows are never deleted: a revoked delegation stays for the record,
-- which is also why agent_id and delegator_id carry no foreign key (their targets may be deleted).
CREATE TABLE delegations (
    id                    uuid PRIMARY KEY,
    directory_id          uuid        NOT NULL REFERENCES directories (id),
    delegator_type        text        NOT NULL CHECK (delegator_type IN ('User', 'Agent')),
    delegator_id          uuid        NOT NULL,
    agent_id              uuid        NOT NULL,
    -- the delegator's own delegation this one was derived from (agent delegators only)
    parent_delegation_id  uuid REFERENCES delegations (id),
    root_user_id          uuid        NOT NULL,
    depth                 int         NOT NULL CHECK (depth >= 1),
    max_depth             int CHECK (max_depth >= 1),
    scopes                text[]      NOT NULL DEFAULT '{}',
    audience              text,
    expires_at            timestamptz,
    basis_groups          uuid[]      NOT NULL DEFAULT '{}',
    kind                  text        NOT NULL CHECK (kind IN ('grant', 'sponsor')),
    status                text        NOT NULL CHECK (status IN ('active', 'revoked')),
    revoked_at            timestamptz,
    revoke_reason         text CHECK (revoke_reason IN ('leaver', 'mover', 'agent_disabled', 'expired', 'manual')),
    revoke_cause          uuid,
    created_at            timestamptz NOT NULL,
    CHECK ((status = 'active') = (revoked_at IS NULL))
);
-- What the cascade walks: active delegations by delegator (downward) and by agent (support checks).
CREATE INDEX delegations_active_delegator ON delegations (delegator_id) WHERE status = 'active';
CREATE INDEX delegations_active_agent ON delegations (agent_id) WHERE status = 'active';
CREATE INDEX delegations_active_basis ON delegations USING gin (basis_groups) WHERE status = 'active';
CREATE INDEX delegations_active_expiry ON delegations (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
CREATE INDEX delegations_root ON delegations (directory_id, root_user_id);
CREATE INDEX delegations_agent ON delegations (directory_id, agent_id);
CREATE INDEX delegations_parent ON delegations (parent_delegation_id);

-- A credential is a handle of a secret that lives elsewhere; Tether never stores the secret.
CREATE TABLE credentials (
    id             uuid PRIMARY KEY,
    directory_id   uuid        NOT NULL REFERENCES directories (id),
    agent_id       uuid        NOT NULL,
    delegation_id  uuid        NOT NULL REFERENCES delegations (id),
    kind           text        NOT NULL CHECK (kind IN ('api_key', 'oauth_client', 'token', 'spiffe_id',
                                                        'certificate', 'ssh_key', 'other')),
    external_id    text        NOT NULL,
    audience       text        NOT NULL,
    fingerprint    text,
    expires_at     timestamptz,
    status         text        NOT NULL CHECK (status IN ('active', 'revoked')),
    revoked_at     timestamptz,
    revoke_reason  text CHECK (revoke_reason IN ('leaver', 'mover', 'agent_disabled', 'expired', 'manual')),
    revoke_cause   uuid,
    created_at     timestamptz NOT NULL,
    CHECK ((status = 'active') = (revoked_at IS NULL))
);
CREATE UNIQUE INDEX credentials_handle ON credentials (directory_id, audience, external_id);
-- status checks from downstream apps look a handle up without knowing the directory
CREATE INDEX credentials_lookup ON credentials (audience, external_id);
CREATE INDEX credentials_active_delegation ON credentials (delegation_id) WHERE status = 'active';
CREATE INDEX credentials_active_agent ON credentials (agent_id) WHERE status = 'active';
CREATE INDEX credentials_active_expiry ON credentials (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
