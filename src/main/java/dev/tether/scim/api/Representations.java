package dev.tether.scim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.MemberRows;
import dev.tether.directory.StoredResource;
import java.time.format.DateTimeFormatter;
import dev.tether.directory.ResourcePage;
import dev.tether.scim.schema.ResourceSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.Map;
import java.util.UUID;

/**
 * Renders stored rows as the full SCIM representation: schemas and id first, the document,
 * derived multi-valued attributes (a user's groups, a group's members), meta last.
 */
final class Representations {

    private Representations() {
    }

    static ObjectNode resource(ObjectMapper mapper, StoredResource row, String resourceType, String location) {
        ObjectNode out = mapper.createObjectNode();
        JsonNode schemas = row.doc().get("schemas");
        if (schemas != null) {
            out.set("schemas", schemas.deepCopy());
        }
        out.put("id", row.id().toString());
        for (Map.Entry<String, JsonNode> field : row.doc().properties()) {
            if (!field.getKey().equals("schemas")) {
                out.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("created", DateTimeFormatter.ISO_INSTANT.format(row.created()));
        meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(row.lastModified()));
        meta.put("location", location);
        meta.put("version", ETags.of(row.version()));
        return out;
    }

    /** Adds a user's groups (readOnly, derived from memberships, nested ones as "indirect"). */
    static void addGroups(ObjectNode user, List<MemberRows.Membership> groups, ScimRequest request) {
        if (groups == null || groups.isEmpty()) {
            return;
        }
        ArrayNode array = user.putArray("groups");
        for (MemberRows.Membership g : groups) {
            ObjectNode n = array.addObject();
            n.put("value", g.groupId().toString());
            n.put("$ref", request.location("/Groups", g.groupId()));
            n.put("display", g.display());
            n.put("type", g.direct() ? "direct" : "indirect");
        }
        moveMetaLast(user);
    }

    /**
     * Completes an agent's owners with what the server knows: {@code $ref} to the user and its
     * current {@code display} name (an IdP's own {@code display} may be stale or missing).
     */
    static void completeOwners(ObjectNode agent, Map<UUID, String> names, ScimRequest request) {
        for (JsonNode owner : agent.path("owners")) {
            if (!(owner instanceof ObjectNode o)) {
                continue;
            }
            String value = o.path("value").asText("");
            names.entrySet().stream().filter(e -> e.getKey().toString().equalsIgnoreCase(value)).findFirst()
                    .ifPresent(user -> {
                        o.put("$ref", request.location("/Users", user.getKey()));
                        o.put("display", user.getValue());
                    });
        }
    }

    static void addMembers(ObjectNode group, List<MemberRows.Member> members, ScimRequest request) {
        if (members == null || members.isEmpty()) {
            return;
        }
        ArrayNode array = group.putArray("members");
        for (MemberRows.Member m : members) {
            ObjectNode n = array.addObject();
            n.put("value", m.id().toString());
            n.put("$ref", request.location(endpointOf(m.type()), m.id()));
            if (m.display() != null) {
                n.put("display", m.display());
            }
            n.put("type", m.type());
        }
        moveMetaLast(group);
    }

    static String endpointOf(String type) {
        return switch (type) {
            case "Group" -> "/Groups";
            case "Agent" -> "/Agents";
            default -> "/Users";
        };
    }

    private static void moveMetaLast(ObjectNode node) {
        JsonNode meta = node.remove("meta");
        if (meta != null) {
            node.set("meta", meta);
        }
    }

    /**
     * Renders one page of rows. What is derived from other rows (a user's or agent's
     * {@code groups}, a group's {@code members}, an agent's owners' names) is read for the whole
     * page at once, and only when the response shows one of those attributes.
     */
    static <D> ListPage page(ObjectMapper mapper, ScimProtocol protocol, ResourceSchema schema, String resourceType,
            String endpoint, ScimRequest request, ListRequest list, ResourcePage page, List<String> derivedAttributes,
            Function<List<StoredResource>, Map<UUID, D>> loadDerived, BiConsumer<ObjectNode, D> addDerived) {
        RequestedAttributes projection = new RequestedAttributes(list.attributes(), list.excludedAttributes());
        Map<UUID, D> derived = Map.of();
        if (!page.resources().isEmpty()
                && derivedAttributes.stream().anyMatch(a -> protocol.wants(schema, a, projection))) {
            derived = loadDerived.apply(page.resources());
        }
        List<ObjectNode> out = new ArrayList<>(page.resources().size());
        for (StoredResource row : page.resources()) {
            ObjectNode full = resource(mapper, row, resourceType, request.location(endpoint, row.id()));
            addDerived.accept(full, derived.get(row.id()));
            out.add(protocol.project(schema, full, projection));
        }
        return new ListPage(page.totalResults(), out);
    }

    static UUID parseId(String id, String resourceType) {
        try {
            UUID parsed = UUID.fromString(id);
            // UUID.fromString accepts short forms such as "1-1-1-1-1"; only the canonical form names a resource
            if (parsed.toString().equalsIgnoreCase(id)) {
                return parsed;
            }
        } catch (IllegalArgumentException ignored) {
            // not one of ours: same answer as an id that does not exist
        }
        throw ScimException.notFound(resourceType, id);
    }
}
