-- A subscription's due deliveries are claimed in event order. The claim used to join events to
-- sort the whole backlog on every claim (tens of ms per claim once 10 000 were pending); the
-- event's position copied onto the delivery lets one index hand out the next few directly.
-- Nullable so that replicas still running the previous version keep writing during a rolling
-- update; their rows sort after the others of the same due time.
ALTER TABLE deliveries ADD COLUMN event_position bigint;
UPDATE deliveries d SET event_position = e.position FROM events e WHERE e.id = d.event_id;
CREATE INDEX deliveries_claim ON deliveries (subscription_id, next_attempt_at, event_position)
    WHERE status = 'pending';
