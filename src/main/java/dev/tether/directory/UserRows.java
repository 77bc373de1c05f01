package dev.tether.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

    static String text(ObjectNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
