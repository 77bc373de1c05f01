package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.filter.FilterEvaluator;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.Mutability;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource document.
 *
 * <p>Document layout: canonical attribute names, core and common attributes at the top level,
 * extension attributes inside an object keyed by the extension URN. The engine works on a copy,
 * so a failing operation leaves the caller's document untouched and the whole request fails
 * (all-or-nothing). Required attributes are not checked here: the server validates the result
 * against the schema, which also catches a removed {@code userName}.
 */
public final class PatchEngine {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PRIMARY = "primary";

    private final ResourceSchema schema;
    private final FilterEvaluator filters;

    public PatchEngine(ResourceSchema schema) {
        this(schema, new FilterEvaluator(schema));
    }

    /** @param filters evaluates value filters in paths ({@code emails[type eq "work"]}) */
    public PatchEngine(ResourceSchema schema, FilterEvaluator filters) {
        this.schema = schema;
        this.filters = filters;
    }

    /**
     * Returns a new document with the operations applied in order; {@code document} is not modified.
     *
     * @throws PatchException when any operation cannot be applied; its detail names the operation
     */
    public ObjectNode apply(ObjectNode document, List<PatchOperation> ops) {
        ObjectNode work = document.deepCopy();
        int index = 0;
        for (PatchOperation op : ops) {
            index++;
            try {
                Set<JsonNode> primariesBefore = primaryElements(work);
                applyOne(work, op);
                keepPrimaryUnique(work, primariesBefore);
            } catch (PatchException e) {
                throw e.inOperation(index);
            }
        }
        tidyExtensions(work);
        return work;
    }

    private void applyOne(ObjectNode doc, PatchOperation op) {
        if (op.path() == null) {
            if (op.op() == PatchOperation.Op.REMOVE) {
                throw PatchException.noTarget("remove requires a path");
            }
            writeToResource(doc, op.op(), op.value());
            return;
        }
        Target target = resolve(op.path());
        if (op.op() == PatchOperation.Op.REMOVE) {
            remove(doc, target, op.value());
        } else if (op.value() == null) {
            // RFC 7643 §2.5: null means unassigned, so setting null removes the value.
            remove(doc, target, null);
        } else {
            write(doc, op.op(), target, op.value());
        }
    }

    // ---------------------------------------------------------------- paths

    /**
     * What a path points at. {@code attribute} is null when the path names a whole extension;
     * {@code extension} is null for core and common attributes.
     */
    private record Target(PatchPath path, Schema extension, AttributeDefinition attribute,
            AttributeDefinition sub, Predicate<JsonNode> filter) {

        boolean wholeExtension() {
            return attribute == null;
        }
    }

    private Target resolve(PatchPath path) {
        if (path.schemaUrn() != null && !path.hasFilter() && path.subAttribute() == null) {
            Optional<Schema> extension = schema.extension(path.qualifiedName());
            if (extension.isPresent()) {
                return new Target(path, extension.get(), null, null, null);
            }
        }
        ResourceSchema.Resolved resolved = schema.resolve(path.attributePath())
                .orElseThrow(() -> PatchException.invalidPath("unknown attribute in path \"" + path + "\""));
        AttributeDefinition attribute = resolved.attribute();
        if (attribute.mutability() == Mutability.READ_ONLY) {
            throw PatchException.mutability("attribute \"" + attribute.name() + "\" is readOnly");
        }
        AttributeDefinition sub = null;
        if (path.subAttribute() != null) {
            if (!attribute.isComplex()) {
                throw PatchException.invalidPath("\"" + attribute.name() + "\" has no sub-attributes");
            }
            sub = attribute.subAttribute(path.subAttribute()).orElseThrow(() -> PatchException.invalidPath(
                    "unknown sub-attribute \"" + path.subAttribute() + "\" of \"" + attribute.name() + "\""));
            if (sub.mutability() == Mutability.READ_ONLY) {
                throw PatchException.mutability("sub-attribute \"" + attribute.name() + "." + sub.name()
                        + "\" is readOnly");
            }
        }
        Predicate<JsonNode> filter = null;
        if (path.hasFilter()) {
            if (!attribute.multiValued()) {
                throw PatchException.invalidPath("a value filter needs a multi-valued attribute; \""
                        + attribute.name() + "\" is single-valued");
            }
            filter = path.valueFilter().matcher(filters, attribute);
        }
        Schema extension = resolved.inExtension(schema) ? resolved.schema() : null;
        return new Target(path, extension, attribute, sub, filter);
    }

