-- How long the last attempt of a delivery took, from the request's start to the end of the
-- answer's body (or to the failure), in milliseconds: what a subscriber looks at first when
-- their endpoint is slow. Null until an attempt was made, and for an attempt refused before any
-- request (a target refused by the private-address rule). Not a directory's table (see V3).
ALTER TABLE deliveries ADD COLUMN last_latency_ms integer;
