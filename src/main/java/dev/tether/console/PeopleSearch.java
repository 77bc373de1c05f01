package dev.tether.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tether.directory.GroupDirectory;
import dev.tether.directory.ResourcePage;
import dev.tether.directory.ResourceQuery;
import dev.tether.directory.StoredResource;
import dev.tether.directory.TableMappings;
import dev.tether.directory.UserDirectory;
import dev.tether.lineage.AgentDirectory;
import dev.tether.scim.filter.CompareOp;
import dev.tether.scim.filter.Filter;
import dev.tether.scim.filter.SqlFragment;
import dev.tether.scim.filter.SqlTranslator;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.SchemaRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The console's search over users, groups and agents: a prefix of any of the names an operator
 * knows someone by, as a SCIM filter ({@code userName sw q or displayName sw q or externalId sw q})
 * built as a tree, not text, and translated to SQL by the SCIM filter machinery; the stores run it.
 * No second query language, and the typed text only ever reaches SQL as a bind parameter.
 */
@ApplicationScoped
public class PeopleSearch {

    /** What is searched. */
    public enum Kind {
        USERS("userName"), GROUPS("displayName"), AGENTS("name");

        /** The attribute each kind is known by first (users: userName; agents: name). */
        final String nameAttribute;

        Kind(String nameAttribute) {
            this.nameAttribute = nameAttribute;
        }

        public static Kind of(String raw) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(raw)) {
                    return k;
                }
            }
            return USERS;
        }
    }

    /** One page of hits, newest state; {@code total} counts every hit. */
    public record Hits(long total, List<StoredResource> resources) {
    }

    private final UserDirectory users;
    private final GroupDirectory groups;
    private final AgentDirectory agents;
    private final SqlTranslator userSql;
    private final SqlTranslator groupSql;
    private final SqlTranslator agentSql;

    PeopleSearch(UserDirectory users, GroupDirectory groups, AgentDirectory agents, ObjectMapper mapper) {
        this.users = users;
        this.groups = groups;
        this.agents = agents;
        // the core schemas suffice: the names searched are core attributes of every directory
        SchemaRegistry registry = SchemaRegistry.loadDefault(mapper);
        this.userSql = new SqlTranslator(registry.resourceSchema("User"), TableMappings.users());
        this.groupSql = new SqlTranslator(registry.resourceSchema("Group"), TableMappings.groups());
        this.agentSql = new SqlTranslator(registry.resourceSchema("Agent"), TableMappings.agents());
    }

    /** The filter a search runs, as a SCIM filter tree; null for an empty query (everything). */
    static Filter filter(Kind kind, String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        TextNode prefix = TextNode.valueOf(query.strip());
        Filter f = new Filter.Comparison(AttributePath.of(kind.nameAttribute), CompareOp.SW, prefix);
        if (kind != Kind.GROUPS) {
            f = new Filter.Or(f, new Filter.Comparison(AttributePath.of("displayName"), CompareOp.SW, prefix));
        }
        return new Filter.Or(f, new Filter.Comparison(AttributePath.of("externalId"), CompareOp.SW, prefix));
    }

    public Hits search(UUID directoryId, Kind kind, String query, int offset, int limit) {
        Filter f = filter(kind, query);
        SqlTranslator sql = switch (kind) {
            case USERS -> userSql;
            case GROUPS -> groupSql;
            case AGENTS -> agentSql;
        };
        SqlFragment where = f == null ? null : sql.translate(f);
        // ordered by the name people look for, so pages read like a phone book
        SqlFragment order = sql.orderBy(AttributePath.of(kind.nameAttribute));
        ResourceQuery q = new ResourceQuery(where == null ? null : where.sql(), where == null ? List.of() : where.params(),
                order.sql(), order.params(), false, offset, limit);
        ResourcePage page = switch (kind) {
            case USERS -> users.list(directoryId, q);
            case GROUPS -> groups.list(directoryId, q);
            case AGENTS -> agents.list(directoryId, q);
        };
        return new Hits(page.totalResults(), page.resources());
    }
}