    /** The object holding a schema's attributes: the document itself for core, else the extension object. */
    private static ObjectNode container(ObjectNode doc, Schema extension, boolean create) {
        if (extension == null) {
            return doc;
        }
        JsonNode existing = CaseInsensitiveFields.get(doc, extension.id());
        if (existing instanceof ObjectNode object) {
            CaseInsensitiveFields.put(doc, extension.id(), object);
            return object;
        }
        if (!create) {
            return null;
        }
        ObjectNode created = NODES.objectNode();
        CaseInsensitiveFields.put(doc, extension.id(), created);
        return created;
    }

    // ---------------------------------------------------------------- add and replace

    /** add or replace without a path: the value is an object of attributes (RFC 7644 §3.5.2.1, §3.5.2.3). */
    private void writeToResource(ObjectNode doc, PatchOperation.Op op, JsonNode value) {
        if (value == null || !value.isObject()) {
            throw PatchException.invalidSyntax(op.wireName() + " without a path needs an object of attributes as value");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode v = field.getValue();
            // Clients echo the resource back (Okta sends id inside a replace); these are not changes.
            if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("meta")) {
                continue;
            }
            if (key.equalsIgnoreCase("id")) {
                JsonNode id = CaseInsensitiveFields.get(doc, "id");
                if (id != null && id.equals(v)) {
                    continue;
                }
                throw PatchException.mutability("attribute \"id\" is readOnly");
            }
            Optional<Schema> extension = schema.extension(key);
            if (extension.isPresent()) {
                writeExtension(doc, op, extension.get(), v);
                continue;
            }
            ResourceSchema.Resolved resolved = resolveValueKey(key);
            AttributeDefinition def = resolved.attribute();
            if (def.mutability() == Mutability.READ_ONLY) {
                continue; // server-computed (groups, meta): ignored as in PUT, RFC 7644 §3.5.1
            }
            Schema ext = resolved.inExtension(schema) ? resolved.schema() : null;
            if (v == null || v.isNull()) {
                ObjectNode container = container(doc, ext, false);
                if (container != null) {
                    removeWholeAttribute(container, def);
                }
            } else {
                writeAttribute(op, container(doc, ext, true), def, v);
            }
        }
    }

    private ResourceSchema.Resolved resolveValueKey(String key) {
        AttributePath path;
        try {
            path = AttributePath.parse(key);
        } catch (IllegalArgumentException e) {
            throw PatchException.invalidValue("unknown attribute \"" + key + "\"");
        }
        if (path.subAttribute() != null) {
            throw PatchException.invalidValue("unknown attribute \"" + key + "\"");
        }
        return schema.resolve(path)
                .orElseThrow(() -> PatchException.invalidValue("unknown attribute \"" + key + "\""));
    }

    private void writeExtension(ObjectNode doc, PatchOperation.Op op, Schema extension, JsonNode value) {
        if (value == null || value.isNull()) {
            CaseInsensitiveFields.remove(doc, extension.id());
            return;
        }
        if (!value.isObject()) {
            throw PatchException.invalidValue("value of extension " + extension.id() + " must be an object");
        }
        ObjectNode container = container(doc, extension, true);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition def = extension.attribute(field.getKey()).orElseThrow(() -> PatchException.invalidValue(
                    "unknown attribute \"" + field.getKey() + "\" of " + extension.id()));
            if (def.mutability() == Mutability.READ_ONLY) {
                continue;
            }
            if (field.getValue().isNull()) {
                removeWholeAttribute(container, def);
            } else {
                writeAttribute(op, container, def, field.getValue());
            }
        }
    }

    private void write(ObjectNode doc, PatchOperation.Op op, Target t, JsonNode value) {
        if (t.wholeExtension()) {
            writeExtension(doc, op, t.extension(), value);
            return;
        }
        ObjectNode container = container(doc, t.extension(), true);
        AttributeDefinition def = t.attribute();
        if (t.filter() == null && t.sub() == null) {
            writeAttribute(op, container, def, value);
            return;
        }
        if (t.filter() == null) {
            JsonNode subValue = canonicalValue(t.sub(), value);
            if (!def.multiValued()) {
                JsonNode existing = CaseInsensitiveFields.get(container, def.name());
                ObjectNode object = existing instanceof ObjectNode o ? o : NODES.objectNode();
                setSub(object, t.sub(), subValue);
                CaseInsensitiveFields.put(container, def.name(), object);
                return;
            }
            // "emails.value" without a filter addresses every element; with none, it creates one.
            ArrayNode array = array(container, def);
            if (array.isEmpty()) {
                ObjectNode element = NODES.objectNode();
                element.set(t.sub().name(), subValue);
                array.add(element);
            } else {
                for (JsonNode element : array) {
                    if (element instanceof ObjectNode o) {
                        setSub(o, t.sub(), subValue);
                    }
                }
            }
            return;
        }
        ArrayNode array = array(container, def);
        List<Integer> matched = matching(array, t.filter());
        if (matched.isEmpty()) {
            if (op == PatchOperation.Op.REPLACE) {
                throw PatchException.noTarget("no value of \"" + def.name() + "\" matches [" + t.path().filter() + "]");
            }
            // IdPs send add emails[type eq "work"].value for a user without a work email and
            // expect the element to be created with type "work".
            ObjectNode element = t.path().valueFilter().describedElement(def)
                    .filter(e -> def.isComplex())
                    .orElseThrow(() -> PatchException.noTarget("no value of \"" + def.name() + "\" matches ["
                            + t.path().filter() + "] and the filter does not describe a new value"));
            if (t.sub() != null) {
                setSub(element, t.sub(), canonicalValue(t.sub(), value));
            } else {
                mergeInto(element, def, canonicalElement(def, value));
            }
            appendIfAbsent(array, withoutNulls(element));
            return;
        }
        for (int i : matched) {
            JsonNode element = array.get(i);
            if (t.sub() != null) {
                if (element instanceof ObjectNode o) {
                    setSub(o, t.sub(), canonicalValue(t.sub(), value));
                }
            } else if (op == PatchOperation.Op.ADD && element instanceof ObjectNode o) {
                mergeInto(o, def, canonicalElement(def, value));
            } else {
                JsonNode replacement = withoutNulls(canonicalElement(def, value));
                checkImmutableSubs(def, element, replacement);
                array.set(i, replacement);
            }
        }
    }

    /** add or replace of a whole attribute. */
    private void writeAttribute(PatchOperation.Op op, ObjectNode container, AttributeDefinition def, JsonNode value) {
        if (def.multiValued()) {
            ArrayNode incoming = (ArrayNode) canonicalValue(def, value);
            JsonNode existing = CaseInsensitiveFields.get(container, def.name());
            if (op == PatchOperation.Op.REPLACE) {
                if (def.mutability() == Mutability.IMMUTABLE && existing != null && !existing.equals(incoming)) {
                    throw PatchException.mutability("attribute \"" + def.name() + "\" is immutable");
                }
                if (incoming.isEmpty()) {
                    CaseInsensitiveFields.remove(container, def.name());
                } else {
                    CaseInsensitiveFields.put(container, def.name(), incoming);
                }
                return;
            }
            if (incoming.isEmpty()) {
                return;
            }
            ArrayNode array = array(container, def);
            for (JsonNode element : incoming) {
                appendIfAbsent(array, element);
            }
            return;
        }
        if (def.isComplex()) {
            // Both add and replace merge: sub-attributes not in the value are left unchanged (§3.5.2.3).
            ObjectNode incoming = (ObjectNode) canonicalValue(def, value);
            JsonNode existing = CaseInsensitiveFields.get(container, def.name());
            ObjectNode target = existing instanceof ObjectNode o ? o : NODES.objectNode();
            mergeInto(target, def, incoming);
            if (target.isEmpty()) {
                CaseInsensitiveFields.remove(container, def.name());
            } else {
                CaseInsensitiveFields.put(container, def.name(), target);
            }
            return;
        }
        JsonNode incoming = canonicalValue(def, value);
        JsonNode existing = CaseInsensitiveFields.get(container, def.name());
        if (def.mutability() == Mutability.IMMUTABLE && existing != null && !existing.equals(incoming)) {
            throw PatchException.mutability("attribute \"" + def.name() + "\" is immutable");
        }
        CaseInsensitiveFields.put(container, def.name(), incoming);
    }

    /** Writes the sub-attributes of {@code incoming} into {@code target}; a null sub-attribute removes it. */
    private static void mergeInto(ObjectNode target, AttributeDefinition def, JsonNode incoming) {
        for (Iterator<Map.Entry<String, JsonNode>> it = incoming.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition sub = def.subAttribute(field.getKey()).orElseThrow();
            setSub(target, sub, field.getValue().isNull() ? null : field.getValue());
        }
    }

    private static void setSub(ObjectNode element, AttributeDefinition sub, JsonNode value) {
        JsonNode existing = CaseInsensitiveFields.get(element, sub.name());
        if (sub.mutability() == Mutability.IMMUTABLE && existing != null && !existing.equals(value)) {
            throw PatchException.mutability("sub-attribute \"" + sub.name() + "\" is immutable");
        }
        if (value == null || value.isNull()) {
            CaseInsensitiveFields.remove(element, sub.name());
        } else {
            CaseInsensitiveFields.put(element, sub.name(), value);
        }
    }

    private static void checkImmutableSubs(AttributeDefinition def, JsonNode before, JsonNode after) {
        if (!def.isComplex() || !(before instanceof ObjectNode b)) {
            return;
        }
        for (AttributeDefinition sub : def.subAttributes()) {
            JsonNode old = CaseInsensitiveFields.get(b, sub.name());
            if (sub.mutability() == Mutability.IMMUTABLE && old != null && !old.equals(after.get(sub.name()))) {
                throw PatchException.mutability("sub-attribute \"" + def.name() + "." + sub.name() + "\" is immutable");
            }
        }
    }

    /** The attribute's array in the container, created (and stored) when absent. */
    private static ArrayNode array(ObjectNode container, AttributeDefinition def) {
        JsonNode existing = CaseInsensitiveFields.get(container, def.name());
        if (existing instanceof ArrayNode a) {
            CaseInsensitiveFields.put(container, def.name(), a);
            return a;
        }
        ArrayNode created = NODES.arrayNode();
        CaseInsensitiveFields.put(container, def.name(), created);
        return created;
    }

    /** Multi-valued add appends, but an exact duplicate of an existing value changes nothing (§3.5.2.1). */
    private static void appendIfAbsent(ArrayNode array, JsonNode element) {
        for (JsonNode existing : array) {
            if (existing.equals(element)) {
                return;
            }
        }
        array.add(element);
    }

    private static List<Integer> matching(ArrayNode array, Predicate<JsonNode> filter) {
        List<Integer> matched = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (filter.test(array.get(i))) {
                matched.add(i);
            }
        }
        return matched;
    }

    // ---------------------------------------------------------------- remove

    private void remove(ObjectNode doc, Target t, JsonNode value) {
        if (t.wholeExtension()) {
            CaseInsensitiveFields.remove(doc, t.extension().id());
            return;
        }
        ObjectNode container = container(doc, t.extension(), false);
        if (container == null) {
            return;
        }
        AttributeDefinition def = t.attribute();
        JsonNode existing = CaseInsensitiveFields.get(container, def.name());
        if (t.filter() == null && t.sub() == null) {
            if (def.multiValued() && value != null) {
                // Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]} removes only those.
                removeListed(container, def, value);
            } else {
                removeWholeAttribute(container, def);
            }
            return;
        }
        if (existing == null) {
            return;
        }
        if (t.filter() == null) {
            if (existing instanceof ObjectNode o) {
                setSub(o, t.sub(), null);
            } else if (existing instanceof ArrayNode a) {
                for (JsonNode element : a) {
                    if (element instanceof ObjectNode o) {
                        setSub(o, t.sub(), null);
                    }
                }
            }
            dropIfEmpty(container, def);
            return;
        }
        if (!(existing instanceof ArrayNode array)) {
            return;
        }
        List<Integer> matched = matching(array, t.filter());
        if (t.sub() == null) {
            Collections.reverse(matched);
            for (int i : matched) {
                array.remove(i);
            }
        } else {
            for (int i : matched) {
                if (array.get(i) instanceof ObjectNode o) {
                    setSub(o, t.sub(), null);
                }
            }
        }
        dropIfEmpty(container, def);
    }

    private static void removeWholeAttribute(ObjectNode container, AttributeDefinition def) {
        if (def.mutability() == Mutability.IMMUTABLE && CaseInsensitiveFields.get(container, def.name()) != null) {
            throw PatchException.mutability("attribute \"" + def.name() + "\" is immutable");
        }
        CaseInsensitiveFields.remove(container, def.name());
    }

    /** Removes the elements equal, on every sub-attribute the listed value names, to one of the listed values. */
    private void removeListed(ObjectNode container, AttributeDefinition def, JsonNode value) {
        JsonNode existing = CaseInsensitiveFields.get(container, def.name());
        if (!(existing instanceof ArrayNode array)) {
            return;
        }
        List<JsonNode> listed = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : NODES.arrayNode().add(value)) {
            listed.add(canonicalElement(def, item));
        }
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode element = array.get(i);
            for (JsonNode item : listed) {
                if (sameOnListedSubs(def, element, item)) {
                    array.remove(i);
                    break;
                }
            }
        }
        dropIfEmpty(container, def);
    }

    private static boolean sameOnListedSubs(AttributeDefinition def, JsonNode element, JsonNode item) {
        if (!def.isComplex()) {
            return equalValues(def, element, item);
        }
        if (!(element instanceof ObjectNode e) || item.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition sub = def.subAttribute(field.getKey()).orElseThrow();
            if (!equalValues(sub, CaseInsensitiveFields.get(e, sub.name()), field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalValues(AttributeDefinition def, JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isTextual() && b.isTextual() && !def.caseExact()) {
            return a.asText().equalsIgnoreCase(b.asText());
        }
        return a.equals(b);
    }

    /** An emptied multi-valued or complex attribute is unassigned (RFC 7644 §3.5.2.2). */
    private static void dropIfEmpty(ObjectNode container, AttributeDefinition def) {
        JsonNode v = CaseInsensitiveFields.get(container, def.name());
        if (v != null && v.isContainerNode() && v.isEmpty()) {
            CaseInsensitiveFields.remove(container, def.name());
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * The value with canonical sub-attribute names and types checked: an array for a
     * multi-valued attribute (a single element is wrapped), with nulls left out of new elements;
     * for a single complex attribute an object whose null sub-attributes mean "remove".
     */
    private static JsonNode canonicalValue(AttributeDefinition def, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!def.multiValued()) {
            return canonicalElement(def, value);
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode element : value.isArray() ? value : NODES.arrayNode().add(value)) {
            if (!element.isNull()) {
                JsonNode canonical = withoutNulls(canonicalElement(def, element));
                if (!canonical.isEmpty() || !canonical.isObject()) {
                    out.add(canonical);
                }
            }
        }
        return out;
    }

    private static JsonNode canonicalElement(AttributeDefinition def, JsonNode value) {
        if (!def.isComplex()) {
            checkType(def, value);
            return value;
        }
        if (!value.isObject()) {
            throw PatchException.invalidValue("value of \"" + def.name() + "\" must be an object");
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributeDefinition sub = def.subAttribute(field.getKey()).orElseThrow(() -> PatchException.invalidValue(
                    "unknown sub-attribute \"" + field.getKey() + "\" of \"" + def.name() + "\""));
            if (sub.mutability() == Mutability.READ_ONLY) {
                continue; // server-computed (members.display, manager.displayName): clients echo them back
            }
            JsonNode v = field.getValue();
            out.set(sub.name(), v.isNull() ? NODES.nullNode() : canonicalValue(sub, v));
        }
        return out;
    }

    private static void checkType(AttributeDefinition def, JsonNode value) {
        boolean fits = switch (def.type()) {
            case STRING, REFERENCE, BINARY, DATE_TIME -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case INTEGER -> value.isIntegralNumber();
            case DECIMAL -> value.isNumber();
            case COMPLEX -> value.isObject();
        };
        if (!fits) {
            throw PatchException.invalidValue("\"" + def.name() + "\" expects a " + def.type().wireName()
                    + " value, got " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    nulls.add(f.getKey());
                }
            });
            o.remove(nulls);
        }
        return node;
    }

    // ---------------------------------------------------------------- primary and extensions

    /** Every element, anywhere in the document, that currently says primary: true (by identity). */
    private Set<JsonNode> primaryElements(ObjectNode doc) {
        Set<JsonNode> found = Collections.newSetFromMap(new IdentityHashMap<>());
        forEachPrimaryArray(doc, (def, array) -> {
            for (JsonNode element : array) {
                if (isPrimary(element)) {
                    found.add(element);
                }
            }
        });
        return found;
    }

    /**
     * RFC 7643 §2.4: "primary" true appears at most once. The element the operation made primary
     * wins and the others become false; two new primaries in one operation are ambiguous.
     */
    private void keepPrimaryUnique(ObjectNode doc, Set<JsonNode> before) {
        forEachPrimaryArray(doc, (def, array) -> {
            List<ObjectNode> primaries = new ArrayList<>();
            List<ObjectNode> fresh = new ArrayList<>();
            for (JsonNode element : array) {
                if (isPrimary(element)) {
                    primaries.add((ObjectNode) element);
                    if (!before.contains(element)) {
                        fresh.add((ObjectNode) element);
                    }
                }
            }
            if (primaries.size() < 2 || fresh.isEmpty()) {
                return;
            }
            if (fresh.size() > 1) {
                throw PatchException.invalidValue("more than one value of \"" + def.name() + "\" is primary");
            }
            for (ObjectNode p : primaries) {
                if (p != fresh.get(0)) {
                    p.put(PRIMARY, false);
                }
            }
        });
    }

    private static boolean isPrimary(JsonNode element) {
        return element instanceof ObjectNode o && o.path(PRIMARY).isBoolean() && o.path(PRIMARY).booleanValue();
    }

    private void forEachPrimaryArray(ObjectNode doc, java.util.function.BiConsumer<AttributeDefinition, ArrayNode> action) {
        for (Schema s : schema.allSchemas()) {
            JsonNode container = s == schema.core() ? doc : CaseInsensitiveFields.get(doc, s.id());
            if (!(container instanceof ObjectNode c)) {
                continue;
            }
            for (AttributeDefinition def : s.attributes()) {
                if (def.multiValued() && def.subAttribute(PRIMARY).isPresent()
                        && CaseInsensitiveFields.get(c, def.name()) instanceof ArrayNode a) {
                    action.accept(def, a);
                }
            }
        }
    }

    /** Drops emptied extension objects and keeps {@code schemas} listing exactly the extensions present. */
    private void tidyExtensions(ObjectNode doc) {
        JsonNode schemas = CaseInsensitiveFields.get(doc, "schemas");
        for (Schema extension : schema.extensions()) {
            JsonNode object = CaseInsensitiveFields.get(doc, extension.id());
            boolean present = object != null && !(object.isObject() && object.isEmpty());
            if (!present) {
                CaseInsensitiveFields.remove(doc, extension.id());
            }
            if (schemas instanceof ArrayNode list) {
                int at = indexOfIgnoreCase(list, extension.id());
                if (present && at < 0) {
                    list.add(extension.id());
                } else if (!present && at >= 0) {
                    list.remove(at);
                }
            }
        }
    }

    private static int indexOfIgnoreCase(ArrayNode list, String text) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isTextual() && list.get(i).asText().equalsIgnoreCase(text)) {
                return i;
            }
        }
        return -1;
    }
}
