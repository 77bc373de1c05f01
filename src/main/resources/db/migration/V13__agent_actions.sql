-- What agents did, as the apps report it, each bound to the delegation chain as it stood at the
-- moment of the action. Rows are never changed: an action is also an audit record
-- (target_type AgentAction), chained and checkpointed with the rest of its directory's trail.

-- One report (one POST) per Idempotency-Key: a repeat with the same body answers what the first
-- stored; a repeat with another body is refused.
CREATE TABLE action_reports (
    directory_id     uuid        NOT NULL REFERENCES directories (id),
    idempotency_key  text        NOT NULL,
    request_digest   text        NOT NULL,  -- SHA-256 (hex) of the RFC 8785 form of the body
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (directory_id, idempotency_key)
);

CREATE TABLE agent_actions (
    id                uuid        PRIMARY KEY,
    directory_id      uuid        NOT NULL REFERENCES directories (id),
    idempotency_key   text,
    batch_index       int         NOT NULL,
    occurred_at       timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL,
    action            text        NOT NULL,
    outcome           text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    target_type       text        NOT NULL,
    target_id         text        NOT NULL,
    target_name       text,
    decision_id       text,
    metadata          jsonb       NOT NULL DEFAULT '{}',
    agent_id          uuid        NOT NULL,
    credential_id     uuid,
    -- the chain it was bound to: the delegation nearest the agent, its root user, and every
    -- delegation id from that one up to the root; binding holds each link's state at occurred_at
    delegation_id     uuid,
    root_user_id      uuid,
    chain             uuid[]      NOT NULL DEFAULT '{}',
    binding           jsonb       NOT NULL,
    after_revocation  boolean     NOT NULL
);
CREATE UNIQUE INDEX agent_actions_report ON agent_actions (directory_id, idempotency_key, batch_index)
    WHERE idempotency_key IS NOT NULL;
-- the queries: by time, by root user, by agent, by credential, by any delegation on the chain
CREATE INDEX agent_actions_time ON agent_actions (directory_id, occurred_at, id);
CREATE INDEX agent_actions_user ON agent_actions (directory_id, root_user_id, occurred_at, id);
CREATE INDEX agent_actions_agent ON agent_actions (directory_id, agent_id, occurred_at, id);
CREATE INDEX agent_actions_credential ON agent_actions (directory_id, credential_id, occurred_at, id)
    WHERE credential_id IS NOT NULL;
CREATE INDEX agent_actions_chain ON agent_actions USING gin (chain);

CREATE FUNCTION agent_actions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'agent actions are append-only';
END
$$;
CREATE TRIGGER agent_actions_immutable BEFORE UPDATE ON agent_actions
    FOR EACH ROW EXECUTE FUNCTION agent_actions_immutable();

-- Whether a directory's AuthZEN decisions are recorded on the action trail: off, denies only, all.
CREATE TABLE authzen_settings (
    directory_id      uuid PRIMARY KEY REFERENCES directories (id),
    record_decisions  text NOT NULL CHECK (record_decisions IN ('off', 'denies', 'all')),
    updated_at        timestamptz NOT NULL
);
