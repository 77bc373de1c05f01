package dev.tether.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.ResourceRows;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The agents table. Indexed columns are derived from the document on every write, as for users. */
@Singleton
public class AgentRows extends ResourceRows {

    public static final String ALIAS = "a";

    public AgentRows(DataSource dataSource, ObjectMapper mapper) {
        super(dataSource, mapper, "agents", ALIAS);
    }

    @Override
    protected List<String> derivedColumns() {
        return List.of("name", "external_id", "display_name", "active");
    }

    @Override
    protected List<String> derivedPlaceholders() {
        return List.of("?", "?", "?", "?");
    }

    @Override
    protected List<Object> derivedValues(Connection c, ObjectNode doc) {
        JsonNode active = doc.get("active");
        return Arrays.asList(text(doc, "name"), text(doc, "externalId"), text(doc, "displayName"),
                active != null && active.isBoolean() ? active.booleanValue() : null);
    }

    private static String text(ObjectNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    /** True unless the document says active false: an agent without the attribute may act. */
    static boolean isActive(ObjectNode doc) {
        JsonNode active = doc.get("active");
        return active == null || !active.isBoolean() || active.booleanValue();
    }
}
