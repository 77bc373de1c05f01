-- The user trail looks records up by the member they name only among membership changes
-- (action = 'group.members.change' AND details @> ...). Indexing every record's details made each
-- audit record, and again its seal (an update that moves the row), pay GIN entries no query reads:
-- creates, deactivations and reported agent actions among them. Only membership changes keep them.
DROP INDEX audit_records_details;
CREATE INDEX audit_records_membership_details ON audit_records USING gin (details jsonb_path_ops)
    WHERE action = 'group.members.change';

-- Events are written in the order they occur, and only retention (occurred_at < cutoff) and a
-- replay's "since" read them by time: a block-range index serves both at a fraction of a B-tree's
-- cost per written event.
DROP INDEX events_occurred;
CREATE INDEX events_occurred ON events USING brin (occurred_at);
