-- The IdP dialect rules an operator switched off for a directory (ids of dev.tether.scim.patch.DialectRule,
-- e.g. 'capitalised-ops'). Empty: every rule on, as before this column existed. Read with the token in the
-- statement that authenticates a SCIM request; written only through the admin API.
ALTER TABLE directories ADD COLUMN disabled_dialect_rules text[] NOT NULL DEFAULT '{}';
