package dev.tether.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For a directory whose policy is to ignore attributes no schema defines: takes them out of what
 * a client sent, and says which, so that the rest of the request is validated and stored as usual
 * and the write's audit record can name what was dropped. Only names are reported, never values.
 */
public final class UnknownAttributes {

    /** One attribute left out: the schema it claimed (the core schema for unqualified names) and its path. */
    public record Dropped(String schemaUrn, String path) {
    }

    /** A request value without the attributes no schema defines, and what was taken out. */
    public record Stripped(JsonNode value, List<Dropped> dropped) {
    }

    private UnknownAttributes() {
    }

    /** A resource body (POST, PUT) or the value of a PATCH operation without a path. */
    public static Stripped fromResource(ResourceSchema rs, JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Stripped(body, List.of());
        }
        List<Dropped> dropped = new ArrayList<>();
        ObjectNode out = body.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equalsIgnoreCase("schemas") || ResourceSchema.common(name).isPresent()
                    || name.equalsIgnoreCase(rs.core().id())) {
                continue; // the validator has its own, precise error for these
            }
            Optional<Schema> extension = rs.extension(name);
            if (extension.isPresent()) {
                if (field.getValue() instanceof ObjectNode object) {
                    stripAttributes(extension.get(), object, extension.get().id() + ":", dropped);
                }
                continue;
            }
            Optional<ResourceSchema.Resolved> resolved = resolve(rs, name);
            if (resolved.isPresent()) {
                Schema schema = resolved.get().schema() == null ? rs.core() : resolved.get().schema();
                stripSubAttributes(schema, resolved.get().attribute(), field.getValue(), name + ".", dropped);
                continue;
            }
            it.remove();
            if (isUrn(name) && field.getValue().isObject() && !field.getValue().isEmpty()) {
                field.getValue().fieldNames().forEachRemaining(a -> dropped.add(new Dropped(name, name + ":" + a)));
            } else {
                dropped.add(new Dropped(schemaOf(rs, name), name));
            }
        }
        return new Stripped(out, List.copyOf(dropped));
    }

    /** The value of a PATCH operation whose path names this attribute, without unknown sub-attributes. */
    public static Stripped fromAttributeValue(Schema schema, AttributeDefinition attribute, JsonNode value, String label) {
        if (value == null || !attribute.isComplex()) {
            return new Stripped(value, List.of());
        }
        List<Dropped> dropped = new ArrayList<>();
        JsonNode copy = value.deepCopy();
        stripSubAttributes(schema, attribute, copy, label + ".", dropped);
        return new Stripped(copy, List.copyOf(dropped));
    }

    /** The value of a PATCH operation whose path names a whole extension. */
    public static Stripped fromExtensionValue(Schema extension, JsonNode value) {
        if (!(value instanceof ObjectNode object)) {
            return new Stripped(value, List.of());
        }
        List<Dropped> dropped = new ArrayList<>();
        ObjectNode copy = object.deepCopy();
        stripAttributes(extension, copy, extension.id() + ":", dropped);
        return new Stripped(copy, List.copyOf(dropped));
    }

    /** The schema URN a path names, or the core schema's for an unqualified one. */
    public static String schemaOf(ResourceSchema rs, String path) {
        try {
            AttributePath parsed = AttributePath.parse(path);
            return parsed.schemaUrn() == null ? rs.core().id() : parsed.schemaUrn();
        } catch (IllegalArgumentException e) {
            return isUrn(path) ? path : rs.core().id();
        }
    }

    private static Optional<ResourceSchema.Resolved> resolve(ResourceSchema rs, String name) {
        try {
            AttributePath path = AttributePath.parse(name);
            return path.subAttribute() == null ? rs.resolve(path) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void stripAttributes(Schema schema, ObjectNode object, String prefix, List<Dropped> dropped) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<AttributeDefinition> def = schema.attribute(field.getKey());
            if (def.isEmpty()) {
                it.remove();
                dropped.add(new Dropped(schema.id(), prefix + field.getKey()));
            } else {
                stripSubAttributes(schema, def.get(), field.getValue(), prefix + def.get().name() + ".", dropped);
            }
        }
    }

    private static void stripSubAttributes(Schema schema, AttributeDefinition def, JsonNode value, String prefix,
            List<Dropped> dropped) {
        if (!def.isComplex() || value == null) {
            return;
        }
        if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                stripSubAttributes(schema, def, element, prefix, dropped);
            }
            return;
        }
        if (!(value instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (def.subAttribute(field.getKey()).isEmpty()) {
                it.remove();
                Dropped d = new Dropped(schema.id(), prefix + field.getKey());
                if (!dropped.contains(d)) {
                    dropped.add(d);
                }
            }
        }
    }

    private static boolean isUrn(String name) {
        return name.regionMatches(true, 0, "urn:", 0, 4);
    }
}
