package dev.tether.scim.api;

import dev.tether.platform.ScimLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.directory.MemberChange;
import dev.tether.directory.MemberRows;
import dev.tether.directory.ResourceQuery;
import dev.tether.scim.filter.Filter;
import dev.tether.scim.filter.FilterEvaluator;
import dev.tether.scim.filter.FilterException;
import dev.tether.scim.filter.FilterLimits;
import dev.tether.scim.filter.FilterParser;
import dev.tether.scim.filter.SqlFragment;
import dev.tether.scim.filter.SqlMapping;
import dev.tether.scim.filter.SqlTranslator;
import dev.tether.scim.filter.TableMappings;
import dev.tether.scim.patch.IdpDialect;
import dev.tether.scim.patch.MembershipPatch;
import dev.tether.scim.patch.PatchEngine;
import dev.tether.scim.patch.PatchException;
import dev.tether.scim.patch.PatchOperation;
import dev.tether.scim.patch.PatchRequest;
import dev.tether.scim.patch.ValueFilterCompiler;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.MemberRef;
import dev.tether.scim.schema.Projection;
import dev.tether.scim.schema.ResourceDocuments;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.SchemaRegistry;
import dev.tether.scim.schema.ScimValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Where the plain-Java protocol packages (schema, filter, patch) meet the server: one place
 * that validates documents, applies PATCH requests, translates list queries to SQL and
 * projects responses, for each resource type.
 */
@ApplicationScoped
public class ScimProtocol {

    private final SchemaRegistry registry;
    private final ResourceSchema users;
    private final ResourceSchema groups;
    private final ResourceSchema agents;
    private final FilterParser filters;
    private final Map<ResourceSchema, PerType> types;

    /** Everything the protocol needs per resource type, built once. */
    private record PerType(FilterEvaluator evaluator, SqlTranslator sql, PatchEngine patch, IdpDialect dialect) {
    }

    /** A parsed and normalised PATCH request for the stored document. */
    public record Patch(List<PatchOperation> operations) {
    }

    /** A group PATCH split into membership-row changes and the rest, which edits the document. */
    public record GroupPatch(Patch document, List<MemberChange> memberChanges) {
    }

    ScimProtocol(ObjectMapper mapper, ScimLimits limits) {
        this.registry = SchemaRegistry.loadDefault(mapper);
        this.users = registry.resourceSchema("User");
        this.groups = registry.resourceSchema("Group");
        this.agents = registry.resourceSchema("Agent");
        this.filters = new FilterParser(new FilterLimits(limits.filterMaxLength(), limits.filterMaxDepth()));
        this.types = Map.of(
                users, perType(users, TableMappings.users()),
                groups, perType(groups, TableMappings.groups()),
                agents, perType(agents, TableMappings.agents()));
    }

    private PerType perType(ResourceSchema schema, SqlMapping mapping) {
        FilterEvaluator evaluator = new FilterEvaluator(schema);
        return new PerType(evaluator, new SqlTranslator(schema, mapping),
                new PatchEngine(schema, valueFilters(evaluator)), new IdpDialect(schema));
    }

    /** PATCH value paths ({@code emails[type eq "work"]}) use the same evaluator as list filters. */
    private ValueFilterCompiler valueFilters(FilterEvaluator evaluator) {
        return (text, attribute) -> {
            Filter f;
            try {
                f = filters.read(text);
            } catch (FilterException e) {
                throw PatchException.invalidFilter(e.getMessage());
            }
            return element -> evaluator.matchesElement(f, attribute, element);
        };
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public ResourceSchema users() {
        return users;
    }

    public ResourceSchema groups() {
        return groups;
    }

    public ResourceSchema agents() {
        return agents;
    }

    ObjectNode documentForCreate(ResourceSchema schema, JsonNode body) {
        return ResourceDocuments.forCreate(schema, body);
    }

    ObjectNode documentForReplace(ResourceSchema schema, JsonNode body, ObjectNode existing) {
        return ResourceDocuments.forReplace(schema, body, existing);
    }

    /** The members a group body lists, as ids of this server (an id we never issued is no member). */
    List<MemberChange.Requested> requestedMembers(JsonNode body) {
        return requested(ResourceDocuments.members(groups, body));
    }

    private static List<MemberChange.Requested> requested(List<MemberRef> refs) {
        List<MemberChange.Requested> out = new ArrayList<>(refs.size());
        for (MemberRef ref : refs) {
            out.add(new MemberChange.Requested(memberId(ref.value()), ref.type()));
        }
        return out;
    }

    private static UUID memberId(String value) {
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equalsIgnoreCase(value)) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ScimException.badRequest("invalidValue", "member \"" + value
                + "\" is not the id of a User, Group or Agent in this directory");
    }

