-- A review policy may open a campaign on a schedule. recurring: {name?, every (ISO 8601 period,
-- at least a day), dueIn (ISO 8601 duration, 1 h .. every), select (a campaign's select object as
-- asked), onNoAnswer?}; next_campaign_at: when the campaign job opens the next one. The job
-- claims a due row with FOR UPDATE SKIP LOCKED and moves next_campaign_at on in the transaction
-- that opens the campaign, so two replicas never open the same one.
ALTER TABLE review_policies
    ADD COLUMN recurring        jsonb,
    ADD COLUMN next_campaign_at timestamptz,
    ADD CONSTRAINT review_policies_recurring_scheduled CHECK ((recurring IS NULL) = (next_campaign_at IS NULL));

-- The job's question each round: which schedules are due.
CREATE INDEX review_policies_next_campaign ON review_policies (next_campaign_at) WHERE next_campaign_at IS NOT NULL;
