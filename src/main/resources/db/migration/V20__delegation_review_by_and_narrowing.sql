-- Recertification, lineage's part: when a delegation must next be vouched for, when it last was,
-- and its versions when a reviewer narrowed it to fewer scopes.

-- review_by: past it, a delegation nobody approved lapses (the expiry job revokes it for
-- 'recertification-lapsed'); null means no review is due. reviewed_at: the last approval, where
-- the next review period starts. version: 1 when granted, one more per narrowing.
ALTER TABLE delegations ADD COLUMN review_by   timestamptz;
ALTER TABLE delegations ADD COLUMN reviewed_at timestamptz;
ALTER TABLE delegations ADD COLUMN version     int NOT NULL DEFAULT 1 CHECK (version >= 1);
CREATE INDEX delegations_active_review_by ON delegations (review_by) WHERE status = 'active' AND review_by IS NOT NULL;

-- A reviewer's revocation ('recertification') and a lapse ('recertification-lapsed') are reasons of their own.
ALTER TABLE delegations DROP CONSTRAINT delegations_revoke_reason_check;
ALTER TABLE delegations ADD CONSTRAINT delegations_revoke_reason_check
    CHECK (revoke_reason IN ('leaver', 'mover', 'agent_disabled', 'expired', 'manual', 'recertification',
                             'recertification-lapsed')
           OR revoke_reason ~ '^signal:[a-z0-9][a-z0-9-]{0,62}$');
ALTER TABLE credentials DROP CONSTRAINT credentials_revoke_reason_check;
ALTER TABLE credentials ADD CONSTRAINT credentials_revoke_reason_check
    CHECK (revoke_reason IN ('leaver', 'mover', 'agent_disabled', 'expired', 'manual', 'recertification',
                             'recertification-lapsed')
           OR revoke_reason ~ '^signal:[a-z0-9][a-z0-9-]{0,62}$');

-- Each narrowing: the version it made, the scopes before and after. Append-only, like the trail.
CREATE TABLE delegation_versions (
    delegation_id  uuid        NOT NULL REFERENCES delegations (id),
    version        int         NOT NULL,
    directory_id   uuid        NOT NULL REFERENCES directories (id),
    old_scopes     text[]      NOT NULL,
    new_scopes     text[]      NOT NULL,
    cause          uuid        NOT NULL,
    changed_at     timestamptz NOT NULL,
    PRIMARY KEY (delegation_id, version)
);
