-- Directories (tenants), their SCIM bearer tokens, and the SCIM users and groups they hold.
-- Every row of every table belongs to exactly one directory.

CREATE TABLE directories (
    id           uuid PRIMARY KEY,
    name         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    disabled_at  timestamptz
);

-- Tokens are stored only as SHA-256 hashes; the secret is shown once at creation.
CREATE TABLE scim_tokens (
    id            uuid PRIMARY KEY,
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    token_hash    bytea       NOT NULL UNIQUE,
    description   text,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);
CREATE INDEX scim_tokens_directory ON scim_tokens (directory_id);

-- A user is a row: indexed columns for what IdP lookups hit, the full document as jsonb.
-- `doc` holds canonical attribute names; id and meta live in columns.
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    directory_id   uuid        NOT NULL REFERENCES directories (id),
    user_name      text        NOT NULL,
    external_id    text,
    display_name   text,
    active         boolean,
    emails         text[]      NOT NULL DEFAULT '{}',  -- lower-cased email values, for lookups by email
    doc            jsonb       NOT NULL,
    version        bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    last_modified  timestamptz NOT NULL
);
-- userName is unique per directory, compared case-insensitively (RFC 7643 §4.1.1 caseExact false).
CREATE UNIQUE INDEX users_user_name ON users (directory_id, lower(user_name));
CREATE INDEX users_external_id ON users (directory_id, external_id);
CREATE INDEX users_display_name ON users (directory_id, lower(display_name));
CREATE INDEX users_emails ON users USING gin (emails);
-- Default list order: stable, so an IdP paging with startIndex/count sees each user once.
CREATE INDEX users_listing ON users (directory_id, created_at, id);

CREATE TABLE groups (
    id             uuid PRIMARY KEY,
    directory_id   uuid        NOT NULL REFERENCES directories (id),
    display_name   text        NOT NULL,
    external_id    text,
    doc            jsonb       NOT NULL,
    version        bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    last_modified  timestamptz NOT NULL
);
CREATE INDEX groups_display_name ON groups (directory_id, lower(display_name));
CREATE INDEX groups_external_id ON groups (directory_id, external_id);
CREATE INDEX groups_listing ON groups (directory_id, created_at, id);

-- Members are rows, never an array inside the group: adding one member is one INSERT
-- whatever the group's size. member_id names a user, a group or (later) an agent.
CREATE TABLE group_members (
    group_id      uuid        NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id     uuid        NOT NULL,
    member_type   text        NOT NULL CHECK (member_type IN ('User', 'Group', 'Agent')),
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_member ON group_members (member_id);

-- The groups a member belongs to, directly or through nested groups. UNION (not UNION ALL)
-- makes the recursion stop even when groups are nested in a cycle.
CREATE FUNCTION member_groups(p_member uuid)
    RETURNS TABLE (group_id uuid, direct boolean)
    LANGUAGE sql STABLE AS
$$
    WITH RECURSIVE reach (group_id, direct) AS (
        SELECT gm.group_id, true FROM group_members gm WHERE gm.member_id = p_member
        UNION
        SELECT gm.group_id, false FROM group_members gm JOIN reach r ON gm.member_id = r.group_id
    )
    SELECT reach.group_id, bool_or(reach.direct) FROM reach GROUP BY reach.group_id
$$;
