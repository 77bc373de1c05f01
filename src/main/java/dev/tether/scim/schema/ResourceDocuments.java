package dev.tether.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the resource JSON a client sent (POST, PUT, or the result of a PATCH) into the document
 * Tether stores: canonical attribute names, values checked and coerced against the schema,
 * extension attributes under their URN key, and nothing the server owns or never keeps.
 *
 * <p>What the stored document never holds, and why:
 * <ul>
 * <li>{@code id} and {@code meta}: the server assigns them (RFC 7643 §3.1).</li>
 * <li>readOnly attributes a client sent: ignored (RFC 7643 §7, RFC 7644 §3.3).</li>
 * <li>null values and empty arrays: unassigned (RFC 7643 §2.5); Entra sends both.</li>
 * <li>writeOnly attributes ({@code password}): Tether never stores secrets. They are accepted
 * and discarded because Okta sends a placeholder password on create.</li>
 * <li>Group {@code members}: memberships are rows; read them with {@link #members}.</li>
 * <li>User {@code groups}: derived from memberships (readOnly).</li>
 * </ul>
 *
 * <p>Decisions where the RFCs leave room:
 * <ul>
 * <li>Booleans also accept the strings "true"/"false" in any case (Entra sends "False").</li>
 * <li>A multi-valued attribute given one value is wrapped into an array: the element is still
 * checked, and some clients send a lone object where a list of one is meant.</li>
 * <li>Strings are never coerced from numbers, for any attribute: one rule, no exceptions to
 * remember; IdP quirks belong in the PATCH dialect normaliser.</li>
 * <li>On PUT an immutable attribute the body omits keeps its stored value; on PATCH removing it
 * is a mutability error (the client asked for it explicitly).</li>
 * <li>Immutability is checked on single-valued attributes and sub-attributes of single-valued
 * complex attributes; elements of a multi-valued attribute have no identity to compare.</li>
 * </ul>
 */
public final class ResourceDocuments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * The only attributes whose canonicalValues are enforced. Elsewhere RFC 7643 §7 lets a
     * provider accept other values, and IdPs do send custom types ("Work Mobile", "main");
     * there we only rewrite a case-insensitive match to its canonical spelling. Keys are
     * lower-case {@code schemaUrn:attribute.subAttribute}.
     */
    private static final Set<String> ENFORCED_CANONICAL_VALUES = Set.of(
            key(SchemaRegistry.GROUP_URN + ":members.type"));

    /** Attributes validated but kept out of the stored document: they live elsewhere. */
    private static final Set<String> NOT_STORED = Set.of(
            key(SchemaRegistry.GROUP_URN + ":members"),
            key(SchemaRegistry.USER_URN + ":groups"));

    private static final String MEMBERS_KEY = key(SchemaRegistry.GROUP_URN + ":members");

    /** xsd:dateTime with a mandatory offset (RFC 3339 date-time, upper-case T and Z). */
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private enum Mode { CREATE, REPLACE, PATCH }

    private ResourceDocuments() {
    }

    /** The stored document for a POST body (RFC 7644 §3.3). */
    public static ObjectNode forCreate(ResourceSchema rs, JsonNode body) {
        return build(rs, body, null, Mode.CREATE);
    }

    /**
     * The stored document for a PUT body (RFC 7644 §3.5.1): the body's writable attributes
     * replace everything; readOnly values stay as stored; immutable values must not change.
     */
    public static ObjectNode forReplace(ResourceSchema rs, JsonNode body, ObjectNode existing) {
        return build(rs, body, existing == null ? JSON.objectNode() : existing, Mode.REPLACE);
    }

    /**
     * Validates a stored document after PATCH operations were applied to it, with the checks of
     * create, plus: readOnly values must be unchanged and immutable values must not change or
     * disappear (mutability). {@code schemas} is recomputed from the attributes present, since
     * a PATCH that adds an extension attribute does not edit {@code schemas}.
     */
    public static ObjectNode checkPatched(ResourceSchema rs, ObjectNode patched, ObjectNode before) {
        return build(rs, patched, before == null ? JSON.objectNode() : before, Mode.PATCH);
    }

    /** The validated members of a group body; empty when the body names none. */
    public static List<MemberRef> members(ResourceSchema groupSchema, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimValidationException.invalidSyntax("request body must be a JSON object");
        }
        return memberList(groupSchema, field(body, "members"));
    }

    /**
     * Validates a {@code members} value (an array of member objects, or one object) as found in a
     * group body or a PATCH operation's value. A missing {@code value} is invalidValue;
     * {@code display} is ignored; {@code $ref} may be null; duplicates are collapsed.
     */
    public static List<MemberRef> memberList(ResourceSchema groupSchema, JsonNode value) {
        AttributeDefinition def = groupSchema.core().attribute("members").orElseThrow(
                () -> new IllegalArgumentException(groupSchema.resourceType().name() + " has no members"));
        if (isUnassigned(value)) {
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(elements::add);
        } else {
            elements.add(value);
        }
        Set<MemberRef> out = new LinkedHashSet<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (element.isNull()) {
                continue;
            }
            String label = "members[" + i + "]";
            JsonNode checked = singleValue(groupSchema.core(), def, "members", element, label, Mode.CREATE);
            JsonNode memberValue = checked == null ? null : checked.get("value");
            if (memberValue == null || memberValue.asText().isBlank()) {
                throw ScimValidationException.invalidValue("attribute '" + label + ".value' is required");
            }
            JsonNode type = checked.get("type");
            out.add(new MemberRef(memberValue.asText(), type == null ? null : type.asText()));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------------------------------

    private static ObjectNode build(ResourceSchema rs, JsonNode body, ObjectNode existing, Mode mode) {
        if (body == null || !body.isObject()) {
            throw ScimValidationException.invalidSyntax("request body must be a JSON object");
        }
        Schema core = rs.core();
        Set<String> listed = mode == Mode.PATCH ? null : listedSchemas(rs, body);

        ObjectNode top = JSON.objectNode();
        Map<Schema, ObjectNode> extensions = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!seen.add(key(name))) {
                throw ScimValidationException.invalidSyntax("attribute '" + name + "' appears more than once");
            }
            if (name.equalsIgnoreCase("schemas")) {
                continue;
            }
            if (isUrn(name)) {
                Optional<Schema> ext = rs.extension(name);
                if (ext.isEmpty()) {
                    throw ScimValidationException.invalidSyntax(core.id().equalsIgnoreCase(name)
                            ? "core attributes belong at the top level, not under '" + name + "'"
                            : "unknown schema extension '" + name + "'");
                }
                if (isUnassigned(value)) {
                    continue;
                }
                if (listed != null && !listed.contains(key(ext.get().id()))) {
                    throw ScimValidationException.invalidSyntax(
                            "extension '" + ext.get().id() + "' is present but not listed in schemas");
                }
                if (!value.isObject()) {
                    throw ScimValidationException.invalidSyntax("extension '" + ext.get().id() + "' must be a JSON object");
                }
                ObjectNode attrs = attributes(ext.get(), value, ext.get().id() + ":", mode);
                if (!attrs.isEmpty()) {
                    extensions.put(ext.get(), attrs);
                }
                continue;
            }
            Optional<AttributeDefinition> common = ResourceSchema.common(name);
            if (common.isPresent()) {
                // id and meta are the server's; externalId is the client's.
                if (common.get().mutability() != Mutability.READ_ONLY) {
                    putIfAssigned(top, common.get().name(),
                            attributeValue(core, common.get(), common.get().name(), value, common.get().name(), mode));
                }
                continue;
            }
            AttributeDefinition def = core.attribute(name).orElseThrow(
                    () -> ScimValidationException.invalidSyntax("unknown attribute '" + name + "'"));
            if (key(core.id() + ":" + def.name()).equals(MEMBERS_KEY)) {
                memberList(rs, value); // validated like any attribute, stored as rows
                continue;
            }
            JsonNode stored = attributeValue(core, def, def.name(), value, def.name(), mode);
            if (!NOT_STORED.contains(key(core.id() + ":" + def.name()))) {
                putIfAssigned(top, def.name(), stored);
            }
        }

        if (existing != null) {
            keepReadOnly(rs, body, existing, top, extensions, mode);
            checkImmutable(rs, existing, top, extensions, mode);
        }
        checkRequired(rs, top, extensions);
        return assemble(rs, top, extensions);
    }

    /** The URNs in {@code schemas}, lower-cased; unknown ones are tolerated (Entra adds its own). */
    private static Set<String> listedSchemas(ResourceSchema rs, JsonNode body) {
        JsonNode schemas = field(body, "schemas");
        if (schemas == null || schemas.isNull()) {
            throw ScimValidationException.invalidSyntax("'schemas' is required and must list " + rs.core().id());
        }
        if (!schemas.isArray()) {
            throw ScimValidationException.invalidSyntax("'schemas' must be an array of schema URNs");
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode urn : schemas) {
            if (!urn.isTextual()) {
                throw ScimValidationException.invalidSyntax("'schemas' must be an array of schema URNs");
            }
            listed.add(key(urn.asText()));
        }
        if (!listed.contains(key(rs.core().id()))) {
            throw ScimValidationException.invalidSyntax("'schemas' must list " + rs.core().id());
        }
        return listed;
    }

    /** The attributes of one extension object. */
    private static ObjectNode attributes(Schema schema, JsonNode object, String labelPrefix, Mode mode) {
        ObjectNode out = JSON.objectNode();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!seen.add(key(name))) {
                throw ScimValidationException.invalidSyntax(
                        "attribute '" + labelPrefix + name + "' appears more than once");
            }
            AttributeDefinition def = schema.attribute(name).orElseThrow(
                    () -> ScimValidationException.invalidSyntax("unknown attribute '" + labelPrefix + name + "'"));
            putIfAssigned(out, def.name(),
                    attributeValue(schema, def, def.name(), field.getValue(), labelPrefix + def.name(), mode));
        }
        return out;
    }

    /**
     * The stored form of one attribute value, or null when nothing is to be stored (unassigned,
     * readOnly, writeOnly). {@code path} is the canonical {@code attribute[.sub]} within
     * {@code schema}; {@code label} names the value in error details.
     */
    private static JsonNode attributeValue(Schema schema, AttributeDefinition def, String path,
            JsonNode value, String label, Mode mode) {
        if (isUnassigned(value)) {
            return null;
        }
        if (def.mutability() == Mutability.READ_ONLY || def.mutability() == Mutability.WRITE_ONLY) {
            return null;
        }
        if (!def.multiValued()) {
            if (value.isArray()) {
                throw ScimValidationException.invalidValue(
                        "attribute '" + label + "' is single-valued but was given an array");
            }
            return singleValue(schema, def, path, value, label, mode);
        }
        ArrayNode out = JSON.arrayNode();
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isArray()) {
                    throw ScimValidationException.invalidValue("attribute '" + label + "' must not nest arrays");
                }
                addIfAssigned(out, isUnassigned(element) ? null
                        : singleValue(schema, def, path, element, label + "[" + i + "]", mode));
            }
        } else {
            addIfAssigned(out, singleValue(schema, def, path, value, label, mode));
        }
        if (out.isEmpty()) {
            return null;
        }
        if (def.isComplex()) {
            checkOnePrimary(out, label);
        }
        return out;
    }

    private static JsonNode singleValue(Schema schema, AttributeDefinition def, String path,
            JsonNode value, String label, Mode mode) {
        if (!def.isComplex()) {
            return simpleValue(schema, def, path, value, label);
        }
        if (!value.isObject()) {
            throw ScimValidationException.invalidValue("attribute '" + label + "' must be a complex object");
        }
        ObjectNode out = JSON.objectNode();
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!seen.add(key(name))) {
                throw ScimValidationException.invalidSyntax("attribute '" + label + "." + name + "' appears more than once");
            }
            AttributeDefinition sub = def.subAttribute(name).orElseThrow(
                    () -> ScimValidationException.invalidSyntax("unknown attribute '" + label + "." + name + "'"));
            putIfAssigned(out, sub.name(), attributeValue(schema, sub, path + "." + sub.name(),
                    field.getValue(), label + "." + sub.name(), mode));
        }
        if (out.isEmpty()) {
            return null;
        }
        for (AttributeDefinition sub : def.subAttributes()) {
            if (sub.required() && isClientWritable(sub) && isMissing(out.get(sub.name()))) {
                throw ScimValidationException.invalidValue("attribute '" + label + "." + sub.name() + "' is required");
            }
        }
        return out;
    }

    private static JsonNode simpleValue(Schema schema, AttributeDefinition def, String path, JsonNode value,
            String label) {
        switch (def.type()) {
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    return value;
                }
                // Entra sends "True"/"False" as strings.
                if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
                    return BooleanNode.valueOf(value.asText().equalsIgnoreCase("true"));
                }
                throw ScimValidationException.invalidValue("attribute '" + label + "' must be a boolean");
            }
            case INTEGER -> {
                if (value.isIntegralNumber()) {
                    return value;
                }
                throw ScimValidationException.invalidValue("attribute '" + label + "' must be an integer");
            }
            case DECIMAL -> {
                if (value.isNumber()) {
                    return value;
                }
                throw ScimValidationException.invalidValue("attribute '" + label + "' must be a number");
            }
            case DATE_TIME -> {
                if (value.isTextual() && isDateTime(value.asText())) {
                    return value;
                }
                throw ScimValidationException.invalidValue("attribute '" + label
                        + "' must be an xsd:dateTime with a time zone offset, e.g. 2008-01-23T04:56:22Z");
            }
            case BINARY -> {
                if (value.isTextual() && isBase64(value.asText())) {
                    return value;
                }
                throw ScimValidationException.invalidValue("attribute '" + label + "' must be a base64 string");
            }
            case STRING, REFERENCE -> {
                if (!value.isTextual()) {
                    throw ScimValidationException.invalidValue("attribute '" + label + "' must be a string");
                }
                return canonicalValue(schema, def, path, (TextNode) value, label);
            }
            default -> throw new IllegalStateException("unexpected type " + def.type());
        }
    }

    /** Rewrites a case-insensitive match to the canonical spelling ("Work" -> "work"). */
    private static JsonNode canonicalValue(Schema schema, AttributeDefinition def, String path, TextNode value,
            String label) {
        if (def.canonicalValues().isEmpty()) {
            return value;
        }
        for (String canonical : def.canonicalValues()) {
            if (canonical.equalsIgnoreCase(value.asText())) {
                return TextNode.valueOf(canonical);
            }
        }
        if (ENFORCED_CANONICAL_VALUES.contains(key(schema.id() + ":" + path))) {
            throw ScimValidationException.invalidValue("attribute '" + label + "' must be one of "
                    + def.canonicalValues() + ", was '" + value.asText() + "'");
        }
        return value;
    }

    /** RFC 7643 §2.4: the primary attribute value "true" MUST appear no more than once. */
    private static void checkOnePrimary(ArrayNode values, String label) {
        int primaries = 0;
        for (JsonNode v : values) {
            if (v.path("primary").asBoolean(false)) {
                primaries++;
            }
        }
        if (primaries > 1) {
            throw ScimValidationException.invalidValue("attribute '" + label + "' has more than one primary value");
        }
    }

    /**
     * readOnly values are the server's. PUT keeps what is stored; after a PATCH they must be
     * exactly as before (RFC 7644 §3.5.2: modifying a readOnly attribute is a mutability error).
     */
    private static void keepReadOnly(ResourceSchema rs, JsonNode body, ObjectNode existing, ObjectNode top,
            Map<Schema, ObjectNode> extensions, Mode mode) {
        for (Schema schema : rs.allSchemas()) {
            for (AttributeDefinition def : schema.attributes()) {
                if (def.mutability() != Mutability.READ_ONLY
                        || NOT_STORED.contains(key(schema.id() + ":" + def.name()))) {
                    continue;
                }
                JsonNode before = valueIn(rs, existing, schema, def.name());
                if (mode == Mode.PATCH) {
                    JsonNode after = valueIn(rs, body, schema, def.name());
                    if (!sameValue(def, before, after)) {
                        throw ScimValidationException.mutability("attribute '" + label(rs, schema, def) + "' is readOnly");
                    }
                }
                if (!isUnassigned(before)) {
                    target(rs, schema, top, extensions).set(def.name(), before.deepCopy());
                }
            }
        }
        // A PATCH cannot write the derived attributes either.
        if (mode == Mode.PATCH) {
            for (Schema schema : rs.allSchemas()) {
                for (AttributeDefinition def : schema.attributes()) {
                    if (def.mutability() == Mutability.READ_ONLY
                            && NOT_STORED.contains(key(schema.id() + ":" + def.name()))
                            && !isUnassigned(valueIn(rs, body, schema, def.name()))) {
                        throw ScimValidationException.mutability("attribute '" + label(rs, schema, def) + "' is readOnly");
                    }
                }
            }
        }
    }

    /**
     * RFC 7644 §3.5.1: an immutable attribute that has a value may not change. Setting one that
     * had no value is allowed.
     */
    private static void checkImmutable(ResourceSchema rs, ObjectNode existing, ObjectNode top,
            Map<Schema, ObjectNode> extensions, Mode mode) {
        for (Schema schema : rs.allSchemas()) {
            boolean isCore = schema == rs.core();
            JsonNode before = isCore ? existing : field(existing, schema.id());
            if (isUnassigned(before)) {
                continue;
            }
            ObjectNode after = isCore ? top : extensions.get(schema);
            if (after == null) {
                after = JSON.objectNode();
                checkImmutable(schema, schema.attributes(), before, after, isCore ? "" : schema.id() + ":", mode);
                if (!after.isEmpty()) {
                    extensions.put(schema, after);
                }
            } else {
                checkImmutable(schema, schema.attributes(), before, after, isCore ? "" : schema.id() + ":", mode);
            }
        }
    }

    private static void checkImmutable(Schema schema, List<AttributeDefinition> defs, JsonNode before,
            ObjectNode after, String labelPrefix, Mode mode) {
        for (AttributeDefinition def : defs) {
            JsonNode old = field(before, def.name());
            if (isUnassigned(old)) {
                continue;
            }
            JsonNode now = after.get(def.name());
            String label = labelPrefix + def.name();
            if (def.mutability() == Mutability.IMMUTABLE && !def.multiValued()) {
                if (isUnassigned(now)) {
                    if (mode == Mode.PATCH) {
                        throw ScimValidationException.mutability("attribute '" + label + "' is immutable and cannot be removed");
                    }
                    after.set(def.name(), old.deepCopy()); // PUT omitted it: keep it
                } else if (!sameValue(def, old, now)) {
                    throw ScimValidationException.mutability("attribute '" + label + "' is immutable and cannot be changed");
                }
            } else if (def.isComplex() && !def.multiValued() && now != null && now.isObject()) {
                checkImmutable(schema, def.subAttributes(), old, (ObjectNode) now, label + ".", mode);
            }
        }
    }

    private static void checkRequired(ResourceSchema rs, ObjectNode top, Map<Schema, ObjectNode> extensions) {
        for (AttributeDefinition def : rs.core().attributes()) {
            if (def.required() && isClientWritable(def)
                    && !NOT_STORED.contains(key(rs.core().id() + ":" + def.name()))
                    && isMissing(top.get(def.name()))) {
                throw ScimValidationException.invalidValue("attribute '" + def.name() + "' is required");
            }
        }
        for (ResourceType.SchemaExtension declared : rs.resourceType().schemaExtensions()) {
            Schema ext = rs.extension(declared.schema()).orElseThrow();
            ObjectNode attrs = extensions.get(ext);
            if (attrs == null) {
                if (declared.required()) {
                    throw ScimValidationException.invalidValue("extension '" + ext.id() + "' is required");
                }
                continue;
            }
            for (AttributeDefinition def : ext.attributes()) {
                if (def.required() && isClientWritable(def) && isMissing(attrs.get(def.name()))) {
                    throw ScimValidationException.invalidValue("attribute '" + ext.id() + ":" + def.name() + "' is required");
                }
            }
        }
    }

    /** schemas first (core, then extensions in use), then core attributes, then extension objects. */
    private static ObjectNode assemble(ResourceSchema rs, ObjectNode top, Map<Schema, ObjectNode> extensions) {
        ObjectNode doc = JSON.objectNode();
        ArrayNode schemas = doc.putArray("schemas");
        schemas.add(rs.core().id());
        for (Schema ext : rs.extensions()) {
            if (extensions.containsKey(ext)) {
                schemas.add(ext.id());
            }
        }
        doc.setAll(top);
        for (Schema ext : rs.extensions()) {
            ObjectNode attrs = extensions.get(ext);
            if (attrs != null && !attrs.isEmpty()) {
                doc.set(ext.id(), attrs);
            }
        }
        return doc;
    }

    // ---------------------------------------------------------------------------------------

    private static ObjectNode target(ResourceSchema rs, Schema schema, ObjectNode top, Map<Schema, ObjectNode> extensions) {
        return schema == rs.core() ? top : extensions.computeIfAbsent(schema, s -> JSON.objectNode());
    }

    private static JsonNode valueIn(ResourceSchema rs, JsonNode doc, Schema schema, String name) {
        JsonNode holder = schema == rs.core() ? doc : field(doc, schema.id());
        return field(holder, name);
    }

    private static String label(ResourceSchema rs, Schema schema, AttributeDefinition def) {
        return schema == rs.core() ? def.name() : schema.id() + ":" + def.name();
    }

    /** Equal values; strings that are not caseExact compare case-insensitively. */
    static boolean sameValue(AttributeDefinition def, JsonNode a, JsonNode b) {
        boolean aUnset = isUnassigned(a);
        boolean bUnset = isUnassigned(b);
        if (aUnset || bUnset) {
            return aUnset && bUnset;
        }
        if (def.multiValued() && a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            AttributeDefinition element = new AttributeDefinition(def.name(), def.type(), false, null, false,
                    def.caseExact(), def.mutability(), def.returned(), def.uniqueness(), def.canonicalValues(),
                    def.referenceTypes(), def.subAttributes());
            outer:
            for (JsonNode x : a) {
                for (JsonNode y : b) {
                    if (sameValue(element, x, y)) {
                        continue outer;
                    }
                }
                return false;
            }
            return true;
        }
        if (def.isComplex() && a.isObject() && b.isObject()) {
            for (AttributeDefinition sub : def.subAttributes()) {
                if (!sameValue(sub, field(a, sub.name()), field(b, sub.name()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isTextual() && b.isTextual()) {
            return def.caseExact() ? a.asText().equals(b.asText()) : a.asText().equalsIgnoreCase(b.asText());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** The field with this name, compared case-insensitively (RFC 7643 §2.1). */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    /** RFC 7643 §2.5: null and the empty array mean "no value". */
    static boolean isUnassigned(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || (value.isArray() && value.isEmpty());
    }

    private static boolean isMissing(JsonNode value) {
        return isUnassigned(value) || (value.isTextual() && value.asText().isBlank());
    }

    private static boolean isClientWritable(AttributeDefinition def) {
        return def.mutability() == Mutability.READ_WRITE || def.mutability() == Mutability.IMMUTABLE;
    }

    private static void putIfAssigned(ObjectNode out, String name, JsonNode value) {
        if (!isUnassigned(value)) {
            out.set(name, value);
        }
    }

    private static void addIfAssigned(ArrayNode out, JsonNode value) {
        if (!isUnassigned(value)) {
            out.add(value);
        }
    }

    static boolean isUrn(String name) {
        return name.regionMatches(true, 0, "urn:", 0, 4);
    }

    static boolean isDateTime(String text) {
        if (!DATE_TIME.matcher(text).matches()) {
            return false;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            // filters cast stored values to timestamptz: PostgreSQL has no year 0 and takes
            // offsets up to 15:59, so hold what it can read (and every real offset, up to 14:00)
            return time.getYear() >= 1 && Math.abs(time.getOffset().getTotalSeconds()) <= 14 * 3600;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
