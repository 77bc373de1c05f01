-- An app subscribes to the events of the credentials issued for it (and the delegations granted
-- to it), not to every directory's user documents. Owned by dev.tether.events.

-- The app a credential was issued for, or a delegation granted to; null for every other event.
ALTER TABLE events ADD COLUMN audience text;

-- null: every event, whatever its audience; else only events whose audience is one of these.
ALTER TABLE subscriptions ADD COLUMN audiences text[];
