-- Tamper-evident audit trail. Writers append rows in the transaction of the change they
-- record (position, prev_hash and hash still NULL); the sealer later links them into one
-- chain per directory. The triggers below make the rows immutable for every role that does
-- not disable triggers; deployments should also REVOKE UPDATE, DELETE, TRUNCATE on these
-- tables from the application role (see README, "Audit trail").

CREATE TABLE audit_checkpoints (
    id            bigserial   PRIMARY KEY,
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    chain_length  bigint      NOT NULL CHECK (chain_length > 0),
    head_hash     text        NOT NULL,
    signed_at     timestamptz NOT NULL,
    jws           text        NOT NULL,  -- compact JWS (RS256) over the checkpoint's canonical JSON
    UNIQUE (directory_id, chain_length)
);

CREATE TABLE audit_records (
    id              bigserial   PRIMARY KEY,  -- insertion order, which is the order the sealer reads
    directory_id    uuid        NOT NULL REFERENCES directories (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    actor_type      text        NOT NULL,     -- scim_token | admin | system | anonymous
    actor_id        text,                     -- token id, JWT subject, source address
    action          text        NOT NULL,     -- e.g. user.update, token.revoke
    target_type     text,
    target_id       text,
    cause           uuid,                     -- shared by everything one request caused
    request_id      text,
    request_method  text,
    request_path    text,
    lifecycle       text,                     -- JOINER | MOVER | LEAVER | REJOINER | UNCHANGED
    before_digest   text,                     -- SHA-256 (hex) of the RFC 8785 form of the document before
    after_digest    text,
    details         jsonb       NOT NULL DEFAULT '{}',
    position        bigint,                   -- set once, by the sealer
    prev_hash       text,
    hash            text,
    CHECK ((position IS NULL AND prev_hash IS NULL AND hash IS NULL)
        OR (position IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL))
);
CREATE UNIQUE INDEX audit_records_chain ON audit_records (directory_id, position) WHERE position IS NOT NULL;
CREATE INDEX audit_records_unsealed ON audit_records (id) WHERE position IS NULL;
CREATE INDEX audit_records_directory ON audit_records (directory_id, id);
CREATE INDEX audit_records_target ON audit_records (directory_id, target_id);
CREATE INDEX audit_records_cause ON audit_records (cause) WHERE cause IS NOT NULL;

-- Retention removes whole old segments, and only up to a signed checkpoint: the cut is
-- recorded first (append-only too), so what remains still verifies from that checkpoint.
CREATE TABLE audit_retention_cuts (
    directory_id      uuid        NOT NULL REFERENCES directories (id),
    through_position  bigint      NOT NULL,
    head_hash         text        NOT NULL,
    checkpoint_id     bigint      NOT NULL REFERENCES audit_checkpoints (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (directory_id, through_position)
);

-- The one permitted change of a record: sealing it (position, prev_hash, hash from NULL to
-- values, nothing else touched). A record is deleted only when a retention cut covers it.
CREATE FUNCTION audit_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.position IS NOT NULL AND EXISTS (
                SELECT 1 FROM audit_retention_cuts c
                 WHERE c.directory_id = OLD.directory_id AND c.through_position >= OLD.position) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit records are immutable: delete refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.position IS NULL AND NEW.position IS NOT NULL
       AND (to_jsonb(NEW) - 'position' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'position' - 'prev_hash' - 'hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit records are immutable: only sealing may set position, prev_hash and hash, once'
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_records_immutable BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_guard();

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_immutable BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_retention_cuts_immutable BEFORE UPDATE OR DELETE ON audit_retention_cuts
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_retention_cuts_no_truncate BEFORE TRUNCATE ON audit_retention_cuts
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- A cut must land exactly on a checkpoint of its directory and move forward.
CREATE FUNCTION audit_retention_cut_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_checkpoints k
                    WHERE k.id = NEW.checkpoint_id AND k.directory_id = NEW.directory_id
                      AND k.chain_length = NEW.through_position AND k.head_hash = NEW.head_hash) THEN
        RAISE EXCEPTION 'a retention cut must match a checkpoint of its directory' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM audit_retention_cuts c
                WHERE c.directory_id = NEW.directory_id AND c.through_position >= NEW.through_position) THEN
        RAISE EXCEPTION 'a retention cut must move forward' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_retention_cuts_on_checkpoint BEFORE INSERT ON audit_retention_cuts
    FOR EACH ROW EXECUTE FUNCTION audit_retention_cut_check();
