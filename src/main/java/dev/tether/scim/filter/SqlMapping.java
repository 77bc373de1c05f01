package dev.tether.scim.filter;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the attributes of one resource type live in SQL, for {@link SqlTranslator}. Every SQL
 * string here is written by Tether's own code, never taken from a request.
 *
 * <p>Attribute paths are written as in filters, by canonical name: {@code userName},
 * {@code meta.created}, {@code emails.value}, or URN-qualified for extension attributes
 * ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber}).
 * Anything not declared is read from the jsonb document, except the top-level attributes
 * declared {@link Builder#notInDocument not in the document} (by default {@code id} and
 * {@code meta}), which are then not filterable.
 */
public final class SqlMapping {

    /** How a dedicated column compares. */
    public enum ColumnType {
        /** text/varchar: compared per the attribute's caseExact (lower() when false). */
        TEXT,
        /** uuid: eq binds a java.util.UUID; other operators compare its text form. */
        UUID,
        BOOLEAN,
        TIMESTAMPTZ
    }

    public record Column(String sql, ColumnType type) {
        public Column {
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A multi-valued complex attribute stored as rows rather than in the document.
     * Filters become {@code EXISTS (SELECT 1 FROM <from> WHERE <correlation> AND ...)};
     * {@code subAttributes} maps each filterable sub-attribute to a SQL expression over
     * {@code from} (text for string sub-attributes).
     */
    public record RowSource(String from, String correlation, Map<String, String> subAttributes) {
        public RowSource {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(correlation, "correlation");
            Map<String, String> lower = new LinkedHashMap<>();
            subAttributes.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            subAttributes = Collections.unmodifiableMap(lower);
        }

        /** The SQL expression of a sub-attribute, or null when it is not filterable. */
        public String subAttribute(String name) {
            return subAttributes.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String document;
    private final Map<String, Column> columns;
    private final Map<String, String> constants;
    private final Map<String, String> lowerCasedArrays;
    private final Map<String, RowSource> rowSources;
    private final Set<String> notInDocument;

    private SqlMapping(Builder b) {
        this.document = b.document;
        this.columns = Map.copyOf(b.columns);
        this.constants = Map.copyOf(b.constants);
        this.lowerCasedArrays = Map.copyOf(b.lowerCasedArrays);
        this.rowSources = Map.copyOf(b.rowSources);
        this.notInDocument = Set.copyOf(b.notInDocument);
    }

    /** @param document the jsonb column holding the resource document, e.g. {@code u.doc} */
    public static Builder builder(String document) {
        return new Builder(document);
    }

    String document() {
        return document;
    }

    Column column(String key) {
        return columns.get(key);
    }

    String constant(String key) {
        return constants.get(key);
    }

    String lowerCasedArray(String key) {
        return lowerCasedArrays.get(key);
    }

    RowSource rowSource(String key) {
        return rowSources.get(key);
    }

    boolean inDocument(String topLevelAttribute) {
        return !notInDocument.contains(topLevelAttribute.toLowerCase(Locale.ROOT));
    }

    static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    public static final class Builder {
        private final String document;
        private final Map<String, Column> columns = new HashMap<>();
        private final Map<String, String> constants = new HashMap<>();
        private final Map<String, String> lowerCasedArrays = new HashMap<>();
        private final Map<String, RowSource> rowSources = new HashMap<>();
        private final Set<String> notInDocument = new HashSet<>(Set.of("id", "meta"));

        private Builder(String document) {
            this.document = Objects.requireNonNull(document, "document");
        }

        /** A single-valued attribute (or sub-attribute) kept in its own column. */
        public Builder column(String path, String sql, ColumnType type) {
            columns.put(key(path), new Column(sql, type));
            return this;
        }

        /** An attribute whose value is the same for every row, such as meta.resourceType. */
        public Builder constant(String path, String value) {
            constants.put(key(path), value);
            return this;
        }

        /**
         * A text[] column holding lower(value) of every element's sub-attribute (e.g.
         * {@code emails.value} in a GIN-indexed {@code u.emails}); equality filters on it
         * add {@code column @> ARRAY[lower(?)]::text[]} so the index can serve them.
         */
        public Builder lowerCasedArray(String multiValuedSubPath, String sql) {
            lowerCasedArrays.put(key(multiValuedSubPath), sql);
            return this;
        }

        /** A multi-valued complex attribute stored as rows (group members, a user's groups). */
        public Builder rows(String attribute, RowSource source) {
            rowSources.put(key(attribute), source);
            return this;
        }

        /** Top-level attributes that are not in the document (besides id and meta). */
        public Builder notInDocument(String... attributes) {
            for (String a : attributes) {
                notInDocument.add(key(a));
            }
            return this;
        }

        public SqlMapping build() {
            return new SqlMapping(this);
        }
    }
}
