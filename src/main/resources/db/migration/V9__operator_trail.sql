-- The operator trail: audit records of actions that are no one directory's (subscriptions,
-- which may span directories or name none, and denied admin calls). It is a well-known
-- pseudo-directory so that audit_records, the sealer, checkpoints, retention, verification and
-- export work for it unchanged; its chain is hash-linked and signed like any directory's.
-- It is not a tenant: it is disabled for good and can hold no SCIM token, so no SCIM request
-- can ever authenticate to it, and the admin API neither lists nor serves it as a directory
-- (it is read at /admin/v1/operator-trail).
INSERT INTO directories (id, name, created_at, disabled_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'operator trail', now(), now());

ALTER TABLE directories ADD CONSTRAINT directories_operator_trail_disabled
    CHECK (id <> '00000000-0000-0000-0000-000000000000'::uuid OR disabled_at IS NOT NULL);

ALTER TABLE scim_tokens ADD CONSTRAINT scim_tokens_not_for_operator_trail
    CHECK (directory_id <> '00000000-0000-0000-0000-000000000000'::uuid);

-- The user trail finds membership records by the member they name (details.added/removed).
CREATE INDEX audit_records_details ON audit_records USING gin (details jsonb_path_ops)
    WHERE action = 'group.members.change';
