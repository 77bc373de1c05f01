-- Each delegation carries its chain: the ids of every delegation from the one its root human
-- granted down to itself (chain[1] has no parent, chain[cardinality] is the row's own id). A
-- decision reads a chain's rows with one indexed lookup instead of walking parent_delegation_id up
-- with a recursive query, whose plan cost PostgreSQL more to start than the three links it read.
--
-- A chain is fixed when its delegation is made: parent_delegation_id references a row that
-- already exists (and rows are never deleted), and no statement changes it afterwards; the
-- trigger below keeps it that way, so a stored chain can never disagree with the parent links.
ALTER TABLE delegations ADD COLUMN chain uuid[];

-- Existing rows, from each root down. By construction parents form a forest (a parent exists
-- before its child); a row this cannot reach was edited by hand, and NOT NULL below refuses it.
WITH RECURSIVE walked (id, chain) AS (
    SELECT d.id, ARRAY[d.id] FROM delegations d WHERE d.parent_delegation_id IS NULL
    UNION ALL
    SELECT d.id, w.chain || d.id FROM delegations d JOIN walked w ON d.parent_delegation_id = w.id
)
UPDATE delegations d SET chain = w.chain FROM walked w WHERE d.id = w.id;

ALTER TABLE delegations ALTER COLUMN chain SET NOT NULL;
ALTER TABLE delegations ADD CONSTRAINT delegations_chain_ends_with_itself CHECK (chain[cardinality(chain)] = id);

CREATE FUNCTION delegations_lineage_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.parent_delegation_id IS DISTINCT FROM OLD.parent_delegation_id OR NEW.chain IS DISTINCT FROM OLD.chain THEN
        RAISE EXCEPTION 'delegation %: parent_delegation_id and chain are fixed when it is made', OLD.id;
    END IF;
    RETURN NEW;
END $$;
-- fires only for updates that name either column; revocations, reviews and narrowing do not
CREATE TRIGGER delegations_lineage_is_fixed BEFORE UPDATE OF parent_delegation_id, chain ON delegations
    FOR EACH ROW EXECUTE FUNCTION delegations_lineage_is_fixed();
