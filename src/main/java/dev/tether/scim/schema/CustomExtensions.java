package dev.tether.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an extension schema an operator registers for one directory (RFC 7643 §7), before it is
 * stored: the shape every later request relies on, so that a schema that would make validation,
 * filtering or the SQL translator fail is refused up front rather than on an IdP's request.
 */
public final class CustomExtensions {

    public static final String EXTENSION_PREFIX = "urn:ietf:params:scim:schemas:extension:";

    /** The resource types an extension may extend. */
    public static final List<String> RESOURCE_TYPES = List.of("User", "Group", "Agent");

    /** Attribute names as RFC 7643 §2.1 ATTRNAME allows (and the SQL translator can use as a jsonb key). */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    /** urn:ietf:params:scim:schemas:extension:{name}:{version}:{resource}, without characters that break paths. */
    private static final Pattern URN = Pattern.compile(
            "urn:ietf:params:scim:schemas:extension:[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9][A-Za-z0-9._-]*)*");
    private static final int MAX_URN = 200;
    private static final int MAX_ATTRIBUTES = 100;

    private CustomExtensions() {
    }

    /**
     * The schema a document defines, when it may extend {@code resourceType} in {@code registry}
     * (the directory's current schemas); otherwise an {@link IllegalArgumentException} whose
     * message says what is wrong, for the operator.
     */
    public static Schema check(SchemaRegistry registry, String resourceType, JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("the schema must be a JSON object (RFC 7643 §7)");
        }
        if (resourceType == null || RESOURCE_TYPES.stream().noneMatch(t -> t.equals(resourceType))) {
            throw new IllegalArgumentException("\"resourceType\" must be one of " + RESOURCE_TYPES);
        }
        String id = doc.path("id").asText("");
        if (id.length() > MAX_URN || !URN.matcher(id).matches()
                || !id.toLowerCase(Locale.ROOT).startsWith(EXTENSION_PREFIX)) {
            throw new IllegalArgumentException("\"id\" must be a URN under " + EXTENSION_PREFIX
                    + " (at most " + MAX_URN + " characters), e.g. " + EXTENSION_PREFIX + "Contoso:2.0:User");
        }
        if (registry.schema(id).isPresent()) {
            throw new IllegalArgumentException("schema " + id + " already exists for this directory");
        }
        JsonNode attributes = doc.path("attributes");
        if (!attributes.isArray() || attributes.isEmpty()) {
            throw new IllegalArgumentException("\"attributes\" must be a non-empty array of attribute definitions");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("a schema may define at most " + MAX_ATTRIBUTES + " attributes");
        }
        ResourceSchema target = registry.resourceSchema(resourceType);
        Set<String> names = new HashSet<>();
        for (JsonNode a : attributes) {
            checkAttribute(a, "", true);
            String name = a.path("name").asText();
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("attribute '" + name + "' is defined twice");
            }
            // An unqualified name resolves to the core and the built-in extensions first: a clash would
            // make this attribute unreachable by filters and PATCH paths that do not name the URN.
            if (ResourceSchema.common(name).isPresent()) {
                throw new IllegalArgumentException("attribute '" + name + "' clashes with a common attribute");
            }
            for (Schema s : target.allSchemas()) {
                if (s.attribute(name).isPresent()) {
                    throw new IllegalArgumentException("attribute '" + name + "' clashes with '" + name
                            + "' of " + s.id());
                }
            }
        }
        Schema schema;
        try {
            schema = SchemaRegistry.parseSchema(doc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the schema is not well formed: " + e.getMessage());
        }
        return schema;
    }

    private static void checkAttribute(JsonNode a, String parent, boolean topLevel) {
        if (!a.isObject()) {
            throw new IllegalArgumentException("each attribute definition must be a JSON object");
        }
        String name = a.path("name").asText("");
        String label = parent + name;
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("attribute name '" + label
                    + "' must start with a letter and hold only letters, digits, '_' and '-' (RFC 7643 §2.1)");
        }
        try {
            AttributeType type = AttributeType.fromWire(text(a, "type", "string"));
            Mutability.fromWire(text(a, "mutability", "readWrite"));
            Returned.fromWire(text(a, "returned", "default"));
            Uniqueness.fromWire(text(a, "uniqueness", "none"));
            for (String flag : List.of("multiValued", "required", "caseExact")) {
                if (a.has(flag) && !a.get(flag).isBoolean()) {
                    throw new IllegalArgumentException("'" + flag + "' must be true or false");
                }
            }
            if (type == AttributeType.COMPLEX) {
                if (!topLevel) {
                    throw new IllegalArgumentException("a sub-attribute must not be complex (RFC 7643 §2.3.8)");
                }
                JsonNode subs = a.path("subAttributes");
                if (!subs.isArray() || subs.isEmpty()) {
                    throw new IllegalArgumentException("a complex attribute needs subAttributes");
                }
                Set<String> seen = new HashSet<>();
                for (JsonNode s : subs) {
                    checkAttribute(s, label + ".", false);
                    if (!seen.add(s.path("name").asText().toLowerCase(Locale.ROOT))) {
                        throw new IllegalArgumentException("sub-attribute '" + s.path("name").asText() + "' is defined twice");
                    }
                }
            } else if (a.has("subAttributes") && !a.path("subAttributes").isEmpty()) {
                throw new IllegalArgumentException("only a complex attribute has subAttributes");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute '" + label + "': " + e.getMessage());
        }
    }

    private static String text(JsonNode a, String field, String absent) {
        JsonNode v = a.get(field);
        if (v == null) {
            return absent;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    /** A copy of the document as it is stored and served: its id, name, description and attributes. */
    public static ObjectNode normalised(ObjectNode doc) {
        ObjectNode out = doc.objectNode();
        out.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        out.put("id", doc.path("id").asText());
        if (doc.hasNonNull("name")) {
            out.put("name", doc.path("name").asText());
        }
        if (doc.hasNonNull("description")) {
            out.put("description", doc.path("description").asText());
        }
        out.set("attributes", doc.path("attributes").deepCopy());
        return out;
    }
}
