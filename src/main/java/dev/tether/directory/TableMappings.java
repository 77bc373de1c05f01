package dev.tether.directory;

import dev.tether.scim.filter.SqlMapping;
import java.util.Map;

/**
 * The SQL mappings of Tether's own tables: {@code users u} and {@code groups g}, each with a
 * jsonb {@code doc}, indexed columns, {@code group_members} rows and the {@code member_groups}
 * function, for the filter translator. The SCIM layer still adds {@code directory_id = ?} itself;
 * the protocol rooms hold no table names.
 */
public final class TableMappings {

    /** display of a group a user belongs to, over {@code member_groups(u.id) ug}. */
    public static final String DEFAULT_USER_GROUP_DISPLAY =
            "(SELECT gd.display_name FROM groups gd WHERE gd.id = ug.group_id)";

    /** display of a group member, over {@code group_members gm}: a user's or a nested group's. */
    public static final String DEFAULT_MEMBER_DISPLAY =
            "COALESCE((SELECT COALESCE(mu.display_name, mu.user_name) FROM users mu WHERE mu.id = gm.member_id),"
                    + " (SELECT mg.display_name FROM groups mg WHERE mg.id = gm.member_id),"
                    + " (SELECT COALESCE(ma.display_name, ma.name) FROM agents ma WHERE ma.id = gm.member_id))";

    /** display of a group an agent belongs to, over {@code member_groups(a.id) ag}. */
    public static final String DEFAULT_AGENT_GROUP_DISPLAY =
            "(SELECT gd.display_name FROM groups gd WHERE gd.id = ag.group_id)";

    private TableMappings() {
    }

    public static SqlMapping users() {
        return users(DEFAULT_USER_GROUP_DISPLAY);
    }

    public static SqlMapping users(String groupDisplaySql) {
        return SqlMapping.builder("u.doc")
                .column("id", "u.id", SqlMapping.ColumnType.UUID)
                .column("userName", "u.user_name", SqlMapping.ColumnType.TEXT)
                .column("externalId", "u.external_id", SqlMapping.ColumnType.TEXT)
                .column("displayName", "u.display_name", SqlMapping.ColumnType.TEXT)
                .column("active", "u.active", SqlMapping.ColumnType.BOOLEAN)
                .column("meta.created", "u.created_at", SqlMapping.ColumnType.TIMESTAMPTZ)
                .column("meta.lastModified", "u.last_modified", SqlMapping.ColumnType.TIMESTAMPTZ)
                .constant("meta.resourceType", "User")
                .lowerCasedArray("emails.value", "u.emails")
                .rows("groups", new SqlMapping.RowSource("member_groups(u.id) ug", "TRUE", Map.of(
                        "value", "ug.group_id::text",
                        "type", "CASE WHEN ug.direct THEN 'direct' ELSE 'indirect' END",
                        "display", groupDisplaySql)))
                .build();
    }

    public static SqlMapping agents() {
        return SqlMapping.builder("a.doc")
                .column("id", "a.id", SqlMapping.ColumnType.UUID)
                .column("name", "a.name", SqlMapping.ColumnType.TEXT)
                .column("externalId", "a.external_id", SqlMapping.ColumnType.TEXT)
                .column("displayName", "a.display_name", SqlMapping.ColumnType.TEXT)
                .column("active", "a.active", SqlMapping.ColumnType.BOOLEAN)
                .column("meta.created", "a.created_at", SqlMapping.ColumnType.TIMESTAMPTZ)
                .column("meta.lastModified", "a.last_modified", SqlMapping.ColumnType.TIMESTAMPTZ)
                .constant("meta.resourceType", "Agent")
                .rows("groups", new SqlMapping.RowSource("member_groups(a.id) ag", "TRUE", Map.of(
                        "value", "ag.group_id::text",
                        "type", "CASE WHEN ag.direct THEN 'direct' ELSE 'indirect' END",
                        "display", DEFAULT_AGENT_GROUP_DISPLAY)))
                .build();
    }

    public static SqlMapping groups() {
        return groups(DEFAULT_MEMBER_DISPLAY);
    }

    public static SqlMapping groups(String memberDisplaySql) {
        return SqlMapping.builder("g.doc")
                .column("id", "g.id", SqlMapping.ColumnType.UUID)
                .column("externalId", "g.external_id", SqlMapping.ColumnType.TEXT)
                .column("displayName", "g.display_name", SqlMapping.ColumnType.TEXT)
                .column("meta.created", "g.created_at", SqlMapping.ColumnType.TIMESTAMPTZ)
                .column("meta.lastModified", "g.last_modified", SqlMapping.ColumnType.TIMESTAMPTZ)
                .constant("meta.resourceType", "Group")
                .rows("members", new SqlMapping.RowSource("group_members gm", "gm.group_id = g.id", Map.of(
                        "value", "gm.member_id::text",
                        "type", "gm.member_type",
                        "display", memberDisplaySql)))
                .build();
    }
}
