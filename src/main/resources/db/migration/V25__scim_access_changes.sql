-- Replicas hold a verified SCIM bearer token in memory for a short while instead of looking it up on
-- every request. Whatever can make a held token wrong announces itself here, at commit, to every
-- replica LISTENing on 'tether_scim_access' (the payload is the directory id): a token revoked or
-- given a sooner expiry (rotation), a directory disabled or enabled, or a directory setting that is
-- read with the token (switched-off dialect rules, the unknown-attribute policy, the schema version).
-- A trigger rather than code in each writer, so that a change made by hand in SQL is announced too.
-- last_used_at, written while tokens are used, announces nothing.
CREATE FUNCTION notify_scim_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'directories' THEN
        PERFORM pg_notify('tether_scim_access', OLD.id::text);
    ELSE
        PERFORM pg_notify('tether_scim_access', OLD.directory_id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER scim_tokens_access_change
    AFTER UPDATE ON scim_tokens FOR EACH ROW
    WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
          OR OLD.token_hash IS DISTINCT FROM NEW.token_hash OR OLD.directory_id IS DISTINCT FROM NEW.directory_id)
    EXECUTE FUNCTION notify_scim_access_change();

CREATE TRIGGER scim_tokens_access_removed
    AFTER DELETE ON scim_tokens FOR EACH ROW
    EXECUTE FUNCTION notify_scim_access_change();

CREATE TRIGGER directories_access_change
    AFTER UPDATE ON directories FOR EACH ROW
    WHEN (OLD.disabled_at IS DISTINCT FROM NEW.disabled_at
          OR OLD.disabled_dialect_rules IS DISTINCT FROM NEW.disabled_dialect_rules
          OR OLD.unknown_attributes IS DISTINCT FROM NEW.unknown_attributes
          OR OLD.schema_version IS DISTINCT FROM NEW.schema_version)
    EXECUTE FUNCTION notify_scim_access_change();

CREATE TRIGGER directories_access_removed
    AFTER DELETE ON directories FOR EACH ROW
    EXECUTE FUNCTION notify_scim_access_change();
