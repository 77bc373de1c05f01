package dev.tether.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The locks a grant or a credential takes before it checks that its delegator is still
 * entitled, so that it cannot slip past a concurrent cascade. Every cascade holds a row lock
 * that conflicts with FOR SHARE on what it acts on: a leaver holds the user's row, the other
 * cascades lock the agents their seed delegations point at, a group change holds the group's
 * row. Taking FOR SHARE on the delegator, every user and agent above it over active
 * delegations, and (for a basis) the groups the delegator is in, therefore makes the check
 * either wait for the cascade's commit and see its result, or finish first and be seen by it.
 */
@ApplicationScoped
class DelegatorLocks {

    private static final String ANCESTORS = """
            WITH RECURSIVE up (delegator_type, delegator_id) AS (
                SELECT d.delegator_type, d.delegator_id FROM delegations d
                WHERE d.directory_id = ? AND d.status = 'active' AND d.agent_id = ?
                UNION
                SELECT d.delegator_type, d.delegator_id FROM delegations d
                JOIN up ON up.delegator_type = 'Agent' AND d.agent_id = up.delegator_id
                WHERE d.directory_id = ? AND d.status = 'active'
            )
            SELECT delegator_type, delegator_id FROM up
            """;

    private final LineageRows rows;

    DelegatorLocks(LineageRows rows) {
        this.rows = rows;
    }

    /**
     * Refuses (409) when the directory is disabled: a disabled directory takes no new
     * delegations or credentials. Holds its row FOR SHARE until commit, so a concurrent disable
     * waits for this grant, and a grant after the disable sees it. Taken before every other lock.
     */
    void requireEnabledDirectory(UUID directoryId) throws SQLException {
        List<Boolean> disabled = rows.query("SELECT disabled_at IS NOT NULL FROM directories WHERE id = ? FOR SHARE",
                rs -> rs.getBoolean(1), directoryId);
        if (!disabled.isEmpty() && disabled.get(0)) {
            throw LineageRefusal.conflict("directory " + directoryId
                    + " is disabled: it takes no new delegations or credentials until it is enabled again");
        }
    }

    /** Locks a user delegator; returns whether it exists and is active. */
    boolean lockUser(UUID directoryId, UUID userId) throws SQLException {
        List<Boolean> active = rows.query("SELECT active FROM users WHERE directory_id = ? AND id = ? FOR SHARE",
                rs -> rs.getObject(1) == null || rs.getBoolean(1), directoryId, userId);
        return !active.isEmpty() && active.get(0);
    }

    /**
     * Locks the agent and everything above it, users first then agents, each in id order
     * (the order cascades lock in, which keeps deadlocks rare; Transactions retries the rest).
     * Repeats until no new ancestor appears, since the set was read before the locks.
     */
    void lockAgentAndAncestors(UUID directoryId, UUID agentId) throws SQLException {
        Set<UUID> lockedUsers = new TreeSet<>();
        Set<UUID> lockedAgents = new TreeSet<>();
        while (true) {
            Set<UUID> users = new TreeSet<>();
            Set<UUID> agents = new TreeSet<>();
            agents.add(agentId);
            for (String[] row : rows.query(ANCESTORS, rs -> new String[] {rs.getString(1), rs.getString(2)},
                    directoryId, agentId, directoryId)) {
                (row[0].equals("User") ? users : agents).add(UUID.fromString(row[1]));
            }
            users.removeAll(lockedUsers);
            agents.removeAll(lockedAgents);
            if (users.isEmpty() && agents.isEmpty()) {
                return;
            }
            if (!users.isEmpty()) {
                rows.query("SELECT id FROM users WHERE directory_id = ? AND id = ANY (?::uuid[]) ORDER BY id FOR SHARE",
                        rs -> 1, directoryId, users.toArray(new UUID[0]));
            }
            if (!agents.isEmpty()) {
                rows.query("SELECT id FROM agents WHERE directory_id = ? AND id = ANY (?::uuid[]) ORDER BY id FOR SHARE",
                        rs -> 1, directoryId, agents.toArray(new UUID[0]));
            }
            lockedUsers.addAll(users);
            lockedAgents.addAll(agents);
        }
    }

    /** Locks the groups the member is in (nested included), so membership cannot change under a basis check. */
    void lockGroupsOf(UUID directoryId, UUID memberId) throws SQLException {
        rows.query("SELECT g.id FROM groups g WHERE g.directory_id = ? AND g.id IN "
                + "(SELECT mg.group_id FROM member_groups(?) mg) ORDER BY g.id FOR SHARE", rs -> 1, directoryId, memberId);
    }
}