    Patch parsePatch(ResourceSchema schema, JsonNode body) {
        return new Patch(types.get(schema).dialect().normalise(PatchRequest.parse(body)));
    }

    /**
     * Applies the operations, then checks the result as a whole like any written document. The
     * resource's id is put in view of the engine so that a value echoing it (Okta sends
     * {@code {"id": ..., "active": false}}) is recognised as unchanged rather than as a write.
     */
    ObjectNode applyPatch(ResourceSchema schema, UUID id, ObjectNode current, Patch patch) {
        if (patch.operations().isEmpty()) {
            return current;
        }
        ObjectNode withId = current.deepCopy();
        withId.put("id", id.toString());
        ObjectNode patched = types.get(schema).patch().apply(withId, patch.operations());
        patched.remove("id");
        return ResourceDocuments.checkPatched(schema, patched, current);
    }

    GroupPatch parseGroupPatch(JsonNode body) {
        PerType group = types.get(groups);
        List<PatchOperation> ops = group.dialect().normalise(PatchRequest.parse(body));
        MembershipPatch.Split split = MembershipPatch.split(groups, ops, valueFilters(group.evaluator()));
        List<MemberChange> changes = new ArrayList<>();
        for (dev.tether.scim.patch.MemberChange change : split.memberChanges()) {
            changes.add(toRowChange(change));
        }
        return new GroupPatch(new Patch(split.otherOperations()), changes);
    }

    private static MemberChange toRowChange(dev.tether.scim.patch.MemberChange change) {
        if (change instanceof dev.tether.scim.patch.MemberChange.Add add) {
            return new MemberChange.Add(requested(add.members()));
        }
        if (change instanceof dev.tether.scim.patch.MemberChange.ReplaceAll replace) {
            return new MemberChange.ReplaceAll(requested(replace.members()));
        }
        if (change instanceof dev.tether.scim.patch.MemberChange.Remove remove) {
            // a value that is no id of ours names no member: removing it removes nothing
            Set<UUID> ids = new HashSet<>();
            for (String value : remove.values()) {
                try {
                    ids.add(UUID.fromString(value));
                } catch (IllegalArgumentException ignored) {
                    // not a member
                }
            }
            return new MemberChange.Remove(ids);
        }
        if (change instanceof dev.tether.scim.patch.MemberChange.RemoveMatching matching) {
            Predicate<JsonNode> test = matching.matches();
            return new MemberChange.RemoveMatching(member -> test.test(memberElement(member)));
        }
        return new MemberChange.RemoveAll();
    }

    /** A member row as the element a members[...] filter is evaluated against. */
    private static JsonNode memberElement(MemberRows.Member member) {
        ObjectNode element = new ObjectMapper().createObjectNode();
        element.put("value", member.id().toString());
        element.put("type", member.type());
        if (member.display() != null) {
            element.put("display", member.display());
        }
        return element;
    }

    ObjectNode project(ResourceSchema schema, ObjectNode full, RequestedAttributes requested) {
        return Projection.project(schema, full, requested.attributes(), requested.excludedAttributes());
    }

    boolean wants(ResourceSchema schema, String attribute, RequestedAttributes requested) {
        return Projection.wants(schema, attribute, requested.attributes(), requested.excludedAttributes());
    }

    /** Translates a list request's filter and sortBy into SQL over the type's table. */
    ResourceQuery query(ResourceSchema schema, ListRequest list, int offset, int limit) {
        SqlTranslator sql = types.get(schema).sql();
        SqlFragment where = null;
        if (list.filter() != null) {
            where = sql.translate(filters.read(list.filter()));
        }
        SqlFragment order = null;
        if (list.sortBy() != null) {
            AttributePath path;
            try {
                path = AttributePath.parse(list.sortBy());
            } catch (IllegalArgumentException e) {
                throw ScimException.badRequest("invalidValue", "sortBy is not an attribute path: " + list.sortBy());
            }
            order = sql.orderBy(path);
        }
        return new ResourceQuery(
                where == null ? null : where.sql(), where == null ? List.of() : where.params(),
                order == null ? null : order.sql(), order == null ? List.of() : order.params(),
                list.descending(), offset, limit);
    }

    /** The SCIM error a protocol-level failure stands for, or null when it is none. */
    static ScimException asScimError(Throwable e) {
        if (e instanceof FilterException f) {
            return ScimException.badRequest("invalidFilter", f.getMessage());
        }
        if (e instanceof PatchException p) {
            return ScimException.badRequest(p.scimType(), p.detail());
        }
        if (e instanceof ScimValidationException v) {
            return ScimException.badRequest(v.scimType(), v.detail());
        }
        return null;
    }
}
