package dev.tether.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The users table. Indexed columns are derived from the document on every write. */
@Singleton
public class UserRows extends ResourceRows {

    public static final String ALIAS = "u";

    public UserRows(DataSource dataSource, ObjectMapper mapper) {
        super(dataSource, mapper, "users", ALIAS);
    }

    @Override
    protected List<String> derivedColumns() {
        return List.of("user_name", "external_id", "display_name", "active", "emails");
    }

    @Override
    protected List<String> derivedPlaceholders() {
        return List.of("?", "?", "?", "?", "?");
    }

    @Override
    protected List<Object> derivedValues(Connection c, ObjectNode doc) throws SQLException {
        List<String> emails = new ArrayList<>();
        for (JsonNode email : doc.path("emails")) {
            JsonNode value = email.get("value");
            if (value != null && value.isTextual()) {
                emails.add(value.asText().toLowerCase(Locale.ROOT));
            }
        }
        JsonNode active = doc.get("active");
        return Arrays.asList(
                text(doc, "userName"),
                text(doc, "externalId"),
                text(doc, "displayName"),
                active != null && active.isBoolean() ? active.booleanValue() : null,
                c.createArrayOf("text", emails.toArray()));
    }

    /**
     * A user and, when asked for, the groups it is in (nested ones as indirect, ordered by
     * display name), in one statement: one snapshot without a transaction around it, and one
     * round trip for what a GET shows.
     */
    Optional<UserDirectory.UserWithGroups> findWithGroups(Connection c, UUID directoryId, UUID id, boolean withGroups)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND_WITH_GROUPS)) {
            ps.setBoolean(1, withGroups);
            ps.setObject(2, directoryId);
            ps.setObject(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserDirectory.UserWithGroups(resource(rs), groups(rs)));
            }
        }
    }

    /**
     * A first page and each user's groups in one statement, when the page is not full: then its
     * size is the total, read in the same snapshot. Empty when the page is full (the total needs a
     * count, which {@link UserDirectory#listWithGroups} reads with the page in one transaction).
     */
    Optional<UserDirectory.UserPage> partialFirstPageWithGroups(Connection c, UUID directoryId, ResourceQuery query,
            boolean withGroups) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(pageSql(query, GROUP_COLUMNS, " LEFT JOIN LATERAL ("
                + GROUPS_OF_U + ") m ON true"))) {
            ps.setBoolean(1, withGroups);
            bindPage(c, ps, 2, directoryId, query);
            List<StoredResource> page = new ArrayList<>();
            Map<UUID, List<MemberRows.Membership>> groups = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredResource user = resource(rs);
                    page.add(user);
                    groups.put(user.id(), groups(rs));
                }
            }
            if (page.size() >= query.limit()) {
                return Optional.empty();
            }
            return Optional.of(new UserDirectory.UserPage(new ResourcePage(page.size(), page),
                    withGroups ? groups : Map.of()));
        }
    }

    /** The groups read by {@link #GROUPS_OF_U} (none when they were not asked for). */
    private static List<MemberRows.Membership> groups(ResultSet rs) throws SQLException {
        List<MemberRows.Membership> groups = new ArrayList<>();
        Array ids = rs.getArray("ids");
        if (ids != null) {
            Object[] groupIds = (Object[]) ids.getArray();
            Object[] direct = (Object[]) rs.getArray("direct").getArray();
            Object[] names = (Object[]) rs.getArray("names").getArray();
            for (int i = 0; i < groupIds.length; i++) {
                groups.add(new MemberRows.Membership((UUID) groupIds[i], Boolean.TRUE.equals(direct[i]),
                        (String) names[i]));
            }
        }
        return groups;
    }

    // The same order and the same join as MemberRows.groupsOf; the lateral part is skipped
    // (a one-time filter) when the groups are not shown.
    private static final String GROUPS_OF_U = "SELECT array_agg(mg.group_id ORDER BY g.display_name, g.id) AS ids, "
            + "array_agg(mg.direct ORDER BY g.display_name, g.id) AS direct, "
            + "array_agg(g.display_name ORDER BY g.display_name, g.id) AS names "
            + "FROM member_groups(u.id) mg JOIN groups g ON g.id = mg.group_id AND g.directory_id = u.directory_id "
            + "WHERE ?::boolean";

    private static final String GROUP_COLUMNS = ", m.ids, m.direct, m.names";

    private static final String FIND_WITH_GROUPS = "SELECT u.id, u.doc, u.version, u.created_at, u.last_modified"
            + GROUP_COLUMNS + " FROM users u LEFT JOIN LATERAL (" + GROUPS_OF_U + ") m ON true "
            + "WHERE u.directory_id = ? AND u.id = ?";

    static String text(ObjectNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
