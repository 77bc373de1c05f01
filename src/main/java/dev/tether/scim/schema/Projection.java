package dev.tether.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which attributes a response carries: the {@code attributes} and {@code excludedAttributes}
 * parameters (RFC 7644 §3.4.2.5) combined with each attribute's {@code returned}
 * characteristic (RFC 7643 §7). Names compare case-insensitively; names the schema does not
 * know are ignored, as RFC 7644 allows.
 *
 * <p>{@code always} (id, and {@code schemas}, which describes the resource itself) is returned
 * whatever the parameters say; {@code never} (password) is never returned; {@code request}
 * only when {@code attributes} names it. When both parameters are given, {@code attributes}
 * selects and {@code excludedAttributes} then removes.
 */
public final class Projection {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceSchema rs;
    private final List<AttributePath> attributes;
    private final List<AttributePath> excluded;

    private Projection(ResourceSchema rs, List<AttributePath> attributes, List<AttributePath> excluded) {
        this.rs = rs;
        this.attributes = attributes == null ? List.of() : attributes;
        this.excluded = excluded == null ? List.of() : excluded;
    }

    /**
     * Parses a comma-separated attribute list. Blank means "no list". A malformed name is
     * invalidValue: the request's structure is fine, one parameter's value is not.
     */
    public static List<AttributePath> parseList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        List<AttributePath> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue; // "a,,b" or a trailing comma: nothing was meant
            }
            try {
                out.add(AttributePath.parse(name));
            } catch (IllegalArgumentException e) {
                throw ScimValidationException.invalidValue("'" + name + "' is not a valid attribute name");
            }
        }
        return List.copyOf(out);
    }

    /** The representation to return: {@code full} reduced to what the parameters ask for. */
    public static ObjectNode project(ResourceSchema rs, ObjectNode full, List<AttributePath> attributes,
            List<AttributePath> excludedAttributes) {
        return new Projection(rs, attributes, excludedAttributes).apply(full);
    }

    /**
     * Whether a response will carry this attribute at all, e.g. {@code "members"}: lets the server
     * skip loading members for {@code excludedAttributes=members}. Unknown names: false.
     */
    public static boolean wants(ResourceSchema rs, String attributeName, List<AttributePath> attributes,
            List<AttributePath> excluded) {
        AttributePath path;
        try {
            path = AttributePath.parse(attributeName);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Optional<ResourceSchema.Resolved> resolved = rs.resolve(path);
        if (resolved.isEmpty()) {
            return false;
        }
        return new Projection(rs, attributes, excluded).includes(resolved.get().schema(), resolved.get().attribute());
    }

    // ---------------------------------------------------------------------------------------

    private ObjectNode apply(ObjectNode full) {
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = full.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equalsIgnoreCase("schemas")) {
                out.set(name, value);
                continue;
            }
            if (ResourceDocuments.isUrn(name)) {
                Optional<Schema> ext = rs.extension(name);
                if (ext.isPresent() && value.isObject()) {
                    ObjectNode projected = projectObject(ext.get(), value);
                    if (!projected.isEmpty()) {
                        out.set(name, projected);
                    }
                }
                continue;
            }
            Optional<AttributeDefinition> common = ResourceSchema.common(name);
            Schema schema = common.isPresent() ? null : rs.core();
            Optional<AttributeDefinition> def = common.isPresent() ? common : rs.core().attribute(name);
            if (def.isEmpty()) {
                // Not in the schema (server-added): only in a full representation.
                if (attributes.isEmpty()) {
                    out.set(name, value);
                }
                continue;
            }
            JsonNode projected = projectAttribute(schema, def.get(), value);
            if (projected != null) {
                out.set(name, projected);
            }
        }
        return out;
    }

    private ObjectNode projectObject(Schema schema, JsonNode object) {
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> def = schema.attribute(field.getKey());
            if (def.isEmpty()) {
                if (attributes.isEmpty()) {
                    out.set(field.getKey(), field.getValue());
                }
                continue;
            }
            JsonNode projected = projectAttribute(schema, def.get(), field.getValue());
            if (projected != null) {
                out.set(field.getKey(), projected);
            }
        }
        return out;
    }

    /** The value to return for one top-level attribute, or null to leave it out. */
    private JsonNode projectAttribute(Schema schema, AttributeDefinition def, JsonNode value) {
        if (!includes(schema, def)) {
            return null;
        }
        if (!def.isComplex() || def.returned() == Returned.ALWAYS) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode out = JSON.arrayNode();
            for (JsonNode element : value) {
                JsonNode projected = projectSubAttributes(schema, def, element);
                if (projected != null) {
                    out.add(projected);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return projectSubAttributes(schema, def, value);
    }

    private JsonNode projectSubAttributes(Schema schema, AttributeDefinition def, JsonNode value) {
        if (!value.isObject()) {
            return value;
        }
        boolean wholeRequested = names(attributes, schema, def, true);
        ObjectNode out = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> sub = def.subAttribute(field.getKey());
            if (sub.isEmpty()) {
                if (attributes.isEmpty() || wholeRequested) {
                    out.set(field.getKey(), field.getValue());
                }
                continue;
            }
            if (includesSub(schema, def, sub.get(), wholeRequested)) {
                out.set(field.getKey(), field.getValue());
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Whether the attribute (or any part of it) is returned. {@code schema} is null for id/externalId/meta. */
    private boolean includes(Schema schema, AttributeDefinition def) {
        switch (def.returned()) {
            case NEVER:
                return false;
            case ALWAYS:
                return true;
            default:
                break;
        }
        if (!attributes.isEmpty()) {
            return names(attributes, schema, def, false);
        }
        if (def.returned() == Returned.REQUEST) {
            return false;
        }
        return !names(excluded, schema, def, true);
    }

    private boolean includesSub(Schema schema, AttributeDefinition def, AttributeDefinition sub, boolean wholeRequested) {
        switch (sub.returned()) {
            case NEVER:
                return false;
            case ALWAYS:
                return true;
            default:
                break;
        }
        boolean named = namesSub(attributes, schema, def, sub);
        if (!attributes.isEmpty() && !wholeRequested && !named) {
            return false;
        }
        if (sub.returned() == Returned.REQUEST && !named) {
            return false;
        }
        return !namesSub(excluded, schema, def, sub);
    }

    /**
     * Whether a list names this attribute: by its own name, through its whole schema URN, or
     * (unless {@code wholeOnly}) through one of its sub-attributes.
     */
    private boolean names(List<AttributePath> list, Schema schema, AttributeDefinition def, boolean wholeOnly) {
        for (AttributePath path : list) {
            Optional<Schema> whole = wholeSchema(path);
            if (whole.isPresent()) {
                if (schema != null && whole.get() == schema) {
                    return true;
                }
                continue;
            }
            if ((path.subAttribute() == null || !wholeOnly) && isAttribute(path, schema, def)) {
                return true;
            }
        }
        return false;
    }

    private boolean namesSub(List<AttributePath> list, Schema schema, AttributeDefinition def, AttributeDefinition sub) {
        for (AttributePath path : list) {
            if (path.subAttribute() != null && path.subAttribute().equalsIgnoreCase(sub.name())
                    && isAttribute(path, schema, def)) {
                return true;
            }
        }
        return false;
    }

    private boolean isAttribute(AttributePath path, Schema schema, AttributeDefinition def) {
        Optional<ResourceSchema.Resolved> r = rs.resolve(path.withoutSub());
        return r.isPresent() && r.get().attribute().name().equals(def.name()) && sameSchema(r.get().schema(), schema);
    }

    private static boolean sameSchema(Schema a, Schema b) {
        return a == null || b == null ? a == b : Objects.equals(a.id(), b.id());
    }

    /** A path that is a schema URN on its own ("urn:...:enterprise:2.0:User") names the whole schema. */
    private Optional<Schema> wholeSchema(AttributePath path) {
        if (path.schemaUrn() == null || path.subAttribute() != null) {
            return Optional.empty();
        }
        return rs.schema(path.schemaUrn() + ":" + path.attribute());
    }
}
