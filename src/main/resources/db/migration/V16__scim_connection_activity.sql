-- What a directory's IdP connection has done lately, for the setup page and connection health:
-- one row per directory (that is the bound), written by each replica at most once a second
-- with what it saw since its last write, never once per request. The requests and errors it
-- counted go to directory_scim_traffic (V15), by hour, in the same flush.
CREATE TABLE scim_connection_activity (
    directory_id          uuid PRIMARY KEY REFERENCES directories (id),
    last_request_at       timestamptz,
    last_method           text,
    last_resource         text,                            -- Users, Groups, … never the query or an id
    last_status           integer,
    last_user_agent       text,                            -- the client: which IdP it looks like
    last_read_at          timestamptz,                     -- last GET answered 2xx: an IdP's "test connection"
    last_user_write_at    timestamptz,                     -- last user created or changed (2xx)
    last_error_at         timestamptz,
    last_error_method     text,
    last_error_resource   text,
    last_error_status     integer,
    last_error_scim_type  text,
    last_error_detail     text
);
