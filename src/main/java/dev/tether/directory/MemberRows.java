package dev.tether.directory;

import dev.tether.directory.MembershipEvent.MemberRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Group membership rows. Every change is a constant number of statements however many
 * members the group has; reads of members happen only when a response includes them.
 */
@ApplicationScoped
public class MemberRows {

    /** A member as shown in a group's {@code members} attribute. */
    public record Member(UUID id, String type, String display) {
    }

    /** A group a member belongs to, directly or through nesting. */
    public record Membership(UUID groupId, boolean direct, String display) {
    }

    private final DataSource dataSource;

    public MemberRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The resource type of each id that is a user, group or agent of this directory. Rows found are
     * KEY SHARE locked so that a concurrent delete cannot leave a membership pointing nowhere.
     */
    public Map<UUID, String> existingMembers(UUID directoryId, Collection<UUID> ids) throws SQLException {
        Map<UUID, String> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        int wanted = new HashSet<>(ids).size();
        try (Connection c = dataSource.getConnection()) {
            Array idArray = c.createArrayOf("uuid", ids.toArray());
            lookup(c, "SELECT id FROM users WHERE directory_id = ? AND id = ANY(?) FOR KEY SHARE",
                    directoryId, idArray, "User", found);
            // ids are unique across the three tables: once all are found, the other tables need no probe
            // (which matters on a busy group, whose row's many recent versions each probe would walk)
            if (found.size() < wanted) {
                lookup(c, "SELECT id FROM groups WHERE directory_id = ? AND id = ANY(?) FOR KEY SHARE",
                        directoryId, idArray, "Group", found);
            }
            if (found.size() < wanted) {
                // agents live in the lineage package's table; reading it by SQL keeps this package free of lineage
                lookup(c, "SELECT id FROM agents WHERE directory_id = ? AND id = ANY(?) FOR KEY SHARE",
                        directoryId, idArray, "Agent", found);
            }
        }
        return found;
    }

    private static void lookup(Connection c, String sql, UUID directoryId, Array ids, String type,
            Map<UUID, String> found) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setArray(2, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), type);
                }
            }
        }
    }

    /** Inserts the members not already present; returns those actually added. */
    public List<MemberRef> add(UUID directoryId, UUID groupId, List<MemberRef> members) throws SQLException {
        if (members.isEmpty()) {
            return List.of();
        }
        String sql = "INSERT INTO group_members (group_id, member_id, member_type, directory_id) "
                + "SELECT ?, m.id, m.type, ? FROM unnest(?::uuid[], ?::text[]) AS m(id, type) "
                + "ON CONFLICT DO NOTHING RETURNING member_id, member_type";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, groupId);
            ps.setObject(2, directoryId);
            ps.setArray(3, c.createArrayOf("uuid", members.stream().map(MemberRef::id).toArray()));
            ps.setArray(4, c.createArrayOf("text", members.stream().map(MemberRef::type).toArray()));
            return refs(ps);
        }
    }

    /** Deletes the listed members; returns those that were members. */
    public List<MemberRef> remove(UUID directoryId, UUID groupId, Collection<UUID> memberIds) throws SQLException {
        if (memberIds.isEmpty()) {
            return List.of();
        }
        String sql = "DELETE FROM group_members WHERE directory_id = ? AND group_id = ? AND member_id = ANY(?) "
                + "RETURNING member_id, member_type";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setObject(2, groupId);
            ps.setArray(3, c.createArrayOf("uuid", memberIds.toArray()));
            return refs(ps);
        }
    }

    public List<MemberRef> removeAll(UUID directoryId, UUID groupId) throws SQLException {
        String sql = "DELETE FROM group_members WHERE directory_id = ? AND group_id = ? RETURNING member_id, member_type";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setObject(2, groupId);
            return refs(ps);
        }
    }

    /** Removes a deleted user or group from every group; returns the groups it left. */
    public List<UUID> removeEverywhere(UUID directoryId, UUID memberId) throws SQLException {
        String sql = "DELETE FROM group_members WHERE directory_id = ? AND member_id = ? RETURNING group_id";
        List<UUID> groups = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setObject(2, memberId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    groups.add(rs.getObject(1, UUID.class));
                }
            }
        }
        groups.sort(null);
        return groups;
    }

    private static List<MemberRef> refs(PreparedStatement ps) throws SQLException {
        List<MemberRef> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MemberRef(rs.getObject(1, UUID.class), rs.getString(2)));
            }
        }
        return out;
    }

    /**
     * The number of members, counting no further than {@code cap}. The rows are counted by the
     * group's key alone, which the primary key's index answers and stops at the cap; with the
     * directory (not in that index) in the row filter it cost 13 ms at 100 000 members, inside
     * the turn the group's other writes wait for. The group's own row bounds the count to the
     * directory.
     */
    public int countUpTo(UUID directoryId, UUID groupId, int cap) throws SQLException {
        String sql = "SELECT count(*) FROM (SELECT 1 FROM group_members WHERE group_id = ? LIMIT ?) m "
                + "WHERE EXISTS (SELECT 1 FROM groups g WHERE g.id = ? AND g.directory_id = ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, groupId);
            ps.setInt(2, cap);
            ps.setObject(3, groupId);
            ps.setObject(4, directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Direct members of each group, in the order they were added. */
    public Map<UUID, List<Member>> membersOf(UUID directoryId, Collection<UUID> groupIds) throws SQLException {
        Map<UUID, List<Member>> out = new LinkedHashMap<>();
        for (UUID g : groupIds) {
            out.put(g, new ArrayList<>());
        }
        if (groupIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT m.group_id, m.member_id, m.member_type, "
                + "COALESCE(u.display_name, u.user_name, g.display_name, a.display_name, a.name) AS display "
                + "FROM group_members m "
                + "LEFT JOIN users u ON m.member_type = 'User' AND u.id = m.member_id "
                + "LEFT JOIN groups g ON m.member_type = 'Group' AND g.id = m.member_id "
                + "LEFT JOIN agents a ON m.member_type = 'Agent' AND a.id = m.member_id "
                + "WHERE m.directory_id = ? AND m.group_id = ANY(?) ORDER BY m.group_id, m.added_at, m.member_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, directoryId);
            ps.setArray(2, c.createArrayOf("uuid", groupIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.get(rs.getObject(1, UUID.class)).add(
                            new Member(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** The groups of each member, nested groups included (direct wins when both). */
    public Map<UUID, List<Membership>> groupsOf(UUID directoryId, Collection<UUID> memberIds) throws SQLException {
        Map<UUID, List<Membership>> out = new LinkedHashMap<>();
        for (UUID m : memberIds) {
            out.put(m, new ArrayList<>());
        }
        if (memberIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT x.id, mg.group_id, mg.direct, g.display_name "
                + "FROM unnest(?::uuid[]) AS x(id) CROSS JOIN LATERAL member_groups(x.id) mg "
                + "JOIN groups g ON g.id = mg.group_id AND g.directory_id = ? "
                + "ORDER BY x.id, g.display_name, g.id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("uuid", memberIds.toArray()));
            ps.setObject(2, directoryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.get(rs.getObject(1, UUID.class)).add(
                            new Membership(rs.getObject(2, UUID.class), rs.getBoolean(3), rs.getString(4)));
                }
            }
        }
        return out;
    }
}
