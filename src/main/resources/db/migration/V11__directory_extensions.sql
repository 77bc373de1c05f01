-- Custom extension schemas an operator registered for one directory (RFC 7643 §7 schema documents,
-- e.g. urn:ietf:params:scim:schemas:extension:Contoso:2.0:User), added to the built-in ones for that
-- directory's SCIM endpoint. Written only through the admin API. Owned by dev.tether.directory.
CREATE TABLE directory_extensions (
    directory_id  uuid        NOT NULL REFERENCES directories (id),
    schema_urn    text        NOT NULL,
    resource_type text        NOT NULL CHECK (resource_type IN ('User', 'Group', 'Agent')),
    schema_doc    jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (directory_id, schema_urn)
);
-- schema URNs compare case-insensitively (RFC 7643 §2.1)
CREATE UNIQUE INDEX directory_extensions_urn_ci ON directory_extensions (directory_id, lower(schema_urn));

-- What the directory's SCIM endpoint does with an attribute no schema defines: 'reject' it with 400
-- invalidSyntax (as before this column existed) or 'ignore' it (drop it, keep the rest, and say so in the
-- audit record and a metric).
ALTER TABLE directories ADD COLUMN unknown_attributes text NOT NULL DEFAULT 'reject'
    CHECK (unknown_attributes IN ('reject', 'ignore'));

-- Moves on with every change of the directory's extensions. Read with the SCIM token, so a replica
-- learns that its cached schemas are stale from the request itself, without a query of its own.
ALTER TABLE directories ADD COLUMN schema_version bigint NOT NULL DEFAULT 0;
