package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.AttributeType;
import dev.tether.scim.schema.Mutability;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.Schema;
import dev.tether.scim.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites what real identity providers send into plain RFC 7644 operations, before the engine
 * (and {@link MembershipPatch}) see them. Each quirk is a {@link DialectRule}, documented there
 * with the IdP that sends it and a link to that IdP's documentation; {@link #normalise(List, Set)}
 * applies only the rules it is given, so an operator can switch rules off per directory. The
 * rules applied here:
 * <ul>
 *   <li>{@link DialectRule#STRING_BOOLEANS}: {@code "True"} / {@code "False"} in any case for boolean
 *       attributes, also inside value objects ({@code {"active":"False"}});</li>
 *   <li>{@link DialectRule#PATH_KEYS_IN_NO_PATH_VALUE}: no-path add/replace whose value has path-like
 *       keys ({@code "name.givenName"}, {@code "urn:...:enterprise:2.0:User:employeeNumber"}): each
 *       such key becomes its own operation with that path;</li>
 *   <li>{@link DialectRule#MANAGER_BARE_STRING}: enterprise {@code manager} as a bare id string
 *       becomes {@code {"value": id}}; an empty string or {@code {"value":""}} means "no manager"
 *       and becomes a remove;</li>
 *   <li>{@link DialectRule#NULL_REF}: {@code "$ref": null} inside complex values (members) is dropped;</li>
 *   <li>{@link DialectRule#REMOVE_BY_VALUE_LIST} and {@link DialectRule#ECHOED_ID_IN_VALUE}, when
 *       switched off, refuse what the engine would otherwise forgive.</li>
 * </ul>
 * {@link DialectRule#CAPITALISED_OPS} is applied where the op is read ({@link PatchRequest}), and
 * {@link DialectRule#UNQUOTED_FILTER_VALUES} where filters are read. Whatever the rules, add/replace
 * with a null value becomes a remove: RFC 7643 §2.5, null means unassigned. Anything it does not
 * recognise (unknown attributes) is passed through untouched so that the engine reports the error.
 */
public final class IdpDialect {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceSchema schema;
    private final AttributeDefinition enterpriseManager;
    private final FilterParser filters;

    public IdpDialect(ResourceSchema schema) {
        this(schema, new FilterParser(FilterLimits.DEFAULT));
    }

    /** @param filters reads value filters of the paths this makes out of no-path keys */
    public IdpDialect(ResourceSchema schema, FilterParser filters) {
        this.schema = schema;
        this.filters = filters;
        this.enterpriseManager = schema.extension(SchemaRegistry.ENTERPRISE_USER_URN)
                .flatMap(s -> s.attribute("manager"))
                .orElse(null);
    }

    /** {@link #normalise(List, Set)} with every rule on. */
    public List<PatchOperation> normalise(List<PatchOperation> ops) {
        return normalise(ops, DialectRule.ALL);
    }

    /**
     * The operations in RFC form, in the same order (an expanded operation takes its original's
     * place), applying only the given rules.
     *
     * @throws PatchException what a switched-off rule no longer forgives, naming the operation
     */
    public List<PatchOperation> normalise(List<PatchOperation> ops, Set<DialectRule> rules) {
        List<PatchOperation> out = new ArrayList<>(ops.size());
        int index = 0;
        for (PatchOperation op : ops) {
            index++;
            try {
                normaliseInto(op, out, rules);
            } catch (PatchException e) {
                throw e.inOperation(index);
            }
        }
        return out;
    }

    private void normaliseInto(PatchOperation op, List<PatchOperation> out, Set<DialectRule> rules) {
        if (op.path() == null) {
            normaliseWithoutPath(op, out, rules);
            return;
        }
        PatchPath path = op.path();
        JsonNode value = op.value();
        if (value != null) {
            Optional<Schema> extension = path.hasFilter() || path.subAttribute() != null
                    ? Optional.empty() : schema.extension(path.qualifiedName());
            if (extension.isPresent()) {
                value = value.isObject() ? normaliseAttributes(extension.get(), value, rules) : value;
            } else {
                Optional<AttributeDefinition> def = definition(path);
                if (def.isPresent()) {
                    if (op.op() == PatchOperation.Op.REMOVE && !rules.contains(DialectRule.REMOVE_BY_VALUE_LIST)
                            && def.get().multiValued() && !path.hasFilter() && path.subAttribute() == null) {
                        throw PatchException.invalidSyntax("remove takes no value (RFC 7644 §3.5.2.2); to remove some"
                                + " values of \"" + def.get().name() + "\" use a value filter in the path (dialect rule "
                                + DialectRule.REMOVE_BY_VALUE_LIST.id() + " is off for this directory)");
                    }
                    value = normaliseValue(def.get(), value, rules);
                }
            }
        }
        if (op.op() != PatchOperation.Op.REMOVE && (value == null || value.isNull())) {
            out.add(PatchOperation.remove(path));
        } else {
            out.add(new PatchOperation(op.op(), path, value));
        }
    }

    /**
     * Entra's no-path replace: {"name.givenName":"Ann","urn:...:User:employeeNumber":"7"}. Plain keys
     * stay in one no-path operation (so that an echoed id is still ignored there); path-like keys
     * and nulls become operations of their own.
     */
    private void normaliseWithoutPath(PatchOperation op, List<PatchOperation> out, Set<DialectRule> rules) {
        if (op.op() == PatchOperation.Op.REMOVE || op.value() == null || !op.value().isObject()) {
            out.add(op);
            return;
        }
        if (!rules.contains(DialectRule.ECHOED_ID_IN_VALUE) && CaseInsensitiveFields.key((ObjectNode) op.value(), "id") != null) {
            throw PatchException.mutability("attribute \"id\" is readOnly (dialect rule "
                    + DialectRule.ECHOED_ID_IN_VALUE.id() + " is off for this directory)");
        }
        boolean expandPaths = rules.contains(DialectRule.PATH_KEYS_IN_NO_PATH_VALUE);
        ObjectNode plain = NODES.objectNode();
        List<PatchOperation> separate = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = op.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode v = field.getValue();
            Optional<Schema> extension = schema.extension(key);
            if (extension.isPresent()) {
                plain.set(key, v.isObject() ? normaliseAttributes(extension.get(), v, rules) : v);
            } else if (expandPaths && isPathLike(key)) {
                normaliseInto(new PatchOperation(op.op(), PatchPath.parse(key, filters), v), separate, rules);
            } else {
                Optional<AttributeDefinition> def = plainKey(key).flatMap(schema::resolve)
                        .map(ResourceSchema.Resolved::attribute);
                JsonNode normalised = def.isPresent() ? normaliseValue(def.get(), v, rules) : v;
                boolean unassigned = normalised == null || normalised.isNull();
                if (unassigned && def.isPresent() && def.get().mutability() != Mutability.READ_ONLY) {
                    separate.add(PatchOperation.remove(key));
                } else {
                    plain.set(key, normalised == null ? NullNode.getInstance() : normalised);
                }
            }
        }
        if (!plain.isEmpty()) {
            out.add(new PatchOperation(op.op(), null, plain));
        }
        out.addAll(separate);
    }

    /** A key of a no-path value as the engine reads it: an attribute, URN-qualified or not, without sub-attribute. */
    private static Optional<AttributePath> plainKey(String key) {
        if (!isPathLike(key)) {
            return Optional.of(AttributePath.of(key));
        }
        try {
            AttributePath path = AttributePath.parse(key);
            return path.subAttribute() == null ? Optional.of(path) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isPathLike(String key) {
        return key.indexOf('.') >= 0 || key.indexOf('[') >= 0
                || key.regionMatches(true, 0, "urn:", 0, 4);
    }

    private Optional<AttributeDefinition> definition(PatchPath path) {
        Optional<AttributeDefinition> attribute = schema.resolve(path.attributePath())
                .map(ResourceSchema.Resolved::attribute);
        if (path.subAttribute() == null || attribute.isEmpty()) {
            return attribute;
        }
        return attribute.get().subAttribute(path.subAttribute());
    }

    /** The attributes of an extension object; null values stay (the engine removes those attributes). */
    private JsonNode normaliseAttributes(Schema extension, JsonNode object, Set<DialectRule> rules) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> def = extension.attribute(field.getKey());
            JsonNode v = def.isPresent() ? normaliseValue(def.get(), field.getValue(), rules) : field.getValue();
            out.set(field.getKey(), v == null ? NullNode.getInstance() : v);
        }
        return out;
    }

    /** The whole value of an attribute (an array or a single element for multi-valued ones); null for "unassigned". */
    private JsonNode normaliseValue(AttributeDefinition def, JsonNode value, Set<DialectRule> rules) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (def == enterpriseManager && rules.contains(DialectRule.MANAGER_BARE_STRING)) {
            return normaliseManager(value, rules);
        }
        if (def.multiValued() && value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode element : value) {
                JsonNode normalised = normaliseElement(def, element, rules);
                if (normalised != null) {
                    out.add(normalised);
                }
            }
            return out;
        }
        return normaliseElement(def, value, rules);
    }

    private JsonNode normaliseElement(AttributeDefinition def, JsonNode value, Set<DialectRule> rules) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (def.isComplex() && value.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                // Entra sends "$ref": null in member objects; it carries nothing.
                if (rules.contains(DialectRule.NULL_REF)
                        && field.getKey().equalsIgnoreCase("$ref") && field.getValue().isNull()) {
                    continue;
                }
                Optional<AttributeDefinition> sub = def.subAttribute(field.getKey());
                JsonNode v = sub.isPresent() ? normaliseValue(sub.get(), field.getValue(), rules) : field.getValue();
                out.set(field.getKey(), v == null ? NullNode.getInstance() : v);
            }
            return out;
        }
        if (def.type() == AttributeType.BOOLEAN && value.isTextual() && rules.contains(DialectRule.STRING_BOOLEANS)) {
            String text = value.asText().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true")) {
                return BooleanNode.TRUE;
            }
            if (text.equals("false")) {
                return BooleanNode.FALSE;
            }
        }
        return value;
    }

    /** Entra sends the manager's id as a bare string, and "" (or {"value":""}) to clear it. */
    private JsonNode normaliseManager(JsonNode value, Set<DialectRule> rules) {
        if (value.isTextual()) {
            return value.asText().isBlank() ? null : NODES.objectNode().put("value", value.asText());
        }
        if (value.isObject()) {
            JsonNode id = CaseInsensitiveFields.get((ObjectNode) value, "value");
            if (id == null || (id.isTextual() && id.asText().isBlank())) {
                return null;
            }
            return normaliseElement(enterpriseManager, value, rules);
        }
        return value;
    }
}
