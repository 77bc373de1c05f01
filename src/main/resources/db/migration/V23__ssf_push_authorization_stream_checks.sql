-- SSF subscriptions (Tether as transmitter) may carry an Authorization header value that every
-- RFC 8935 push sends: a receiver such as another Tether's signal source requires one. Sealed
-- at rest like the webhook signing secrets (dev.tether.events.WebhookSecrets), bound to the row;
-- null: pushes carry no Authorization header. Not a directory's table (see V3).
ALTER TABLE subscriptions ADD COLUMN push_authorization text;
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_push_authorization_ssf_only
    CHECK (push_authorization IS NULL OR format = 'ssf');

-- Signal sources (dev.tether.signals): when a managed stream's status was last read from the
-- transmitter (tether.signals.stream-status-interval) and why that read failed, if it did; and
-- when Tether last asked the transmitter for a verification event.
ALTER TABLE signal_sources ADD COLUMN stream_checked_at timestamptz;
ALTER TABLE signal_sources ADD COLUMN stream_check_error text;
ALTER TABLE signal_sources ADD COLUMN verification_requested_at timestamptz;
