-- Every credential of a delegation, whatever its state: a review item shows them all (revoked ones
-- included), a page of 1 000 items at a time. The partial index credentials_active_delegation
-- serves only queries that also ask for status = 'active'; without this one, each item's lookup
-- read the whole credentials table, and opening a campaign over 100 000 delegations ran past the
-- transaction timeout.
CREATE INDEX credentials_delegation ON credentials (delegation_id);
