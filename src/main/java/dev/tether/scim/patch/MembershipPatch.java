package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.filter.FilterEvaluator;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.MemberRef;
import dev.tether.scim.schema.Mutability;
import dev.tether.scim.schema.ResourceSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Takes the operations on a group's {@code members} out of a PATCH. Members are rows of
 * {@code group_members}, not an array in the stored document: adding one member to a group of
 * 100 000 must be one INSERT, not a rewrite of the whole list. Run it on operations that
 * {@link IdpDialect} has already normalised.
 */
public final class MembershipPatch {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MembershipPatch() {
    }

    /**
     * @param memberChanges   the membership changes, in request order
     * @param otherOperations everything else, for {@link PatchEngine}
     */
    public record Split(List<MemberChange> memberChanges, List<PatchOperation> otherOperations) {
        public Split {
            memberChanges = List.copyOf(memberChanges);
            otherOperations = List.copyOf(otherOperations);
        }
    }

    /**
     * Separates the operations that target {@code members}: the path {@code members}, a
     * {@code members[filter]} path, and the {@code members} key of a no-path add/replace value.
     *
     * @throws PatchException mutability for changes to a member's sub-attributes (members are
     *                        immutable references), invalidValue for malformed member values,
     *                        invalidFilter for a malformed {@code members[...]} filter
     */
    public static Split split(ResourceSchema groupSchema, List<PatchOperation> ops) {
        return split(groupSchema, ops, new FilterEvaluator(groupSchema));
    }

    /** {@link #split(ResourceSchema, List)} with the group schema's filter evaluator, built once by the caller. */
    public static Split split(ResourceSchema groupSchema, List<PatchOperation> ops, FilterEvaluator filters) {
        Optional<AttributeDefinition> members = groupSchema.core().attribute("members");
        if (members.isEmpty()) {
            return new Split(List.of(), ops);
        }
        List<MemberChange> changes = new ArrayList<>();
        List<PatchOperation> others = new ArrayList<>();
        int index = 0;
        for (PatchOperation op : ops) {
            index++;
            try {
                splitOne(groupSchema, members.get(), op, filters, changes, others);
            } catch (PatchException e) {
                throw e.inOperation(index);
            }
        }
        return new Split(changes, others);
    }

    private static void splitOne(ResourceSchema groupSchema, AttributeDefinition members, PatchOperation op,
            FilterEvaluator filters, List<MemberChange> changes, List<PatchOperation> others) {
        if (op.path() == null) {
            splitValueObject(groupSchema, members, op, changes, others);
            return;
        }
        PatchPath path = op.path();
        if (!names(groupSchema, members, path.attributePath())) {
            others.add(op);
            return;
        }
        if (path.subAttribute() != null) {
            AttributeDefinition sub = members.subAttribute(path.subAttribute()).orElseThrow(() ->
                    PatchException.invalidPath("unknown sub-attribute \"" + path.subAttribute() + "\" of \"members\""));
            if (sub.mutability() == Mutability.READ_ONLY || sub.mutability() == Mutability.IMMUTABLE) {
                throw PatchException.mutability("\"members." + sub.name() + "\" is " + sub.mutability().wireName()
                        + ": members are references; remove the member and add it again");
            }
            throw PatchException.invalidPath("\"members." + sub.name() + "\" cannot be patched");
        }
        if (path.hasFilter()) {
            if (op.op() != PatchOperation.Op.REMOVE) {
                throw PatchException.mutability("members are immutable references; " + op.op().wireName()
                        + " on members[" + path.filter() + "] is not allowed, remove and add instead");
            }
            ValueFilter filter = path.valueFilter();
            Optional<ObjectNode> plain = filter.describedElement(members);
            if (plain.isPresent() && plain.get().size() == 1 && plain.get().path("value").isTextual()) {
                changes.add(new MemberChange.Remove(Set.of(plain.get().get("value").asText())));
            } else {
                changes.add(new MemberChange.RemoveMatching(filter.parsed(), filter.matcher(filters, members)));
            }
            return;
        }
        changes.add(wholeListChange(members, op.op(), op.value()));
    }

    /** A no-path add/replace whose value object has a {@code members} key. */
    private static void splitValueObject(ResourceSchema groupSchema, AttributeDefinition members, PatchOperation op,
            List<MemberChange> changes, List<PatchOperation> others) {
        if (op.value() == null || !op.value().isObject()) {
            others.add(op);
            return;
        }
        ObjectNode rest = NODES.objectNode();
        List<MemberChange> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = op.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            AttributePath key = keyPath(field.getKey());
            if (key != null && key.subAttribute() == null && names(groupSchema, members, key)) {
                found.add(wholeListChange(members, op.op(), field.getValue()));
            } else {
                rest.set(field.getKey(), field.getValue());
            }
        }
        if (found.isEmpty()) {
            others.add(op);
            return;
        }
        changes.addAll(found);
        if (!rest.isEmpty()) {
            others.add(new PatchOperation(op.op(), null, rest));
        }
    }

    private static MemberChange wholeListChange(AttributeDefinition members, PatchOperation.Op op, JsonNode value) {
        boolean unassigned = value == null || value.isNull();
        return switch (op) {
            case ADD -> unassigned ? new MemberChange.RemoveAll() : new MemberChange.Add(refs(members, value));
            case REPLACE -> unassigned ? new MemberChange.RemoveAll() : new MemberChange.ReplaceAll(refs(members, value));
            // Entra removes members by listing them: {"op":"Remove","path":"members","value":[{"value":"id"}]}
            case REMOVE -> unassigned ? new MemberChange.RemoveAll() : new MemberChange.Remove(
                    refs(members, value).stream().map(MemberRef::value).collect(
                            LinkedHashSet::new, Set::add, Set::addAll));
        };
    }

    /** Member references from an array of {"value","type"} objects (or one object); duplicates are collapsed. */
    private static List<MemberRef> refs(AttributeDefinition members, JsonNode value) {
        Map<String, MemberRef> byValue = new LinkedHashMap<>();
        for (JsonNode element : value.isArray() ? value : NODES.arrayNode().add(value)) {
            MemberRef ref = ref(members, element);
            byValue.putIfAbsent(ref.value(), ref);
        }
        return new ArrayList<>(byValue.values());
    }

    private static MemberRef ref(AttributeDefinition members, JsonNode element) {
        if (element.isTextual() && !element.asText().isBlank()) {
            return new MemberRef(element.asText(), null);
        }
        if (!(element instanceof ObjectNode object)) {
            throw PatchException.invalidValue("a member must be an object with a \"value\"");
        }
        JsonNode id = CaseInsensitiveFields.get(object, "value");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw PatchException.invalidValue("a member needs a non-empty string \"value\"");
        }
        JsonNode type = CaseInsensitiveFields.get(object, "type");
        if (type == null) {
            return new MemberRef(id.asText(), null);
        }
        List<String> allowed = members.subAttribute("type").map(AttributeDefinition::canonicalValues).orElse(List.of());
        for (String canonical : allowed) {
            if (type.isTextual() && canonical.equalsIgnoreCase(type.asText())) {
                return new MemberRef(id.asText(), canonical);
            }
        }
        throw PatchException.invalidValue("member type must be one of " + allowed + ", got " + type);
    }

    private static boolean names(ResourceSchema groupSchema, AttributeDefinition members, AttributePath path) {
        return groupSchema.resolve(path)
                .filter(r -> r.schema() == groupSchema.core() && r.attribute() == members)
                .isPresent();
    }

    private static AttributePath keyPath(String key) {
        try {
            return AttributePath.parse(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
