package dev.tether.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The groups table. Members are not in the document; see {@link MemberRows}. */
@Singleton
public class GroupRows extends ResourceRows {

    public static final String ALIAS = "g";

    public GroupRows(DataSource dataSource, ObjectMapper mapper) {
        super(dataSource, mapper, "groups", ALIAS);
    }

    @Override
    protected List<String> derivedColumns() {
        return List.of("display_name", "external_id");
    }

    @Override
    protected List<String> derivedPlaceholders() {
        return List.of("?", "?");
    }

    @Override
    protected List<Object> derivedValues(Connection c, ObjectNode doc) {
        return Arrays.asList(UserRows.text(doc, "displayName"), UserRows.text(doc, "externalId"));
    }
}
