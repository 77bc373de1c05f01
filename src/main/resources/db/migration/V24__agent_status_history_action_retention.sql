-- 1. An agent's own active/inactive history, so lineage at a past instant shows each agent as
-- it was then (an agent deactivated after T was active at T). A trigger on agents writes it,
-- so every path that changes an agent (SCIM writes, the cascade's set-based suspension, a
-- delete) records it in the same transaction, at the write's own time (last_modified, which
-- the application's clock sets, as it sets revoked_at on delegations and credentials).
-- Not a directory table read by SCIM: lineage reads it; rows are only ever appended.
CREATE TABLE agent_status_history (
    id            bigserial   PRIMARY KEY,
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    agent_id      uuid        NOT NULL,  -- no foreign key: the history outlives a deleted agent
    changed_at    timestamptz NOT NULL,
    name          text,
    active        boolean     NOT NULL,  -- a NULL active column counts as active, as everywhere else
    deleted       boolean     NOT NULL DEFAULT false
);
CREATE INDEX agent_status_history_at ON agent_status_history (agent_id, changed_at, id);

CREATE FUNCTION agent_status_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- a delete carries no time of its own: the statement's
        INSERT INTO agent_status_history (directory_id, agent_id, changed_at, name, active, deleted)
        VALUES (OLD.directory_id, OLD.id, statement_timestamp(), OLD.name, false, true);
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO agent_status_history (directory_id, agent_id, changed_at, name, active)
        VALUES (NEW.directory_id, NEW.id, NEW.created_at, NEW.name, coalesce(NEW.active, true));
    ELSIF coalesce(OLD.active, true) IS DISTINCT FROM coalesce(NEW.active, true) THEN
        INSERT INTO agent_status_history (directory_id, agent_id, changed_at, name, active)
        VALUES (NEW.directory_id, NEW.id, NEW.last_modified, NEW.name, coalesce(NEW.active, true));
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER agent_status_history AFTER INSERT OR UPDATE OR DELETE ON agents
    FOR EACH ROW EXECUTE FUNCTION agent_status_record();

CREATE TRIGGER agent_status_history_immutable BEFORE UPDATE OR DELETE ON agent_status_history
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();

-- Agents that exist already: what can still be known. Active from creation; one inactive now
-- is taken as deactivated at its last change (an upper bound: earlier history was not kept).
INSERT INTO agent_status_history (directory_id, agent_id, changed_at, name, active)
SELECT directory_id, id, created_at, name, true FROM agents;
INSERT INTO agent_status_history (directory_id, agent_id, changed_at, name, active)
SELECT directory_id, id, last_modified, name, false FROM agents WHERE active IS FALSE;

-- 2. Retention of the action trail, as the audit trail's: an action is deleted only with its
-- audit record, when a retention cut covers that record's position (AuditRetention deletes the
-- actions first, then the records, in the cut's transaction). Any other DELETE, and TRUNCATE,
-- is refused, so what remains is exactly the actions whose records remain.
CREATE FUNCTION agent_actions_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_records r
                 JOIN audit_retention_cuts c ON c.directory_id = r.directory_id AND c.through_position >= r.position
                WHERE r.directory_id = OLD.directory_id AND r.target_id = OLD.id::text
                  AND r.target_type = 'AgentAction' AND r.position IS NOT NULL) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'agent actions are append-only: delete refused outside a retention cut'
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER agent_actions_retention BEFORE DELETE ON agent_actions
    FOR EACH ROW EXECUTE FUNCTION agent_actions_retention_guard();
CREATE TRIGGER agent_actions_no_truncate BEFORE TRUNCATE ON agent_actions
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
