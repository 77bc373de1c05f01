-- The immutability guard of audit_records (V4) compared the whole row as jsonb, twice per
-- sealed record; sealing is the audit trail's hottest write. Same rule, cheaper check: the
-- new row with its seal taken off must equal the old row in every column. Comparing the
-- composite values covers every column, including ones added later, and treats two NULLs
-- as equal.
CREATE OR REPLACE FUNCTION audit_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unsealed audit_records;
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.position IS NOT NULL AND EXISTS (
                SELECT 1 FROM audit_retention_cuts c
                 WHERE c.directory_id = OLD.directory_id AND c.through_position >= OLD.position) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit records are immutable: delete refused' USING ERRCODE = 'insufficient_privilege';
    END IF;
    unsealed := NEW;
    unsealed.position := NULL;
    unsealed.prev_hash := NULL;
    unsealed.hash := NULL;
    IF OLD.position IS NULL AND NEW.position IS NOT NULL AND unsealed IS NOT DISTINCT FROM OLD THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit records are immutable: only sealing may set position, prev_hash and hash, once'
        USING ERRCODE = 'insufficient_privilege';
END $$;
