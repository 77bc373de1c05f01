package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Rewrites what real identity providers send into plain RFC 7644 operations, before the engine
 * (and {@link MembershipPatch}) see them. Each rule below is something Entra ID or Okta is known
 * to send:
 * <ul>
 *   <li>string booleans, {@code "True"} / {@code "False"} in any case, for boolean attributes, also
 *       inside value objects ({@code {"active":"False"}});</li>
 *   <li>no-path add/replace whose value has path-like keys ({@code "name.givenName"},
 *       {@code "urn:...:enterprise:2.0:User:employeeNumber"}): each such key becomes its own
 *       operation with that path;</li>
 *   <li>enterprise {@code manager} as a bare id string becomes {@code {"value": id}}; an empty
 *       string or {@code {"value":""}} means "no manager" and becomes a remove;</li>
 *   <li>{@code "$ref": null} inside complex values (members) is dropped;</li>
 *   <li>add/replace with a null value becomes a remove: RFC 7643 §2.5, null means unassigned.</li>
 * </ul>
 * Anything it does not recognise (unknown attributes, bad paths) is passed through untouched so
 * that the engine reports the error.
 */
public final class IdpDialect {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceSchema schema;
    private final AttributeDefinition enterpriseManager;

    public IdpDialect(ResourceSchema schema) {
        this.schema = schema;
        this.enterpriseManager = schema.extension(SchemaRegistry.ENTERPRISE_USER_URN)
                .flatMap(s -> s.attribute("manager"))
                .orElse(null);
    }

    /** The operations in RFC form, in the same order (an expanded operation takes its original's place). */
    public List<PatchOperation> normalise(List<PatchOperation> ops) {
        List<PatchOperation> out = new ArrayList<>(ops.size());
        for (PatchOperation op : ops) {
            normaliseInto(op, out);
        }
        return out;
    }

    private void normaliseInto(PatchOperation op, List<PatchOperation> out) {
        if (op.path() == null) {
            normaliseWithoutPath(op, out);
            return;
        }
        PatchPath path;
        try {
            path = PatchPath.parse(op.path());
        } catch (PatchException e) {
            out.add(op);
            return;
        }
        JsonNode value = op.value();
        if (value != null) {
            Optional<Schema> extension = path.hasFilter() || path.subAttribute() != null
                    ? Optional.empty() : schema.extension(path.qualifiedName());
            if (extension.isPresent()) {
                value = value.isObject() ? normaliseAttributes(extension.get(), value) : value;
            } else {
                Optional<AttributeDefinition> def = definition(path);
                if (def.isPresent()) {
                    value = normaliseValue(def.get(), value);
                }
            }
        }
        if (op.op() != PatchOperation.Op.REMOVE && (value == null || value.isNull())) {
            out.add(PatchOperation.remove(op.path()));
        } else {
            out.add(new PatchOperation(op.op(), op.path(), value));
        }
    }

    /**
     * Entra's no-path replace: {"name.givenName":"Ann","urn:...:User:employeeNumber":"7"}. Plain keys
     * stay in one no-path operation (so that an echoed id is still ignored there); path-like keys
     * and nulls become operations of their own.
     */
    private void normaliseWithoutPath(PatchOperation op, List<PatchOperation> out) {
        if (op.op() == PatchOperation.Op.REMOVE || op.value() == null || !op.value().isObject()) {
            out.add(op);
            return;
        }
        ObjectNode plain = NODES.objectNode();
        List<PatchOperation> separate = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = op.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode v = field.getValue();
            Optional<Schema> extension = schema.extension(key);
            if (extension.isPresent()) {
                plain.set(key, v.isObject() ? normaliseAttributes(extension.get(), v) : v);
            } else if (isPathLike(key)) {
                normaliseInto(new PatchOperation(op.op(), key, v), separate);
            } else {
                Optional<AttributeDefinition> def = schema.resolve(AttributePath.of(key))
                        .map(ResourceSchema.Resolved::attribute);
                JsonNode normalised = def.isPresent() ? normaliseValue(def.get(), v) : v;
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

    private boolean isPathLike(String key) {
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
    private JsonNode normaliseAttributes(Schema extension, JsonNode object) {
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> def = extension.attribute(field.getKey());
            JsonNode v = def.isPresent() ? normaliseValue(def.get(), field.getValue()) : field.getValue();
            out.set(field.getKey(), v == null ? NullNode.getInstance() : v);
        }
        return out;
    }

    /** The whole value of an attribute (an array or a single element for multi-valued ones); null for "unassigned". */
    private JsonNode normaliseValue(AttributeDefinition def, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (def == enterpriseManager) {
            return normaliseManager(value);
        }
        if (def.multiValued() && value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode element : value) {
                JsonNode normalised = normaliseElement(def, element);
                if (normalised != null) {
                    out.add(normalised);
                }
            }
            return out;
        }
        return normaliseElement(def, value);
    }

    private JsonNode normaliseElement(AttributeDefinition def, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (def.isComplex() && value.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                // Entra sends "$ref": null in member objects; it carries nothing.
                if (field.getKey().equalsIgnoreCase("$ref") && field.getValue().isNull()) {
                    continue;
                }
                Optional<AttributeDefinition> sub = def.subAttribute(field.getKey());
                JsonNode v = sub.isPresent() ? normaliseValue(sub.get(), field.getValue()) : field.getValue();
                out.set(field.getKey(), v == null ? NullNode.getInstance() : v);
            }
            return out;
        }
        if (def.type() == AttributeType.BOOLEAN && value.isTextual()) {
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
    private JsonNode normaliseManager(JsonNode value) {
        if (value.isTextual()) {
            return value.asText().isBlank() ? null : NODES.objectNode().put("value", value.asText());
        }
        if (value.isObject()) {
            JsonNode id = CaseInsensitiveFields.get((ObjectNode) value, "value");
            if (id == null || (id.isTextual() && id.asText().isBlank())) {
                return null;
            }
            return normaliseElement(enterpriseManager, value);
        }
        return value;
    }
}
